//! One process of a fleet: calls paced by the account's quota, shared through Redis
//! with every other process (on any machine) that uses the same Redis and account, then
//! the account's usage this month and, with `--edition`, its estimated cost.
//!
//! ```text
//! cargo run -p dataworks-examples --example shared_quota -- PROJECT_ID \
//!     --redis redis://127.0.0.1:6379/ --account 1234567890 --calls 20 --edition enterprise
//! ```
//!
//! Start it several times at once (with different AccessKeys of the account, if you
//! like): together they never send more than the level's calls per second, and the
//! usage each one prints counts all of them. Credentials, `DATAWORKS_REGION` and
//! `DATAWORKS_ENDPOINT` as for the other examples (`--help` lists them); against the
//! emulator: `cargo run -p dataworks-emulator -- --port 8080 --key testid:testsecret`.

use std::process::ExitCode;

use dataworks_examples::shared_quota::{self, Args};
use dataworks_examples::Target;
use dataworks_public::runtime::DisplayErrorContext;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Args = match dataworks_examples::args_or_exit() {
        Ok(args) => args,
        Err(code) => return code,
    };
    let client = match shared_quota::client(Target::from_env().client_builder(), &args)
        .map_err(|e| e.to_string())
        .and_then(|builder| builder.build().map_err(|e| e.to_string()))
    {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: cannot configure the client: {e}");
            return ExitCode::FAILURE;
        }
    };
    match shared_quota::run(&client, &args).await {
        Ok(report) => {
            if let Some(total) = report.total_files {
                println!("the project holds {total} files");
            }
            // `Usage` prints the calls, the month and, with an edition, the cost.
            println!("{}", report.usage);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", DisplayErrorContext(&e));
            ExitCode::FAILURE
        }
    }
}
