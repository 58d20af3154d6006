//! The scraper's modules import one another in one direction only: among the modules of
//! any one directory of `src/scrape` (the pipeline steps, the layouts, the page reader's
//! parts) no two import each other, directly or through others. A shared type lives in
//! the module that owns it (issue 16: `interpret`, `merge` and `one_of` imported each
//! other).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;

/// Every module file under `dir`, as (module path, source without its test module).
fn modules(dir: &Path, prefix: &[String], out: &mut Vec<(Vec<String>, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let mut p = prefix.to_vec();
            p.push(stem);
            modules(&path, &p, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let mut p = prefix.to_vec();
            if stem != "mod" {
                p.push(stem);
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Tests may reach anywhere, and doc links are not imports: the module graph
            // is the code's.
            let code = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or("")
                .lines()
                .map(|l| match l.find(" //") {
                    _ if l.trim_start().starts_with("//") => "",
                    Some(i) => &l[..i],
                    None => l,
                })
                .collect::<Vec<_>>()
                .join("\n");
            out.push((p, code));
        }
    }
}

/// Expands the paths of a `use` tree (`super::{diag::X, raw::{A, B}}`).
fn expand(tree: &str, base: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim().trim_end_matches("::");
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let prefix = if base.is_empty() {
            head.to_owned()
        } else if head.is_empty() {
            base.to_owned()
        } else {
            format!("{base}::{head}")
        };
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..i], &prefix, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], &prefix, out);
    } else if !tree.is_empty() {
        let item = tree.split(" as ").next().unwrap_or(tree).trim();
        out.push(if base.is_empty() {
            item.to_owned()
        } else {
            format!("{base}::{item}")
        });
    }
}

/// The module paths `code` refers to, made absolute from module `me`.
fn references(me: &[String], code: &str) -> Vec<Vec<String>> {
    let use_re = Regex::new(r"(?s)\buse\s+([^;]+);").unwrap();
    let path_re = Regex::new(r"\b(?:crate|super|self)(?:::[A-Za-z_][A-Za-z0-9_]*)+").unwrap();
    let mut paths: Vec<String> = Vec::new();
    for cap in use_re.captures_iter(code) {
        expand(&cap[1], "", &mut paths);
    }
    paths.extend(path_re.find_iter(code).map(|m| m.as_str().to_owned()));
    // `super` is the parent module (of `dir/mod.rs` as of `dir/file.rs`).
    let parent_of = |m: &[String]| m[..m.len().saturating_sub(1)].to_vec();
    let mut out = Vec::new();
    for p in paths {
        let segs: Vec<&str> = p.split("::").collect();
        let mut abs: Vec<String>;
        let mut rest: &[&str];
        match segs.first() {
            Some(&"crate") => {
                abs = Vec::new();
                rest = &segs[1..];
            }
            Some(&"super") => {
                abs = parent_of(me);
                rest = &segs[1..];
                while rest.first() == Some(&"super") {
                    abs = parent_of(&abs);
                    rest = &rest[1..];
                }
            }
            Some(&"self") => {
                abs = me.to_vec();
                rest = &segs[1..];
            }
            _ => continue,
        }
        abs.extend(rest.iter().map(|s| (*s).to_owned()));
        out.push(abs);
    }
    out
}

/// The first cycle among the direct children of any directory module, as
/// (directory, cycle).
fn find_cycle(mods: &[(Vec<String>, String)]) -> Option<(String, Vec<String>)> {
    let dirs: BTreeSet<Vec<String>> = mods
        .iter()
        .filter(|(m, _)| {
            mods.iter()
                .any(|(n, _)| n.len() > m.len() && n.starts_with(m))
        })
        .map(|(m, _)| m.clone())
        .collect();
    for dir in &dirs {
        // Edges between the direct children of `dir`.
        let child_of = |m: &[String]| -> Option<String> {
            (m.len() > dir.len() && m.starts_with(dir)).then(|| m[dir.len()].clone())
        };
        let children: BTreeSet<String> = mods.iter().filter_map(|(n, _)| child_of(n)).collect();
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (m, code) in mods {
            let Some(from) = child_of(m) else { continue };
            for r in references(m, code) {
                if let Some(to) = child_of(&r) {
                    if to != from && children.contains(&to) {
                        edges.entry(from.clone()).or_default().insert(to);
                    }
                }
            }
        }
        let mut state = BTreeMap::new();
        for n in edges.keys() {
            let mut stack = Vec::new();
            if let Some(cycle) = visit(n, &edges, &mut state, &mut stack) {
                return Some((dir.join("::"), cycle));
            }
        }
    }
    None
}

/// Depth-first search for a cycle through `n`.
fn visit(
    n: &str,
    edges: &BTreeMap<String, BTreeSet<String>>,
    state: &mut BTreeMap<String, u8>,
    stack: &mut Vec<String>,
) -> Option<Vec<String>> {
    match state.get(n) {
        Some(2) => return None,
        Some(1) => {
            let at = stack.iter().position(|s| s == n).unwrap_or(0);
            let mut cycle = stack[at..].to_vec();
            cycle.push(n.to_owned());
            return Some(cycle);
        }
        _ => {}
    }
    state.insert(n.to_owned(), 1);
    stack.push(n.to_owned());
    for m in edges.get(n).into_iter().flatten() {
        if let Some(c) = visit(m, edges, state, stack) {
            return Some(c);
        }
    }
    stack.pop();
    state.insert(n.to_owned(), 2);
    None
}

fn scrape_modules() -> Vec<(Vec<String>, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut mods = Vec::new();
    modules(&src.join("scrape"), &["scrape".to_owned()], &mut mods);
    mods
}

#[test]
fn no_module_cycles_among_the_scrapers_modules() {
    let mods = scrape_modules();
    assert!(mods.len() > 20, "{} modules", mods.len());
    if let Some((dir, cycle)) = find_cycle(&mods) {
        panic!("module cycle in {dir}: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_check_finds_the_former_knot() {
    let m = |p: &[&str], code: &str| (p.iter().map(|s| (*s).to_owned()).collect(), code.to_owned());
    let mods = vec![
        m(
            &["scrape"],
            "pub mod interpret; pub mod one_of; pub mod merge;",
        ),
        m(
            &["scrape", "interpret"],
            "use super::one_of::{self, ParamText};",
        ),
        m(
            &["scrape", "one_of"],
            "use super::diag::Diagnostics;\nuse super::merge::Merged;",
        ),
        m(
            &["scrape", "merge"],
            "use super::{interpret::Draft, raw::LayoutKind};",
        ),
        m(&["scrape", "diag"], ""),
        m(&["scrape", "raw"], ""),
    ];
    let (dir, cycle) = find_cycle(&mods).expect("a cycle");
    assert_eq!(dir, "scrape");
    assert_eq!(cycle, ["interpret", "one_of", "merge", "interpret"]);
    // Resolution of nested `super::super` paths.
    let me: Vec<String> = ["scrape", "layout", "page", "block"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let refs = references(&me, "use super::super::page_common::Line;");
    assert_eq!(refs[0], ["scrape", "layout", "page_common", "Line"]);
}
