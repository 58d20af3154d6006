//! Rows with a head and a block: the renderings whose rows start with the row's leading
//! cells (the columns before the description: name, location, type, required and, in
//! the old column order, the example) and continue with a block of text (the description
//! paragraphs and, in the current column order, the example as the block's last line).
//!
//! Three renderings differ only in how the head's cells are separated, which is this
//! reader's one parameter ([`Sep`]):
//! - [`Sep::Space`], rows on one line: `Action String Yes GetWidget`, `WidgetName String
//!   my widget` (the Chinese old template prints no required value; after name, type and
//!   the required word where present, the rest of the line is the example);
//! - [`Sep::Glue`], glued: `ProjectIdlongNo`, `WidgetNamestring` (Chinese, no required
//!   value), `ActionStringYesGetWidget` (old column order); a bare type (`object`) is an
//!   anonymous row (the root object, an array's item);
//! - [`Sep::Line`], one cell per line: `WidgetName` / `String` / `Yes` / ..., blank lines
//!   between; the required cell may be missing.
//!
//! Where the rendering prints no required value the row's `required` is `None`
//! (unknown), never `false`. The heads themselves are read by [`super::heads`].

use super::super::page_common::{bullet_item, collapse_ws, is_identifier, DescBuilder, Line};
use super::heads::{
    description_like, glued_head, is_container_type, is_head_type, line_head, next_content,
    space_head, unknown_type_head, Columns, Head,
};
use super::vocab::Col;
use crate::scrape::diag::{Diagnostics, WarningKind};
use crate::scrape::raw::{RawRow, Rendering};

/// How a row head's cells are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sep {
    /// By spaces, on one line.
    Space,
    /// Not at all (glued).
    Glue,
    /// By line breaks (one cell per line).
    Line,
}

impl Sep {
    pub(crate) fn rendering(self) -> Rendering {
        match self {
            Sep::Space => Rendering::OneLineRows,
            Sep::Glue => Rendering::Glued,
            Sep::Line => Rendering::CellPerLine,
        }
    }
}

