//! Detection of documentation defects that must not be repaired by guessing:
//!
//! - **A description column shifted by one row** (the English glued pages such as seed
//!   `002`: each description sits under the previous parameter). A row *shows* the shift
//!   when its description fits the next row and not its own: it lists a value set that
//!   excludes its own example but includes the next row's, or it names the next row's
//!   parameter (`the FileId parameter`, `FileId参数`) and not its own. Two such rows prove
//!   the shift, which is reported. It is corrected here only where the evidence is
//!   unambiguous: every row showing it is in one table, no row of that table fits its own
//!   description, and the table's last row has no description (the column ends one row
//!   early, so nothing belongs to a row the table lacks). Moving every description of
//!   the table down one row then restores the pairing; the first row's own description is
//!   lost. Everything else is left for `spec/errata.yaml` (`shift_descriptions_down`).
//! - **An example equal to its own parameter's name**, reported.
//! - **An example cell run into the description** (the PDF reference, where a long
//!   example wraps below its row and the description follows it: `FileFolderPath String
//!   是`, then `业务流程/第一个业务` / `流程/函数`, then the description). Corrected only
//!   with evidence: the parameter has no example, the operation's request example gives
//!   it a value, and the description starts with exactly that value (compared after
//!   Unicode compatibility normalisation, which the PDF's `⼀` for `一` needs, and
//!   without whitespace), up to a line break. The value, as the table prints it, becomes
//!   the example; what follows stays the description. Each correction is reported.

use std::sync::LazyLock;

use dwgen_spec::{ExampleParam, Param, Type};
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::enums;
use super::one_of;
use super::raw::{RawOperation, RawRow};

/// Minimum number of rows showing the shift before it is reported.
const MIN_SHIFTED_ROWS: usize = 2;

/// Which table of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// The request parameters.
    Request,
    /// The response members.
    Response,
}

/// A description column shifted by one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    /// The lines of the rows that show it.
    pub lines: Vec<usize>,
    /// The table to correct, where the correction is unambiguous.
    pub correctable: Option<Table>,
}

/// The rows of an operation that carry a description of their own (named, not the
/// common `Action` row), with the table each is in.
fn described_rows(op: &RawOperation) -> Vec<(Table, &RawRow)> {
    let keep = |r: &&RawRow| !r.name.is_empty() && r.name != "Action";
    op.request
        .iter()
        .filter(keep)
        .map(|r| (Table::Request, r))
        .chain(
            op.response
                .iter()
                .filter(keep)
                .map(|r| (Table::Response, r)),
        )
        .collect()
}

/// If the operation's description column looks shifted up by one row, the rows that
/// show it and whether it can be corrected without guessing.
pub fn shifted_descriptions(op: &RawOperation) -> Option<Shift> {
    let rows = described_rows(op);
    let hits: Vec<(Table, usize)> = rows
        .windows(2)
        .filter_map(|w| match w {
            [(t, a), (_, b)] if describes_next(a, b) => Some((*t, a.line)),
            _ => None,
        })
        .collect();
    if hits.len() < MIN_SHIFTED_ROWS {
        return None;
    }
    let lines = hits.iter().map(|(_, l)| *l).collect();
    let table = hits.first().map(|(t, _)| *t)?;
    let one_table = hits.iter().all(|(t, _)| *t == table);
    let same_table: Vec<&RawRow> = rows
        .iter()
        .filter(|(t, _)| *t == table)
        .map(|(_, r)| *r)
        .collect();
    // Within the table only: the last row's successor is in another table.
    let crosses = rows
        .windows(2)
        .any(|w| matches!(w, [(ta, a), (tb, b)] if ta != tb && describes_next(a, b)));
    let no_counter = same_table.iter().all(|r| !describes_itself(r));
    let column_ends_early = same_table
        .last()
        .is_some_and(|r| r.description.trim().is_empty());
    let correctable = (one_table && !crosses && no_counter && column_ends_early).then_some(table);
    Some(Shift { lines, correctable })
}

/// Moves every description of `table` down one row (the first row's becomes empty).
/// Returns the name of the row whose own description is lost.
pub fn shift_down(op: &mut RawOperation, table: Table) -> Option<String> {
    let rows = match table {
        Table::Request => &mut op.request,
        Table::Response => &mut op.response,
    };
    let idx: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            rows.get(i)
                .is_some_and(|r| !r.name.is_empty() && r.name != "Action")
        })
        .collect();
    let mut carried = String::new();
    for &i in &idx {
        if let Some(r) = rows.get_mut(i) {
            carried = std::mem::replace(&mut r.description, carried);
        }
    }
    idx.first()
        .and_then(|&i| rows.get(i))
        .map(|r| r.name.clone())
}

