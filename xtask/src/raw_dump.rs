//! `cargo xtask raw FILE`: prints the raw rows a layout parser reads from one document,
//! so a maintainer can see how the scraper understood it.

use std::path::Path;

use anyhow::Context;

use crate::scrape::diag::Diagnostics;
use crate::scrape::layout;

/// Parses `path` with its detected layout and prints rows and warnings.
pub fn run(path: &Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let layout = layout::detect(&name, &text)?;
    let mut diag = Diagnostics::new();
    let doc = layout.parse(&name, &text, &mut diag)?;
    println!(
        "# {name}: layout {}, version {:?}",
        layout.kind().id(),
        doc.version
    );
    for op in &doc.operations {
        println!(
            "## {} ({:?}) lines {:?} category {:?}",
            op.name.as_deref().unwrap_or("?"),
            op.description,
            op.lines,
            op.category_title
        );
        for (side, rows) in [("req", &op.request), ("resp", &op.response)] {
            for r in rows {
                println!(
                    "  {side} {}:{} | {} | {:?} | {:?} | {:?}",
                    r.line, r.name, r.type_text, r.required, r.example, r.description
                );
            }
        }
        for e in &op.errors {
            println!(
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
                println!("  {k} {}: {} lines", t.line, t.text.lines().count());
            }
        }
    }
    if let Some(s) = &doc.service {
        println!(
            "# tiers {:?}\n# categories {:?}\n# overview rows {}",
            s.tiers,
            s.categories,
            s.overview.len()
        );
        for e in &s.overview {
            println!(
                "  ov {}: {} {} {}",
                e.line, e.name, e.category_title, e.tier
            );
        }
    }
    for w in diag.into_sorted() {
        println!("warning: {w}");
    }
    Ok(())
}
