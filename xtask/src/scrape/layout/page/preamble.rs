//! What a page states before its first section: the title (`GetWidget`,
//! `DataWorks:GetWidget`, `:GetWidget`, `GetWidget - 查询部件`), the update date in any
//! chrome (`更新时间:`, `更新時間:Mar 25, 2024`, `Last Updated:Jan 08, 2026`,
//! `最終更新日:Dec 13, 2024`), the site furniture, and the introduction.

use super::super::page_common::{
    date_after, is_action_name, title_operation_name, DescBuilder, Line,
};
use super::vocab;
use crate::scrape::raw::RawOperation;

/// The preamble of a page.
#[derive(Debug, Default, Clone)]
pub(crate) struct Preamble {
    /// `name` from the title, `description` the introduction.
    pub(crate) op: RawOperation,
    /// The title's line number.
    pub(crate) title_no: Option<usize>,
    /// The page date.
    pub(crate) version: Option<String>,
    /// Index of the first line after the preamble.
    pub(crate) end: usize,
}

/// Names that read like an operation but are product words.
const NOT_OPERATIONS: &[&str] = &[
    "DataWorks",
    "OpenAPI",
    "MaxCompute",
    "AccessKey",
    "DataStudio",
    "DataService",
    "AnalyticDB",
];

/// The operation a title line names. `first`: the line is the page's first content line,
/// where a bare CamelCase name (`GetWidget`) is a title.
pub(crate) fn title(t: &str, first: bool) -> Option<String> {
    let t = t.trim();
    if let Some(name) = title_operation_name(t) {
        return Some(name);
    }
    if let Some(rest) = t.strip_prefix(':').or_else(|| t.strip_prefix('：')) {
        let rest = rest.trim();
        return is_action_name(rest).then(|| rest.to_owned());
    }
    for sep in [" - ", " – ", " — "] {
        if let Some((name, _)) = t.split_once(sep) {
            let name = name.trim();
            if operation_like(name) {
                return Some(name.to_owned());
            }
        }
    }
    (first && operation_like(t)).then(|| t.to_owned())
}

/// A CamelCase action name with at least two capitals (`GetWidget`), not a product word.
fn operation_like(s: &str) -> bool {
    is_action_name(s)
        && s.len() <= 80
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars().filter(char::is_ascii_uppercase).count() >= 2
        && s.chars().any(|c| c.is_ascii_lowercase())
        && !NOT_OPERATIONS.contains(&s)
}

/// Whether the line starts with a date prefix (a date line, even with no date after it).
fn is_date_line(t: &str) -> bool {
    vocab::DATE_PREFIXES.iter().any(|p| t.starts_with(p))
}

/// Reads the preamble: the lines before `end` (the first heading or table header).
pub(crate) fn read(lines: &[Line<'_>], end: usize) -> Preamble {
    let mut pre = Preamble {
        end,
        ..Preamble::default()
    };
    let mut intro = DescBuilder::new();
    let mut first_content = true;
    for l in lines.get(..end).unwrap_or_default() {
        let t = l.trimmed();
        if t.is_empty() {
            intro.line(l);
            continue;
        }
        if vocab::FURNITURE.contains(&t) {
            continue;
        }
        if pre.version.is_none() {
            if let Some(v) = date_after(t, vocab::DATE_PREFIXES) {
                pre.version = Some(v);
                continue;
            }
        }
        if is_date_line(t) {
            continue;
        }
        if pre.title_no.is_none() {
            if let Some(name) = title(t, first_content) {
                pre.op.name = Some(name);
                pre.title_no = Some(l.no);
                // Text before the title is page furniture, not introduction.
                intro = DescBuilder::new();
                first_content = false;
                continue;
            }
        }
        first_content = false;
        intro.line(l);
    }
    pre.op.description = intro.finish();
    pre
}

#[cfg(test)]
mod tests {
    use super::super::super::page_common::numbered_lines;
    use super::*;

    #[test]
    fn titles_in_every_form() {
        assert_eq!(
            title("DataWorks:GetWidget", false).as_deref(),
            Some("GetWidget")
        );
        assert_eq!(
            title("大数据开发治理平台 DataWorks:GetDeployment", false).as_deref(),
            Some("GetDeployment")
        );
        assert_eq!(title(":GetWidget", false).as_deref(), Some("GetWidget"));
        assert_eq!(
            title("GetWidget - 查询部件", false).as_deref(),
            Some("GetWidget")
        );
        assert_eq!(title("GetWidget", true).as_deref(), Some("GetWidget"));
        assert_eq!(title("GetWidget", false), None);
        assert_eq!(title("Search", true), None);
        assert_eq!(title("DataWorks", true), None);
        assert_eq!(title("调用GetWidget接口。", true), None);
    }

    #[test]
    fn dates_furniture_and_introduction() {
        let text = "All Products\nSearch\nDocument Center\n\nGetWidget - Query a widget\n\n最終更新日:Dec 13, 2024\n\nQueries a widget.\n";
        let lines = numbered_lines(text);
        let pre = read(&lines, lines.len());
        assert_eq!(pre.op.name.as_deref(), Some("GetWidget"));
        assert_eq!(pre.title_no, Some(5));
        assert_eq!(pre.version.as_deref(), Some("Dec 13, 2024"));
        assert_eq!(pre.op.description, "Queries a widget.");
        let lines = numbered_lines("更新时间:\n\n查询部件。\n");
        let pre = read(&lines, lines.len());
        assert_eq!(
            (pre.version, pre.op.description.as_str()),
            (None, "查询部件。")
        );
    }
}
