//! What kind of operation each one is, for retries: whether it only reads, and whether
//! it has an idempotency token. The generated crate carries both as the runtime's
//! `Operation::READ_ONLY` and `Operation::CLIENT_TOKEN` (and `read_only` in the operation
//! table and the catalog); the runtime retries an attempt that may have had an effect (a
//! 5xx answer, a timeout, a connection lost after sending) only for read-only operations
//! and operations with a token.
//!
//! **The rule.** An operation only reads when its name starts with one of the verbs
//! [`READ_VERBS`]: `Get`, `List`, `Check`, `Search`, `Query`, `Scan`, `Top`. The verb is
//! the leading UpperCamelCase word of the action name ([`leading_word`]: the first letter
//! and the lowercase letters and digits after it), so `TopTenErrorTimesInstance` reads
//! (`Top`) and a name such as `Topology…` would not. Every other operation (`Create`,
//! `Update`, `Delete`, `Deploy`, `Run`, `Stop`, ...) is mutating: retrying it after such a
//! failure could create, deploy or run twice.
//!
//! **The overrides.** Where the verb misleads, the hand-written, reviewed
//! `spec/read_only.yaml` ([`ReadOnlyOverride`], from the spec crate, like
//! `spec/type_names.yaml`) says what the operation does, with the documentation's words:
//!
//! ```yaml
//! - operation: CheckFileDeployment
//!   read_only: false
//!   why: Sends a file's deployment check result back to DataWorks ("将待发布文件的检查结果返回至DataWorks").
//! ```
//!
//! An entry that names no operation, one that says what the rule already gives (stale:
//! remove it), an operation listed twice, or an entry without a `why` stops generation
//! ([`check`]) until it is reviewed.
//!
//! **The client token.** An operation has an idempotency token exactly when its request
//! has a top-level parameter named [`CLIENT_TOKEN`] (`ClientToken`) of type string: the
//! client then fills it with a fresh UUID once per call and keeps it across attempts.

pub use dwgen_spec::overlays::read_only::ReadOnlyOverride;
use dwgen_spec::{Operation, Spec, Type};

/// The verbs that make an operation read-only (the leading word of its name).
pub const READ_VERBS: [&str; 7] = ["Get", "List", "Check", "Search", "Query", "Scan", "Top"];

/// The wire name of the idempotency token parameter.
pub const CLIENT_TOKEN: &str = "ClientToken";

/// What kind of operation one is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationKind {
    /// Whether it only reads (the rule, or its override).
    pub read_only: bool,
    /// The wire name of its idempotency token parameter, if it has one.
    pub client_token: Option<&'static str>,
}

impl OperationKind {
    /// The kind of `op` in `spec` (its overrides are assumed [`check`]ed).
    pub fn of(spec: &Spec, op: &Operation) -> Self {
        OperationKind {
            read_only: read_only(spec, &op.name),
            client_token: client_token(op),
        }
    }
}

