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
//! (unknown), never `false`.

use super::super::page_common::{
    bullet_item, collapse_ws, has_cjk, is_identifier, DescBuilder, Line,
};
use super::vocab::{self, Col};
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

/// The columns of a table, in header order, and where each stands in a row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Columns<'a> {
    pub(crate) cols: &'a [Col],
}

impl Columns<'_> {
    pub(crate) fn has(&self, c: Col) -> bool {
        self.cols.contains(&c)
    }

    fn position(&self, c: Col) -> Option<usize> {
        self.cols.iter().position(|x| *x == c)
    }

    /// Whether the example is one of the head's cells (old order: before the
    /// description).
    pub(crate) fn example_in_head(&self) -> bool {
        match (self.position(Col::Example), self.position(Col::Description)) {
            (Some(e), Some(d)) => e < d,
            (Some(_), None) => true,
            _ => false,
        }
    }

    /// Whether the example is the block's last line (current order).
    pub(crate) fn example_in_tail(&self) -> bool {
        self.has(Col::Example) && !self.example_in_head()
    }
}

/// A row's head cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) name: String,
    pub(crate) type_text: String,
    pub(crate) required: Option<bool>,
    /// The example, where the head holds it.
    pub(crate) example: Option<String>,
    /// The type word is not one the documents use (the row is kept; typing reports it).
    pub(crate) unknown_type: bool,
}

/// The type words of the old template, whose rows are printed on one line (`Array of X`
/// aside): capitalised, so that an English sentence (`The string that ...`) is not a row.
const HEAD_TYPES: &[&str] = &[
    "String", "Long", "Integer", "Int32", "Int64", "Boolean", "Float", "Double", "Struct",
    "Object", "List", "Map", "Array", "Number", "Any",
];

/// Every type word a row printed one cell per line may carry (both templates).
fn is_cell_type(t: &str) -> bool {
    HEAD_TYPES.contains(&t)
        || vocab::GLUED_TYPES.contains(&t)
        || vocab::generic_type_len(t) == Some(t.len())
}

fn is_head_type(t: &str) -> bool {
    HEAD_TYPES.contains(&t) || vocab::generic_type_len(t) == Some(t.len())
}

/// Words an English sentence starts with, which no parameter is called.
const SENTENCE_WORDS: &[&str] = &[
    "The",
    "A",
    "An",
    "If",
    "This",
    "That",
    "These",
    "Those",
    "When",
    "For",
    "You",
    "It",
    "In",
    "On",
    "To",
    "Set",
    "Specify",
    "Valid",
    "Default",
    "Note",
    "Only",
    "Each",
    "All",
    "Whether",
    "Indicates",
    "Specifies",
    "Returns",
    "See",
    "Example",
    "Examples",
    "Unit",
    "Format",
];

/// Splits off the first whitespace-delimited token.
fn split_token(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    s.split_once(char::is_whitespace).unwrap_or((s, ""))
}

/// Reads a spaced row head (`Name [Location] Type [Required] [Example...]`). Row heads
/// start in the first column (bullet lines are indented).
pub(crate) fn space_head(line: &str, cols: Columns<'_>) -> Option<Head> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let (name, mut rest) = split_token(line.trim_end());
    if !is_identifier(name) || SENTENCE_WORDS.contains(&name) {
        return None;
    }
    if cols.has(Col::Location) {
        let (tok, after) = split_token(rest);
        if vocab::is_location(tok) {
            rest = after;
        }
    }
    let (ty, after_ty) = split_token(rest);
    let type_text = if matches!(ty, "Array" | "array" | "List" | "list") {
        let (of, after_of) = split_token(after_ty);
        let (elem, after_elem) = split_token(after_of);
        if of == "of" && is_identifier(elem) {
            rest = after_elem;
            format!("{ty} of {elem}")
        } else {
            rest = after_ty;
            ty.to_owned()
        }
    } else if is_head_type(ty) {
        rest = after_ty;
        ty.to_owned()
    } else if vocab::GLUED_TYPES.contains(&ty)
        && (line.contains('\t') || vocab::required_word(split_token(after_ty).0, false).is_some())
    {
        // A current-template spelling (`long`), where the cells are tab-separated or a
        // required word follows: not an English sentence.
        rest = after_ty;
        ty.to_owned()
    } else {
        return None;
    };
    let mut required = None;
    if cols.has(Col::Required) {
        let (tok, after) = split_token(rest);
        if let Some(r) = vocab::required_word(tok, false) {
            required = Some(r);
            rest = after;
        }
    }
    Some(Head {
        name: name.to_owned(),
        type_text,
        required,
        example: Some(collapse_ws(rest)).filter(|e| !e.is_empty()),
        unknown_type: false,
    })
}

