//! Tolerant decoding of response JSON into the generated response types.
//!
//! The service (and its documentation) is loose about types: numbers and booleans
//! arrive as strings (`"123"`, `"true"`), `null` or `""` stand for an absent value, a
//! single object arrives where an array is documented, and some documented arrays and
//! maps arrive as JSON text inside a string. [`FromJson`] accepts all of that; every
//! member of a generated response type is an `Option`, so what is absent is `None`.
//!
//! Decoding goes through a parsed [`Value`]: the client parses a body once, reads the
//! envelope from it and decodes the typed response from the same value. A generated
//! struct takes its members out of an [`Object`] by wire name, one plain (non-generic)
//! function per struct, and members the documentation does not list are ignored. An
//! error names the member path where it happened (`Data.Deployment.Status`), what was
//! expected and what was found.
//!
//! The public part is [`FromJson`] and [`DecodeError`] (re-exported at the crate root);
//! [`Object`] and the value-set helpers are plumbing of the generated code
//! (`__private`).

use std::collections::BTreeMap;
use std::fmt;

pub use serde_json::Value;

/// A response value that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    path: String,
    expected: &'static str,
    found: String,
}

impl DecodeError {
    /// `expected` (e.g. `an integer`) was wanted where `found` is.
    pub fn expected(expected: &'static str, found: &Value) -> Self {
        DecodeError {
            path: String::new(),
            expected,
            found: describe(found),
        }
    }

    /// The member path where decoding failed (`Data.Items[2].Status`); empty for the
    /// top-level value.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was expected there (`an integer`, `an object`, ...).
    pub fn expected_what(&self) -> &'static str {
        self.expected
    }

    /// The error, one level up: inside member `name`.
    pub fn in_member(mut self, name: &str) -> Self {
        self.path = if self.path.is_empty() {
            name.to_owned()
        } else if self.path.starts_with('[') {
            format!("{name}{}", self.path)
        } else {
            format!("{name}.{}", self.path)
        };
        self
    }

    /// The error, one level up: inside array element `index` (0-based).
    pub fn in_element(mut self, index: usize) -> Self {
        self.path = if self.path.is_empty() || self.path.starts_with('[') {
            format!("[{index}]{}", self.path)
        } else {
            format!("[{index}].{}", self.path)
        };
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "expected {}, found {}", self.expected, self.found)
        } else {
            write!(
                f,
                "`{}`: expected {}, found {}",
                self.path, self.expected, self.found
            )
        }
    }
}

impl std::error::Error for DecodeError {}

/// How a value is shown in an error: its JSON type, and a short excerpt of scalars.
fn describe(value: &Value) -> String {
    const MAX: usize = 40;
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > MAX => {
            let head: String = s.chars().take(MAX).collect();
            format!("the string {head:?}...")
        }
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// A type a response value decodes into, tolerantly: numbers and booleans sent as
/// strings, `null` or `""` for an absent value, one object where an array is documented,
/// arrays and maps sent as JSON text. Every generated response type implements it; the
/// client decodes with it.
pub trait FromJson: Sized {
    /// Decodes `value`; `Ok(None)` where it stands for an absent value (`null`, and
    /// `""` for anything but a string).
    fn from_json(value: Value) -> Result<Option<Self>, DecodeError>;

    /// Decodes a parsed value that must be present (`null` or `""` is an error).
    fn decode_value(value: Value) -> Result<Self, DecodeError> {
        from_value(value)
    }

    /// Decodes a whole JSON text, e.g. a saved response body.
    fn decode(json: &[u8]) -> Result<Self, DecodeError> {
        from_slice(json)
    }
}

/// Text as sent (`""` included); numbers and booleans as their JSON text.
impl FromJson for String {
    fn from_json(value: Value) -> Result<Option<Self>, DecodeError> {
        match value {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s)),
            Value::Number(n) => Ok(Some(n.to_string())),
            Value::Bool(b) => Ok(Some(b.to_string())),
            other => Err(DecodeError::expected("a string", &other)),
        }
    }
}

/// A scalar read from its JSON type or from its text.
fn scalar<T>(
    value: Value,
    expected: &'static str,
    from_number: impl FnOnce(&serde_json::Number) -> Option<T>,
    from_text: impl FnOnce(&str) -> Option<T>,
    from_bool: impl FnOnce(bool) -> Option<T>,
) -> Result<Option<T>, DecodeError> {
    let parsed = match &value {
        Value::Null => return Ok(None),
        Value::String(s) if s.trim().is_empty() => return Ok(None),
        Value::String(s) => from_text(s.trim()),
        Value::Number(n) => from_number(n),
        Value::Bool(b) => from_bool(*b),
        Value::Array(_) | Value::Object(_) => None,
    };
    match parsed {
        Some(v) => Ok(Some(v)),
        None => Err(DecodeError::expected(expected, &value)),
    }
}

