//! Which operations only read, and which carry a client token, over the checked-in spec
//! and the generated crate: the verb rule with the reviewed `spec/read_only.yaml`
//! (codegen's `operation_kind`) decides; the operation table and each request's
//! `Operation` impl say the same; the operations the retry rules are about
//! (`CreateFile`, `DeployFile`, `RunCycleDagNodes`) are mutating. No documents needed.

use std::path::PathBuf;

use codegen::operation_kind::{self, OperationKind};
use dataworks_public::data_development::{
    CheckFileDeploymentRequest, CreateFileRequest, DeployFileRequest, GetDeploymentRequest,
    ListFilesRequest,
};
use dataworks_public::metadata::CreateTableRequest;
use dataworks_public::operation_center::RunCycleDagNodesRequest;
use dataworks_public::runtime::Operation;
use dataworks_public::tenant::AddProjectMemberToRoleRequest;
use dataworks_public::OPERATIONS;

fn spec() -> dwgen_spec::Spec {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec");
    dwgen_spec::load(&dir).expect("spec loads")
}

fn kind<O: Operation>() -> (bool, Option<&'static str>) {
    (O::READ_ONLY, O::CLIENT_TOKEN)
}

#[test]
fn the_operation_table_follows_the_rule_and_the_reviewed_exceptions() {
    let spec = spec();
    assert_eq!(operation_kind::check(&spec), Ok(()));
    assert_eq!(OPERATIONS.len(), spec.operations.len());
    for op in &spec.operations {
        let row = OPERATIONS
            .iter()
            .find(|row| row.name == op.name)
            .unwrap_or_else(|| panic!("{} is not in OPERATIONS", op.name));
        assert_eq!(
            row.read_only,
            operation_kind::read_only(&spec, &op.name),
            "{}",
            op.name
        );
    }
    // The reviewed exceptions are in effect.
    for entry in &spec.read_only {
        let row = OPERATIONS
            .iter()
            .find(|r| r.name == entry.operation)
            .unwrap();
        assert_eq!(row.read_only, entry.read_only, "{}", entry.operation);
        assert_ne!(
            row.read_only,
            operation_kind::read_only_by_rule(&entry.operation),
            "{} overrides the rule",
            entry.operation
        );
    }
    let read_only = OPERATIONS.iter().filter(|r| r.read_only).count();
    let tokens = spec
        .operations
        .iter()
        .filter(|op| OperationKind::of(&spec, op).client_token.is_some())
        .count();
    eprintln!(
        "{read_only} of {} operations only read; {tokens} have a client token",
        OPERATIONS.len()
    );
    assert!(read_only > 0 && read_only < OPERATIONS.len());
}

#[test]
fn each_request_carries_its_kind() {
    // Mutating, no token: not retried after a 5xx, a timeout or a lost connection.
    assert_eq!(kind::<CreateFileRequest>(), (false, None));
    assert_eq!(kind::<DeployFileRequest>(), (false, None));
    assert_eq!(kind::<RunCycleDagNodesRequest>(), (false, None));
    // `Check`, but it reports a check result back: a reviewed exception.
    assert_eq!(kind::<CheckFileDeploymentRequest>(), (false, None));
    // Read-only.
    assert_eq!(kind::<ListFilesRequest>(), (true, None));
    assert_eq!(kind::<GetDeploymentRequest>(), (true, None));
    // Mutating with a client token.
    assert_eq!(
        kind::<AddProjectMemberToRoleRequest>(),
        (false, Some("ClientToken"))
    );
    assert_eq!(kind::<CreateTableRequest>(), (false, Some("ClientToken")));
}

#[test]
fn every_request_with_a_client_token_parameter_declares_it() {
    let spec = spec();
    let with_token: Vec<&str> = spec
        .operations
        .iter()
        .filter(|op| op.request.params.iter().any(|p| p.name == "ClientToken"))
        .map(|op| op.name.as_str())
        .collect();
    assert!(!with_token.is_empty());
    for op in &spec.operations {
        let token = OperationKind::of(&spec, op).client_token;
        assert_eq!(
            token.is_some(),
            with_token.contains(&op.name.as_str()),
            "{}",
            op.name
        );
    }
}
