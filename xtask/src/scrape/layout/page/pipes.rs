//! Pipe tables, every flavour with one reader: the table text is a stream of cells, each
//! closed by a `|`. A row opens with a leading bar where the table has them, and is
//! complete when it has as many cells as the header; a cell's text may run over several
//! lines (a bullet list), and a lone `|` closes a cell whose list was dropped. Rows on one
//! line (`| WidgetName | string | 是 | 部件名称。 | my widget |`, with or without leading
//! and trailing bars) and rows with one cell per line (`| WidgetName |` / `string |` /
//! ...) are the same stream with the line breaks in other places; the reader tells them
//! apart only to name the rendering. A dash rule is skipped.

use super::super::page_common::{bullet_item, Line};
use super::header::is_dash_rule;
use super::vocab;

/// One row of cells read from the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PipeRow {
    /// Line of the row's first line.
    pub(crate) line: usize,
    /// The cells, each as its lines (trimmed; an empty cell has none).
    pub(crate) cells: Vec<Vec<String>>,
    /// Whether the row has all its cells.
    pub(crate) complete: bool,
    /// Whether the row's cells were printed one per line.
    pub(crate) one_cell_per_line: bool,
}

/// What reading a pipe table gave.
#[derive(Debug, Default)]
pub(crate) struct PipeRead {
    pub(crate) rows: Vec<PipeRow>,
    /// Index of the first line after the table.
    pub(crate) end: usize,
    /// The text ended inside the table.
    pub(crate) at_eof: bool,
    /// Lines of lone `|` that start no row (no type cell follows).
    pub(crate) stray: Vec<usize>,
}

/// The row being read.
#[derive(Debug)]
struct Pending {
    line: usize,
    cells: Vec<Vec<String>>,
    open: Vec<String>,
    lines: usize,
    first_line_cells: usize,
}

impl Pending {
    fn new(line: usize) -> Self {
        Pending {
            line,
            cells: Vec::new(),
            open: Vec::new(),
            lines: 0,
            first_line_cells: 0,
        }
    }

    fn close(&mut self, last: &str) {
        let mut cell = std::mem::take(&mut self.open);
        let last = last.trim();
        if !last.is_empty() {
            cell.push(last.to_owned());
        }
        self.cells.push(cell);
    }

    /// Reads one line of the row: every `|` closes the open cell; text after the last
    /// `|` stays open (or, without trailing bars, closes at the end of the line).
    fn feed(&mut self, body: &str, trailing: bool) {
        if !trailing && !body.contains('|') {
            // Without trailing bars, a line with no bar continues the last cell.
            match self.cells.last_mut() {
                Some(cell) if self.open.is_empty() => cell.push(body.trim().to_owned()),
                _ => self.open.push(body.trim().to_owned()),
            }
            self.lines += 1;
            return;
        }
        let mut segs = body.split('|').peekable();
        while let Some(seg) = segs.next() {
            if segs.peek().is_some() {
                self.close(seg);
            } else if !trailing {
                // Without trailing bars the line's end closes its last cell (empty when
                // the line ends with a separating bar).
                self.close(seg);
            } else if !seg.trim().is_empty() {
                self.open.push(seg.trim().to_owned());
            }
        }
        if self.lines == 0 {
            self.first_line_cells = self.cells.len();
        }
        self.lines += 1;
    }

    fn finish(mut self, n: usize) -> PipeRow {
        if !self.open.is_empty() {
            self.close("");
        }
        let complete = self.cells.len() >= n;
        let one_cell_per_line = self.lines >= 3 && self.first_line_cells <= 1;
        // Cells past the header's count are the empty remainders of `||`.
        while self.cells.len() > n && self.cells.last().is_some_and(Vec::is_empty) {
            self.cells.pop();
        }
        PipeRow {
            line: self.line,
            cells: self.cells,
            complete,
            one_cell_per_line,
        }
    }
}

/// The cells of a line: `| a | b |` → `[a, b]` (empty edge cells of the bars dropped).
fn line_cells(t: &str) -> Vec<&str> {
    let body = t.strip_prefix('|').unwrap_or(t);
    let body = body.strip_suffix('|').unwrap_or(body);
    body.split('|').map(str::trim).collect()
}

