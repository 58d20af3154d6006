//! The help-centre operation page saved as text, in every rendering the help centre
//! publishes (`../shared/doc-renderings.md`; seeds `000`, `001`, `002`, `004`): one
//! reader for zh-CN, zh-TW and English pages, any host chrome, both column orders.
//!
//! The reader works the same way on every page:
//! 1. the `preamble`: title, date, introduction;
//! 2. the sections, found by their headings in every language (`vocab`): request,
//!    response, errors, examples, and the sections that are not parameter tables
//!    (debugging, authorization information, SDK samples), whose tables are skipped;
//! 3. each table's `header`, in any rendering (glued, one line, one cell per line,
//!    pipes), which gives what the table is and its column order;
//! 4. the rows, read by the rendering's cell boundaries: `block` for rows with a head
//!    and a block (rows on one line, glued, one cell per line: one reader, the head's
//!    separator its parameter, the heads read by `heads`), `pipes` for pipe tables
//!    (one row a line or one cell a line: one cell stream), `errors` for the error
//!    table;
//! 5. the examples (see `page_common::find_examples`), the operation name (title, else
//!    the `Action` row, else the request URL), and the language.
//!
//! Defects are reported, never guessed: a page that ends inside a table is read up to
//! its last complete row (a [`Truncation`] and a `doc-defect` warning naming the file,
//! the line and the last row read); a page whose sections hold no readable table (a
//! description-only render) is an error naming the file.

mod block;
mod errors;
mod header;
mod heads;
mod pipes;
mod preamble;
mod vocab;

use super::page_common::{
    action_from_url, add_examples, cell_text, collapse_ws, content_span, has_content,
    is_action_name, numbered_lines, single_operation, Line,
};
use super::{Layout, ParseError};
use crate::scrape::diag::{Diagnostics, WarningKind};
use crate::scrape::raw::{
    LayoutKind, RawDocument, RawOperation, RawRow, RawTable, Rendering, TableRole, Truncation,
};
use block::{Ctx, Cut, Sep};
use header::{Form, Header, Kind};
use heads::Columns;
use vocab::{Col, Lang, Section};

/// The page reader (every rendering).
pub struct PageLayout;

/// Which renderings the reader reads: all of them, except where a test proves that a
/// fixture depends on its rendering's reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readers {
    enabled: [bool; 5],
}

impl Readers {
    /// Every rendering.
    pub const ALL: Readers = Readers { enabled: [true; 5] };

    /// Every rendering but `r`.
    pub fn without(r: Rendering) -> Readers {
        let mut out = Readers::ALL;
        if let Some(i) = Rendering::ALL.iter().position(|x| *x == r) {
            if let Some(e) = out.enabled.get_mut(i) {
                *e = false;
            }
        }
        out
    }

    fn reads(&self, r: Rendering) -> bool {
        Rendering::ALL
            .iter()
            .position(|x| *x == r)
            .and_then(|i| self.enabled.get(i))
            .copied()
            .unwrap_or(false)
    }
}

impl Layout for PageLayout {
    fn kind(&self) -> LayoutKind {
        LayoutKind::Page
    }

    fn detect(&self, text: &str) -> bool {
        let lines = numbered_lines(text);
        lines.iter().enumerate().any(|(i, l)| {
            let t = l.trimmed();
            matches!(
                vocab::heading(t),
                Some((Section::Request | Section::Response, _))
            ) || (t.len() <= 240
                && header::read(&lines, i).is_some_and(|h| matches!(h.kind, Kind::Params(_))))
        })
    }

    fn parse(
        &self,
        file: &str,
        text: &str,
        diag: &mut Diagnostics,
    ) -> Result<RawDocument, ParseError> {
        read_page(file, text, Readers::ALL, diag)
    }
}

