//! End-to-end tests of the runtime against a loopback HTTP server that checks every
//! request's signature with the shared secret, plus the rate limiter against a test
//! double transport under paused time.

#![cfg(feature = "reqwest")]

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dataworks_runtime::paginate::Paginator;
use dataworks_runtime::signing;
use dataworks_runtime::waiter::{wait_until, Status, WaitConfig, WaitError};
use dataworks_runtime::QuotaScope;
use dataworks_runtime::{
    BoxFuture, Client, Credentials, DecodeError, ErrorMeta, FromJson, HttpRequest, HttpResponse,
    Operation, RateLimits, RequestId, RetryPolicy, SdkError, SignatureVersion, Tier, TierLimit,
    Transport, TransportError,
};
use futures_util::StreamExt as _;
use http_body_util::{BodyExt as _, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use tokio::net::TcpListener;

const KEY_ID: &str = "testid";
const SECRET: &str = "testsecret";

/// What the server saw of one request.
#[derive(Debug, Clone)]
struct Received {
    version: SignatureVersion,
    action: String,
    /// Operation parameters (form body) for V3; query and body merged for V1.
    params: BTreeMap<String, String>,
    nonce: String,
    security_token: Option<String>,
    signature_ok: bool,
}

type Responder = Arc<dyn Fn(usize, &Received) -> (u16, String) + Send + Sync>;

/// A loopback server: verifies signatures, records requests, answers via `respond`.
struct Server {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    async fn start(
        respond: impl Fn(usize, &Received) -> (u16, String) + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let log: Arc<Mutex<Vec<Received>>> = Arc::default();
        let respond: Responder = Arc::new(respond);
        let server_log = log.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let log = server_log.clone();
                let respond = respond.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| {
                        let log = log.clone();
                        let respond = respond.clone();
                        async move { Ok::<_, Infallible>(handle(req, &log, &respond).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Server { addr, log }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn requests(&self) -> Vec<Received> {
        self.log.lock().expect("lock").clone()
    }
}

async fn handle(
    req: hyper::Request<Incoming>,
    log: &Mutex<Vec<Received>>,
    respond: &Responder,
) -> hyper::Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let received = verify(&parts, &body);
    let (status, text) = if received.signature_ok {
        let index = {
            let mut log = log.lock().expect("lock");
            log.push(received.clone());
            log.len() - 1
        };
        respond(index, &received)
    } else {
        log.lock().expect("lock").push(received);
        (
            400,
            r#"{"Code":"SignatureDoesNotMatch","Message":"bad signature"}"#.to_owned(),
        )
    };
    hyper::Response::builder()
        .status(status)
        .header("x-acs-request-id", "header-request-id")
        .body(Full::new(Bytes::from(text)))
        .expect("response")
}

fn form(bytes: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(bytes).into_owned().collect()
}

/// Checks a request's signature (V1 if the query carries `Signature`, else V3).
fn verify(parts: &hyper::http::request::Parts, body: &[u8]) -> Received {
    let query = form(parts.uri.query().unwrap_or("").as_bytes());
    let body_params = form(body);
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let lookup = |params: &[(String, String)], name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if let Some(signature) = lookup(&query, "Signature") {
        let mut merged = query.clone();
        merged.extend(body_params.clone());
        let expected = signing::v1_signature(SECRET, &signing::v1_string_to_sign("POST", &merged));
        let timestamp = lookup(&query, "Timestamp").unwrap_or_default();
        let ok = parts.method == hyper::Method::POST
            && expected == signature
            && lookup(&query, "AccessKeyId").as_deref() == Some(KEY_ID)
            && lookup(&query, "Format").as_deref() == Some("JSON")
            && lookup(&query, "SignatureMethod").as_deref() == Some("HMAC-SHA1")
            && lookup(&query, "Version").as_deref() == Some("2020-05-18")
            && timestamp.len() == 20
            && timestamp.ends_with('Z');
        return Received {
            version: SignatureVersion::V1,
            action: lookup(&query, "Action").unwrap_or_default(),
            params: merged.into_iter().collect(),
            nonce: lookup(&query, "SignatureNonce").unwrap_or_default(),
            security_token: lookup(&query, "SecurityToken"),
            signature_ok: ok,
        };
    }
    let authorization = header("authorization").unwrap_or_default();
    let fields: BTreeMap<&str, &str> = authorization
        .strip_prefix("ACS3-HMAC-SHA256 ")
        .unwrap_or("")
        .split(',')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    let signed: Vec<&str> = fields
        .get("SignedHeaders")
        .map(|s| s.split(';').collect())
        .unwrap_or_default();
    let headers: Vec<(String, String)> = signed
        .iter()
        .map(|name| (name.to_string(), header(name).unwrap_or_default()))
        .collect();
    let content_sha256 = signing::content_sha256(body);
    let canonical = signing::v3_canonical_headers(&headers);
    let canonical_request = signing::v3_canonical_request(
        parts.method.as_str(),
        parts.uri.path(),
        &query,
        &canonical,
        &content_sha256,
    );
    let expected = signing::v3_signature(SECRET, &signing::v3_string_to_sign(&canonical_request));
    let must_sign = [
        "host",
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
    ];
    let ok = fields.get("Signature") == Some(&expected.as_str())
        && fields.get("Credential") == Some(&KEY_ID)
        && header("x-acs-content-sha256").as_deref() == Some(content_sha256.as_str())
        && must_sign.iter().all(|h| signed.contains(h))
        && (header("x-acs-security-token").is_none() || signed.contains(&"x-acs-security-token"))
        && (body.is_empty() || signed.contains(&"content-type"));
    Received {
        version: SignatureVersion::V3,
        action: header("x-acs-action").unwrap_or_default(),
        params: body_params.into_iter().collect(),
        nonce: header("x-acs-signature-nonce").unwrap_or_default(),
        security_token: header("x-acs-security-token"),
        signature_ok: ok,
    }
}

/// Test outputs decode through serde (the generated types decode through their own
/// `FromJson` impls; these hand-written ones need no tolerance).
macro_rules! from_serde {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(value: serde_json::Value) -> Result<Option<Self>, DecodeError> {
                serde_json::from_value(value.clone())
                    .map(Some)
                    .map_err(|_| DecodeError::expected(stringify!($t), &value))
            }
        }
    )*};
}

from_serde!(EchoOutput, ListThingsOutput, GetStatusOutput);

/// A test operation echoing its `Comment`.
struct Echo {
    comment: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct EchoOutput {
    #[serde(rename = "RequestId")]
    request_id: String,
    #[serde(rename = "Echo")]
    echo: String,
}

impl Operation for Echo {
    const NAME: &'static str = "EchoComment";
    const VERSION: &'static str = "2020-05-18";
    const TIER: Option<Tier> = Some(Tier::new(1, TierLimit::new(50, None)));
    const CATEGORY: &'static str = "tests";
    // Echoing changes nothing: retried after 5xx and timeouts.
    const READ_ONLY: bool = true;
    type Response = EchoOutput;
    type Error = ErrorMeta;
    fn params(&self) -> Vec<(String, String)> {
        vec![
            ("Comment".into(), self.comment.clone()),
            ("ProjectId".into(), "10000".into()),
            ("Items.1.Name".into(), "a b".into()),
        ]
    }
}

fn echo_response(received: &Received) -> (u16, String) {
    let comment = received.params.get("Comment").cloned().unwrap_or_default();
    let body = serde_json::json!({"RequestId": "req-1", "Echo": comment, "Success": true});
    (200, body.to_string())
}

fn client_for(server: &Server, version: SignatureVersion, retry: RetryPolicy) -> Client {
    Client::builder()
        .region("cn-shanghai")
        .endpoint(server.url())
        .credentials(Credentials::new(KEY_ID, SECRET))
        .signature_version(version)
        .retry(retry)
        .build()
        .expect("client")
}

fn quick_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::new(attempts, Duration::from_millis(1), Duration::from_millis(5))
}

const COMMENT: &str = "第一次 发布*~/+ & = %";

#[tokio::test]
async fn v1_and_v3_requests_are_signed_and_decoded() {
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        for token in [None, Some("sts-token")] {
            let server = Server::start(|_, r| echo_response(r)).await;
            let mut credentials = Credentials::new(KEY_ID, SECRET);
            if let Some(token) = token {
                credentials = credentials.with_security_token(token);
            }
            let client = Client::builder()
                .region("cn-shanghai")
                .endpoint(server.url())
                .credentials(credentials)
                .signature_version(version)
                .build()
                .expect("client");
            let output = client
                .call(&Echo {
                    comment: COMMENT.into(),
                })
                .await
                .expect("call");
            assert_eq!(output.echo, COMMENT);
            assert_eq!(output.request_id, "req-1");
            let requests = server.requests();
            assert_eq!(requests.len(), 1);
            let r = &requests[0];
            assert!(r.signature_ok, "{version:?}: {r:?}");
            assert_eq!(r.version, version);
            assert_eq!(r.action, "EchoComment");
            assert_eq!(
                r.params.get("Items.1.Name").map(String::as_str),
                Some("a b")
            );
            assert_eq!(r.security_token.as_deref(), token);
            if version == SignatureVersion::V1 {
                assert_eq!(
                    r.params.get("RegionId").map(String::as_str),
                    Some("cn-shanghai")
                );
            }
        }
    }
}

