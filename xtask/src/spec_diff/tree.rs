//! One side (request parameters or response fields) of an operation, compared as two
//! trees: members matched by exact name within their parent (the k-th occurrence of a
//! repeated name with the k-th), array elements (`[]`) and map values (`{}`) with each
//! other. Type, required flag (request side), wire encoding, value set, element type
//! name and texts are compared per matched member.
//!
//! Only the topmost removed or added member is reported (its members go with it), in
//! documentation order like a line diff; a type change stops the comparison below it.
//! Removed and added members are kept for [`super::moves`], which pairs moves and adds
//! hints once the whole side has been walked.

use std::collections::HashMap;

use codegen::plan::shapes::value_set;
use codegen::plan::Variant;
use dwgen_spec::{EnumValue, Field, Param, Schema, Type};

use super::model::{Change, ChangeKind, Loc, Part};

/// A parameter, member or field (or an array element / map value) in one shape, so
/// both spec types compare alike.
pub(super) struct Node<'a> {
    ty: Type,
    /// `None` where the spec does not say (response fields; counts as optional).
    required: Option<bool>,
    /// Whether a document states `required` (`false` only for a request parameter no
    /// document marks either way).
    required_stated: bool,
    /// Top-level request parameters only.
    encoding: Option<&'static str>,
    enum_values: &'a [EnumValue],
    description: &'a str,
    example: Option<&'a str>,
    type_name: Option<&'a str>,
    members: Vec<Member<'a>>,
    items: Option<Box<Node<'a>>>,
    values: Option<Box<Node<'a>>>,
}

/// A named member of an object (or a top-level parameter / field).
pub(super) struct Member<'a> {
    pub(super) name: &'a str,
    pub(super) node: Node<'a>,
}

impl<'a> Node<'a> {
    fn param(p: &'a Param) -> Self {
        Node {
            ty: p.ty,
            required: Some(p.required),
            required_stated: p.required_stated,
            encoding: Some(if p.encoding.is_flat() { "flat" } else { "json" }),
            enum_values: &p.enum_values,
            description: &p.description,
            example: p.example.as_deref(),
            type_name: None,
            members: members(&p.fields),
            items: p.items.as_deref().map(|s| Box::new(Node::schema(s))),
            values: None,
        }
    }

    fn field(f: &'a Field) -> Self {
        Node {
            ty: f.ty,
            required: f.required,
            // Request members only: response fields carry no flag on either side.
            required_stated: f.required.is_some(),
            encoding: None,
            enum_values: &f.enum_values,
            description: &f.description,
            example: f.example.as_deref(),
            type_name: None,
            members: members(&f.fields),
            items: f.items.as_deref().map(|s| Box::new(Node::schema(s))),
            values: f.values.as_deref().map(|s| Box::new(Node::schema(s))),
        }
    }

    fn schema(s: &'a Schema) -> Self {
        Node {
            ty: s.ty,
            required: None,
            required_stated: true,
            encoding: None,
            enum_values: &s.enum_values,
            description: &s.description,
            example: None,
            type_name: s.type_name.as_deref(),
            members: members(&s.fields),
            items: s.items.as_deref().map(|s| Box::new(Node::schema(s))),
            values: s.values.as_deref().map(|s| Box::new(Node::schema(s))),
        }
    }

    /// The type as the report prints it: `int64`, `array<object>`, `map<string>`.
    fn label(&self) -> String {
        let inner = match self.ty {
            Type::Array => self.items.as_deref(),
            Type::Map => self.values.as_deref(),
            _ => None,
        };
        match inner {
            Some(i) => format!("{}<{}>", self.ty.as_str(), i.label()),
            None => self.ty.as_str().to_owned(),
        }
    }

    /// Whether the generator makes a named type of this node (a struct or an enum), so
    /// that its `type_name` matters.
    fn is_named_type(&self) -> bool {
        (self.ty == Type::Object && !self.members.is_empty())
            || (self.ty.is_scalar() && !self.enum_values.is_empty())
    }

