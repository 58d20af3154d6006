//! Quotas over loopback, as the documentation says the service counts them: per
//! account (all its keys together) and region, per QPS level, at most N calls started
//! in any second (`429 Throttling.User` beyond), the daily quota of level 3, quotas
//! turned off, and operations without a documented level. Operations are picked by
//! level from the generated catalog, with parameters that pass the checks.

mod support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use dataworks_emulator::codes;
use dataworks_emulator::Emulator;
use dataworks_public::catalog::OperationSpec;
use dataworks_runtime::request::Stamp;
use dataworks_runtime::SignatureVersion::{V1, V3};
use dataworks_runtime::{HttpRequest, SignatureVersion};
use support::{
    operation_of_tier, operations_of_tier, send, signed_full, valid_params, Answer, KEY,
};

/// A call of `op` with valid parameters, signed by `key`, naming `region` (V1 sends it
/// as `RegionId`; for V3 it is added as a parameter, which the emulator reads too).
fn call(
    emulator: &Emulator,
    version: SignatureVersion,
    key: (&str, &str),
    op: &OperationSpec,
    region: Option<&str>,
) -> HttpRequest {
    call_at(emulator.endpoint(), version, key, op, region)
}

fn call_at(
    endpoint: &str,
    version: SignatureVersion,
    key: (&str, &str),
    op: &OperationSpec,
    region: Option<&str>,
) -> HttpRequest {
    let mut params = valid_params(op);
    let signing_region = match (version, region) {
        (V3, Some(region)) => {
            params.push(("RegionId".to_owned(), region.to_owned()));
            region
        }
        (_, region) => region.unwrap_or("cn-shanghai"),
    };
    signed_full(
        endpoint,
        version,
        key,
        op.name,
        support::API_VERSION,
        signing_region,
        &params,
        &Stamp::fresh().unwrap(),
    )
}

/// Sends `requests` at once, each over its own connection; the answers in order.
async fn burst(addr: SocketAddr, requests: Vec<HttpRequest>) -> Vec<Answer> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|request| tokio::spawn(async move { send(addr, &request).await }))
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

/// Splits answers into accepted and throttled, failing on anything else.
fn tally(answers: &[Answer]) -> (usize, Vec<&Answer>) {
    let mut accepted = 0;
    let mut throttled = Vec::new();
    for answer in answers {
        match answer.status {
            200 => accepted += 1,
            429 => throttled.push(answer),
            _ => panic!(
                "neither accepted nor throttled: {} {}",
                answer.status, answer.text
            ),
        }
    }
    (accepted, throttled)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_level_3_calls_gets_five_through_and_the_budget_comes_back() {
    let op = operation_of_tier(3);
    let emulator = Emulator::builder().state(false).start().await.unwrap();
    let requests = (0..12)
        .map(|_| call(&emulator, V3, KEY, op, None))
        .collect();
    let started = Instant::now();
    let answers = burst(emulator.addr(), requests).await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "the burst took {:?}",
        started.elapsed()
    );
    let (accepted, throttled) = tally(&answers);
    assert_eq!((accepted, throttled.len()), (5, 7));
    for answer in throttled {
        answer.assert_error(
            codes::THROTTLING_USER,
            &[
                op.name,
                "level-3 operations are limited to 5 calls per second",
                "account `testid`",
                "region `cn-shanghai`",
            ],
        );
    }
    let stats = emulator.stats();
    assert_eq!((stats.accepted, stats.throttled, stats.rejected), (5, 7, 0));
    assert_eq!(stats.actions[op.name].throttled, 7);
    assert_eq!(stats.accounts["testid"].throttled, 7);

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let requests = (0..6).map(|_| call(&emulator, V1, KEY, op, None)).collect();
    let answers = burst(emulator.addr(), requests).await;
    let (accepted, throttled) = tally(&answers);
    assert_eq!(
        (accepted, throttled.len()),
        (5, 1),
        "a second later the budget is whole again"
    );
    assert_eq!(emulator.stats().throttled, 8);
    // Only admitted calls count against the day.
    assert_eq!(emulator.used_today("testid", "cn-shanghai", 3), 10);
}

