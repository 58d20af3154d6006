//! Every Rust name the generator emits goes through one function here: type names,
//! field names, module names, enum variant names and feature names, plus a
//! [`Namespace`] that makes names unique within a module. All collision rules (Rust
//! keywords, names starting with digits, names equal after case conversion) live here.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Rust keywords (strict and reserved, all editions) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Type names a generated type must not take: they would shadow the prelude (and the
/// paths) the generated modules rely on.
pub const PRELUDE_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Into",
    "From",
    "IntoIterator",
    "Iterator",
    "ToString",
    "ToOwned",
    "Send",
    "Sync",
    "Sized",
    "Copy",
    "Eq",
    "Ord",
    "PartialOrd",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsRef",
    "AsMut",
    "Extend",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Keeps only characters valid in identifiers, turning the rest into word breaks.
fn sanitize(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Makes a converted name a valid identifier string: prefixes names that start with a
/// digit or are empty, suffixes keywords that cannot be raw identifiers.
fn legal(name: String, prefix: &str) -> String {
    let name = if name.is_empty() {
        prefix.to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name
    };
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// `DeployFile` → `DeployFile`; `ods_table` → `OdsTable`; `2nd` → `T2nd`.
pub fn type_name(raw: &str) -> String {
    legal(sanitize(raw).to_upper_camel_case(), "T")
}

/// `ProjectId` → `project_id`; `Type` → `r#type` (as an [`Ident`]); `123` → `f_123`.
pub fn field_name(raw: &str) -> String {
    legal(sanitize(raw).to_snake_case(), "f_")
}

/// `DeployFile` → `deploy_file` (module and file names).
pub fn module_name(raw: &str) -> String {
    legal(sanitize(raw).to_snake_case(), "m_")
}

/// Enum variant for a value or label: `DI_REALTIME` → `DiRealtime`, `0` → `V0`,
/// `cn-shanghai` → `CnShanghai`.
pub fn variant_name(raw: &str) -> String {
    legal(sanitize(raw).to_upper_camel_case(), "V")
}

/// The singular of a plural UpperCamelCase name (its last word), where the plural is
/// evident: `Columns` → `Column`, `ColumnMetaList` → `ColumnMeta`, `Entities` → `Entity`,
/// `BizProcesses` → `BizProcess`, `BaselineStatuses` → `BaselineStatus`. `None` for a
/// name that is not evidently plural (`Business`, `Status`, `Data`, `Column`).
pub fn singular(name: &str) -> Option<String> {
    let strip = |suffix: &str, add: &str| -> Option<String> {
        let stem = name.strip_suffix(suffix)?;
        // A stem must keep a letter (`List` alone or `Ies` are not plurals of anything).
        stem.chars()
            .any(|c| c.is_ascii_alphabetic())
            .then(|| format!("{stem}{add}"))
    };
    if name.ends_with("List") {
        return strip("List", "");
    }
    if name.ends_with("ies") {
        return strip("ies", "y");
    }
    for suffix in ["sses", "uses", "xes", "ches", "shes", "zes"] {
        if name.ends_with(suffix) {
            return strip("es", "");
        }
    }
    if ["ss", "us", "sis", "xis"].iter().any(|s| name.ends_with(s)) {
        return None;
    }
    if name.ends_with('s') {
        return strip("s", "");
    }
    None
}

/// Words that name a whole rather than one of many: a list of them has no evident
/// element name, so its element type gets the `…Item` fallback.
const MASS_NOUNS: &[&str] = &["Data", "Info", "Information", "Content", "Result", "Detail"];

/// The type name of one element of a list named `list` (UpperCamelCase): its singular
/// where evident (`Columns` → `Column`), the name itself where it already names one thing
/// (`Column`, `AvgTrend`), and `…Item` where no singular is evident (`Data` → `DataItem`).
pub fn element_type_name(list: &str) -> String {
    if let Some(one) = singular(list) {
        return one;
    }
    if MASS_NOUNS.iter().any(|m| list.ends_with(m)) {
        return format!("{list}Item");
    }
    list.to_owned()
}

/// Variant for an error code: `Invalid.Tenant.ConnectionNotExists` →
/// `InvalidTenantConnectionNotExists`.
pub fn error_variant_name(code: &str) -> String {
    let joined: String = code
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            cs.next()
                .map(|f| f.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect();
    legal(joined, "E")
}

/// Category id `data-development` → feature `data-development` (ids are already
/// feature-safe; kept as a function so the rule lives here).
pub fn feature_name(category_id: &str) -> String {
    category_id.to_owned()
}

/// Category id `data-development` → module `data_development`.
pub fn category_module(category_id: &str) -> String {
    module_name(category_id)
}

/// An identifier token, raw (`r#type`) where the name is a keyword.
pub fn ident(name: &str) -> Ident {
    if KEYWORDS.contains(&name) && !NOT_RAW.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Names already taken in one Rust namespace (a module's types, a struct's fields, an
/// enum's variants). Names are compared as written, so two wire names that convert to
/// the same Rust name (`TaskID`, `TaskId` → `task_id`) get distinct results.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// An empty namespace.
    pub fn new() -> Self {
        Self::default()
    }

    /// A namespace with `names` already taken (e.g. the request/response type names).
    pub fn with_reserved<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Namespace {
            taken: names.into_iter().map(str::to_owned).collect(),
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `name`, or `name2`, `name3`, ... if taken; returns what was claimed.
    pub fn claim(&mut self, name: &str) -> String {
        let mut candidate = name.to_owned();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{name}{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    /// Claims the first free name of `preferred` (in order), else numbers the last one.
    pub fn claim_first(&mut self, preferred: &[String]) -> String {
        for p in preferred {
            if !self.taken.contains(p) {
                self.taken.insert(p.clone());
                return p.clone();
            }
        }
        let last = preferred.last().cloned().unwrap_or_else(|| "T".to_owned());
        self.claim(&last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_idiomatic_and_legal() {
        assert_eq!(type_name("DeployedItem"), "DeployedItem");
        assert_eq!(type_name("ods_table"), "OdsTable");
        assert_eq!(type_name("2nd"), "T2nd");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(field_name("ProjectId"), "project_id");
        assert_eq!(field_name("Type"), "type");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("123abc"), "f_123abc");
        assert_eq!(field_name("HttpStatusCode"), "http_status_code");
        assert_eq!(field_name("Data.Name"), "data_name");
        assert_eq!(module_name("GetIDEEventDetail"), "get_ide_event_detail");
        assert_eq!(variant_name("DI_REALTIME"), "DiRealtime");
        assert_eq!(variant_name("0"), "V0");
        assert_eq!(variant_name("cn-shanghai"), "CnShanghai");
        assert_eq!(
            error_variant_name("Invalid.Tenant.ConnectionNotExists"),
            "InvalidTenantConnectionNotExists"
        );
        assert_eq!(category_module("data-development"), "data_development");
    }

    #[test]
    fn list_elements_get_singular_names() {
        for (list, one) in [
            ("Columns", "Column"),
            ("Themes", "Theme"),
            ("ColumnMetaList", "ColumnMeta"),
            ("CalcEngines", "CalcEngine"),
            ("Folders", "Folder"),
            ("Nodes", "Node"),
            ("DataEntityList", "DataEntity"),
            ("Entities", "Entity"),
            ("BizProcesses", "BizProcess"),
            ("BaselineStatuses", "BaselineStatus"),
            ("Matches", "Match"),
            ("Apis", "Api"),
            ("Business", "Business"),
            ("Status", "Status"),
            ("Analysis", "Analysis"),
            ("Column", "Column"),
            ("AvgTrend", "AvgTrend"),
            ("Data", "DataItem"),
            ("TaskInfo", "TaskInfoItem"),
            ("List", "List"),
        ] {
            assert_eq!(element_type_name(list), one, "{list}");
        }
        assert_eq!(singular("Status"), None);
        assert_eq!(singular("s"), None);
    }

    #[test]
    fn namespace_resolves_collisions_deterministically() {
        let mut ns = Namespace::with_reserved(["Data"]);
        assert_eq!(ns.claim("Data"), "Data2");
        assert_eq!(ns.claim("Data"), "Data3");
        assert_eq!(
            ns.claim_first(&["Status".into(), "DeploymentStatus".into()]),
            "Status"
        );
        assert_eq!(
            ns.claim_first(&["Status".into(), "ItemStatus".into()]),
            "ItemStatus"
        );
        let mut fields = Namespace::new();
        assert_eq!(fields.claim(&field_name("TaskID")), "task_id");
        assert_eq!(fields.claim(&field_name("TaskId")), "task_id2");
    }
}
