//! How a change is described: its [`Facts`] (the JSON keys) and its one-line message
//! (Markdown, also the JSON `message`).

use super::model::{ChangeKind, Loc, Part, TypeSites};

/// A stable description of a change, the same for every renderer: the JSON `kind`,
/// `part`, `path`, `old`, `new`, `required` and `types` keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Snake-case kind, e.g. `member_removed`.
    pub kind: &'static str,
    /// Request or response, for member changes.
    pub part: Option<Part>,
    /// The path, error code, category id or text location the change is about.
    pub path: Option<String>,
    /// The old value (type, path, value, ...), where the kind has one.
    pub old: Option<String>,
    /// The new value, where the kind has one.
    pub new: Option<String>,
    /// For an added or removed request parameter or member: whether it is (was)
    /// required.
    pub required: Option<bool>,
    /// For a type-level change: which old type path became which new type path, at
    /// which sites (see [`TypeMap`]); `None` for other changes.
    pub types: Option<Vec<TypeMap>>,
}

/// One pairing of an old and a new type path in a type-level change, with the sites it
/// covers (as `spec/type_names.yaml` writes them: `GetInstance request ProjectEnv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeMap {
    /// The old path (`types::X` or an operation module's path).
    pub old: String,
    /// The new path.
    pub new: String,
    /// The sites: for a split, merge or rename those the two types share; for a path
    /// added to `types` the shared type's sites now, for one removed its sites before.
    pub sites: Vec<String>,
}

fn tier(t: Option<u8>) -> String {
    t.map_or_else(|| "none".to_owned(), |t| t.to_string())
}

