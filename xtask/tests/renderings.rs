//! Every rendering of `../shared/doc-renderings.md`, read from hand-written fixtures
//! (`tests/fixtures/pages/`, made-up operations in each rendering's exact structure):
//! request tables, nested responses, both column orders, required values printed or not,
//! a truncated save, a shifted description column, authorization tables that must be
//! skipped, a description-only page. Each fixture is also read with its rendering's
//! reader removed, and must then fail to read the same rows.

use std::path::{Path, PathBuf};

use dwgen_spec::{Operation, Type};
use xtask::scrape::diag::{Diagnostics, WarningKind};
use xtask::scrape::layout::page::{read_page, Readers};
use xtask::scrape::layout::{self, ParseError};
use xtask::scrape::raw::{RawDocument, RawOperation, Rendering, TableRole};

use Rendering::*;
use TableRole::{Request, Response};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pages")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_with(name: &str, readers: Readers) -> (Result<RawDocument, ParseError>, Diagnostics) {
    let mut diag = Diagnostics::new();
    let doc = read_page(name, &fixture(name), readers, &mut diag);
    (doc, diag)
}

/// Reads a fixture the way the scraper does (layout detection included).
fn read(name: &str) -> (RawOperation, RawDocument, Diagnostics) {
    let text = fixture(name);
    let layout = layout::detect(name, &text).expect("detected");
    assert_eq!(layout.kind().id(), "page", "{name}");
    let mut diag = Diagnostics::new();
    let doc = layout.parse(name, &text, &mut diag).expect("parses");
    let op = doc.operations.first().cloned().expect("one operation");
    (op, doc, diag)
}

type Req = (&'static str, &'static str, Option<bool>, &'static str);
type Resp = (&'static str, &'static str, &'static str);

/// What a fixture must read as.
struct Expect {
    file: &'static str,
    name: Option<&'static str>,
    language: &'static str,
    version: Option<&'static str>,
    /// The parameter tables, in order.
    tables: &'static [(TableRole, Rendering)],
    request: &'static [Req],
    response: &'static [Resp],
    errors: &'static [(u16, &'static str)],
}

fn requests(op: &RawOperation) -> Vec<(&str, &str, Option<bool>, &str)> {
    op.request
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.type_text.as_str(),
                r.required,
                r.example.as_str(),
            )
        })
        .collect()
}

fn responses(op: &RawOperation) -> Vec<(&str, &str, &str)> {
    op.response
        .iter()
        .map(|r| (r.name.as_str(), r.type_text.as_str(), r.example.as_str()))
        .collect()
}

fn param_tables(op: &RawOperation) -> Vec<(TableRole, Rendering)> {
    op.tables
        .iter()
        .filter(|t| t.role != TableRole::Errors)
        .map(|t| (t.role, t.rendering))
        .collect()
}

/// Checks a fixture against its expectation, and that removing each of its renderings'
/// readers loses the rows that rendering holds.
fn check(e: &Expect) -> (RawOperation, Diagnostics) {
    let (op, doc, diag) = read(e.file);
    assert_eq!(op.name.as_deref(), e.name, "{}: name", e.file);
    assert_eq!(
        doc.language.as_deref(),
        Some(e.language),
        "{}: language",
        e.file
    );
    assert_eq!(doc.version.as_deref(), e.version, "{}: version", e.file);
    assert_eq!(param_tables(&op), e.tables, "{}: renderings", e.file);
    assert_eq!(
        requests(&op),
        e.request.to_vec(),
        "{}: request rows",
        e.file
    );
    assert_eq!(
        responses(&op),
        e.response.to_vec(),
        "{}: response rows",
        e.file
    );
    let errors: Vec<(u16, &str)> = op
        .errors
        .iter()
        .map(|x| (x.status, x.code.as_str()))
        .collect();
    assert_eq!(errors, e.errors.to_vec(), "{}: errors", e.file);
    for (role, rendering) in e.tables {
        let (doc, _) = read_with(e.file, Readers::without(*rendering));
        let Ok(doc) = doc else { continue }; // No readable table at all: lost.
        let op = doc.operations.first().cloned().unwrap_or_default();
        let lost = match role {
            Request => requests(&op) != e.request.to_vec(),
            _ => responses(&op) != e.response.to_vec(),
        };
        assert!(
            lost,
            "{}: the {} table still reads the same without the {} reader",
            e.file,
            role.id(),
            rendering.id()
        );
    }
    (op, diag)
}

