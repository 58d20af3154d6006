//! The client's own cost per call, without a network: building and signing a request
//! (V1 and V3), decoding a response, and a whole `Client::call` through a test-double
//! transport that answers at once.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use dataworks_runtime::error::decode_response;
use dataworks_runtime::request::{signed_request, RequestParts, Stamp};
use dataworks_runtime::{
    BoxFuture, Client, Credentials, Endpoint, ErrorMeta, HttpRequest, HttpResponse, Operation,
    RateLimits, SignatureVersion, Transport, TransportError,
};
use serde::Deserialize;

/// A DeployFile-like request with a handful of parameters.
struct Deploy;

impl Operation for Deploy {
    const NAME: &'static str = "DeployFile";
    const VERSION: &'static str = dataworks_runtime::API_VERSION;
    const TIER: Option<u8> = Some(3);
    const CATEGORY: &'static str = "tests";
    type Response = DeployOutput;
    type Error = ErrorMeta;
    fn params(&self) -> Vec<(String, String)> {
        params()
    }
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // fields are only decoded
struct DeployOutput {
    #[serde(rename = "RequestId")]
    request_id: String,
    #[serde(rename = "Data")]
    data: u64,
    #[serde(rename = "Success")]
    success: bool,
    #[serde(rename = "HttpStatusCode")]
    http_status_code: u16,
}

const RESPONSE: &str =
    r#"{"HttpStatusCode":200,"Data":10000,"RequestId":"0000-ABCD-1234-EFGH-5678","Success":true}"#;

fn params() -> Vec<(String, String)> {
    vec![
        ("Comment".into(), "第一次 发布*~/+".into()),
        ("FileId".into(), "10000001".into()),
        ("ProjectId".into(), "10000".into()),
        ("ProjectIdentifier".into(), "dw_project".into()),
        ("NodeId".into(), "700001234567".into()),
    ]
}

/// Answers every request with [`RESPONSE`] at once.
struct Instant200;

impl Transport for Instant200 {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async { Ok(HttpResponse::new(200, RESPONSE)) })
    }
}

fn bench(c: &mut Criterion) {
    let endpoint =
        Endpoint::parse("https://dataworks.cn-shanghai.aliyuncs.com/").expect("endpoint");
    let credentials = Credentials::new("testid", "testsecret");
    let stamp = Stamp::new("605c3ad2adf2b41323cf2d2c7cafe41b", "2026-11-23T05:05:30Z");
    let params = params();
    let parts = RequestParts {
        action: "DeployFile",
        version: dataworks_runtime::API_VERSION,
        region: "cn-shanghai",
        params: &params,
        endpoint: &endpoint,
    };
    for (name, version) in [
        ("sign_v1", SignatureVersion::V1),
        ("sign_v3", SignatureVersion::V3),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| signed_request(black_box(&parts), &credentials, version, &stamp))
        });
    }
    let response = HttpResponse::new(200, RESPONSE);
    c.bench_function("decode_response", |b| {
        b.iter(|| decode_response::<DeployOutput>(black_box(&response)))
    });

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    for (name, version) in [
        ("call_v1", SignatureVersion::V1),
        ("call_v3", SignatureVersion::V3),
    ] {
        let client = Client::builder()
            .region("cn-shanghai")
            .credentials(Credentials::new("testid", "testsecret"))
            .transport(Instant200)
            .rate_limits(RateLimits::disabled())
            .signature_version(version)
            .build()
            .expect("client");
        c.bench_function(name, |b| {
            b.iter(|| runtime.block_on(client.call(black_box(&Deploy))))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
