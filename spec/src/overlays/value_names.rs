//! The reviewed value-names file `spec/value_names.yaml`: English names for the values
//! of value sets whose documentation gives only a Chinese label (`0（就绪）`), so that
//! the generator can name their variants without guessing a translation.
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
//! The scraper (`xtask/src/scrape/value_names.rs`) writes the names into the values'
//! `name` key. A malformed entry is an error naming the file and the entry.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::error::SpecError;

/// The file's name, beside `errata.yaml` in `spec/`.
pub const FILE_NAME: &str = "value_names.yaml";

/// How warnings refer to the file.
pub const FILE: &str = "spec/value_names.yaml";

/// One entry of the file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The value set as documented: wire value → documented label.
    #[serde(rename = "match")]
    pub matches: BTreeMap<String, String>,
    /// Wire value → English name.
    #[serde(default)]
    pub names: Option<BTreeMap<String, String>>,
    /// Deliberately no names: the generator keeps the value set a plain integer.
    #[serde(default)]
    pub integer: bool,
    /// Which value set this is and why these names.
    pub why: String,
}

/// The loaded file: its entries and the line each starts on (for warnings).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValueNames {
    /// The entries, in file order.
    pub entries: Vec<Entry>,
    /// 1-based line of each entry's `- ` (0 where unknown).
    pub lines: Vec<usize>,
}

/// Reads the file at `path`; a missing file means no entries. A malformed file or
/// entry is an error naming the file and the entry.
pub fn load(path: &Path) -> Result<ValueNames, SpecError> {
    if !path.exists() {
        return Ok(ValueNames::default());
    }
    let text = std::fs::read_to_string(path).map_err(|source| SpecError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse(&text).map_err(|message| SpecError::Invalid {
        path: path.to_owned(),
        message,
    })
}

/// Parses and checks the file's text.
pub fn parse(text: &str) -> Result<ValueNames, String> {
    let entries: Vec<Entry> = if text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    }) {
        Vec::new()
    } else {
        serde_norway::from_str(text).map_err(|e| format!("invalid value names: {e}"))?
    };
    let starts: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- ") || *l == "-")
        .map(|(i, _)| i + 1)
        .collect();
    let lines = if starts.len() == entries.len() {
        starts
    } else {
        vec![0; entries.len()]
    };
    let names = ValueNames { entries, lines };
    let mut seen: BTreeMap<Vec<(String, String)>, usize> = BTreeMap::new();
    for (i, entry) in names.entries.iter().enumerate() {
        let at = names.describe(i);
        check(entry).map_err(|msg| format!("{at}: {msg}"))?;
        let key: Vec<(String, String)> = entry
            .matches
            .iter()
            .map(|(v, l)| (v.clone(), normalize(l)))
            .collect();
        if let Some(first) = seen.insert(key, i) {
            return Err(format!(
                "{at}: matches the same value set as {}",
                names.describe(first)
            ));
        }
    }
    Ok(names)
}

impl ValueNames {
    /// `entry 3 (line 25)`, to point a maintainer at an entry.
    pub fn describe(&self, i: usize) -> String {
        match self.lines.get(i).copied().unwrap_or(0) {
            0 => format!("entry {}", i + 1),
            line => format!("entry {} (line {line})", i + 1),
        }
    }
}

/// Checks one entry's shape.
fn check(entry: &Entry) -> Result<(), String> {
    if entry.matches.is_empty() {
        return Err("`match` lists no value".into());
    }
    if entry.why.trim().is_empty() {
        return Err("`why` is empty: say which value set this is and why".into());
    }
    let names = match (&entry.names, entry.integer) {
        (Some(_), true) => return Err("has both `names` and `integer: true`".into()),
        (None, false) => return Err("needs `names` (or `integer: true`)".into()),
        (None, true) => return Ok(()),
        (Some(names), false) => names,
    };
    let keys = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<BTreeSet<_>>();
    if keys(names) != keys(&entry.matches) {
        return Err(format!(
            "`names` keys {:?} differ from `match` keys {:?}",
            keys(names),
            keys(&entry.matches)
        ));
    }
    let mut used: BTreeMap<&str, &str> = BTreeMap::new();
    for (value, name) in names {
        if !is_upper_camel(name) {
            return Err(format!(
                "name `{name}` (for {value:?}) is not an UpperCamelCase identifier (ASCII letters and digits, starting with an upper-case letter; not `Self` or `Unknown`)"
            ));
        }
        if let Some(other) = used.insert(name, value) {
            return Err(format!(
                "name `{name}` is given to both {other:?} and {value:?}"
            ));
        }
    }
    Ok(())
}

/// Whether `name` is an UpperCamelCase ASCII identifier usable as a variant name:
/// starts with an upper-case letter, only letters and digits, not `Self` and not
/// `Unknown` (the generator's fallback variant).
pub fn is_upper_camel(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && !matches!(name, "Self" | "Unknown")
}

/// A documented label as compared with `match`: trimmed, without a leading `表示`
/// and without trailing `。` or `.`.
pub fn normalize(label: &str) -> String {
    let t = label.trim();
    let t = t.strip_prefix("表示").unwrap_or(t);
    t.trim().trim_end_matches(['。', '.']).trim_end().to_owned()
}
