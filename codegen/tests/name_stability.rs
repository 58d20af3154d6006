//! Names are stable: taking an operation out of the spec renames no type of any other
//! operation. For every operation of the checked-in spec in turn, the spec without it is
//! planned again, and every public item path of every other operation's module (its
//! own types, the re-exports of shared types, their fields and variants) must be
//! unchanged, as must every path in `types` of a shared type the dropped operation did
//! not use. (A shared type the dropped operation used may move into its one remaining
//! user's module; that module's path for it stays the same.)

use std::collections::BTreeSet;
use std::path::Path;

use codegen::plan::paths::public_paths;
use codegen::plan::TypeSpace;

#[test]
fn dropping_any_operation_keeps_every_other_public_path() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let spec = dwgen_spec::load(&dir).expect("the checked-in spec loads");
    let full = TypeSpace::plan(&spec);
    assert!(
        full.blocking().is_empty(),
        "the checked-in spec plans without review notes: {:?}",
        full.blocking()
    );
    let before = public_paths(&spec, &full);
    let mut failures = Vec::new();
    for (dropped, op) in spec.operations.iter().enumerate() {
        let mut reduced = spec.clone();
        reduced.operations.remove(dropped);
        let space = TypeSpace::plan(&reduced);
        let after = public_paths(&reduced, &space);
        for (name, paths) in &before.ops {
            if name == &op.name {
                continue;
            }
            let now = after.ops.get(name).cloned().unwrap_or_default();
            let lost: Vec<&String> = paths.difference(&now).collect();
            let gained: Vec<&String> = now.difference(paths).collect();
            if !lost.is_empty() || !gained.is_empty() {
                failures.push(format!(
                    "without {}: {name} lost {lost:?}, gained {gained:?}",
                    op.name
                ));
            }
        }
        let shared_after: BTreeSet<&String> = after.shared.values().flatten().collect();
        for (id, paths) in &before.shared {
            if full.get(*id).users.contains(&dropped) {
                continue;
            }
            let lost: Vec<&String> = paths.iter().filter(|p| !shared_after.contains(p)).collect();
            if !lost.is_empty() {
                failures.push(format!("without {}: types lost {lost:?}", op.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_test_sees_a_rename_when_names_depend_on_other_operations() {
    // The check above must be able to fail: two value sets both called `Status` that
    // the reviewed names tell apart. Without their entries, the shared names are
    // numbered in a fixed order (`Status`, `Status2`), which depends on which other
    // types exist; planning reports that as blocking.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut spec = dwgen_spec::load(&dir).expect("the checked-in spec loads");
    spec.type_names.clear();
    let space = TypeSpace::plan(&spec);
    let blocking = space.blocking();
    assert!(
        blocking
            .iter()
            .any(|n| n.message.contains("would be named `Status`")),
        "{blocking:?}"
    );
}
