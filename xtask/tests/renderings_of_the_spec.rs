//! The measurement the maintainers' acceptance check makes on real pages, made here on
//! the checked-in spec: each of the 202 operations is printed by the test-only renderer
//! (`render/`) in every rendering of `../shared/doc-renderings.md`, with the page's
//! furniture, its real request parameters and response members (names, types, required
//! flags, the documentation's own descriptions and examples, nesting by the document's
//! conventions) and its JSON response example, and every print is scraped as a
//! directory of pages. Per rendering: the share of pages recognised, the recall and
//! precision of the top-level request parameter names, and those of the response
//! member paths (`Data.Files[].FileId`), against the spec's.
//!
//! The acceptance check on real pages asks for ≥ 95% recognised, recall ≥ 0.98 and
//! precision ≥ 0.97. Here every page must be recognised and every figure must stay at
//! or above 0.995, so that a regression of a handful of names fails: what is missed
//! today is ambiguous in a flat table and reported by the scrape (in the current
//! template, `CreateTable`'s `Themes` follows the members of the array `Columns` with
//! nothing to close it: placed inside, with an `unplaced-field` warning; the old template
//! prints `Columns.N.ColumnName` rows, as the reference does), a parameter named like an English
//! sentence's first word (`Example`) in the Chinese old template, which prints no
//! required word to tell the row from a sentence, and a glued old-order row whose
//! example is its own name (`ResultStringStringResultString`). The figures are printed
//! (`--nocapture`); `DWGEN_RENDER_DUMP=DIR` also writes the printed pages to `DIR`. No
//! print may draw a warning that says the page was misread (a row not parsed, a defect,
//! an unknown type).

mod render;

use std::collections::BTreeMap;
use std::path::Path;

use dwgen_spec::{Field, Operation, Param, Schema, Type};
use render::{page, Model, Print, Row, Ty};

fn spec() -> dwgen_spec::Spec {
    let dir = xtask::scrape::workspace_root().join("spec");
    dwgen_spec::load(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

fn ty_of(ty: Type) -> Ty {
    match ty {
        Type::Int64 => Ty::Long,
        Type::Int32 => Ty::Int,
        Type::Boolean => Ty::Bool,
        Type::Double | Type::Float => Ty::Double,
        Type::Array => Ty::ObjectArray,
        Type::Object => Ty::Object,
        _ => Ty::Str,
    }
}

/// A description as a page prints it: its lines as paragraphs (a pipe cell holds them
/// on one line), and the lines after one that ends with a colon (`取值如下：`) as bullet
/// items, as the current pages render a list of values. A `|` inside a text would end a
/// pipe cell: the renderings document has no escape for it, so it is printed as `/`.
fn description(text: &str, zh: bool) -> (Vec<String>, Vec<String>) {
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.trim().replace('|', "/"))
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return (
            vec![if zh { "参数。" } else { "A parameter." }.to_owned()],
            Vec::new(),
        );
    }
    match lines.iter().position(|l| l.ends_with(['：', ':'])) {
        Some(i) if i + 1 < lines.len() => (lines[..=i].to_vec(), lines[i + 1..].to_vec()),
        _ => (lines, Vec::new()),
    }
}

fn example(e: Option<&str>) -> String {
    // Page cells hold one line.
    e.unwrap_or("")
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .replace('|', "/")
}

fn member_rows(items: Option<&Schema>, zh: bool) -> (Vec<Row>, String) {
    let Some(items) = items else {
        return (Vec::new(), String::new());
    };
    let rows = items
        .fields
        .iter()
        .map(|f| {
            let (paragraphs, items) = description(&f.description, zh);
            Row {
                paragraphs,
                items,
                ..Row::plain(
                    &f.name,
                    match ty_of(f.ty) {
                        // A nested array prints as a scalar row here (its own members
                        // are not what the measurement counts).
                        Ty::ObjectArray | Ty::Object => Ty::Str,
                        t => t,
                    },
                    f.required.unwrap_or(false),
                    &example(f.example.as_deref()),
                    "",
                )
            }
        })
        .collect();
    let name = items.type_name.clone().unwrap_or_else(|| "Item".to_owned());
    (rows, name)
}

fn row(p: &Param, zh: bool) -> Row {
    let ty = ty_of(p.ty);
    let (children, item_name) = if ty == Ty::ObjectArray {
        member_rows(p.items.as_deref(), zh)
    } else {
        (Vec::new(), String::new())
    };
    let (paragraphs, items) = description(&p.description, zh);
    Row {
        name: p.name.clone(),
        // A scalar array or a bare object prints as a string here.
        ty: if ty == Ty::ObjectArray && children.is_empty() || ty == Ty::Object {
            Ty::Str
        } else {
            ty
        },
        required: p.required,
        example: example(p.example.as_deref()),
        paragraphs,
        items,
        flat_members: !children.is_empty(),
        children,
        item_name,
    }
}

