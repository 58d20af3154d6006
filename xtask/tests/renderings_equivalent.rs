//! Property: the renderings are equivalent. One operation model (request and response
//! rows: names, types, required flags, examples, descriptions with paragraphs and list
//! items) is printed by a small test-only renderer in every rendering of
//! `../shared/doc-renderings.md` (both column orders, each language's header words, with
//! and without required values, bars and dash rules), and every print reads back to the
//! same rows.

use dwgen_spec::Type;
use proptest::prelude::*;
use xtask::scrape::diag::Diagnostics;
use xtask::scrape::layout::{self, Layout};
use xtask::scrape::raw::{RawRow, Rendering};
use xtask::scrape::types::parse_type;

/// One row of the model.
#[derive(Debug, Clone)]
struct Row {
    name: String,
    ty: Ty,
    required: bool,
    example: String,
    /// Paragraphs, then list items.
    paragraphs: Vec<String>,
    items: Vec<String>,
}

/// The model's scalar types, each with its spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Str,
    Long,
    Int,
    Bool,
    Double,
}

impl Ty {
    fn old(self) -> &'static str {
        match self {
            Ty::Str => "String",
            Ty::Long => "Long",
            Ty::Int => "Integer",
            Ty::Bool => "Boolean",
            Ty::Double => "Double",
        }
    }

    fn current(self) -> &'static str {
        match self {
            Ty::Str => "string",
            Ty::Long => "long",
            Ty::Int => "integer",
            Ty::Bool => "boolean",
            Ty::Double => "double",
        }
    }

    fn spec(self) -> Type {
        match self {
            Ty::Str => Type::String,
            Ty::Long => Type::Int64,
            Ty::Int => Type::Int32,
            Ty::Bool => Type::Boolean,
            Ty::Double => Type::Double,
        }
    }
}

#[derive(Debug, Clone)]
struct Model {
    zh: bool,
    request: Vec<Row>,
    response: Vec<Row>,
}

const PREFIXES: &[&str] = &[
    "Widget", "Folder", "Project", "Node", "Task", "Owner", "Part", "Colour",
];
const SUFFIXES: &[&str] = &["Id", "Name", "Size", "Mode", "Count", "Path"];
const EXAMPLES: &[&str] = &[
    "10000",
    "my widget",
    "cn-shanghai",
    "Folder 1/Folder 2",
    "DI_REALTIME",
    "abc-123",
    "2024-01-01 00:00:00",
    "第一次发布",
];
const EN_SENTENCES: &[&str] = &[
    "The ID of the widget.",
    "The name of the folder that holds the widget.",
    "The number of entries to return on each page.",
    "Valid values:",
];
const ZH_SENTENCES: &[&str] = &[
    "部件的ID。",
    "部件所在文件夹的名称。",
    "每页返回的条数。",
    "取值如下:",
];
const EN_ITEMS: &[&str] = &["READY: the widget is ready", "BUSY: the widget is busy"];
const ZH_ITEMS: &[&str] = &["READY:就绪", "BUSY:忙碌"];

fn ty() -> impl Strategy<Value = Ty> {
    prop_oneof![
        Just(Ty::Str),
        Just(Ty::Long),
        Just(Ty::Int),
        Just(Ty::Bool),
        Just(Ty::Double)
    ]
}

fn rows(zh: bool) -> impl Strategy<Value = Vec<Row>> {
    let sentences = if zh { ZH_SENTENCES } else { EN_SENTENCES };
    let items = if zh { ZH_ITEMS } else { EN_ITEMS };
    let row = (
        ty(),
        any::<bool>(),
        prop::sample::select(EXAMPLES),
        prop::collection::vec(prop::sample::select(sentences), 1..3),
        prop::collection::vec(prop::sample::select(items), 0..3),
    );
    prop::collection::vec(row, 1..6).prop_flat_map(move |raw| {
        let n = raw.len();
        prop::sample::subsequence((0..PREFIXES.len() * SUFFIXES.len()).collect::<Vec<_>>(), n)
            .prop_shuffle()
            .prop_map(move |names| {
                raw.iter()
                    .zip(names)
                    .map(|((ty, required, example, paragraphs, items), k)| Row {
                        name: format!(
                            "{}{}",
                            PREFIXES[k / SUFFIXES.len()],
                            SUFFIXES[k % SUFFIXES.len()]
                        ),
                        ty: *ty,
                        required: *required,
                        example: (*example).to_owned(),
                        // A description ends with a sentence; a colon only opens a list.
                        paragraphs: {
                            let mut p: Vec<String> =
                                paragraphs.iter().map(|s| (*s).to_owned()).collect();
                            if p.last().is_some_and(|s| s.ends_with(':')) && items.is_empty() {
                                p.pop();
                                p.push(
                                    if zh {
                                        "部件的ID。"
                                    } else {
                                        "The ID of the widget."
                                    }
                                    .to_owned(),
                                );
                            }
                            p
                        },
                        items: items.iter().map(|s| (*s).to_owned()).collect(),
                    })
                    .collect()
            })
    })
}

fn model() -> impl Strategy<Value = Model> {
    any::<bool>().prop_flat_map(|zh| {
        (rows(zh), rows(zh)).prop_map(move |(request, response)| Model {
            zh,
            request,
            response,
        })
    })
}

