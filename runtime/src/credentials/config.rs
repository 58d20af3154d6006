//! What the providers that ask a service share ([`ProviderConfig`]): the environment,
//! the HTTP transport, and where STS and the ECS metadata service are.
//!
//! **STS** (the role-assuming providers): an endpoint set on the builder wins; else
//! `ALIBABA_CLOUD_STS_ENDPOINT` (this project's own variable); else a CLI profile's
//! `sts_endpoint`; else, with a region
//! (builder, else `ALIBABA_CLOUD_STS_REGION`), `https://sts.<region>.aliyuncs.com/`, or
//! `https://sts-vpc.<region>.aliyuncs.com/` when VPC endpoints are on (builder, else
//! `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`); else `https://sts.aliyuncs.com/` (the VPC
//! setting is then ignored, as in the official libraries).
//!
//! **ECS metadata**: an endpoint set on the builder wins; else
//! `ALIBABA_CLOUD_ECS_METADATA_ENDPOINT` (this project's own variable); else the
//! instance metadata address.
//!
//! An endpoint is a URL with scheme, host and port (`http://127.0.0.1:8080`), or a bare
//! host (`sts.example.com`, `127.0.0.1:8080`): `https://` is assumed for STS, `http://`
//! for the metadata service.
//!
//! Sources of the hosts: credentials-go `providers/{ram_role_arn,oidc,ecs_ram_role}.go`
//! (see `credentials-protocol.md` §1, §4).

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::endpoint::Endpoint;
use crate::transport::{HttpRequest, HttpResponse, Transport};

use super::env::{self, Env};
use super::failure::CredentialsError;

/// The ECS instance metadata service (plain HTTP, link-local to the instance).
const ECS_METADATA_URL: &str = "http://100.100.100.200";
/// The most of an answer a credentials provider reads: STS, metadata and credentials
/// URI answers are a few hundred bytes.
pub(crate) const MAX_ANSWER_BODY: usize = 64 * 1024;

/// The central STS host, when no region is given.
const STS_CENTRAL_HOST: &str = "sts.aliyuncs.com";

/// The environment, the transport and the STS and metadata endpoints the providers
/// use. Cheap to clone; clones share the default transport once it is made.
#[derive(Clone, Default)]
pub struct ProviderConfig {
    env: Env,
    transport: Option<Arc<dyn Transport>>,
    default_transport: Arc<OnceLock<Arc<dyn Transport>>>,
    sts_endpoint: Option<String>,
    profile_sts_endpoint: Option<String>,
    sts_region: Option<String>,
    vpc: Option<bool>,
    metadata_endpoint: Option<String>,
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("env", &self.env)
            .field("custom_transport", &self.transport.is_some())
            .field("sts_endpoint", &self.sts_endpoint)
            .field("profile_sts_endpoint", &self.profile_sts_endpoint)
            .field("sts_region", &self.sts_region)
            .field("vpc", &self.vpc)
            .field("metadata_endpoint", &self.metadata_endpoint)
            .finish()
    }
}

impl ProviderConfig {
    /// The process environment, the default transport, endpoints from the environment.
    pub fn new() -> Self {
        ProviderConfig::default()
    }

