//! One call as the state sees it: the operation, its parameters (already checked
//! against their documented types), the caller's account and the time; and the answers
//! built from it: not-found and conflict errors, pages of stored lists.

use dataworks_public::catalog::OperationSpec;
use serde_json::{Map, Value};

use super::names::member;
use crate::codes::{Code, INVALID_PARAMETER};
use crate::rejection::{shown, Rejection};

/// A stored object: its members by wire name, as the response model names them.
pub(crate) type Record = Map<String, Value>;

/// What a call of the family answers: the body (shaped and enveloped by the caller), or
/// an error.
pub(crate) type Answer = Result<Record, Rejection>;

/// The page size of a list call that gives none (the documentation: "默认为10条").
const DEFAULT_PAGE_SIZE: usize = 10;

/// One call.
pub(crate) struct Call<'a> {
    pub op: &'static OperationSpec,
    pub params: &'a [(String, String)],
    pub account: &'a str,
    pub now_ms: i64,
}

impl<'a> Call<'a> {
    /// The value of parameter `name`, if sent.
    pub fn param(&self, name: &str) -> Option<&'a str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of parameter `name` if sent and not blank.
    pub fn text(&self, name: &str) -> Option<&'a str> {
        self.param(name).filter(|v| !v.trim().is_empty())
    }

    /// The integer parameter `name`, if sent.
    pub fn int(&self, name: &str) -> Result<Option<i64>, Rejection> {
        match self.text(name) {
            None => Ok(None),
            Some(text) => text.trim().parse().map(Some).map_err(|_| {
                Rejection::new(
                    INVALID_PARAMETER,
                    format!(
                        "the parameter `{name}` must be an integer, got `{}`",
                        shown(text)
                    ),
                )
            }),
        }
    }

    /// The integer parameter `name`, which the operation requires (or the one-of group
    /// it belongs to was checked).
    pub fn need_int(&self, name: &str) -> Result<i64, Rejection> {
        self.int(name)?.ok_or_else(|| {
            Rejection::new(
                crate::codes::MISSING_PARAMETER,
                format!("{}: the parameter `{name}` is missing", self.op.name),
            )
        })
    }

    /// The text parameter `name`, required.
    pub fn need_text(&self, name: &str) -> Result<&'a str, Rejection> {
        self.text(name).ok_or_else(|| {
            Rejection::new(
                crate::codes::MISSING_PARAMETER,
                format!("{}: the parameter `{name}` is missing", self.op.name),
            )
        })
    }

    /// The operation's documented code for "no such `noun`" (a code in its error table
    /// ending in `<noun>NotExist` or `<noun>NotExists`), else the emulator's `fallback`.
    pub fn not_found(&self, noun: &str, fallback: Code, what: String) -> Rejection {
        let documented = self.op.errors.iter().find(|e| {
            let last = e.code.rsplit('.').next().unwrap_or(e.code);
            last.strip_prefix(noun)
                .is_some_and(|rest| rest == "NotExist" || rest == "NotExists")
        });
        match documented {
            Some(e) => Rejection {
                status: e.status,
                code: e.code.to_owned(),
                message: format!("{} ({what})", e.message),
            },
            None => Rejection::new(fallback, format!("{}: {what}", self.op.name)),
        }
    }

    /// An error answer with one of the emulator's codes, the message prefixed with the
    /// operation.
    pub fn error(&self, code: Code, what: String) -> Rejection {
        Rejection::new(code, format!("{}: {what}", self.op.name))
    }

    /// A page of `items` (all the stored objects the call selects, in order) as the
    /// operation's paged answer: the list, `TotalCount`, `PageNumber` and `PageSize`
    /// where the response model keeps them (the catalog's paging).
    pub fn page(&self, items: Vec<Record>) -> Answer {
        let paging = self.op.paging.ok_or_else(|| {
            self.error(
                crate::codes::INVALID_ACTION,
                "the emulator has no paging for this operation".into(),
            )
        })?;
        let number = self
            .int(member::PAGE_NUMBER)?
            .filter(|n| *n >= 1)
            .unwrap_or(1);
        let size = self
            .int(member::PAGE_SIZE)?
            .filter(|n| *n >= 1)
            .map_or(DEFAULT_PAGE_SIZE, |n| {
                usize::try_from(n).unwrap_or(usize::MAX)
            });
        let total = items.len();
        let skip = usize::try_from(number - 1)
            .unwrap_or(usize::MAX)
            .saturating_mul(size);
        let shown: Vec<Value> = items
            .into_iter()
            .skip(skip)
            .take(size)
            .map(Value::Object)
            .collect();
        let mut holder = Record::new();
        holder.insert(paging.items.to_owned(), Value::Array(shown));
        holder.insert(paging.total.to_owned(), Value::from(total));
        holder.insert(member::PAGE_NUMBER.to_owned(), Value::from(number));
        holder.insert(member::PAGE_SIZE.to_owned(), Value::from(size));
        let mut body = Value::Object(holder);
        for name in paging.object.iter().rev() {
            let mut parent = Record::new();
            parent.insert((*name).to_owned(), body);
            body = Value::Object(parent);
        }
        match body {
            Value::Object(map) => Ok(map),
            _ => unreachable!("the page was built as an object"),
        }
    }
}

/// A body with one member.
pub(crate) fn body(name: &str, value: impl Into<Value>) -> Record {
    let mut map = Record::new();
    map.insert(name.to_owned(), value.into());
    map
}

/// Whether `record`'s member `name` is the text `value`.
pub(crate) fn has_text(record: &Record, name: &str, value: &str) -> bool {
    match record.get(name) {
        Some(Value::String(s)) => s == value,
        Some(Value::Number(n)) => n.to_string() == value,
        Some(Value::Bool(b)) => b.to_string() == value,
        _ => false,
    }
}

/// `record`'s member `name` as an integer.
pub(crate) fn int_of(record: &Record, name: &str) -> Option<i64> {
    match record.get(name)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// `record`'s member `name` as text.
pub(crate) fn text_of<'r>(record: &'r Record, name: &str) -> Option<&'r str> {
    record.get(name).and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dataworks_public::catalog;

    fn call(op: &str) -> Call<'static> {
        Call {
            op: catalog::find(op).unwrap(),
            params: &[],
            account: "a",
            now_ms: 0,
        }
    }

    #[test]
    fn a_documented_not_found_code_wins_over_the_emulators() {
        // The documentation gives `Invalid.Tenant.ProjectNotExists` for this operation.
        let documented = call("CreateProjectMember").not_found(
            "Project",
            crate::codes::FILE_NOT_FOUND,
            "workspace 5".into(),
        );
        assert_eq!(documented.code, "Invalid.Tenant.ProjectNotExists");
        let spec = catalog::find("CreateProjectMember")
            .unwrap()
            .errors
            .iter()
            .find(|e| e.code == documented.code)
            .unwrap();
        assert_eq!(documented.status, spec.status);
        assert!(
            documented.message.starts_with(spec.message)
                && documented.message.ends_with("(workspace 5)")
        );
        // None documented for files: the emulator's own code, prefixed by the operation.
        let own = call("GetFile").not_found("File", crate::codes::FILE_NOT_FOUND, "file 5".into());
        assert_eq!(
            (own.status, own.code.as_str()),
            (404, "Emulator.FileNotFound")
        );
        assert_eq!(own.message, "GetFile: file 5");
    }
}
