//! `cargo xtask scrape`: documents → spec. The pipeline, one module per step:
//! [`layout`] detects and parses each document into [`raw`] rows (the PDF reference, a
//! help-centre page in any language and rendering, a page saved as HTML); [`defects`]
//! reports documentation defects (and corrects a shifted description column where that
//! is unambiguous) and [`errata`] applies the reviewed corrections; [`interpret`]
//! types and nests the rows (with [`types`], [`enums`], [`example`], [`nest`]) and finds
//! the one-of groups the descriptions state ([`one_of`]), to which [`errata`] then applies
//! the reviewed group corrections; [`merge`] combines documents describing the same
//! operation (by completeness, kind and date, whatever the file order; required values
//! from a document that states them), and [`one_of`] settles the table's required flags
//! against the groups;
//! [`value_names`] names the values of value sets the documentation labels only in
//! Chinese; [`catalog`] assigns tiers and categories; [`render`] produces the YAML and
//! [`write`](mod@write) swaps it into `spec/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

pub mod catalog;
pub mod defects;
pub mod diag;
pub mod enums;
pub mod errata;
pub mod example;
pub mod interpret;
pub mod layout;
pub mod merge;
pub mod nest;
pub mod one_of;
pub mod raw;
pub mod render;
pub mod rpc_names;
pub mod types;
pub mod value_names;
pub mod write;

use diag::{Diagnostics, Warning, WarningKind};
pub use raw::Document;

/// Environment variable that overrides the default documents directory.
pub const DOCS_ENV: &str = "DWGEN_DOCS";

/// The documents directory: `--docs`, else `$DWGEN_DOCS`, else `../shared/seeds` beside
/// the workspace.
pub fn docs_dir(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| std::env::var_os(DOCS_ENV).map(PathBuf::from))
        .unwrap_or_else(|| workspace_root().join("../shared/seeds"))
}

/// The workspace root (the parent of the xtask crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The result of a scrape, before anything is written.
#[derive(Debug)]
pub struct Outcome {
    /// The rendered spec files (relative to `spec/`).
    pub files: write::Files,
    /// All warnings, sorted.
    pub warnings: Vec<Warning>,
    /// Human-readable run summary.
    pub summary: String,
}

/// Reads and parses every document in `docs` (sorted by file name). Hidden files are
/// skipped; any other file must be readable UTF-8 in a known layout.
pub fn read_documents(docs: &Path, diag: &mut Diagnostics) -> anyhow::Result<Vec<Document>> {
    let entries = std::fs::read_dir(docs)
        .with_context(|| format!("cannot read the documents directory {}", docs.display()))?;
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", docs.display()))?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
            paths.push(entry.path());
        }
    }
    paths.sort();
    if paths.is_empty() {
        bail!("no documents in {}", docs.display());
    }
    let mut out = Vec::new();
    for path in paths {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| anyhow::anyhow!("{}: not UTF-8 text ({e})", path.display()))?;
        let layout = layout::detect(&file, &text)?;
        let raw = layout.parse(&file, &text, diag)?;
        out.push(Document {
            file,
            layout: layout.kind(),
            raw,
        });
    }
    Ok(out)
}