/// An integer from a JSON number: an integer, or a float with no fraction that is
/// exactly representable.
fn integer_of(n: &serde_json::Number) -> Option<i64> {
    n.as_i64().or_else(|| {
        let f = n.as_f64()?;
        (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
    })
}

/// An integer from text: decimal digits (with a sign), or a float text with no fraction.
fn integer_text(s: &str) -> Option<i64> {
    s.parse().ok().or_else(|| {
        let f: f64 = s.parse().ok()?;
        (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
    })
}

impl FromJson for i64 {
    fn from_json(value: Value) -> Result<Option<Self>, DecodeError> {
        scalar(value, "an integer", integer_of, integer_text, |_| None)
    }
}

impl FromJson for i32 {
    fn from_json(value: Value) -> Result<Option<Self>, DecodeError> {
        scalar(
            value,
            "an integer within 32 bits",
            |n| integer_of(n).and_then(|i| i32::try_from(i).ok()),
            |s| integer_text(s).and_then(|i| i32::try_from(i).ok()),
            |_| None,
        )
    }
}

impl FromJson for f64 {
    fn from_json(value: Value) -> Result<Option<Self>, DecodeError> {
        scalar(
            value,
            "a number",
            serde_json::Number::as_f64,
            |s| s.parse().ok(),
            |_| None,
        )
    }
}

impl FromJson for f32 {
    fn from_json(value: Value) -> Result<Option<Self>, DecodeError> {
        Ok(f64::from_json(value)?.map(|f| f as f32))
    }
}

/// `true`/`false`, `1`/`0`, and those as text (any case).
impl FromJson for bool {
    fn from_json(value: Value) -> Result<Option<Self>, DecodeError> {
        scalar(
            value,
            "a boolean",
            |n| match n.as_i64() {
                Some(0) => Some(false),
                Some(1) => Some(true),
                _ => None,
            },
            |s| match s {
                "1" => Some(true),
                "0" => Some(false),
                _ if s.eq_ignore_ascii_case("true") => Some(true),
                _ if s.eq_ignore_ascii_case("false") => Some(false),
                _ => None,
            },
            Some,
        )
    }
}

/// Untyped JSON, as received; `null` is absent.
impl FromJson for Value {
    fn from_json(value: Value) -> Result<Option<Self>, DecodeError> {
        Ok((!value.is_null()).then_some(value))
    }
}

/// An array; also a single element (the service sometimes sends one object where an
/// array is documented) and the array as JSON text. Absent elements are skipped.
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Option<Self>, DecodeError> {
        let items = match value {
            Value::Null => return Ok(None),
            Value::Array(items) => items,
            Value::String(s) => match json_text(&s, '[') {
                JsonText::Blank => return Ok(None),
                JsonText::Parsed(Value::Array(items)) => items,
                _ => vec![Value::String(s)],
            },
            one => vec![one],
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            if let Some(v) = T::from_json(item).map_err(|e| e.in_element(i))? {
                out.push(v);
            }
        }
        Ok(Some(out))
    }
}

/// A JSON object with string keys, or it as JSON text. Absent values are skipped.
impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: Value) -> Result<Option<Self>, DecodeError> {
        let Some(object) = Object::new(value)? else {
            return Ok(None);
        };
        let mut out = BTreeMap::new();
        for (key, item) in object.members {
            if let Some(v) = T::from_json(item).map_err(|e| e.in_member(&key))? {
                out.insert(key, v);
            }
        }
        Ok(Some(out))
    }
}

/// A value of an integer value-set enum: the integer read tolerantly (`null` and `""`
/// are absent), then converted (an undocumented value becomes the enum's `Unknown`).
pub fn int_value_set<T: From<i64>>(value: Value) -> Result<Option<T>, DecodeError> {
    Ok(i64::from_json(value)?.map(T::from))
}

/// A value of a string value-set enum: its text (a number or boolean as its JSON text);
/// `null` and `""` are absent.
pub fn text_value_set<T: From<String>>(value: Value) -> Result<Option<T>, DecodeError> {
    Ok(String::from_json(value)?
        .filter(|s| !s.is_empty())
        .map(T::from))
}

/// What a string holding JSON text gave.
enum JsonText {
    /// Only blanks: absent.
    Blank,
    /// The text parsed as JSON starting with the wanted bracket.
    Parsed(Value),
    /// Something else: not JSON text of the wanted kind.
    Other,
}

/// Parses `s` as JSON text when it starts with `open` (`[` or `{`).
fn json_text(s: &str, open: char) -> JsonText {
    let t = s.trim();
    if t.is_empty() {
        JsonText::Blank
    } else if t.starts_with(open) {
        serde_json::from_str(t).map_or(JsonText::Other, JsonText::Parsed)
    } else {
        JsonText::Other
    }
}

