//! The floor plan as the pipeline: documents → scraper → spec → generator → generated
//! crate, with the arrows running one way, and service facts only in the spec.
//!
//! - The spec model (`spec/`, crate `dwgen-spec`) is a leaf: it depends on no crate of
//!   the workspace, and the scraper, the generator and spec-diff depend on it.
//! - Within a crate, the modules of one directory import each other one way: no cycle
//!   among siblings (a module's own tests, after its `#[cfg(test)]`, are not counted).
//! - Hand-written code (the runtime, the emulator, the examples) spells no service fact
//!   that the spec holds: the API version, a daily quota, a price.
//! - The envelope the runtime reads is the one the generator leaves out of the typed
//!   responses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The `[dependencies]` table's entries of a manifest (names and their text).
fn dependencies(manifest: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(manifest).expect("manifest");
    let mut out = BTreeMap::new();
    let mut inside = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == "[dependencies]";
            continue;
        }
        if inside && !line.is_empty() && !line.starts_with('#') {
            if let Some((name, value)) = line.split_once('=') {
                out.insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
    }
    out
}

#[test]
fn the_spec_model_is_a_leaf_crate_the_pipeline_reads() {
    let spec = dependencies(&root().join("spec/Cargo.toml"));
    for (name, value) in &spec {
        assert!(
            !value.contains("path"),
            "dwgen-spec depends on the workspace crate {name}: it must be a leaf"
        );
    }
    for user in ["codegen", "xtask"] {
        let deps = dependencies(&root().join(user).join("Cargo.toml"));
        assert!(
            deps.get("dwgen-spec")
                .is_some_and(|v| v.contains("../spec")),
            "{user} reads the spec through dwgen-spec"
        );
    }
    let codegen = std::fs::read_to_string(root().join("codegen/src/lib.rs")).expect("lib.rs");
    assert!(
        !codegen.contains("pub mod spec"),
        "the spec model does not live in the generator"
    );
}

/// The code of a file before its tests (a file that is a test module, `tests.rs`, has
/// none).
fn code(path: &Path) -> String {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return String::new();
    }
    let text = std::fs::read_to_string(path).expect("source");
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The sibling modules of `dir` (module path `module`, e.g. `crate::scrape`) and which
/// of them each one names: `super::x`, `super::{x, y}`, or `crate::<module>::x`.
fn sibling_graph(dir: &Path, module: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut files: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        if matches!(stem.as_str(), "mod" | "lib" | "main" | "tests") {
            continue;
        }
        if path.is_dir() {
            let mut inner = Vec::new();
            collect_rs(&path, &mut inner);
            files.entry(stem).or_default().extend(inner);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.entry(stem).or_default().push(path);
        }
    }
    let names: BTreeSet<String> = files.keys().cloned().collect();
    let mut graph = BTreeMap::new();
    for (name, paths) in &files {
        let mut uses = BTreeSet::new();
        for path in paths {
            // Files directly in `dir` reach siblings with `super::`; files deeper down
            // with `crate::` paths (and `super::super::`, counted the same way).
            let text = code(path);
            for sibling in &names {
                let named = [
                    format!("super::{sibling}::"),
                    format!("super::{sibling};"),
                    format!("super::{sibling},"),
                    format!("{module}::{sibling}::"),
                    format!("{module}::{sibling};"),
                    format!("{module}::{{{sibling}"),
                ]
                .iter()
                .any(|needle| text.contains(needle.as_str()))
                    || braces_after(&text, "super::{").contains(sibling)
                    || braces_after(&text, &format!("{module}::{{")).contains(sibling);
                if sibling != name && named {
                    uses.insert(sibling.clone());
                }
            }
        }
        graph.insert(name.clone(), uses);
    }
    graph
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The first-level names inside every `{...}` group that follows `prefix`.
fn braces_after(text: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices(prefix) {
        let rest = &text[at + prefix.len()..];
        let mut depth = 0;
        let mut item = String::new();
        for c in rest.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    out.insert(first_word(&item));
                    item.clear();
                    continue;
                }
                _ => {}
            }
            if depth == 0 {
                item.push(c);
            }
        }
        out.insert(first_word(&item));
    }
    out
}

fn first_word(item: &str) -> String {
    item.trim()
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// A cycle in `graph`, if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn sibling_modules_import_each_other_one_way() {
    let dirs = [
        ("spec/src", "crate"),
        ("codegen/src", "crate"),
        ("codegen/src/emit", "crate::emit"),
        ("codegen/src/plan", "crate::plan"),
        ("xtask/src/spec_diff", "crate::spec_diff"),
        ("runtime/src", "crate"),
        ("runtime/src/rate_limit", "crate::rate_limit"),
    ];
    for (dir, module) in dirs {
        let graph = sibling_graph(&root().join(dir), module);
        assert!(graph.len() > 1, "{dir}: no modules found");
        if let Some(found) = cycle(&graph) {
            panic!(
                "{dir}: modules import each other in a circle: {}",
                found.join(" → ")
            );
        }
    }
}

#[test]
fn the_cycle_finder_finds_a_knot() {
    let tmp = std::env::temp_dir().join(format!("floor-plan-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(tmp.join("a.rs"), "use super::b::B;\n").unwrap();
    std::fs::write(tmp.join("b.rs"), "use super::{c, d::D};\n").unwrap();
    std::fs::write(tmp.join("c.rs"), "use crate::m::a;\n").unwrap();
    std::fs::write(tmp.join("d.rs"), "#[cfg(test)]\nuse super::a;\n").unwrap();
    let graph = sibling_graph(&tmp, "crate::m");
    let found = cycle(&graph).expect("a → b → c → a");
    assert_eq!(found, ["a", "b", "c", "a"]);
    assert!(graph["d"].is_empty(), "tests are not counted");
    std::fs::write(tmp.join("c.rs"), "").unwrap();
    assert_eq!(cycle(&sibling_graph(&tmp, "crate::m")), None);
    std::fs::remove_dir_all(&tmp).unwrap();
}

/// Every `.rs` file under `dir`'s hand-written sources.
fn sources(dir: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let path = root().join(dir);
    if path.exists() {
        collect_rs(&path, &mut out);
    }
    out
}

#[test]
fn hand_written_code_spells_no_service_fact_of_the_spec() {
    let spec = dwgen_spec::load(&root().join("spec")).expect("the spec loads");
    let version = format!("\"{}\"", spec.service.api_version);
    // The service's limits and prices reach the runtime as values the generated crate
    // makes (`QpsTier::tier()`, `Edition::pricing()`); a table of them written by hand
    // is these constructors called with number literals.
    let tables = ["Tier::new(", "TierLimit::new(", "Pricing::new("];
    let mut found = Vec::new();
    for dir in [
        "runtime/src",
        "emulator/src",
        "examples/src",
        "examples/examples",
    ] {
        for path in sources(dir) {
            for (no, line) in code(&path).lines().enumerate() {
                let by_hand = tables.iter().any(|t| {
                    line.match_indices(t).any(|(at, _)| {
                        line[at + t.len()..]
                            .trim_start()
                            .starts_with(|c: char| c.is_ascii_digit())
                    })
                });
                if line.contains(&version) || by_hand {
                    found.push(format!("{}:{}: {}", path.display(), no + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "service facts written by hand (they belong to the spec): {found:#?}"
    );
}

#[test]
fn the_envelope_the_runtime_reads_is_the_one_the_typed_responses_leave_out() {
    assert_eq!(
        codegen::envelope::ENVELOPE_MEMBERS,
        dataworks_runtime::__private::ENVELOPE_MEMBERS
    );
}
