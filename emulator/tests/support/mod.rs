//! Helpers of the emulator's own tests: sign a call with the client's signing code and
//! send it over a fresh loopback connection, or send raw bytes; pick operations by QPS
//! tier from the catalog with parameters that pass the emulator's checks; check the
//! shape of error answers.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use dataworks_emulator::codes::Code;
use dataworks_public::catalog::{self, OperationSpec, ParamSpec, WireType};
use dataworks_runtime::request::{signed_request, RequestParts, Stamp};
use dataworks_runtime::signing;
use dataworks_runtime::{Credentials, Endpoint, HttpRequest, Method, SignatureVersion};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The API version the emulator serves.
pub const API_VERSION: &str = "2020-05-18";

/// The key an emulator accepts when started without keys.
pub const KEY: (&str, &str) = dataworks_emulator::DEFAULT_KEY;

/// An answer: status, headers, and the body as JSON (`Null` if it is not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: hyper::HeaderMap,
    pub body: serde_json::Value,
    pub text: String,
}

impl Answer {
    /// The `Code` of an error body.
    pub fn code(&self) -> &str {
        self.body["Code"].as_str().unwrap_or("")
    }

    /// The `Message` of an error body.
    pub fn message(&self) -> &str {
        self.body["Message"].as_str().unwrap_or("")
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts a 200 answer.
    #[track_caller]
    pub fn assert_ok(&self) {
        assert_eq!(self.status, 200, "expected 200, got: {}", self.text);
        assert!(
            self.body["RequestId"].is_string(),
            "no RequestId: {}",
            self.text
        );
    }

    /// Asserts an error answer with `code`'s status and code, a `Message` containing
    /// every one of `needles`, and a body of exactly `Code`, `Message`, `RequestId`
    /// and `HostId`.
    #[track_caller]
    pub fn assert_error(&self, code: Code, needles: &[&str]) {
        assert_eq!(
            (self.status, self.code()),
            (code.status, code.code),
            "{}",
            self.text
        );
        assert_error_shape(&self.body, &self.text);
        let message = self.message();
        for needle in needles {
            assert!(
                message.contains(needle),
                "the message of {} does not mention `{needle}`: {message}",
                code.code
            );
        }
        if let Some(id) = self.header("x-acs-request-id") {
            assert_eq!(
                self.body["RequestId"], id,
                "RequestId differs from the header"
            );
        }
    }
}

/// Asserts that `body` is a service-shaped error: exactly the members `Code`,
/// `Message`, `RequestId` and `HostId`, all non-empty strings.
#[track_caller]
pub fn assert_error_shape(body: &serde_json::Value, text: &str) {
    let object = body
        .as_object()
        .unwrap_or_else(|| panic!("the error body is not a JSON object: {text}"));
    let mut members: Vec<&str> = object.keys().map(String::as_str).collect();
    members.sort_unstable();
    assert_eq!(
        members,
        ["Code", "HostId", "Message", "RequestId"],
        "{text}"
    );
    for (name, value) in object {
        assert!(
            value.as_str().is_some_and(|s| !s.is_empty()),
            "`{name}` is not a non-empty string: {text}"
        );
    }
}

/// Owned parameters from borrowed pairs.
pub fn owned(params: &[(&str, &str)]) -> Vec<(String, String)> {
    params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A call signed with `key`/`secret` (V3 or V1), a fresh stamp.
pub fn signed(
    endpoint: &str,
    version: SignatureVersion,
    key: (&str, &str),
    action: &str,
    params: &[(&str, &str)],
) -> HttpRequest {
    signed_with(
        endpoint,
        version,
        key,
        action,
        params,
        &Stamp::fresh().unwrap(),
    )
}

/// A call signed with a given stamp.
pub fn signed_with(
    endpoint: &str,
    version: SignatureVersion,
    key: (&str, &str),
    action: &str,
    params: &[(&str, &str)],
    stamp: &Stamp,
) -> HttpRequest {
    signed_full(
        endpoint,
        version,
        key,
        action,
        API_VERSION,
        "cn-shanghai",
        &owned(params),
        stamp,
    )
}

/// A call signed with every part given: API version, region (V1 `RegionId`) and stamp.
#[allow(clippy::too_many_arguments)]
pub fn signed_full(
    endpoint: &str,
    version: SignatureVersion,
    key: (&str, &str),
    action: &str,
    api_version: &str,
    region: &str,
    params: &[(String, String)],
    stamp: &Stamp,
) -> HttpRequest {
    let endpoint = Endpoint::parse(endpoint).unwrap();
    let parts = RequestParts {
        action,
        version: api_version,
        region,
        params,
        endpoint: &endpoint,
    };
    signed_request(&parts, &Credentials::new(key.0, key.1), version, stamp).unwrap()
}

/// A V1 `GET` with every parameter (common, the operation's own and `Signature`) in
/// the query string and no body, signed with the runtime's V1 primitives.
pub fn v1_get(
    endpoint: &str,
    key: (&str, &str),
    action: &str,
    params: &[(&str, &str)],
    stamp: &Stamp,
) -> HttpRequest {
    let endpoint = Endpoint::parse(endpoint).unwrap();
    let mut all: Vec<(&str, &str)> = vec![
        ("Action", action),
        ("Version", API_VERSION),
        ("Format", "JSON"),
        ("AccessKeyId", key.0),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", &stamp.nonce),
        ("Timestamp", &stamp.timestamp),
    ];
    all.extend_from_slice(params);
    let string_to_sign = signing::v1_string_to_sign("GET", &all);
    let signature = signing::v1_signature(key.1, &string_to_sign);
    HttpRequest::new(
        Method::Get,
        format!(
            "{endpoint}?{}&Signature={}",
            signing::v1_canonicalized_query(&all),
            signing::percent_encode(&signature)
        ),
        vec![("host".to_owned(), endpoint.host_header())],
        Vec::new(),
    )
}

/// A V3 request with the operation's parameters in the query string (covered by the
/// canonical query) and no body, signed with the runtime's V3 primitives.
pub fn v3_query(
    endpoint: &str,
    method: Method,
    key: (&str, &str),
    action: &str,
    params: &[(&str, &str)],
    stamp: &Stamp,
) -> HttpRequest {
    let endpoint = Endpoint::parse(endpoint).unwrap();
    let content_sha256 = signing::content_sha256(b"");
    let mut headers = vec![
        ("host".to_owned(), endpoint.host_header()),
        ("x-acs-action".to_owned(), action.to_owned()),
        ("x-acs-version".to_owned(), API_VERSION.to_owned()),
        ("x-acs-date".to_owned(), stamp.timestamp.clone()),
        ("x-acs-signature-nonce".to_owned(), stamp.nonce.clone()),
        ("x-acs-content-sha256".to_owned(), content_sha256.clone()),
    ];
    let canonical = signing::v3_canonical_headers(&headers);
    let canonical_request = signing::v3_canonical_request(
        method.as_str(),
        endpoint.path(),
        params,
        &canonical,
        &content_sha256,
    );
    let signature = signing::v3_signature(key.1, &signing::v3_string_to_sign(&canonical_request));
    headers.push((
        "authorization".to_owned(),
        signing::v3_authorization(key.0, &canonical.signed, &signature),
    ));
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                signing::percent_encode(k),
                signing::percent_encode(v)
            )
        })
        .collect();
    HttpRequest::new(
        method,
        format!("{endpoint}?{}", query.join("&")),
        headers,
        Vec::new(),
    )
}

