//! Interning: walks every operation's request and response and makes one planned type
//! per distinct shape.
//!
//! A shape is what the wire and the Rust type depend on, never documentation text:
//! - a struct: its side, and each member's wire name, type and required flag (member
//!   order and descriptions do not count; the first site's order and text are kept);
//! - a value-set enum: integer or string, and each value with its variant name (value
//!   order and descriptions do not count).
//!
//! A value set is an enum only when every value has a name: the value itself where it is
//! a word (`DI_REALTIME`), the docs' ASCII label (`UNPUBLISHED(0)`, `0表示OSS`), or the
//! reviewed name from `spec/value_names.yaml` (applied by the scraper). A set with an
//! unnamed value stays a plain integer or string (the scraper reports the value).

use std::collections::{BTreeSet, HashMap};

use super::{
    Home, Member, Note, OneOf, OpPlan, Role, Side, Site, TypeDef, TypeId, TypeKind, TypeRef,
    TypeSpace, Variant,
};
use crate::naming::{self, Namespace};
use dwgen_spec::Spec;
use dwgen_spec::{Encoding, EnumValue, Field, Operation, Param, Schema, Type};

/// Field names a request's builder (or a nested request type) defines itself, which a
/// parameter must not take: the builder's methods and the client slot, and `default`
/// (called as `T::default()`).
pub const BUILDER_RESERVED: [&str; 7] = [
    "build",
    "default",
    "client",
    "send",
    "into_paginator",
    "send_and_wait",
    "new",
];

/// A uniform view of the spec's three schema-carrying types (param, field, schema).
struct Node<'s> {
    ty: Type,
    description: &'s str,
    example: Option<&'s str>,
    enum_values: &'s [EnumValue],
    fields: &'s [Field],
    items: Option<&'s Schema>,
    values: Option<&'s Schema>,
}

impl<'s> Node<'s> {
    fn param(p: &'s Param) -> Self {
        Node {
            ty: p.ty,
            description: &p.description,
            example: p.example.as_deref(),
            enum_values: &p.enum_values,
            fields: &p.fields,
            items: p.items.as_deref(),
            values: None,
        }
    }

    fn field(f: &'s Field) -> Self {
        Node {
            ty: f.ty,
            description: &f.description,
            example: f.example.as_deref(),
            enum_values: &f.enum_values,
            fields: &f.fields,
            items: f.items.as_deref(),
            values: f.values.as_deref(),
        }
    }

    fn schema(s: &'s Schema) -> Self {
        Node {
            ty: s.ty,
            description: &s.description,
            example: None,
            enum_values: &s.enum_values,
            fields: &s.fields,
            items: s.items.as_deref(),
            values: s.values.as_deref(),
        }
    }
}

/// A site recorded during the walk, its parent still a wire path.
struct PendingSite {
    id: TypeId,
    path: String,
    role: Role,
    parent_path: Option<String>,
}

/// The interning state.
struct Interner {
    types: Vec<TypeDef>,
    keys: HashMap<String, TypeId>,
    /// The shape key of each type, by id.
    key_of: Vec<String>,
    /// Field names by wire name (case conversion is the walk's main cost).
    field_names: HashMap<String, String>,
}

/// One operation's walk.
struct OpWalk {
    op: usize,
    side: Side,
    sites: Vec<PendingSite>,
    /// The struct type at each wire path of this side.
    structs_at: HashMap<String, TypeId>,
}

