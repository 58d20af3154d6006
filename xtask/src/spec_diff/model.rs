//! The report's data model: what changed ([`ChangeKind`]), where (operation, request or
//! response, path), and what it means for users of the generated crate ([`Class`],
//! [`Bump`]). Built by [`super::compare`], classified by [`super::classify`], rendered by
//! [`super::markdown`] and [`super::json`].

/// The effect of a change on users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Code that compiled and worked against the old crate may fail to compile or may
    /// now fail at run time.
    Breaking,
    /// Additions and metadata: code written against the old crate keeps working.
    Compatible,
    /// Documentation text only (descriptions, summaries, examples): counted, not detailed.
    Docs,
}

impl Class {
    /// Every class, in report order.
    pub const ALL: [Class; 3] = [Class::Breaking, Class::Compatible, Class::Docs];

    /// The JSON spelling: `breaking`, `compatible`, `docs`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Compatible => "compatible",
            Class::Docs => "docs",
        }
    }

    /// A heading for the class.
    pub fn title(self) -> &'static str {
        match self {
            Class::Breaking => "Breaking",
            Class::Compatible => "Compatible",
            Class::Docs => "Documentation only",
        }
    }
}

/// The semantic-versioning bump a change (or a whole report) needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Nothing that reaches the generated crate changed.
    None,
    /// Documentation or metadata only.
    Patch,
    /// Compatible additions.
    Minor,
    /// Breaking changes.
    Major,
}

impl Bump {
    /// The JSON spelling: `none`, `patch`, `minor`, `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The version after this bump of `version` (`major.minor.patch`), following Cargo's
    /// rules for `0.x` crates (where the minor number is the breaking one and additions
    /// go into the patch number); `None` if `version` does not parse.
    pub fn next_version(self, version: &str) -> Option<String> {
        let core = version.split(['-', '+']).next()?;
        let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
        let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
        if parts.next().is_some() {
            return None;
        }
        let next = match (self, major) {
            (Bump::None, _) => (major, minor, patch),
            (Bump::Major, 0) => (0, minor + 1, 0),
            (Bump::Minor | Bump::Patch, 0) => (0, minor, patch + 1),
            (Bump::Major, _) => (major + 1, 0, 0),
            (Bump::Minor, _) => (major, minor + 1, 0),
            (Bump::Patch, _) => (major, minor, patch + 1),
        };
        Some(format!("{}.{}.{}", next.0, next.1, next.2))
    }

    /// One sentence for the report: the bump and, given the crate's current version,
    /// what it means for it (`0.x: minor bump (breaking)`).
    pub fn describe(self, version: Option<&str>) -> String {
        let zero = version.is_some_and(|v| v.starts_with("0."));
        let what = match (self, zero) {
            (Bump::None, _) => "none: nothing that reaches the generated crate changed",
            (Bump::Major, true) => "major; the crate is 0.x: minor bump (breaking)",
            (Bump::Minor, true) => "minor; the crate is 0.x: patch bump (compatible additions)",
            (Bump::Patch, true) => {
                "patch; the crate is 0.x: patch bump (documentation and metadata only)"
            }
            (Bump::Major, false) => "major (breaking)",
            (Bump::Minor, false) => "minor (compatible additions)",
            (Bump::Patch, false) => "patch (documentation and metadata only)",
        };
        match version.and_then(|v| Some((v, self.next_version(v)?))) {
            Some((v, next)) if self != Bump::None => format!("{what}, {v} → {next}"),
            _ => what.to_owned(),
        }
    }
}

/// Which side of an operation a member belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Request parameters and their members.
    Request,
    /// Response fields.
    Response,
}

impl Part {
    /// `request` or `response`.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Request => "request",
            Part::Response => "response",
        }
    }
}

/// Where a member lives: request or response, its path (`Data.DeployedItems[].FileId`:
/// `.` between an object and its member, `[]` for an array's element, `{}` for a map's
/// value) and whether it is a top-level request parameter / response field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Loc {
    /// Request or response.
    pub part: Part,
    /// The member's path.
    pub path: String,
    /// Whether the member is a top-level parameter or field (not nested in another).
    pub top_level: bool,
}

