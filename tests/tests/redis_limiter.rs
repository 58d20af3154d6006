//! The shared rate limiter on a real `redis-server` (started per test on a free
//! loopback port, see `dwgen_tests::redis_server`): several limiters standing for
//! several processes share one budget per account and region (pacing, daily quota,
//! monthly budget, usage meter); days and months in the limiter's UTC offset; each
//! admission is one `EVALSHA`; every key expires;
//! and when Redis dies, failing closed errors at once while falling back keeps calls
//! going under the local limiter with a warning. No call ever hangs.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dataworks_public::QpsTier;
use dataworks_runtime::rate_limit::{LimitError, OnBackendFailure, QuotaScope};
use dataworks_runtime::{RateLimiter, RateLimits, RedisBackend, Tier, TierLimit, UtcOffset};
use dwgen_tests::redis_server::RedisServer;

/// The documented tier of `level` (the generated crate's, from the spec).
fn tier(level: u8) -> Option<Tier> {
    QpsTier::from_level(level).map(QpsTier::tier)
}

fn scope() -> QuotaScope {
    QuotaScope::new("1234567890", "cn-shanghai")
}

/// A limiter as one process of a fleet would make it.
fn process(server: &RedisServer, limits: RateLimits) -> RateLimiter {
    let backend = RedisBackend::new(server.url()).expect("a valid URL");
    RateLimiter::shared(limits, backend)
}

async fn redis(server: &RedisServer) -> redis::aio::MultiplexedConnection {
    redis::Client::open(server.url())
        .expect("url")
        .get_multiplexed_async_connection()
        .await
        .expect("connect")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limiters_sharing_redis_pace_one_budget_in_order() {
    let Some(server) = RedisServer::start_or_skip() else {
        return;
    };
    let a = process(&server, RateLimits::documented());
    let b = process(&server, RateLimits::documented());
    // The two limiters take turns, as two processes would.
    let t0 = Instant::now();
    let mut starts = Vec::new();
    for i in 0..12 {
        let limiter = if i % 2 == 0 { &a } else { &b };
        limiter.acquire(&scope(), tier(3)).await.expect("admitted");
        starts.push(t0.elapsed());
    }
    // Five starts per second, fleet-wide: 5 at once, 5 a second later, 2 after that.
    let seconds: Vec<u64> = starts
        .iter()
        .map(|d| (d.as_secs_f64() + 0.05).floor() as u64)
        .collect();
    assert_eq!(seconds, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2], "{starts:?}");
    // Another account and another region have their own budgets.
    let other = Instant::now();
    a.acquire(&QuotaScope::new("other", "cn-shanghai"), tier(3))
        .await
        .unwrap();
    a.acquire(&QuotaScope::new("1234567890", "cn-beijing"), tier(3))
        .await
        .unwrap();
    assert!(other.elapsed() < Duration::from_millis(500));
    assert_eq!(a.used_today(&scope(), 3).await.unwrap(), 12);
    assert_eq!(b.usage(&scope()).await.unwrap().calls, 12);
}

#[tokio::test]
async fn the_daily_quota_and_the_monthly_budget_are_fleet_wide() {
    let Some(server) = RedisServer::start_or_skip() else {
        return;
    };
    let limits = RateLimits::documented().tier(3, TierLimit::new(100, Some(3)));
    let (a, b) = (process(&server, limits.clone()), process(&server, limits));
    a.acquire(&scope(), tier(3)).await.unwrap();
    b.acquire(&scope(), tier(3)).await.unwrap();
    a.acquire(&scope(), tier(3)).await.unwrap();
    let err = b
        .acquire(&scope(), tier(3))
        .await
        .expect_err("quota used up");
    let LimitError::Quota(quota) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((quota.tier, quota.limit), (3, 3));
    assert_eq!(a.used_today(&scope(), 3).await.unwrap(), 3);
    // Other tiers go on; the refused call was not counted.
    b.acquire(&scope(), tier(1)).await.unwrap();
    assert_eq!(a.usage(&scope()).await.unwrap().calls, 4);

    let budget = RateLimits::documented().monthly_budget(6);
    let (c, d) = (process(&server, budget.clone()), process(&server, budget));
    c.acquire(&scope(), None).await.unwrap();
    d.acquire(&scope(), tier(2)).await.unwrap();
    let err = c
        .acquire(&scope(), tier(1))
        .await
        .expect_err("budget used up");
    assert!(
        matches!(&err, LimitError::Budget(b) if b.budget == 6),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("monthly budget of 6 calls"),
        "{err}"
    );
    let usage = d.usage(&scope()).await.unwrap();
    assert_eq!(usage.calls, 6);
    assert!((1..=12).contains(&usage.month), "{usage:?}");
}

