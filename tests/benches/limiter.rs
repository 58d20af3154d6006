//! The rate limiter's cost per call: the in-process backend next to the Redis backend
//! on a real `redis-server` on loopback (started here, as the tests start it; without
//! the binary only the in-process figures are measured, with one line saying so).
//!
//! ```text
//! cargo bench -p dwgen-tests --bench limiter
//! ```
//!
//! Two admissions are measured per backend: an unpaced one (no tier: only the usage
//! meter and the monthly budget are counted) and a paced one (a tier with a daily
//! quota), over 1000 accounts in turn so that no call has to wait for its second. A
//! Redis admission is one `EVALSHA` round trip (`tests/redis_limiter.rs` checks that
//! with `MONITOR`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use dataworks_runtime::rate_limit::QuotaScope;
use dataworks_runtime::{RateLimiter, RateLimits, RedisBackend, TierLimit};
use dwgen_tests::redis_server::RedisServer;

fn limits() -> RateLimits {
    RateLimits::documented().tier(1, TierLimit::new(1_000, Some(1_000_000)))
}

fn scopes() -> Vec<QuotaScope> {
    (0..1000)
        .map(|i| QuotaScope::new(format!("account-{i}"), "cn-shanghai"))
        .collect()
}

fn measure(c: &mut Criterion, name: &str, limiter: &RateLimiter, rt: &tokio::runtime::Runtime) {
    let scopes = scopes();
    let mut group = c.benchmark_group(format!("limiter/{name}"));
    let mut i = 0;
    group.bench_function("unpaced (usage meter only)", |b| {
        b.iter(|| {
            i = (i + 1) % scopes.len();
            rt.block_on(limiter.acquire(black_box(&scopes[i]), None))
                .expect("admitted")
        })
    });
    group.bench_function("paced tier with a daily quota", |b| {
        b.iter(|| {
            i = (i + 1) % scopes.len();
            rt.block_on(limiter.acquire(
                black_box(&scopes[i]),
                Some(dataworks_public::QpsTier::Level1.tier()),
            ))
            .expect("admitted")
        })
    });
    group.finish();
}

fn limiter(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    measure(c, "in-process", &RateLimiter::new(limits()), &rt);
    match RedisServer::start_or_skip() {
        Some(server) => {
            let backend = RedisBackend::new(server.url()).expect("url");
            let shared = RateLimiter::shared(limits(), backend);
            measure(c, "redis (loopback)", &shared, &rt);
        }
        None => eprintln!("limiter bench: no redis-server, measured the in-process backend only"),
    }
}

criterion_group!(benches, limiter);
criterion_main!(benches);
