//! What the example programs in `examples/examples/` share: the client built from the
//! environment ([`client_from_env`]) and each program's command line ([`Cli`], one
//! module per program), parsed here so that it is tested without the network.
//!
//! Run a program with `cargo run -p dataworks-examples --example NAME -- ARGS`;
//! `--help` prints its usage:
//!
//! - `deploy_and_wait PROJECT_ID FILE_ID`: deploys a file, waits for the deployment.
//! - `file_workflow PROJECT_ID [FILE_NAME]`: the whole file workflow (create, read back,
//!   submit, deploy and wait, smoke test, instances and log, delete), checking each step.
//! - `paginate_files PROJECT_ID [OPTIONS]`: lists every file of a project.
//! - `typed_errors PROJECT_ID DEPLOYMENT_ID`: tells the errors a call can fail with apart.
//! - `shared_quota PROJECT_ID --redis URL --account ID [OPTIONS]`: calls paced by an
//!   account's quota shared through Redis with every other process, then the account's
//!   usage this month.
//! - `default_credentials PROJECT_ID`: finds credentials with the default chain, says
//!   where they came from, and makes one call with them.
//!
//! Exit codes: 0 success, 1 the call (or the work it started) failed, 2 bad arguments.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::fmt;
use std::process::ExitCode;

use dataworks_public::runtime::{ClientBuilder, ConfigError};
use dataworks_public::Client;

/// The region used when `DATAWORKS_REGION` is not set.
pub const DEFAULT_REGION: &str = "cn-shanghai";

/// What every program reads from its environment; `--help` prints it after the usage.
pub const ENVIRONMENT_HELP: &str = "\
Environment:
  ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET
                      the access key (with ALIBABA_CLOUD_SECURITY_TOKEN for STS keys);
                      without them, the rest of the default credentials chain (RRSA,
                      ~/.aliyun/config.json, ~/.alibabacloud/credentials, the ECS RAM
                      role, ALIBABA_CLOUD_CREDENTIALS_URI; see the README)
  DATAWORKS_REGION    the region (default cn-shanghai)
  DATAWORKS_ENDPOINT  a URL to send the calls to instead of the region's endpoint";

/// The exit code of a program given bad arguments.
pub const USAGE_EXIT_CODE: u8 = 2;

/// Where the calls go: `DATAWORKS_REGION` (default [`DEFAULT_REGION`]) and, when set,
/// `DATAWORKS_ENDPOINT`. Credentials are not read here: the client looks them up (the
/// default chain) when it sends the first call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The region, e.g. `cn-shanghai`.
    pub region: String,
    /// A URL replacing the region's endpoint, e.g. `http://127.0.0.1:8080`.
    pub endpoint: Option<String>,
}

impl Target {
    /// The target the process environment names.
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The target `lookup` names (`lookup("DATAWORKS_REGION")` and
    /// `lookup("DATAWORKS_ENDPOINT")`); blank values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |name| {
            lookup(name)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        Target {
            region: get("DATAWORKS_REGION").unwrap_or_else(|| DEFAULT_REGION.to_owned()),
            endpoint: get("DATAWORKS_ENDPOINT"),
        }
    }

    /// A client for this target (pacing and retries on, as by default).
    ///
    /// # Errors
    ///
    /// [`ConfigError`] for an invalid region or endpoint URL.
    pub fn client(&self) -> Result<Client, ConfigError> {
        self.client_builder().build()
    }

    /// A client builder for this target, for programs that set more (a shared limiter,
    /// the account).
    pub fn client_builder(&self) -> ClientBuilder {
        let builder = Client::builder().region(&self.region);
        match &self.endpoint {
            Some(url) => builder.endpoint(url),
            None => builder,
        }
    }
}

/// A client for the target the environment names ([`Target::from_env`]).
///
/// # Errors
///
/// [`ConfigError`] for an invalid `DATAWORKS_REGION` or `DATAWORKS_ENDPOINT`.
pub fn client_from_env() -> Result<Client, ConfigError> {
    Target::from_env().client()
}

/// A program's command-line arguments.
pub trait Cli: Sized {
    /// The usage: synopsis, what the program does, its arguments and options.
    const USAGE: &'static str;

