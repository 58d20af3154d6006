//! Retries that never duplicate a side effect, end to end against the DataWorks
//! emulator (its scripted faults and added latency): a timeout or a 5xx is retried for
//! a read-only operation (`ListFiles`) but not for a mutating one (`CreateFile`,
//! `DeployFile`) unless the policy opts in; an operation with a `ClientToken`
//! (`AddProjectMemberToRole`) carries one fresh UUID per call, the same on every
//! attempt, and is retried like a read-only one; throttling is retried for every kind
//! of operation. The emulator's counters say how many attempts reached it.

use std::time::Duration;

use dataworks_emulator::{Emulator, Fault, Stats};
use dataworks_public::data_development::{
    CreateFileRequestBuilder, DeployFileRequestBuilder, ListFilesRequestBuilder,
};
use dataworks_public::prelude::*;
use dataworks_public::runtime::transport::{ReqwestTransport, TransportErrorKind};
use dataworks_public::runtime::{ClientBuilder, RetryPolicy};
use dataworks_public::tenant::AddProjectMemberToRoleRequestBuilder;
use dataworks_public::Credentials;
use dwgen_tests::tap::Tap;

const KEY_ID: &str = "testid";
const SECRET: &str = "testsecret";

/// The client's request timeout in the timeout tests, and the emulator's added latency
/// (well beyond it), so that every attempt times out.
const TIMEOUT: Duration = Duration::from_millis(200);
const LATENCY: Duration = Duration::from_millis(600);

async fn emulator() -> Emulator {
    Emulator::builder()
        .state(false)
        .key(KEY_ID, SECRET)
        .start()
        .await
        .expect("emulator")
}

/// A client of `emulator` with quick retries (3 attempts).
fn client_of(emulator: &Emulator) -> ClientBuilder {
    Client::builder()
        .endpoint(emulator.endpoint())
        .credentials(Credentials::new(KEY_ID, SECRET))
        .region("cn-shanghai")
        .retry(quick_retries())
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy::new(3, Duration::from_millis(1), Duration::from_millis(5))
}

/// A transport that gives up on an answer after [`TIMEOUT`].
fn impatient() -> ReqwestTransport {
    ReqwestTransport::with_timeouts(Duration::from_secs(2), TIMEOUT).expect("reqwest")
}

/// Attempts of `action` that reached the emulator, answered or not.
fn attempts(stats: &Stats, action: &str) -> u64 {
    stats
        .actions
        .get(action)
        .map_or(0, |a| a.accepted + a.throttled + a.faulted)
}

fn create_file(client: &Client) -> CreateFileRequestBuilder<Client> {
    client
        .create_file()
        .project_id(10000)
        .file_folder_path("业务流程/retries/数据集成")
        .file_name("retried")
        .file_type(10)
        .input_list("project_root")
}

fn list_files(client: &Client) -> ListFilesRequestBuilder<Client> {
    client.list_files().project_id(10000)
}

fn deploy_file(client: &Client) -> DeployFileRequestBuilder<Client> {
    client.deploy_file().file_id(1).project_id(10000)
}

/// A `ClientToken` operation.
fn add_member(client: &Client) -> AddProjectMemberToRoleRequestBuilder<Client> {
    client
        .add_project_member_to_role()
        .project_id(10000)
        .role_code("role_project_dev")
        .user_id("123422344899")
}

/// Attempts the client sent, per action (the emulator does not count an attempt whose
/// client gave up before the answer).
fn sent(tap: &Tap, action: &str) -> usize {
    tap.sent().iter().filter(|s| s.action == action).count()
}

