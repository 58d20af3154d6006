//! `file_workflow` run against the emulator, in a standard-mode workspace (submit,
//! then deploy) and in a simple-mode one: every step finds what it should, and the
//! emulator's state afterwards is what the run did.

use std::time::Duration;

use dataworks_emulator::{Emulator, WorkspaceMode};
use dataworks_examples::file_workflow::{self, Args, Mode, CONTENT, FOLDER};
use dataworks_examples::Target;
use dataworks_public::runtime::waiter::WaitConfig;
use dataworks_public::Credentials;

/// Poll often: the emulator's deployments end after two polls.
const WAIT: WaitConfig = WaitConfig::new(Duration::from_millis(10), Duration::from_secs(20));

async fn run(emulator: &Emulator, project_id: i64) -> file_workflow::Report {
    let (id, secret) = dataworks_emulator::DEFAULT_KEY;
    let target = Target {
        region: "cn-shanghai".into(),
        endpoint: Some(emulator.endpoint().to_owned()),
    };
    let client = target
        .client_builder()
        .credentials(Credentials::new(id, secret))
        .build()
        .expect("a client of the emulator");
    let args = Args {
        project_id,
        file_name: "probe_sql".into(),
        folder: FOLDER.into(),
    };
    file_workflow::run(&client, &args, WAIT)
        .await
        .unwrap_or_else(|e| panic!("the workflow failed: {e}"))
}

#[tokio::test]
async fn the_file_workflow_passes_in_a_standard_workspace() {
    let emulator = Emulator::builder()
        .quotas(false)
        .project(10000, WorkspaceMode::Standard)
        .start()
        .await
        .unwrap();
    let report = run(&emulator, 10000).await;
    assert_eq!(report.mode, Mode::Standard);
    assert!(
        report.submission.is_some(),
        "a standard workspace submits first"
    );
    assert!(
        report.deletion.is_some(),
        "a submitted file leaves the scheduler"
    );
    assert!(report.log.contains(CONTENT), "{}", report.log);
    let stats = emulator.stats();
    assert_eq!(stats.actions["SubmitFile"].accepted, 1);
    assert_eq!(stats.actions["DeployFile"].accepted, 1);
    assert_eq!(
        stats.actions["GetFile"].rejected, 1,
        "the file is gone at the end"
    );
    assert_eq!(stats.rejections.get("Emulator.FileNotFound"), Some(&1));
    // What is left: the smoke test's DAG and instance, no file, no node.
    let state = emulator.state_dump();
    let workspace = &state["Workspaces"][0];
    assert_eq!(workspace["Mode"], "standard");
    assert_eq!(workspace["Files"], serde_json::json!([]));
    assert_eq!(workspace["Nodes"]["PROD"], serde_json::json!([]));
    assert_eq!(workspace["Nodes"]["DEV"], serde_json::json!([]));
    assert_eq!(workspace["Dags"][0]["DagId"], report.dag_id);
}

#[tokio::test]
async fn the_file_workflow_passes_in_a_simple_workspace() {
    let emulator = Emulator::builder().quotas(false).start().await.unwrap();
    let report = run(&emulator, 20000).await;
    assert_eq!(report.mode, Mode::Simple);
    assert_eq!(
        report.submission, None,
        "a simple workspace deploys directly"
    );
    assert!(report.deletion.is_some());
    let stats = emulator.stats();
    assert!(!stats.actions.contains_key("SubmitFile"));
    assert_eq!(stats.actions["DeployFile"].accepted, 1);
    assert_eq!(emulator.state_dump()["Workspaces"][0]["Mode"], "simple");
}

/// The workflow notices when a step does not do what it should: here the deployment
/// fails.
#[tokio::test]
async fn a_failed_deployment_stops_the_workflow() {
    let emulator = Emulator::builder()
        .quotas(false)
        .deploy_outcome(dataworks_emulator::DeployOutcome::Failure)
        .start()
        .await
        .unwrap();
    let (id, secret) = dataworks_emulator::DEFAULT_KEY;
    let client = dataworks_public::Client::builder()
        .region("cn-shanghai")
        .endpoint(emulator.endpoint())
        .credentials(Credentials::new(id, secret))
        .build()
        .unwrap();
    let args = Args {
        project_id: 10000,
        file_name: "probe_sql".into(),
        folder: FOLDER.into(),
    };
    let err = file_workflow::run(&client, &args, WAIT).await.unwrap_err();
    assert_eq!(err.step, "DeployFile", "{err}");
    assert!(err.problem.contains("fail"), "{err}");
}
