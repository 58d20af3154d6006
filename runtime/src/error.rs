//! What a call can fail with ([`SdkError`]), and the service's errors: their metadata
//! ([`ErrorMeta`]), the documentation's rows ([`ErrorDoc`]), the trait of the generated
//! error enums ([`ServiceError`]) and the opaque payload of codes an operation does not
//! document ([`UnknownError`]).
//!
//! # Reports
//! Every error here follows the std convention: its `Display` describes its own level
//! only, and the cause is its [`source`](std::error::Error::source). A report that walks
//! the chain (`anyhow`'s `{:#}`, eyre, [`DisplayErrorContext`]) prints each cause once:
//!
//! ```text
//! service error: Invalid.Param (HTTP 400): bad value (request id 0000-ABCD)
//! cannot decode the response: HTTP 200 (request id r1), body starting with "{\"Data\":…": `Data`: expected an integer, found the string "x"
//! ```

use std::fmt;

use crate::credentials::CredentialsError;
use crate::de::DecodeError;
use crate::rate_limit::{BackendError, BudgetExceeded, QuotaExceeded};
use crate::request::SigningError;
use crate::request_id::RequestId;
use crate::transport::{BodyTooLarge, TransportError};
use crate::wire::BuildError;

/// How many characters of an undecodable body an error keeps.
pub const BODY_PREFIX_CHARS: usize = 200;

/// What the service said about a failed call: the HTTP status and the body's `Code`,
/// `Message` and `RequestId`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorMeta {
    /// The HTTP status (or the body's `HttpStatusCode` for a `Success: false` answer).
    pub status: u16,
    /// The error code, e.g. `Throttling.User`.
    pub code: String,
    /// The error message as sent.
    pub message: String,
    /// The request id, when the response carried one.
    pub request_id: Option<String>,
}

impl ErrorMeta {
    /// Error metadata from its parts.
    pub fn new(
        status: u16,
        code: impl Into<String>,
        message: impl Into<String>,
        request_id: Option<String>,
    ) -> Self {
        ErrorMeta {
            status,
            code: code.into(),
            message: message.into(),
            request_id,
        }
    }

    /// Whether this is throttling: HTTP 429 or a `Throttling*` code.
    pub fn is_throttling(&self) -> bool {
        self.status == 429 || self.code.starts_with("Throttling")
    }

    /// Whether retrying may succeed: throttling or a 5xx status.
    pub fn is_retryable(&self) -> bool {
        self.is_throttling() || (500..600).contains(&self.status)
    }
}

/// `{code} (HTTP {status}): {message}`, then ` (request id {id})` when known.
impl fmt::Display for ErrorMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}): {}", self.code, self.status, self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ErrorMeta {}

impl RequestId for ErrorMeta {
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// Turns error metadata into an operation's typed error; the generated error enums
/// implement it.
pub trait FromErrorMeta: Sized {
    /// Classifies the metadata (usually by its code).
    fn from_meta(meta: ErrorMeta) -> Self;
}

impl FromErrorMeta for ErrorMeta {
    fn from_meta(meta: ErrorMeta) -> Self {
        meta
    }
}

/// One row of an error code table in the documentation.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorDoc {
    /// The error code.
    pub code: &'static str,
    /// The HTTP status the documentation gives for it.
    pub status: u16,
    /// The message the documentation gives for it.
    pub message: &'static str,
    /// The documentation's description (may be empty).
    pub description: &'static str,
}

impl ErrorDoc {
    /// A documentation row.
    pub const fn new(
        code: &'static str,
        status: u16,
        message: &'static str,
        description: &'static str,
    ) -> Self {
        ErrorDoc {
            code,
            status,
            message,
            description,
        }
    }
}

/// An error of the service, classified: every generated operation error enum and the
/// common errors implement it. [`FromErrorMeta::from_meta`] classifies error metadata
/// by its code; [`RequestId::request_id`] gives the request id.
pub trait ServiceError: FromErrorMeta + RequestId + std::error::Error {
    /// The status, code, message and request id as received.
    fn meta(&self) -> &ErrorMeta;

