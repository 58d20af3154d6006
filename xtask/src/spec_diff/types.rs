//! Type-level changes: both sides' type spaces are planned as the generator plans them
//! ([`TypeSpace::plan`]) and compared through their *sites* (`GetInstance request
//! ProjectEnv`: an operation, a side and a wire path, as `spec/type_names.yaml` writes
//! them). A site that exists on both sides links the old type there with the new one;
//! sites that exist on one side only are member or operation changes, reported by the
//! member comparison, and link nothing.
//!
//! - **split**: an old type whose sites link to several new types;
//! - **merge**: a new type whose sites link to several old types;
//! - **rename**: an operation whose sites of one old type all link to one new type
//!   under another local name (not for a type split in that operation: the split names
//!   the new paths); an old shared type whose sites all link to one new shared type
//!   under another shared name;
//! - **shared path removed**: an old shared type whose sites all link to one new type
//!   that is local to an operation;
//! - **shared path added**: a new shared type whose sites link to exactly one old type,
//!   local to an operation and not split (a merge names the new shared path itself).
//!
//! Names are compared, never shapes: a value added to a value set makes a new shape
//! (another type id) but, with its sites together and its names kept, no type-level
//! change. Local names are compared within the operation's module, so an operation
//! moving to another category (reported as such) does not rename its types.
//!
//! A shared name a side's plan could not decide without review (a blocking note: shared
//! types competing for one name, none of them named in that side's `type_names.yaml`)
//! is provisional; a change naming one gets a hint saying so.

use std::collections::{BTreeMap, HashMap, HashSet};

use codegen::plan::paths::module_path;
use codegen::plan::type_names::site_label;
use codegen::plan::{Home, TypeId, TypeSpace};
use dwgen_spec::Spec;

use super::model::{Change, ChangeKind, Part, TypeSites};

/// One side's plan, with what the comparison looks up.
struct Plan {
    space: TypeSpace,
    /// The module path of each operation (by index).
    modules: Vec<String>,
    /// Operation index by name.
    op_index: HashMap<String, usize>,
    /// The type at each site label.
    at: HashMap<String, TypeId>,
    /// Each type's site labels, in planning order.
    labels: Vec<Vec<String>>,
    /// The sites blocking notes list (the suggested `type_names.yaml` entries of shared
    /// types competing for a name): their types' shared names are provisional.
    contested: HashSet<String>,
}

impl Plan {
    fn new(spec: &Spec) -> Self {
        let space = TypeSpace::plan(spec);
        let modules = spec.operations.iter().map(module_path).collect();
        let op_index = space
            .ops
            .iter()
            .enumerate()
            .map(|(i, o)| (o.name.clone(), i))
            .collect();
        let labels: Vec<Vec<String>> = space
            .types
            .iter()
            .map(|t| t.sites.iter().map(|s| site_label(&space, s)).collect())
            .collect();
        let mut at = HashMap::new();
        for (i, ls) in labels.iter().enumerate() {
            for l in ls {
                at.entry(l.clone()).or_insert(TypeId(i));
            }
        }
        // A contest note suggests an entry per contender, its sites as `    - <site>`.
        let contested = space
            .blocking()
            .iter()
            .flat_map(|n| n.message.lines())
            .filter_map(|l| l.trim().strip_prefix("- "))
            .map(str::to_owned)
            .collect();
        Plan {
            space,
            modules,
            op_index,
            at,
            labels,
            contested,
        }
    }

    /// Whether the type is shared under a provisional name (see [`Plan::contested`]).
    fn provisional(&self, id: TypeId) -> bool {
        self.is_shared(id) && self.labels[id.0].iter().any(|l| self.contested.contains(l))
    }

    fn is_shared(&self, id: TypeId) -> bool {
        self.space.get(id).is_shared()
    }

    /// Where the type is defined: `types::X`, or `category::operation::X`.
    fn home(&self, id: TypeId) -> String {
        let t = self.space.get(id);
        match t.home {
            Home::Shared => format!("types::{}", t.name),
            Home::Op(op) => format!("{}::{}", self.modules[op], t.name),
        }
    }

    /// The operation that alone uses the type, if it is not shared.
    fn owner(&self, id: TypeId) -> Option<&str> {
        match self.space.get(id).home {
            Home::Op(op) => Some(self.space.ops[op].name.as_str()),
            Home::Shared => None,
        }
    }

    /// The type's path in operation `op`'s module (a definition or a re-export).
    fn local(&self, op: usize, id: TypeId) -> Option<String> {
        let name = self.space.ops[op].local_name(id)?;
        Some(format!("{}::{name}", self.modules[op]))
    }

    /// The site labels of type `id` in operation `op`.
    fn labels_in(&self, id: TypeId, op: usize) -> impl Iterator<Item = &String> {
        let t = self.space.get(id);
        t.sites
            .iter()
            .zip(&self.labels[id.0])
            .filter(move |(s, _)| s.op == op)
            .map(|(_, l)| l)
    }
}

