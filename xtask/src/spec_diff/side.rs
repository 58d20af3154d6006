//! Loading one side of the comparison: a spec directory, or `spec/` at a git revision
//! of the repository (`HEAD~1`, a branch, a tag, a commit id).
//!
//! An argument naming an existing directory is a directory; anything else is tried as a
//! revision. A revision's `spec/` is extracted with `git archive <commit>:./spec | tar -x`
//! into a temporary directory (run in the repository directory given to [`load`], where
//! `spec/` is the spec directory) and read with [`dwgen_spec::load`], exactly like a
//! directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{anyhow, bail, Context, Result};
use dwgen_spec::Spec;

/// Where a side comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A spec directory (`service.yaml`, `operations/`).
    Dir(PathBuf),
    /// A git revision whose `spec/` is read.
    Revision(String),
}

impl Source {
    /// A directory if `arg` names an existing directory, else a revision.
    pub fn parse(arg: &str) -> Source {
        let path = Path::new(arg);
        if path.is_dir() {
            Source::Dir(path.to_owned())
        } else {
            Source::Revision(arg.to_owned())
        }
    }
}

/// A loaded side: how the report names it, and its spec.
#[derive(Debug)]
pub struct Side {
    /// The directory as given, or `<revision> (<short commit>)` (just the short commit
    /// when the revision is a commit id).
    pub label: String,
    /// The spec.
    pub spec: Spec,
}

/// Loads the side `arg`; `repo` is the repository directory whose `spec/` a revision
/// names (the workspace root).
pub fn load(arg: &str, repo: &Path) -> Result<Side> {
    match Source::parse(arg) {
        Source::Dir(dir) => {
            // The spec error names the file and the cause in its message already.
            let spec = dwgen_spec::load(&dir)
                .map_err(|e| anyhow!("reading the spec directory {}: {e}", dir.display()))?;
            Ok(Side {
                label: arg.to_owned(),
                spec,
            })
        }
        Source::Revision(rev) => load_revision(&rev, repo),
    }
}

/// Runs git in `repo` and returns its trimmed stdout, or `None` if it fails.
fn git(repo: &Path, args: &[&str]) -> Result<Option<String>> {
    let out = Command::new("git")
        .current_dir(repo)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .context("cannot run git (is it installed and on PATH?)")?;
    Ok(out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned()))
}

/// Whether `commit:./path` exists.
fn has_path(repo: &Path, commit: &str, path: &str) -> Result<bool> {
    Ok(git(repo, &["cat-file", "-e", &format!("{commit}:./{path}")])?.is_some())
}

fn load_revision(rev: &str, repo: &Path) -> Result<Side> {
    if rev.is_empty() || rev.starts_with('-') {
        bail!("`{rev}` is neither a spec directory nor a git revision");
    }
    let commit = git(
        repo,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )?
    .filter(|c| !c.is_empty());
    let Some(commit) = commit else {
        bail!(
            "`{rev}` is neither an existing directory nor a revision of the git repository at {} \
             (a shallow clone may lack older commits: `git fetch --unshallow`)",
            repo.display()
        );
    };
    let short = git(repo, &["rev-parse", "--short", &commit])?.unwrap_or_else(|| commit.clone());
    let label = if commit.starts_with(rev) {
        short
    } else {
        format!("{rev} ({short})")
    };
    for path in ["spec/service.yaml", "spec/operations"] {
        if !has_path(repo, &commit, path)? {
            bail!("revision {label} has no {path}");
        }
    }
    let tmp = tempfile::tempdir().context("creating a temporary directory")?;
    extract(repo, &commit, tmp.path()).with_context(|| format!("extracting spec/ at {label}"))?;
    let spec = dwgen_spec::load(tmp.path()).map_err(|e| {
        // Name files as they are in the repository, not in the temporary directory.
        let msg = e
            .to_string()
            .replace(&tmp.path().display().to_string(), "spec");
        anyhow!("reading spec/ at revision {label}: {msg}")
    })?;
    Ok(Side { label, spec })
}

/// `git archive <commit>:./spec | tar -x -C <into>`.
fn extract(repo: &Path, commit: &str, into: &Path) -> Result<()> {
    let mut archive = Command::new("git")
        .current_dir(repo)
        .args(["archive", "--format=tar", &format!("{commit}:./spec")])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run git archive")?;
    let Some(tar_in) = archive.stdout.take() else {
        bail!("git archive gave no output stream");
    };
    let tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(into)
        .stdin(Stdio::from(tar_in))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .context("cannot run tar (needed to unpack a revision's spec/)")?;
    let archived = archive
        .wait_with_output()
        .context("waiting for git archive")?;
    if !archived.status.success() {
        bail!(
            "git archive failed: {}",
            String::from_utf8_lossy(&archived.stderr).trim()
        );
    }
    if !tar.status.success() {
        bail!(
            "tar failed: {}",
            String::from_utf8_lossy(&tar.stderr).trim()
        );
    }
    Ok(())
}
