//! Error-code tables in every rendering: rows on one line (`403 Forbidden.Access <English
//! message> <Chinese description>`, split where the Chinese description starts), glued
//! (`400Param.InvalidThe parameter is invalid.Param invalid`), one cell per line, and
//! pipe tables (read by [`super::pipes`]).

use super::super::page_common::{
    collapse_ws, dash_is_empty, has_cjk, split_message_cjk, DescBuilder, Line,
};
use super::block::Ctx;
use super::header::{self, Form};
use super::pipes;
use super::vocab::{self, ErrCol};
use crate::scrape::diag::WarningKind;
use crate::scrape::raw::{RawError, Rendering};

/// The cells of an error row: status, code, message and description.
type Cells = (u16, String, String, String);

/// What reading an error table gave.
pub(crate) struct ErrorRead {
    pub(crate) errors: Vec<RawError>,
    pub(crate) end: usize,
    pub(crate) rendering: Rendering,
}

/// Reads the error rows after a header (`form`, `cols`, printed on line `header_no`,
/// rows from `lines[start]`).
pub(crate) fn read(
    lines: &[Line<'_>],
    start: usize,
    form: Form,
    trailing: bool,
    cols: &[ErrCol],
    header_no: usize,
    cx: &mut Ctx<'_, '_>,
) -> ErrorRead {
    let first = (start..lines.len()).find(|&k| lines.get(k).is_some_and(|l| !l.is_blank()));
    let first_text = first.and_then(|k| lines.get(k)).map_or("", |l| l.trimmed());
    let digits = first_text.chars().take_while(char::is_ascii_digit).count();
    let out = if form == Form::Pipes || first_text.contains('|') {
        read_pipes(lines, start, trailing, cols, cx)
    } else if digits == 3 && first_text.len() == 3 {
        read_cell_per_line(lines, start, cx)
    } else {
        let rendering = if digits == 3 && first_text.get(3..4).is_some_and(|c| c.trim().is_empty())
        {
            Rendering::OneLineRows
        } else {
            Rendering::Glued
        };
        read_lines(lines, start, rendering, cx)
    };
    if out.errors.is_empty() {
        cx.warn(
            header_no,
            WarningKind::UnparsedRow,
            "error table header with no rows".into(),
        );
    }
    out
}

fn ends_table(lines: &[Line<'_>], i: usize) -> bool {
    lines.get(i).is_some_and(|l| {
        let t = l.trimmed();
        vocab::is_heading(t) || vocab::is_error_footer(t) || header::read(lines, i).is_some()
    })
}

/// Rows one a line, spaced or glued: up to a blank line after the rows, a heading, a
/// footer or another table header.
fn read_lines(
    lines: &[Line<'_>],
    start: usize,
    rendering: Rendering,
    cx: &mut Ctx<'_, '_>,
) -> ErrorRead {
    let mut errors = Vec::new();
    let mut seen_row = false;
    let mut i = start;
    while let Some(l) = lines.get(i) {
        if l.is_blank() {
            if seen_row {
                break;
            }
            i += 1;
            continue;
        }
        if ends_table(lines, i) {
            break;
        }
        i += 1;
        seen_row = true;
        let t = l.trimmed();
        match split_row(t) {
            Some((status, code, message, description)) => errors.push(RawError {
                status,
                code,
                message,
                description,
                line: l.no,
            }),
            None => cx.warn(
                l.no,
                WarningKind::UnparsedRow,
                format!("error row cannot be split into status, code and message: `{t}`"),
            ),
        }
    }
    ErrorRead {
        errors,
        end: i,
        rendering,
    }
}

/// One cell per line: a status line starts a row; then the code, the message, and the
/// description's lines up to the next status line.
fn read_cell_per_line(lines: &[Line<'_>], start: usize, cx: &mut Ctx<'_, '_>) -> ErrorRead {
    let is_status = |t: &str| t.len() == 3 && t.chars().all(|c| c.is_ascii_digit());
    let mut errors = Vec::new();
    let mut current: Option<(usize, u16, Vec<String>)> = None;
    let mut i = start;
    let flush = |cur: Option<(usize, u16, Vec<String>)>,
                 errors: &mut Vec<RawError>,
                 cx: &mut Ctx<'_, '_>| {
        let Some((line, status, cells)) = cur else {
            return;
        };
        let mut it = cells.into_iter();
        match (it.next(), it.next()) {
            (Some(code), Some(message)) if is_code(&code) => {
                let mut desc = DescBuilder::new();
                for d in it {
                    desc.text(&d);
                    desc.break_paragraph();
                }
                errors.push(RawError {
                    status,
                    code,
                    message: collapse_ws(&message),
                    description: dash_is_empty(&desc.finish()),
                    line,
                });
            }
            _ => cx.warn(
                line,
                WarningKind::UnparsedRow,
                "error row without a code and a message".into(),
            ),
        }
    };
    while let Some(l) = lines.get(i) {
        if ends_table(lines, i) {
            break;
        }
        let t = l.trimmed();
        i += 1;
        if t.is_empty() {
            continue;
        }
        if is_status(t) {
            flush(current.take(), &mut errors, cx);
            current = t.parse().ok().map(|s| (l.no, s, Vec::new()));
            continue;
        }
        match current.as_mut() {
            Some((_, _, cells)) => cells.push(t.to_owned()),
            None => {
                i -= 1;
                break;
            }
        }
    }
    flush(current.take(), &mut errors, cx);
    ErrorRead {
        errors,
        end: i,
        rendering: Rendering::CellPerLine,
    }
}

fn read_pipes(
    lines: &[Line<'_>],
    start: usize,
    trailing: bool,
    cols: &[ErrCol],
    cx: &mut Ctx<'_, '_>,
) -> ErrorRead {
    let read = pipes::read(
        lines,
        start,
        cols.len(),
        trailing,
        pipes::starts_error_row,
        false,
    );
    let mut errors = Vec::new();
    let mut per_line = false;
    for row in &read.rows {
        per_line |= row.one_cell_per_line;
        let get = |col: ErrCol| -> String {
            let idx = cols.iter().position(|c| *c == col).unwrap_or(match col {
                ErrCol::Status => 0,
                ErrCol::Code => 1,
                ErrCol::Message => 2,
                ErrCol::Description => 3,
            });
            row.cells.get(idx).map(|c| c.join(" ")).unwrap_or_default()
        };
        let status = get(ErrCol::Status).trim().parse::<u16>().ok();
        let code = collapse_ws(&get(ErrCol::Code));
        match status {
            Some(status) if !code.is_empty() => errors.push(RawError {
                status,
                code,
                message: collapse_ws(&get(ErrCol::Message)),
                description: dash_is_empty(&get(ErrCol::Description)),
                line: row.line,
            }),
            _ => cx.warn(
                row.line,
                WarningKind::UnparsedRow,
                "error row without a numeric status and a code".into(),
            ),
        }
    }
    ErrorRead {
        errors,
        end: read.end,
        rendering: if per_line {
            Rendering::PipeNewline
        } else {
            Rendering::Pipe
        },
    }
}

/// Splits an error row printed on one line, spaced or glued.
fn split_row(t: &str) -> Option<Cells> {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits != 3 {
        return None;
    }
    if t.get(3..4).is_some_and(|c| c.trim().is_empty()) {
        split_spaced(t)
    } else {
        split_glued(t)
    }
}

/// `403 Forbidden.Access <message> <描述>`: status, code, and the message and
/// description split where the Chinese description starts.
fn split_spaced(t: &str) -> Option<Cells> {
    let (status, rest) = t.split_once(char::is_whitespace)?;
    let status: u16 = status.parse().ok()?;
    let rest = rest.trim_start();
    let (code, rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    if code.is_empty() || has_cjk(code) {
        return None;
    }
    let (message, description) = split_message_cjk(rest);
    Some((status, code.to_owned(), message, description))
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
/// known CamelCase/acronym word such as `DataWorks `), with a valid code before it. The
/// message ends at the last sentence end (`.`, `!`, `?`) glued to the description's
/// first character; a description of `-` is empty.
fn split_glued(t: &str) -> Option<Cells> {
    let digits_end = t
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(t.len(), |(i, _)| i);
    let status: u16 = t.get(..digits_end)?.parse().ok()?;
    let rest = t.get(digits_end..)?.trim_start();
    let (code, tail) = split_code(rest, |w| {
        MESSAGE_WORDS.contains(&w) || w.chars().skip(1).all(|c| c.is_ascii_lowercase())
    })
    .or_else(|| split_code(rest, |w| w.chars().all(|c| c.is_ascii_alphabetic())))?;
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
    use super::*;

    fn own(s: u16, c: &str, m: &str, d: &str) -> Option<Cells> {
        Some((s, c.to_owned(), m.to_owned(), d.to_owned()))
    }

    #[test]
    fn glued_error_rows() {
        assert_eq!(
            split_row("400Param.InvalidThe parameter is invalid.Param invalid"),
            own(
                400,
                "Param.Invalid",
                "The parameter is invalid.",
                "Param invalid"
            )
        );
        assert_eq!(
            split_row("403Forbidden.AccessAccess is forbidden.-"),
            own(403, "Forbidden.Access", "Access is forbidden.", "")
        );
        assert_eq!(
            split_row("500InternalError.SystemAn internal error occurred.InternalError"),
            own(
                500,
                "InternalError.System",
                "An internal error occurred.",
                "InternalError"
            )
        );
        assert_eq!(
            split_row(
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
            split_row("429Throttling.UserDataWorks is busy in v1.2.Retry"),
            own(
                429,
                "Throttling.User",
                "DataWorks is busy in v1.2.",
                "Retry"
            )
        );
        assert_eq!(split_row("Param.InvalidThe parameter"), None);
        assert_eq!(split_row("400param invalid"), None);
    }

    #[test]
    fn spaced_error_rows() {
        assert_eq!(
            split_row("429 Throttling.System The DataWorks system is busy. Try again later. DataWorks系统繁忙,请稍后再试。"),
            own(
                429,
                "Throttling.System",
                "The DataWorks system is busy. Try again later.",
                "DataWorks系统繁忙,请稍后再试。"
            )
        );
        assert_eq!(
            split_row("500 InternalError.System An internal system error occurred."),
            own(
                500,
                "InternalError.System",
                "An internal system error occurred.",
                ""
            )
        );
        assert_eq!(split_row("5xx Broken row"), None);
    }
}
