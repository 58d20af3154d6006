//! Naming the planned types.
//!
//! **Local names.** Each operation names every type it uses in its own module namespace,
//! walking its request, then its response, parents before children, as a reader meets
//! them. A value named by the member it hangs under (`Status`); a list's element by the
//! docs' element type name or the list's name made singular (`Columns` → `Column`,
//! `Data` → `DataItem`); a map's value `…Value`. Where that name is taken in the module,
//! the parent's name is put in front (`DeploymentStatus`), then a number. The
//! operation's own names (`XRequest`, `XRequestBuilder`, `XResponse`, `XError`) and the
//! prelude's are never taken. Local names depend on the operation alone, so another
//! operation coming or going never changes them.
//!
//! **Shared names.** A type several operations use gets one name in `types`: the name
//! its sites agree on (a docs' element type name or a list element's name before a
//! member's name, then the most frequent, then the alphabetically first), or the reviewed
//! name of `spec/type_names.yaml`. Two shared types that would get the same name is a
//! blocking [`Note`]: the reviewer names them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::type_names::{is_type_name, site_label, TypeName};
use super::{Home, Member, Note, TypeId, TypeKind, TypeRef, TypeSpace};
use crate::naming::{self, Namespace, PRELUDE_TYPES};

/// Where a name hint comes from; earlier kinds name a type better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum HintKind {
    /// The docs' name for a list's element type.
    DocsTypeName,
    /// A list's name made singular.
    Element,
    /// The member the value hangs under.
    Member,
    /// A map's values.
    MapValue,
}

/// A type's first-choice name at one site, and where it comes from.
#[derive(Debug, Clone)]
struct Hint {
    name: String,
    kind: HintKind,
}

/// Assigns local names to every operation's types, then home names (local or shared).
pub fn assign(space: &mut TypeSpace, entries: &[TypeName]) {
    let mut first_hints: HashMap<TypeId, Vec<Hint>> = HashMap::new();
    for op in 0..space.ops.len() {
        let hints = local_names(space, op);
        for (id, hint) in hints {
            first_hints.entry(id).or_default().push(hint);
        }
    }
    for (i, t) in space.types.iter_mut().enumerate() {
        if let Home::Op(op) = t.home {
            t.name = space.ops[op]
                .local_name(TypeId(i))
                .unwrap_or_default()
                .to_owned();
        }
    }
    shared_names(space, entries, &first_hints);
}

/// The names an operation's module must keep for its own items.
fn reserved(op_name: &str) -> Namespace {
    let base = naming::type_name(op_name);
    let own = [
        format!("{base}Request"),
        format!("{base}RequestBuilder"),
        format!("{base}Response"),
        format!("{base}Error"),
    ];
    let mut ns = Namespace::with_reserved(PRELUDE_TYPES.iter().copied());
    for o in &own {
        ns.claim(o);
    }
    ns
}

/// Names every type operation `op` uses; returns each type's first-choice hint there.
fn local_names(space: &mut TypeSpace, op: usize) -> Vec<(TypeId, Hint)> {
    let base = naming::type_name(&space.ops[op].name);
    let mut namer = LocalNamer {
        space,
        ns: reserved(&space.ops[op].name),
        named: Vec::new(),
        hints: Vec::new(),
    };
    let request = namer.space.ops[op].request.clone();
    namer.members(&request, &format!("{base}Request"));
    let response = namer.space.ops[op].response.clone();
    namer.members(&response, &format!("{base}Response"));
    let LocalNamer { named, hints, .. } = namer;
    space.ops[op].types = named;
    hints
}

struct LocalNamer<'a> {
    space: &'a TypeSpace,
    ns: Namespace,
    named: Vec<(TypeId, String)>,
    hints: Vec<(TypeId, Hint)>,
}

impl LocalNamer<'_> {
    /// Names the types of `members` of the struct (or request/response) named `parent`.
    fn members(&mut self, members: &[Member], parent: &str) {
        for m in members.iter().filter(|m| m.ty.named().is_some()) {
            let hints = hints_for(m, parent);
            self.value(&m.ty, &hints);
        }
    }

    /// Names the type of a value with the given hints (for containers, of their content).
    fn value(&mut self, ty: &TypeRef, hints: &[Hint]) {
        let id = match ty {
            TypeRef::Scalar(_) => return,
            TypeRef::List(inner) | TypeRef::Map(inner) => return self.value(inner, hints),
            TypeRef::Named(id) => *id,
        };
        if self.named.iter().any(|(t, _)| *t == id) {
            return;
        }
        let preferred: Vec<String> = hints.iter().map(|h| h.name.clone()).collect();
        let name = self.ns.claim_first(&preferred);
        self.named.push((id, name.clone()));
        if let Some(first) = hints.first() {
            self.hints.push((id, first.clone()));
        }
        let space = self.space;
        if let TypeKind::Struct { members, .. } = &space.get(id).kind {
            self.members(members, &name);
        }
    }
}

