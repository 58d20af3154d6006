//! Writing generated files to disk atomically: everything is written into a fresh
//! sibling directory, then swapped in with renames, so `spec/` is never half-written.
//! Top-level entries of `spec/` that the scraper does not produce (the hand-written
//! overlays such as `errata.yaml` and `waiters.yaml`, `README.md`, and the spec crate's
//! `Cargo.toml` and `src/`) are carried over, directories with everything in them.
//!
//! A file whose contents did not change is hard-linked into the new directory instead of
//! written again (creating a file costs far more than linking one), so a regeneration
//! that changes a few files costs little more than comparing them; the old directory is
//! never touched before the swap.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// A rendered spec: relative path → file contents.
pub type Files = BTreeMap<PathBuf, String>;

/// Replaces the generated files under `dir` with `files`, atomically; top-level files
/// of `dir` that `files` does not produce (the hand-written errata, names and README)
/// are kept.
pub fn write_dir(dir: &Path, files: &Files) -> anyhow::Result<()> {
    replace_dir(dir, files, true)
}

/// Replaces `dir` with exactly `files`, atomically (for directories that hold nothing
/// written by hand, like `generated/`).
pub fn write_exact(dir: &Path, files: &Files) -> anyhow::Result<()> {
    replace_dir(dir, files, false)
}

fn replace_dir(dir: &Path, files: &Files, keep_others: bool) -> anyhow::Result<()> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".dwgen-staging-")
        .tempdir_in(parent)
        .with_context(|| format!("cannot create a staging directory in {}", parent.display()))?;
    for (rel, contents) in files {
        let path = staging.path().join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).with_context(|| format!("cannot create {}", p.display()))?;
        }
        place(&dir.join(rel), &path, contents)?;
    }
    if dir.exists() {
        if keep_others {
            carry_over(dir, staging.path(), files)?;
        }
        let old = tempfile::Builder::new()
            .prefix(".dwgen-old-")
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a directory in {}", parent.display()))?;
        let old_spec = old.path().join("old");
        std::fs::rename(dir, &old_spec)
            .with_context(|| format!("cannot move {} aside", dir.display()))?;
        if let Err(e) = std::fs::rename(staging.path(), dir) {
            // Put the old spec back; nothing is lost.
            let _ = std::fs::rename(&old_spec, dir);
            return Err(e)
                .with_context(|| format!("cannot move the new spec into {}", dir.display()));
        }
    } else {
        std::fs::rename(staging.path(), dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    Ok(())
}

/// Puts `contents` at `to`: a hard link to `existing` when that file already holds
/// exactly `contents` (and the filesystem allows it), else a newly written file.
fn place(existing: &Path, to: &Path, contents: &str) -> anyhow::Result<()> {
    let unchanged = std::fs::read(existing).is_ok_and(|old| old == contents.as_bytes());
    if unchanged && std::fs::hard_link(existing, to).is_ok() {
        return Ok(());
    }
    std::fs::write(to, contents).with_context(|| format!("cannot write {}", to.display()))
}

/// Carries over the top-level entries of `dir` that the scrape does not produce (e.g.
/// `errata.yaml`, the spec crate's `src/`): files are hard-linked (so their times stay
/// and a build does not see them change), directories recreated with their contents.
fn carry_over(dir: &Path, staging: &Path, files: &Files) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let entry = entry?;
        let rel = PathBuf::from(entry.file_name());
        let generated = files.keys().any(|k| k.starts_with(&rel));
        if !generated {
            link_tree(&entry.path(), &staging.join(&rel))?;
        }
    }
    Ok(())
}

/// Recreates `from` (a file, or a directory and everything in it) at `to`, linking files.
fn link_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    let kind = std::fs::symlink_metadata(from)
        .with_context(|| format!("cannot read {}", from.display()))?
        .file_type();
    if kind.is_dir() {
        std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
        for entry in
            std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?
        {
            let entry = entry?;
            link_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
    } else if kind.is_file() && std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to).with_context(|| format!("cannot copy {}", from.display()))?;
    }
    Ok(())
}

