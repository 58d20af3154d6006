//! Sending an HTTP request: plain request/response structs and the [`Transport`] trait.
//!
//! The client builds an [`HttpRequest`] (already signed) and hands it to a
//! [`Transport`], which returns an [`HttpResponse`] or a [`TransportError`]. Bring your
//! own HTTP stack or a test double by implementing the trait; the default `reqwest`
//! feature provides [`ReqwestTransport`] (reqwest with rustls).
//!
//! Every read is bounded: a request carries the most body bytes its response may have
//! ([`HttpRequest::max_response_body`], the client's
//! [`max_response_size`](crate::ClientBuilder::max_response_size), 64 MiB by default). A
//! transport stops reading a longer body at once (a declared `Content-Length` over the
//! cap is refused before any of it is read; otherwise reading stops at the first chunk
//! past the cap) and fails with [`TransportErrorKind::BodyTooLarge`], its source a
//! [`BodyTooLarge`] naming the cap, the status and the request id header when there was
//! one. Nothing beyond the cap and one read buffer is held.

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

/// The response body cap when none is configured: 64 MiB (DataWorks answers are JSON
/// documents of kilobytes; the largest documented ones, lists of a page, stay far below).
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 64 * 1024 * 1024;

/// A request ready to send: method, full URL (with query), headers and body, and how
/// much of the response may be read.
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
    /// The most bytes of response body the transport may read; a longer body fails the
    /// send with [`TransportErrorKind::BodyTooLarge`] (see the module docs).
    pub max_response_body: usize,
}

impl HttpRequest {
    /// A request with the default response body cap ([`DEFAULT_MAX_RESPONSE_BODY`]).
    pub fn new(
        method: Method,
        url: impl Into<String>,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> Self {
        HttpRequest {
            method,
            url: url.into(),
            headers,
            body,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
        }
    }

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
    /// The response body is longer than the request's cap; reading stopped there (the
    /// error's source is a [`BodyTooLarge`]).
    BodyTooLarge,
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
            TransportErrorKind::BodyTooLarge => "response body over the cap",
            TransportErrorKind::Other => "transport error",
        })
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

impl TransportError {
    /// The details of a [`TransportErrorKind::BodyTooLarge`] failure.
    pub fn body_too_large(&self) -> Option<&BodyTooLarge> {
        self.source.downcast_ref()
    }
}

/// A response body longer than the request's cap ([`HttpRequest::max_response_body`]):
/// what a transport reports when it stops reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyTooLarge {
    /// The cap, in bytes.
    pub limit: usize,
    /// The response's status.
    pub status: u16,
    /// The `Content-Length` the response declared, if any.
    pub declared: Option<u64>,
    /// The `x-acs-request-id` header, if the response had one.
    pub request_id: Option<String>,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        match self.declared {
            Some(declared) => write!(
                f,
                " declares {declared} bytes of body, over the {} cap; none of it was read",
                size(self.limit)
            ),
            None => write!(
                f,
                " sent more than the {} cap of body; reading stopped there",
                size(self.limit)
            ),
        }
    }
}

impl std::error::Error for BodyTooLarge {}

/// The failure of an attempt that ran out of its deadline
/// ([`ClientBuilder::attempt_timeout`](crate::ClientBuilder::attempt_timeout)): a
/// [`TransportErrorKind::Timeout`] whose source says which deadline passed.
pub(crate) fn attempt_timed_out(limit: std::time::Duration) -> TransportError {
    TransportError::new(
        TransportErrorKind::Timeout,
        format!(
            "no answer within the attempt timeout of {:.1} s",
            limit.as_secs_f64()
        ),
    )
}

/// `64 MiB`, `512 KiB` or `100 bytes`.
pub(crate) fn size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes % KIB == 0 {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
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
            let limit = request.max_response_body;
            let mut response = builder.body(request.body).send().await.map_err(classify)?;
            let status = response.status().as_u16();
            let headers: Vec<(String, String)> = response
                .headers()
                .iter()
                .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
                .collect();
            let too_large = |declared| {
                let request_id = find_header(&headers, "x-acs-request-id").map(str::to_owned);
                TransportError::new(
                    TransportErrorKind::BodyTooLarge,
                    BodyTooLarge {
                        limit,
                        status,
                        declared,
                        request_id,
                    },
                )
            };
            // Dropping `response` on an error closes the connection: nothing more is read.
            if let Some(declared) = response.content_length() {
                if declared > limit as u64 {
                    return Err(too_large(Some(declared)));
                }
            }
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(classify)? {
                if body.len() + chunk.len() > limit {
                    return Err(too_large(None));
                }
                body.extend_from_slice(&chunk);
            }
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
    fn body_too_large_says_the_cap_and_what_was_read() {
        let declared = BodyTooLarge {
            limit: DEFAULT_MAX_RESPONSE_BODY,
            status: 200,
            declared: Some(400 * 1024 * 1024),
            request_id: Some("r1".into()),
        };
        assert_eq!(
            declared.to_string(),
            "HTTP 200 (request id r1) declares 419430400 bytes of body, over the 64 MiB cap; none of it was read"
        );
        let streamed = BodyTooLarge {
            limit: 1000,
            declared: None,
            request_id: None,
            ..declared
        };
        assert_eq!(
            streamed.to_string(),
            "HTTP 200 sent more than the 1000 bytes cap of body; reading stopped there"
        );
        let e = TransportError::new(TransportErrorKind::BodyTooLarge, streamed.clone());
        assert_eq!(e.body_too_large(), Some(&streamed));
        assert!(!e.is_retryable());
        assert_eq!(size(512 * 1024), "512 KiB");
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
