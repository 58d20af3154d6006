//! The emulator's stand-ins for the services credentials come from, served on a port of
//! their own ([`crate::Emulator::credentials_endpoint`]): the parts of STS and of the
//! ECS instance metadata service that credential providers use, and a credentials URI.
//!
//! A request to that port goes to:
//! - STS when it carries `Version=2015-04-01` (query or form): `AssumeRole` (signature
//!   checked, V1 or V3, as for DataWorks) and `AssumeRoleWithOIDC` (anonymous, the
//!   token checked against the configured value or issuer) — [`crate::sts`];
//! - the metadata service for paths under `/latest/`: `PUT /latest/api/token` and
//!   `GET /latest/meta-data/ram/security-credentials/[ROLE]` — [`crate::metadata`];
//! - the credentials URI for `GET /credentials`.
//!
//! The credentials they issue are accepted by the DataWorks port only with their
//! security token and only until they expire ([`crate::issued`]).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::{Request, Response, StatusCode};
use serde::Serialize;

use crate::answer;
use crate::codes::REQUEST_TOO_LARGE;
use crate::handler::{Reply, Shared};
use crate::incoming::{self, Incoming};
use crate::issued::Issued;
use crate::rejection::Rejection;
use crate::{metadata, sts};

/// The STS API version that selects STS on the credentials port.
pub const STS_VERSION: &str = "2015-04-01";
/// The path of the credentials URI on the credentials port.
pub const CREDENTIALS_URI_PATH: &str = "/credentials";
/// How long credentials from the metadata service and the credentials URI last.
pub const ISSUED_LIFETIME: Duration = Duration::from_secs(3600);

/// A RAM role that STS lets callers assume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// `acs:ram::<account>:role/<name>`.
    pub arn: String,
    /// Who may assume it: AccessKey ids, accounts, role ARNs (for credentials issued for
    /// another role) or OIDC provider ARNs. Empty: anyone.
    pub trusted: Vec<String>,
    /// The longest session allowed (`DurationSeconds`); default one hour.
    pub max_session: Duration,
    /// The `ExternalId` the role asks for, if any.
    pub external_id: Option<String>,
}

impl Role {
    /// A role anyone may assume for up to an hour.
    pub fn new(arn: impl Into<String>) -> Self {
        Role {
            arn: arn.into(),
            trusted: Vec::new(),
            max_session: Duration::from_secs(3600),
            external_id: None,
        }
    }

    /// Lets `principal` (an AccessKey id, an account, a role ARN or an OIDC provider ARN)
    /// assume the role; once one is given, nobody else may (`NoPermission`).
    pub fn trust(mut self, principal: impl Into<String>) -> Self {
        self.trusted.push(principal.into());
        self
    }

    /// The longest session allowed.
    pub fn max_session(mut self, max: Duration) -> Self {
        self.max_session = max;
        self
    }

    /// Asks for this `ExternalId`.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }

    /// The account of the ARN (`acs:ram::<account>:role/…`).
    pub(crate) fn account(&self) -> Option<&str> {
        account_of(&self.arn)
    }
}

/// `<account>` of `acs:ram::<account>:role/<name>`, when the ARN has that shape.
pub(crate) fn account_of(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("acs:ram::")?;
    let (account, role) = rest.split_once(":role/")?;
    (!account.is_empty() && account.bytes().all(|b| b.is_ascii_digit()) && !role.is_empty())
        .then_some(account)
}

/// An OIDC identity provider STS accepts tokens of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcProvider {
    /// The provider's ARN (`OIDCProviderArn`).
    pub arn: String,
    /// The exact token accepted, if set.
    pub token: Option<String>,
    /// The issuer (`iss` claim) of accepted JWTs, if set (the JWT's signature is not
    /// checked; its audience must include `sts.aliyuncs.com` and it must not have
    /// expired).
    pub issuer: Option<String>,
}

impl OidcProvider {
    /// A provider accepting exactly `token`.
    pub fn with_token(arn: impl Into<String>, token: impl Into<String>) -> Self {
        OidcProvider {
            arn: arn.into(),
            token: Some(token.into()),
            issuer: None,
        }
    }

    /// A provider accepting JWTs issued by `issuer`.
    pub fn with_issuer(arn: impl Into<String>, issuer: impl Into<String>) -> Self {
        OidcProvider {
            arn: arn.into(),
            token: None,
            issuer: Some(issuer.into()),
        }
    }
}

/// What the credentials port is started with.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdentitySettings {
    pub roles: Vec<Role>,
    pub oidc_providers: Vec<OidcProvider>,
    /// The RAM role attached to the emulated instance.
    pub instance_role: Option<String>,
    /// IMDSv1 disabled: metadata GETs need a token.
    pub metadata_hardened: bool,
    /// Tokens are refused (`PUT /latest/api/token` answers 403).
    pub metadata_tokens_refused: bool,
}

