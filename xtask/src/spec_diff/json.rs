//! The JSON report (`--format json`): a stable structure for scripts and CI.
//!
//! Keys are always present (absent values are `null`) and appear in this order;
//! arrays are in report order (service changes, then shared types, then operations by
//! name; within an operation breaking, compatible, docs changes, each in spec order).
//! New keys may be added; existing ones keep their names and meaning while `format`
//! stays `dwgen-spec-diff/1`.
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
//!   "shared_types": [ <change>, ... ],             // type-level changes of `types`
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
//!   "hints": [ "..." ],
//!   "types": null                   // type-level changes: [ <type map>, ... ]
//! }
//! <type map> = {
//!   "old": "types::ProjectEnv",                       // an old type path
//!   "new": "operation_center::get_instance::ProjectEnv",  // a new type path
//!   "sites": [ "GetInstance request ProjectEnv" ]     // as spec/type_names.yaml writes them
//! }
//! ```
//!
//! Documentation-only changes are `text_changed` entries whose `path` names the text
//! (`description`, ``request `FileId` example``); the text itself is never included.
//!
//! Type-level changes (both sides' type spaces planned as the generator plans them) have
//! `part: null`, and their `types` list which old type path went to which new path at
//! which sites. Type paths are `types::X` for a shared type and
//! `<category module>::<operation module>::X` for a type defined in (or re-exported by)
//! an operation module. The kinds:
//!
//! | kind | `path` | `old` → `new` | `types` |
//! |---|---|---|---|
//! | `type_split` | the old type | the old type → the new types, comma-separated | one entry per new type, with the old sites it serves |
//! | `types_merged` | the new type | the old types, comma-separated → the new type | one entry per old type, with its sites |
//! | `type_renamed` | the old path in an operation module | old → new path there | one entry: the sites in that operation |
//! | `shared_type_renamed` | the old `types::X` | old → new `types::` path | one entry: the sites the two share |
//! | `shared_type_added` | the new `types::X` | the operation module path it had → `types::X` | one entry: the shared type's sites now |
//! | `shared_type_removed` | the old `types::X` | `types::X` → the operation module path it has now | one entry: the shared type's sites before |
//!
//! One-of groups (request parameters of which at least one must be set), by kind:
//!
//! | kind | `part` | `old` → `new` |
//! |---|---|---|
//! | `one_of_added` | `request` | null → the members, comma-separated |
//! | `one_of_removed` | `request` | the members, comma-separated → null |
//!
//! Service facts beyond the operations (in `service`, except waiters, which are the
//! starting operation's), by kind:
//!
//! | kind | `path` | `old` → `new` |
//! |---|---|---|
//! | `edition_added` / `edition_removed` | the edition's id | null |
//! | `price_changed` | what changed (`\`enterprise\` free calls a month`, `the price beyond the free calls`) | old → new value |
//! | `endpoints_changed` | what changed (a pattern, `region \`cn-qingdao\`: … → …`) | null |
//! | `waiter_added` / `waiter_removed` | null | null → the polled operation / the polled operation → null |
//! | `waiter_changed` | what changed (`success values [1] → [1, 3]`) | null |
//!
//! Type-level changes of shared types are in `shared_types`; those of types local to
//! one operation (and its renames of re-exported shared types) are in that operation's
//! `changes`. A renamed element type whose docs' element type name changed is not a
//! `type_renamed` of its own: the `element_type_name_changed` change has a hint naming
//! both paths.

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
        "shared_types": report.shared_types.iter().map(change).collect::<Vec<_>>(),
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
        "types": facts.types.map(|maps| {
            maps.iter()
                .map(|m| json!({ "old": m.old, "new": m.new, "sites": m.sites }))
                .collect::<Vec<_>>()
        }),
    })
}
