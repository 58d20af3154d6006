//! The public item paths a plan gives the generated crate (types, their fields and
//! variants), grouped by who owns them: for the name-stability test and for spec-diff.

use std::collections::{BTreeMap, BTreeSet};

use super::{Member, TypeId, TypeKind, TypeSpace};
use crate::naming;
use dwgen_spec::Operation;
use dwgen_spec::Spec;

/// The path of an operation's module in the generated crate:
/// `data_development::get_deployment`.
pub fn module_path(op: &Operation) -> String {
    format!(
        "{}::{}",
        naming::category_module(&op.category),
        naming::module_name(&op.name)
    )
}

/// Public paths, by owner.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PublicPaths {
    /// Per operation (by name): every path in its module, re-exports included
    /// (`data_development::get_deployment::Status::Success`,
    /// `data_development::get_deployment::GetDeploymentResponse.data`).
    pub ops: BTreeMap<String, BTreeSet<String>>,
    /// Per shared type (by id): its paths in `types` (`types::ProjectEnv::Dev`).
    pub shared: BTreeMap<TypeId, BTreeSet<String>>,
}

/// The public paths of `space`, planned for `spec`.
pub fn public_paths(spec: &Spec, space: &TypeSpace) -> PublicPaths {
    let mut out = PublicPaths::default();
    for (i, op) in spec.operations.iter().enumerate() {
        let module = module_path(op);
        let plan = &space.ops[i];
        let base = naming::type_name(&op.name);
        let mut paths = BTreeSet::new();
        for item in ["Request", "RequestBuilder", "Response", "Error"] {
            paths.insert(format!("{module}::{base}{item}"));
        }
        add_members(
            &mut paths,
            &format!("{module}::{base}Request"),
            &plan.request,
        );
        add_members(
            &mut paths,
            &format!("{module}::{base}Response"),
            &plan.response,
        );
        for (id, local) in &plan.types {
            add_type(&mut paths, space, *id, &format!("{module}::{local}"));
        }
        out.ops.insert(op.name.clone(), paths);
    }
    for id in space.shared() {
        let mut paths = BTreeSet::new();
        add_type(
            &mut paths,
            space,
            id,
            &format!("types::{}", space.get(id).name),
        );
        out.shared.insert(id, paths);
    }
    out
}

fn add_members(paths: &mut BTreeSet<String>, owner: &str, members: &[Member]) {
    for m in members {
        paths.insert(format!("{owner}.{}", m.field));
    }
}

fn add_type(paths: &mut BTreeSet<String>, space: &TypeSpace, id: TypeId, path: &str) {
    paths.insert(path.to_owned());
    match &space.get(id).kind {
        TypeKind::Struct { members, .. } => add_members(paths, path, members),
        TypeKind::Enum { variants, .. } => {
            for v in variants {
                paths.insert(format!("{path}::{}", v.name));
            }
        }
    }
}
