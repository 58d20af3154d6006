//! Help-center pages saved from a browser as HTML, parsed with the `scraper` crate.
//!
//! This module owns the HTML page layout (fixtures in `xtask/tests/fixtures/html/`):
//! - the operation name from the `<h1>` (`大数据开发治理平台 DataWorks:GetDeployment`,
//!   `DeployDISyncTask`, `ListFiles - 查询文件列表`), else the `<title>`, the `Action` row's
//!   example or the request example URL;
//! - the date (`更新时间:Oct 11, 2023` / `Last Updated:Oct 17, 2024`, in a short element)
//!   and the language (`<html lang>`: `zh-CN`, `zh-TW`, `en`);
//! - the description: the `<p>` paragraphs between the `<h1>` and the next heading;
//! - the tables, placed by the heading above them (`请求参数`/`Request parameters`,
//!   `返回数据`/`返回参数`/`Response parameters`, `错误码`/`Error codes`). The header row
//!   (`<th>` cells, or a first row of known column words) names the columns, in any
//!   order: 名称/Parameter, 类型/Type, 是否必选/必填/Required, 示例值/Example, 描述/Description;
//!   HttpCode/HTTP status code, 错误码/Error code, 错误信息/Error message, 描述/Description.
//!   Each `<tr>` with `<td>` cells is one row; an empty name cell is an anonymous row;
//! - row nesting, read into [`RawRow::depth`] (0 = top level) from, in order: a
//!   `data-indent` (or `data-depth`/`data-level`) attribute on the `<tr>` or the name cell,
//!   a `level-N`/`indent-N`/`depth-N` class on them, or a `padding-left`/`margin-left`
//!   style on the name cell or an element inside it, at 20px (1.25em) per level;
//! - description cells: `<p>`/`<br>`/block elements break paragraphs, `<li>` items become
//!   `• item` lines, wrapped source lines are joined CJK-aware;
//! - `<pre>` examples outside tables: `http...Action=` → request example; after the HTTP
//!   header lines, `{`/`[` → JSON, `<` → XML.
//!
//! Line numbers: scraper keeps no source positions, so the start tags are found in the
//! source text (skipping comments and raw-text elements such as `<script>`, `<style>`,
//! `<title>`) and matched, in order, to the parsed elements of the same name (a count
//! mismatch, e.g. from a `<tr>` the parser had to imply, is reported as a note). A row's
//! line is the line of its `<tr`; an example's is the line its text starts on.

use std::collections::HashMap;

use scraper::node::Node;
use scraper::{ElementRef, Html};

use super::page_common::{
    action_from_url, collapse_ws, dash_is_empty, date_after, has_content, is_action_name,
    join_paragraph_lines, no_operation, note_unnamed, parse_required, single_operation,
    title_operation_name, warn_empty_table, DescBuilder,
};
use super::{Layout, ParseError};
use crate::scrape::diag::{Diagnostics, WarningKind};
use crate::scrape::raw::{LayoutKind, RawDocument, RawError, RawOperation, RawRow, RawText};

/// Parser for saved HTML doc pages.
pub struct HtmlLayout;

/// Pixels of indentation per nesting level.
const PX_PER_LEVEL: f64 = 20.0;

impl Layout for HtmlLayout {
    fn kind(&self) -> LayoutKind {
        LayoutKind::Html
    }

    fn detect(&self, text: &str) -> bool {
        let mut t = text.trim_start_matches('\u{feff}').trim_start();
        // Browsers put a `<!-- saved from url=... -->` comment before the doctype.
        while let Some(rest) = t.strip_prefix("<!--") {
            match rest.find("-->") {
                Some(p) => t = rest.get(p + 3..).unwrap_or("").trim_start(),
                None => return false,
            }
        }
        let head: String = t.chars().take(14).collect::<String>().to_ascii_lowercase();
        head.starts_with("<!doctype html") || head.starts_with("<html")
    }

    fn parse(
        &self,
        file: &str,
        text: &str,
        diag: &mut Diagnostics,
    ) -> Result<RawDocument, ParseError> {
        let html = Html::parse_document(text);
        let root = html.root_element();
        let positions = Positions::new(text, root, file, diag);
        let language = root.attr("lang").and_then(normalise_language);

        let mut page = Page {
            file,
            positions: &positions,
            op: RawOperation::default(),
            version: None,
            title_line: None,
            last_line: 0,
            english_headers: false,
        };
        page.walk(root, diag);
        let Page {
            mut op,
            version,
            title_line,
            last_line,
            english_headers,
            ..
        } = page;

        if op.name.is_none() {
            op.name = root
                .descendent_elements()
                .find(|e| e.value().name() == "title")
                .and_then(|t| name_from_heading(&element_text(t)));
        }
        resolve_name(&mut op, file, diag);
        if !has_content(&op) {
            return Err(no_operation(file, "html"));
        }
        let first = title_line.unwrap_or(1);
        op.lines = (first, last_line.max(first));
        let language = language.or_else(|| english_headers.then(|| "en".to_owned()));
        Ok(single_operation(op, version, language))
    }
}

/// `zh-cn`/`zh`/`zh-Hans` → `zh-CN`, `zh-tw`/`zh-HK`/`zh-Hant` → `zh-TW`, `en-US` → `en`.
fn normalise_language(lang: &str) -> Option<String> {
    let l = lang.trim().to_ascii_lowercase();
    if l.is_empty() {
        return None;
    }
    Some(if l.starts_with("en") {
        "en".to_owned()
    } else if l == "zh-tw" || l == "zh-hk" || l.starts_with("zh-hant") {
        "zh-TW".to_owned()
    } else if l.starts_with("zh") {
        "zh-CN".to_owned()
    } else {
        lang.trim().to_owned()
    })
}

