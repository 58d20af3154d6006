//! The generated client end to end: fluent calls (`client.deploy_file()...send()`), typed
//! errors, retries, decode errors, build errors, a paginator and the `DeployFile` waiter
//! against a loopback HTTP server that checks every request's signature with the shared
//! secret (using the runtime's public signing functions); and the rate limiter holding a
//! burst of level-3 calls to 5 per second, under tokio's paused clock with a test-double
//! transport.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dataworks_public::data_development::{DeployFileError, DeployFileRequest, GetFolderRequest};
use dataworks_public::prelude::*;
use dataworks_public::runtime::paginate::PageError;
use dataworks_public::runtime::signing;
use dataworks_public::runtime::{
    BoxFuture, HttpRequest, HttpResponse, RetryPolicy, SignatureVersion, Transport, TransportError,
};
use dataworks_public::waiters::{DeployWaitError, WaitConfig};
use dataworks_public::{CommonError, Credentials};
use futures_util::StreamExt as _;
use http_body_util::{BodyExt as _, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::net::TcpListener;

const KEY_ID: &str = "testid";
const SECRET: &str = "testsecret";

/// What the server saw of one request.
#[derive(Debug, Clone)]
struct Received {
    /// The action (`x-acs-action` for V3, the query's `Action` for V1).
    action: String,
    /// The form body's parameters, as sent.
    body: Vec<(String, String)>,
    signature_ok: bool,
}

impl Received {
    fn param(&self, name: &str) -> Option<&str> {
        self.body
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

type Responder = Arc<dyn Fn(usize, &Received) -> (u16, String) + Send + Sync>;

/// A loopback server: verifies signatures, records requests, answers via `respond`
/// (called with the index of the request among the validly signed ones).
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

    fn client(&self, version: SignatureVersion, retry: RetryPolicy) -> Client {
        Client::builder()
            .region("cn-shanghai")
            .endpoint(format!("http://{}", self.addr))
            .credentials(Credentials::new(KEY_ID, SECRET))
            .signature_version(version)
            .retry(retry)
            .build()
            .expect("client")
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
    let lookup = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if let Some(signature) = lookup("Signature") {
        let mut merged = query.clone();
        merged.extend(body_params.clone());
        let expected = signing::v1_signature(SECRET, &signing::v1_string_to_sign("POST", &merged));
        let ok = parts.method == hyper::Method::POST
            && expected == signature
            && lookup("AccessKeyId").as_deref() == Some(KEY_ID)
            && lookup("Version").as_deref() == Some(dataworks_public::API_VERSION);
        return Received {
            action: lookup("Action").unwrap_or_default(),
            body: body_params,
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
        && header("x-acs-version").as_deref() == Some(dataworks_public::API_VERSION)
        && must_sign.iter().all(|h| signed.contains(h))
        && (body.is_empty() || signed.contains(&"content-type"));
    Received {
        action: header("x-acs-action").unwrap_or_default(),
        body: body_params,
        signature_ok: ok,
    }
}

fn quick_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::new(attempts, Duration::from_millis(1), Duration::from_millis(5))
}

fn ok(body: serde_json::Value) -> (u16, String) {
    (200, body.to_string())
}

fn deployed(id: i64) -> (u16, String) {
    ok(json!({"RequestId": "deploy-1", "HttpStatusCode": 200, "Data": id, "Success": true}))
}

#[tokio::test]
async fn fluent_deploy_file_is_signed_sent_and_decoded() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let server = Server::start(|_, _| deployed(30000001)).await;
        let client = server.client(version, RetryPolicy::default());
        let response = client
            .deploy_file()
            .file_id(10000001)
            .project_id(10000)
            .comment("第一次 发布*~/+")
            .send()
            .await
            .expect("deployed");
        assert_eq!(response.data, Some(30000001));
        assert_eq!(response.request_id.as_deref(), Some("deploy-1"));
        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        let r = &requests[0];
        assert!(r.signature_ok, "{version:?}: {r:?}");
        assert_eq!(r.action, "DeployFile");
        assert_eq!(r.param("FileId"), Some("10000001"));
        assert_eq!(r.param("ProjectId"), Some("10000"));
        assert_eq!(r.param("Comment"), Some("第一次 发布*~/+"));
        assert_eq!(
            r.param("Action"),
            None,
            "the action is not a body parameter"
        );
    }
}

#[tokio::test]
async fn error_codes_become_the_operations_variants() {
    let server = Server::start(|index, _| match index {
        0 => (
            403,
            r#"{"RequestId":"e1","Code":"Forbidden.Access","Message":"Access is forbidden."}"#
                .to_owned(),
        ),
        1 => (
            500,
            r#"{"RequestId":"e2","Code":"InternalError.UserId.Missing","Message":"An internal system error occurred."}"#
                .to_owned(),
        ),
        _ => (
            400,
            r#"{"RequestId":"e3","Code":"Invalid.Whatever","Message":"odd"}"#.to_owned(),
        ),
    })
    .await;
    let client = server.client(SignatureVersion::V3, RetryPolicy::no_retries());
    let call = || client.deploy_file().file_id(1).project_id(2).send();

    let common = call().await.expect_err("403").into_service_error();
    match common {
        Some(DeployFileError::Common(CommonError::ForbiddenAccess(meta))) => {
            assert_eq!((meta.status, meta.request_id.as_deref()), (403, Some("e1")));
        }
        other => panic!("expected Common(ForbiddenAccess), got {other:?}"),
    }
    let documented = call().await.expect_err("500").into_service_error();
    match documented {
        Some(e @ DeployFileError::InternalErrorUserIdMissing(_)) => {
            assert_eq!(e.description(), Some("系统内部错误,请稍后再试。"));
            assert!(e.is_retryable());
        }
        other => panic!("expected InternalErrorUserIdMissing, got {other:?}"),
    }
    let unknown = call().await.expect_err("400").into_service_error();
    match unknown {
        Some(DeployFileError::Unknown(meta)) => assert_eq!(meta.code, "Invalid.Whatever"),
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 3, "no retries asked for");
}

#[tokio::test]
async fn throttling_is_retried_then_succeeds() {
    let server = Server::start(|index, _| {
        if index == 0 {
            (
                429,
                r#"{"RequestId":"t1","Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#
                    .to_owned(),
            )
        } else {
            deployed(7)
        }
    })
    .await;
    let client = server.client(SignatureVersion::V3, quick_retries(3));
    let response = client
        .deploy_file()
        .file_id(1)
        .project_id(2)
        .send()
        .await
        .expect("retried");
    assert_eq!(response.data, Some(7));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests
        .iter()
        .all(|r| r.signature_ok && r.action == "DeployFile"));
}

#[tokio::test]
async fn a_non_json_502_is_a_decode_error_with_status_and_body_prefix() {
    let page = format!(
        "<html><body>502 Bad Gateway{}</body></html>",
        " ".repeat(400)
    );
    let server = Server::start(move |_, _| (502, page.clone())).await;
    let client = server.client(SignatureVersion::V3, quick_retries(2));
    let err = client
        .deploy_file()
        .file_id(1)
        .project_id(2)
        .send()
        .await
        .expect_err("502");
    match &err {
        SdkError::Decode {
            status,
            body_prefix,
            request_id,
            ..
        } => {
            assert_eq!(*status, 502);
            assert!(body_prefix.starts_with("<html><body>502 Bad Gateway"));
            assert_eq!(body_prefix.chars().count(), 200);
            assert_eq!(request_id.as_deref(), Some("header-request-id"));
        }
        other => panic!("expected a decode error, got {other}"),
    }
    assert!(err.to_string().contains("HTTP 502"), "{err}");
    assert_eq!(server.requests().len(), 2, "a 5xx is retried");
}

#[tokio::test]
async fn a_missing_parameter_is_a_build_error_and_nothing_is_sent() {
    let server = Server::start(|_, _| deployed(1)).await;
    let client = server.client(SignatureVersion::V3, RetryPolicy::default());
    let err = client
        .get_deployment()
        .project_id(2)
        .send()
        .await
        .expect_err("no DeploymentId");
    match &err {
        SdkError::Build { message } => {
            assert_eq!(
                message,
                "GetDeploymentRequest: missing required parameter `DeploymentId`"
            );
        }
        other => panic!("expected a build error, got {other}"),
    }
    // A paged operation: the first page fails to build, the walk ends there.
    let mut items = pin!(client
        .list_file_versions()
        .project_id(1)
        .into_paginator()
        .items());
    match items.next().await {
        Some(Err(PageError::Fetch(SdkError::Build { message }))) => {
            assert_eq!(
                message,
                "ListFileVersionsRequest: missing required parameter `FileId`"
            );
        }
        other => panic!("expected a build error, got {other:?}"),
    }
    assert!(items.next().await.is_none(), "the walk ends at the error");
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_one_of_group_needs_a_member_and_nothing_is_sent_without_one() {
    let server = Server::start(|_, _| deployed(1)).await;
    let client = server.client(SignatureVersion::V3, RetryPolicy::default());
    let err = client
        .get_folder()
        .project_id(1)
        .send()
        .await
        .expect_err("neither FolderId nor FolderPath");
    match &err {
        SdkError::Build { message } => assert_eq!(
            message,
            "GetFolder needs one of FolderId, FolderPath (none is set)"
        ),
        other => panic!("expected a build error, got {other}"),
    }
    let err = client
        .deploy_file()
        .project_id(1)
        .send()
        .await
        .expect_err("no file");
    assert!(
        err.to_string()
            .contains("DeployFile needs one of FileId, NodeId"),
        "{err}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");
    // One member is enough: GetFolder by id alone, DeployFile by node alone.
    GetFolderRequest::builder()
        .project_id(1)
        .folder_id("f-1")
        .build()
        .expect("FolderId alone");
    let deploy = DeployFileRequest::builder()
        .project_id(1)
        .node_id(2000001)
        .build()
        .expect("NodeId alone");
    assert_eq!(deploy.file_id, None);
    let response = client
        .deploy_file()
        .project_id(1)
        .node_id(2000001)
        .send()
        .await
        .expect("sent with NodeId alone");
    assert_eq!(response.data, Some(1));
    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].param("NodeId"), Some("2000001"));
    assert_eq!(sent[0].param("FileId"), None);
}

