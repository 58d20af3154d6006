//! Turning an operation's parameters into a signed [`HttpRequest`].
//!
//! Every request is a `POST` to the endpoint with the operation's parameters as an
//! `application/x-www-form-urlencoded` body.
//! - V3 ([`SignatureVersion::V3`], the default): the action, version, date, nonce and
//!   body hash travel in `x-acs-*` headers, signed into `Authorization`.
//! - V1 ([`SignatureVersion::V1`]): the common parameters (`Action`, `Version`,
//!   `Format=JSON`, `AccessKeyId`, `SignatureMethod`, `SignatureVersion`,
//!   `SignatureNonce`, `Timestamp`, `RegionId`, `SecurityToken`) and `Signature` travel in
//!   the query string; the signature covers them and the body's parameters together.
//!
//! A [`Stamp`] (nonce and timestamp) is made fresh for every attempt.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::credentials::Credentials;
use crate::endpoint::Endpoint;
use crate::signing;
use crate::transport::{HttpRequest, Method};

/// The content type of form bodies.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The `user-agent` sent with every request.
pub const USER_AGENT: &str = concat!("dataworks-runtime/", env!("CARGO_PKG_VERSION"));

/// Which signature a client sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SignatureVersion {
    /// HMAC-SHA1 over the parameters (`SignatureVersion=1.0`).
    V1,
    /// ACS3-HMAC-SHA256 over the headers and body: what the official SDKs send today.
    #[default]
    V3,
}

/// The per-attempt values: a unique nonce and the UTC timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// A random string, different for every attempt.
    pub nonce: String,
    /// UTC time as `YYYY-MM-DDThh:mm:ssZ`.
    pub timestamp: String,
}

impl Stamp {
    /// A fixed nonce and timestamp (tests, benchmarks).
    pub fn new(nonce: impl Into<String>, timestamp: impl Into<String>) -> Self {
        Stamp {
            nonce: nonce.into(),
            timestamp: timestamp.into(),
        }
    }

    /// A random 128-bit hex nonce and the current time.
    pub fn fresh() -> Result<Self, SigningError> {
        let now = OffsetDateTime::now_utc();
        let now = now.replace_nanosecond(0).unwrap_or(now);
        let timestamp = now
            .format(&Rfc3339)
            .map_err(|e| SigningError::new(format!("cannot format the timestamp: {e}")))?;
        Ok(Stamp {
            nonce: hex::encode(rand::random::<[u8; 16]>()),
            timestamp,
        })
    }
}

/// A request could not be signed with the credentials (a value that cannot travel in a
/// header, a clock that cannot be formatted). Never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SigningError {
    message: String,
}

impl SigningError {
    /// An error saying `message` (which must not hold a secret).
    pub fn new(message: impl Into<String>) -> Self {
        SigningError {
            message: message.into(),
        }
    }
}

/// What a call sends, before signing.
#[derive(Debug, Clone, Copy)]
pub struct RequestParts<'a> {
    /// The action (operation name), e.g. `DeployFile`.
    pub action: &'a str,
    /// The API version, e.g. `2020-05-18`.
    pub version: &'a str,
    /// The region id (V1 `RegionId`).
    pub region: &'a str,
    /// The operation's own parameters, already flattened.
    pub params: &'a [(String, String)],
    /// Where to send it.
    pub endpoint: &'a Endpoint,
}

/// Builds and signs the request.
pub fn signed_request(
    parts: &RequestParts<'_>,
    credentials: &Credentials,
    version: SignatureVersion,
    stamp: &Stamp,
) -> Result<HttpRequest, SigningError> {
    check_header_value("the AccessKey id", &credentials.access_key_id)?;
    if let Some(token) = &credentials.security_token {
        check_header_value("the security token", token.expose_secret())?;
    }
    Ok(match version {
        SignatureVersion::V1 => sign_v1(parts, credentials, stamp),
        SignatureVersion::V3 => sign_v3(parts, credentials, stamp),
    })
}