#[tokio::test]
async fn keys_of_one_account_share_its_budget_and_other_accounts_have_their_own() {
    let op = operation_of_tier(3);
    let emulator = Emulator::builder()
        .state(false)
        .account_key("a1", "s1", "acct")
        .account_key("a2", "s2", "acct")
        .account_key("b1", "s3", "other")
        .qps(3, 2)
        .start()
        .await
        .unwrap();
    let (a1, a2, b1) = (("a1", "s1"), ("a2", "s2"), ("b1", "s3"));
    send(emulator.addr(), &call(&emulator, V3, a1, op, None))
        .await
        .assert_ok();
    send(emulator.addr(), &call(&emulator, V1, a2, op, None))
        .await
        .assert_ok();
    for key in [a1, a2] {
        send(emulator.addr(), &call(&emulator, V3, key, op, None))
            .await
            .assert_error(
                codes::THROTTLING_USER,
                &["2 calls per second", "account `acct`"],
            );
    }
    // Another account is not affected.
    send(emulator.addr(), &call(&emulator, V3, b1, op, None))
        .await
        .assert_ok();
    send(emulator.addr(), &call(&emulator, V3, b1, op, None))
        .await
        .assert_ok();
    send(emulator.addr(), &call(&emulator, V3, b1, op, None))
        .await
        .assert_error(codes::THROTTLING_USER, &["account `other`"]);

    let stats = emulator.stats();
    assert_eq!(stats.accounts["acct"].accepted, 2);
    assert_eq!(stats.accounts["acct"].throttled, 2);
    assert_eq!(stats.accounts["other"].accepted, 2);
    assert_eq!(stats.accounts["other"].throttled, 1);
    assert_eq!(emulator.used_today("acct", "cn-shanghai", 3), 2);
    assert_eq!(emulator.used_today("other", "cn-shanghai", 3), 2);
}

#[tokio::test]
async fn each_region_has_its_own_budget() {
    let op = operation_of_tier(3);
    let emulator = Emulator::builder()
        .state(false)
        .qps(3, 1)
        .start()
        .await
        .unwrap();
    send(emulator.addr(), &call(&emulator, V3, KEY, op, None))
        .await
        .assert_ok();
    send(emulator.addr(), &call(&emulator, V3, KEY, op, None))
        .await
        .assert_error(codes::THROTTLING_USER, &["region `cn-shanghai`"]);
    // V1 names the region in `RegionId`.
    send(
        emulator.addr(),
        &call(&emulator, V1, KEY, op, Some("cn-hangzhou")),
    )
    .await
    .assert_ok();
    // V3 with a `RegionId` parameter counts in that region too.
    send(
        emulator.addr(),
        &call(&emulator, V3, KEY, op, Some("cn-hangzhou")),
    )
    .await
    .assert_error(codes::THROTTLING_USER, &["region `cn-hangzhou`"]);
    // A regional host names the region when the request does not.
    let regional = format!(
        "http://dataworks.cn-beijing.aliyuncs.com:{}/",
        emulator.addr().port()
    );
    let request = call_at(&regional, V3, KEY, op, None);
    assert_eq!(
        request.header("host"),
        Some(
            format!(
                "dataworks.cn-beijing.aliyuncs.com:{}",
                emulator.addr().port()
            )
            .as_str()
        )
    );
    send(emulator.addr(), &request).await.assert_ok();
    send(emulator.addr(), &call_at(&regional, V3, KEY, op, None))
        .await
        .assert_error(codes::THROTTLING_USER, &["region `cn-beijing`"]);

    for region in ["cn-shanghai", "cn-hangzhou", "cn-beijing"] {
        assert_eq!(emulator.used_today("testid", region, 3), 1, "{region}");
    }
    assert_eq!(emulator.stats().throttled, 3);
}