/// Pages of `size` over `total` files, from the request's `PageNumber` and `PageSize`.
fn list_files_page(received: &Received, total: u32) -> (u16, String) {
    let number: u32 = received
        .param("PageNumber")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let size: u32 = received
        .param("PageSize")
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let start = (number - 1) * size;
    let files: Vec<serde_json::Value> = (start..total.min(start + size))
        .map(|i| json!({"FileId": 1000 + i, "FileName": format!("file_{i}")}))
        .collect();
    ok(json!({
        "RequestId": format!("page-{number}"),
        "Success": true,
        "Data": {"PageNumber": number, "PageSize": size, "TotalCount": total, "Files": files},
    }))
}

#[tokio::test]
async fn the_list_files_paginator_walks_every_page() {
    const TOTAL: u32 = 23;
    let server = Server::start(|_, r| list_files_page(r, TOTAL)).await;
    let client = server.client(SignatureVersion::V3, RetryPolicy::default());

    let mut items = pin!(client
        .list_files()
        .project_id(10000)
        .page_size(10)
        .into_paginator()
        .items());
    let mut ids = Vec::new();
    while let Some(file) = items.next().await {
        ids.push(file.expect("file").file_id.expect("id"));
    }
    assert_eq!(ids, (1000..1000 + i64::from(TOTAL)).collect::<Vec<_>>());
    let requests = server.requests();
    let numbers: Vec<Option<&str>> = requests.iter().map(|r| r.param("PageNumber")).collect();
    assert_eq!(numbers, [Some("1"), Some("2"), Some("3")]);
    assert!(requests.iter().all(|r| r.signature_ok
        && r.action == "ListFiles"
        && r.param("ProjectId") == Some("10000")));

    // Pages: without a page size the walk stops at the total count.
    let mut pages = pin!(client.list_files().project_id(1).into_paginator().pages());
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("page");
        assert_eq!(page.total_count, Some(u64::from(TOTAL)));
        sizes.push((page.number, page.items.len()));
    }
    assert_eq!(sizes, [(1, 10), (2, 10), (3, 3)]);
}

