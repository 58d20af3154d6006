//! Detection of documentation defects that must not be repaired by guessing. Today: a
//! description column shifted by one row (the English DeployDISyncTask page), seen when
//! a row's description lists values that fit the *next* row's example but not its own.

use dwgen_spec::Type;

use super::enums;
use super::raw::{RawOperation, RawRow};

/// Minimum number of rows showing the shift before it is reported.
const MIN_SHIFTED_ROWS: usize = 2;

/// If the operation's description column looks shifted up by one row, returns the line
/// numbers of the rows that show it.
pub fn shifted_descriptions(op: &RawOperation) -> Option<Vec<usize>> {
    let rows: Vec<&RawRow> = op
        .request
        .iter()
        .chain(op.response.iter())
        .filter(|r| !r.name.is_empty() && r.name != "Action")
        .collect();
    let hits: Vec<usize> = rows
        .windows(2)
        .filter(|w| describes_next(w[0], w[1]))
        .map(|w| w[0].line)
        .collect();
    (hits.len() >= MIN_SHIFTED_ROWS).then_some(hits)
}

/// The row's description lists a value set that excludes its own example but includes
/// the next row's example.
fn describes_next(row: &RawRow, next: &RawRow) -> bool {
    let values: Vec<String> = enums::extract(&row.description, Type::String)
        .into_iter()
        .map(|v| v.value.to_lowercase())
        .collect();
    if values.is_empty() || next.example.is_empty() {
        return false;
    }
    let has = |ex: &str| values.iter().any(|v| *v == ex.to_lowercase());
    !has(&row.example) && has(&next.example)
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
    fn shifted_column_is_detected() {
        let op = RawOperation {
            request: vec![
                row("ProjectId", "10000", "The type of the object. Valid values:\nDI_REALTIME: real-time synchronization node\nDI_SOLUTION: data synchronization solution", 1),
                row("TaskType", "DI_REALTIME", "If you set the TaskType parameter ...", 2),
                row("FileId", "100", "Indicates whether the request is successful. Valid values:\ntrue: The request is successful.\nfalse: The request fails.", 3),
            ],
            response: vec![row("Success", "true", "The ID of the request.", 4)],
            ..RawOperation::default()
        };
        assert_eq!(shifted_descriptions(&op), Some(vec![1, 3]));
    }

    #[test]
    fn aligned_columns_are_not_reported() {
        let op = RawOperation {
            request: vec![
                row(
                    "TaskType",
                    "DI_REALTIME",
                    "取值如下：\nDI_REALTIME：表示实时同步任务。\nDI_SOLUTION：表示同步解决方案。",
                    1,
                ),
                row("FileId", "100", "文件ID。", 2),
            ],
            ..RawOperation::default()
        };
        assert_eq!(shifted_descriptions(&op), None);
    }
}
