//! Table headers in every rendering: on one line with spaces (`名称 类型 是否必选 示例值
//! 描述`), glued (`ParameterTypeRequiredDescriptionExample`), one cell per line, or
//! between pipes (one line, with or without leading and trailing bars, or one cell per
//! line ending in ` |`), followed or not by a dash rule. The header says what the table
//! is (parameters, errors, or an authorization table to skip) and its column order.

use super::super::page_common::Line;
use super::vocab::{self, AuthCol, Col, ErrCol, Lang, Word};

/// What a table is, by its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A parameter table with these columns, in order.
    Params(Vec<Col>),
    /// An error table with these columns, in order.
    Errors(Vec<ErrCol>),
    /// An authorization table (`操作 | 访问级别 | 资源类型 | ...`): never parameters.
    Authorization,
}

/// How the header is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// Cells on one line separated by spaces.
    OneLine,
    /// Cells run together on one line.
    Glued,
    /// One cell per line.
    CellPerLine,
    /// Cells between `|`.
    Pipes,
}

impl Form {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Form::OneLine => "one line",
            Form::Glued => "glued",
            Form::CellPerLine => "cell per line",
            Form::Pipes => "pipes",
        }
    }
}

/// A recognised table header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    pub(crate) kind: Kind,
    pub(crate) form: Form,
    /// The cells as printed.
    pub(crate) printed: Vec<String>,
    /// The header's language, where its words tell.
    pub(crate) lang: Option<Lang>,
    /// Index of the header's first line.
    pub(crate) start: usize,
    /// Index of the first line after the header (its dash rule included).
    pub(crate) end: usize,
    /// Index of a second copy of the header printed right after it, if any (skipped).
    pub(crate) repeated_at: Option<usize>,
}

/// Whether a line is a dash rule (`---|---|---`, `|:--|--:|`).
pub(crate) fn is_dash_rule(t: &str) -> bool {
    t.contains('-')
        && t.contains(['|', '-'])
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
        && t.matches('-').count() >= 3
}

