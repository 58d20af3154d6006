//! The raw, layout-independent picture of a document that every layout parser produces:
//! flat table rows with their line numbers, error rows and example texts, before any
//! typing, nesting or merging. Repairs of the document's text defects happen in the
//! layout parsers; interpretation happens after.

/// The layouts the scraper recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LayoutKind {
    /// The PDF-to-text dump of the full Chinese API reference (`003`).
    PdfText,
    /// Single-operation zh-CN page text with `名称 类型 是否必选 示例值 描述` rows (`000`, `001`).
    ZhPage,
    /// Single-operation English page text with glued header cells (`002`).
    EnPage,
    /// Single-operation zh-TW page with pipe tables (`004`).
    PipeTable,
    /// A help-center page saved from a browser as HTML.
    Html,
}

impl LayoutKind {
    /// Stable id written to `service.yaml` sources.
    pub fn id(self) -> &'static str {
        match self {
            LayoutKind::PdfText => "pdf-text",
            LayoutKind::ZhPage => "zh-page",
            LayoutKind::EnPage => "en-page",
            LayoutKind::PipeTable => "pipe-table",
            LayoutKind::Html => "html",
        }
    }

    /// The document language the layout is written in.
    pub fn language(self) -> &'static str {
        match self {
            LayoutKind::PdfText | LayoutKind::ZhPage => "zh-CN",
            LayoutKind::EnPage => "en",
            LayoutKind::PipeTable => "zh-TW",
            LayoutKind::Html => "zh-CN",
        }
    }
}

/// Everything one document says, in raw form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawDocument {
    /// Date or version the document states (`20220713`, `Oct 11, 2023`).
    pub version: Option<String>,
    /// Language override where a layout can tell (HTML pages); else the layout's.
    pub language: Option<String>,
    /// Operations described, in document order.
    pub operations: Vec<RawOperation>,
    /// Service-wide facts (tiers, overview table); only the full reference has them.
    pub service: Option<RawService>,
}

/// One operation as a document describes it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawOperation {
    /// The action name; `None` where the page never states it (the zh-TW page).
    pub name: Option<String>,
    /// First and last line (1-based, inclusive) of the operation's text.
    pub lines: (usize, usize),
    /// The category title the document files it under (`数据开发`), if it says.
    pub category_title: Option<String>,
    /// The introductory paragraph(s).
    pub description: String,
    /// Request parameter rows, in table order (the common `Action`/`RegionId` rows included
    /// as the document lists them; later stages drop them).
    pub request: Vec<RawRow>,
    /// Response rows, in table order (flat; nesting is rebuilt later).
    pub response: Vec<RawRow>,
    /// Error-code rows.
    pub errors: Vec<RawError>,
    /// The request example (`http(s)://[Endpoint]/?Action=...`).
    pub request_example: Option<RawText>,
    /// The JSON response example.
    pub response_json: Option<RawText>,
    /// The XML response example.
    pub response_xml: Option<RawText>,
}

/// One table row (request parameter or response member).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawRow {
    /// The name as printed after repairs; empty for anonymous rows (the root `object` row,
    /// an array's element row).
    pub name: String,
    /// The type as printed (`Long`, `Array of DeployedItem`, `array<object>`, `object`).
    pub type_text: String,
    /// Request rows: `是`/`Yes` → true, `否`/`No` → false; `None` where not given.
    pub required: Option<bool>,
    /// The example cell.
    pub example: String,
    /// The description cell (paragraphs joined with `\n`, list items kept as lines).
    pub description: String,
    /// Line (1-based) where the row starts.
    pub line: usize,
    /// Nesting depth where the layout shows it (0 = top level); `None` for flat tables.
    pub depth: Option<usize>,
}

/// One row of an error-code table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawError {
    /// HTTP status.
    pub status: u16,
    /// Error code.
    pub code: String,
    /// Error message.
    pub message: String,
    /// Description (may be empty).
    pub description: String,
    /// Line (1-based) where the row starts.
    pub line: usize,
}

/// A block of text (an example) and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawText {
    /// The text, page furniture removed.
    pub text: String,
    /// Line (1-based) where it starts.
    pub line: usize,
}

/// Service-wide facts from the full reference.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawService {
    /// Tier limits from the 调用限制 table.
    pub tiers: Vec<RawTier>,
    /// Category titles in documentation order.
    pub categories: Vec<String>,
    /// Rows of the OpenAPI列表 overview table.
    pub overview: Vec<OverviewEntry>,
    /// The 计费方式 table, where the document has one that reads.
    pub pricing: Option<RawPricing>,
}

/// The 计费方式 table: each edition's free calls a month, and the price beyond.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawPricing {
    /// (edition title, free calls a month), in table order.
    pub editions: Vec<(String, u64)>,
    /// US dollars per `calls_per_unit` calls.
    pub usd_per_unit: f64,
    /// Calls per priced unit.
    pub calls_per_unit: u64,
    /// First and last line (1-based) of the table.
    pub lines: [usize; 2],
}

/// One row of the 调用限制 table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTier {
    /// Level 1, 2 or 3.
    pub tier: u8,
    /// QPS limit.
    pub qps: u32,
    /// Daily cap, if stated.
    pub daily_calls: Option<u32>,
    /// Line (1-based).
    pub line: usize,
}

/// One row of the OpenAPI列表 overview table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewEntry {
    /// Operation name (repaired).
    pub name: String,
    /// Category title of the table the row sits in.
    pub category_title: String,
    /// The level, 1–3.
    pub tier: u8,
    /// Line (1-based) of the row.
    pub line: usize,
}