/// A response field's row, its members below it by the conventions.
fn field_row(f: &Field, zh: bool) -> Row {
    let (desc, items) = description(&f.description, zh);
    let mut r = Row {
        paragraphs: desc,
        items,
        ..string_row(&f.name, false, &example(f.example.as_deref()), "")
    };
    match f.ty {
        Type::Object => {
            r.ty = Ty::Object;
            r.example.clear();
            r.children = f.fields.iter().map(|c| field_row(c, zh)).collect();
        }
        Type::Array => match f.items.as_deref() {
            Some(items) if items.ty == Type::Object => {
                r.ty = Ty::ObjectArray;
                r.example.clear();
                r.item_name = items.type_name.clone().unwrap_or_else(|| "Item".to_owned());
                r.children = items.fields.iter().map(|c| field_row(c, zh)).collect();
            }
            Some(items) if !matches!(items.ty, Type::Array | Type::Map | Type::Any) => {
                let elem = ty_of(items.ty);
                r.ty = Ty::ScalarArray;
                r.item_name = elem.old().to_owned();
                let name = f.name.strip_suffix('s').unwrap_or(&f.name).to_owned();
                let what = if zh { "一个元素。" } else { "An element." };
                r.children = vec![Row::plain(&name, elem, false, "", what)];
            }
            _ => {}
        },
        t => r.ty = ty_of(t),
    }
    r
}

/// The member paths of response fields (`Data.Files[].FileId`), as the nesting gives
/// them: objects and arrays of objects are descended into.
fn paths(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
    for f in fields {
        let path = format!("{prefix}{}", f.name);
        out.push(path.clone());
        match f.ty {
            Type::Object => paths(&f.fields, &format!("{path}."), out),
            Type::Array => {
                if let Some(items) = f.items.as_deref().filter(|i| i.ty == Type::Object) {
                    paths(&items.fields, &format!("{path}[]."), out);
                }
            }
            _ => {}
        }
    }
}

/// A scalar string row.
fn string_row(name: &str, required: bool, example: &str, description: &str) -> Row {
    Row::plain(name, Ty::Str, required, example, description)
}

fn model(op: &Operation, zh: bool, print: Print) -> Model {
    let mut request = Vec::new();
    if print.old_types() {
        // The old template lists the common `Action` (and often `RegionId`) first; the
        // scrape leaves them out of the spec.
        let (action, region) = if zh {
            ("要执行的操作。", "地域ID。")
        } else {
            ("The operation that you want to perform.", "The region ID.")
        };
        request.push(string_row("Action", true, &op.name, action));
        request.push(string_row("RegionId", true, "cn-shanghai", region));
    }
    request.extend(op.request.params.iter().map(|p| row(p, zh)));
    Model {
        name: op.name.clone(),
        zh,
        request,
        // One response row: the measurement is about request parameters.
        response: op
            .response
            .fields
            .iter()
            .map(|f| field_row(f, zh))
            .collect(),
        response_json: op.examples.response_json.clone(),
    }
}

/// Figures of one print of every operation.
#[derive(Debug, Default)]
struct Figures {
    pages: usize,
    recognised: usize,
    wanted: usize,
    found: usize,
    hit: usize,
    misses: Vec<String>,
    extras: Vec<String>,
    unexpected: Vec<String>,
    /// Response member paths: documented, read, read and documented.
    resp_wanted: usize,
    resp_found: usize,
    resp_hit: usize,
    resp_misses: Vec<String>,
    resp_extras: Vec<String>,
}

