//! Applying the reviewed value-names file `spec/value_names.yaml` (its model is
//! `dwgen_spec::overlays::value_names`): English names for the values of value sets
//! whose documentation gives only a Chinese label (`0（就绪）`), so that the generator
//! can name their variants without guessing a translation.
//!
//! Each entry names one documented value set, recognised by what the documentation
//! says, not by where it appears:
//!
//! ```yaml
//! - match:            # wire value -> its documented label (the value's description)
//!     "0": 就绪
//!     "1": 成功
//!     "2": 失败
//!   names:            # wire value -> English name (UpperCamelCase, a Rust identifier)
//!     "0": Ready
//!     "1": Success
//!     "2": Failure
//!   why: GetDeployment Data.Deployment.Status (发布包状态) — ready, succeeded, failed.
//! ```
//!
//! An entry applies to every value set, in any operation, whose wire values are exactly
//! the keys of `match` and whose every value's description equals its `match` label
//! once both are normalized ([`normalize`]: trimmed, a leading `表示` and trailing `。`
//! or `.` stripped). Instead of `names`, `integer: true` says the set is deliberately
//! left unnamed (plain numbers the documentation gives no label for, such as baseline
//! priorities 1, 3, 5, 7, 8): the generator keeps it an integer.
//!
//! The scrape writes the names into the values' `name` key and reports, as
//! `unnamed-value` warnings, every value that still has no name (no identifier-like
//! wire value, no `label`, no reviewed `name`, and no `integer` entry), and, as
//! `value-names` warnings, every entry that matched nothing. A malformed entry is an
//! error naming the file and the entry.

pub use dwgen_spec::overlays::value_names::{
    load, normalize, parse, Entry, ValueNames, FILE, FILE_NAME,
};
use dwgen_spec::{EnumValue, Field, Param, Schema};

use super::diag::{Diagnostics, WarningKind};
use super::merge::Merged;

/// Whether a wire value names itself: an identifier-like ASCII token starting with a
/// letter (`DI_REALTIME`, `PROD`, `success`).
pub fn is_self_naming(value: &str) -> bool {
    value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether a value has a name: it names itself, or has a label or a reviewed name.
pub fn has_name(v: &EnumValue) -> bool {
    is_self_naming(&v.value) || v.label.is_some() || v.name.is_some()
}

/// Whether `entry` describes the value set `values`.
pub fn matches(entry: &Entry, values: &[EnumValue]) -> bool {
    values.len() == entry.matches.len()
        && values.iter().all(|v| {
            entry
                .matches
                .get(&v.value)
                .is_some_and(|label| normalize(label) == normalize(&v.description))
        })
}

/// Applies the entries to every value set of the merged operations, and reports
/// unnamed values (at the operation's first source) and entries that matched nothing.
pub fn apply(names: &ValueNames, merged: &mut [Merged], diag: &mut Diagnostics) {
    let mut used = vec![false; names.entries.len()];
    for m in merged.iter_mut() {
        let (file, line) = m
            .sources
            .first()
            .map_or((String::new(), 0), |s| (s.file.clone(), s.lines[0]));
        let mut cx = Cx {
            names,
            used: &mut used,
            file: &file,
            line,
            operation: &m.draft.name,
            diag,
        };
        for p in &mut m.draft.params {
            cx.param(p, &format!("request {}", p.name));
        }
        for f in &mut m.draft.fields {
            cx.field(f, &format!("response {}", f.name));
        }
    }
    for (i, entry) in names.entries.iter().enumerate() {
        if !used[i] {
            let values: Vec<String> = entry
                .matches
                .iter()
                .map(|(v, l)| format!("{v}: {l}"))
                .collect();
            diag.warn(
                FILE,
                names.lines.get(i).copied().unwrap_or(0),
                WarningKind::ValueNames,
                None,
                format!(
                    "entry {} ({}) matches no value set; remove it or update its `match`",
                    i + 1,
                    values.join(", ")
                ),
            );
        }
    }
}

/// The walk over one operation's schemas.
struct Cx<'a> {
    names: &'a ValueNames,
    used: &'a mut [bool],
    file: &'a str,
    line: usize,
    operation: &'a str,
    diag: &'a mut Diagnostics,
}