/// Scrapes one fixture alone into a spec and returns its operation.
fn scrape_one(file: &str) -> (Operation, Vec<xtask::scrape::diag::Warning>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file), fixture(file)).unwrap();
    let outcome = xtask::scrape::scrape(dir.path(), Path::new("/nonexistent/errata.yaml"))
        .expect("scrape succeeds");
    let (_, yaml) = outcome
        .files
        .iter()
        .find(|(p, _)| p.starts_with("operations"))
        .expect("an operation");
    let op: Operation = serde_norway::from_str(yaml).expect("valid operation yaml");
    (op, outcome.warnings)
}

fn param<'a>(op: &'a Operation, name: &str) -> &'a dwgen_spec::Param {
    op.request
        .params
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no request parameter {name}"))
}

// ---------------------------------------------------------------------------
// Rows on one line.

const ONE_LINE_ROWS_ZH: Expect = Expect {
    file: "one_line_rows.zh-CN.txt",
    name: Some("ListWidgets"),
    language: "zh-CN",
    version: Some("Mar 02, 2021"),
    tables: &[(Request, OneLineRows), (Response, OneLineRows)],
    request: &[
        ("Action", "String", None, "ListWidgets"),
        ("RegionId", "String", None, "cn-shanghai"),
        ("ProjectId", "Long", None, "10000"),
        ("Keyword", "String", None, "my widget"),
    ],
    response: &[
        ("RequestId", "String", "0000-ABCD-EFG****"),
        ("Data", "Struct", ""),
        ("TotalCount", "Integer", "2"),
        ("Widgets", "Array of Widget", ""),
        ("Widget", "Object", ""),
        ("WidgetId", "Long", "1001"),
        ("WidgetName", "String", "Folder 1/Folder 2"),
        ("Status", "String", "READY"),
    ],
    errors: &[(400, "Invalid.Widget"), (403, "Forbidden.Access")],
};

#[test]
fn one_line_rows_zh_old_template_prints_no_required_value() {
    let (op, diag) = check(&ONE_LINE_ROWS_ZH);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    assert_eq!(
        op.response[7].description,
        "部件状态。取值如下:\n• READY:就绪\n• BUSY:忙碌"
    );
    assert_eq!(op.errors[0].description, "部件无效。");
    // Nested response (old template: parent rows, a named item row), required unknown.
    let (spec, warnings) = scrape_one(ONE_LINE_ROWS_ZH.file);
    let data = &spec.response.fields[1];
    assert_eq!((data.name.as_str(), data.ty), ("Data", Type::Object));
    let widgets = &data.fields[1];
    assert_eq!(
        (widgets.name.as_str(), widgets.ty),
        ("Widgets", Type::Array)
    );
    let item = widgets.items.as_deref().unwrap();
    assert_eq!(item.type_name.as_deref(), Some("Widget"));
    let members: Vec<&str> = item.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(members, ["WidgetId", "WidgetName", "Status"]);
    let keyword = param(&spec, "Keyword");
    assert!(!keyword.required && !keyword.required_stated);
    assert!(warnings.iter().any(|w| w.kind == WarningKind::Note
        && w.message
            .contains("request.Keyword: no document states whether it is required")));
}

const ONE_LINE_ROWS_EN: Expect = Expect {
    file: "one_line_rows.en.txt",
    name: Some("GetWidget"),
    language: "en",
    version: Some("Jun 20, 2022"),
    tables: &[(Request, OneLineRows), (Response, OneLineRows)],
    request: &[
        ("Action", "String", Some(true), "GetWidget"),
        ("WidgetName", "String", Some(true), "my widget"),
        ("FolderIds", "Array of Long", Some(false), "3"),
        ("Verbose", "Boolean", Some(false), "true"),
    ],
    response: &[
        ("RequestId", "String", "0000-ABCD"),
        ("Widget", "Struct", ""),
        ("WidgetId", "Long", "1001"),
        ("Owner", "String", "1234****"),
    ],
    errors: &[(400, "Invalid.Widget")],
};

#[test]
fn one_line_rows_en_old_template_with_required_values() {
    let (op, diag) = check(&ONE_LINE_ROWS_EN);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    assert_eq!(
        op.request[0].description,
        "The operation that you want to perform. Set the value to GetWidget."
    );
    let (spec, _) = scrape_one(ONE_LINE_ROWS_EN.file);
    let folders = param(&spec, "FolderIds");
    assert_eq!(folders.ty, Type::Array);
    assert_eq!(folders.items.as_deref().map(|i| i.ty), Some(Type::Int64));
    assert!(param(&spec, "WidgetName").required);
}

