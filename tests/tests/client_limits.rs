//! The generated client's rate limiting: under tokio's paused clock with a test-double
//! transport, a burst of level-3 calls is held to 5 per second; and in real time against
//! the DataWorks emulator (which counts quotas as the service does), a burst of 15
//! level-3 calls gets 10 `Throttling.User` answers with client-side limiting off and
//! none with the default limiting on, which spreads it over about 2 seconds; two
//! AccessKeys of one account share its budget when the clients know the account, and
//! are throttled by the emulator when each key stands in for the account.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dataworks_emulator::Emulator;
use dataworks_public::data_development::{DeployFileError, DeployFileRequest};
use dataworks_public::prelude::*;
use dataworks_public::runtime::QuotaScope;
use dataworks_public::runtime::{
    BoxFuture, HttpRequest, HttpResponse, RateLimiter, RateLimits, RetryPolicy, Transport,
    TransportError,
};
use dataworks_public::{CommonError, Credentials, QpsTier, OPERATIONS};

const KEY_ID: &str = "testid";
const SECRET: &str = "testsecret";

/// The level-3 operation of the bursts.
const LEVEL_3: &str = "DeployFile";

/// Answers every request at once and records the (tokio) time it was sent.
#[derive(Default, Clone)]
struct Recorder {
    sent: Arc<Mutex<Vec<tokio::time::Instant>>>,
}

impl Transport for Recorder {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.sent
            .lock()
            .expect("lock")
            .push(tokio::time::Instant::now());
        Box::pin(async {
            Ok(HttpResponse::new(
                200,
                r#"{"RequestId":"r","Data":1,"Success":true}"#,
            ))
        })
    }
}

#[tokio::test(start_paused = true)]
async fn a_burst_of_level_3_calls_is_held_to_5_per_second() {
    let recorder = Recorder::default();
    let client = Client::builder()
        .region("cn-shanghai")
        .credentials(Credentials::new(KEY_ID, SECRET))
        .transport(recorder.clone())
        .build()
        .expect("client");
    let t0 = tokio::time::Instant::now();
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .deploy_file()
                    .file_id(i)
                    .project_id(1)
                    .send()
                    .await
                    .map(|r| r.data)
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.expect("join").expect("call"), Some(1));
    }
    let mut sent = recorder.sent.lock().expect("lock").clone();
    sent.sort();
    assert_eq!(sent.len(), 20);
    for window in sent.windows(6) {
        assert!(
            window[5] - window[0] >= Duration::from_secs(1),
            "6 calls within one second: {:?}",
            window.iter().map(|t| *t - t0).collect::<Vec<_>>()
        );
    }
    assert_eq!(*sent.last().expect("last") - t0, Duration::from_secs(3));
    assert_eq!(
        client
            .rate_limiter()
            .used_today(&QuotaScope::new(KEY_ID, "cn-shanghai"), 3)
            .await
            .unwrap(),
        20
    );
}

/// What one call of a burst came to, and when it ended (from the burst's start).
type Outcome = (Result<Option<i64>, SdkError<DeployFileError>>, Duration);

/// Sends 15 `DeployFile` calls at once, without retries, with these client-side limits;
/// returns their outcomes in call order and how long the whole burst took.
async fn burst(emulator: &Emulator, limits: RateLimits) -> (Vec<Outcome>, Duration) {
    let client = Client::builder()
        .endpoint(emulator.endpoint())
        .credentials(Credentials::new(KEY_ID, SECRET))
        .region("cn-shanghai")
        .rate_limits(limits)
        .retry(RetryPolicy::no_retries())
        .build()
        .expect("client");
    let t0 = Instant::now();
    let tasks: Vec<_> = (0..15)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                let result = client
                    .deploy_file()
                    .file_id(10000001 + i)
                    .project_id(10000)
                    .send()
                    .await
                    .map(|r| r.data);
                (result, t0.elapsed())
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.expect("join"));
    }
    (outcomes, t0.elapsed())
}

fn is_throttled(outcome: &Outcome) -> bool {
    matches!(
        &outcome.0,
        Err(SdkError::Service(DeployFileError::Common(
            CommonError::ThrottlingUser(meta)
        ))) if meta.status == 429
    )
}

/// A readable account of a burst, for assertion messages.
fn timeline(outcomes: &[Outcome]) -> Vec<String> {
    outcomes
        .iter()
        .map(|(result, at)| {
            let what = match result {
                Ok(_) => "ok".to_owned(),
                Err(e) => e.to_string(),
            };
            format!("{:.3}s {what}", at.as_secs_f64())
        })
        .collect()
}