/// Refuses values that cannot travel in a header (never echoing them).
fn check_header_value(what: &str, value: &str) -> Result<(), SigningError> {
    if value
        .bytes()
        .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
    {
        Ok(())
    } else {
        Err(SigningError::new(format!(
            "{what} contains characters that cannot be sent in a header"
        )))
    }
}

/// The headers both versions send, unsigned.
fn base_headers(body: &[u8]) -> Vec<(String, String)> {
    let mut headers = vec![
        ("user-agent".to_owned(), USER_AGENT.to_owned()),
        ("accept".to_owned(), "application/json".to_owned()),
    ];
    if !body.is_empty() {
        headers.push(("content-type".to_owned(), FORM_CONTENT_TYPE.to_owned()));
    }
    headers
}

fn sign_v1(parts: &RequestParts<'_>, credentials: &Credentials, stamp: &Stamp) -> HttpRequest {
    let mut common: Vec<(&str, &str)> = vec![
        ("Action", parts.action),
        ("Version", parts.version),
        ("Format", "JSON"),
        ("AccessKeyId", &credentials.access_key_id),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", &stamp.nonce),
        ("Timestamp", &stamp.timestamp),
    ];
    if !parts.params.iter().any(|(k, _)| k == "RegionId") {
        common.push(("RegionId", parts.region));
    }
    if let Some(token) = &credentials.security_token {
        common.push(("SecurityToken", token.expose_secret()));
    }
    let mut all = common.clone();
    all.extend(parts.params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let string_to_sign = signing::v1_string_to_sign(Method::Post.as_str(), &all);
    let signature = signing::v1_signature(
        credentials.access_key_secret.expose_secret(),
        &string_to_sign,
    );
    let url = format!(
        "{}?{}&Signature={}",
        parts.endpoint,
        signing::v1_canonicalized_query(&common),
        signing::percent_encode(&signature)
    );
    let body = signing::form_encode(parts.params).into_bytes();
    let mut headers = base_headers(&body);
    headers.push(("host".to_owned(), parts.endpoint.host_header()));
    HttpRequest::new(Method::Post, url, headers, body)
}

fn sign_v3(parts: &RequestParts<'_>, credentials: &Credentials, stamp: &Stamp) -> HttpRequest {
    let body = signing::form_encode(parts.params).into_bytes();
    let content_sha256 = signing::content_sha256(&body);
    let mut headers = base_headers(&body);
    headers.extend([
        ("host".to_owned(), parts.endpoint.host_header()),
        ("x-acs-action".to_owned(), parts.action.to_owned()),
        ("x-acs-version".to_owned(), parts.version.to_owned()),
        ("x-acs-date".to_owned(), stamp.timestamp.clone()),
        ("x-acs-signature-nonce".to_owned(), stamp.nonce.clone()),
        ("x-acs-content-sha256".to_owned(), content_sha256.clone()),
    ]);
    if let Some(token) = &credentials.security_token {
        headers.push((
            "x-acs-security-token".to_owned(),
            token.expose_secret().to_owned(),
        ));
    }
    let canonical = signing::v3_canonical_headers(&headers);
    let no_query: [(&str, &str); 0] = [];
    let canonical_request = signing::v3_canonical_request(
        Method::Post.as_str(),
        parts.endpoint.path(),
        &no_query,
        &canonical,
        &content_sha256,
    );
    let signature = signing::v3_signature(
        credentials.access_key_secret.expose_secret(),
        &signing::v3_string_to_sign(&canonical_request),
    );
    headers.push((
        "authorization".to_owned(),
        signing::v3_authorization(&credentials.access_key_id, &canonical.signed, &signature),
    ));
    HttpRequest::new(Method::Post, parts.endpoint.to_string(), headers, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(endpoint: &'a Endpoint, params: &'a [(String, String)]) -> RequestParts<'a> {
        RequestParts {
            action: "DeployFile",
            version: "2020-05-18",
            region: "cn-shanghai",
            params,
            endpoint,
        }
    }

    fn deploy_params() -> Vec<(String, String)> {
        vec![
            ("Comment".into(), "第一次 发布*~/+".into()),
            ("FileId".into(), "10000001".into()),
            ("ProjectId".into(), "10000".into()),
        ]
    }

    #[test]
    fn v3_matches_the_deploy_file_vector() {
        let endpoint =
            Endpoint::parse("https://dataworks.cn-shanghai.aliyuncs.com/").expect("endpoint");
        let params = deploy_params();
        let stamp = Stamp::new("605c3ad2adf2b41323cf2d2c7cafe41b", "2026-11-23T05:05:30Z");
        let credentials = Credentials::new("testid", "testsecret");
        let request = signed_request(
            &parts(&endpoint, &params),
            &credentials,
            SignatureVersion::V3,
            &stamp,
        )
        .expect("signed");
        assert_eq!(request.url, "https://dataworks.cn-shanghai.aliyuncs.com/");
        assert_eq!(request.method, Method::Post);
        assert_eq!(
            request.header("x-acs-content-sha256"),
            Some("aab33219672ca11b609a8ebfcb81744369cee4df28cbd83d3abe28657bd7c2b9")
        );
        assert_eq!(
            request.header("authorization"),
            Some("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=2b5257802ed1115c7d06d22dcd664b06997ed5132f85dd0622c165a76c67419d")
        );
    }

    #[test]
    fn v1_puts_common_parameters_in_the_query() {
        let endpoint = Endpoint::parse("http://127.0.0.1:9000").expect("endpoint");
        let params = deploy_params();
        let stamp = Stamp::new("n1", "2026-11-23T05:05:30Z");
        let credentials = Credentials::new("testid", "testsecret").with_security_token("tok");
        let request = signed_request(
            &parts(&endpoint, &params),
            &credentials,
            SignatureVersion::V1,
            &stamp,
        )
        .expect("signed");
        let (base, query) = request.url.split_once('?').expect("query");
        assert_eq!(base, "http://127.0.0.1:9000/");
        assert!(query.starts_with("AccessKeyId=testid&Action=DeployFile&Format=JSON&RegionId=cn-shanghai&SecurityToken=tok&SignatureMethod=HMAC-SHA1&SignatureNonce=n1&SignatureVersion=1.0&Timestamp=2026-11-23T05%3A05%3A30Z&Version=2020-05-18&Signature="), "{query}");
        assert!(!query.contains("Comment"));
        assert_eq!(request.header("host"), Some("127.0.0.1:9000"));
        assert_eq!(request.header("content-type"), Some(FORM_CONTENT_TYPE));
        // The signature covers the query and the body together.
        let mut all: Vec<(String, String)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .filter(|(k, _)| *k != "Signature")
            .map(|(k, v)| (k.to_owned(), v.replace("%3A", ":")))
            .collect();
        all.extend(params);
        let expected =
            signing::v1_signature("testsecret", &signing::v1_string_to_sign("POST", &all));
        assert!(query.ends_with(&format!("Signature={}", signing::percent_encode(&expected))));
    }

    #[test]
    fn stamps_are_fresh() {
        let a = Stamp::fresh().expect("stamp");
        let b = Stamp::fresh().expect("stamp");
        assert_ne!(a.nonce, b.nonce);
        assert_eq!(a.nonce.len(), 32);
        assert_eq!(a.timestamp.len(), "2016-02-23T12:46:24Z".len());
        assert!(a.timestamp.ends_with('Z'), "{}", a.timestamp);
    }

    #[test]
    fn header_unsafe_credentials_are_refused_without_echo() {
        let endpoint =
            Endpoint::parse("https://dataworks.cn-shanghai.aliyuncs.com/").expect("endpoint");
        let credentials = Credentials::new("id", "s").with_security_token("bad\ntoken");
        let err = signed_request(
            &parts(&endpoint, &[]),
            &credentials,
            SignatureVersion::V3,
            &Stamp::new("n", "t"),
        )
        .expect_err("newline");
        assert!(err.to_string().contains("security token") && !err.to_string().contains("bad"));
    }
}
