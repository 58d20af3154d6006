//! insta snapshots of the generated code for a representative set of operations (a plain
//! one, one with nested arrays of objects, one with value-set enums, one with many
//! errors, a paged one), of the QPS tier table, the crate root, the paginator and waiter
//! modules, and the example program. Generated from the checked-in spec.

use std::path::{Path, PathBuf};

use codegen::emit::{self, Files};

fn generated() -> Files {
    let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let spec = codegen::spec_io::load(&spec_dir).expect("the checked-in spec loads");
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
    insta::assert_snapshot!("qps_table_operation_rs", file(&files, "src/operation.rs"));
}

#[test]
fn snapshots_of_the_crate_root_paginators_waiters_and_example() {
    let files = generated();
    insta::assert_snapshot!("crate_root_lib_rs", file(&files, "src/lib.rs"));
    insta::assert_snapshot!("cargo_toml", file(&files, "Cargo.toml"));
    insta::assert_snapshot!("paginate_rs", file(&files, "src/paginate.rs"));
    insta::assert_snapshot!("waiters_rs", file(&files, "src/waiters.rs"));
    insta::assert_snapshot!(
        "example_deploy_and_wait",
        file(&files, "examples/deploy_and_wait.rs")
    );
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generated(), generated());
}