/// The state of the credentials port, shared with the DataWorks port (which checks the
/// credentials issued here).
#[derive(Default)]
pub(crate) struct Identity {
    pub settings: IdentitySettings,
    pub issued: Issued,
    pub counters: CredentialCounters,
    pub metadata_tokens: metadata::Tokens,
}

impl Identity {
    pub fn new(settings: IdentitySettings) -> Self {
        Identity {
            settings,
            ..Identity::default()
        }
    }
}

/// Counts of the credentials port ([`crate::Emulator::credential_stats`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CredentialStats {
    /// `AssumeRole` calls that issued credentials.
    pub assume_role: u64,
    /// `AssumeRoleWithOIDC` calls that issued credentials.
    pub assume_role_with_oidc: u64,
    /// Metadata session tokens handed out.
    pub metadata_tokens: u64,
    /// Instance role credentials handed out by the metadata service.
    pub metadata_credentials: u64,
    /// Credentials handed out by the credentials URI.
    pub uri_credentials: u64,
    /// Requests refused (STS errors, metadata requests without a valid token, …).
    pub refused: u64,
}

/// The live counters.
#[derive(Default)]
pub(crate) struct CredentialCounters {
    pub assume_role: AtomicU64,
    pub assume_role_with_oidc: AtomicU64,
    pub metadata_tokens: AtomicU64,
    pub metadata_credentials: AtomicU64,
    pub uri_credentials: AtomicU64,
    pub refused: AtomicU64,
}

impl CredentialCounters {
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> CredentialStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        CredentialStats {
            assume_role: get(&self.assume_role),
            assume_role_with_oidc: get(&self.assume_role_with_oidc),
            metadata_tokens: get(&self.metadata_tokens),
            metadata_credentials: get(&self.metadata_credentials),
            uri_credentials: get(&self.uri_credentials),
            refused: get(&self.refused),
        }
    }
}

/// Handles one request to the credentials port.
pub(crate) async fn handle(shared: &Shared, request: Request<hyper::body::Incoming>) -> Reply {
    let host = request
        .headers()
        .get(hyper::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_owned();
    let request_id = answer::request_id();
    let (parts, body) = request.into_parts();
    let limit = shared.settings.body_limit;
    let body = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            let rejection = Rejection::new(
                REQUEST_TOO_LARGE,
                format!("the body is larger than {limit} bytes"),
            );
            return Reply::Answer(json_error(&rejection, &request_id, &host));
        }
        Err(_) => return Reply::Drop,
    };
    let path = parts.uri.path().to_owned();
    if path.starts_with("/latest/") {
        return Reply::Answer(metadata::handle(
            shared,
            &parts.method,
            &path,
            &parts.headers,
        ));
    }
    if path == CREDENTIALS_URI_PATH && parts.method == hyper::Method::GET {
        return Reply::Answer(metadata::credentials_uri(shared));
    }
    let method = match parts.method {
        hyper::Method::GET => "GET",
        hyper::Method::POST => "POST",
        _ => return Reply::Answer(text_response(StatusCode::NOT_FOUND, "not found")),
    };
    let incoming: Incoming =
        match incoming::read(method, &path, parts.uri.query(), &parts.headers, body) {
            Ok(incoming) => incoming,
            Err(rejection) => {
                CredentialCounters::bump(&shared.identity.counters.refused);
                return Reply::Answer(json_error(&rejection, &request_id, &host));
            }
        };
    let version = incoming
        .param("Version")
        .or_else(|| incoming.header("x-acs-version"));
    if version != Some(STS_VERSION) || path != "/" {
        return Reply::Answer(text_response(
            StatusCode::NOT_FOUND,
            "the credentials port serves STS (Version=2015-04-01 at /), /latest/… (instance metadata) and /credentials",
        ));
    }
    match sts::handle(shared, &incoming, &request_id) {
        Ok(body) => Reply::Answer(json(StatusCode::OK, body, &request_id)),
        Err(rejection) => {
            CredentialCounters::bump(&shared.identity.counters.refused);
            Reply::Answer(json_error(&rejection, &request_id, &host))
        }
    }
}

/// A JSON answer with the request id header.
pub(crate) fn json(status: StatusCode, body: Bytes, request_id: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    if let Ok(id) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("x-acs-request-id", id);
    }
    response
}

/// A service-shaped JSON error.
pub(crate) fn json_error(
    rejection: &Rejection,
    request_id: &str,
    host: &str,
) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(rejection.status).unwrap_or(StatusCode::BAD_REQUEST);
    json(
        status,
        answer::error_body(rejection, request_id, host),
        request_id,
    )
}

/// A plain-text answer (the metadata service answers in text).
pub(crate) fn text_response(status: StatusCode, text: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(text.to_owned())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain;charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns_name_their_account() {
        assert_eq!(
            account_of("acs:ram::1234567890:role/deployer"),
            Some("1234567890")
        );
        assert_eq!(account_of("acs:ram::12x:role/deployer"), None);
        assert_eq!(account_of("acs:ram::123:role/"), None);
        assert_eq!(account_of("arn:aws:iam::123:role/x"), None);
    }
}
