//! One-of groups in the scraped spec, per document layout: the documents' own phrasings
//! (the PDF reference, the zh-CN pages), a description edited to carry the phrasing in
//! the layout's language (the English and zh-TW pages, the HTML pages), the contradiction
//! with a table that marks a member required, and errata that add and remove groups.

use std::path::{Path, PathBuf};

use dwgen_spec::{OneOfNote, Operation};
use xtask::scrape::{self, diag::Warning, diag::WarningKind, Outcome};
use xtask::test_docs;

fn real_errata() -> PathBuf {
    scrape::workspace_root().join("spec/errata.yaml")
}

fn no_errata() -> PathBuf {
    PathBuf::from("/nonexistent/errata.yaml")
}

fn html_fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/html")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Scrapes a temporary directory holding exactly `files` (name, text).
fn scrape_files(files: &[(&str, &str)], errata: &Path) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    scrape::scrape(dir.path(), errata).expect("scrape succeeds")
}

/// Replaces `from` by `to` once, checking that the document holds `from`.
fn edited(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the document holds {from:?}");
    text.replacen(from, to, 1)
}

/// The scraped operation `name`, read back from its YAML as the generator reads it.
fn operation(outcome: &Outcome, name: &str) -> Operation {
    let yaml = outcome
        .files
        .get(&PathBuf::from(format!("operations/{name}.yaml")))
        .unwrap_or_else(|| panic!("{name} not scraped"));
    serde_norway::from_str(yaml).expect("operation YAML parses")
}

fn groups(op: &Operation) -> Vec<Vec<&str>> {
    op.request
        .one_of
        .iter()
        .map(|g| g.iter().map(String::as_str).collect())
        .collect()
}

fn required(op: &Operation, param: &str) -> bool {
    op.request
        .params
        .iter()
        .find(|p| p.name == param)
        .unwrap_or_else(|| panic!("{}: no parameter {param}", op.name))
        .required
}

fn one_of_warnings<'a>(outcome: &'a Outcome, op: &str) -> Vec<&'a Warning> {
    outcome
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::OneOf && w.operation.as_deref() == Some(op))
        .collect()
}

/// The text of line `line` (1-based) of `text`.
fn line_of(text: &str, line: usize) -> &str {
    text.lines().nth(line - 1).unwrap_or("")
}

/// Whether `line` of an HTML page is the `<tr>` of the row named `name` (the row's line
/// is that of its `<tr>`; the fixtures put the cells on the next line).
fn is_html_row(text: &str, line: usize, name: &str) -> bool {
    line_of(text, line).trim() == "<tr>"
        && line_of(text, line + 1).contains(&format!("<td>{name}</td>"))
}

#[test]
fn pdf_reference_groups_notes_and_contradictions() {
    let Some(docs) = test_docs::docs_or_skip() else {
        return;
    };
    let (file, text) = docs.read("003_");
    let outcome = scrape_files(&[(&file, &text)], &real_errata());

    let get_folder = operation(&outcome, "GetFolder");
    assert_eq!(
        groups(&get_folder),
        [
            vec!["FolderId", "FolderPath"],
            vec!["ProjectId", "ProjectIdentifier"]
        ]
    );
    // The table marks both folder parameters required (是): the text wins.
    assert!(!required(&get_folder, "FolderId"));
    assert!(!required(&get_folder, "FolderPath"));
    let warnings = one_of_warnings(&outcome, "GetFolder");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    for (w, param) in warnings.iter().zip(["FolderId", "FolderPath"]) {
        assert_eq!(w.file, file);
        assert!(
            line_of(&text, w.line).starts_with(&format!("{param} String 是")),
            "{w} points at {:?}",
            line_of(&text, w.line)
        );
        assert!(w
            .message
            .contains(&format!("request.{param} is marked required")));
        assert!(w.message.contains("[FolderId, FolderPath]"), "{w}");
    }

    // A lower-case name in the text resolves to the parameter.
    let create_business = operation(&outcome, "CreateBusiness");
    assert_eq!(
        groups(&create_business),
        [vec!["ProjectId", "ProjectIdentifier"]]
    );

    let revoke = operation(&outcome, "RevokeTablePermission");
    assert_eq!(groups(&revoke), [vec!["RevokeUserName", "RevokeUserId"]]);
    assert_eq!(
        revoke.request.one_of_notes,
        [OneOfNote {
            group: vec!["RevokeUserName".into(), "RevokeUserId".into()],
            note: "如果同时配置了该参数与RevokeUserId参数，但二者取值不同，则系统会以RevokeUserId参数的配置内容为准。"
                .into(),
        }]
    );

    // The errata remove CreateFile's group of the deprecated ResourceGroupId ...
    let create_file = operation(&outcome, "CreateFile");
    assert_eq!(
        groups(&create_file),
        [vec!["ProjectId", "ProjectIdentifier"]]
    );
    assert!(
        !required(&create_file, "ProjectId"),
        "required in the table"
    );
    // ... which the text states.
    let literal = scrape_files(&[(&file, &text)], &no_errata());
    assert_eq!(
        groups(&operation(&literal, "CreateFile")),
        [
            vec!["ProjectId", "ProjectIdentifier"],
            vec!["ResourceGroupIdentifier", "ResourceGroupId"]
        ]
    );
}