/// A JSON object being decoded into a generated struct: its members are taken out by
/// wire name; members nobody takes are ignored.
#[derive(Debug, Clone, Default)]
pub struct Object {
    members: serde_json::Map<String, Value>,
}

impl Object {
    /// The object `value` holds: `None` for `null` and `""`; an object, or a string
    /// holding an object as JSON text; anything else is an error.
    pub fn new(value: Value) -> Result<Option<Self>, DecodeError> {
        match value {
            Value::Null => Ok(None),
            Value::Object(members) => Ok(Some(Object { members })),
            Value::String(s) => match json_text(&s, '{') {
                JsonText::Blank => Ok(None),
                JsonText::Parsed(Value::Object(members)) => Ok(Some(Object { members })),
                _ => Err(DecodeError::expected("an object", &Value::String(s))),
            },
            other => Err(DecodeError::expected("an object", &other)),
        }
    }

    /// Takes member `name` and decodes it; `None` when it is absent or stands for an
    /// absent value. An error names the member.
    pub fn take<T: FromJson>(&mut self, name: &str) -> Result<Option<T>, DecodeError> {
        match self.members.remove(name) {
            None => Ok(None),
            Some(value) => T::from_json(value).map_err(|e| e.in_member(name)),
        }
    }
}

/// Decodes a whole response body (JSON text) into `T`.
pub fn from_slice<T: FromJson>(body: &[u8]) -> Result<T, DecodeError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| DecodeError {
        path: String::new(),
        expected: "JSON",
        found: format!("text that does not parse ({e})"),
    })?;
    from_value(value)
}

