//! Property: the renderings are equivalent. One operation model (request and response
//! rows: names, types, required flags, examples, descriptions with paragraphs and list
//! items) is printed by a small test-only renderer in every rendering of
//! `../shared/doc-renderings.md` (both column orders, each language's header words, with
//! and without required values, bars and dash rules), on a page with its furniture
//! (debugging and authorization sections, examples, error codes), and every print reads
//! back to the same rows and the same error code.

mod render;

use dwgen_spec::Type;
use proptest::prelude::*;
use render::{page, Model, Print, Row, Ty};
use xtask::scrape::diag::Diagnostics;
use xtask::scrape::layout::{self, Layout};
use xtask::scrape::raw::{RawRow, Rendering, TableRole};
use xtask::scrape::types::parse_type;

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
                        children: Vec::new(),
                        item_name: String::new(),
                        flat_members: false,
                    })
                    .collect()
            })
    })
}

fn model() -> impl Strategy<Value = Model> {
    any::<bool>().prop_flat_map(|zh| {
        (rows(zh), rows(zh)).prop_map(move |(request, response)| Model {
            name: "GetWidget".to_owned(),
            zh,
            response_json: None,
            request,
            response,
        })
    })
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
            // The parameter tables; the error codes table is read too, in its own print.
            let tables: Vec<Rendering> = op
                .tables
                .iter()
                .filter(|t| t.role != TableRole::Errors)
                .map(|t| t.rendering)
                .collect();
            let errors: Vec<(u16, &str)> = op.errors.iter().map(|e| (e.status, e.code.as_str())).collect();
            prop_assert_eq!(errors, vec![(400, "Invalid.Widget")], "{:?}\n{}", print, text);
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
                let mut have: Vec<_> = read_rows
                    .iter()
                    .map(got)
                    .collect();
                // The current template's response table opens with the root's bare
                // `object` row, read as an anonymous row (nesting skips it).
                if side == "response" && !print.old_types() {
                    prop_assert!(
                        have.first().is_some_and(|r| r.0.is_empty() && r.1 == Type::Object),
                        "{:?}: no root row\n{}", print, text
                    );
                    have.remove(0);
                }
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