fn measure(print: Print, zh: bool, ops: &[Operation]) -> Figures {
    let dir = tempfile::tempdir().expect("temporary directory");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("docs directory");
    for op in ops {
        let text = page(print, &model(op, zh, print));
        if let Ok(d) = std::env::var("DWGEN_RENDER_DUMP") {
            let d = Path::new(&d).join(format!("{print:?}-{zh}").replace(' ', ""));
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join(format!("{}.txt", op.name)), &text).unwrap();
        }
        std::fs::write(docs.join(format!("{}.txt", op.name)), text).expect("page written");
    }
    let outcome = xtask::scrape::scrape(&docs, Path::new("/nonexistent/errata.yaml"))
        .unwrap_or_else(|e| panic!("{print:?} zh={zh}: the scrape failed: {e:#}"));
    let scraped: BTreeMap<String, Operation> = outcome
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("operations"))
        .map(|(p, yaml)| {
            let op: Operation =
                serde_norway::from_str(yaml).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (op.name.clone(), op)
        })
        .collect();
    let mut f = Figures {
        pages: ops.len(),
        ..Figures::default()
    };
    // What the scrape may say of these pages: no tier (they have no overview), unnamed
    // Chinese values, members placed without example evidence, required values that
    // are not printed, JSON examples showing members no row documents, and examples
    // equal to their field's name (as the reference's own examples do). Anything else (a row not parsed, a defect, an unknown type) is
    // a misreading of a page that has none.
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for w in &outcome.warnings {
        *kinds.entry(w.kind.id()).or_default() += 1;
        if !matches!(
            w.kind.id(),
            "missing-tier" | "unnamed-value" | "unplaced-field" | "note" | "example-mismatch"
        ) && !w.message.contains("example is its own name")
        {
            f.unexpected.push(format!(
                "{}:{}: [{}] {}",
                w.file,
                w.line,
                w.kind.id(),
                w.message
            ));
        }
    }
    eprintln!("  warnings {kinds:?}");
    for op in ops {
        let mut want_paths = Vec::new();
        paths(&op.response.fields, "", &mut want_paths);
        if let Some(got) = scraped.get(&op.name) {
            let mut got_paths = Vec::new();
            paths(&got.response.fields, "", &mut got_paths);
            f.resp_wanted += want_paths.len();
            f.resp_found += got_paths.len();
            for g in &got_paths {
                if want_paths.contains(g) {
                    f.resp_hit += 1;
                } else {
                    f.resp_extras.push(format!("{}.{g}", op.name));
                }
            }
            for w in &want_paths {
                if !got_paths.contains(w) {
                    f.resp_misses.push(format!("{}.{w}", op.name));
                }
            }
        }
        let want: Vec<&str> = op.request.params.iter().map(|p| p.name.as_str()).collect();
        f.wanted += want.len();
        let Some(got) = scraped.get(&op.name) else {
            f.misses.push(format!("{}: not recognised", op.name));
            continue;
        };
        f.recognised += 1;
        let got: Vec<&str> = got.request.params.iter().map(|p| p.name.as_str()).collect();
        f.found += got.len();
        for g in &got {
            if want.contains(g) {
                f.hit += 1;
            } else {
                f.extras.push(format!("{}.{g}", op.name));
            }
        }
        for w in &want {
            if !got.contains(w) {
                f.misses.push(format!("{}.{w}", op.name));
            }
        }
    }
    f
}

#[test]
fn every_rendering_of_the_spec_reads_back_its_parameters_and_members() {
    let ops = spec().operations;
    assert!(ops.len() >= 200, "{} operations", ops.len());
    let mut failures = Vec::new();
    for print in Print::ALL {
        for zh in [false, true] {
            let f = measure(print, zh, &ops);
            let recognised = f.recognised as f64 / f.pages as f64;
            let recall = f.hit as f64 / f.wanted as f64;
            let precision = if f.found == 0 {
                0.0
            } else {
                f.hit as f64 / f.found as f64
            };
            eprintln!(
                "{print:?} ({}): {} of {} pages recognised; request names recall {recall:.3}, precision {precision:.3}",
                if zh { "zh" } else { "en" },
                f.recognised,
                f.pages
            );
            eprintln!(
                "  response member paths recall {:.3}, precision {:.3}; missed e.g. {:?}; extra e.g. {:?}",
                f.resp_hit as f64 / f.resp_wanted as f64,
                f.resp_hit as f64 / f.resp_found.max(1) as f64,
                &f.resp_misses[..f.resp_misses.len().min(6)],
                &f.resp_extras[..f.resp_extras.len().min(6)]
            );
            if !f.misses.is_empty() || !f.extras.is_empty() {
                eprintln!("  missed {:?}\n  extra {:?}", f.misses, f.extras);
            }
            let resp_recall = f.resp_hit as f64 / f.resp_wanted as f64;
            let resp_precision = f.resp_hit as f64 / f.resp_found.max(1) as f64;
            if f.recognised < f.pages
                || recall < 0.995
                || precision < 0.995
                || resp_recall < 0.995
                || resp_precision < 0.995
                || !f.unexpected.is_empty()
            {
                failures.push(format!(
                    "{print:?} zh={zh}: recognised {recognised:.3}, recall {recall:.3}, precision {precision:.3}, response recall {resp_recall:.3}, precision {resp_precision:.3}; missed e.g. {:?}; extra e.g. {:?}; unexpected warnings e.g. {:?}",
                    &f.misses[..f.misses.len().min(8)],
                    &f.extras[..f.extras.len().min(8)],
                    &f.unexpected[..f.unexpected.len().min(8)]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