    /// Reads this environment instead of the process's.
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Sends through this transport (default: reqwest with rustls, 5 s to connect).
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Sends through this shared transport.
    pub fn shared_transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The STS endpoint (overrides `ALIBABA_CLOUD_STS_ENDPOINT` and the region).
    pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts_endpoint = Some(endpoint.into());
        self
    }

    /// The STS endpoint a CLI profile names (`sts_endpoint`): below the builder's and
    /// `ALIBABA_CLOUD_STS_ENDPOINT`, above the region.
    pub(crate) fn profile_sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.profile_sts_endpoint = Some(endpoint.into());
        self
    }

    /// The STS region (overrides `ALIBABA_CLOUD_STS_REGION`).
    pub fn sts_region(mut self, region: impl Into<String>) -> Self {
        self.sts_region = Some(region.into());
        self
    }

    /// Whether STS is reached through its VPC endpoint when a region is set
    /// (overrides `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`).
    pub fn vpc_endpoints(mut self, enabled: bool) -> Self {
        self.vpc = Some(enabled);
        self
    }

    /// The ECS metadata service (overrides `ALIBABA_CLOUD_ECS_METADATA_ENDPOINT`).
    pub fn metadata_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.metadata_endpoint = Some(endpoint.into());
        self
    }

    /// The environment read.
    pub fn environment(&self) -> &Env {
        &self.env
    }

    /// The STS endpoint, resolved as the module docs say.
    pub fn resolve_sts_endpoint(&self) -> Result<Endpoint, CredentialsError> {
        if let Some(url) = &self.sts_endpoint {
            return parse_endpoint(url, "https", "STS endpoint (builder)");
        }
        if let Some(url) = self.env.var(env::STS_ENDPOINT) {
            return parse_endpoint(&url, "https", env::STS_ENDPOINT);
        }
        if let Some(url) = &self.profile_sts_endpoint {
            return parse_endpoint(url, "https", "STS endpoint (CLI profile `sts_endpoint`)");
        }
        let region = self
            .sts_region
            .clone()
            .or_else(|| self.env.var(env::STS_REGION));
        let Some(region) = region else {
            return parse_endpoint(STS_CENTRAL_HOST, "https", "STS endpoint");
        };
        let valid = region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            return Err(CredentialsError::invalid(
                "STS endpoint",
                format!("the STS region `{region}` is not a region id (lower-case letters, digits and `-`)"),
            ));
        }
        let vpc = self
            .vpc
            .unwrap_or_else(|| self.env.flag(env::VPC_ENDPOINT_ENABLED));
        let host = if vpc {
            format!("sts-vpc.{region}.aliyuncs.com")
        } else {
            format!("sts.{region}.aliyuncs.com")
        };
        parse_endpoint(&host, "https", "STS endpoint")
    }

    /// The ECS metadata service, resolved as the module docs say.
    pub fn resolve_metadata_endpoint(&self) -> Result<Endpoint, CredentialsError> {
        if let Some(url) = &self.metadata_endpoint {
            return parse_endpoint(url, "http", "ECS metadata endpoint (builder)");
        }
        if let Some(url) = self.env.var(env::ECS_METADATA_ENDPOINT) {
            return parse_endpoint(&url, "http", env::ECS_METADATA_ENDPOINT);
        }
        parse_endpoint(ECS_METADATA_URL, "http", "ECS metadata endpoint")
    }

    /// Whether a transport was given.
    pub(crate) fn has_transport(&self) -> bool {
        self.transport.is_some()
    }

    /// The transport: the one given, else a default one made on first use.
    pub(crate) fn transport_for(
        &self,
        provider: &str,
    ) -> Result<Arc<dyn Transport>, CredentialsError> {
        if let Some(transport) = &self.transport {
            return Ok(transport.clone());
        }
        if let Some(transport) = self.default_transport.get() {
            return Ok(transport.clone());
        }
        let made = default_transport(provider)?;
        Ok(self.default_transport.get_or_init(|| made).clone())
    }

    /// Sends `request` within `timeout`; a failure names `provider` and the URL as
    /// `shown` (never the query, which may hold a secret).
    pub(crate) async fn send(
        &self,
        provider: &str,
        request: HttpRequest,
        shown: &str,
        timeout: Duration,
    ) -> Result<HttpResponse, CredentialsError> {
        let transport = self.transport_for(provider)?;
        let full = request.url.clone();
        match tokio::time::timeout(timeout, transport.send(request)).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(error)) => {
                // The error and its causes (a TLS or DNS failure is only in the causes),
                // with the full URL, which may hold a secret in its query, replaced.
                let mut cause = error.to_string();
                let mut source = std::error::Error::source(&error);
                while let Some(inner) = source {
                    let text = inner.to_string();
                    if !cause.contains(&text) {
                        cause.push_str(": ");
                        cause.push_str(&text);
                    }
                    source = inner.source();
                }
                Err(CredentialsError::unavailable(
                    provider,
                    format!("cannot reach {shown}: {}", cause.replace(&full, shown)),
                ))
            }
            Err(_) => Err(CredentialsError::unavailable(
                provider,
                format!("no answer from {shown} within {} ms", timeout.as_millis()),
            )),
        }
    }
}

/// Parses an endpoint: a URL with a scheme, or a bare host given `scheme`.
fn parse_endpoint(input: &str, scheme: &str, whence: &str) -> Result<Endpoint, CredentialsError> {
    let url = if input.contains("://") {
        input.to_owned()
    } else {
        format!("{scheme}://{input}")
    };
    Endpoint::parse(&url).map_err(|e| CredentialsError::invalid(whence, e.to_string()))
}

