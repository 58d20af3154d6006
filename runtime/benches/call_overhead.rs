//! The client's own cost per call, without a network: building and signing a request
//! (V1 and V3), decoding a typed response (as the generated types do), and a whole
//! `Client::call` through a test-double transport that answers at once.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use dataworks_runtime::request::{signed_request, RequestParts, Stamp};
use dataworks_runtime::{
    BoxFuture, Client, Credentials, DecodeError, Endpoint, ErrorMeta, FromJson, HttpRequest,
    HttpResponse, Operation, RateLimits, SignatureVersion, Tier, TierLimit, Transport,
    TransportError,
};

/// A DeployFile-like request with a handful of parameters.
struct Deploy;

/// Endpoint rules for the benchmark (made up: the runtime has no service facts).
static RULES: dataworks_runtime::EndpointRules =
    dataworks_runtime::EndpointRules::new("svc.{region}.example.com", None, &[], "the benchmark");

impl Operation for Deploy {
    const NAME: &'static str = "DeployFile";
    const VERSION: &'static str = VERSION;
    const TIER: Option<Tier> = Some(Tier::new(3, TierLimit::new(5, Some(10_000))));
    const CATEGORY: &'static str = "tests";
    const ENDPOINTS: Option<&'static dataworks_runtime::EndpointRules> = Some(&RULES);
    type Response = DeployOutput;
    type Error = ErrorMeta;
    fn params(&self) -> Vec<(String, String)> {
        params()
    }
}

/// The API version sent.
const VERSION: &str = "2020-05-18";

/// A DeployFile-like response, decoded the way the generated types are.
#[derive(Debug)]
#[allow(dead_code)] // fields are only decoded
struct DeployOutput {
    request_id: Option<String>,
    data: Option<i64>,
}

impl FromJson for DeployOutput {
    fn from_json(value: serde_json::Value) -> Result<Option<Self>, DecodeError> {
        let Some(mut object) = dataworks_runtime::__private::Object::new(value)? else {
            return Ok(None);
        };
        Ok(Some(DeployOutput {
            request_id: object.take("RequestId")?,
            data: object.take("Data")?,
        }))
    }
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
        version: VERSION,
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
    c.bench_function("decode_output", |b| {
        b.iter(|| DeployOutput::decode(black_box(RESPONSE.as_bytes())))
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
        runtime
            .block_on(client.call(&Deploy))
            .expect("the call succeeds");
        c.bench_function(name, |b| {
            b.iter(|| runtime.block_on(client.call(black_box(&Deploy))))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