    /// Parses the arguments (without the program name; `-h`/`--help` is handled by
    /// [`parse_args`]), or says what is wrong with them.
    ///
    /// # Errors
    ///
    /// A one-line message naming the bad or missing argument.
    fn parse(args: Vec<String>) -> Result<Self, String>;
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command<T> {
    /// Run with these arguments.
    Run(T),
    /// Print the help (`-h` or `--help` was given).
    Help,
}

/// Bad command-line arguments: the message, then the usage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    /// What is wrong.
    pub message: String,
    /// The program's usage ([`Cli::USAGE`]).
    pub usage: &'static str,
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}\n\n{}", self.message, self.usage)
    }
}

impl std::error::Error for UsageError {}

/// Parses a command line (without the program name): [`Command::Help`] when it holds
/// `-h` or `--help`, else the arguments [`Cli::parse`] makes of it.
///
/// # Errors
///
/// [`UsageError`] when [`Cli::parse`] rejects the arguments.
pub fn parse_args<T: Cli, S: Into<String>>(
    args: impl IntoIterator<Item = S>,
) -> Result<Command<T>, UsageError> {
    let args: Vec<String> = args.into_iter().map(Into::into).collect();
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        return Ok(Command::Help);
    }
    T::parse(args)
        .map(Command::Run)
        .map_err(|message| UsageError {
            message,
            usage: T::USAGE,
        })
}

/// The text `--help` prints: the usage, then [`ENVIRONMENT_HELP`].
pub fn help_text<T: Cli>() -> String {
    format!("{}\n\n{ENVIRONMENT_HELP}", T::USAGE)
}

/// The process's arguments, or the exit code to end it with: after printing the help
/// (exit code 0) or the usage error ([`USAGE_EXIT_CODE`]).
///
/// # Errors
///
/// The exit code when the program should not run.
pub fn args_or_exit<T: Cli>() -> Result<T, ExitCode> {
    let args: Vec<String> = match std::env::args_os()
        .skip(1)
        .map(|arg| arg.into_string())
        .collect()
    {
        Ok(args) => args,
        Err(arg) => {
            let usage = UsageError {
                message: format!("arguments must be UTF-8, not {arg:?}"),
                usage: T::USAGE,
            };
            eprintln!("{usage}");
            return Err(ExitCode::from(USAGE_EXIT_CODE));
        }
    };
    match parse_args::<T, _>(args) {
        Ok(Command::Run(args)) => Ok(args),
        Ok(Command::Help) => {
            println!("{}", help_text::<T>());
            Err(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{e}");
            Err(ExitCode::from(USAGE_EXIT_CODE))
        }
    }
}

/// Parses an id (of a project, file, deployment, ...): a positive integer.
///
/// # Errors
///
/// A message naming `what` and the text.
pub fn parse_id(what: &str, text: &str) -> Result<i64, String> {
    match text.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(format!(
            "the {what} must be a positive integer, not {text:?}"
        )),
    }
}

/// Rejects options (arguments starting with `-`) where only positional arguments are
/// expected, and checks their number.
fn positional<const N: usize>(args: Vec<String>, expected: &str) -> Result<[String; N], String> {
    if let Some(option) = args.iter().find(|arg| arg.starts_with('-')) {
        return Err(format!("unknown option {option:?}"));
    }
    let count = args.len();
    args.try_into()
        .map_err(|_| format!("expected {expected}, got {count} argument(s)"))
}

pub mod default_credentials;
pub mod file_workflow;

/// The command line of `deploy_and_wait`.
pub mod deploy_and_wait {
    use super::{parse_id, positional, Cli};

    /// Deploy `file_id` of `project_id` and wait.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Args {
        /// The project (workspace) id.
        pub project_id: i64,
        /// The file id (as `ListFiles` gives it).
        pub file_id: i64,
    }

    impl Cli for Args {
        const USAGE: &'static str = "\
usage: deploy_and_wait PROJECT_ID FILE_ID

Deploys the file to production and waits until the deployment succeeds or fails
(polling every 5 s, for at most 10 minutes).

Exit codes: 0 deployed, 1 the deployment or a call failed, or timed out,
2 bad arguments.";

        fn parse(args: Vec<String>) -> Result<Self, String> {
            let [project, file] = positional(args, "a project id and a file id")?;
            Ok(Args {
                project_id: parse_id("project id", &project)?,
                file_id: parse_id("file id", &file)?,
            })
        }
    }
}

