//! The zh-CN single-operation page text (`000`, `001`): `名称 类型 是否必选 示例值 描述`
//! tables whose rows are `Name Type [Example]` followed by description paragraphs.
//!
//! This module owns:
//! - the page preamble: the title (`大数据开发治理平台 DataWorks:GetDeployment`, absent
//!   on some pages), the date (`更新时间:Oct 11, 2023`) and the introduction before `调试`;
//! - the parameter tables (request `请求参数`, response `返回数据`/`返回参数`). Header cells
//!   may be on one line or one per line. Each row starts with a line `Name Type [Example]`
//!   (types `String`, `Long`, `Integer`, `Boolean`, `Object`, `Array of X`, ...; the
//!   `是否必选` cell is empty in these dumps, so `required` is `None` unless a `是`/`否`
//!   follows the type), and its description is the paragraphs and `  • item` lines up to
//!   the next row head. Rows are flat (`depth: None`); nesting is rebuilt later;
//! - the error table `HttpCode 错误码 错误信息 描述`, whose rows
//!   `403 Forbidden.Access <English message> <Chinese description>` are split where the
//!   Chinese description starts;
//! - the request / XML / JSON examples (see `page_common::find_examples`).
//!
//! The operation name comes from the title, else from the `Action` row's example, else from
//! the request example URL.

use super::page_common::{
    action_from_url, add_examples, bullet_item, collapse_ws, finish_page, has_cjk, is_action_name,
    is_identifier, note_unnamed, numbered_lines, parse_required, read_preamble, split_message_cjk,
    warn_orphan, DescBuilder, ErrorCells, ErrorLines, Headings, Line,
};
use super::{Layout, ParseError};
use crate::scrape::diag::{Diagnostics, WarningKind};
use crate::scrape::raw::{LayoutKind, RawDocument, RawOperation, RawRow};

/// Parser for the zh-CN page layout.
pub struct ZhPageLayout;

/// Section headings: each is a whole line, and each ends a table.
const HEADINGS: Headings = Headings {
    all: &[
        "调试",
        "接口说明",
        "授权信息",
        "请求语法",
        "请求参数",
        "返回数据",
        "返回参数",
        "示例",
        "请求示例",
        "正常返回示例",
        "异常返回示例",
        "错误示例",
        "错误码",
        "变更历史",
        "XML格式",
        "JSON格式",
    ],
    request: &["请求参数"],
    response: &["返回数据", "返回参数"],
    outside_note: "parameter table outside a 请求参数/返回数据 section; placed by its 是否必选 \
                   column",
};

/// The cells of a parameter-table header.
const PARAM_HEADER: &[&str] = &["名称", "类型", "是否必选", "示例值", "描述"];
/// The cells of an error-table header.
const ERROR_HEADER: &[&str] = &["HttpCode", "错误码", "错误信息", "描述"];
/// Page furniture printed above the title.
const FURNITURE: &[&str] = &["全部产品", "Search", "文档中心"];
/// The line that follows the error table.
const ERROR_FOOTER: &str = "访问错误中心";

/// The error table: rows `403 Forbidden.Access <message> <描述>` up to a blank line after
/// the rows, a heading or the `访问错误中心...` footer.
const ERROR_ROWS: ErrorLines = ErrorLines {
    ends_table: |t| HEADINGS.is_heading(t) || t.starts_with(ERROR_FOOTER),
    split_row: split_error_row,
    bad_row: "error row not in the form `HttpCode 错误码 错误信息 描述`",
};

/// The type words a row head may carry (`Array of X` is handled separately).
const TYPES: &[&str] = &[
    "String", "Long", "Integer", "Int32", "Int64", "Boolean", "Object", "Struct", "Float",
    "Double", "Number", "List", "Map", "Any", "Array",
];

impl Layout for ZhPageLayout {
    fn kind(&self) -> LayoutKind {
        LayoutKind::ZhPage
    }

    fn detect(&self, text: &str) -> bool {
        (text.contains("请求参数") || text.contains("返回数据"))
            && text.contains("示例值")
            && text.lines().any(|l| {
                let t = l.trim();
                t == "名称" || t.starts_with("名称 类型")
            })
    }

