//! What a misbehaving client cannot do to the emulator, over loopback: malformed HTTP
//! gets an HTTP error answer (hyper's `400`/`431`) and the emulator goes on serving;
//! bodies over the cap get `413` (declared or chunked); bodies that are not UTF-8 or
//! not a form get `400 Emulator.InvalidEncoding` naming the parameter; connections over
//! the cap get `503 Emulator.TooManyConnections` and service resumes once they close;
//! a connection that sends no headers is closed after the header timeout; and
//! arbitrary bytes (a bounded property test) never stop valid calls from succeeding.

mod support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use dataworks_emulator::codes;
use dataworks_emulator::Emulator;
use dataworks_runtime::signing;
use dataworks_runtime::SignatureVersion::{V1, V3};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use support::{
    assert_error_shape, raw_body, raw_status, send, send_http, send_raw, signed, Answer, KEY,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const DEPLOYMENT: &[(&str, &str)] = &[("ProjectId", "10000"), ("DeploymentId", "5")];

/// A valid signed call, which must succeed.
async fn assert_serving(emulator: &Emulator) {
    let request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
    send(emulator.addr(), &request).await.assert_ok();
}

/// The JSON error body of a raw answer, checked for its shape.
fn raw_error(answer: &str) -> serde_json::Value {
    let body = raw_body(answer);
    let value: serde_json::Value =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {answer}"));
    assert_error_shape(&value, answer);
    value
}

#[tokio::test]
async fn malformed_http_gets_an_http_error_and_the_emulator_goes_on() {
    let emulator = Emulator::builder()
        .state(false)
        .header_timeout(Duration::from_secs(2))
        .start()
        .await
        .unwrap();
    let absurd_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Long: {}\r\n\r\n",
        "a".repeat(512 * 1024)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: x\r\n{}\r\n",
        (0..200)
            .map(|i| format!("X-H{i}: v\r\n"))
            .collect::<String>()
    );
    let cases: [(&str, Vec<u8>, u16); 9] = [
        ("garbage", b"NOT HTTP\r\n\r\n".to_vec(), 400),
        (
            "invalid method token",
            b"G(T / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            400,
        ),
        (
            "header without colon",
            b"GET / HTTP/1.1\r\nHost x\r\n\r\n".to_vec(),
            400,
        ),
        ("absurdly long header line", absurd_header.into_bytes(), 431),
        ("too many headers", many_headers.into_bytes(), 431),
        (
            "binary",
            vec![0, 1, 2, 0xff, 0xfe, b'\r', b'\n', b'\r', b'\n'],
            400,
        ),
        (
            "unknown HTTP version",
            b"GET / HTTP/9.9\r\nHost: x\r\n\r\n".to_vec(),
            400,
        ),
        (
            "invalid content-length",
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n".to_vec(),
            400,
        ),
        (
            "conflicting content-lengths",
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"
                .to_vec(),
            400,
        ),
    ];
    for (what, bytes, status) in cases {
        let started = Instant::now();
        let answer = send_raw(emulator.addr(), &bytes).await;
        assert_eq!(raw_status(&answer), Some(status), "{what}: {answer:?}");
        assert!(
            answer.to_ascii_lowercase().contains("connection: close"),
            "{what}: the connection is not closed: {answer:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{what}: closed only after {:?}",
            started.elapsed()
        );
        assert_serving(&emulator).await;
    }
    // hyper speaks HTTP/1 only here: the HTTP/2 preface is not answered, the
    // connection is closed at once.
    let started = Instant::now();
    let answer = send_raw(emulator.addr(), b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").await;
    assert_eq!(answer, "", "HTTP/2 preface");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_serving(&emulator).await;
    // None of this reached the handler.
    assert_eq!(emulator.stats().rejected, 0);
}

#[tokio::test]
async fn a_body_over_the_cap_is_refused_with_413() {
    let emulator = Emulator::builder()
        .state(false)
        .body_limit(1024)
        .start()
        .await
        .unwrap();
    // Declared with Content-Length.
    let mut request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
    request.body = vec![b'a'; 10 * 1024];
    let answer = send(emulator.addr(), &request).await;
    answer.assert_error(codes::REQUEST_TOO_LARGE, &["larger than 1024 bytes"]);
    assert_eq!(answer.header("connection"), Some("close"));

    // Chunked, without Content-Length.
    let mut raw = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..10 {
        raw.extend_from_slice(b"400\r\n");
        raw.extend_from_slice(&[b'a'; 1024]);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let answer = send_raw(emulator.addr(), &raw).await;
    assert_eq!(raw_status(&answer), Some(413), "{answer}");
    let body = raw_error(&answer);
    assert_eq!(body["Code"], "Emulator.RequestTooLarge");
    assert!(
        body["Message"].as_str().unwrap().contains("1024 bytes"),
        "{answer}"
    );

    // Chunks over the cap with the end never sent: answered without waiting for it.
    let mut stream = TcpStream::connect(emulator.addr()).await.unwrap();
    stream.write_all(&raw[..raw.len() - 5]).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut out))
        .await
        .expect("answered and closed without the last chunk")
        .unwrap();
    assert_eq!(raw_status(&String::from_utf8_lossy(&out)), Some(413));

    assert_eq!(emulator.stats().rejections["Emulator.RequestTooLarge"], 3);
    assert_serving(&emulator).await;
}

