//! `dataworks-emulator`: runs the emulator on 127.0.0.1 until interrupted, printing the
//! endpoint and the keys it accepts.
//!
//! ```text
//! cargo run -p dataworks-emulator -- --port 8080 --key testid:testsecret
//! ```

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use dataworks_emulator::{
    DeployOutcome, Emulator, Fault, Key, OidcProvider, Project, Role, Seed, UtcOffset,
};

/// A local DataWorks OpenAPI emulator (dataworks-public 2020-05-18) on 127.0.0.1.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Args {
    /// Port of 127.0.0.1 to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// A key to accept, `ID:SECRET` or `ID:SECRET:ACCOUNT` (keys of one account share
    /// its quotas). Repeat for several. Default: testid:testsecret.
    #[arg(long = "key", value_name = "ID:SECRET[:ACCOUNT]")]
    keys: Vec<Key>,
    /// Region of calls that name none.
    #[arg(long, default_value = "cn-shanghai")]
    region: String,
    /// Do not count quotas (no call is ever throttled).
    #[arg(long)]
    no_quotas: bool,
    /// Calls per second of a QPS level, `LEVEL=QPS` (default 1=50, 2=20, 3=5).
    #[arg(long, value_name = "LEVEL=QPS", value_parser = level_value)]
    qps: Vec<(u8, u32)>,
    /// Daily quota of level 3 (default 10000).
    #[arg(long, value_name = "CALLS")]
    daily_quota: Option<u32>,
    /// Arrival jitter in milliseconds the QPS check forgives (the window checked is one
    /// second minus this).
    #[arg(long, default_value_t = 50)]
    jitter_allowance_ms: u64,
    /// UTC offset in hours at whose midnight daily quotas start again.
    #[arg(long, default_value_t = 8, allow_hyphen_values = true)]
    day_offset_hours: i8,
    /// `GetDeployment` polls that report status 0 (ready) before a deployment ends.
    #[arg(long, default_value_t = 2)]
    deploy_polls: u32,
    /// How deployments end: `success` (status 1) or `failure` (status 2).
    #[arg(long, default_value = "success")]
    deploy_outcome: DeployOutcome,
    /// Items every paged list operation outside the DataStudio state has in all.
    #[arg(long, default_value_t = 25)]
    page_items: u32,
    /// A workspace and its mode, `ID:standard` (DEV and PROD: submit, then deploy) or
    /// `ID:simple` (PROD only, the mode of every other workspace). Repeat for several.
    #[arg(long = "project", value_name = "ID:MODE")]
    projects: Vec<Project>,
    /// A fixture (YAML or JSON) of workspaces, workflows, folders and files to start
    /// with (the README's emulator section shows the format).
    #[arg(long, value_name = "FILE")]
    seed: Option<std::path::PathBuf>,
    /// No DataStudio state: every operation answers with its documented example.
    #[arg(long)]
    no_state: bool,
    /// Timestamp window in seconds.
    #[arg(long, default_value_t = 900)]
    timestamp_window: u64,
    /// Scripted faults of an action, `ACTION=FAULT[,FAULT…]`; a fault is `STATUS:CODE`,
    /// `raw:STATUS`, `drop` or `delay:MS`. Repeat for several actions.
    #[arg(long = "fault", value_name = "ACTION=FAULTS", value_parser = action_faults)]
    faults: Vec<(String, Vec<Fault>)>,
    /// Latency added to every call of an action, `ACTION=MS`.
    #[arg(long = "latency", value_name = "ACTION=MS", value_parser = action_latency)]
    latencies: Vec<(String, Duration)>,
    /// Port of 127.0.0.1 for STS, the ECS metadata service and the credentials URI
    /// (0: any free port).
    #[arg(long, default_value_t = 0)]
    credentials_port: u16,
    /// A RAM role STS hands out credentials of, `ARN` (anyone may assume it) or
    /// `ARN=PRINCIPAL[,PRINCIPAL…]` (only these key ids, accounts, role ARNs or OIDC
    /// provider ARNs). Repeat for several.
    #[arg(long = "role", value_name = "ARN[=PRINCIPALS]", value_parser = role)]
    roles: Vec<Role>,
    /// An OIDC provider and the one token it accepts, `ARN=TOKEN`.
    #[arg(long = "oidc-provider", value_name = "ARN=TOKEN", value_parser = oidc_provider)]
    oidc_providers: Vec<OidcProvider>,
    /// The RAM role attached to the emulated ECS instance.
    #[arg(long, value_name = "NAME")]
    instance_role: Option<String>,
    /// Hardened metadata service: GETs without a session token get 401.
    #[arg(long)]
    metadata_hardened: bool,
}

fn role(text: &str) -> Result<Role, String> {
    let (arn, principals) = match text.split_once('=') {
        Some((arn, principals)) => (arn, Some(principals)),
        None => (text, None),
    };
    if !arn.starts_with("acs:ram::") || !arn.contains(":role/") {
        return Err(format!(
            "a role is `acs:ram::<account>:role/<name>`, got `{arn}`"
        ));
    }
    let mut role = Role::new(arn);
    for principal in principals.into_iter().flat_map(|p| p.split(',')) {
        if !principal.is_empty() {
            role = role.trust(principal);
        }
    }
    Ok(role)
}

