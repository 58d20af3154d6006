//! Parameter and member tables of the PDF dump. A row starts with a head line
//! `Name Type [是|否] [Example] [Description]`; the name may be broken over lines
//! (`BindingProjectNam` / `e`) or by ligature spaces (`CreateT ime`), the type may be
//! split (`Array of` / `CalcEngines`), the example may wrap (`0bc14115**` / `**`), and the
//! description runs over paragraphs until the next head.

use regex::Regex;
use std::sync::LazyLock;

use super::repair::{
    has_cjk, is_cjk, is_identifier, join_ligature_split, join_paragraph, join_wrapped,
};
use super::Line;
use crate::scrape::raw::RawRow;

const TYPES: &str = r"String|Long|Integer|Boolean|Object|Struct|Float|Double|List|Map|JSONObject|JSONArray|Date|Array of [A-Za-z][A-Za-z0-9_]*|Array of|Array";

/// A head line with the name on it: `ProjectId Long 否 10000 ...`.
static HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<name>[A-Za-z_][A-Za-z0-9_.]*(?: [A-Za-z][A-Za-z0-9_.]*)*?) (?P<ty>{TYPES})(?: (?P<req>是|否))?(?:\s+(?P<rest>.*))?$"
    ))
    .expect("valid regex")
});

/// A head line whose name was on earlier lines: `String abc 计算引擎关联的工作空间名称。`.
static TYPE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<ty>{TYPES})(?: (?P<req>是|否))?(?:\s+(?P<rest>.*))?$"
    ))
    .expect("valid regex")
});

/// The parsed head of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Head {
    name: String,
    ty: String,
    required: Option<bool>,
    rest: String,
}

fn head_from(name: String, c: &regex::Captures<'_>) -> Head {
    Head {
        name,
        ty: c["ty"].to_owned(),
        required: c.name("req").map(|m| m.as_str() == "是"),
        rest: c.name("rest").map_or("", |m| m.as_str()).trim().to_owned(),
    }
}

/// Parses a one-line head, repairing a ligature-split name.
fn parse_head(text: &str) -> Option<Head> {
    let c = HEAD.captures(text)?;
    let name = join_ligature_split(&c["name"])?;
    Some(head_from(name, &c))
}

