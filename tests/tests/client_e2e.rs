//! The generated client end to end against the DataWorks emulator (`dataworks-emulator`,
//! which verifies every request's V1 or V3 signature and answers with the documented
//! examples): fluent calls (`client.deploy_file()...send()`) with both signatures, typed
//! errors (documented, common and unknown codes), a non-JSON 502 until the attempts run
//! out, a dropped connection (not retried for a mutating operation), decode errors, build errors and one-of groups (nothing sent), the `ListFiles` paginator over
//! the emulator's paged lists, and the `DeployFile` waiter over the emulator's
//! deployment workflow (success, failure, timeout, refused start).
//!
//! Where a test checks what the client put on the wire, the client sends through
//! `dwgen_tests::tap::Tap`, the default reqwest transport with a record of each request.
//! Which failures are retried for which operations is in `client_retries.rs`; rate
//! limiting in `client_limits.rs`.

use std::collections::BTreeSet;
use std::pin::pin;
use std::time::Duration;

use dataworks_emulator::{codes, DeployOutcome, Emulator, EmulatorBuilder, Fault, Stats};
use dataworks_public::data_development::{DeployFileError, DeployFileRequest, GetFolderRequest};
use dataworks_public::prelude::*;
use dataworks_public::runtime::paginate::PageError;
use dataworks_public::runtime::transport::TransportErrorKind;
use dataworks_public::runtime::{
    BoxFuture, ClientBuilder, DisplayErrorContext, HttpRequest, HttpResponse, RetryPolicy,
    SignatureVersion, Transport, TransportError,
};
use dataworks_public::waiters::{DeployWaitError, WaitConfig};
use dataworks_public::{CommonError, Credentials};
use dwgen_tests::tap::{lookup, Tap};
use futures_util::StreamExt as _;

const KEY_ID: &str = "testid";
const SECRET: &str = "testsecret";

/// The first id the emulator gives a deployment (`DeployFile`'s `Data`); later ones
/// count up from it.
const FIRST_DEPLOYMENT: i64 = 1_000_001;

/// The `ErrorMessage` of a deployment that the emulator was told to fail.
const FAILURE_MESSAGE: &str =
    "the emulator was started with deployments set to fail (deploy_outcome = failure)";

async fn start(builder: EmulatorBuilder) -> Emulator {
    builder.key(KEY_ID, SECRET).start().await.expect("emulator")
}

/// A client of `emulator` with the test key, before the knobs of each test.
fn client_of(emulator: &Emulator) -> ClientBuilder {
    Client::builder()
        .endpoint(emulator.endpoint())
        .credentials(Credentials::new(KEY_ID, SECRET))
        .region("cn-shanghai")
}

fn quick_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::new(attempts, Duration::from_millis(1), Duration::from_millis(5))
}

/// Every call the emulator saw, whatever became of it.
fn calls(stats: &Stats) -> u64 {
    stats.accepted + stats.throttled + stats.rejected + stats.faulted
}

/// Accepted calls of one action.
fn accepted(stats: &Stats, action: &str) -> u64 {
    stats.actions.get(action).map_or(0, |a| a.accepted)
}