/// Identifies a parsed element for the life of its [`Html`] (its address; the tree's
/// node ids are not nameable without depending on `ego_tree`).
type ElementKey = usize;

fn key(el: ElementRef<'_>) -> ElementKey {
    std::ptr::from_ref(el.value()) as usize
}

/// Where the start tags of interest are in the source.
struct Positions {
    /// Element → (line, byte offset of its `<`).
    by_node: HashMap<ElementKey, (usize, usize)>,
    /// The source length, to check offsets against.
    source_len: usize,
    /// Whether a `<pre>` start tag is directly followed by a newline (which the parser
    /// drops from the element's text).
    newline_after_pre: HashMap<ElementKey, bool>,
}

/// Tags whose elements get source positions.
const TRACKED: &[&str] = &["tr", "pre", "h1", "table"];
/// Elements whose content is raw text, not markup (`noscript` too: the parser runs with
/// scripting enabled).
const RAW_TEXT: &[&str] = &[
    "script", "style", "title", "textarea", "noscript", "iframe", "xmp", "noembed", "noframes",
];

impl Positions {
    fn new(src: &str, root: ElementRef<'_>, file: &str, diag: &mut Diagnostics) -> Self {
        let lower = src.to_ascii_lowercase();
        let newlines: Vec<usize> = src.match_indices('\n').map(|(i, _)| i).collect();
        let line_of = |offset: usize| newlines.partition_point(|&p| p < offset) + 1;

        // Start tags in the source, in order.
        let mut tags: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut i = 0;
        while let Some(rel) = lower.get(i..).and_then(|s| s.find('<')) {
            let at = i + rel;
            let rest = lower.get(at..).unwrap_or("");
            if rest.starts_with("<!--") {
                i = rest
                    .find("-->")
                    .map_or(lower.len(), |p| at + p + "-->".len());
                continue;
            }
            let name: String = rest
                .chars()
                .skip(1)
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            i = at + 1;
            if name.is_empty() {
                continue;
            }
            if let Some(tag) = TRACKED.iter().find(|t| **t == name) {
                tags.entry(tag).or_default().push(at);
            }
            if RAW_TEXT.contains(&name.as_str()) {
                let close = format!("</{name}");
                i = lower
                    .get(at + 1..)
                    .and_then(|s| s.find(&close))
                    .map_or(lower.len(), |p| at + 1 + p);
            }
        }

        // Parsed elements, in order, matched to the source tags of the same name.
        let mut by_node = HashMap::new();
        let mut newline_after_pre = HashMap::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for el in root.descendent_elements() {
            let Some(tag) = TRACKED.iter().find(|t| **t == el.value().name()) else {
                continue;
            };
            let k = seen.entry(tag).or_insert(0);
            let offsets = tags.get(tag).map(Vec::as_slice).unwrap_or_default();
            let offset = offsets
                .get(*k)
                .or_else(|| offsets.last())
                .copied()
                .unwrap_or(0);
            *k += 1;
            by_node.insert(key(el), (line_of(offset), offset));
            if *tag == "pre" {
                // The parser drops one newline right after `<pre ...>`.
                let nl = src
                    .get(offset..)
                    .and_then(|s| s.find('>').and_then(|p| s.get(p + 1..)))
                    .is_some_and(|after| after.starts_with('\n') || after.starts_with("\r\n"));
                newline_after_pre.insert(key(el), nl);
            }
        }
        for tag in TRACKED {
            let in_source = tags.get(tag).map_or(0, Vec::len);
            let parsed = seen.get(tag).copied().unwrap_or(0);
            if in_source != parsed {
                diag.warn(
                    file,
                    0,
                    WarningKind::Note,
                    None,
                    format!(
                        "{in_source} <{tag}> tags in the source but {parsed} parsed; line \
                         numbers of those elements may be approximate"
                    ),
                );
            }
        }
        Positions {
            by_node,
            source_len: src.len(),
            newline_after_pre,
        }
    }

    /// The 1-based line of an element's start tag (1 when unknown).
    fn line(&self, el: ElementRef<'_>) -> usize {
        self.by_node
            .get(&key(el))
            .map_or(1, |(line, _)| *line)
            .max(1)
    }

    /// The line a `<pre>` element's text starts on.
    fn pre_text_line(&self, el: ElementRef<'_>) -> usize {
        let skip = self
            .newline_after_pre
            .get(&key(el))
            .copied()
            .unwrap_or(false);
        let within = self
            .by_node
            .get(&key(el))
            .is_some_and(|(_, off)| *off < self.source_len);
        self.line(el) + usize::from(skip && within)
    }
}

/// Which table a heading introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Request,
    Response,
    Errors,
    Examples,
    Other,
}

fn classify_heading(text: &str) -> Section {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = t.to_ascii_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| t.contains(w) || lower.contains(w));
    if any(&["请求参数", "請求參數", "request parameters"]) {
        Section::Request
    } else if any(&[
        "返回参数",
        "返回数据",
        "返回參數",
        "返回資料",
        "response parameters",
        "response elements",
    ]) {
        Section::Response
    } else if any(&["错误码", "錯誤碼", "error codes", "error code"]) {
        Section::Errors
    } else if any(&["示例", "樣本", "example", "sample"]) {
        Section::Examples
    } else {
        Section::Other
    }
}

