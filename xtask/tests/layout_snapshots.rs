//! One insta snapshot of the scraped spec per document layout: each document is scraped
//! alone, and one representative operation's YAML is snapshotted.

use std::path::{Path, PathBuf};

use xtask::scrape;

fn seeds() -> PathBuf {
    scrape::docs_dir(None)
}

fn errata() -> PathBuf {
    scrape::workspace_root().join("spec/errata.yaml")
}

/// Scrapes a directory holding only `file`; returns operation `op`'s YAML followed by
/// `service.yaml` (a lone document's errors all count as common, so they land there).
fn scrape_alone(file: &Path, op: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(file, dir.path().join(file.file_name().unwrap())).unwrap();
    let outcome = scrape::scrape(dir.path(), &errata()).expect("scrape succeeds");
    let op_yaml = outcome
        .files
        .get(&PathBuf::from(format!("operations/{op}.yaml")))
        .unwrap_or_else(|| panic!("{op} not scraped; files: {:?}", outcome.files.keys()));
    let service = &outcome.files[&PathBuf::from("service.yaml")];
    format!("{op_yaml}\n# ---- service.yaml ----\n{service}")
}

#[test]
fn pdf_text_layout() {
    let yaml = scrape_alone(&seeds().join("003_d34687e8a0d711b7.txt"), "ListCalcEngines");
    insta::assert_snapshot!("pdf_ListCalcEngines", yaml);
}

#[test]
fn zh_page_layout() {
    let yaml = scrape_alone(&seeds().join("001_09d1dcdf4069ce81.txt"), "GetDeployment");
    insta::assert_snapshot!("zh_page_GetDeployment", yaml);
}

#[test]
fn en_page_layout() {
    let yaml = scrape_alone(
        &seeds().join("002_d0cc7204c3e35fce.txt"),
        "DeployDISyncTask",
    );
    insta::assert_snapshot!("en_page_DeployDISyncTask", yaml);
}

#[test]
fn pipe_table_layout() {
    let yaml = scrape_alone(
        &seeds().join("004_0bd0327f96e9c5c2.txt"),
        "GetIDEEventDetail",
    );
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