#[tokio::test]
async fn fluent_deploy_file_is_signed_sent_and_decoded() {
    let emulator = start(Emulator::builder()).await;
    let mut request_ids = BTreeSet::new();
    for (n, version) in [SignatureVersion::V3, SignatureVersion::V1]
        .into_iter()
        .enumerate()
    {
        let tap = Tap::new();
        let client = client_of(&emulator)
            .signature_version(version)
            .transport(tap.clone())
            .build()
            .expect("client");
        let response = client
            .deploy_file()
            .file_id(10000001)
            .project_id(10000)
            .comment("第一次 发布*~/+")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        // Each DeployFile starts a new deployment.
        assert_eq!(
            response.data,
            Some(FIRST_DEPLOYMENT + n as i64),
            "{version:?}"
        );
        let request_id = response.request_id().expect("a request id").to_owned();
        assert_eq!(request_id.len(), 36, "a UUID: {request_id}");
        request_ids.insert(request_id);

        let sent = tap.sent();
        assert_eq!(sent.len(), 1);
        let s = &sent[0];
        assert_eq!(s.action, "DeployFile");
        assert_eq!(s.param("FileId"), Some("10000001"));
        assert_eq!(s.param("ProjectId"), Some("10000"));
        assert_eq!(s.param("Comment"), Some("第一次 发布*~/+"));
        assert_eq!(
            s.param("Action"),
            None,
            "the action is not a body parameter"
        );
        match version {
            SignatureVersion::V3 => {
                let auth = s.authorization.as_deref().unwrap_or_default();
                assert!(auth.starts_with("ACS3-HMAC-SHA256 "), "{auth}");
                assert_eq!(lookup(&s.query, "Signature"), None);
            }
            _ => {
                assert_eq!(s.authorization, None);
                assert!(lookup(&s.query, "Signature").is_some(), "{s:?}");
                assert_eq!(lookup(&s.query, "SignatureMethod"), Some("HMAC-SHA1"));
            }
        }
    }
    assert_eq!(request_ids.len(), 2, "a fresh request id per call");
    let stats = emulator.stats();
    assert_eq!((stats.accepted, stats.rejected), (2, 0), "{stats:?}");

    // The emulator does check: the same call signed with another secret is refused.
    let forged = Client::builder()
        .endpoint(emulator.endpoint())
        .credentials(Credentials::new(KEY_ID, "not-the-secret"))
        .region("cn-shanghai")
        .retry(RetryPolicy::no_retries())
        .build()
        .expect("client");
    let err = forged
        .deploy_file()
        .file_id(10000001)
        .project_id(10000)
        .send()
        .await
        .expect_err("bad signature");
    match err.into_service_error() {
        Some(DeployFileError::Unknown(unknown)) => {
            assert_eq!(unknown.code(), codes::SIGNATURE_DOES_NOT_MATCH.code);
            assert_eq!(unknown.status(), codes::SIGNATURE_DOES_NOT_MATCH.status);
        }
        other => panic!("expected the emulator's signature error, got {other:?}"),
    }
    let stats = emulator.stats();
    assert_eq!((stats.accepted, stats.rejected), (2, 1), "{stats:?}");
}