/// Interns every operation of `spec`: the types (unnamed yet) and the operations'
/// members. Names are assigned by [`super::names::assign`].
pub fn intern(spec: &Spec) -> TypeSpace {
    let mut interner = Interner {
        types: Vec::new(),
        keys: HashMap::new(),
        key_of: Vec::new(),
        field_names: HashMap::new(),
    };
    let mut ops = Vec::with_capacity(spec.operations.len());
    let mut notes = Vec::new();
    for (i, op) in spec.operations.iter().enumerate() {
        let mut walk = OpWalk::new(i, Side::Request);
        let request = interner.members(&mut walk, &request_nodes(&op.request.params), None);
        interner.finish(walk);
        let mut walk = OpWalk::new(i, Side::Response);
        // The envelope is the runtime's: the typed response leaves it out.
        let body = op
            .response
            .fields
            .iter()
            .filter(|f| !crate::envelope::is_envelope(&f.name));
        let response = interner.members(&mut walk, &field_nodes(body), None);
        interner.finish(walk);
        let one_of = one_of_groups(op, &request, &mut notes);
        ops.push(OpPlan {
            name: op.name.clone(),
            request,
            one_of,
            response,
            types: Vec::new(),
        });
    }
    for t in &mut interner.types {
        let users: BTreeSet<usize> = t.sites.iter().map(|s| s.op).collect();
        t.users = users.into_iter().collect();
        t.home = match t.users.as_slice() {
            [only] => Home::Op(*only),
            _ => Home::Shared,
        };
    }
    TypeSpace {
        types: interner.types,
        ops,
        notes,
    }
}

/// The request's one-of groups with their notes; a group naming a parameter the request
/// does not have is a blocking note (the spec is inconsistent).
fn one_of_groups(op: &Operation, request: &[Member], notes: &mut Vec<Note>) -> Vec<OneOf> {
    let mut groups = Vec::new();
    for members in &op.request.one_of {
        let unknown: Vec<&String> = members
            .iter()
            .filter(|w| !request.iter().any(|m| &m.wire == *w))
            .collect();
        if !unknown.is_empty() || members.len() < 2 {
            notes.push(Note {
                blocking: true,
                message: format!(
                    "{}: one_of group {members:?} names no such parameter {unknown:?}, or has fewer than two members",
                    op.name
                ),
            });
            continue;
        }
        let note = op
            .request
            .one_of_notes
            .iter()
            .find(|n| &n.group == members)
            .map(|n| n.note.clone());
        groups.push(OneOf {
            members: members.clone(),
            note,
        });
    }
    groups
}

/// A member-to-be: its wire name, value node, required and JSON flags, and the docs'
/// element type name where it is a list.
struct MemberNode<'s> {
    wire: &'s str,
    node: Node<'s>,
    required: bool,
    required_stated: bool,
    json: bool,
}

fn request_nodes(params: &[Param]) -> Vec<MemberNode<'_>> {
    params
        .iter()
        .map(|p| MemberNode {
            wire: &p.name,
            node: Node::param(p),
            required: p.required,
            required_stated: p.required_stated,
            json: p.encoding == Encoding::Json && !p.ty.is_scalar(),
        })
        .collect()
}

fn field_nodes<'a>(fields: impl IntoIterator<Item = &'a Field>) -> Vec<MemberNode<'a>> {
    fields
        .into_iter()
        .map(|f| MemberNode {
            wire: &f.name,
            node: Node::field(f),
            required: f.required.unwrap_or(false),
            // Only request members carry the flag; the walk ignores it for responses.
            required_stated: f.required.is_some(),
            json: false,
        })
        .collect()
}

impl OpWalk {
    fn new(op: usize, side: Side) -> Self {
        OpWalk {
            op,
            side,
            sites: Vec::new(),
            structs_at: HashMap::new(),
        }
    }
}

/// `parent.child` (or `child` at the top).
fn join(parent: Option<&str>, child: &str) -> String {
    match parent {
        Some(p) => format!("{p}.{child}"),
        None => child.to_owned(),
    }
}

impl Interner {
    /// Records a walk's sites on their types, with parents resolved.
    fn finish(&mut self, walk: OpWalk) {
        for s in walk.sites {
            let parent = s
                .parent_path
                .as_ref()
                .and_then(|p| walk.structs_at.get(p).copied());
            self.types[s.id.0].sites.push(Site {
                op: walk.op,
                side: walk.side,
                path: s.path,
                role: s.role,
                parent,
            });
        }
    }

