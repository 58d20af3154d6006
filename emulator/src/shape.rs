//! Service-shaped values: a JSON value put into the shape the response model gives
//! (the catalog's `SchemaSpec`), and the success envelope.
//!
//! The documented examples show values in the wrong shape as often as not: one object
//! where the model says array, numbers quoted as strings, a list written as the text of a
//! JSON array, members the model does not have. [`shape`] puts a value where the model's
//! type says: a list is always a JSON array (one object becomes a one-element array), an
//! integer is a JSON integer in its type's range, a boolean a JSON boolean, a string a
//! JSON string; members the model does not have are dropped. A value that cannot be put
//! in its shape (text where an integer belongs, an int32 out of range) is left out: a
//! member absent from the source is never invented.
//!
//! The same function shapes the emulator's stored objects into each operation's answer,
//! so stored and documented answers decode alike. [`success_json`] writes a success
//! answer's JSON directly, taking the common cases (an object, an array, a string that
//! is already one) without building the shaped value first, and [`shape`] for the rest;
//! a test keeps the two equal on every documented example.

use dataworks_public::catalog::{FieldSpec, OperationSpec, SchemaSpec, WireType};
use serde_json::{Map, Number, Value};

/// The members of the success envelope the emulator sets itself.
pub(crate) const REQUEST_ID: &str = "RequestId";
const SUCCESS: &str = "Success";
const HTTP_STATUS_CODE: &str = "HttpStatusCode";
/// The error members of the envelope, never part of a success answer.
const ERROR_MEMBERS: [&str; 2] = ["ErrorCode", "ErrorMessage"];

/// `value` in the shape `schema` gives, or `None` when it cannot be put there.
pub(crate) fn shape(value: &Value, schema: &SchemaSpec) -> Option<Value> {
    match schema.ty {
        WireType::String => string(value),
        WireType::Int32 => integer(value)
            .filter(|n| i32::try_from(*n).is_ok())
            .map(Value::from),
        WireType::Int64 => integer(value).map(Value::from),
        WireType::Float | WireType::Double => number(value),
        WireType::Boolean => boolean(value),
        WireType::Object => match value {
            Value::Object(map) => Some(Value::Object(object(map, schema.fields))),
            // The model says one object; the example shows a list of them.
            Value::Array(items) => items.iter().find_map(|item| shape(item, schema)),
            Value::String(text) => embedded(text).and_then(|inner| match inner {
                inner @ Value::Object(_) => shape(&inner, schema),
                _ => None,
            }),
            _ => None,
        },
        WireType::Array => {
            let items = schema.items?;
            let list = match value {
                Value::Array(list) => list.iter().filter_map(|v| shape(v, items)).collect(),
                Value::Null => return None,
                // The text of a JSON array (`"[\"PROD\"]"`).
                Value::String(text) if text.trim_start().starts_with('[') => match embedded(text) {
                    Some(Value::Array(list)) => {
                        list.iter().filter_map(|v| shape(v, items)).collect()
                    }
                    _ => vec![shape(value, items)?],
                },
                // One element shown where the model says a list of them (left out when
                // it does not fit the element's shape).
                one => vec![shape(one, items)?],
            };
            Some(Value::Array(list))
        }
        WireType::Map => {
            let map = match value {
                Value::Object(map) => map.clone(),
                Value::String(text) => match embedded(text) {
                    Some(Value::Object(map)) => map,
                    _ => return None,
                },
                _ => return None,
            };
            let shaped = match schema.values {
                Some(values) => map
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), shape(v, values)?)))
                    .collect(),
                None => map,
            };
            Some(Value::Object(shaped))
        }
        WireType::Any => (!value.is_null()).then(|| value.clone()),
        // A type added to the spec later: keep the value as it is.
        _ => (!value.is_null()).then(|| value.clone()),
    }
}

/// The members of `map` the model (`fields`) has, each in its shape, in `map`'s order.
pub(crate) fn object(map: &Map<String, Value>, fields: &[FieldSpec]) -> Map<String, Value> {
    map.iter()
        .filter_map(|(name, value)| {
            let field = fields.iter().find(|f| f.name == name)?;
            Some((name.clone(), shape(value, &field.schema)?))
        })
        .collect()
}

/// `body` as a success answer of `op`: shaped by its response model, without the error
/// members, with `Success: true` and `HttpStatusCode: 200` where the model has them and
/// `RequestId` set to `request_id` (first when it was not there).
pub(crate) fn success(
    op: &OperationSpec,
    body: &Map<String, Value>,
    request_id: &str,
) -> Map<String, Value> {
    let mut out = Map::new();
    if !body.contains_key(REQUEST_ID) {
        out.insert(REQUEST_ID.to_owned(), Value::from(request_id));
    }
    // The envelope's values, in the type the model gives them (a few models say
    // `Success` or `HttpStatusCode` is a string).
    let envelope = |name: &str| {
        let value = match name {
            REQUEST_ID => Value::from(request_id),
            SUCCESS => Value::Bool(true),
            HTTP_STATUS_CODE => Value::from(200),
            _ => return None,
        };
        let field = op.response.iter().find(|f| f.name == name)?;
        shape(&value, &field.schema)
    };
    for (name, value) in object(body, op.response) {
        if ERROR_MEMBERS.contains(&name.as_str()) {
            continue;
        }
        let value = envelope(&name).unwrap_or(value);
        out.insert(name, value);
    }
    for member in [SUCCESS, HTTP_STATUS_CODE] {
        if !out.contains_key(member) {
            if let Some(value) = envelope(member) {
                out.insert(member.to_owned(), value);
            }
        }
    }
    out
}

