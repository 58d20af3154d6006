//! One process of a fleet, for `tests/tests/fleet.rs`: clients of one account, one per
//! AccessKey given, sharing the account's quota through Redis, call one operation as
//! fast as their limiter lets them, against the endpoint given (the emulator).
//!
//! ```text
//! fleet_worker --endpoint URL --redis URL --account ID --key ID:SECRET [--key ...]
//!              --tier 1|3 [--daily N] [--calls N | --for-ms MS]
//!              [--on-failure fail-closed|fall-back] [--loops-per-key N]
//!              [--start-at UNIX_MS]
//! ```
//!
//! The loops start together at `--start-at` (so that every process of the fleet starts
//! at once, whatever its start-up time), else at once. Each AccessKey gets its own client and `--loops-per-key` concurrent call loops
//! (default 2). A loop stops when the worker's `--calls` budget is spent, when `--for-ms`
//! has passed, or at the first call refused for the daily quota. The worker prints one
//! line per attempt sent (`sent <unix µs>`, from its transport) and one per call
//! (`call <outcome> <unix µs at the end> <duration µs> <error text>`, outcome `ok`,
//! `quota`, `throttled`, `limiter` or `error`). It logs
//! `tracing` warnings to stderr. Exit status 0 unless the arguments are bad.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use dataworks_public::prelude::*;
use dataworks_public::runtime::transport::ReqwestTransport;
use dataworks_public::runtime::{
    BoxFuture, DisplayErrorContext, HttpRequest, HttpResponse, OnBackendFailure, RateLimiter,
    RateLimits, RedisBackend, RetryPolicy, TierLimit, Transport, TransportError,
};
use dataworks_public::Credentials;

/// The worker's settings, from its arguments.
struct Args {
    endpoint: String,
    redis: String,
    account: String,
    keys: Vec<(String, String)>,
    tier: u8,
    daily: Option<u32>,
    calls: Option<u64>,
    run_for: Option<Duration>,
    on_failure: OnBackendFailure,
    loops_per_key: usize,
    start_at: Option<Duration>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut endpoint = None;
    let mut redis = None;
    let mut account = None;
    let mut keys = Vec::new();
    let mut tier = None;
    let mut daily = None;
    let mut calls = None;
    let mut run_for = None;
    let mut on_failure = OnBackendFailure::FallBackToLocal;
    let mut loops_per_key = 2;
    let mut start_at = None;
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| v.parse::<u64>().map_err(|e| format!("{flag} {v}: {e}"));
        match flag.as_str() {
            "--endpoint" => endpoint = Some(value()?),
            "--redis" => redis = Some(value()?),
            "--account" => account = Some(value()?),
            "--key" => {
                let key = value()?;
                let (id, secret) = key
                    .split_once(':')
                    .ok_or(format!("--key {key}: expected ID:SECRET"))?;
                keys.push((id.to_owned(), secret.to_owned()));
            }
            "--tier" => tier = Some(number(value()?)? as u8),
            "--daily" => daily = Some(number(value()?)? as u32),
            "--calls" => calls = Some(number(value()?)?),
            "--for-ms" => run_for = Some(Duration::from_millis(number(value()?)?)),
            "--loops-per-key" => loops_per_key = number(value()?)? as usize,
            "--start-at" => start_at = Some(Duration::from_millis(number(value()?)?)),
            "--on-failure" => {
                on_failure = match value()?.as_str() {
                    "fail-closed" => OnBackendFailure::FailClosed,
                    "fall-back" => OnBackendFailure::FallBackToLocal,
                    other => {
                        return Err(format!(
                            "--on-failure {other}: expected fail-closed or fall-back"
                        ))
                    }
                }
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if keys.is_empty() {
        return Err("give at least one --key".into());
    }
    Ok(Args {
        endpoint: endpoint.ok_or("--endpoint is required")?,
        redis: redis.ok_or("--redis is required")?,
        account: account.ok_or("--account is required")?,
        keys,
        tier: tier.ok_or("--tier is required")?,
        daily,
        calls,
        run_for,
        on_failure,
        loops_per_key,
        start_at,
    })
}

fn unix_micros() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_micros()
}

/// The default transport, printing the time each attempt is sent.
struct Timed(ReqwestTransport);

impl Transport for Timed {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        println!("sent {}", unix_micros());
        self.0.send(request)
    }
}

/// What became of one call: its kind and, for an error, its whole report.
fn outcome<E: std::error::Error + 'static>(
    result: Result<(), SdkError<E>>,
) -> (&'static str, String) {
    let Err(e) = result else {
        return ("ok", String::new());
    };
    let text = DisplayErrorContext(&e).to_string();
    let kind = match &e {
        SdkError::QuotaExceeded(_) => "quota",
        SdkError::Limiter(_) => "limiter",
        SdkError::Service(s) if s.to_string().contains("Throttling") => "throttled",
        _ => "error",
    };
    (kind, text)
}

/// One call of the worker's operation: `ListDataSources` (level 3) or `ListFiles`
/// (level 1).
async fn call(client: &Client, tier: u8) -> (&'static str, String) {
    if tier == 3 {
        outcome(
            client
                .list_data_sources()
                .project_id(10000)
                .send()
                .await
                .map(drop),
        )
    } else {
        outcome(client.list_files().project_id(10000).send().await.map(drop))
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
    let args = match parse_args() {
        Ok(args) => Arc::new(args),
        Err(e) => {
            eprintln!("fleet_worker: {e}");
            std::process::exit(2);
        }
    };
    let mut limits = RateLimits::documented();
    if let Some(daily) = args.daily {
        limits = limits.tier(3, TierLimit::new(5, Some(daily)));
    }
    let budget = Arc::new(AtomicU64::new(args.calls.unwrap_or(u64::MAX)));
    let mut clients = Vec::new();
    for (id, secret) in &args.keys {
        let backend = RedisBackend::new(args.redis.clone()).expect("a valid Redis URL");
        let limiter =
            RateLimiter::shared(limits.clone(), backend).on_backend_failure(args.on_failure);
        let client = Client::builder()
            .endpoint(&args.endpoint)
            .region("cn-shanghai")
            .account(&args.account)
            .credentials(Credentials::new(id.as_str(), secret.as_str()))
            .transport(Timed(ReqwestTransport::new().expect("reqwest")))
            .rate_limiter(limiter)
            .retry(RetryPolicy::new(
                3,
                Duration::from_millis(5),
                Duration::from_millis(50),
            ))
            .build()
            .expect("client");
        clients.push(client);
    }
    if let Some(at) = args.start_at {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("after 1970");
        tokio::time::sleep(at.saturating_sub(now)).await;
    }
    let deadline = args.run_for.map(|d| Instant::now() + d);
    let mut loops = Vec::new();
    for client in clients {
        for _ in 0..args.loops_per_key {
            let (client, args, budget) = (client.clone(), args.clone(), budget.clone());
            loops.push(tokio::spawn(async move {
                loop {
                    if deadline.is_some_and(|d| Instant::now() >= d) {
                        break;
                    }
                    let spend = budget
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
                    if spend.is_err() {
                        break;
                    }
                    let started = Instant::now();
                    let (kind, text) = call(&client, args.tier).await;
                    println!(
                        "call {kind} {} {} {text}",
                        unix_micros(),
                        started.elapsed().as_micros()
                    );
                    if kind == "quota" {
                        break;
                    }
                }
            }));
        }
    }
    for task in loops {
        task.await.expect("a call loop panicked");
    }
}
