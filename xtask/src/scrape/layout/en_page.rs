//! The English single-operation page text (`002`): glued header cells
//! (`ParameterTypeRequiredDescriptionExample`) and glued row heads (`ProjectIdlongYes`).
//!
//! This module owns:
//! - the preamble: the title `DataWorks:DeployDISyncTask` (the operation name), the date
//!   `Last Updated:Oct 17, 2024` and the introduction before `Debugging`;
//! - the parameter tables (`Request parameters`, `Response parameters`). A row head is a
//!   line without spaces, `Name` + a lowercase type word (`string`, `long`, `integer`,
//!   `int32`, `int64`, `boolean`, `object`, `array`, `array<...>`, `float`, `double`,
//!   `any`, `map`, `number`) + `Yes`/`No` in request tables; a bare type (`object`) is an
//!   anonymous row (`name: ""`: the root object, an array's element). In this dump a row
//!   head always follows a non-blank line (the header, the previous row's last cell), so a
//!   head-like line after a blank line is cell text (an example such as `Company`). The
//!   lines up to the next head are the row's cells: description paragraphs and bullet
//!   items, then the example as the last line (absent when the block ends with a bullet
//!   item, or is only a sentence, or is a sentence on an `object`/`array` row);
//! - the error table `HTTP status codeError codeError messageDescription` with glued rows
//!   `400Param.InvalidThe parameter is invalid.Param invalid` (status, dotted code,
//!   message, description; `-` means empty);
//! - the JSON/XML examples (see `page_common::find_examples`).
//!
//! The text is parsed exactly as printed: `002` has its description column shifted up by
//! one row, and that defect is left for the defect detector to report.

use super::page_common::{
    action_from_url, add_examples, bullet_item, collapse_ws, dash_is_empty, finish_page,
    is_identifier, note_unnamed, numbered_lines, read_preamble, warn_orphan, DescBuilder,
    ErrorCells, ErrorLines, Headings, Line,
};
use super::{Layout, ParseError};
use crate::scrape::diag::{Diagnostics, WarningKind};
use crate::scrape::raw::{LayoutKind, RawDocument, RawRow};

/// Parser for the English page layout.
pub struct EnPageLayout;

/// Section headings (whole lines); each ends a table.
const HEADINGS: Headings = Headings {
    all: &[
        "Debugging",
        "Operation description",
        "Authorization information",
        "Request syntax",
        "Request parameters",
        "Response parameters",
        "Response elements",
        "Examples",
        "Sample requests",
        "Sample success responses",
        "Sample error responses",
        "Error codes",
        "Change history",
        "JSONformat",
        "XMLformat",
        "JSON format",
        "XML format",
    ],
    request: &["Request parameters"],
    response: &["Response parameters", "Response elements"],
    outside_note: "parameter table outside a Request/Response parameters section; placed by \
                   its Required column",
};

/// The glued cells of a parameter-table header.
const PARAM_HEADER: &[&str] = &[
    "Parameter",
    "Name",
    "Type",
    "Required",
    "Description",
    "Example",
];
/// The glued cells of an error-table header.
const ERROR_HEADER: &[&str] = &[
    "HTTP status code",
    "HttpCode",
    "Error code",
    "Error message",
    "Description",
];
/// Page furniture printed above the title.
const FURNITURE: &[&str] = &["All Products", "Search", "Document Center"];

/// The error table: glued rows up to a blank line after the rows, a heading, another
/// table header or the `For a list of error codes...` footer.
const ERROR_ROWS: ErrorLines = ErrorLines {
    ends_table: |t| {
        HEADINGS.is_heading(t)
            || glued_header(t).is_some()
            || t.starts_with("For a list of error codes")
    },
    split_row: parse_error_row,
    bad_row: "error row cannot be split into status, code and message",
};

/// The type words a glued row head ends with (generic `array<...>`/`map<...>` aside).
const TYPES: &[&str] = &[
    "string", "long", "integer", "int32", "int64", "boolean", "object", "array", "float", "double",
    "any", "map", "number",
];

impl Layout for EnPageLayout {
    fn kind(&self) -> LayoutKind {
        LayoutKind::EnPage
    }

    fn detect(&self, text: &str) -> bool {
        text.contains("ParameterTypeRequiredDescriptionExample")
            || text.contains("ParameterTypeDescriptionExample")
    }