/// The name hints for the type of member `m` of the struct named `parent`, best first;
/// prelude names are left out.
fn hints_for(m: &Member, parent: &str) -> Vec<Hint> {
    let own = naming::type_name(&m.wire);
    let mut hints = Vec::new();
    match &m.ty {
        TypeRef::List(_) => {
            if let Some(docs) = m.item_type_name.as_deref() {
                hints.push(Hint {
                    name: naming::element_type_name(&naming::type_name(docs)),
                    kind: HintKind::DocsTypeName,
                });
            }
            let element = naming::element_type_name(&own);
            hints.push(Hint {
                name: element.clone(),
                kind: HintKind::Element,
            });
            hints.push(Hint {
                name: format!("{parent}{element}"),
                kind: HintKind::Element,
            });
        }
        TypeRef::Map(_) => {
            hints.push(Hint {
                name: format!("{own}Value"),
                kind: HintKind::MapValue,
            });
            hints.push(Hint {
                name: format!("{parent}{own}Value"),
                kind: HintKind::MapValue,
            });
        }
        TypeRef::Named(_) | TypeRef::Scalar(_) => {
            hints.push(Hint {
                name: own.clone(),
                kind: HintKind::Member,
            });
            hints.push(Hint {
                name: format!("{parent}{own}"),
                kind: HintKind::Member,
            });
        }
    }
    hints.retain(|h| !PRELUDE_TYPES.contains(&h.name.as_str()) && is_type_name(&h.name));
    let mut seen = BTreeSet::new();
    hints.retain(|h| seen.insert(h.name.clone()));
    if hints.is_empty() {
        hints.push(Hint {
            name: format!("{parent}Item"),
            kind: HintKind::Member,
        });
    }
    hints
}

/// The automatic shared name from the first-choice hints of a type's sites.
fn agreed(hints: &[Hint]) -> Option<String> {
    let mut score: BTreeMap<&str, (HintKind, usize)> = BTreeMap::new();
    for h in hints {
        let e = score.entry(&h.name).or_insert((h.kind, 0));
        e.0 = e.0.min(h.kind);
        e.1 += 1;
    }
    score
        .into_iter()
        .min_by(|a, b| {
            (a.1 .0, std::cmp::Reverse(a.1 .1), a.0).cmp(&(b.1 .0, std::cmp::Reverse(b.1 .1), b.0))
        })
        .map(|(name, _)| name.to_owned())
}

