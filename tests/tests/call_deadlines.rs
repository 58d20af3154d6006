//! Every call configurable and every call cancellable, against servers on loopback:
//! - a server that accepts connections and never answers: the operation deadline ends
//!   the call on time, with retries (each attempt timing out) in between, and the error
//!   says which deadline passed and after how many attempts;
//! - a per-call override (`customize`) changes the timeout and the retries of one call,
//!   and the next call runs with the client's own settings again;
//! - a call's future dropped while it waits for the rate limiter, while it waits for an
//!   answer, or while it backs off before a retry leaves nothing behind: no task, no
//!   connection held open, no attempt sent later.
//!
//! The servers count what arrives (connections, requests) and when a connection closes,
//! so attempts are counted on the server side.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dataworks_emulator::Emulator;
use dataworks_public::prelude::*;
use dataworks_public::runtime::{CallOverrides, DisplayErrorContext, RateLimits, RetryPolicy};
use dataworks_public::{Credentials, QpsTier, SdkError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What a loopback server saw.
#[derive(Default)]
struct Seen {
    connections: AtomicUsize,
    requests: AtomicUsize,
    closed: AtomicUsize,
    /// When each request (its head) arrived.
    arrivals: Mutex<Vec<Instant>>,
}

/// How the server answers a request.
#[derive(Clone, Copy)]
enum Answer {
    /// Never: reads and waits until the client closes.
    Never,
    /// `503` with a JSON error, at once.
    Unavailable,
}

/// A server on 127.0.0.1 answering every request as `answer`; counts in [`Seen`].
async fn server(answer: Answer) -> (String, Arc<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen = Arc::new(Seen::default());
    let counts = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            counts.connections.fetch_add(1, Ordering::SeqCst);
            let counts = counts.clone();
            tokio::spawn(async move {
                let mut pending = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    let n = match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => {
                            counts.closed.fetch_add(1, Ordering::SeqCst);
                            return;
                        }
                        Ok(n) => n,
                    };
                    pending.extend_from_slice(&buf[..n]);
                    // One request head (and its form body) at a time.
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&pending[..end]).to_ascii_lowercase();
                        let length: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(0);
                        if pending.len() < end + 4 + length {
                            break;
                        }
                        pending.drain(..end + 4 + length);
                        counts.requests.fetch_add(1, Ordering::SeqCst);
                        counts.arrivals.lock().expect("lock").push(Instant::now());
                        if let Answer::Unavailable = answer {
                            let body = r#"{"RequestId":"r-503","Code":"ServiceUnavailable","Message":"try later"}"#;
                            let response = format!(
                                "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                                body.len()
                            );
                            if socket.write_all(response.as_bytes()).await.is_err() {
                                return;
                            }
                        }
                    }
                }
            });
        }
    });
    (format!("http://{addr}"), seen)
}

fn client(endpoint: &str) -> dataworks_public::ClientBuilder {
    Client::builder()
        .region("cn-shanghai")
        .endpoint(endpoint)
        .credentials(Credentials::new("testid", "testsecret"))
        .rate_limits(RateLimits::disabled())
}