    /// The documentation's row for this error's code, when the code is documented.
    fn documented(&self) -> Option<&'static ErrorDoc>;

    /// The HTTP status.
    fn status(&self) -> u16 {
        self.meta().status
    }

    /// The error code.
    fn code(&self) -> &str {
        &self.meta().code
    }

    /// The message the service sent.
    fn message(&self) -> &str {
        &self.meta().message
    }

    /// The message the documentation gives for this code, when it is documented.
    fn documented_message(&self) -> Option<&'static str> {
        self.documented().map(|d| d.message)
    }

    /// The documentation's description of this code, when it gives one.
    fn description(&self) -> Option<&'static str> {
        self.documented()
            .map(|d| d.description)
            .filter(|d| !d.is_empty())
    }

    /// Whether the call was throttled: HTTP 429, or a code starting with `Throttling`
    /// (`Throttling.User`, `Throttling.Api`, ...).
    fn is_throttling(&self) -> bool {
        self.meta().is_throttling()
    }

    /// Whether the call may succeed if sent again (as a new request, with a new nonce,
    /// timestamp and signature): throttling, or a server-side failure (HTTP 5xx).
    /// Other client errors (4xx) are not retryable.
    fn is_retryable(&self) -> bool {
        self.meta().is_retryable()
    }
}

/// A service error whose code the operation's documentation does not list: the
/// payload of the generated error enums' `Unknown` variant.
///
/// It is opaque on purpose. When a later documentation lists the code, regeneration
/// gives it a variant of its own, and an `Unknown` value with that code can no longer
/// occur; a match arm written against the code's value would then silently stop
/// matching. So the code is not something to match on: read it through the accessors
/// ([`UnknownError::code`], or [`ServiceError::code`] on the enum) and handle the
/// unknown case as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownError {
    meta: ErrorMeta,
}

impl UnknownError {
    /// Wraps metadata (for the generated code and the runtime only).
    pub(crate) fn new(meta: ErrorMeta) -> Self {
        UnknownError { meta }
    }

    /// The error code as received.
    pub fn code(&self) -> &str {
        &self.meta.code
    }

    /// The message as received.
    pub fn message(&self) -> &str {
        &self.meta.message
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.meta.status
    }

    /// The status, code, message and request id as received.
    pub fn meta(&self) -> &ErrorMeta {
        &self.meta
    }
}

/// The metadata's text: `{code} (HTTP {status}): {message}` and the request id.
impl fmt::Display for UnknownError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.meta, f)
    }
}

impl std::error::Error for UnknownError {}

impl RequestId for UnknownError {
    fn request_id(&self) -> Option<&str> {
        self.meta.request_id.as_deref()
    }
}

impl FromErrorMeta for UnknownError {
    fn from_meta(meta: ErrorMeta) -> Self {
        UnknownError::new(meta)
    }
}

impl ServiceError for UnknownError {
    fn meta(&self) -> &ErrorMeta {
        &self.meta
    }

    fn documented(&self) -> Option<&'static ErrorDoc> {
        None
    }
}

/// An answer that could not be understood: not JSON, not an object, an error without a
/// code, or a success body that does not fit the operation's response type. The cause
/// is the [`source`](std::error::Error::source).
#[derive(Debug)]
pub struct MalformedResponse {
    status: u16,
    body_prefix: String,
    request_id: Option<String>,
    cause: Malformed,
}

/// What was wrong with a [`MalformedResponse`].
#[derive(Debug)]
pub(crate) enum Malformed {
    /// The body is not JSON.
    NotJson(serde_json::Error),
    /// The body is JSON, but not an object.
    NotAnObject,
    /// An error status whose body carries no `Code`.
    NoCode,
    /// A success body that does not fit the response type.
    Mismatch(DecodeError),
}

/// The cause of a malformed answer that has no error of its own (not an object, no
/// code): a plain message as the end of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reason(&'static str);

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Reason {}