/// Tries a head whose name is spread over name-fragment lines starting at `lines[i]`:
/// returns the head and the index of the line after the type line.
fn parse_split_head(lines: &[Line<'_>], i: usize) -> Option<(Head, usize)> {
    let mut name = String::new();
    let mut j = i;
    let mut fragments = 0;
    while fragments < 4 {
        let text = lines.get(j)?.text.trim();
        if text.is_empty() {
            j += 1;
            continue;
        }
        fragments += 1;
        if let Some(c) = TYPE_LINE.captures(text) {
            if name.is_empty() {
                return None;
            }
            return Some((head_from(name, &c), j + 1));
        }
        let fragment = join_ligature_split(text)?;
        if !is_identifier(&fragment) && !fragment.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        name = join_wrapped(&name, &fragment);
        j += 1;
    }
    None
}

/// Splits a head's trailing text into example and description. The example is the
/// leading run of tokens without CJK text (`Oct 10, 2019 3:42:44 PM`); a first token in
/// Chinese is an example only where it is not a sentence and the type is a scalar
/// (`第一次发布任务 本次发布的说明信息。`).
fn split_rest(rest: &str, ty: &str) -> (String, String) {
    let tokens: Vec<&str> = rest.split_whitespace().collect();
    let Some(first) = tokens.first() else {
        return (String::new(), String::new());
    };
    if has_cjk(first) {
        let container =
            matches!(ty, "Object" | "Struct" | "Map" | "List") || ty.starts_with("Array");
        let sentence = first.ends_with(['。', '：', '，', '；', ')', '）']) || tokens.len() == 1;
        if container || sentence {
            return (String::new(), tokens.join(" "));
        }
        return (first.to_string(), tokens[1..].join(" "));
    }
    let n = tokens
        .iter()
        .position(|t| has_cjk(t))
        .unwrap_or(tokens.len());
    (tokens[..n].join(" "), tokens[n..].join(" "))
}

/// The longest lone Chinese word on a head line that may be an example cell (the
/// reference's description column holds about 24 characters a line).
const LONE_CELL_CHARS: usize = 12;

/// A row being assembled.
struct Builder {
    row: RawRow,
    /// The type ended in `Array of` and waits for its element name.
    awaiting_elem: bool,
    /// The element name was just read and may continue on the next line (`ProgramTypeAndC` / `ount`).
    elem_open: bool,
    /// Still reading example continuation lines (no blank line or CJK seen yet).
    in_example: bool,
    /// Whether any line after the head has been read.
    touched: bool,
    paragraphs: Vec<Vec<String>>,
}

impl Builder {
    fn new(head: Head, line: usize) -> Self {
        let (example, first_desc) = split_rest(&head.rest, &head.ty);
        let awaiting_elem = head.ty == "Array of";
        let in_example = head.rest.is_empty() && !awaiting_elem;
        let mut paragraphs = vec![Vec::new()];
        if !first_desc.is_empty() {
            // A lone Chinese word with no sentence mark (`我的业务流程`) is the example
            // cell or the start of the description: the cell boundary is kept as a line
            // break, so that the request example can tell later (see `defects`).
            // (A description's first line fills the column; an example is short.)
            let lone = has_cjk(&first_desc)
                && first_desc.chars().count() <= LONE_CELL_CHARS
                && !first_desc.contains(char::is_whitespace)
                && !first_desc.ends_with(['。', '：', '，', '；', ')', '）', ':', '.']);
            paragraphs[0].push(first_desc);
            if lone {
                paragraphs.push(Vec::new());
            }
        }
        Builder {
            row: RawRow {
                name: head.name,
                type_text: head.ty,
                required: head.required,
                example,
                description: String::new(),
                line,
                depth: None,
            },
            awaiting_elem,
            elem_open: false,
            in_example,
            touched: false,
            paragraphs,
        }
    }

    fn blank(&mut self) {
        // A blank line ends the example, unless nothing has been read yet (the example
        // cell may start below a blank line, as for `WebUrl String` / `` / `https://...`).
        if self.touched || !self.row.example.is_empty() {
            self.in_example = false;
        }
        self.elem_open = false;
        if self.paragraphs.last().is_some_and(|p| !p.is_empty()) {
            self.paragraphs.push(Vec::new());
        }
    }

    fn push(&mut self, text: &str) {
        let text = text.trim();
        self.touched = true;
        if self.awaiting_elem {
            self.awaiting_elem = false;
            if is_identifier(text) {
                self.row.type_text = format!("Array of {text}");
                self.elem_open = true;
                return;
            }
        }
        if std::mem::take(&mut self.elem_open)
            && is_identifier(text)
            && text.starts_with(|c: char| c.is_ascii_lowercase())
        {
            self.row.type_text.push_str(text);
            return;
        }
        if self.in_example && !has_cjk(text) {
            self.row.example = join_wrapped(&self.row.example, text);
            return;
        }
        self.in_example = false;
        if let Some(p) = self.paragraphs.last_mut() {
            p.push(text.to_owned());
        }
    }

    fn finish(mut self) -> RawRow {
        let paras: Vec<String> = self
            .paragraphs
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| join_paragraph(&p.iter().map(String::as_str).collect::<Vec<_>>()))
            .collect();
        self.row.description = paras.join("\n");
        self.row.example = self.row.example.trim().to_owned();
        self.row
    }
}

/// Parses the lines of one table section into rows. Non-empty lines before the first
/// row head are returned as unplaced (line number, text).
pub fn parse_rows(lines: &[Line<'_>]) -> (Vec<RawRow>, Vec<(usize, String)>) {
    let mut rows = Vec::new();
    let mut unplaced = Vec::new();
    let mut current: Option<Builder> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let text = line.text.trim();
        if text.is_empty() {
            if let Some(b) = current.as_mut() {
                b.blank();
            }
            i += 1;
            continue;
        }
        let head = parse_head(text).map(|h| (h, i + 1)).or_else(|| {
            starts_like_name(text)
                .then(|| parse_split_head(lines, i))
                .flatten()
        });
        if let Some((head, next)) = head {
            let split_candidate = line.page_start && head.rest.is_empty();
            let mut fresh = Builder::new(head, line.no);
            if let Some(mut b) = current.take() {
                if split_candidate {
                    move_split_cell(&mut b, &mut fresh);
                }
                rows.push(b.finish());
            }
            current = Some(fresh);
            i = next;
            continue;
        }
        match current.as_mut() {
            Some(b) => b.push(text),
            None => unplaced.push((line.no, text.to_owned())),
        }
        i += 1;
    }
    if let Some(b) = current {
        rows.push(b.finish());
    }
    (rows, unplaced)
}

