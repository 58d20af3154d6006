//! RPC request encoding, used by every generated request: [`Params`] (a request's
//! parameters as name/value pairs), the [`Encode`] trait that puts a value on the wire
//! under a name, [`Validate`] for required members of nested request values, and
//! [`BuildError`] (a builder's `build()` found a required parameter unset).
//!
//! Requests and their nested values implement [`Encode`]; a nested request type with
//! required members implements [`Validate`], which a request's `build()` checks.
//!
//! Encoding rules (the RPC style's flattening):
//! - a scalar is one `Name=text` pair: strings as they are, numbers in their shortest
//!   exact form, booleans as `true` / `false`, value-set enums as their wire value;
//! - `None` puts nothing;
//! - a `Vec` is flattened 1-based: `Name.1`, `Name.2`, ...;
//! - a string-keyed map puts `Name.key` for each entry;
//! - a nested object puts `Name.Member` for every member that is set (so an array of
//!   objects gives `Name.1.Member`);
//! - a parameter the documentation says takes JSON travels as one JSON string
//!   ([`put_json`]).

use std::collections::BTreeMap;
use std::fmt;

/// A request's parameters as (wire name, wire text) pairs, in encoding order, without
/// the common parameters (`Action`, `Version`, the signature, ...), which the client adds.
pub type Params = Vec<(String, String)>;

/// A request could not be built: a required parameter is unset, or none of a group of
/// parameters of which one must be set is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BuildError {
    /// The request type, e.g. `DeployFileRequest`.
    pub request: &'static str,
    /// What is missing.
    pub kind: BuildErrorKind,
}

/// What a [`BuildError`] found missing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// A required parameter's wire name, e.g. `FileId`; for a required member of a
    /// nested value, its wire path with 1-based list indices (`Columns.2.ColumnName`).
    Missing(String),
    /// None of these parameters (a group of which at least one must be set, as the
    /// documentation says) is set.
    NoneOf(&'static [&'static str]),
}

impl BuildError {
    /// A missing required `parameter` of `request`.
    pub fn missing(request: &'static str, parameter: impl Into<String>) -> Self {
        BuildError {
            request,
            kind: BuildErrorKind::Missing(parameter.into()),
        }
    }

    /// None of `group` is set in `request`.
    pub fn none_of(request: &'static str, group: &'static [&'static str]) -> Self {
        BuildError {
            request,
            kind: BuildErrorKind::NoneOf(group),
        }
    }

    /// The missing required parameter (or member path), if that is what is missing.
    pub fn parameter(&self) -> Option<&str> {
        match &self.kind {
            BuildErrorKind::Missing(p) => Some(p),
            BuildErrorKind::NoneOf(_) => None,
        }
    }

    /// The group of which no member is set, if that is what is missing.
    pub fn group(&self) -> Option<&'static [&'static str]> {
        match self.kind {
            BuildErrorKind::NoneOf(group) => Some(group),
            BuildErrorKind::Missing(_) => None,
        }
    }
}

/// `DeployFileRequest: missing required parameter `FileId``, or
/// `GetFolder needs one of FolderId, FolderPath`.
impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            BuildErrorKind::Missing(parameter) => write!(
                f,
                "{}: missing required parameter `{parameter}`",
                self.request
            ),
            BuildErrorKind::NoneOf(group) => write!(
                f,
                "{} needs one of {} (none is set)",
                self.request.strip_suffix("Request").unwrap_or(self.request),
                group.join(", ")
            ),
        }
    }
}

impl std::error::Error for BuildError {}

/// `Ok` when at least one member of `group` is set (`set[i]` says whether `group[i]`
/// is), else the [`BuildError`] naming the group.
pub fn one_of(
    request: &'static str,
    group: &'static [&'static str],
    set: &[bool],
) -> Result<(), BuildError> {
    if set.iter().any(|s| *s) {
        Ok(())
    } else {
        Err(BuildError::none_of(request, group))
    }
}

/// The value of a required parameter, or the [`BuildError`] naming it.
pub fn required<T>(
    value: Option<T>,
    request: &'static str,
    parameter: &'static str,
) -> Result<T, BuildError> {
    value.ok_or_else(|| BuildError::missing(request, parameter))
}