#[tokio::test]
async fn a_timeout_on_create_file_is_not_retried_by_default() {
    let emulator = emulator().await;
    emulator.latency("CreateFile", LATENCY);
    let tap = Tap::over(impatient());
    let client = client_of(&emulator)
        .transport(tap.clone())
        .build()
        .expect("client");
    match create_file(&client).send().await {
        Err(SdkError::Transport(e)) => assert_eq!(e.kind(), TransportErrorKind::Timeout, "{e}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(
        sent(&tap, "CreateFile"),
        1,
        "the file may have been created: not sent again"
    );
}

#[tokio::test]
async fn a_timeout_on_create_file_is_retried_when_the_policy_opts_in() {
    let emulator = emulator().await;
    emulator.latency("CreateFile", LATENCY);
    let tap = Tap::over(impatient());
    let client = client_of(&emulator)
        .transport(tap.clone())
        .retry(quick_retries().retry_mutating(true))
        .build()
        .expect("client");
    let err = create_file(&client).send().await.expect_err("timeouts");
    assert!(matches!(&err, SdkError::Transport(e) if e.kind() == TransportErrorKind::Timeout));
    assert_eq!(sent(&tap, "CreateFile"), 3);
}

#[tokio::test]
async fn a_timeout_on_list_files_is_retried() {
    let emulator = emulator().await;
    emulator.latency("ListFiles", LATENCY);
    let tap = Tap::over(impatient());
    let client = client_of(&emulator)
        .transport(tap.clone())
        .build()
        .expect("client");
    let err = list_files(&client).send().await.expect_err("timeouts");
    assert!(matches!(&err, SdkError::Transport(e) if e.kind() == TransportErrorKind::Timeout));
    assert_eq!(sent(&tap, "ListFiles"), 3);
}

#[tokio::test]
async fn a_5xx_on_list_files_is_retried() {
    for status in [500, 503] {
        let emulator = emulator().await;
        emulator.fault("ListFiles", [Fault::error(status, "InternalError")]);
        let client = client_of(&emulator).build().expect("client");
        let page = list_files(&client)
            .send()
            .await
            .unwrap_or_else(|e| panic!("HTTP {status}, then an answer: {e}"));
        assert!(page.data.is_some(), "{page:?}");
        let stats = emulator.stats();
        assert_eq!((stats.faulted, stats.accepted), (1, 1), "{stats:?}");
    }
}

#[tokio::test]
async fn a_5xx_on_a_mutating_operation_is_not_retried_unless_the_policy_opts_in() {
    let emulator = emulator().await;
    emulator.fault("CreateFile", [Fault::error(503, "ServiceUnavailable")]);
    emulator.fault("DeployFile", [Fault::error(500, "InternalError")]);
    let client = client_of(&emulator).build().expect("client");
    match create_file(&client).send().await {
        Err(SdkError::Service(e)) => {
            assert_eq!((e.status(), e.code()), (503, "ServiceUnavailable"), "{e}")
        }
        other => panic!("expected the 503, got {other:?}"),
    }
    let deploy = deploy_file(&client).send().await;
    assert!(
        matches!(&deploy, Err(SdkError::Service(e)) if e.status() == 500),
        "{deploy:?}"
    );
    let stats = emulator.stats();
    assert_eq!((stats.faulted, stats.accepted), (2, 0), "{stats:?}");

    // Opted in: the same faults, then the answers.
    let emulator = self::emulator().await;
    emulator.fault("CreateFile", [Fault::error(503, "ServiceUnavailable")]);
    emulator.fault("DeployFile", [Fault::error(500, "InternalError")]);
    let client = client_of(&emulator)
        .retry(quick_retries().retry_mutating(true))
        .build()
        .expect("client");
    create_file(&client).send().await.expect("retried");
    deploy_file(&client).send().await.expect("retried");
    let stats = emulator.stats();
    assert_eq!((stats.faulted, stats.accepted), (2, 2), "{stats:?}");
}

#[tokio::test]
async fn a_client_token_operation_retries_with_the_same_token() {
    let emulator = emulator().await;
    emulator.fault(
        "AddProjectMemberToRole",
        [
            Fault::error(503, "ServiceUnavailable"),
            Fault::error(500, "InternalError"),
        ],
    );
    let tap = Tap::new();
    let client = client_of(&emulator)
        .transport(tap.clone())
        .build()
        .expect("client");
    let call = || add_member(&client);
    call().send().await.expect("a 5xx twice, then the answer");
    call().send().await.expect("a second call");
    call()
        .client_token("my-own-token")
        .send()
        .await
        .expect("a call with the caller's token");
    let tokens: Vec<String> = tap
        .sent()
        .iter()
        .map(|s| {
            assert_eq!(s.action, "AddProjectMemberToRole");
            s.param("ClientToken").expect("a ClientToken").to_owned()
        })
        .collect();
    assert_eq!(
        tokens.len(),
        5,
        "3 attempts, then one call, then one: {tokens:?}"
    );
    assert_eq!(
        tokens[0], tokens[1],
        "one token for every attempt of a call"
    );
    assert_eq!(
        tokens[1], tokens[2],
        "one token for every attempt of a call"
    );
    assert_ne!(tokens[3], tokens[0], "a fresh token for the next call");
    for token in &tokens[..4] {
        let uuid = uuid_like(token);
        assert!(uuid, "a UUID: {token}");
    }
    assert_eq!(tokens[4], "my-own-token", "the caller's token is kept");
    let stats = emulator.stats();
    assert_eq!((stats.faulted, stats.accepted), (2, 3), "{stats:?}");
}

/// `xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx`, lowercase hex (a version 4 UUID).
fn uuid_like(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| {
            g.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        })
        && groups[2].starts_with('4')
}

#[tokio::test]
async fn throttling_is_retried_for_every_operation() {
    // One operation of each kind: mutating (CreateFile, DeployFile), read-only
    // (ListFiles, GetDeployment), and mutating with a client token
    // (AddProjectMemberToRole). Throttling is answered as the service answers it (HTTP
    // 429 `Throttling.User`), and as a code alone on another status.
    for fault in [
        Fault::error(429, "Throttling.User"),
        Fault::error(400, "Throttling.Api"),
    ] {
        let emulator = emulator().await;
        let actions = [
            "CreateFile",
            "DeployFile",
            "ListFiles",
            "GetDeployment",
            "AddProjectMemberToRole",
        ];
        for action in actions {
            emulator.fault(action, [fault.clone(), fault.clone()]);
        }
        let client = client_of(&emulator).build().expect("client");
        let why = |action: &str| format!("{action} after {fault} twice");
        create_file(&client)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", why("CreateFile")));
        deploy_file(&client)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", why("DeployFile")));
        list_files(&client)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", why("ListFiles")));
        client
            .get_deployment()
            .deployment_id(1_000_001)
            .project_id(10000)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", why("GetDeployment")));
        add_member(&client)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", why("AddProjectMemberToRole")));
        let stats = emulator.stats();
        for action in actions {
            assert_eq!(attempts(&stats, action), 3, "{}: {stats:?}", why(action));
            assert_eq!(emulator.pending_faults(action), 0);
        }
    }
}