    /// The members of a struct (or of a request/response) at wire path `at`.
    fn members(
        &mut self,
        walk: &mut OpWalk,
        nodes: &[MemberNode<'_>],
        at: Option<&str>,
    ) -> Vec<Member> {
        let mut seen: Vec<&str> = Vec::new();
        let mut members = Vec::with_capacity(nodes.len());
        for m in nodes {
            if seen.contains(&m.wire) {
                continue; // a repeated documentation row
            }
            seen.push(m.wire);
            let path = join(at, m.wire);
            let ty = self.value(walk, &m.node, &path, Role::Member(m.wire.to_owned()), at);
            members.push(Member {
                wire: m.wire.to_owned(),
                field: String::new(),
                required: walk.side == Side::Request && m.required,
                required_stated: walk.side == Side::Response || m.required_stated,
                json: m.json,
                ty,
                description: m.node.description.to_owned(),
                example: m.node.example.map(str::to_owned),
                item_type_name: m.node.items.and_then(|i| i.type_name.clone()),
            });
        }
        let top = at.is_none();
        let names = &mut self.field_names;
        name_fields(&mut members, walk.side, top, |wire| {
            names
                .entry(wire.to_owned())
                .or_insert_with(|| naming::field_name(wire))
                .clone()
        });
        members
    }

    /// The type of the value `node` at wire path `path`.
    fn value(
        &mut self,
        walk: &mut OpWalk,
        node: &Node<'_>,
        path: &str,
        role: Role,
        parent: Option<&str>,
    ) -> TypeRef {
        if !node.enum_values.is_empty() && node.ty.is_scalar() {
            return match value_set(node.enum_values, node.ty) {
                Some((integer, variants)) => {
                    let key = enum_key(integer, &variants);
                    let kind = TypeKind::Enum { integer, variants };
                    let id = self.intern(key, kind, node.description);
                    walk.site(id, path, role, parent);
                    TypeRef::Named(id)
                }
                None => TypeRef::Scalar(node.ty),
            };
        }
        match node.ty {
            Type::Object if !node.fields.is_empty() => {
                let nodes = field_nodes(node.fields);
                let members = self.members(walk, &nodes, Some(path));
                let key = struct_key(walk.side, &members);
                let kind = TypeKind::Struct {
                    side: walk.side,
                    members,
                };
                let id = self.intern(key, kind, node.description);
                walk.structs_at.insert(path.to_owned(), id);
                walk.site(id, path, role, parent);
                TypeRef::Named(id)
            }
            Type::Array => {
                let list = match &role {
                    Role::Member(w) | Role::Value(w) => w.clone(),
                    Role::Element { list, .. } => list.clone(),
                };
                let inner = match node.items {
                    Some(items) => self.value(
                        walk,
                        &Node::schema(items),
                        &format!("{path}[]"),
                        Role::Element {
                            list,
                            type_name: items.type_name.clone(),
                        },
                        parent,
                    ),
                    None => TypeRef::Scalar(Type::Any),
                };
                TypeRef::List(Box::new(inner))
            }
            Type::Map => {
                let map = match &role {
                    Role::Member(w) | Role::Value(w) => w.clone(),
                    Role::Element { list, .. } => list.clone(),
                };
                let inner = match node.values {
                    Some(values) => self.value(
                        walk,
                        &Node::schema(values),
                        &format!("{path}{{}}"),
                        Role::Value(map),
                        parent,
                    ),
                    None => TypeRef::Scalar(Type::Any),
                };
                TypeRef::Map(Box::new(inner))
            }
            Type::Object => TypeRef::Scalar(Type::Any),
            ty => TypeRef::Scalar(ty),
        }
    }

    /// The id of the shape `key`, interning it (with `kind` and `doc`) when new.
    fn intern(&mut self, key: String, kind: TypeKind, doc: &str) -> TypeId {
        if let Some(id) = self.keys.get(&key) {
            return *id;
        }
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            kind,
            doc: doc.to_owned(),
            home: Home::Shared,
            name: String::new(),
            users: Vec::new(),
            sites: Vec::new(),
        });
        self.keys.insert(key.clone(), id);
        self.key_of.push(key);
        id
    }
}

impl OpWalk {
    fn site(&mut self, id: TypeId, path: &str, role: Role, parent: Option<&str>) {
        self.sites.push(PendingSite {
            id,
            path: path.to_owned(),
            role,
            parent_path: parent.map(str::to_owned),
        });
    }
}

