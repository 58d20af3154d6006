//! A small test-only renderer: one operation model printed in every rendering of
//! `../shared/doc-renderings.md` (both column orders, each language's header words, with
//! and without required values, bars and dash rules, nesting by its conventions). Used by
//! the equivalence property and by the measurement on the checked-in spec.
#![allow(dead_code)]

use dwgen_spec::Type;
use xtask::scrape::raw::Rendering;

/// One row of the model.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub ty: Ty,
    pub required: bool,
    pub example: String,
    /// Paragraphs, then list items.
    pub paragraphs: Vec<String>,
    pub items: Vec<String>,
    /// For an array of objects: its members, and the item type's name (`Array of Tag`).
    pub children: Vec<Row>,
    pub item_name: String,
    /// A request array of objects, which the old template prints as `Name.N.Member`
    /// rows.
    pub flat_members: bool,
}

impl Row {
    /// A row of type `ty` with one description paragraph and nothing else: no list
    /// items, members or element name.
    pub fn plain(name: &str, ty: Ty, required: bool, example: &str, description: &str) -> Row {
        Row {
            name: name.to_owned(),
            ty,
            required,
            example: example.to_owned(),
            paragraphs: vec![description.to_owned()],
            items: Vec::new(),
            children: Vec::new(),
            item_name: String::new(),
            flat_members: false,
        }
    }
}

/// The model's types, each with its spellings: scalars, and arrays of objects (nested
/// by the conventions of the renderings document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Str,
    Long,
    Int,
    Bool,
    Double,
    /// An array's item (`object`; printed as a bare row in the current template).
    Object,
    /// An array of objects.
    ObjectArray,
    /// An array of scalars (its element is the row's one child; `item_name` holds the
    /// element's old-template spelling, `Array of Long`).
    ScalarArray,
}

impl Ty {
    pub fn old(self) -> &'static str {
        match self {
            Ty::Str => "String",
            Ty::Long => "Long",
            Ty::Int => "Integer",
            Ty::Bool => "Boolean",
            Ty::Double => "Double",
            Ty::Object => "Object",
            Ty::ObjectArray | Ty::ScalarArray => "Array",
        }
    }

    pub fn current(self) -> &'static str {
        match self {
            Ty::Str => "string",
            Ty::Long => "long",
            Ty::Int => "integer",
            Ty::Bool => "boolean",
            Ty::Double => "double",
            Ty::Object => "object",
            Ty::ObjectArray => "array<object>",
            Ty::ScalarArray => "array",
        }
    }

    pub fn spec(self) -> Type {
        match self {
            Ty::Str => Type::String,
            Ty::Long => Type::Int64,
            Ty::Int => Type::Int32,
            Ty::Bool => Type::Boolean,
            Ty::Double => Type::Double,
            Ty::Object => Type::Object,
            Ty::ObjectArray | Ty::ScalarArray => Type::Array,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Model {
    /// The operation's name (`GetWidget`).
    pub name: String,
    pub zh: bool,
    /// The JSON response example the page shows (a minimal one when `None`).
    pub response_json: Option<String>,
    pub request: Vec<Row>,
    pub response: Vec<Row>,
}

/// A way of printing the model.
#[derive(Debug, Clone, Copy)]
pub enum Print {
    /// Rows on one line; header one line or one cell per line.
    OneLine { cell_header: bool },
    /// Glued, current order (description before example), or the old order.
    Glued { old_order: bool },
    /// One cell per line, old order (English) or current order (zh-TW words).
    CellPerLine { old_order: bool },
    /// Pipes, one row a line.
    Pipe {
        leading: bool,
        rule: bool,
        trailing: bool,
        old_order: bool,
    },
    /// Pipes, one cell a line.
    PipeNewline,
}

impl Print {
    pub const ALL: [Print; 11] = [
        Print::OneLine { cell_header: false },
        Print::OneLine { cell_header: true },
        Print::Glued { old_order: false },
        Print::Glued { old_order: true },
        Print::CellPerLine { old_order: true },
        Print::CellPerLine { old_order: false },
        Print::Pipe {
            leading: false,
            rule: true,
            trailing: true,
            old_order: true,
        },
        Print::Pipe {
            leading: true,
            rule: true,
            trailing: true,
            old_order: false,
        },
        Print::Pipe {
            leading: true,
            rule: false,
            trailing: false,
            old_order: true,
        },
        Print::Pipe {
            leading: true,
            rule: true,
            trailing: true,
            old_order: true,
        },
        Print::PipeNewline,
    ];

    pub fn rendering(self) -> Rendering {
        match self {
            Print::OneLine { .. } => Rendering::OneLineRows,
            Print::Glued { .. } => Rendering::Glued,
            Print::CellPerLine { .. } => Rendering::CellPerLine,
            Print::Pipe { .. } => Rendering::Pipe,
            Print::PipeNewline => Rendering::PipeNewline,
        }
    }

    /// Whether the rows print their required value (the Chinese old and current
    /// templates print none in rows on one line and glued rows).
    pub fn prints_required(self, zh: bool) -> bool {
        !(zh && matches!(
            self,
            Print::OneLine { .. } | Print::Glued { old_order: false }
        ))
    }

    pub fn old_order(self) -> bool {
        match self {
            Print::OneLine { .. } => true,
            Print::Glued { old_order }
            | Print::CellPerLine { old_order }
            | Print::Pipe { old_order, .. } => old_order,
            Print::PipeNewline => false,
        }
    }

    /// Old-template type spellings (`String`) or current ones (`string`).
    pub fn old_types(self) -> bool {
        matches!(self, Print::OneLine { .. }) || self.old_order()
    }
}

pub fn header_words(zh: bool, request: bool, old_order: bool) -> Vec<&'static str> {
    let (name, ty, req, ex, desc) = if zh {
        (
            "名称",
            "类型",
            if old_order { "是否必选" } else { "必填" },
            "示例值",
            "描述",
        )
    } else {
        ("Parameter", "Type", "Required", "Example", "Description")
    };
    let mut w = vec![name, ty];
    if request {
        w.push(req);
    }
    if old_order {
        w.extend([ex, desc]);
    } else {
        w.extend([desc, ex]);
    }
    w
}

pub fn required_word(zh: bool, r: bool) -> &'static str {
    match (zh, r) {
        (true, true) => "是",
        (true, false) => "否",
        (false, true) => "Yes",
        (false, false) => "No",
    }
}

