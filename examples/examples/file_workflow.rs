//! The file workflow of DataWorks' own OpenAPI examples, end to end, checking each step
//! (`dataworks_examples::file_workflow` says which): create an ODPS SQL file and read it
//! back, submit it (standard-mode workspaces), deploy it and wait, run a smoke test of
//! its node and read the instance and its log, then delete the file.
//!
//! ```text
//! cargo run -p dataworks-examples --example file_workflow -- PROJECT_ID [FILE_NAME]
//! ```
//!
//! Against the local emulator (both workspace modes):
//!
//! ```text
//! cargo run -p dataworks-emulator -- --port 8080 --project 10000:standard &
//! ALIBABA_CLOUD_ACCESS_KEY_ID=testid ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecret \
//!   DATAWORKS_ENDPOINT=http://127.0.0.1:8080 \
//!   cargo run -p dataworks-examples --example file_workflow -- 10000
//! ```
//!
//! Credentials, region and endpoint come from the environment, as for every example
//! (`--help` lists the variables).
//!
//! Exit codes: 0 every step did what it should, 1 a call failed or a step found
//! something else, 2 bad arguments.

use std::process::ExitCode;

use dataworks_examples::file_workflow::{self, Args, Mode};

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
    println!(
        "file workflow in project {} ({}), file {:?} ...",
        args.project_id,
        client
            .endpoint_for(&dataworks_public::ENDPOINTS)
            .map_or_else(|e| e.to_string(), |endpoint| endpoint.to_string()),
        args.file_name
    );
    match file_workflow::run(&client, &args, file_workflow::WAIT).await {
        Ok(report) => {
            let mode = match report.mode {
                Mode::Standard => "standard (DEV and PROD)",
                Mode::Simple => "simple (PROD)",
            };
            println!("workspace mode: {mode}");
            println!("created file {}, read back as sent", report.file_id);
            if let Some(id) = report.submission {
                println!("submitted (deployment {id}), committed");
            }
            println!("deployed to production: node {}", report.node_id);
            println!(
                "smoke test: DAG {}, instance {}; log:\n{}",
                report.dag_id, report.instance_id, report.log
            );
            match report.deletion {
                Some(id) => println!("deleted (deployment {id}); the file is gone"),
                None => println!("deleted; the file is gone"),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