/// A spaced line `Name Word [Example]` whose `Word` looks like a type but is not one
/// the documents use (`Status Integr 1`).
fn unknown_type_head(line: &str, cols: Columns<'_>) -> Option<Head> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let t = line.trim();
    if t.ends_with(['.', ':', '。', '：', ',', '，']) {
        return None;
    }
    let toks: Vec<&str> = t.split_whitespace().collect();
    let (name, ty) = (toks.first()?, toks.get(1)?);
    let capitalised_word = ty.len() <= 10
        && ty.starts_with(|c: char| c.is_ascii_uppercase())
        && ty.chars().skip(1).all(|c| c.is_ascii_lowercase())
        && ty.chars().count() >= 3;
    let ok = toks.len() <= 4
        && is_identifier(name)
        && !SENTENCE_WORDS.contains(name)
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && capitalised_word
        && !is_head_type(ty);
    if !ok {
        return None;
    }
    let mut rest: Vec<&str> = toks.get(2..).unwrap_or_default().to_vec();
    let mut required = None;
    if cols.has(Col::Required) {
        if let Some(r) = rest.first().and_then(|t| vocab::required_word(t, false)) {
            required = Some(r);
            rest.remove(0);
        }
    }
    Some(Head {
        name: (*name).to_owned(),
        type_text: (*ty).to_owned(),
        required,
        example: Some(rest.join(" ")).filter(|e| !e.is_empty()),
        unknown_type: true,
    })
}

/// The type spellings that start `s` (generic `array<...>` included), longest first.
fn glued_types_at(s: &str) -> Vec<usize> {
    let mut lens: Vec<usize> = vocab::GLUED_TYPES
        .iter()
        .filter(|t| s.starts_with(**t))
        .map(|t| t.len())
        .collect();
    if let Some(n) = vocab::generic_type_len(s) {
        lens.push(n);
    }
    lens.sort_unstable_by(|a, b| b.cmp(a));
    lens
}

/// Reads a glued row head (`ProjectIdlongYes`, `Dataobject`, `object`, old order
/// `ActionStringYesGetWidget`): the name is the shortest identifier prefix that leaves a
/// type (then the required word where the table has the column, then, in the old order,
/// the example). A split that finds a required word is preferred.
pub(crate) fn glued_head(line: &str, cols: Columns<'_>) -> Option<Head> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let t = line.trim_end();
    if t.is_empty() || t.len() > 300 {
        return None;
    }
    let example_inline = cols.example_in_head();
    let mut fallback: Option<Head> = None;
    for (p, _) in t.char_indices() {
        let Some(name) = t.get(..p) else { continue };
        if !(name.is_empty() || is_identifier(name)) {
            // Once the prefix holds a character no name has, no longer prefix is a name
            // (a trailing dot may still continue `Tag.N.Key`).
            if name.ends_with('.') {
                continue;
            }
            break;
        }
        let Some(after_name) = t.get(p..) else {
            continue;
        };
        for len in glued_types_at(after_name) {
            let Some(type_text) = after_name.get(..len) else {
                continue;
            };
            let Some(after_type) = after_name.get(len..) else {
                continue;
            };
            let mut options: Vec<(Option<bool>, &str)> = Vec::new();
            if cols.has(Col::Required) {
                for (w, r) in vocab::GLUED_REQUIRED {
                    if let Some(rest) = after_type.strip_prefix(w) {
                        options.push((Some(*r), rest));
                    }
                }
            }
            options.push((None, after_type));
            for (required, rest) in options {
                // Only the old column order has cells after the required one (the
                // example); an anonymous row has none.
                let rest_ok = rest.is_empty() || (example_inline && !name.is_empty());
                if !rest_ok {
                    continue;
                }
                let head = Head {
                    name: name.to_owned(),
                    type_text: type_text.to_owned(),
                    required,
                    example: Some(collapse_ws(rest)).filter(|e| !e.is_empty()),
                    unknown_type: false,
                };
                if required.is_some() || !cols.has(Col::Required) || !example_inline {
                    return Some(head);
                }
                fallback.get_or_insert(head);
            }
        }
    }
    fallback
}

