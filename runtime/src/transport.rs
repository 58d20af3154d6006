//! Sending an HTTP request: plain request/response structs and the [`Transport`] trait.
//!
//! The client builds an [`HttpRequest`] (already signed) and hands it to a
//! [`Transport`], which returns an [`HttpResponse`] or a [`TransportError`]. Bring your
//! own HTTP stack or a test double by implementing the trait; the default `reqwest`
//! feature provides [`ReqwestTransport`] (reqwest with rustls).

use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A boxed, sendable future, as returned by object-safe async traits here.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT` (the ECS metadata service's token request).
    Put,
}

impl Method {
    /// The method as sent on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request ready to send: method, full URL (with query), headers and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, query string included.
    pub url: String,
    /// Header names (lower case) and values, in the order to send them.
    pub headers: Vec<(String, String)>,
    /// The body (empty for none).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// A response as received: status, headers and the whole body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with a status and a body and no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// What kind of failure a [`TransportError`] is; decides whether it is retried.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportErrorKind {
    /// The connection could not be made (refused, DNS, TLS handshake): nothing was sent.
    Connect,
    /// The request or the response took too long.
    Timeout,
    /// The request could not be built (e.g. an invalid header value).
    Request,
    /// Anything else (connection reset mid-request, a protocol error, reading the body).
    Other,
}

/// The request could not be sent or its response not received.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// An error of the given kind caused by `source`.
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            source: source.into(),
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether retrying may help: connection failures and timeouts.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::Timeout
        )
    }
}

/// The kind of failure only; what the HTTP stack said is the `source()`.
impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            TransportErrorKind::Connect => "connection failed",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Request => "invalid request",
            TransportErrorKind::Other => "transport error",
        })
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// Sends requests. Object safe, so a client holds an `Arc<dyn Transport>`.
pub trait Transport: Send + Sync {
    /// Sends the request and reads the whole response.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

#[cfg(feature = "reqwest")]
pub use self::reqwest_transport::ReqwestTransport;

#[cfg(feature = "reqwest")]
mod reqwest_transport {
    use super::*;
    use std::time::Duration;

    /// A [`Transport`] on reqwest with rustls (HTTP/1.1, webpki roots).
    #[derive(Debug, Clone)]
    pub struct ReqwestTransport {
        client: reqwest::Client,
    }

    impl ReqwestTransport {
        /// The default timeouts: 10 s to connect, 60 s for a whole request.
        pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
        /// See [`Self::CONNECT_TIMEOUT`].
        pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

        /// A transport with the default timeouts.
        pub fn new() -> Result<Self, TransportError> {
            Self::with_timeouts(Self::CONNECT_TIMEOUT, Self::REQUEST_TIMEOUT)
        }

        /// A transport with the given connect and whole-request timeouts.
        pub fn with_timeouts(connect: Duration, request: Duration) -> Result<Self, TransportError> {
            let client = reqwest::Client::builder()
                .connect_timeout(connect)
                .timeout(request)
                .build()
                .map_err(|e| TransportError::new(TransportErrorKind::Request, e))?;
            Ok(ReqwestTransport { client })
        }

        /// Wraps a configured reqwest client.
        pub fn from_client(client: reqwest::Client) -> Self {
            ReqwestTransport { client }
        }

        async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            let method = match request.method {
                Method::Get => reqwest::Method::GET,
                Method::Post => reqwest::Method::POST,
                Method::Put => reqwest::Method::PUT,
            };
            let mut builder = self.client.request(method, &request.url);
            for (name, value) in &request.headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            let response = builder.body(request.body).send().await.map_err(classify)?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
                .collect();
            let body = response.bytes().await.map_err(classify)?.to_vec();
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        }
    }

    fn classify(e: reqwest::Error) -> TransportError {
        let kind = if e.is_timeout() {
            TransportErrorKind::Timeout
        } else if e.is_connect() {
            TransportErrorKind::Connect
        } else if e.is_builder() {
            TransportErrorKind::Request
        } else {
            TransportErrorKind::Other
        };
        TransportError::new(kind, e)
    }

    impl Transport for ReqwestTransport {
        fn send(
            &self,
            request: HttpRequest,
        ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            Box::pin(self.execute(request))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lookup_is_case_insensitive() {
        let mut response = HttpResponse::new(200, "{}");
        response
            .headers
            .push(("X-Acs-Request-Id".into(), "abc".into()));
        assert_eq!(response.header("x-acs-request-id"), Some("abc"));
        assert_eq!(response.header("missing"), None);
    }

    #[test]
    fn retryable_kinds() {
        let e = |kind| TransportError::new(kind, "boom");
        assert!(e(TransportErrorKind::Connect).is_retryable());
        assert!(e(TransportErrorKind::Timeout).is_retryable());
        assert!(!e(TransportErrorKind::Other).is_retryable());
        assert!(!e(TransportErrorKind::Request).is_retryable());
        let timeout = e(TransportErrorKind::Timeout);
        assert_eq!(timeout.to_string(), "timed out");
        let cause = std::error::Error::source(&timeout).map(ToString::to_string);
        assert_eq!(
            cause.as_deref(),
            Some("boom"),
            "the cause is the source, once"
        );
    }
}
