//! How tests find the documents: the one place every test that reads `../shared/seeds`
//! goes through, so that a clone without the documents skips those tests with one clear
//! line, and CI (where the documents are always beside the clone) fails instead.
//!
//! The directory is the scraper's own ([`scrape::docs_dir`]): `$DWGEN_DOCS`, else
//! `../shared/seeds` beside the workspace. It counts as absent when it does not exist or
//! holds no file.
//!
//! ```no_run
//! # fn a_test() {
//! let Some(docs) = xtask::test_docs::docs_or_skip() else { return };
//! let (name, text) = docs.read("003_");
//! # }
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::scrape;

/// The environment variable CI sets; when it is set (to anything but `false` or `0`),
/// missing documents fail the test instead of skipping it.
pub const CI_ENV: &str = "CI";

/// The first words of the line a skipped test prints, so scripts can count skips.
pub const SKIP_PREFIX: &str = "skipped (no documents)";

/// A documents directory that exists and holds files.
#[derive(Debug, Clone)]
pub struct Docs {
    dir: PathBuf,
}

impl Docs {
    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The path of the document named `file` (which need not exist).
    pub fn join(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// The name and text of the document whose file name starts with `prefix`.
    ///
    /// # Panics
    /// When no such document exists or it cannot be read as UTF-8: the directory holds
    /// documents, so a missing one is a broken test, not a reason to skip.
    pub fn read(&self, prefix: &str) -> (String, String) {
        let entries = std::fs::read_dir(&self.dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", self.dir.display()));
        let entry = entries
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
            .unwrap_or_else(|| {
                panic!(
                    "no document named {prefix}* in {} (the directory holds other documents)",
                    self.dir.display()
                )
            });
        let name = entry.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(entry.path())
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", entry.path().display()));
        (name, text)
    }
}

/// The documents, or `None` after announcing the skip on stderr.
///
/// Call it first in a test that needs the documents and return when it gives `None`.
///
/// # Panics
/// Under CI (`CI=true`) when the documents are absent: CI always has them beside its
/// clone, so a skip there would hide a broken path.
pub fn docs_or_skip() -> Option<Docs> {
    let test = std::thread::current()
        .name()
        .filter(|name| *name != "main")
        .unwrap_or("a test that reads the documents")
        .to_owned();
    match find(scrape::docs_dir(None), under_ci()) {
        Found::Docs(docs) => Some(docs),
        Found::Fail(why) => panic!("{test}: {why}"),
        Found::Skip(why) => {
            // Written to the process's stderr directly: the test harness captures
            // `eprintln!` of passing tests, and this line is meant to be seen.
            let _ = writeln!(std::io::stderr().lock(), "{SKIP_PREFIX}: {test}: {why}");
            None
        }
    }
}

/// What [`docs_or_skip`] does for a directory.
#[derive(Debug)]
enum Found {
    Docs(Docs),
    Skip(String),
    Fail(String),
}

fn find(dir: PathBuf, under_ci: bool) -> Found {
    if holds_files(&dir) {
        return Found::Docs(Docs { dir });
    }
    if under_ci {
        Found::Fail(format!(
            "no documents in {} and {CI_ENV} is set: under CI the documents must be there \
             (set {} to the directory that holds them)",
            dir.display(),
            scrape::DOCS_ENV,
        ))
    } else {
        Found::Skip(format!(
            "{} holds no documents; set {} to the documents directory \
             ({CI_ENV}=true makes this a failure)",
            dir.display(),
            scrape::DOCS_ENV,
        ))
    }
}

/// Whether the environment says this is a CI run.
pub fn under_ci() -> bool {
    std::env::var(CI_ENV).is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn holds_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.file_type().is_ok_and(|t| t.is_file()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_without_files_holds_no_documents() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!holds_files(dir.path()));
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert!(!holds_files(dir.path()), "a subdirectory is not a document");
        assert!(!holds_files(&dir.path().join("missing")));
        std::fs::write(dir.path().join("003_x.txt"), "text").unwrap();
        assert!(holds_files(dir.path()));
    }

    #[test]
    fn absent_documents_skip_outside_ci_and_fail_under_it() {
        let empty = tempfile::tempdir().unwrap();
        let dir = empty.path().to_path_buf();
        match find(dir.clone(), false) {
            Found::Skip(why) => {
                assert!(why.contains(&dir.display().to_string()), "{why}");
                assert!(why.contains("DWGEN_DOCS"), "{why}");
            }
            other => panic!("expected a skip, got {other:?}"),
        }
        assert!(matches!(find(dir.clone(), true), Found::Fail(why) if why.contains("CI")));
        std::fs::write(dir.join("003_x.txt"), "text").unwrap();
        assert!(matches!(find(dir.clone(), true), Found::Docs(docs) if docs.dir() == dir));
    }

    #[test]
    fn read_finds_a_document_by_prefix() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("003_abc.txt"), "参考").unwrap();
        let docs = Docs {
            dir: dir.path().to_path_buf(),
        };
        assert_eq!(docs.read("003_"), ("003_abc.txt".into(), "参考".into()));
        let missing = std::panic::catch_unwind(|| docs.read("004_")).unwrap_err();
        let message = missing.downcast_ref::<String>().unwrap();
        assert!(message.contains("004_*"), "{message}");
    }
}
