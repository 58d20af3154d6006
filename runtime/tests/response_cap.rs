//! Every read is bounded: a server on loopback answers `200` with a 400 MiB body, once
//! with a `Content-Length` that says so and once chunked; the client (its default reqwest
//! transport, a 1 MiB cap) fails the call with `SdkError::ResponseTooLarge`, naming the
//! operation, the cap and the request id the server sent, and stops reading at the cap.
//! The server counts what it managed to write before the client closed the connection:
//! the cap plus what the two kernels' socket buffers hold, never the 400 MiB.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use dataworks_runtime::{
    Client, Credentials, DecodeError, ErrorMeta, FromJson, Operation, RateLimits, RequestId,
    RetryPolicy, SdkError,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The body the server would send.
const BODY: u64 = 400 * 1024 * 1024;
/// The client's cap.
const CAP: usize = 1024 * 1024;
/// What the kernels may buffer between the two on loopback, and a read buffer: the most
/// the server can have written once the client stopped reading at the cap.
const SLACK: u64 = 32 * 1024 * 1024;

struct Big;

#[derive(Debug)]
struct Anything;

impl FromJson for Anything {
    fn from_json(_: serde_json::Value) -> Result<Option<Self>, DecodeError> {
        Ok(Some(Anything))
    }
}

impl Operation for Big {
    const NAME: &'static str = "ListBigThings";
    const VERSION: &'static str = "2020-05-18";
    const TIER: Option<dataworks_runtime::Tier> = None;
    const CATEGORY: &'static str = "tests";
    const READ_ONLY: bool = true;
    type Response = Anything;
    type Error = ErrorMeta;
    fn params(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}

/// A server answering one request with a 400 MiB body (declared or chunked); returns
/// its address and the count of body bytes it wrote before the connection failed.
async fn server(declared: bool) -> (String, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let written = Arc::new(AtomicU64::new(0));
    let count = written.clone();
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        // Read the request head and body (the form body's length is declared).
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let Ok(n) = socket.read(&mut buf).await else {
                return;
            };
            if n == 0 {
                return;
            }
            request.extend_from_slice(&buf[..n]);
            if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                if request.len() >= end + 4 + length {
                    break;
                }
            }
        }
        let framing = if declared {
            format!("content-length: {BODY}\r\n")
        } else {
            "transfer-encoding: chunked\r\n".to_owned()
        };
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-acs-request-id: big-1\r\n{framing}\r\n"
        );
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = vec![b' '; 64 * 1024];
        let mut sent = 0u64;
        while sent < BODY {
            let result = if declared {
                socket.write_all(&chunk).await
            } else {
                let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
                framed.extend_from_slice(&chunk);
                framed.extend_from_slice(b"\r\n");
                socket.write_all(&framed).await
            };
            if result.is_err() {
                return;
            }
            sent += chunk.len() as u64;
            count.store(sent, Ordering::SeqCst);
        }
    });
    (format!("http://{addr}"), written)
}

async fn call(endpoint: &str) -> SdkError<ErrorMeta> {
    let client = Client::builder()
        .region("cn-shanghai")
        .endpoint(endpoint)
        .credentials(Credentials::new("id", "secret"))
        .rate_limits(RateLimits::disabled())
        .retry(RetryPolicy::default())
        .max_response_size(CAP)
        .build()
        .expect("client");
    tokio::time::timeout(Duration::from_secs(60), client.call(&Big))
        .await
        .expect("the call ends at the cap, not after 400 MiB")
        .expect_err("over the cap")
}

/// The server's count once it stopped writing (the client closed the connection).
async fn settled(written: &AtomicU64) -> u64 {
    let mut last = u64::MAX;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let now = written.load(Ordering::SeqCst);
        if now == last {
            return now;
        }
        last = now;
    }
    last
}

fn check(err: &SdkError<ErrorMeta>, declared: bool) {
    let SdkError::ResponseTooLarge(too_large) = err else {
        panic!("expected ResponseTooLarge, got {err:?}")
    };
    assert_eq!(too_large.operation(), "ListBigThings");
    assert_eq!(too_large.limit(), CAP);
    assert_eq!(too_large.status(), 200);
    assert_eq!(err.request_id(), Some("big-1"));
    let report = dataworks_runtime::DisplayErrorContext(err).to_string();
    assert!(report.contains("1 MiB cap"), "{report}");
    assert!(report.contains("ListBigThings"), "{report}");
    if declared {
        assert!(report.contains("declares 419430400 bytes"), "{report}");
    } else {
        assert!(report.contains("reading stopped there"), "{report}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declared_length_over_the_cap_is_refused_before_reading() {
    let (endpoint, written) = server(true).await;
    let err = call(&endpoint).await;
    check(&err, true);
    let written = settled(&written).await;
    assert!(
        written < SLACK,
        "the server wrote {written} bytes before the client closed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunked_body_is_read_up_to_the_cap_only() {
    let (endpoint, written) = server(false).await;
    let err = call(&endpoint).await;
    check(&err, false);
    let written = settled(&written).await;
    assert!(
        written < CAP as u64 + SLACK,
        "the server wrote {written} bytes before the client closed: more than the cap and the buffers"
    );
}