#[tokio::test]
async fn the_server_rejects_a_wrong_secret() {
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let server = Server::start(|_, r| echo_response(r)).await;
        let client = Client::builder()
            .region("cn-shanghai")
            .endpoint(server.url())
            .credentials(Credentials::new(KEY_ID, "wrongsecret"))
            .signature_version(version)
            .build()
            .expect("client");
        let err = client
            .call(&Echo {
                comment: "x".into(),
            })
            .await
            .expect_err("bad signature");
        let code = err.service_error().map(|m| m.code.clone());
        assert_eq!(
            code.as_deref(),
            Some("SignatureDoesNotMatch"),
            "{version:?}"
        );
        assert!(!server.requests()[0].signature_ok);
        assert!(!err.to_string().contains("wrongsecret"));
    }
}

#[tokio::test]
async fn throttling_is_retried_with_a_fresh_nonce() {
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let server = Server::start(|index, r| {
            if index == 0 {
                (
                    429,
                    r#"{"RequestId":"t1","Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#.to_owned(),
                )
            } else {
                echo_response(r)
            }
        })
        .await;
        let client = client_for(&server, version, quick_retries(3));
        let output = client
            .call(&Echo {
                comment: "again".into(),
            })
            .await
            .expect("retried call succeeds");
        assert_eq!(output.echo, "again");
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert!(requests.iter().all(|r| r.signature_ok));
        assert_ne!(requests[0].nonce, requests[1].nonce);
        assert!(!requests[0].nonce.is_empty());
    }
}