#[cfg(feature = "reqwest")]
fn default_transport(provider: &str) -> Result<Arc<dyn Transport>, CredentialsError> {
    // 5 s to connect and 10 s to read, as the official libraries give STS; each
    // provider bounds its own requests more tightly where the protocol says so.
    let transport = crate::transport::ReqwestTransport::with_timeouts(
        Duration::from_secs(5),
        Duration::from_secs(15),
    )
    .map_err(|e| {
        CredentialsError::unavailable(provider, format!("cannot create the HTTP transport: {e}"))
    })?;
    Ok(Arc::new(transport))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport(provider: &str) -> Result<Arc<dyn Transport>, CredentialsError> {
    Err(CredentialsError::invalid(
        provider,
        "no transport: enable the `reqwest` feature or give the provider a transport (ProviderConfig::transport)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> ProviderConfig {
        ProviderConfig::new().env(Env::from_vars(vars.iter().copied()))
    }

    #[test]
    fn sts_endpoint_precedence() {
        let central = config(&[]).resolve_sts_endpoint().unwrap();
        assert_eq!(central.to_string(), "https://sts.aliyuncs.com/");
        let vpc_without_region = config(&[(env::VPC_ENDPOINT_ENABLED, "true")]);
        assert_eq!(
            vpc_without_region
                .resolve_sts_endpoint()
                .unwrap()
                .to_string(),
            "https://sts.aliyuncs.com/",
            "the VPC flag needs a region"
        );
        let regional = config(&[(env::STS_REGION, "cn-beijing")]);
        assert_eq!(
            regional.resolve_sts_endpoint().unwrap().to_string(),
            "https://sts.cn-beijing.aliyuncs.com/"
        );
        let vpc = config(&[
            (env::STS_REGION, "cn-beijing"),
            (env::VPC_ENDPOINT_ENABLED, "TRUE"),
        ]);
        assert_eq!(
            vpc.resolve_sts_endpoint().unwrap().to_string(),
            "https://sts-vpc.cn-beijing.aliyuncs.com/"
        );
        assert_eq!(
            vpc.clone()
                .vpc_endpoints(false)
                .resolve_sts_endpoint()
                .unwrap()
                .to_string(),
            "https://sts.cn-beijing.aliyuncs.com/",
            "the builder overrides the variable"
        );
        let env_endpoint = config(&[
            (env::STS_REGION, "cn-beijing"),
            (env::STS_ENDPOINT, "http://127.0.0.1:9"),
        ]);
        assert_eq!(
            env_endpoint.resolve_sts_endpoint().unwrap().to_string(),
            "http://127.0.0.1:9/",
            "the endpoint variable wins over the region"
        );
        assert_eq!(
            env_endpoint
                .sts_endpoint("sts.example.com")
                .resolve_sts_endpoint()
                .unwrap()
                .to_string(),
            "https://sts.example.com/",
            "the builder wins; a bare host is https"
        );
        let bare_port = config(&[(env::STS_ENDPOINT, "localhost:8443")]);
        assert_eq!(
            bare_port.resolve_sts_endpoint().unwrap().to_string(),
            "https://localhost:8443/"
        );
        let bad = config(&[(env::STS_ENDPOINT, "ftp://x")]);
        let message = bad.resolve_sts_endpoint().unwrap_err().to_string();
        assert!(message.starts_with(env::STS_ENDPOINT), "{message}");
        let bad_region = config(&[(env::STS_REGION, "cn/evil")]);
        assert!(bad_region.resolve_sts_endpoint().is_err());
    }

    #[test]
    fn metadata_endpoint_precedence() {
        let default = config(&[]).resolve_metadata_endpoint().unwrap();
        assert_eq!(default.url().scheme(), "http");
        let bare = config(&[(env::ECS_METADATA_ENDPOINT, "127.0.0.1:8080")]);
        assert_eq!(
            bare.resolve_metadata_endpoint().unwrap().to_string(),
            "http://127.0.0.1:8080/",
            "a bare host is http"
        );
        let full = config(&[(env::ECS_METADATA_ENDPOINT, "https://meta.example:444")]);
        assert_eq!(
            full.resolve_metadata_endpoint().unwrap().to_string(),
            "https://meta.example:444/"
        );
        assert_eq!(
            full.metadata_endpoint("http://127.0.0.1:1")
                .resolve_metadata_endpoint()
                .unwrap()
                .to_string(),
            "http://127.0.0.1:1/"
        );
    }
}