#[tokio::test]
async fn error_codes_become_the_operations_variants() {
    let emulator = start(Emulator::builder()).await;
    emulator.fault(
        "DeployFile",
        [
            Fault::error(403, "Forbidden.Access"),
            Fault::error(429, "Throttling.User"),
            // The code DeployFile documents (spec/operations/DeployFile.yaml).
            Fault::error(500, "InternalError.UserId.Missing"),
            Fault::error(400, "Invalid.Whatever"),
        ],
    );
    let client = client_of(&emulator)
        .retry(RetryPolicy::no_retries())
        .build()
        .expect("client");
    let call = || client.deploy_file().file_id(1).project_id(2).send();

    match call().await.expect_err("403").into_service_error() {
        Some(DeployFileError::Common(CommonError::ForbiddenAccess(meta))) => {
            assert_eq!(meta.status, 403);
            assert_eq!(meta.message, "injected fault: Forbidden.Access");
            assert!(meta.request_id.is_some_and(|id| !id.is_empty()));
        }
        other => panic!("expected Common(ForbiddenAccess), got {other:?}"),
    }
    match call().await.expect_err("429").into_service_error() {
        Some(DeployFileError::Common(CommonError::ThrottlingUser(meta))) => {
            assert_eq!((meta.status, meta.code.as_str()), (429, "Throttling.User"));
        }
        other => panic!("expected Common(ThrottlingUser), got {other:?}"),
    }
    match call().await.expect_err("500").into_service_error() {
        Some(e @ DeployFileError::InternalErrorUserIdMissing(_)) => {
            assert_eq!(e.description(), Some("系统内部错误,请稍后再试。"));
            assert!(e.is_retryable());
        }
        other => panic!("expected InternalErrorUserIdMissing, got {other:?}"),
    }
    match call().await.expect_err("400").into_service_error() {
        Some(DeployFileError::Unknown(unknown)) => {
            assert_eq!(
                (unknown.status(), unknown.code()),
                (400, "Invalid.Whatever")
            );
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
    let stats = emulator.stats();
    assert_eq!(
        (stats.faulted, stats.accepted, stats.rejected),
        (4, 0, 0),
        "one call each, no retries asked for: {stats:?}"
    );
    assert_eq!(emulator.pending_faults("DeployFile"), 0);
}

/// A connection dropped after the request was sent is not retried for a mutating
/// operation (`DeployFile`): the service may have acted on the request (see
/// `dataworks_runtime::retry` and `client_retries.rs`). The client recovers for the next
/// call.
#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_not_retried() {
    let emulator = start(Emulator::builder()).await;
    emulator.fault("DeployFile", [Fault::Drop]);
    let client = client_of(&emulator)
        .retry(quick_retries(3))
        .build()
        .expect("client");
    let call = || client.deploy_file().file_id(1).project_id(2).send();
    match call().await {
        Err(SdkError::Transport(e)) => {
            assert_eq!(e.kind(), TransportErrorKind::Other, "{e}");
            assert!(!e.is_retryable(), "{e}");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    let stats = emulator.stats();
    assert_eq!((stats.faulted, stats.accepted), (1, 0), "{stats:?}");
    let response = call().await.expect("the next call");
    assert_eq!(response.data, Some(FIRST_DEPLOYMENT));
    let stats = emulator.stats();
    assert_eq!((stats.faulted, stats.accepted), (1, 1), "{stats:?}");
}

#[tokio::test]
async fn a_non_json_502_is_a_decode_error_with_status_and_body_prefix() {
    let page = format!(
        "<html><body>502 Bad Gateway{}</body></html>",
        " ".repeat(400)
    );
    let emulator = start(Emulator::builder()).await;
    // One more than the policy's attempts: the last one must be left over.
    emulator.fault("ListFiles", (0..3).map(|_| Fault::raw(502, page.clone())));
    let client = client_of(&emulator)
        .retry(quick_retries(2))
        .build()
        .expect("client");
    let err = client
        .list_files()
        .project_id(2)
        .send()
        .await
        .expect_err("502");
    match &err {
        SdkError::Decode(malformed) => {
            assert_eq!(malformed.status(), 502);
            assert!(malformed
                .body_prefix()
                .starts_with("<html><body>502 Bad Gateway"));
            assert_eq!(malformed.body_prefix().chars().count(), 200);
            // A proxy's page carries no request id (the emulator's neither).
            assert_eq!(err.request_id(), None);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let report = DisplayErrorContext(&err).to_string();
    assert!(report.contains("HTTP 502"), "{report}");
    let stats = emulator.stats();
    assert_eq!(
        (stats.faulted, stats.accepted),
        (2, 0),
        "a 5xx on a read-only operation is retried, up to the policy's 2 attempts: {stats:?}"
    );
    assert_eq!(emulator.pending_faults("ListFiles"), 1);
}

/// Answers every request with one canned response (a test double, no network).
struct Canned(HttpResponse);

impl Transport for Canned {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let response = self.0.clone();
        Box::pin(async move { Ok(response) })
    }
}

#[tokio::test]
async fn a_decode_error_carries_the_request_id_header() {
    // The emulator's raw faults send no headers, so this one is a test double: a
    // gateway page that does carry the service's request id header.
    let mut page = HttpResponse::new(502, "<html><body>502 Bad Gateway</body></html>");
    page.headers
        .push(("x-acs-request-id".into(), "header-request-id".into()));
    let client = Client::builder()
        .region("cn-shanghai")
        .credentials(Credentials::new(KEY_ID, SECRET))
        .transport(Canned(page))
        .retry(RetryPolicy::no_retries())
        .build()
        .expect("client");
    match client.deploy_file().file_id(1).project_id(2).send().await {
        Err(e @ SdkError::Decode(_)) => {
            let SdkError::Decode(malformed) = &e else {
                unreachable!()
            };
            assert_eq!(malformed.status(), 502);
            assert_eq!(e.request_id(), Some("header-request-id"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_missing_parameter_is_a_build_error_and_nothing_is_sent() {
    let emulator = start(Emulator::builder()).await;
    let client = client_of(&emulator).build().expect("client");
    let err = client
        .get_deployment()
        .project_id(2)
        .send()
        .await
        .expect_err("no DeploymentId");
    match &err {
        SdkError::Build(e) => {
            assert_eq!(e.parameter(), Some("DeploymentId"), "structured: {e}");
            assert_eq!(
                e.to_string(),
                "GetDeploymentRequest: missing required parameter `DeploymentId`"
            );
        }
        other => panic!("expected a build error, got {other:?}"),
    }
    // A paged operation: the first page fails to build, the walk ends there.
    let mut items = pin!(client
        .list_file_versions()
        .project_id(1)
        .into_paginator()
        .items());
    match items.next().await {
        Some(Err(PageError::Fetch(SdkError::Build(e)))) => {
            assert_eq!(e.parameter(), Some("FileId"));
            assert_eq!(
                e.to_string(),
                "ListFileVersionsRequest: missing required parameter `FileId`"
            );
        }
        other => panic!("expected a build error, got {other:?}"),
    }
    assert!(items.next().await.is_none(), "the walk ends at the error");
    let stats = emulator.stats();
    assert_eq!(calls(&stats), 0, "nothing was sent: {stats:?}");
}

#[tokio::test]
async fn a_one_of_group_needs_a_member_and_nothing_is_sent_without_one() {
    let emulator = start(Emulator::builder()).await;
    let tap = Tap::new();
    let client = client_of(&emulator)
        .transport(tap.clone())
        .build()
        .expect("client");
    let err = client
        .get_folder()
        .project_id(1)
        .send()
        .await
        .expect_err("neither FolderId nor FolderPath");
    match &err {
        SdkError::Build(e) => {
            assert_eq!(e.group(), Some(&["FolderId", "FolderPath"][..]));
            assert_eq!(
                e.to_string(),
                "GetFolder needs one of FolderId, FolderPath (none is set)"
            );
        }
        other => panic!("expected a build error, got {other:?}"),
    }
    let err = client
        .deploy_file()
        .project_id(1)
        .send()
        .await
        .expect_err("no file");
    assert_eq!(
        err.build_error().and_then(|e| e.group()),
        Some(&["FileId", "NodeId"][..]),
        "{err:?}"
    );
    let stats = emulator.stats();
    assert_eq!(calls(&stats), 0, "nothing was sent: {stats:?}");
    assert!(tap.sent().is_empty(), "nothing was sent");

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
    let folder = client
        .get_folder()
        .project_id(1)
        .folder_id("f-1")
        .send()
        .await
        .expect("GetFolder with FolderId alone");
    let folder_id = folder.data.as_ref().and_then(|d| d.folder_id.as_deref());
    assert_eq!(folder_id, Some("2735****"), "the documented example");
    let response = client
        .deploy_file()
        .project_id(1)
        .node_id(2000001)
        .send()
        .await
        .expect("sent with NodeId alone");
    assert_eq!(response.data, Some(FIRST_DEPLOYMENT));

    let stats = emulator.stats();
    assert_eq!((stats.accepted, stats.rejected), (2, 0), "{stats:?}");
    let sent = tap.sent();
    let actions: Vec<&str> = sent.iter().map(|s| s.action.as_str()).collect();
    assert_eq!(actions, ["GetFolder", "DeployFile"]);
    assert_eq!(sent[0].param("FolderId"), Some("f-1"));
    assert_eq!(sent[0].param("FolderPath"), None);
    assert_eq!(sent[1].param("NodeId"), Some("2000001"));
    assert_eq!(sent[1].param("FileId"), None);
}

#[tokio::test]
async fn the_list_files_paginator_walks_every_page() {
    const TOTAL: u32 = 23;
    let emulator = start(Emulator::builder().page_items(TOTAL)).await;
    let tap = Tap::new();
    let client = client_of(&emulator)
        .transport(tap.clone())
        .build()
        .expect("client");

    // Page size 10: pages of 10, 10 and 3, each with the total count.
    let mut pages = pin!(client
        .list_files()
        .project_id(10000)
        .page_size(10)
        .into_paginator()
        .pages());
    let mut shape = Vec::new();
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("page");
        assert_eq!(page.total_count, Some(u64::from(TOTAL)));
        shape.push((page.number, page.items.len()));
        ids.extend(page.items.iter().map(|f| f.file_id.expect("FileId")));
    }
    assert_eq!(shape, [(1, 10), (2, 10), (3, 3)]);
    let distinct: BTreeSet<i64> = ids.iter().copied().collect();
    assert_eq!(distinct.len(), TOTAL as usize, "{ids:?}");
    // The documented example's FileId, offset per item.
    assert_eq!(
        ids,
        (10000001..10000001 + i64::from(TOTAL)).collect::<Vec<_>>()
    );
    assert_eq!(
        accepted(&emulator.stats(), "ListFiles"),
        3,
        "no fourth page"
    );
    let sent = tap.sent();
    let numbers: Vec<Option<&str>> = sent.iter().map(|s| s.param("PageNumber")).collect();
    assert_eq!(numbers, [Some("1"), Some("2"), Some("3")]);
    assert!(sent.iter().all(|s| s.action == "ListFiles"
        && s.param("PageSize") == Some("10")
        && s.param("ProjectId") == Some("10000")));

    // Items, without a page size: the walk stops at the total count.
    let mut items = pin!(client.list_files().project_id(1).into_paginator().items());
    let mut count = 0;
    while let Some(file) = items.next().await {
        file.expect("file");
        count += 1;
    }
    assert_eq!(count, TOTAL);
    let stats = emulator.stats();
    assert_eq!(accepted(&stats, "ListFiles"), 6, "{stats:?}");
    assert_eq!((stats.rejected, stats.throttled), (0, 0), "{stats:?}");
}

fn quick_wait(timeout: Duration) -> WaitConfig {
    WaitConfig::new(Duration::from_millis(5), timeout)
}

#[tokio::test]
async fn the_deploy_waiter_returns_on_success() {
    let emulator = start(Emulator::builder().deploy_pending_polls(2)).await;
    let tap = Tap::new();
    let client = client_of(&emulator)
        .transport(tap.clone())
        .build()
        .expect("client");
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
    let stats = emulator.stats();
    assert_eq!(accepted(&stats, "DeployFile"), 1, "{stats:?}");
    assert_eq!(
        accepted(&stats, "GetDeployment"),
        3,
        "two pending polls, then the end: {stats:?}"
    );
    let sent = tap.sent();
    let actions: Vec<&str> = sent.iter().map(|s| s.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "DeployFile",
            "GetDeployment",
            "GetDeployment",
            "GetDeployment"
        ]
    );
    let id = FIRST_DEPLOYMENT.to_string();
    for poll in &sent[1..] {
        assert_eq!(poll.param("DeploymentId"), Some(id.as_str()));
        assert_eq!(poll.param("ProjectId"), Some("10000"), "carried over");
    }
}

#[tokio::test]
async fn the_deploy_waiter_returns_the_failure() {
    let emulator = start(
        Emulator::builder()
            .deploy_pending_polls(1)
            .deploy_outcome(DeployOutcome::Failure),
    )
    .await;
    let tap = Tap::new();
    let client = client_of(&emulator)
        .signature_version(SignatureVersion::V1)
        .transport(tap.clone())
        .build()
        .expect("client");
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
            assert_eq!(message.as_deref(), Some(FAILURE_MESSAGE));
        }
        other => panic!("expected Failed, got {other}"),
    }
    assert!(err.to_string().contains(FAILURE_MESSAGE), "{err}");
    let stats = emulator.stats();
    assert_eq!(accepted(&stats, "GetDeployment"), 2, "{stats:?}");
    let sent = tap.sent();
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[2].param("ProjectIdentifier"), Some("dw_project"));
    assert_eq!(sent[2].param("ProjectId"), None);
}

#[tokio::test]
async fn the_deploy_waiter_times_out_and_reports_a_failed_start() {
    let emulator = start(Emulator::builder().deploy_pending_polls(1000)).await;
    let client = client_of(&emulator).build().expect("client");
    let wait = WaitConfig::new(Duration::from_millis(10), Duration::from_millis(150));
    let err = client
        .deploy_file()
        .file_id(1)
        .project_id(2)
        .send_and_wait(wait)
        .await
        .expect_err("never done");
    match err {
        DeployWaitError::TimedOut { id, polls, timeout } => {
            assert_eq!(id, FIRST_DEPLOYMENT);
            assert_eq!(timeout, Duration::from_millis(150));
            assert!(polls >= 2, "{polls}");
            // The last poll may have been cut at the deadline before it was answered.
            let answered = accepted(&emulator.stats(), "GetDeployment");
            assert!(
                answered == u64::from(polls) || answered + 1 == u64::from(polls),
                "{answered} answered of {polls} polls"
            );
        }
        other => panic!("expected TimedOut, got {other}"),
    }

    let refusing = start(Emulator::builder()).await;
    refusing.fault("DeployFile", [Fault::error(403, "Forbidden.Access")]);
    let client = client_of(&refusing).build().expect("client");
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
            DeployWaitError::Start(SdkError::Service(DeployFileError::Common(
                CommonError::ForbiddenAccess(_)
            )))
        ),
        "{err}"
    );
    let stats = refusing.stats();
    assert_eq!(calls(&stats), 1, "nothing polled: {stats:?}");
    assert_eq!(stats.faulted, 1, "{stats:?}");
}
