//! `cargo xtask check`: fails, with a readable summary, when `spec/` or `generated/`
//! differs from what the tools produce (the drift check CI runs).

use std::path::Path;

use anyhow::bail;

use crate::generate;
use crate::scrape::{self, write};

/// How two file trees differ.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files the tools produce that are missing on disk.
    pub missing: Vec<String>,
    /// Files on disk the tools do not produce.
    pub extra: Vec<String>,
    /// Files whose contents differ: path, first differing line (1-based), expected, found.
    pub changed: Vec<(String, usize, String, String)>,
}

impl Drift {
    /// Whether the trees are identical.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty() && self.changed.is_empty()
    }

    /// A readable summary, one line per file.
    pub fn summary(&self, label: &str) -> String {
        let mut s = String::new();
        for p in &self.missing {
            s.push_str(&format!("  {label}/{p}: missing (the tools produce it)\n"));
        }
        for p in &self.extra {
            s.push_str(&format!("  {label}/{p}: not produced by the tools\n"));
        }
        for (p, line, want, got) in &self.changed {
            s.push_str(&format!(
                "  {label}/{p}:{line}: differs\n      expected: {want}\n      found:    {got}\n"
            ));
        }
        s
    }
}

/// Compares what the tools produce (`expected`) with what is on disk (`found`).
pub fn diff(expected: &write::Files, found: &write::Files) -> Drift {
    let mut drift = Drift::default();
    for (path, want) in expected {
        match found.get(path) {
            None => drift.missing.push(path.display().to_string()),
            Some(got) if got != want => {
                let (n, a, b) = first_difference(want, got);
                drift.changed.push((path.display().to_string(), n, a, b));
            }
            Some(_) => {}
        }
    }
    for path in found.keys() {
        if !expected.contains_key(path) {
            drift.extra.push(path.display().to_string());
        }
    }
    drift
}

fn first_difference(want: &str, got: &str) -> (usize, String, String) {
    let mut a = want.lines();
    let mut b = got.lines();
    let mut n = 1;
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => n += 1,
            (x, y) => {
                let show = |l: Option<&str>| {
                    l.map_or("<end of file>".to_owned(), |l| {
                        l.chars().take(120).collect()
                    })
                };
                return (n, show(x), show(y));
            }
        }
    }
}

/// Runs the drift check over `spec_dir` (when the documents are available) and `out_dir`.
pub fn run(docs: &Path, spec_dir: &Path, out_dir: &Path) -> anyhow::Result<()> {
    let mut report = String::new();
    if docs.is_dir() {
        let outcome = scrape::scrape(docs, &spec_dir.join("errata.yaml"))?;
        let drift = diff(&outcome.files, &write::read_generated(spec_dir)?);
        if !drift.is_empty() {
            report.push_str("spec/ differs from `cargo xtask scrape`:\n");
            report.push_str(&drift.summary("spec"));
        }
    } else {
        eprintln!(
            "documents not found at {}: checking generated/ only",
            docs.display()
        );
    }
    let expected = generate::generate(spec_dir)?;
    let drift = diff(&expected, &write::read_tree(out_dir)?);
    if !drift.is_empty() {
        report.push_str("generated/ differs from `cargo xtask codegen`:\n");
        report.push_str(&drift.summary("generated"));
    }
    if !report.is_empty() {
        bail!("{report}run `cargo xtask regen` and review the diff");
    }
    eprintln!("spec/ and generated/ are up to date");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn drift_names_missing_extra_and_changed_files() {
        let mut want = write::Files::new();
        want.insert(PathBuf::from("a.rs"), "x\ny\n".into());
        want.insert(PathBuf::from("b.rs"), "b\n".into());
        let mut got = write::Files::new();
        got.insert(PathBuf::from("a.rs"), "x\nz\n".into());
        got.insert(PathBuf::from("c.rs"), "c\n".into());
        let d = diff(&want, &got);
        assert_eq!(d.missing, ["b.rs"]);
        assert_eq!(d.extra, ["c.rs"]);
        assert_eq!(
            d.changed,
            [("a.rs".to_owned(), 2, "y".to_owned(), "z".to_owned())]
        );
        assert!(d.summary("generated").contains("generated/a.rs:2: differs"));
        assert!(diff(&want, &want).is_empty());
    }
}