#[test]
fn the_bursts_operation_is_level_3() {
    let op = OPERATIONS
        .iter()
        .find(|op| op.name == LEVEL_3)
        .expect("documented");
    assert_eq!(op.tier, Some(QpsTier::Level3), "{op:?}");
    // The tier the client paces `deploy_file()` by.
    assert_eq!(<DeployFileRequest as Operation>::NAME, LEVEL_3);
    assert_eq!(
        <DeployFileRequest as Operation>::TIER,
        Some(QpsTier::Level3.tier())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unpaced_burst_of_15_level_3_calls_gets_10_throttled() {
    let emulator = Emulator::builder()
        .key(KEY_ID, SECRET)
        .start()
        .await
        .expect("emulator");
    let (outcomes, elapsed) = burst(&emulator, RateLimits::disabled()).await;
    eprintln!("unpaced burst: {elapsed:?}");
    // The emulator allows 5 level-3 calls in any one second: the burst must fit in one.
    assert!(
        elapsed < Duration::from_millis(900),
        "the burst took {elapsed:?}: {:#?}",
        timeline(&outcomes)
    );
    let throttled = outcomes.iter().filter(|o| is_throttled(o)).count();
    let succeeded = outcomes.iter().filter(|o| o.0.is_ok()).count();
    assert_eq!(
        (throttled, succeeded),
        (10, 5),
        "{:#?}",
        timeline(&outcomes)
    );
    let stats = emulator.stats();
    assert_eq!(stats.throttled, 10, "{stats:?}");
    assert_eq!(stats.accepted, 5, "{stats:?}");
    assert_eq!(emulator.used_today(KEY_ID, "cn-shanghai", 3), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paced_burst_of_15_level_3_calls_is_never_throttled() {
    let emulator = Emulator::builder()
        .key(KEY_ID, SECRET)
        .start()
        .await
        .expect("emulator");
    let (outcomes, elapsed) = burst(&emulator, RateLimits::default()).await;
    eprintln!("paced burst: {elapsed:?}");
    let stats = emulator.stats();
    assert_eq!(stats.throttled, 0, "{stats:?}\n{:#?}", timeline(&outcomes));
    assert!(
        outcomes.iter().all(|o| o.0.is_ok()),
        "{:#?}",
        timeline(&outcomes)
    );
    assert_eq!(stats.accepted, 15, "{stats:?}");
    // 5 at once, 5 after 1 s, 5 after 2 s.
    assert!(
        elapsed >= Duration::from_millis(1900) && elapsed < Duration::from_secs(4),
        "the burst took {elapsed:?}: {:#?}",
        timeline(&outcomes)
    );
    let mut ends: Vec<Duration> = outcomes.iter().map(|o| o.1).collect();
    ends.sort();
    for (i, end) in ends.iter().enumerate() {
        let second = Duration::from_secs(i as u64 / 5);
        assert!(
            *end >= second,
            "call {} of the burst ended at {end:?}, before {second:?}",
            i + 1
        );
    }
}

/// Sends 5 `DeployFile` calls at once with each of two clients, one per AccessKey of
/// one account, sharing `limiter` (in this process); `account` is set on both when
/// given. Returns the emulator's stats.
async fn two_keys_burst(account: Option<&str>) -> dataworks_emulator::Stats {
    let emulator = Emulator::builder()
        .account_key("key-a", "secret-a", "1234567890")
        .account_key("key-b", "secret-b", "1234567890")
        .start()
        .await
        .expect("emulator");
    let limiter = RateLimiter::new(RateLimits::documented());
    let clients = [("key-a", "secret-a"), ("key-b", "secret-b")].map(|(id, secret)| {
        let builder = Client::builder()
            .endpoint(emulator.endpoint())
            .credentials(Credentials::new(id, secret))
            .region("cn-shanghai")
            .rate_limiter(limiter.clone())
            .retry(RetryPolicy::no_retries());
        match account {
            Some(account) => builder.account(account),
            None => builder,
        }
        .build()
        .expect("client")
    });
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let client = clients[i % 2].clone();
            tokio::spawn(async move {
                let _ = client
                    .deploy_file()
                    .file_id(1)
                    .project_id(10000)
                    .send()
                    .await;
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("join");
    }
    emulator.stats()
}

/// The service counts an account's keys together. With the account set, two keys share
/// its level-3 budget (5 per second) and nothing is throttled; without it each key's id
/// stands in for the account, each key believes it has the whole budget, and the
/// emulator (counting per account, as the service does) throttles the excess.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_keys_of_one_account_share_its_quota_when_the_client_knows_the_account() {
    let stats = two_keys_burst(Some("1234567890")).await;
    assert_eq!((stats.accepted, stats.throttled), (10, 0), "{stats:?}");
    let stats = two_keys_burst(None).await;
    assert_eq!((stats.accepted, stats.throttled), (5, 5), "{stats:?}");
}
