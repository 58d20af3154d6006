//! One source for every service fact: the client's pacing and the emulator's quotas come
//! from the spec, through the generated crate, and from nowhere else.
//!
//! The test changes QPS level 3 in a copy of the spec (4 calls a second, 7 a day instead
//! of the documented limits), generates a crate from the copy, and builds a small probe
//! program against it and the emulator (in a scratch workspace beside this one, with a
//! target directory of its own under Cargo's test scratch directory, so a second run
//! reuses the first's build). The probe sends 8 `DeployFile` calls (level 3) through the
//! generated client to the emulator. Client and emulator agree when the client paces at
//! the new rate (the emulator throttles nothing) and stops at the new daily quota by
//! itself (the 8th call is refused before it is sent, naming 7 calls a day), and the
//! emulator accepted exactly the 7 calls sent.
//!
//! The probe gives the client a plain HTTP/1.1 transport over Tokio (no TLS stack to
//! build) and runs with `--offline`: every crate it needs is one this workspace already
//! fetched.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The changed limits of level 3.
const QPS: u32 = 4;
const DAILY: u32 = 7;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the workspace")
}

/// Copies `from` (a directory) to `to`, skipping `target` directories.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create");
    for entry in std::fs::read_dir(from).expect("read") {
        let entry = entry.expect("entry");
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&path, &dest);
            }
        } else {
            std::fs::copy(&path, &dest).expect("copy");
        }
    }
}

/// Writes `text` to `path` unless it already holds it (keeping the time of unchanged
/// files, so a second run's build is incremental).
fn write(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return;
    }
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create");
    std::fs::write(path, text).expect("write");
}

/// The scratch workspace's root manifest: this workspace's, with the scratch members.
fn root_manifest(root: &Path) -> String {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    let (head, rest) = manifest.split_once("members = [").expect("a members list");
    let (_, tail) = rest.split_once(']').expect("the list ends");
    format!("{head}members = [\"generated\", \"emulator\", \"probe\"]{tail}")
}

const PROBE_MANIFEST: &str = r#"[package]
name = "tier-probe"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
dataworks-public = { path = "../generated", default-features = false, features = ["data-development"] }
dataworks-emulator = { path = "../emulator", default-features = false }
tokio = { version = "1", features = ["macros", "rt-multi-thread", "net", "io-util", "time"] }
"#;

const PROBE_MAIN: &str = r#"//! Sends 8 level-3 calls through the generated client to the emulator; prints what
//! each side saw.
use std::time::Instant;

use dataworks_emulator::Emulator;
use dataworks_public::prelude::*;
use dataworks_public::runtime::{
    BoxFuture, HttpRequest, HttpResponse, RetryPolicy, Transport, TransportError,
};
use dataworks_public::runtime::transport::TransportErrorKind;
use dataworks_public::Credentials;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// HTTP/1.1 over a fresh TCP connection per request (`Connection: close`).
struct PlainHttp;

impl Transport for PlainHttp {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let err = |e: std::io::Error| TransportError::new(TransportErrorKind::Other, e);
            let rest = request.url.strip_prefix("http://").expect("an http URL");
            let (host, path) = rest.split_once('/').map_or((rest, "/".to_owned()), |(h, p)| (h, format!("/{p}")));
            let mut stream = tokio::net::TcpStream::connect(host)
                .await
                .map_err(|e| TransportError::new(TransportErrorKind::Connect, e))?;
            let mut head = format!("{} {path} HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\ncontent-length: {}\r\n", request.method, request.body.len());
            for (name, value) in &request.headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes()).await.map_err(err)?;
            stream.write_all(&request.body).await.map_err(err)?;
            let mut raw = Vec::new();
            stream.read_to_end(&mut raw).await.map_err(err)?;
            let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a header block");
            let head = String::from_utf8_lossy(&raw[..split]).into_owned();
            let status: u16 = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("a status");
            let mut response = HttpResponse::new(status, raw[split + 4..].to_vec());
            for line in head.lines().skip(1) {
                if let Some((name, value)) = line.split_once(':') {
                    response.headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
                }
            }
            Ok(response)
        })
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let emulator = Emulator::builder().key("probe", "probe-secret").start().await.expect("emulator");
    let client = Client::builder()
        .region("cn-shanghai")
        .endpoint(emulator.endpoint())
        .credentials(Credentials::new("probe", "probe-secret"))
        .transport(PlainHttp)
        .retry(RetryPolicy::no_retries())
        .build()
        .expect("client");
    let (mut ok, mut refused, mut refused_limit, mut other) = (0, 0, 0, Vec::new());
    let started = Instant::now();
    for _ in 0..8 {
        match client.deploy_file().project_id(10000).file_id(10000001).send().await {
            Ok(_) => ok += 1,
            Err(SdkError::QuotaExceeded(q)) => {
                refused += 1;
                refused_limit = q.limit;
            }
            Err(e) => other.push(format!("{e:?}")),
        }
    }
    let elapsed_ms = started.elapsed().as_millis();
    let stats = emulator.stats();
    println!(
        "ok={ok} refused={refused} refused_limit={refused_limit} accepted={} throttled={} elapsed_ms={elapsed_ms} other={other:?}",
        stats.accepted, stats.throttled
    );
}
"#;