const ONE_LINE_ROWS_LOCATION: Expect = Expect {
    file: "one_line_rows.cell_header.location.zh-CN.txt",
    name: Some("DeleteWidget"),
    language: "zh-CN",
    version: Some("Jul 01, 2021"),
    tables: &[(Request, OneLineRows), (Response, OneLineRows)],
    request: &[
        ("Action", "String", None, "DeleteWidget"),
        ("WidgetId", "Long", None, "1001"),
        ("Force", "Boolean", None, "true"),
    ],
    response: &[
        ("RequestId", "String", "0000-ABCD"),
        ("Success", "Boolean", "true"),
    ],
    errors: &[(404, "Widget.NotFound")],
};

#[test]
fn one_line_rows_with_a_location_column_and_a_header_one_cell_per_line() {
    let (op, diag) = check(&ONE_LINE_ROWS_LOCATION);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    assert_eq!(op.tables[0].header_form, "cell per line");
    assert_eq!(
        op.tables[0].columns,
        ["名称", "位置", "类型", "是否必选", "示例值", "描述"]
    );
}

// ---------------------------------------------------------------------------
// Glued.

const GLUED_EN: Expect = Expect {
    file: "glued.en.txt",
    name: Some("CreateWidget"),
    language: "en",
    version: Some("Jan 08, 2026"),
    tables: &[(Request, Glued), (Response, Glued)],
    request: &[
        ("WidgetName", "string", Some(true), "my widget"),
        ("Size", "integer", Some(false), "10"),
        ("Tags", "array<object>", Some(false), ""),
        ("", "object", Some(false), ""),
        ("Key", "string", Some(false), "env"),
        ("Value", "string", Some(false), "prod"),
        ("ProjectId", "long", Some(true), "10000"),
    ],
    response: &[
        ("", "object", ""),
        ("RequestId", "string", "0000-ABCD"),
        ("Widgets", "array<object>", ""),
        ("Widget", "object", ""),
        ("WidgetId", "long", "1001"),
        ("Color", "string", "RED"),
        ("PartIds", "array", ""),
        ("PartId", "long", "7"),
    ],
    errors: &[(400, "Invalid.Widget"), (403, "Forbidden.Access")],
};

#[test]
fn glued_en_current_template_nests_by_the_conventions() {
    let (op, diag) = check(&GLUED_EN);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    // The authorization table before the request table is skipped.
    assert!(!op.request.iter().any(|r| r.name.contains("dataworks")));
    assert_eq!(
        op.response[5].description,
        "The colour of the widget. Valid values:\n• RED: red\n• BLUE: blue"
    );
    assert_eq!(op.errors[1].description, "");
    let (spec, _) = scrape_one(GLUED_EN.file);
    // Request arrays of objects: Key and Value are members of Tags, not parameters;
    // ProjectId after them is top-level again.
    let names: Vec<&str> = spec
        .request
        .params
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["WidgetName", "Size", "Tags", "ProjectId"]);
    let tags = param(&spec, "Tags");
    let item = tags.items.as_deref().unwrap();
    let members: Vec<&str> = item.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(members, ["Key", "Value"]);
    assert_eq!(item.description, "A tag.");
    // Response: the bare root skipped, a named item row, a scalar array's element row.
    let fields: Vec<&str> = spec
        .response
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(fields, ["RequestId", "Widgets"]);
    let widget = spec.response.fields[1].items.as_deref().unwrap();
    assert_eq!(widget.description, "A widget.");
    let members: Vec<&str> = widget.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(members, ["WidgetId", "Color", "PartIds"]);
    let parts = &widget.fields[2];
    let elem = parts.items.as_deref().unwrap();
    assert_eq!(
        (elem.ty, elem.description.as_str()),
        (Type::Int64, "The ID of a part.")
    );
}

const GLUED_ZH: Expect = Expect {
    file: "glued.zh-CN.txt",
    name: Some("UpdateWidget"),
    language: "zh-CN",
    version: Some("Apr 18, 2025"),
    tables: &[(Request, Glued), (Response, Glued)],
    request: &[
        ("WidgetId", "long", None, "1001"),
        ("WidgetName", "string", None, "新部件"),
        ("Size", "integer", None, "20"),
    ],
    response: &[
        ("", "object", ""),
        ("RequestId", "string", "0000-ABCD"),
        ("Success", "boolean", "true"),
    ],
    errors: &[(400, "Invalid.Widget")],
};

