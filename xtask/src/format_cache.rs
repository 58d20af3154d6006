//! A cache of formatted generated files, so that regenerating the crate after a change
//! that touches a few operations reformats only those files.
//!
//! Formatting a generated file (parsing its tokens with syn, printing with prettyplease)
//! is most of the generator's work. The cache maps a file's path and its tokens (as
//! text, hashed with SHA-256) to the formatted text. It lives under the target directory
//! (`$CARGO_TARGET_DIR`, else `target/`) in a directory named after the running
//! generator binary (its size and modification time), so a rebuilt generator never
//! reads another build's output; the directories of other builds are removed, and after
//! a whole generation the entries it did not use are too. Any trouble with the cache
//! (unreadable, unwritable) only makes it a miss: the output never depends on it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use codegen::emit::format::{rust_file, RustFormatter};
use codegen::emit::CodegenError;
use proc_macro2::TokenStream;
use sha2::{Digest, Sha256};

/// A [`RustFormatter`] that remembers what it formatted.
#[derive(Debug)]
pub struct CachedFormatter {
    dir: PathBuf,
    used: Mutex<HashSet<String>>,
}

impl CachedFormatter {
    /// The cache of the running generator under `target`, or `None` when the binary's
    /// identity cannot be read (then format without a cache).
    pub fn open(target: &Path) -> Option<Self> {
        let exe = std::env::current_exe().ok()?;
        let meta = std::fs::metadata(&exe).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        let build = format!("{}-{}", meta.len(), modified.as_nanos());
        let root = target.join("dwgen-format-cache");
        if let Ok(entries) = std::fs::read_dir(&root) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy() != build {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = root.join(build);
        std::fs::create_dir_all(&dir).ok()?;
        Some(CachedFormatter {
            dir,
            used: Mutex::new(HashSet::new()),
        })
    }

    /// The default location: `$CARGO_TARGET_DIR`, else `target/` in the workspace.
    pub fn open_default() -> Option<Self> {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| crate::scrape::workspace_root().join("target"));
        Self::open(&target)
    }

    /// Removes the entries this run did not use (after generating the whole crate).
    pub fn prune(&self) {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                if !used.contains(e.file_name().to_string_lossy().as_ref()) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }

    fn key(path: &Path, tokens: &TokenStream) -> String {
        let mut hash = Sha256::new();
        hash.update(path.to_string_lossy().as_bytes());
        hash.update([0]);
        hash.update(tokens.to_string().as_bytes());
        hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl RustFormatter for CachedFormatter {
    fn format(&self, path: &Path, tokens: &TokenStream) -> Result<String, CodegenError> {
        let key = Self::key(path, tokens);
        let entry = self.dir.join(&key);
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.clone());
        if let Ok(text) = std::fs::read_to_string(&entry) {
            return Ok(text);
        }
        let text = rust_file(path, tokens)?;
        // Written aside, then renamed: a reader never sees half an entry.
        let partial = self.dir.join(format!("{key}.partial"));
        if std::fs::write(&partial, &text).is_ok() {
            let _ = std::fs::rename(&partial, &entry);
        }
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn a_hit_returns_what_formatting_gave_and_pruning_keeps_only_used_entries() {
        let target = tempfile::tempdir().unwrap();
        let cache = CachedFormatter::open(target.path()).expect("a cache");
        let a = quote! { pub struct A { pub b: u8 } };
        let b = quote! { pub struct B; };
        let path = Path::new("src/a.rs");
        let first = cache.format(path, &a).unwrap();
        assert_eq!(first, rust_file(path, &a).unwrap());
        assert_eq!(std::fs::read_dir(&cache.dir).unwrap().count(), 1);
        // A hit reads the entry: make it recognisable to prove it was read.
        let entry = cache.dir.join(CachedFormatter::key(path, &a));
        std::fs::write(&entry, "cached").unwrap();
        assert_eq!(cache.format(path, &a).unwrap(), "cached");
        cache.format(Path::new("src/b.rs"), &b).unwrap();
        let next = CachedFormatter::open(target.path()).expect("same build, same cache");
        next.format(Path::new("src/b.rs"), &b).unwrap();
        next.prune();
        let left: Vec<String> = std::fs::read_dir(&next.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, [CachedFormatter::key(Path::new("src/b.rs"), &b)]);
        // Unparsable tokens are an error, never cached.
        assert!(next.format(path, &quote! { pub struct }).is_err());
    }
}