/// Reads a page with the given renderings' readers.
pub fn read_page(
    file: &str,
    text: &str,
    readers: Readers,
    diag: &mut Diagnostics,
) -> Result<RawDocument, ParseError> {
    let lines = numbered_lines(text);
    let first_section = (0..lines.len())
        .find(|&i| {
            lines.get(i).is_some_and(|l| vocab::is_heading(l.trimmed()))
                || header::read(&lines, i).is_some()
        })
        .unwrap_or(lines.len());
    let pre = preamble::read(&lines, first_section);
    let mut page = Page {
        file,
        lines: &lines,
        readers,
        op: pre.op,
        votes: Vec::new(),
        param_sections: 0,
        param_headers: 0,
    };
    page.walk(pre.end, diag);
    let Page {
        mut op,
        votes,
        param_sections,
        param_headers,
        ..
    } = page;

    add_examples(&mut op, &lines, file, diag);
    resolve_name(&mut op, file, diag);
    if op.request.is_empty() && op.response.is_empty() && (param_sections > 0 || param_headers > 0)
    {
        return Err(ParseError::new(
            file,
            0,
            "no readable parameter table: the page has parameter sections but no table \
             rows in any rendering (a description-only render?); nothing can be placed",
        ));
    }
    if !has_content(&op) {
        return Err(ParseError::new(
            file,
            0,
            "page layout: no operation found (no title, parameter table, error table or example)",
        ));
    }
    let (first, last) = content_span(&lines);
    op.lines = (pre.title_no.unwrap_or(first), last);
    let lang = language(&votes);
    Ok(single_operation(
        op,
        pre.version,
        Some(lang.id().to_owned()),
    ))
}

/// The page language: the one most headings and header cells are written in (zh-CN
/// where nothing tells).
fn language(votes: &[Lang]) -> Lang {
    let count = |l: Lang| votes.iter().filter(|v| **v == l).count();
    [Lang::ZhCn, Lang::ZhTw, Lang::En, Lang::Ja]
        .into_iter()
        .max_by_key(|l| (count(*l), matches!(l, Lang::ZhCn)))
        .unwrap_or(Lang::ZhCn)
}

/// How many content lines after a heading-like line inside a table are searched for the
/// next row head (the row's example and the next row's cells).
const DESCRIBED_ROW_LOOKAHEAD: usize = 8;

struct Page<'a, 'l> {
    file: &'a str,
    lines: &'a [Line<'l>],
    readers: Readers,
    op: RawOperation,
    votes: Vec<Lang>,
    param_sections: usize,
    param_headers: usize,
}

impl Page<'_, '_> {
    /// Walks the page body from `lines[start]`: headings switch the section, table
    /// headers start tables.
    fn walk(&mut self, start: usize, diag: &mut Diagnostics) {
        let mut section: Option<Section> = None;
        let mut i = start;
        while let Some(l) = self.lines.get(i) {
            let t = l.trimmed();
            if let Some((s, lang)) = vocab::heading(t) {
                section = Some(s);
                if matches!(s, Section::Request | Section::Response) {
                    self.param_sections += 1;
                }
                self.votes.extend(lang);
                i += 1;
                continue;
            }
            if t.is_empty() {
                i += 1;
                continue;
            }
            let Some(h) = header::read(self.lines, i) else {
                i += 1;
                continue;
            };
            self.votes.extend(h.lang);
            if let Some(again) = h.repeated_at.and_then(|k| self.lines.get(k)) {
                diag.warn(
                    self.file,
                    again.no,
                    WarningKind::Note,
                    self.op.name.as_deref(),
                    "table header printed twice; the second copy is skipped",
                );
            }
            i = match &h.kind {
                Kind::Authorization => h.end,
                Kind::Errors(cols) => self.error_table(&h, cols, diag).max(i + 1),
                Kind::Params(cols) => {
                    self.param_headers += 1;
                    match section {
                        Some(Section::Examples | Section::Errors) => {
                            diag.warn(
                                self.file,
                                l.no,
                                WarningKind::Note,
                                self.op.name.as_deref(),
                                "parameter table header outside the request and response \
                                 sections (in examples or error codes); skipped",
                            );
                            h.end
                        }
                        _ => self.param_table(&h, cols, section, diag).max(i + 1),
                    }
                }
            };
        }
    }

    fn error_table(&mut self, h: &Header, cols: &[vocab::ErrCol], diag: &mut Diagnostics) -> usize {
        let header_no = self.line_no(h.start);
        let trailing = self.header_trailing(h);
        let name = self.op.name.clone();
        let mut cx = Ctx {
            file: self.file,
            op: name.as_deref(),
            diag,
        };
        let read = errors::read(
            self.lines, h.end, h.form, trailing, cols, header_no, &mut cx,
        );
        self.op.tables.push(RawTable {
            role: TableRole::Errors,
            rendering: read.rendering,
            header_form: h.form.id(),
            header_line: header_no,
            columns: h.printed.clone(),
            rows: read.errors.len(),
        });
        self.op.errors.extend(read.errors);
        read.end
    }