/// Names the shared types: reviewed names first, then agreed ones; reports conflicts.
fn shared_names(space: &mut TypeSpace, entries: &[TypeName], hints: &HashMap<TypeId, Vec<Hint>>) {
    let labels: HashMap<String, TypeId> = (0..space.types.len())
        .flat_map(|i| space.types[i].sites.iter().map(move |s| (s, TypeId(i))))
        .map(|(s, id)| (site_label(space, s), id))
        .collect();
    let mut ns = Namespace::with_reserved(PRELUDE_TYPES.iter().copied());
    let mut named: BTreeMap<TypeId, String> = BTreeMap::new();
    let mut notes = Vec::new();
    for entry in entries {
        let ids: BTreeSet<TypeId> = entry
            .at
            .iter()
            .filter_map(|a| labels.get(a).copied())
            .collect();
        let stale: Vec<&String> = entry
            .at
            .iter()
            .filter(|a| !labels.contains_key(*a))
            .collect();
        if !stale.is_empty() {
            notes.push(Note {
                blocking: true,
                message: format!(
                    "spec/type_names.yaml: `{}`: no such site: {}",
                    entry.name,
                    join_quoted(&stale)
                ),
            });
        }
        if !is_type_name(&entry.name) || PRELUDE_TYPES.contains(&entry.name.as_str()) {
            notes.push(Note {
                blocking: true,
                message: format!(
                    "spec/type_names.yaml: `{}` is not a usable type name (UpperCamelCase ASCII, not a prelude name)",
                    entry.name
                ),
            });
            continue;
        }
        match ids.iter().collect::<Vec<_>>().as_slice() {
            [] => {}
            [id] if !space.get(**id).is_shared() => notes.push(Note {
                blocking: true,
                message: format!(
                    "spec/type_names.yaml: `{}` names a type only `{}` uses: it keeps its name in that operation's module; remove the entry",
                    entry.name,
                    space.ops[space.get(**id).users[0]].name
                ),
            }),
            [id] => {
                if named.contains_key(id) {
                    notes.push(Note {
                        blocking: true,
                        message: format!(
                            "spec/type_names.yaml: `{}` names a type another entry already names",
                            entry.name
                        ),
                    });
                } else if ns.contains(&entry.name) {
                    notes.push(Note {
                        blocking: true,
                        message: format!(
                            "spec/type_names.yaml: `{}` is given to two types",
                            entry.name
                        ),
                    });
                } else {
                    ns.claim(&entry.name);
                    named.insert(**id, entry.name.clone());
                }
            }
            many => notes.push(Note {
                blocking: true,
                message: format!(
                    "spec/type_names.yaml: `{}` lists sites of {} different types (the documentation now describes different shapes there): {}",
                    entry.name,
                    many.len(),
                    entry.at.join("; ")
                ),
            }),
        }
    }
    // Automatic names, claimed in a fixed order: by wanted name, then by first site.
    let mut wanted: Vec<(String, String, TypeId)> = Vec::new();
    for (i, t) in space.types.iter().enumerate() {
        let id = TypeId(i);
        if !t.is_shared() || named.contains_key(&id) {
            continue;
        }
        let want = hints
            .get(&id)
            .and_then(|h| agreed(h))
            .unwrap_or_else(|| "SharedType".to_owned());
        let first = t
            .sites
            .first()
            .map(|s| site_label(space, s))
            .unwrap_or_default();
        wanted.push((want, first, id));
    }
    wanted.sort();
    let mut contenders: BTreeMap<String, Vec<TypeId>> = BTreeMap::new();
    for (want, _, id) in &wanted {
        contenders.entry(want.clone()).or_default().push(*id);
    }
    for (want, _, id) in &wanted {
        let name = ns.claim(want);
        named.insert(*id, name);
    }
    for (want, ids) in contenders {
        let explicit: Vec<TypeId> = named
            .iter()
            .filter(|(id, n)| **n == want && !ids.contains(id))
            .map(|(id, _)| *id)
            .collect();
        if ids.len() + explicit.len() < 2 {
            continue;
        }
        notes.push(Note {
            blocking: true,
            message: contest_message(space, &want, &ids),
        });
    }
    for (id, name) in named {
        space.types[id.0].name = name;
    }
    space.notes.extend(notes);
}

fn join_quoted(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The note for shared types competing for `want`: each one's sites and a suggested
/// entry (its parent's name in front) for `spec/type_names.yaml`.
fn contest_message(space: &TypeSpace, want: &str, ids: &[TypeId]) -> String {
    let mut text = format!(
        "{} shared types would be named `{want}`; name them in spec/type_names.yaml:",
        ids.len()
    );
    for id in ids {
        let t = space.get(*id);
        let parent = t
            .sites
            .iter()
            .find_map(|s| s.parent)
            .map(|p| {
                let pt = space.get(p);
                match pt.home {
                    Home::Op(op) => space.ops[op].local_name(p).unwrap_or_default().to_owned(),
                    Home::Shared => space.ops[t.users[0]]
                        .local_name(p)
                        .unwrap_or_default()
                        .to_owned(),
                }
            })
            .unwrap_or_default();
        text.push_str(&format!("\n# {}", shape_summary(space, *id)));
        text.push_str(&format!("\n- name: {parent}{want}\n  at:"));
        for s in &t.sites {
            text.push_str(&format!("\n    - {}", site_label(space, s)));
        }
        text.push_str("\n  why: ...");
    }
    text
}

/// A one-line description of a type's shape for a reviewer: an enum's values and
/// names, a struct's members.
fn shape_summary(space: &TypeSpace, id: TypeId) -> String {
    match &space.get(id).kind {
        TypeKind::Enum { variants, .. } => {
            let values: Vec<String> = variants
                .iter()
                .map(|v| format!("{}={}", v.wire, v.name))
                .collect();
            format!("values {}", values.join(", "))
        }
        TypeKind::Struct { members, .. } => {
            let wires: Vec<&str> = members.iter().map(|m| m.wire.as_str()).collect();
            format!("members {}", wires.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreed_names_prefer_element_names_then_frequency() {
        let h = |name: &str, kind| Hint {
            name: name.into(),
            kind,
        };
        assert_eq!(
            agreed(&[h("Data", HintKind::Member), h("Folder", HintKind::Element)]).as_deref(),
            Some("Folder")
        );
        assert_eq!(
            agreed(&[
                h("ProjectEnv", HintKind::Member),
                h("EnvType", HintKind::Member),
                h("ProjectEnv", HintKind::Member)
            ])
            .as_deref(),
            Some("ProjectEnv")
        );
        assert_eq!(
            agreed(&[h("B", HintKind::Member), h("A", HintKind::Member)]).as_deref(),
            Some("A")
        );
        assert_eq!(agreed(&[]), None);
    }
}
