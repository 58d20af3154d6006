//! `cargo xtask raw FILE`: prints what the scraper reads from one document, so a
//! maintainer can see how it understood it: the layout and, for a help-centre page, the
//! rendering of each table (`one-line-rows`, `glued`, `cell-per-line`, `pipe`,
//! `pipe-newline`; `description-only` for a page with no readable table), each table's
//! header and column order, the rows (`req` for a request parameter; `member` and its
//! path, `Tags[].Key`, for a member of a request object or array as the nesting places
//! it), errors, examples and warnings.

use std::path::Path;

use anyhow::Context;

use crate::scrape::diag::Diagnostics;
use crate::scrape::interpret::COMMON_PARAMS;
use crate::scrape::layout;
use crate::scrape::nest::{self, Ctx};
use crate::scrape::raw::{layout_id, LayoutKind, RawOperation};

/// Parses `path` with its detected layout and prints rows and warnings.
pub fn run(path: &Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    print!("{}", render(&name, &text)?);
    Ok(())
}

/// The dump of one document's text (what [`run`] prints). A page with no readable
/// table is named `description-only`, then its error is returned.
pub fn render(name: &str, text: &str) -> anyhow::Result<String> {
    use std::fmt::Write as _;
    let mut out = String::new();
    let layout = layout::detect(name, text)?;
    let mut diag = Diagnostics::new();
    let doc = match layout.parse(name, text, &mut diag) {
        Ok(doc) => doc,
        Err(e) if layout.kind() == LayoutKind::Page && e.message.starts_with("no readable") => {
            anyhow::bail!("{e}\n# {name}: layout page, rendering description-only");
        }
        Err(e) => return Err(e.into()),
    };
    let _ = writeln!(
        out,
        "# {name}: layout {}, language {}, version {:?}",
        layout_id(layout.kind(), &doc),
        doc.language
            .as_deref()
            .unwrap_or_else(|| layout.kind().language()),
        doc.version
    );
    for op in &doc.operations {
        let op_name = op.name.as_deref().unwrap_or("?");
        let _ = writeln!(
            out,
            "## {op_name} ({:?}) lines {:?} category {:?}",
            op.description, op.lines, op.category_title
        );
        for t in &op.tables {
            let _ = writeln!(
                out,
                "  table {} line {}: rendering {}, header {} [{}], {} rows",
                t.role.id(),
                t.header_line,
                t.rendering.id(),
                t.header_form,
                t.columns.join(", "),
                t.rows
            );
        }
        if let Some(cut) = &op.truncated {
            let _ = writeln!(
                out,
                "  truncated: the text ends inside the {} table at line {} (last row {:?}, cut row {:?})",
                cut.role.id(),
                cut.line,
                cut.last_row,
                cut.cut_row
            );
        }
        let paths = request_paths(name, op_name, op, &mut diag);
        for (k, r) in op.request.iter().enumerate() {
            let shown = paths.get(k).map_or(r.name.as_str(), String::as_str);
            // A member of a request object or array is not a parameter: shown apart.
            let tag = if shown == r.name { "req" } else { "member" };
            let _ = writeln!(
                out,
                "  {tag} {}:{} | {} | {:?} | {:?} | {:?}",
                r.line, shown, r.type_text, r.required, r.example, r.description
            );
        }
        for r in &op.response {
            let _ = writeln!(
                out,
                "  resp {}:{} | {} | {:?} | {:?} | {:?}",
                r.line, r.name, r.type_text, r.required, r.example, r.description
            );
        }
        for e in &op.errors {
            let _ = writeln!(
                out,
                "  err {}: {} {} | {} | {}",
                e.line, e.status, e.code, e.message, e.description
            );
        }
        for (k, t) in [
            ("reqex", &op.request_example),
            ("json", &op.response_json),
            ("xml", &op.response_xml),
        ] {
            if let Some(t) = t {
                let _ = writeln!(out, "  {k} {}: {} lines", t.line, t.text.lines().count());
            }
        }
    }
    if let Some(s) = &doc.service {
        let _ = writeln!(
            out,
            "# tiers {:?}\n# categories {:?}\n# overview rows {}",
            s.tiers,
            s.categories,
            s.overview.len()
        );
        for e in &s.overview {
            let _ = writeln!(
                out,
                "  ov {}: {} {} {}",
                e.line, e.name, e.category_title, e.tier
            );
        }
    }
    for w in diag.into_sorted() {
        let _ = writeln!(out, "warning: {w}");
    }
    Ok(out)
}

/// Each request row's name as the nesting places it: a top-level parameter's name, a
/// member's path (`Tags[].Key`), an item row's `Tags[]`; common parameters as printed.
fn request_paths(
    file: &str,
    op_name: &str,
    op: &RawOperation,
    diag: &mut Diagnostics,
) -> Vec<String> {
    let keep: Vec<usize> = (0..op.request.len())
        .filter(|&k| {
            op.request
                .get(k)
                .is_some_and(|r| !COMMON_PARAMS.contains(&r.name.as_str()))
        })
        .collect();
    let rows: Vec<_> = keep
        .iter()
        .filter_map(|&k| op.request.get(k).cloned())
        .collect();
    let ctx = Ctx {
        file,
        operation: op_name,
    };
    let placed = nest::request_row_paths(&ctx, &rows, diag);
    let mut out: Vec<String> = op.request.iter().map(|r| r.name.clone()).collect();
    for (k, path) in keep.iter().zip(placed) {
        if let Some(slot) = out.get_mut(*k) {
            *slot = path;
        }
    }
    out
}
