//! The bodies the emulator sends: an operation's answer shaped as the service sends it
//! (its response model with the documented example's values, [`crate::shape`]) with a
//! fresh `RequestId`, and service-shaped error bodies (`RequestId`, `HostId`, `Code`,
//! `Message`).
//!
//! An operation's shaped example is built once, on its first call, into a template
//! split around the `RequestId` value, so a stateless answer is two copies and an id.

use std::sync::OnceLock;

use bytes::Bytes;
use dataworks_public::catalog::OperationSpec;
use serde_json::{Map, Value};

use crate::rejection::Rejection;
use crate::shape;

/// The placeholder a template's `RequestId` value is split at.
const ID_MARK: &str = "\u{1}dataworks-emulator-request-id\u{1}";

/// A fresh request id, shaped like the service's (an upper-case UUID).
pub(crate) fn request_id() -> String {
    uuid::Uuid::new_v4()
        .hyphenated()
        .encode_upper(&mut uuid::Uuid::encode_buffer())
        .to_owned()
}

/// The JSON error body of `rejection`.
pub(crate) fn error_body(rejection: &Rejection, request_id: &str, host: &str) -> Bytes {
    let body = serde_json::json!({
        "RequestId": request_id,
        "HostId": host,
        "Code": rejection.code,
        "Message": rejection.message,
    });
    Bytes::from(serde_json::to_vec(&body).expect("a JSON value serializes"))
}

/// The documented example of `op` as a JSON object, as the documentation writes it
/// (an empty object when the documentation has none, or none that is an object).
pub(crate) fn example(op: &OperationSpec) -> Map<String, Value> {
    match op
        .response_example
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
    {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The documented example of `op` shaped as the service sends it: the response
/// model's members with the example's values, each in its documented type, and the
/// success envelope (an accepted call is a success, so an example showing a failure,
/// as one operation's does, is answered with `"Success": true`; failures come from
/// fault injection).
pub(crate) fn shaped_example(op: &OperationSpec) -> Map<String, Value> {
    shape::success(op, &example(op), "")
}

/// `body` as `op`'s success answer with `RequestId` = `id`, serialized.
pub(crate) fn finish(op: &OperationSpec, body: &Map<String, Value>, id: &str) -> Bytes {
    Bytes::from(shape::success_json(op, body, id))
}

/// An example split around its `RequestId` value.
struct Template {
    before: Vec<u8>,
    after: Vec<u8>,
}

/// One lazily built template per operation.
pub(crate) struct Templates {
    slots: Vec<OnceLock<Template>>,
}

impl Templates {
    pub fn new(operations: usize) -> Self {
        Templates {
            slots: (0..operations).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The shaped example of operation number `index` with `RequestId` = `id`.
    pub fn answer(&self, index: usize, op: &OperationSpec, id: &str) -> Bytes {
        let template = self.slots[index].get_or_init(|| {
            let text = finish(op, &example(op), ID_MARK);
            let marked = serde_json::to_string(ID_MARK).expect("a string serializes");
            let text = &text[..];
            let at = find(text, marked.as_bytes()).expect("the mark was just written");
            Template {
                before: text[..at].to_vec(),
                after: text[at + marked.len()..].to_vec(),
            }
        });
        let quoted = serde_json::to_string(id).expect("a string serializes");
        let mut out =
            Vec::with_capacity(template.before.len() + quoted.len() + template.after.len());
        out.extend_from_slice(&template.before);
        out.extend_from_slice(quoted.as_bytes());
        out.extend_from_slice(&template.after);
        Bytes::from(out)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dataworks_public::catalog;

    #[test]
    fn every_example_answers_shaped_with_the_given_request_id() {
        let templates = Templates::new(catalog::OPERATIONS.len());
        for (index, op) in catalog::OPERATIONS.iter().enumerate() {
            let body = templates.answer(index, op, "ID-1");
            let value: Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(value["RequestId"], "ID-1", "{}", op.name);
            let mut expected = shaped_example(op);
            expected.insert("RequestId".into(), "ID-1".into());
            let got = value.as_object().unwrap().clone();
            assert_eq!(got, expected, "{}", op.name);
            assert_eq!(
                got.keys().collect::<Vec<_>>(),
                expected.keys().collect::<Vec<_>>(),
                "{}: the example's order",
                op.name
            );
            // A second answer reuses the template.
            let again = templates.answer(index, op, "ID-2");
            assert!(std::str::from_utf8(&again).unwrap().contains("\"ID-2\""));
        }
    }

    #[test]
    fn an_example_showing_a_failure_is_answered_as_a_success() {
        let failing: Vec<&str> = catalog::OPERATIONS
            .iter()
            .filter(|op| {
                op.response_example
                    .is_some_and(|e| e.contains("\"Success\": false"))
            })
            .map(|op| op.name)
            .collect();
        assert_eq!(
            failing,
            ["RunSmokeTest"],
            "the documented examples showing a failure"
        );
        let body = shaped_example(catalog::find("RunSmokeTest").unwrap());
        assert_eq!(body["Success"], true);
        assert_eq!(body["Data"], 3333333);
        assert!(!body.contains_key("ErrorCode") && !body.contains_key("ErrorMessage"));
    }

    #[test]
    fn request_ids_are_fresh_upper_case_uuids() {
        let a = request_id();
        let b = request_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a, a.to_uppercase());
    }
}