/// Decodes a parsed JSON value into `T`; `null` (or `""`) is an error here, since the
/// caller wants a value.
pub fn from_value<T: FromJson>(value: Value) -> Result<T, DecodeError> {
    let shown = match &value {
        Value::Null | Value::String(_) => Some(value.clone()),
        _ => None,
    };
    T::from_json(value)?
        .ok_or_else(|| DecodeError::expected("a value", &shown.unwrap_or(Value::Null)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn de<T: FromJson>(value: Value) -> Result<Option<T>, DecodeError> {
        T::from_json(value)
    }

    #[test]
    fn scalars_are_lenient() {
        assert_eq!(de::<i64>(json!("123")), Ok(Some(123)));
        assert_eq!(de::<i64>(json!(" 123 ")), Ok(Some(123)));
        assert_eq!(de::<i32>(json!(123)), Ok(Some(123)));
        assert_eq!(de::<i32>(json!(7.0)), Ok(Some(7)));
        assert_eq!(de::<f32>(json!("1.5")), Ok(Some(1.5)));
        assert_eq!(de::<f64>(json!(2)), Ok(Some(2.0)));
        assert_eq!(de::<bool>(json!("true")), Ok(Some(true)));
        assert_eq!(de::<bool>(json!("FALSE")), Ok(Some(false)));
        assert_eq!(de::<bool>(json!(1)), Ok(Some(true)));
        assert_eq!(de::<String>(json!(42)), Ok(Some("42".to_owned())));
        assert_eq!(de::<String>(json!(true)), Ok(Some("true".to_owned())));
        assert_eq!(de::<String>(json!("")), Ok(Some(String::new())));
        assert_eq!(de::<i64>(json!("")), Ok(None));
        assert_eq!(de::<bool>(json!(" ")), Ok(None));
        assert_eq!(de::<f64>(Value::Null), Ok(None));
        assert_eq!(de::<Value>(Value::Null), Ok(None));
        assert_eq!(de::<Value>(json!({"a": 1})), Ok(Some(json!({"a": 1}))));
    }

    #[test]
    fn scalars_that_do_not_fit_are_errors_saying_what_was_found() {
        let text = de::<i64>(json!("abc")).unwrap_err();
        assert_eq!(
            text.to_string(),
            "expected an integer, found the string \"abc\""
        );
        let overflow = de::<i32>(json!(3_000_000_000_i64)).unwrap_err();
        assert_eq!(overflow.expected_what(), "an integer within 32 bits");
        assert!(de::<i64>(json!(1.5)).is_err());
        assert!(de::<bool>(json!(2)).is_err());
        assert!(de::<String>(json!([1])).is_err());
        assert!(de::<i64>(json!({"a": 1})).is_err());
        let long = de::<i64>(json!("x".repeat(100))).unwrap_err().to_string();
        assert!(long.ends_with("...") && long.len() < 100, "{long}");
    }

    #[test]
    fn arrays_accept_one_element_json_text_and_skip_absent_elements() {
        let many = vec!["a".to_owned(), "b".to_owned()];
        assert_eq!(de::<Vec<String>>(json!(["a", "b"])), Ok(Some(many)));
        assert_eq!(
            de::<Vec<Value>>(json!({"k": 1})),
            Ok(Some(vec![json!({"k": 1})]))
        );
        assert_eq!(
            de::<Vec<String>>(json!("[\"PROD\"]")),
            Ok(Some(vec!["PROD".to_owned()]))
        );
        assert_eq!(
            de::<Vec<String>>(json!("PROD")),
            Ok(Some(vec!["PROD".to_owned()]))
        );
        assert_eq!(
            de::<Vec<i64>>(json!([1, "2", null, ""])),
            Ok(Some(vec![1, 2]))
        );
        assert_eq!(de::<Vec<String>>(Value::Null), Ok(None));
        assert_eq!(de::<Vec<String>>(json!("")), Ok(None));
        let bad = de::<Vec<i64>>(json!([1, "x"])).unwrap_err();
        assert_eq!(bad.path(), "[1]");
    }

    #[test]
    fn value_sets_read_their_wire_value_tolerantly() {
        #[derive(Debug, PartialEq)]
        struct Code(i64);
        impl From<i64> for Code {
            fn from(v: i64) -> Self {
                Code(v)
            }
        }
        assert_eq!(int_value_set::<Code>(json!("7")), Ok(Some(Code(7))));
        assert_eq!(int_value_set::<Code>(json!("")), Ok(None));
        assert!(int_value_set::<Code>(json!("x")).is_err());
        assert_eq!(text_value_set::<String>(json!(1)), Ok(Some("1".to_owned())));
        assert_eq!(text_value_set::<String>(json!("")), Ok(None));
    }

    #[test]
    fn maps_accept_objects_and_json_text() {
        let map = BTreeMap::from([("a".to_owned(), 1_i64)]);
        assert_eq!(
            de::<BTreeMap<String, i64>>(json!({"a": 1, "b": null})),
            Ok(Some(map.clone()))
        );
        assert_eq!(
            de::<BTreeMap<String, i64>>(json!("{\"a\": \"1\"}")),
            Ok(Some(map))
        );
        assert_eq!(de::<BTreeMap<String, i64>>(json!("")), Ok(None));
        assert!(de::<BTreeMap<String, i64>>(json!("nope")).is_err());
        assert!(de::<BTreeMap<String, i64>>(json!([1])).is_err());
    }

    #[derive(Debug, PartialEq)]
    struct Item {
        status: Option<i32>,
        tags: Option<Vec<String>>,
    }

    impl FromJson for Item {
        fn from_json(value: Value) -> Result<Option<Self>, DecodeError> {
            let Some(mut m) = Object::new(value)? else {
                return Ok(None);
            };
            Ok(Some(Item {
                status: m.take("Status")?,
                tags: m.take("Tags")?,
            }))
        }
    }

    #[derive(Debug, PartialEq)]
    struct Page {
        items: Option<Vec<Item>>,
    }

    impl FromJson for Page {
        fn from_json(value: Value) -> Result<Option<Self>, DecodeError> {
            let Some(mut m) = Object::new(value)? else {
                return Ok(None);
            };
            Ok(Some(Page {
                items: m.take("Items")?,
            }))
        }
    }

    #[test]
    fn structs_take_their_members_and_ignore_the_rest() {
        let page: Page = from_value(json!({
            "Items": [{"Status": "1", "Tags": "x", "Other": 5}, {"Status": null}],
            "Extra": true
        }))
        .unwrap();
        assert_eq!(
            page.items,
            Some(vec![
                Item {
                    status: Some(1),
                    tags: Some(vec!["x".to_owned()])
                },
                Item {
                    status: None,
                    tags: None
                }
            ])
        );
        let text: Page = from_value(json!({"Items": "[{\"Status\": 2}]"})).unwrap();
        assert_eq!(text.items.unwrap()[0].status, Some(2));
    }

    #[test]
    fn errors_name_the_member_path() {
        let err = from_value::<Page>(json!({"Items": [{}, {"Status": "ready"}]})).unwrap_err();
        assert_eq!(err.path(), "Items[1].Status");
        assert_eq!(
            err.to_string(),
            "`Items[1].Status`: expected an integer within 32 bits, found the string \"ready\""
        );
        let not_object = from_value::<Page>(json!([1])).unwrap_err();
        assert_eq!(not_object.to_string(), "expected an object, found an array");
        assert!(from_value::<Page>(Value::Null).is_err());
        assert!(from_slice::<Page>(b"{\"Items\": [").is_err());
        assert_eq!(from_slice::<Page>(b"{}").unwrap(), Page { items: None });
    }
}