/// A GetDeployment answer with this status (and a message for failures).
fn deployment(status: i64) -> (u16, String) {
    let message = if status == 2 {
        "节点校验失败"
    } else {
        "成功"
    };
    ok(json!({
        "RequestId": format!("poll-{status}"),
        "Success": true,
        "Data": {
            "Deployment": {"Status": status, "ErrorMessage": message, "Name": "deploy"},
            "DeployedItems": [{"FileId": 10000001, "Status": status}],
        },
    }))
}

/// DeployFile, then GetDeployment answering `statuses` in turn (the last one repeated).
async fn deploy_server(statuses: &'static [i64]) -> Server {
    Server::start(move |index, r| match r.action.as_str() {
        "DeployFile" => deployed(30000001),
        _ => deployment(statuses[(index - 1).min(statuses.len() - 1)]),
    })
    .await
}

fn quick_wait(timeout: Duration) -> WaitConfig {
    WaitConfig::new(Duration::from_millis(5), timeout)
}

#[tokio::test]
async fn the_deploy_waiter_returns_on_success() {
    let server = deploy_server(&[0, 0, 1]).await;
    let client = server.client(SignatureVersion::V3, RetryPolicy::default());
    let done = client
        .deploy_file()
        .file_id(10000001)
        .project_id(10000)
        .send_and_wait(quick_wait(Duration::from_secs(10)))
        .await
        .expect("deployed");
    let status = done
        .data
        .as_ref()
        .and_then(|d| d.deployment.as_ref())
        .and_then(|d| d.status)
        .map(|s| s.as_i64());
    assert_eq!(status, Some(1));
    let requests = server.requests();
    let actions: Vec<&str> = requests.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "DeployFile",
            "GetDeployment",
            "GetDeployment",
            "GetDeployment"
        ]
    );
    for poll in &requests[1..] {
        assert!(poll.signature_ok);
        assert_eq!(poll.param("DeploymentId"), Some("30000001"));
        assert_eq!(poll.param("ProjectId"), Some("10000"), "carried over");
    }
}

