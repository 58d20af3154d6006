//! The PDF-to-text dump of the full Chinese API reference (`003`): page furniture is
//! dropped ([`furniture`]), text defects repaired ([`repair`]), the dump cut into
//! operation chapters, and each chapter's sections read: description, request and
//! response tables ([`table`]), examples, error codes ([`errors`]). The overview chapter
//! gives tiers and categories ([`overview`]).

use std::collections::BTreeSet;

use super::{Layout, ParseError};
use crate::scrape::diag::{Diagnostics, WarningKind};
use crate::scrape::raw::{LayoutKind, RawDocument, RawOperation, RawRow, RawText};

pub mod errors;
pub mod furniture;
pub mod overview;
pub mod repair;
pub mod table;

use furniture::LineKind;

/// One content line of the dump (furniture removed), with its 1-based line number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the file.
    pub no: usize,
    /// The text, without the page-start marker space.
    pub text: &'a str,
    /// The dump starts every page's text with one space.
    pub page_start: bool,
}

/// The line that ends every operation chapter.
const CHAPTER_END: &str = "访问错误中心查看更多错误码。";

/// Parser for the PDF text dump.
pub struct PdfLayout;

impl Layout for PdfLayout {
    fn kind(&self) -> LayoutKind {
        LayoutKind::PdfText
    }
    fn detect(&self, text: &str) -> bool {
        text.contains("文档版本：") && text.contains("API参考")
    }
    fn parse(
        &self,
        file: &str,
        text: &str,
        diag: &mut Diagnostics,
    ) -> Result<RawDocument, ParseError> {
        parse_document(file, text, diag)
    }
}

/// A chapter heading found in the dump.
#[derive(Debug, Clone)]
struct Heading {
    line: usize,
    chapter: u32,
    title: String,
}

fn parse_document(
    file: &str,
    text: &str,
    diag: &mut Diagnostics,
) -> Result<RawDocument, ParseError> {
    let version = regex::Regex::new(r"文档版本：(\d{8})")
        .expect("valid regex")
        .captures(text)
        .map(|c| c[1].to_owned());
    let mut content = Vec::new();
    let mut headings = Vec::new();
    let mut categories: Vec<(u32, String, usize)> = Vec::new();
    let raw_lines: Vec<&str> = text.lines().collect();
    let mut after_furniture = false;
    for (idx, raw) in raw_lines.iter().enumerate() {
        let no = idx + 1;
        let page_start = raw.starts_with(' ') && !raw.starts_with("  ");
        let line = raw.strip_prefix(' ').unwrap_or(raw);
        let kind = furniture::classify(line);
        if !line.trim().is_empty() {
            let furniture = matches!(kind, LineKind::Furniture)
                || matches!(kind, LineKind::Link) && after_furniture;
            after_furniture = furniture;
            if furniture {
                continue;
            }
        }
        match kind {
            LineKind::Furniture | LineKind::TableHeader => continue,
            LineKind::OpHeading { chapter, title } => {
                headings.push(Heading {
                    line: no,
                    chapter,
                    title,
                });
                continue;
            }
            LineKind::Content | LineKind::Link => {}
        }
        if let Some((chapter, title)) = furniture::category_heading(line) {
            let next = raw_lines[idx + 1..].iter().find(|l| !l.trim().is_empty());
            if next.is_some_and(|n| n.trim_start().starts_with(&format!("{chapter}."))) {
                categories.push((chapter, title, no));
                continue;
            }
        }
        content.push(Line {
            no,
            text: line.trim_end(),
            page_start,
        });
    }
    if headings.is_empty() {
        return Err(ParseError::new(
            file,
            0,
            "no operation chapter heading (`N.M. Name`) found",
        ));
    }
    let known = known_identifiers(&headings);
    let chapters = split_chapters(&content);
    let mut operations = Vec::new();
    for (n, chapter) in chapters.iter().enumerate() {
        let (Some(first), Some(last)) = (chapter.first(), chapter.last()) else {
            continue;
        };
        let in_range: Vec<&Heading> = headings
            .iter()
            .filter(|h| h.line >= first.no && h.line <= last.no)
            .collect();
        let op_headings: Vec<&Heading> = in_range
            .iter()
            .copied()
            .filter(|h| repair::is_identifier(&h.title))
            .collect();
        let names: BTreeSet<&str> = op_headings.iter().map(|h| h.title.as_str()).collect();
        let Some(heading) = op_headings.first() else {
            diag.warn(
                file,
                first.no,
                WarningKind::UnparsedRow,
                None,
                format!(
                    "chapter at lines {}-{} has no operation heading; skipped",
                    first.no, last.no
                ),
            );
            continue;
        };
        if names.len() > 1 {
            diag.warn(
                file,
                heading.line,
                WarningKind::Note,
                Some(&heading.title),
                format!("several operation headings in one chapter: {names:?}"),
            );
        }
        let prose_before = n == 0 || in_range.iter().any(|h| !repair::is_identifier(&h.title));
        let category_title = categories
            .iter()
            .find(|(c, _, _)| *c == heading.chapter)
            .map(|(_, t, _)| t.clone());
        let op = parse_chapter(file, chapter, &heading.title, prose_before, &known, diag);
        operations.push(RawOperation {
            category_title,
            ..op
        });
    }
    let op_names: BTreeSet<String> = headings
        .iter()
        .filter(|h| repair::is_identifier(&h.title))
        .map(|h| h.title.clone())
        .collect();
    let service = overview::parse(file, text, &op_names, diag);
    Ok(RawDocument {
        version,
        language: None,
        operations,
        service: Some(service),
    })
}

