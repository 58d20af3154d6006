//! Errors: the service's error metadata ([`ErrorMeta`]), decoding an HTTP response into
//! success or error ([`decode_response`]), and what a call can fail with ([`SdkError`]).
//!
//! Decoding rules:
//! - 2xx with a JSON object body: success, unless the body says `Success: false`; then
//!   it is a service error with `ErrorCode`/`ErrorMessage` (or `Code`/`Message`), its
//!   status taken from `HttpStatusCode` when present.
//! - any other status with a JSON object body carrying `Code` (or `ErrorCode`): a
//!   service error with `Code`, `Message` and `RequestId`.
//! - anything else (not JSON, not an object, no code, a 2xx body that does not fit the
//!   output type): [`ResponseError::Malformed`] with the status and the first
//!   [`BODY_PREFIX_CHARS`] characters of the body. Never a panic.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::credentials::CredentialsError;
use crate::rate_limit::{BackendError, BudgetExceeded, QuotaExceeded};
use crate::transport::{HttpResponse, TransportError};

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
/// by its code.
pub trait ServiceError: FromErrorMeta + std::error::Error {
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

    /// The request id, when the response carried one.
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id.as_deref()
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

/// The errors every operation can return, as one type (the generated `CommonError`).
pub trait CommonErrors: Sized {
    /// The common error for `meta`'s code, or `meta` back when the code is not one of
    /// the common codes.
    fn match_meta(meta: ErrorMeta) -> Result<Self, ErrorMeta>;
}

/// Classifies a code an operation does not document itself: a common error (wrapped by
/// `common`) when it is one, else the metadata as received (wrapped by `unknown`). The
/// generated operations' `from_meta` ends with this.
pub fn common_or_unknown<C: CommonErrors, E>(
    meta: ErrorMeta,
    common: impl FnOnce(C) -> E,
    unknown: impl FnOnce(ErrorMeta) -> E,
) -> E {
    match C::match_meta(meta) {
        Ok(c) => common(c),
        Err(meta) => unknown(meta),
    }
}

/// A decoded successful response.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<T> {
    /// The operation's output.
    pub output: T,
    /// The request id (body `RequestId`, else the `x-acs-request-id` header).
    pub request_id: Option<String>,
}

/// A response that is not a success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseError {
    /// The service answered with an error.
    Service(ErrorMeta),
    /// The body could not be understood.
    Malformed {
        /// The HTTP status.
        status: u16,
        /// The start of the body ([`body_prefix`]).
        body_prefix: String,
        /// What did not fit.
        reason: String,
        /// The request id from the headers, if any.
        request_id: Option<String>,
    },
}

impl ResponseError {
    /// The HTTP status (for a service error, the one in its metadata).
    pub fn status(&self) -> u16 {
        match self {
            ResponseError::Service(meta) => meta.status,
            ResponseError::Malformed { status, .. } => *status,
        }
    }

    /// The request id, when known.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ResponseError::Service(meta) => meta.request_id.as_deref(),
            ResponseError::Malformed { request_id, .. } => request_id.as_deref(),
        }
    }

    /// Whether the service refused the request for its rate (HTTP 429 or a
    /// `Throttling*` code): the request had no effect.
    pub fn is_throttling(&self) -> bool {
        match self {
            ResponseError::Service(meta) => meta.is_throttling(),
            ResponseError::Malformed { status, .. } => *status == 429,
        }
    }

    /// Whether retrying may succeed: throttling or 5xx, with or without a readable body.
    pub fn is_retryable(&self) -> bool {
        match self {
            ResponseError::Service(meta) => meta.is_retryable(),
            ResponseError::Malformed { status, .. } => *status == 429 || *status >= 500,
        }
    }

    /// The error a call returns for it, classifying service errors into `E`.
    pub fn into_sdk_error<E: FromErrorMeta>(self) -> SdkError<E> {
        match self {
            ResponseError::Service(meta) => SdkError::Service(E::from_meta(meta)),
            ResponseError::Malformed {
                status,
                body_prefix,
                reason,
                request_id,
            } => SdkError::Decode {
                status,
                body_prefix,
                reason,
                request_id,
            },
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Service(meta) => write!(f, "service error: {meta}"),
            ResponseError::Malformed {
                status,
                body_prefix,
                reason,
                request_id,
            } => write_malformed(f, *status, body_prefix, reason, request_id.as_deref()),
        }
    }
}

impl std::error::Error for ResponseError {}

/// The text of an undecodable response, shared by [`ResponseError`] and [`SdkError`].
fn write_malformed(
    f: &mut fmt::Formatter<'_>,
    status: u16,
    body_prefix: &str,
    reason: &str,
    request_id: Option<&str>,
) -> fmt::Result {
    write!(f, "cannot decode the response (HTTP {status}): {reason}")?;
    if let Some(id) = request_id {
        write!(f, " (request id {id})")?;
    }
    write!(f, "; the body starts with {body_prefix:?}")
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

/// The members every answer may carry, read leniently (strings, numbers or booleans).
#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "RequestId")]
    request_id: Option<Value>,
    #[serde(rename = "Code")]
    code: Option<Value>,
    #[serde(rename = "Message")]
    message: Option<Value>,
    #[serde(rename = "Success")]
    success: Option<Value>,
    #[serde(rename = "ErrorCode")]
    error_code: Option<Value>,
    #[serde(rename = "ErrorMessage")]
    error_message: Option<Value>,
    #[serde(rename = "HttpStatusCode")]
    http_status_code: Option<Value>,
}

