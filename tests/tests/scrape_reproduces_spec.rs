//! End to end: scraping the documents reproduces the checked-in `spec/` byte for byte,
//! and the spec covers every documented operation with a tier and category.

use std::path::PathBuf;

use xtask::scrape::{self, write};
use xtask::test_docs;

fn spec_dir() -> PathBuf {
    scrape::workspace_root().join("spec")
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
    let spec = codegen::spec_io::load(&spec_dir()).expect("spec loads");
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