/// Operation names from the headings plus words the dump is known to split.
fn known_identifiers(headings: &[Heading]) -> BTreeSet<String> {
    let mut known: BTreeSet<String> = headings
        .iter()
        .filter(|h| repair::is_identifier(&h.title))
        .map(|h| h.title.clone())
        .collect();
    for w in ["DataWorks", "MaxCompute", "OpenAPI"] {
        known.insert(w.to_owned());
    }
    known
}

/// The marker of a chapter's trailer line, `GetMetaDBInfo接口的使用示例Demo请参见DataWorks
/// OpenAPI示例。`, which some chapters print after [`CHAPTER_END`].
const TRAILER_MARK: &str = "接口的使用示例";

/// The operation a trailer line names (`CheckMetaPart it ion接口的使用示例…` gives
/// `CheckMetaPartition`), or `None` if the line is not a trailer.
fn trailer_name(text: &str) -> Option<String> {
    let (name, rest) = text.trim().split_once(TRAILER_MARK)?;
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    (rest.contains("Demo") && repair::is_identifier(&name)).then_some(name)
}

/// Cuts the content into chapters, each ending with [`CHAPTER_END`] and the trailer
/// line that may follow it. The trailer names the chapter it closes; the dump prints
/// it just above the next chapter's first paragraph (and that chapter's heading comes
/// later still), so without this it would open the next chapter's description.
fn split_chapters<'a>(content: &[Line<'a>]) -> Vec<Vec<Line<'a>>> {
    let mut chapters: Vec<Vec<Line<'a>>> = Vec::new();
    let mut current = Vec::new();
    // Whether only blank lines (held in `current`) have followed the last CHAPTER_END.
    let mut just_closed = false;
    for line in content {
        if just_closed && !line.text.trim().is_empty() {
            just_closed = false;
            if trailer_name(line.text).is_some() {
                if let Some(last) = chapters.last_mut() {
                    last.append(&mut current);
                    last.push(*line);
                    continue;
                }
            }
        }
        current.push(*line);
        if line.text.trim() == CHAPTER_END {
            chapters.push(std::mem::take(&mut current));
            just_closed = true;
        }
    }
    chapters
}

/// The sections of a chapter, located by their marker lines.
#[derive(Debug, Default)]
struct Sections {
    debug: Option<usize>,
    request: Option<usize>,
    response: Option<usize>,
    examples: Option<usize>,
    xml: Option<usize>,
    json: Option<usize>,
    errors: Option<usize>,
}