/// Splits a row's block into description and (where the example is the block's last
/// line) example; returns the index in `block` of the example line, if any.
pub(crate) fn split_block(
    block: &[Line<'_>],
    type_text: &str,
    example_in_tail: bool,
) -> (String, String, Option<usize>) {
    let content: Vec<(usize, &Line<'_>)> = block
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_blank())
        .collect();
    let example_idx = if example_in_tail {
        content.last().and_then(|(idx, last)| {
            let t = last.trimmed();
            if bullet_item(last.text).is_some() {
                return None;
            }
            let container = is_container_type(type_text);
            let description = if content.len() == 1 {
                description_like(t, true)
            } else {
                description_like(t, false) || (container && description_like(t, true))
            };
            (!description).then_some(*idx)
        })
    } else {
        None
    };
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

/// Whether the separator can read a row head at `region[idx]` (used to pick the
/// rendering of a table from its first named row).
pub(crate) fn head_at(region: &[Line<'_>], idx: usize, sep: Sep, cols: Columns<'_>) -> bool {
    let Some(l) = region.get(idx) else {
        return false;
    };
    match sep {
        Sep::Space => space_head(l.text, cols).is_some(),
        Sep::Glue => glued_head(l.text, cols).is_some_and(|h| !h.name.is_empty()),
        Sep::Line => line_head(region, idx, cols).is_some_and(|(h, _)| !h.name.is_empty()),
    }
}

/// A row by its name and line.
pub(crate) type RowAt = (String, usize);

/// The text ends inside a table: the last row read and the row cut off, where known.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Cut {
    pub(crate) last: Option<RowAt>,
    pub(crate) cut: Option<RowAt>,
}

/// What reading a table's rows gave.
#[derive(Debug, Default)]
pub(crate) struct Read {
    pub(crate) rows: Vec<RawRow>,
    /// Set where the text ends inside the table.
    pub(crate) cut: Option<Cut>,
}

/// One row head found in the region.
struct Found {
    idx: usize,
    /// Index of the first block line.
    body: usize,
    head: Head,
}

/// Where the warnings go and what they name.
pub(crate) struct Ctx<'a, 'd> {
    pub(crate) file: &'a str,
    pub(crate) op: Option<&'a str>,
    pub(crate) diag: &'d mut Diagnostics,
}

impl Ctx<'_, '_> {
    pub(crate) fn warn(&mut self, line: usize, kind: WarningKind, msg: String) {
        self.diag.warn(self.file, line, kind, self.op, msg);
    }
}

/// Reads the rows of a table region (the lines between its header and the next heading
/// or table header). `at_eof`: the region runs to the end of the text (a truncated save),
/// so its last row is kept only where it is provably complete.
pub(crate) fn read(
    region: &[Line<'_>],
    cols: Columns<'_>,
    sep: Sep,
    at_eof: bool,
    cx: &mut Ctx<'_, '_>,
) -> Read {
    let (heads, dropped) = find_heads(region, cols, sep, cx);
    let first = heads.first().map_or(region.len(), |f| f.idx);
    for l in region.get(..first).unwrap_or_default() {
        if !l.is_blank() {
            cx.warn(
                l.no,
                WarningKind::UnparsedRow,
                format!(
                    "text before the first row of the table is not a row head: `{}`",
                    l.trimmed()
                ),
            );
        }
    }
    let mut out = Read::default();
    let mut complete_last = true;
    for (k, f) in heads.iter().enumerate() {
        let end = heads.get(k + 1).map_or(region.len(), |n| n.idx);
        let block: Vec<Line<'_>> = (f.body..end)
            .filter(|i| !dropped.contains(i))
            .filter_map(|i| region.get(i).copied())
            .collect();
        let block = block.as_slice();
        let (description, tail_example, example_idx) =
            split_block(block, &f.head.type_text, cols.example_in_tail());
        let example = f.head.example.clone().unwrap_or(tail_example);
        let line = region.get(f.idx).map_or(0, |l| l.no);
        if k + 1 == heads.len() && at_eof {
            complete_last = if cols.example_in_tail() {
                example_idx.is_some() && !description.is_empty()
            } else {
                description
                    .trim_end()
                    .ends_with(['。', '.', '！', '!', '？', '?'])
            };
        }
        out.rows.push(RawRow {
            name: f.head.name.clone(),
            type_text: f.head.type_text.clone(),
            required: f.head.required,
            example,
            description,
            line,
            depth: None,
        });
    }
    if at_eof {
        let cut_row = if complete_last {
            None
        } else {
            out.rows.pop().map(|r| (r.name, r.line))
        };
        let last = out.rows.last().map(|r| (r.name.clone(), r.line));
        out.cut = Some(Cut { last, cut: cut_row });
    }
    out
}

/// The row heads of a region, and the lines reported as lost row heads (left out of
/// every description).
fn find_heads(
    region: &[Line<'_>],
    cols: Columns<'_>,
    sep: Sep,
    cx: &mut Ctx<'_, '_>,
) -> (Vec<Found>, Vec<usize>) {
    match sep {
        Sep::Space => space_heads(region, cols, cx),
        Sep::Glue => (glued_heads(region, cols, cx), Vec::new()),
        Sep::Line => (line_heads(region, cols), Vec::new()),
    }
}

/// Heads of rows on one line: any unindented line that reads as a head; a line that
/// looks like a head with an unknown type word starts a row at a paragraph start; a lone
/// identifier there is reported (a head without a type).
fn space_heads(
    region: &[Line<'_>],
    cols: Columns<'_>,
    cx: &mut Ctx<'_, '_>,
) -> (Vec<Found>, Vec<usize>) {
    let mut out: Vec<Found> = Vec::new();
    let mut dropped: Vec<usize> = Vec::new();
    // Once a row prints a required word, every row of the table does (English pages).
    let mut prints_required = false;
    let mut paragraph_start = true;
    for (idx, l) in region.iter().enumerate() {
        if l.is_blank() {
            paragraph_start = true;
            continue;
        }
        if bullet_item(l.text).is_some() {
            paragraph_start = true;
            continue;
        }
        let t = l.trimmed();
        let head = space_head(l.text, cols).or_else(|| {
            paragraph_start
                .then(|| unknown_type_head(l.text, cols))
                .flatten()
                .filter(|h| !prints_required || h.required.is_some())
        });
        if let Some(head) = head {
            if head.required.is_some() && out.is_empty() {
                prints_required = true;
            }
            out.push(Found {
                idx,
                body: idx + 1,
                head,
            });
            paragraph_start = true;
            continue;
        }
        // (A parameter name is CamelCase: an all-capitals word such as `ODPS` is a value
        // a description lists, and so is a word that labels the JSON shown below it.)
        let labels_code = || {
            next_content(region, idx + 1)
                .and_then(|n| region.get(n))
                .is_some_and(|n| n.trimmed().starts_with(['{', '[']))
        };
        if paragraph_start
            && is_identifier(t)
            && t.len() >= 2
            && t.starts_with(|c: char| c.is_ascii_uppercase())
            && t.chars().any(|c| c.is_ascii_lowercase())
            && !is_head_type(t)
            && !labels_code()
        {
            cx.warn(
                l.no,
                WarningKind::UnparsedRow,
                format!("`{t}` looks like a row head without a type; row not placed"),
            );
            dropped.push(idx);
            continue;
        }
        paragraph_start = false;
    }
    (out, dropped)
}

/// Heads of glued rows. A glued head follows the previous row's last line directly (the
/// header, an example, a description line); a head-like line after a blank line is a row
/// when it prints a required word or text other than a head follows it, and is otherwise
/// cell text (an example such as `Companyobject` right before the next head), reported
/// when it is not in the example's place. A line that reads as a glued head up to an
/// unknown type word (`CreateTimeTimestampYes`) is reported.
fn glued_heads(region: &[Line<'_>], cols: Columns<'_>, cx: &mut Ctx<'_, '_>) -> Vec<Found> {
    let cands: Vec<(usize, Head, bool)> = region
        .iter()
        .enumerate()
        .filter_map(|(idx, l)| {
            let head = glued_head(l.text, cols)?;
            let after_blank = idx
                .checked_sub(1)
                .and_then(|p| region.get(p))
                .is_some_and(Line::is_blank);
            Some((idx, head, after_blank))
        })
        .collect();
    let is_cand = |k: usize| cands.iter().any(|(i, _, _)| *i == k);
    let mut out: Vec<Found> = Vec::new();
    let mut suspects: Vec<usize> = Vec::new();
    for (idx, head, after_blank) in &cands {
        // After a blank line, a head-like line in the example's place (the last line
        // before the next head or the table's end) is the example.
        // A bare item row (`object`) right after an array row is that array's item even
        // in the example's place: an array row is always followed by its item.
        let item_of_array = head.name.is_empty()
            && is_container_type(&head.type_text)
            && out.last().is_some_and(|prev| {
                prev.head
                    .type_text
                    .to_ascii_lowercase()
                    .starts_with("array")
            });
        let accepted = !after_blank
            || head.required.is_some()
            || item_of_array
            || (next_content(region, idx + 1).is_some_and(|n| !is_cand(n))
                && !head.name.is_empty());
        if accepted {
            out.push(Found {
                idx: *idx,
                body: idx + 1,
                head: head.clone(),
            });
        } else {
            suspects.push(*idx);
        }
    }
    // A head whose type the reader does not know: an identifier line ending with a
    // required word where the table prints one (the name cannot be told from the type).
    if cols.has(Col::Required) {
        for (idx, l) in region.iter().enumerate() {
            let t = l.trimmed();
            // An example (`SerialNo`) stands right before the next head or the end.
            let example_place = is_cand(idx + 1) || next_content(region, idx + 1).is_none();
            if is_cand(idx)
                || example_place
                || l.text.starts_with(char::is_whitespace)
                || !is_identifier(t)
            {
                continue;
            }
            let stem = ["Yes", "No"].iter().find_map(|w| t.strip_suffix(w));
            if stem.is_some_and(|s| s.len() >= 4 && s.chars().any(|c| c.is_ascii_lowercase())) {
                cx.warn(
                    l.no,
                    WarningKind::UnparsedRow,
                    format!(
                        "`{t}` looks like a glued row head whose type is not one the documents use; row not placed"
                    ),
                );
            }
        }
    }
    // A suspect that is not its row's example line is reported.
    for s in suspects {
        let Some(k) = out.iter().rposition(|f| f.idx < s) else {
            continue;
        };
        let end = out.get(k + 1).map_or(region.len(), |n| n.idx);
        let last_content = (s..end)
            .rev()
            .find(|&i| region.get(i).is_some_and(|l| !l.is_blank()));
        if last_content != Some(s) || !cols.example_in_tail() {
            if let Some(l) = region.get(s) {
                cx.warn(
                    l.no,
                    WarningKind::UnparsedRow,
                    format!(
                        "`{}` looks like a row head but follows a blank line; kept as description text",
                        l.trimmed()
                    ),
                );
            }
        }
    }
    out
}

/// Heads printed one cell per line: at a cell boundary (the region's start or after a
/// blank line), a name line followed by a type line; or a lone container type (an
/// anonymous row) once the current row has its description.
fn line_heads(region: &[Line<'_>], cols: Columns<'_>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut idx = 0;
    // Lines of the current row's block seen so far.
    let mut block_lines = 0usize;
    while idx < region.len() {
        let Some(l) = region.get(idx) else { break };
        if l.is_blank() {
            idx += 1;
            continue;
        }
        // Cells are separated by blank lines; without them, a named head still starts
        // a row once the current row has its description.
        let boundary =
            idx == 0 || block_lines > 0 || region.get(idx - 1).is_some_and(Line::is_blank);
        if boundary {
            if let Some((head, body)) = line_head(region, idx, cols) {
                let anonymous_ok = !head.name.is_empty()
                    || out.is_empty()
                    || (block_lines > 0 && is_container_type(&head.type_text));
                if anonymous_ok {
                    out.push(Found { idx, body, head });
                    block_lines = 0;
                    idx = body;
                    continue;
                }
            }
        }
        block_lines += 1;
        idx += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::super::page_common::numbered_lines;
    use super::*;

    #[test]
    fn blocks_split_description_and_example() {
        let lines = numbered_lines("\nThe ID of the workspace.\n\n10000");
        let (d, e, _) = split_block(&lines, "long", true);
        assert_eq!(
            (d.as_str(), e.as_str()),
            ("The ID of the workspace.", "10000")
        );
        let lines = numbered_lines("\n部件名称。");
        let (d, e, _) = split_block(&lines, "string", true);
        assert_eq!((d.as_str(), e.as_str()), ("部件名称。", ""));
        let lines = numbered_lines("\n部件名称。\n\n我的部件");
        let (d, e, _) = split_block(&lines, "string", true);
        assert_eq!((d.as_str(), e.as_str()), ("部件名称。", "我的部件"));
        let lines = numbered_lines("\n说明。\n\n  • A：甲\n");
        let (_, e, _) = split_block(&lines, "string", true);
        assert_eq!(e, "");
    }
}