/// The JSON text of [`success`]`(op, body, request_id)`, written directly.
pub(crate) fn success_json(
    op: &OperationSpec,
    body: &Map<String, Value>,
    request_id: &str,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    out.push(b'{');
    let mut first = true;
    if !body.contains_key(REQUEST_ID) {
        member(&mut out, &mut first, REQUEST_ID, |out| {
            json(out, &Value::from(request_id))
        });
    }
    let envelope = |name: &str| {
        let value = match name {
            REQUEST_ID => Value::from(request_id),
            SUCCESS => Value::Bool(true),
            HTTP_STATUS_CODE => Value::from(200),
            _ => return None,
        };
        let field = op.response.iter().find(|f| f.name == name)?;
        shape(&value, &field.schema)
    };
    for (name, value) in body {
        if ERROR_MEMBERS.contains(&name.as_str()) {
            continue;
        }
        let Some(field) = op.response.iter().find(|f| f.name == name) else {
            continue;
        };
        match envelope(name) {
            Some(fixed) => member(&mut out, &mut first, name, |out| json(out, &fixed)),
            None => member(&mut out, &mut first, name, |out| {
                write(out, value, &field.schema)
            }),
        }
    }
    for name in [SUCCESS, HTTP_STATUS_CODE] {
        if !body.contains_key(name) {
            if let Some(fixed) = envelope(name) {
                member(&mut out, &mut first, name, |out| json(out, &fixed));
            }
        }
    }
    out.push(b'}');
    out
}

/// Writes `"name":value` (after a comma unless `first`), or nothing when `value`
/// writes nothing.
fn member(
    out: &mut Vec<u8>,
    first: &mut bool,
    name: &str,
    value: impl FnOnce(&mut Vec<u8>) -> bool,
) {
    let mark = out.len();
    if !*first {
        out.push(b',');
    }
    json(out, &Value::from(name));
    out.push(b':');
    if value(out) {
        *first = false;
    } else {
        out.truncate(mark);
    }
}

/// Writes `value` in `schema`'s shape, as [`shape`] would shape it; `false` (and
/// nothing written) when it does not fit.
fn write(out: &mut Vec<u8>, value: &Value, schema: &SchemaSpec) -> bool {
    match (schema.ty, value) {
        (WireType::String, Value::String(_)) => json(out, value),
        (WireType::Object, Value::Object(map)) => {
            out.push(b'{');
            let mut first = true;
            for (name, value) in map {
                if let Some(field) = schema.fields.iter().find(|f| f.name == name) {
                    member(out, &mut first, name, |out| {
                        write(out, value, &field.schema)
                    });
                }
            }
            out.push(b'}');
            true
        }
        (WireType::Array, Value::Array(list)) => {
            let Some(items) = schema.items else {
                return false;
            };
            out.push(b'[');
            let mut first = true;
            for item in list {
                let mark = out.len();
                if !first {
                    out.push(b',');
                }
                if write(out, item, items) {
                    first = false;
                } else {
                    out.truncate(mark);
                }
            }
            out.push(b']');
            true
        }
        _ => match shape(value, schema) {
            Some(shaped) => json(out, &shaped),
            None => false,
        },
    }
}

/// Writes `value` as JSON.
fn json(out: &mut Vec<u8>, value: &Value) -> bool {
    serde_json::to_writer(out, value).is_ok()
}

fn string(value: &Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::String(_) => Some(value.clone()),
        Value::Number(n) => Some(Value::String(n.to_string())),
        Value::Bool(b) => Some(Value::String(b.to_string())),
        // Structured data where the model says text: its JSON text.
        other => serde_json::to_string(other).ok().map(Value::String),
    }
}

fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            let f = n.as_f64()?;
            (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
        }),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

fn number(value: &Value) -> Option<Value> {
    match value {
        Value::Number(_) => Some(value.clone()),
        Value::String(text) => {
            let text = text.trim();
            if let Ok(n) = text.parse::<i64>() {
                return Some(Value::from(n));
            }
            let f: f64 = text.parse().ok()?;
            Number::from_f64(f).map(Value::Number)
        }
        _ => None,
    }
}

fn boolean(value: &Value) -> Option<Value> {
    match value {
        Value::Bool(_) => Some(value.clone()),
        Value::String(text) => match text.trim() {
            t if t.eq_ignore_ascii_case("true") => Some(Value::Bool(true)),
            t if t.eq_ignore_ascii_case("false") => Some(Value::Bool(false)),
            _ => None,
        },
        Value::Number(n) => match n.as_i64() {
            Some(0) => Some(Value::Bool(false)),
            Some(1) => Some(Value::Bool(true)),
            _ => None,
        },
        _ => None,
    }
}

