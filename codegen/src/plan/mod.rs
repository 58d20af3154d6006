//! The crate's type space: every type the generated crate defines, planned at once over
//! the whole spec before anything is emitted (as typify's `TypeSpace` does).
//!
//! 1. [`shapes`] walks every operation's request and response and interns each nested
//!    struct and value-set enum by its *shape* (wire names, types, required flags; value
//!    names for enums), so that identical shapes are one type, wherever they appear.
//! 2. A type used by one operation lives in that operation's module; a type used by
//!    several lives in the shared module `types`, and each operation module re-exports
//!    it under its own local name.
//! 3. [`names`] names the types: each operation names the types it uses in its own
//!    namespace (so adding or removing another operation never renames them), and the
//!    shared types get names agreed by their sites, or the reviewed names of
//!    `spec/type_names.yaml` ([`type_names`]) where sites compete for a name.
//!
//! What cannot be named without review is reported as a [`Note`]; a blocking note stops
//! generation (nothing is renamed silently).

use std::collections::BTreeMap;

use dwgen_spec::Spec;
use dwgen_spec::Type;

pub mod names;
pub mod paths;
pub mod shapes;
pub mod type_names;

#[cfg(test)]
mod tests;

/// The index of a type in [`TypeSpace::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// Which side of an operation a struct belongs to: request structs are encoded and
/// built, response structs are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    /// Part of a request.
    Request,
    /// Part of a response.
    Response,
}

/// The type of a member: a scalar, a planned type, or a container of one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A scalar spec type (`any` included).
    Scalar(Type),
    /// A planned struct or enum.
    Named(TypeId),
    /// `Vec<T>`.
    List(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
}

impl TypeRef {
    /// The planned type at the bottom of containers, if any.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::List(inner) | TypeRef::Map(inner) => inner.named(),
            TypeRef::Scalar(_) => None,
        }
    }
}

/// A member of a request (a parameter), of a response, or of a nested struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Exact wire name.
    pub wire: String,
    /// The Rust field name (an identifier string; keywords are made raw when emitted).
    pub field: String,
    /// Whether it must be set: a required parameter, or a member the documentation marks
    /// required within its nested request object. Always `false` for responses.
    pub required: bool,
    /// Whether a document states `required` (`false` only for a request parameter that
    /// no document marks either way: it is optional, and its docs say why).
    pub required_stated: bool,
    /// Whether it travels as one JSON string (`encoding: json`; request containers only).
    pub json: bool,
    /// Its type.
    pub ty: TypeRef,
    /// Documentation text.
    pub description: String,
    /// Example value as the docs write it.
    pub example: Option<String>,
    /// For a list member: the docs' name of its element type (`Array of DeployedItem`).
    pub item_type_name: Option<String>,
}

/// One value of a value-set enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The variant name.
    pub name: String,
    /// The wire value, as text.
    pub wire: String,
    /// What the documentation says the value means (may be empty).
    pub description: String,
}

/// What a planned type is.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A nested struct of a request or a response.
    Struct {
        /// Its side.
        side: Side,
        /// Its members, in documentation order (of the first site).
        members: Vec<Member>,
    },
    /// A value-set enum.
    Enum {
        /// Integer-backed (`Unknown(i64)`), else string-backed.
        integer: bool,
        /// Its values, in documentation order (of the first site).
        variants: Vec<Variant>,
    },
}

/// Where a planned type is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Home {
    /// In the shared module `types` (used by several operations).
    Shared,
    /// In the module of the operation with this index (its only user).
    Op(usize),
}

/// Where a type appears: which operation, which side and which wire path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The operation's index in [`TypeSpace::ops`].
    pub op: usize,
    /// Request or response.
    pub side: Side,
    /// The wire path of the value, `[]` for array elements and `{}` for map values:
    /// `Data.DeployedItems[]`, `Columns[]`.
    pub path: String,
    /// How the value hangs in its parent.
    pub role: Role,
    /// The struct it is a member (or element of a member) of; `None` at the top level.
    pub parent: Option<TypeId>,
}

/// How a value hangs in its parent: the facts its name hints come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A member named `wire`.
    Member(String),
    /// An element of the list member `list`, with the docs' type name if they give one
    /// (`Array of DeployedItem`).
    Element {
        /// The list's wire name.
        list: String,
        /// The docs' name for the element type.
        type_name: Option<String>,
    },
    /// A value of the map member `map`.
    Value(String),
}