    fn parse(
        &self,
        file: &str,
        text: &str,
        diag: &mut Diagnostics,
    ) -> Result<RawDocument, ParseError> {
        let lines = numbered_lines(text);

        let pre = read_preamble(
            &lines,
            |t| HEADINGS.is_heading(t) || glued_header(t).is_some(),
            true,
            &["Last Updated", "Last updated"],
            FURNITURE,
        );
        let mut op = pre.op;
        let name = op.name.clone();
        let name = name.as_deref();

        HEADINGS.walk(&lines, pre.end, |sections, i, l| {
            match glued_header(l.trimmed()) {
                Some(Header::Params { has_required }) => {
                    let end = table_end(&lines, i + 1);
                    let region = lines.get(i + 1..end).unwrap_or_default();
                    let rows = parse_rows(region, has_required, file, name, diag);
                    sections.place(&mut op, rows, has_required, l.no, file, diag);
                    end
                }
                Some(Header::Errors) => {
                    let (errors, end) = ERROR_ROWS.parse(&lines, i + 1, l.no, file, name, diag);
                    op.errors.extend(errors);
                    end
                }
                None => i + 1,
            }
        });

        add_examples(&mut op, &lines, file, diag);
        if op.name.is_none() {
            op.name = op
                .request_example
                .as_ref()
                .and_then(|t| action_from_url(&t.text));
        }
        note_unnamed(&op, file, "no `DataWorks:Name` title", diag);
        finish_page(file, "en-page", &lines, pre.title_no, pre.version, op)
    }
}

/// A recognised table header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Header {
    Params { has_required: bool },
    Errors,
}

/// Splits a glued header line into its cell words, or `None` when it is not made only of
/// `words`.
fn split_glued<'w>(t: &str, words: &[&'w str]) -> Option<Vec<&'w str>> {
    let mut rest = t.trim();
    let mut cells = Vec::new();
    while !rest.is_empty() {
        let word = words.iter().find(|w| rest.starts_with(**w))?;
        cells.push(*word);
        rest = rest.get(word.len()..)?.trim_start();
    }
    Some(cells)
}

/// Recognises `ParameterTypeRequiredDescriptionExample`-style and
/// `HTTP status codeError codeError messageDescription`-style headers.
fn glued_header(t: &str) -> Option<Header> {
    if let Some(cells) = split_glued(t, PARAM_HEADER) {
        let named = cells.contains(&"Parameter") || cells.contains(&"Name");
        if named && cells.contains(&"Type") && cells.len() >= 3 {
            return Some(Header::Params {
                has_required: cells.contains(&"Required"),
            });
        }
    }
    let cells = split_glued(t, ERROR_HEADER)?;
    (cells.contains(&"Error code") && cells.len() >= 3).then_some(Header::Errors)
}

/// The index of the first line after the table starting at `start`: the next heading or
/// table header, or the end; trailing blank lines are left out.
fn table_end(lines: &[Line<'_>], start: usize) -> usize {
    let mut end = start;
    let mut last_content = start;
    while let Some(l) = lines.get(end) {
        let t = l.trimmed();
        if HEADINGS.is_heading(t) || glued_header(t).is_some() {
            break;
        }
        end += 1;
        if !l.is_blank() {
            last_content = end;
        }
    }
    last_content.max(start)
}

/// A parsed glued row head.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Head {
    name: String,
    type_text: String,
    required: Option<bool>,
}

/// Whether `s` is a type word, or a generic `array<...>`/`map<...>`/`list<...>`.
fn is_type(s: &str) -> bool {
    if TYPES.contains(&s) {
        return true;
    }
    ["array<", "map<", "list<"].iter().any(|p| {
        s.strip_prefix(p)
            .and_then(|inner| inner.strip_suffix('>'))
            .is_some_and(|inner| {
                !inner.is_empty()
                    && inner.matches('<').count() == inner.matches('>').count()
                    && inner
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '<' | '>' | ',' | ' '))
            })
    })
}

