//! Stability: a one-word change in a document gives a one-line spec diff.

use std::path::PathBuf;

use xtask::scrape;
use xtask::test_docs;

#[test]
fn a_one_word_doc_change_gives_a_one_line_spec_diff() {
    let Some(docs) = test_docs::docs_or_skip() else {
        return;
    };
    let seeds = docs.dir();
    let errata = scrape::workspace_root().join("spec/errata.yaml");
    let before = scrape::scrape(seeds, &errata).expect("scrape succeeds");

    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(seeds).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let pdf = dir.path().join("003_d34687e8a0d711b7.txt");
    let text = std::fs::read_to_string(&pdf).unwrap();
    let edited = text.replacen("计算引擎的创建时间。", "计算引擎的建立时间。", 1);
    assert_ne!(text, edited, "the word to change is in the document");
    std::fs::write(&pdf, edited).unwrap();
    let after = scrape::scrape(dir.path(), &errata).expect("scrape succeeds");

    let changed: Vec<&PathBuf> = before
        .files
        .iter()
        .filter(|(path, text)| after.files.get(*path) != Some(*text))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(changed, [&PathBuf::from("operations/ListCalcEngines.yaml")]);
    let old = &before.files[changed[0]];
    let new = &after.files[changed[0]];
    let differing: Vec<(&str, &str)> = old
        .lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(old.lines().count(), new.lines().count());
    assert_eq!(differing.len(), 1, "{differing:?}");
    assert!(differing[0].1.contains("建立时间"));
}
