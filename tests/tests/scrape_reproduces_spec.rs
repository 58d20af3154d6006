//! End to end: scraping the documents reproduces the checked-in `spec/` byte for byte,
//! and the spec covers every documented operation with a tier and category, a summary
//! of its own, and a name for every value of its value sets.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use dwgen_spec::{EnumValue, Field, Operation, Param, Schema};
use xtask::scrape::{self, diag::WarningKind, value_names, write, Outcome};
use xtask::test_docs;

fn spec_dir() -> PathBuf {
    scrape::workspace_root().join("spec")
}

/// One scrape of the documents shared by the tests below that only read it (`None`
/// where the documents are absent; the skip is announced by each test).
fn scraped() -> Option<&'static Outcome> {
    static OUTCOME: OnceLock<Outcome> = OnceLock::new();
    let docs = test_docs::docs_or_skip()?;
    Some(OUTCOME.get_or_init(|| {
        scrape::scrape(docs.dir(), &spec_dir().join("errata.yaml")).expect("scrape succeeds")
    }))
}

/// The scraped operations, read back as the generator reads a spec directory.
fn scraped_operations(outcome: &Outcome) -> Vec<Operation> {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    write::write_dir(&spec, &outcome.files).expect("the scraped spec is written");
    dwgen_spec::load(&spec)
        .expect("the scraped spec loads")
        .operations
}

#[test]
fn scraping_the_documents_reproduces_the_checked_in_spec() {
    let Some(docs) = test_docs::docs_or_skip() else {
        return;
    };
    let outcome =
        scrape::scrape(docs.dir(), &spec_dir().join("errata.yaml")).expect("scrape succeeds");
    let checked_in = write::read_generated(&spec_dir()).expect("spec/ is readable");
    let produced: Vec<_> = outcome.files.keys().collect();
    let on_disk: Vec<_> = checked_in.keys().collect();
    assert_eq!(
        produced, on_disk,
        "the set of spec files differs: run `cargo xtask scrape`"
    );
    for (path, text) in &outcome.files {
        assert!(
            checked_in.get(path) == Some(text),
            "spec/{} differs from what `cargo xtask scrape` produces",
            path.display()
        );
    }
}

#[test]
fn scraping_twice_gives_identical_output() {
    let Some(docs) = test_docs::docs_or_skip() else {
        return;
    };
    let errata = spec_dir().join("errata.yaml");
    let a = scrape::scrape(docs.dir(), &errata).expect("scrape succeeds");
    let b = scrape::scrape(docs.dir(), &errata).expect("scrape succeeds");
    assert_eq!(a.files, b.files);
    assert_eq!(a.warnings, b.warnings);
}

#[test]
fn every_documented_operation_has_a_file_tier_and_category() {
    let spec = dwgen_spec::load(&spec_dir()).expect("spec loads");
    // The reference has 202 operation chapters; the pages add no new operation.
    assert_eq!(spec.operations.len(), 202);
    let with_tier = spec
        .operations
        .iter()
        .filter(|o| o.qps_tier.is_some())
        .count();
    assert_eq!(
        with_tier, 198,
        "198 operations have a level in the overview table"
    );
    let ids: Vec<&str> = spec
        .service
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    for op in &spec.operations {
        assert!(
            ids.contains(&op.category.as_str()),
            "{}: unknown category {}",
            op.name,
            op.category
        );
        assert!(!op.sources.is_empty(), "{}: no source", op.name);
    }
    let tiers: Vec<(u8, u32, Option<u32>)> = spec
        .service
        .qps_tiers
        .iter()
        .map(|t| (t.tier, t.qps, t.daily_calls))
        .collect();
    assert_eq!(
        tiers,
        vec![(1, 50, None), (2, 20, None), (3, 5, Some(10000))]
    );
    // The four newer pages each add a source to an operation of the reference.
    for name in [
        "DeployFile",
        "GetDeployment",
        "DeployDISyncTask",
        "GetIDEEventDetail",
    ] {
        let op = spec.operations.iter().find(|o| o.name == name).expect(name);
        assert_eq!(
            op.sources.len(),
            2,
            "{name}: expected the page and the reference"
        );
    }
}

/// The documentation's chapter trailer, `GetMetaDBInfo接口的使用示例Demo请参见DataWorks
/// OpenAPI示例。`, which names the chapter it closes.
const TRAILER_MARK: &str = "接口的使用示例";

/// The operation names a text mentions, as whole ASCII words, in order.
fn mentioned<'a>(text: &'a str, names: &BTreeSet<&str>) -> Vec<&'a str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| names.contains(w))
        .collect()
}

