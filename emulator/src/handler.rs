//! One request, start to end: route, read the body (capped), verify the signature,
//! find the operation, check version and parameters, apply faults, count quotas, and
//! answer from the DataStudio state, or with the service-shaped documented example (or
//! the deploy workflow's or page's state when the DataStudio state is off). Also the
//! emulator's own endpoints: statistics, the state dump and its reset.

use std::collections::HashMap;
use std::time::Instant;

use bytes::Bytes;
use dataworks_public::catalog::{self, OperationSpec};
use dataworks_public::API_VERSION;
use http_body_util::{BodyExt, Full, Limited};
use hyper::header::{HeaderValue, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use time::OffsetDateTime;

use crate::answer::{self, Templates};
use crate::auth::{self, Nonces};
use crate::codes::{
    self, INVALID_ACTION, INVALID_VERSION, METHOD_NOT_ALLOWED, NOT_FOUND, REQUEST_TOO_LARGE,
};
use crate::config::{Key, Settings};
use crate::faults::{Fault, Faults};
use crate::identity::{Identity, IdentitySettings};
use crate::quota::{Over, QuotaBook};
use crate::rejection::{shown, Rejection};
use crate::state::{self, Workflows};
use crate::stats::{Outcome, StatsBook};
use crate::studio::{SeedError, Studio};
use crate::{incoming, validate};

/// The path of the statistics endpoint.
pub const STATS_PATH: &str = "/_emulator/stats";

/// The path of the state dump (`GET`).
pub const STATE_PATH: &str = "/_emulator/state";

/// The path that sets the state back to its start (`POST`).
pub const RESET_PATH: &str = "/_emulator/reset";

/// Everything the requests share.
pub(crate) struct Shared {
    pub settings: Settings,
    pub keys: HashMap<String, Key>,
    pub nonces: Nonces,
    pub quotas: QuotaBook,
    pub workflows: Workflows,
    /// The DataStudio state (`None`: off).
    pub studio: Option<Studio>,
    pub faults: Faults,
    pub stats: StatsBook,
    pub templates: Templates,
    /// STS, the metadata service and the credentials they issued.
    pub identity: Identity,
}

impl Shared {
    pub fn new(settings: Settings, identity: IdentitySettings) -> Result<Self, SeedError> {
        let keys = settings
            .keys
            .iter()
            .map(|k| (k.id.clone(), k.clone()))
            .collect();
        // Credentials STS issues count against their role's account.
        let accounts: Vec<String> = settings
            .keys
            .iter()
            .map(|k| k.account.clone())
            .chain(
                identity
                    .roles
                    .iter()
                    .filter_map(|r| r.account().map(str::to_owned)),
            )
            .collect();
        let studio = if settings.state {
            let seeder = accounts.first().map_or("", String::as_str);
            Some(Studio::new(&settings, seeder)?)
        } else {
            None
        };
        Ok(Shared {
            keys,
            studio,
            nonces: Nonces::new(),
            quotas: QuotaBook::new(settings.quotas.clone()),
            workflows: Workflows::new(settings.deploy_pending_polls, settings.deploy_outcome),
            faults: Faults::default(),
            stats: StatsBook::new(catalog::OPERATIONS.iter().map(|op| op.name), &accounts),
            templates: Templates::new(catalog::OPERATIONS.len()),
            identity: Identity::new(identity),
            settings,
        })
    }

    /// The key of an AccessKey id: one of the emulator's, or temporary credentials it
    /// issued (whose token and expiry the caller checks).
    pub fn key(&self, id: &str) -> Option<Key> {
        self.keys
            .get(id)
            .cloned()
            .or_else(|| self.identity.issued.get(id).map(|issued| issued.key))
    }
}

/// What to do with the connection.
pub(crate) enum Reply {
    /// Send this answer.
    Answer(Response<Full<Bytes>>),
    /// Close the connection without an answer (an injected fault, or a client that
    /// went away mid-body).
    Drop,
}

/// Handles one request.
pub(crate) async fn handle(shared: &Shared, request: Request<hyper::body::Incoming>) -> Reply {
    let host = request
        .headers()
        .get(hyper::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_owned();
    let request_id = answer::request_id();
    match call(shared, request, &host, &request_id).await {
        Ok(reply) => reply,
        Err(rejection) => {
            shared.stats.reject(&rejection.code);
            Reply::Answer(error_response(&rejection, &request_id, &host))
        }
    }
}

async fn call(
    shared: &Shared,
    request: Request<hyper::body::Incoming>,
    host: &str,
    request_id: &str,
) -> Result<Reply, Rejection> {
    let (parts, body) = request.into_parts();
    if let Some(reply) = own_endpoint(shared, &parts.method, parts.uri.path(), request_id) {
        return Ok(Reply::Answer(reply));
    }
    let mut arrival = shared.stats.arrive();
    let reply = answer(shared, &parts, body, host, request_id, &mut arrival).await;
    arrival.answered();
    reply
}

/// The emulator's own endpoints: statistics, the state dump, the reset.
fn own_endpoint(
    shared: &Shared,
    method: &Method,
    path: &str,
    request_id: &str,
) -> Option<Response<Full<Bytes>>> {
    let json = |value: &serde_json::Value| {
        let body = serde_json::to_vec(value).expect("a JSON value serializes");
        json_response(StatusCode::OK, body.into(), request_id)
    };
    let off = || serde_json::json!({ "state": "off" });
    match (method, path) {
        (&Method::GET, STATS_PATH) => {
            let stats = serde_json::to_value(shared.stats.snapshot()).expect("stats serialize");
            Some(json(&stats))
        }
        (&Method::GET, STATE_PATH) => {
            Some(json(&shared.studio.as_ref().map_or_else(off, Studio::dump)))
        }
        (&Method::POST, RESET_PATH) => {
            if let Some(studio) = &shared.studio {
                studio.reset();
            }
            Some(json(&shared.studio.as_ref().map_or_else(off, Studio::dump)))
        }
        _ => None,
    }
}

/// A request (not to the emulator's own endpoints), counted at arrival by `arrival`.
async fn answer(
    shared: &Shared,
    parts: &hyper::http::request::Parts,
    body: hyper::body::Incoming,
    host: &str,
    request_id: &str,
    arrival: &mut crate::stats::Arrival<'_>,
) -> Result<Reply, Rejection> {
    if parts.uri.path() != "/" {
        return Err(Rejection::new(
            NOT_FOUND,
            format!(
                "no such path `{}`: calls go to `/`; statistics are at `{STATS_PATH}`, the state at `{STATE_PATH}` (POST `{RESET_PATH}` resets it)",
                shown(parts.uri.path())
            ),
        ));
    }
    let method = match parts.method {
        Method::GET => "GET",
        Method::POST => "POST",
        ref other => {
            return Err(Rejection::new(
                METHOD_NOT_ALLOWED,
                format!("method {other} is not accepted; use GET or POST"),
            ))
        }
    };
    let limit = shared.settings.body_limit;
    let too_large = || {
        Rejection::new(
            REQUEST_TOO_LARGE,
            format!("the body is larger than {limit} bytes"),
        )
    };
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let body = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => return Err(too_large()),
        // The client went away mid-body: nobody to answer (counted as abandoned).
        Err(_) => {
            arrival.gone();
            return Ok(Reply::Drop);
        }
    };
    let request = incoming::read(
        method,
        parts.uri.path(),
        parts.uri.query(),
        &parts.headers,
        body,
    )?;
    let lookup = |id: &str| shared.key(id);
    let verified = auth::verify(
        &request,
        &lookup,
        &shared.nonces,
        shared.settings.timestamp_window,
        OffsetDateTime::now_utc(),
    )?;
    shared
        .identity
        .issued
        .check_token(&verified.key.id, verified.security_token.as_deref())?;
    let index = catalog::OPERATIONS
        .binary_search_by(|op| op.name.cmp(verified.action.as_str()))
        .map_err(|_| {
            Rejection::new(
                INVALID_ACTION,
                format!(
                    "the action `{}` is not a documented operation of DataWorks {API_VERSION}",
                    shown(&verified.action)
                ),
            )
        })?;
    let op = &catalog::OPERATIONS[index];
    if verified.version != API_VERSION {
        return Err(Rejection::new(
            INVALID_VERSION,
            format!(
                "the version `{}` is not this API's ({API_VERSION})",
                shown(&verified.version)
            ),
        ));
    }
    validate::check(op, &verified.params)?;
    let account = verified.key.account.as_str();
    arrival.reached(index);

    let plan = shared.faults.next(op.name);
    if !plan.delay.is_zero() {
        tokio::time::sleep(plan.delay).await;
    }
    if let Some(fault) = plan.fault {
        shared.stats.record(index, account, Outcome::Faulted);
        return Ok(match fault {
            Fault::Error {
                status,
                code,
                message,
            } => {
                let rejection = Rejection {
                    status,
                    code,
                    message,
                };
                Reply::Answer(error_response(&rejection, request_id, host))
            }
            Fault::Raw { status, body } => {
                let mut response = Response::new(Full::new(Bytes::from(body)));
                *response.status_mut() =
                    StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
                response
                    .headers_mut()
                    .insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
                Reply::Answer(response)
            }
            Fault::Drop | Fault::Delay(_) => Reply::Drop,
        });
    }

    if let Some(tier) = op.tier {
        let region = verified
            .region
            .clone()
            .or_else(|| region_of_host(host))
            .unwrap_or_else(|| shared.settings.default_region.clone());
        let admitted = shared.quotas.admit(
            account,
            &region,
            tier,
            Instant::now(),
            OffsetDateTime::now_utc(),
        );
        if let Err(over) = admitted {
            shared.stats.record(index, account, Outcome::Throttled);
            let message = match over {
                Over::Qps(qps) => format!(
                    "{}: level-{tier} operations are limited to {qps} calls per second per account and region (account `{account}`, region `{region}`)",
                    op.name
                ),
                Over::Daily(daily) => format!(
                    "{}: the daily quota of {daily} level-{tier} calls of account `{account}` in region `{region}` is used up",
                    op.name
                ),
            };
            let rejection = Rejection::new(codes::THROTTLING_USER, message);
            return Ok(Reply::Answer(error_response(&rejection, request_id, host)));
        }
    }
    match answer_body(shared, index, op, &verified.params, account, request_id) {
        Ok(body) => {
            shared.stats.record(index, account, Outcome::Accepted);
            Ok(Reply::Answer(json_response(
                StatusCode::OK,
                body,
                request_id,
            )))
        }
        Err(rejection) => {
            shared.stats.refuse(index, &rejection.code);
            Ok(Reply::Answer(error_response(&rejection, request_id, host)))
        }
    }
}

/// The answer of an accepted call: from the DataStudio state, else the deploy
/// workflow's or a page's (state off), else the operation's shaped example.
fn answer_body(
    shared: &Shared,
    index: usize,
    op: &'static OperationSpec,
    params: &[(String, String)],
    account: &str,
    request_id: &str,
) -> Result<Bytes, Rejection> {
    if let Some(studio) = &shared.studio {
        match studio.answer(op, params, account) {
            // The documentation's own example call names objects nobody created here:
            // it answers with the documented example, as with the state off, so that
            // an SDK's smoke test of every operation passes whatever the state holds.
            Some(Err(rejection)) if rejection.status == 404 && op.is_documented_example(params) => {
            }
            Some(answer) => return answer.map(|body| answer::finish(op, &body, request_id)),
            None => {}
        }
    }
    let stateful = if shared.studio.is_none() {
        shared.workflows.answer(op, params)
    } else {
        None
    }
    .or_else(|| state::page(op, params, shared.settings.page_items));
    Ok(match stateful {
        Some(body) => answer::finish(op, &body, request_id),
        None => shared.templates.answer(index, op, request_id),
    })
}

/// The region a host of the service's endpoints serves (`dataworks.cn-hangzhou…` and
/// its VPC twin), from the generated endpoint rules: the emulator holds no host of its own.
fn region_of_host(host: &str) -> Option<String> {
    dataworks_public::ENDPOINTS.region_of_host(host)
}

fn json_response(status: StatusCode, body: Bytes, request_id: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    if let Ok(id) = HeaderValue::from_str(request_id) {
        headers.insert("x-acs-request-id", id);
    }
    response
}

fn error_response(rejection: &Rejection, request_id: &str, host: &str) -> Response<Full<Bytes>> {
    let body = answer::error_body(rejection, request_id, host);
    let status = StatusCode::from_u16(rejection.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = json_response(status, body, request_id);
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        // The rest of the body was not read: the connection cannot be reused.
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_come_from_regional_hosts_only() {
        assert_eq!(
            region_of_host("dataworks.cn-hangzhou.aliyuncs.com").as_deref(),
            Some("cn-hangzhou")
        );
        assert_eq!(
            region_of_host("dataworks.cn-hangzhou.aliyuncs.com:443").as_deref(),
            Some("cn-hangzhou")
        );
        assert_eq!(
            region_of_host("dataworks-vpc.cn-hangzhou.aliyuncs.com").as_deref(),
            Some("cn-hangzhou"),
            "the VPC endpoints too"
        );
        assert_eq!(region_of_host("127.0.0.1:8080"), None);
        // The central host serves several regions: it tells none.
        assert_eq!(region_of_host("dataworks.aliyuncs.com"), None);
    }
}