/// A planned type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Struct or enum.
    pub kind: TypeKind,
    /// Documentation text (of the first site).
    pub doc: String,
    /// Where it is defined.
    pub home: Home,
    /// Its name where it is defined (the op's local name, or the shared name).
    pub name: String,
    /// The operations using it (indices, ascending).
    pub users: Vec<usize>,
    /// Every place it appears, in planning order.
    pub sites: Vec<Site>,
}

impl TypeDef {
    /// Whether several operations use it (it lives in `types`).
    pub fn is_shared(&self) -> bool {
        self.home == Home::Shared
    }
}

/// A group of request parameters of which at least one must be set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneOf {
    /// The members' wire names, in parameter order.
    pub members: Vec<String>,
    /// What the documentation says beyond "one of" (which member wins), if anything.
    pub note: Option<String>,
}

/// One operation's plan.
#[derive(Debug, Clone, PartialEq)]
pub struct OpPlan {
    /// The operation's name.
    pub name: String,
    /// The request's parameters.
    pub request: Vec<Member>,
    /// The request's one-of groups.
    pub one_of: Vec<OneOf>,
    /// The response's top-level members.
    pub response: Vec<Member>,
    /// Every planned type the operation uses, in first-use order, with its name in the
    /// operation's module (a definition there, or a re-export of a shared type).
    pub types: Vec<(TypeId, String)>,
}

impl OpPlan {
    /// The groups `wire` is a member of.
    pub fn groups_of<'a>(&'a self, wire: &'a str) -> impl Iterator<Item = &'a OneOf> + 'a {
        self.one_of
            .iter()
            .filter(move |g| g.members.iter().any(|m| m == wire))
    }

    /// The operation module's name for a type it uses.
    pub fn local_name(&self, id: TypeId) -> Option<&str> {
        self.types
            .iter()
            .find(|(t, _)| *t == id)
            .map(|(_, n)| n.as_str())
    }
}

/// What planning could not decide without review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Whether generation must stop (a name would otherwise be guessed).
    pub blocking: bool,
    /// What happened, with what to do about it.
    pub message: String,
}

/// Every type of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeSpace {
    /// The planned types, by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// One plan per operation, in spec order.
    pub ops: Vec<OpPlan>,
    /// What could not be decided without review.
    pub notes: Vec<Note>,
}

impl TypeSpace {
    /// Plans every type of the crate for `spec` (its operations and
    /// `spec/type_names.yaml` entries).
    pub fn plan(spec: &Spec) -> TypeSpace {
        let mut space = shapes::intern(spec);
        names::assign(&mut space, &spec.type_names);
        space
    }

    /// The type with this id.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The plan of the operation named `name`.
    pub fn op(&self, name: &str) -> Option<&OpPlan> {
        self.ops.iter().find(|o| o.name == name)
    }

    /// The shared types, sorted by name.
    pub fn shared(&self) -> Vec<TypeId> {
        let mut ids: Vec<TypeId> = (0..self.types.len())
            .map(TypeId)
            .filter(|id| self.get(*id).is_shared())
            .collect();
        ids.sort_by(|a, b| self.get(*a).name.cmp(&self.get(*b).name));
        ids
    }

    /// The types defined in operation `op`'s module, in first-use order.
    pub fn local(&self, op: usize) -> Vec<TypeId> {
        self.ops[op]
            .types
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| self.get(*id).home == Home::Op(op))
            .collect()
    }

    /// The shared types operation `op` re-exports, with their local names.
    pub fn reexports(&self, op: usize) -> Vec<(TypeId, &str)> {
        self.ops[op]
            .types
            .iter()
            .filter(|(id, _)| self.get(*id).is_shared())
            .map(|(id, n)| (*id, n.as_str()))
            .collect()
    }

    /// The blocking notes.
    pub fn blocking(&self) -> Vec<&Note> {
        self.notes.iter().filter(|n| n.blocking).collect()
    }

    /// Counts: `(structs, enums, shared)`.
    pub fn counts(&self) -> (usize, usize, usize) {
        let structs = self
            .types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::Struct { .. }))
            .count();
        let shared = self.types.iter().filter(|t| t.is_shared()).count();
        (structs, self.types.len() - structs, shared)
    }

    /// The struct members of a struct type (empty for an enum).
    pub fn members(&self, id: TypeId) -> &[Member] {
        match &self.get(id).kind {
            TypeKind::Struct { members, .. } => members,
            TypeKind::Enum { .. } => &[],
        }
    }

    /// Every site of every type, grouped by type, for reports.
    pub fn sites_by_type(&self) -> BTreeMap<TypeId, &[Site]> {
        (0..self.types.len())
            .map(|i| (TypeId(i), self.types[i].sites.as_slice()))
            .collect()
    }
}