/// Named normalization "cell split across a page break": when a row's head opens a page
/// with no text of its own, the start of its description may have been printed at the
/// bottom of the previous page, after the previous row's description: an introducing
/// paragraph (`数据源的详细信息。部分常用数据源样例如下：`) followed only by example-like
/// paragraphs (`odps`, `{ ... }`). Those paragraphs move to the new row. Nothing moves
/// unless that exact shape is present.
fn move_split_cell(prev: &mut Builder, next: &mut Builder) {
    let paras: Vec<&Vec<String>> = prev.paragraphs.iter().filter(|p| !p.is_empty()).collect();
    let is_example_like = |p: &Vec<String>| {
        let first = p.first().map_or("", |l| l.trim());
        first.starts_with('{')
            || first.starts_with('[')
            || (p.len() == 1 && !has_cjk(first) && !first.contains(' ') && first.len() <= 30)
    };
    // The introducing paragraph: not the first, prose, followed only by example-like ones
    // (at least one of which is a code block).
    let Some(start) = (1..paras.len()).find(|&k| {
        !is_example_like(paras[k])
            && paras[k + 1..].iter().all(|p| is_example_like(p))
            && paras[k + 1..].iter().any(|p| {
                p.first()
                    .is_some_and(|l| l.trim_start().starts_with(['{', '[']))
            })
    }) else {
        return;
    };
    let mut kept: Vec<Vec<String>> = Vec::new();
    let mut moved: Vec<Vec<String>> = Vec::new();
    let mut seen = 0;
    for p in prev.paragraphs.drain(..) {
        if p.is_empty() {
            continue;
        }
        if seen < start {
            kept.push(p);
        } else {
            moved.push(p);
        }
        seen += 1;
    }
    kept.push(Vec::new());
    prev.paragraphs = kept;
    moved.append(&mut next.paragraphs);
    next.paragraphs = moved;
    next.paragraphs.push(Vec::new());
}