impl Loc {
    /// How the report calls the member: `request param`, `request member` (nested in a
    /// parameter), `response field`.
    pub fn noun(&self) -> &'static str {
        match (self.part, self.top_level) {
            (Part::Request, true) => "request param",
            (Part::Request, false) => "request member",
            (Part::Response, _) => "response field",
        }
    }
}

/// One difference between the two specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// `product`, `api_version` or `protocol` of `service.yaml` changed.
    ServiceValueChanged {
        /// The key.
        key: &'static str,
        /// Old value.
        old: String,
        /// New value.
        new: String,
    },
    /// A category (API group) appeared in `service.yaml`.
    CategoryAdded {
        /// Its id.
        id: String,
    },
    /// A category disappeared from `service.yaml`.
    CategoryRemoved {
        /// Its id.
        id: String,
    },
    /// A QPS level appeared in `service.yaml`.
    QpsTierAdded {
        /// The level.
        tier: u8,
    },
    /// A QPS level disappeared from `service.yaml`.
    QpsTierRemoved {
        /// The level.
        tier: u8,
    },
    /// A QPS level's limits changed.
    QpsTierLimitsChanged {
        /// The level.
        tier: u8,
        /// Old limits, e.g. `5 qps, 10000/day`.
        old: String,
        /// New limits.
        new: String,
    },
    /// An edition appeared in the price table (`service.yaml` `pricing`).
    EditionAdded {
        /// Its id.
        id: String,
    },
    /// An edition disappeared from the price table.
    EditionRemoved {
        /// Its id.
        id: String,
    },
    /// A price changed: an edition's free calls, or the price beyond them.
    PriceChanged {
        /// What (`enterprise free calls a month`, `USD per 10000 calls`).
        what: String,
        /// Old value.
        old: String,
        /// New value.
        new: String,
    },
    /// Where the service is changed (`endpoints.yaml`): a host pattern, or a region
    /// served otherwise.
    EndpointsChanged {
        /// What changed, e.g. `region cn-qingdao: dataworks.aliyuncs.com → …`.
        what: String,
    },
    /// The operation is new.
    OperationAdded {
        /// Its category.
        category: String,
    },
    /// The operation is gone.
    OperationRemoved {
        /// Its category.
        category: String,
    },
    /// The operation moved to another category.
    CategoryChanged {
        /// Old category id.
        old: String,
        /// New category id.
        new: String,
    },
    /// The operation's QPS level changed.
    QpsTierChanged {
        /// Old level.
        old: Option<u8>,
        /// New level.
        new: Option<u8>,
    },
    /// The operation became deprecated (or stopped being).
    DeprecatedChanged {
        /// Whether it is deprecated now.
        deprecated: bool,
    },
    /// The operation became read-only (or mutating), by its name's verb or an entry of
    /// `spec/read_only.yaml` ([`codegen::operation_kind`]): the client's retries change.
    ReadOnlyChanged {
        /// Whether it only reads now.
        read_only: bool,
    },
    /// The operation gained a waiter (`spec/waiters.yaml`): a new builder method.
    WaiterAdded {
        /// The operation polled.
        poll: String,
    },
    /// The operation lost its waiter.
    WaiterRemoved {
        /// The operation polled.
        poll: String,
    },
    /// The operation's waiter changed (what it polls, its paths or its status values).
    WaiterChanged {
        /// What changed, e.g. `success values [1] → [1, 3]`.
        what: String,
        /// Whether its builder method or error type is renamed.
        renamed: bool,
    },
    /// A parameter, member or field appeared.
    MemberAdded {
        /// Where.
        loc: Loc,
        /// Its type, e.g. `int64`, `array<object>`.
        ty: String,
        /// Whether it is required (request side only).
        required: bool,
    },
    /// A parameter, member or field disappeared.
    MemberRemoved {
        /// Where it was.
        loc: Loc,
        /// Its type.
        ty: String,
        /// Whether it was required (request side only).
        required: bool,
    },
    /// A member of the same name moved to another parent (nesting changed).
    MemberMoved {
        /// Where it is now.
        loc: Loc,
        /// Its old path.
        old_path: String,
    },
    /// A value's type changed (or an array's element / a map's value schema appeared or
    /// disappeared).
    TypeChanged {
        /// Where.
        loc: Loc,
        /// Old type.
        old: String,
        /// New type.
        new: String,
    },
    /// A request parameter or member became required or optional.
    RequiredChanged {
        /// Where.
        loc: Loc,
        /// Whether it is required now.
        required: bool,
    },
    /// How an object or array request parameter is put on the wire (`flat` or `json`).
    EncodingChanged {
        /// Where.
        loc: Loc,
        /// Old encoding.
        old: String,
        /// New encoding.
        new: String,
    },
    /// A documented value was added to a value set.
    EnumValueAdded {
        /// Where.
        loc: Loc,
        /// The wire value.
        value: String,
    },
    /// A documented value was removed from a value set.
    EnumValueRemoved {
        /// Where.
        loc: Loc,
        /// The wire value.
        value: String,
    },
    /// A value's symbolic name changed so that its enum variant gets another name.
    EnumVariantRenamed {
        /// Where.
        loc: Loc,
        /// The wire value.
        value: String,
        /// Old variant name.
        old: String,
        /// New variant name.
        new: String,
    },
    /// A scalar without a documented value set got one (it becomes a generated enum).
    ValueSetIntroduced {
        /// Where.
        loc: Loc,
        /// The values, in documentation order.
        values: Vec<String>,
    },
    /// A scalar lost its whole value set (the generated enum becomes a plain scalar).
    ValueSetDropped {
        /// Where.
        loc: Loc,
        /// The old values.
        values: Vec<String>,
    },
    /// The docs' name for an array element or map value shape changed (it names the
    /// generated type).
    ElementTypeNameChanged {
        /// Where (the `[]` or `{}` path).
        loc: Loc,
        /// Old name.
        old: Option<String>,
        /// New name.
        new: Option<String>,
    },
    /// A group of request parameters of which at least one must be set appeared.
    OneOfAdded {
        /// Its members' wire names.
        members: Vec<String>,
        /// Whether one of them was required on the old side (so every request that
        /// built before sets a member).
        covered: bool,
    },
    /// A one-of group disappeared.
    OneOfRemoved {
        /// Its members' wire names.
        members: Vec<String>,
    },
    /// An error code was added (to an operation, or to the service's common errors).
    ErrorAdded {
        /// Whether it is one of the service's common errors (`CommonError`).
        common: bool,
        /// The code.
        code: String,
        /// Its HTTP statuses, e.g. `400` or `400, 403`.
        status: String,
    },
    /// An error code was removed.
    ErrorRemoved {
        /// Whether it is one of the service's common errors (`CommonError`).
        common: bool,
        /// The code.
        code: String,
        /// Its HTTP statuses.
        status: String,
    },
    /// An error code's documented HTTP status changed.
    ErrorStatusChanged {
        /// Whether it is one of the service's common errors (`CommonError`).
        common: bool,
        /// The code.
        code: String,
        /// Old statuses.
        old: String,
        /// New statuses.
        new: String,
    },
    /// Documentation text changed (description, summary, example, message ...); the
    /// report names where, never the text.
    TextChanged {
        /// Where, e.g. `description`, `request FileId: example`.
        location: String,
    },
    /// One planned type of the old side is several types on the new side: its sites no
    /// longer share a type (a *split*).
    TypeSplit {
        /// The old type's path: `types::ProjectEnv`, or its operation module's
        /// `data_development::get_file::Status`.
        old: String,
        /// The new types, each with the old type's sites it now serves (sorted by path).
        parts: Vec<TypeSites>,
    },
    /// Several planned types of the old side are one type on the new side (a *merge*).
    TypesMerged {
        /// The new type's path.
        new: String,
        /// The old types, each with its sites the new type now serves (sorted by path).
        parts: Vec<TypeSites>,
    },
    /// A type's public path changed while its sites stayed together: an operation
    /// module's local name for it, or its shared name in `types`.
    TypeRenamed {
        /// Whether the shared name in `types` changed (else an operation module's name).
        shared: bool,
        /// Old path.
        old: String,
        /// New path.
        new: String,
        /// Its sites (those the old and new type share).
        sites: Vec<String>,
    },
    /// A type gained users and moved from an operation module into `types`: the shared
    /// path appears (the operation module re-exports it).
    SharedTypeAdded {
        /// The new shared path, `types::X`.
        path: String,
        /// Where the type was defined (an operation module path).
        old: String,
        /// Its sites now.
        sites: Vec<String>,
    },
    /// A shared type lost users and moved into an operation module: `types::X` goes away.
    SharedTypeRemoved {
        /// The old shared path, `types::X`.
        path: String,
        /// Where the type is defined now (an operation module path).
        new: String,
        /// Its sites before.
        sites: Vec<String>,
    },
}