/// One argument of a command line, as [`each_arg`] gives it: `--name value`,
/// `--name=value`, a flag `--name`, or a positional argument.
struct Arg<'a> {
    /// The argument, or its part before `=` for `--name=value`.
    name: String,
    /// The argument as given.
    raw: String,
    /// The part after `=` of `--name=value`.
    inline: Option<String>,
    rest: &'a mut std::vec::IntoIter<String>,
}

impl Arg<'_> {
    /// The option's value: the inline one, else the next argument.
    fn value(&mut self) -> Result<String, String> {
        self.inline
            .take()
            .or_else(|| self.rest.next())
            .ok_or_else(|| format!("{} needs a value", self.name))
    }

    /// Checks that a flag was given without a value.
    fn flag(&self) -> Result<bool, String> {
        match self.inline {
            None => Ok(true),
            Some(_) => Err(format!("{} takes no value", self.name)),
        }
    }

    /// Takes the argument as the program's one positional argument, the project id;
    /// an option the program does not know, or a second positional argument, is an
    /// error.
    fn project_id(&self, project: &mut Option<i64>) -> Result<(), String> {
        if self.name.starts_with('-') {
            return Err(format!("unknown option {:?}", self.name));
        }
        if project.is_some() {
            return Err(format!("unexpected argument {:?}", self.raw));
        }
        *project = Some(parse_id("project id", &self.raw)?);
        Ok(())
    }
}

/// Calls `each` with every argument in turn (an option's value is taken with
/// [`Arg::value`]).
fn each_arg(
    args: Vec<String>,
    mut each: impl FnMut(Arg<'_>) -> Result<(), String>,
) -> Result<(), String> {
    let mut rest = args.into_iter();
    while let Some(raw) = rest.next() {
        let (name, inline) = match raw.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (raw.clone(), None),
        };
        each(Arg {
            name,
            raw,
            inline,
            rest: &mut rest,
        })?;
    }
    Ok(())
}

/// The command line of `paginate_files`.
pub mod paginate_files {
    use super::{each_arg, Cli};

    /// The page size asked for unless `--page-size` is given.
    pub const DEFAULT_PAGE_SIZE: i32 = 50;
    /// The largest page size `ListFiles` accepts.
    pub const MAX_PAGE_SIZE: i32 = 100;
    /// The most pages fetched unless `--max-pages` is given.
    pub const DEFAULT_MAX_PAGES: u32 = 100;

