//! The reviewed errata file `spec/errata.yaml`: corrections of documentation defects
//! that no parser should "fix" by guessing. Every entry names the document and operation
//! it corrects, says why, and lists its changes; an entry that no longer applies is
//! reported.
//!
//! Most changes act on the raw rows, before interpretation ([`apply`]): `identify_as`,
//! `insert_row`, `shift_descriptions_down`. The one-of changes act on the document's
//! interpreted view (its [`Draft`]) after the groups its descriptions state have been
//! found ([`apply_to_draft`]), so they add to or correct what the text says:
//!
//! - `add_one_of: {members: [A, B], note: optional}`: a group the text does not state
//!   (or, for a group it states with the same members, the note). Members are top-level
//!   request parameters of the document, at least two; a group sharing a member with
//!   one the document states must be removed first.
//! - `remove_one_of: {members: [A, B]}`: a group the text states but that must not be
//!   taken literally (members in any order).
//!
//! A change that cannot apply (unknown parameter, no such group, nothing left to do) is
//! an `errata` warning naming the errata file.

use std::path::Path;

use serde::Deserialize;

use super::diag::{Diagnostics, WarningKind};
use super::interpret::Draft;
use super::one_of::{self, Group};
use super::raw::{RawOperation, RawRow};

/// One errata entry.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The document it corrects (file name in the docs directory).
    pub file: String,
    /// The operation it corrects.
    pub operation: String,
    /// Why: the defect, and the evidence for the correction.
    pub why: String,
    /// What it changes, applied in order (each a one-key map: `- insert_row: {...}`).
    #[serde(with = "serde_norway::with::singleton_map_recursive")]
    pub changes: Vec<Change>,
}

/// Which table of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Table {
    /// The request parameters.
    Request,
    /// The response members.
    Response,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// The document never states the operation's name (the zh-TW page): name it.
    IdentifyAs {
        /// The operation name.
        name: String,
    },
    /// Insert a row the document's table lost.
    InsertRow {
        /// Which table.
        table: Table,
        /// The row after which to insert.
        after: String,
        /// Row name.
        name: String,
        /// Row type as the docs would print it.
        #[serde(rename = "type")]
        type_text: String,
        /// Example.
        #[serde(default)]
        example: String,
        /// Description.
        #[serde(default)]
        description: String,
    },
    /// The description column is shifted up by one row: each listed row (request rows
    /// first, then response rows) takes the description printed one row above it; the
    /// first listed row's own description was lost and becomes empty.
    ShiftDescriptionsDown {
        /// The rows, in table order.
        rows: Vec<String>,
    },
    /// Add a one-of group the text does not state, or give a stated group its note
    /// (applied to the interpreted document, after its groups are found).
    AddOneOf {
        /// The members (top-level request parameters), at least two.
        members: Vec<String>,
        /// The sentence saying which member wins when several are set.
        #[serde(default)]
        note: Option<String>,
    },
    /// Remove a one-of group the text states (applied after its groups are found).
    RemoveOneOf {
        /// The group's members, in any order.
        members: Vec<String>,
    },
}

/// Reads the errata file; a missing file means no errata.
pub fn load(path: &Path) -> anyhow::Result<Vec<Entry>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    serde_norway::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}: invalid errata: {e}", path.display()))
}

/// The name an errata entry gives to an unnamed operation of `file`.
pub fn identified_name(entries: &[Entry], file: &str) -> Option<(usize, String)> {
    entries.iter().enumerate().find_map(|(i, e)| {
        (e.file == file)
            .then(|| {
                e.changes.iter().find_map(|c| match c {
                    Change::IdentifyAs { name } => Some((i, name.clone())),
                    _ => None,
                })
            })
            .flatten()
    })
}

/// Applies the entries for (`file`, `op`'s name) to `op`. Returns the indexes of the
/// entries applied. A change that cannot apply is a warning naming the errata file.
pub fn apply(
    entries: &[Entry],
    errata_file: &str,
    file: &str,
    op: &mut RawOperation,
    diag: &mut Diagnostics,
) -> Vec<usize> {
    let name = op.name.clone().unwrap_or_default();
    let mut applied = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        if entry.file != file || entry.operation != name {
            continue;
        }
        applied.push(i);
        for change in &entry.changes {
            if let Err(msg) = apply_change(change, op) {
                diag.warn(
                    errata_file,
                    0,
                    WarningKind::Errata,
                    Some(&name),
                    format!("entry {} ({file}): {msg}", i + 1),
                );
            }
        }
    }
    applied
}