/// Watches a Redis server with `MONITOR`: every command a client sends, one line each
/// (`+<time> [0 127.0.0.1:<port>] "evalsha" ...`), and those scripts run, marked
/// `[0 lua]`.
struct Monitor {
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<Vec<String>>,
}

impl Monitor {
    fn start(server: &RedisServer) -> Monitor {
        use std::io::{BufRead as _, Write as _};
        let addr = server.url().trim_start_matches("redis://").to_owned();
        let mut stream = std::net::TcpStream::connect(addr.trim_end_matches('/')).unwrap();
        stream.write_all(b"MONITOR\r\n").unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        let mut reader = std::io::BufReader::new(stream);
        let mut ok = String::new();
        reader.read_line(&mut ok).unwrap();
        assert_eq!(ok.trim_end(), "+OK");
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut lines = Vec::new();
            let mut line = String::new();
            loop {
                match reader.read_line(&mut line) {
                    Ok(0) => break,
                    Ok(_) => lines.push(std::mem::take(&mut line)),
                    Err(_) if !stopped.load(std::sync::atomic::Ordering::SeqCst) => {}
                    Err(_) => break,
                }
            }
            lines
        });
        Monitor { stop, thread }
    }

    /// The commands clients sent (not those scripts ran), by name.
    fn client_commands(self) -> Vec<String> {
        std::thread::sleep(Duration::from_millis(200));
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let lines = self.thread.join().unwrap();
        lines
            .iter()
            .filter(|line| !line.contains(" lua] "))
            .filter_map(|line| line.split('"').nth(1).map(str::to_lowercase))
            .collect()
    }
}

#[tokio::test]
async fn each_admission_is_one_round_trip_and_every_key_expires() {
    let Some(server) = RedisServer::start_or_skip() else {
        return;
    };
    let limiter = process(&server, RateLimits::documented().qps(1, 1000));
    limiter.acquire(&scope(), tier(1)).await.unwrap(); // connects, loads the scripts
    let monitor = Monitor::start(&server);
    for level in [1, 1, 1, 3, 3, 2] {
        limiter.acquire(&scope(), tier(level)).await.unwrap();
    }
    limiter.acquire(&scope(), None).await.unwrap();
    assert_eq!(
        monitor.client_commands(),
        vec!["evalsha"; 7],
        "one EVALSHA per call, nothing else"
    );

    let mut connection = redis(&server).await;

    let keys: Vec<String> = redis::cmd("KEYS")
        .arg("dataworks:quota:*")
        .query_async(&mut connection)
        .await
        .unwrap();
    assert!(keys.len() >= 5, "{keys:?}");
    for key in keys {
        let ttl: i64 = redis::cmd("PTTL")
            .arg(&key)
            .query_async(&mut connection)
            .await
            .unwrap();
        assert!(ttl > 0, "{key} has no expiry ({ttl})");
        assert!(ttl <= 62 * 86_400 * 1000, "{key}: {ttl} ms");
    }
}

