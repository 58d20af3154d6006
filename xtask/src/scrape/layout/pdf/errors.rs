//! Error-code tables of the PDF dump: rows `Status Code Message Description` whose code
//! may wrap (`Invalid.Tenant.Connectio` / `nNotExists`), whose English message may wrap
//! over lines, followed by a Chinese description.

use regex::Regex;
use std::sync::LazyLock;

use super::repair::{
    has_cjk, is_cjk, is_identifier, join_ligature_split, join_paragraph, join_wrapped,
};
use super::Line;
use crate::scrape::raw::RawError;

static STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<status>[1-5]\d\d)(?:\s+(?P<rest>.*))?$").expect("valid regex")
});

/// The width at which the code column wraps; a shorter code fragment is complete.
const CODE_WRAP_WIDTH: usize = 20;

/// Parses an error table's lines into rows; non-empty lines before the first row are
/// returned as unplaced (line number, text).
pub fn parse_errors(lines: &[Line<'_>]) -> (Vec<RawError>, Vec<(usize, String)>) {
    let mut blocks: Vec<(usize, u16, Vec<&str>)> = Vec::new();
    let mut unplaced = Vec::new();
    for line in lines {
        let text = line.text.trim();
        if let Some(c) = STATUS.captures(text) {
            if let Ok(status) = c["status"].parse() {
                let mut block = Vec::new();
                if let Some(rest) = c.name("rest") {
                    block.push(rest.as_str());
                }
                blocks.push((line.no, status, block));
                continue;
            }
        }
        match blocks.last_mut() {
            Some((_, _, block)) => block.push(text),
            None if !text.is_empty() => unplaced.push((line.no, text.to_owned())),
            None => {}
        }
    }
    let rows = blocks
        .into_iter()
        .filter_map(|(line, status, block)| {
            let row = parse_block(status, &block, line);
            if row.is_none() {
                unplaced.push((line, block.join(" ")));
            }
            row
        })
        .collect();
    (rows, unplaced)
}

/// One row's text (everything after the status), split into code, message, description.
fn parse_block(status: u16, block: &[&str], line: usize) -> Option<RawError> {
    let mut items = block.iter().map(|s| s.trim()).peekable();
    // Skip blank lines between the status and the code.
    while items.peek().is_some_and(|s| s.is_empty()) {
        items.next();
    }
    let first = items.next()?;
    let (mut code, first_rest) = match first.split_once(' ') {
        Some((c, r)) => (c.to_owned(), r.trim().to_owned()),
        None => (first.to_owned(), String::new()),
    };
    if !is_identifier(&code) {
        return None;
    }
    // The code wraps onto following lines only while it is cut at the column width.
    if first_rest.is_empty() {
        while code.len() >= CODE_WRAP_WIDTH {
            match items.peek() {
                Some(next) if !next.is_empty() && !has_cjk(next) => {
                    // A stray quote after a code is a typo of the dump
                    // (`Invalid.Meta.CategoryRel` / `ationDuplicate"`).
                    let cleaned = next.trim_end_matches(['"', '\'', '”']);
                    let Some(fragment) = join_ligature_split(cleaned) else {
                        break;
                    };
                    code = join_wrapped(&code, &fragment);
                    items.next();
                }
                _ => break,
            }
        }
    }
    let mut lines: Vec<&str> = Vec::new();
    if !first_rest.is_empty() {
        lines.push(first_rest.as_str());
    }
    lines.extend(items);
    let (message, description) = split_message(&lines);
    Some(RawError {
        status,
        code,
        message,
        description,
        line,
    })
}

/// Splits the row's remaining lines into the English message and the Chinese
/// description: message lines come first; the description starts at the first word that
/// contains Chinese text (which may share a line with the end of the message).
fn split_message(lines: &[&str]) -> (String, String) {
    let mut message: Vec<&str> = Vec::new();
    let mut description: Vec<&str> = Vec::new();
    for line in lines {
        if !description.is_empty() {
            description.push(line);
            continue;
        }
        match line.char_indices().find(|(_, c)| is_cjk(*c)) {
            None => message.push(line),
            Some((i, _)) => {
                let start = line[..i].rfind(' ').map_or(0, |s| s + 1);
                message.push(&line[..start]);
                description.push(&line[start..]);
            }
        }
    }
    (join_paragraph(&message), join_paragraph(&description))
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

    #[test]
    fn wrapped_codes_and_messages() {
        let text = "500\nInternalError.Meta.Tenan\ntT imeOut\n\nFailed to connect. 接口网络不通。\n\n400\nInvalid.Tenant.Connectio\nnNotExists\n\nThe connection does not exist. 数据源不存在。\n\n400 Invalid.CalcEngineType\nThe specified calcEngineType %s is\ninvalid.\n\n传入的引擎类型非法\n\n403\nInvalid.Tenant.UserNotIn\nTenant\n\nThe user is not in tenant. 用户不在租户中。\n\n400 Param.Invalid The parameter is invalid. 参数错误\n\n500 InternalError.System An internal error occurred. InternalError";
        let (rows, unplaced) = parse_errors(&lines(text));
        assert!(unplaced.is_empty(), "{unplaced:?}");
        let got: Vec<(u16, &str, &str, &str, usize)> = rows
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
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    500,
                    "InternalError.Meta.TenantTimeOut",
                    "Failed to connect.",
                    "接口网络不通。",
                    1
                ),
                (
                    400,
                    "Invalid.Tenant.ConnectionNotExists",
                    "The connection does not exist.",
                    "数据源不存在。",
                    7
                ),
                (
                    400,
                    "Invalid.CalcEngineType",
                    "The specified calcEngineType %s is invalid.",
                    "传入的引擎类型非法",
                    13
                ),
                (
                    403,
                    "Invalid.Tenant.UserNotInTenant",
                    "The user is not in tenant.",
                    "用户不在租户中。",
                    19
                ),
                (
                    400,
                    "Param.Invalid",
                    "The parameter is invalid.",
                    "参数错误",
                    25
                ),
                (
                    500,
                    "InternalError.System",
                    "An internal error occurred. InternalError",
                    "",
                    27
                ),
            ]
        );
    }

    #[test]
    fn a_stray_quote_after_a_wrapped_code_is_dropped() {
        let text = "500\nInvalid.Meta.CategoryRel\nationDuplicate\"\n\nThe table is already bound to the\ncategory.\n\n类目已经关联该表。";
        let (rows, unplaced) = parse_errors(&lines(text));
        assert!(unplaced.is_empty());
        assert_eq!(rows[0].code, "Invalid.Meta.CategoryRelationDuplicate");
        assert_eq!(
            rows[0].message,
            "The table is already bound to the category."
        );
        assert_eq!(rows[0].description, "类目已经关联该表。");
    }

    #[test]
    fn garbage_is_reported_not_dropped() {
        let (rows, unplaced) = parse_errors(&lines("说明文字\n404 ???"));
        assert!(rows.is_empty());
        assert_eq!(unplaced.len(), 2);
    }
}