#[tokio::test]
async fn the_default_region_is_configurable() {
    let op = operation_of_tier(3);
    let emulator = Emulator::builder()
        .state(false)
        .region("ap-southeast-1")
        .qps(3, 1)
        .start()
        .await
        .unwrap();
    send(emulator.addr(), &call(&emulator, V3, KEY, op, None))
        .await
        .assert_ok();
    send(emulator.addr(), &call(&emulator, V3, KEY, op, None))
        .await
        .assert_error(codes::THROTTLING_USER, &["region `ap-southeast-1`"]);
    assert_eq!(emulator.used_today("testid", "ap-southeast-1", 3), 1);
    assert_eq!(emulator.used_today("testid", "cn-shanghai", 3), 0);
}

#[tokio::test]
async fn the_daily_quota_of_level_3_runs_out() {
    let op = operation_of_tier(3);
    let emulator = Emulator::builder()
        .state(false)
        .daily_quota(3, Some(3))
        .qps(3, 100)
        .start()
        .await
        .unwrap();
    for _ in 0..3 {
        send(emulator.addr(), &call(&emulator, V3, KEY, op, None))
            .await
            .assert_ok();
    }
    for _ in 0..2 {
        send(emulator.addr(), &call(&emulator, V1, KEY, op, None))
            .await
            .assert_error(
                codes::THROTTLING_USER,
                &[
                    op.name,
                    "daily quota of 3 level-3 calls",
                    "`testid`",
                    "`cn-shanghai`",
                    "used up",
                ],
            );
    }
    assert_eq!(emulator.used_today("testid", "cn-shanghai", 3), 3);
    assert_eq!(emulator.stats().throttled, 2);
    // The day is counted per region.
    send(
        emulator.addr(),
        &call(&emulator, V1, KEY, op, Some("cn-hangzhou")),
    )
    .await
    .assert_ok();
    assert_eq!(emulator.used_today("testid", "cn-hangzhou", 3), 1);
    // Other levels have no daily quota.
    let level_1 = operation_of_tier(1);
    send(emulator.addr(), &call(&emulator, V3, KEY, level_1, None))
        .await
        .assert_ok();
    assert_eq!(emulator.used_today("testid", "cn-shanghai", 1), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_quotas_off_nothing_is_throttled() {
    let op = operation_of_tier(3);
    let emulator = Emulator::builder()
        .state(false)
        .quotas(false)
        .start()
        .await
        .unwrap();
    let requests = (0..30)
        .map(|_| call(&emulator, V3, KEY, op, None))
        .collect();
    let answers = burst(emulator.addr(), requests).await;
    let (accepted, throttled) = tally(&answers);
    assert_eq!((accepted, throttled.len()), (30, 0));
    assert_eq!(emulator.stats().accepted, 30);
    assert_eq!(emulator.stats().throttled, 0);
    assert_eq!(
        emulator.used_today("testid", "cn-shanghai", 3),
        0,
        "nothing is counted"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn levels_1_and_2_have_their_own_limits() {
    let (level_1, level_2) = (operation_of_tier(1), operation_of_tier(2));
    let emulator = Emulator::builder()
        .state(false)
        .qps(1, 3)
        .qps(2, 2)
        .start()
        .await
        .unwrap();
    let requests = (0..5)
        .map(|_| call(&emulator, V3, KEY, level_1, None))
        .collect();
    let answers = burst(emulator.addr(), requests).await;
    let (accepted, throttled) = tally(&answers);
    assert_eq!((accepted, throttled.len()), (3, 2));
    for answer in throttled {
        answer.assert_error(
            codes::THROTTLING_USER,
            &[
                level_1.name,
                "level-1 operations are limited to 3 calls per second",
            ],
        );
    }
    // Level 1 used up does not touch level 2's budget.
    let requests = (0..4)
        .map(|_| call(&emulator, V1, KEY, level_2, None))
        .collect();
    let answers = burst(emulator.addr(), requests).await;
    let (accepted, throttled) = tally(&answers);
    assert_eq!((accepted, throttled.len()), (2, 2));
    for answer in throttled {
        answer.assert_error(
            codes::THROTTLING_USER,
            &[
                level_2.name,
                "level-2 operations are limited to 2 calls per second",
            ],
        );
    }
    // Nor do the other operations of a level have budgets of their own.
    let other_level_1 = operations_of_tier(Some(1))[1];
    send(
        emulator.addr(),
        &call(&emulator, V3, KEY, other_level_1, None),
    )
    .await
    .assert_error(codes::THROTTLING_USER, &[other_level_1.name, "level-1"]);
    let stats = emulator.stats();
    assert_eq!((stats.accepted, stats.throttled), (5, 5));
    assert_eq!(emulator.used_today("testid", "cn-shanghai", 1), 0);
    assert_eq!(emulator.used_today("testid", "cn-shanghai", 2), 0);
}

#[tokio::test]
async fn operations_without_a_documented_level_are_not_throttled() {
    let ops = operations_of_tier(None);
    assert!(
        !ops.is_empty(),
        "the catalog has operations without a level"
    );
    let emulator = Emulator::builder()
        .state(false)
        .qps(1, 1)
        .qps(2, 1)
        .qps(3, 1)
        .start()
        .await
        .unwrap();
    for op in &ops {
        for _ in 0..3 {
            send(emulator.addr(), &call(&emulator, V3, KEY, op, None))
                .await
                .assert_ok();
        }
    }
    assert_eq!(emulator.stats().throttled, 0);
    assert_eq!(emulator.stats().accepted, 3 * ops.len() as u64);
}

#[tokio::test]
async fn refused_calls_do_not_use_the_budget() {
    let op = operation_of_tier(3);
    let emulator = Emulator::builder()
        .state(false)
        .qps(3, 1)
        .start()
        .await
        .unwrap();
    // A call that fails the parameter checks is refused before quotas are counted.
    let request = signed_full(
        emulator.endpoint(),
        V3,
        KEY,
        op.name,
        support::API_VERSION,
        "cn-shanghai",
        &[],
        &Stamp::fresh().unwrap(),
    );
    send(emulator.addr(), &request)
        .await
        .assert_error(codes::MISSING_PARAMETER, &[op.name]);
    // A bad signature, too.
    send(
        emulator.addr(),
        &call(&emulator, V3, ("testid", "wrong"), op, None),
    )
    .await
    .assert_error(codes::SIGNATURE_DOES_NOT_MATCH, &[]);
    send(emulator.addr(), &call(&emulator, V3, KEY, op, None))
        .await
        .assert_ok();
    assert_eq!(emulator.stats().rejected, 2);
    assert_eq!(emulator.used_today("testid", "cn-shanghai", 3), 1);
}

/// Two calls `gap` apart to an emulator allowing 1 level-3 call per second with
/// `allowance` of arrival jitter (`None`: the default); the second call's answer.
async fn second_call_after(allowance: Option<Duration>, gap: Duration) -> (Emulator, Answer) {
    let op = operation_of_tier(3);
    let mut builder = Emulator::builder().state(false).qps(3, 1);
    if let Some(allowance) = allowance {
        builder = builder.jitter_allowance(allowance);
    }
    let emulator = builder.start().await.unwrap();
    send(emulator.addr(), &call(&emulator, V3, KEY, op, None))
        .await
        .assert_ok();
    tokio::time::sleep(gap).await;
    let answer = send(emulator.addr(), &call(&emulator, V3, KEY, op, None)).await;
    (emulator, answer)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arrival_jitter_within_the_allowance_is_forgiven() {
    let (default, wide, strict) = tokio::join!(
        // The default allowance (50 ms): 960 ms later is the next second.
        second_call_after(None, Duration::from_millis(960)),
        // With 300 ms allowed, 750 ms later is the next second…
        second_call_after(Some(Duration::from_millis(300)), Duration::from_millis(750)),
        // …and without an allowance it is still within the second.
        second_call_after(Some(Duration::ZERO), Duration::from_millis(750)),
    );
    default.1.assert_ok();
    wide.1.assert_ok();
    strict
        .1
        .assert_error(codes::THROTTLING_USER, &["1 calls per second"]);
    let throttled: Vec<u64> = [&default.0, &wide.0, &strict.0]
        .iter()
        .map(|e| e.stats().throttled)
        .collect();
    assert_eq!(throttled, [0, 0, 1]);
}