    /// Every node below this one (and itself) as `(path, leaf name)`.
    fn index(&self, path: &str, name: Option<&str>, out: &mut Vec<(String, Option<String>)>) {
        out.push((path.to_owned(), name.map(str::to_owned)));
        for m in &self.members {
            m.node.index(&join(path, m.name), Some(m.name), out);
        }
        if let Some(i) = &self.items {
            i.index(&format!("{path}[]"), None, out);
        }
        if let Some(v) = &self.values {
            v.index(&format!("{path}{{}}"), None, out);
        }
    }
}

pub(super) fn params(params: &[Param]) -> Vec<Member<'_>> {
    params
        .iter()
        .map(|p| Member {
            name: &p.name,
            node: Node::param(p),
        })
        .collect()
}

pub(super) fn members(fields: &[Field]) -> Vec<Member<'_>> {
    fields
        .iter()
        .map(|f| Member {
            name: &f.name,
            node: Node::field(f),
        })
        .collect()
}

fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

/// A removed or added member, kept for the move and hint pass.
pub(super) struct Loose<'a> {
    /// Index of its change in [`Walk::changes`].
    pub(super) index: usize,
    /// The parent's path (empty at the top level).
    pub(super) parent: String,
    /// The member's name.
    pub(super) name: &'a str,
    /// Where it is (was).
    pub(super) loc: Loc,
    /// The member itself.
    pub(super) node: &'a Node<'a>,
}

/// The walk over one side of one operation.
pub(super) struct Walk<'a> {
    /// Request or response.
    pub(super) part: Part,
    /// The changes found, in order.
    pub(super) changes: Vec<Change>,
    /// Removed members (topmost only).
    pub(super) removed: Vec<Loose<'a>>,
    /// Added members (topmost only).
    pub(super) added: Vec<Loose<'a>>,
}

/// Compares one side (request parameters or response fields) of an operation.
pub(super) fn side<'a>(part: Part, old: &'a [Member<'a>], new: &'a [Member<'a>]) -> Vec<Change> {
    let mut walk = Walk {
        part,
        changes: Vec::new(),
        removed: Vec::new(),
        added: Vec::new(),
    };
    walk.members(old, new, "");
    walk.finish(&index(old), &index(new))
}

fn index(members: &[Member<'_>]) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for m in members {
        m.node.index(m.name, Some(m.name), &mut out);
    }
    out
}

/// The k-th occurrence of each name, so repeated names pair up in order.
fn occurrences<'a>(members: &'a [Member<'a>]) -> Vec<(&'a str, usize)> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    members
        .iter()
        .map(|m| {
            let k = seen.entry(m.name).or_insert(0);
            *k += 1;
            (m.name, *k)
        })
        .collect()
}

/// Values by wire value, first occurrence kept (as the generator does).
fn dedup(values: &[EnumValue]) -> Vec<&EnumValue> {
    let mut out: Vec<&EnumValue> = Vec::new();
    for v in values {
        if !out.iter().any(|o| o.value == v.value) {
            out.push(v);
        }
    }
    out
}

impl<'a> Walk<'a> {
    fn push(&mut self, kind: ChangeKind) -> usize {
        self.changes.push(Change::new(kind));
        self.changes.len() - 1
    }

    fn loc(&self, path: String, top_level: bool) -> Loc {
        Loc {
            part: self.part,
            path,
            top_level,
        }
    }

    fn text(&mut self, loc: &Loc, what: &str) {
        let location = format!("{} `{}` {what}", self.part.as_str(), loc.path);
        self.push(ChangeKind::TextChanged { location });
    }

    fn required(&self, node: &Node<'_>) -> bool {
        self.part == Part::Request && node.required.unwrap_or(false)
    }

