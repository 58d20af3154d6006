//! Helpers shared by the single-operation page readers ([`super::page`] and
//! [`super::html`]): numbered lines, whitespace and paragraph normalisation (CJK-aware
//! joining of wrapped lines, bullet items, table cells), page titles and dates, the
//! example blocks of page text (request URL, JSON and XML), the splitting of an error
//! message from its Chinese description, the "no operation here" check and the
//! one-operation [`RawDocument`].
//!
//! Everything here works on arbitrary input without panicking: slicing only happens at
//! positions found by `find`/`char_indices`.

use super::ParseError;
use crate::scrape::diag::{Diagnostics, WarningKind};
use crate::scrape::raw::{RawDocument, RawOperation, RawText};

/// One line of a document with its 1-based number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// 1-based line number.
    pub(crate) no: usize,
    /// The line, without its line terminator.
    pub(crate) text: &'a str,
}

impl Line<'_> {
    /// The line trimmed of surrounding whitespace.
    pub(crate) fn trimmed(&self) -> &str {
        self.text.trim()
    }

    /// Whether the line holds only whitespace.
    pub(crate) fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Splits `text` into numbered lines (1-based, `\n` or `\r\n` terminated).
pub(crate) fn numbered_lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .map(|(i, text)| Line { no: i + 1, text })
        .collect()
}

/// Whether `c` is a CJK ideograph, kana, hangul, or CJK/full-width punctuation: the
/// characters between which wrapped lines are joined with nothing.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF      // radicals, Kangxi
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // hiragana, katakana
        | 0x3100..=0x31FF    // bopomofo etc.
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xAC00..=0xD7AF    // hangul
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // half/full-width forms
        | 0x20000..=0x2FFFF) // extensions B..
}

/// Whether `s` contains any CJK character.
pub(crate) fn has_cjk(s: &str) -> bool {
    s.chars().any(is_cjk)
}

/// Trims `s` and collapses every run of whitespace (including no-break and ideographic
/// spaces) into one ASCII space.
pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Appends the wrapped line `next` to the paragraph `acc`: with nothing between them
/// when either side of the join is CJK, else with one space.
pub(crate) fn join_wrapped(acc: &mut String, next: &str) {
    let next = collapse_ws(next);
    if next.is_empty() {
        return;
    }
    let glue = match (acc.chars().last(), next.chars().next()) {
        (None, _) => false,
        (Some(a), Some(b)) => !(is_cjk(a) || is_cjk(b)),
        (Some(_), None) => false,
    };
    if glue {
        acc.push(' ');
    }
    acc.push_str(&next);
}

/// Joins the physical lines of one paragraph (CJK-aware, see [`join_wrapped`]).
pub(crate) fn join_paragraph_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut acc = String::new();
    for line in lines {
        join_wrapped(&mut acc, line);
    }
    acc
}

/// The item text of a bullet line (`  • X` → `X`), or `None` for other lines.
pub(crate) fn bullet_item(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let rest = t
        .strip_prefix('•')
        .or_else(|| t.strip_prefix('◦'))
        .or_else(|| t.strip_prefix('▪'))
        .or_else(|| t.strip_prefix('●'))?;
    Some(rest.trim())
}

/// The prefix description lines of list items carry (`• X`).
pub(crate) const BULLET: &str = "• ";

/// Builds a description cell out of paragraph lines, bullet items and paragraph breaks:
/// wrapped lines of one paragraph are joined CJK-aware, paragraphs and list items become
/// separate lines (list items keep a leading [`BULLET`]).
#[derive(Debug, Default, Clone)]
pub(crate) struct DescBuilder {
    done: Vec<String>,
    current: String,
}

impl DescBuilder {
    /// An empty description.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds a (possibly wrapped) line of running text to the current paragraph.
    pub(crate) fn text(&mut self, line: &str) {
        join_wrapped(&mut self.current, line);
    }

    /// Ends the current paragraph (a blank line).
    pub(crate) fn break_paragraph(&mut self) {
        let cur = std::mem::take(&mut self.current);
        if !cur.is_empty() {
            self.done.push(cur);
        }
    }

