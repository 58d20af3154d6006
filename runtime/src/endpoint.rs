//! The URL requests go to: an [`Endpoint`] given to the client (a proxy, a private
//! link, `http://127.0.0.1:PORT` in tests), or the one the service's [`EndpointRules`]
//! give for the client's region and [`Network`].
//!
//! The rules are service facts: they come from the reviewed `spec/endpoints.yaml`
//! through the generated crate (its `ENDPOINTS`, which every generated request's
//! [`crate::Operation::ENDPOINTS`] points at). This module holds their shape and how
//! they resolve, and no host or region of its own.

use std::fmt;

use url::Url;

/// An invalid endpoint URL or region.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid endpoint `{input}`: {reason}")]
pub struct EndpointError {
    /// What was given.
    pub input: String,
    /// Why it is not usable.
    pub reason: String,
}

/// A validated service endpoint: an absolute `http` or `https` URL with a host and
/// without query or fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: Url,
}

/// Checks a region id: lower-case letters, digits and `-`, e.g. `cn-shanghai`.
pub fn check_region(region: &str) -> Result<(), EndpointError> {
    let valid = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(EndpointError {
            input: region.to_owned(),
            reason: "a region id is lower-case letters, digits and `-`, e.g. `cn-shanghai`"
                .to_owned(),
        })
    }
}

/// Which network calls travel: the public endpoints, or the VPC endpoints reachable
/// from inside an Alibaba Cloud VPC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Network {
    /// The public endpoint (the default).
    #[default]
    Public,
    /// The VPC endpoint.
    Vpc,
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Network::Public => "public",
            Network::Vpc => "VPC",
        })
    }
}

/// Where a service is, by region and network: host patterns with `{region}`, and the
/// regions served otherwise. Generated from the reviewed `spec/endpoints.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointRules {
    public: &'static str,
    vpc: Option<&'static str>,
    regions: &'static [RegionEndpoints],
    source: &'static str,
}

/// A region whose hosts do not follow the patterns of its [`EndpointRules`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionEndpoints {
    region: &'static str,
    public: &'static str,
    vpc: Option<&'static str>,
}

impl RegionEndpoints {
    /// Region `region` is served at `public`, and at `vpc` (`None`: it has no VPC
    /// endpoint).
    pub const fn new(
        region: &'static str,
        public: &'static str,
        vpc: Option<&'static str>,
    ) -> Self {
        RegionEndpoints {
            region,
            public,
            vpc,
        }
    }
}

/// The placeholder of the region in a host pattern.
const REGION: &str = "{region}";

impl EndpointRules {
    /// Rules: the `public` and `vpc` host patterns (with `{region}`; `vpc` `None` when
    /// the service has no VPC endpoints), the regions served otherwise, and where the
    /// facts come from.
    pub const fn new(
        public: &'static str,
        vpc: Option<&'static str>,
        regions: &'static [RegionEndpoints],
        source: &'static str,
    ) -> Self {
        EndpointRules {
            public,
            vpc,
            regions,
            source,
        }
    }

    /// Where the facts come from.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// The host serving `region` on `network`.
    pub fn host(&self, region: &str, network: Network) -> Result<String, ResolveError> {
        let error = |reason: String| ResolveError {
            region: region.to_owned(),
            network,
            reason,
        };
        if let Some(entry) = self.regions.iter().find(|r| r.region == region) {
            return match (network, entry.vpc) {
                (Network::Public, _) => Ok(entry.public.to_owned()),
                (Network::Vpc, Some(host)) => Ok(host.to_owned()),
                (Network::Vpc, None) => Err(error(format!(
                    "the region is served by {}, which has no VPC endpoint; use the public network or give the client an endpoint (source: {})",
                    entry.public, self.source
                ))),
            };
        }
        check_region(region).map_err(|e| error(e.reason))?;
        let pattern = match network {
            Network::Public => self.public,
            Network::Vpc => self.vpc.ok_or_else(|| {
                error(format!(
                    "the service has no VPC endpoints (source: {})",
                    self.source
                ))
            })?,
        };
        Ok(pattern.replace(REGION, region))
    }

    /// The region a host of these patterns serves (`dataworks.cn-hangzhou.aliyuncs.com`
    /// and its VPC twin give `cn-hangzhou`; a port is ignored); `None` for another host,
    /// and for a host several regions share (a central one). What a stand-in for the
    /// service (the emulator) reads a call's region from, when the call does not say.
    pub fn region_of_host(&self, host: &str) -> Option<String> {
        let name = host.split(':').next()?;
        let shared = |h: &str| {
            self.regions
                .iter()
                .filter(|r| r.public == h || r.vpc == Some(h))
                .count()
        };
        if let Some(entry) = self
            .regions
            .iter()
            .find(|r| r.public == name || r.vpc == Some(name))
        {
            return (shared(name) == 1).then(|| entry.region.to_owned());
        }
        [Some(self.public), self.vpc]
            .into_iter()
            .flatten()
            .find_map(|pattern| {
                let (before, after) = pattern.split_once(REGION)?;
                let region = name.strip_prefix(before)?.strip_suffix(after)?;
                (!region.is_empty() && check_region(region).is_ok() && !region.contains('.'))
                    .then(|| region.to_owned())
            })
    }