    fn line_no(&self, idx: usize) -> usize {
        self.lines.get(idx).map_or(0, |l| l.no)
    }

    /// Whether the header closes its cells with bars (then so do the rows).
    fn header_trailing(&self, h: &Header) -> bool {
        let last = h.repeated_at.unwrap_or(h.start);
        let mut k = h.end.saturating_sub(1);
        // Skip the dash rule.
        while k > last
            && self
                .lines
                .get(k)
                .is_some_and(|l| header::is_dash_rule(l.trimmed()) || l.is_blank())
        {
            k -= 1;
        }
        self.lines
            .get(k)
            .is_some_and(|l| l.trimmed().ends_with('|'))
    }

    /// Reads a parameter table and places its rows; returns where the walk goes on.
    fn param_table(
        &mut self,
        h: &Header,
        cols: &[Col],
        section: Option<Section>,
        diag: &mut Diagnostics,
    ) -> usize {
        let header_no = self.line_no(h.start);
        let role = match section {
            Some(Section::Request) => Some(TableRole::Request),
            Some(Section::Response) => Some(TableRole::Response),
            _ => None,
        };
        let role = role.unwrap_or_else(|| {
            diag.warn(
                self.file,
                header_no,
                WarningKind::Note,
                self.op.name.as_deref(),
                "parameter table outside a request/response parameters section; placed by \
                 its required column",
            );
            if cols.contains(&Col::Required) {
                TableRole::Request
            } else {
                TableRole::Response
            }
        });
        let name = self.op.name.clone();
        let mut cx = Ctx {
            file: self.file,
            op: name.as_deref(),
            diag,
        };
        let first =
            (h.end..self.lines.len()).find(|&k| self.lines.get(k).is_some_and(|l| !l.is_blank()));
        let piped = first
            .and_then(|k| self.lines.get(k))
            .is_some_and(|l| l.trimmed().contains('|'));
        let TableRead {
            rows,
            rendering,
            end,
            cut,
        } = if piped {
            self.pipe_rows(h, cols, &mut cx)
        } else {
            self.block_rows(h, cols, &mut cx)
        };
        if rows.is_empty() {
            cx.warn(
                header_no,
                WarningKind::UnparsedRow,
                "parameter table header with no rows".into(),
            );
        }
        // A response table whose last row is complete may end the page (nothing after
        // it is missing for sure); a request table never does.
        let cut = cut.filter(|c| role == TableRole::Request || c.cut.is_some());
        if let Some(Cut {
            last: last_row,
            cut: cut_row,
        }) = cut
        {
            let last_line = self
                .lines
                .iter()
                .rev()
                .find(|l| !l.is_blank())
                .map_or(header_no, |l| l.no);
            let read_to = match &last_row {
                Some((n, line)) => format!("read up to `{}` (line {line})", show_name(n)),
                None => "no complete row read".to_owned(),
            };
            let cut_text = match &cut_row {
                Some((n, line)) => format!(
                    "; `{}` (line {line}) is cut off and not placed",
                    show_name(n)
                ),
                None => String::new(),
            };
            cx.warn(
                last_line,
                WarningKind::DocDefect,
                format!(
                    "the text ends inside the {} table (a truncated save): {read_to}{cut_text}",
                    role.id()
                ),
            );
            self.op.truncated.get_or_insert(Truncation {
                role,
                line: last_line,
                last_row,
                cut_row,
            });
        }
        self.op.tables.push(RawTable {
            role,
            rendering,
            header_form: h.form.id(),
            header_line: header_no,
            columns: h.printed.clone(),
            rows: rows.len(),
        });
        match role {
            TableRole::Request => self.op.request.extend(rows),
            _ => self.op.response.extend(rows),
        }
        end
    }