/// Parses a glued row head `NameTypeRequired` (`ProjectIdlongYes`, `Dataobject`,
/// `object`); the name is the shortest prefix that leaves a type (and `Yes`/`No` when the
/// table has a Required column).
fn parse_head(line: &str, has_required: bool) -> Option<Head> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let t = line.trim_end();
    if t.is_empty() || t.contains(char::is_whitespace) && !t.contains('<') {
        return None;
    }
    let mut candidates: Vec<(&str, Option<bool>)> = Vec::new();
    if has_required {
        if let Some(s) = t.strip_suffix("Yes") {
            candidates.push((s, Some(true)));
        }
        if let Some(s) = t.strip_suffix("No") {
            candidates.push((s, Some(false)));
        }
    }
    candidates.push((t, None));
    candidates.into_iter().find_map(|(s, required)| {
        s.char_indices().find_map(|(p, _)| {
            let name = s.get(..p)?;
            let ty = s.get(p..)?;
            ((name.is_empty() || is_identifier(name)) && !name.contains(' ') && is_type(ty)).then(
                || Head {
                    name: name.to_owned(),
                    type_text: ty.to_owned(),
                    required,
                },
            )
        })
    })
}

/// A sentence (several words ending with `.`/`:`), which is description, not example.
fn is_sentence(s: &str) -> bool {
    s.contains(' ') && s.ends_with(['.', ':', '。', '：'])
}

