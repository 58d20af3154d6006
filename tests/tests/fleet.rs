//! A fleet of OS processes sharing one account's quota through a real `redis-server`,
//! against the DataWorks emulator, which counts per account as the service does.
//!
//! Each process is `fleet_worker` (`tests/bin/fleet_worker.rs`): its own clients, one
//! per AccessKey, all configured with the same account and the Redis limiter backend,
//! calling as fast as their limiter lets them. The processes start their calls together
//! (`--start-at`), so the fleet's first second is full.
//!
//! - Level 3, 4 processes × 2 AccessKeys, daily quota 40 (client and emulator): no call
//!   is throttled; the combined start rate, `(N − qps) / (t_last − t_first)` over the
//!   attempts sent, is within 2% of 5/s; the fleet reaches the daily quota exactly once:
//!   the emulator accepts exactly 40 calls and the clients refuse every further one
//!   themselves; the usage meter, read by another client, counts what the emulator
//!   accepted.
//! - Level 1, 4 processes × 2 AccessKeys (8 call loops each, so that a loop is always
//!   waiting for the next free start), 400 calls: the same at 50/s.
//! - Redis killed in the middle of a run: a process that fails closed errors at once
//!   (`SdkError::Limiter`), one that falls back goes on with its local limiter and one
//!   warning; no call of either takes long.

use std::process::Stdio;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use dataworks_emulator::Emulator;
use dataworks_public::runtime::{RateLimiter, RateLimits, RedisBackend};
use dataworks_public::{Client, Credentials};
use dwgen_tests::redis_server::RedisServer;

const ACCOUNT: &str = "1234567890";

/// The fleet tests run one at a time: each is a fleet of processes on a small machine.
static ONE_FLEET_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// How long a worker may run before the test gives up on it (and kills it).
const WORKER_LIMIT: Duration = Duration::from_secs(60);

/// The AccessKeys of worker `w` (two per worker, all of [`ACCOUNT`]).
fn keys(w: usize) -> [(String, String); 2] {
    [0, 1].map(|k| (format!("key-{w}-{k}"), format!("secret-{w}-{k}")))
}

fn unix_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_millis()
}

/// One call as a worker reported it.
#[derive(Debug)]
struct Call {
    outcome: String,
    /// Unix µs at the end of the call.
    end: u128,
    /// Its duration, µs.
    duration: u128,
    text: String,
}

/// What one worker printed.
#[derive(Debug, Default)]
struct Report {
    /// Unix µs of every attempt sent.
    sent: Vec<u128>,
    calls: Vec<Call>,
    stderr: String,
}

impl Report {
    fn parse(stdout: &str, stderr: String) -> Report {
        let mut report = Report {
            stderr,
            ..Report::default()
        };
        for line in stdout.lines() {
            let mut words = line.splitn(5, ' ');
            match words.next() {
                Some("sent") => report.sent.push(words.next().unwrap().parse().expect("µs")),
                Some("call") => report.calls.push(Call {
                    outcome: words.next().unwrap().to_owned(),
                    end: words.next().unwrap().parse().expect("µs"),
                    duration: words.next().unwrap().parse().expect("µs"),
                    text: words.next().unwrap_or_default().to_owned(),
                }),
                _ => panic!("unexpected worker output: {line}"),
            }
        }
        report
    }

    fn count(&self, outcome: &str) -> usize {
        self.calls.iter().filter(|c| c.outcome == outcome).count()
    }
}

/// Starts a worker with these arguments (besides endpoint, Redis and account).
fn worker(emulator: &Emulator, redis: &RedisServer, args: &[String]) -> tokio::process::Child {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_fleet_worker"))
        .arg("--endpoint")
        .arg(emulator.endpoint())
        .arg("--redis")
        .arg(redis.url())
        .arg("--account")
        .arg(ACCOUNT)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start fleet_worker")
}