    /// Adds a list item as its own line.
    pub(crate) fn bullet(&mut self, item: &str) {
        self.break_paragraph();
        let item = collapse_ws(item);
        self.done
            .push(format!("{BULLET}{item}").trim_end().to_owned());
    }

    /// Adds one line of page text: a blank line ends the paragraph, a bullet line is a
    /// list item, any other line is running text.
    pub(crate) fn line(&mut self, l: &Line<'_>) {
        if l.is_blank() {
            self.break_paragraph();
        } else if let Some(item) = bullet_item(l.text) {
            self.bullet(item);
        } else {
            self.text(l.trimmed());
        }
    }

    /// The description: paragraphs and items joined with `\n`.
    pub(crate) fn finish(mut self) -> String {
        self.break_paragraph();
        self.done.join("\n")
    }
}

/// The text of a table cell given as its lines: normalised, joined with `\n` (list items
/// keep their bullet).
pub(crate) fn cell_text(cell: &[String]) -> String {
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

/// Whether `s` is a parameter/field name: an ASCII letter or `_` followed by ASCII
/// letters, digits, `_` or `.` (as in `Tag.N.Key`), not ending with a dot.
pub(crate) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') && !s.ends_with('.')
}

/// Whether `s` is an API action name (`GetDeployment`): ASCII letters and digits,
/// starting with a letter.
pub(crate) fn is_action_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

/// The operation named by a page title such as `DataWorks:GetDeployment` or
/// `大数据开发治理平台 DataWorks:GetDeployment` (full-width colon accepted).
pub(crate) fn title_operation_name(line: &str) -> Option<String> {
    let t = line.trim();
    let pos = t.find("DataWorks")?;
    let rest = t.get(pos + "DataWorks".len()..)?.trim_start();
    let rest = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix('：'))?
        .trim();
    is_action_name(rest).then(|| rest.to_owned())
}

/// The date a page states after one of `prefixes` (`更新时间:Oct 11, 2023` →
/// `Oct 11, 2023`).
pub(crate) fn date_after(line: &str, prefixes: &[&str]) -> Option<String> {
    let t = line.trim();
    prefixes.iter().find_map(|p| {
        let rest = t.strip_prefix(p)?.trim_start();
        let rest = rest
            .strip_prefix(':')
            .or_else(|| rest.strip_prefix('：'))
            .unwrap_or(rest);
        let rest = collapse_ws(rest);
        (!rest.is_empty()).then_some(rest)
    })
}

/// The action named in a request URL (`...?Action=DeployFile&...` → `DeployFile`).
pub(crate) fn action_from_url(url: &str) -> Option<String> {
    let pos = url.find("Action=")?;
    let rest = url.get(pos + "Action=".len()..)?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    is_action_name(&name).then_some(name)
}

/// `是`/`Yes`/`true` → true, `否`/`No`/`false` → false, anything else → `None`.
pub(crate) fn parse_required(cell: &str) -> Option<bool> {
    match cell.trim() {
        "是" | "Yes" | "yes" | "true" | "True" | "必填" | "必选" => Some(true),
        "否" | "No" | "no" | "false" | "False" | "选填" | "可选" => Some(false),
        _ => None,
    }
}

/// A description cell printed as `-` means "no description".
pub(crate) fn dash_is_empty(cell: &str) -> String {
    let c = collapse_ws(cell);
    if c == "-" || c == "—" {
        String::new()
    } else {
        c
    }
}

/// Reports a `what` (`parameter`, `error`) table header that no rows follow.
pub(crate) fn warn_empty_table(
    file: &str,
    header_no: usize,
    op: Option<&str>,
    what: &str,
    diag: &mut Diagnostics,
) {
    diag.warn(
        file,
        header_no,
        WarningKind::UnparsedRow,
        op,
        format!("{what} table header with no rows"),
    );
}

