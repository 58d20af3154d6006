//! A transport that records what the client put on the wire: the default reqwest
//! transport, keeping a copy of each request it sends, and [`Sent`], one such request
//! decoded (action, query, form body, `Authorization`).

use std::sync::{Arc, Mutex};

use dataworks_public::runtime::transport::ReqwestTransport;
use dataworks_public::runtime::{BoxFuture, HttpRequest, HttpResponse, Transport, TransportError};

/// The default transport, keeping a copy of each request it sends.
#[derive(Clone)]
pub struct Tap {
    inner: ReqwestTransport,
    sent: Arc<Mutex<Vec<HttpRequest>>>,
}

impl Tap {
    /// A tap over a default [`ReqwestTransport`].
    pub fn new() -> Tap {
        Tap::over(ReqwestTransport::new().expect("reqwest"))
    }

    /// A tap over `inner` (for example one with short timeouts).
    pub fn over(inner: ReqwestTransport) -> Tap {
        Tap {
            inner,
            sent: Arc::default(),
        }
    }

    /// Every request sent so far, in order, as sent.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.sent.lock().expect("lock").clone()
    }

    /// Every request sent so far, in order, decoded.
    pub fn sent(&self) -> Vec<Sent> {
        self.sent
            .lock()
            .expect("lock")
            .iter()
            .map(Sent::of)
            .collect()
    }
}

impl Default for Tap {
    fn default() -> Self {
        Tap::new()
    }
}

impl Transport for Tap {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.sent.lock().expect("lock").push(request.clone());
        self.inner.send(request)
    }
}

/// One request as sent, decoded.
#[derive(Debug)]
pub struct Sent {
    /// `x-acs-action` (V3) or the query's `Action` (V1).
    pub action: String,
    /// The query's parameters.
    pub query: Vec<(String, String)>,
    /// The form body's parameters.
    pub body: Vec<(String, String)>,
    /// The `Authorization` header (V3).
    pub authorization: Option<String>,
}

impl Sent {
    /// Decodes `request`.
    pub fn of(request: &HttpRequest) -> Sent {
        let url = url::Url::parse(&request.url).expect("url");
        let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let body = url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect();
        let action = request
            .header("x-acs-action")
            .map(str::to_owned)
            .or_else(|| lookup(&query, "Action").map(str::to_owned))
            .unwrap_or_default();
        Sent {
            action,
            query,
            body,
            authorization: request.header("authorization").map(str::to_owned),
        }
    }

    /// A parameter of the form body.
    pub fn param(&self, name: &str) -> Option<&str> {
        lookup(&self.body, name)
    }
}

/// The value of the first pair named `name`.
pub fn lookup<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}