#[test]
fn glued_zh_prints_no_required_value_which_stays_unknown() {
    let (op, diag) = check(&GLUED_ZH);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    assert_eq!(op.request[1].description, "部件的新名称。");
    let (spec, warnings) = scrape_one(GLUED_ZH.file);
    for p in &spec.request.params {
        assert!(!p.required && !p.required_stated, "{}", p.name);
    }
    let notes = warnings
        .iter()
        .filter(|w| {
            w.message
                .contains("no document states whether it is required")
        })
        .count();
    assert_eq!(notes, 3);
}

const GLUED_OLD_ORDER: Expect = Expect {
    file: "glued.old_order.en.txt",
    name: Some("StartWidget"),
    language: "en",
    version: Some("Nov 02, 2022"),
    tables: &[(Request, Glued), (Response, Glued)],
    request: &[
        ("Action", "String", Some(true), "StartWidget"),
        ("WidgetId", "Long", Some(true), "1001"),
        ("Mode", "String", Some(false), "fast start"),
    ],
    response: &[
        ("RequestId", "String", "0000-ABCD"),
        ("Success", "Boolean", "true"),
    ],
    errors: &[],
};

#[test]
fn glued_old_column_order() {
    let (op, diag) = check(&GLUED_OLD_ORDER);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    assert_eq!(op.request[2].description, "The start mode.");
}

// ---------------------------------------------------------------------------
// One cell per line.

const CELL_PER_LINE_EN: Expect = Expect {
    file: "cell_per_line.en.ja-host.txt",
    name: Some("RenameWidget"),
    language: "en",
    version: Some("Dec 13, 2024"),
    tables: &[(Request, CellPerLine), (Response, CellPerLine)],
    request: &[
        ("Action", "String", Some(true), "RenameWidget"),
        ("WidgetId", "Long", Some(true), "1001"),
        ("NewName", "String", Some(true), "my widget"),
        ("Comment", "String", Some(false), ""),
    ],
    response: &[
        ("RequestId", "String", "0000-ABCD"),
        ("Data", "Struct", ""),
        ("OldName", "String", "old widget"),
    ],
    errors: &[(404, "Widget.NotFound")],
};

#[test]
fn cell_per_line_english_text_on_a_ja_host() {
    let (op, diag) = check(&CELL_PER_LINE_EN);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    assert_eq!(op.description, "Renames a widget.");
    assert_eq!(
        op.request[3].description,
        "The reason for renaming the widget, shown in the history."
    );
    assert_eq!(op.errors[0].message, "The widget does not exist.");
    assert_eq!(op.errors[0].description, "The widget ID is wrong.");
}

const CELL_PER_LINE_TW: Expect = Expect {
    file: "cell_per_line.zh-TW.txt",
    name: Some("MoveWidget"),
    language: "zh-TW",
    version: Some("Mar 25, 2024"),
    tables: &[(Request, CellPerLine), (Response, CellPerLine)],
    request: &[
        ("WidgetId", "integer", Some(true), "1001"),
        ("FolderPath", "string", None, "Folder 1/Folder 2"),
        ("Overwrite", "boolean", Some(false), "true"),
    ],
    response: &[
        ("", "object", ""),
        ("RequestId", "string", "0000-ABCD"),
        ("Widget", "object", ""),
        ("WidgetId", "integer", "1001"),
    ],
    errors: &[(400, "Invalid.Folder")],
};

#[test]
fn cell_per_line_zh_tw_with_a_missing_required_cell() {
    let (op, diag) = check(&CELL_PER_LINE_TW);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    assert_eq!(op.request[1].description, "目標資料夾的路徑。");
    let (spec, _) = scrape_one(CELL_PER_LINE_TW.file);
    let folder = param(&spec, "FolderPath");
    assert!(!folder.required_stated);
    assert!(param(&spec, "WidgetId").required_stated);
    let widget = &spec.response.fields[1];
    assert_eq!(widget.fields[0].name, "WidgetId");
}

// ---------------------------------------------------------------------------
// Pipes.