/// Applies the one-of changes of the entries for (`file`, the draft's operation) to
/// `draft`, whose groups were found in the (corrected) rows `raw`. A change that cannot
/// apply is a warning naming the errata file.
pub fn apply_to_draft(
    entries: &[Entry],
    errata_file: &str,
    file: &str,
    raw: &RawOperation,
    draft: &mut Draft,
    diag: &mut Diagnostics,
) {
    for (i, entry) in entries.iter().enumerate() {
        if entry.file != file || entry.operation != draft.name {
            continue;
        }
        for change in &entry.changes {
            if let Err(msg) = apply_draft_change(change, raw, draft) {
                diag.warn(
                    errata_file,
                    0,
                    WarningKind::Errata,
                    Some(&draft.name),
                    format!("entry {} ({file}): {msg}", i + 1),
                );
            }
        }
    }
}

fn apply_draft_change(
    change: &Change,
    raw: &RawOperation,
    draft: &mut Draft,
) -> Result<(), String> {
    match change {
        Change::AddOneOf { members, note } => {
            let mut wanted: Vec<String> = Vec::new();
            for m in members {
                if !draft.params.iter().any(|p| &p.name == m) {
                    return Err(format!("add_one_of: no request parameter `{m}`"));
                }
                if !wanted.contains(m) {
                    wanted.push(m.clone());
                }
            }
            wanted.sort_by_key(|m| draft.params.iter().position(|p| &p.name == m));
            if wanted.len() < 2 {
                return Err(format!(
                    "add_one_of: a group needs at least two parameters, got {}",
                    one_of::show(&wanted)
                ));
            }
            if let Some(g) = draft.one_of.iter_mut().find(|g| g.has_members(&wanted)) {
                if note.is_none() || g.note == *note {
                    return Err(format!(
                        "add_one_of: the document already states {}; entry no longer needed",
                        one_of::show(&g.members)
                    ));
                }
                g.note.clone_from(note);
                return Ok(());
            }
            if let Some((g, shared)) = draft.one_of.iter().find_map(|g| {
                wanted
                    .iter()
                    .find(|m| g.members.contains(m))
                    .map(|shared| (g, shared))
            }) {
                return Err(format!(
                    "add_one_of: {shared} is already in the group {} the document states; remove that group first",
                    one_of::show(&g.members)
                ));
            }
            let rows = wanted
                .iter()
                .map(|m| {
                    let line = one_of::row_line(&raw.request, m).unwrap_or(raw.lines.0);
                    (m.clone(), line)
                })
                .collect();
            draft.one_of.push(Group {
                members: wanted,
                note: note.clone(),
                file: draft.file.clone(),
                rows,
                by_errata: true,
            });
            one_of::sort_groups(&mut draft.one_of, &draft.params);
            Ok(())
        }
        Change::RemoveOneOf { members } => {
            let at = draft
                .one_of
                .iter()
                .position(|g| g.has_members(members))
                .ok_or_else(|| {
                    let stated: Vec<String> = draft
                        .one_of
                        .iter()
                        .map(|g| one_of::show(&g.members))
                        .collect();
                    format!(
                        "remove_one_of: no one-of group {} (the document states {})",
                        one_of::show(members),
                        if stated.is_empty() {
                            "none".to_owned()
                        } else {
                            stated.join(", ")
                        }
                    )
                })?;
            draft.one_of.remove(at);
            Ok(())
        }
        _ => Ok(()),
    }
}

