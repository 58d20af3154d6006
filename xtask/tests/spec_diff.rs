//! `cargo xtask spec-diff`: hand-made spec pairs under `tests/fixtures/spec_diff/<case>/`
//! (`old/` and `new/`, each a small spec directory, with `type_names.yaml` where a case
//! needs reviewed shared names) compared and snapshotted as Markdown and JSON;
//! `--fail-on-breaking`; error messages; and one run across two real revisions of
//! `spec/` from the repository's history.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use dwgen_spec::Operation;
use xtask::spec_diff::{self, Bump, Change, ChangeKind, Class, Format, Report, TypeSites};

const FIXTURES: &str = "tests/fixtures/spec_diff";
const VERSION: Option<&str> = Some("0.1.0");

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn repo() -> PathBuf {
    xtask::scrape::workspace_root()
}

/// The fixture pair `case`, with labels relative to the xtask package (stable across
/// machines).
fn diff_case(case: &str) -> Report {
    let side = |s: &str| format!("{FIXTURES}/{case}/{s}");
    let old = side("old");
    let new = side("new");
    let cwd = std::env::current_dir().expect("current directory");
    assert_eq!(
        cwd.canonicalize().ok(),
        manifest_dir().canonicalize().ok(),
        "integration tests run in the package directory"
    );
    spec_diff::diff(&old, &new, &repo()).unwrap_or_else(|e| panic!("{case}: {e:#}"))
}

fn snapshot(case: &str) -> Report {
    let report = diff_case(case);
    let md = spec_diff::render(&report, Format::Markdown, VERSION);
    insta::assert_snapshot!(format!("{case}_md"), md);
    let json = spec_diff::render(&report, Format::Json, VERSION);
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(parsed["format"], spec_diff::json::FORMAT);
    insta::assert_snapshot!(format!("{case}_json"), json);
    report
}

fn kinds(report: &Report) -> Vec<(&'static str, Class)> {
    report
        .changes()
        .map(|c| (c.kind.facts().kind, c.class))
        .collect()
}

fn has(report: &Report, kind: &str, path: &str, class: Class) -> bool {
    report.changes().any(|c| {
        let f = c.kind.facts();
        f.kind == kind && f.path.as_deref() == Some(path) && c.class == class
    })
}

#[test]
fn operations_added_removed_recategorised_retiered_deprecated() {
    let r = snapshot("operations");
    assert_eq!(r.bump(), Bump::Major);
    assert_eq!(r.added_removed(), (1, 1));
    let ops: Vec<&str> = r.operations.iter().map(|o| o.name.as_str()).collect();
    assert!(
        !ops.contains(&"Stable"),
        "an unchanged operation is not listed"
    );
    let k = kinds(&r);
    for expected in [
        ("operation_removed", Class::Breaking),
        ("category_changed", Class::Breaking),
        ("operation_added", Class::Compatible),
        ("qps_tier_changed", Class::Compatible),
        ("deprecated_changed", Class::Compatible),
        ("text_changed", Class::Docs),
    ] {
        assert!(k.contains(&expected), "{expected:?} in {k:?}");
    }
}

#[test]
fn request_changes() {
    let r = snapshot("request");
    use Class::{Breaking, Compatible, Docs};
    for (kind, path, class) in [
        ("member_removed", "FileId", Breaking),
        ("member_added", "FileID", Breaking),
        ("member_removed", "Columns.N.ColumnName", Breaking),
        ("member_added", "Columns", Breaking),
        ("required_changed", "TableName", Compatible),
        ("required_changed", "Comment", Breaking),
        ("type_changed", "LifeCycle", Breaking),
        ("enum_value_removed", "Visibility", Breaking),
        ("enum_value_added", "Visibility", Compatible),
        ("value_set_introduced", "EnvType", Breaking),
        ("value_set_dropped", "Mode", Breaking),
        ("enum_variant_renamed", "Status", Breaking),
        ("member_removed", "Themes[].Legacy", Breaking),
        ("required_changed", "Themes[].ThemeId", Breaking),
        ("required_changed", "Themes[].ThemeLevel", Compatible),
        ("member_added", "Themes[].ThemeName", Compatible),
        ("member_added", "Themes[].ThemeOwner", Breaking),
        ("member_moved", "Config.Endpoint", Breaking),
        ("encoding_changed", "Config", Compatible),
        ("member_added", "Owner", Compatible),
        ("text_changed", "request `ProjectId` description", Docs),
        ("text_changed", "request `ProjectId` example", Docs),
        ("text_changed", "request `Status` value `1` label", Docs),
    ] {
        assert!(has(&r, kind, path, class), "{kind} {path} {class:?}");
    }
    let hints: Vec<&String> = r.changes().flat_map(|c| &c.hints).collect();
    assert!(
        hints.iter().any(|h| h.contains("only in case")),
        "{hints:?}"
    );
    assert!(
        hints.iter().any(|h| h.contains("`Columns[].ColumnName`")),
        "{hints:?}"
    );
}