const NOT_AN_OBJECT: Reason = Reason("the body is not a JSON object");
const NO_CODE: Reason = Reason("the error body has no `Code`");

impl MalformedResponse {
    pub(crate) fn new(
        status: u16,
        body: &[u8],
        request_id: Option<String>,
        cause: Malformed,
    ) -> Self {
        MalformedResponse {
            status,
            body_prefix: body_prefix(body),
            request_id,
            cause,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The first [`BODY_PREFIX_CHARS`] characters of the body (invalid UTF-8 replaced).
    pub fn body_prefix(&self) -> &str {
        &self.body_prefix
    }

    /// Where a success body did not fit the response type, the decoding error (with
    /// the member path).
    pub fn decode_error(&self) -> Option<&DecodeError> {
        match &self.cause {
            Malformed::Mismatch(e) => Some(e),
            _ => None,
        }
    }

    /// Whether retrying may succeed: an HTTP 429 or 5xx answer, readable or not.
    pub fn is_retryable(&self) -> bool {
        self.status == 429 || self.status >= 500
    }
}

/// `HTTP {status} (request id {id}), body starting with "{prefix}"`.
impl fmt::Display for MalformedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        write!(f, ", body starting with {:?}", self.body_prefix)
    }
}

impl std::error::Error for MalformedResponse {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(match &self.cause {
            Malformed::NotJson(e) => e,
            Malformed::NotAnObject => &NOT_AN_OBJECT,
            Malformed::NoCode => &NO_CODE,
            Malformed::Mismatch(e) => e,
        })
    }
}

impl RequestId for MalformedResponse {
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// A call whose deadline passed: which operation, the deadline, and how many attempts
/// were started (the last one was abandoned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationTimeout {
    operation: &'static str,
    timeout: std::time::Duration,
    attempts: u32,
}

impl OperationTimeout {
    pub(crate) fn new(
        operation: &'static str,
        timeout: std::time::Duration,
        attempts: u32,
    ) -> Self {
        OperationTimeout {
            operation,
            timeout,
            attempts,
        }
    }

    /// The operation called.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The deadline that passed.
    pub fn timeout(&self) -> std::time::Duration {
        self.timeout
    }

    /// How many attempts were started (0: the call was still waiting for the rate
    /// limiter or for credentials).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// `GetDeployment did not finish within the operation timeout of 20.0 s (3 attempts
/// started; the last one was abandoned)`.
impl fmt::Display for OperationTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} did not finish within the operation timeout of {:.1} s",
            self.operation,
            self.timeout.as_secs_f64()
        )?;
        match self.attempts {
            0 => write!(
                f,
                " (no attempt was started: it was waiting for the rate limiter or for credentials)"
            ),
            1 => write!(f, " (1 attempt started, abandoned)"),
            n => write!(f, " ({n} attempts started; the last one was abandoned)"),
        }
    }
}

impl std::error::Error for OperationTimeout {}

/// An answer whose body is longer than the client reads: which operation, and what the
/// transport saw before it stopped (the cap, the status, the request id header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseTooLarge {
    operation: &'static str,
    body: BodyTooLarge,
}

impl ResponseTooLarge {
    pub(crate) fn new(operation: &'static str, body: BodyTooLarge) -> Self {
        ResponseTooLarge { operation, body }
    }

    /// The operation called.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The cap, in bytes.
    pub fn limit(&self) -> usize {
        self.body.limit
    }

    /// The response's status.
    pub fn status(&self) -> u16 {
        self.body.status
    }
}

/// `{operation}: HTTP {status} (request id {id}) ... over the {cap} cap ...`.
impl fmt::Display for ResponseTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.operation, self.body)
    }
}

impl std::error::Error for ResponseTooLarge {}

impl RequestId for ResponseTooLarge {
    fn request_id(&self) -> Option<&str> {
        self.body.request_id.as_deref()
    }
}