#[tokio::test]
async fn client_error_maps_to_service_error_without_retry() {
    let server = Server::start(|_, _| {
        (
            400,
            r#"{"RequestId":"e1","HostId":"dataworks.aliyuncs.com","Code":"Invalid.Tenant.ProjectNotExist","Message":"The project does not exist."}"#.to_owned(),
        )
    })
    .await;
    let client = client_for(&server, SignatureVersion::V3, quick_retries(3));
    let err = client
        .call(&Echo {
            comment: "x".into(),
        })
        .await
        .expect_err("400");
    match &err {
        SdkError::Service(meta) => {
            assert_eq!(meta.status, 400);
            assert_eq!(meta.code, "Invalid.Tenant.ProjectNotExist");
            assert_eq!(meta.request_id.as_deref(), Some("e1"));
        }
        other => panic!("expected a service error, got {other}"),
    }
    assert!(!err.to_string().contains(SECRET));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn non_json_502_is_a_decode_error_after_retries() {
    let page = format!(
        "<html><body>502 Bad Gateway{}</body></html>",
        " ".repeat(400)
    );
    let server = Server::start(move |_, _| (502, page.clone())).await;
    let client = client_for(&server, SignatureVersion::V3, quick_retries(2));
    let err = client
        .call(&Echo {
            comment: "x".into(),
        })
        .await
        .expect_err("502");
    match &err {
        SdkError::Decode(malformed) => {
            assert_eq!(malformed.status(), 502);
            assert!(malformed
                .body_prefix()
                .starts_with("<html><body>502 Bad Gateway"));
            assert_eq!(malformed.body_prefix().chars().count(), 200);
            assert_eq!(err.request_id(), Some("header-request-id"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(
        server.requests().len(),
        2,
        "5xx is retried up to the policy"
    );
}

#[tokio::test]
async fn a_5xx_on_a_mutating_operation_is_retried_only_when_asked() {
    let server = Server::start(|_, _| (503, r#"{"Code":"ServiceUnavailable"}"#.to_owned())).await;
    let client = client_for(&server, SignatureVersion::V3, quick_retries(3));
    let err = client.call(&Tier3).await.expect_err("503");
    assert_eq!(
        err.service_error().map(|m| m.code.as_str()),
        Some("ServiceUnavailable"),
        "{err:?}"
    );
    assert_eq!(
        server.requests().len(),
        1,
        "DeployFile may have deployed before the 503: not sent again"
    );
    let client = client_for(
        &server,
        SignatureVersion::V3,
        quick_retries(3).retry_mutating(true),
    );
    client.call(&Tier3).await.expect_err("503");
    assert_eq!(server.requests().len(), 4, "opted in: 3 attempts");
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let client = Client::builder()
        .region("cn-shanghai")
        .endpoint(format!("http://{addr}"))
        .credentials(Credentials::new(KEY_ID, SECRET))
        .retry(quick_retries(2))
        .build()
        .expect("client");
    let err = client
        .call(&Echo {
            comment: "x".into(),
        })
        .await
        .expect_err("refused");
    match err {
        SdkError::Transport(e) => assert!(e.is_retryable(), "{e}"),
        other => panic!("expected a transport error, got {other}"),
    }
}

/// A tier-3 operation for the rate limiter.
struct Tier3;

impl Operation for Tier3 {
    const NAME: &'static str = "DeployFile";
    const VERSION: &'static str = "2020-05-18";
    const TIER: Option<Tier> = Some(Tier::new(3, TierLimit::new(5, Some(10_000))));
    const CATEGORY: &'static str = "tests";
    type Response = serde_json::Value;
    type Error = ErrorMeta;
    fn params(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}

/// Answers every request at once and records the (tokio) time it was sent.
#[derive(Default, Clone)]
struct Recorder {
    sent: Arc<Mutex<Vec<tokio::time::Instant>>>,
}

impl Transport for Recorder {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.sent
            .lock()
            .expect("lock")
            .push(tokio::time::Instant::now());
        Box::pin(async { Ok(HttpResponse::new(200, r#"{"RequestId":"r"}"#)) })
    }
}

/// The endpoint of clients whose transport answers without sending (the test
/// operations have no endpoint rules).
const UNUSED_ENDPOINT: &str = "http://127.0.0.1:9/";

#[tokio::test(start_paused = true)]
async fn rate_limiter_holds_a_burst_of_tier3_calls_to_5_per_second() {
    let recorder = Recorder::default();
    let client = Client::builder()
        .region("cn-shanghai")
        .credentials(Credentials::new(KEY_ID, SECRET))
        .endpoint(UNUSED_ENDPOINT)
        .transport(recorder.clone())
        .build()
        .expect("client");
    let t0 = tokio::time::Instant::now();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.call(&Tier3).await.map(|_| ()) })
        })
        .collect();
    for task in tasks {
        task.await.expect("join").expect("call");
    }
    let mut sent = recorder.sent.lock().expect("lock").clone();
    sent.sort();
    assert_eq!(sent.len(), 20);
    for window in sent.windows(6) {
        assert!(
            window[5] - window[0] >= Duration::from_secs(1),
            "6 calls within one second: {:?}",
            window.iter().map(|t| *t - t0).collect::<Vec<_>>()
        );
    }
    assert_eq!(*sent.last().expect("last") - t0, Duration::from_secs(3));
    assert_eq!(
        client
            .rate_limiter()
            .used_today(&QuotaScope::new(KEY_ID, "cn-shanghai"), 3)
            .await
            .unwrap(),
        20
    );

    // Switched off, the same burst goes out at once.
    let unpaced = Recorder::default();
    let client = Client::builder()
        .region("cn-shanghai")
        .credentials(Credentials::new(KEY_ID, SECRET))
        .endpoint(UNUSED_ENDPOINT)
        .transport(unpaced.clone())
        .rate_limits(RateLimits::disabled())
        .build()
        .expect("client");
    let t1 = tokio::time::Instant::now();
    for _ in 0..20 {
        client.call(&Tier3).await.expect("call");
    }
    assert_eq!(tokio::time::Instant::now(), t1);
}

#[tokio::test(start_paused = true)]
async fn daily_quota_refuses_without_sending() {
    let recorder = Recorder::default();
    let client = Client::builder()
        .region("cn-shanghai")
        .credentials(Credentials::new(KEY_ID, SECRET))
        .endpoint(UNUSED_ENDPOINT)
        .transport(recorder.clone())
        .rate_limits(RateLimits::documented().tier(3, TierLimit::new(100, Some(2))))
        .build()
        .expect("client");
    client.call(&Tier3).await.expect("first");
    client.call(&Tier3).await.expect("second");
    let err = client.call(&Tier3).await.expect_err("over quota");
    assert!(
        matches!(err, SdkError::QuotaExceeded(ref q) if q.tier == 3),
        "{err}"
    );
    assert_eq!(recorder.sent.lock().expect("lock").len(), 2);
}

/// A paged list operation.
struct ListThings {
    page_number: u32,
    page_size: u32,
}

#[derive(Debug, Deserialize)]
struct ListThingsOutput {
    #[serde(rename = "TotalCount")]
    total_count: u64,
    #[serde(rename = "Things")]
    things: Vec<u32>,
}

impl Operation for ListThings {
    const NAME: &'static str = "ListThings";
    const VERSION: &'static str = "2020-05-18";
    const TIER: Option<Tier> = Some(Tier::new(2, TierLimit::new(20, None)));
    const CATEGORY: &'static str = "tests";
    type Response = ListThingsOutput;
    type Error = ErrorMeta;
    fn params(&self) -> Vec<(String, String)> {
        vec![
            ("PageNumber".into(), self.page_number.to_string()),
            ("PageSize".into(), self.page_size.to_string()),
        ]
    }
}

#[tokio::test]
async fn pagination_walks_all_pages() {
    const TOTAL: u32 = 23;
    let server = Server::start(|_, r| {
        let number: u32 = r
            .params
            .get("PageNumber")
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        let size: u32 = r
            .params
            .get("PageSize")
            .and_then(|v| v.parse().ok())
            .unwrap_or(10);
        let start = (number - 1) * size;
        let things: Vec<u32> = (start..TOTAL.min(start + size)).collect();
        let body = serde_json::json!({"RequestId": "p", "TotalCount": TOTAL, "Things": things});
        (200, body.to_string())
    })
    .await;
    let client = client_for(&server, SignatureVersion::V3, RetryPolicy::default());
    let fetch = |page_number| {
        let client = client.clone();
        async move {
            let out = client
                .call(&ListThings {
                    page_number,
                    page_size: 10,
                })
                .await?;
            Ok::<_, SdkError<ErrorMeta>>((out.things, Some(out.total_count)))
        }
    };
    let mut items = pin!(Paginator::new(fetch).page_size(10).items());
    let mut all = Vec::new();
    while let Some(item) = items.next().await {
        all.push(item.expect("item"));
    }
    assert_eq!(all, (0..TOTAL).collect::<Vec<_>>());
    assert_eq!(server.requests().len(), 3);
}

/// A status poll for the waiter.
struct GetStatus;

#[derive(Debug, Deserialize)]
struct GetStatusOutput {
    #[serde(rename = "Status")]
    status: String,
}

impl Operation for GetStatus {
    const NAME: &'static str = "GetStatus";
    const VERSION: &'static str = "2020-05-18";
    const TIER: Option<Tier> = None;
    const CATEGORY: &'static str = "tests";
    type Response = GetStatusOutput;
    type Error = ErrorMeta;
    fn params(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}

async fn poll_status(client: &Client) -> Result<Status<String>, SdkError<ErrorMeta>> {
    let out = client.call(&GetStatus).await?;
    Ok(match out.status.as_str() {
        "RUNNING" => Status::Pending,
        _ => Status::Ready(out.status),
    })
}

#[tokio::test]
async fn waiter_returns_when_ready_and_times_out() {
    let server = Server::start(|index, _| {
        let status = if index < 2 { "RUNNING" } else { "SUCCESS" };
        (200, format!(r#"{{"RequestId":"w","Status":"{status}"}}"#))
    })
    .await;
    let client = client_for(&server, SignatureVersion::V1, RetryPolicy::default());
    let config = WaitConfig::new(Duration::from_millis(10), Duration::from_secs(10));
    let status = wait_until(config, || poll_status(&client))
        .await
        .expect("ready");
    assert_eq!(status, "SUCCESS");
    assert_eq!(server.requests().len(), 3);

    let never = Server::start(|_, _| (200, r#"{"Status":"RUNNING"}"#.to_owned())).await;
    let client = client_for(&never, SignatureVersion::V3, RetryPolicy::default());
    let config = WaitConfig::new(Duration::from_millis(10), Duration::from_millis(100));
    let err = wait_until(config, || poll_status(&client))
        .await
        .expect_err("timeout");
    assert!(
        matches!(err, WaitError::TimedOut { polls, .. } if polls >= 2),
        "{err}"
    );
    assert!(err.to_string().contains("not ready after"), "{err}");
}