#[test]
fn zh_cn_pages_state_groups() {
    let Some(docs) = test_docs::docs_or_skip() else {
        return;
    };
    let (file, text) = docs.read("000_");
    let outcome = scrape_files(&[(&file, &text)], &real_errata());
    let deploy = operation(&outcome, "DeployFile");
    assert_eq!(
        groups(&deploy),
        [
            vec!["ProjectId", "ProjectIdentifier"],
            vec!["FileId", "NodeId"]
        ]
    );
    assert!(deploy.request.one_of_notes.is_empty());

    let (file, text) = docs.read("001_");
    let outcome = scrape_files(&[(&file, &text)], &real_errata());
    assert_eq!(
        groups(&operation(&outcome, "GetDeployment")),
        [vec!["ProjectId", "ProjectIdentifier"]]
    );
}

#[test]
fn english_page_phrasing() {
    let Some(docs) = test_docs::docs_or_skip() else {
        return;
    };
    let (file, text) = docs.read("002_");
    // No errata: the page's description column stays as printed, so the sentence stays
    // on TaskType's row.
    let text = edited(
        &text,
        "You can call the ListFiles operation to query the ID of the real-time synchronization node or data synchronization solution.",
        "You can call the ListFiles operation to query the ID of the real-time synchronization node or data synchronization solution. You must specify either this parameter or the FileId parameter.",
    );
    let outcome = scrape_files(&[(&file, &text)], &no_errata());
    let op = operation(&outcome, "DeployDISyncTask");
    assert_eq!(groups(&op), [vec!["TaskType", "FileId"]]);
    // Both are marked Yes on the page.
    assert!(!required(&op, "TaskType") && !required(&op, "FileId"));
    assert!(required(&op, "ProjectId"), "not a member");
    let warnings = one_of_warnings(&outcome, "DeployDISyncTask");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    // Both anchored at TaskType's row, the one stating the group.
    for w in warnings {
        assert!(
            line_of(&text, w.line).starts_with("TaskTypestringYes"),
            "{w}"
        );
    }
}

#[test]
fn zh_tw_page_phrasing_and_contradiction() {
    let Some(docs) = test_docs::docs_or_skip() else {
        return;
    };
    let (file, text) = docs.read("004_");
    let text = edited(
        &text,
        "您可以從接收到的事件訊息中擷取訊息 ID。 |",
        "您可以從接收到的事件訊息中擷取訊息 ID。該參數與ProjectId參數，二者必須設定其一。 |",
    );
    // The real errata name the page's operation.
    let outcome = scrape_files(&[(&file, &text)], &real_errata());
    let op = operation(&outcome, "GetIDEEventDetail");
    assert_eq!(groups(&op), [vec!["MessageId", "ProjectId"]]);
    assert!(!required(&op, "MessageId"));
    assert!(!required(&op, "ProjectId"));
    let warnings = one_of_warnings(&outcome, "GetIDEEventDetail");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    for (w, param) in warnings.iter().zip(["MessageId", "ProjectId"]) {
        assert_eq!(w.file, file);
        assert_eq!(line_of(&text, w.line), "| MessageId |", "{w}");
        assert!(
            w.message
                .contains(&format!("request.{param} is marked required"))
                && w.message.contains("[MessageId, ProjectId]"),
            "{w}"
        );
    }
}