const PIPE_EN: Expect = Expect {
    file: "pipe.en.txt",
    name: Some("CopyWidget"),
    language: "en",
    version: Some("May 05, 2023"),
    tables: &[(Request, Pipe), (Response, Pipe)],
    request: &[
        ("Action", "String", Some(true), "CopyWidget"),
        ("WidgetId", "Long", Some(true), "1001"),
        ("TargetName", "String", Some(false), "my widget copy"),
    ],
    response: &[
        ("RequestId", "String", "0000-ABCD"),
        ("WidgetId", "Long", "1002"),
    ],
    errors: &[(400, "Invalid.Widget")],
};

#[test]
fn pipe_without_leading_bars_with_a_dash_rule_old_order() {
    let (op, diag) = check(&PIPE_EN);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    assert_eq!(op.request[2].description, "The name of the copy.");
    assert_eq!(op.errors[0].description, "");
}

const PIPE_ZH: Expect = Expect {
    file: "pipe.zh-CN.txt",
    name: Some("ListWidgetVersions"),
    language: "zh-CN",
    version: Some("Aug 30, 2025"),
    tables: &[(Request, Pipe), (Response, Pipe)],
    request: &[
        ("WidgetId", "long", Some(true), "1001"),
        ("Status", "string", Some(false), "DRAFT"),
        ("PageSize", "integer", Some(false), "20"),
    ],
    response: &[
        ("", "object", ""),
        ("RequestId", "string", "0000-ABCD"),
        ("Versions", "array<object>", ""),
        ("", "object", ""),
        ("Version", "integer", "3"),
    ],
    errors: &[(400, "Invalid.Widget")],
};

#[test]
fn pipe_with_leading_bars_continued_cells_and_a_dropped_list() {
    let (op, diag) = check(&PIPE_ZH);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    assert_eq!(
        op.request[1].description,
        "版本状态。取值如下:\n• DRAFT:草稿\n• PUBLISHED:已发布"
    );
    assert_eq!(op.request[2].description, "每页的条数。取值如下:");
    // The piped authorization table is skipped.
    assert!(!op.request.iter().any(|r| r.name.contains("dataworks")));
    let (spec, _) = scrape_one(PIPE_ZH.file);
    let status = param(&spec, "Status");
    let values: Vec<&str> = status
        .enum_values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(values, ["DRAFT", "PUBLISHED"]);
}

const PIPE_NO_RULE: Expect = Expect {
    file: "pipe.no_rule.zh-TW.txt",
    name: Some("TagWidget"),
    language: "zh-TW",
    version: None,
    tables: &[(Request, Pipe), (Response, Pipe)],
    request: &[
        ("WidgetId", "integer", Some(true), "1001"),
        ("Tags", "array<object>", Some(false), ""),
        ("", "object", Some(false), ""),
        ("Key", "string", Some(true), "env"),
        ("Value", "string", Some(false), "prod"),
        ("ProjectId", "integer", Some(false), "10000"),
    ],
    response: &[("RequestId", "string", "0000-ABCD")],
    errors: &[],
};

#[test]
fn pipe_without_dash_rule_or_trailing_bars() {
    let (_, diag) = check(&PIPE_NO_RULE);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    let (spec, _) = scrape_one(PIPE_NO_RULE.file);
    let names: Vec<&str> = spec
        .request
        .params
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["WidgetId", "Tags", "ProjectId"]);
    let key = &param(&spec, "Tags").items.as_deref().unwrap().fields[0];
    assert_eq!((key.name.as_str(), key.required), ("Key", Some(true)));
}

const PIPE_NEWLINE: Expect = Expect {
    file: "pipe_newline.zh-TW.txt",
    name: None,
    language: "zh-TW",
    version: None,
    tables: &[(Request, PipeNewline), (Response, PipeNewline)],
    request: &[
        ("WidgetId", "integer", Some(true), "1001"),
        ("Kind", "string", Some(false), "NORMAL"),
    ],
    response: &[
        ("", "object", ""),
        ("RequestId", "string", "0000-ABCD"),
        ("Widget", "object", ""),
        ("Name", "string", "my widget"),
        ("Parts", "array<object>", ""),
        ("", "object", ""),
        ("PartId", "integer", "7"),
    ],
    errors: &[
        (400, "InternalError.UserId.Missing"),
        (403, "Forbidden.Access"),
    ],
};

#[test]
fn pipe_newline_with_anonymous_rows() {
    let (op, diag) = check(&PIPE_NEWLINE);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    assert_eq!(op.request[1].description, "部件類型。取值如下:");
    assert_eq!(op.errors[1].description, "沒有許可權,請授權");
}