/// Parses the rows of one table region (the lines between the header and the next
/// heading).
fn parse_rows(
    region: &[Line<'_>],
    has_required: bool,
    file: &str,
    op: Option<&str>,
    diag: &mut Diagnostics,
) -> Vec<RawRow> {
    // Row heads: head-like lines that do not follow a blank line.
    let mut heads: Vec<(usize, Head)> = Vec::new();
    let mut suspects: Vec<usize> = Vec::new();
    for (idx, l) in region.iter().enumerate() {
        let Some(head) = parse_head(l.text, has_required) else {
            continue;
        };
        let after_blank = idx
            .checked_sub(1)
            .and_then(|p| region.get(p))
            .is_some_and(Line::is_blank);
        if after_blank {
            suspects.push(idx);
        } else {
            heads.push((idx, head));
        }
    }
    let first_head = heads.first().map_or(region.len(), |(idx, _)| *idx);
    for l in region.get(..first_head).unwrap_or_default() {
        if !l.is_blank() {
            warn_orphan(file, l, op, diag);
        }
    }
    let mut rows = Vec::new();
    for (k, (idx, head)) in heads.iter().enumerate() {
        let end = heads.get(k + 1).map_or(region.len(), |(next, _)| *next);
        let block = region.get(idx + 1..end).unwrap_or_default();
        let head_line = region.get(*idx).map_or(0, |l| l.no);
        let (description, example, example_idx) = split_block(block, &head.type_text);
        for s in &suspects {
            let in_block = *s > *idx && *s < end;
            if in_block && Some(*s - idx - 1) != example_idx {
                if let Some(l) = region.get(*s) {
                    diag.warn(
                        file,
                        l.no,
                        WarningKind::UnparsedRow,
                        op,
                        format!(
                            "`{}` looks like a row head but follows a blank line; kept as \
                             description text",
                            l.trimmed()
                        ),
                    );
                }
            }
        }
        rows.push(RawRow {
            name: head.name.clone(),
            type_text: head.type_text.clone(),
            required: if has_required { head.required } else { None },
            example,
            description,
            line: head_line,
            depth: None,
        });
    }
    rows
}

/// Splits a row's cell block into description and example; returns the index (in
/// `block`) of the example line, if any.
fn split_block(block: &[Line<'_>], type_text: &str) -> (String, String, Option<usize>) {
    let content: Vec<(usize, &Line<'_>)> = block
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_blank())
        .collect();
    let example_idx = content.last().and_then(|(idx, last)| {
        let t = last.trimmed();
        if bullet_item(last.text).is_some() {
            return None;
        }
        let container = ["object", "array", "map", "struct"]
            .iter()
            .any(|p| type_text.starts_with(p));
        let long_sentence = is_sentence(t) && t.split_whitespace().count() >= 8;
        let description_like = if content.len() == 1 {
            is_sentence(t)
        } else {
            long_sentence || (container && is_sentence(t))
        };
        (!description_like).then_some(*idx)
    });
    let mut desc = DescBuilder::new();
    for (idx, l) in block.iter().enumerate() {
        if Some(idx) != example_idx {
            desc.line(l);
        }
    }
    let example = example_idx
        .and_then(|i| block.get(i))
        .map(|l| collapse_ws(l.text))
        .unwrap_or_default();
    (desc.finish(), example, example_idx)
}

/// Whether `s` is an error code: dot-separated non-empty segments of ASCII letters,
/// digits and `_`/`-`, starting with a letter.
fn is_code(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.split('.').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

/// Splits `400Param.InvalidThe parameter is invalid.Param invalid` into
/// `(400, "Param.Invalid", "The parameter is invalid.", "Param invalid")`.
///
/// The code ends where the message's first word starts: the first capital letter after
/// which comes a capitalised word followed by a space (`The `, `Access `, `An `, or a
/// known CamelCase/acronym word such as `DataWorks `), with a valid code before it (a
/// CamelCase code's own words, `Invalid`/`System`, are glued to the next capital, never
/// followed by a space). The message ends at the last sentence
/// end (`.`, `!`, `?`) glued to the description's first character; a description of `-`
/// is empty.
fn parse_error_row(t: &str) -> Option<ErrorCells> {
    let digits_end = t
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(t.len(), |(i, _)| i);
    let status: u16 = t.get(..digits_end)?.parse().ok()?;
    let rest = t.get(digits_end..)?.trim_start();
    let split = split_code(rest, |w| {
        MESSAGE_WORDS.contains(&w) || w.chars().skip(1).all(|c| c.is_ascii_lowercase())
    })
    .or_else(|| split_code(rest, |w| w.chars().all(|c| c.is_ascii_alphabetic())))?;
    let (code, tail) = split;
    let (message, description) = split_message(tail);
    Some((status, code.to_owned(), message, description))
}

/// CamelCase or all-capital words an error message may start with (product names,
/// acronyms); other message words are a capital followed by lowercase letters.
const MESSAGE_WORDS: &[&str] = &[
    "DataWorks",
    "MaxCompute",
    "OpenAPI",
    "AccessKey",
    "DataStudio",
    "DataService",
    "AnalyticDB",
    "PolarDB",
    "ApsaraDB",
    "Hologres",
    "API",
    "RAM",
    "OSS",
    "ECS",
    "EMR",
    "SQL",
    "ID",
    "IP",
    "HTTP",
    "URL",
    "JSON",
    "AK",
];

/// Finds the first capital in `rest` (after the first character) where a valid code
/// ends and a word accepted by `word_ok`, followed by whitespace, starts.
fn split_code(rest: &str, word_ok: impl Fn(&str) -> bool) -> Option<(&str, &str)> {
    rest.char_indices().skip(1).find_map(|(i, c)| {
        if !c.is_ascii_uppercase() {
            return None;
        }
        let code = rest.get(..i)?;
        let tail = rest.get(i..)?;
        let word_end = tail.find(|ch: char| !ch.is_ascii_alphabetic())?;
        let word = tail.get(..word_end)?;
        let followed_by_space = tail.get(word_end..)?.starts_with(char::is_whitespace);
        (is_code(code) && followed_by_space && word_ok(word)).then_some((code, tail))
    })
}

/// Splits `The parameter is invalid.Param invalid` at the last sentence end glued to a
/// non-space, non-lowercase, non-digit character.
fn split_message(tail: &str) -> (String, String) {
    let chars: Vec<(usize, char)> = tail.char_indices().collect();
    let cut = chars.windows(2).rev().find_map(|w| match w {
        [(_, a), (j, b)]
            if matches!(a, '.' | '!' | '?' | '。')
                && !b.is_whitespace()
                && !b.is_ascii_lowercase()
                && !b.is_ascii_digit()
                && !matches!(b, '.' | ')' | ',' | '"' | '\'') =>
        {
            Some(*j)
        }
        _ => None,
    });
    match cut.and_then(|j| Some((tail.get(..j)?, tail.get(j..)?))) {
        Some((message, description)) => (collapse_ws(message), dash_is_empty(description)),
        None => match tail.trim_end().strip_suffix('-') {
            Some(message) if !message.trim().is_empty() => (collapse_ws(message), String::new()),
            _ => (collapse_ws(tail), String::new()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::page_common::testing::{
        error_summary, parse_with, seed, summary, warning_lines,
    };
    use super::*;

    fn parse(text: &str) -> (Result<RawDocument, ParseError>, Diagnostics) {
        parse_with(&EnPageLayout, "t.txt", text)
    }

    #[test]
    fn glued_heads() {
        let h = |s, r| parse_head(s, r).map(|h| (h.name, h.type_text, h.required));
        let own = |n: &str, t: &str, r| Some((n.to_owned(), t.to_owned(), r));
        assert_eq!(
            h("ProjectIdlongYes", true),
            own("ProjectId", "long", Some(true))
        );
        assert_eq!(
            h("TaskTypestringYes", true),
            own("TaskType", "string", Some(true))
        );
        assert_eq!(
            h("PageSizeint32No", true),
            own("PageSize", "int32", Some(false))
        );
        assert_eq!(h("Successboolean", false), own("Success", "boolean", None));
        assert_eq!(h("Dataobject", false), own("Data", "object", None));
        assert_eq!(h("object", false), own("", "object", None));
        assert_eq!(
            h("Itemsarray<object>", false),
            own("Items", "array<object>", None)
        );
        assert_eq!(
            h("Tagsarray<string>", false),
            own("Tags", "array<string>", None)
        );
        assert_eq!(h("Endpointstring", false), own("Endpoint", "string", None));
        assert_eq!(h("Rateddouble", false), own("Rated", "double", None));
        assert_eq!(h("10000", true), None);
        assert_eq!(h("DI_REALTIME", true), None);
        assert_eq!(h("true", false), None);
        assert_eq!(h("  • true: The request is successful.", false), None);
        assert_eq!(h("The ID of the string", false), None);
    }

    #[test]
    fn glued_headers() {
        assert_eq!(
            glued_header("ParameterTypeRequiredDescriptionExample"),
            Some(Header::Params { has_required: true })
        );
        assert_eq!(
            glued_header("ParameterTypeDescriptionExample"),
            Some(Header::Params {
                has_required: false
            })
        );
        assert_eq!(
            glued_header("HTTP status codeError codeError messageDescription"),
            Some(Header::Errors)
        );
        assert_eq!(glued_header("Type"), None);
        assert_eq!(glued_header("Parameter types"), None);
    }

    #[test]
    fn glued_error_rows() {
        let own =
            |s: u16, c: &str, m: &str, d: &str| Some((s, c.to_owned(), m.to_owned(), d.to_owned()));
        assert_eq!(
            parse_error_row("400Param.InvalidThe parameter is invalid.Param invalid"),
            own(
                400,
                "Param.Invalid",
                "The parameter is invalid.",
                "Param invalid"
            )
        );
        assert_eq!(
            parse_error_row("403Forbidden.AccessAccess is forbidden.-"),
            own(403, "Forbidden.Access", "Access is forbidden.", "")
        );
        assert_eq!(
            parse_error_row("500InternalError.SystemAn internal error occurred.InternalError"),
            own(
                500,
                "InternalError.System",
                "An internal error occurred.",
                "InternalError"
            )
        );
        assert_eq!(
            parse_error_row(
                "400Invalid.Tenant.ConnectionNotExistsThe connection does not exist.连接不存在。"
            ),
            own(
                400,
                "Invalid.Tenant.ConnectionNotExists",
                "The connection does not exist.",
                "连接不存在。"
            )
        );
        assert_eq!(
            parse_error_row("400Foo.BarA parameter is missing.-"),
            own(400, "Foo.Bar", "A parameter is missing.", "")
        );
        assert_eq!(
            parse_error_row("429Throttling.UserDataWorks is busy in v1.2.Retry"),
            own(
                429,
                "Throttling.User",
                "DataWorks is busy in v1.2.",
                "Retry"
            )
        );
        assert_eq!(parse_error_row("Param.InvalidThe parameter"), None);
        assert_eq!(parse_error_row("400param invalid"), None);
    }

    #[test]
    fn example_is_the_last_line_of_the_block() {
        let text = "DataWorks:X\n\nRequest parameters\n\nParameterTypeRequiredDescriptionExample\n\
                    AstringNo\n\nOnly a sentence, no example.\nBstringYes\ncompany-name\nCobject\n\n\
                    The returned data.\n\nIt has two paragraphs.\nDstring\n\nThe connection does not exist.\n\n\
                    The connection does not exist.\n";
        let (doc, diag) = parse(text);
        let op = &doc.unwrap().operations[0];
        assert_eq!(
            summary(&op.request),
            vec![
                ("A", "string", Some(false), "", 6),
                ("B", "string", Some(true), "company-name", 9),
                ("C", "object", None, "", 11),
                ("D", "string", None, "The connection does not exist.", 16),
            ]
        );
        assert_eq!(op.request[0].description, "Only a sentence, no example.");
        assert_eq!(
            op.request[2].description,
            "The returned data.\nIt has two paragraphs."
        );
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    }

    #[test]
    fn head_after_blank_line_is_text() {
        let text = "DataWorks:X\n\nResponse parameters\n\nParameterTypeDescriptionExample\n\
                    Namestring\n\nThe company.\n\nCompany\nKindstring\n\nThe kind.\n\nSomeobject\n\nMore text.\n\nk\n";
        let (doc, diag) = parse(text);
        let op = &doc.unwrap().operations[0];
        assert_eq!(
            summary(&op.response),
            vec![
                ("Name", "string", None, "Company", 6),
                ("Kind", "string", None, "k", 11)
            ]
        );
        assert_eq!(
            op.response[1].description,
            "The kind.\nSomeobject\nMore text."
        );
        let w = warning_lines(&diag);
        assert_eq!(w, vec![(15, WarningKind::UnparsedRow)]);
    }

    #[test]
    fn truncated_tables_warn() {
        let text = "DataWorks:X\n\nRequest parameters\n\nParameterTypeRequiredDescriptionExample\n\n\
                    Response parameters\n\nParameterTypeDescriptionExample\nstray\nIdlong\n\nThe ID.\n\n\
                    Error codes\n\nHTTP status codeError codeError messageDescription\n400bad row\n";
        let (doc, diag) = parse(text);
        let op = &doc.unwrap().operations[0];
        assert_eq!(summary(&op.response), vec![("Id", "long", None, "", 11)]);
        let w = warning_lines(&diag);
        assert_eq!(
            w,
            vec![
                (5, WarningKind::UnparsedRow),
                (10, WarningKind::UnparsedRow),
                (18, WarningKind::UnparsedRow),
                (17, WarningKind::UnparsedRow),
            ]
        );
    }

    #[test]
    fn no_operation_is_an_error() {
        let (doc, _) = parse("ParameterTypeDescriptionExample\n");
        assert_eq!(doc.unwrap_err().file, "t.txt");
    }

    #[test]
    fn seed_002_deploy_di_sync_task() {
        let Some((file, text)) = seed("002_") else {
            return;
        };
        assert!(EnPageLayout.detect(&text));
        let mut diag = Diagnostics::new();
        let doc = EnPageLayout.parse(&file, &text, &mut diag).unwrap();
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
        assert_eq!(doc.version.as_deref(), Some("Oct 17, 2024"));
        let op = &doc.operations[0];
        assert_eq!(op.name.as_deref(), Some("DeployDISyncTask"));
        assert_eq!(op.lines, (5, 94));
        assert_eq!(op.description, "Deploys a real-time synchronization task.");
        assert_eq!(
            summary(&op.request),
            vec![
                ("ProjectId", "long", Some(true), "10000", 22),
                ("TaskType", "string", Some(true), "DI_REALTIME", 29),
                ("FileId", "long", Some(true), "100", 36),
            ]
        );
        // The shifted description column is kept as printed.
        assert_eq!(
            op.request[0].description,
            "The type of the object that you want to deploy. Valid values:\n\
             • DI_REALTIME: real-time synchronization node\n\
             • DI_SOLUTION: data synchronization solution"
        );
        assert!(op.request[1]
            .description
            .starts_with("• If you set the TaskType parameter"));
        assert!(op.request[1]
            .description
            .ends_with("\nYou can call the ListFiles operation to query the ID of the real-time synchronization node or data synchronization solution."));
        assert!(op.request[2]
            .description
            .starts_with("Indicates whether the request is successful."));
        assert_eq!(
            summary(&op.response),
            vec![
                ("", "object", None, "", 47),
                ("Success", "boolean", None, "true", 48),
                ("RequestId", "string", None, "0bc1411515937635973****", 53),
                ("Data", "object", None, "", 58),
                ("Status", "string", None, "success", 64),
            ]
        );
        assert_eq!(op.response[0].description, "");
        assert!(op.response[3].description.ends_with("• fail: The real-time synchronization node or data synchronization solution fails to be deployed."));
        assert_eq!(op.response[4].description.lines().count(), 2);
        let errs = error_summary(&op.errors);
        assert_eq!(
            errs,
            vec![
                (
                    400,
                    "Param.Invalid",
                    "The parameter is invalid.",
                    "Param invalid",
                    90
                ),
                (403, "Forbidden.Access", "Access is forbidden.", "", 91),
                (
                    500,
                    "InternalError.System",
                    "An internal error occurred.",
                    "InternalError",
                    92
                ),
            ]
        );
        let json = op.response_json.as_ref().unwrap();
        assert_eq!(json.line, 78);
        assert!(json
            .text
            .contains("\"Message\": \"submit and deploy fail.\""));
        assert_eq!(op.request_example, None);
        assert_eq!(op.response_xml, None);
    }
}