/// Replaces (or adds) header `name` of `request`.
pub fn set_header(request: &mut HttpRequest, name: &str, value: &str) {
    request
        .headers
        .retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    request.headers.push((name.to_owned(), value.to_owned()));
}

/// Sends `request` to `addr` over a new connection and reads the answer.
pub async fn send(addr: SocketAddr, request: &HttpRequest) -> Answer {
    try_send(addr, request)
        .await
        .unwrap_or_else(|e| panic!("no answer to {} {}: {e}", request.method, request.url))
}

/// Sends `request` to `addr` over a new connection; the client's error if the
/// connection closed without a (complete) answer.
pub async fn try_send(addr: SocketAddr, request: &HttpRequest) -> Result<Answer, hyper::Error> {
    let url = url::Url::parse(&request.url).unwrap();
    let path_and_query = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    send_http(
        addr,
        request.method.as_str(),
        &path_and_query,
        &request.headers,
        request.body.clone(),
    )
    .await
}

/// Sends one HTTP/1.1 request made of the given parts over a new connection.
pub async fn send_http(
    addr: SocketAddr,
    method: &str,
    path_and_query: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
) -> Result<Answer, hyper::Error> {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .unwrap();
    tokio::spawn(connection);
    let mut builder = hyper::Request::builder().method(method).uri(path_and_query);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let response = sender
        .send_request(builder.body(Full::new(Bytes::from(body))).unwrap())
        .await?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await?.to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Ok(Answer {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        text,
    })
}