    /// List the files of `project_id`, optionally filtered.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Args {
        /// The project (workspace) id.
        pub project_id: i64,
        /// Only files whose name contains this (`Keyword`).
        pub keyword: Option<String>,
        /// Only files in this folder (`FileFolderPath`).
        pub folder: Option<String>,
        /// Files per page, 1 to [`MAX_PAGE_SIZE`].
        pub page_size: i32,
        /// The page guard: stop with an error after this many pages.
        pub max_pages: u32,
        /// Print one line per page instead of one per file.
        pub by_page: bool,
    }

    impl Cli for Args {
        const USAGE: &'static str = "\
usage: paginate_files PROJECT_ID [--keyword WORD] [--folder PATH]
                      [--page-size N] [--max-pages N] [--pages]

Lists every file of the project, one line per file (id, type, name), then the total.

Options:
  --keyword WORD   only files whose name contains WORD
  --folder PATH    only files in this folder, e.g. 业务流程/my_flow/MaxCompute
  --page-size N    files per call, 1 to 100 (default 50)
  --max-pages N    stop with an error after N pages (default 100)
  --pages          print one line per page instead of one per file";

        fn parse(args: Vec<String>) -> Result<Self, String> {
            let mut project = None;
            let mut out = Args {
                project_id: 0,
                keyword: None,
                folder: None,
                page_size: DEFAULT_PAGE_SIZE,
                max_pages: DEFAULT_MAX_PAGES,
                by_page: false,
            };
            each_arg(args, |mut arg| {
                match arg.name.as_str() {
                    "--keyword" => out.keyword = Some(arg.value()?),
                    "--folder" => out.folder = Some(arg.value()?),
                    "--page-size" => out.page_size = page_size(&arg.value()?)?,
                    "--max-pages" => out.max_pages = max_pages(&arg.value()?)?,
                    "--pages" => out.by_page = arg.flag()?,
                    _ => arg.project_id(&mut project)?,
                }
                Ok(())
            })?;
            out.project_id = project.ok_or("expected a project id")?;
            Ok(out)
        }
    }

    fn page_size(text: &str) -> Result<i32, String> {
        match text.trim().parse::<i32>() {
            Ok(size) if (1..=MAX_PAGE_SIZE).contains(&size) => Ok(size),
            _ => Err(format!(
                "the page size must be 1 to {MAX_PAGE_SIZE}, not {text:?}"
            )),
        }
    }

    fn max_pages(text: &str) -> Result<u32, String> {
        match text.trim().parse::<u32>() {
            Ok(max) if max > 0 => Ok(max),
            _ => Err(format!(
                "--max-pages must be a positive integer, not {text:?}"
            )),
        }
    }
}

/// The command line of `typed_errors`.
pub mod typed_errors {
    use super::{parse_id, positional, Cli};

    /// Look up `deployment_id` in `project_id`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Args {
        /// The project (workspace) id.
        pub project_id: i64,
        /// The deployment package id (as `DeployFile` returns it).
        pub deployment_id: i64,
    }

    impl Cli for Args {
        const USAGE: &'static str = "\
usage: typed_errors PROJECT_ID DEPLOYMENT_ID

Calls GetDeployment twice: first without DeploymentId (an SdkError::Build, nothing
is sent), then with it, and says which kind of error, if any, the call failed with.
An id that does not exist shows a service error.

Exit codes: 0 the call succeeded, 1 it failed, 2 bad arguments.";

        fn parse(args: Vec<String>) -> Result<Self, String> {
            let [project, deployment] = positional(args, "a project id and a deployment id")?;
            Ok(Args {
                project_id: parse_id("project id", &project)?,
                deployment_id: parse_id("deployment id", &deployment)?,
            })
        }
    }
}

/// The command line of `shared_quota`, and what it does (here, so that it is tested
/// against the emulator and a real Redis).
pub mod shared_quota {
    use std::time::Duration;

    use dataworks_public::data_development::ListFilesError;
    use dataworks_public::prelude::*;
    use dataworks_public::runtime::{
        BackendError, OnBackendFailure, RateLimiter, RateLimits, RedisBackend, Usage, UsageError,
    };
    use dataworks_public::Edition;

    use super::{each_arg, Cli, ClientBuilder};

    /// The calls made unless `--calls` is given.
    pub const DEFAULT_CALLS: u32 = 10;