    fn members(&mut self, old: &'a [Member<'a>], new: &'a [Member<'a>], parent: &str) {
        let top = parent.is_empty();
        let (old_keys, new_keys) = (occurrences(old), occurrences(new));
        let old_at: HashMap<(&str, usize), usize> =
            old_keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
        let new_at: HashMap<(&str, usize), usize> =
            new_keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
        // Documentation order, like a line diff: the old members removed from a gap
        // between kept members come first, then the members added in that gap.
        let mut gap_end = vec![old.len(); new.len()];
        let mut next_kept = old.len();
        for (j, key) in new_keys.iter().enumerate().rev() {
            if let Some(&i) = old_at.get(key) {
                next_kept = i;
            }
            gap_end[j] = next_kept;
        }
        let mut next_old = 0;
        for ((m, key), end) in new.iter().zip(&new_keys).zip(gap_end) {
            self.removed_before(old, &old_keys, &new_at, &mut next_old, end, parent);
            let loc = self.loc(join(parent, m.name), top);
            match old_at.get(key).copied() {
                Some(i) => {
                    if let Some(o) = old.get(i) {
                        self.node(&o.node, &m.node, loc);
                    }
                }
                None => {
                    let index = self.push(ChangeKind::MemberAdded {
                        loc: loc.clone(),
                        ty: m.node.label(),
                        required: self.required(&m.node),
                    });
                    self.added.push(Loose {
                        index,
                        parent: parent.to_owned(),
                        name: m.name,
                        loc,
                        node: &m.node,
                    });
                }
            }
        }
        self.removed_before(old, &old_keys, &new_at, &mut next_old, old.len(), parent);
    }

    /// Reports the old members from `*next` up to (not including) `end` that have no
    /// counterpart on the new side, and moves `*next` past `end`.
    fn removed_before(
        &mut self,
        old: &'a [Member<'a>],
        old_keys: &[(&str, usize)],
        new_at: &HashMap<(&str, usize), usize>,
        next: &mut usize,
        end: usize,
        parent: &str,
    ) {
        let top = parent.is_empty();
        while *next < end.min(old.len()) {
            let (m, key) = (&old[*next], old_keys.get(*next));
            *next += 1;
            if key.is_some_and(|k| new_at.contains_key(k)) {
                continue;
            }
            let loc = self.loc(join(parent, m.name), top);
            let index = self.push(ChangeKind::MemberRemoved {
                loc: loc.clone(),
                ty: m.node.label(),
                required: self.required(&m.node),
            });
            self.removed.push(Loose {
                index,
                parent: parent.to_owned(),
                name: m.name,
                loc,
                node: &m.node,
            });
        }
    }

    /// Compares one matched member (or element) and everything below it.
    pub(super) fn node(&mut self, old: &'a Node<'a>, new: &'a Node<'a>, loc: Loc) {
        if old.ty != new.ty {
            self.push(ChangeKind::TypeChanged {
                loc,
                old: old.ty.as_str().to_owned(),
                new: new.ty.as_str().to_owned(),
            });
            return;
        }
        if self.part == Part::Request {
            let (o, n) = (self.required(old), self.required(new));
            if o != n {
                self.push(ChangeKind::RequiredChanged {
                    loc: loc.clone(),
                    required: n,
                });
            }
            if old.required_stated != new.required_stated {
                self.text(
                    &loc,
                    if new.required_stated {
                        "required flag: now stated by a document"
                    } else {
                        "required flag: no document states it any more (treated as optional)"
                    },
                );
            }
            if let (Some(o), Some(n)) = (old.encoding, new.encoding) {
                if o != n && !old.ty.is_scalar() {
                    self.push(ChangeKind::EncodingChanged {
                        loc: loc.clone(),
                        old: o.to_owned(),
                        new: n.to_owned(),
                    });
                }
            }
        }
        if old.description != new.description {
            self.text(&loc, "description");
        }
        if old.example != new.example {
            self.text(&loc, "example");
        }
        self.enums(old, new, &loc);
        if old.type_name != new.type_name {
            if old.is_named_type() || new.is_named_type() {
                self.push(ChangeKind::ElementTypeNameChanged {
                    loc: loc.clone(),
                    old: old.type_name.map(str::to_owned),
                    new: new.type_name.map(str::to_owned),
                });
            } else {
                self.text(&loc, "element type name");
            }
        }
        self.members(&old.members, &new.members, &loc.path);
        self.inner(old.items.as_deref(), new.items.as_deref(), &loc, "[]");
        self.inner(old.values.as_deref(), new.values.as_deref(), &loc, "{}");
    }

    /// An array's element or a map's value: compared, or a type change from/to `any`
    /// (no schema means untyped JSON in the generated crate).
    fn inner(
        &mut self,
        old: Option<&'a Node<'a>>,
        new: Option<&'a Node<'a>>,
        at: &Loc,
        mark: &str,
    ) {
        let loc = self.loc(format!("{}{mark}", at.path), false);
        match (old, new) {
            (Some(o), Some(n)) => self.node(o, n, loc),
            (None, Some(n)) if n.ty != Type::Any => {
                self.push(ChangeKind::TypeChanged {
                    loc,
                    old: "any".to_owned(),
                    new: n.ty.as_str().to_owned(),
                });
            }
            (Some(o), None) if o.ty != Type::Any => {
                self.push(ChangeKind::TypeChanged {
                    loc,
                    old: o.ty.as_str().to_owned(),
                    new: "any".to_owned(),
                });
            }
            _ => {}
        }
    }

    fn enums(&mut self, old: &Node<'_>, new: &Node<'_>, loc: &Loc) {
        if old.enum_values.is_empty() && new.enum_values.is_empty() {
            return;
        }
        // The generator makes enums of scalars only; elsewhere a value set is documentation.
        if !new.ty.is_scalar() {
            if old.enum_values != new.enum_values {
                self.text(loc, "value set");
            }
            return;
        }
        // The generator's rule: a value set is an enum when every value has a name (the
        // reviewed name, the docs' label, or the value itself where it is a word);
        // otherwise the member stays a plain scalar and the values are documentation.
        let (old_set, new_set) = (
            value_set(old.enum_values, old.ty),
            value_set(new.enum_values, new.ty),
        );
        let (ov, nv) = (dedup(old.enum_values), dedup(new.enum_values));
        let values = |vs: &[&EnumValue]| vs.iter().map(|v| v.value.clone()).collect();
        let (old_vars, new_vars) = match (old_set, new_set) {
            (None, None) => {
                if old.enum_values != new.enum_values {
                    self.text(loc, "documented values (not an enum: a value has no name)");
                }
                return;
            }
            (None, Some(_)) => {
                self.push(ChangeKind::ValueSetIntroduced {
                    loc: loc.clone(),
                    values: values(&nv),
                });
                return;
            }
            (Some(_), None) => {
                self.push(ChangeKind::ValueSetDropped {
                    loc: loc.clone(),
                    values: values(&ov),
                });
                return;
            }
            (Some((_, o)), Some((_, n))) => (o, n),
        };
        let variant = |vars: &[Variant], value: &str| {
            vars.iter()
                .find(|v| v.wire == value)
                .map(|v| v.name.clone())
                .unwrap_or_default()
        };
        for o in &ov {
            if !nv.iter().any(|n| n.value == o.value) {
                self.push(ChangeKind::EnumValueRemoved {
                    loc: loc.clone(),
                    value: o.value.clone(),
                });
            }
        }
        for n in &nv {
            let Some(o) = ov.iter().find(|o| o.value == n.value) else {
                self.push(ChangeKind::EnumValueAdded {
                    loc: loc.clone(),
                    value: n.value.clone(),
                });
                continue;
            };
            let (ovar, nvar) = (variant(&old_vars, &o.value), variant(&new_vars, &n.value));
            if ovar != nvar {
                self.push(ChangeKind::EnumVariantRenamed {
                    loc: loc.clone(),
                    value: n.value.clone(),
                    old: ovar,
                    new: nvar,
                });
            } else if o.label != n.label || o.name != n.name {
                self.text(loc, &format!("value `{}` label", n.value));
            }
            if o.description != n.description {
                self.text(loc, &format!("value `{}` description", n.value));
            }
        }
    }
}