/// Waits for a worker (at most [`WORKER_LIMIT`]) and parses what it printed.
async fn report(child: tokio::process::Child) -> Report {
    let output = tokio::time::timeout(WORKER_LIMIT, child.wait_with_output())
        .await
        .expect("a worker ran past its time limit (a call hung?)")
        .expect("worker output");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "worker failed: {stderr}");
    Report::parse(&String::from_utf8_lossy(&output.stdout), stderr)
}

/// An emulator accepting every worker's keys as [`ACCOUNT`]'s.
async fn emulator(workers: usize, daily: Option<u32>) -> Emulator {
    let mut builder = Emulator::builder().daily_quota(3, daily);
    for w in 0..workers {
        for (id, secret) in keys(w) {
            builder = builder.account_key(id, secret, ACCOUNT);
        }
    }
    builder.start().await.expect("emulator")
}

/// The combined start rate: `(N − qps) / (t_last − t_first)` over every attempt sent.
fn start_rate(reports: &[Report], qps: u32) -> f64 {
    let mut sent: Vec<u128> = reports.iter().flat_map(|r| r.sent.clone()).collect();
    sent.sort_unstable();
    let (first, last) = (sent[0], sent[sent.len() - 1]);
    (sent.len() as f64 - f64::from(qps)) / ((last - first) as f64 / 1e6)
}

/// Every worker's arguments for a run of `tier` starting in a moment.
fn fleet_args(w: usize, tier: u8, start_at: u128, extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        "--tier".to_owned(),
        tier.to_string(),
        "--start-at".to_owned(),
        start_at.to_string(),
    ];
    for (id, secret) in keys(w) {
        args.push("--key".into());
        args.push(format!("{id}:{secret}"));
    }
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args
}

/// The fleet's usage this month, as another process's client reads it.
async fn metered_calls(redis: &RedisServer, emulator: &Emulator) -> u64 {
    let backend = RedisBackend::new(redis.url()).expect("url");
    let client = Client::builder()
        .endpoint(emulator.endpoint())
        .region("cn-shanghai")
        .account(ACCOUNT)
        .credentials(Credentials::new("reader", "unused"))
        .rate_limiter(RateLimiter::shared(RateLimits::documented(), backend))
        .build()
        .expect("client");
    let usage = client.usage().await.expect("usage");
    assert_eq!(
        (usage.account.as_str(), usage.region.as_str()),
        (ACCOUNT, "cn-shanghai")
    );
    usage.calls
}