const MIXED: Expect = Expect {
    file: "mixed.glued_request.pipe_response.en.txt",
    name: Some("ResetWidget"),
    language: "en",
    version: Some("Sep 09, 2025"),
    tables: &[(Request, Glued), (Response, Pipe)],
    request: &[
        ("WidgetId", "long", Some(true), "1001"),
        ("KeepName", "boolean", Some(false), "true"),
    ],
    response: &[
        ("", "object", ""),
        ("RequestId", "string", "0000-ABCD"),
        ("Success", "boolean", "true"),
    ],
    errors: &[],
};

#[test]
fn one_page_mixes_a_glued_request_table_and_a_pipe_response_table() {
    let (_, diag) = check(&MIXED);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
}

const NO_RESPONSE_TABLE: Expect = Expect {
    file: "pipe.no_response_table.zh-CN.txt",
    name: Some("StopWidget"),
    language: "zh-CN",
    version: None,
    tables: &[(Request, Pipe)],
    request: &[("WidgetId", "long", Some(true), "1001")],
    response: &[],
    errors: &[(400, "Invalid.Widget")],
};

#[test]
fn a_pipe_page_that_dropped_its_response_table() {
    let (_, diag) = check(&NO_RESPONSE_TABLE);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
}

// ---------------------------------------------------------------------------
// Defects.

const TRUNCATED_GLUED: Expect = Expect {
    file: "truncated.glued.en.txt",
    name: Some("ListWidgetParts"),
    language: "en",
    version: Some("Feb 14, 2026"),
    tables: &[(Request, Glued)],
    request: &[
        ("WidgetId", "long", Some(true), "1001"),
        ("PageNumber", "integer", Some(false), "1"),
    ],
    response: &[],
    errors: &[],
};

#[test]
fn a_truncated_glued_page_is_read_up_to_its_last_complete_row() {
    let (op, diag) = check(&TRUNCATED_GLUED);
    let cut = op.truncated.as_ref().expect("truncated");
    assert_eq!(cut.last_row, Some(("PageNumber".to_owned(), 15)));
    assert_eq!(cut.cut_row, Some(("PageSize".to_owned(), 20)));
    let w = &diag.warnings()[0];
    assert_eq!(
        (w.file.as_str(), w.line, w.kind),
        (TRUNCATED_GLUED.file, 22, WarningKind::DocDefect)
    );
    assert!(
        w.message.contains("read up to `PageNumber` (line 15)"),
        "{}",
        w.message
    );
    assert!(
        w.message.contains("`PageSize` (line 20) is cut off"),
        "{}",
        w.message
    );
}

const TRUNCATED_PIPE_NEWLINE: Expect = Expect {
    file: "truncated.pipe_newline.zh-TW.txt",
    name: None,
    language: "zh-TW",
    version: None,
    tables: &[(Request, PipeNewline)],
    request: &[("WidgetId", "integer", Some(true), "1001")],
    response: &[],
    errors: &[],
};

#[test]
fn a_page_cut_inside_a_row_keeps_the_rows_before_it() {
    let (op, diag) = check(&TRUNCATED_PIPE_NEWLINE);
    let cut = op.truncated.as_ref().expect("truncated");
    assert_eq!(cut.cut_row, Some(("PartName".to_owned(), 13)));
    assert!(diag
        .warnings()
        .iter()
        .any(|w| w.kind == WarningKind::DocDefect && w.line == 16));
}

#[test]
fn the_merge_prefers_a_complete_source_over_a_truncated_one() {
    // The same operation, complete (older) and truncated (newer): the complete page wins
    // the structure, and the conflict says why.
    let dir = tempfile::tempdir().unwrap();
    let complete = fixture(TRUNCATED_GLUED.file)
        .replace("Feb 14, 2026", "Feb 14, 2020")
        .replace(
            "The number of entries per page. Valid values: 1 to",
            "The number of entries per page.\n\n20\nExtralongNo\n\nAn extra parameter.\n\n5\n\nExamples\n",
        );
    std::fs::write(dir.path().join("a_complete.txt"), complete).unwrap();
    std::fs::write(
        dir.path().join("b_truncated.txt"),
        fixture(TRUNCATED_GLUED.file),
    )
    .unwrap();
    let outcome = xtask::scrape::scrape(dir.path(), Path::new("/nonexistent/errata.yaml")).unwrap();
    let yaml = &outcome.files[&PathBuf::from("operations/ListWidgetParts.yaml")];
    let op: Operation = serde_norway::from_str(yaml).unwrap();
    let names: Vec<&str> = op.request.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["WidgetId", "PageNumber", "PageSize", "Extra"]);
    assert_eq!(op.sources[0].file, "a_complete.txt");
}