/// What a parameter-table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Type,
    Required,
    Example,
    Description,
    Status,
    Code,
    Message,
}

/// The column a header cell names (`error` picks the error-table reading of `描述`).
fn column(word: &str) -> Option<Col> {
    let w = collapse_ws(word);
    Some(match w.as_str() {
        "名称" | "名稱" | "参数" | "參數" | "参数名" | "Name" | "Parameter" => Col::Name,
        "类型" | "類型" | "Type" => Col::Type,
        "是否必选" | "是否必選" | "必填" | "必选" | "Required" => Col::Required,
        "示例值" | "樣本值" | "示例" | "Example" => Col::Example,
        "描述" | "说明" | "說明" | "Description" => Col::Description,
        "HttpCode" | "HTTP status code" | "HTTP 状态码" | "HTTP状态码" | "HTTP 狀態碼" => {
            Col::Status
        }
        "错误码" | "錯誤碼" | "Error code" => Col::Code,
        "错误信息" | "錯誤資訊" | "Error message" => Col::Message,
        _ => return None,
    })
}

fn is_english_header(word: &str) -> bool {
    let w = collapse_ws(word);
    w.is_ascii() && w != "HttpCode" && column(&w).is_some()
}

/// State of the walk over one page.
struct Page<'a> {
    file: &'a str,
    positions: &'a Positions,
    op: RawOperation,
    version: Option<String>,
    title_line: Option<usize>,
    last_line: usize,
    english_headers: bool,
}

fn name_of(el: ElementRef<'_>) -> &str {
    el.value().name()
}

fn inside(el: ElementRef<'_>, names: &[&str]) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| names.contains(&name_of(a)))
}

/// All text of an element, whitespace collapsed.
fn element_text(el: ElementRef<'_>) -> String {
    collapse_ws(&el.text().collect::<String>())
}

/// The operation named by a heading: `... DataWorks:Name`, or a leading action name
/// (`ListFiles - 查询文件列表`, `DeployDISyncTask`).
fn name_from_heading(text: &str) -> Option<String> {
    if let Some(name) = title_operation_name(text) {
        return Some(name);
    }
    let first = text.split_whitespace().next()?;
    let first = first.split(['_', '-']).next().unwrap_or(first);
    (is_action_name(first) && first.starts_with(|c: char| c.is_ascii_uppercase()))
        .then(|| first.to_owned())
}