impl Cx<'_> {
    fn param(&mut self, p: &mut Param, path: &str) {
        self.values(&mut p.enum_values, path);
        for f in &mut p.fields {
            self.field(f, &format!("{path}.{}", f.name));
        }
        if let Some(items) = &mut p.items {
            self.schema(items, &format!("{path}[]"));
        }
    }

    fn field(&mut self, f: &mut Field, path: &str) {
        self.values(&mut f.enum_values, path);
        for g in &mut f.fields {
            self.field(g, &format!("{path}.{}", g.name));
        }
        if let Some(items) = &mut f.items {
            self.schema(items, &format!("{path}[]"));
        }
        if let Some(values) = &mut f.values {
            self.schema(values, &format!("{path}{{}}"));
        }
    }

    fn schema(&mut self, s: &mut Schema, path: &str) {
        self.values(&mut s.enum_values, path);
        for g in &mut s.fields {
            self.field(g, &format!("{path}.{}", g.name));
        }
        if let Some(items) = &mut s.items {
            self.schema(items, &format!("{path}[]"));
        }
        if let Some(values) = &mut s.values {
            self.schema(values, &format!("{path}{{}}"));
        }
    }

    fn values(&mut self, values: &mut [EnumValue], path: &str) {
        if values.is_empty() {
            return;
        }
        let found = self.names.entries.iter().position(|e| matches(e, values));
        if let Some(i) = found {
            self.used[i] = true;
            let entry = &self.names.entries[i];
            match &entry.names {
                Some(names) => {
                    for v in values.iter_mut() {
                        v.name = names.get(&v.value).cloned();
                    }
                }
                None => return, // `integer: true`: deliberately unnamed.
            }
        }
        for v in values.iter().filter(|v| !has_name(v)) {
            let what = if v.description.trim().is_empty() {
                String::new()
            } else {
                format!(" ({})", v.description.trim())
            };
            self.diag.warn(
                self.file,
                self.line,
                WarningKind::UnnamedValue,
                Some(self.operation),
                format!(
                    "{path}: value {}{what} has no name; name its value set in {FILE}",
                    v.value
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scrape::diag::Warning;
    use crate::scrape::interpret::Draft;
    use crate::scrape::raw::LayoutKind;
    use dwgen_spec::{Examples, SourceRef, Type};

    fn ev(value: &str, description: &str) -> EnumValue {
        EnumValue {
            value: value.into(),
            description: description.into(),
            label: None,
            name: None,
        }
    }

    fn int_field(name: &str, values: Vec<EnumValue>) -> Field {
        Field {
            enum_values: values,
            ..Field::new(name, Type::Int32)
        }
    }

    /// An operation with request `params` and response `fields`, from `file` at `line`.
    fn op(name: &str, line: usize, params: Vec<Param>, fields: Vec<Field>) -> Merged {
        let source = SourceRef {
            file: "003_ref.txt".into(),
            lines: [line, line + 100],
        };
        Merged {
            draft: Draft {
                name: name.into(),
                file: source.file.clone(),
                layout: LayoutKind::PdfText,
                version: None,
                category_title: None,
                description: String::new(),
                params,
                language: "zh-CN".into(),
                complete: true,
                param_lines: Vec::new(),
                one_of: Vec::new(),
                fields,
                errors: Vec::new(),
                examples: Examples::default(),
                source: source.clone(),
            },
            sources: vec![source],
        }
    }

    /// GetDeployment's status, as a response field `Status` inside `Data`.
    fn deployment(name: &str, line: usize, descriptions: [&str; 3]) -> Merged {
        let status = int_field(
            "Status",
            vec![
                ev("0", descriptions[0]),
                ev("1", descriptions[1]),
                ev("2", descriptions[2]),
            ],
        );
        let data = Field {
            fields: vec![status],
            ..Field::new("Data", Type::Object)
        };
        op(name, line, Vec::new(), vec![data])
    }

    fn names_of(m: &Merged) -> Vec<Option<&str>> {
        m.draft.fields[0].fields[0]
            .enum_values
            .iter()
            .map(|v| v.name.as_deref())
            .collect()
    }

    const STATUS: &str = r#"# reviewed
- match:
    "0": 就绪
    "1": 成功
    "2": 失败
  names:
    "0": Ready
    "1": Success
    "2": Failure
  why: GetDeployment Data.Deployment.Status.
"#;

    fn run(file: &str, merged: &mut [Merged]) -> Vec<Warning> {
        let names = parse(file).expect("valid file");
        let mut diag = Diagnostics::new();
        apply(&names, merged, &mut diag);
        diag.into_sorted()
    }

    #[test]
    fn an_entry_names_every_set_with_the_same_documented_labels() {
        // Two operations, the same documented set (one in a request array's element).
        let mut a = deployment("GetDeployment", 10, ["就绪", "成功", "失败"]);
        let element = Schema {
            enum_values: vec![ev("2", "失败"), ev("0", "就绪"), ev("1", "成功")],
            ..Schema::of(Type::Int32)
        };
        let list = Param {
            items: Some(Box::new(element)),
            ..Param::new("Statuses", Type::Array, false)
        };
        let mut b = op("ListDeployments", 500, vec![list], Vec::new());
        let mut merged = [a.clone(), b.clone()];
        let warnings = run(STATUS, &mut merged);
        assert!(warnings.is_empty(), "{warnings:?}");
        [a, b] = merged;
        assert_eq!(
            names_of(&a),
            [Some("Ready"), Some("Success"), Some("Failure")]
        );
        let element = b.draft.params[0].items.as_ref().unwrap();
        let named: Vec<_> = element
            .enum_values
            .iter()
            .map(|v| (v.value.as_str(), v.name.as_deref()))
            .collect();
        assert_eq!(
            named,
            [
                ("2", Some("Failure")),
                ("0", Some("Ready")),
                ("1", Some("Success"))
            ]
        );
    }

    #[test]
    fn descriptions_are_normalized_before_comparing() {
        assert_eq!(normalize(" 表示开发环境。 "), "开发环境");
        assert_eq!(normalize("开发环境."), "开发环境");
        assert_eq!(normalize("开发环境"), "开发环境");
        assert_eq!(normalize("审批通过，授权成功。"), "审批通过，授权成功");
        // `表示` only leads; inner text is kept.
        assert_eq!(normalize("不表示任何值"), "不表示任何值");
        let mut merged = [deployment(
            "GetDeployment",
            10,
            ["表示就绪。", " 成功. ", "失败"],
        )];
        assert!(run(STATUS, &mut merged).is_empty());
        assert_eq!(
            names_of(&merged[0]),
            [Some("Ready"), Some("Success"), Some("Failure")]
        );
        // The labels in the file are normalized too.
        let file = STATUS.replace("\"0\": 就绪", "\"0\": 表示就绪。");
        let mut merged = [deployment("GetDeployment", 10, ["就绪", "成功", "失败"])];
        assert!(run(&file, &mut merged).is_empty());
        assert_eq!(names_of(&merged[0])[0], Some("Ready"));
    }

    #[test]
    fn a_different_label_or_value_set_does_not_match() {
        // One label differs: no names, three unnamed values, and the entry is stale.
        let mut merged = [deployment("GetDeployment", 10, ["就绪", "成功", "失败了"])];
        let warnings = run(STATUS, &mut merged);
        assert_eq!(names_of(&merged[0]), [None, None, None]);
        let kinds: Vec<_> = warnings.iter().map(|w| w.kind).collect();
        assert_eq!(
            kinds,
            [
                WarningKind::UnnamedValue,
                WarningKind::UnnamedValue,
                WarningKind::UnnamedValue,
                WarningKind::ValueNames
            ]
        );
        // A superset of the values does not match either.
        let mut bigger = deployment("GetDeployment", 10, ["就绪", "成功", "失败"]);
        bigger.draft.fields[0].fields[0]
            .enum_values
            .push(ev("3", "克隆"));
        let mut merged = [bigger];
        let warnings = run(STATUS, &mut merged);
        assert_eq!(names_of(&merged[0]), [None, None, None, None]);
        assert_eq!(warnings.len(), 5, "{warnings:?}");
    }

    #[test]
    fn integer_entries_leave_plain_numbers_unnamed_without_warning() {
        let file = r#"
- match: {"1": "", "3": "", "5": "", "7": "", "8": ""}
  integer: true
  why: Baseline priority, no labels.
"#;
        let priority = |vals: &[&str]| {
            int_field(
                "Priority",
                vals.iter().map(|v| ev(v, "")).collect::<Vec<_>>(),
            )
        };
        let mut merged = [op(
            "GetBaselineConfig",
            7,
            Vec::new(),
            vec![priority(&["1", "3", "5", "7", "8"])],
        )];
        assert!(run(file, &mut merged).is_empty());
        assert!(merged[0].draft.fields[0]
            .enum_values
            .iter()
            .all(|v| v.name.is_none()));
        // The same entry does not cover another set of plain numbers.
        let mut merged = [op(
            "GetBaselineStatus",
            7,
            Vec::new(),
            vec![priority(&["1", "2", "5", "7", "8"])],
        )];
        let warnings = run(file, &mut merged);
        let unnamed = warnings
            .iter()
            .filter(|w| w.kind == WarningKind::UnnamedValue)
            .count();
        assert_eq!(unnamed, 5);
    }

    #[test]
    fn a_stale_entry_is_reported_at_its_line() {
        let file = format!(
            "{STATUS}\n- match:\n    \"0\": 否\n    \"1\": 是\n  names:\n    \"0\": \"No\"\n    \"1\": \"Yes\"\n  why: yes/no flags.\n"
        );
        let stale_line = file.lines().position(|l| l == "- match:").unwrap();
        let second = file
            .lines()
            .skip(stale_line + 1)
            .position(|l| l == "- match:");
        let line = stale_line + 1 + second.unwrap() + 1;
        let mut merged = [deployment("GetDeployment", 10, ["就绪", "成功", "失败"])];
        let warnings = run(&file, &mut merged);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let w = &warnings[0];
        assert_eq!(
            (w.file.as_str(), w.line, w.kind),
            (FILE, line, WarningKind::ValueNames)
        );
        assert!(w.message.contains("entry 2"), "{}", w.message);
        assert!(w.message.contains("0: 否"), "{}", w.message);
    }

    #[test]
    fn unnamed_values_are_reported_once_each_at_the_operation() {
        let mut set = deployment("GetDeployment", 1302, ["就绪", "成功", "失败"]);
        // Values that name themselves or carry a label need no entry.
        set.draft.params.push(Param {
            enum_values: vec![ev("DEV", "开发环境"), ev("PROD", "生产环境")],
            ..Param::new("Env", Type::String, false)
        });
        set.draft.params.push(Param {
            enum_values: vec![
                EnumValue {
                    label: Some("OSS".into()),
                    ..ev("0", "表示OSS。")
                },
                ev("1", "表示本地。"),
            ],
            ..Param::new("Kind", Type::Int32, false)
        });
        let mut merged = [set];
        let warnings = run("", &mut merged);
        let got: Vec<_> = warnings
            .iter()
            .map(|w| {
                (
                    w.file.as_str(),
                    w.line,
                    w.kind,
                    w.operation.as_deref(),
                    w.message.as_str(),
                )
            })
            .collect();
        let expect = |path: &str, v: &str, d: &str| {
            format!(
                "{path}: value {v} ({d}) has no name; name its value set in spec/value_names.yaml"
            )
        };
        let messages = [
            expect("request Kind", "1", "表示本地。"),
            expect("response Data.Status", "0", "就绪"),
            expect("response Data.Status", "1", "成功"),
            expect("response Data.Status", "2", "失败"),
        ];
        let want: Vec<_> = messages
            .iter()
            .map(|m| {
                (
                    "003_ref.txt",
                    1302,
                    WarningKind::UnnamedValue,
                    Some("GetDeployment"),
                    m.as_str(),
                )
            })
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn malformed_entries_are_errors_naming_the_entry() {
        let entry =
            |names: &str| format!("- match:\n    \"0\": 否\n    \"1\": 是\n{names}  why: flags.\n");
        let cases = [
            (
                entry("  names:\n    \"0\": no\n    \"1\": \"Yes\"\n"),
                "not an UpperCamelCase identifier",
            ),
            (
                entry("  names:\n    \"0\": Not_Yes\n    \"1\": \"Yes\"\n"),
                "not an UpperCamelCase identifier",
            ),
            (
                entry("  names:\n    \"0\": 1No\n    \"1\": \"Yes\"\n"),
                "not an UpperCamelCase identifier",
            ),
            (
                entry("  names:\n    \"0\": Unknown\n    \"1\": \"Yes\"\n"),
                "not an UpperCamelCase identifier",
            ),
            (
                entry("  names:\n    \"0\": Flag\n    \"1\": Flag\n"),
                "name `Flag` is given to both",
            ),
            (
                entry("  names:\n    \"0\": \"No\"\n"),
                "differ from `match` keys",
            ),
            (
                entry("  names:\n    \"0\": \"No\"\n    \"1\": \"Yes\"\n    \"2\": Maybe\n"),
                "differ from `match` keys",
            ),
            (entry(""), "needs `names`"),
            (
                entry("  integer: true\n  names:\n    \"0\": \"No\"\n    \"1\": \"Yes\"\n"),
                "both `names` and `integer: true`",
            ),
        ];
        for (text, why) in &cases {
            // A valid first entry, so the bad one is entry 2.
            let file = format!("# header\n{STATUS}\n{text}");
            let line = file.lines().filter(|l| l.starts_with("- ")).count();
            assert_eq!(line, 2);
            let at = file
                .lines()
                .enumerate()
                .filter(|(_, l)| l.starts_with("- "))
                .nth(1)
                .map(|(i, _)| i + 1)
                .unwrap();
            let err = parse(&file).expect_err(why);
            assert!(err.contains(&format!("entry 2 (line {at})")), "{err}");
            assert!(err.contains(why), "{why}: {err}");
        }
        // The same value set twice.
        let err = parse(&format!("{STATUS}{STATUS}")).unwrap_err();
        assert!(err.contains("same value set as entry 1"), "{err}");
        // Unknown keys and bad YAML.
        assert!(parse("- {match: {\"0\": a}, integer: true, why: w, extra: 1}").is_err());
        assert!(parse("- match: [").is_err());
    }

    #[test]
    fn load_names_the_file_and_a_missing_file_means_no_entries() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("spec");
        std::fs::create_dir(&spec).unwrap();
        let path = spec.join(FILE_NAME);
        assert_eq!(load(&path).unwrap(), ValueNames::default());
        std::fs::write(&path, "# only a header\n").unwrap();
        assert_eq!(load(&path).unwrap(), ValueNames::default());
        std::fs::write(&path, STATUS.replace("\"0\": Ready", "\"0\": ready")).unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("spec/value_names.yaml"), "{err}");
        assert!(err.contains("entry 1 (line 2)"), "{err}");
        assert!(err.contains("`ready`"), "{err}");
    }

    #[test]
    fn unquoted_wire_values_read_as_text() {
        let names = parse("- match: {0: 否, 1: 是}\n  names: {0: 'No', 1: 'Yes'}\n  why: w\n")
            .expect("valid");
        let keys: Vec<&str> = names.entries[0]
            .matches
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["0", "1"]);
    }

    #[test]
    fn self_naming_values() {
        for v in ["DI_REALTIME", "PROD", "success", "Dev2"] {
            assert!(is_self_naming(v), "{v}");
        }
        for v in ["0", "1a", "_x", "", "ODPS SQL", "a.b", "开发"] {
            assert!(!is_self_naming(v), "{v}");
        }
    }
}
