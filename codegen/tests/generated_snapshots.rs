//! insta snapshots of the generated code for a representative set of operations (a plain
//! one, one with nested arrays of objects, one with value-set enums named from the
//! reviewed names file, one with many errors, a paged one, one re-exporting shared types),
//! of the QPS tier table, the crate root, the waiter module, and of representative
//! shared types of the `types` module. Generated from the checked-in spec.

use std::path::{Path, PathBuf};

use codegen::emit::{self, Files};

fn generated() -> Files {
    let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let spec = dwgen_spec::load(&spec_dir).expect("the checked-in spec loads");
    emit::generate(&spec).expect("generation succeeds")
}

fn file(files: &Files, path: &str) -> String {
    files
        .get(&PathBuf::from(path))
        .unwrap_or_else(|| panic!("{path} not generated"))
        .clone()
}

#[test]
fn snapshots_of_representative_operations_and_the_tier_table() {
    let files = generated();
    insta::assert_snapshot!(
        "plain_DeleteProjectMember",
        file(&files, "src/tenant/delete_project_member.rs")
    );
    insta::assert_snapshot!(
        "nested_arrays_GetIDEEventDetail",
        file(&files, "src/data_development/get_ide_event_detail.rs")
    );
    insta::assert_snapshot!(
        "enums_GetDeployment",
        file(&files, "src/data_development/get_deployment.rs")
    );
    insta::assert_snapshot!(
        "many_errors_CreateMetaCategory",
        file(&files, "src/metadata/create_meta_category.rs")
    );
    insta::assert_snapshot!(
        "paged_ListFiles",
        file(&files, "src/data_development/list_files.rs")
    );
    insta::assert_snapshot!(
        "shared_reexports_GetInstance",
        file(&files, "src/operation_center/get_instance.rs")
    );
    insta::assert_snapshot!("qps_table_operation_rs", file(&files, "src/operation.rs"));
}

#[test]
fn snapshots_of_the_crate_root_waiters_and_endpoints() {
    let files = generated();
    insta::assert_snapshot!("crate_root_lib_rs", file(&files, "src/lib.rs"));
    insta::assert_snapshot!("cargo_toml", file(&files, "Cargo.toml"));
    insta::assert_snapshot!("waiters_rs", file(&files, "src/waiters.rs"));
    insta::assert_snapshot!("endpoints_rs", file(&files, "src/endpoints.rs"));
}

/// The items of `src/types.rs` that define or implement the named shared types, in
/// file order, formatted.
fn shared_items(files: &Files, names: &[&str]) -> String {
    let text = file(files, "src/types.rs");
    let parsed: syn::File = syn::parse_file(&text).expect("types.rs parses");
    let named = |item: &syn::Item| -> Option<String> {
        match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            syn::Item::Impl(i) => match &*i.self_ty {
                syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                _ => None,
            },
            _ => None,
        }
    };
    let items: Vec<syn::Item> = parsed
        .items
        .into_iter()
        .filter(|i| named(i).is_some_and(|n| names.contains(&n.as_str())))
        .collect();
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    })
}

#[test]
fn snapshots_of_shared_types() {
    let files = generated();
    // A value set shared by 17 operations' requests and a response, one named by the
    // reviewed type names (YesNo) from value names (是/否), and two structs of one
    // shape family told apart by reviewed names.
    insta::assert_snapshot!(
        "shared_types_excerpt",
        shared_items(
            &files,
            &["ProjectEnv", "YesNo", "DdlTaskInfo", "DdlJobInfo"]
        )
    );
    // The module's head: what it is and how many types it holds.
    let types = file(&files, "src/types.rs");
    let head: String = types
        .lines()
        .filter(|l| l.starts_with("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("shared_types_module_doc", head);
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generated(), generated());
}