/// Runs 4 workers at `tier` and checks the fleet-wide guarantees; returns the reports.
async fn run_fleet(tier: u8, qps: u32, daily: Option<u32>, extra: &[&str]) -> Option<Vec<Report>> {
    let _one = ONE_FLEET_AT_A_TIME.lock().await;
    let redis = RedisServer::start_or_skip()?;
    let emulator = emulator(4, daily).await;
    let start_at = unix_ms() + 1500;
    let children: Vec<_> = (0..4)
        .map(|w| worker(&emulator, &redis, &fleet_args(w, tier, start_at, extra)))
        .collect();
    let mut reports = Vec::new();
    for child in children {
        reports.push(report(child).await);
    }
    let stats = emulator.stats();
    let account = &stats.accounts[ACCOUNT];
    assert_eq!(account.throttled, 0, "throttled calls: {stats:?}");
    assert_eq!(stats.rejected + stats.faulted, 0, "{stats:?}");
    let sent: usize = reports.iter().map(|r| r.sent.len()).sum();
    assert_eq!(
        sent as u64, account.accepted,
        "every attempt sent was accepted"
    );
    for report in &reports {
        for call in &report.calls {
            assert!(
                matches!(call.outcome.as_str(), "ok" | "quota"),
                "{call:?}\n{}",
                report.stderr
            );
        }
    }
    let rate = start_rate(&reports, qps);
    let off = (rate - f64::from(qps)).abs() / f64::from(qps);
    eprintln!(
        "fleet at level {tier}: {sent} calls, combined start rate {rate:.3}/s ({:.2}% off {qps}/s)",
        off * 100.0
    );
    assert!(
        off <= 0.02,
        "combined start rate {rate:.3}/s is not within 2% of {qps}/s"
    );
    assert_eq!(
        metered_calls(&redis, &emulator).await,
        account.accepted,
        "the usage meter counts what the emulator accepted"
    );
    Some(reports)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_share_level_3_and_its_daily_quota() {
    let Some(reports) = run_fleet(3, 5, Some(40), &["--daily", "40"]).await else {
        return;
    };
    let ok: usize = reports.iter().map(|r| r.count("ok")).sum();
    assert_eq!(ok, 40, "the fleet's calls are the daily quota, exactly");
    for report in &reports {
        // Each of the worker's 4 loops stopped at its first refusal, made before sending.
        assert_eq!(report.count("quota"), 4, "{:?}", report.calls);
        for call in report.calls.iter().filter(|c| c.outcome == "quota") {
            assert!(call.text.contains("(40 calls a day)"), "{}", call.text);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_share_level_1() {
    let Some(reports) = run_fleet(1, 50, None, &["--calls", "100", "--loops-per-key", "8"]).await
    else {
        return;
    };
    let ok: usize = reports.iter().map(|r| r.count("ok")).sum();
    assert_eq!(ok, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_redis_is_killed_mid_run_each_process_does_what_it_was_told() {
    let _one = ONE_FLEET_AT_A_TIME.lock().await;
    let Some(mut redis) = RedisServer::start_or_skip() else {
        return;
    };
    let emulator = emulator(2, None).await;
    let start_at = unix_ms() + 1500;
    let one_key = |w: usize| {
        let (id, secret) = keys(w)[0].clone();
        vec!["--key".to_owned(), format!("{id}:{secret}")]
    };
    let mode = |w: usize, on_failure: &str| {
        let mut args = one_key(w);
        args.extend(
            [
                "--tier",
                "1",
                "--for-ms",
                "3000",
                "--start-at",
                &start_at.to_string(),
                "--on-failure",
                on_failure,
            ]
            .map(str::to_owned),
        );
        args
    };
    let closed = worker(&emulator, &redis, &mode(0, "fail-closed"));
    let fallback = worker(&emulator, &redis, &mode(1, "fall-back"));
    tokio::time::sleep(Duration::from_millis(
        (start_at + 1500 - unix_ms()).try_into().unwrap(),
    ))
    .await;
    redis.kill();
    let killed = unix_ms() * 1000;
    let (closed, fallback) = (report(closed).await, report(fallback).await);
    let slowest = |r: &Report| r.calls.iter().map(|c| c.duration).max().unwrap_or(0);
    for (name, r) in [("fail-closed", &closed), ("fall-back", &fallback)] {
        assert!(
            slowest(r) < 2_000_000,
            "{name}: a call took {} µs: {:?}",
            slowest(r),
            r.calls.iter().max_by_key(|c| c.duration)
        );
        assert!(
            r.calls.iter().any(|c| c.outcome == "ok" && c.end < killed),
            "{name}: calls went through while Redis was up"
        );
    }
    // Failing closed: calls started after the kill only error (calls admitted before it
    // went on, at the time the shared limiter had given them).
    let after = |r: &Report, outcome: &str| {
        r.calls
            .iter()
            .filter(|c| c.end - c.duration > killed && c.outcome == outcome)
            .count()
    };
    assert!(after(&closed, "limiter") > 0, "{:?}", closed.calls);
    assert_eq!(after(&closed, "ok"), 0, "{:?}", closed.calls);
    for call in closed.calls.iter().filter(|c| c.outcome == "limiter") {
        assert!(
            call.text.contains("Redis at redis://127.0.0.1:"),
            "{}",
            call.text
        );
    }
    // Falling back: calls go on, with one warning.
    assert!(after(&fallback, "ok") > 0, "{:?}", fallback.calls);
    assert_eq!(
        fallback.count("limiter") + fallback.count("error"),
        0,
        "{:?}",
        fallback.calls
    );
    assert_eq!(
        fallback
            .stderr
            .matches("falling back to this process's limiter")
            .count(),
        1,
        "{}",
        fallback.stderr
    );
    assert!(fallback.stderr.contains("WARN"), "{}", fallback.stderr);
}