/// A planned type's path with some of its sites, written as `spec/type_names.yaml`
/// writes them: `GetInstance request ProjectEnv`, `ListFiles response Data.Files[]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeSites {
    /// The type's path: `types::ProjectEnv`, `data_development::get_file::Status`.
    pub path: String,
    /// The sites.
    pub sites: Vec<String>,
}

/// A classified change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// Its effect on users of the generated crate.
    pub class: Class,
    /// The bump it needs on its own.
    pub bump: Bump,
    /// Why it is classified so: its effect on the generated crate.
    pub reason: &'static str,
    /// Hints for the reviewer (a likely rename, a same-named member elsewhere ...).
    pub hints: Vec<String>,
}

/// The changes of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationReport {
    /// The operation's name.
    pub name: String,
    /// Its category (the new one; the old one for a removed operation).
    pub category: String,
    /// Its changes: breaking first, then compatible, then documentation, each in the
    /// order found (documentation order of the spec).
    pub changes: Vec<Change>,
}

impl OperationReport {
    /// The number of changes of class `class`.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// The most severe class among the changes.
    pub fn worst(&self) -> Option<Class> {
        self.changes.iter().map(|c| c.class).min()
    }
}

/// The whole comparison of two specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// How the old side was given (directory or revision).
    pub old_label: String,
    /// How the new side was given.
    pub new_label: String,
    /// The number of operations on the old side.
    pub old_operations: usize,
    /// The number of operations on the new side.
    pub new_operations: usize,
    /// Changes to `service.yaml` (common errors, categories, QPS levels, ...).
    pub service: Vec<Change>,
    /// Type-level changes of shared types (those in `types` on either side): splits,
    /// merges, renames, paths added to or removed from `types`. Type-level changes of
    /// types local to one operation are in that operation's report.
    pub shared_types: Vec<Change>,
    /// Operations with at least one change, by name.
    pub operations: Vec<OperationReport>,
}