fn oidc_provider(text: &str) -> Result<OidcProvider, String> {
    let (arn, token) = text
        .split_once('=')
        .filter(|(arn, token)| !arn.is_empty() && !token.is_empty())
        .ok_or_else(|| "expected ARN=TOKEN".to_owned())?;
    Ok(OidcProvider::with_token(arn, token))
}

fn level_value(text: &str) -> Result<(u8, u32), String> {
    let (level, qps) = text
        .split_once('=')
        .ok_or_else(|| format!("expected LEVEL=QPS, got `{text}`"))?;
    let level: u8 = level
        .parse()
        .ok()
        .filter(|l| (1..=3).contains(l))
        .ok_or_else(|| format!("the level is 1, 2 or 3, got `{level}`"))?;
    let qps: u32 = qps
        .parse()
        .map_err(|_| format!("QPS is a whole number, got `{qps}`"))?;
    Ok((level, qps))
}

fn action_faults(text: &str) -> Result<(String, Vec<Fault>), String> {
    let (action, faults) = text
        .split_once('=')
        .ok_or_else(|| format!("expected ACTION=FAULT[,FAULT…], got `{text}`"))?;
    let faults = faults
        .split(',')
        .map(|f| f.parse::<Fault>().map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((action.to_owned(), faults))
}

fn action_latency(text: &str) -> Result<(String, Duration), String> {
    let (action, ms) = text
        .split_once('=')
        .ok_or_else(|| format!("expected ACTION=MS, got `{text}`"))?;
    let ms: u64 = ms
        .parse()
        .map_err(|_| format!("milliseconds are a whole number, got `{ms}`"))?;
    Ok((action.to_owned(), Duration::from_millis(ms)))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("dataworks-emulator: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(args))
}

async fn run(args: Args) -> ExitCode {
    let Some(day_offset) = UtcOffset::from_hms(args.day_offset_hours, 0, 0).ok() else {
        eprintln!(
            "dataworks-emulator: --day-offset-hours must be between -25 and 25, got {}",
            args.day_offset_hours
        );
        return ExitCode::from(2);
    };
    let mut builder = Emulator::builder()
        .port(args.port)
        .region(args.region)
        .quotas(!args.no_quotas)
        .day_offset(day_offset)
        .jitter_allowance(Duration::from_millis(args.jitter_allowance_ms))
        .deploy_pending_polls(args.deploy_polls)
        .deploy_outcome(args.deploy_outcome)
        .page_items(args.page_items)
        .state(!args.no_state)
        .timestamp_window(Duration::from_secs(args.timestamp_window));
    for project in args.projects {
        builder = builder.project(project.id, project.mode);
    }
    if let Some(path) = args.seed {
        match Seed::load(&path) {
            Ok(seed) => builder = builder.seed(seed),
            Err(error) => {
                eprintln!("dataworks-emulator: {error}");
                return ExitCode::from(2);
            }
        }
    }
    for key in args.keys {
        builder = builder.with_key(key);
    }
    for (level, qps) in args.qps {
        builder = builder.qps(level, qps);
    }
    if let Some(daily) = args.daily_quota {
        builder = builder.daily_quota(3, Some(daily));
    }
    for (action, faults) in args.faults {
        builder = builder.fault(action, faults);
    }
    for (action, latency) in args.latencies {
        builder = builder.latency(action, latency);
    }
    builder = builder
        .credentials_port(args.credentials_port)
        .metadata_hardened(args.metadata_hardened);
    for role in args.roles {
        builder = builder.role(role);
    }
    for provider in args.oidc_providers {
        builder = builder.oidc_provider(provider);
    }
    if let Some(name) = args.instance_role {
        builder = builder.instance_role(name);
    }
    let emulator = match builder.start().await {
        Ok(emulator) => emulator,
        Err(error) => {
            eprintln!("dataworks-emulator: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("dataworks-emulator listening on {}", emulator.endpoint());
    for key in emulator.keys() {
        println!("  key {}:{} (account {})", key.id, key.secret, key.account);
    }
    println!("  statistics: {}", emulator.stats_url());
    println!(
        "  state: {} (POST {}{} resets it)",
        emulator.state_url(),
        emulator.endpoint().trim_end_matches('/'),
        dataworks_emulator::RESET_PATH
    );
    println!(
        "  STS, ECS metadata and credentials URI: {} (credentials URI {})",
        emulator.credentials_endpoint(),
        emulator.credentials_uri()
    );
    println!("  stop with Ctrl-C");
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("dataworks-emulator: cannot wait for Ctrl-C: {error}");
        return ExitCode::FAILURE;
    }
    let stats = emulator.stats();
    emulator.stop().await;
    println!(
        "dataworks-emulator stopped: {} accepted, {} throttled, {} rejected, {} faulted",
        stats.accepted, stats.throttled, stats.rejected, stats.faulted
    );
    ExitCode::SUCCESS
}
