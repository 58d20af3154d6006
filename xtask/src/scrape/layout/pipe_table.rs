//! The zh-TW single-operation page (`004`) whose tables are pipe-separated cells spread
//! over several lines (`| MessageId |` / `string |` / `是 |` ...).
//!
//! This module owns:
//! - the preamble: the introduction before `介面說明`/`調試` (the page never states the
//!   operation name, so `name` is `None` and the caller identifies the operation; a
//!   `更新時間` date is read when present);
//! - the parameter tables (`請求參數`, `返回參數`). The header is `|` followed by one
//!   cell per line (`名稱 |`, `類型 |`, `必填 |`, `描述 |`, `樣本值 |`); its cells give the
//!   column order. A row starts with `| Name |`; each following line ending with `|` closes
//!   one cell, and lines without a closing `|` continue the current cell (multi-line
//!   cells become `\n`-separated lines). A lone `|` closes a cell, which may be empty: the
//!   page lost the list items after `取值如下：`, leaving the description closed by `|`
//!   alone, and an empty example cell is `|` too. When a row is complete, a lone `|`
//!   followed by a type cell (`object |`) starts an anonymous row (`name: ""`: the root
//!   object, an array's element), which ends with `||`. `是`/`否` give `required`;
//! - the error table, a markdown-like table after its spread header
//!   (`| 400 | InternalError.UserId.Missing | message | description |`, the description
//!   cell may be missing);
//! - the JSON example after `JSON格式` (see `page_common::find_examples`).

use super::page_common::{
    add_examples, bullet_item, collapse_ws, dash_is_empty, finish_page, numbered_lines,
    parse_required, read_preamble, warn_empty_table, DescBuilder, Headings, Line,
};
use super::{Layout, ParseError};
use crate::scrape::diag::{Diagnostics, WarningKind};
use crate::scrape::raw::{LayoutKind, RawDocument, RawError, RawRow};

/// Parser for the zh-TW pipe-table layout.
pub struct PipeTableLayout;

/// Section headings (whole lines); each ends a table. zh-CN spellings are accepted too.
const HEADINGS: Headings = Headings {
    all: &[
        "介面說明",
        "接口說明",
        "調試",
        "授權資訊",
        "請求語法",
        "請求參數",
        "返回參數",
        "樣本",
        "正常返回樣本",
        "異常返回樣本",
        "錯誤返回樣本",
        "錯誤碼",
        "變更歷史",
        "接口说明",
        "调试",
        "授权信息",
        "请求参数",
        "返回参数",
        "返回数据",
        "示例",
        "正常返回示例",
        "错误码",
        "变更历史",
        "JSON格式",
        "XML格式",
    ],
    request: &["請求參數", "请求参数"],
    response: &["返回參數", "返回参数", "返回数据"],
    outside_note: "parameter table outside a 請求參數/返回參數 section; placed by its 必填 column",
};

/// What a parameter-table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Type,
    Required,
    Description,
    Example,
}

/// What an error-table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ErrCol {
    Status,
    Code,
    Message,
    Description,
}

fn param_col(word: &str) -> Option<Col> {
    Some(match word {
        "名稱" | "名称" | "參數" | "参数" | "Name" | "Parameter" => Col::Name,
        "類型" | "类型" | "Type" => Col::Type,
        "必填" | "是否必選" | "是否必选" | "Required" => Col::Required,
        "描述" | "Description" => Col::Description,
        "樣本值" | "示例值" | "Example" => Col::Example,
        _ => return None,
    })
}

fn error_col(word: &str) -> Option<ErrCol> {
    Some(match word {
        "HTTP status code" | "HttpCode" | "HTTP 狀態碼" | "HTTP狀態碼" | "HTTP 状态码" => {
            ErrCol::Status
        }
        "錯誤碼" | "错误码" | "Error code" => ErrCol::Code,
        "錯誤資訊" | "错误信息" | "Error message" => ErrCol::Message,
        "描述" | "Description" => ErrCol::Description,
        _ => return None,
    })
}