/// The row's description fits the next row and not its own.
fn describes_next(row: &RawRow, next: &RawRow) -> bool {
    lists_next_value(row, next) || names_next(row, next)
}

/// The row's description lists a value set that excludes its own example but includes
/// the next row's example.
fn lists_next_value(row: &RawRow, next: &RawRow) -> bool {
    let values = values(row);
    if values.is_empty() || next.example.is_empty() {
        return false;
    }
    let has = |ex: &str| values.iter().any(|v| *v == ex.to_lowercase());
    !has(&row.example) && has(&next.example)
}

/// The row's description lists a value set that includes its own example (evidence
/// against a shift).
fn describes_itself(row: &RawRow) -> bool {
    let values = values(row);
    !row.example.is_empty() && values.iter().any(|v| *v == row.example.to_lowercase())
}

fn values(row: &RawRow) -> Vec<String> {
    enums::extract(&row.description, Type::String)
        .into_iter()
        .map(|v| v.value.to_lowercase())
        .collect()
}

/// `the X parameter`, `X parameter`, `X参数`, `X參數`: a parameter named in a sentence.
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\bthe\s+)?\b([A-Za-z][A-Za-z0-9_]*)\s*(?:\s+parameter\b|参数|參數)")
        .expect("valid parameter-name pattern")
});

/// The row's description names the next row's parameter and not its own, outside a
/// one-of sentence (which names a sibling on purpose).
fn names_next(row: &RawRow, next: &RawRow) -> bool {
    if next.name.is_empty() || row.name == next.name || !row.description.contains(&next.name) {
        return false;
    }
    let mut names_next = false;
    for sentence in one_of::sentences(&row.description) {
        if one_of::phrase(sentence).is_some() {
            continue;
        }
        for cap in NAMED.captures_iter(sentence) {
            let Some(m) = cap.get(1) else { continue };
            if m.as_str() == row.name {
                return false;
            }
            names_next |= m.as_str() == next.name;
        }
    }
    names_next
}

/// Rows whose example is their own name (a rendering defect: the name cell printed
/// twice), as (line, name).
pub fn example_is_own_name(op: &RawOperation) -> Vec<(usize, String)> {
    op.request
        .iter()
        .chain(&op.response)
        .filter(|r| !r.name.is_empty() && r.example.trim() == r.name)
        .map(|r| (r.line, r.name.clone()))
        .collect()
}

/// A character as the example and the description are compared: after compatibility
/// normalisation (`⼀` reads `一`), whitespace dropped.
fn comparable(c: char) -> impl Iterator<Item = char> {
    std::iter::once(c).nfkc().filter(|c| !c.is_whitespace())
}

