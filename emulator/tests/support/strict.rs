//! A strict decoder of answers, derived from the spec itself (`spec/operations/*.yaml`,
//! read with `dwgen-spec`, not the catalog the emulator answers from), with no
//! tolerance: an array must be a JSON array, an integer a JSON integer in its type's
//! range, a number a number, a boolean a boolean, a string a string; no member the
//! model does not have, no `null`. A success answer also has the service's envelope: a
//! `RequestId`, `Success: true` and `HttpStatusCode: 200` where the model has them,
//! and no `ErrorCode` or `ErrorMessage`.
//!
//! Strict SDKs (the official ones) decode with exactly these rules.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use dwgen_spec::{Field, Operation, Schema, Type};
use serde_json::Value;

/// Every operation of the spec, by name.
pub fn operations() -> &'static BTreeMap<String, Operation> {
    static SPEC: OnceLock<BTreeMap<String, Operation>> = OnceLock::new();
    SPEC.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let spec = dwgen_spec::load(&dir).expect("the spec reads");
        spec.operations
            .into_iter()
            .map(|op| (op.name.clone(), op))
            .collect()
    })
}

/// The operation `name` of the spec.
pub fn operation(name: &str) -> &'static Operation {
    operations()
        .get(name)
        .unwrap_or_else(|| panic!("{name} is not in the spec"))
}

/// Decodes `body` as a success answer of operation `name`: every place it does not
/// decode, as `path: problem` lines (empty: it decodes).
pub fn success_problems(name: &str, body: &Value) -> Vec<String> {
    let op = operation(name);
    let mut problems = Vec::new();
    let Some(object) = body.as_object() else {
        return vec![format!("the answer is not a JSON object: {body}")];
    };
    members(object, &op.response.fields, "", &mut problems);
    if !object.get("RequestId").is_some_and(Value::is_string) {
        problems.push("RequestId: missing".to_owned());
    }
    // `Success: true` and `HttpStatusCode: 200`, in the type the model gives them.
    for (member, value) in [
        ("Success", Value::Bool(true)),
        ("HttpStatusCode", Value::from(200)),
    ] {
        let Some(field) = op.response.fields.iter().find(|f| f.name == member) else {
            continue;
        };
        let expected = match field.ty {
            Type::String => Value::String(value.to_string()),
            _ => value,
        };
        if object.get(member) != Some(&expected) {
            problems.push(format!(
                "{member}: not {expected} but {:?}",
                object.get(member)
            ));
        }
    }
    for member in ["ErrorCode", "ErrorMessage"] {
        if object.contains_key(member) {
            problems.push(format!("{member}: present in a success answer"));
        }
    }
    problems
}

/// Panics with every problem unless `body` decodes strictly as `name`'s success answer.
#[track_caller]
pub fn assert_decodes(name: &str, body: &Value) {
    let problems = success_problems(name, body);
    assert!(
        problems.is_empty(),
        "{name}: the answer does not decode strictly:\n  {}\n{body}",
        problems.join("\n  ")
    );
}

fn members(
    object: &serde_json::Map<String, Value>,
    fields: &[Field],
    at: &str,
    problems: &mut Vec<String>,
) {
    for (name, value) in object {
        let path = if at.is_empty() {
            name.clone()
        } else {
            format!("{at}.{name}")
        };
        match fields.iter().find(|f| f.name == *name) {
            Some(f) => check(
                value,
                f.ty,
                &f.fields,
                f.items.as_deref(),
                f.values.as_deref(),
                &path,
                problems,
            ),
            None => problems.push(format!("{path}: not a member of the model")),
        }
    }
}

fn schema(value: &Value, s: &Schema, path: &str, problems: &mut Vec<String>) {
    check(
        value,
        s.ty,
        &s.fields,
        s.items.as_deref(),
        s.values.as_deref(),
        path,
        problems,
    );
}

fn check(
    value: &Value,
    ty: Type,
    fields: &[Field],
    items: Option<&Schema>,
    values: Option<&Schema>,
    path: &str,
    problems: &mut Vec<String>,
) {
    let mut wrong = |expected: &str| {
        problems.push(format!("{path}: {expected} expected, got {value}"));
    };
    match ty {
        Type::String if !value.is_string() => wrong("a string"),
        Type::Int32 if value.as_i64().is_none_or(|n| i32::try_from(n).is_err()) => {
            wrong("an int32")
        }
        Type::Int64 if !value.is_i64() => wrong("an int64"),
        Type::Float | Type::Double if !value.is_number() => wrong("a number"),
        Type::Boolean if !value.is_boolean() => wrong("a boolean"),
        Type::Object => match value.as_object() {
            Some(object) => members(object, fields, path, problems),
            None => wrong("an object"),
        },
        Type::Array => match (value.as_array(), items) {
            (Some(list), Some(items)) => {
                for (i, item) in list.iter().enumerate() {
                    schema(item, items, &format!("{path}[{i}]"), problems);
                }
            }
            (Some(_), None) => {}
            (None, _) => wrong("an array"),
        },
        Type::Map => match (value.as_object(), values) {
            (Some(map), Some(values)) => {
                for (key, item) in map {
                    schema(item, values, &format!("{path}.{key}"), problems);
                }
            }
            (Some(_), None) => {}
            (None, _) => wrong("an object (map)"),
        },
        Type::Any if value.is_null() => wrong("a value"),
        _ => {}
    }
}
