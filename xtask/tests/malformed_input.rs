//! Malformed input gives the documented error or warning, naming file and line.

use std::path::PathBuf;

use xtask::scrape::{self, diag::WarningKind};
use xtask::test_docs;

fn dir_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn no_errata() -> PathBuf {
    PathBuf::from("/nonexistent/errata.yaml")
}

#[test]
fn an_unknown_layout_is_an_error_naming_the_file() {
    let dir = dir_with(&[(
        "notes.txt",
        "just some notes\nnothing like an API page\n".as_bytes(),
    )]);
    let err = scrape::scrape(dir.path(), &no_errata()).unwrap_err();
    let msg = format!("{err:#}");
    assert!(
        msg.contains("notes.txt") && msg.contains("unrecognised document layout"),
        "{msg}"
    );
}

#[test]
fn a_non_utf8_file_is_an_error_naming_it() {
    let dir = dir_with(&[("bad.txt", &[0xff, 0xfe, 0x00, 0x41])]);
    let msg = format!(
        "{:#}",
        scrape::scrape(dir.path(), &no_errata()).unwrap_err()
    );
    assert!(msg.contains("bad.txt") && msg.contains("UTF-8"), "{msg}");
}

#[test]
fn an_empty_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(scrape::scrape(dir.path(), &no_errata()).is_err());
}

#[test]
fn the_shifted_column_is_reported_without_errata() {
    let Some(docs) = test_docs::docs_or_skip() else {
        return;
    };
    let page = std::fs::read(docs.join("002_d0cc7204c3e35fce.txt")).unwrap();
    let dir = dir_with(&[("002_d0cc7204c3e35fce.txt", &page)]);
    let outcome = scrape::scrape(dir.path(), &no_errata()).unwrap();
    let defect = outcome
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::DocDefect)
        .expect("a doc-defect warning");
    assert_eq!(defect.file, "002_d0cc7204c3e35fce.txt");
    assert!(defect.line > 0);
    assert_eq!(defect.operation.as_deref(), Some("DeployDISyncTask"));
}

#[test]
fn a_truncated_pdf_table_is_reported_with_its_line() {
    let Some(docs) = test_docs::docs_or_skip() else {
        return;
    };
    let text = std::fs::read_to_string(docs.join("003_d34687e8a0d711b7.txt")).unwrap();
    // Cut the reference right after the DeployFile chapter's 请求参数 heading: its table
    // is truncated; the chapter end marker follows the cut.
    let chapter = text
        .find("调用DeployFile接口，发布数据开发中的文件至生产环境")
        .expect("chapter");
    let cut =
        chapter + text[chapter..].find("请求参数\n").expect("request section") + "请求参数\n".len();
    // The chapter heading sits in the page furniture after the table, as in the dump.
    let truncated = format!(
        "{}\n4.20. DeployFile\n访问错误中心查看更多错误码。\n",
        &text[..cut]
    );
    let expected_line = truncated[..cut].lines().count();
    let dir = dir_with(&[("003_d34687e8a0d711b7.txt", truncated.as_bytes())]);
    let outcome = scrape::scrape(dir.path(), &no_errata()).unwrap();
    let warning = outcome
        .warnings
        .iter()
        .find(|w| {
            w.operation.as_deref() == Some("DeployFile") && w.kind == WarningKind::UnparsedRow
        })
        .expect("a warning for the truncated table");
    assert_eq!(warning.file, "003_d34687e8a0d711b7.txt");
    assert_eq!(warning.line, expected_line);
    assert!(warning.message.contains("no rows"), "{warning}");
}

#[test]
fn strict_mode_refuses_to_write_with_warnings() {
    let Some(docs) = test_docs::docs_or_skip() else {
        return;
    };
    let page = std::fs::read(docs.join("002_d0cc7204c3e35fce.txt")).unwrap();
    let dir = dir_with(&[("002_d0cc7204c3e35fce.txt", &page)]);
    let out = tempfile::tempdir().unwrap();
    let spec = out.path().join("spec");
    let err = scrape::run(dir.path(), &spec, true).unwrap_err();
    assert!(format!("{err}").contains("--strict"));
    assert!(!spec.exists(), "nothing written in strict mode");
}