impl Report {
    /// Every change: service first, then shared types, then operations by name.
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.service
            .iter()
            .chain(self.shared_types.iter())
            .chain(self.operations.iter().flat_map(|o| o.changes.iter()))
    }

    /// The number of changes of class `class`.
    pub fn count(&self, class: Class) -> usize {
        self.changes().filter(|c| c.class == class).count()
    }

    /// The number of operations with at least one change of class `class`.
    pub fn operations_with(&self, class: Class) -> usize {
        self.operations
            .iter()
            .filter(|o| o.changes.iter().any(|c| c.class == class))
            .count()
    }

    /// Whether anything breaks users of the generated crate (`--fail-on-breaking`).
    pub fn has_breaking(&self) -> bool {
        self.changes().any(|c| c.class == Class::Breaking)
    }

    /// The bump the generated crate needs: the largest bump of any change.
    pub fn bump(&self) -> Bump {
        self.changes().map(|c| c.bump).max().unwrap_or(Bump::None)
    }

    /// Operations on the new side that are not on the old, and the reverse.
    pub fn added_removed(&self) -> (usize, usize) {
        let mut added = 0;
        let mut removed = 0;
        for c in self.changes() {
            match c.kind {
                ChangeKind::OperationAdded { .. } => added += 1,
                ChangeKind::OperationRemoved { .. } => removed += 1,
                _ => {}
            }
        }
        (added, removed)
    }
}
