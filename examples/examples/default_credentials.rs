//! Runs with whatever credentials the default chain finds, and says which: keys in the
//! environment, RRSA in a Kubernetes pod (OIDC), a profile of `~/.aliyun/config.json`
//! or `~/.alibabacloud/credentials`, the ECS instance's RAM role, or a credentials URI
//! (the README's "Credentials" section lists the order and every variable). Then it
//! looks the project up with them (`GetProject`); temporary credentials are refreshed
//! by the client before they expire.
//!
//! ```text
//! cargo run -p dataworks-examples --example default_credentials -- PROJECT_ID
//! ```
//!
//! To try the chain against stand-ins, point STS and the metadata service elsewhere
//! with `ALIBABA_CLOUD_STS_ENDPOINT` and `ALIBABA_CLOUD_ECS_METADATA_ENDPOINT` (this
//! project's own variables), and DataWorks with `DATAWORKS_ENDPOINT`.

use std::process::ExitCode;

use dataworks_examples::default_credentials::{self, Args};
use dataworks_examples::Target;
use dataworks_public::runtime::credentials::ProviderConfig;
use dataworks_public::runtime::DisplayErrorContext;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Args = match dataworks_examples::args_or_exit() {
        Ok(args) => args,
        Err(code) => return code,
    };
    let (found, cache) = match default_credentials::resolve(ProviderConfig::new()).await {
        Ok(resolved) => resolved,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{found}");
    let client = match Target::from_env()
        .client_builder()
        .credentials_cache(cache)
        .build()
    {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: cannot configure the client: {e}");
            return ExitCode::FAILURE;
        }
    };
    match default_credentials::run(&client, &args).await {
        Ok(name) => {
            let name = name.as_deref().unwrap_or("(no name)");
            println!("project {}: {name}", args.project_id);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: GetProject failed: {}", DisplayErrorContext(&e));
            ExitCode::FAILURE
        }
    }
}
