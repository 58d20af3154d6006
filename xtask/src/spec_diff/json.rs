//! The JSON report (`--format json`): a stable structure for scripts and CI.
//!
//! Keys are always present (absent values are `null`) and appear in this order;
//! arrays are in report order (service changes, then operations by name; within an
//! operation breaking, compatible, docs changes, each in spec order). New keys may be
//! added; existing ones keep their names and meaning while `format` stays
//! `dwgen-spec-diff/1`.
//!
//! ```text
//! {
//!   "format": "dwgen-spec-diff/1",
//!   "old": { "label": "HEAD~1 (1a2b3c4)", "operations": 202 },
//!   "new": { "label": "spec", "operations": 203 },
//!   "summary": {
//!     "breaking": 2, "compatible": 5, "docs": 9,     // changes per class
//!     "operations_added": 1, "operations_removed": 0,
//!     "bump": "major",                               // none | patch | minor | major
//!     "crate_version": "0.1.0",                      // null when unknown
//!     "next_version": "0.2.0",                       // null when unknown or no bump
//!     "bump_note": "major; the crate is 0.x: minor bump (breaking), 0.1.0 → 0.2.0"
//!   },
//!   "service": [ <change>, ... ],
//!   "operations": [
//!     { "name": "DeployFile", "category": "data-development",
//!       "worst": "breaking",                         // breaking | compatible | docs
//!       "counts": { "breaking": 1, "compatible": 0, "docs": 2 },
//!       "changes": [ <change>, ... ] }
//!   ]
//! }
//! <change> = {
//!   "class": "breaking",            // breaking | compatible | docs
//!   "bump": "major",                // the bump this change needs on its own
//!   "kind": "member_removed",       // see ChangeKind::facts for every kind
//!   "part": "request",              // request | response | null
//!   "path": "Data.Items[].FileId",  // member path, error code, category id, text location
//!   "old": "int64", "new": null,    // kind-specific old and new value, or null
//!   "required": true,               // added/removed request member: its flag; else null
//!   "message": "...",               // the Markdown line
//!   "reason": "...",                // the effect on the generated crate
//!   "hints": [ "..." ]
//! }
//! ```
//!
//! Documentation-only changes are `text_changed` entries whose `path` names the text
//! (`description`, ``request `FileId` example``); the text itself is never included.

use serde_json::{json, Value};

use super::model::{Bump, Change, Class, OperationReport, Report};

/// The value of the `format` key.
pub const FORMAT: &str = "dwgen-spec-diff/1";

/// Renders `report` as pretty-printed JSON (with a final newline); `crate_version` is the
/// generated crate's current version, if known.
pub fn render(report: &Report, crate_version: Option<&str>) -> String {
    let mut text = serde_json::to_string_pretty(&value(report, crate_version))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// The report as a JSON value (see the module docs for the structure).
pub fn value(report: &Report, crate_version: Option<&str>) -> Value {
    let bump = report.bump();
    let (added, removed) = report.added_removed();
    json!({
        "format": FORMAT,
        "old": { "label": report.old_label, "operations": report.old_operations },
        "new": { "label": report.new_label, "operations": report.new_operations },
        "summary": {
            "breaking": report.count(Class::Breaking),
            "compatible": report.count(Class::Compatible),
            "docs": report.count(Class::Docs),
            "operations_added": added,
            "operations_removed": removed,
            "bump": bump.as_str(),
            "crate_version": crate_version,
            "next_version": crate_version
                .filter(|_| bump != Bump::None)
                .and_then(|v| bump.next_version(v)),
            "bump_note": bump.describe(crate_version),
        },
        "service": report.service.iter().map(change).collect::<Vec<_>>(),
        "operations": report.operations.iter().map(operation).collect::<Vec<_>>(),
    })
}

fn operation(op: &OperationReport) -> Value {
    json!({
        "name": op.name,
        "category": op.category,
        "worst": op.worst().map(Class::as_str),
        "counts": {
            "breaking": op.count(Class::Breaking),
            "compatible": op.count(Class::Compatible),
            "docs": op.count(Class::Docs),
        },
        "changes": op.changes.iter().map(change).collect::<Vec<_>>(),
    })
}

fn change(c: &Change) -> Value {
    let facts = c.kind.facts();
    json!({
        "class": c.class.as_str(),
        "bump": c.bump.as_str(),
        "kind": facts.kind,
        "part": facts.part.map(|p| p.as_str()),
        "path": facts.path,
        "old": facts.old,
        "new": facts.new,
        "required": facts.required,
        "message": c.kind.message(),
        "reason": c.reason,
        "hints": c.hints,
    })
}