/// Writes `bytes` to a new connection and reads until the server closes it (or 5 s).
pub async fn send_raw(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let _ = stream.write_all(bytes).await;
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

/// The status of a raw HTTP/1.x answer (`HTTP/1.1 400 Bad Request` → 400).
pub fn raw_status(answer: &str) -> Option<u16> {
    let line = answer.lines().next()?;
    let rest = line.strip_prefix("HTTP/1.")?;
    rest.get(2..5)?.parse().ok()
}

/// The body of a raw HTTP/1.x answer (everything after the blank line).
pub fn raw_body(answer: &str) -> &str {
    answer.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

/// Operations of QPS level `tier` (`None`: no documented level), fewest required
/// parameters first, then by name.
pub fn operations_of_tier(tier: Option<u8>) -> Vec<&'static OperationSpec> {
    let mut ops: Vec<&'static OperationSpec> = catalog::OPERATIONS
        .iter()
        .filter(|op| op.tier == tier)
        .collect();
    ops.sort_by_key(|op| {
        (
            op.params.iter().filter(|p| p.required).count() + op.one_of.len(),
            op.name,
        )
    });
    ops
}

/// The first operation of QPS level `tier`, from the catalog.
pub fn operation_of_tier(tier: u8) -> &'static OperationSpec {
    operations_of_tier(Some(tier))
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("the catalog has no level-{tier} operation"))
}

/// Parameters that pass the emulator's checks for `op`: every required parameter and
/// one member of every one-of group, with a value of the documented type.
pub fn valid_params(op: &OperationSpec) -> Vec<(String, String)> {
    let mut params: Vec<(String, String)> = Vec::new();
    let add = |spec: &ParamSpec, params: &mut Vec<(String, String)>| {
        let present = params
            .iter()
            .any(|(n, _)| n == spec.name || n.starts_with(&format!("{}.", spec.name)));
        if !present {
            params.push(sample(spec));
        }
    };
    for spec in op.params.iter().filter(|p| p.required) {
        add(spec, &mut params);
    }
    for group in op.one_of {
        let set = group.iter().any(|member| {
            params
                .iter()
                .any(|(n, _)| n == member || n.starts_with(&format!("{member}.")))
        });
        if !set {
            let spec = op
                .params
                .iter()
                .find(|p| p.name == group[0])
                .unwrap_or_else(|| {
                    panic!("{}: one-of member {} is no parameter", op.name, group[0])
                });
            add(spec, &mut params);
        }
    }
    params
}

/// A parameter and a value of its documented type (flattened for lists and objects).
fn sample(spec: &ParamSpec) -> (String, String) {
    if let Some(first) = spec.values.first() {
        return (spec.name.to_owned(), (*first).to_owned());
    }
    let flattened =
        !spec.json && matches!(spec.ty, WireType::Array | WireType::Object | WireType::Map);
    if flattened {
        return (format!("{}.1", spec.name), "x".to_owned());
    }
    let value = match spec.ty {
        _ if spec.json => match spec.ty {
            WireType::Array => "[]",
            _ => "{}",
        },
        WireType::Int32 | WireType::Int64 | WireType::Float | WireType::Double => "1",
        WireType::Boolean => "true",
        _ => "x",
    };
    (spec.name.to_owned(), value.to_owned())
}

/// Borrowed pairs of owned parameters.
pub fn pairs(params: &[(String, String)]) -> Vec<(&str, &str)> {
    params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}