#[test]
fn response_changes() {
    let r = snapshot("response");
    use Class::{Breaking, Compatible};
    for (kind, path, class) in [
        ("member_removed", "Success", Breaking),
        ("member_removed", "Data.CreatorId", Breaking),
        ("member_added", "Data.CreatorID", Compatible),
        ("type_changed", "Data.CheckingStatus", Breaking),
        ("value_set_introduced", "Data.Mode", Breaking),
        (
            "element_type_name_changed",
            "Data.DeployedItems[]",
            Breaking,
        ),
        ("type_changed", "Data.DeployedItems[].FileId", Breaking),
        ("member_added", "Data.DeployedItems[].Owner", Compatible),
        ("member_moved", "Data.ErrorMessage", Breaking),
        ("type_changed", "Data.Tags[]", Breaking),
        ("type_changed", "Data.Extra{}", Breaking),
        ("type_changed", "Data.Payload", Breaking),
        ("type_changed", "Data.Labels[]", Breaking),
        ("enum_value_added", "Data.Status", Compatible),
        ("member_added", "ErrorCode", Compatible),
    ] {
        assert!(has(&r, kind, path, class), "{kind} {path} {class:?}");
    }
    // The move names where the field was.
    assert!(r.changes().any(|c| matches!(&c.kind,
        ChangeKind::MemberMoved { old_path, .. } if old_path == "Data.Deployment.ErrorMessage")));
    // The element type's rename is a hint on the element type name change, not a
    // type-level change of its own.
    let element = find(
        op(&r, "GetDeployment"),
        "element_type_name_changed",
        "Data.DeployedItems[]",
    )
    .expect("element type name");
    assert!(
        element.hints.iter().any(|h| h.contains(&format!(
            "renamed: `{DD}::get_deployment::DeployedItem` → `{DD}::get_deployment::DeployedFile`"
        ))),
        "{:?}",
        element.hints
    );
    assert!(!r.changes().any(is_type_level));
    // Members of a type-changed value are not compared (`Data.Payload.Raw` is not
    // reported on its own).
    assert!(!r
        .changes()
        .any(|c| c.kind.facts().path.as_deref() == Some("Data.Payload.Raw")));
}

/// The change of `kind` about the type (or member) at `path`, if there is one.
fn find<'a>(changes: &'a [Change], kind: &str, path: &str) -> Option<&'a Change> {
    changes.iter().find(|c| {
        let f = c.kind.facts();
        f.kind == kind && f.path.as_deref() == Some(path)
    })
}

fn op<'a>(r: &'a Report, name: &str) -> &'a [Change] {
    r.operations
        .iter()
        .find(|o| o.name == name)
        .map_or(&[], |o| o.changes.as_slice())
}

fn is_type_level(c: &Change) -> bool {
    !c.kind.type_sites().is_empty()
}

fn part(path: &str, sites: &[&str]) -> TypeSites {
    TypeSites {
        path: path.to_owned(),
        sites: sites.iter().map(|s| (*s).to_owned()).collect(),
    }
}

const DD: &str = "data_development";