/// Records the `tracing` events of a test.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn when_redis_dies_failing_closed_errors_at_once_and_nothing_hangs() {
    let Some(mut server) = RedisServer::start_or_skip() else {
        return;
    };
    let limiter = process(&server, RateLimits::documented())
        .on_backend_failure(OnBackendFailure::FailClosed)
        .backend_timeout(Duration::from_millis(300));
    limiter
        .acquire(&scope(), tier(1))
        .await
        .expect("Redis is up");
    server.kill();
    for _ in 0..5 {
        let started = Instant::now();
        let outcome =
            tokio::time::timeout(Duration::from_secs(5), limiter.acquire(&scope(), tier(1)))
                .await
                .expect("a call on a dead Redis must not hang");
        let err = outcome.expect_err("fails closed");
        assert!(matches!(err, LimitError::Unavailable(_)), "{err:?}");
        let text = err.to_string();
        assert!(text.contains("Redis at redis://127.0.0.1:"), "{text}");
        assert!(text.contains("FailClosed"), "{text}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "took {:?}",
            started.elapsed()
        );
    }
    assert!(!limiter.is_degraded());
}

#[tokio::test]
async fn when_redis_dies_falling_back_keeps_calls_going_with_a_warning() {
    let Some(mut server) = RedisServer::start_or_skip() else {
        return;
    };
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let limiter = process(&server, RateLimits::documented())
        .on_backend_failure(OnBackendFailure::FallBackToLocal)
        .backend_timeout(Duration::from_millis(300));
    limiter
        .acquire(&scope(), tier(1))
        .await
        .expect("Redis is up");
    assert!(!limiter.is_degraded());
    server.kill();
    for _ in 0..5 {
        tokio::time::timeout(Duration::from_secs(5), limiter.acquire(&scope(), tier(1)))
            .await
            .expect("a call on a dead Redis must not hang")
            .expect("falls back to the local limiter");
    }
    assert!(limiter.is_degraded());
    let text = logs.text();
    assert_eq!(
        text.matches("falling back to this process's limiter")
            .count(),
        1,
        "one warning when the fallback starts: {text}"
    );
    assert!(text.contains("WARN"), "{text}");
    assert!(text.contains("Redis at redis://127.0.0.1:"), "{text}");
    // The local fallback paces as the shared limiter would: tier 3 at 5 per second.
    let t0 = Instant::now();
    for _ in 0..6 {
        limiter.acquire(&scope(), tier(3)).await.unwrap();
    }
    assert!(
        t0.elapsed() >= Duration::from_millis(900),
        "{:?}",
        t0.elapsed()
    );
}

/// Days since 1970-01-01 at UTC `offset`, now.
fn day_number(offset: UtcOffset) -> i64 {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    (now + i64::from(offset.whole_seconds())).div_euclid(86_400)
}

/// The script's calendar (computed in Lua from the server's clock) agrees with the
/// runtime's in offsets around the world: the day a level-3 call is counted on (stored
/// as `<day>:<count>`; UTC-12 and UTC+14 are always on different days) and the month
/// of the usage meter.
#[tokio::test]
async fn days_and_months_are_counted_in_the_limiters_utc_offset() {
    let Some(server) = RedisServer::start_or_skip() else {
        return;
    };
    let mut connection = redis(&server).await;
    for (hours, minutes) in [(0, 0), (8, 0), (-12, 0), (14, 0), (5, 30)] {
        let offset = UtcOffset::from_hms(hours, minutes, 0).unwrap();
        let limiter = process(&server, RateLimits::documented().utc_offset(offset));
        let scope = QuotaScope::new(format!("offset{hours}"), "cn-shanghai");
        let before = day_number(offset);
        limiter.acquire(&scope, tier(3)).await.unwrap();
        let after = day_number(offset);
        let stored: String = redis::cmd("GET")
            .arg(format!(
                "dataworks:quota:{{offset{hours}|cn-shanghai}}:t3:day"
            ))
            .query_async(&mut connection)
            .await
            .unwrap();
        let (day, count) = stored.split_once(':').expect("<day>:<count>");
        let day: i64 = day.parse().unwrap();
        assert!(
            (before..=after).contains(&day),
            "UTC{offset}: day {day}, expected {before}"
        );
        assert_eq!(count, "1");
        let usage = limiter.usage(&scope).await.unwrap();
        let today = time::OffsetDateTime::now_utc().to_offset(offset).date();
        assert_eq!(
            (usage.year, usage.month, usage.calls),
            (today.year(), u8::from(today.month()), 1),
            "UTC{offset}"
        );
    }
}