/// Whether a whole line is a type cell (`String`, `array<object>`, `Array of Folder`).
fn is_type_line(t: &str) -> bool {
    is_cell_type(t)
        || {
            let toks: Vec<&str> = t.split_whitespace().collect();
            matches!(toks.as_slice(), [a, "of", e] if matches!(*a, "Array" | "array" | "List" | "list") && is_identifier(e))
        }
}

/// Whether a type is a container (object, map, array).
fn is_container_type(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    ["object", "struct", "map", "array", "list"]
        .iter()
        .any(|p| l.starts_with(p))
}

fn next_content(region: &[Line<'_>], from: usize) -> Option<usize> {
    (from..region.len()).find(|&k| region.get(k).is_some_and(|l| !l.is_blank()))
}

/// Reads a head printed one cell per line from `region[idx]`: the name line (or, for an
/// anonymous row, the type line alone), the type line, the location and required lines
/// where present, and in the old order the example line. Returns the head and the index
/// of the first line after it.
pub(crate) fn line_head(
    region: &[Line<'_>],
    idx: usize,
    cols: Columns<'_>,
) -> Option<(Head, usize)> {
    let first = region.get(idx)?;
    if first.text.starts_with(char::is_whitespace) && bullet_item(first.text).is_some() {
        return None;
    }
    let t = first.trimmed();
    let (name, type_text, mut j) = if is_type_line(t) {
        (String::new(), t.to_owned(), idx + 1)
    } else if is_identifier(t) {
        let k = next_content(region, idx + 1)?;
        let ty = region.get(k)?.trimmed();
        if !is_type_line(ty) {
            return None;
        }
        (t.to_owned(), ty.to_owned(), k + 1)
    } else {
        return None;
    };
    if cols.has(Col::Location) {
        if let Some(k) = next_content(region, j) {
            if region
                .get(k)
                .is_some_and(|l| vocab::is_location(l.trimmed()))
            {
                j = k + 1;
            }
        }
    }
    let mut required = None;
    if cols.has(Col::Required) {
        if let Some(k) = next_content(region, j) {
            if let Some(r) = region
                .get(k)
                .and_then(|l| vocab::required_word(l.trimmed(), false))
            {
                required = Some(r);
                j = k + 1;
            }
        }
    }
    let mut example = None;
    if cols.example_in_head() {
        if let Some(k) = next_content(region, j) {
            if let Some(l) = region.get(k) {
                let et = l.trimmed();
                let is_head = line_head_start(region, k);
                if !is_head && bullet_item(l.text).is_none() && !description_like(et, true) {
                    example = Some(collapse_ws(et));
                    j = k + 1;
                }
            }
        }
    }
    Some((
        Head {
            name,
            type_text,
            required,
            example,
            unknown_type: false,
        },
        j,
    ))
}

/// Whether `region[k]` starts a named one-cell-per-line head (a name line followed by a
/// type line).
fn line_head_start(region: &[Line<'_>], k: usize) -> bool {
    region.get(k).is_some_and(|l| is_identifier(l.trimmed()))
        && next_content(region, k + 1)
            .and_then(|n| region.get(n))
            .is_some_and(|l| is_type_line(l.trimmed()))
}

/// A sentence (several words ending with `.`/`:`), or Chinese text ending with `。`/`：`:
/// description, not example. `alone`: the line is the block's only line.
fn description_like(t: &str, alone: bool) -> bool {
    let ascii_sentence = t.contains(' ') && t.ends_with(['.', ':', '。', '：']);
    let cjk_sentence = has_cjk(t) && t.ends_with(['。', '：', ':', '；', '！']);
    if alone {
        ascii_sentence || cjk_sentence
    } else {
        cjk_sentence || (ascii_sentence && t.split_whitespace().count() >= 8)
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
        if paragraph_start
            && is_identifier(t)
            && t.len() >= 2
            && t.starts_with(|c: char| c.is_ascii_uppercase())
            && !is_head_type(t)
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
        let accepted = !after_blank
            || head.required.is_some()
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
    use Col::*;

    const OLD: &[Col] = &[Name, Type, Required, Example, Description];
    const CUR: &[Col] = &[Name, Type, Required, Description, Example];
    const RESP: &[Col] = &[Name, Type, Description, Example];

    fn c(cols: &[Col]) -> Columns<'_> {
        Columns { cols }
    }

    fn h(name: &str, ty: &str, req: Option<bool>, ex: Option<&str>) -> Option<Head> {
        Some(Head {
            name: name.into(),
            type_text: ty.into(),
            required: req,
            example: ex.map(str::to_owned),
            unknown_type: false,
        })
    }

    #[test]
    fn spaced_heads() {
        assert_eq!(
            space_head("Action String Yes GetWidget", c(OLD)),
            h("Action", "String", Some(true), Some("GetWidget"))
        );
        assert_eq!(
            space_head("WidgetName String my  widget", c(OLD)),
            h("WidgetName", "String", None, Some("my widget"))
        );
        assert_eq!(
            space_head("Folders Array of Folder No", c(OLD)),
            h("Folders", "Array of Folder", Some(false), None)
        );
        assert_eq!(
            space_head(
                "Action Query String GetWidget",
                c(&[Name, Location, Type, Required, Example, Description])
            ),
            h("Action", "String", None, Some("GetWidget"))
        );
        // Current-template spellings only where no sentence could read so.
        assert_eq!(
            space_head("ProjectId\tlong\tNo\t", c(CUR)),
            h("ProjectId", "long", Some(false), None)
        );
        assert_eq!(
            space_head("ProjectId long No", c(CUR)),
            h("ProjectId", "long", Some(false), None)
        );
        assert_eq!(space_head("Widget string that names it", c(CUR)), None);
        assert_eq!(space_head("The String value.", c(OLD)), None);
        assert_eq!(space_head("  • 7:检查未通过", c(OLD)), None);
        assert_eq!(space_head("DataWorks工作空间的ID。", c(OLD)), None);
        assert_eq!(
            space_head("Force Boolean true", c(OLD))
                .unwrap()
                .example
                .as_deref(),
            Some("true")
        );
    }

    #[test]
    fn glued_heads_every_variant() {
        assert_eq!(
            glued_head("ProjectIdlongNo", c(CUR)),
            h("ProjectId", "long", Some(false), None)
        );
        assert_eq!(
            glued_head("ProjectIdlong", c(CUR)),
            h("ProjectId", "long", None, None)
        );
        assert_eq!(
            glued_head("Tagsarray<object>No", c(CUR)),
            h("Tags", "array<object>", Some(false), None)
        );
        assert_eq!(
            glued_head("objectNo", c(CUR)),
            h("", "object", Some(false), None)
        );
        assert_eq!(glued_head("object", c(RESP)), h("", "object", None, None));
        assert_eq!(
            glued_head("Idsarray", c(RESP)),
            h("Ids", "array", None, None)
        );
        assert_eq!(
            glued_head("IdListstring", c(RESP)),
            h("IdList", "string", None, None)
        );
        assert_eq!(
            glued_head("ActionStringYesGetWidget", c(OLD)),
            h("Action", "String", Some(true), Some("GetWidget"))
        );
        assert_eq!(
            glued_head("DataLongValueLongYes12", c(OLD)),
            h("DataLongValue", "Long", Some(true), Some("12"))
        );
        assert_eq!(glued_head("10000", c(CUR)), None);
        assert_eq!(glued_head("DI_REALTIME", c(CUR)), None);
        assert_eq!(glued_head("The ID of the string", c(CUR)), None);
        assert_eq!(glued_head("  • true: yes", c(RESP)), None);
    }

    #[test]
    fn cell_per_line_heads() {
        let text = "WidgetName\n\nString\n\nYes\n\nmy widget\n\nThe name.\n";
        let lines = numbered_lines(text);
        let (head, next) = line_head(&lines, 0, c(OLD)).unwrap();
        assert_eq!(
            Some(head),
            h("WidgetName", "String", Some(true), Some("my widget"))
        );
        assert_eq!(next, 7);
        let text = "WidgetName\n\nstring\n\nThe name.\n\nmy widget\n";
        let lines = numbered_lines(text);
        let (head, next) = line_head(&lines, 0, c(CUR)).unwrap();
        assert_eq!(Some(head), h("WidgetName", "string", None, None));
        assert_eq!(next, 3);
    }

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
