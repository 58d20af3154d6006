//! What a program shows when a call fails: an `anyhow` report (`{:#}`, each cause after
//! a `: `) of any `SdkError` prints every level once, as the std convention wants
//! (each error's `Display` says what failed at its level, the cause is its `source()`).
//! The errors come from real calls: the local emulator, an address nobody listens on,
//! a builder missing a parameter.

use std::error::Error as _;
use std::time::Duration;

use dataworks_emulator::Emulator;
use dataworks_public::prelude::*;
use dataworks_public::runtime::{RetryPolicy, UnknownError};
use dataworks_public::{Credentials, SdkError};

const KEY_ID: &str = "testid";
const SECRET: &str = "testsecret";

/// The levels of an error's chain, outermost first.
fn levels(e: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut out = vec![e.to_string()];
    let mut next = e.source();
    while let Some(e) = next {
        out.push(e.to_string());
        next = e.source();
    }
    out
}

/// Checks that the `anyhow` report of `error` prints each level once, and returns it.
fn report<E>(error: SdkError<E>) -> String
where
    E: std::error::Error + Send + Sync + 'static,
{
    let chain = levels(&error);
    for (i, outer) in chain.iter().enumerate() {
        for inner in &chain[i + 1..] {
            assert!(
                !outer.contains(inner.as_str()),
                "{outer:?} repeats its cause {inner:?}"
            );
        }
    }
    let text = format!("{:#}", anyhow::Error::from(error));
    assert_eq!(text, chain.join(": "), "anyhow prints the chain");
    text
}

fn client(endpoint: &str, secret: &str) -> Client {
    Client::builder()
        .endpoint(endpoint)
        .region("cn-shanghai")
        .credentials(Credentials::new(KEY_ID, secret))
        .retry(RetryPolicy::no_retries())
        .build()
        .expect("client")
}

#[tokio::test]
async fn service_errors_print_code_message_and_request_id_once() {
    let emulator = Emulator::builder()
        .key(KEY_ID, SECRET)
        .start()
        .await
        .expect("emulator");
    let err = client(emulator.endpoint(), "not-the-secret")
        .deploy_file()
        .project_id(10000)
        .file_id(10000001)
        .send()
        .await
        .expect_err("a bad signature");
    let request_id = err
        .request_id()
        .expect("the emulator's request id")
        .to_owned();
    let text = report(err);
    assert!(
        text.starts_with("service error: Emulator.SignatureDoesNotMatch (HTTP 403): "),
        "{text}"
    );
    assert!(
        text.ends_with(&format!(" (request id {request_id})")),
        "{text}"
    );
}

#[tokio::test]
async fn a_missing_parameter_prints_the_parameter_once() {
    let emulator = Emulator::builder()
        .key(KEY_ID, SECRET)
        .start()
        .await
        .expect("emulator");
    let err = client(emulator.endpoint(), SECRET)
        .get_folder()
        .project_id(1)
        .send()
        .await
        .expect_err("neither FolderId nor FolderPath");
    assert_eq!(
        report(err),
        "cannot build the request (nothing was sent): GetFolder needs one of FolderId, FolderPath (none is set)"
    );
}

#[tokio::test]
async fn a_refused_connection_prints_each_level_once() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let err = tokio::time::timeout(
        Duration::from_secs(20),
        client(&format!("http://127.0.0.1:{port}"), SECRET)
            .deploy_file()
            .project_id(1)
            .file_id(1)
            .send(),
    )
    .await
    .expect("refused at once")
    .expect_err("nothing listens");
    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    let text = report(err);
    assert!(
        text.starts_with("no response: connection failed: "),
        "{text}"
    );
}

#[tokio::test]
async fn an_unknown_code_is_read_through_accessors() {
    let emulator = Emulator::builder()
        .key(KEY_ID, SECRET)
        .start()
        .await
        .expect("emulator");
    let err = client(emulator.endpoint(), "not-the-secret")
        .list_files()
        .project_id(1)
        .send()
        .await
        .expect_err("a bad signature");
    let SdkError::Service(service) = &err else {
        panic!("{err:?}")
    };
    let unknown: &UnknownError = match service {
        dataworks_public::data_development::ListFilesError::Unknown(u) => u,
        other => panic!("SignatureDoesNotMatch is not a documented code: {other:?}"),
    };
    assert_eq!(unknown.code(), "Emulator.SignatureDoesNotMatch");
    assert_eq!(
        unknown.code(),
        service.code(),
        "one code, two ways to read it"
    );
    assert!(err.source().is_some());
}
