//! The reviewed value-names file through the whole scrape, on a hand-made page (the
//! HTML fixture of GetDeployment, no documents needed): the file is found beside the
//! errata file, its names land in the spec, unnamed values and stale entries are
//! reported, and a malformed file stops the scrape naming the file.

use std::path::{Path, PathBuf};

use dwgen_spec::{EnumValue, Field, Operation};
use xtask::scrape::{self, diag::WarningKind, value_names, Outcome};

const PAGE: &str = "01_get_deployment.zh-CN.html";

const STATUS: &str = r#"- match:
    "0": 就绪
    "1": 成功
    "2": 失败
  names:
    "0": Ready
    "1": Success
    "2": Failure
  why: GetDeployment Data.Deployment.Status.
"#;

const CHECKING: &str = r#"- match:
    "7": 检查未通过
    "8": 正在处于检查中的状态
  names:
    "7": CheckFailed
    "8": Checking
  why: GetDeployment Data.Deployment.CheckingStatus.
"#;

/// Scrapes the fixture page with a `spec/` directory holding `names` (if any) as
/// `value_names.yaml` and no errata file.
fn scrape_with(names: Option<&str>) -> anyhow::Result<Outcome> {
    let docs = tempfile::tempdir().unwrap();
    let page = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/html")
        .join(PAGE);
    std::fs::copy(&page, docs.path().join(PAGE)).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("spec");
    std::fs::create_dir(&spec).unwrap();
    if let Some(text) = names {
        std::fs::write(spec.join(value_names::FILE_NAME), text).unwrap();
    }
    scrape::scrape(docs.path(), &spec.join("errata.yaml"))
}

fn operation(outcome: &Outcome) -> Operation {
    let yaml = &outcome.files[&PathBuf::from("operations/GetDeployment.yaml")];
    serde_norway::from_str(yaml).expect("operation YAML")
}

fn field<'a>(fields: &'a [Field], path: &str) -> &'a Field {
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    let f = fields
        .iter()
        .find(|f| f.name == head)
        .unwrap_or_else(|| panic!("no field {head}"));
    if rest.is_empty() {
        f
    } else {
        field(&f.fields, rest)
    }
}

fn names(values: &[EnumValue]) -> Vec<(&str, Option<&str>)> {
    values
        .iter()
        .map(|v| (v.value.as_str(), v.name.as_deref()))
        .collect()
}

fn unnamed(outcome: &Outcome) -> Vec<String> {
    outcome
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::UnnamedValue)
        .map(|w| {
            assert_eq!(w.file, PAGE);
            assert!(w.line > 0, "{w}");
            assert_eq!(w.operation.as_deref(), Some("GetDeployment"));
            w.message.clone()
        })
        .collect()
}

#[test]
fn without_the_file_every_chinese_labelled_value_is_reported_once() {
    let outcome = scrape_with(None).expect("scrape succeeds");
    let messages = unnamed(&outcome);
    let values: Vec<&str> = messages
        .iter()
        .map(|m| {
            m.split(": value ")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
        })
        .collect();
    // Status 0, 1, 2 and CheckingStatus 7, 8, each once.
    let mut sorted = values.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ["0", "1", "2", "7", "8"], "{messages:#?}");
    assert!(messages
        .iter()
        .any(|m| m.starts_with("response Data.Deployment.Status: value 0 (就绪)")));
    let spec_text = &outcome.files[&PathBuf::from("warnings.txt")];
    assert_eq!(spec_text.matches("[unnamed-value]").count(), 5);
    let op = operation(&outcome);
    let status = field(&op.response.fields, "Data.Deployment.Status");
    assert_eq!(
        names(&status.enum_values),
        [("0", None), ("1", None), ("2", None)]
    );
}

#[test]
fn the_file_beside_the_errata_names_the_values() {
    let outcome = scrape_with(Some(&format!("{STATUS}\n{CHECKING}"))).expect("scrape succeeds");
    assert!(unnamed(&outcome).is_empty());
    assert!(!outcome
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::ValueNames));
    let op = operation(&outcome);
    let status = field(&op.response.fields, "Data.Deployment.Status");
    assert_eq!(
        names(&status.enum_values),
        [
            ("0", Some("Ready")),
            ("1", Some("Success")),
            ("2", Some("Failure"))
        ]
    );
    let checking = field(&op.response.fields, "Data.Deployment.CheckingStatus");
    assert_eq!(
        names(&checking.enum_values),
        [("7", Some("CheckFailed")), ("8", Some("Checking"))]
    );
    // The name is written after the label key, as `name:`.
    let yaml = &outcome.files[&PathBuf::from("operations/GetDeployment.yaml")];
    assert!(yaml.contains("description: 就绪\n") && yaml.contains("name: Ready\n"));
}

#[test]
fn only_the_sets_without_an_entry_stay_reported_and_stale_entries_warn() {
    let stale = "- match: {\"0\": 否, \"1\": 是}\n  names: {\"0\": \"No\", \"1\": \"Yes\"}\n  why: flags.\n";
    let outcome = scrape_with(Some(&format!("{STATUS}{stale}"))).expect("scrape succeeds");
    let messages = unnamed(&outcome);
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(messages
        .iter()
        .all(|m| m.starts_with("response Data.Deployment.CheckingStatus")));
    let stale: Vec<_> = outcome
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::ValueNames)
        .collect();
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].file, "spec/value_names.yaml");
    assert_eq!(stale[0].line, STATUS.lines().count() + 1);
}

#[test]
fn a_malformed_file_stops_the_scrape_naming_the_file_and_entry() {
    let bad = STATUS.replace("\"2\": Failure", "\"2\": Success");
    let err = scrape_with(Some(&format!("{CHECKING}{bad}"))).unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains("spec/value_names.yaml"), "{msg}");
    assert!(msg.contains("entry 2"), "{msg}");
    assert!(msg.contains("`Success`"), "{msg}");
}
