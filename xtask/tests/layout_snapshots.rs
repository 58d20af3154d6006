//! One insta snapshot of the scraped spec per document layout: each document is scraped
//! alone, and one representative operation's YAML is snapshotted.

use std::path::{Path, PathBuf};

use xtask::scrape;
use xtask::test_docs;

fn errata() -> PathBuf {
    scrape::workspace_root().join("spec/errata.yaml")
}

/// Scrapes a directory holding only the document `file`; returns operation `op`'s YAML
/// followed by `service.yaml` (a lone document's errors all count as common, so they land
/// there). `None` where the documents are absent (the skip is announced).
fn scrape_alone(file: &str, op: &str) -> Option<String> {
    let file = test_docs::docs_or_skip()?.join(file);
    let file = file.as_path();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(file, dir.path().join(file.file_name().unwrap())).unwrap();
    let outcome = scrape::scrape(dir.path(), &errata()).expect("scrape succeeds");
    let op_yaml = outcome
        .files
        .get(&PathBuf::from(format!("operations/{op}.yaml")))
        .unwrap_or_else(|| panic!("{op} not scraped; files: {:?}", outcome.files.keys()));
    let service = &outcome.files[&PathBuf::from("service.yaml")];
    Some(format!("{op_yaml}\n# ---- service.yaml ----\n{service}"))
}

#[test]
fn pdf_text_layout() {
    let Some(yaml) = scrape_alone("003_d34687e8a0d711b7.txt", "ListCalcEngines") else {
        return;
    };
    insta::assert_snapshot!("pdf_ListCalcEngines", yaml);
}

#[test]
fn zh_page_layout() {
    let Some(yaml) = scrape_alone("001_09d1dcdf4069ce81.txt", "GetDeployment") else {
        return;
    };
    insta::assert_snapshot!("zh_page_GetDeployment", yaml);
}

#[test]
fn en_page_layout() {
    let Some(yaml) = scrape_alone("002_d0cc7204c3e35fce.txt", "DeployDISyncTask") else {
        return;
    };
    insta::assert_snapshot!("en_page_DeployDISyncTask", yaml);
}

#[test]
fn pipe_table_layout() {
    let Some(yaml) = scrape_alone("004_0bd0327f96e9c5c2.txt", "GetIDEEventDetail") else {
        return;
    };
    insta::assert_snapshot!("pipe_table_GetIDEEventDetail", yaml);
}

#[test]
fn html_layout() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("html fixtures exist")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    let page = pages.first().expect("at least one html fixture");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(page, dir.path().join(page.file_name().unwrap())).unwrap();
    let outcome = scrape::scrape(dir.path(), &errata()).expect("scrape succeeds");
    let (path, yaml) = outcome
        .files
        .iter()
        .find(|(p, _)| p.starts_with("operations"))
        .expect("an operation");
    let service = &outcome.files[&PathBuf::from("service.yaml")];
    insta::assert_snapshot!(
        "html_page",
        format!(
            "# {}\n{yaml}\n# ---- service.yaml ----\n{service}",
            path.display()
        )
    );
}
