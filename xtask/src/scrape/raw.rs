//! The raw, layout-independent picture of a document that every layout parser produces:
//! flat table rows with their line numbers, error rows and example texts, before any
//! typing, nesting or merging; and, for help-centre pages, which rendering each table was
//! printed in and whether the text ends inside a table. Repairs of the document's text
//! defects happen in the layout parsers; interpretation happens after.

/// The layouts the scraper recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LayoutKind {
    /// The PDF-to-text dump of the full Chinese API reference (`003`).
    PdfText,
    /// A single-operation help-centre page saved as text, in any language and any of the
    /// table [`Rendering`]s (`000`, `001`, `002`, `004`).
    Page,
    /// A help-center page saved from a browser as HTML.
    Html,
}

impl LayoutKind {
    /// Stable id (`service.yaml` sources give a page's renderings after it, see
    /// [`Document::layout_id`]).
    pub fn id(self) -> &'static str {
        match self {
            LayoutKind::PdfText => "pdf-text",
            LayoutKind::Page => "page",
            LayoutKind::Html => "html",
        }
    }

    /// The document language where the layout alone tells it; pages state theirs in
    /// [`RawDocument::language`].
    pub fn language(self) -> &'static str {
        match self {
            LayoutKind::PdfText | LayoutKind::Page | LayoutKind::Html => "zh-CN",
        }
    }
}

/// How a help-centre page printed one table (see `../shared/doc-renderings.md`). The
/// column order is not part of the rendering: it is read from each table's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rendering {
    /// A row's leading cells on one line separated by spaces (`Action String Yes
    /// GetWidget`), its description paragraphs below.
    OneLineRows,
    /// A row's leading cells run together (`ProjectIdlongNo`), the description below after
    /// a blank line, then the example on a line of its own.
    Glued,
    /// Every cell on a line of its own, blank lines between.
    CellPerLine,
    /// `|`-separated cells, one row a line (with or without leading bars and dash rule; a
    /// cell may continue on the next lines).
    Pipe,
    /// `|`-separated cells, each cell ending with ` |` and a line break.
    PipeNewline,
}

impl Rendering {
    /// Every rendering, in the order of the renderings document.
    pub const ALL: [Rendering; 5] = [
        Rendering::OneLineRows,
        Rendering::Glued,
        Rendering::CellPerLine,
        Rendering::Pipe,
        Rendering::PipeNewline,
    ];

    /// Stable id, as `cargo xtask raw` and `service.yaml` print it.
    pub fn id(self) -> &'static str {
        match self {
            Rendering::OneLineRows => "one-line-rows",
            Rendering::Glued => "glued",
            Rendering::CellPerLine => "cell-per-line",
            Rendering::Pipe => "pipe",
            Rendering::PipeNewline => "pipe-newline",
        }
    }
}

/// Which part of an operation a table documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableRole {
    /// Request parameters.
    Request,
    /// Response members.
    Response,
    /// Error codes.
    Errors,
}

impl TableRole {
    /// `request`, `response`, `errors`.
    pub fn id(self) -> &'static str {
        match self {
            TableRole::Request => "request",
            TableRole::Response => "response",
            TableRole::Errors => "errors",
        }
    }
}

/// One table a page reader read: what it documents, how it was printed, its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    /// What the table documents.
    pub role: TableRole,
    /// How its rows are printed.
    pub rendering: Rendering,
    /// How its header is printed (`one line`, `glued`, `cell per line`, `pipes`).
    pub header_form: &'static str,
    /// Line (1-based) of the header's first line.
    pub header_line: usize,
    /// The header cells as printed, in order.
    pub columns: Vec<String>,
    /// Rows read.
    pub rows: usize,
}

/// The text ends inside a table (a truncated save): what was read and what was not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truncation {
    /// The table cut off.
    pub role: TableRole,
    /// The last line of the text.
    pub line: usize,
    /// The last complete row read (name, line), if any.
    pub last_row: Option<(String, usize)>,
    /// The row the text ends in, not placed (name, line), if any.
    pub cut_row: Option<(String, usize)>,
}

/// One parsed document.
#[derive(Debug)]
pub struct Document {
    /// File name.
    pub file: String,
    /// Detected layout.
    pub layout: LayoutKind,
    /// What it says.
    pub raw: RawDocument,
}

impl Document {
    /// The layout id `service.yaml` gives the document: `pdf-text`, `html`, or `page/`
    /// followed by the renderings of its parameter tables in order of first use
    /// (`page/glued`, `page/glued+pipe`).
    pub fn layout_id(&self) -> String {
        layout_id(self.layout, &self.raw)
    }

    /// The document's language: the one the page states, else the layout's.
    pub fn language(&self) -> &str {
        self.raw
            .language
            .as_deref()
            .unwrap_or_else(|| self.layout.language())
    }
}

/// See [`Document::layout_id`].
pub fn layout_id(layout: LayoutKind, raw: &RawDocument) -> String {
    if layout != LayoutKind::Page {
        return layout.id().to_owned();
    }
    let mut seen: Vec<Rendering> = Vec::new();
    for t in raw.operations.iter().flat_map(|op| &op.tables) {
        if t.role != TableRole::Errors && !seen.contains(&t.rendering) {
            seen.push(t.rendering);
        }
    }
    if seen.is_empty() {
        return layout.id().to_owned();
    }
    let ids: Vec<&str> = seen.iter().map(|r| r.id()).collect();
    format!("{}/{}", layout.id(), ids.join("+"))
}

/// Everything one document says, in raw form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawDocument {
    /// Date or version the document states (`20220713`, `Oct 11, 2023`).
    pub version: Option<String>,
    /// The document's language where the layout can tell (help-centre pages, HTML
    /// pages); else the layout's.
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
    /// The tables a page reader read, in document order (empty for other layouts).
    pub tables: Vec<RawTable>,
    /// Set where the text ends inside a parameter table (a truncated save).
    pub truncated: Option<Truncation>,
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