/// Reads the header starting at `lines[start]`, if the line starts one. A second copy of
/// the same header right after it (a known defect) is skipped.
pub(crate) fn read(lines: &[Line<'_>], start: usize) -> Option<Header> {
    let mut h = read_once(lines, start)?;
    let mut j = h.end;
    while lines.get(j).is_some_and(Line::is_blank) {
        j += 1;
    }
    if let Some(again) = read_once(lines, j) {
        if again.kind == h.kind {
            h.repeated_at = Some(j);
            h.end = again.end;
        }
    }
    Some(h)
}

fn read_once(lines: &[Line<'_>], start: usize) -> Option<Header> {
    let t = lines.get(start)?.trimmed();
    if t.is_empty() || t.len() > 240 {
        return None;
    }
    let (cells, form, end) = if t.contains('|') {
        pipe_cells(lines, start)?
    } else {
        let (first, glued) = vocab::split_header_line(t)?;
        let form = if first.len() == 1 {
            Form::CellPerLine
        } else if glued {
            Form::Glued
        } else {
            Form::OneLine
        };
        let mut cells = first;
        let mut end = start + 1;
        // Further cells on the following lines (one per line, or several).
        let mut j = start + 1;
        while let Some(l) = lines.get(j) {
            if l.is_blank() {
                j += 1;
                continue;
            }
            let Some((more, _)) = vocab::split_header_line(l.trimmed()) else {
                break;
            };
            if !more.iter().all(|(_, w)| fits(&cells, *w)) {
                break;
            }
            let mut grown = cells.clone();
            let mut ok = true;
            for (p, w) in more {
                if !fits(&grown, w) {
                    ok = false;
                    break;
                }
                grown.push((p, w));
            }
            if !ok {
                break;
            }
            cells = grown;
            j += 1;
            end = j;
        }
        (cells, form, end)
    };
    let kind = classify(&cells)?;
    let lang = cells
        .iter()
        .filter_map(|(p, _)| vocab::word(p).and_then(|(_, l)| l))
        .next();
    Some(Header {
        kind,
        form,
        printed: cells.into_iter().map(|(p, _)| p).collect(),
        lang,
        start,
        end,
        repeated_at: None,
    })
}

/// Whether the header so far (`cells`) can take the cell `w` next: no meaning twice, a
/// location column only right after the name, nothing past a complete header.
fn fits(cells: &[(String, Word)], w: Word) -> bool {
    let has = |x: Word| cells.iter().any(|(_, c)| *c == x);
    if has(w) && w != Word::Auth(AuthCol::Other) {
        return false;
    }
    let param = |c: Col| has(Word::Param(c));
    match w {
        Word::Param(Col::Location) => cells
            .last()
            .is_some_and(|(_, c)| *c == Word::Param(Col::Name)),
        Word::Param(_) => {
            !(param(Col::Name) && param(Col::Type) && param(Col::Example) && has(Word::Description))
        }
        Word::Error(_) | Word::Description | Word::Auth(_) => cells.len() < 6,
    }
}

/// The cells of a pipe header from `lines[start]`: all on one line, or (pipe-newline) a
/// lone `|` or `| Cell |` followed by one `Cell |` per line. A dash rule after the header
/// is part of it.
/// Header cells as printed, with their meanings.
type Cells = Vec<(String, Word)>;

fn pipe_cells(lines: &[Line<'_>], start: usize) -> Option<(Cells, Form, usize)> {
    let t = lines.get(start)?.trimmed();
    let body = t.strip_prefix('|').unwrap_or(t);
    let mut segs: Vec<&str> = body.split('|').map(str::trim).collect();
    // A trailing bar leaves an empty last segment.
    if segs.last().is_some_and(|s| s.is_empty()) {
        segs.pop();
    }
    let mut cells: Vec<(String, Word)> = Vec::new();
    for s in &segs {
        let (w, _) = vocab::word(s)?;
        if !fits(&cells, w) {
            return None;
        }
        cells.push(((*s).to_owned(), w));
    }
    let mut end = start + 1;
    if cells.len() <= 1 && t.ends_with('|') {
        // One cell per line: `名稱 |`, `類型 |`, ...
        let mut j = start + 1;
        while let Some(l) = lines.get(j) {
            let lt = l.trimmed();
            if lt.is_empty() {
                j += 1;
                continue;
            }
            let Some(cell) = lt.strip_suffix('|').map(str::trim) else {
                break;
            };
            let cell = cell.strip_prefix('|').map_or(cell, str::trim);
            let Some((w, _)) = vocab::word(cell) else {
                break;
            };
            if !fits(&cells, w) {
                break;
            }
            cells.push((cell.to_owned(), w));
            j += 1;
            end = j;
        }
    }
    if cells.len() < 2 {
        return None;
    }
    let mut j = end;
    while lines.get(j).is_some_and(Line::is_blank) {
        j += 1;
    }
    if lines.get(j).is_some_and(|l| is_dash_rule(l.trimmed())) {
        end = j + 1;
    }
    Some((cells, Form::Pipes, end))
}

/// What the cells make: a parameter table (name and type columns), an error table (code
/// and message columns) or an authorization table.
fn classify(cells: &[(String, Word)]) -> Option<Kind> {
    let words: Vec<Word> = cells.iter().map(|(_, w)| *w).collect();
    let has = |w: Word| words.contains(&w);
    if has(Word::Auth(AuthCol::AccessLevel))
        || words.iter().filter(|w| matches!(w, Word::Auth(_))).count() >= 2
    {
        return Some(Kind::Authorization);
    }
    if has(Word::Error(ErrCol::Code)) && has(Word::Error(ErrCol::Message)) {
        let cols: Option<Vec<ErrCol>> = words
            .iter()
            .map(|w| match w {
                Word::Error(c) => Some(*c),
                Word::Description => Some(ErrCol::Description),
                _ => None,
            })
            .collect();
        return cols.map(Kind::Errors);
    }
    let cols: Vec<Col> = words
        .iter()
        .map(|w| match w {
            Word::Param(c) => Some(*c),
            Word::Description => Some(Col::Description),
            _ => None,
        })
        .collect::<Option<_>>()?;
    (cols.contains(&Col::Name) && cols.contains(&Col::Type) && cols.len() >= 3)
        .then_some(Kind::Params(cols))
}

#[cfg(test)]
mod tests {
    use super::super::super::page_common::numbered_lines;
    use super::*;

    fn header(text: &str) -> Option<Header> {
        read(&numbered_lines(text), 0)
    }

    fn params(text: &str) -> Option<(Vec<Col>, Form, usize)> {
        let h = header(text)?;
        match h.kind {
            Kind::Params(c) => Some((c, h.form, h.end)),
            _ => None,
        }
    }

    use Col::*;

    #[test]
    fn every_header_form() {
        assert_eq!(
            params("名称 类型 是否必选 示例值 描述\nAction String X"),
            Some((
                vec![Name, Type, Required, Example, Description],
                Form::OneLine,
                1
            ))
        );
        assert_eq!(
            params("ParameterTypeRequiredDescriptionExample\nX"),
            Some((
                vec![Name, Type, Required, Description, Example],
                Form::Glued,
                1
            ))
        );
        assert_eq!(
            params("名称类型必填描述示例值"),
            Some((
                vec![Name, Type, Required, Description, Example],
                Form::Glued,
                1
            ))
        );
        assert_eq!(
            params("名称\n\n类型\n\n是否必选\n\n示例值\n\n描述\n\nAction String X"),
            Some((
                vec![Name, Type, Required, Example, Description],
                Form::CellPerLine,
                9
            ))
        );
        assert_eq!(
            params("Parameter | Type | Required | Example | Description |\n---|---|---|---|---|\nA | b |"),
            Some((vec![Name, Type, Required, Example, Description], Form::Pipes, 2))
        );
        assert_eq!(
            params("| 名称 | 类型 | 必填 | 描述 | 示例值 |\n|---|---|---|---|---|"),
            Some((
                vec![Name, Type, Required, Description, Example],
                Form::Pipes,
                2
            ))
        );
        assert_eq!(
            params("|\n名稱 |\n類型 |\n必填 |\n描述 |\n樣本值 |\n| MessageId |"),
            Some((
                vec![Name, Type, Required, Description, Example],
                Form::Pipes,
                6
            ))
        );
        assert_eq!(
            params("名称 位置 类型 是否必选 示例值 描述"),
            Some((
                vec![Name, Location, Type, Required, Example, Description],
                Form::OneLine,
                1
            ))
        );
        assert_eq!(
            params("Element Type Description Example"),
            Some((vec![Name, Type, Description, Example], Form::OneLine, 1))
        );
    }

    #[test]
    fn a_first_row_named_like_a_column_is_not_header() {
        // A response table's first row called `Location`: not a location column.
        let (cols, _, end) =
            params("Parameter\n\nType\n\nDescription\n\nExample\n\nLocation\n\nstring").unwrap();
        assert_eq!(cols, vec![Name, Type, Description, Example]);
        assert_eq!(end, 7);
    }

    #[test]
    fn errors_and_authorization() {
        let h = header("HTTP status codeError codeError messageDescription").unwrap();
        assert_eq!(
            h.kind,
            Kind::Errors(vec![
                ErrCol::Status,
                ErrCol::Code,
                ErrCol::Message,
                ErrCol::Description
            ])
        );
        let h = header("|\nHTTP status code |\n錯誤碼 |\n錯誤資訊 |\n描述 |\n|---|---|---|---|")
            .unwrap();
        assert!(matches!(h.kind, Kind::Errors(_)));
        assert_eq!(h.end, 6);
        for t in [
            "操作 | 访问级别 | 资源类型 | 条件关键字 | 关联操作",
            "操作访问级别资源类型条件关键字关联操作",
            "Operation | Access level | Resource type | Condition key | Associated operation |",
        ] {
            assert_eq!(header(t).map(|h| h.kind), Some(Kind::Authorization), "{t}");
        }
    }

    #[test]
    fn a_header_printed_twice_is_one_header() {
        let h = header(
            "ParameterTypeRequiredDescriptionExample\nParameterTypeRequiredDescriptionExample\nA",
        )
        .unwrap();
        assert_eq!((h.end, h.repeated_at), (2, Some(1)));
    }

    #[test]
    fn not_headers() {
        for t in [
            "Type",
            "名称",
            "Parameter types",
            "| a | b |",
            "Name | Description",
            "---|---",
        ] {
            assert!(params(t).is_none(), "{t}");
        }
        assert!(is_dash_rule("---|---|---"));
        assert!(is_dash_rule("|:--|--:|"));
        assert!(!is_dash_rule("-"));
        assert!(!is_dash_rule("| - |"));
    }
}