/// A way of printing the model.
#[derive(Debug, Clone, Copy)]
enum Print {
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
    const ALL: [Print; 11] = [
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

    fn rendering(self) -> Rendering {
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
    fn prints_required(self, zh: bool) -> bool {
        !(zh && matches!(
            self,
            Print::OneLine { .. } | Print::Glued { old_order: false }
        ))
    }

    fn old_order(self) -> bool {
        match self {
            Print::OneLine { .. } => true,
            Print::Glued { old_order }
            | Print::CellPerLine { old_order }
            | Print::Pipe { old_order, .. } => old_order,
            Print::PipeNewline => false,
        }
    }

    /// Old-template type spellings (`String`) or current ones (`string`).
    fn old_types(self) -> bool {
        matches!(self, Print::OneLine { .. }) || self.old_order()
    }
}

fn header_words(zh: bool, request: bool, old_order: bool) -> Vec<&'static str> {
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

fn required_word(zh: bool, r: bool) -> &'static str {
    match (zh, r) {
        (true, true) => "是",
        (true, false) => "否",
        (false, true) => "Yes",
        (false, false) => "No",
    }
}

/// The description lines of a block (paragraphs with blank lines between, then items).
fn block_description(row: &Row) -> Vec<String> {
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
fn table(print: Print, zh: bool, request: bool, rows: &[Row]) -> Vec<String> {
    let old = print.old_order();
    let words = header_words(zh, request, old);
    let req_printed = request && print.prints_required(zh);
    let ty = |r: &Row| {
        if print.old_types() {
            r.ty.old()
        } else {
            r.ty.current()
        }
    };
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
                let mut head = vec![r.name.clone(), ty(r).to_owned()];
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
                out.push(ty(r).to_owned());
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
                let mut cells = vec![r.name.clone(), ty(r).to_owned()];
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

fn page(print: Print, m: &Model) -> String {
    let zh = m.zh;
    let (req_h, resp_h, ex_h) = match print {
        Print::PipeNewline | Print::CellPerLine { old_order: false } => {
            ("請求參數", "返回參數", "樣本")
        }
        _ if zh => ("请求参数", "返回数据", "示例"),
        _ => ("Request parameters", "Response parameters", "Examples"),
    };
    let mut lines = vec!["DataWorks:GetWidget".to_owned(), String::new()];
    lines.push(req_h.to_owned());
    lines.push(String::new());
    lines.extend(table(print, zh, true, &m.request));
    lines.push(String::new());
    lines.push(resp_h.to_owned());
    lines.push(String::new());
    lines.extend(table(print, zh, false, &m.response));
    lines.push(String::new());
    lines.push(ex_h.to_owned());
    lines.join("\n") + "\n"
}

/// What reading a row must give back: a pipe cell holds the paragraphs on one line.
fn expected(
    r: &Row,
    required: Option<bool>,
    pipe: bool,
) -> (String, Type, Option<bool>, String, String) {
    let mut d: Vec<String> = if pipe {
        vec![r.paragraphs.join(" ")]
    } else {
        r.paragraphs.clone()
    };
    d.extend(r.items.iter().map(|i| format!("• {i}")));
    (
        r.name.clone(),
        r.ty.spec(),
        required,
        r.example.clone(),
        d.join("\n"),
    )
}

fn got(r: &RawRow) -> (String, Type, Option<bool>, String, String) {
    let ty = parse_type(&r.type_text).map_or(Type::Any, |d| d.ty);
    (
        r.name.clone(),
        ty,
        r.required,
        r.example.clone(),
        r.description.clone(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_rendering_reads_back_to_the_same_rows(m in model()) {
        for print in Print::ALL {
            let text = page(print, &m);
            let layout = layout::detect("p.txt", &text).expect("a page");
            let mut diag = Diagnostics::new();
            let doc = layout.parse("p.txt", &text, &mut diag);
            let doc = match doc {
                Ok(doc) => doc,
                Err(e) => panic!("{print:?}: {e}\n{text}"),
            };
            let op = &doc.operations[0];
            let tables: Vec<Rendering> = op.tables.iter().map(|t| t.rendering).collect();
            prop_assert_eq!(&tables, &vec![print.rendering(), print.rendering()], "{:?}\n{}", print, text);
            let pipe_one_line = matches!(print, Print::Pipe { .. } | Print::PipeNewline);
            let prints = print.prints_required(m.zh);
            for (side, model_rows, read_rows) in [("request", &m.request, &op.request), ("response", &m.response, &op.response)] {
                let want: Vec<_> = model_rows
                    .iter()
                    .map(|r| {
                        let req = (side == "request" && prints).then_some(r.required);
                        expected(r, req, pipe_one_line)
                    })
                    .collect();
                let have: Vec<_> = read_rows
                    .iter()
                    .map(got)
                    .collect();
                prop_assert_eq!(&have, &want, "{:?} {}\n{}", print, side, text);
            }
            prop_assert!(diag.warnings().is_empty(), "{:?}: {:?}\n{}", print, diag.warnings(), text);
        }
    }
}

#[test]
fn the_renderer_covers_every_rendering() {
    let covered: Vec<Rendering> = Print::ALL.iter().map(|p| p.rendering()).collect();
    for r in Rendering::ALL {
        assert!(covered.contains(&r), "{} not printed", r.id());
    }
    // The layout the pages are read with.
    assert_eq!(layout::page::PageLayout.kind().id(), "page");
}
