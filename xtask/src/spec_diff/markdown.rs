//! The Markdown report, fit to paste into a pull request:
//!
//! 1. a heading naming both sides;
//! 2. the summary table: changes and operations per class, then the semver bump and the
//!    operation counts;
//! 3. `service.yaml` changes, if any;
//! 4. type-level changes of shared types (`types`), if any;
//! 5. operations with breaking changes, then operations with compatible changes only
//!    (each by name; within an operation breaking changes first), one bullet per change
//!    with its effect in italics, and indented below it the sites of a type-level
//!    change (per part of a split or merge) and hints;
//! 6. documentation-only changes: a count per operation, never the text.

use std::fmt::Write as _;

use super::describe::code;
use super::model::{Change, Class, Report};

/// Renders `report`; `crate_version` is the generated crate's current version, if known.
pub fn render(report: &Report, crate_version: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Spec changes: {} → {}\n",
        code(&report.old_label),
        code(&report.new_label)
    );
    summary(&mut out, report, crate_version);
    if report.changes().next().is_none() {
        out.push_str("\nNo differences that reach the generated crate.\n");
        return out;
    }
    let service: Vec<&Change> = report
        .service
        .iter()
        .filter(|c| c.class != Class::Docs)
        .collect();
    if !service.is_empty() {
        out.push_str("\n### Service (`service.yaml`)\n\n");
        for c in service {
            bullet(&mut out, c);
        }
    }
    if !report.shared_types.is_empty() {
        out.push_str("\n### Shared types (`types`)\n\n");
        for c in &report.shared_types {
            bullet(&mut out, c);
        }
    }
    for (class, title) in [
        (Class::Breaking, "Operations with breaking changes"),
        (Class::Compatible, "Operations with compatible changes only"),
    ] {
        let ops: Vec<_> = report
            .operations
            .iter()
            .filter(|o| o.worst() == Some(class))
            .collect();
        if ops.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title}");
        for op in ops {
            let _ = writeln!(out, "\n#### {} ({})\n", code(&op.name), code(&op.category));
            for c in op.changes.iter().filter(|c| c.class != Class::Docs) {
                bullet(&mut out, c);
            }
        }
    }
    docs(&mut out, report);
    out
}

fn summary(out: &mut String, report: &Report, crate_version: Option<&str>) {
    out.push_str("| | changes | operations |\n|---|---:|---:|\n");
    for class in Class::ALL {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            class.title(),
            report.count(class),
            report.operations_with(class)
        );
    }
    let (added, removed) = report.added_removed();
    let _ = writeln!(
        out,
        "\n**Semver bump: {}.**\n\nOperations: {} → {} ({added} added, {removed} removed).",
        report.bump().describe(crate_version),
        report.old_operations,
        report.new_operations,
    );
}

fn bullet(out: &mut String, c: &Change) {
    let label = match c.class {
        Class::Breaking => "**breaking**",
        Class::Compatible => "compatible",
        Class::Docs => "docs",
    };
    let _ = writeln!(out, "- {label}: {} — _{}_", c.kind.message(), c.reason);
    for (path, sites) in c.kind.type_sites() {
        let owner = path.map_or_else(|| "sites".to_owned(), code);
        let _ = writeln!(out, "  - {owner}: {}", site_list(sites));
    }
    for h in &c.hints {
        let _ = writeln!(out, "  - hint: {h}");
    }
}

/// At most this many sites are listed per line (the JSON report has them all).
const SITES_SHOWN: usize = 6;

fn site_list(sites: &[String]) -> String {
    let mut list: Vec<String> = sites.iter().take(SITES_SHOWN).map(|s| code(s)).collect();
    if sites.len() > SITES_SHOWN {
        list.push(format!("and {} more", sites.len() - SITES_SHOWN));
    }
    list.join(", ")
}

fn docs(out: &mut String, report: &Report) {
    let service = report
        .service
        .iter()
        .filter(|c| c.class == Class::Docs)
        .count();
    let rows: Vec<(String, usize)> = (service > 0)
        .then(|| ("`service.yaml`".to_owned(), service))
        .into_iter()
        .chain(report.operations.iter().filter_map(|o| {
            let n = o.count(Class::Docs);
            (n > 0).then(|| (code(&o.name), n))
        }))
        .collect();
    if rows.is_empty() {
        return;
    }
    out.push_str("\n### Documentation-only changes\n\n");
    out.push_str("Descriptions, summaries, examples and messages (texts changed, not shown):\n\n");
    out.push_str("| operation | texts changed |\n|---|---:|\n");
    for (name, n) in rows {
        let _ = writeln!(out, "| {name} | {n} |");
    }
}