    /// The rows of a pipe table.
    fn pipe_rows(&self, h: &Header, cols: &[Col], cx: &mut Ctx<'_, '_>) -> TableRead {
        let trailing = self.header_trailing(h) || h.form != Form::Pipes;
        let read = pipes::read(
            self.lines,
            h.end,
            cols.len(),
            trailing,
            pipes::starts_param_row,
            true,
        );
        let per_line = read.rows.iter().filter(|r| r.one_cell_per_line).count();
        let rendering = if per_line * 2 > read.rows.len() {
            Rendering::PipeNewline
        } else {
            Rendering::Pipe
        };
        if !self.readers.reads(rendering) {
            return TableRead {
                rows: Vec::new(),
                rendering,
                end: read.end,
                cut: None,
            };
        }
        for line in &read.stray {
            cx.warn(
                *line,
                WarningKind::UnparsedRow,
                "a lone `|` that starts no row (no type cell follows)".into(),
            );
        }
        let mut rows = Vec::new();
        let mut cut_row = None;
        let count = read.rows.len();
        for (k, r) in read.rows.into_iter().enumerate() {
            let last = k + 1 == count;
            if last && read.at_eof && !r.complete {
                let name = r
                    .cells
                    .first()
                    .map(|c| collapse_ws(&c.join(" ")))
                    .unwrap_or_default();
                cut_row = Some((name, r.line));
                continue;
            }
            if let Some(row) = pipe_row(&r, cols, cx) {
                rows.push(row);
            }
        }
        let cut = read.at_eof.then(|| {
            let last = rows.last().map(|r: &RawRow| (r.name.clone(), r.line));
            Cut { last, cut: cut_row }
        });
        TableRead {
            rows,
            rendering,
            end: read.end,
            cut,
        }
    }

    /// Whether the heading-like line `lines[k]` is a row's description: right below a
    /// row head (a field described as "错误码" or "正常返回示例"), and followed by
    /// neither a heading nor a table header, which a real section opens with (`示例`
    /// then `正常返回示例`; `错误码` then the error table's header).
    fn describes_row(&self, k: usize, cols: Columns<'_>) -> bool {
        let content = |i: &usize| self.lines.get(*i).is_some_and(|l| !l.is_blank());
        // A row head, or (one cell per line) the type or required cell of a row.
        let is_head = |l: &Line<'_>| {
            let p = l.trimmed();
            heads::glued_head(l.text, cols).is_some_and(|h| !h.name.is_empty())
                || heads::space_head(l.text, cols).is_some()
                || heads::is_type_line(p)
                || vocab::required_word(p, true).is_some()
        };
        let before: Vec<&Line<'_>> = (0..k)
            .rev()
            .filter(content)
            .take(2)
            .filter_map(|i| self.lines.get(i))
            .collect();
        let below_head = before.first().is_some_and(|l| is_head(l))
            // The old order's example cell may stand between (`String` / `{...}` /
            // `正常返回示例`); not for the words that open a section.
            || (before.get(1).is_some_and(|l| is_head(l))
                && self
                    .lines
                    .get(k)
                    .is_some_and(|l| !vocab::opens_section(l.trimmed())));
        if !below_head {
            return false;
        }
        // The table goes on: another row head comes, or the next section opens (`示例`
        // after the last row's example), before any other heading, a table header or the
        // end (a real section, `请求示例` then its URL, or `错误码` then its table).
        for n in (k + 1..self.lines.len())
            .filter(content)
            .take(DESCRIBED_ROW_LOOKAHEAD)
        {
            let Some(l) = self.lines.get(n) else { break };
            let t = l.trimmed();
            if vocab::is_heading(t) {
                return vocab::opens_section(t);
            }
            if header::read(self.lines, n).is_some() {
                return false;
            }
            if is_head(l) {
                return true;
            }
        }
        false
    }

    /// The rows of a table whose rows have a head and a block.
    fn block_rows(&self, h: &Header, cols: &[Col], cx: &mut Ctx<'_, '_>) -> TableRead {
        let mut end = h.end;
        let columns = Columns { cols };
        while end < self.lines.len() {
            let t = self.lines.get(end).map_or("", |l| l.trimmed());
            if vocab::is_heading(t) && !self.describes_row(end, columns)
                || (!t.is_empty() && header::read(self.lines, end).is_some())
            {
                break;
            }
            end += 1;
        }
        let at_eof = end >= self.lines.len();
        // Trailing blank lines are not part of the table.
        let mut content_end = end;
        while content_end > h.end && self.lines.get(content_end - 1).is_some_and(Line::is_blank) {
            content_end -= 1;
        }
        let region = self.lines.get(h.end..content_end).unwrap_or_default();
        let order: [Sep; 3] = match h.form {
            Form::Glued => [Sep::Glue, Sep::Space, Sep::Line],
            Form::CellPerLine => [Sep::Space, Sep::Line, Sep::Glue],
            Form::OneLine | Form::Pipes => [Sep::Space, Sep::Glue, Sep::Line],
        };
        let enabled: Vec<Sep> = order
            .into_iter()
            .filter(|s| self.readers.reads(s.rendering()))
            .collect();
        // The rendering is the one whose reader reads the first named row's head.
        let sep = region
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.is_blank() && !vocab::is_type(l.trimmed()))
            .find_map(|(k, _)| {
                enabled
                    .iter()
                    .copied()
                    .find(|s| block::head_at(region, k, *s, columns))
            });
        let Some(sep) = sep else {
            let rendering = match h.form {
                Form::Glued => Rendering::Glued,
                Form::CellPerLine => Rendering::CellPerLine,
                _ => Rendering::OneLineRows,
            };
            for l in region.iter().filter(|l| !l.is_blank()).take(1) {
                cx.warn(
                    l.no,
                    WarningKind::UnparsedRow,
                    format!(
                        "text before the first row of the table is not a row head: `{}`",
                        l.trimmed()
                    ),
                );
            }
            return TableRead {
                rows: Vec::new(),
                rendering,
                end,
                cut: at_eof.then(Cut::default),
            };
        };
        let read = block::read(region, columns, sep, at_eof, cx);
        TableRead {
            rows: read.rows,
            rendering: sep.rendering(),
            end,
            cut: read.cut,
        }
    }
}