    /// List the files of `project_id` `calls` times under the account's shared quota.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Args {
        /// The project (workspace) id.
        pub project_id: i64,
        /// The Redis every process of the account shares, e.g. `redis://10.0.0.5:6379/`.
        pub redis: String,
        /// The main account whose quota the calls count against.
        pub account: String,
        /// How many `ListFiles` calls to make.
        pub calls: u32,
        /// Fail at once when Redis cannot be reached, instead of falling back to this
        /// process's own limiter.
        pub fail_closed: bool,
        /// The edition, for the cost estimate.
        pub edition: Option<Edition>,
    }

    impl Cli for Args {
        const USAGE: &'static str = "\
usage: shared_quota PROJECT_ID --redis URL --account ID [--calls N]
                    [--edition ID] [--fail-closed]

Calls ListFiles N times (default 10) as one process of a fleet: the calls are paced
by the account's QPS level and daily quota in the region, counted in Redis together
with every other process that uses the same Redis and account, whichever AccessKey
it signs with. Then prints the account's calls this month (retries included) and,
with --edition, the estimated cost beyond the free monthly quota.

Options:
  --redis URL      the shared Redis, e.g. redis://127.0.0.1:6379/
  --account ID     the main account id (RAM users' keys count against it)
  --calls N        how many calls to make (default 10)
  --edition ID     the DataWorks edition (enterprise, flagship, ...): the cost estimate
                   uses its documented free monthly quota and price
  --fail-closed    fail each call at once while Redis is unreachable (default: fall
                   back to this process's own limiter, with a warning)";

        fn parse(args: Vec<String>) -> Result<Self, String> {
            let mut project = None;
            let (mut redis, mut account) = (None, None);
            let mut out = Args {
                project_id: 0,
                redis: String::new(),
                account: String::new(),
                calls: DEFAULT_CALLS,
                fail_closed: false,
                edition: None,
            };
            each_arg(args, |mut arg| {
                match arg.name.as_str() {
                    "--redis" => redis = Some(arg.value()?),
                    "--account" => account = Some(arg.value()?),
                    "--calls" => out.calls = calls(&arg.value()?)?,
                    "--edition" => out.edition = Some(edition(&arg.value()?)?),
                    "--fail-closed" => out.fail_closed = arg.flag()?,
                    _ => arg.project_id(&mut project)?,
                }
                Ok(())
            })?;
            out.project_id = project.ok_or("expected a project id")?;
            out.redis = redis.ok_or("--redis is required")?;
            out.account = account
                .filter(|a| !a.trim().is_empty())
                .ok_or("--account is required")?;
            Ok(out)
        }
    }

    fn calls(text: &str) -> Result<u32, String> {
        match text.trim().parse::<u32>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("--calls must be a positive integer, not {text:?}")),
        }
    }

    fn edition(text: &str) -> Result<Edition, String> {
        Edition::from_id(text.trim()).ok_or_else(|| {
            let ids: Vec<&str> = Edition::ALL.iter().map(|e| e.id()).collect();
            format!("--edition must be one of {}, not {text:?}", ids.join(", "))
        })
    }

    /// The client: `builder` (the target) with the account, the edition and a limiter
    /// whose counts live in the shared Redis.
    ///
    /// # Errors
    ///
    /// [`BackendError`] for a Redis URL that does not parse (the connection is made by
    /// the first call).
    pub fn client(builder: ClientBuilder, args: &Args) -> Result<ClientBuilder, BackendError> {
        let backend = RedisBackend::new(args.redis.clone())?;
        let on_failure = if args.fail_closed {
            OnBackendFailure::FailClosed
        } else {
            OnBackendFailure::FallBackToLocal
        };
        let limiter = RateLimiter::shared(RateLimits::documented(), backend)
            .on_backend_failure(on_failure)
            .backend_timeout(Duration::from_millis(250));
        let builder = builder.account(&args.account).rate_limiter(limiter);
        Ok(match args.edition {
            Some(edition) => builder.pricing(edition.pricing()),
            None => builder,
        })
    }

    /// What a run did.
    #[derive(Debug)]
    pub struct Report {
        /// Files in the project, as the last call counted them.
        pub total_files: Option<i32>,
        /// The account's usage this month, after the calls.
        pub usage: Usage,
    }

    /// What a run can fail with.
    #[derive(Debug, thiserror::Error)]
    pub enum RunError {
        /// A call failed (the limiter's refusals included: quota, budget, Redis).
        #[error("a ListFiles call failed")]
        Call(#[from] SdkError<ListFilesError>),
        /// The usage meter could not be read.
        #[error("cannot read the usage meter")]
        Usage(#[from] UsageError),
    }

    /// Makes the calls, then reads the usage meter.
    ///
    /// # Errors
    ///
    /// [`RunError`] for the first call that fails, or the meter.
    pub async fn run(client: &Client, args: &Args) -> Result<Report, RunError> {
        let mut total_files = None;
        for _ in 0..args.calls {
            let page = client
                .list_files()
                .project_id(args.project_id)
                .page_size(1)
                .send()
                .await?;
            total_files = page.data.and_then(|data| data.total_count);
        }
        let usage = client.usage().await?;
        Ok(Report { total_files, usage })
    }
}