/// The first [`BODY_PREFIX_CHARS`] characters of a body, invalid UTF-8 replaced, cut on
/// a character boundary.
pub fn body_prefix(body: &[u8]) -> String {
    // A character is at most 4 bytes: never convert more than needed.
    let head = &body[..body.len().min(BODY_PREFIX_CHARS * 4)];
    String::from_utf8_lossy(head)
        .chars()
        .take(BODY_PREFIX_CHARS)
        .collect()
}

/// Why a call failed. Each variant's `Display` says what failed at this level; the
/// error that caused it is the [`source`](std::error::Error::source).
#[non_exhaustive]
#[derive(Debug)]
pub enum SdkError<E> {
    /// The service answered with an error, classified into the operation's error type.
    Service(E),
    /// The request could not be built (a required parameter, or every member of a
    /// one-of group, is unset); nothing was sent.
    Build(BuildError),
    /// The request could not be sent or no response was received.
    Transport(TransportError),
    /// The call's deadline passed
    /// ([`ClientBuilder::operation_timeout`](crate::ClientBuilder::operation_timeout), or
    /// the call's override): the attempt under way was abandoned.
    Timeout(OperationTimeout),
    /// The response could not be decoded.
    Decode(MalformedResponse),
    /// The response body is longer than the client reads
    /// ([`ClientBuilder::max_response_size`](crate::ClientBuilder::max_response_size));
    /// reading stopped at the cap. Not retried.
    ResponseTooLarge(ResponseTooLarge),
    /// No credentials could be resolved; nothing was sent.
    Credentials(CredentialsError),
    /// The request could not be signed with the credentials; nothing was sent.
    Signing(SigningError),
    /// The client-side daily quota of the operation's tier is used up; nothing was sent.
    QuotaExceeded(QuotaExceeded),
    /// The monthly budget of calls is used up; nothing was sent.
    BudgetExceeded(BudgetExceeded),
    /// The shared rate limiter failed and the limiter fails closed; nothing was sent.
    Limiter(BackendError),
    /// No endpoint serves the client's region on its network (a VPC endpoint in a
    /// region that has none, say); nothing was sent.
    Endpoint(crate::endpoint::ResolveError),
}

impl<E> SdkError<E> {
    /// The service error, if this is one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service error, if this is one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The build error, if the request could not be built.
    pub fn build_error(&self) -> Option<&BuildError> {
        match self {
            SdkError::Build(e) => Some(e),
            _ => None,
        }
    }
}

/// This level only; the cause is the `source()`.
impl<E> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SdkError::Service(_) => "service error",
            SdkError::Build(_) => "cannot build the request (nothing was sent)",
            SdkError::Transport(_) => "no response",
            SdkError::Timeout(_) => "operation timeout",
            SdkError::Decode(_) => "cannot decode the response",
            SdkError::ResponseTooLarge(_) => {
                "response too large (ClientBuilder::max_response_size)"
            }
            SdkError::Credentials(_) => "no credentials (nothing was sent)",
            SdkError::Signing(_) => "cannot sign the request (nothing was sent)",
            SdkError::QuotaExceeded(_) | SdkError::BudgetExceeded(_) => {
                "refused by the client-side rate limiter (nothing was sent)"
            }
            SdkError::Limiter(_) => {
                "the shared rate limiter failed and fails closed (nothing was sent)"
            }
            SdkError::Endpoint(_) => {
                "no endpoint for the client's region and network (nothing was sent)"
            }
        })
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(match self {
            SdkError::Service(e) => e,
            SdkError::Build(e) => e,
            SdkError::Transport(e) => e,
            SdkError::Timeout(e) => e,
            SdkError::Decode(e) => e,
            SdkError::ResponseTooLarge(e) => e,
            SdkError::Credentials(e) => e,
            SdkError::Signing(e) => e,
            SdkError::QuotaExceeded(e) => e,
            SdkError::BudgetExceeded(e) => e,
            SdkError::Limiter(e) => e,
            SdkError::Endpoint(e) => e,
        })
    }
}

/// The service's request id, for a service error or an undecodable answer; `None` for
/// a call that got no answer.
impl<E: RequestId> RequestId for SdkError<E> {
    fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service(e) => e.request_id(),
            SdkError::Decode(e) => e.request_id(),
            SdkError::ResponseTooLarge(e) => e.request_id(),
            _ => None,
        }
    }
}