fn next_content<'l>(lines: &'l [Line<'_>], from: usize) -> Option<&'l Line<'l>> {
    lines.iter().skip(from).find(|l| !l.is_blank())
}

/// Whether `lines[i]` starts a parameter row: a name cell and a type cell on the line,
/// or (one cell per line) `| Name |` followed by a `type |` line.
pub(crate) fn starts_param_row(lines: &[Line<'_>], i: usize) -> bool {
    let Some(l) = lines.get(i) else { return false };
    let t = l.trimmed();
    if !t.contains('|') {
        return false;
    }
    let cells = line_cells(t);
    let name_ok = |s: &str| super::super::page_common::is_identifier(s);
    match cells.as_slice() {
        [name] if t.starts_with('|') && t.ends_with('|') && t.len() > 1 => {
            name_ok(name)
                && next_content(lines, i + 1).is_some_and(|n| {
                    n.trimmed()
                        .strip_suffix('|')
                        .is_some_and(|c| !c.contains('|') && vocab::is_type(c))
                })
        }
        [name, ty, ..] => name_ok(name) && vocab::is_type(ty),
        _ => false,
    }
}

/// Whether `lines[i]` starts an error row: a status cell (three digits) first.
pub(crate) fn starts_error_row(lines: &[Line<'_>], i: usize) -> bool {
    lines.get(i).is_some_and(|l| {
        let t = l.trimmed();
        t.contains('|')
            && line_cells(t)
                .first()
                .is_some_and(|s| s.len() == 3 && s.chars().all(|c| c.is_ascii_digit()))
    })
}

/// Reads the rows of a pipe table of `n` columns from `lines[start]` until a heading, a
/// line outside any row that holds no `|`, or the end. `trailing`: the header closes its
/// cells with bars. `starts_row` tells a line that opens a new row (a row left incomplete
/// before it ends there). `anonymous`: a lone `|` opening a row is an empty first cell
/// (the anonymous rows of the one-cell-per-line rendering).
pub(crate) fn read(
    lines: &[Line<'_>],
    start: usize,
    n: usize,
    trailing: bool,
    starts_row: fn(&[Line<'_>], usize) -> bool,
    anonymous: bool,
) -> PipeRead {
    let mut out = PipeRead::default();
    let mut pending: Option<Pending> = None;
    let mut i = start;
    while let Some(l) = lines.get(i) {
        let t = l.trimmed();
        if vocab::is_heading(t) {
            break;
        }
        if is_dash_rule(t) {
            i += 1;
            continue;
        }
        match pending.as_mut() {
            None => {
                if t.is_empty() || t.chars().all(|c| c == '|') && t.len() > 1 {
                    i += 1;
                    continue;
                }
                if !t.contains('|') {
                    // Without trailing bars a row ends with its line; a list item after
                    // it continues its last cell.
                    let last = out.rows.last_mut().and_then(|r| r.cells.last_mut());
                    match last {
                        Some(cell) if !trailing && bullet_item(l.text).is_some() => {
                            cell.push(t.to_owned());
                            i += 1;
                            continue;
                        }
                        _ => break,
                    }
                }
                let mut p = Pending::new(l.no);
                if t == "|" {
                    let type_follows = next_content(lines, i + 1).is_some_and(|n| {
                        n.trimmed()
                            .strip_suffix('|')
                            .is_some_and(|c| !c.contains('|') && vocab::is_type(c))
                    });
                    if !(anonymous && type_follows) {
                        out.stray.push(l.no);
                        i += 1;
                        continue;
                    }
                    p.cells.push(Vec::new());
                    p.lines = 1;
                } else {
                    p.feed(t.strip_prefix('|').unwrap_or(t), trailing);
                }
                pending = Some(p);
            }
            Some(p) => {
                if t.is_empty() {
                    i += 1;
                    continue;
                }
                // A row printed on one line whose line closed its last cell ends there:
                // a line without bars after it is not the row's.
                if trailing
                    && !t.contains('|')
                    && p.first_line_cells >= 2
                    && p.open.is_empty()
                    && p.lines == 1
                {
                    if let Some(done) = pending.take() {
                        out.rows.push(done.finish(n));
                    }
                    break;
                }
                // A new row: one that reads as a row start, or (rows printed one a
                // line) a line opening with a bar after a line that closed its cells.
                let one_line_row_done = p.lines == 1
                    && p.first_line_cells >= 2
                    && p.open.is_empty()
                    && t.starts_with('|');
                if !p.cells.is_empty() && (one_line_row_done || starts_row(lines, i)) {
                    if let Some(done) = pending.take() {
                        out.rows.push(done.finish(n));
                    }
                    continue;
                }
                p.feed(t, trailing);
            }
        }
        i += 1;
        if pending.as_ref().is_some_and(|p| p.cells.len() >= n) {
            if let Some(done) = pending.take() {
                out.rows.push(done.finish(n));
            }
        }
    }
    if let Some(done) = pending.take() {
        out.rows.push(done.finish(n));
    }
    out.end = i;
    out.at_eof = i >= lines.len();
    out
}

#[cfg(test)]
mod tests {
    use super::super::super::page_common::numbered_lines;
    use super::*;

    fn rows(text: &str, n: usize, trailing: bool) -> Vec<(usize, Vec<String>, bool)> {
        let lines = numbered_lines(text);
        read(&lines, 0, n, trailing, starts_param_row, true)
            .rows
            .into_iter()
            .map(|r| {
                (
                    r.line,
                    r.cells.iter().map(|c| c.join("/")).collect(),
                    r.complete,
                )
            })
            .collect()
    }

    fn v(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn one_line_rows_every_bar_style() {
        assert_eq!(
            rows(
                "WidgetName | String | Yes | my widget | The name. |\nB | long | No | 1 | d |",
                5,
                true
            ),
            vec![
                (
                    1,
                    v(&["WidgetName", "String", "Yes", "my widget", "The name."]),
                    true
                ),
                (2, v(&["B", "long", "No", "1", "d"]), true)
            ]
        );
        assert_eq!(
            rows(
                "| A | string | 是 | 描述。 | x |\n| B | long | 否 | d | 1 |",
                5,
                true
            )
            .len(),
            2
        );
        assert_eq!(
            rows(
                "| A | string | 是 | 描述。 | x\n| B | long | 否 | d | 1",
                5,
                false
            ),
            vec![
                (1, v(&["A", "string", "是", "描述。", "x"]), true),
                (2, v(&["B", "long", "否", "d", "1"]), true)
            ]
        );
    }

    #[test]
    fn continued_cells_and_dropped_lists() {
        assert_eq!(
            rows("| Status | string | 是 | 状态。取值：\n  • RUNNING：运行中\n|\nRUNNING |\n| B | long | 否 | d | 1 |", 5, true),
            vec![
                (1, v(&["Status", "string", "是", "状态。取值：/• RUNNING：运行中", "RUNNING"]), true),
                (5, v(&["B", "long", "否", "d", "1"]), true)
            ]
        );
    }

    #[test]
    fn one_cell_per_line_with_anonymous_rows() {
        let text = "|\nobject |\n返回結果。 |\n||\n| RequestId |\nstring |\n請求ID。 |\nabc |\n| EventDetail |\nobject |\n快照。 |\n|\n";
        assert_eq!(
            rows(text, 4, true),
            vec![
                (1, v(&["", "object", "返回結果。", ""]), true),
                (5, v(&["RequestId", "string", "請求ID。", "abc"]), true),
                (9, v(&["EventDetail", "object", "快照。", ""]), true)
            ]
        );
    }

    #[test]
    fn a_row_cut_short_by_the_next_row_or_the_end() {
        let text = "| A | string |\n| B | long | 否 | d | 1 |\n| C |\nstring |";
        let r = rows(text, 5, true);
        assert_eq!(r.len(), 3);
        assert!(!r[0].2 && r[1].2 && !r[2].2);
        let lines = numbered_lines(text);
        assert!(read(&lines, 0, 5, true, starts_param_row, true).at_eof);
    }
}