#[tokio::test]
async fn the_deploy_waiter_returns_the_failure() {
    let server = deploy_server(&[0, 2]).await;
    let client = server.client(SignatureVersion::V1, RetryPolicy::default());
    let err = client
        .deploy_file()
        .file_id(10000001)
        .project_identifier("dw_project")
        .send_and_wait(quick_wait(Duration::from_secs(10)))
        .await
        .expect_err("failed");
    match &err {
        DeployWaitError::Failed {
            status, message, ..
        } => {
            assert_eq!(*status, 2);
            assert_eq!(message.as_deref(), Some("节点校验失败"));
        }
        other => panic!("expected Failed, got {other}"),
    }
    assert!(err.to_string().contains("节点校验失败"), "{err}");
    let polls = server.requests();
    assert_eq!(polls.len(), 3);
    assert_eq!(polls[2].param("ProjectIdentifier"), Some("dw_project"));
}

#[tokio::test]
async fn the_deploy_waiter_times_out_and_reports_a_failed_start() {
    let server = deploy_server(&[0]).await;
    let client = server.client(SignatureVersion::V3, RetryPolicy::default());
    let err = client
        .deploy_file()
        .file_id(1)
        .project_id(2)
        .send_and_wait(quick_wait(Duration::from_millis(60)))
        .await
        .expect_err("never done");
    match err {
        DeployWaitError::TimedOut { id, polls, .. } => {
            assert_eq!(id, 30000001);
            assert!(polls >= 2, "{polls}");
        }
        other => panic!("expected TimedOut, got {other}"),
    }

    let refusing = Server::start(|_, _| {
        (
            403,
            r#"{"Code":"Forbidden.Access","Message":"no"}"#.to_owned(),
        )
    })
    .await;
    let client = refusing.client(SignatureVersion::V3, RetryPolicy::default());
    let err = client
        .deploy_file()
        .file_id(1)
        .project_id(2)
        .send_and_wait(quick_wait(Duration::from_secs(10)))
        .await
        .expect_err("refused");
    assert!(
        matches!(
            err,
            DeployWaitError::Start(SdkError::Service(DeployFileError::Common(_)))
        ),
        "{err}"
    );
    assert_eq!(refusing.requests().len(), 1, "nothing polled");
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
        Box::pin(async {
            Ok(HttpResponse::new(
                200,
                r#"{"RequestId":"r","Data":1,"Success":true}"#,
            ))
        })
    }
}

#[tokio::test(start_paused = true)]
async fn a_burst_of_level_3_calls_is_held_to_5_per_second() {
    let recorder = Recorder::default();
    let client = Client::builder()
        .region("cn-shanghai")
        .credentials(Credentials::new(KEY_ID, SECRET))
        .transport(recorder.clone())
        .build()
        .expect("client");
    let t0 = tokio::time::Instant::now();
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .deploy_file()
                    .file_id(i)
                    .project_id(1)
                    .send()
                    .await
                    .map(|r| r.data)
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.expect("join").expect("call"), Some(1));
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
        client.rate_limiter().used_today(KEY_ID, "cn-shanghai", 3),
        20
    );
}