impl<E> From<TransportError> for SdkError<E> {
    fn from(e: TransportError) -> Self {
        SdkError::Transport(e)
    }
}

impl<E> From<CredentialsError> for SdkError<E> {
    fn from(e: CredentialsError) -> Self {
        SdkError::Credentials(e)
    }
}

/// A request that could not be built (a required parameter unset): nothing was sent.
impl<E> From<BuildError> for SdkError<E> {
    fn from(e: BuildError) -> Self {
        SdkError::Build(e)
    }
}

impl<E> From<QuotaExceeded> for SdkError<E> {
    fn from(e: QuotaExceeded) -> Self {
        SdkError::QuotaExceeded(e)
    }
}

/// A whole error chain on one line, each level once: `{error}: {source}: {source's
/// source}...`, the form `anyhow` prints with `{:#}` (aws-smithy's
/// `DisplayErrorContext`).
pub struct DisplayErrorContext<'a>(pub &'a (dyn std::error::Error + 'static));

impl fmt::Display for DisplayErrorContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut next = self.0.source();
        while let Some(e) = next {
            write!(f, ": {e}")?;
            next = e.source();
        }
        Ok(())
    }
}

impl fmt::Debug for DisplayErrorContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rate_limit::QuotaScope;
    use crate::transport::TransportErrorKind;

    #[test]
    fn prefix_is_char_boundary_safe() {
        let body = "数".repeat(300);
        let prefix = body_prefix(body.as_bytes());
        assert_eq!(prefix.chars().count(), BODY_PREFIX_CHARS);
        let cut = &body.as_bytes()[..7];
        assert_eq!(body_prefix(cut), "数数\u{fffd}");
        assert_eq!(body_prefix(&[0xff, b'a']), "\u{fffd}a");
    }

    /// The Display texts along an error's source chain, outermost first.
    fn chain(e: &(dyn std::error::Error + 'static)) -> Vec<String> {
        let mut out = vec![e.to_string()];
        let mut next = e.source();
        while let Some(e) = next {
            out.push(e.to_string());
            next = e.source();
        }
        out
    }

    /// One error of every `SdkError` variant.
    fn every_variant() -> Vec<SdkError<UnknownError>> {
        let scope = QuotaScope::new("acct", "cn-shanghai");
        let not_json = serde_json::from_slice::<serde_json::Value>(b"<html>").unwrap_err();
        vec![
            SdkError::Service(UnknownError::new(ErrorMeta::new(
                400,
                "Invalid.Param",
                "bad value",
                Some("0000-ABCD".into()),
            ))),
            SdkError::Build(BuildError::none_of(
                "GetFolderRequest",
                &["FolderId", "FolderPath"],
            )),
            SdkError::Transport(TransportError::new(
                TransportErrorKind::Connect,
                "connection refused (os error 111)",
            )),
            SdkError::Decode(MalformedResponse::new(
                502,
                b"<html>bad gateway</html>",
                None,
                Malformed::NotJson(not_json),
            )),
            SdkError::Decode(MalformedResponse::new(
                200,
                br#"{"Data":"x"}"#,
                Some("r1".into()),
                Malformed::Mismatch(
                    DecodeError::expected("an integer", &serde_json::json!("x")).in_member("Data"),
                ),
            )),
            SdkError::Decode(MalformedResponse::new(
                500,
                b"[1]",
                None,
                Malformed::NotAnObject,
            )),
            SdkError::Decode(MalformedResponse::new(404, b"{}", None, Malformed::NoCode)),
            SdkError::ResponseTooLarge(ResponseTooLarge::new(
                "ListFiles",
                BodyTooLarge {
                    limit: 64 * 1024 * 1024,
                    status: 200,
                    declared: None,
                    request_id: Some("r2".into()),
                },
            )),
            SdkError::Credentials(CredentialsError::unavailable(
                "ECS metadata",
                "no RAM role attached to this instance",
            )),
            SdkError::Signing(SigningError::new(
                "the AccessKey id contains characters that cannot be sent in a header",
            )),
            SdkError::QuotaExceeded(QuotaExceeded {
                tier: 3,
                limit: 10_000,
                scope: scope.clone(),
                offset: time::UtcOffset::UTC,
            }),
            SdkError::BudgetExceeded(BudgetExceeded { budget: 5, scope }),
            SdkError::Limiter(BackendError {
                backend: "Redis at redis://127.0.0.1:1".into(),
                message: "no answer within 250 ms".into(),
            }),
            SdkError::Endpoint(crate::endpoint::ResolveError {
                region: "cn-central".into(),
                network: crate::endpoint::Network::Vpc,
                reason: "the region is served by svc.example.com, which has no VPC endpoint".into(),
            }),
            SdkError::Timeout(OperationTimeout::new(
                "GetDeployment",
                std::time::Duration::from_secs(20),
                3,
            )),
        ]
    }

    #[test]
    fn a_report_prints_every_level_once() {
        for e in every_variant() {
            let levels = chain(&e);
            assert!(levels.len() >= 2, "{levels:?}: the cause is the source");
            for (i, outer) in levels.iter().enumerate() {
                assert!(!outer.is_empty(), "{levels:?}");
                for inner in &levels[i + 1..] {
                    assert!(
                        !outer.contains(inner.as_str()),
                        "level {outer:?} repeats its cause {inner:?}"
                    );
                }
            }
            // The one-line report is the levels joined, each once.
            assert_eq!(DisplayErrorContext(&e).to_string(), levels.join(": "));
        }
    }

    #[test]
    fn reports_read_as_sentences() {
        let all = every_variant();
        let report = |i: usize| DisplayErrorContext(&all[i]).to_string();
        assert_eq!(
            report(0),
            "service error: Invalid.Param (HTTP 400): bad value (request id 0000-ABCD)"
        );
        assert_eq!(
            report(1),
            "cannot build the request (nothing was sent): GetFolder needs one of FolderId, FolderPath (none is set)"
        );
        assert_eq!(
            report(4),
            "cannot decode the response: HTTP 200 (request id r1), body starting with \"{\\\"Data\\\":\\\"x\\\"}\": `Data`: expected an integer, found the string \"x\""
        );
        assert!(report(3).starts_with(
            "cannot decode the response: HTTP 502, body starting with \"<html>bad gateway</html>\": expected value"
        ));
    }

    #[test]
    fn build_errors_stay_structured() {
        let e: SdkError<UnknownError> =
            BuildError::none_of("GetFolderRequest", &["FolderId", "FolderPath"]).into();
        let build = e.build_error().expect("a build error");
        assert_eq!(build.group(), Some(&["FolderId", "FolderPath"][..]));
        let missing: SdkError<UnknownError> =
            BuildError::missing("DeployFileRequest", "FileId").into();
        assert_eq!(
            missing.build_error().and_then(BuildError::parameter),
            Some("FileId")
        );
    }

    #[test]
    fn request_ids_are_read_through_one_trait() {
        let all = every_variant();
        assert_eq!(all[0].request_id(), Some("0000-ABCD"));
        assert_eq!(all[4].request_id(), Some("r1"));
        assert_eq!(all[2].request_id(), None);
        let meta = ErrorMeta::new(500, "X", "y", Some("id".into()));
        assert_eq!(RequestId::request_id(&meta), Some("id"));
    }

    #[test]
    fn unknown_errors_are_read_through_accessors() {
        let e = UnknownError::from_meta(ErrorMeta::new(409, "Conflict.New", "m", None));
        assert_eq!(
            (e.code(), e.message(), e.status()),
            ("Conflict.New", "m", 409)
        );
        assert_eq!(ServiceError::code(&e), "Conflict.New");
        assert!(ServiceError::documented(&e).is_none());
        assert_eq!(e.to_string(), "Conflict.New (HTTP 409): m");
    }
}
