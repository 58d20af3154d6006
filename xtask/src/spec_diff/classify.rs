//! The classification rules: what each kind of change means for users of the generated
//! crate. One function, one match: the table in the [module docs](super) is this match
//! in prose, and the two must stay in step. A [`Change`] is made here, classified
//! (the model knows nothing of the rules: the arrows run from here to the model).

use super::model::{Bump, Change, ChangeKind, Class, Part};

impl Change {
    /// A change of this kind, classified ([`classify`]).
    pub fn new(kind: ChangeKind) -> Self {
        let rule = classify(&kind);
        Change {
            kind,
            class: rule.class,
            bump: rule.bump,
            reason: rule.reason,
            hints: Vec::new(),
        }
    }
}

/// A rule's verdict on one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The class.
    pub class: Class,
    /// The bump the change needs on its own.
    pub bump: Bump,
    /// Its effect on the generated crate, in a few words.
    pub reason: &'static str,
}

const fn rule(class: Class, bump: Bump, reason: &'static str) -> Rule {
    Rule {
        class,
        bump,
        reason,
    }
}

const fn breaking(reason: &'static str) -> Rule {
    rule(Class::Breaking, Bump::Major, reason)
}

const fn addition(reason: &'static str) -> Rule {
    rule(Class::Compatible, Bump::Minor, reason)
}

const fn metadata(reason: &'static str) -> Rule {
    rule(Class::Compatible, Bump::Patch, reason)
}