const SHIFTED: Expect = Expect {
    file: "shifted.glued.en.txt",
    name: Some("PaintWidget"),
    language: "en",
    version: Some("Oct 03, 2024"),
    tables: &[(Request, Glued), (Response, Glued)],
    request: &[
        ("WidgetId", "long", Some(true), "1001"),
        ("SchemeName", "string", Some(true), "ocean"),
        ("Color", "string", Some(false), "RED"),
        ("Finish", "string", Some(false), "matte"),
    ],
    response: &[("", "object", ""), ("RequestId", "string", "0000-ABCD")],
    errors: &[],
};

#[test]
fn a_provable_unambiguous_description_shift_is_reported_and_corrected() {
    let (op, _) = check(&SHIFTED);
    // The reader reads what is printed.
    assert!(op.request[1]
        .description
        .starts_with("The colour to paint the widget."));
    let (spec, warnings) = scrape_one(SHIFTED.file);
    let shift = warnings
        .iter()
        .find(|w| w.kind == WarningKind::DocDefect)
        .expect("a doc-defect warning");
    assert_eq!((shift.file.as_str(), shift.line), (SHIFTED.file, 10));
    assert!(shift.message.contains("corrected"), "{}", shift.message);
    assert!(
        shift
            .message
            .contains("`WidgetId`'s own description is lost"),
        "{}",
        shift.message
    );
    assert_eq!(param(&spec, "WidgetId").description, "");
    assert!(param(&spec, "SchemeName")
        .description
        .starts_with("The name of the new colour scheme."));
    let color = param(&spec, "Color");
    assert!(color
        .description
        .starts_with("The colour to paint the widget."));
    let values: Vec<&str> = color.enum_values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["RED", "BLUE"]);
    assert_eq!(
        param(&spec, "Finish").description,
        "The finish of the paint; see the Finish parameter."
    );
}

#[test]
fn a_shift_across_tables_is_reported_not_corrected() {
    let (spec, warnings) = scrape_one("shifted.across_tables.glued.en.txt");
    let shift = warnings
        .iter()
        .find(|w| w.kind == WarningKind::DocDefect)
        .expect("a doc-defect warning");
    assert_eq!(shift.line, 10);
    assert!(
        shift.message.contains("correct it in spec/errata.yaml"),
        "{}",
        shift.message
    );
    // Left as printed.
    assert!(param(&spec, "ProjectId")
        .description
        .starts_with("The type of the object to deploy."));
}