/// A JSON scalar as text; `null`, arrays and objects give `None`.
fn text(value: Option<Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Decodes a response into the operation's output or a [`ResponseError`]:
/// [`check_response`], then [`decode_output`].
pub fn decode_response<T: DeserializeOwned>(
    response: &HttpResponse,
) -> Result<Decoded<T>, ResponseError> {
    let request_id = check_response(response)?;
    let output = decode_output(response)?;
    Ok(Decoded { output, request_id })
}

/// Decodes the body of a response that [`check_response`] accepted into the output type
/// (the generated types decode tolerantly, see [`crate::de`]).
pub fn decode_output<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, ResponseError> {
    serde_json::from_slice(&response.body).map_err(|e| {
        malformed(
            response,
            format!("the body does not match the response type: {e}"),
        )
    })
}

/// A [`ResponseError::Malformed`] for this response.
fn malformed(response: &HttpResponse, reason: String) -> ResponseError {
    ResponseError::Malformed {
        status: response.status,
        body_prefix: body_prefix(&response.body),
        reason,
        request_id: response.header("x-acs-request-id").map(str::to_owned),
    }
}

/// Tells success from error without decoding the output: `Ok` with the request id for
/// a 2xx JSON object that does not say `Success: false`, the error otherwise.
pub fn check_response(response: &HttpResponse) -> Result<Option<String>, ResponseError> {
    let status = response.status;
    let starts_with_brace = response
        .body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{');
    if !starts_with_brace {
        return Err(malformed(
            response,
            "the body is not a JSON object".to_owned(),
        ));
    }
    let envelope: Envelope = serde_json::from_slice(&response.body)
        .map_err(|e| malformed(response, format!("the body is not valid JSON: {e}")))?;
    let request_id = text(envelope.request_id)
        .or_else(|| response.header("x-acs-request-id").map(str::to_owned));
    let said_failure = match &envelope.success {
        Some(Value::Bool(b)) => !b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("false"),
        _ => false,
    };
    if (200..300).contains(&status) && !said_failure {
        return Ok(request_id);
    }
    let (code, message, status) = if said_failure {
        let status = text(envelope.http_status_code)
            .and_then(|s| s.parse::<u16>().ok())
            .unwrap_or(status);
        (
            text(envelope.error_code).or_else(|| text(envelope.code)),
            text(envelope.error_message).or_else(|| text(envelope.message)),
            status,
        )
    } else {
        (
            text(envelope.code).or_else(|| text(envelope.error_code)),
            text(envelope.message).or_else(|| text(envelope.error_message)),
            status,
        )
    };
    let code = match code {
        Some(code) => code,
        None if said_failure => "Unknown".to_owned(),
        None => {
            return Err(malformed(
                response,
                "the error body has no `Code`".to_owned(),
            ))
        }
    };
    Err(ResponseError::Service(ErrorMeta {
        status,
        code,
        message: message.unwrap_or_default(),
        request_id,
    }))
}

/// Why a call failed.
#[non_exhaustive]
#[derive(Debug)]
pub enum SdkError<E> {
    /// The service answered with an error, classified into the operation's error type.
    Service(E),
    /// The request could not be sent or no response was received.
    Transport(TransportError),
    /// The response could not be decoded.
    Decode {
        /// The HTTP status.
        status: u16,
        /// The first [`BODY_PREFIX_CHARS`] characters of the body.
        body_prefix: String,
        /// What did not fit.
        reason: String,
        /// The request id from the headers, if any.
        request_id: Option<String>,
    },
    /// No credentials could be resolved.
    Credentials(CredentialsError),
    /// The client-side daily quota of the operation's tier is used up; nothing was sent.
    QuotaExceeded(QuotaExceeded),
    /// The monthly budget of calls is used up; nothing was sent.
    BudgetExceeded(BudgetExceeded),
    /// The shared rate limiter failed and the limiter fails closed; nothing was sent.
    Limiter(BackendError),
    /// The request could not be built.
    Build {
        /// What is wrong.
        message: String,
    },
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
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Service(e) => write!(f, "service error: {e}"),
            SdkError::Transport(e) => write!(f, "{e}"),
            SdkError::Decode {
                status,
                body_prefix,
                reason,
                request_id,
            } => write_malformed(f, *status, body_prefix, reason, request_id.as_deref()),
            SdkError::Credentials(e) => write!(f, "credentials: {e}"),
            SdkError::QuotaExceeded(e) => write!(f, "{e}"),
            SdkError::BudgetExceeded(e) => write!(f, "{e}"),
            SdkError::Limiter(e) => {
                write!(f, "{e}; the call was not sent (the limiter fails closed)")
            }
            SdkError::Build { message } => write!(f, "cannot build the request: {message}"),
            SdkError::Endpoint(e) => write!(f, "{e}; the call was not sent"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Service(e) => Some(e),
            SdkError::Transport(e) => Some(e),
            SdkError::Credentials(e) => Some(e),
            SdkError::QuotaExceeded(e) => Some(e),
            SdkError::BudgetExceeded(e) => Some(e),
            SdkError::Limiter(e) => Some(e),
            SdkError::Endpoint(e) => Some(e),
            SdkError::Decode { .. } | SdkError::Build { .. } => None,
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
impl<E> From<crate::wire::BuildError> for SdkError<E> {
    fn from(e: crate::wire::BuildError) -> Self {
        SdkError::Build {
            message: e.to_string(),
        }
    }
}

impl<E> From<QuotaExceeded> for SdkError<E> {
    fn from(e: QuotaExceeded) -> Self {
        SdkError::QuotaExceeded(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Out {
        #[serde(rename = "Data")]
        data: u32,
    }

    fn decode(status: u16, body: &str) -> Result<Decoded<Out>, ResponseError> {
        decode_response(&HttpResponse::new(status, body))
    }

    fn service(result: Result<Decoded<Out>, ResponseError>) -> ErrorMeta {
        match result {
            Err(ResponseError::Service(meta)) => meta,
            other => panic!("expected a service error, got {other:?}"),
        }
    }

    #[test]
    fn success_with_request_id() {
        let d = decode(200, r#"{"RequestId":"r1","Data":7,"Success":true}"#).expect("ok");
        assert_eq!(d.output, Out { data: 7 });
        assert_eq!(d.request_id.as_deref(), Some("r1"));
    }

    #[test]
    fn success_false_in_200_is_an_error() {
        let meta = service(decode(
            200,
            r#"{"RequestId":"r2","Success":false,"ErrorCode":"Invalid.Project","ErrorMessage":"no such project","HttpStatusCode":403}"#,
        ));
        assert_eq!(
            meta,
            ErrorMeta::new(403, "Invalid.Project", "no such project", Some("r2".into()))
        );
        let meta = service(decode(200, r#"{"Success":"false","HttpStatusCode":"x"}"#));
        assert_eq!((meta.status, meta.code.as_str()), (200, "Unknown"));
    }

    #[test]
    fn error_status_with_code() {
        let meta = service(decode(
            429,
            r#"{"RequestId":"r3","HostId":"dataworks.aliyuncs.com","Code":"Throttling.User","Message":"slow down","Recommend":"https://x"}"#,
        ));
        assert_eq!(meta.status, 429);
        assert_eq!(meta.code, "Throttling.User");
        assert!(meta.is_throttling() && meta.is_retryable());
        let forbidden = service(decode(403, r#"{"Code":"Forbidden.Access","Message":"no"}"#));
        assert!(!forbidden.is_retryable());
        assert!(service(decode(500, r#"{"Code":"InternalError.System"}"#)).is_retryable());
        assert!(ErrorMeta::new(400, "Throttling.Api", "", None).is_throttling());
    }

    #[test]
    fn malformed_bodies_keep_status_and_prefix() {
        let page = format!("<html>{}</html>", "x".repeat(500));
        match decode(502, &page) {
            Err(ResponseError::Malformed {
                status,
                body_prefix,
                ..
            }) => {
                assert_eq!(status, 502);
                assert_eq!(body_prefix.chars().count(), BODY_PREFIX_CHARS);
                assert!(body_prefix.starts_with("<html>"));
            }
            other => panic!("{other:?}"),
        }
        for (status, body) in [
            (200, "[1]"),
            (200, "{"),
            (200, r#"{"Data":"text"}"#),
            (404, r#"{"Nothing":1}"#),
            (500, ""),
        ] {
            let err = decode(status, body).expect_err(body);
            assert!(matches!(err, ResponseError::Malformed { .. }), "{err:?}");
            assert_eq!(err.status(), status);
        }
    }

    #[test]
    fn prefix_is_char_boundary_safe() {
        let body = "数".repeat(300);
        let prefix = body_prefix(body.as_bytes());
        assert_eq!(prefix.chars().count(), BODY_PREFIX_CHARS);
        let cut = &body.as_bytes()[..7];
        assert_eq!(body_prefix(cut), "数数\u{fffd}");
        assert_eq!(body_prefix(&[0xff, b'a']), "\u{fffd}a");
    }

    #[test]
    fn sdk_error_display() {
        let e: SdkError<ErrorMeta> = ResponseError::Service(ErrorMeta::new(
            400,
            "Invalid.Param",
            "bad",
            Some("r".into()),
        ))
        .into_sdk_error();
        assert_eq!(
            e.to_string(),
            "service error: Invalid.Param (HTTP 400): bad (request id r)"
        );
        let d: SdkError<ErrorMeta> = SdkError::Decode {
            status: 502,
            body_prefix: "<html>".into(),
            reason: "the body is not a JSON object".into(),
            request_id: None,
        };
        assert!(d.to_string().contains("HTTP 502") && d.to_string().contains("<html>"));
    }
}