/// Reads the scraper's files currently under a spec `dir` (for drift checks):
/// `service.yaml`, `warnings.txt` and `operations/*.yaml`.
pub fn read_generated(dir: &Path) -> anyhow::Result<Files> {
    let mut out = Files::new();
    for name in ["service.yaml", "warnings.txt"] {
        let p = dir.join(name);
        if p.exists() {
            out.insert(PathBuf::from(name), std::fs::read_to_string(&p)?);
        }
    }
    let ops = dir.join("operations");
    if ops.exists() {
        for entry in std::fs::read_dir(&ops)? {
            let entry = entry?;
            let rel = PathBuf::from("operations").join(entry.file_name());
            out.insert(rel, std::fs::read_to_string(entry.path())?);
        }
    }
    Ok(out)
}

/// Reads every file under `dir` (recursively), relative paths → contents.
pub fn read_tree(dir: &Path) -> anyhow::Result<Files> {
    let mut out = Files::new();
    if dir.exists() {
        read_tree_into(dir, Path::new(""), &mut out)?;
    }
    Ok(out)
}

fn read_tree_into(root: &Path, rel: &Path, out: &mut Files) -> anyhow::Result<()> {
    let here = root.join(rel);
    for entry in
        std::fs::read_dir(&here).with_context(|| format!("cannot read {}", here.display()))?
    {
        let entry = entry?;
        let rel_path = rel.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            read_tree_into(root, &rel_path, out)?;
        } else {
            let text = std::fs::read_to_string(entry.path())
                .with_context(|| format!("cannot read {}", entry.path().display()))?;
            out.insert(rel_path, text);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_generated_files_and_keeps_errata() {
        let tmp = tempfile::tempdir().unwrap();
        let spec = tmp.path().join("spec");
        std::fs::create_dir_all(spec.join("operations")).unwrap();
        std::fs::write(spec.join("errata.yaml"), "[]\n").unwrap();
        std::fs::write(spec.join("README.md"), "# spec/\n").unwrap();
        std::fs::create_dir_all(spec.join("src/overlays")).unwrap();
        std::fs::write(spec.join("src/overlays/waiters.rs"), "// crate\n").unwrap();
        std::fs::write(spec.join("operations/Stale.yaml"), "old").unwrap();
        let mut files = Files::new();
        files.insert("service.yaml".into(), "product: x\n".into());
        files.insert("operations/A.yaml".into(), "name: A\n".into());
        write_dir(&spec, &files).unwrap();
        assert_eq!(
            std::fs::read_to_string(spec.join("errata.yaml")).unwrap(),
            "[]\n"
        );
        assert_eq!(
            std::fs::read_to_string(spec.join("README.md")).unwrap(),
            "# spec/\n"
        );
        assert_eq!(
            std::fs::read_to_string(spec.join("src/overlays/waiters.rs")).unwrap(),
            "// crate\n",
            "the spec crate's sources are carried over"
        );
        assert!(!spec.join("operations/Stale.yaml").exists());
        // The drift check reads only the scraper's files, not the hand-written ones.
        assert_eq!(read_generated(&spec).unwrap(), files);
        // No staging or backup directories are left behind.
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[test]
    fn unchanged_files_are_linked_and_changed_ones_rewritten() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("generated");
        let mut files = Files::new();
        files.insert("src/a.rs".into(), "a\n".into());
        files.insert("src/b.rs".into(), "b\n".into());
        write_exact(&out, &files).unwrap();
        let inode = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
        let (a, b) = (inode("src/a.rs"), inode("src/b.rs"));
        files.insert("src/b.rs".into(), "b2\n".into());
        write_exact(&out, &files).unwrap();
        assert_eq!(inode("src/a.rs"), a, "the unchanged file is the same file");
        assert_ne!(inode("src/b.rs"), b, "the changed file is a new file");
        assert_eq!(read_tree(&out).unwrap(), files);
        assert_eq!(std::fs::metadata(out.join("src/a.rs")).unwrap().nlink(), 1);
    }
}