/// A `key=value` of the probe's report.
fn field<'a>(report: &'a str, key: &str) -> &'a str {
    report
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("no {key} in {report}"))
}

#[test]
fn a_tier_changed_in_the_spec_moves_the_client_and_the_emulator_together() {
    let root = workspace();
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("service-facts");

    // The spec copy, level 3 changed.
    let mut spec = dwgen_spec::load(&root.join("spec")).expect("the checked-in spec loads");
    let level_3 = spec
        .service
        .qps_tiers
        .iter_mut()
        .find(|t| t.tier == 3)
        .expect("the spec documents level 3");
    assert_ne!(
        (level_3.qps, level_3.daily_calls),
        (QPS, Some(DAILY)),
        "the change must be a change"
    );
    level_3.qps = QPS;
    level_3.daily_calls = Some(DAILY);

    // The crate generated from it, beside a copy of the emulator and the probe.
    let files = codegen::emit::generate(&spec).expect("the copy generates");
    let runtime = root.join("runtime");
    for (path, text) in &files {
        let text = if path == Path::new("Cargo.toml") {
            text.replace(
                "path = \"../runtime\"",
                &format!("path = {:?}", runtime.to_string_lossy()),
            )
        } else {
            text.clone()
        };
        write(&scratch.join("generated").join(path), &text);
    }
    copy_dir(&root.join("emulator/src"), &scratch.join("emulator/src"));
    copy_dir(
        &root.join("emulator/benches"),
        &scratch.join("emulator/benches"),
    );
    let emulator_manifest =
        std::fs::read_to_string(root.join("emulator/Cargo.toml")).expect("emulator manifest");
    write(
        &scratch.join("emulator/Cargo.toml"),
        &emulator_manifest.replace(
            "path = \"../runtime\"",
            &format!("path = {:?}", runtime.to_string_lossy()),
        ),
    );
    write(&scratch.join("probe/Cargo.toml"), PROBE_MANIFEST);
    write(&scratch.join("probe/src/main.rs"), PROBE_MAIN);
    write(&scratch.join("Cargo.toml"), &root_manifest(&root));
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
    if !scratch.join("Cargo.lock").exists() {
        write(&scratch.join("Cargo.lock"), &lock);
    }

    let output = Command::new(env!("CARGO"))
        .current_dir(&scratch)
        .args(["run", "--quiet", "--offline", "-p", "tier-probe"])
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the probe did not build or run:\n{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = stdout.trim();
    // The client stopped at the new daily quota by itself, naming it.
    assert_eq!(field(report, "ok"), DAILY.to_string(), "{report}");
    assert_eq!(field(report, "refused"), "1", "{report}");
    assert_eq!(
        field(report, "refused_limit"),
        DAILY.to_string(),
        "{report}"
    );
    // The emulator counted the same limits: everything sent was accepted, nothing
    // throttled although the client sent at the new rate.
    assert_eq!(field(report, "accepted"), DAILY.to_string(), "{report}");
    assert_eq!(field(report, "throttled"), "0", "{report}");
    assert_eq!(field(report, "other"), "[]", "{report}");
    // Paced at 4 a second: the 7 calls cannot all start within the first second.
    let elapsed: u64 = field(report, "elapsed_ms").parse().expect("a number");
    assert!(
        elapsed >= 1000,
        "7 calls at {QPS}/s took {elapsed} ms: {report}"
    );
}