impl Page<'_> {
    fn note_line(&mut self, line: usize) {
        self.last_line = self.last_line.max(line);
    }

    fn walk(&mut self, root: ElementRef<'_>, diag: &mut Diagnostics) {
        let mut section = Section::Other;
        let mut in_intro = false;
        let mut intro = DescBuilder::new();
        for el in root.descendent_elements() {
            let name = name_of(el);
            if matches!(name, "script" | "style" | "template" | "head") {
                continue;
            }
            let nested = inside(el, &["table", "pre", "script", "style", "template", "head"]);
            match name {
                "h1" if !nested => {
                    in_intro = false;
                    if self.op.name.is_none() {
                        let text = element_text(el);
                        if let Some(n) = name_from_heading(&text) {
                            self.op.name = Some(n);
                            self.title_line = Some(self.positions.line(el));
                            in_intro = true;
                            intro = DescBuilder::new();
                        }
                    }
                }
                "h2" | "h3" | "h4" | "h5" | "h6" if !nested => {
                    in_intro = false;
                    let s = classify_heading(&element_text(el));
                    // A sub-heading of the examples (`请求示例`) keeps the section.
                    if !(section == Section::Examples && s == Section::Other) {
                        section = s;
                    }
                }
                "p" | "div" | "span" if !nested => {
                    let text = element_text(el);
                    if self.version.is_none() && text.chars().count() <= 60 {
                        if let Some(v) = date_after(
                            &text,
                            &["更新时间", "更新時間", "Last Updated", "Last updated"],
                        ) {
                            self.version = Some(v);
                            continue;
                        }
                    }
                    if in_intro && name == "p" && !inside(el, &["p", "li"]) {
                        for line in block_text(el).lines() {
                            intro.text(line);
                            intro.break_paragraph();
                        }
                    }
                }
                "table" if !inside(el, &["table", "head"]) => {
                    in_intro = false;
                    self.table(el, section, diag);
                }
                "pre" if !nested => {
                    in_intro = false;
                    self.pre(el, section);
                }
                _ => {}
            }
        }
        self.op.description = intro.finish();
    }

    fn pre(&mut self, el: ElementRef<'_>, section: Section) {
        let raw: String = el.text().collect();
        let lines: Vec<&str> = raw.lines().collect();
        let skip = lines
            .iter()
            .take_while(|l| {
                let t = l.trim().to_ascii_lowercase();
                t.is_empty() || t.starts_with("http/") || t.starts_with("content-type")
            })
            .count();
        let body: Vec<&str> = lines
            .iter()
            .skip(skip)
            .map(|l| l.trim_end())
            .collect::<Vec<_>>();
        let text = body.join("\n").trim_end().to_owned();
        let Some(first) = text.chars().next() else {
            return;
        };
        let line = self.positions.pre_text_line(el) + skip;
        let raw_text = RawText {
            line,
            text: text.clone(),
        };
        let slot = if first == '{' || first == '[' {
            &mut self.op.response_json
        } else if first == '<' {
            &mut self.op.response_xml
        } else if text.to_ascii_lowercase().starts_with("http")
            && (text.contains("Action=") || section == Section::Examples)
        {
            &mut self.op.request_example
        } else {
            return;
        };
        if slot.is_none() {
            *slot = Some(raw_text);
            self.note_line(line + text.lines().count().saturating_sub(1));
        }
    }

    fn table(&mut self, table: ElementRef<'_>, section: Section, diag: &mut Diagnostics) {
        let rows: Vec<ElementRef<'_>> = table
            .descendent_elements()
            .filter(|e| name_of(*e) == "tr")
            .filter(|tr| {
                tr.ancestors()
                    .filter_map(ElementRef::wrap)
                    .find(|a| name_of(*a) == "table")
                    .is_some_and(|t| key(t) == key(table))
            })
            .collect();
        let table_line = self.positions.line(table);
        let header_idx = rows.iter().position(|tr| {
            let cells = cells(*tr);
            !cells.is_empty()
                && (cells.iter().all(|c| name_of(*c) == "th") || inside(*tr, &["thead"]))
        });
        let header_idx = header_idx.or_else(|| {
            rows.first()
                .filter(|tr| {
                    let cells = cells(**tr);
                    !cells.is_empty() && cells.iter().all(|c| column(&element_text(*c)).is_some())
                })
                .map(|_| 0)
        });
        let Some(header_idx) = header_idx else {
            if matches!(
                section,
                Section::Request | Section::Response | Section::Errors
            ) {
                diag.warn(
                    self.file,
                    table_line,
                    WarningKind::UnparsedRow,
                    self.op.name.as_deref(),
                    "table without a header row in a parameter/error section; its rows are \
                     not placed",
                );
            }
            return;
        };
        let header_cells: Vec<String> = rows
            .get(header_idx)
            .map(|tr| cells(*tr).into_iter().map(element_text).collect())
            .unwrap_or_default();
        let cols: Vec<Option<Col>> = header_cells.iter().map(|c| column(c)).collect();
        if header_cells.iter().any(|c| is_english_header(c)) {
            self.english_headers = true;
        }
        let has = |c: Col| cols.contains(&Some(c));
        let data: Vec<ElementRef<'_>> = rows.iter().skip(header_idx + 1).copied().collect();
        let header_line = rows
            .get(header_idx)
            .map_or(table_line, |tr| self.positions.line(*tr));
        self.note_line(header_line);
        if has(Col::Code) && has(Col::Message) {
            self.error_rows(&data, &cols, header_line, diag);
        } else if has(Col::Name) && has(Col::Type) {
            let request = match section {
                Section::Request => true,
                Section::Response => false,
                _ => {
                    diag.warn(
                        self.file,
                        table_line,
                        WarningKind::Note,
                        self.op.name.as_deref(),
                        "parameter table outside a request/response section; placed by its \
                         Required column",
                    );
                    has(Col::Required)
                }
            };
            let rows = self.param_rows(&data, &cols, header_line, diag);
            if request {
                self.op.request.extend(rows);
            } else {
                self.op.response.extend(rows);
            }
        } else if matches!(
            section,
            Section::Request | Section::Response | Section::Errors
        ) {
            diag.warn(
                self.file,
                header_line,
                WarningKind::UnparsedRow,
                self.op.name.as_deref(),
                format!(
                    "table header `{}` not recognised; its {} rows are not placed",
                    header_cells.join(" | "),
                    data.len()
                ),
            );
        }
    }

    fn param_rows(
        &mut self,
        data: &[ElementRef<'_>],
        cols: &[Option<Col>],
        header_line: usize,
        diag: &mut Diagnostics,
    ) -> Vec<RawRow> {
        let op_name = self.op.name.clone();
        let op_name = op_name.as_deref();
        let mut out = Vec::new();
        for tr in data {
            let line = self.positions.line(*tr);
            self.note_line(line);
            let tds = cells(*tr);
            let cell = |c: Col| {
                cols.iter()
                    .position(|x| *x == Some(c))
                    .and_then(|i| tds.get(i))
            };
            let text = |c: Col| cell(c).map(|e| element_text(*e)).unwrap_or_default();
            if tds.is_empty() || tds.iter().all(|c| element_text(*c).is_empty()) {
                diag.warn(
                    self.file,
                    line,
                    WarningKind::UnparsedRow,
                    op_name,
                    "empty table row",
                );
                continue;
            }
            let spanning = |c: &ElementRef<'_>| {
                c.attr("colspan")
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .is_some_and(|n| n > 1)
            };
            if tds.len() == 1 && cols.len() > 1 && tds.first().is_some_and(spanning) {
                diag.warn(
                    self.file,
                    line,
                    WarningKind::UnparsedRow,
                    op_name,
                    format!(
                        "row `{}` spans the whole table; not a parameter row",
                        tds.first().map(|c| element_text(*c)).unwrap_or_default()
                    ),
                );
                continue;
            }
            let name = text(Col::Name)
                .trim_start_matches(['└', '├', '─', '│', '-', ' '])
                .to_owned();
            let type_text = text(Col::Type);
            let shown = if name.is_empty() {
                "(anonymous)"
            } else {
                name.as_str()
            };
            if type_text.is_empty() {
                diag.warn(
                    self.file,
                    line,
                    WarningKind::UnparsedRow,
                    op_name,
                    format!("row `{shown}` has no type; not placed"),
                );
                continue;
            }
            if tds.len() < cols.len() {
                diag.warn(
                    self.file,
                    line,
                    WarningKind::Note,
                    op_name,
                    format!(
                        "row `{shown}` has only {} of {} cells; missing cells left empty",
                        tds.len(),
                        cols.len()
                    ),
                );
            }
            let required_text = text(Col::Required);
            let required = parse_required(&required_text);
            if required.is_none() && !required_text.is_empty() {
                diag.warn(
                    self.file,
                    line,
                    WarningKind::Note,
                    op_name,
                    format!("row `{shown}`: required cell `{required_text}` is not 是/否/Yes/No"),
                );
            }
            out.push(RawRow {
                name,
                type_text,
                required,
                example: text(Col::Example),
                description: cell(Col::Description)
                    .map(|e| block_text(*e))
                    .unwrap_or_default(),
                line,
                depth: Some(depth_of(*tr, cell(Col::Name).copied())),
            });
        }
        if out.is_empty() && data.is_empty() {
            warn_empty_table(self.file, header_line, op_name, "parameter", diag);
        }
        out
    }

    fn error_rows(
        &mut self,
        data: &[ElementRef<'_>],
        cols: &[Option<Col>],
        header_line: usize,
        diag: &mut Diagnostics,
    ) {
        let op_name = self.op.name.clone();
        let op_name = op_name.as_deref();
        for tr in data {
            let line = self.positions.line(*tr);
            self.note_line(line);
            let tds = cells(*tr);
            let text = |c: Col| {
                cols.iter()
                    .position(|x| *x == Some(c))
                    .and_then(|i| tds.get(i))
                    .map(|e| element_text(*e))
                    .unwrap_or_default()
            };
            let status = text(Col::Status).parse::<u16>().ok();
            let code = text(Col::Code);
            match status {
                Some(status) if !code.is_empty() => self.op.errors.push(RawError {
                    status,
                    code,
                    message: text(Col::Message),
                    description: dash_is_empty(&text(Col::Description)),
                    line,
                }),
                _ => diag.warn(
                    self.file,
                    line,
                    WarningKind::UnparsedRow,
                    op_name,
                    format!(
                        "error row without a numeric status and a code: `{}`",
                        tds.iter()
                            .map(|c| element_text(*c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    ),
                ),
            }
        }
        if data.is_empty() {
            warn_empty_table(self.file, header_line, op_name, "error", diag);
        }
    }
}

/// The `<td>`/`<th>` cells of a row.
fn cells(tr: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    tr.children()
        .filter_map(ElementRef::wrap)
        .filter(|c| matches!(name_of(*c), "td" | "th"))
        .collect()
}

/// The nesting depth of a row (see the module documentation).
fn depth_of(tr: ElementRef<'_>, name_cell: Option<ElementRef<'_>>) -> usize {
    let mut candidates = vec![tr];
    if let Some(cell) = name_cell {
        candidates.push(cell);
        candidates.extend(cell.descendent_elements().skip(1).take(8));
    }
    for el in &candidates {
        for attr in ["data-indent", "data-depth", "data-level"] {
            if let Some(n) = el.attr(attr).and_then(|v| v.trim().parse::<usize>().ok()) {
                return n.min(64);
            }
        }
        for class in el.value().classes() {
            for prefix in ["level-", "indent-", "depth-"] {
                if let Some(n) = class
                    .strip_prefix(prefix)
                    .and_then(|v| v.parse::<usize>().ok())
                {
                    return n.min(64);
                }
            }
        }
    }
    for el in candidates.iter().skip(1) {
        if let Some(px) = el.attr("style").and_then(indent_px) {
            let levels = (px / PX_PER_LEVEL).round();
            if levels.is_finite() && levels >= 0.0 {
                return (levels as usize).min(64);
            }
        }
    }
    0
}

/// The `padding-left`/`margin-left` of a style attribute, in px (`em` at 16px).
fn indent_px(style: &str) -> Option<f64> {
    style.split(';').find_map(|decl| {
        let (prop, value) = decl.split_once(':')?;
        let prop = prop.trim().to_ascii_lowercase();
        if prop != "padding-left" && prop != "margin-left" {
            return None;
        }
        let value = value.trim().to_ascii_lowercase();
        let value = value.trim_end_matches("!important").trim();
        if let Some(px) = value.strip_suffix("px") {
            px.trim().parse::<f64>().ok()
        } else if let Some(em) = value
            .strip_suffix("rem")
            .or_else(|| value.strip_suffix("em"))
        {
            em.trim().parse::<f64>().ok().map(|e| e * 16.0)
        } else {
            value.parse::<f64>().ok()
        }
    })
}

/// Collects an element's text as description lines.
#[derive(Default)]
struct BlockText {
    desc: DescBuilder,
    raw: String,
    bullet: bool,
}

impl BlockText {
    fn flush(&mut self) {
        let raw = std::mem::take(&mut self.raw);
        let text = join_paragraph_lines(raw.lines());
        if self.bullet {
            if !text.is_empty() {
                self.desc.bullet(&text);
            }
        } else {
            self.desc.text(&text);
            self.desc.break_paragraph();
        }
        self.bullet = false;
    }

    fn walk(&mut self, el: ElementRef<'_>) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.raw.push_str(t),
                Node::Element(e) => {
                    let Some(child_el) = ElementRef::wrap(child) else {
                        continue;
                    };
                    match e.name() {
                        "br" => self.flush(),
                        "script" | "style" | "template" => {}
                        "li" => {
                            self.flush();
                            self.bullet = true;
                            self.walk(child_el);
                            self.flush();
                        }
                        "p" | "div" | "ul" | "ol" | "table" | "tr" | "pre" | "section"
                        | "blockquote" | "dl" | "dt" | "dd" | "h1" | "h2" | "h3" | "h4" | "h5"
                        | "h6" => {
                            let bullet = self.bullet;
                            if !self.raw.trim().is_empty() {
                                self.flush();
                            }
                            self.bullet = bullet;
                            self.walk(child_el);
                            if !self.raw.trim().is_empty() {
                                self.flush();
                            }
                        }
                        _ => self.walk(child_el),
                    }
                }
                _ => {}
            }
        }
    }
}

