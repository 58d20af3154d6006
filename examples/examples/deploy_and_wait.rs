//! Deploys a DataWorks file to production and waits until the deployment finishes:
//! `DeployFile`, then `GetDeployment` every few seconds until the deployment package
//! succeeds or fails (`DeployFileRequestBuilder::send_and_wait`).
//!
//! ```text
//! cargo run -p dataworks-examples --example deploy_and_wait -- PROJECT_ID FILE_ID
//! ```
//!
//! Credentials come from the default chain: `ALIBABA_CLOUD_ACCESS_KEY_ID` and
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (and `ALIBABA_CLOUD_SECURITY_TOKEN`), else the
//! profile file `~/.alibabacloud/credentials`. The region is `DATAWORKS_REGION`
//! (default `cn-shanghai`); `DATAWORKS_ENDPOINT`, when set, is the URL the calls go to
//! instead of the region's endpoint.
//!
//! Exit codes: 0 deployed, 1 the deployment or a call failed or it timed out, 2 bad
//! arguments.

use std::process::ExitCode;
use std::time::Duration;

use dataworks_examples::deploy_and_wait::Args;
use dataworks_public::prelude::*;
use dataworks_public::runtime::DisplayErrorContext;
use dataworks_public::waiters::{DeployWaitError, WaitConfig};

/// Poll every 5 seconds, for at most 10 minutes.
const WAIT: WaitConfig = WaitConfig::new(Duration::from_secs(5), Duration::from_secs(600));

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Args = match dataworks_examples::args_or_exit() {
        Ok(args) => args,
        Err(code) => return code,
    };
    let client = match dataworks_examples::client_from_env() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: cannot configure the client: {e}");
            return ExitCode::FAILURE;
        }
    };
    let endpoint = match client.endpoint_for(&dataworks_public::ENDPOINTS) {
        Ok(endpoint) => endpoint,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "deploying file {} of project {} ({endpoint}) ...",
        args.file_id, args.project_id,
    );

    let outcome = client
        .deploy_file()
        .project_id(args.project_id)
        .file_id(args.file_id)
        .comment("deployed by the deploy_and_wait example")
        .send_and_wait(WAIT)
        .await;

    match outcome {
        Ok(response) => {
            // Every response member is an `Option`: the service may leave any out.
            let data = response.data.unwrap_or_default();
            let deployment = data.deployment.unwrap_or_default();
            println!(
                "deployed: package {:?}, status {:?}",
                deployment.name.as_deref().unwrap_or("(unnamed)"),
                deployment.status,
            );
            for item in data.deployed_items.unwrap_or_default() {
                println!(
                    "  file {} version {}",
                    item.file_id.map_or("?".to_owned(), |id| id.to_string()),
                    item.file_version.map_or("?".to_owned(), |v| v.to_string()),
                );
            }
            ExitCode::SUCCESS
        }
        Err(DeployWaitError::Failed {
            status, message, ..
        }) => {
            let message = message.as_deref().unwrap_or("(no error message)");
            eprintln!("the deployment failed (status {status}): {message}");
            ExitCode::FAILURE
        }
        Err(DeployWaitError::TimedOut { id, polls, timeout }) => {
            eprintln!(
                "deployment {id} did not finish within {} s ({polls} polls); it may still \
                 finish: ask GetDeployment with DeploymentId {id}",
                timeout.as_secs()
            );
            ExitCode::FAILURE
        }
        // `Start` (DeployFile failed), `Poll` (a GetDeployment call failed: the
        // deployment may still be running), `MissingId`, and variants added later.
        Err(e) => {
            eprintln!("error: {}", DisplayErrorContext(&e));
            ExitCode::FAILURE
        }
    }
}