#[test]
fn every_summary_is_its_own_chapters_first_paragraph() {
    let Some(outcome) = scraped() else {
        return;
    };
    let ops = scraped_operations(outcome);
    assert_eq!(ops.len(), 202);
    let names: BTreeSet<&str> = ops.iter().map(|o| o.name.as_str()).collect();
    let mut wrong = Vec::new();
    for op in &ops {
        let summary = &op.summary;
        if summary.contains(TRAILER_MARK) {
            wrong.push(format!(
                "{}: summary is a chapter trailer: {summary}",
                op.name
            ));
        }
        if let Some(line) = op.description.lines().find(|l| l.contains(TRAILER_MARK)) {
            wrong.push(format!("{}: description holds a trailer: {line}", op.name));
        }
        // A summary may mention other operations (`调用DeployFile后通过GetDeployment…`),
        // but the first one it names must be its own.
        if let Some(first) = mentioned(summary, &names).first() {
            if *first != op.name {
                wrong.push(format!(
                    "{}: summary starts by naming {first}: {summary}",
                    op.name
                ));
            }
        }
        // One prose sentence, not a code sample from a neighbouring section.
        if summary.contains([';', '{', '}']) || summary.lines().count() != 1 {
            wrong.push(format!(
                "{}: summary is not one sentence: {summary}",
                op.name
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong summaries:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_trailer_and_name_checks_catch_what_they_are_for() {
    let names: BTreeSet<&str> = ["CreateTable", "DeleteTable", "DeployFile", "GetDeployment"]
        .into_iter()
        .collect();
    assert_eq!(
        mentioned("调用CreateTable删除表。", &names).first(),
        Some(&"CreateTable")
    );
    assert_eq!(
        mentioned("调用DeployFile后通过GetDeployment查询。", &names),
        ["DeployFile", "GetDeployment"]
    );
    assert!(mentioned("CreateTableResponse r = client.call();", &names).is_empty());
    assert!(
        "DeleteFromMetaCategory接口的使用示例Demo请参见DataWorks OpenAPI示例。"
            .contains(TRAILER_MARK)
    );
}

/// Every value set of an operation, with its path.
fn value_sets(op: &Operation) -> Vec<(String, &[EnumValue])> {
    fn field<'a>(f: &'a Field, path: String, out: &mut Vec<(String, &'a [EnumValue])>) {
        out.push((path.clone(), &f.enum_values));
        for g in &f.fields {
            field(g, format!("{path}.{}", g.name), out);
        }
        if let Some(items) = &f.items {
            schema(items, format!("{path}[]"), out);
        }
        if let Some(values) = &f.values {
            schema(values, format!("{path}{{}}"), out);
        }
    }
    fn schema<'a>(s: &'a Schema, path: String, out: &mut Vec<(String, &'a [EnumValue])>) {
        out.push((path.clone(), &s.enum_values));
        for g in &s.fields {
            field(g, format!("{path}.{}", g.name), out);
        }
        if let Some(items) = &s.items {
            schema(items, format!("{path}[]"), out);
        }
        if let Some(values) = &s.values {
            schema(values, format!("{path}{{}}"), out);
        }
    }
    fn param<'a>(p: &'a Param, out: &mut Vec<(String, &'a [EnumValue])>) {
        let path = format!("request {}", p.name);
        out.push((path.clone(), &p.enum_values));
        for g in &p.fields {
            field(g, format!("{path}.{}", g.name), out);
        }
        if let Some(items) = &p.items {
            schema(items, format!("{path}[]"), out);
        }
    }
    let mut out = Vec::new();
    for p in &op.request.params {
        param(p, &mut out);
    }
    for f in &op.response.fields {
        field(f, format!("response {}", f.name), &mut out);
    }
    out.retain(|(_, values)| !values.is_empty());
    out
}

#[test]
fn every_numeric_value_has_a_label_or_a_reviewed_name_unless_kept_an_integer() {
    let spec = dwgen_spec::load(&spec_dir()).expect("spec loads");
    let names =
        value_names::load(&spec_dir().join(value_names::FILE_NAME)).expect("value names load");
    let integer: Vec<&value_names::Entry> = names.entries.iter().filter(|e| e.integer).collect();
    let mut unnamed = Vec::new();
    let mut named_sets = 0;
    for op in &spec.operations {
        for (path, values) in value_sets(op) {
            let numeric = values
                .iter()
                .any(|v| v.value.bytes().all(|b| b.is_ascii_digit()));
            if !numeric {
                continue;
            }
            if integer.iter().any(|e| value_names::matches(e, values)) {
                assert!(
                    values.iter().all(|v| v.name.is_none() && v.label.is_none()),
                    "{} {path}: kept an integer but named",
                    op.name
                );
                continue;
            }
            if values.iter().any(|v| v.name.is_some()) {
                named_sets += 1;
            }
            for v in values {
                let ok =
                    v.label.is_some() || v.name.is_some() || value_names::is_self_naming(&v.value);
                if !ok {
                    unnamed.push(format!(
                        "{} {path}: {} ({})",
                        op.name, v.value, v.description
                    ));
                }
            }
            // Names within a set are distinct.
            let reviewed: Vec<&str> = values.iter().filter_map(|v| v.name.as_deref()).collect();
            let distinct: BTreeSet<&str> = reviewed.iter().copied().collect();
            assert_eq!(reviewed.len(), distinct.len(), "{} {path}", op.name);
        }
    }
    assert!(
        unnamed.is_empty(),
        "{} values without a label or name (add them to spec/value_names.yaml):\n{}",
        unnamed.len(),
        unnamed.join("\n")
    );
    assert!(named_sets > 0, "the reviewed names reach the spec");
}

#[test]
fn the_scrape_leaves_no_value_unnamed_and_no_entry_stale() {
    let Some(outcome) = scraped() else {
        return;
    };
    let left: Vec<String> = outcome
        .warnings
        .iter()
        .filter(|w| matches!(w.kind, WarningKind::UnnamedValue | WarningKind::ValueNames))
        .map(ToString::to_string)
        .collect();
    assert!(left.is_empty(), "{}", left.join("\n"));
}
