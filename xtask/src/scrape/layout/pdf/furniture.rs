//! Page furniture of the PDF text dump: running headers (`API参考·租户 Dat aWorks`),
//! footers (`23 > 文档版本：20220713`), link lines (`https://...`, `file:///...`),
//! chapter headings that the dump drops into the middle of a page (`4.20. DeployFile`,
//! `2.租户`), and table header rows repeated after a page break.

use regex::Regex;
use std::sync::LazyLock;

/// What a line of the dump is, as far as page layout goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// Running header or footer: not content.
    Furniture,
    /// A bare link line. The dump lists a page's hyperlink targets after its footer, so
    /// a link line right after furniture is furniture; elsewhere it is content (an
    /// example URL in a table cell).
    Link,
    /// An operation chapter heading `N.M. Name` (the name as printed).
    OpHeading {
        /// Chapter number `N`.
        chapter: u32,
        /// The title after the number.
        title: String,
    },
    /// A table header row (`名称 类型 是否必选 示例值 描述`, ...), repeated on every page.
    TableHeader,
    /// Content.
    Content,
}

static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d+ > 文档版本：\d{8}|> 文档版本：\d{8} \S+)$").expect("valid regex")
});
static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(https?|file)://\S+$").expect("valid regex"));
static OP_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\.(\d{1,3})\. (\S.*)$").expect("valid regex"));

/// The table header rows of the reference, as printed.
pub const TABLE_HEADERS: [&str; 4] = [
    "名称 类型 是否必选 示例值 描述",
    "名称 类型 示例值 描述",
    "HttpCode 错误码 错误信息 描述",
    "API名称 API描述 API级别",
];

/// Named normalization "page furniture": classifies one (trimmed) line.
pub fn classify(line: &str) -> LineKind {
    let line = line.trim();
    if is_running_header(line) || FOOTER.is_match(line) {
        return LineKind::Furniture;
    }
    if LINK.is_match(line) {
        return LineKind::Link;
    }
    if TABLE_HEADERS.contains(&line) {
        return LineKind::TableHeader;
    }
    if let Some(c) = OP_HEADING.captures(line) {
        if let Ok(chapter) = c[1].parse() {
            return LineKind::OpHeading {
                chapter,
                title: c[3].trim().to_owned(),
            };
        }
    }
    LineKind::Content
}

/// `API参考·租户 Dat aWorks`, `Dat aWorks API参考·租户`: the running header.
fn is_running_header(line: &str) -> bool {
    line.contains("API参考·") && line.chars().count() < 60 && !line.contains('。')
}

/// A category heading line `2.租户` (chapter number and title), which the dump places
/// next to the first operation heading of the chapter.
pub fn category_heading(line: &str) -> Option<(u32, String)> {
    static CAT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,2})\.([^\d\s.。][^。，]*)$").expect("valid regex"));
    let c = CAT.captures(line.trim())?;
    Some((c[1].parse().ok()?, c[2].trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_footers_and_links_are_furniture() {
        for line in [
            "API参考·租户 Dat aWorks",
            "Dat aWorks API参考·租户",
            "Dat aWorks API参考·Dat aWorks OpenAPI概述",
            "23 > 文档版本：20220713",
            "> 文档版本：20220713 28",
            "> 文档版本：20220713 I",
        ] {
            assert_eq!(classify(line), LineKind::Furniture, "{line}");
        }
        for line in [
            "https://api.aliyun.com/#product=dataworks-public&api=ListCalcEngines&type=RPC&version=2020-05-18",
            "file:///home/admin/dita-files/output/31702202/task19042369/~~173942~~",
        ] {
            assert_eq!(classify(line), LineKind::Link, "{line}");
        }
    }

    #[test]
    fn content_is_not_furniture() {
        for line in [
            "调用DeployFile接口，发布数据开发中的文件至生产环境。",
            "http(s)://[Endpoint]/?Action=DeployFile",
            "ProjectId Long 否 10000",
            "详情请参见API参考·租户中的说明，以及更多的内容，这一行比较长所以不是页眉。",
        ] {
            assert_eq!(classify(line), LineKind::Content, "{line}");
        }
    }

    #[test]
    fn op_headings_and_table_headers() {
        assert_eq!(
            classify(" 4.20. DeployFile"),
            LineKind::OpHeading {
                chapter: 4,
                title: "DeployFile".into()
            }
        );
        assert_eq!(
            classify("名称 类型 是否必选 示例值 描述"),
            LineKind::TableHeader
        );
        assert_eq!(
            classify("HttpCode 错误码 错误信息 描述"),
            LineKind::TableHeader
        );
    }

    #[test]
    fn category_headings() {
        assert_eq!(category_heading("2.租户"), Some((2, "租户".into())));
        assert_eq!(
            category_heading("12.开放平台"),
            Some((12, "开放平台".into()))
        );
        assert_eq!(category_heading("1. 创建数据集成任务。"), None);
        assert_eq!(category_heading("2.0"), None);
    }
}
