//! DataWorks endpoints, from the reviewed `spec/endpoints.yaml` through the generated
//! `ENDPOINTS` to the client: the generated rules say what the file says; a client
//! resolves its region's public or VPC endpoint (chosen on the builder or by
//! `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`); centrally served regions use the central host;
//! a VPC endpoint in a region without one is a clear error and nothing is sent. No
//! request leaves the process: the transport refuses every request.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use dataworks_public::prelude::*;
use dataworks_public::runtime::credentials::{env, Env};
use dataworks_public::runtime::{
    BoxFuture, HttpRequest, HttpResponse, Network, Transport, TransportError,
};
use dataworks_public::{Credentials, ENDPOINTS};

fn spec_endpoints() -> dwgen_spec::overlays::endpoints::Endpoints {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    dwgen_spec::load(&dir)
        .expect("spec loads")
        .endpoints
        .expect("spec/endpoints.yaml exists")
}

/// Counts requests and sends none.
#[derive(Clone, Default)]
struct Refuse(Arc<AtomicUsize>);

impl Transport for Refuse {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async {
            Err(TransportError::new(
                dataworks_public::runtime::transport::TransportErrorKind::Request,
                "this test sends nothing",
            ))
        })
    }
}

fn client(
    region: &str,
    network: Option<Network>,
    vars: &[(&str, &str)],
    transport: &Refuse,
) -> Client {
    let mut builder = Client::builder()
        .region(region)
        .credentials(Credentials::new("id", "secret"))
        .env(Env::from_vars(vars.iter().copied()))
        .transport(transport.clone());
    if let Some(network) = network {
        builder = builder.network(network);
    }
    builder.build().expect("client")
}

fn resolved(region: &str, network: Network) -> String {
    client(region, Some(network), &[], &Refuse::default())
        .endpoint_for(&ENDPOINTS)
        .map(|e| e.to_string())
        .unwrap_or_else(|e| format!("error: {e}"))
}

#[test]
fn the_generated_rules_say_what_the_reviewed_file_says() {
    let file = spec_endpoints();
    assert!(
        ENDPOINTS.source().starts_with("https://"),
        "{}",
        ENDPOINTS.source()
    );
    assert_eq!(ENDPOINTS.source(), file.source);
    for region in [
        "cn-shanghai",
        "cn-beijing",
        "ap-southeast-1",
        "eu-central-1",
    ] {
        let public = file.public.replace("{region}", region);
        assert_eq!(
            resolved(region, Network::Public),
            format!("https://{public}/")
        );
        let vpc = file
            .vpc
            .as_deref()
            .expect("DataWorks has VPC endpoints")
            .replace("{region}", region);
        assert_eq!(resolved(region, Network::Vpc), format!("https://{vpc}/"));
    }
    assert!(!file.regions.is_empty());
    for entry in &file.regions {
        assert_eq!(
            resolved(&entry.region, Network::Public),
            format!("https://{}/", entry.public)
        );
        match &entry.vpc {
            Some(vpc) => assert_eq!(
                resolved(&entry.region, Network::Vpc),
                format!("https://{vpc}/")
            ),
            None => assert!(
                resolved(&entry.region, Network::Vpc).starts_with("error: "),
                "{}",
                entry.region
            ),
        }
    }
}

#[test]
fn central_regions_and_the_vpc_choice() {
    assert_eq!(
        resolved("cn-shanghai", Network::Public),
        "https://dataworks.cn-shanghai.aliyuncs.com/"
    );
    assert_eq!(
        resolved("cn-shanghai", Network::Vpc),
        "https://dataworks-vpc.cn-shanghai.aliyuncs.com/"
    );
    assert_eq!(
        resolved("cn-qingdao", Network::Public),
        "https://dataworks.aliyuncs.com/"
    );
    assert_eq!(
        resolved("cn-huhehaote", Network::Public),
        "https://dataworks.aliyuncs.com/"
    );
    let transport = Refuse::default();
    let by_env = client(
        "cn-hangzhou",
        None,
        &[(env::VPC_ENDPOINT_ENABLED, "true")],
        &transport,
    );
    assert_eq!(by_env.network(), Network::Vpc);
    assert_eq!(
        by_env.endpoint_for(&ENDPOINTS).unwrap().to_string(),
        "https://dataworks-vpc.cn-hangzhou.aliyuncs.com/"
    );
    let not_true = client(
        "cn-hangzhou",
        None,
        &[(env::VPC_ENDPOINT_ENABLED, "1")],
        &transport,
    );
    assert_eq!(not_true.network(), Network::Public, "only `true` is true");
    let given = Client::builder()
        .region("cn-qingdao")
        .network(Network::Vpc)
        .endpoint("http://127.0.0.1:9/")
        .credentials(Credentials::new("id", "secret"))
        .transport(transport.clone())
        .build()
        .unwrap();
    assert_eq!(
        given.endpoint_for(&ENDPOINTS).unwrap().to_string(),
        "http://127.0.0.1:9/",
        "an endpoint given wins"
    );
}

#[tokio::test]
async fn a_vpc_endpoint_in_a_region_without_one_is_a_clear_error_and_nothing_is_sent() {
    let transport = Refuse::default();
    let client = client("cn-qingdao", Some(Network::Vpc), &[], &transport);
    let err = client
        .get_project()
        .project_id(10000)
        .send()
        .await
        .expect_err("no VPC endpoint in cn-qingdao");
    assert!(matches!(err, SdkError::Endpoint(_)), "{err:?}");
    let text = dataworks_public::runtime::DisplayErrorContext(&err).to_string();
    assert!(
        text.starts_with("no endpoint for the client's region and network (nothing was sent): no VPC endpoint for region `cn-qingdao`: the region is served by dataworks.aliyuncs.com, which has no VPC endpoint"),
        "{text}"
    );
    assert!(
        text.contains("api-dataworks-public-2020-05-18-endpoint"),
        "names its source: {text}"
    );
    assert_eq!(transport.0.load(Ordering::SeqCst), 0, "nothing sent");

    // Through the environment variable too.
    let client = client_with_env(&transport);
    let err = client
        .get_project()
        .project_id(10000)
        .send()
        .await
        .expect_err("VPC by env");
    assert!(matches!(err, SdkError::Endpoint(_)), "{err:?}");
    assert_eq!(transport.0.load(Ordering::SeqCst), 0, "nothing sent");
}

fn client_with_env(transport: &Refuse) -> Client {
    client(
        "cn-huhehaote",
        None,
        &[(env::VPC_ENDPOINT_ENABLED, "TRUE")],
        transport,
    )
}
