//! How a change is described: its [`Facts`] (the JSON keys) and its one-line message
//! (Markdown, also the JSON `message`).

use super::model::{ChangeKind, Loc, Part};

/// A stable description of a change, the same for every renderer: the JSON `kind`,
/// `part`, `path`, `old` and `new` keys.
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
        }
    }
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