/// The leading UpperCamelCase word of an action name: its first character and the
/// lowercase letters and digits that follow it (`TopTenErrorTimesInstance` → `Top`).
pub fn leading_word(name: &str) -> &str {
    let mut chars = name.char_indices();
    if chars.next().is_none() {
        return "";
    }
    let end = chars
        .find(|(_, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .map_or(name.len(), |(i, _)| i);
    &name[..end]
}

/// Whether the verb rule makes `name` read-only.
pub fn read_only_by_rule(name: &str) -> bool {
    READ_VERBS.contains(&leading_word(name))
}

/// Whether the operation named `name` only reads: its override in `spec/read_only.yaml`,
/// else the verb rule.
pub fn read_only(spec: &Spec, name: &str) -> bool {
    spec.read_only
        .iter()
        .find(|o| o.operation == name)
        .map_or_else(|| read_only_by_rule(name), |o| o.read_only)
}

/// `Some("ClientToken")` when the request has a top-level string parameter of that name.
pub fn client_token(op: &Operation) -> Option<&'static str> {
    op.request
        .params
        .iter()
        .any(|p| p.name == CLIENT_TOKEN && p.ty == Type::String)
        .then_some(CLIENT_TOKEN)
}

/// Checks `spec/read_only.yaml` against the spec: every entry names an operation, once,
/// says the opposite of the rule, and says why. Returns one message per problem.
pub fn check(spec: &Spec) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    for (i, entry) in spec.read_only.iter().enumerate() {
        let name = &entry.operation;
        if spec.read_only[..i].iter().any(|e| &e.operation == name) {
            problems.push(format!(
                "spec/read_only.yaml: `{name}` is listed twice; keep one entry"
            ));
            continue;
        }
        if !spec.operations.iter().any(|o| &o.name == name) {
            problems.push(format!(
                "spec/read_only.yaml: `{name}` names no operation of the spec; fix the name or remove the entry"
            ));
            continue;
        }
        if entry.read_only == read_only_by_rule(name) {
            let verb = leading_word(name);
            let rule = if entry.read_only {
                format!("`{verb}` is a read-only verb")
            } else {
                format!("`{verb}` is not a read-only verb")
            };
            problems.push(format!(
                "spec/read_only.yaml: `{name}` says read_only: {}, which the verb rule already gives ({rule}); the entry is stale: remove it",
                entry.read_only
            ));
        }
        if entry.why.trim().is_empty() {
            problems.push(format!(
                "spec/read_only.yaml: `{name}` has no `why`; say why the verb rule is wrong for it"
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dwgen_spec::Param;

    fn spec(names: &[&str], overrides: &[(&str, bool)]) -> Spec {
        let ops = names.iter().map(|n| Operation::new(*n, "tenant")).collect();
        let mut spec = Spec::new(crate::emit::test_support::service("tenant", "租户"), ops);
        spec.read_only = overrides
            .iter()
            .map(|(operation, read_only)| ReadOnlyOverride {
                operation: (*operation).into(),
                read_only: *read_only,
                why: "Reviewed.".into(),
            })
            .collect();
        spec
    }

    #[test]
    fn the_leading_word_is_the_first_upper_camel_case_word() {
        assert_eq!(leading_word("TopTenErrorTimesInstance"), "Top");
        assert_eq!(leading_word("GetIDEEventDetail"), "Get");
        assert_eq!(leading_word("ListFiles"), "List");
        assert_eq!(leading_word("Get"), "Get");
        assert_eq!(leading_word("Get2Things"), "Get2");
        assert_eq!(leading_word("DIJob"), "D");
        assert_eq!(leading_word(""), "");
    }

    #[test]
    fn only_the_read_verbs_read() {
        for name in [
            "GetFile",
            "ListFiles",
            "CheckMetaTable",
            "SearchMetaTables",
            "QueryDISyncTaskConfigProcessResult",
            "ScanSensitiveData",
            "TopTenElapsedTimeInstance",
        ] {
            assert!(read_only_by_rule(name), "{name}");
        }
        for name in [
            "CreateFile",
            "UpdateFile",
            "DeleteFile",
            "DeployFile",
            "RunSmokeTest",
            "StopInstance",
            "DesensitizeData",
            "TestNetworkConnection",
            // The verb is a whole word, not a prefix of one.
            "Topology",
            "Getaway",
            "Listen",
            "Checkout",
            "get_file",
            "",
        ] {
            assert!(!read_only_by_rule(name), "{name}");
        }
    }

    #[test]
    fn overrides_win_over_the_rule() {
        let s = spec(
            &[
                "CheckFileDeployment",
                "DesensitizeData",
                "GetFile",
                "CreateFile",
            ],
            &[("CheckFileDeployment", false), ("DesensitizeData", true)],
        );
        assert_eq!(check(&s), Ok(()));
        assert!(!read_only(&s, "CheckFileDeployment"));
        assert!(read_only(&s, "DesensitizeData"));
        assert!(read_only(&s, "GetFile"));
        assert!(!read_only(&s, "CreateFile"));
        let desensitize = s.operations.iter().find(|o| o.name == "DesensitizeData");
        let kind = OperationKind::of(&s, desensitize.unwrap());
        assert_eq!(
            kind,
            OperationKind {
                read_only: true,
                client_token: None
            }
        );
    }

    #[test]
    fn the_client_token_is_a_top_level_string_parameter_named_client_token() {
        let mut op = Operation::new("CreateTable", "metadata");
        assert_eq!(client_token(&op), None);
        op.request.params = vec![
            Param::new("Name", Type::String, true),
            Param::new("ClientToken", Type::String, false),
        ];
        assert_eq!(client_token(&op), Some("ClientToken"));
        op.request.params[1].ty = Type::Int64;
        assert_eq!(client_token(&op), None);
        op.request.params[1] = Param::new("clienttoken", Type::String, false);
        assert_eq!(client_token(&op), None);
    }

    #[test]
    fn an_entry_naming_no_operation_stops_generation() {
        let s = spec(&["GetFile"], &[("GetFiles", false)]);
        let problems = check(&s).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("`GetFiles` names no operation"),
            "{problems:?}"
        );
    }

    #[test]
    fn an_entry_agreeing_with_the_rule_is_stale() {
        let s = spec(
            &["GetFile", "CreateFile"],
            &[("GetFile", true), ("CreateFile", false)],
        );
        let problems = check(&s).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("`GetFile` says read_only: true"));
        assert!(problems[0].contains("`Get` is a read-only verb"));
        assert!(problems[0].contains("stale: remove it"));
        assert!(problems[1].contains("`CreateFile` says read_only: false"));
        assert!(problems[1].contains("`Create` is not a read-only verb"));
    }

    #[test]
    fn an_operation_listed_twice_stops_generation() {
        let s = spec(
            &["DesensitizeData"],
            &[("DesensitizeData", true), ("DesensitizeData", true)],
        );
        let problems = check(&s).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("`DesensitizeData` is listed twice"));
    }

    #[test]
    fn an_entry_without_a_reason_stops_generation() {
        let mut s = spec(&["DesensitizeData"], &[("DesensitizeData", true)]);
        s.read_only[0].why = "  ".into();
        let problems = check(&s).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("`DesensitizeData` has no `why`"));
    }

    #[test]
    fn generation_stops_with_every_problem() {
        let s = spec(
            &["GetFile", "DesensitizeData"],
            &[("Nope", true), ("GetFile", true)],
        );
        let err = crate::emit::generate(&s).unwrap_err();
        let text = err.to_string();
        assert!(
            matches!(&err, crate::emit::CodegenError::OperationKinds(p) if p.len() == 2),
            "{text}"
        );
        assert!(text.starts_with("operation kinds need review:\n"), "{text}");
        assert!(text.contains("`Nope` names no operation"), "{text}");
        assert!(text.contains("`GetFile` says read_only: true"), "{text}");
    }

    #[test]
    fn the_file_rejects_unknown_keys() {
        let yaml = "- operation: DesensitizeData\n  read_only: true\n  why: Returns data.\n";
        let entries: Vec<ReadOnlyOverride> = serde_norway::from_str(yaml).unwrap();
        assert_eq!(entries[0].operation, "DesensitizeData");
        let typo = "- operation: DesensitizeData\n  readonly: true\n  why: Returns data.\n";
        assert!(serde_norway::from_str::<Vec<ReadOnlyOverride>>(typo).is_err());
    }
}