/// What reading one parameter table gave.
struct TableRead {
    rows: Vec<RawRow>,
    rendering: Rendering,
    /// Index of the first line after the table.
    end: usize,
    /// Set where the text ends inside the table.
    cut: Option<Cut>,
}

fn show_name(n: &str) -> &str {
    if n.is_empty() {
        "(anonymous)"
    } else {
        n
    }
}

/// A pipe row as a [`RawRow`], or a warning when it has no type.
fn pipe_row(r: &pipes::PipeRow, cols: &[Col], cx: &mut Ctx<'_, '_>) -> Option<RawRow> {
    let cell = |col: Col| -> String {
        cols.iter()
            .position(|c| *c == col)
            .and_then(|idx| r.cells.get(idx))
            .map(|c| cell_text(c))
            .unwrap_or_default()
    };
    // Markdown code or emphasis marks around a name or type (`` `ProjectId` ``) are not
    // part of it.
    let plain = |s: String| collapse_ws(s.trim().trim_matches(['*', '`']));
    let name = plain(cell(Col::Name));
    let type_text = plain(cell(Col::Type));
    let shown = show_name(&name).to_owned();
    if type_text.is_empty() {
        if !(name.is_empty() && r.cells.iter().all(Vec::is_empty)) {
            cx.warn(
                r.line,
                WarningKind::UnparsedRow,
                format!("row `{shown}` has no type cell; not placed"),
            );
        }
        return None;
    }
    if !r.complete {
        cx.warn(
            r.line,
            WarningKind::Note,
            format!(
                "row `{shown}` has only {} of {} cells (table cut off?); missing cells left empty",
                r.cells.len(),
                cols.len()
            ),
        );
    }
    let required_cell = collapse_ws(&cell(Col::Required));
    let required = vocab::required_word(&required_cell, true);
    if required.is_none() && !required_cell.is_empty() {
        cx.warn(
            r.line,
            WarningKind::Note,
            format!("row `{shown}`: required cell `{required_cell}` is neither 是 nor 否"),
        );
    }
    Some(RawRow {
        name,
        type_text,
        required,
        example: collapse_ws(&cell(Col::Example)),
        description: cell(Col::Description),
        line: r.line,
        depth: None,
    })
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
}

#[cfg(test)]
mod tests;