/// Classifies one change by its effect on code using the generated crate.
pub fn classify(kind: &ChangeKind) -> Rule {
    use ChangeKind as K;
    match kind {
        K::ServiceValueChanged { .. } => {
            breaking("every request is sent to a different API (product, version or protocol)")
        }
        K::CategoryAdded { .. } => addition("a new `Category` variant, module and feature"),
        K::CategoryRemoved { .. } => breaking("its `Category` variant, module and feature go away"),
        K::QpsTierAdded { .. } => addition("a new `QpsTier` variant"),
        K::QpsTierRemoved { .. } => breaking("its `QpsTier` variant goes away"),
        K::QpsTierLimitsChanged { .. } => addition(
            "same API; the client paces every operation of the level by the new limits (`Operation::TIER`), and the emulator counts by them",
        ),
        K::EndpointsChanged { .. } => addition(
            "same API; clients in the region (or on the network) send to another host, or a VPC endpoint appears or goes away (`SdkError::Endpoint`)",
        ),
        K::EditionAdded { .. } => addition("a new `Edition` variant (non_exhaustive)"),
        K::EditionRemoved { .. } => breaking("its `Edition` variant goes away"),
        K::PriceChanged { .. } => metadata("the usage meter's cost estimate changes"),
        K::WaiterAdded { .. } => addition("a new builder method and its error type"),
        K::WaiterRemoved { .. } => breaking("its builder method and error type go away"),
        K::WaiterChanged { renamed: true, .. } => {
            breaking("the waiter's builder method or error type is renamed")
        }
        K::WaiterChanged { renamed: false, .. } => addition(
            "same API; the waiter polls differently or decides success and failure by other values",
        ),
        K::OperationAdded { .. } => addition("new request, response and error types"),
        K::OperationRemoved { .. } => breaking("its request, response and error types go away"),
        K::CategoryChanged { .. } => {
            breaking("the operation moves to another module and cargo feature")
        }
        K::QpsTierChanged { .. } => addition(
            "same API; the client paces the operation by its new level (`Operation::TIER`)",
        ),
        K::DeprecatedChanged { .. } => metadata("a note in the operation's documentation"),
        K::ReadOnlyChanged { read_only: true } => addition(
            "the client now also retries it after a 5xx answer, a timeout or a lost connection: check that repeating it cannot duplicate a side effect",
        ),
        K::ReadOnlyChanged { read_only: false } => addition(
            "the client no longer retries it after a 5xx answer, a timeout or a lost connection (only after throttling or a failed connect)",
        ),
        K::MemberAdded { loc, required, .. } => match (loc.part, loc.top_level, required) {
            (Part::Request, true, true) => {
                breaking("a new required field: `build()` fails until it is set")
            }
            (Part::Request, false, true) => {
                breaking("a new required member: requests without it are rejected")
            }
            (Part::Request, true, false) => addition("a new builder setter"),
            (Part::Request, false, false) => addition("a new member setter"),
            (Part::Response, _, _) => addition("a new field (response structs are non_exhaustive)"),
        },
        K::MemberRemoved { loc, .. } => match loc.part {
            Part::Request => breaking("its field and setter go away"),
            Part::Response => breaking("its struct field goes away"),
        },
        K::MemberMoved { .. } => breaking("the field moves to another struct"),
        K::TypeChanged { .. } => breaking("the field's Rust type changes"),
        K::RequiredChanged { loc, required } => match (loc.top_level, required) {
            (true, true) => {
                breaking("`build()` fails when it is unset; the field loses its `Option`")
            }
            (false, true) => breaking("requests that leave it unset are rejected"),
            (true, false) => addition(
                "calls through the builder keep working; code that reads the request's pub field sees `Option<T>`",
            ),
            (false, false) => metadata("members of nested request types are always `Option<T>`"),
        },
        K::EncodingChanged { .. } => {
            metadata("same Rust API; the value is sent in the documented encoding")
        }
        K::EnumValueAdded { .. } => addition(
            "a new enum variant: value-set enums are non_exhaustive and their `Unknown` payload is opaque, so no match arm could name the value",
        ),
        K::EnumValueRemoved { .. } => breaking("its enum variant goes away"),
        K::EnumVariantRenamed { .. } => breaking("the enum variant is renamed"),
        K::ValueSetIntroduced { .. } => {
            breaking("the field's type changes from a plain scalar to a generated enum")
        }
        K::ValueSetDropped { .. } => {
            breaking("the field's type changes from a generated enum to a plain scalar")
        }
        K::ElementTypeNameChanged { .. } => {
            breaking("the generated element type is named after it and may be renamed")
        }
        K::OneOfAdded { covered: false, .. } => breaking(
            "`build()` fails when none of the group is set, and code that set none of them stops building",
        ),
        K::OneOfAdded { covered: true, .. } => metadata(
            "a member was required before, so every request that built sets the group",
        ),
        K::OneOfRemoved { .. } => {
            metadata("`build()` no longer needs one of the group; nothing else changes")
        }
        K::ErrorAdded { common: false, .. } => addition(
            "a new error variant: error enums are non_exhaustive and their `Unknown` payload is opaque, so no match arm could name the code",
        ),
        K::ErrorAdded { common: true, .. } => addition(
            "a new `CommonError` variant (non_exhaustive, with an opaque `Unknown`)",
        ),
        K::ErrorRemoved { common: false, .. } => breaking("its error variant goes away"),
        K::ErrorRemoved { common: true, .. } => breaking("its `CommonError` variant goes away"),
        K::ErrorStatusChanged { .. } => metadata("the documented status in the error table"),
        K::TextChanged { .. } => rule(Class::Docs, Bump::Patch, "documentation text only"),
        K::TypeSplit { .. } => breaking(
            "its sites no longer share a type: code passing a value from one site to another no longer compiles",
        ),
        K::TypesMerged { .. } => addition(
            "old paths still resolve (operation modules re-export a shared type under their old names; a path that goes away is reported as a rename); code implementing a trait for two of the former types now has conflicting impls",
        ),
        K::TypeRenamed { shared: false, .. } => {
            breaking("code naming the type by its old path in the operation module breaks")
        }
        K::TypeRenamed { shared: true, .. } => {
            breaking("code naming the shared type by its old path in `types` breaks")
        }
        K::SharedTypeAdded { .. } => addition(
            "a new path in `types`; the operation module re-exports it under its old name",
        ),
        K::SharedTypeRemoved { .. } => breaking(
            "code importing it from `types` breaks; the operation module still defines it",
        ),
    }
}