#[test]
fn split_types() {
    let r = snapshot("types_split");
    // A shared value set whose sites now differ: one split, in the shared section.
    let split = find(&r.shared_types, "type_split", "types::ProjectEnv").expect("split");
    assert_eq!(split.class, Class::Breaking);
    let ChangeKind::TypeSplit { parts, .. } = &split.kind else {
        panic!("{split:?}")
    };
    assert_eq!(
        parts,
        &[
            part(
                &format!("{DD}::get_instance::ProjectEnv"),
                &["GetInstance request ProjectEnv"]
            ),
            part(
                &format!("{DD}::list_nodes::ProjectEnv"),
                &["ListNodes request ProjectEnv"]
            ),
        ]
    );
    // ... and the value added is reported as such, once.
    assert!(has(&r, "enum_value_added", "ProjectEnv", Class::Compatible));
    // The split covers `types::ProjectEnv` going away: no removal of its own.
    assert!(find(&r.shared_types, "shared_type_removed", "types::ProjectEnv").is_none());
    // A shared struct that lost a user moves into the remaining operation's module.
    let removed = find(&r.shared_types, "shared_type_removed", "types::Owner").expect("removed");
    assert_eq!(removed.class, Class::Breaking);
    assert_eq!(
        removed.kind.facts().new.as_deref(),
        Some(format!("{DD}::get_instance::Owner").as_str())
    );
    // A type local to one operation, split between two of its members.
    let get_instance = op(&r, "GetInstance");
    let local = find(
        get_instance,
        "type_split",
        &format!("{DD}::get_instance::Status"),
    )
    .expect("local split");
    assert_eq!(local.class, Class::Breaking);
    // A value added to a value set used at one site (`NodeType`), or at every site of a
    // shared one (`Priority`), is a member-level change only.
    assert!(has(
        &r,
        "enum_value_added",
        "Data.Nodes[].NodeType",
        Class::Compatible
    ));
    assert!(has(
        &r,
        "enum_value_added",
        "Data.Priority",
        Class::Compatible
    ));
    let type_level: Vec<String> = r
        .changes()
        .filter(|c| is_type_level(c))
        .map(|c| c.kind.message())
        .collect();
    assert_eq!(type_level.len(), 3, "{type_level:#?}");
    assert!(
        !type_level
            .iter()
            .any(|m| m.contains("NodeType") || m.contains("Priority")),
        "{type_level:#?}"
    );
}

#[test]
fn renamed_types() {
    let r = snapshot("types_rename");
    // A new top-level `Status` takes the name: the nested one gets its parent's name.
    let renamed = find(
        op(&r, "GetDeployment"),
        "type_renamed",
        &format!("{DD}::get_deployment::Status"),
    )
    .expect("local rename");
    assert_eq!(renamed.class, Class::Breaking);
    assert_eq!(
        renamed.kind,
        ChangeKind::TypeRenamed {
            shared: false,
            old: format!("{DD}::get_deployment::Status"),
            new: format!("{DD}::get_deployment::DeploymentStatus"),
            sites: vec!["GetDeployment response Data.Deployment.Status".to_owned()],
        }
    );
    assert!(has(&r, "member_added", "Status", Class::Compatible));
    // A reviewed name in type_names.yaml renames the shared type; the operation modules
    // keep re-exporting it as `ProjectEnv`.
    let shared =
        find(&r.shared_types, "shared_type_renamed", "types::ProjectEnv").expect("shared rename");
    assert_eq!(shared.class, Class::Breaking);
    assert_eq!(
        shared.kind.facts().new.as_deref(),
        Some("types::Environment")
    );
    assert!(op(&r, "GetInstance").is_empty() && op(&r, "ListNodes").is_empty());
    assert!(shared.hints.is_empty(), "{:?}", shared.hints);
    // Two shared value sets wanted `Status` on the old side, which names neither: its
    // names were provisional (the generator stops there), and the renames say so.
    for (old, new) in [
        ("types::Status", "types::RunStatus"),
        ("types::Status2", "types::HealthStatus"),
    ] {
        let c = find(&r.shared_types, "shared_type_renamed", old).expect(old);
        assert_eq!(c.kind.facts().new.as_deref(), Some(new));
        assert!(
            c.hints
                .iter()
                .any(|h| h.starts_with(&format!("provisional old name `{old}`"))),
            "{:?}",
            c.hints
        );
    }
    // The docs now name the element type, and the name is the one it had: the
    // (breaking) element type name change says the type keeps its name.
    let element = find(
        op(&r, "GetDeployment"),
        "element_type_name_changed",
        "Data.Items[]",
    )
    .expect("element type name");
    assert!(
        element
            .hints
            .iter()
            .any(|h| h.contains(&format!("keeps its name `{DD}::get_deployment::Item`"))),
        "{:?}",
        element.hints
    );
    assert_eq!(r.changes().filter(|c| is_type_level(c)).count(), 4);

    // The other way round, the new side's names are the provisional ones.
    let side = |s: &str| format!("{FIXTURES}/types_rename/{s}");
    let back = spec_diff::diff(&side("new"), &side("old"), &repo()).expect("loads");
    let c = find(
        &back.shared_types,
        "shared_type_renamed",
        "types::HealthStatus",
    )
    .expect("renamed back");
    assert!(
        c.hints
            .iter()
            .any(|h| h.starts_with("provisional new name `types::Status2`")),
        "{:?}",
        c.hints
    );
    let env = find(
        &back.shared_types,
        "shared_type_renamed",
        "types::Environment",
    )
    .expect("renamed back");
    assert!(env.hints.is_empty(), "{:?}", env.hints);
}

