//! The reviewed errata file `spec/errata.yaml`: corrections of documentation defects
//! that no parser should "fix" by guessing. Every entry names the document and operation
//! it corrects, says why, and lists its changes; an entry that no longer applies is
//! reported. Changes act on the raw rows, before interpretation.

use std::path::Path;

use serde::Deserialize;

use super::diag::{Diagnostics, WarningKind};
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

fn apply_change(change: &Change, op: &mut RawOperation) -> Result<(), String> {
    match change {
        Change::IdentifyAs { .. } => Ok(()),
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

    #[test]
    fn unknown_keys_are_rejected() {
        let yaml = "- {file: a, operation: b, why: c, changes: [], extra: 1}";
        assert!(serde_norway::from_str::<Vec<Entry>>(yaml).is_err());
    }
}