/// The index of the line that closes the JSON value starting on `lines[start]` (brace
/// and bracket counting outside string literals), or `None` when the text ends first.
pub(crate) fn json_block_end(lines: &[Line<'_>], start: usize) -> Option<usize> {
    let mut depth: usize = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut seen_open = false;
    for (i, line) in lines.iter().enumerate().skip(start) {
        for c in line.text.chars() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '{' | '[' => {
                    depth += 1;
                    seen_open = true;
                }
                '}' | ']' => {
                    depth = depth.saturating_sub(1);
                    if seen_open && depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
        }
        // A string literal never spans lines in these examples; resynchronise.
        in_string = false;
        escaped = false;
    }
    None
}

/// The name of the element an XML line opens (`<GetDeploymentResponse>` →
/// `GetDeploymentResponse`), or `None` for declarations, comments and other lines.
fn xml_root_name(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix('<')?;
    if rest.starts_with('?') || rest.starts_with('!') || rest.starts_with('/') {
        return None;
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    let name = rest.get(..end)?;
    (!name.is_empty()).then_some(name)
}

/// The index of the line that closes the XML element opened on `lines[start]` (the line
/// holding `</Root>` or a self-closing `<Root/>`), or `None` when the text ends first.
pub(crate) fn xml_block_end(lines: &[Line<'_>], start: usize) -> Option<usize> {
    let first = lines.get(start)?;
    let name = xml_root_name(first.text)?;
    if first.text.trim_end().ends_with("/>") && !first.text.contains("</") {
        return Some(start);
    }
    let close = format!("</{name}");
    (start..lines.len()).find(|&i| lines.get(i).is_some_and(|l| l.text.contains(&close)))
}

/// Whether a line is an HTTP header line printed above a response example.
fn is_http_header_line(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    lower.starts_with("http/") || lower.starts_with("content-type")
}

/// Which kind of example block a marker line announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Json,
    Xml,
}

/// `JSON格式`, `JSONformat`, `JSON format` → JSON; likewise XML. (A bare `JSON` line is
/// not a marker: it may be a table cell, such as an example value.)
fn example_marker(t: &str) -> Option<Marker> {
    let squashed: String = t
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let squashed = squashed.trim_end_matches([':', '：']);
    match squashed {
        "json格式" | "jsonformat" => Some(Marker::Json),
        "xml格式" | "xmlformat" => Some(Marker::Xml),
        _ => None,
    }
}

/// The example blocks found in page text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Examples {
    /// The `http(s)://[Endpoint]/?Action=...` block.
    pub(crate) request: Option<RawText>,
    /// The first JSON response example (HTTP header lines dropped).
    pub(crate) json: Option<RawText>,
    /// The first XML response example (HTTP header lines dropped).
    pub(crate) xml: Option<RawText>,
}

fn text_of(lines: &[Line<'_>], from: usize, to: usize) -> Option<RawText> {
    let slice = lines.get(from..=to)?;
    let first = slice.first()?;
    let text = slice
        .iter()
        .map(|l| l.text.trim_end())
        .collect::<Vec<_>>()
        .join("\n");
    Some(RawText {
        text,
        line: first.no,
    })
}

/// Finds the request example (a `http(s)://...Action=` line and the `&...` lines after
/// it, up to and including `&公共请求参数`), and the first JSON and XML response examples
/// (the value after a `JSON格式`/`XML格式` marker, HTTP header lines skipped). Unterminated
/// blocks are kept to the end of the text with a [`WarningKind::BadExample`] warning.
pub(crate) fn find_examples(
    lines: &[Line<'_>],
    file: &str,
    op: Option<&str>,
    diag: &mut Diagnostics,
) -> Examples {
    let mut ex = Examples::default();
    let mut i = 0;
    while i < lines.len() {
        let Some(line) = lines.get(i) else { break };
        let t = line.trimmed();
        let lower = t.to_ascii_lowercase();
        if ex.request.is_none() && lower.starts_with("http") && t.contains("Action=") {
            let mut end = i;
            while let Some(next) = lines.get(end + 1) {
                let nt = next.trimmed();
                if !nt.starts_with('&') {
                    break;
                }
                end += 1;
                if nt.contains("公共请求参数") || nt.contains("公共請求參數") {
                    break;
                }
            }
            ex.request = text_of(lines, i, end);
            i = end + 1;
            continue;
        }
        if let Some(marker) = example_marker(t) {
            // Skip blank and HTTP header lines to the block itself.
            let mut j = i + 1;
            while lines
                .get(j)
                .is_some_and(|l| l.is_blank() || is_http_header_line(l.trimmed()))
            {
                j += 1;
            }
            let Some(start) = lines.get(j) else {
                diag.warn(
                    file,
                    line.no,
                    WarningKind::BadExample,
                    op,
                    format!("`{t}` is not followed by an example (end of text)"),
                );
                break;
            };
            let st = start.trimmed();
            let (wanted, end) = match marker {
                Marker::Json if st.starts_with('{') || st.starts_with('[') => {
                    (ex.json.is_none(), json_block_end(lines, j))
                }
                Marker::Xml if st.starts_with('<') => (ex.xml.is_none(), xml_block_end(lines, j)),
                _ => {
                    diag.warn(
                        file,
                        line.no,
                        WarningKind::BadExample,
                        op,
                        format!("`{t}` is not followed by a {marker:?} example"),
                    );
                    i += 1;
                    continue;
                }
            };
            let end = match end {
                Some(end) => end,
                None => {
                    diag.warn(
                        file,
                        start.no,
                        WarningKind::BadExample,
                        op,
                        format!("{marker:?} example is not closed before the end of the text"),
                    );
                    lines.len().saturating_sub(1)
                }
            };
            if wanted {
                let text = text_of(lines, j, end);
                match marker {
                    Marker::Json => ex.json = text,
                    Marker::Xml => ex.xml = text,
                }
            }
            i = end + 1;
            continue;
        }
        i += 1;
    }
    ex
}

/// Sets the examples of `op` from page text (see [`find_examples`]); warnings name the
/// operation `op.name`.
pub(crate) fn add_examples(
    op: &mut RawOperation,
    lines: &[Line<'_>],
    file: &str,
    diag: &mut Diagnostics,
) {
    let ex = find_examples(lines, file, op.name.as_deref(), diag);
    op.request_example = ex.request;
    op.response_json = ex.json;
    op.response_xml = ex.xml;
}

/// The (first, last) non-blank line numbers of a text, `(1, 1)` when it is blank.
pub(crate) fn content_span(lines: &[Line<'_>]) -> (usize, usize) {
    let first = lines.iter().find(|l| !l.is_blank()).map_or(1, |l| l.no);
    let last = lines
        .iter()
        .rev()
        .find(|l| !l.is_blank())
        .map_or(first, |l| l.no);
    (first, last)
}

/// Whether an operation holds anything at all (a name, a row, an error or an example).
pub(crate) fn has_content(op: &RawOperation) -> bool {
    op.name.is_some()
        || !op.request.is_empty()
        || !op.response.is_empty()
        || !op.errors.is_empty()
        || op.request_example.is_some()
        || op.response_json.is_some()
        || op.response_xml.is_some()
}

/// The error for a document that passed detection but holds no operation.
pub(crate) fn no_operation(file: &str, layout: &str) -> ParseError {
    ParseError::new(
        file,
        0,
        format!(
            "{layout} layout: no operation found (no title, parameter table, error table \
             or example)"
        ),
    )
}

/// Reports an operation that has content but no name; `missing` says what the page lacks
/// (`no title, Action row or request example`).
pub(crate) fn note_unnamed(op: &RawOperation, file: &str, missing: &str, diag: &mut Diagnostics) {
    if op.name.is_none() && has_content(op) {
        diag.warn(
            file,
            0,
            WarningKind::Note,
            None,
            format!("the page states no operation name ({missing})"),
        );
    }
}

/// A document holding the one operation of a page.
pub(crate) fn single_operation(
    op: RawOperation,
    version: Option<String>,
    language: Option<String>,
) -> RawDocument {
    RawDocument {
        version,
        language,
        operations: vec![op],
        service: None,
    }
}

/// Splits an error row's `message description` text where the Chinese description
/// starts: at the first whitespace-separated token holding CJK, moved back over ASCII
/// words that precede it within the same sentence (`... later. DataWorks 系统繁忙` splits
/// before `DataWorks`). Without CJK the whole text is the message.
pub(crate) fn split_message_cjk(rest: &str) -> (String, String) {
    let tokens: Vec<&str> = rest.split_whitespace().collect();
    let Some(mut k) = tokens.iter().position(|t| has_cjk(t)) else {
        return (tokens.join(" "), String::new());
    };
    // Walk back over ASCII words until the previous token ends a sentence.
    let mut back = k;
    while back > 0 {
        let Some(prev) = tokens.get(back - 1) else {
            break;
        };
        if prev.ends_with(['.', '!', '?', '。']) {
            k = back;
            break;
        }
        back -= 1;
    }
    let message = tokens.get(..k).unwrap_or_default().join(" ");
    let description = tokens.get(k..).unwrap_or_default().join(" ");
    (message, description)
}

/// Helpers for the parsers' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::super::{Layout, ParseError};
    use crate::scrape::diag::{Diagnostics, WarningKind};
    use crate::scrape::raw::{RawDocument, RawError, RawRow};
    /// The name and text of the seed document whose file name starts with `prefix`, or
    /// `None` (announced) where the documents are absent; see [`crate::test_docs`].
    pub(crate) fn seed(prefix: &str) -> Option<(String, String)> {
        crate::test_docs::docs_or_skip().map(|docs| docs.read(prefix))
    }

    /// Parses `text` as the document `file` in `layout`.
    pub(crate) fn parse_with(
        layout: &dyn Layout,
        file: &str,
        text: &str,
    ) -> (Result<RawDocument, ParseError>, Diagnostics) {
        let mut diag = Diagnostics::new();
        let doc = layout.parse(file, text, &mut diag);
        (doc, diag)
    }

    /// Rows as (name, type, required, example, line).
    pub(crate) fn summary(rows: &[RawRow]) -> Vec<(&str, &str, Option<bool>, &str, usize)> {
        rows.iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.type_text.as_str(),
                    r.required,
                    r.example.as_str(),
                    r.line,
                )
            })
            .collect()
    }

    /// Errors as (status, code, message, description, line).
    pub(crate) fn error_summary(errors: &[RawError]) -> Vec<(u16, &str, &str, &str, usize)> {
        errors
            .iter()
            .map(|e| {
                (
                    e.status,
                    e.code.as_str(),
                    e.message.as_str(),
                    e.description.as_str(),
                    e.line,
                )
            })
            .collect()
    }

    /// Errors as (status, code, description, line).
    pub(crate) fn error_descriptions(errors: &[RawError]) -> Vec<(u16, &str, &str, usize)> {
        errors
            .iter()
            .map(|e| (e.status, e.code.as_str(), e.description.as_str(), e.line))
            .collect()
    }

    /// Warnings as (line, kind).
    pub(crate) fn warning_lines(diag: &Diagnostics) -> Vec<(usize, WarningKind)> {
        diag.warnings().iter().map(|w| (w.line, w.kind)).collect()
    }

    /// Errors as (status, code, line).
    pub(crate) fn error_lines(errors: &[RawError]) -> Vec<(u16, &str, usize)> {
        errors
            .iter()
            .map(|e| (e.status, e.code.as_str(), e.line))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_wrapped_lines_cjk_aware() {
        assert_eq!(
            join_paragraph_lines(["发布包的", "详情。"]),
            "发布包的详情。"
        );
        assert_eq!(
            join_paragraph_lines(["The ID of", "the  file."]),
            "The ID of the file."
        );
        assert_eq!(
            join_paragraph_lines(["调用", "DeployFile"]),
            "调用DeployFile"
        );
        assert_eq!(join_paragraph_lines(["  ", "a"]), "a");
    }

    #[test]
    fn desc_builder_keeps_bullets_as_lines() {
        let mut d = DescBuilder::new();
        d.text("当前发布包涉及节点的检查状态,");
        d.text("当发布包的目标环境是开发环境。");
        d.break_paragraph();
        d.bullet(" 7:检查未通过");
        d.bullet("8:正在处于检查中的状态");
        d.text("Next");
        d.text("paragraph");
        assert_eq!(
            d.finish(),
            "当前发布包涉及节点的检查状态,当发布包的目标环境是开发环境。\n• 7:检查未通过\n\
             • 8:正在处于检查中的状态\nNext paragraph"
        );
    }

    #[test]
    fn titles_dates_and_actions() {
        assert_eq!(
            title_operation_name("大数据开发治理平台 DataWorks:GetDeployment").as_deref(),
            Some("GetDeployment")
        );
        assert_eq!(
            title_operation_name("DataWorks：DeployDISyncTask").as_deref(),
            Some("DeployDISyncTask")
        );
        assert_eq!(title_operation_name("DataWorks工作空间的ID"), None);
        assert_eq!(
            date_after("更新时间:Oct 11, 2023", &["更新时间"]).as_deref(),
            Some("Oct 11, 2023")
        );
        assert_eq!(date_after("更新时间:", &["更新时间"]), None);
        assert_eq!(
            action_from_url("http(s)://[Endpoint]/?Action=DeployFile").as_deref(),
            Some("DeployFile")
        );
        assert_eq!(action_from_url("?Action="), None);
    }

    #[test]
    fn splits_error_message_at_chinese_description() {
        assert_eq!(
            split_message_cjk(
                "The DataWorks system is busy. Try again later. DataWorks系统繁忙,请稍后再试。"
            ),
            (
                "The DataWorks system is busy. Try again later.".to_owned(),
                "DataWorks系统繁忙,请稍后再试。".to_owned()
            )
        );
        assert_eq!(
            split_message_cjk("Try again later. DataWorks 系统繁忙"),
            (
                "Try again later.".to_owned(),
                "DataWorks 系统繁忙".to_owned()
            )
        );
        assert_eq!(
            split_message_cjk("Access is forbidden."),
            ("Access is forbidden.".to_owned(), String::new())
        );
        assert_eq!(
            split_message_cjk("系统错误"),
            (String::new(), "系统错误".to_owned())
        );
    }

    #[test]
    fn finds_examples_and_warns_on_unterminated_json() {
        let text = "请求示例\n\nhttp(s)://[Endpoint]/?Action=X\n&A=1\n&公共请求参数\n&B=2\n\
                    XML格式\n\nHTTP/1.1 200 OK\nContent-Type:application/xml\n\n<XResponse>\n  <A>1</A>\n</XResponse>\n\
                    JSON格式\n\n{\n  \"A\" : \"}{\",\n";
        let lines = numbered_lines(text);
        let mut diag = Diagnostics::new();
        let ex = find_examples(&lines, "f", None, &mut diag);
        let req = ex.request.unwrap();
        assert_eq!(req.line, 3);
        assert_eq!(
            req.text,
            "http(s)://[Endpoint]/?Action=X\n&A=1\n&公共请求参数"
        );
        let xml = ex.xml.unwrap();
        assert_eq!(
            (xml.line, xml.text.as_str()),
            (12, "<XResponse>\n  <A>1</A>\n</XResponse>")
        );
        let json = ex.json.unwrap();
        assert_eq!(json.line, 17);
        assert_eq!(diag.warnings().len(), 1);
        assert_eq!(diag.warnings()[0].kind, WarningKind::BadExample);
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("ProjectId"));
        assert!(is_identifier("Tag.N.Key"));
        assert!(!is_identifier("Tag."));
        assert!(!is_identifier("发布"));
        assert!(!is_identifier(""));
        assert!(!is_identifier("1abc"));
    }
}