/// The JSON value written as `text`, if it is one.
fn embedded(text: &str) -> Option<Value> {
    serde_json::from_str(text.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dataworks_public::catalog;
    use serde_json::json;

    fn at(op: &str, path: &[&str]) -> &'static SchemaSpec {
        catalog::find(op).unwrap().response_at(path).unwrap()
    }

    #[test]
    fn one_object_where_a_list_belongs_becomes_a_one_element_list() {
        let items = at("GetDeployment", &["Data", "DeployedItems"]);
        let shaped = shape(&json!({"FileId": 5, "FileVersion": "7", "Extra": 1}), items);
        assert_eq!(shaped, Some(json!([{"FileId": 5, "FileVersion": 7}])));
        assert_eq!(shape(&json!([]), items), Some(json!([])));
        assert_eq!(shape(&json!("a,b"), items), None, "text is no item");
    }

    #[test]
    fn the_text_of_a_list_becomes_the_list() {
        let env = at("GetProject", &["Data", "EnvTypes"]);
        assert_eq!(shape(&json!("[\"PROD\"]"), env), Some(json!(["PROD"])));
        assert_eq!(shape(&json!("PROD"), env), Some(json!(["PROD"])));
        assert_eq!(
            shape(&json!(["DEV", "PROD"]), env),
            Some(json!(["DEV", "PROD"]))
        );
    }

    #[test]
    fn scalars_take_their_documented_type_or_are_left_out() {
        let int32 = at("GetFile", &["Data", "File", "CommitStatus"]);
        let int64 = at("GetFile", &["Data", "File", "CreateTime"]);
        let text = at("GetFile", &["Data", "File", "FileName"]);
        let flag = at("GetFile", &["Data", "File", "AutoParsing"]);
        assert_eq!(shape(&json!("1"), int32), Some(json!(1)));
        assert_eq!(
            shape(&json!(3_000_000_000_i64), int32),
            None,
            "out of int32 range"
        );
        assert_eq!(
            shape(&json!(3_000_000_000_i64), int64),
            Some(json!(3_000_000_000_i64))
        );
        assert_eq!(shape(&json!("12x"), int64), None);
        assert_eq!(shape(&json!(0), text), Some(json!("0")));
        assert_eq!(shape(&json!(null), text), None);
        assert_eq!(shape(&json!("true"), flag), Some(json!(true)));
        assert_eq!(shape(&json!("yes"), flag), None);
    }

    #[test]
    fn the_direct_writer_writes_what_shape_shapes() {
        let mut bodies: Vec<(&OperationSpec, Map<String, Value>)> = catalog::OPERATIONS
            .iter()
            .filter_map(|op| {
                let text = op.response_example?;
                match serde_json::from_str(text).ok()? {
                    Value::Object(map) => Some((op, map)),
                    _ => None,
                }
            })
            .collect();
        assert!(bodies.len() > 190, "{}", bodies.len());
        // Stored values in other types than the model's, and members it lacks.
        let stored = json!({"Data": {"BusinessId": 5, "ProjectId": 10000, "Owner": 7,
                                     "FileId": 9, "UseType": null}});
        bodies.push((
            catalog::find("GetBusiness").unwrap(),
            stored.as_object().unwrap().clone(),
        ));
        let listed = json!({"Data": {"Files": [{"FileId": "9", "CommitStatus": "1", "Bad": 1},
                                               {"FileType": "x"}], "TotalCount": 2}});
        bodies.push((
            catalog::find("ListFiles").unwrap(),
            listed.as_object().unwrap().clone(),
        ));
        for (op, body) in bodies {
            let direct: Value = serde_json::from_slice(&success_json(op, &body, "ID-1")).unwrap();
            let shaped = Value::Object(success(op, &body, "ID-1"));
            assert_eq!(direct, shaped, "{}", op.name);
            let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(&direct), keys(&shaped), "{}: member order", op.name);
            assert_eq!(
                direct.to_string(),
                shaped.to_string(),
                "{}: nested order",
                op.name
            );
        }
    }

    #[test]
    fn the_envelope_is_the_one_the_client_reads() {
        assert_eq!(
            [
                REQUEST_ID,
                SUCCESS,
                HTTP_STATUS_CODE,
                ERROR_MEMBERS[0],
                ERROR_MEMBERS[1]
            ],
            dataworks_runtime::__private::ENVELOPE_MEMBERS
        );
    }

    #[test]
    fn the_success_envelope_is_the_services() {
        let op = catalog::find("GetInstance").unwrap();
        let body = json!({
            "RequestId": "x", "ErrorCode": 0, "ErrorMessage": "test", "Success": false,
            "Data": {"TaskRetunTime": 0, "DagId": "338450167"}
        });
        let out = success(op, body.as_object().unwrap(), "ID-1");
        assert_eq!(
            Value::Object(out),
            json!({"RequestId": "ID-1", "Success": true, "Data": {"DagId": 338450167},
                   "HttpStatusCode": 200})
        );
    }
}