    fn parse(
        &self,
        file: &str,
        text: &str,
        diag: &mut Diagnostics,
    ) -> Result<RawDocument, ParseError> {
        let lines = numbered_lines(text);

        // Preamble: title, date and introduction, up to the first heading.
        let pre = read_preamble(
            &lines,
            |t| HEADINGS.is_heading(t),
            true,
            &["更新时间", "更新時間"],
            FURNITURE,
        );
        let mut op = pre.op;
        let title_name = op.name.clone();

        // Body: headings switch the section; table headers start tables.
        HEADINGS.walk(&lines, pre.end, |sections, i, l| {
            let t = l.trimmed();
            if first_token(t) == "名称" {
                if let Some((cols, next)) = read_header(&lines, i, PARAM_HEADER) {
                    let has_required = cols.iter().any(|c| c == "是否必选");
                    let (rows, end) = parse_rows(
                        &lines,
                        next,
                        has_required,
                        file,
                        title_name.as_deref(),
                        diag,
                    );
                    sections.place(&mut op, rows, has_required, l.no, file, diag);
                    return end;
                }
            }
            if first_token(t) == "HttpCode" {
                if let Some((_, next)) = read_header(&lines, i, ERROR_HEADER) {
                    let (errors, end) =
                        ERROR_ROWS.parse(&lines, next, l.no, file, title_name.as_deref(), diag);
                    op.errors.extend(errors);
                    return end;
                }
            }
            i + 1
        });

        add_examples(&mut op, &lines, file, diag);
        resolve_name(&mut op, file, diag);
        finish_page(file, "zh-page", &lines, pre.title_no, pre.version, op)
    }
}

fn first_token(t: &str) -> &str {
    t.split_whitespace().next().unwrap_or("")
}

/// Reads a table header starting at `lines[start]`: the header words on that line and,
/// when the cells are printed one per line, on the following non-blank lines. Returns
/// the column words and the index of the first line after the header; `None` when the
/// line is not a header (fewer than two header words).
fn read_header(lines: &[Line<'_>], start: usize, words: &[&str]) -> Option<(Vec<String>, usize)> {
    let first = lines.get(start)?;
    let tokens: Vec<&str> = first.trimmed().split_whitespace().collect();
    if tokens.is_empty() || !tokens.iter().all(|t| words.contains(t)) {
        return None;
    }
    let mut cols: Vec<String> = tokens.iter().map(|t| (*t).to_owned()).collect();
    let mut next = start + 1;
    let mut j = start + 1;
    while let Some(l) = lines.get(j) {
        if l.is_blank() {
            j += 1;
            continue;
        }
        let t = l.trimmed();
        let toks: Vec<&str> = t.split_whitespace().collect();
        let fresh = !toks.is_empty()
            && toks
                .iter()
                .all(|w| words.contains(w) && !cols.iter().any(|c| c == w));
        if !fresh {
            break;
        }
        cols.extend(toks.iter().map(|w| (*w).to_owned()));
        j += 1;
        next = j;
    }
    (cols.len() >= 2).then_some((cols, next))
}

/// A parsed row head line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Head {
    name: String,
    type_text: String,
    required: Option<bool>,
    example: String,
}

/// Splits off the first whitespace-delimited token.
fn split_token(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    s.split_once(char::is_whitespace).unwrap_or((s, ""))
}

/// Parses a row head line `Name Type [是|否] [Example]`; `None` for other lines. Row
/// heads start in the first column (bullet lines are indented).
fn parse_head(line: &str, has_required: bool) -> Option<Head> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let (name, rest) = split_token(line.trim_end());
    if !is_identifier(name) {
        return None;
    }
    let (ty, mut rest) = split_token(rest);
    let type_text = if ty == "Array" {
        let (of, after_of) = split_token(rest);
        let (elem, after_elem) = split_token(after_of);
        if of == "of" && is_identifier(elem) {
            rest = after_elem;
            format!("Array of {elem}")
        } else {
            ty.to_owned()
        }
    } else if TYPES.contains(&ty) {
        ty.to_owned()
    } else {
        return None;
    };
    let mut required = None;
    if has_required {
        let (tok, after) = split_token(rest);
        if tok == "是" || tok == "否" {
            required = parse_required(tok);
            rest = after;
        }
    }
    Some(Head {
        name: name.to_owned(),
        type_text,
        required,
        example: collapse_ws(rest),
    })
}

