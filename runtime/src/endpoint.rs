//! The URL requests go to: `https://dataworks.<region>.aliyuncs.com/` by default, or
//! any `http`/`https` URL given (a proxy, a VPC endpoint, `http://127.0.0.1:PORT` in
//! tests).

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

impl Endpoint {
    /// The public endpoint of a region: `https://dataworks.<region>.aliyuncs.com/`.
    pub fn for_region(region: &str) -> Result<Self, EndpointError> {
        let valid = !region.is_empty()
            && region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            return Err(EndpointError {
                input: region.to_owned(),
                reason: "a region id is lower-case letters, digits and `-`, e.g. `cn-shanghai`"
                    .to_owned(),
            });
        }
        Self::parse(&format!("https://dataworks.{region}.aliyuncs.com/"))
    }

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

    #[test]
    fn region_endpoint() {
        let e = Endpoint::for_region("cn-shanghai").expect("valid");
        assert_eq!(e.to_string(), "https://dataworks.cn-shanghai.aliyuncs.com/");
        assert_eq!(e.host_header(), "dataworks.cn-shanghai.aliyuncs.com");
        assert_eq!(e.path(), "/");
        assert!(Endpoint::for_region("cn/evil").is_err());
        assert!(Endpoint::for_region("").is_err());
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
