//! Reading an answer: the envelope every DataWorks answer carries, then the typed
//! response, from one parse of the body.
//!
//! The envelope (`../shared/alibaba-rpc-protocol.md`, "Responses"): `RequestId` on every
//! answer; many operations also carry `Success`, `HttpStatusCode`, `ErrorCode` and
//! `ErrorMessage` ([`ENVELOPE_MEMBERS`]); errors carry `Code` and `Message`. The rules:
//! - 2xx with a JSON object body: success, unless the body says `Success: false`; then
//!   it is a service error with `ErrorCode`/`ErrorMessage` (or `Code`/`Message`), its
//!   status taken from `HttpStatusCode` when present.
//! - any other status with a JSON object body carrying `Code` (or `ErrorCode`): a
//!   service error with `Code`, `Message` and `RequestId`.
//! - anything else (not JSON, not an object, no code): a [`MalformedResponse`] with the
//!   status, the start of the body and the cause. Never a panic.
//!
//! The body is parsed once, into a JSON value; the envelope is read from it, and the
//! typed response is decoded from the same value ([`FromJson`]). The typed responses do
//! not repeat the envelope: after a success its members say nothing beyond the request
//! id, which every response and every error gives through [`RequestId`]. When the body
//! has no `RequestId`, the `x-acs-request-id` header's is put in its place first.

use serde_json::{Map, Value};

use crate::de::FromJson;
use crate::error::ErrorMeta;
use crate::error::{Malformed, MalformedResponse};
use crate::request_id::RequestId;
use crate::transport::HttpResponse;

/// The members of the answer's envelope, which the runtime reads and the typed
/// responses leave out: the generator drops exactly these from each operation's
/// top-level response members (`RequestId` stays reachable through [`RequestId`]).
pub const ENVELOPE_MEMBERS: [&str; 5] = [
    "RequestId",
    "Success",
    "HttpStatusCode",
    "ErrorCode",
    "ErrorMessage",
];

/// The header that carries the request id when the body does not.
const REQUEST_ID_HEADER: &str = "x-acs-request-id";

/// What an answer that is not a success is.
#[derive(Debug)]
pub(crate) enum Failed {
    /// The service answered with an error.
    Service(ErrorMeta),
    /// The answer could not be understood.
    Malformed(MalformedResponse),
}

impl Failed {
    /// Whether the service refused the request for its rate (HTTP 429 or a
    /// `Throttling*` code): the request had no effect.
    pub(crate) fn is_throttling(&self) -> bool {
        match self {
            Failed::Service(meta) => meta.is_throttling(),
            Failed::Malformed(m) => m.status() == 429,
        }
    }

    /// Whether retrying may succeed: throttling or 5xx, with or without a readable body.
    pub(crate) fn is_retryable(&self) -> bool {
        match self {
            Failed::Service(meta) => meta.is_retryable(),
            Failed::Malformed(m) => m.is_retryable(),
        }
    }

    /// The request id, when known.
    pub(crate) fn request_id(&self) -> Option<&str> {
        match self {
            Failed::Service(meta) => meta.request_id.as_deref(),
            Failed::Malformed(m) => RequestId::request_id(m),
        }
    }
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failed::Service(meta) => write!(f, "service error {meta}"),
            Failed::Malformed(m) => write!(f, "undecodable answer: {m}"),
        }
    }
}

/// A successful answer's body, parsed, with the request id in it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    body: Map<String, Value>,
    request_id: Option<String>,
}

impl Answer {
    /// The request id (body `RequestId`, else the header's).
    pub(crate) fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Decodes the typed response from the parsed body.
    pub(crate) fn decode<T: FromJson>(
        self,
        response: &HttpResponse,
    ) -> Result<T, MalformedResponse> {
        let request_id = self.request_id;
        T::decode_value(Value::Object(self.body)).map_err(|e| {
            MalformedResponse::new(
                response.status,
                &response.body,
                request_id,
                Malformed::Mismatch(e),
            )
        })
    }
}