#[tokio::test]
async fn a_body_of_exactly_the_cap_is_read() {
    let emulator = Emulator::builder()
        .state(false)
        .body_limit(1024)
        .start()
        .await
        .unwrap();
    let prefix = signing::form_encode(DEPLOYMENT).len() + "&Padding=".len();
    for (size, status) in [(1024, 200), (1025, 413)] {
        let padding = "p".repeat(size - prefix);
        let mut params = DEPLOYMENT.to_vec();
        params.push(("Padding", &padding));
        let request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", &params);
        assert_eq!(request.body.len(), size);
        let answer = send(emulator.addr(), &request).await;
        assert_eq!(answer.status, status, "{size} bytes: {}", answer.text);
    }
}

#[tokio::test]
async fn text_that_is_not_utf8_or_not_a_form_is_named() {
    let emulator = Emulator::builder().state(false).start().await.unwrap();
    let form = vec![(
        "content-type".to_owned(),
        "application/x-www-form-urlencoded".to_owned(),
    )];
    // Decoding comes before the signature check, so no signature is needed.
    let answer = send_http(
        emulator.addr(),
        "POST",
        "/",
        &form,
        b"Ok=1&Name=%FF".to_vec(),
    )
    .await
    .unwrap();
    answer.assert_error(codes::INVALID_ENCODING, &["`Name`", "form body", "UTF-8"]);

    let answer = send_http(
        emulator.addr(),
        "GET",
        "/?Action=%C3%28&Ok=1",
        &[],
        Vec::new(),
    )
    .await
    .unwrap();
    answer.assert_error(codes::INVALID_ENCODING, &["`Action`", "the query"]);

    let json = vec![("content-type".to_owned(), "application/json".to_owned())];
    let answer = send_http(emulator.addr(), "POST", "/", &json, b"{\"a\":1}".to_vec())
        .await
        .unwrap();
    answer.assert_error(
        codes::INVALID_ENCODING,
        &["application/x-www-form-urlencoded", "`application/json`"],
    );

    // A signed V1 call whose body has an invalid escape is refused the same way.
    let mut request = signed(emulator.endpoint(), V1, KEY, "GetDeployment", DEPLOYMENT);
    request.body = b"ProjectId=10000&DeploymentId=5&Comment=%FF".to_vec();
    send(emulator.addr(), &request)
        .await
        .assert_error(codes::INVALID_ENCODING, &["`Comment`"]);

    // A header value with a byte that is not ASCII (hyper lets obs-text through).
    let answer = send_raw(
        emulator.addr(),
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Note: caf\xe9\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(raw_status(&answer), Some(400), "{answer}");
    let body = raw_error(&answer);
    assert_eq!(body["Code"], "Emulator.InvalidEncoding");
    assert!(
        body["Message"].as_str().unwrap().contains("`x-note`"),
        "{answer}"
    );
    assert_eq!(emulator.stats().rejections["Emulator.InvalidEncoding"], 5);
}

/// Opens a connection that sends the start of a request and then nothing.
async fn hold(addr: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"POST / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    stream
}

/// What each connection received within `wait` (`None`: nothing, still open).
async fn first_reads(streams: Vec<TcpStream>, wait: Duration) -> Vec<(TcpStream, Option<String>)> {
    let tasks: Vec<_> = streams
        .into_iter()
        .map(|mut stream| {
            tokio::spawn(async move {
                let mut out = Vec::new();
                let read = tokio::time::timeout(wait, stream.read_to_end(&mut out)).await;
                let got = match read {
                    Ok(_) => Some(String::from_utf8_lossy(&out).into_owned()),
                    Err(_) if out.is_empty() => None,
                    Err(_) => Some(String::from_utf8_lossy(&out).into_owned()),
                };
                (stream, got)
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    results
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_the_cap_get_503_and_service_resumes() {
    let emulator = Emulator::builder()
        .state(false)
        .max_connections(8)
        .start()
        .await
        .unwrap();
    let mut streams = Vec::new();
    for _ in 0..40 {
        streams.push(hold(emulator.addr()).await);
    }
    let results = first_reads(streams, Duration::from_millis(500)).await;
    let mut refused = 0;
    let mut held = Vec::new();
    for (stream, got) in results {
        match got {
            None => held.push(stream),
            Some(answer) => {
                assert_eq!(raw_status(&answer), Some(503), "{answer:?}");
                assert!(answer.contains("connection: close"), "{answer}");
                let body = raw_error(&answer);
                assert_eq!(body["Code"], "Emulator.TooManyConnections");
                assert!(
                    body["Message"]
                        .as_str()
                        .unwrap()
                        .contains("more than 8 connections"),
                    "{answer}"
                );
                refused += 1;
            }
        }
    }
    assert_eq!((held.len(), refused), (8, 32));

    // A valid call is refused too while the cap is reached.
    let request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
    send(emulator.addr(), &request)
        .await
        .assert_error(codes::TOO_MANY_CONNECTIONS, &["more than 8 connections"]);

    drop(held);
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
        let answer = send(emulator.addr(), &request).await;
        if answer.status == 200 {
            break;
        }
        answer.assert_error(codes::TOO_MANY_CONNECTIONS, &[]);
        assert!(
            Instant::now() < deadline,
            "still refused 2 s after the held connections closed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Refusing a connection is not a rejection of a call.
    assert_eq!(emulator.stats().rejected, 0);
}

#[tokio::test]
async fn a_connection_that_sends_no_headers_is_closed_after_the_header_timeout() {
    let emulator = Emulator::builder()
        .state(false)
        .header_timeout(Duration::from_millis(200))
        .start()
        .await
        .unwrap();
    for sent in [&b""[..], b"GET / HTTP/1.1\r\nHost:"] {
        let started = Instant::now();
        let mut stream = TcpStream::connect(emulator.addr()).await.unwrap();
        stream.write_all(sent).await.unwrap();
        let mut out = Vec::new();
        tokio::time::timeout(Duration::from_secs(1), stream.read_to_end(&mut out))
            .await
            .unwrap_or_else(|_| panic!("{sent:?}: still open after 1 s"))
            .unwrap();
        let took = started.elapsed();
        assert!(
            out.is_empty(),
            "{sent:?}: answered {:?}",
            String::from_utf8_lossy(&out)
        );
        assert!(
            took >= Duration::from_millis(150),
            "{sent:?}: closed after {took:?}"
        );
    }
    // An idle keep-alive connection is closed the same way after an answer.
    let request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
    let url = url::Url::parse(&request.url).unwrap();
    let mut raw = format!("POST {} HTTP/1.1\r\n", url.path());
    for (name, value) in &request.headers {
        raw.push_str(&format!("{name}: {value}\r\n"));
    }
    raw.push_str(&format!("content-length: {}\r\n\r\n", request.body.len()));
    let mut stream = TcpStream::connect(emulator.addr()).await.unwrap();
    stream.write_all(raw.as_bytes()).await.unwrap();
    stream.write_all(&request.body).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(1), stream.read_to_end(&mut out))
        .await
        .expect("the idle connection is closed within 1 s")
        .unwrap();
    let answer = String::from_utf8_lossy(&out);
    assert_eq!(raw_status(&answer), Some(200), "{answer}");
    assert_serving(&emulator).await;
}

/// Requests that get further into the parser than random bytes do.
const PREFIXES: &[&str] = &[
    "GET / HTTP/1.1\r\n",
    "GET /?Action=GetDeployment&Signature=",
    "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n",
    "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
    "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 24\r\n\r\n",
    "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ACS3-HMAC-SHA256 ",
];

fn arbitrary_requests() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..256),
        (
            proptest::sample::select(PREFIXES),
            proptest::collection::vec(any::<u8>(), 0..128)
        )
            .prop_map(|(prefix, tail)| {
                let mut bytes = prefix.as_bytes().to_vec();
                bytes.extend(tail);
                bytes
            }),
        (proptest::sample::select(PREFIXES), "[ -~\r\n]{0,128}")
            .prop_map(|(prefix, tail)| format!("{prefix}{tail}").into_bytes()),
    ]
}

/// Sends `bytes`, closes the sending side, and reads what comes back until the
/// server closes (at most 2 s).
async fn send_and_half_close(addr: SocketAddr, bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut stream = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let _ = stream.write_all(bytes).await;
    let _ = stream.shutdown().await;
    let mut out = Vec::new();
    match tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut out)).await {
        Ok(_) => Ok(out),
        Err(_) => Err("the connection was still open 2 s after the client finished".to_owned()),
    }
}

#[test]
fn arbitrary_bytes_never_stop_valid_calls() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let emulator = runtime
        .block_on(
            Emulator::builder()
                .state(false)
                .quotas(false)
                .header_timeout(Duration::from_millis(500))
                .start(),
        )
        .unwrap();
    let config = Config {
        cases: 64,
        failure_persistence: None,
        max_shrink_iters: 256,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&arbitrary_requests(), |bytes| {
        runtime.block_on(async {
            let out = send_and_half_close(emulator.addr(), &bytes)
                .await
                .map_err(TestCaseError::fail)?;
            let text = String::from_utf8_lossy(&out);
            if !text.is_empty() {
                let status = raw_status(&text);
                prop_assert!(status.is_some(), "not an HTTP answer: {text:?}");
                let status = status.unwrap();
                prop_assert!(
                    (400..600).contains(&status),
                    "status {status} for {:?}: {text:?}",
                    String::from_utf8_lossy(&bytes)
                );
            }
            let request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
            let answer: Answer = send(emulator.addr(), &request).await;
            prop_assert_eq!(answer.status, 200, "after {:?}: {}", bytes, answer.text);
            Ok(())
        })
    });
    drop(emulator);
    if let Err(error) = result {
        panic!("{error}");
    }
}