/// Lowercase type words a type cell holds (generic `array<...>` aside).
const TYPES: &[&str] = &[
    "string", "integer", "long", "int32", "int64", "boolean", "object", "array", "float", "double",
    "number", "map", "any",
];

fn is_type(s: &str) -> bool {
    TYPES.contains(&s)
        || ["array<", "map<"]
            .iter()
            .any(|p| s.starts_with(p) && s.ends_with('>'))
}

impl Layout for PipeTableLayout {
    fn kind(&self) -> LayoutKind {
        LayoutKind::PipeTable
    }

    fn detect(&self, text: &str) -> bool {
        (text.contains("請求參數") || text.contains("返回參數"))
            && text.lines().any(|l| row_start(l.trim()).is_some())
    }

    fn parse(
        &self,
        file: &str,
        text: &str,
        diag: &mut Diagnostics,
    ) -> Result<RawDocument, ParseError> {
        let lines = numbered_lines(text);

        // The page has no title: the operation stays unnamed.
        let pre = read_preamble(
            &lines,
            |t| HEADINGS.is_heading(t),
            false,
            &["更新時間", "更新时间"],
            &[],
        );
        let mut op = pre.op;

        HEADINGS.walk(&lines, pre.end, |sections, i, l| {
            let t = l.trimmed();
            match read_header(&lines, i) {
                Some((Header::Params(cols), next)) => {
                    let (rows, end) = parse_rows(&lines, next, &cols, file, diag);
                    let has_required = cols.contains(&Col::Required);
                    sections.place(&mut op, rows, has_required, l.no, file, diag);
                    end.max(i + 1)
                }
                Some((Header::Errors(cols), next)) => {
                    let (errors, end) = parse_errors(&lines, next, &cols, l.no, file, diag);
                    op.errors.extend(errors);
                    end.max(i + 1)
                }
                None => {
                    if row_start(t).is_some() || is_markdown_row(t) {
                        diag.warn(
                            file,
                            l.no,
                            WarningKind::UnparsedRow,
                            None,
                            format!("table row outside any table: `{t}`"),
                        );
                    }
                    i + 1
                }
            }
        });

        add_examples(&mut op, &lines, file, diag);
        finish_page(file, "pipe-table", &lines, None, pre.version, op)
    }
}

/// The name in a row-start line `| Name |`, or `None`.
fn row_start(t: &str) -> Option<&str> {
    let inner = t.strip_prefix('|')?.strip_suffix('|')?.trim();
    (!inner.is_empty() && !inner.contains('|')).then_some(inner)
}

/// A one-line markdown row `| a | b | c |` (at least three cells).
fn is_markdown_row(t: &str) -> bool {
    t.starts_with('|') && t.matches('|').count() >= 4
}

/// The cell text of a cell line `text |` (`None` when the line does not close a cell).
fn cell_end(t: &str) -> Option<&str> {
    t.strip_suffix('|').map(str::trim)
}

/// A recognised table header.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Header {
    Params(Vec<Col>),
    Errors(Vec<ErrCol>),
}