/// Required members of nested request values: the wire path, relative to the value, of
/// the first one not set (`Name`, `2.Name` inside a list, `Owner.Id`).
pub trait Validate {
    /// The relative wire path of the first required member that is not set, if any.
    fn missing(&self) -> Option<String>;
}

impl<T: Validate> Validate for Option<T> {
    fn missing(&self) -> Option<String> {
        self.as_ref().and_then(Validate::missing)
    }
}

/// Elements are numbered from 1, as on the wire.
impl<T: Validate> Validate for Vec<T> {
    fn missing(&self) -> Option<String> {
        self.iter()
            .enumerate()
            .find_map(|(i, v)| v.missing().map(|p| format!("{}.{p}", i + 1)))
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn missing(&self) -> Option<String> {
        self.iter()
            .find_map(|(k, v)| v.missing().map(|p| format!("{k}.{p}")))
    }
}

/// `Some(wire)` when the required member `value` is not set.
pub fn require<T>(value: &Option<T>, wire: &str) -> Option<String> {
    value.is_none().then(|| wire.to_owned())
}

/// The path of the first required member missing inside member `wire`, prefixed by it.
pub fn nested<T: Validate>(value: &T, wire: &str) -> Option<String> {
    value.missing().map(|p| format!("{wire}.{p}"))
}

/// The first missing path of a value's members, in order.
pub fn first_missing<const N: usize>(missing: [Option<String>; N]) -> Option<String> {
    missing.into_iter().flatten().next()
}

/// The [`BuildError`] for the first missing path, if any.
pub fn check<const N: usize>(
    request: &'static str,
    missing: [Option<String>; N],
) -> Result<(), BuildError> {
    match first_missing(missing) {
        Some(parameter) => Err(BuildError::missing(request, parameter)),
        None => Ok(()),
    }
}

/// A value that can be put on the wire as RPC parameters under a name (see the module
/// docs for the rules).
pub trait Encode {
    /// Appends this value's parameters under `name` to `out`.
    fn encode(&self, name: &str, out: &mut Params);
}

/// Appends `value`'s parameters under `name`.
pub fn put<T: Encode + ?Sized>(out: &mut Params, name: &str, value: &T) {
    value.encode(name, out);
}

/// Appends the parameters of an object's member `member` under `prefix.member`.
pub fn put_member<T: Encode + ?Sized>(out: &mut Params, prefix: &str, member: &str, value: &T) {
    value.encode(&format!("{prefix}.{member}"), out);
}

/// Appends `name=<value's Display text>`.
pub fn put_text<T: fmt::Display + ?Sized>(out: &mut Params, name: &str, value: &T) {
    out.push((String::from(name), value.to_string()));
}

/// Appends `name=<value as a JSON string>` when `value` is set.
pub fn put_json<T: serde::Serialize + ?Sized>(out: &mut Params, name: &str, value: Option<&T>) {
    if let Some(value) = value {
        // Request types hold strings, numbers, booleans, JSON values, value-set enums,
        // vectors, string-keyed maps and structs of them: none of them fails to
        // serialize (no non-string map keys, no failing Serialize impl). Should one
        // ever fail, the parameter is sent as JSON `null` rather than dropped silently.
        let text = serde_json::to_string(value).unwrap_or_else(|_| String::from("null"));
        out.push((String::from(name), text));
    }
}

macro_rules! encode_as_text {
    ($($t:ty),*) => {
        $(impl Encode for $t {
            fn encode(&self, name: &str, out: &mut Params) {
                put_text(out, name, self);
            }
        })*
    };
}

encode_as_text!(str, String, i32, i64, f32, f64, bool);

/// A JSON value: a string as its text, `null` as nothing, anything else as JSON.
impl Encode for serde_json::Value {
    fn encode(&self, name: &str, out: &mut Params) {
        match self {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => put_text(out, name, s),
            other => put_text(out, name, other),
        }
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, name: &str, out: &mut Params) {
        if let Some(value) = self {
            value.encode(name, out);
        }
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, name: &str, out: &mut Params) {
        for (i, value) in self.iter().enumerate() {
            value.encode(&format!("{name}.{}", i + 1), out);
        }
    }
}

impl<T: Encode> Encode for BTreeMap<String, T> {
    fn encode(&self, name: &str, out: &mut Params) {
        for (key, value) in self {
            value.encode(&format!("{name}.{key}"), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Column {
        name: Option<String>,
        size: Option<i32>,
    }

    impl Encode for Column {
        fn encode(&self, name: &str, out: &mut Params) {
            put_member(out, name, "Name", &self.name);
            put_member(out, name, "Size", &self.size);
        }
    }

    impl Validate for Column {
        fn missing(&self) -> Option<String> {
            first_missing([require(&self.name, "Name")])
        }
    }

    fn pairs(params: &Params) -> Vec<(&str, &str)> {
        params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn scalars_are_their_wire_text_and_none_puts_nothing() {
        let mut out = Params::new();
        put(&mut out, "Id", &10000001_i64);
        put(&mut out, "Ratio", &0.5_f64);
        put(&mut out, "On", &true);
        put(&mut out, "Name", "a b");
        put(&mut out, "Missing", &None::<i32>);
        put(&mut out, "Null", &serde_json::Value::Null);
        put(&mut out, "Json", &serde_json::json!({"k": 1}));
        assert_eq!(
            pairs(&out),
            [
                ("Id", "10000001"),
                ("Ratio", "0.5"),
                ("On", "true"),
                ("Name", "a b"),
                ("Json", "{\"k\":1}")
            ]
        );
    }

    #[test]
    fn arrays_maps_and_objects_are_flattened() {
        let mut out = Params::new();
        put(&mut out, "Tags", &vec!["x".to_owned(), "y".to_owned()]);
        let columns = vec![
            Column {
                name: Some("id".into()),
                size: None,
            },
            Column {
                name: Some("v".into()),
                size: Some(8),
            },
        ];
        put(&mut out, "Columns", &columns);
        let map = BTreeMap::from([("k".to_owned(), 1_i32)]);
        put(&mut out, "Labels", &map);
        assert_eq!(
            pairs(&out),
            [
                ("Tags.1", "x"),
                ("Tags.2", "y"),
                ("Columns.1.Name", "id"),
                ("Columns.2.Name", "v"),
                ("Columns.2.Size", "8"),
                ("Labels.k", "1"),
            ]
        );
    }

    #[test]
    fn json_parameters_travel_as_one_string() {
        let mut out = Params::new();
        put_json(&mut out, "Spec", Some(&serde_json::json!({"Size": 3})));
        put_json::<serde_json::Value>(&mut out, "Absent", None);
        assert_eq!(pairs(&out), [("Spec", "{\"Size\":3}")]);
    }

    #[test]
    fn a_group_needs_one_member_set() {
        const GROUP: &[&str] = &["FolderId", "FolderPath"];
        assert!(one_of("GetFolderRequest", GROUP, &[false, true]).is_ok());
        let err = one_of("GetFolderRequest", GROUP, &[false, false]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "GetFolder needs one of FolderId, FolderPath (none is set)"
        );
        assert_eq!(err.group(), Some(GROUP));
        assert_eq!(err.parameter(), None);
        let missing = BuildError::missing("DeployFileRequest", "FileId");
        assert_eq!(missing.parameter(), Some("FileId"));
        assert_eq!(missing.group(), None);
    }

    #[test]
    fn validation_names_the_first_missing_path() {
        let columns = Some(vec![
            Column {
                name: Some("id".into()),
                size: None,
            },
            Column {
                name: None,
                size: None,
            },
        ]);
        assert_eq!(columns.missing().as_deref(), Some("2.Name"));
        let err = check("CreateTableRequest", [None, nested(&columns, "Columns")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "CreateTableRequest: missing required parameter `Columns.2.Name`"
        );
        assert!(check("CreateTableRequest", [None]).is_ok());
        let map = BTreeMap::from([(
            "k".to_owned(),
            Column {
                name: None,
                size: None,
            },
        )]);
        assert_eq!(nested(&map, "Labels").as_deref(), Some("Labels.k.Name"));
        assert_eq!(
            required(None::<i64>, "DeployFileRequest", "FileId"),
            Err(BuildError::missing("DeployFileRequest", "FileId"))
        );
        assert_eq!(required(Some(7), "R", "P"), Ok(7));
    }
}