#[test]
fn merged_types() {
    let r = snapshot("types_merge");
    // Two operations' value sets become one shape: one shared type, compatible.
    let merged = find(&r.shared_types, "types_merged", "types::FileType").expect("merge");
    assert_eq!(merged.class, Class::Compatible);
    assert!(
        merged.reason.contains("conflicting impls"),
        "{}",
        merged.reason
    );
    let ChangeKind::TypesMerged { parts, .. } = &merged.kind else {
        panic!("{merged:?}")
    };
    assert_eq!(
        parts,
        &[
            part(
                &format!("{DD}::get_file::FileType"),
                &["GetFile response Data.FileType"]
            ),
            part(
                &format!("{DD}::list_files::FileType"),
                &["ListFiles response Data.Files[].FileType"]
            ),
        ]
    );
    // The merge names the new shared path: no separate addition.
    assert!(find(&r.shared_types, "shared_type_added", "types::FileType").is_none());
    // A struct that gained a user moves to `types`: a new path, compatible.
    let added = find(&r.shared_types, "shared_type_added", "types::Owner").expect("added");
    assert_eq!(added.class, Class::Compatible);
    assert_eq!(
        added.kind.facts().old.as_deref(),
        Some(format!("{DD}::get_file::Owner").as_str())
    );
    // Two value sets of one operation merge: the module keeps one name, so the other
    // path goes away (breaking), besides the (compatible) merge.
    let get_file = op(&r, "GetFile");
    let local =
        find(get_file, "types_merged", &format!("{DD}::get_file::Status")).expect("local merge");
    assert_eq!(local.class, Class::Compatible);
    let lost = find(
        get_file,
        "type_renamed",
        &format!("{DD}::get_file::PrevStatus"),
    )
    .expect("lost name");
    assert_eq!(lost.class, Class::Breaking);
    assert_eq!(
        lost.kind.facts().new.as_deref(),
        Some(format!("{DD}::get_file::Status").as_str())
    );
    assert_eq!(r.changes().filter(|c| is_type_level(c)).count(), 4);
}

#[test]
fn service_and_error_changes() {
    let r = snapshot("service_and_errors");
    use Class::{Breaking, Compatible};
    for (kind, path, class) in [
        ("service_value_changed", "api_version", Breaking),
        ("category_removed", "metadata", Breaking),
        ("category_added", "open-platform", Compatible),
        ("qps_tier_removed", "2", Breaking),
        ("qps_tier_added", "4", Compatible),
        ("qps_tier_limits_changed", "3", Compatible),
        ("error_removed", "Throttling.User", Breaking),
        ("error_added", "Throttling.System", Compatible),
        ("error_removed", "InternalError.UserId.Missing", Breaking),
        ("error_added", "Invalid.File.NotFound", Compatible),
        ("error_status_changed", "Forbidden.NoPermission", Compatible),
    ] {
        assert!(has(&r, kind, path, class), "{kind} {path} {class:?}");
    }
    assert!(r
        .service
        .iter()
        .any(|c| matches!(c.kind, ChangeKind::ErrorRemoved { common: true, .. })));
}

#[test]
fn documentation_only_changes_need_a_patch_release() {
    let r = snapshot("docs_only");
    assert_eq!(r.bump(), Bump::Patch);
    assert_eq!(r.count(Class::Breaking) + r.count(Class::Compatible), 0);
    assert!(r.count(Class::Docs) >= 8);
    let md = spec_diff::render(&r, Format::Markdown, VERSION);
    // Counted, never quoted.
    assert!(!md.contains("查询数据开发中的文件列表"), "{md}");
    assert!(md.contains("0.1.0 → 0.1.1"), "{md}");
    // A required flag that no document states any more is reported, as documentation.
    assert!(has(
        &r,
        "text_changed",
        "request `FileTypes` required flag: no document states it any more (treated as optional)",
        Class::Docs
    ));
}

