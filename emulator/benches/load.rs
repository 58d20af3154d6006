//! The emulator's two performance figures, measured whole (not with criterion's
//! micro-benchmarks): how long `Emulator::builder().start()` takes (and until a first
//! call is answered), and how many verified calls per second it serves to keep-alive
//! clients signing every call afresh (V3 and V1), quotas off so every call is a 200,
//! with the DataStudio state on: reads of a seeded file (`GetFile`, answered from the
//! state and shaped by its model), and creations (`CreateFile`, each a new file).
//!
//! ```text
//! cargo bench -p dataworks-emulator --bench load [-- SECONDS CONNECTIONS]
//! ```
//!
//! Client and server share the machine (and, here, one Tokio runtime with a worker per
//! core): the figure is what a test suite on the same machine gets.

use std::time::{Duration, Instant};

use dataworks_emulator::{Emulator, Seed};
use dataworks_runtime::request::{signed_request, RequestParts, Stamp};
use dataworks_runtime::{Credentials, Endpoint, SignatureVersion};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use tokio::net::TcpStream;

const STARTS: usize = 50;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with("--"));
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let connections: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        starts().await;
        for call in [Call::Example, Call::Read, Call::Create] {
            for version in [SignatureVersion::V3, SignatureVersion::V1] {
                throughput(call, version, Duration::from_secs(seconds), connections).await;
            }
        }
    });
}

async fn starts() {
    let mut start = Vec::with_capacity(STARTS);
    let mut first_answer = Vec::with_capacity(STARTS);
    for _ in 0..STARTS {
        let t0 = Instant::now();
        let emulator = Emulator::builder().start().await.expect("starts");
        start.push(t0.elapsed());
        let mut sender = connect(&emulator).await;
        let request = request(&emulator, SignatureVersion::V3, Call::Project);
        let status = sender
            .send_request(request)
            .await
            .expect("answered")
            .status();
        assert_eq!(status, 200);
        first_answer.push(t0.elapsed());
        emulator.stop().await;
    }
    report("start", &mut start);
    report("start + first call answered", &mut first_answer);
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{what:<30} median {:7.3} ms   p90 {:7.3} ms   max {:7.3} ms   ({} runs)",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 9 / 10]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

/// The call measured.
#[derive(Debug, Clone, Copy)]
enum Call {
    /// `GetProject`: the workspace's mode over the documented example.
    Project,
    /// `GetDeployment` with the state off: the shaped documented example (the figure
    /// of the emulator before it had state, for comparison).
    Example,
    /// `GetFile` of the seeded file.
    Read,
    /// `CreateFile`, each with a new name.
    Create,
}

/// The seeded file `GetFile` reads.
const SEED: &str = "workspaces:\n- ProjectId: 10000\n  files:\n  - {FileFolderPath: bench, FileName: seeded, FileType: 10, InputList: root, Content: select 1;, FileId: 7}\n";

async fn throughput(call: Call, version: SignatureVersion, duration: Duration, connections: usize) {
    let emulator = Emulator::builder()
        .quotas(false)
        .state(!matches!(call, Call::Example))
        .seed(Seed::parse("bench seed", SEED).expect("the seed reads"))
        .start()
        .await
        .expect("starts");
    let deadline = Instant::now() + duration;
    let mut tasks = Vec::new();
    for connection in 0..connections {
        let mut sender = connect(&emulator).await;
        let endpoint = emulator.endpoint().to_owned();
        tasks.push(tokio::spawn(async move {
            let endpoint = Endpoint::parse(&endpoint).expect("endpoint");
            let mut ok = 0u64;
            while Instant::now() < deadline {
                let name = format!("file_{connection}_{ok}");
                let response = sender
                    .send_request(build(&endpoint, version, call, &name))
                    .await
                    .expect("answered");
                let status = response.status();
                let _ = response.into_body().collect().await.expect("body");
                assert_eq!(status, 200, "every call is verified and accepted");
                ok += 1;
            }
            ok
        }));
    }
    let t0 = Instant::now();
    let cpu0 = cpu_seconds();
    let mut total = 0;
    for task in tasks {
        total += task.await.expect("client task");
    }
    let elapsed = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu0).map(|(end, start)| end - start);
    let stats = emulator.stats();
    assert_eq!(stats.accepted, total);
    if let Call::Create = call {
        let files = emulator.state_dump()["Workspaces"][0]["Files"]
            .as_array()
            .map_or(0, Vec::len) as u64;
        assert_eq!(files, total + 1, "every creation stored, none lost");
    }
    // CPU time per call (client and server together): what the figure would be on idle
    // cores, whatever else the machine runs.
    let per_call = cpu
        .map(|cpu| format!(", {:.0} µs CPU per call", cpu * 1e6 / total as f64))
        .unwrap_or_default();
    println!(
        "{:<30} {:>9.0} calls/s   ({total} calls in {elapsed:.1} s, {connections} keep-alive connections{per_call})",
        format!("{call:?}, {version:?}"),
        total as f64 / elapsed
    );
}

/// The CPU time this process has used (user and system), where the system tells it
/// (Linux: `/proc/self/stat`, in clock ticks of 1/100 s).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

async fn connect(emulator: &Emulator) -> hyper::client::conn::http1::SendRequest<Full<Bytes>> {
    let stream = TcpStream::connect(emulator.addr()).await.expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let (sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .expect("handshake");
    tokio::spawn(connection);
    sender
}

fn request(
    emulator: &Emulator,
    version: SignatureVersion,
    call: Call,
) -> hyper::Request<Full<Bytes>> {
    build(
        &Endpoint::parse(emulator.endpoint()).expect("endpoint"),
        version,
        call,
        "first",
    )
}

/// A call, signed with a fresh nonce and timestamp (`name`: a new file's name).
fn build(
    endpoint: &Endpoint,
    version: SignatureVersion,
    call: Call,
    name: &str,
) -> hyper::Request<Full<Bytes>> {
    let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    let (action, params) = match call {
        Call::Project => ("GetProject", vec![pair("ProjectId", "10000")]),
        Call::Example => (
            "GetDeployment",
            vec![pair("ProjectId", "10000"), pair("DeploymentId", "2776")],
        ),
        Call::Read => (
            "GetFile",
            vec![pair("ProjectId", "10000"), pair("FileId", "7")],
        ),
        Call::Create => (
            "CreateFile",
            vec![
                pair("ProjectId", "10000"),
                pair("FileFolderPath", "bench"),
                pair("FileName", name),
                pair("FileType", "10"),
                pair("InputList", "root"),
                pair("Content", "select 1;"),
            ],
        ),
    };
    let parts = RequestParts {
        action,
        version: "2020-05-18",
        region: "cn-shanghai",
        params: &params,
        endpoint,
    };
    let (id, secret) = dataworks_emulator::DEFAULT_KEY;
    let signed = signed_request(
        &parts,
        &Credentials::new(id, secret),
        version,
        &Stamp::fresh().expect("a stamp"),
    )
    .expect("signed");
    let target = match signed.url.find('/').and_then(|scheme| {
        let rest = &signed.url[scheme + 2..];
        rest.find('/').map(|path| &rest[path..])
    }) {
        Some(target) => target.to_owned(),
        None => "/".to_owned(),
    };
    let mut builder = hyper::Request::builder()
        .method(signed.method.as_str())
        .uri(target);
    for (name, value) in &signed.headers {
        builder = builder.header(name, value);
    }
    builder
        .body(Full::new(Bytes::from(signed.body)))
        .expect("a request")
}