#[test]
fn html_pages_phrasings() {
    // The zh-CN fixture carries the documentation's own sentence.
    let zh = html_fixture("01_get_deployment.zh-CN.html");
    let outcome = scrape_files(&[("01_get_deployment.zh-CN.html", &zh)], &no_errata());
    assert_eq!(
        groups(&operation(&outcome, "GetDeployment")),
        [vec!["ProjectId", "ProjectIdentifier"]]
    );
    assert!(one_of_warnings(&outcome, "GetDeployment").is_empty());

    // The English fixture, with the English phrasing and a note.
    let en = edited(
        &html_fixture("02_deploy_di_sync_task.en.html"),
        "operation to query it.</p>",
        "operation to query it.</p><p>Either this parameter or the ProjectId parameter must be specified. If you specify both, the value of FileId takes precedence.</p>",
    );
    let outcome = scrape_files(&[("02_deploy_di_sync_task.en.html", &en)], &no_errata());
    let op = operation(&outcome, "DeployDISyncTask");
    assert_eq!(groups(&op), [vec!["ProjectId", "FileId"]]);
    assert_eq!(
        op.request.one_of_notes,
        [OneOfNote {
            group: vec!["ProjectId".into(), "FileId".into()],
            note: "If you specify both, the value of FileId takes precedence.".into(),
        }]
    );
    assert!(!required(&op, "ProjectId"), "marked Yes, made optional");
    let warnings = one_of_warnings(&outcome, "DeployDISyncTask");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0]
        .message
        .contains("request.ProjectId is marked required"));
    assert!(
        is_html_row(&en, warnings[0].line, "FileId"),
        "{}",
        warnings[0]
    );

    // A name that is no parameter: a warning at the row, and no group.
    let unknown = edited(
        &html_fixture("02_deploy_di_sync_task.en.html"),
        "operation to query it.</p>",
        "operation to query it.</p><p>You must specify either this parameter or the NodeId parameter.</p>",
    );
    let outcome = scrape_files(
        &[("02_deploy_di_sync_task.en.html", &unknown)],
        &no_errata(),
    );
    let op = operation(&outcome, "DeployDISyncTask");
    assert!(op.request.one_of.is_empty());
    let warnings = one_of_warnings(&outcome, "DeployDISyncTask");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].file, "02_deploy_di_sync_task.en.html");
    assert!(
        is_html_row(&unknown, warnings[0].line, "FileId"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].message.contains("`NodeId`"), "{}", warnings[0]);
}

#[test]
fn errata_add_and_remove_groups() {
    let zh = html_fixture("01_get_deployment.zh-CN.html");
    let en = html_fixture("02_deploy_di_sync_task.en.html");
    let dir = tempfile::tempdir().unwrap();
    let errata = dir.path().join("errata.yaml");
    std::fs::write(
        &errata,
        r#"
- file: 01_get_deployment.zh-CN.html
  operation: GetDeployment
  why: test
  changes:
    - remove_one_of: {members: [ProjectIdentifier, ProjectId]}
- file: 02_deploy_di_sync_task.en.html
  operation: DeployDISyncTask
  why: test
  changes:
    - add_one_of: {members: [FileId, TaskType], note: TaskType wins.}
    - remove_one_of: {members: [ProjectId, FileId]}
"#,
    )
    .unwrap();
    let outcome = scrape_files(
        &[
            ("01_get_deployment.zh-CN.html", &zh),
            ("02_deploy_di_sync_task.en.html", &en),
        ],
        &errata,
    );
    let removed = operation(&outcome, "GetDeployment");
    assert!(removed.request.one_of.is_empty());
    assert!(!outcome.files[&PathBuf::from("operations/GetDeployment.yaml")].contains("one_of"));

    let added = operation(&outcome, "DeployDISyncTask");
    assert_eq!(groups(&added), [vec!["TaskType", "FileId"]]);
    assert_eq!(
        added.request.one_of_notes,
        [OneOfNote {
            group: vec!["TaskType".into(), "FileId".into()],
            note: "TaskType wins.".into(),
        }]
    );
    // TaskType is marked Yes: the added group makes it optional, reported at its row.
    assert!(!required(&added, "TaskType"));
    let warnings = one_of_warnings(&outcome, "DeployDISyncTask");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0]
        .message
        .contains("spec/errata.yaml adds the group"));
    assert!(
        is_html_row(&en, warnings[0].line, "TaskType"),
        "{}",
        warnings[0]
    );

    // The removal of a group the page does not state is reported, naming the errata.
    let stale: Vec<&Warning> = outcome
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::Errata)
        .collect();
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0].file, "spec/errata.yaml");
    assert!(stale[0]
        .message
        .contains("no one-of group [ProjectId, FileId]"));
}