/// The description lines of a block (paragraphs with blank lines between, then items).
pub fn block_description(row: &Row) -> Vec<String> {
    let mut out = Vec::new();
    for (i, p) in row.paragraphs.iter().enumerate() {
        if i > 0 {
            out.push(String::new());
        }
        out.push(p.clone());
    }
    if !row.items.is_empty() {
        out.push(String::new());
        out.extend(row.items.iter().map(|i| format!("  • {i}")));
    }
    out
}

/// Prints one table (header and rows).
/// The rows as printed, by the nesting conventions of the renderings document: an
/// object is followed by its members; an array of objects by its members, in the current
/// template after a bare item row (`object`); a scalar array, in the current template, by
/// its element's row (the old template spells the element in the type, `Array of Long`).
pub fn flatten(print: Print, zh: bool, rows: &[Row]) -> Vec<Row> {
    let mut out = Vec::new();
    for r in rows {
        out.push(r.clone());
        if r.ty == Ty::ObjectArray && r.flat_members && print.old_types() {
            // The old template's request arrays of objects: one row per member, by its
            // flattened RPC name (`Columns.N.ColumnName`), and no row for the array.
            out.pop();
            out.extend(r.children.iter().map(|c| Row {
                name: format!("{}.N.{}", r.name, c.name),
                ..c.clone()
            }));
            continue;
        }
        match r.ty {
            Ty::ObjectArray if !print.old_types() => out.push(Row::plain(
                "",
                Ty::Object,
                r.required,
                "",
                if zh { "一项。" } else { "An item." },
            )),
            Ty::ScalarArray if print.old_types() => continue,
            _ => {}
        }
        out.extend(flatten(print, zh, &r.children));
    }
    out
}