/// Gives every member a Rust field name, unique in its struct: claimed in wire-name
/// order, so a name does not depend on the documentation's member order. Request types
/// also get `set_x` setters, so `x` and `set_x` are claimed together, and the top-level
/// request avoids the builder's own methods.
fn name_fields(
    members: &mut [Member],
    side: Side,
    top: bool,
    mut field_name: impl FnMut(&str) -> String,
) {
    let mut ns = match (side, top) {
        (Side::Request, true) => Namespace::with_reserved(BUILDER_RESERVED),
        (Side::Request, false) => Namespace::with_reserved(["default", "new"]),
        (Side::Response, _) => Namespace::new(),
    };
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by(|a, b| members[*a].wire.cmp(&members[*b].wire));
    for i in order {
        let base = field_name(&members[i].wire);
        members[i].field = match side {
            Side::Request => claim_with_setter(&mut ns, &base),
            Side::Response => ns.claim(&base),
        };
    }
}

/// Claims `name` (or `name2`, ...) such that `set_<name>` is free too, and claims both.
fn claim_with_setter(ns: &mut Namespace, base: &str) -> String {
    let mut candidate = base.to_owned();
    let mut n = 2;
    loop {
        let setter = format!("set_{}", candidate.trim_start_matches("r#"));
        if !ns.contains(&candidate) && !ns.contains(&setter) {
            ns.claim(&candidate);
            ns.claim(&setter);
            return candidate;
        }
        candidate = format!("{base}{n}");
        n += 1;
    }
}

/// The key of a type reference inside another shape's key.
fn ref_key(r: &TypeRef) -> String {
    match r {
        TypeRef::Scalar(t) => t.as_str().to_owned(),
        TypeRef::Named(id) => format!("#{}", id.0),
        TypeRef::List(inner) => format!("[{}]", ref_key(inner)),
        TypeRef::Map(inner) => format!("{{{}}}", ref_key(inner)),
    }
}

/// A struct's shape key.
fn struct_key(side: Side, members: &[Member]) -> String {
    let mut parts: Vec<String> = members
        .iter()
        .map(|m| {
            format!(
                "{}:{}:{}:{}",
                m.wire,
                u8::from(m.required),
                u8::from(m.json),
                ref_key(&m.ty)
            )
        })
        .collect();
    parts.sort();
    format!("S{side:?}({})", parts.join(","))
}

/// An enum's shape key.
fn enum_key(integer: bool, variants: &[Variant]) -> String {
    let mut parts: Vec<String> = variants
        .iter()
        .map(|v| format!("{}={}", v.wire, v.name))
        .collect();
    parts.sort();
    format!("E{}({})", if integer { "i" } else { "s" }, parts.join(","))
}

/// The variant name of a documented value, where it has one: the reviewed name, the
/// docs' ASCII label, or the value itself where it is a word.
fn variant_source(v: &EnumValue) -> Option<String> {
    if let Some(name) = v.name.as_deref().filter(|n| !n.trim().is_empty()) {
        return Some(naming::variant_name(name));
    }
    if let Some(label) = v.label.as_deref().filter(|l| starts_with_letter(l)) {
        return Some(naming::variant_name(label));
    }
    starts_with_letter(&v.value).then(|| naming::variant_name(&v.value))
}

fn starts_with_letter(s: &str) -> bool {
    s.trim().starts_with(|c: char| c.is_ascii_alphabetic())
}

