//! Tells apart the ways a call can fail. Every call returns the operation's response or
//! an `SdkError<E>`, where `E` is the operation's error enum (here
//! `GetDeploymentError`): a variant for each error code its documentation lists,
//! `Common(CommonError::..)` for the codes every operation can return, `Unknown` for
//! any other code. The other `SdkError` variants say what went wrong on the way: the
//! request could not be built (nothing sent), credentials, the client-side daily quota,
//! the connection, or an answer that could not be decoded.
//!
//! ```text
//! cargo run -p dataworks-examples --example typed_errors -- PROJECT_ID DEPLOYMENT_ID
//! ```
//!
//! It first calls `GetDeployment` without its required `DeploymentId`, which fails with
//! `SdkError::Build` before anything is sent (so this part needs no credentials or
//! network), then with it; a deployment id that does not exist shows a service error.
//! Credentials, `DATAWORKS_REGION` and `DATAWORKS_ENDPOINT` as for the other examples
//! (`--help` lists them).

use std::process::ExitCode;

use dataworks_examples::typed_errors::Args;
use dataworks_public::data_development::GetDeploymentError;
use dataworks_public::prelude::*;
use dataworks_public::runtime::DisplayErrorContext;
use dataworks_public::CommonError;

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

    // 1. A required parameter left out: `send()` fails before signing or sending.
    let unbuilt = client
        .get_deployment()
        .project_id(args.project_id)
        .send()
        .await;
    match unbuilt {
        Err(SdkError::Build(e)) => {
            // The build error is structured: which parameter (or one-of group) is missing.
            let missing = e.parameter().unwrap_or("a one-of group");
            println!(
                "without DeploymentId: SdkError::Build, nothing sent: {e} (missing: {missing})"
            );
        }
        other => {
            eprintln!("error: expected SdkError::Build, got {other:?}");
            return ExitCode::FAILURE;
        }
    }

    // 2. The real call.
    let result = client
        .get_deployment()
        .project_id(args.project_id)
        .deployment_id(args.deployment_id)
        .send()
        .await;
    match result {
        Ok(response) => {
            let request_id = response.request_id().map(str::to_owned);
            let deployment = response.data.and_then(|data| data.deployment);
            let status = deployment.and_then(|d| d.status);
            println!(
                "deployment {}: status {status:?} (request id {:?})",
                args.deployment_id, request_id
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            explain(&e);
            ExitCode::FAILURE
        }
    }
}

/// Prints what went wrong, one `SdkError` variant at a time.
fn explain(error: &SdkError<GetDeploymentError>) {
    match error {
        SdkError::Service(e) => {
            // What every service error has (the `ServiceError` trait)...
            eprintln!("the service refused: {} (HTTP {})", e.code(), e.status());
            eprintln!("  message: {}", e.message());
            if let Some(description) = e.description() {
                eprintln!("  documented as: {description}");
            }
            eprintln!("  request id: {}", e.request_id().unwrap_or("(none)"));
            // ... and what this operation's error enum says about it.
            match e {
                GetDeploymentError::InternalErrorUserIdMissing(_) => {
                    eprintln!("  a documented error of GetDeployment");
                }
                GetDeploymentError::Common(
                    CommonError::ThrottlingUser(_)
                    | CommonError::ThrottlingApi(_)
                    | CommonError::ThrottlingSystem(_),
                ) => eprintln!("  throttled, even after the client's own retries: slow down"),
                GetDeploymentError::Common(CommonError::ForbiddenAccess(_)) => {
                    eprintln!("  needs DataWorks Enterprise or Flagship Edition");
                }
                GetDeploymentError::Unknown(unknown) => {
                    // Opaque: read the code, do not match on it (a code documented later
                    // gets its own variant).
                    eprintln!(
                        "  a code GetDeployment does not document: {}",
                        unknown.code()
                    );
                }
                _ => {}
            }
            let retry = if e.is_retryable() { "may" } else { "will not" };
            eprintln!("  sending it again later {retry} help");
        }
        SdkError::Transport(e) => {
            // Connection failures and timeouts were already retried by the client.
            eprintln!("no answer ({:?}): {}", e.kind(), DisplayErrorContext(e));
        }
        SdkError::Decode(e) => {
            eprintln!(
                "an answer that is not DataWorks': {}",
                DisplayErrorContext(e)
            );
        }
        SdkError::Credentials(e) => {
            eprintln!("no usable credentials: {}", DisplayErrorContext(e));
            eprintln!("  see the default credentials chain in the README (or run the default_credentials example)");
        }
        // The client counts calls of QPS level 3 against the documented daily quota.
        SdkError::QuotaExceeded(e) => eprintln!("not sent: {e}"),
        SdkError::Build(e) => eprintln!("not sent: {e}"),
        // `SdkError` is `#[non_exhaustive]`: later versions may add variants. The whole
        // chain, each cause once:
        other => eprintln!("error: {}", DisplayErrorContext(other)),
    }
}