pub fn table(print: Print, zh: bool, request: bool, rows: &[Row]) -> Vec<String> {
    let old = print.old_order();
    let words = header_words(zh, request, old);
    let req_printed = request && print.prints_required(zh);
    let ty = |r: &Row| match (r.ty, print.old_types()) {
        (Ty::ObjectArray | Ty::ScalarArray, true) => format!("Array of {}", r.item_name),
        (t, true) => t.old().to_owned(),
        (t, false) => t.current().to_owned(),
    };
    let mut rows = flatten(print, zh, rows);
    if !request && !print.old_types() {
        // The current template's response table starts with a bare `object` row, the
        // response root.
        rows.insert(
            0,
            Row::plain(
                "",
                Ty::Object,
                false,
                "",
                if zh {
                    "返回结构。"
                } else {
                    "The response."
                },
            ),
        );
    }
    let rows = &rows;
    let mut out: Vec<String> = Vec::new();
    match print {
        Print::OneLine { cell_header } => {
            if cell_header {
                for w in &words {
                    out.push((*w).to_owned());
                    out.push(String::new());
                }
            } else {
                out.push(words.join(" "));
            }
            for r in rows {
                let mut head = vec![r.name.clone(), ty(r)];
                if req_printed {
                    head.push(required_word(zh, r.required).to_owned());
                }
                head.push(r.example.clone());
                out.push(head.join(" "));
                out.push(String::new());
                out.extend(block_description(r));
                out.push(String::new());
            }
        }
        Print::Glued { old_order } => {
            out.push(words.concat());
            for r in rows {
                let mut head = format!("{}{}", r.name, ty(r));
                if req_printed {
                    head.push_str(required_word(zh, r.required));
                }
                if old_order {
                    head.push_str(&r.example);
                    out.push(head);
                    out.push(String::new());
                    out.extend(block_description(r));
                    out.push(String::new());
                } else {
                    out.push(head);
                    out.push(String::new());
                    out.extend(block_description(r));
                    if r.items.is_empty() {
                        out.push(String::new());
                    }
                    out.push(r.example.clone());
                }
            }
        }
        Print::CellPerLine { old_order } => {
            let words: Vec<&str> = if old_order {
                words
            } else {
                // The genuinely Traditional-Chinese pages.
                let mut w = vec!["名稱", "類型"];
                if request {
                    w.push("必填");
                }
                w.extend(["描述", "樣本值"]);
                w
            };
            for w in &words {
                out.push((*w).to_owned());
                out.push(String::new());
            }
            for r in rows {
                out.push(r.name.clone());
                out.push(String::new());
                out.push(ty(r));
                out.push(String::new());
                if req_printed {
                    out.push(required_word(zh, r.required).to_owned());
                    out.push(String::new());
                }
                if old_order {
                    out.push(r.example.clone());
                    out.push(String::new());
                    out.extend(block_description(r));
                    out.push(String::new());
                } else {
                    out.extend(block_description(r));
                    out.push(String::new());
                    out.push(r.example.clone());
                    out.push(String::new());
                }
            }
        }
        Print::Pipe {
            leading,
            rule,
            trailing,
            ..
        } => {
            let line = |cells: &[String]| {
                let mut s = String::new();
                if leading {
                    s.push_str("| ");
                }
                s.push_str(&cells.join(" | "));
                if trailing {
                    s.push_str(" |");
                }
                s
            };
            out.push(line(
                &words.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>(),
            ));
            if rule {
                out.push(vec!["---"; words.len()].join("|") + "|");
            }
            for r in rows {
                let mut cells = vec![r.name.clone(), ty(r)];
                if request {
                    cells.push(if req_printed {
                        required_word(zh, r.required).to_owned()
                    } else {
                        String::new()
                    });
                }
                let desc = r.paragraphs.join(" ");
                if trailing && !r.items.is_empty() {
                    // The description cell continues over the list's lines.
                    let (before, after): (Vec<String>, Vec<String>) = if old {
                        (vec![r.example.clone()], vec![])
                    } else {
                        (vec![], vec![r.example.clone()])
                    };
                    cells.extend(before);
                    let mut first = line(&cells);
                    first = first.trim_end_matches(" |").to_owned();
                    first.push_str(&format!(" | {desc}"));
                    out.push(first);
                    out.extend(r.items.iter().map(|i| format!("  • {i}")));
                    let mut rest = String::from("|");
                    for a in after {
                        rest.push_str(&format!(" {a} |"));
                    }
                    out.push(rest);
                } else {
                    if old {
                        cells.extend([r.example.clone(), desc]);
                    } else {
                        cells.extend([desc, r.example.clone()]);
                    }
                    out.push(line(&cells));
                    // Without trailing bars (old order: the description is the last
                    // cell), the list continues the row's last cell on the next lines.
                    out.extend(r.items.iter().map(|i| format!("  • {i}")));
                }
            }
        }
        Print::PipeNewline => {
            out.push("|".to_owned());
            for w in ["名稱", "類型"]
                .into_iter()
                .chain(request.then_some("必填"))
                .chain(["描述", "樣本值"])
            {
                out.push(format!("{w} |"));
            }
            for r in rows {
                out.push(format!("| {} |", r.name));
                out.push(format!("{} |", ty(r)));
                if request {
                    out.push(format!("{} |", required_word(zh, r.required)));
                }
                if r.items.is_empty() {
                    out.push(format!("{} |", r.paragraphs.join(" ")));
                } else {
                    out.push(r.paragraphs.join(" "));
                    out.extend(r.items.iter().map(|i| format!("  • {i}")));
                    out.push("|".to_owned());
                }
                out.push(format!("{} |", r.example));
            }
        }
    }
    out
}

/// How the page's language shows in its furniture.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chrome {
    En,
    Zh,
    Tw,
}

/// A table of other cells (authorization, error codes) in the print's style.
fn other_table(print: Print, header: &[&str], rows: &[Vec<String>]) -> Vec<String> {
    let mut out = Vec::new();
    match print {
        Print::Glued { .. } => {
            out.push(header.concat());
            out.extend(rows.iter().map(|r| r.concat()));
        }
        Print::Pipe { .. } => {
            out.push(format!("| {} |", header.join(" | ")));
            out.push(vec!["---"; header.len()].join("|") + "|");
            out.extend(rows.iter().map(|r| format!("| {} |", r.join(" | "))));
        }
        _ => {
            for cell in header
                .iter()
                .map(|h| (*h).to_owned())
                .chain(rows.iter().flatten().cloned())
            {
                out.push(cell);
                out.push(String::new());
            }
        }
    }
    out
}

