//! Checking a call's parameters against the operation's documented ones: required
//! parameters, one-of groups, and that each value parses as its documented type.
//!
//! Parameters the documentation does not list are ignored (as the common parameters
//! are). Lists and objects travel flattened (`Name.1`, `Name.1.Field`) unless the
//! documentation says they are one JSON string; a flattened one counts as present when
//! any of its members is.

use dataworks_public::catalog::{OperationSpec, ParamSpec, WireType};

use crate::codes::{INVALID_PARAMETER, MISSING_PARAMETER};
use crate::rejection::{shown, Rejection};

/// Checks `params` (the operation's own, decoded) against `op`.
pub(crate) fn check(op: &OperationSpec, params: &[(String, String)]) -> Result<(), Rejection> {
    for spec in op.params {
        let present = is_present(spec, params);
        if spec.required && !present {
            return Err(Rejection::new(
                MISSING_PARAMETER,
                format!(
                    "{}: the required parameter `{}` is missing",
                    op.name, spec.name
                ),
            ));
        }
        if let Some((_, value)) = params.iter().find(|(name, _)| name == spec.name) {
            check_value(spec, value)?;
        }
    }
    for group in op.one_of {
        let set = group.iter().any(|member| {
            op.params
                .iter()
                .any(|p| p.name == *member && is_present(p, params))
        });
        if !set {
            return Err(Rejection::new(
                MISSING_PARAMETER,
                format!(
                    "{} needs one of {} (none is set)",
                    op.name,
                    group.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn is_present(spec: &ParamSpec, params: &[(String, String)]) -> bool {
    let flattened =
        !spec.json && matches!(spec.ty, WireType::Array | WireType::Object | WireType::Map);
    params.iter().any(|(name, _)| {
        name == spec.name
            || (flattened
                && name
                    .strip_prefix(spec.name)
                    .is_some_and(|rest| rest.starts_with('.')))
    })
}

fn check_value(spec: &ParamSpec, value: &str) -> Result<(), Rejection> {
    let expected = match spec.ty {
        _ if spec.json => {
            if serde_json::from_str::<serde::de::IgnoredAny>(value).is_ok() {
                return Ok(());
            }
            "a JSON value"
        }
        WireType::Int32 => {
            if value.parse::<i32>().is_ok() {
                return Ok(());
            }
            "an integer (int32)"
        }
        WireType::Int64 => {
            if value.parse::<i64>().is_ok() {
                return Ok(());
            }
            "an integer (int64)"
        }
        WireType::Float | WireType::Double => {
            if value.parse::<f64>().is_ok_and(f64::is_finite) {
                return Ok(());
            }
            "a number"
        }
        WireType::Boolean => {
            if value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false") {
                return Ok(());
            }
            "a boolean (`true` or `false`)"
        }
        _ => return Ok(()),
    };
    Err(Rejection::new(
        INVALID_PARAMETER,
        format!(
            "the parameter `{}` must be {expected}, got `{}`",
            spec.name,
            shown(value)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dataworks_public::catalog;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn required_parameters_are_named() {
        let op = catalog::find("GetDeployment").unwrap();
        let err = check(op, &params(&[("ProjectId", "1")])).unwrap_err();
        assert_eq!(err.code, "Emulator.MissingParameter");
        assert!(err.message.contains("`DeploymentId`"), "{}", err.message);
        check(op, &params(&[("ProjectId", "1"), ("DeploymentId", "2")])).unwrap();
    }

    #[test]
    fn one_of_groups_need_a_member() {
        let op = catalog::find("GetFolder").unwrap();
        let err = check(op, &params(&[("ProjectId", "1")])).unwrap_err();
        assert_eq!(
            err.message,
            "GetFolder needs one of FolderId, FolderPath (none is set)"
        );
        check(
            op,
            &params(&[("ProjectId", "1"), ("FolderPath", "Business")]),
        )
        .unwrap();
    }

    #[test]
    fn values_must_parse_as_their_type() {
        let op = catalog::find("GetDeployment").unwrap();
        let err = check(op, &params(&[("ProjectId", "1"), ("DeploymentId", "12x")])).unwrap_err();
        assert_eq!(err.code, "Emulator.InvalidParameter");
        assert_eq!(
            err.message,
            "the parameter `DeploymentId` must be an integer (int64), got `12x`"
        );
    }

    #[test]
    fn flattened_lists_count_as_present() {
        let op = catalog::find("CreateTable").unwrap();
        let list = op
            .params
            .iter()
            .find(|p| p.ty == WireType::Array && !p.json && p.required)
            .expect("CreateTable has a required flattened list");
        let name = format!("{}.1.ColumnName", list.name);
        let mut given: Vec<(String, String)> = op
            .params
            .iter()
            .filter(|p| p.required && p.name != list.name)
            .map(|p| (p.name.to_owned(), sample(p).to_owned()))
            .collect();
        let err = check(op, &given).unwrap_err();
        assert!(err.message.contains(list.name), "{}", err.message);
        given.push((name, "c".to_owned()));
        check(op, &given).unwrap();
    }

    fn sample(p: &ParamSpec) -> &'static str {
        match p.ty {
            WireType::Int32 | WireType::Int64 | WireType::Float | WireType::Double => "1",
            WireType::Boolean => "true",
            _ => "x",
        }
    }
}