fn starts_like_name(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && !text.chars().any(is_cjk)
        && text.len() <= 40
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.lines()
            .enumerate()
            .map(|(i, t)| Line {
                no: i + 1,
                text: t,
                page_start: false,
            })
            .collect()
    }

    fn row(name: &str, ty: &str, req: Option<bool>, ex: &str, desc: &str, line: usize) -> RawRow {
        RawRow {
            name: name.into(),
            type_text: ty.into(),
            required: req,
            example: ex.into(),
            description: desc.into(),
            line,
            depth: None,
        }
    }

    #[test]
    fn a_lone_short_chinese_word_keeps_its_cell_boundary() {
        // `我的业务流程` may be the example or the description's start: the line break
        // stays, for the request example to decide. A long line is the description's
        // first line and is joined as before.
        let text = "BusinessName String 是 我的业务流程\n业务流程名称，必须唯一。\n\nRequestId String 本次调用的唯一ID。出现错误后，您可以根据该ID排查问\n题。";
        let (rows, _) = parse_rows(&lines(text));
        assert_eq!(
            rows,
            vec![
                row(
                    "BusinessName",
                    "String",
                    Some(true),
                    "",
                    "我的业务流程\n业务流程名称，必须唯一。",
                    1
                ),
                row(
                    "RequestId",
                    "String",
                    None,
                    "",
                    "本次调用的唯一ID。出现错误后，您可以根据该ID排查问题。",
                    4
                ),
            ]
        );
    }

    #[test]
    fn request_rows_with_inline_and_wrapped_cells() {
        let text = "ProjectId Long 否 10000\n\nDataWorks工作空间的ID。您可以登录DataWorks\n管控台。\n\nFileId Long 是 10000001\n文件的ID。\n\n该参数与NodeId参数配置一个即可。\n\nComment String 否 第一次发布任务 本次发布的说明信息。";
        let (rows, unplaced) = parse_rows(&lines(text));
        assert!(unplaced.is_empty());
        assert_eq!(
            rows,
            vec![
                row(
                    "ProjectId",
                    "Long",
                    Some(false),
                    "10000",
                    "DataWorks工作空间的ID。您可以登录DataWorks管控台。",
                    1
                ),
                row(
                    "FileId",
                    "Long",
                    Some(true),
                    "10000001",
                    "文件的ID。\n该参数与NodeId参数配置一个即可。",
                    6
                ),
                row(
                    "Comment",
                    "String",
                    Some(false),
                    "第一次发布任务",
                    "本次发布的说明信息。",
                    11
                ),
            ]
        );
    }

    #[test]
    fn wrapped_examples_and_split_names_and_types() {
        let text = "RequestId String\n0bc1411515937635973**\n**\n\n请求ID。\n\nBindingProjectNam\ne\n\nString abc 计算引擎关联的工作空间名称。\n\nCalcEngines\nArray of\nCalcEngines\n\n计算引擎列表。\n\nCreateT ime Long 1541576644000 创建引擎的时间。\n\nErrorMessage String\nThe connection does not\nexist.\n\n错误信息。\n\nData Object 计算引擎的分页查询结果。";
        let (rows, _) = parse_rows(&lines(text));
        let got: Vec<(&str, &str, &str, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.type_text.as_str(),
                    r.example.as_str(),
                    r.description.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("RequestId", "String", "0bc1411515937635973****", "请求ID。"),
                (
                    "BindingProjectName",
                    "String",
                    "abc",
                    "计算引擎关联的工作空间名称。"
                ),
                ("CalcEngines", "Array of CalcEngines", "", "计算引擎列表。"),
                ("CreateTime", "Long", "1541576644000", "创建引擎的时间。"),
                (
                    "ErrorMessage",
                    "String",
                    "The connection does not exist.",
                    "错误信息。"
                ),
                ("Data", "Object", "", "计算引擎的分页查询结果。"),
            ]
        );
        assert_eq!(rows[1].line, 7);
    }

    #[test]
    fn a_cell_split_across_a_page_moves_to_its_row() {
        let text = "EnvType Integer 是 1\n数据源所属的环境。\n\n数据源的详细信息。样例如下：\n\nodps\n\n{\n\"a\": 1\n}\n\n Content String 是\n\n{\"database\":\"db\"}\n\n更多说明。";
        let mut ls = lines(text);
        // The dump marks the first line of a page with a leading space.
        for l in ls.iter_mut() {
            if let Some(t) = l.text.strip_prefix(' ') {
                l.text = t;
                l.page_start = true;
            }
        }
        let (rows, _) = parse_rows(&ls);
        assert_eq!(rows[0].description, "数据源所属的环境。");
        assert_eq!(rows[1].example, "{\"database\":\"db\"}");
        assert_eq!(
            rows[1].description,
            "数据源的详细信息。样例如下：\nodps\n{ \"a\": 1 }\n更多说明。"
        );
    }

    #[test]
    fn a_row_at_a_page_start_keeps_its_own_text_otherwise() {
        let text = "A String 是 x\n第一段。\n\n第二段。\n\n B String 是\n说明。";
        let mut ls = lines(text);
        for l in ls.iter_mut() {
            if let Some(t) = l.text.strip_prefix(' ') {
                l.text = t;
                l.page_start = true;
            }
        }
        let (rows, _) = parse_rows(&ls);
        assert_eq!(rows[0].description, "第一段。\n第二段。");
        assert_eq!(rows[1].description, "说明。");
    }

    #[test]
    fn text_before_first_row_is_reported() {
        let (rows, unplaced) = parse_rows(&lines("某些说明\nName String abc 名称。"));
        assert_eq!(rows.len(), 1);
        assert_eq!(unplaced, vec![(1, "某些说明".to_owned())]);
    }

    #[test]
    fn example_split_keeps_dates_and_sentences_apart() {
        assert_eq!(
            split_rest("Oct 10, 2019 3:42:44 PM 计算引擎的创建时间。", "String"),
            (
                "Oct 10, 2019 3:42:44 PM".into(),
                "计算引擎的创建时间。".into()
            )
        );
        assert_eq!(
            split_rest("200 HTTP状态码。", "Integer"),
            ("200".into(), "HTTP状态码。".into())
        );
        assert_eq!(
            split_rest("发布同步任务的结果。", "Object"),
            (String::new(), "发布同步任务的结果。".into())
        );
    }
}
