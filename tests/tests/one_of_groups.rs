//! End to end: the one-of groups the documentation states ("该参数与X参数配置一个即可",
//! "二者必须设置其一") are in the checked-in spec, their members are optional where the
//! tables mark them required, and the scrape reports each such contradiction.

use std::collections::BTreeSet;
use std::path::PathBuf;

use dwgen_spec::Operation;
use dwgen_spec::Spec;
use xtask::scrape::{self, diag::WarningKind};
use xtask::test_docs;

fn spec_dir() -> PathBuf {
    scrape::workspace_root().join("spec")
}

fn spec() -> Spec {
    dwgen_spec::load(&spec_dir()).expect("spec loads")
}

fn op<'a>(spec: &'a Spec, name: &str) -> &'a Operation {
    spec.operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}

fn required(op: &Operation, param: &str) -> bool {
    op.request
        .params
        .iter()
        .find(|p| p.name == param)
        .unwrap_or_else(|| panic!("{}: no parameter {param}", op.name))
        .required
}

fn has_group(op: &Operation, members: &[&str]) -> bool {
    op.request
        .one_of
        .iter()
        .any(|g| g.len() == members.len() && members.iter().all(|m| g.iter().any(|n| n == m)))
}

#[test]
fn get_folder_and_deploy_file_have_their_groups_with_optional_members() {
    let spec = spec();
    let get_folder = op(&spec, "GetFolder");
    assert_eq!(
        get_folder.request.one_of,
        [
            vec!["FolderId".to_owned(), "FolderPath".to_owned()],
            vec!["ProjectId".to_owned(), "ProjectIdentifier".to_owned()],
        ]
    );
    // The reference's table marks both 是; the text says one of them is enough.
    assert!(!required(get_folder, "FolderId"));
    assert!(!required(get_folder, "FolderPath"));

    let deploy_file = op(&spec, "DeployFile");
    assert_eq!(
        deploy_file.request.one_of,
        [
            vec!["ProjectId".to_owned(), "ProjectIdentifier".to_owned()],
            vec!["FileId".to_owned(), "NodeId".to_owned()],
        ]
    );
    assert!(!required(deploy_file, "FileId"));
    assert!(!required(deploy_file, "NodeId"));
}

#[test]
fn the_workspace_group_is_in_every_operation_that_states_it() {
    let spec = spec();
    let with: Vec<&str> = spec
        .operations
        .iter()
        .filter(|o| has_group(o, &["ProjectId", "ProjectIdentifier"]))
        .map(|o| o.name.as_str())
        .collect();
    // 25 chapters of the reference say ProjectId / ProjectIdentifier 二者必须设置其一.
    assert_eq!(with.len(), 25, "{with:?}");
    for name in [
        "CreateFile",
        "ListFileVersions",
        "CreateBusiness",
        "GetDeployment",
    ] {
        assert!(with.contains(&name), "{name}");
    }
    // Where the table marked ProjectId required, the spec does not.
    assert!(!required(op(&spec, "CreateFile"), "ProjectId"));
    assert!(!required(op(&spec, "ListFileVersions"), "ProjectId"));
}

#[test]
fn every_group_is_well_formed_and_every_phrasing_has_its_group() {
    let spec = spec();
    let mut groups = 0;
    let mut operations = 0;
    for o in &spec.operations {
        if !o.request.one_of.is_empty() {
            operations += 1;
        }
        for g in &o.request.one_of {
            groups += 1;
            assert!(g.len() >= 2, "{}: {g:?}", o.name);
            let positions: Vec<usize> = g
                .iter()
                .map(|m| {
                    o.request
                        .params
                        .iter()
                        .position(|p| &p.name == m)
                        .unwrap_or_else(|| panic!("{}: group member {m} is no parameter", o.name))
                })
                .collect();
            assert!(
                positions.windows(2).all(|w| w[0] < w[1]),
                "{}: {g:?} not in parameter order",
                o.name
            );
            for m in g {
                assert!(!required(o, m), "{}: group member {m} is required", o.name);
            }
        }
        for n in &o.request.one_of_notes {
            assert!(o.request.one_of.contains(&n.group), "{}: {n:?}", o.name);
            assert!(!n.note.is_empty());
        }
        // Every parameter whose description says one of must be set is in a group
        // (the other member need not say it too), except CreateFile's deprecated
        // ResourceGroupId, whose group a reviewed erratum removes.
        for p in &o.request.params {
            let says = p.description.contains("其一") || p.description.contains("一个即可");
            let member = o.request.one_of.iter().any(|g| g.contains(&p.name));
            if o.name == "CreateFile" && p.name == "ResourceGroupId" {
                assert!(says && !member, "{} {}", o.name, p.name);
            } else if says {
                assert!(member, "{} {}: says one of, in no group", o.name, p.name);
            }
        }
    }
    assert_eq!((groups, operations), (29, 27));

    let create_file = op(&spec, "CreateFile");
    assert!(!has_group(
        create_file,
        &["ResourceGroupIdentifier", "ResourceGroupId"]
    ));
    let revoke = op(&spec, "RevokeColumnPermission");
    assert_eq!(revoke.request.one_of_notes.len(), 1);
    assert_eq!(
        revoke.request.one_of_notes[0].group,
        ["RevokeUserName", "RevokeUserId"]
    );
    assert!(revoke.request.one_of_notes[0].note.ends_with("为准。"));
}

#[test]
fn the_scrape_reports_each_contradiction_at_the_row_stating_the_group() {
    let Some(docs) = test_docs::docs_or_skip() else {
        return;
    };
    let outcome =
        scrape::scrape(docs.dir(), &spec_dir().join("errata.yaml")).expect("scrape succeeds");
    let mut found = BTreeSet::new();
    for w in outcome
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::OneOf)
    {
        let operation = w.operation.clone().expect("names the operation");
        let param = w
            .message
            .strip_prefix("request.")
            .and_then(|m| m.split_once(' '))
            .map(|(p, _)| p.to_owned())
            .unwrap_or_else(|| panic!("not a contradiction: {w}"));
        assert!(w.message.contains("is marked required"), "{w}");
        // The line is a parameter row of a group member in the named document.
        let (_, text) = docs.read(&w.file);
        let line = text.lines().nth(w.line - 1).unwrap_or("");
        let row = line.split(' ').next().unwrap_or("");
        assert!(
            w.message.contains(&format!(", {row}]")) || w.message.contains(&format!("[{row}, ")),
            "{w}: line {:?} is not a member's row",
            line
        );
        found.insert((operation, param));
    }
    let expected: BTreeSet<(String, String)> = [
        ("CreateFile", "ProjectId"),
        ("DeployFile", "FileId"),
        ("GetFolder", "FolderId"),
        ("GetFolder", "FolderPath"),
        ("ListFileVersions", "ProjectId"),
    ]
    .into_iter()
    .map(|(o, p)| (o.to_owned(), p.to_owned()))
    .collect();
    assert_eq!(found, expected);
}
