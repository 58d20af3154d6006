//! `cargo xtask codegen` (spec/ → generated/) and `cargo xtask regen` (scrape, when the
//! documents are available, then codegen).

use std::path::Path;

use anyhow::Context;

use crate::format_cache::CachedFormatter;
use crate::scrape::{self, write};

/// Generates the crate's files from the spec in `spec_dir` (nothing is written), with
/// the cache of formatted files when it can be opened ([`crate::format_cache`]).
pub fn generate(spec_dir: &Path) -> anyhow::Result<write::Files> {
    let spec = dwgen_spec::load(spec_dir)
        .with_context(|| format!("cannot load the spec in {}", spec_dir.display()))?;
    match CachedFormatter::open_default() {
        Some(cache) => {
            let files = codegen::emit::generate_with(&spec, &cache)?;
            cache.prune();
            Ok(files)
        }
        None => Ok(codegen::emit::generate(&spec)?),
    }
}

/// `cargo xtask codegen`: writes `out_dir` (generated/) atomically from `spec_dir`.
pub fn codegen(spec_dir: &Path, out_dir: &Path) -> anyhow::Result<()> {
    let files = generate(spec_dir)?;
    write::write_exact(out_dir, &files)?;
    eprintln!("wrote {} files to {}", files.len(), out_dir.display());
    Ok(())
}

/// `cargo xtask regen`: scrape when the documents directory exists, then codegen.
pub fn regen(docs: &Path, spec_dir: &Path, out_dir: &Path) -> anyhow::Result<()> {
    if docs.is_dir() {
        scrape::run(docs, spec_dir, false)?;
    } else {
        eprintln!(
            "documents not found at {} (set --docs or {}): generating from the checked-in spec only",
            docs.display(),
            scrape::DOCS_ENV
        );
    }
    codegen(spec_dir, out_dir)
}