/// Links between old and new types, by the sites both sides have.
type Links = BTreeMap<TypeId, BTreeMap<TypeId, Vec<String>>>;

/// The type-level comparison of two specs.
pub(super) struct TypeDiff {
    old: Plan,
    new: Plan,
    /// Old type → new type → the sites linking them.
    forward: Links,
    /// New type → old type → the sites linking them.
    backward: Links,
}

/// The type-level changes: per operation (types local to it, its local names) and of
/// shared types.
#[derive(Default)]
pub(super) struct TypeChanges {
    /// By operation name, in found order.
    pub(super) operations: BTreeMap<String, Vec<Change>>,
    /// Of shared types, sorted by the type's path.
    pub(super) shared: Vec<Change>,
}

impl TypeDiff {
    /// Plans both sides and links their types.
    pub(super) fn new(old: &Spec, new: &Spec) -> Self {
        let (old, new) = (Plan::new(old), Plan::new(new));
        let mut forward = Links::new();
        let mut backward = Links::new();
        for (i, labels) in old.labels.iter().enumerate() {
            for l in labels {
                if let Some(&u) = new.at.get(l) {
                    let t = TypeId(i);
                    forward
                        .entry(t)
                        .or_default()
                        .entry(u)
                        .or_default()
                        .push(l.clone());
                    backward
                        .entry(u)
                        .or_default()
                        .entry(t)
                        .or_default()
                        .push(l.clone());
                }
            }
        }
        TypeDiff {
            old,
            new,
            forward,
            backward,
        }
    }

    /// The new types the old type `t` links to (by its surviving sites).
    fn targets(&self, t: TypeId) -> usize {
        self.forward.get(&t).map_or(0, BTreeMap::len)
    }

    /// Every type-level change.
    pub(super) fn changes(&self) -> TypeChanges {
        let mut out = TypeChanges::default();
        let mut shared: Vec<(String, Change)> = Vec::new();
        let mut put = |owner: Option<&str>, key: String, kind: ChangeKind, hints: Vec<String>| {
            let change = Change {
                hints,
                ..Change::new(kind)
            };
            match owner {
                Some(op) => out
                    .operations
                    .entry(op.to_owned())
                    .or_default()
                    .push(change),
                None => shared.push((key, change)),
            }
        };
        // Splits: an old type whose sites now have different types.
        for (&t, targets) in &self.forward {
            if targets.len() < 2 {
                continue;
            }
            let old = self.old.home(t);
            let parts = sorted(
                targets
                    .iter()
                    .map(|(&u, sites)| TypeSites {
                        path: self.new.home(u),
                        sites: sites.clone(),
                    })
                    .collect(),
            );
            let hints = self.provisional(&[t], targets.keys());
            put(
                self.old.owner(t),
                old.clone(),
                ChangeKind::TypeSplit { old, parts },
                hints,
            );
        }
        // Merges: a new type whose sites had different types.
        for (&u, sources) in &self.backward {
            if sources.len() < 2 {
                continue;
            }
            let new = self.new.home(u);
            let parts = sorted(
                sources
                    .iter()
                    .map(|(&t, sites)| TypeSites {
                        path: self.old.home(t),
                        sites: sites.clone(),
                    })
                    .collect(),
            );
            let hints = self.provisional(sources.keys(), &[u]);
            put(
                self.new.owner(u),
                new.clone(),
                ChangeKind::TypesMerged { new, parts },
                hints,
            );
        }
        // Old shared types whose sites stay together: renamed, or moved into an
        // operation module.
        for (&t, targets) in &self.forward {
            let Some((u, sites)) = only(targets).filter(|_| self.old.is_shared(t)) else {
                continue;
            };
            let (old, new) = (self.old.home(t), self.new.home(u));
            let hints = self.provisional(&[t], &[u]);
            if !self.new.is_shared(u) {
                put(
                    None,
                    old.clone(),
                    ChangeKind::SharedTypeRemoved {
                        path: old,
                        new,
                        sites: self.old.labels[t.0].clone(),
                    },
                    hints,
                );
            } else if old != new {
                put(
                    None,
                    old.clone(),
                    ChangeKind::TypeRenamed {
                        shared: true,
                        old,
                        new,
                        sites: sites.clone(),
                    },
                    hints,
                );
            }
        }
        // New shared types that were one operation's type, kept whole.
        for (&u, sources) in &self.backward {
            let Some((t, _)) = only(sources) else {
                continue;
            };
            if !self.new.is_shared(u) || self.old.is_shared(t) || self.targets(t) != 1 {
                continue;
            }
            let path = self.new.home(u);
            let hints = self.provisional(&[], &[u]);
            put(
                None,
                path.clone(),
                ChangeKind::SharedTypeAdded {
                    path,
                    old: self.old.home(t),
                    sites: self.new.labels[u.0].clone(),
                },
                hints,
            );
        }
        // Local names: per operation on both sides, per old type it uses.
        for (oi, op) in self.old.space.ops.iter().enumerate() {
            let Some(&ni) = self.new.op_index.get(&op.name) else {
                continue;
            };
            for (t, old_name) in &op.types {
                let mut linked: BTreeMap<TypeId, Vec<String>> = BTreeMap::new();
                for l in self.old.labels_in(*t, oi) {
                    if let Some(&u) = self.new.at.get(l) {
                        linked.entry(u).or_default().push(l.clone());
                    }
                }
                // No site left (member changes), or split in this operation (the
                // split names the new paths).
                let Some((u, sites)) = only(&linked) else {
                    continue;
                };
                if self.new.space.ops[ni].local_name(u) == Some(old_name.as_str()) {
                    continue;
                }
                let (Some(old), Some(new)) = (self.old.local(oi, *t), self.new.local(ni, u)) else {
                    continue;
                };
                put(
                    Some(&op.name),
                    String::new(),
                    ChangeKind::TypeRenamed {
                        shared: false,
                        old,
                        new,
                        sites: sites.clone(),
                    },
                    Vec::new(),
                );
            }
        }
        shared.sort_by(|a, b| a.0.cmp(&b.0));
        out.shared = shared.into_iter().map(|(_, c)| c).collect();
        out
    }