impl ChangeKind {
    /// The change's [`Facts`].
    pub fn facts(&self) -> Facts {
        use ChangeKind as K;
        let f = |kind, part: Option<Part>, path: Option<&str>, old: Option<String>, new| Facts {
            kind,
            part,
            path: path.map(str::to_owned),
            old,
            new,
            required: None,
            types: None,
        };
        let map = |old: &str, new: &str, sites: &[String]| TypeMap {
            old: old.to_owned(),
            new: new.to_owned(),
            sites: sites.to_vec(),
        };
        let type_change = |kind, path: &str, old: String, new: String, types| Facts {
            types: Some(types),
            ..f(kind, None, Some(path), Some(old), Some(new))
        };
        let request_flag =
            |loc: &Loc, required: bool| (loc.part == Part::Request).then_some(required);
        match self {
            K::ServiceValueChanged { key, old, new } => f(
                "service_value_changed",
                None,
                Some(key),
                Some(old.clone()),
                Some(new.clone()),
            ),
            K::CategoryAdded { id } => f("category_added", None, Some(id), None, None),
            K::CategoryRemoved { id } => f("category_removed", None, Some(id), None, None),
            K::QpsTierAdded { tier } => {
                f("qps_tier_added", None, Some(&tier.to_string()), None, None)
            }
            K::QpsTierRemoved { tier } => f(
                "qps_tier_removed",
                None,
                Some(&tier.to_string()),
                None,
                None,
            ),
            K::QpsTierLimitsChanged { tier, old, new } => f(
                "qps_tier_limits_changed",
                None,
                Some(&tier.to_string()),
                Some(old.clone()),
                Some(new.clone()),
            ),
            K::EndpointsChanged { what } => f("endpoints_changed", None, Some(what), None, None),
            K::EditionAdded { id } => f("edition_added", None, Some(id), None, None),
            K::EditionRemoved { id } => f("edition_removed", None, Some(id), None, None),
            K::PriceChanged { what, old, new } => f(
                "price_changed",
                None,
                Some(what),
                Some(old.clone()),
                Some(new.clone()),
            ),
            K::WaiterAdded { poll } => f("waiter_added", None, None, None, Some(poll.clone())),
            K::WaiterRemoved { poll } => f("waiter_removed", None, None, Some(poll.clone()), None),
            K::WaiterChanged { what, .. } => f("waiter_changed", None, Some(what), None, None),
            K::OperationAdded { category } => {
                f("operation_added", None, None, None, Some(category.clone()))
            }
            K::OperationRemoved { category } => f(
                "operation_removed",
                None,
                None,
                Some(category.clone()),
                None,
            ),
            K::CategoryChanged { old, new } => f(
                "category_changed",
                None,
                None,
                Some(old.clone()),
                Some(new.clone()),
            ),
            K::QpsTierChanged { old, new } => f(
                "qps_tier_changed",
                None,
                None,
                Some(tier(*old)),
                Some(tier(*new)),
            ),
            K::ReadOnlyChanged { read_only } => f(
                "read_only_changed",
                None,
                None,
                Some((!read_only).to_string()),
                Some(read_only.to_string()),
            ),
            K::DeprecatedChanged { deprecated } => f(
                "deprecated_changed",
                None,
                None,
                Some((!deprecated).to_string()),
                Some(deprecated.to_string()),
            ),
            K::MemberAdded { loc, ty, required } => Facts {
                required: request_flag(loc, *required),
                ..f(
                    "member_added",
                    Some(loc.part),
                    Some(&loc.path),
                    None,
                    Some(ty.clone()),
                )
            },
            K::MemberRemoved { loc, ty, required } => Facts {
                required: request_flag(loc, *required),
                ..f(
                    "member_removed",
                    Some(loc.part),
                    Some(&loc.path),
                    Some(ty.clone()),
                    None,
                )
            },
            K::MemberMoved { loc, old_path } => f(
                "member_moved",
                Some(loc.part),
                Some(&loc.path),
                Some(old_path.clone()),
                Some(loc.path.clone()),
            ),
            K::TypeChanged { loc, old, new } => f(
                "type_changed",
                Some(loc.part),
                Some(&loc.path),
                Some(old.clone()),
                Some(new.clone()),
            ),
            K::RequiredChanged { loc, required } => f(
                "required_changed",
                Some(loc.part),
                Some(&loc.path),
                Some(if *required { "optional" } else { "required" }.to_owned()),
                Some(if *required { "required" } else { "optional" }.to_owned()),
            ),
            K::EncodingChanged { loc, old, new } => f(
                "encoding_changed",
                Some(loc.part),
                Some(&loc.path),
                Some(old.clone()),
                Some(new.clone()),
            ),
            K::EnumValueAdded { loc, value } => f(
                "enum_value_added",
                Some(loc.part),
                Some(&loc.path),
                None,
                Some(value.clone()),
            ),
            K::EnumValueRemoved { loc, value } => f(
                "enum_value_removed",
                Some(loc.part),
                Some(&loc.path),
                Some(value.clone()),
                None,
            ),
            K::EnumVariantRenamed { loc, old, new, .. } => f(
                "enum_variant_renamed",
                Some(loc.part),
                Some(&loc.path),
                Some(old.clone()),
                Some(new.clone()),
            ),
            K::ValueSetIntroduced { loc, values } => f(
                "value_set_introduced",
                Some(loc.part),
                Some(&loc.path),
                None,
                Some(values.join(", ")),
            ),
            K::ValueSetDropped { loc, values } => f(
                "value_set_dropped",
                Some(loc.part),
                Some(&loc.path),
                Some(values.join(", ")),
                None,
            ),
            K::ElementTypeNameChanged { loc, old, new } => f(
                "element_type_name_changed",
                Some(loc.part),
                Some(&loc.path),
                old.clone(),
                new.clone(),
            ),
            K::OneOfAdded { members, .. } => f(
                "one_of_added",
                Some(Part::Request),
                None,
                None,
                Some(members.join(", ")),
            ),
            K::OneOfRemoved { members } => f(
                "one_of_removed",
                Some(Part::Request),
                None,
                Some(members.join(", ")),
                None,
            ),
            K::ErrorAdded { code, status, .. } => {
                f("error_added", None, Some(code), None, Some(status.clone()))
            }
            K::ErrorRemoved { code, status, .. } => f(
                "error_removed",
                None,
                Some(code),
                Some(status.clone()),
                None,
            ),
            K::ErrorStatusChanged { code, old, new, .. } => f(
                "error_status_changed",
                None,
                Some(code),
                Some(old.clone()),
                Some(new.clone()),
            ),
            K::TextChanged { location } => f("text_changed", None, Some(location), None, None),
            K::TypeSplit { old, parts } => type_change(
                "type_split",
                old,
                old.clone(),
                paths(parts),
                parts.iter().map(|p| map(old, &p.path, &p.sites)).collect(),
            ),
            K::TypesMerged { new, parts } => type_change(
                "types_merged",
                new,
                paths(parts),
                new.clone(),
                parts.iter().map(|p| map(&p.path, new, &p.sites)).collect(),
            ),
            K::TypeRenamed {
                shared,
                old,
                new,
                sites,
            } => type_change(
                if *shared {
                    "shared_type_renamed"
                } else {
                    "type_renamed"
                },
                old,
                old.clone(),
                new.clone(),
                vec![map(old, new, sites)],
            ),
            K::SharedTypeAdded { path, old, sites } => type_change(
                "shared_type_added",
                path,
                old.clone(),
                path.clone(),
                vec![map(old, path, sites)],
            ),
            K::SharedTypeRemoved { path, new, sites } => type_change(
                "shared_type_removed",
                path,
                path.clone(),
                new.clone(),
                vec![map(path, new, sites)],
            ),
        }
    }

