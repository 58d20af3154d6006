//! After a side has been walked: removed and added members with the same name, once
//! each, under different parents are a *move* (nesting changed), and the moved member's
//! subtree is compared as usual; the other removed and added members get hints: names
//! that differ only in case (a likely rename), a flattened RPC name that became a nested
//! member or the reverse (`Column.N.Name` vs `Column[].Name`: the same wire parameter),
//! a same-named member added elsewhere.

use std::collections::{BTreeSet, HashMap};

use codegen::naming;

use super::model::{Change, ChangeKind, Part};
use super::tree::{Loose, Walk};

impl<'a> Walk<'a> {
    /// Pairs moves, attaches hints, and returns the changes in found order (a move
    /// where its removal was, followed by the changes inside the moved member).
    pub(super) fn finish(
        mut self,
        old_index: &[(String, Option<String>)],
        new_index: &[(String, Option<String>)],
    ) -> Vec<Change> {
        let count = |list: &[Loose<'_>], name: &str| list.iter().filter(|l| l.name == name).count();
        let mut moves = Vec::new();
        for (ri, r) in self.removed.iter().enumerate() {
            if count(&self.removed, r.name) != 1 || count(&self.added, r.name) != 1 {
                continue;
            }
            if let Some(ai) = self.added.iter().position(|a| a.name == r.name) {
                if self.added[ai].parent != r.parent {
                    moves.push((ri, ai));
                }
            }
        }
        let mut slots: Vec<Vec<Change>> = self.changes.drain(..).map(|c| vec![c]).collect();
        let mut moved_removed = Vec::new();
        let mut moved_added = Vec::new();
        for &(ri, ai) in &moves {
            let (r, a) = (&self.removed[ri], &self.added[ai]);
            let mut sub = Walk {
                part: self.part,
                changes: vec![Change::new(ChangeKind::MemberMoved {
                    loc: a.loc.clone(),
                    old_path: r.loc.path.clone(),
                })],
                removed: Vec::new(),
                added: Vec::new(),
            };
            sub.node(r.node, a.node, a.loc.clone());
            if let Some(slot) = slots.get_mut(r.index) {
                *slot = sub.changes;
            }
            if let Some(slot) = slots.get_mut(a.index) {
                slot.clear();
            }
            moved_removed.push(ri);
            moved_added.push(ai);
        }

        let wire_old = wire_map(old_index);
        let wire_new = wire_map(new_index);
        let old_paths: BTreeSet<&str> = old_index.iter().map(|(p, _)| p.as_str()).collect();
        for (ri, r) in self.removed.iter().enumerate() {
            if moved_removed.contains(&ri) {
                continue;
            }
            let mut hints = Vec::new();
            for (ai, a) in self.added.iter().enumerate() {
                if !moved_added.contains(&ai) && a.parent == r.parent {
                    if let Some(h) = case_hint(r.name, a, "added") {
                        hints.push(h);
                    }
                }
            }
            if let Some(h) = wire_hint(&r.loc.path, old_index, &wire_new, self.part, "new") {
                hints.push(h);
            }
            let elsewhere: Vec<String> = new_index
                .iter()
                .filter(|(p, n)| n.as_deref() == Some(r.name) && !old_paths.contains(p.as_str()))
                .map(|(p, _)| format!("`{p}`"))
                .collect();
            if !elsewhere.is_empty() && hints.is_empty() {
                hints.push(format!(
                    "a member named `{}` was added at {}",
                    r.name,
                    elsewhere.join(", ")
                ));
            }
            attach(&mut slots, r.index, hints);
        }
        for (ai, a) in self.added.iter().enumerate() {
            if moved_added.contains(&ai) {
                continue;
            }
            let mut hints = Vec::new();
            for (ri, r) in self.removed.iter().enumerate() {
                if !moved_removed.contains(&ri) && a.parent == r.parent {
                    if let Some(h) = case_hint(a.name, r, "removed") {
                        hints.push(h);
                    }
                }
            }
            if let Some(h) = wire_hint(&a.loc.path, new_index, &wire_old, self.part, "old") {
                hints.push(h);
            }
            attach(&mut slots, a.index, hints);
        }
        slots.into_iter().flatten().collect()
    }
}

fn attach(slots: &mut [Vec<Change>], index: usize, hints: Vec<String>) {
    if let Some(change) = slots.get_mut(index).and_then(|s| s.first_mut()) {
        change.hints.extend(hints);
    }
}

/// A hint when `name` and `other`'s name differ only in case.
fn case_hint(name: &str, other: &Loose<'_>, verb: &str) -> Option<String> {
    if name == other.name || !name.eq_ignore_ascii_case(other.name) {
        return None;
    }
    let (a, b) = (naming::field_name(name), naming::field_name(other.name));
    let rust = if a == b {
        format!("the Rust field name stays `{a}` but the wire name changes")
    } else {
        format!("the Rust field name changes (`{a}` / `{b}`)")
    };
    Some(format!(
        "differs only in case from the {verb} `{}`: likely a rename in the docs; {rust}",
        other.loc.path
    ))
}

/// The RPC wire name of a request path: `Column[].Name` and `Column.n.Name` both give
/// `Column.N.Name`.
fn wire(path: &str) -> String {
    path.replace("[]", ".N")
        .split('.')
        .map(|s| {
            if s == "n" || (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())) {
                "N"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Wire name → paths of one side's request tree.
fn wire_map(index: &[(String, Option<String>)]) -> HashMap<String, Vec<&str>> {
    let mut out: HashMap<String, Vec<&str>> = HashMap::new();
    for (p, _) in index {
        out.entry(wire(p)).or_default().push(p);
    }
    out
}

/// A hint when a removed (added) request member, or a member inside it, has the same
/// wire name as a member at another path on the other side: a flattened RPC name
/// (`Column.N.Name`) became a nested member (`Column[].Name`) or the reverse.
/// `own_index` is the side the member lives on, `other` the other side's wire map.
fn wire_hint(
    path: &str,
    own_index: &[(String, Option<String>)],
    other: &HashMap<String, Vec<&str>>,
    part: Part,
    side: &str,
) -> Option<String> {
    if part != Part::Request {
        return None;
    }
    let below = |p: &str| {
        p == path
            || p.strip_prefix(path)
                .is_some_and(|rest| rest.starts_with(['.', '[', '{']))
    };
    let mut same: Vec<&str> = Vec::new();
    for (p, _) in own_index.iter().filter(|(p, _)| below(p)) {
        if let Some(others) = other.get(&wire(p)) {
            same.extend(others.iter().filter(|q| **q != p.as_str()));
        }
    }
    same.sort_unstable();
    same.dedup();
    if same.is_empty() {
        return None;
    }
    const SHOWN: usize = 4;
    let mut list: Vec<String> = same.iter().take(SHOWN).map(|p| format!("`{p}`")).collect();
    if same.len() > SHOWN {
        list.push(format!("and {} more", same.len() - SHOWN));
    }
    Some(format!(
        "same RPC wire name as the {side} {} (flattened vs nested): requests are encoded \
         alike, the Rust API changes",
        list.join(", ")
    ))
}