    /// The endpoint serving `region` on `network`: `https://<host>/`.
    pub fn resolve(&self, region: &str, network: Network) -> Result<Endpoint, ResolveError> {
        let host = self.host(region, network)?;
        Endpoint::parse(&format!("https://{host}/")).map_err(|e| ResolveError {
            region: region.to_owned(),
            network,
            reason: e.to_string(),
        })
    }
}

/// No endpoint serves the client's region on its network.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no {network} endpoint for region `{region}`: {reason}")]
pub struct ResolveError {
    /// The region.
    pub region: String,
    /// The network asked for.
    pub network: Network,
    /// Why, and what to do instead.
    pub reason: String,
}

impl Endpoint {
    /// Any `http` or `https` URL, e.g. `http://127.0.0.1:8080`.
    pub fn parse(input: &str) -> Result<Self, EndpointError> {
        let error = |reason: &str| EndpointError {
            input: input.to_owned(),
            reason: reason.to_owned(),
        };
        let url = Url::parse(input).map_err(|e| error(&e.to_string()))?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(error("the scheme must be http or https"));
        }
        if url.host_str().is_none() {
            return Err(error("the URL has no host"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(error("the URL must not have a query or a fragment"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            let mut shown = url.clone();
            // Never echo a password; these setters only fail for host-less URLs.
            let _ = shown.set_username("");
            let _ = shown.set_password(None);
            return Err(EndpointError {
                input: shown.to_string(),
                reason: "the URL must not carry user information".to_owned(),
            });
        }
        Ok(Endpoint { url })
    }

    /// The URL.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The `host` header value: the host, with the port when it is not the scheme's
    /// default.
    pub fn host_header(&self) -> String {
        let host = self.url.host_str().unwrap_or_default();
        match self.url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        }
    }

    /// The path requests go to (`/` by default).
    pub fn path(&self) -> &str {
        self.url.path()
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.url.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made-up rules: the runtime has no facts of its own to test with.
    static RULES: EndpointRules = EndpointRules::new(
        "svc.{region}.example.com",
        Some("svc-vpc.{region}.example.com"),
        &[RegionEndpoints::new("cn-central", "svc.example.com", None)],
        "the test",
    );

    #[test]
    fn a_host_tells_its_region_unless_it_serves_several() {
        let region = |host: &str| RULES.region_of_host(host);
        assert_eq!(
            region("svc.cn-hangzhou.example.com").as_deref(),
            Some("cn-hangzhou")
        );
        assert_eq!(
            region("svc-vpc.cn-hangzhou.example.com:443").as_deref(),
            Some("cn-hangzhou")
        );
        assert_eq!(region("svc.example.com").as_deref(), Some("cn-central"));
        assert_eq!(region("127.0.0.1:8080"), None);
        assert_eq!(region("svc.a.b.example.com"), None);
        assert_eq!(region("svc..example.com"), None);
        static SHARED: EndpointRules = EndpointRules::new(
            "p.{region}.example.com",
            None,
            &[
                RegionEndpoints::new("r1", "central.example.com", None),
                RegionEndpoints::new("r2", "central.example.com", None),
            ],
            "s",
        );
        assert_eq!(SHARED.region_of_host("central.example.com"), None);
    }

    #[test]
    fn rules_resolve_by_region_and_network() {
        let e = RULES
            .resolve("cn-shanghai", Network::Public)
            .expect("valid");
        assert_eq!(e.to_string(), "https://svc.cn-shanghai.example.com/");
        assert_eq!(e.host_header(), "svc.cn-shanghai.example.com");
        assert_eq!(e.path(), "/");
        assert_eq!(
            RULES
                .resolve("cn-shanghai", Network::Vpc)
                .unwrap()
                .to_string(),
            "https://svc-vpc.cn-shanghai.example.com/"
        );
        assert_eq!(
            RULES
                .resolve("cn-central", Network::Public)
                .unwrap()
                .to_string(),
            "https://svc.example.com/"
        );
        let err = RULES.resolve("cn-central", Network::Vpc).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no VPC endpoint for region `cn-central`: the region is served by svc.example.com, which has no VPC endpoint; use the public network or give the client an endpoint (source: the test)"
        );
        let public_only = EndpointRules::new("p.{region}.example.com", None, &[], "s");
        assert!(public_only
            .resolve("cn-x", Network::Vpc)
            .unwrap_err()
            .to_string()
            .contains("has no VPC endpoints"));
        for bad in ["cn/evil", "", "CN"] {
            assert!(RULES.resolve(bad, Network::Public).is_err(), "{bad}");
            assert!(check_region(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn loopback_override_keeps_the_port() {
        let e = Endpoint::parse("http://127.0.0.1:8080").expect("valid");
        assert_eq!(e.to_string(), "http://127.0.0.1:8080/");
        assert_eq!(e.host_header(), "127.0.0.1:8080");
        let default_port = Endpoint::parse("https://example.com:443/").expect("valid");
        assert_eq!(default_port.host_header(), "example.com");
    }

    #[test]
    fn rejects_unusable_urls() {
        for bad in ["ftp://x/", "not a url", "http://h/?a=b", "http://h/#f"] {
            let err = Endpoint::parse(bad).expect_err(bad);
            assert!(err.to_string().contains(bad), "{err}");
        }
        let err = Endpoint::parse("http://u:hunter2@h/").expect_err("userinfo");
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }
}