fn apply_change(change: &Change, op: &mut RawOperation) -> Result<(), String> {
    match change {
        Change::IdentifyAs { .. } | Change::AddOneOf { .. } | Change::RemoveOneOf { .. } => Ok(()),
        Change::InsertRow {
            table,
            after,
            name,
            type_text,
            example,
            description,
        } => {
            let rows = match table {
                Table::Request => &mut op.request,
                Table::Response => &mut op.response,
            };
            if rows.iter().any(|r| &r.name == name) {
                return Err(format!(
                    "row `{name}` already exists; insert no longer needed"
                ));
            }
            let at = rows
                .iter()
                .position(|r| &r.name == after)
                .ok_or_else(|| format!("no row `{after}` to insert after"))?;
            let line = rows[at].line;
            rows.insert(
                at + 1,
                RawRow {
                    name: name.clone(),
                    type_text: type_text.clone(),
                    required: None,
                    example: example.clone(),
                    description: description.clone(),
                    line,
                    depth: None,
                },
            );
            Ok(())
        }
        Change::ShiftDescriptionsDown { rows } => {
            let mut targets: Vec<&mut RawRow> = op
                .request
                .iter_mut()
                .chain(op.response.iter_mut())
                .filter(|r| rows.contains(&r.name))
                .collect();
            let found: Vec<&str> = targets.iter().map(|r| r.name.as_str()).collect();
            if found != rows.iter().map(String::as_str).collect::<Vec<_>>() {
                return Err(format!(
                    "rows {rows:?} not found in that order (found {found:?})"
                ));
            }
            let mut carried = String::new();
            for r in targets.iter_mut() {
                carried = std::mem::replace(&mut r.description, carried);
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, desc: &str) -> RawRow {
        RawRow {
            name: name.into(),
            type_text: "String".into(),
            description: desc.into(),
            ..RawRow::default()
        }
    }

    #[test]
    fn shift_and_insert() {
        let yaml = r#"
- file: a.txt
  operation: Op
  why: test
  changes:
    - insert_row: {table: response, after: B, name: C, type: string}
    - shift_descriptions_down: {rows: [A, B, C]}
"#;
        let entries: Vec<Entry> = serde_norway::from_str(yaml).unwrap();
        let mut op = RawOperation {
            name: Some("Op".into()),
            request: vec![row("A", "desc of B")],
            response: vec![row("B", "desc of C")],
            ..RawOperation::default()
        };
        let mut diag = Diagnostics::new();
        assert_eq!(
            apply(&entries, "errata.yaml", "a.txt", &mut op, &mut diag),
            vec![0]
        );
        assert!(diag.warnings().is_empty());
        assert_eq!(op.request[0].description, "");
        assert_eq!(op.response[0].description, "desc of B");
        assert_eq!(op.response[1].name, "C");
        assert_eq!(op.response[1].description, "desc of C");
    }

    #[test]
    fn stale_entries_are_reported() {
        let yaml = "- {file: a.txt, operation: Op, why: w, changes: [{shift_descriptions_down: {rows: [X]}}]}";
        let entries: Vec<Entry> = serde_norway::from_str(yaml).unwrap();
        let mut op = RawOperation {
            name: Some("Op".into()),
            ..RawOperation::default()
        };
        let mut diag = Diagnostics::new();
        apply(&entries, "errata.yaml", "a.txt", &mut op, &mut diag);
        assert_eq!(diag.warnings().len(), 1);
        assert_eq!(diag.warnings()[0].kind, WarningKind::Errata);
    }

    /// A draft of `Op` in `a.txt` with top-level parameters `names` (rows at lines 10,
    /// 20, ...) and the given groups; and its raw rows.
    fn draft(names: &[&str], groups: &[&[&str]]) -> (RawOperation, Draft) {
        use dwgen_spec::{Param, SourceRef, Type};
        let raw = RawOperation {
            name: Some("Op".into()),
            lines: (1, 100),
            request: names
                .iter()
                .enumerate()
                .map(|(i, n)| RawRow {
                    line: 10 * (i + 1),
                    ..row(n, "")
                })
                .collect(),
            ..RawOperation::default()
        };
        let one_of = groups
            .iter()
            .map(|g| Group {
                members: g.iter().map(|m| (*m).to_owned()).collect(),
                note: None,
                file: "a.txt".into(),
                rows: vec![((*g[0]).to_owned(), 10)],
                by_errata: false,
            })
            .collect();
        let draft = Draft {
            name: "Op".into(),
            file: "a.txt".into(),
            layout: crate::scrape::raw::LayoutKind::PdfText,
            version: None,
            category_title: None,
            description: String::new(),
            params: names
                .iter()
                .map(|n| Param::new(*n, Type::String, false))
                .collect(),
            language: "zh-CN".into(),
            complete: true,
            param_lines: Vec::new(),
            one_of,
            fields: Vec::new(),
            errors: Vec::new(),
            examples: Default::default(),
            source: SourceRef {
                file: "a.txt".into(),
                lines: [1, 100],
            },
        };
        (raw, draft)
    }

    fn entries(changes: &str) -> Vec<Entry> {
        serde_norway::from_str(&format!(
            "- {{file: a.txt, operation: Op, why: w, changes: {changes}}}"
        ))
        .unwrap()
    }

    fn members(d: &Draft) -> Vec<Vec<&str>> {
        d.one_of
            .iter()
            .map(|g| g.members.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn add_one_of_adds_a_group_in_parameter_order() {
        let (raw, mut d) = draft(&["A", "B", "C", "D"], &[&["A", "B"]]);
        let e = entries("[{add_one_of: {members: [D, C], note: D wins.}}]");
        let mut diag = Diagnostics::new();
        // Raw-row application leaves the one-of changes alone.
        let mut raw_copy = raw.clone();
        apply(&e, "errata.yaml", "a.txt", &mut raw_copy, &mut diag);
        assert_eq!(raw_copy, raw);
        apply_to_draft(&e, "errata.yaml", "a.txt", &raw, &mut d, &mut diag);
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
        assert_eq!(members(&d), [vec!["A", "B"], vec!["C", "D"]]);
        let added = &d.one_of[1];
        assert!(added.by_errata);
        assert_eq!(added.note.as_deref(), Some("D wins."));
        assert_eq!(added.rows, [("C".into(), 30), ("D".into(), 40)]);
        // Another document's entry does not apply.
        let (raw, mut other) = draft(&["A", "B", "C", "D"], &[]);
        apply_to_draft(&e, "errata.yaml", "b.txt", &raw, &mut other, &mut diag);
        assert!(other.one_of.is_empty());
    }

    #[test]
    fn add_one_of_sets_the_note_of_a_stated_group() {
        let (raw, mut d) = draft(&["A", "B"], &[&["A", "B"]]);
        let e = entries("[{add_one_of: {members: [B, A], note: A wins.}}]");
        let mut diag = Diagnostics::new();
        apply_to_draft(&e, "errata.yaml", "a.txt", &raw, &mut d, &mut diag);
        assert!(diag.warnings().is_empty());
        assert_eq!(members(&d), [vec!["A", "B"]]);
        assert_eq!(d.one_of[0].note.as_deref(), Some("A wins."));
        assert!(!d.one_of[0].by_errata, "still the document's group");
    }

    #[test]
    fn remove_one_of_removes_a_stated_group() {
        let (raw, mut d) = draft(&["A", "B", "C", "D"], &[&["A", "B"], &["C", "D"]]);
        let e = entries("[{remove_one_of: {members: [B, A]}}]");
        let mut diag = Diagnostics::new();
        apply_to_draft(&e, "errata.yaml", "a.txt", &raw, &mut d, &mut diag);
        assert!(diag.warnings().is_empty());
        assert_eq!(members(&d), [vec!["C", "D"]]);
    }

    #[test]
    fn one_of_changes_that_cannot_apply_are_reported() {
        let cases = [
            (
                "[{add_one_of: {members: [A, Nope]}}]",
                "no request parameter `Nope`",
            ),
            ("[{add_one_of: {members: [A, A]}}]", "at least two"),
            ("[{add_one_of: {members: [A, B]}}]", "already states [A, B]"),
            (
                "[{add_one_of: {members: [B, C]}}]",
                "remove that group first",
            ),
            (
                "[{remove_one_of: {members: [A, C]}}]",
                "no one-of group [A, C]",
            ),
        ];
        for (changes, expected) in cases {
            let (raw, mut d) = draft(&["A", "B", "C"], &[&["A", "B"]]);
            let before = d.clone();
            let mut diag = Diagnostics::new();
            apply_to_draft(
                &entries(changes),
                "spec/errata.yaml",
                "a.txt",
                &raw,
                &mut d,
                &mut diag,
            );
            assert_eq!(d, before, "{changes}: nothing changed");
            let w = diag.warnings();
            assert_eq!(w.len(), 1, "{changes}: {w:?}");
            assert_eq!(w[0].kind, WarningKind::Errata);
            assert_eq!(w[0].file, "spec/errata.yaml");
            assert_eq!(w[0].operation.as_deref(), Some("Op"));
            assert!(
                w[0].message.contains(expected),
                "{changes}: {}",
                w[0].message
            );
        }
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let yaml = "- {file: a, operation: b, why: c, changes: [], extra: 1}";
        assert!(serde_norway::from_str::<Vec<Entry>>(yaml).is_err());
    }
}
