//! Example program emitter: the generated crate's `examples/deploy_and_wait.rs`, a small
//! command-line program that deploys a file and waits for the deployment with the
//! `DeployFile` waiter (see [`super::waiters`]). It is emitted only when that waiter
//! applies and `DeployFile` has the `ProjectId` and `FileId` parameters it sets; the
//! crate's `Cargo.toml` then declares it with the features it needs
//! ([`EXAMPLE`], [`applies`]).

use std::path::PathBuf;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::format::rust_file;
use super::{client, waiters, CodegenError, Files, OpCx};
use crate::naming;
use crate::spec_io::Spec;

/// The example's name (`examples/<name>.rs`, `cargo run --example <name>`).
pub const EXAMPLE: &str = "deploy_and_wait";

/// The operation the example starts.
const START: &str = "DeployFile";

/// What the example calls: the client method, the two setters, the waiter method, and
/// the category feature it needs.
struct Names {
    method: Ident,
    project_id: Ident,
    file_id: Ident,
    wait: Ident,
    feature: String,
}

fn names(spec: &Spec) -> Option<Names> {
    let (w, start, _) = waiters::applicable(spec)
        .into_iter()
        .find(|(w, _, _)| w.start == START)?;
    let cx = OpCx::named(spec, start);
    let setter = |wire: &str| {
        cx.request_members
            .iter()
            .find(|m| m.wire == wire)
            .map(|m| m.field.clone())
    };
    Some(Names {
        method: naming::ident(&client::method_name(start)),
        project_id: setter("ProjectId")?,
        file_id: setter("FileId")?,
        wait: naming::ident(w.method),
        feature: naming::feature_name(&start.category),
    })
}

/// The features the example needs, when it is emitted.
pub fn applies(spec: &Spec) -> Option<Vec<String>> {
    names(spec).map(|n| vec![n.feature, "reqwest".to_owned()])
}

/// Writes `examples/deploy_and_wait.rs` when it applies.
pub fn emit(spec: &Spec, files: &mut Files) -> Result<(), CodegenError> {
    let Some(names) = names(spec) else {
        return Ok(());
    };
    let path = PathBuf::from(format!("examples/{EXAMPLE}.rs"));
    files.insert(path.clone(), rust_file(&path, &tokens(&names))?);
    Ok(())
}

fn tokens(n: &Names) -> TokenStream {
    let Names {
        method,
        project_id,
        file_id,
        wait,
        ..
    } = n;
    let usage = format!(
        "usage: {EXAMPLE} <project-id> <file-id>\n\n\
         Deploys the file to production and waits until the deployment succeeds or fails.\n\n\
         Credentials: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET\n\
         (and ALIBABA_CLOUD_SECURITY_TOKEN for STS keys), or ~/.alibabacloud/credentials.\n\
         DATAWORKS_REGION: the region (default cn-shanghai).\n\
         DATAWORKS_ENDPOINT: another URL to send the calls to (optional)."
    );
    let run = format!(" cargo run --example {EXAMPLE} -- <project-id> <file-id>");
    quote! {
        //! Deploys a DataWorks file to production and waits until the deployment finishes:
        //! `DeployFile`, then `GetDeployment` until the deployment package succeeds or
        //! fails (`DeployFileRequestBuilder::send_and_wait`).
        //!
        //! ```text
        #![doc = #run]
        //! ```
        //!
        //! Credentials come from the default chain: `ALIBABA_CLOUD_ACCESS_KEY_ID` and
        //! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (and `ALIBABA_CLOUD_SECURITY_TOKEN`), else the
        //! profile file `~/.alibabacloud/credentials`. The region is `DATAWORKS_REGION`
        //! (default `cn-shanghai`); `DATAWORKS_ENDPOINT`, when set, is the URL the calls go
        //! to instead of the region's endpoint.

        use std::process::ExitCode;
        use std::time::Duration;

        use dataworks_public::prelude::*;
        use dataworks_public::waiters::WaitConfig;

        const USAGE: &str = #usage;

        /// Poll every 5 seconds, for at most 10 minutes.
        const WAIT: WaitConfig = WaitConfig::new(Duration::from_secs(5), Duration::from_secs(600));

        /// The project id and the file id from the command line.
        fn parse_args(args: &[String]) -> Result<(i64, i64), String> {
            match args {
                [project, file] => Ok((parse_id("project id", project)?, parse_id("file id", file)?)),
                _ => Err(format!("expected a project id and a file id\n\n{USAGE}")),
            }
        }

        fn parse_id(what: &str, text: &str) -> Result<i64, String> {
            text.trim()
                .parse()
                .map_err(|_| format!("the {what} must be an integer, not {text:?}\n\n{USAGE}"))
        }

        async fn deploy(project: i64, file: i64) -> Result<(), Box<dyn std::error::Error>> {
            let region = std::env::var("DATAWORKS_REGION").unwrap_or_else(|_| "cn-shanghai".to_owned());
            let mut builder = Client::builder().region(region);
            if let Ok(endpoint) = std::env::var("DATAWORKS_ENDPOINT") {
                builder = builder.endpoint(endpoint);
            }
            let client = builder.build()?;
            println!("deploying file {file} of project {project} ({}) ...", client.endpoint());
            let response = client
                .#method()
                .#project_id(project)
                .#file_id(file)
                .#wait(WAIT)
                .await?;
            println!("the deployment succeeded:\n{response:#?}");
            Ok(())
        }

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> ExitCode {
            let args: Vec<String> = std::env::args().skip(1).collect();
            if args.iter().any(|a| a == "-h" || a == "--help") {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            let (project, file) = match parse_args(&args) {
                Ok(ids) => ids,
                Err(message) => {
                    eprintln!("{message}");
                    return ExitCode::from(2);
                }
            };
            match deploy(project, file).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_calls_the_generated_names() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let spec = crate::spec_io::load(&dir).expect("spec");
        assert_eq!(
            applies(&spec),
            Some(vec!["data-development".to_owned(), "reqwest".to_owned()])
        );
        let mut files = Files::new();
        emit(&spec, &mut files).expect("emitted");
        let out = &files[&PathBuf::from("examples/deploy_and_wait.rs")];
        let flat: String = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(
                ".deploy_file() .project_id(project) .file_id(file) .send_and_wait(WAIT) .await?;"
            ),
            "{out}"
        );
        assert!(flat.contains("std::env::var(\"DATAWORKS_ENDPOINT\")"));
        let mut without = spec.clone();
        without.operations.retain(|o| o.name != "GetDeployment");
        assert_eq!(applies(&without), None);
    }
}