/// The enum for a documented value set: whether it is integer-backed, and its variants
/// (repeated values dropped, names unique); `None` when a value has no name, or there
/// is no value.
pub fn value_set(values: &[EnumValue], ty: Type) -> Option<(bool, Vec<Variant>)> {
    if values.is_empty() {
        return None;
    }
    let mut distinct: Vec<&EnumValue> = Vec::with_capacity(values.len());
    for v in values {
        if !distinct.iter().any(|d| d.value == v.value) {
            distinct.push(v);
        }
    }
    let sources: Vec<String> = distinct
        .iter()
        .map(|v| variant_source(v))
        .collect::<Option<_>>()?;
    let mut names = vec![String::new(); distinct.len()];
    let mut ns = Namespace::with_reserved(["Unknown"]);
    let mut order: Vec<usize> = (0..distinct.len()).collect();
    order.sort_by(|a, b| distinct[*a].value.cmp(&distinct[*b].value));
    for i in order {
        names[i] = ns.claim(&sources[i]);
    }
    let variants = distinct
        .iter()
        .zip(names)
        .map(|(v, name)| Variant {
            name,
            wire: v.value.clone(),
            description: v.description.clone(),
        })
        .collect::<Vec<_>>();
    Some((integer_values(&variants, ty).is_some(), variants))
}

/// The values of an integer-backed set: the type is an integer and every value parses
/// as a distinct `i64` (two spellings of one number cannot both be match arms).
pub fn integer_values(variants: &[Variant], ty: Type) -> Option<Vec<i64>> {
    if !matches!(ty, Type::Int32 | Type::Int64) {
        return None;
    }
    let ints: Vec<i64> = variants
        .iter()
        .map(|v| v.wire.trim().parse().ok())
        .collect::<Option<_>>()?;
    let distinct = ints.iter().enumerate().all(|(k, i)| !ints[..k].contains(i));
    distinct.then_some(ints)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(value: &str, label: Option<&str>, name: Option<&str>) -> EnumValue {
        EnumValue {
            value: value.into(),
            description: format!("meaning of {value}"),
            label: label.map(Into::into),
            name: name.map(Into::into),
        }
    }

    #[test]
    fn value_sets_need_a_name_for_every_value() {
        let named = [ev("0", None, Some("Ready")), ev("1", None, Some("Success"))];
        let (integer, variants) = value_set(&named, Type::Int32).unwrap();
        assert!(integer);
        assert_eq!(variants[0].name, "Ready");
        assert_eq!(variants[1].wire, "1");
        let labelled = [ev("0", Some("OSS"), None), ev("1", Some("MySQL"), None)];
        let (_, variants) = value_set(&labelled, Type::Int32).unwrap();
        assert_eq!(variants[1].name, "MySql");
        let words = [ev("DI_REALTIME", None, None), ev("DI_SOLUTION", None, None)];
        let (integer, variants) = value_set(&words, Type::String).unwrap();
        assert!(!integer);
        assert_eq!(variants[0].name, "DiRealtime");
        assert!(value_set(&[ev("0", None, None), ev("1", None, None)], Type::Int32).is_none());
        let numeric_strings = [ev("0", None, Some("Dev")), ev("1", None, Some("Prod"))];
        assert!(!value_set(&numeric_strings, Type::String).unwrap().0);
    }

    #[test]
    fn shape_keys_ignore_order_and_text() {
        let a = [ev("1", None, Some("B")), ev("0", None, Some("A"))];
        let b = [ev("0", None, Some("A")), ev("1", None, Some("B"))];
        let key = |v: &[EnumValue]| {
            let (i, vars) = value_set(v, Type::Int32).unwrap();
            enum_key(i, &vars)
        };
        assert_eq!(key(&a), key(&b));
        assert_ne!(
            key(&a),
            key(&[ev("0", None, Some("A")), ev("1", None, Some("C"))])
        );
    }

    #[test]
    fn request_fields_claim_their_setters() {
        let mut members: Vec<Member> = ["SetName", "Name", "Build", "Type"]
            .iter()
            .map(|w| Member {
                wire: (*w).into(),
                field: String::new(),
                required: false,
                required_stated: true,
                json: false,
                ty: TypeRef::Scalar(Type::String),
                description: String::new(),
                example: None,
                item_type_name: None,
            })
            .collect();
        name_fields(&mut members, Side::Request, true, naming::field_name);
        let fields: Vec<&str> = members.iter().map(|m| m.field.as_str()).collect();
        // `Build` is taken by `build()`; `Name` claims `name` and `set_name` first (wire
        // order), so `SetName` cannot be `set_name`.
        assert_eq!(fields, ["set_name2", "name", "build2", "type"]);
    }
}