/// Reads a header at `lines[start]`: a lone `|` followed by one `word |` line per cell,
/// or a one-line `| word | word | ... |`. Returns the header and the index after it.
fn read_header(lines: &[Line<'_>], start: usize) -> Option<(Header, usize)> {
    let t = lines.get(start)?.trimmed();
    let (words, next): (Vec<String>, usize) = if t == "|" {
        let mut words = Vec::new();
        let mut j = start + 1;
        while let Some(word) = lines.get(j).and_then(|l| cell_end(l.trimmed())) {
            if word.is_empty() || word.contains('|') {
                break;
            }
            if param_col(word).is_none() && error_col(word).is_none() {
                break;
            }
            words.push(word.to_owned());
            j += 1;
        }
        (words, j)
    } else if t.starts_with('|') && t.ends_with('|') {
        let words = t
            .trim_matches('|')
            .split('|')
            .map(|w| w.trim().to_owned())
            .collect();
        (words, start + 1)
    } else {
        return None;
    };
    let is_error = words
        .iter()
        .any(|w| matches!(error_col(w), Some(ErrCol::Code)))
        && words
            .iter()
            .any(|w| matches!(error_col(w), Some(ErrCol::Message)));
    if is_error {
        let cols: Option<Vec<ErrCol>> = words.iter().map(|w| error_col(w)).collect();
        return cols.map(|c| (Header::Errors(c), next));
    }
    let cols: Vec<Col> = words.iter().map(|w| param_col(w)).collect::<Option<_>>()?;
    (cols.contains(&Col::Name) && cols.contains(&Col::Type)).then_some((Header::Params(cols), next))
}

/// A row being read: the closed cells and the lines of the open cell.
#[derive(Debug)]
struct Pending {
    line: usize,
    cells: Vec<Vec<String>>,
    open: Vec<String>,
}

impl Pending {
    fn new(line: usize, name: &str) -> Self {
        Pending {
            line,
            cells: vec![vec![name.to_owned()]],
            open: Vec::new(),
        }
    }

    fn close_cell(&mut self, last: Option<&str>) {
        let mut cell = std::mem::take(&mut self.open);
        if let Some(last) = last.filter(|s| !s.is_empty()) {
            cell.push(last.to_owned());
        }
        self.cells.push(cell);
    }
}

/// Whether the next non-blank line after `from` is a type cell (`object |`).
fn type_cell_follows(lines: &[Line<'_>], from: usize) -> bool {
    lines
        .iter()
        .skip(from)
        .find(|l| !l.is_blank())
        .and_then(|l| cell_end(l.trimmed()))
        .is_some_and(is_type)
}

/// Parses spread rows from `lines[start]` until a line that cannot start a row, a
/// heading or the end. Returns the rows and the index where the table stopped.
fn parse_rows(
    lines: &[Line<'_>],
    start: usize,
    cols: &[Col],
    file: &str,
    diag: &mut Diagnostics,
) -> (Vec<RawRow>, usize) {
    let mut rows = Vec::new();
    let mut pending: Option<Pending> = None;
    let mut i = start;
    while let Some(l) = lines.get(i) {
        let t = l.trimmed();
        let Some(p) = pending.as_mut() else {
            if t.is_empty() || t == "||" {
                i += 1;
                continue;
            }
            if let Some(name) = row_start(t) {
                pending = Some(Pending::new(l.no, name));
            } else if t == "|" && type_cell_follows(lines, i + 1) {
                pending = Some(Pending::new(l.no, ""));
            } else if t == "|" {
                diag.warn(
                    file,
                    l.no,
                    WarningKind::UnparsedRow,
                    None,
                    "a lone `|` that starts no row (no type cell follows)",
                );
            } else {
                break;
            }
            i += 1;
            continue;
        };
        if HEADINGS.is_heading(t) || row_start(t).is_some() {
            // The row ends early; the line is handled as the next thing.
            if let Some(p) = pending.take() {
                emit(p, cols, file, &mut rows, diag);
            }
            if HEADINGS.is_heading(t) {
                break;
            }
            continue;
        }
        if t == "|" || t == "||" {
            p.close_cell(None);
        } else if let Some(content) = cell_end(t) {
            p.close_cell(Some(content));
        } else if !t.is_empty() {
            p.open.push(t.to_owned());
        }
        if p.cells.len() >= cols.len() {
            if let Some(p) = pending.take() {
                emit(p, cols, file, &mut rows, diag);
            }
        }
        i += 1;
    }
    if let Some(p) = pending.take() {
        emit(p, cols, file, &mut rows, diag);
    }
    (rows, i)
}

/// The text of a closed cell: its lines, normalised, joined with `\n` (list items keep
/// their bullet).
fn cell_text(cell: &[String]) -> String {
    let mut desc = DescBuilder::new();
    for line in cell {
        match bullet_item(line) {
            Some(item) => desc.bullet(item),
            None => {
                desc.text(line);
                desc.break_paragraph();
            }
        }
    }
    desc.finish()
}

/// Turns a read row into a [`RawRow`], or a warning when it has no type. A row cut short
/// (by the next row, a heading or the end) keeps the text of its open cell.
fn emit(mut p: Pending, cols: &[Col], file: &str, rows: &mut Vec<RawRow>, diag: &mut Diagnostics) {
    if !p.open.is_empty() {
        p.close_cell(None);
    }
    let cell = |col: Col| -> String {
        cols.iter()
            .position(|c| *c == col)
            .and_then(|idx| p.cells.get(idx))
            .map(|c| cell_text(c))
            .unwrap_or_default()
    };
    let name = collapse_ws(&cell(Col::Name));
    let type_text = collapse_ws(&cell(Col::Type));
    let shown = if name.is_empty() {
        "(anonymous)"
    } else {
        &name
    };
    if type_text.is_empty() {
        diag.warn(
            file,
            p.line,
            WarningKind::UnparsedRow,
            None,
            format!("row `{shown}` has no type cell; not placed"),
        );
        return;
    }
    if p.cells.len() < cols.len() {
        diag.warn(
            file,
            p.line,
            WarningKind::Note,
            None,
            format!(
                "row `{shown}` has only {} of {} cells (table cut off?); missing cells left empty",
                p.cells.len(),
                cols.len()
            ),
        );
    }
    let required_cell = collapse_ws(&cell(Col::Required));
    let required = parse_required(&required_cell);
    if required.is_none() && !required_cell.is_empty() {
        diag.warn(
            file,
            p.line,
            WarningKind::Note,
            None,
            format!("row `{shown}`: required cell `{required_cell}` is neither 是 nor 否"),
        );
    }
    rows.push(RawRow {
        name,
        type_text,
        required,
        example: collapse_ws(&cell(Col::Example)),
        description: cell(Col::Description),
        line: p.line,
        depth: None,
    });
}

/// Parses the markdown-like error rows after the header (separator `|---|` lines
/// skipped) up to the first line that is not a row.
fn parse_errors(
    lines: &[Line<'_>],
    start: usize,
    cols: &[ErrCol],
    header_no: usize,
    file: &str,
    diag: &mut Diagnostics,
) -> (Vec<RawError>, usize) {
    let mut errors = Vec::new();
    let mut i = start;
    while let Some(l) = lines.get(i) {
        let t = l.trimmed();
        if t.is_empty() || t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            i += 1;
            continue;
        }
        if !t.starts_with('|') {
            break;
        }
        i += 1;
        let inner = t.strip_prefix('|').unwrap_or(t);
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
        let get = |col: ErrCol| -> &str {
            let idx = cols.iter().position(|c| *c == col).unwrap_or(match col {
                ErrCol::Status => 0,
                ErrCol::Code => 1,
                ErrCol::Message => 2,
                ErrCol::Description => 3,
            });
            cells.get(idx).copied().unwrap_or("")
        };
        let status = get(ErrCol::Status).parse::<u16>().ok();
        let code = get(ErrCol::Code);
        match status {
            Some(status) if !code.is_empty() => errors.push(RawError {
                status,
                code: code.to_owned(),
                message: collapse_ws(get(ErrCol::Message)),
                description: dash_is_empty(get(ErrCol::Description)),
                line: l.no,
            }),
            _ => diag.warn(
                file,
                l.no,
                WarningKind::UnparsedRow,
                None,
                format!("error row without a numeric status and a code: `{t}`"),
            ),
        }
    }
    if errors.is_empty() {
        warn_empty_table(file, header_no, None, "error", diag);
    }
    (errors, i)
}

#[cfg(test)]
mod tests {
    use super::super::page_common::testing::{
        error_descriptions, error_summary, parse_with, seed, summary, warning_lines,
    };
    use super::*;

    fn parse(text: &str) -> (Result<RawDocument, ParseError>, Diagnostics) {
        parse_with(&PipeTableLayout, "t.txt", text)
    }

    const REQUEST: &str = "請求參數\n|\n名稱 |\n類型 |\n必填 |\n描述 |\n樣本值 |\n\
        | MessageId |\nstring |\n是 |\nDataWorks 開放訊息的訊息 ID。 |\n8abcb91f-d266 |\n\
        | ProjectId |\ninteger |\n否 |\nDataWorks 工作空間的 ID。 |\n10000 |\n";

    #[test]
    fn request_rows_with_required_column() {
        let (doc, diag) = parse(REQUEST);
        let op = &doc.unwrap().operations[0];
        assert_eq!(op.name, None);
        assert_eq!(
            summary(&op.request),
            vec![
                ("MessageId", "string", Some(true), "8abcb91f-d266", 8),
                ("ProjectId", "integer", Some(false), "10000", 13),
            ]
        );
        assert_eq!(op.request[0].description, "DataWorks 開放訊息的訊息 ID。");
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    }

    #[test]
    fn anonymous_rows_lost_list_items_and_multi_line_cells() {
        let text = "返回參數\n|\n名稱 |\n類型 |\n描述 |\n樣本值 |\n|\nobject |\n返回結果。 |\n||\n\
            | UseType |\nstring |\n檔案所屬的功能模組。取值如下:\n|\nNORMAL |\n\
            | RerunMode |\nstring |\n重跑屬性。取值如下:\n該參數與 DataWorks   控制台對應。 |\nALL_ALLOWED |\n\
            | InputList |\narray<object> |\n檔案依賴的上遊檔案輸出。 |\n|\n|\nobject |\n依賴的上遊檔案輸出資訊。 |\n||\n\
            | Input |\nstring |\n輸出名稱。 |\ndw_project_root |\n樣本\n";
        let (doc, diag) = parse(text);
        let op = &doc.unwrap().operations[0];
        assert_eq!(
            summary(&op.response),
            vec![
                ("", "object", None, "", 7),
                ("UseType", "string", None, "NORMAL", 11),
                ("RerunMode", "string", None, "ALL_ALLOWED", 16),
                ("InputList", "array<object>", None, "", 21),
                ("", "object", None, "", 25),
                ("Input", "string", None, "dw_project_root", 29),
            ]
        );
        assert_eq!(op.response[0].description, "返回結果。");
        assert_eq!(op.response[1].description, "檔案所屬的功能模組。取值如下:");
        assert_eq!(
            op.response[2].description,
            "重跑屬性。取值如下:\n該參數與 DataWorks 控制台對應。"
        );
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    }

    #[test]
    fn markdown_error_rows() {
        let text = "請求參數\n|\n名稱 |\n類型 |\n必填 |\n描述 |\n樣本值 |\n| A |\nstring |\n是 |\nd |\ne |\n\
            錯誤碼\n|\nHTTP status code |\n錯誤碼 |\n錯誤資訊 |\n描述 |\n|---|---|---|---|\n\
            | 400 | InternalError.UserId.Missing | An internal system error occurred. Try again later. | |\n\
            | 403 | Forbidden.Access | Access is forbidden. | 沒有許可權,請授權 |\n\
            | 429 | Throttling.User | Your request is too frequent. Try again later. |\n\
            | 4x9 | Broken | row |\n訪問錯誤中心查看更多錯誤碼。\n";
        let (doc, diag) = parse(text);
        let op = &doc.unwrap().operations[0];
        let errs = error_summary(&op.errors);
        assert_eq!(
            errs,
            vec![
                (
                    400,
                    "InternalError.UserId.Missing",
                    "An internal system error occurred. Try again later.",
                    "",
                    20
                ),
                (
                    403,
                    "Forbidden.Access",
                    "Access is forbidden.",
                    "沒有許可權,請授權",
                    21
                ),
                (
                    429,
                    "Throttling.User",
                    "Your request is too frequent. Try again later.",
                    "",
                    22
                ),
            ]
        );
        let w = warning_lines(&diag);
        assert_eq!(w, vec![(23, WarningKind::UnparsedRow)]);
    }

    #[test]
    fn truncated_tables_warn() {
        // Header with no rows; a row cut off by the end of the text; a lone `|`.
        let text = "請求參數\n|\n名稱 |\n類型 |\n必填 |\n描述 |\n樣本值 |\n返回參數\n|\n名稱 |\n類型 |\n描述 |\n\
            樣本值 |\n| A |\nstring |\nd |\nx |\n|\n| B |\n| C |\ninteger |\n描述\n樣本\n| D |\n";
        let (doc, diag) = parse(text);
        let op = &doc.unwrap().operations[0];
        assert_eq!(
            summary(&op.response),
            vec![
                ("A", "string", None, "x", 14),
                ("C", "integer", None, "", 20)
            ]
        );
        assert_eq!(op.response[1].description, "描述");
        let w = warning_lines(&diag);
        assert_eq!(
            w,
            vec![
                (2, WarningKind::UnparsedRow),
                (18, WarningKind::UnparsedRow),
                (19, WarningKind::UnparsedRow),
                (20, WarningKind::Note),
                (24, WarningKind::UnparsedRow),
            ]
        );
    }

    #[test]
    fn detection_and_no_operation() {
        let (doc, _) = parse("請求參數\n| x |\n");
        assert_eq!(doc.unwrap_err().file, "t.txt");
        let Some((_, tw)) = seed("004_") else {
            return;
        };
        assert!(PipeTableLayout.detect(&tw));
        let Some((_, zh)) = seed("000_") else {
            return;
        };
        assert!(!PipeTableLayout.detect(&zh));
    }

    #[test]
    fn seed_004_pipe_tables() {
        let Some((file, text)) = seed("004_") else {
            return;
        };
        let mut diag = Diagnostics::new();
        let doc = PipeTableLayout.parse(&file, &text, &mut diag).unwrap();
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
        assert_eq!(doc.version, None);
        let op = &doc.operations[0];
        assert_eq!(op.name, None);
        assert_eq!(op.lines, (1, 420));
        assert_eq!(
            op.description,
            "根據DataWorks開放訊息的訊息ID,查詢觸發擴充點事件時的擴充點資料快照。"
        );
        assert_eq!(
            summary(&op.request),
            vec![
                (
                    "MessageId",
                    "string",
                    Some(true),
                    "8abcb91f-d266-4073-b907-2ed67****1",
                    14
                ),
                ("ProjectId", "integer", Some(true), "10000", 19),
            ]
        );
        let s = |n, t, e, l| (n, t, None, e, l);
        assert_eq!(
            summary(&op.response),
            vec![
                s("", "object", "", 30),
                s(
                    "RequestId",
                    "string",
                    "8abcb91f-d266-4073-b907-2ed670378ed1",
                    34
                ),
                s("EventDetail", "object", "", 38),
                s("FileExecutionCommand", "object", "", 42),
                s("FileId", "integer", "1234123", 46),
                s("DataSourceName", "string", "odps_source", 50),
                s("Content", "string", "SHOW TABLES;", 54),
                s("FileType", "integer", "10", 58),
                s("DeletedFile", "object", "", 62),
                s("Owner", "string", "7384234****", 66),
                s("FileType", "integer", "10", 70),
                s("CurrentVersion", "integer", "1", 74),
                s("BusinessId", "integer", "74328", 78),
                s("FileName", "string", "hello_dataworks.sql", 82),
                s("DataSourceName", "string", "odps_source", 86),
                s("UseType", "string", "NORMAL", 90),
                s("FolderId", "string", "aldurie78l2falure", 95),
                s("ParentFileId", "integer", "1234122", 99),
                s("Content", "string", "SHOW TABLES;", 103),
                s("NodeId", "integer", "421429", 107),
                s("FileId", "integer", "1234123", 111),
                s("CommittedFile", "object", "", 115),
                s("FileId", "integer", "1234123", 119),
                s("Content", "string", "SHOW TABLES;", 123),
                s("Committor", "string", "7384234****", 127),
                s("FileType", "integer", "10", 131),
                s("ChangeType", "string", "UPDATE", 135),
                s("FileName", "string", "hello_dataworks.sql", 139),
                s("NodeId", "integer", "421429", 143),
                s("Comment", "string", "Second version submission", 147),
                s("UseType", "string", "NORMAL", 151),
                s("FilePropertyContent", "object", "", 156),
                s("DataSourceName", "string", "odps_source", 160),
                s("ParentFileId", "integer", "1234122", 164),
                s("BusinessId", "integer", "74328", 168),
                s("CurrentVersion", "integer", "1", 172),
                s("Owner", "string", "7384234****", 176),
                s("FolderId", "string", "aldurie78l2falure", 180),
                s("NodeConfiguration", "object", "", 184),
                s("RerunMode", "string", "ALL_ALLOWED", 188),
                s("SchedulerType", "string", "NORMAL", 193),
                s("ParaValue", "string", "a=x b=y", 198),
                s("CycleType", "string", "DAY", 202),
                s("DependentNodeIdList", "string", "5,10,15,20", 206),
                s("ResourceGroupId", "integer", "375827434852437", 210),
                s("AutoRerunTimes", "integer", "3", 214),
                s("AutoRerunIntervalMillis", "integer", "120000", 218),
                s("CronExpress", "string", "00 05 00 * * ?", 222),
                s("InputList", "array<object>", "", 226),
                s("", "object", "", 230),
                s("Input", "string", "dw_project_root", 234),
                s("ParseType", "string", "MANUAL", 238),
                s("OutputList", "array<object>", "", 243),
                s("", "object", "", 247),
                s("RefTableName", "string", "ods_user_info_d", 251),
                s("Output", "string", "dw_project.002_out", 255),
                s("DependentType", "string", "USER_DEFINE", 259),
                s("TableModel", "object", "", 264),
                s("Env", "string", "DEV", 268),
                s("LifeCycle", "integer", "7", 273),
                s("TableName", "string", "tb_hello", 277),
                s("DataSourceName", "string", "odps_source", 281),
                s("Columns", "array<object>", "", 285),
                s("", "object", "", 289),
                s("ColumnName", "string", "ID", 293),
                s("ColumnType", "string", "BIGINT", 297),
                s("IsPartitionColumn", "boolean", "false", 301),
                s("Comment", "string", "ID", 306),
                s("Comment", "string", "A new table", 310),
                s("Location", "string", "hdfs://path/to/object", 314),
            ]
        );
        let by_line = |n: usize| op.response.iter().find(|r| r.line == n).unwrap();
        assert_eq!(by_line(188).description.lines().count(), 2);
        assert_eq!(by_line(268).description, "表所屬環境。取值如下:");
        let errs = error_descriptions(&op.errors);
        assert_eq!(
            errs,
            vec![
                (400, "InternalError.UserId.Missing", "", 412),
                (500, "InternalError.System", "", 413),
                (403, "Forbidden.Access", "沒有許可權,請授權", 414),
                (429, "Throttling.Api", "", 415),
                (429, "Throttling.System", "", 416),
                (429, "Throttling.User", "", 417),
            ]
        );
        let json = op.response_json.as_ref().unwrap();
        assert_eq!(json.line, 321);
        assert_eq!(json.text.lines().count(), 84);
        assert_eq!(op.request_example, None);
    }
}