#[test]
fn compatible_additions_need_a_minor_bump() {
    let r = snapshot("compatible_only");
    assert_eq!(r.bump(), Bump::Minor);
    assert!(!r.has_breaking());
    assert!(!spec_diff::fails_on_breaking(&r));
    let md = spec_diff::render(&r, Format::Markdown, VERSION);
    assert!(md.contains("0.x: patch bump"), "{md}");
}

#[test]
fn provenance_only_changes_are_no_difference() {
    let r = snapshot("identical");
    assert_eq!(r.bump(), Bump::None);
    assert_eq!(r.changes().count(), 0);
}

#[test]
fn a_spec_compared_with_itself_is_identical() {
    // Shared types, reviewed names and a name contest (`types_rename/old`) included.
    for case in [
        "request/new",
        "types_split/old",
        "types_rename/old",
        "types_rename/new",
        "types_merge/new",
    ] {
        let dir = format!("{FIXTURES}/{case}");
        let r = spec_diff::diff(&dir, &dir, &repo()).expect("loads");
        assert_eq!(r.changes().count(), 0, "{case}");
        assert_eq!(r.bump(), Bump::None, "{case}");
    }
}

/// The fixtures together exercise every kind of change the report knows.
#[test]
fn one_of_groups() {
    use Class::{Breaking, Compatible};
    let r = snapshot("one_of");
    let k = kinds(&r);
    // A member required before (FileId): every request that built sets the group.
    let added: Vec<(&str, Class)> = r
        .changes()
        .filter(|c| matches!(c.kind, ChangeKind::OneOfAdded { .. }))
        .map(|c| match &c.kind {
            ChangeKind::OneOfAdded { members, .. } => (members[0].as_str(), c.class),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(added, [("FileId", Compatible), ("ProjectId", Breaking)]);
    assert!(k.contains(&("one_of_removed", Compatible)), "{k:?}");
    // FileId turned from required into a group member: compatible too.
    assert!(k.contains(&("required_changed", Compatible)), "{k:?}");
    assert!(r.has_breaking());
}

#[test]
fn an_operation_changing_kind_changes_its_retries() {
    // `read_only.yaml` appears on the new side: CheckFileDeployment stops reading (its
    // verb said it read), DesensitizeData starts; GetFile stays read-only by its verb.
    let r = snapshot("read_only");
    let changed: Vec<(&str, bool, Class)> = r
        .operations
        .iter()
        .flat_map(|o| o.changes.iter().map(move |c| (o.name.as_str(), c)))
        .map(|(name, c)| match &c.kind {
            ChangeKind::ReadOnlyChanged { read_only } => (name, *read_only, c.class),
            other => panic!("{name}: unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        changed,
        [
            ("CheckFileDeployment", false, Class::Compatible),
            ("DesensitizeData", true, Class::Compatible)
        ]
    );
    assert_eq!(r.bump(), Bump::Minor);
    let md = spec_diff::render(&r, Format::Markdown, VERSION);
    assert!(
        md.contains("operation is now read-only (was mutating)"),
        "{md}"
    );
    assert!(
        md.contains("check that repeating it cannot duplicate a side effect"),
        "{md}"
    );
}

#[test]
fn prices_and_waiters_are_compared() {
    // The price table loses `flagship`, gains `basic`, `enterprise` gets more free calls
    // and the price drops; cn-qingdao leaves the central host for the patterns;
    // DeployFile's waiter gains a success value, SubmitFile's goes away, DeleteFile gets
    // one.
    let r = snapshot("pricing_waiters");
    let service: Vec<(&str, Class)> = r
        .service
        .iter()
        .map(|c| (c.kind.facts().kind, c.class))
        .collect();
    assert_eq!(
        service,
        [
            ("edition_removed", Class::Breaking),
            ("price_changed", Class::Compatible),
            ("edition_added", Class::Compatible),
            ("price_changed", Class::Compatible),
            ("endpoints_changed", Class::Compatible),
        ]
    );
    let ops: Vec<(&str, &str, Class)> = r
        .operations
        .iter()
        .flat_map(|o| {
            o.changes
                .iter()
                .map(move |c| (o.name.as_str(), c.kind.facts().kind, c.class))
        })
        .collect();
    assert_eq!(
        ops,
        [
            ("DeleteFile", "waiter_added", Class::Compatible),
            ("DeployFile", "waiter_changed", Class::Compatible),
            ("SubmitFile", "waiter_removed", Class::Breaking),
        ]
    );
    let md = spec_diff::render(&r, Format::Markdown, VERSION);
    assert!(md.contains("success values [1] → [1, 3]"), "{md}");
    assert!(
        md.contains("region `cn-qingdao`: dataworks.aliyuncs.com (VPC none) → the patterns"),
        "{md}"
    );
}

#[test]
fn fixtures_cover_every_kind() {
    let all: BTreeSet<&str> = [
        "operations",
        "request",
        "response",
        "service_and_errors",
        "docs_only",
        "compatible_only",
        "types_split",
        "types_rename",
        "types_merge",
        "one_of",
        "read_only",
        "pricing_waiters",
    ]
    .iter()
    .flat_map(|case| {
        diff_case(case)
            .changes()
            .map(|c| c.kind.facts().kind)
            .collect::<Vec<_>>()
    })
    .collect();
    let expected: BTreeSet<&str> = [
        "service_value_changed",
        "category_added",
        "category_removed",
        "qps_tier_added",
        "qps_tier_removed",
        "qps_tier_limits_changed",
        "operation_added",
        "operation_removed",
        "category_changed",
        "qps_tier_changed",
        "deprecated_changed",
        "read_only_changed",
        "member_added",
        "member_removed",
        "member_moved",
        "type_changed",
        "required_changed",
        "encoding_changed",
        "enum_value_added",
        "enum_value_removed",
        "enum_variant_renamed",
        "value_set_introduced",
        "value_set_dropped",
        "element_type_name_changed",
        "one_of_added",
        "one_of_removed",
        "error_added",
        "error_removed",
        "error_status_changed",
        "text_changed",
        "type_split",
        "types_merged",
        "type_renamed",
        "shared_type_renamed",
        "shared_type_added",
        "shared_type_removed",
        "edition_added",
        "edition_removed",
        "price_changed",
        "waiter_added",
        "waiter_removed",
        "waiter_changed",
        "endpoints_changed",
    ]
    .into_iter()
    .collect();
    assert_eq!(all, expected);
}

#[test]
fn next_versions_follow_cargo_rules_for_0_x() {
    assert_eq!(Bump::Major.next_version("0.1.0").as_deref(), Some("0.2.0"));
    assert_eq!(Bump::Minor.next_version("0.1.3").as_deref(), Some("0.1.4"));
    assert_eq!(Bump::Patch.next_version("0.1.3").as_deref(), Some("0.1.4"));
    assert_eq!(Bump::Major.next_version("1.2.3").as_deref(), Some("2.0.0"));
    assert_eq!(Bump::Minor.next_version("1.2.3").as_deref(), Some("1.3.0"));
    assert_eq!(Bump::None.next_version("1.2.3").as_deref(), Some("1.2.3"));
    assert_eq!(Bump::Major.next_version("one"), None);
}

#[test]
fn fail_on_breaking_follows_the_classification() {
    assert!(spec_diff::fails_on_breaking(&diff_case("request")));
    assert!(spec_diff::fails_on_breaking(&diff_case("operations")));
    assert!(!spec_diff::fails_on_breaking(&diff_case("compatible_only")));
    assert!(!spec_diff::fails_on_breaking(&diff_case("docs_only")));
    // Type-level breaking changes count, wherever they are reported.
    assert!(diff_case("types_rename")
        .shared_types
        .iter()
        .any(|c| c.class == Class::Breaking));
}

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(manifest_dir())
        .args(args)
        .output()
        .expect("runs xtask")
}

#[test]
fn the_binary_exits_non_zero_on_breaking_changes_only_when_asked() {
    let case = |c: &str, s: &str| format!("{FIXTURES}/{c}/{s}");
    let (old, new) = (case("response", "old"), case("response", "new"));
    let plain = xtask(&["spec-diff", &old, &new]);
    assert!(plain.status.success(), "{plain:?}");
    let report = String::from_utf8_lossy(&plain.stdout);
    assert!(report.starts_with("## Spec changes"), "{report}");

    let failing = xtask(&["spec-diff", &old, &new, "--fail-on-breaking"]);
    assert!(!failing.status.success(), "{failing:?}");
    assert_eq!(
        failing.stdout, plain.stdout,
        "the report is printed either way"
    );
    assert!(String::from_utf8_lossy(&failing.stderr).contains("breaking"));

    let (old, new) = (
        case("compatible_only", "old"),
        case("compatible_only", "new"),
    );
    let ok = xtask(&[
        "spec-diff",
        &old,
        &new,
        "--fail-on-breaking",
        "--format",
        "json",
    ]);
    assert!(ok.status.success(), "{ok:?}");
    let json: serde_json::Value = serde_json::from_slice(&ok.stdout).expect("JSON on stdout");
    assert_eq!(json["summary"]["bump"], "minor");
    assert_eq!(json["summary"]["breaking"], 0);
}

#[test]
fn a_side_that_is_neither_a_directory_nor_a_revision_is_a_clear_error() {
    let good = format!("{FIXTURES}/request/old");
    let err = spec_diff::diff("no-such-dir-or-revision", &good, &repo()).unwrap_err();
    let msg = format!("{err:#}");
    assert!(
        msg.contains("`no-such-dir-or-revision` is neither an existing directory nor a revision"),
        "{msg}"
    );
    let err = spec_diff::diff("--help", &good, &repo()).unwrap_err();
    assert!(format!("{err:#}").contains("neither"), "{err:#}");
}

#[test]
fn a_directory_that_is_not_a_spec_names_the_missing_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().to_string_lossy().into_owned();
    let good = format!("{FIXTURES}/request/old");
    let msg = format!("{:#}", spec_diff::diff(&dir, &good, &repo()).unwrap_err());
    assert!(msg.contains("service.yaml"), "{msg}");
}

/// Copies the fixture side `case/side` into `into/spec`.
fn copy_side(case: &str, side: &str, into: &Path) {
    let from = manifest_dir().join(FIXTURES).join(case).join(side);
    let spec = into.join("spec");
    let _ = std::fs::remove_dir_all(&spec);
    std::fs::create_dir_all(spec.join("operations")).expect("mkdir");
    std::fs::copy(from.join("service.yaml"), spec.join("service.yaml")).expect("copy");
    for entry in std::fs::read_dir(from.join("operations")).expect("operations") {
        let entry = entry.expect("entry");
        std::fs::copy(
            entry.path(),
            spec.join("operations").join(entry.file_name()),
        )
        .expect("copy");
    }
}

fn git_in(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

/// Revisions are read from the repository given to `diff`: a scratch repository with
/// two commits of a fixture pair gives the same report as the two directories.
#[test]
fn revisions_of_a_scratch_repository_compare_like_directories() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let repo = tmp.path();
    git_in(repo, &["init", "-q"]);
    copy_side("response", "old", repo);
    git_in(repo, &["add", "-A"]);
    git_in(repo, &["commit", "-q", "-m", "old"]);
    git_in(repo, &["tag", "before"]);
    copy_side("response", "new", repo);
    git_in(repo, &["add", "-A"]);
    git_in(repo, &["commit", "-q", "-m", "new"]);

    let by_rev = spec_diff::diff("before", "HEAD", repo).expect("revisions load");
    let by_dir = diff_case("response");
    assert!(
        by_rev.old_label.starts_with("before ("),
        "{}",
        by_rev.old_label
    );
    assert_eq!(by_rev.operations, by_dir.operations);
    assert_eq!(by_rev.service, by_dir.service);

    // A revision whose spec does not parse names the file as it is in the repository.
    std::fs::write(repo.join("spec/operations/GetDeployment.yaml"), "name: [").expect("write");
    git_in(repo, &["commit", "-q", "-am", "broken"]);
    let msg = format!("{:#}", spec_diff::diff("HEAD", "before", repo).unwrap_err());
    assert!(
        msg.contains("spec/operations/GetDeployment.yaml") && msg.contains("at revision HEAD"),
        "{msg}"
    );
    assert!(!msg.contains(&repo.display().to_string()), "{msg}");
}

// ---- the repository's history ----

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .current_dir(repo())
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_revision_without_spec_is_a_clear_error() {
    let Some(roots) = git(&["rev-list", "--max-parents=0", "HEAD"]) else {
        eprintln!("skipped: no git history available");
        return;
    };
    let Some(root) = roots.lines().next().map(str::to_owned) else {
        eprintln!("skipped: no root commit");
        return;
    };
    if git(&["cat-file", "-e", &format!("{root}:./spec/service.yaml")]).is_some() {
        eprintln!("skipped: the root commit already has spec/service.yaml");
        return;
    }
    let good = format!("{FIXTURES}/request/old");
    let msg = format!("{:#}", spec_diff::diff(&root, &good, &repo()).unwrap_err());
    assert!(msg.contains("has no spec/"), "{msg}");
}

/// The operation names in a spec directory or at a revision.
fn names_at_revision(rev: &str) -> Option<BTreeSet<String>> {
    let list = git(&[
        "ls-tree",
        "--name-only",
        &format!("{rev}:./spec/operations"),
    ])?;
    Some(
        list.lines()
            .filter_map(|l| l.strip_suffix(".yaml"))
            .map(str::to_owned)
            .collect(),
    )
}

fn names_in_dir(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("spec/operations")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".yaml"))
                .map(str::to_owned)
        })
        .collect()
}