/// An element's text as a description: paragraphs and list items on their own lines.
fn block_text(el: ElementRef<'_>) -> String {
    let mut b = BlockText::default();
    b.walk(el);
    b.flush();
    b.desc.finish()
}

/// Fills in the operation name from the `Action` row or the request URL.
fn resolve_name(op: &mut RawOperation, file: &str, diag: &mut Diagnostics) {
    if op.name.is_some() {
        return;
    }
    op.name = op
        .request
        .iter()
        .find(|r| r.name == "Action" && is_action_name(&r.example))
        .map(|r| r.example.clone())
        .or_else(|| {
            op.request_example
                .as_ref()
                .and_then(|t| action_from_url(&t.text))
        });
    note_unnamed(op, file, "no title, Action row or request example", diag);
}

#[cfg(test)]
mod tests {
    use super::super::page_common::testing::{error_descriptions, error_summary, parse_with};
    use super::*;

    fn fixture(name: &str) -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/html/");
        std::fs::read_to_string(format!("{path}{name}")).expect("fixture")
    }

    fn parse(text: &str) -> (Result<RawDocument, ParseError>, Diagnostics) {
        parse_with(&HtmlLayout, "t.html", text)
    }

    type Summary<'a> = (
        &'a str,
        &'a str,
        Option<bool>,
        &'a str,
        usize,
        Option<usize>,
    );

    fn summary(rows: &[RawRow]) -> Vec<Summary<'_>> {
        rows.iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.type_text.as_str(),
                    r.required,
                    r.example.as_str(),
                    r.line,
                    r.depth,
                )
            })
            .collect()
    }

    #[test]
    fn detection() {
        assert!(HtmlLayout.detect(&fixture("01_get_deployment.zh-CN.html")));
        assert!(HtmlLayout.detect("\u{feff}  <!DOCTYPE HTML><html></html>"));
        assert!(HtmlLayout.detect("<html lang=\"en\">"));
        assert!(!HtmlLayout.detect("<!-- unterminated <html>"));
        assert!(!HtmlLayout.detect("请求参数\n<html>"));
    }

    #[test]
    fn depth_representations() {
        let html = Html::parse_fragment(
            "<table><tr data-indent=\"2\"><td>a</td></tr><tr class=\"x level-3\"><td>b</td></tr>\
             <tr><td style=\"color:red; padding-left: 40px\">c</td></tr>\
             <tr><td><div style=\"margin-left:1.25em\">d</div></td></tr><tr><td>e</td></tr>\
             <tr><td data-level=\"1\">f</td></tr></table>",
        );
        let depths: Vec<usize> = html
            .root_element()
            .descendent_elements()
            .filter(|e| name_of(*e) == "tr")
            .map(|tr| depth_of(tr, cells(tr).first().copied()))
            .collect();
        assert_eq!(depths, vec![2, 3, 2, 1, 0, 1]);
        assert_eq!(indent_px("padding-left:20px !important"), Some(20.0));
        assert_eq!(indent_px("padding-left: -"), None);
    }

    #[test]
    fn description_cells_keep_paragraphs_and_items() {
        let html = Html::parse_fragment(
            "<div><p>当前状态,\n  包括0。</p><ul><li><p>7:检查未通过</p></li><li>8:检查中</li></ul>\
             text<br>after <code>break</code></div>",
        );
        let div = html
            .root_element()
            .descendent_elements()
            .find(|e| name_of(*e) == "div")
            .unwrap();
        assert_eq!(
            block_text(div),
            "当前状态,包括0。\n• 7:检查未通过\n• 8:检查中\ntext\nafter break"
        );
    }

    #[test]
    fn headings_and_names() {
        assert_eq!(classify_heading("请求参数"), Section::Request);
        assert_eq!(
            classify_heading(" Response  parameters "),
            Section::Response
        );
        assert_eq!(classify_heading("返回数据"), Section::Response);
        assert_eq!(classify_heading("正常返回示例"), Section::Examples);
        assert_eq!(classify_heading("错误码"), Section::Errors);
        assert_eq!(classify_heading("调试"), Section::Other);
        assert_eq!(
            name_from_heading("ListFiles - 查询文件列表").as_deref(),
            Some("ListFiles")
        );
        assert_eq!(
            name_from_heading("GetDeployment - 获取发布包详情_大数据开发治理平台").as_deref(),
            Some("GetDeployment")
        );
        assert_eq!(name_from_heading("调试"), None);
        assert_eq!(normalise_language("zh-cn").as_deref(), Some("zh-CN"));
        assert_eq!(normalise_language("zh-Hant-TW").as_deref(), Some("zh-TW"));
        assert_eq!(normalise_language("en-US").as_deref(), Some("en"));
    }

    #[test]
    fn line_numbers_skip_raw_text_and_report_implied_rows() {
        let page = "<!DOCTYPE html>\n<html><body>\n<h1>DataWorks:ListFiles</h1>\n\
            <noscript><table><tr><td>x</td></tr></table></noscript>\n<h2>返回数据</h2>\n\
            <table><tr><th>名称</th><th>类型</th></tr>\n<tr><td>A</td><td>String</td></tr>\n\
            <tr><td>B</td><td>Long</td></tr></table>\n</body></html>";
        let (doc, diag) = parse(page);
        let op = &doc.unwrap().operations[0];
        let lines: Vec<_> = op
            .response
            .iter()
            .map(|r| (r.name.as_str(), r.line))
            .collect();
        assert_eq!(lines, vec![("A", 7), ("B", 8)]);
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());

        // `<td>` straight in `<table>`: the parser implies a `<tr>` the source lacks.
        let page = "<html><body><h1>ListFiles</h1><h2>返回数据</h2>\n<table>\n\
            <tr><th>名称</th><th>类型</th></tr>\n<td>A</td><td>String</td></table></body></html>";
        let (doc, diag) = parse(page);
        let op = &doc.unwrap().operations[0];
        assert_eq!(op.response.len(), 1);
        assert_eq!(diag.warnings().len(), 1);
        assert_eq!(diag.warnings()[0].kind, WarningKind::Note);
        assert!(diag.warnings()[0].message.contains("<tr>"));
    }

    #[test]
    fn no_operation_is_an_error() {
        let (doc, _) = parse("<!DOCTYPE html><html><body><p>hello</p></body></html>");
        assert_eq!(doc.unwrap_err().file, "t.html");
    }

    #[test]
    fn fixture_zh_get_deployment() {
        let (doc, diag) = parse(&fixture("01_get_deployment.zh-CN.html"));
        let doc = doc.unwrap();
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
        assert_eq!(doc.version.as_deref(), Some("Oct 11, 2023"));
        assert_eq!(doc.language.as_deref(), Some("zh-CN"));
        let op = &doc.operations[0];
        assert_eq!(op.name.as_deref(), Some("GetDeployment"));
        assert_eq!(op.description, "获取发布包的详情。");
        assert_eq!(op.lines, (18, 136));
        assert_eq!(
            summary(&op.request),
            vec![
                ("Action", "String", Some(true), "GetDeployment", 32, Some(0)),
                ("ProjectId", "Long", Some(false), "10000", 36, Some(0)),
                (
                    "ProjectIdentifier",
                    "String",
                    Some(false),
                    "dw_project",
                    41,
                    Some(0)
                ),
                ("DeploymentId", "Long", Some(true), "3000001", 46, Some(0)),
            ]
        );
        assert_eq!(
            op.request[1].description,
            "DataWorks工作空间的ID,您可以单击页面右上角的小扳手图标,进入工作空间管理页面查看。"
        );
        assert_eq!(
            op.request[2].description,
            "DataWorks工作空间的唯一标识符,即数据开发页面顶部切换工作空间处的英文标识。\n\
             该参数与ProjectId参数二者必须设置其一,以确定本次API调用操作的DataWorks工作空间。"
        );
        assert_eq!(
            summary(&op.response),
            vec![
                ("HttpStatusCode", "Integer", None, "200", 58, Some(0)),
                (
                    "ErrorMessage",
                    "String",
                    None,
                    "The connection does not exist.",
                    59,
                    Some(0)
                ),
                (
                    "RequestId",
                    "String",
                    None,
                    "0000-ABCD-EFG****",
                    60,
                    Some(0)
                ),
                (
                    "ErrorCode",
                    "String",
                    None,
                    "Invalid.Tenant.ConnectionNotExists",
                    61,
                    Some(0)
                ),
                ("Success", "Boolean", None, "true", 62, Some(0)),
                ("Data", "Object", None, "", 63, Some(0)),
                ("Deployment", "Object", None, "", 64, Some(1)),
                ("Status", "Integer", None, "1", 65, Some(2)),
                (
                    "Name",
                    "String",
                    None,
                    "ods_user_info_d-2020-07-04_20030****",
                    66,
                    Some(2)
                ),
                ("CheckingStatus", "Integer", None, "7", 67, Some(2)),
                (
                    "DeployedItems",
                    "Array of DeployedItem",
                    None,
                    "",
                    77,
                    Some(1)
                ),
                ("DeployedItem", "Object", None, "", 78, Some(2)),
                ("FileId", "Long", None, "507642378", 79, Some(3)),
                ("FileVersion", "Long", None, "7", 80, Some(3)),
            ]
        );
        assert_eq!(
            op.response[8].description,
            "发布包的名称,显示在任务发布>发布包列表页面。"
        );
        assert_eq!(
            op.response[9].description,
            "当前发布包涉及节点的检查状态,只有发布包的Status为1并且CheckingStatus为空时,\
             才可以继续进行文件到生产环境的发布。\n• 7:检查未通过\n• 8:正在处于检查中的状态"
        );
        let errs = error_descriptions(&op.errors);
        assert_eq!(
            errs,
            vec![
                (
                    429,
                    "Throttling.Api",
                    "对该资源的请求已超过您的可用上限。",
                    134
                ),
                (
                    429,
                    "Throttling.System",
                    "DataWorks系统繁忙,请稍后再试。",
                    135
                ),
                (500, "InternalError.UserId.Missing", "", 136),
            ]
        );
        assert_eq!(
            op.errors[1].message,
            "The DataWorks system is busy. Try again later."
        );
        let req = op.request_example.as_ref().unwrap();
        assert_eq!(req.line, 85);
        assert_eq!(
            req.text,
            "http(s)://[Endpoint]/?Action=GetDeployment\n&ProjectId=10000\n\
             &ProjectIdentifier=dw_project\n&DeploymentId=3000001\n&公共请求参数"
        );
        let xml = op.response_xml.as_ref().unwrap();
        assert_eq!(xml.line, 96);
        assert!(xml
            .text
            .starts_with("<GetDeploymentResponse>\n    <HttpStatusCode>200"));
        assert!(xml.text.ends_with("</GetDeploymentResponse>"));
        let json = op.response_json.as_ref().unwrap();
        assert_eq!(json.line, 109);
        assert!(json.text.starts_with("{\n  \"HttpStatusCode\" : 200,"));
        assert!(json.text.ends_with("  }\n}"));
    }

    #[test]
    fn fixture_en_deploy_di_sync_task() {
        let (doc, diag) = parse(&fixture("02_deploy_di_sync_task.en.html"));
        let doc = doc.unwrap();
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
        assert_eq!(doc.version.as_deref(), Some("Oct 17, 2024"));
        assert_eq!(doc.language.as_deref(), Some("en"));
        let op = &doc.operations[0];
        assert_eq!(op.name.as_deref(), Some("DeployDISyncTask"));
        assert_eq!(
            op.description,
            "Deploys a real-time synchronization task or a data synchronization solution."
        );
        assert_eq!(
            summary(&op.request),
            vec![
                ("ProjectId", "long", Some(true), "10000", 20, Some(0)),
                ("TaskType", "string", Some(true), "DI_REALTIME", 25, Some(0)),
                ("FileId", "long", Some(false), "100", 33, Some(0)),
            ]
        );
        assert_eq!(
            op.request[1].description,
            "The type of the object that you want to deploy. Valid values:\n\
             • DI_REALTIME: real-time synchronization node\n\
             • DI_SOLUTION: data synchronization solution"
        );
        assert_eq!(
            op.request[2].description,
            "The ID of the node or solution. You can call the ListFiles operation to query it."
        );
        assert_eq!(
            summary(&op.response),
            vec![
                ("", "object", None, "", 45, Some(0)),
                ("Success", "boolean", None, "true", 46, Some(1)),
                (
                    "RequestId",
                    "string",
                    None,
                    "0bc1411515937635973****",
                    47,
                    Some(1)
                ),
                ("Data", "object", None, "", 48, Some(1)),
                ("Status", "string", None, "success", 49, Some(2)),
                (
                    "Message",
                    "string",
                    None,
                    "submit and deploy fail.",
                    53,
                    Some(2)
                ),
                ("Items", "array<object>", None, "", 54, Some(1)),
                ("", "object", None, "", 55, Some(2)),
                ("Name", "string", None, "item_1", 56, Some(3)),
            ]
        );
        assert_eq!(
            op.response[5].description,
            "The cause of the failure.\nIf the node or solution is deployed, the value null is returned."
        );
        let errs = error_summary(&op.errors);
        assert_eq!(
            errs,
            vec![
                (
                    400,
                    "Param.Invalid",
                    "The parameter is invalid.",
                    "Param invalid",
                    77
                ),
                (403, "Forbidden.Access", "Access is forbidden.", "", 78),
                (
                    500,
                    "InternalError.System",
                    "An internal error occurred.",
                    "InternalError",
                    79
                ),
            ]
        );
        let json = op.response_json.as_ref().unwrap();
        assert_eq!(json.line, 63);
        assert_eq!(json.text.lines().count(), 9);
        assert_eq!(op.request_example, None);
        assert_eq!(op.lines, (10, 79));
    }

    #[test]
    fn fixture_truncated_list_files() {
        let (doc, diag) = parse(&fixture("03_truncated_list_files.zh-CN.html"));
        let doc = doc.unwrap();
        let op = &doc.operations[0];
        assert_eq!(op.name.as_deref(), Some("ListFiles"));
        assert!(op.request.is_empty());
        assert_eq!(
            summary(&op.response),
            vec![
                (
                    "RequestId",
                    "String",
                    None,
                    "0000-ABCD-EFG****",
                    16,
                    Some(0)
                ),
                ("TotalCount", "Integer", None, "", 19, Some(1)),
            ]
        );
        let w: Vec<_> = diag
            .warnings()
            .iter()
            .map(|w| (w.line, w.kind, w.message.as_str()))
            .collect();
        assert_eq!(
            w,
            vec![
                (
                    9,
                    WarningKind::UnparsedRow,
                    "parameter table header with no rows"
                ),
                (
                    17,
                    WarningKind::UnparsedRow,
                    "row `以下为分页数据` spans the whole table; not a parameter row"
                ),
                (
                    18,
                    WarningKind::UnparsedRow,
                    "row `Data` has no type; not placed"
                ),
                (
                    19,
                    WarningKind::Note,
                    "row `TotalCount` has only 2 of 4 cells; missing cells left empty"
                ),
                (
                    20,
                    WarningKind::UnparsedRow,
                    "row `PageNumber` has no type; not placed"
                ),
            ]
        );
    }
}