    /// Hints for the provisional shared names among the old types `old` and the new
    /// types `new` of a change.
    fn provisional<'a>(
        &self,
        old: impl IntoIterator<Item = &'a TypeId>,
        new: impl IntoIterator<Item = &'a TypeId>,
    ) -> Vec<String> {
        let names = |plan: &Plan, ids: Vec<TypeId>| -> Option<String> {
            let paths: Vec<String> = ids
                .into_iter()
                .filter(|id| plan.provisional(*id))
                .map(|id| format!("`{}`", plan.home(id)))
                .collect();
            (!paths.is_empty()).then(|| paths.join(", "))
        };
        let mut hints = Vec::new();
        if let Some(paths) = names(&self.old, old.into_iter().copied().collect()) {
            hints.push(format!(
                "provisional old name {paths}: the old side's plan has a blocking note for it \
                 (shared types compete for the name; its `type_names.yaml` names none), so the \
                 generator does not accept that spec as it is"
            ));
        }
        if let Some(paths) = names(&self.new, new.into_iter().copied().collect()) {
            hints.push(format!(
                "provisional new name {paths}: the new side's plan has a blocking note for it \
                 (shared types compete for the name); codegen stops until `spec/type_names.yaml` \
                 names it"
            ));
        }
        hints
    }

    /// Adds the type-level changes of operation `op` to its member-level `changes`. A
    /// rename of the type at an array element or map value whose docs' type name changed
    /// (an `ElementTypeNameChanged`, already breaking) is not reported again: it becomes
    /// a hint on that change, which otherwise says whether the type keeps its name.
    pub(super) fn attach(&self, op: &str, changes: &mut Vec<Change>, types: Vec<Change>) {
        let label = |part: Part, path: &str| format!("{op} {} {path}", part.as_str());
        let mut explained = vec![false; changes.len()];
        for tc in types {
            if let ChangeKind::TypeRenamed {
                shared: false,
                old,
                new,
                sites,
            } = &tc.kind
            {
                let cause = changes.iter().position(|c| match &c.kind {
                    ChangeKind::ElementTypeNameChanged { loc, .. } => {
                        sites.contains(&label(loc.part, &loc.path))
                    }
                    _ => false,
                });
                if let Some(i) = cause {
                    changes[i]
                        .hints
                        .push(format!("the generated type is renamed: `{old}` → `{new}`"));
                    explained[i] = true;
                    continue;
                }
            }
            changes.push(tc);
        }
        for (c, done) in changes.iter_mut().zip(explained) {
            let ChangeKind::ElementTypeNameChanged { loc, .. } = &c.kind else {
                continue;
            };
            if done {
                continue;
            }
            if let Some(path) = self.kept_name(op, &label(loc.part, &loc.path)) {
                c.hints
                    .push(format!("the generated type keeps its name `{path}`"));
            }
        }
    }

    /// The type's path in `op`'s module at site `label` if a type is there on both sides
    /// under the same local name.
    fn kept_name(&self, op: &str, label: &str) -> Option<String> {
        let (&oi, &ni) = (self.old.op_index.get(op)?, self.new.op_index.get(op)?);
        let (&t, &u) = (self.old.at.get(label)?, self.new.at.get(label)?);
        let name = self.old.space.ops[oi].local_name(t)?;
        (self.new.space.ops[ni].local_name(u)? == name).then(|| self.new.local(ni, u))?
    }
}

/// The entry of a map with exactly one entry.
fn only<V>(map: &BTreeMap<TypeId, V>) -> Option<(TypeId, &V)> {
    let mut entries = map.iter();
    match (entries.next(), entries.next()) {
        (Some((k, v)), None) => Some((*k, v)),
        _ => None,
    }
}

fn sorted(mut parts: Vec<TypeSites>) -> Vec<TypeSites> {
    parts.sort_by(|a, b| a.path.cmp(&b.path));
    parts
}