fn find_sections(lines: &[Line<'_>]) -> Sections {
    let mut s = Sections::default();
    for (i, l) in lines.iter().enumerate() {
        let t = repair::collapse_spaces(l.text);
        let slot = match t.as_str() {
            "调试" => &mut s.debug,
            "请求参数" => &mut s.request,
            "返回数据" => &mut s.response,
            "示例" | "请求示例" => &mut s.examples,
            "XML 格式" | "XML格式" => &mut s.xml,
            "JSON 格式" | "JSON格式" => &mut s.json,
            "错误码" => &mut s.errors,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(i);
        }
    }
    s
}

fn parse_chapter(
    file: &str,
    lines: &[Line<'_>],
    name: &str,
    prose_before: bool,
    known: &BTreeSet<String>,
    diag: &mut Diagnostics,
) -> RawOperation {
    // The chapter's content ends at its CHAPTER_END line; a trailer may follow.
    let end = lines
        .iter()
        .rposition(|l| l.text.trim() == CHAPTER_END)
        .unwrap_or(lines.len());
    let s = find_sections(&lines[..end]);
    if let Some((line, named)) = lines[end..]
        .iter()
        .find_map(|l| trailer_name(l.text).map(|n| (l.no, n)))
    {
        if named != name {
            diag.warn(
                file,
                line,
                WarningKind::Note,
                Some(name),
                format!("the chapter's trailer names {named}, not {name}"),
            );
        }
    }
    let bound = |from: Option<usize>, candidates: &[Option<usize>]| -> usize {
        let from = from.unwrap_or(0);
        candidates
            .iter()
            .flatten()
            .copied()
            .filter(|&c| c > from)
            .min()
            .unwrap_or(end)
    };
    // Description: from the chapter start (or the last page start when prose from a
    // previous section shares the chapter) to 调试 / 请求参数.
    let desc_end = s.debug.or(s.request).unwrap_or(0);
    let mut desc_start = 0;
    if prose_before {
        desc_start = lines[..desc_end]
            .iter()
            .rposition(|l| l.page_start)
            .unwrap_or(0);
        // That section may end mid-page with a code sample (5.8's Java program ends
        // just above GetDISyncTask's first paragraph): the description starts after it.
        if let Some(code) = lines[desc_start..desc_end]
            .iter()
            .rposition(|l| looks_like_code(l.text))
        {
            desc_start += code + 1;
            while desc_start < desc_end && lines[desc_start].text.trim().is_empty() {
                desc_start += 1;
            }
        }
    }
    let description = paragraphs(&lines[desc_start..desc_end], known);
    let all = [s.request, s.response, s.examples, s.xml, s.json, s.errors];
    let mut op = RawOperation {
        name: Some(name.to_owned()),
        lines: (
            lines.get(desc_start).map_or(0, |l| l.no),
            lines.last().map_or(0, |l| l.no),
        ),
        description,
        ..RawOperation::default()
    };
    if let Some(r) = s.request {
        let (rows, unplaced) = table::parse_rows(&lines[r + 1..bound(Some(r), &all)]);
        if rows.is_empty() {
            diag.warn(
                file,
                lines[r].no,
                WarningKind::UnparsedRow,
                Some(name),
                "request table has no rows (truncated?)",
            );
        }
        op.request = repair_rows(rows, known);
        report_unplaced(file, name, &unplaced, "request table", diag);
    } else {
        diag.warn(
            file,
            op.lines.0,
            WarningKind::Note,
            Some(name),
            "chapter has no 请求参数 section",
        );
    }
    if let Some(r) = s.response {
        let (rows, unplaced) = table::parse_rows(&lines[r + 1..bound(Some(r), &all)]);
        op.response = repair_rows(rows, known);
        report_unplaced(file, name, &unplaced, "response table", diag);
    }
    if let Some(e) = s.examples {
        op.request_example = request_example(&lines[e + 1..bound(Some(e), &all)]);
    }
    if let Some(x) = s.xml {
        op.response_xml = code_block(&lines[x + 1..bound(Some(x), &all)], '<');
    }
    if let Some(j) = s.json {
        op.response_json = code_block(&lines[j + 1..bound(Some(j), &all)], '{');
    }
    if let Some(e) = s.errors {
        let (rows, unplaced) = errors::parse_errors(&lines[(e + 1).min(end)..end]);
        op.errors = rows;
        report_unplaced(file, name, &unplaced, "error table", diag);
    }
    op
}

/// Whether a line is part of a code sample: indented (prose in the dump never is) or
/// ending like a statement or block (`;`, `{`, `}`).
fn looks_like_code(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && (text.starts_with("  ") || t.ends_with([';', '{', '}']))
}

fn report_unplaced(
    file: &str,
    op: &str,
    unplaced: &[(usize, String)],
    table: &str,
    diag: &mut Diagnostics,
) {
    for (line, text) in unplaced {
        diag.warn(
            file,
            *line,
            WarningKind::UnparsedRow,
            Some(op),
            format!("{table}: line not part of any row: {text:?}"),
        );
    }
}

/// Applies prose repairs to the rows' descriptions.
fn repair_rows(rows: Vec<RawRow>, known: &BTreeSet<String>) -> Vec<RawRow> {
    rows.into_iter()
        .map(|mut r| {
            r.description = repair::rejoin_known(&r.description, known);
            r
        })
        .collect()
}

/// Joins lines into paragraphs (blank-line separated), repairing known identifiers.
fn paragraphs(lines: &[Line<'_>], known: &BTreeSet<String>) -> String {
    let mut paras: Vec<String> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for l in lines
        .iter()
        .map(|l| l.text.trim())
        .chain(std::iter::once(""))
    {
        if l.is_empty() {
            if !cur.is_empty() {
                paras.push(repair::join_paragraph(&cur));
                cur.clear();
            }
        } else {
            cur.push(l);
        }
    }
    repair::rejoin_known(&paras.join("\n"), known)
}

/// The request example: the `http(s)://[Endpoint]/?Action=...` line and its `&` lines.
fn request_example(lines: &[Line<'_>]) -> Option<RawText> {
    let start = lines
        .iter()
        .position(|l| l.text.trim().starts_with("http"))?;
    let mut out: Vec<String> = Vec::new();
    for l in &lines[start..] {
        let t = l.text.trim();
        if t.is_empty() || t == "正常返回示例" {
            if out.last().is_some_and(|s| s.contains("公共请求参数")) || t == "正常返回示例"
            {
                break;
            }
            continue;
        }
        if out.is_empty() || t.starts_with('&') {
            out.push(t.to_owned());
        } else if let Some(last) = out.last_mut() {
            // A parameter value wrapped onto the next line.
            *last = repair::join_wrapped(last, t);
        }
    }
    Some(RawText {
        text: out.join("\n"),
        line: lines[start].no,
    })
}

/// A code block (XML or JSON example): from the first line starting with `open` to the
/// end of the section, HTTP header lines and blank lines dropped.
fn code_block(lines: &[Line<'_>], open: char) -> Option<RawText> {
    let start = lines
        .iter()
        .position(|l| l.text.trim_start().starts_with(open))?;
    let body: Vec<&str> = lines[start..]
        .iter()
        .map(|l| l.text)
        .filter(|t| !t.trim().is_empty() && t.trim() != "正常返回示例")
        .collect();
    Some(RawText {
        text: body.join("\n"),
        line: lines[start].no,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-chapter miniature of the dump with its defects: page furniture inside a
    /// table, a repeated section heading on a new page, a link line after a footer, a
    /// split name and a wrapped error code.
    const MINI: &str = "\
OpenAPI级别 调用限制
1级 QPS①<=50
租户

API名称 API描述 API级别

ListThings 调用ListThings查看列表。 1级

GetThing
调用GetThing获取详情。

2级

 调用ListThings查看列表。

调试
请求参数

名称 类型 是否必选 示例值 描述

Action String 是 ListThings 系统规定参数。

2.租户
2.1. ListThings

API参考·租户 Dat aWorks

23 > 文档版本：20220713

https://api.aliyun.com/#product=dataworks-public&api=ListThings
 PageSize Integer 否 10 每页的条数。

返回数据

名称 类型 示例值 描述

BindingProjectNam
e

String abc 名称。

示例
请求示例
http(s)://[Endpoint]/?Action=ListThings
&PageSize=10
&公共请求参数

正常返回示例
JSON 格式
{
  \"BindingProjectName\" : \"abc\"
}

错误码

HttpCode 错误码 错误信息 描述

400
Invalid.Tenant.Connectio
nNotExists

The connection does not exist. 数据源不存在。

访问错误中心查看更多错误码。

调用GetThing获取详情。

调试
请求参数
2.2. GetThing
 名称 类型 是否必选 示例值 描述

ThingId Long 是 1 ID。

2.2. GetThing
 返回数据

RequestId String abc 请求ID。

访问错误中心查看更多错误码。
";

    #[test]
    fn a_miniature_reference_parses_with_all_repairs() {
        let mut diag = Diagnostics::new();
        let doc = parse_document("mini.txt", MINI, &mut diag).expect("parses");
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
        assert_eq!(doc.version.as_deref(), Some("20220713"));
        let names: Vec<_> = doc
            .operations
            .iter()
            .map(|o| o.name.clone().unwrap_or_default())
            .collect();
        assert_eq!(names, ["ListThings", "GetThing"]);
        let list = &doc.operations[0];
        assert_eq!(list.description, "调用ListThings查看列表。");
        assert_eq!(list.category_title.as_deref(), Some("租户"));
        let req: Vec<_> = list
            .request
            .iter()
            .map(|r| (r.name.as_str(), r.type_text.as_str(), r.line))
            .collect();
        assert_eq!(req, [("Action", "String", 21), ("PageSize", "Integer", 31)]);
        let resp: Vec<_> = list
            .response
            .iter()
            .map(|r| (r.name.as_str(), r.example.as_str()))
            .collect();
        assert_eq!(resp, [("BindingProjectName", "abc")]);
        assert_eq!(list.errors[0].code, "Invalid.Tenant.ConnectionNotExists");
        assert_eq!(
            list.request_example.as_ref().map(|t| t.text.as_str()),
            Some("http(s)://[Endpoint]/?Action=ListThings\n&PageSize=10\n&公共请求参数")
        );
        assert!(list
            .response_json
            .as_ref()
            .is_some_and(|t| t.text.contains("BindingProjectName")));
        let get = &doc.operations[1];
        assert_eq!(get.description, "调用GetThing获取详情。");
        assert_eq!(get.request.len(), 1);
        assert_eq!(get.response.len(), 1);
        let service = doc.service.expect("overview");
        let overview: Vec<_> = service
            .overview
            .iter()
            .map(|e| (e.name.as_str(), e.tier))
            .collect();
        assert_eq!(overview, [("ListThings", 1), ("GetThing", 2)]);
        assert_eq!(service.tiers.len(), 1);
    }

    /// The order the dump prints a chapter boundary in (003, lines 9999-10050): the
    /// closing line, the previous chapter's trailer (naming the previous operation),
    /// the next chapter's first paragraph, its sections, and only then its heading.
    const TRAILERS: &str = "\
API参考 文档版本：20220713
2.1. ListThings
 调用ListThings查看列表。

调试
请求参数

PageSize Integer 否 10 每页的条数。

错误码

HttpCode 错误码 错误信息 描述

400 Invalid.Thing The thing is invalid. 对象无效。

访问错误中心查看更多错误码。

ListThings接口的使用示例Demo请参见DataWorks OpenAPI示例。

调用GetThing获取详情。

调试
请求参数
2.2. GetThing

ThingId Long 是 1 ID。

访问错误中心查看更多错误码。

GetThing接口的使用示例Demo请参见DataWorks OpenAPI示例。

调用DropThing删除对象。

调试
2.3. DropThing
请求参数

ThingId Long 是 1 ID。

访问错误中心查看更多错误码。

GetThing接口的使用示例Demo请参见DataWorks OpenAPI示例。
";

    #[test]
    fn a_trailer_closes_the_previous_chapter_not_the_next() {
        let mut diag = Diagnostics::new();
        let doc = parse_document("mini.txt", TRAILERS, &mut diag).expect("parses");
        let ops: Vec<(&str, &str)> = doc
            .operations
            .iter()
            .map(|o| (o.name.as_deref().unwrap_or(""), o.description.as_str()))
            .collect();
        assert_eq!(
            ops,
            [
                ("ListThings", "调用ListThings查看列表。"),
                ("GetThing", "调用GetThing获取详情。"),
                ("DropThing", "调用DropThing删除对象。"),
            ]
        );
        // The trailer ends its own chapter's line range; the next chapter starts after it.
        let line_of = |t: &str| TRAILERS.lines().position(|l| l == t).unwrap() + 1;
        let list_trailer = line_of("ListThings接口的使用示例Demo请参见DataWorks OpenAPI示例。");
        assert_eq!(doc.operations[0].lines.1, list_trailer);
        assert!(doc.operations[1].lines.0 > list_trailer);
        // The error table stops at the closing line, trailer or not.
        let codes: Vec<&str> = doc.operations[0]
            .errors
            .iter()
            .map(|e| e.code.as_str())
            .collect();
        assert_eq!(codes, ["Invalid.Thing"]);
        // A trailer naming another operation than its chapter's is reported.
        let notes: Vec<_> = diag
            .warnings()
            .iter()
            .filter(|w| w.message.contains("trailer"))
            .map(|w| (w.operation.as_deref(), w.line))
            .collect();
        assert_eq!(notes, [(Some("DropThing"), TRAILERS.lines().count())]);
    }

    #[test]
    fn trailer_lines() {
        assert_eq!(
            trailer_name("CheckMetaPart it ion接口的使用示例Demo请参见DataWorks OpenAPI示例。")
                .as_deref(),
            Some("CheckMetaPartition")
        );
        assert_eq!(
            trailer_name("调用CreateTable创建一个MaxCompute的表或视图。"),
            None
        );
        assert_eq!(trailer_name("以下为接口的使用示例Demo。"), None);
    }

    #[test]
    fn a_code_sample_before_a_chapter_is_not_its_description() {
        // 003 5.8 (a how-to with a Java program) shares GetDISyncTask's chapter.
        let text = "\
API参考 文档版本：20220713
2.1. ListThings
 调用ListThings查看列表。

调试
请求参数

PageSize Integer 否 10 每页的条数。

访问错误中心查看更多错误码。

2.2. 创建对象（API）
 配置流程
调用CreateThing创建对象，代码如下。

public class Demo {
    public static void main(String[] args) {
        client.getAcsResponse(request);
    }
}

获取对象的详情。

调试
2.3. GetThing
请求参数

ThingId Long 是 1 ID。

访问错误中心查看更多错误码。
";
        let mut diag = Diagnostics::new();
        let doc = parse_document("mini.txt", text, &mut diag).expect("parses");
        let get = &doc.operations[1];
        assert_eq!(get.name.as_deref(), Some("GetThing"));
        assert_eq!(get.description, "获取对象的详情。");
        let first = text.lines().position(|l| l == "获取对象的详情。").unwrap() + 1;
        assert_eq!(get.lines.0, first);
    }

    #[test]
    fn a_document_without_chapters_is_an_error() {
        let mut diag = Diagnostics::new();
        let err = parse_document("x.txt", "API参考 文档版本：20220713\n没有章节\n", &mut diag)
            .unwrap_err();
        assert_eq!(err.file, "x.txt");
    }
}