/// Prints the operation's page: title, date, summary, the debugging and authorization
/// sections (not parameter tables), the request and response tables, the examples (a
/// JSON response) and the error codes table.
pub fn page(print: Print, m: &Model) -> String {
    let zh = m.zh;
    let chrome = match print {
        Print::PipeNewline | Print::CellPerLine { old_order: false } => Chrome::Tw,
        _ if zh => Chrome::Zh,
        _ => Chrome::En,
    };
    // The furniture's variants of `doc-renderings.md`, one per page by its name.
    let v = m.name.len() % 4;
    let (req_h, resp_h, ex_h) = match chrome {
        Chrome::Tw => ("請求參數", "返回參數", "樣本"),
        Chrome::Zh => ("请求参数", ["返回数据", "返回参数"][v % 2], "示例"),
        Chrome::En => (
            ["Request parameters", "Request Parameters"][v % 2],
            [
                "Response parameters",
                "Response elements",
                "Response Parameters",
            ][v % 3],
            "Examples",
        ),
    };
    let title = match v {
        0 => format!("DataWorks:{}", m.name),
        1 => format!(":{}", m.name),
        2 if zh => format!("{} - 查询部件", m.name),
        _ => m.name.clone(),
    };
    let (date, summary, debug_h, debug, auth_h, auth, errors_h, errors) = match chrome {
        Chrome::En => (
            ["Last Updated:Jan 08, 2026", "最終更新日:Dec 13, 2024"][v % 2],
            "Queries a widget.",
            "Debugging",
            "You can run this interface directly in OpenAPI Explorer, saving you the trouble of calculating signatures.",
            "Authorization information",
            ["Operation", "Access level", "Resource type", "Condition key", "Associated operation"],
            "Error codes",
            ["HTTP status code", "Error code", "Error message", "Description"],
        ),
        Chrome::Zh => (
            "更新时间:Jan 08, 2026",
            "查询部件。",
            "调试",
            "您可以在OpenAPI Explorer中直接运行该接口，免去您计算签名的困扰。",
            "授权信息",
            ["操作", "访问级别", "资源类型", "条件关键字", "关联操作"],
            "错误码",
            ["HTTP status code", "错误码", "错误信息", "描述"],
        ),
        Chrome::Tw => (
            "更新時間:Mar 25, 2024",
            "查詢部件。",
            "調試",
            "您可以在OpenAPI Explorer中直接運行該介面，免去您計算簽名的困擾。",
            "授權資訊",
            ["操作", "訪問級別", "資源類型", "條件關鍵字", "關聯操作"],
            "錯誤碼",
            ["HTTP status code", "錯誤碼", "錯誤資訊", "描述"],
        ),
    };
    let mut lines = vec![
        title,
        String::new(),
        date.to_owned(),
        String::new(),
        summary.to_owned(),
        String::new(),
        debug_h.to_owned(),
        String::new(),
        debug.to_owned(),
        String::new(),
        auth_h.to_owned(),
        String::new(),
    ];
    let all = if zh {
        "*全部资源"
    } else {
        "*All Resources"
    };
    let none = if zh { "无" } else { "none" };
    lines.extend(other_table(
        print,
        &auth,
        &[vec![
            format!("dataworks:{}", m.name),
            "get".to_owned(),
            all.to_owned(),
            none.to_owned(),
            none.to_owned(),
        ]],
    ));
    lines.push(String::new());
    lines.push(req_h.to_owned());
    lines.push(String::new());
    lines.extend(table(print, zh, true, &m.request));
    lines.push(String::new());
    lines.push(resp_h.to_owned());
    lines.push(String::new());
    lines.extend(table(print, zh, false, &m.response));
    lines.push(String::new());
    lines.push(ex_h.to_owned());
    lines.push(String::new());
    lines.push("JSON format".to_owned());
    lines.push(String::new());
    match &m.response_json {
        Some(json) => lines.extend(json.lines().map(str::to_owned)),
        None => {
            lines.push("{".to_owned());
            lines.push("  \"RequestId\": \"0000-ABCD\"".to_owned());
            lines.push("}".to_owned());
        }
    }
    lines.push(String::new());
    lines.push(errors_h.to_owned());
    lines.push(String::new());
    lines.extend(other_table(
        print,
        &errors,
        &[vec![
            "400".to_owned(),
            "Invalid.Widget".to_owned(),
            "The widget is invalid.".to_owned(),
            "-".to_owned(),
        ]],
    ));
    lines.join("\n") + "\n"
}