    /// For a type-level change, its sites as the Markdown report lists them below the
    /// change: per part of a split or merge (the part's path, its sites), else one list
    /// without a path. Empty for other changes.
    pub fn type_sites(&self) -> Vec<(Option<&str>, &[String])> {
        use ChangeKind as K;
        match self {
            K::TypeSplit { parts, .. } | K::TypesMerged { parts, .. } => parts
                .iter()
                .map(|p| (Some(p.path.as_str()), p.sites.as_slice()))
                .collect(),
            K::TypeRenamed { sites, .. }
            | K::SharedTypeAdded { sites, .. }
            | K::SharedTypeRemoved { sites, .. } => vec![(None, sites.as_slice())],
            _ => Vec::new(),
        }
    }

    /// One line describing the change, names and values in code spans (Markdown; also
    /// the JSON `message`).
    pub fn message(&self) -> String {
        use ChangeKind as K;
        let req = |r: &bool, loc: &Loc| match loc.part {
            Part::Request if *r => ", required",
            Part::Request => ", optional",
            Part::Response => "",
        };
        let at = |loc: &Loc| format!("{} {}", loc.noun(), code(&loc.path));
        match self {
            K::ServiceValueChanged { key, old, new } => {
                format!("service `{key}` changed: {} → {}", code(old), code(new))
            }
            K::CategoryAdded { id } => format!("category {} added", code(id)),
            K::CategoryRemoved { id } => format!("category {} removed", code(id)),
            K::QpsTierAdded { tier } => format!("QPS level {tier} added"),
            K::QpsTierRemoved { tier } => format!("QPS level {tier} removed"),
            K::QpsTierLimitsChanged { tier, old, new } => {
                format!("QPS level {tier} limits changed: {old} → {new}")
            }
            K::EndpointsChanged { what } => format!("endpoints changed: {what}"),
            K::EditionAdded { id } => format!("edition {} added to the price table", code(id)),
            K::EditionRemoved { id } => {
                format!("edition {} removed from the price table", code(id))
            }
            K::PriceChanged { what, old, new } => format!("{what} changed: {old} → {new}"),
            K::WaiterAdded { poll } => format!("waiter added (polls {})", code(poll)),
            K::WaiterRemoved { poll } => format!("waiter removed (polled {})", code(poll)),
            K::WaiterChanged { what, .. } => format!("waiter changed: {what}"),
            K::OperationAdded { category } => {
                format!("operation added (category {})", code(category))
            }
            K::OperationRemoved { category } => {
                format!("operation removed (was in category {})", code(category))
            }
            K::CategoryChanged { old, new } => {
                format!("category changed: {} → {}", code(old), code(new))
            }
            K::QpsTierChanged { old, new } => {
                format!("QPS level changed: {} → {}", tier(*old), tier(*new))
            }
            K::DeprecatedChanged { deprecated: true } => "operation is now deprecated".to_owned(),
            K::ReadOnlyChanged { read_only: true } => {
                "operation is now read-only (was mutating)".to_owned()
            }
            K::ReadOnlyChanged { read_only: false } => {
                "operation is now mutating (was read-only)".to_owned()
            }
            K::DeprecatedChanged { deprecated: false } => {
                "operation is no longer deprecated".to_owned()
            }
            K::MemberAdded { loc, ty, required } => {
                format!("{} added ({ty}{})", at(loc), req(required, loc))
            }
            K::MemberRemoved { loc, ty, required } => {
                format!("{} removed (was {ty}{})", at(loc), req(required, loc))
            }
            K::MemberMoved { loc, old_path } => format!(
                "{} moved (nesting changed): {} → {}",
                loc.noun(),
                code(old_path),
                code(&loc.path)
            ),
            K::TypeChanged { loc, old, new } => {
                format!("{} type changed: {old} → {new}", at(loc))
            }
            K::RequiredChanged { loc, required } => format!(
                "{} is now {}",
                at(loc),
                if *required { "required" } else { "optional" }
            ),
            K::EncodingChanged { loc, old, new } => {
                format!("{} wire encoding changed: {old} → {new}", at(loc))
            }
            K::EnumValueAdded { loc, value } => {
                format!("{}: value {} added", at(loc), code(value))
            }
            K::EnumValueRemoved { loc, value } => {
                format!("{}: value {} removed", at(loc), code(value))
            }
            K::EnumVariantRenamed {
                loc,
                value,
                old,
                new,
            } => format!(
                "{}: the variant of value {} is renamed: {} → {}",
                at(loc),
                code(value),
                code(old),
                code(new)
            ),
            K::ValueSetIntroduced { loc, values } => format!(
                "{} now has a documented value set ({})",
                at(loc),
                code_list(values)
            ),
            K::ValueSetDropped { loc, values } => format!(
                "{} lost its documented value set (was {})",
                at(loc),
                code_list(values)
            ),
            K::ElementTypeNameChanged { loc, old, new } => format!(
                "{} element type name changed: {} → {}",
                at(loc),
                opt_code(old),
                opt_code(new)
            ),
            K::OneOfAdded { members, covered } => format!(
                "request now needs one of {}{}",
                code_list(members),
                if *covered {
                    " (one of them was required before)"
                } else {
                    ""
                }
            ),
            K::OneOfRemoved { members } => {
                format!("request no longer needs one of {}", code_list(members))
            }
            K::ErrorAdded {
                common,
                code: c,
                status,
            } => format!("{} {} ({status}) added", error_noun(*common), code(c)),
            K::ErrorRemoved {
                common,
                code: c,
                status,
            } => format!("{} {} ({status}) removed", error_noun(*common), code(c)),
            K::ErrorStatusChanged {
                common,
                code: c,
                old,
                new,
            } => format!(
                "{} {} HTTP status changed: {old} → {new}",
                error_noun(*common),
                code(c)
            ),
            K::TextChanged { location } => format!("text changed: {location}"),
            K::TypeSplit { old, parts } => format!(
                "type {} is split into {} types: {}",
                code(old),
                parts.len(),
                code_paths(parts)
            ),
            K::TypesMerged { new, parts } => format!(
                "{} types become one type, {}: {}",
                parts.len(),
                code(new),
                code_paths(parts)
            ),
            K::TypeRenamed {
                shared: false,
                old,
                new,
                ..
            } => format!("type renamed: {} → {}", code(old), code(new)),
            K::TypeRenamed {
                shared: true,
                old,
                new,
                ..
            } => format!("shared type renamed: {} → {}", code(old), code(new)),
            K::SharedTypeAdded { path, old, .. } => format!(
                "shared type {} added: {} gained users and moved to `types` (its operation module re-exports it)",
                code(path),
                code(old)
            ),
            K::SharedTypeRemoved { path, new, .. } => format!(
                "shared type {} removed: the type lost users and moved to {}",
                code(path),
                code(new)
            ),
        }
    }
}

fn paths(parts: &[TypeSites]) -> String {
    parts
        .iter()
        .map(|p| p.path.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn code_paths(parts: &[TypeSites]) -> String {
    parts
        .iter()
        .map(|p| code(&p.path))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `text` as a Markdown code span: on one line, with enough backticks around it
/// (`(empty)` for empty text).
pub fn code(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        "(empty)".to_owned()
    } else if flat.contains('`') {
        format!("`` {flat} ``")
    } else {
        format!("`{flat}`")
    }
}

fn error_noun(common: bool) -> &'static str {
    if common {
        "common error"
    } else {
        "error"
    }
}

fn code_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| code(v))
        .collect::<Vec<_>>()
        .join(", ")
}

fn opt_code(v: &Option<String>) -> String {
    v.as_deref().map_or_else(|| "none".to_owned(), code)
}