fn top_level_names(op: &Operation) -> BTreeSet<String> {
    op.request
        .params
        .iter()
        .map(|p| format!("request:{}", p.name))
        .chain(
            op.response
                .fields
                .iter()
                .map(|f| format!("response:{}", f.name)),
        )
        .collect()
}

/// Compares `spec/` at the first commit that has `spec/operations` with the working
/// tree's `spec/`, and checks facts verified independently of the diff code: operation
/// counts, added/removed operations, and one top-level parameter or field that differs.
#[test]
fn real_history_first_spec_commit_against_the_working_tree() {
    if git(&["rev-parse", "--is-shallow-repository"]).is_some_and(|s| s.trim() == "true") {
        eprintln!("note: shallow clone; older revisions may be missing");
    }
    let Some(log) = git(&["log", "--format=%H", "--reverse", "--", "spec/"]) else {
        eprintln!("skipped: git history is not available");
        return;
    };
    let first = log.lines().find(|c| {
        git(&["cat-file", "-e", &format!("{c}:./spec/operations")]).is_some()
            && git(&["cat-file", "-e", &format!("{c}:./spec/service.yaml")]).is_some()
    });
    let Some(first) = first else {
        eprintln!("skipped: no commit in the available history has spec/operations");
        return;
    };
    let spec_dir = repo().join("spec");
    let new_arg = spec_dir.to_string_lossy().into_owned();
    let report = spec_diff::diff(first, &new_arg, &repo()).expect("both sides load");

    let old_names = names_at_revision(first).expect("listed");
    let new_names = names_in_dir(&spec_dir.join("operations"));
    assert_eq!(report.old_operations, old_names.len());
    assert_eq!(report.new_operations, new_names.len());
    assert!(report.old_operations > 100 && report.new_operations > 100);
    let added = new_names.difference(&old_names).count();
    let removed = old_names.difference(&new_names).count();
    assert_eq!(report.added_removed(), (added, removed));

    // The first operation (by name) whose top-level parameter or field names differ.
    let mut checked = false;
    for name in old_names.intersection(&new_names) {
        let old_text = git(&["show", &format!("{first}:./spec/operations/{name}.yaml")])
            .expect("readable at the revision");
        let new_text = std::fs::read_to_string(spec_dir.join(format!("operations/{name}.yaml")))
            .expect("readable in the working tree");
        let (Ok(old), Ok(new)) = (
            serde_norway::from_str::<Operation>(&old_text),
            serde_norway::from_str::<Operation>(&new_text),
        ) else {
            continue;
        };
        let (o, n) = (top_level_names(&old), top_level_names(&new));
        let Some(differing) = o.symmetric_difference(&n).next() else {
            continue;
        };
        let (part, member) = differing.split_once(':').expect("part:name");
        let op = report
            .operations
            .iter()
            .find(|r| &r.name == name)
            .unwrap_or_else(|| panic!("{name} differs ({differing}) but is not reported"));
        let reported = op.changes.iter().any(|c| {
            let f = c.kind.facts();
            f.part.map(|p| p.as_str()) == Some(part)
                && (f.path.as_deref() == Some(member) || f.old.as_deref() == Some(member))
        });
        assert!(reported, "{name}: {differing} not in {:#?}", op.changes);
        eprintln!("verified: {name} {differing} (first spec commit {first})");
        checked = true;
        break;
    }
    if !checked {
        eprintln!("note: no operation's top-level names differ between {first} and spec/");
    }

    // Both renderings work and agree on the counts.
    let md = spec_diff::render(&report, Format::Markdown, None);
    assert!(md.starts_with("## Spec changes"));
    let json: serde_json::Value =
        serde_json::from_str(&spec_diff::render(&report, Format::Json, None)).expect("JSON");
    assert_eq!(
        json["summary"]["breaking"].as_u64(),
        Some(report.count(Class::Breaking) as u64)
    );
}