/// Waits (at most `within`) until `check` holds.
async fn eventually(within: Duration, check: impl Fn() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < within {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    check()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operation_deadline_ends_a_call_to_a_silent_server_on_time() {
    let (endpoint, seen) = server(Answer::Never).await;
    let client = client(&endpoint)
        .attempt_timeout(Duration::from_millis(300))
        .operation_timeout(Duration::from_millis(1500))
        .retry(RetryPolicy::new(
            100,
            Duration::from_millis(10),
            Duration::from_millis(50),
        ))
        .build()
        .expect("client");
    let started = Instant::now();
    let err = client
        .get_deployment()
        .project_id(1)
        .deployment_id(2)
        .send()
        .await
        .expect_err("nobody answers");
    let elapsed = started.elapsed();
    let SdkError::Timeout(timeout) = &err else {
        panic!("expected the operation deadline, got {err:?}")
    };
    assert_eq!(timeout.operation(), "GetDeployment");
    assert_eq!(timeout.timeout(), Duration::from_millis(1500));
    // Retries in between: each attempt ran out of its own deadline first.
    let sent = seen.requests.load(Ordering::SeqCst);
    assert!(sent >= 3, "{sent} attempts in 1.5 s of 300 ms attempts");
    assert_eq!(
        timeout.attempts() as usize,
        sent,
        "the error counts what the server saw"
    );
    let report = DisplayErrorContext(&err).to_string();
    assert!(
        report.starts_with("operation timeout: GetDeployment did not finish within the operation timeout of 1.5 s ("),
        "{report}"
    );
    assert!(
        report.contains(&format!("{sent} attempts started")),
        "{report}"
    );
    // On time: not before the deadline, and not the minutes of retrying a silent server.
    assert!(elapsed >= Duration::from_millis(1500), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    // The abandoned attempt's connection is closed.
    assert!(
        eventually(Duration::from_secs(5), || {
            seen.closed.load(Ordering::SeqCst) == seen.connections.load(Ordering::SeqCst)
        })
        .await,
        "a connection stays open"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_override_changes_one_call_only() {
    let (endpoint, seen) = server(Answer::Never).await;
    let client = client(&endpoint)
        .attempt_timeout(Duration::from_millis(200))
        .retry(RetryPolicy::new(
            3,
            Duration::from_millis(5),
            Duration::from_millis(10),
        ))
        .build()
        .expect("client");
    // This call: one attempt of 100 ms, and a deadline.
    let err = client
        .get_deployment()
        .project_id(1)
        .deployment_id(2)
        .customize(
            CallOverrides::new()
                .attempt_timeout(Duration::from_millis(100))
                .retry(RetryPolicy::no_retries()),
        )
        .send()
        .await
        .expect_err("nobody answers");
    assert!(
        matches!(&err, SdkError::Transport(e) if e.kind() == dataworks_public::runtime::transport::TransportErrorKind::Timeout),
        "{err:?}"
    );
    assert!(
        DisplayErrorContext(&err)
            .to_string()
            .ends_with("no answer within the attempt timeout of 0.1 s"),
        "{}",
        DisplayErrorContext(&err)
    );
    assert_eq!(
        seen.requests.load(Ordering::SeqCst),
        1,
        "no retries for this call"
    );
    // The next call runs with the client's settings: 3 attempts.
    client
        .get_deployment()
        .project_id(1)
        .deployment_id(2)
        .send()
        .await
        .expect_err("nobody answers");
    assert_eq!(
        seen.requests.load(Ordering::SeqCst),
        1 + 3,
        "the client's retries"
    );
    // The override's handle is the same client underneath: its rate limiter too.
    let handle = client.customized(CallOverrides::new().pacing(false));
    assert!(std::ptr::eq(client.rate_limiter(), handle.rate_limiter()));
    assert_eq!(
        client.overrides(),
        CallOverrides::new(),
        "the client is unchanged"
    );
}

/// The tasks alive in this runtime.
fn tasks() -> usize {
    tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_dropped_while_waiting_for_the_limiter_is_never_sent() {
    let emulator = Emulator::builder()
        .key("testid", "testsecret")
        .start()
        .await
        .expect("emulator");
    let baseline = tasks();
    let client = client(emulator.endpoint())
        .rate_limits(RateLimits::documented().qps(3, 1))
        .build()
        .expect("client");
    assert_eq!(QpsTier::Level3.level(), 3);
    // The first call takes the level's one slot of this second.
    client
        .deploy_file()
        .project_id(1)
        .file_id(1)
        .send()
        .await
        .expect("first");
    let accepted = emulator.stats().accepted;
    // The second waits about a second for its slot; drop it well before.
    let second = client.deploy_file().project_id(1).file_id(2).send();
    let dropped = tokio::time::timeout(Duration::from_millis(200), second).await;
    assert!(dropped.is_err(), "it was still waiting: {dropped:?}");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        emulator.stats().accepted,
        accepted,
        "the dropped call was never sent"
    );
    // Nothing was spawned for the call: once the client (and its idle connection) is
    // gone, the runtime runs what it ran before.
    drop(client);
    assert!(
        eventually(Duration::from_secs(2), || tasks() <= baseline).await,
        "tasks left behind: {} > {baseline}",
        tasks()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_dropped_while_waiting_for_an_answer_closes_its_connection() {
    let (endpoint, seen) = server(Answer::Never).await;
    let baseline = tasks();
    let client = client(&endpoint).build().expect("client");
    let call = client
        .get_deployment()
        .project_id(1)
        .deployment_id(2)
        .send();
    let dropped = tokio::time::timeout(Duration::from_millis(500), call).await;
    assert!(dropped.is_err(), "nobody answers");
    assert_eq!(seen.requests.load(Ordering::SeqCst), 1, "it was sent");
    assert!(
        eventually(Duration::from_secs(5), || seen
            .closed
            .load(Ordering::SeqCst)
            == 1)
        .await,
        "the connection is held open after the call was dropped"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        seen.requests.load(Ordering::SeqCst),
        1,
        "no retry after the drop"
    );
    // The server's own task for the connection ended with it; nothing of the call's is
    // left once the client is gone.
    drop(client);
    assert!(
        eventually(Duration::from_secs(2), || tasks() <= baseline).await,
        "tasks left behind: {} > {baseline}",
        tasks()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_dropped_while_backing_off_sends_no_retry() {
    let (endpoint, seen) = server(Answer::Unavailable).await;
    let baseline = tasks();
    // A 5xx on a read-only operation is retried, after a backoff of 2 s here.
    let client = client(&endpoint)
        .retry(RetryPolicy::new(
            3,
            Duration::from_secs(2),
            Duration::from_secs(2),
        ))
        .build()
        .expect("client");
    let call = client
        .get_deployment()
        .project_id(1)
        .deployment_id(2)
        .send();
    // Boxed, so that dropping it drops the future itself.
    let mut call = Box::pin(call);
    // Wait until the first attempt was answered, then drop the call during the backoff.
    let answered = tokio::select! {
        _ = call.as_mut() => false,
        ok = eventually(Duration::from_secs(5), || seen.requests.load(Ordering::SeqCst) == 1) => ok,
    };
    assert!(answered, "the first attempt arrives");
    tokio::time::sleep(Duration::from_millis(100)).await;
    drop(call);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        seen.requests.load(Ordering::SeqCst),
        1,
        "a retry was sent after the call was dropped"
    );
    drop(client);
    assert!(
        eventually(Duration::from_secs(2), || tasks() <= baseline).await,
        "tasks left behind: {} > {baseline}",
        tasks()
    );
}