/// A line that is a lone identifier (`Deployment`): a row head whose type is missing.
fn looks_like_typeless_head(t: &str) -> bool {
    is_identifier(t)
        && t.len() >= 2
        && t.starts_with(|c: char| c.is_ascii_uppercase())
        && !TYPES.contains(&t)
}

/// A line `Name Word [Example]` whose `Word` looks like a type but is not a known one
/// (`Status Integr 1`). Kept as text, but reported.
fn looks_like_unknown_type_head(t: &str) -> Option<&str> {
    let toks: Vec<&str> = t.split_whitespace().collect();
    let (name, ty) = (toks.first()?, toks.get(1)?);
    let capitalised_word = ty.len() <= 10
        && ty.starts_with(|c: char| c.is_ascii_uppercase())
        && ty.chars().skip(1).all(|c| c.is_ascii_lowercase())
        && ty.chars().count() >= 3;
    (toks.len() <= 3
        && is_identifier(name)
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && capitalised_word
        && !TYPES.contains(ty))
    .then_some(*ty)
}

/// Parses table rows from `lines[start]` until a heading, another table header or the
/// end. Returns the rows and the index where the table stopped.
fn parse_rows(
    lines: &[Line<'_>],
    start: usize,
    has_required: bool,
    file: &str,
    op: Option<&str>,
    diag: &mut Diagnostics,
) -> (Vec<RawRow>, usize) {
    let mut rows = Vec::new();
    let mut current: Option<(RawRow, DescBuilder)> = None;
    let mut paragraph_start = true;
    let mut i = start;
    while let Some(l) = lines.get(i) {
        let t = l.trimmed();
        if HEADINGS.is_heading(t)
            || (first_token(t) == "名称" && read_header(lines, i, PARAM_HEADER).is_some())
            || (first_token(t) == "HttpCode" && read_header(lines, i, ERROR_HEADER).is_some())
        {
            break;
        }
        i += 1;
        if l.is_blank() {
            if let Some((_, desc)) = current.as_mut() {
                desc.break_paragraph();
            }
            paragraph_start = true;
            continue;
        }
        if let Some(item) = bullet_item(l.text) {
            match current.as_mut() {
                Some((_, desc)) => desc.bullet(item),
                None => warn_orphan(file, l, op, diag),
            }
            paragraph_start = true;
            continue;
        }
        if let Some(head) = parse_head(l.text, has_required) {
            if let Some(done) = finish(current.take()) {
                rows.push(done);
            }
            let row = RawRow {
                name: head.name,
                type_text: head.type_text,
                required: head.required,
                example: head.example,
                description: String::new(),
                line: l.no,
                depth: None,
            };
            current = Some((row, DescBuilder::new()));
            paragraph_start = true;
            continue;
        }
        if paragraph_start && looks_like_typeless_head(t) {
            diag.warn(
                file,
                l.no,
                WarningKind::UnparsedRow,
                op,
                format!("`{t}` looks like a row head without a type; row not placed"),
            );
            continue;
        }
        if paragraph_start {
            if let Some(ty) = looks_like_unknown_type_head(t) {
                diag.warn(
                    file,
                    l.no,
                    WarningKind::UnparsedRow,
                    op,
                    format!(
                        "`{t}` looks like a row head with unknown type `{ty}`; kept as \
                         description text of the previous row"
                    ),
                );
            }
        }
        match current.as_mut() {
            Some((_, desc)) => desc.text(t),
            None => warn_orphan(file, l, op, diag),
        }
        paragraph_start = false;
    }
    if let Some(done) = finish(current.take()) {
        rows.push(done);
    }
    (rows, i)
}

fn finish(current: Option<(RawRow, DescBuilder)>) -> Option<RawRow> {
    current.map(|(mut row, desc)| {
        row.description = desc.finish();
        row
    })
}

/// Splits `403 Forbidden.Access rest...` into status, code and the rest.
fn parse_error_row(t: &str) -> Option<(u16, &str, &str)> {
    let (status, rest) = split_token(t);
    if status.len() != 3 || !status.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let status: u16 = status.parse().ok()?;
    let (code, rest) = split_token(rest);
    if code.is_empty() || has_cjk(code) {
        return None;
    }
    Some((status, code, rest))
}

/// Splits an error row into status, code, and the message and description split where
/// the Chinese description starts.
fn split_error_row(t: &str) -> Option<ErrorCells> {
    let (status, code, rest) = parse_error_row(t)?;
    let (message, description) = split_message_cjk(rest);
    Some((status, code.to_owned(), message, description))
}

/// Fills in the operation name from the `Action` row or the request URL when the page has
/// no title, and reports disagreements.
fn resolve_name(op: &mut RawOperation, file: &str, diag: &mut Diagnostics) {
    let from_action_row = op
        .request
        .iter()
        .find(|r| r.name == "Action")
        .map(|r| (r.example.clone(), r.line))
        .filter(|(ex, _)| is_action_name(ex));
    let from_url = op
        .request_example
        .as_ref()
        .and_then(|t| action_from_url(&t.text).map(|name| (name, t.line)));
    for (other, line) in from_action_row.iter().chain(from_url.iter()) {
        match &op.name {
            None => op.name = Some(other.clone()),
            Some(name) if name != other => diag.warn(
                file,
                *line,
                WarningKind::Conflict,
                Some(name),
                format!("the page is titled `{name}` but names the action `{other}` here"),
            ),
            Some(_) => {}
        }
    }
    note_unnamed(op, file, "no title, Action row or request example", diag);
}

#[cfg(test)]
mod tests {
    use super::super::page_common::testing::{
        error_lines, error_summary, parse_with, seed, summary, warning_lines,
    };
    use super::*;

    fn parse(text: &str) -> (Result<RawDocument, ParseError>, Diagnostics) {
        parse_with(&ZhPageLayout, "t.txt", text)
    }

    fn parse_op(text: &str) -> (RawOperation, Diagnostics) {
        let (doc, diag) = parse(text);
        let doc = doc.expect("parses");
        (doc.operations.into_iter().next().expect("one op"), diag)
    }

    #[test]
    fn row_heads() {
        assert_eq!(
            parse_head("DeployedItems Array of DeployedItem", false),
            Some(Head {
                name: "DeployedItems".into(),
                type_text: "Array of DeployedItem".into(),
                required: None,
                example: String::new(),
            })
        );
        let h = parse_head("ErrorMessage String The  connection does not exist.", false).unwrap();
        assert_eq!(h.example, "The connection does not exist.");
        let h = parse_head("ProjectId Long 是 10000", true).unwrap();
        assert_eq!((h.required, h.example.as_str()), (Some(true), "10000"));
        assert_eq!(
            parse_head("Data Object", false).unwrap().type_text,
            "Object"
        );
        assert_eq!(parse_head("  • 7:检查未通过", false), None);
        assert_eq!(parse_head("DataWorks工作空间的ID。", false), None);
        assert_eq!(parse_head("HTTP状态码。", false), None);
    }

    #[test]
    fn one_line_header_rows_and_descriptions() {
        let text = "调用DeployFile接口,发布数据开发中的文件至生产环境。\n\n调试\n\n请求参数\n\n\
                    名称 类型 是否必选 示例值 描述\nAction String DeployFile\n\n系统规定参数。取值:DeployFile\n\n\
                    FileId Long 10000001\n\n文件的ID,您可以通过ListFiles查询对应文件的ID。\n\n\
                    该参数与NodeId参数配置一个即可。\n";
        let (op, diag) = parse_op(text);
        assert_eq!(op.name.as_deref(), Some("DeployFile"));
        assert_eq!(
            op.description,
            "调用DeployFile接口,发布数据开发中的文件至生产环境。"
        );
        assert_eq!(
            summary(&op.request),
            vec![
                ("Action", "String", None, "DeployFile", 8),
                ("FileId", "Long", None, "10000001", 12)
            ]
        );
        assert_eq!(
            op.request[1].description,
            "文件的ID,您可以通过ListFiles查询对应文件的ID。\n该参数与NodeId参数配置一个即可。"
        );
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    }

    #[test]
    fn header_cells_one_per_line_and_bullets_then_row_head() {
        let text = "大数据开发治理平台 DataWorks:GetDeployment\n\n更新时间:Oct 11, 2023\n\n获取发布包的详情。\n\n\
                    调试\n\n返回数据\n\n名称\n\n类型\n\n示例值\n\n描述\n\n\
                    CheckingStatus Integer 7\n\n当前发布包涉及节点的检查状态,\n只有Status为1时。\n\n  • 7:检查未通过\n  • 8:正在处于检查中的状态\n\
                    CreateTime Long 1593877765000\n\n发布包生成的毫秒时间戳。\n\n\
                    Status Integer 1\n  • UNPUBLISHED(0): 未发布\n  • SUCCESS(1): 发布成功\n";
        let (doc, diag) = parse(text);
        let doc = doc.unwrap();
        assert_eq!(doc.version.as_deref(), Some("Oct 11, 2023"));
        let op = &doc.operations[0];
        assert_eq!(op.name.as_deref(), Some("GetDeployment"));
        assert_eq!(op.lines.0, 1);
        assert_eq!(
            summary(&op.response),
            vec![
                ("CheckingStatus", "Integer", None, "7", 19),
                ("CreateTime", "Long", None, "1593877765000", 26),
                ("Status", "Integer", None, "1", 30)
            ]
        );
        assert_eq!(
            op.response[0].description,
            "当前发布包涉及节点的检查状态,只有Status为1时。\n• 7:检查未通过\n• 8:正在处于检查中的状态"
        );
        assert_eq!(
            op.response[2].description,
            "• UNPUBLISHED(0): 未发布\n• SUCCESS(1): 发布成功"
        );
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    }

    #[test]
    fn error_rows_split_at_chinese_description() {
        let text = "请求参数\n\n名称 类型 是否必选 示例值 描述\nAction String X\n\n错误码\n\n\
                    HttpCode 错误码 错误信息 描述\n\
                    403 Forbidden.Access Access is forbidden. Please first activate DataWorks Enterprise Edition or Flagship Edition. 您被限制访问,请开通DataWorks企业版或旗舰版。\n\
                    429 Throttling.System The DataWorks system is busy. Try again later. DataWorks系统繁忙,请稍后再试。\n\
                    500 InternalError.System An internal system error occurred.\n\
                    5xx Broken row\n\n访问错误中心查看更多错误码。";
        let (op, diag) = parse_op(text);
        let errs = error_summary(&op.errors);
        assert_eq!(
            errs,
            vec![
                (
                    403,
                    "Forbidden.Access",
                    "Access is forbidden. Please first activate DataWorks Enterprise Edition or Flagship Edition.",
                    "您被限制访问,请开通DataWorks企业版或旗舰版。",
                    9
                ),
                (
                    429,
                    "Throttling.System",
                    "The DataWorks system is busy. Try again later.",
                    "DataWorks系统繁忙,请稍后再试。",
                    10
                ),
                (500, "InternalError.System", "An internal system error occurred.", "", 11),
            ]
        );
        assert_eq!(diag.warnings().len(), 1);
        assert_eq!(diag.warnings()[0].line, 12);
        assert_eq!(diag.warnings()[0].kind, WarningKind::UnparsedRow);
    }

    #[test]
    fn truncated_tables_warn() {
        // A header with no rows, a typeless row head, text before the first row, an error
        // header cut off by the end of the file.
        let text = "DataWorks:ListFiles\n\n请求参数\n\n名称 类型 是否必选 示例值 描述\n\n返回数据\n\n\
                    名称 类型 示例值 描述\nstray text\nData Object\n\n详情。\n\nDeployment\n\n发布包。\n\n\
                    Status Integr 1\n\n错误码\n\nHttpCode 错误码 错误信息 描述";
        let (op, diag) = parse_op(text);
        assert_eq!(
            summary(&op.response),
            vec![("Data", "Object", None, "", 11)]
        );
        assert_eq!(
            op.response[0].description,
            "详情。\n发布包。\nStatus Integr 1"
        );
        let w = warning_lines(&diag);
        assert_eq!(
            w,
            vec![
                (5, WarningKind::UnparsedRow),
                (10, WarningKind::UnparsedRow),
                (15, WarningKind::UnparsedRow),
                (19, WarningKind::UnparsedRow),
                (23, WarningKind::UnparsedRow),
            ]
        );
    }

    #[test]
    fn name_from_request_url_and_conflicts() {
        let text = "DataWorks:GetFile\n\n请求参数\n\n名称 类型 是否必选 示例值 描述\nAction String GetFiles\n\n\
                    请求示例\n\nhttp(s)://[Endpoint]/?Action=GetFile\n&公共请求参数\n";
        let (op, diag) = parse_op(text);
        assert_eq!(op.name.as_deref(), Some("GetFile"));
        assert_eq!(diag.warnings().len(), 1);
        assert_eq!(diag.warnings()[0].kind, WarningKind::Conflict);
        assert_eq!(diag.warnings()[0].line, 6);

        let text = "请求示例\n\nhttp(s)://[Endpoint]/?Action=ListFiles\n&公共请求参数\n\n名称 类型 示例值 描述\n";
        let (op, _) = parse_op(text);
        assert_eq!(op.name.as_deref(), Some("ListFiles"));
        let ex = op.request_example.unwrap();
        assert_eq!(
            (ex.line, ex.text.as_str()),
            (3, "http(s)://[Endpoint]/?Action=ListFiles\n&公共请求参数")
        );
    }

    #[test]
    fn no_operation_is_an_error() {
        let (doc, _) = parse("请求参数\n\n示例值\n\n随便写点什么。\n");
        let err = doc.unwrap_err();
        assert_eq!(err.file, "t.txt");
    }

    #[test]
    fn detects_only_zh_pages() {
        assert!(!ZhPageLayout.detect("请求参数 示例值"));
        let Some((_, zh)) = seed("000_") else {
            return;
        };
        assert!(ZhPageLayout.detect(&zh));
        let Some((_, en)) = seed("002_") else {
            return;
        };
        assert!(!ZhPageLayout.detect(&en));
    }

    #[test]
    fn seed_000_deploy_file() {
        let Some((file, text)) = seed("000_") else {
            return;
        };
        let mut diag = Diagnostics::new();
        let doc = ZhPageLayout.parse(&file, &text, &mut diag).unwrap();
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
        assert_eq!(doc.version, None);
        let op = &doc.operations[0];
        assert_eq!(op.name.as_deref(), Some("DeployFile"));
        assert_eq!(op.lines, (1, 119));
        assert!(op
            .description
            .starts_with("调用DeployFile接口,发布数据开发中的文件至生产环境。"));
        assert!(op.description.ends_with("轮询被触发的异步发布流程的状态。"));
        assert_eq!(
            summary(&op.request),
            vec![
                ("Action", "String", None, "DeployFile", 10),
                ("ProjectId", "Long", None, "10000", 14),
                ("RegionId", "String", None, "cn-zhangjiakou", 18),
                ("ProjectIdentifier", "String", None, "dw_project", 22),
                ("FileId", "Long", None, "10000001", 26),
                ("Comment", "String", None, "第一次发布任务", 32),
                ("NodeId", "Long", None, "2000001", 36),
            ]
        );
        assert_eq!(
            op.request[4].description,
            "文件的ID,您可以通过ListFiles查询对应文件的ID。\n该参数与NodeId参数配置一个即可。"
        );
        assert_eq!(
            summary(&op.response),
            vec![
                ("HttpStatusCode", "Integer", None, "200", 43),
                ("Data", "Long", None, "30000001", 47),
                ("RequestId", "String", None, "0000-ABCD-EFG****", 51),
                (
                    "ErrorMessage",
                    "String",
                    None,
                    "The connection does not exist.",
                    55
                ),
                ("Success", "Boolean", None, "true", 59),
                (
                    "ErrorCode",
                    "String",
                    None,
                    "Invalid.Tenant.ConnectionNotExists",
                    63
                ),
            ]
        );
        assert!(op
            .response
            .iter()
            .all(|r| r.depth.is_none() && !r.description.is_empty()));
        let errs = error_lines(&op.errors);
        assert_eq!(
            errs,
            vec![
                (403, "Forbidden.Access", 112),
                (429, "Throttling.Api", 113),
                (429, "Throttling.System", 114),
                (429, "Throttling.User", 115),
                (500, "InternalError.System", 116),
                (500, "InternalError.UserId.Missing", 117),
            ]
        );
        assert_eq!(
            op.errors[2].message,
            "The DataWorks system is busy. Try again later."
        );
        assert_eq!(op.errors[2].description, "DataWorks系统繁忙,请稍后再试。");
        let req = op.request_example.as_ref().unwrap();
        assert_eq!(req.line, 71);
        assert!(req
            .text
            .starts_with("http(s)://[Endpoint]/?Action=DeployFile\n&ProjectId=10000"));
        assert!(req.text.ends_with("&NodeId=2000001\n&公共请求参数"));
        let json = op.response_json.as_ref().unwrap();
        assert_eq!(json.line, 100);
        assert!(json.text.starts_with("{\n  \"HttpStatusCode\" : 200,"));
        assert!(json
            .text
            .ends_with("\"Invalid.Tenant.ConnectionNotExists\"\n}"));
        let xml = op.response_xml.as_ref().unwrap();
        assert_eq!(xml.line, 86);
        assert!(xml.text.starts_with("<DeployFileResponse>"));
        assert!(xml.text.ends_with("</DeployFileResponse>"));
    }

    #[test]
    fn seed_001_get_deployment() {
        let Some((file, text)) = seed("001_") else {
            return;
        };
        let mut diag = Diagnostics::new();
        let doc = ZhPageLayout.parse(&file, &text, &mut diag).unwrap();
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
        assert_eq!(doc.version.as_deref(), Some("Oct 11, 2023"));
        let op = &doc.operations[0];
        assert_eq!(op.name.as_deref(), Some("GetDeployment"));
        assert_eq!(op.lines, (5, 238));
        assert_eq!(op.description, "获取发布包的详情。");
        assert_eq!(
            summary(&op.request),
            vec![
                ("Action", "String", None, "GetDeployment", 27),
                ("ProjectId", "Long", None, "10000", 31),
                ("ProjectIdentifier", "String", None, "dw_project", 35),
                ("DeploymentId", "Long", None, "3000001", 41),
            ]
        );
        assert_eq!(
            summary(&op.response),
            vec![
                ("HttpStatusCode", "Integer", None, "200", 55),
                (
                    "ErrorMessage",
                    "String",
                    None,
                    "The connection does not exist.",
                    59
                ),
                ("RequestId", "String", None, "0000-ABCD-EFG****", 63),
                (
                    "ErrorCode",
                    "String",
                    None,
                    "Invalid.Tenant.ConnectionNotExists",
                    67
                ),
                ("Success", "Boolean", None, "true", 71),
                ("Data", "Object", None, "", 75),
                ("Deployment", "Object", None, "", 79),
                ("Status", "Integer", None, "1", 83),
                ("ErrorMessage", "String", None, "成功", 87),
                ("FromEnvironment", "Integer", None, "0", 91),
                ("ToEnvironment", "Integer", None, "1", 95),
                ("CheckingStatus", "Integer", None, "7", 99),
                ("CreateTime", "Long", None, "1593877765000", 105),
                ("HandlerId", "String", None, "2003****", 109),
                ("CreatorId", "String", None, "20030****", 113),
                ("ExecuteTime", "Long", None, "1593877765000", 117),
                (
                    "Name",
                    "String",
                    None,
                    "ods_user_info_d-2020-07-04_20030****",
                    121
                ),
                ("DeployedItems", "Array of DeployedItem", None, "", 125),
                ("FileId", "Long", None, "507642378", 129),
                ("FileVersion", "Long", None, "7", 133),
                ("Status", "Integer", None, "1", 137),
            ]
        );
        assert_eq!(
            op.request[2].description,
            "DataWorks工作空间的唯一标识符,即数据开发页面顶部切换工作空间处的英文标识。\n\
             该参数与ProjectId参数二者必须设置其一,以确定本次API调用操作的DataWorks工作空间。"
        );
        assert!(op.response[11]
            .description
            .ends_with("\n• 7:检查未通过\n• 8:正在处于检查中的状态"));
        assert_eq!(op.response[20].description.lines().count(), 7);
        assert!(op.response[20]
            .description
            .starts_with("• UNPUBLISHED(0): 未发布"));
        let errs = error_lines(&op.errors);
        assert_eq!(
            errs,
            vec![
                (429, "Throttling.Api", 232),
                (429, "Throttling.System", 233),
                (429, "Throttling.User", 234),
                (500, "InternalError.System", 235),
                (500, "InternalError.UserId.Missing", 236),
            ]
        );
        assert_eq!(
            op.errors[0].description,
            "对该资源的请求已超过您的可用上限。"
        );
        assert_eq!(op.request_example.as_ref().unwrap().line, 150);
        assert_eq!(op.response_xml.as_ref().unwrap().line, 163);
        let json = op.response_json.as_ref().unwrap();
        assert_eq!(json.line, 195);
        assert_eq!(json.text.lines().count(), 26);
    }
}
