//! The parts of the ECS instance metadata service that credential providers use, and a
//! credentials URI (`credentials-protocol.md` §4, §6):
//! - `PUT /latest/api/token` with `X-aliyun-ecs-metadata-token-ttl-seconds` (1 to
//!   21600): a session token (text), valid that long; 403 when the emulator refuses
//!   tokens ([`crate::EmulatorBuilder::metadata_tokens`]);
//! - `GET /latest/meta-data/ram/security-credentials/`: the instance's RAM role name,
//!   404 when it has none;
//! - `GET /latest/meta-data/ram/security-credentials/<role>`: JSON `Code`,
//!   `AccessKeyId`, `AccessKeySecret`, `SecurityToken`, `Expiration`, `LastUpdated`;
//! - `GET /credentials`: the credentials URI, the same JSON.
//!
//! A GET carrying `X-aliyun-ecs-metadata-token` needs a valid token (401 otherwise); a
//! GET without one is answered unless the emulator is hardened (IMDSv1 disabled), when
//! it gets 401 (what the real service answers then is unconfirmed).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::{HeaderMap, Method, Response, StatusCode};
use serde_json::json;

use crate::answer;
use crate::handler::Shared;
use crate::identity::{json, text_response, CredentialCounters, ISSUED_LIFETIME};
use crate::issued::{format_time, random_hex};

/// The token request's path.
const TOKEN_PATH: &str = "/latest/api/token";
/// The RAM role credentials' path.
const ROLE_PATH: &str = "/latest/meta-data/ram/security-credentials/";
/// The token lifetime header.
const TTL_HEADER: &str = "x-aliyun-ecs-metadata-token-ttl-seconds";
/// The token header of GETs.
const TOKEN_HEADER: &str = "x-aliyun-ecs-metadata-token";
/// The longest token lifetime.
const MAX_TTL_SECONDS: u64 = 21600;

/// Session tokens handed out, with when they expire.
#[derive(Default)]
pub(crate) struct Tokens {
    live: Mutex<HashMap<String, Instant>>,
}

impl Tokens {
    fn issue(&self, ttl: Duration) -> String {
        let token = random_hex(24);
        let now = Instant::now();
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        live.retain(|_, expires| *expires > now);
        live.insert(token.clone(), now + ttl);
        token
    }

    fn valid(&self, token: &str) -> bool {
        let live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        live.get(token)
            .is_some_and(|expires| *expires > Instant::now())
    }
}

/// Answers a request under `/latest/`.
pub(crate) fn handle(
    shared: &Shared,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> Response<Full<Bytes>> {
    let identity = &shared.identity;
    let refuse = |status: StatusCode, text: &str| {
        CredentialCounters::bump(&identity.counters.refused);
        text_response(status, text)
    };
    if path == TOKEN_PATH {
        if method != Method::PUT {
            return refuse(
                StatusCode::METHOD_NOT_ALLOWED,
                "the token is requested with PUT",
            );
        }
        if identity.settings.metadata_tokens_refused {
            return refuse(
                StatusCode::FORBIDDEN,
                "the emulator was told to refuse metadata tokens",
            );
        }
        let ttl = headers
            .get(TTL_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|ttl| (1..=MAX_TTL_SECONDS).contains(ttl));
        let Some(ttl) = ttl else {
            return refuse(
                StatusCode::BAD_REQUEST,
                "X-aliyun-ecs-metadata-token-ttl-seconds must be 1 to 21600",
            );
        };
        CredentialCounters::bump(&identity.counters.metadata_tokens);
        return text_response(
            StatusCode::OK,
            &identity.metadata_tokens.issue(Duration::from_secs(ttl)),
        );
    }
    if method != Method::GET {
        return refuse(StatusCode::METHOD_NOT_ALLOWED, "metadata is read with GET");
    }
    let Some(role) = path.strip_prefix(ROLE_PATH) else {
        return refuse(StatusCode::NOT_FOUND, "not found");
    };
    match headers.get(TOKEN_HEADER).map(|v| v.to_str().unwrap_or("")) {
        Some(token) if !identity.metadata_tokens.valid(token) => {
            return refuse(StatusCode::UNAUTHORIZED, "the metadata token is not valid");
        }
        None if identity.settings.metadata_hardened => {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "IMDSv1 is disabled on this instance: send X-aliyun-ecs-metadata-token",
            );
        }
        _ => {}
    }
    let Some(attached) = &identity.settings.instance_role else {
        return refuse(StatusCode::NOT_FOUND, "not found");
    };
    if role.is_empty() {
        return text_response(StatusCode::OK, attached);
    }
    if role != attached {
        return refuse(StatusCode::NOT_FOUND, "not found");
    }
    CredentialCounters::bump(&identity.counters.metadata_credentials);
    issued_credentials(shared, role)
}

/// `GET /credentials`: the credentials URI.
pub(crate) fn credentials_uri(shared: &Shared) -> Response<Full<Bytes>> {
    CredentialCounters::bump(&shared.identity.counters.uri_credentials);
    issued_credentials(shared, "credentials-uri")
}

/// New credentials of the first key's account, as the metadata service shapes them.
fn issued_credentials(shared: &Shared, principal: &str) -> Response<Full<Bytes>> {
    let account = shared
        .settings
        .keys
        .first()
        .map_or(crate::DEFAULT_KEY.0, |k| k.account.as_str());
    let issued = &shared.identity.issued;
    let key = issued.issue(account, principal, ISSUED_LIFETIME);
    let body = json!({
        "Code": "Success",
        "AccessKeyId": key.key.id,
        "AccessKeySecret": key.key.secret,
        "SecurityToken": key.token,
        "Expiration": format_time(key.expires),
        "LastUpdated": format_time(issued.now()),
    });
    let body = Bytes::from(serde_json::to_vec(&body).expect("a JSON value serializes"));
    json(StatusCode::OK, body, &answer::request_id())
}