/// Moves an example that ran into its parameter's description back to the example,
/// where the request example proves it (see the module docs). Returns the parameters
/// corrected, with the example each now has.
pub fn example_in_description(
    params: &mut [Param],
    request_example: &[ExampleParam],
) -> Vec<(String, String)> {
    let mut moved = Vec::new();
    for p in params.iter_mut() {
        if p.example.as_deref().is_some_and(|e| !e.trim().is_empty()) {
            continue;
        }
        let Some(value) = request_example
            .iter()
            .find(|e| e.name == p.name)
            .map(|e| e.value.chars().flat_map(comparable).collect::<String>())
            .filter(|v| !v.is_empty())
        else {
            continue;
        };
        // The shortest prefix of the description that reads as the value.
        let mut seen = String::new();
        let mut end = None;
        for (i, c) in p.description.char_indices() {
            seen.extend(comparable(c));
            if seen.len() > value.len() || !value.starts_with(seen.as_str()) {
                break;
            }
            if seen == value {
                end = Some(i + c.len_utf8());
                break;
            }
        }
        let Some(end) = end else { continue };
        let (example, rest) = p.description.split_at(end);
        // The cell ends at a line break (or a space): a description that merely starts
        // with the value's words (`备注信息。` for `备注`) is left alone.
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let rest = rest.trim_start();
        if rest.is_empty() {
            continue; // the whole description is the value: nothing proves which it is
        }
        let example: String = example.lines().map(str::trim).collect::<Vec<_>>().join("");
        p.description = rest.to_owned();
        p.example = Some(example.clone());
        moved.push((p.name.clone(), example));
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, example: &str, desc: &str, line: usize) -> RawRow {
        RawRow {
            name: name.into(),
            type_text: "string".into(),
            example: example.into(),
            description: desc.into(),
            line,
            ..RawRow::default()
        }
    }

    #[test]
    fn shifted_column_is_detected_but_not_corrected_across_tables() {
        let op = RawOperation {
            request: vec![
                row("ProjectId", "10000", "The type of the object. Valid values:\nDI_REALTIME: real-time synchronization node\nDI_SOLUTION: data synchronization solution", 1),
                row("TaskType", "DI_REALTIME", "If you set the TaskType parameter ...", 2),
                row("FileId", "100", "Indicates whether the request is successful. Valid values:\ntrue: The request is successful.\nfalse: The request fails.", 3),
            ],
            response: vec![row("Success", "true", "The ID of the request.", 4)],
            ..RawOperation::default()
        };
        let shift = shifted_descriptions(&op).unwrap();
        assert_eq!(shift.lines, vec![1, 3]);
        assert_eq!(shift.correctable, None);
    }

    #[test]
    fn a_shift_within_one_table_ending_early_is_corrected() {
        let mut op = RawOperation {
            request: vec![
                row(
                    "Mode",
                    "FAST",
                    "The name of the widget. Set the WidgetName parameter.",
                    1,
                ),
                row(
                    "WidgetName",
                    "w",
                    "The colour. Valid values:\nRED: red\nBLUE: blue",
                    2,
                ),
                row(
                    "Colour",
                    "RED",
                    "The size of the widget; see the Size parameter.",
                    3,
                ),
                row("Size", "1", "", 4),
            ],
            ..RawOperation::default()
        };
        let shift = shifted_descriptions(&op).unwrap();
        assert_eq!(shift.lines, vec![1, 2, 3]);
        assert_eq!(shift.correctable, Some(Table::Request));
        assert_eq!(shift_down(&mut op, Table::Request).as_deref(), Some("Mode"));
        let d: Vec<&str> = op.request.iter().map(|r| r.description.as_str()).collect();
        assert_eq!(d[0], "");
        assert!(d[1].starts_with("The name of the widget."));
        assert!(d[2].starts_with("The colour."));
        assert!(d[3].starts_with("The size"));
    }

    #[test]
    fn aligned_columns_are_not_reported() {
        let op =
            RawOperation {
                request: vec![
                row(
                    "TaskType",
                    "DI_REALTIME",
                    "取值如下：\nDI_REALTIME：表示实时同步任务。\nDI_SOLUTION：表示同步解决方案。",
                    1,
                ),
                row("FileId", "100", "文件ID。该参数与NodeId参数配置一个即可。", 2),
                row("NodeId", "100", "节点ID。该参数与FileId参数配置一个即可。", 3),
                row("Env", "DEV", "当FileId参数为空时生效。", 4),
            ],
                ..RawOperation::default()
            };
        assert_eq!(shifted_descriptions(&op), None);
    }

    #[test]
    fn examples_equal_to_their_name_are_found() {
        let op = RawOperation {
            request: vec![
                row("WidgetName", "WidgetName", "d", 7),
                row("B", "b", "d", 8),
            ],
            ..RawOperation::default()
        };
        assert_eq!(example_is_own_name(&op), vec![(7, "WidgetName".to_owned())]);
    }

    #[test]
    fn an_example_run_into_the_description_is_moved_back_with_the_request_example() {
        let mut path = Param::new("FileFolderPath", Type::String, true);
        path.description = "业务流程/第一个业务\n流程/函数\n函数文件所在的文件夹路径。".into();
        let mut own = Param::new("Name", Type::String, false);
        own.description = "my name\nThe name.".into();
        own.example = Some("other".into());
        let mut whole = Param::new("Mode", Type::String, false);
        whole.description = "fast".into();
        let mut unproven = Param::new("Comment", Type::String, false);
        unproven.description = "备注信息。".into();
        let mut params = vec![path, own, whole, unproven];
        let example = ExampleParam::from_url(
            "http(s)://[Endpoint]/?Action=X\n&FileFolderPath=业务流程/第⼀个业务流程/函数\n&Name=my name\n&Mode=fast\n&Comment=备注",
        );
        let moved = example_in_description(&mut params, &example);
        assert_eq!(
            moved,
            vec![(
                "FileFolderPath".to_owned(),
                "业务流程/第一个业务流程/函数".to_owned()
            )]
        );
        assert_eq!(params[0].description, "函数文件所在的文件夹路径。");
        assert_eq!(
            params[0].example.as_deref(),
            Some("业务流程/第一个业务流程/函数")
        );
        // Has an example, is all value, or does not start with the value: untouched.
        assert_eq!(params[1].description, "my name\nThe name.");
        assert_eq!(params[2].description, "fast");
        assert_eq!(params[2].example, None);
        assert_eq!(params[3].description, "备注信息。");
    }
}