/// Scrapes `docs` into a rendered spec, applying the errata file at `errata_path` and
/// the value-names file beside it ([`value_names::FILE_NAME`]; either may be missing).
pub fn scrape(docs: &Path, errata_path: &Path) -> anyhow::Result<Outcome> {
    let mut diag = Diagnostics::new();
    let documents = read_documents(docs, &mut diag)?;
    let entries = errata::load(errata_path)?;
    let names = value_names::load(&errata_path.with_file_name(value_names::FILE_NAME))?;
    let errata_file = "spec/errata.yaml";
    let mut drafts: BTreeMap<String, Vec<interpret::Draft>> = BTreeMap::new();
    let mut errata_used = vec![false; entries.len()];
    let mut corrected: Vec<String> = Vec::new();
    for doc in &documents {
        for raw_op in &doc.raw.operations {
            let mut op = raw_op.clone();
            if op.name.is_none() {
                match errata::identified_name(&entries, &doc.file) {
                    Some((_, name)) => op.name = Some(name),
                    None => {
                        diag.warn(
                            &doc.file,
                            op.lines.0,
                            WarningKind::UnparsedRow,
                            None,
                            "the document never states its operation's name; add an `identify_as` entry to spec/errata.yaml",
                        );
                        continue;
                    }
                }
            }
            let name = op.name.clone().unwrap_or_default();
            let shifted = defects::shifted_descriptions(&op);
            let applied = errata::apply(&entries, errata_file, &doc.file, &mut op, &mut diag);
            for &i in &applied {
                errata_used[i] = true;
            }
            if let Some(shift) = shifted {
                let lines = &shift.lines;
                let first = lines.first().copied().unwrap_or(op.lines.0);
                if !applied.is_empty() {
                    corrected.push(format!(
                        "{}:{first} {name}: shifted description column, corrected by errata",
                        doc.file
                    ));
                } else if let Some(table) = shift.correctable {
                    let lost = defects::shift_down(&mut op, table).unwrap_or_default();
                    diag.warn(
                        &doc.file,
                        first,
                        WarningKind::DocDefect,
                        Some(&name),
                        format!(
                            "description column shifted by one row (rows at lines {lines:?} describe the next row); corrected: every description of the table moved down one row, `{lost}`'s own description is lost"
                        ),
                    );
                    corrected.push(format!(
                        "{}:{first} {name}: shifted description column, corrected (unambiguous)",
                        doc.file
                    ));
                } else {
                    diag.warn(
                        &doc.file,
                        first,
                        WarningKind::DocDefect,
                        Some(&name),
                        format!(
                            "description column looks shifted by one row (rows at lines {lines:?} describe the next row); correct it in spec/errata.yaml"
                        ),
                    );
                }
            }
            let page = doc.layout == raw::LayoutKind::Page;
            for (line, row) in defects::example_is_own_name(&op)
                .into_iter()
                .filter(|_| page)
            {
                diag.warn(
                    &doc.file,
                    line,
                    WarningKind::DocDefect,
                    Some(&name),
                    format!(
                        "`{row}`'s example is its own name (a rendering defect); kept as printed"
                    ),
                );
            }
            let source = interpret::Source {
                file: &doc.file,
                layout: doc.layout,
                language: doc.language(),
                version: doc.raw.version.as_deref(),
            };
            let mut draft = interpret::interpret(source, &name, &op, &mut diag);
            errata::apply_to_draft(&entries, errata_file, &doc.file, &op, &mut draft, &mut diag);
            one_of::settle_draft(&draft.name, &mut draft.params, &draft.one_of, &mut diag);
            drafts.entry(name).or_default().push(draft);
        }
    }
    for (i, used) in errata_used.iter().enumerate() {
        if !used {
            diag.warn(
                errata_file,
                0,
                WarningKind::Errata,
                Some(&entries[i].operation),
                format!(
                    "entry {} for {} matched no operation",
                    i + 1,
                    entries[i].file
                ),
            );
        }
    }
    let mut merged: Vec<merge::Merged> = drafts
        .into_values()
        .filter_map(|d| merge::merge(d, &mut diag))
        .collect();
    for m in &mut merged {
        let d = &mut m.draft;
        one_of::settle_required(&d.name, &mut d.params, &d.one_of, &mut diag);
    }
    value_names::apply(&names, &mut merged, &mut diag);
    let rendered = render::render(&documents, merged, &mut diag)?;
    let warnings = diag.into_sorted();
    let summary = render::summary(&documents, &rendered.per_category, &warnings, &corrected);
    let mut files = rendered.files;
    files.insert(
        PathBuf::from("warnings.txt"),
        render::warnings_file(&documents, &warnings),
    );
    Ok(Outcome {
        files,
        warnings,
        summary,
    })
}

/// `cargo xtask scrape`: scrape, print the summary, and write `spec_dir` atomically.
/// With `strict`, any warning is an error and nothing is written.
pub fn run(docs: &Path, spec_dir: &Path, strict: bool) -> anyhow::Result<()> {
    let outcome = scrape(docs, &spec_dir.join("errata.yaml"))?;
    eprintln!("{}", outcome.summary);
    if strict && !outcome.warnings.is_empty() {
        bail!(
            "--strict: {} warning(s); nothing written (see above)",
            outcome.warnings.len()
        );
    }
    write::write_dir(spec_dir, &outcome.files)?;
    eprintln!(
        "wrote {} files to {}",
        outcome.files.len(),
        spec_dir.display()
    );
    Ok(())
}