/// A JSON scalar as text; `null`, arrays and objects give `None`.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Reads the answer's envelope (see the module docs): the parsed body of a success, or
/// what failed.
pub(crate) fn read(response: &HttpResponse) -> Result<Answer, Failed> {
    let status = response.status;
    let header_id = response.header(REQUEST_ID_HEADER).map(str::to_owned);
    let malformed = |cause| {
        Failed::Malformed(MalformedResponse::new(
            status,
            &response.body,
            header_id.clone(),
            cause,
        ))
    };
    let mut body = match serde_json::from_slice::<Value>(&response.body) {
        Ok(Value::Object(body)) => body,
        Ok(_) => return Err(malformed(Malformed::NotAnObject)),
        Err(e) => return Err(malformed(Malformed::NotJson(e))),
    };
    let request_id = text(body.get("RequestId")).or(header_id.clone());
    let said_failure = match body.get("Success") {
        Some(Value::Bool(b)) => !b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("false"),
        _ => false,
    };
    if (200..300).contains(&status) && !said_failure {
        if !body.contains_key("RequestId") {
            if let Some(id) = &header_id {
                body.insert("RequestId".to_owned(), Value::String(id.clone()));
            }
        }
        return Ok(Answer { body, request_id });
    }
    let (code, message, status) = if said_failure {
        let status = text(body.get("HttpStatusCode"))
            .and_then(|s| s.parse::<u16>().ok())
            .unwrap_or(status);
        (
            text(body.get("ErrorCode")).or_else(|| text(body.get("Code"))),
            text(body.get("ErrorMessage")).or_else(|| text(body.get("Message"))),
            status,
        )
    } else {
        (
            text(body.get("Code")).or_else(|| text(body.get("ErrorCode"))),
            text(body.get("Message")).or_else(|| text(body.get("ErrorMessage"))),
            status,
        )
    };
    let code = match code {
        Some(code) => code,
        None if said_failure => "Unknown".to_owned(),
        None => {
            return Err(Failed::Malformed(MalformedResponse::new(
                status,
                &response.body,
                request_id,
                Malformed::NoCode,
            )))
        }
    };
    Err(Failed::Service(ErrorMeta {
        status,
        code,
        message: message.unwrap_or_default(),
        request_id,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::de::DecodeError;
    use crate::de::Object;

    #[derive(Debug, PartialEq)]
    struct Out {
        data: Option<i32>,
        request_id: Option<String>,
    }

    impl FromJson for Out {
        fn from_json(value: Value) -> Result<Option<Self>, DecodeError> {
            let Some(mut m) = Object::new(value)? else {
                return Ok(None);
            };
            Ok(Some(Out {
                data: m.take("Data")?,
                request_id: m.take("RequestId")?,
            }))
        }
    }

    fn decode(response: &HttpResponse) -> Result<Out, Failed> {
        read(response)?.decode(response).map_err(Failed::Malformed)
    }

    fn service(result: Result<Out, Failed>) -> ErrorMeta {
        match result {
            Err(Failed::Service(meta)) => meta,
            other => panic!("expected a service error, got {other:?}"),
        }
    }

    #[test]
    fn success_is_decoded_from_the_one_parse_with_its_request_id() {
        let response = HttpResponse::new(200, r#"{"RequestId":"r1","Data":7,"Success":true}"#);
        let answer = read(&response).expect("ok");
        assert_eq!(answer.request_id(), Some("r1"));
        let out: Out = answer.decode(&response).expect("decodes");
        assert_eq!(
            out,
            Out {
                data: Some(7),
                request_id: Some("r1".into())
            }
        );
    }

    #[test]
    fn the_header_request_id_stands_in_for_a_missing_body_one() {
        let mut response = HttpResponse::new(200, r#"{"Data":1}"#);
        response
            .headers
            .push(("x-acs-request-id".into(), "h1".into()));
        let out = decode(&response).expect("ok");
        assert_eq!(out.request_id.as_deref(), Some("h1"));
        let mut both = HttpResponse::new(200, r#"{"Data":1,"RequestId":"b1"}"#);
        both.headers.push(("x-acs-request-id".into(), "h1".into()));
        assert_eq!(decode(&both).expect("ok").request_id.as_deref(), Some("b1"));
    }

    #[test]
    fn success_false_in_200_is_an_error() {
        let meta = service(decode(&HttpResponse::new(
            200,
            r#"{"RequestId":"r2","Success":false,"ErrorCode":"Invalid.Project","ErrorMessage":"no such project","HttpStatusCode":403}"#,
        )));
        assert_eq!(
            meta,
            ErrorMeta::new(403, "Invalid.Project", "no such project", Some("r2".into()))
        );
        let meta = service(decode(&HttpResponse::new(
            200,
            r#"{"Success":"false","HttpStatusCode":"x"}"#,
        )));
        assert_eq!((meta.status, meta.code.as_str()), (200, "Unknown"));
    }

    #[test]
    fn error_status_with_code() {
        let meta = service(decode(&HttpResponse::new(
            429,
            r#"{"RequestId":"r3","HostId":"dataworks.aliyuncs.com","Code":"Throttling.User","Message":"slow down","Recommend":"https://x"}"#,
        )));
        assert_eq!(meta.status, 429);
        assert_eq!(meta.code, "Throttling.User");
        assert!(meta.is_throttling() && meta.is_retryable());
        let forbidden = service(decode(&HttpResponse::new(
            403,
            r#"{"Code":"Forbidden.Access","Message":"no"}"#,
        )));
        assert!(!forbidden.is_retryable());
        assert!(service(decode(&HttpResponse::new(
            500,
            r#"{"Code":"InternalError.System"}"#
        )))
        .is_retryable());
    }

    #[test]
    fn malformed_bodies_keep_status_prefix_and_cause() {
        use std::error::Error as _;
        let page = format!("<html>{}</html>", "x".repeat(500));
        let Err(Failed::Malformed(m)) = decode(&HttpResponse::new(502, page.as_str())) else {
            panic!("malformed")
        };
        assert_eq!(m.status(), 502);
        assert_eq!(
            m.body_prefix().chars().count(),
            crate::error::BODY_PREFIX_CHARS
        );
        assert!(m.body_prefix().starts_with("<html>"));
        assert!(m
            .source()
            .expect("a cause")
            .to_string()
            .contains("expected value"));
        for (status, body, cause) in [
            (200, "[1]", "the body is not a JSON object"),
            (200, "{", "EOF while parsing an object"),
            (
                200,
                r#"{"Data":"text"}"#,
                "`Data`: expected an integer within 32 bits",
            ),
            (404, r#"{"Nothing":1}"#, "the error body has no `Code`"),
            (500, "", "EOF while parsing a value"),
        ] {
            let Err(Failed::Malformed(m)) = decode(&HttpResponse::new(status, body)) else {
                panic!("{body} is malformed")
            };
            assert_eq!(m.status(), status);
            let shown = m.source().expect("a cause").to_string();
            assert!(shown.contains(cause), "{body}: {shown}");
        }
    }
}