#[test]
fn a_description_only_page_is_an_error_naming_the_file() {
    let file = "description_only.en.txt";
    let text = fixture(file);
    let layout = layout::detect(file, &text).expect("detected as a page");
    let err = layout
        .parse(file, &text, &mut Diagnostics::new())
        .unwrap_err();
    assert_eq!(err.file, file);
    assert!(
        err.message.contains("no readable parameter table"),
        "{}",
        err.message
    );
    let dump = xtask::raw_dump::render(file, &text)
        .unwrap_err()
        .to_string();
    assert!(dump.contains("rendering description-only"), "{dump}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file), &text).unwrap();
    let err = xtask::scrape::scrape(dir.path(), Path::new("/nonexistent/errata.yaml")).unwrap_err();
    assert!(format!("{err:#}").contains(file));
}

const HEADER_TWICE: Expect = Expect {
    file: "header_twice.glued.en.txt",
    name: Some("LockWidget"),
    language: "en",
    version: Some("Mar 30, 2025"),
    tables: &[(Request, Glued), (Response, Glued)],
    request: &[
        ("WidgetId", "long", Some(true), "1001"),
        ("Reason", "string", Some(false), "maintenance"),
    ],
    response: &[("", "object", ""), ("RequestId", "string", "0000-ABCD")],
    errors: &[],
};

#[test]
fn a_header_printed_twice_is_read_once() {
    let (_, diag) = check(&HEADER_TWICE);
    let notes: Vec<usize> = diag.warnings().iter().map(|w| w.line).collect();
    assert_eq!(notes, [10]);
}

// ---------------------------------------------------------------------------
// `cargo xtask raw`.

#[test]
fn raw_names_the_rendering_and_prints_members_apart_by_their_path() {
    let dump = xtask::raw_dump::render(GLUED_EN.file, &fixture(GLUED_EN.file)).unwrap();
    assert!(
        dump.starts_with("# glued.en.txt: layout page/glued, language en"),
        "{dump}"
    );
    assert!(dump.contains("table request line 28: rendering glued, header glued [Parameter, Type, Required, Description, Example], 7 rows"), "{dump}");
    assert!(dump.contains("  req 39:Tags | array<object>"), "{dump}");
    assert!(dump.contains("  member 43:Tags[] | object"), "{dump}");
    assert!(dump.contains("  member 47:Tags[].Key | string"), "{dump}");
    assert!(dump.contains("req 57:ProjectId | long"), "{dump}");
    let dump = xtask::raw_dump::render(PIPE_NEWLINE.file, &fixture(PIPE_NEWLINE.file)).unwrap();
    assert!(
        dump.contains("layout page/pipe-newline, language zh-TW"),
        "{dump}"
    );
}

/// The figures the report gives: on every fixture with a request table, the share
/// recognised and the recall and precision of the top-level request parameter names
/// the spec gets against the names each fixture documents.
#[test]
fn recognition_recall_and_precision_on_the_fixtures() {
    let cases: &[(&str, &[&str])] = &[
        (ONE_LINE_ROWS_ZH.file, &["ProjectId", "Keyword"]),
        (
            ONE_LINE_ROWS_EN.file,
            &["WidgetName", "FolderIds", "Verbose"],
        ),
        (ONE_LINE_ROWS_LOCATION.file, &["WidgetId", "Force"]),
        (GLUED_EN.file, &["WidgetName", "Size", "Tags", "ProjectId"]),
        (GLUED_ZH.file, &["WidgetId", "WidgetName", "Size"]),
        (GLUED_OLD_ORDER.file, &["WidgetId", "Mode"]),
        (CELL_PER_LINE_EN.file, &["WidgetId", "NewName", "Comment"]),
        (
            CELL_PER_LINE_TW.file,
            &["WidgetId", "FolderPath", "Overwrite"],
        ),
        (PIPE_EN.file, &["WidgetId", "TargetName"]),
        (PIPE_ZH.file, &["WidgetId", "Status", "PageSize"]),
        (PIPE_NO_RULE.file, &["WidgetId", "Tags", "ProjectId"]),
        (PIPE_NEWLINE.file, &["WidgetId", "Kind"]),
        (MIXED.file, &["WidgetId", "KeepName"]),
        (NO_RESPONSE_TABLE.file, &["WidgetId"]),
        (SHIFTED.file, &["WidgetId", "SchemeName", "Color", "Finish"]),
        (HEADER_TWICE.file, &["WidgetId", "Reason"]),
    ];
    let (mut hit, mut found, mut wanted, mut recognised) = (0usize, 0usize, 0usize, 0usize);
    for (file, names) in cases {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        std::fs::write(docs.join(file), fixture(file)).unwrap();
        // A page that never names its operation is named by an errata entry.
        let errata = dir.path().join("errata.yaml");
        let entry = format!(
            "- file: {file}\n  operation: GetWidget\n  why: test\n  changes:\n    - identify_as:\n        name: GetWidget\n"
        );
        std::fs::write(&errata, entry).unwrap();
        let Ok(outcome) = xtask::scrape::scrape(&docs, &errata) else {
            continue;
        };
        let Some((_, yaml)) = outcome
            .files
            .iter()
            .find(|(p, _)| p.starts_with("operations"))
        else {
            continue;
        };
        recognised += 1;
        let op: Operation = serde_norway::from_str(yaml).unwrap();
        let got: Vec<&str> = op.request.params.iter().map(|p| p.name.as_str()).collect();
        wanted += names.len();
        found += got.len();
        hit += got.iter().filter(|g| names.contains(g)).count();
    }
    let recall = hit as f64 / wanted as f64;
    let precision = hit as f64 / found as f64;
    eprintln!(
        "fixtures: {recognised} of {} recognised; request names recall {recall:.3}, precision {precision:.3}",
        cases.len()
    );
    assert_eq!(recognised, cases.len());
    assert_eq!((hit, found, wanted), (wanted, wanted, wanted));
}
