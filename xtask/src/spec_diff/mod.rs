//! `cargo xtask spec-diff OLD NEW`: what a spec change means for users of the generated
//! crate, as a review report for pull requests.
//!
//! Each side is a spec directory or a git revision whose `spec/` is read ([`side`]). The
//! two specs are compared ([`compare`]) into a [`Report`] ([`model`]), every change is
//! classified ([`classify`]) and described ([`describe`]), and the report is rendered as
//! Markdown ([`markdown`]) or JSON ([`json`], a documented, stable structure). `--fail-on-breaking` makes the command fail when anything breaks.
//!
//! # What is compared
//!
//! Per operation: presence, category, QPS level, deprecation, whether it only reads (the
//! verb rule with each side's `read_only.yaml`, [`codegen::operation_kind`]), request parameters and
//! response fields recursively (paths like `Data.DeployedItems[].FileId`; `[]` is an
//! array's element, `{}` a map's value): presence, type, required flag (request side;
//! whether a document states it, `required_stated`, as a documentation change),
//! wire encoding, documented value sets, element type names; error codes; its waiter
//! (`waiters.yaml`). In `service.yaml`: product, API version, protocol, categories, QPS
//! levels and their limits, common errors, the price table; and `endpoints.yaml`.
//! Renames show as a removal plus an addition (with a hint when only the case differs);
//! a member removed under one parent and added under another with the same name, once
//! each, is a *move*. Texts (descriptions, summaries, examples, messages) are counted as
//! documentation changes. Provenance (`sources`) is ignored: it never reaches the crate.
//!
//! Types: both sides' type spaces are planned as the generator plans them
//! ([`codegen::plan::TypeSpace::plan`], with each side's `type_names.yaml`), and their
//! types are linked through the *sites* both sides have (`GetInstance request
//! ProjectEnv`: operation, request or response, wire path), see the private `types`
//! module. An old type whose sites now have different types is *split*; a new type
//! whose sites had different types is a *merge*; a type whose sites stay together but
//! whose path changes is *renamed* (an operation module's local name, or the shared name
//! in `types`); a type that gains or loses users moves into or out of `types`. Names are
//! compared, not shapes: a value added to a value set is reported once, as a value, unless
//! it splits a shared type. Type-level changes of shared types are reported in their own
//! section, those of types local to one operation (and an operation's local names) with
//! the operation.
//!
//! # Classification rules
//!
//! The generated crate: request structs have one pub field per parameter (`T` when
//! required, `Option<T>` otherwise) and a builder whose `build()` fails on a missing
//! required parameter; nested request types have `Option<T>` members and setters;
//! response types have only `Option<T>` members; structs and enums are
//! `#[non_exhaustive]`; value-set enums and error enums have an `Unknown` fallback; a
//! value set on a scalar becomes a generated enum whose variants are named after the
//! values' labels (else the values); array element type names name generated types.
//!
//! **The rule behind "compatible" for a new value or error code.** Adding a variant to
//! an enum is only compatible when no code written against the old enum can behave
//! differently once the variant exists. `#[non_exhaustive]` makes every `match` carry a
//! wildcard arm, so it still compiles; and the `Unknown` variants hold an *opaque*
//! payload (the runtime's `UnknownValue`, `UnknownInteger`, `UnknownError`: no public
//! field, no public constructor), so no pattern can name the raw value: a match can say
//! `Unknown(_)`, and read the value through `as_str()` / `as_i64()` / `code()`, but it
//! cannot write `Unknown("NEW")`. A value that arrived as `Unknown` before and arrives
//! as its own variant afterwards therefore moves from one wildcard-or-`Unknown(_)` arm to
//! another that the code already had to handle generically. (Code can still compare the
//! accessor's value in a guard, `Unknown(u) if u.as_str() == "NEW"`; that guard stops
//! matching, which is the documented reason not to do so, as in aws-sdk-rust.)
//!
//! | change | class | bump | why |
//! |---|---|---|---|
//! | operation removed | breaking | major | its types go away |
//! | operation added | compatible | minor | new types |
//! | category changed | breaking | major | the operation moves to another module and cargo feature |
//! | QPS level changed | compatible | minor | same API; the client paces the operation by its new level (`Operation::TIER`) |
//! | deprecation changed | compatible | patch | a documentation note |
//! | operation becomes read-only / mutating (`read_only.yaml` or a rename of its verb) | compatible | minor | same API; the client's retries change: a read-only operation is also retried after a 5xx, a timeout or a lost connection, so a wrong entry could repeat a side effect |
//! | request param / member / response field removed | breaking | major | its field (and setter) go away |
//! | optional request param / member added | compatible | minor | a new setter |
//! | required request param / member added | breaking | major | `build()` fails until it is set; requests without it are rejected |
//! | response field added | compatible | minor | response structs are non_exhaustive |
//! | member moved to another parent (nesting) | breaking | major | the field moves to another struct |
//! | type changed (also an element schema appearing or disappearing) | breaking | major | the Rust type changes |
//! | request param / member becomes required | breaking | major | `build()` fails when unset / requests without it are rejected |
//! | top-level request param becomes optional | compatible | minor | requests built with the builder keep working (a required setter becomes optional); code that reads the request's pub field sees `Option<T>`, which is why the bump is minor, not patch |
//! | nested request member becomes optional | compatible | patch | nested members are always `Option<T>` |
//! | wire encoding (`flat`/`json`) changed | compatible | patch | same Rust API |
//! | value added to a value set | compatible | minor | enums are non_exhaustive and their `Unknown` payload is opaque (see the rule above) |
//! | value removed from a value set | breaking | major | its variant goes away |
//! | value's label changes its variant name | breaking | major | the variant is renamed |
//! | value set appears on / disappears from a scalar | breaking | major | the type changes between a scalar and an enum |
//! | element type name changed (on a struct or enum) | breaking | major | the generated type may be renamed |
//! | one-of group added on parameters none of which was required | breaking | major | `build()` fails when none of the group is set: code that set none stops building |
//! | one-of group added where a member was required before | compatible | patch | every request that built sets the group (the member turning optional is its own, compatible change) |
//! | one-of group removed | compatible | patch | `build()` no longer checks the group |
//! | error code (or common error) added | compatible | minor | error enums are non_exhaustive and their `Unknown` payload is opaque (see the rule above) |
//! | error code (or common error) removed | breaking | major | its variant goes away |
//! | error status changed | compatible | patch | the documented status only |
//! | service product / API version / protocol changed | breaking | major | every request changes |
//! | category / QPS level added to `service.yaml` | compatible | minor | a new variant |
//! | category / QPS level removed from `service.yaml` | breaking | major | its variant (and module) go away |
//! | QPS level limits changed | compatible | minor | same API; the client paces every operation of the level by the new limits, and the emulator counts by them |
//! | edition added to / removed from the price table | compatible minor / breaking major | a new `Edition` variant / its variant goes away |
//! | an edition's free calls or the price changed | compatible | patch | the usage meter's cost estimate |
//! | endpoint rules changed (`endpoints.yaml`: a host pattern, a region served otherwise) | compatible | minor | same API; calls in that region or network go to another host, or a VPC endpoint appears or goes away |
//! | waiter added / removed (`waiters.yaml`) | compatible minor / breaking major | a new builder method / it goes away |
//! | waiter changed: what it polls, its paths or values | compatible | minor | same API; it polls or decides differently |
//! | waiter's method or error type renamed | breaking | major | the old names go away |
//! | text only (description, summary, example, message, label keeping the variant name) | docs | patch | documentation |
//! | type split: one type's sites have different types now (e.g. a value added at one site of a shared value set) | breaking | major | code passing a value from one site (operation) to another no longer compiles |
//! | types merged: different types are one type now | compatible | minor | old paths still resolve (operation modules re-export shared types under their old names); code implementing a trait for two of the former types now has conflicting impls |
//! | an operation module's local name for a type changes, its sites together (also when a merge leaves the module one name for two) | breaking | major | `module::Old` goes away or names another type |
//! | a shared type's name in `types` changes, its sites together | breaking | major | code importing `types::Old` breaks |
//! | a type gains users and moves into `types` (its operation's local name kept) | compatible | minor | a new `types::X` path; the operation module re-exports it under its old name |
//! | a shared type loses users and moves into an operation module | breaking | major | code importing `types::X` breaks |
//!
//! A split or merge is reported once per type and names where each site went; it is not
//! reported again as a rename of the shared path, nor as its addition or removal. A
//! renamed element type whose docs' element type name changed is reported once, as the
//! element type name change, with a hint naming both paths (or, when the planned name
//! stays, saying so).
//!
//! The report's bump is the largest of its changes' bumps: `major` when anything
//! breaks, `minor` for compatible additions, `patch` for metadata or documentation only,
//! `none` when nothing differs. For a `0.x` crate a breaking change is a minor bump
//! (`0.1.0 → 0.2.0`) and everything else a patch bump, which the report spells out
//! when it knows the crate's version (read from `generated/Cargo.toml`).
//!
//! Known limits: a generated type renamed because an addition
//! took its name (the generator then puts the parent's name in front) is reported, as a
//! type rename. Both sides are planned by the current generator: the report says what
//! this generator makes of each spec, not what an older generator made of the old one.
//! Where a side's plan has blocking notes (shared types competing for a name that
//! `type_names.yaml` does not settle), its names for those types are provisional: the
//! generator refuses that spec, and changes naming them say so in a hint, since such a
//! rename may never reach a released crate. A shared type whose sites all go away is not
//! reported on its own: its members' or operations' removals are. Value sets are
//! compared member by member with variants named after labels, else values; the
//! generator also takes reviewed value names (`name`) and makes no enum of a set with an
//! unnamed value (`0` without a label), so a set that becomes an enum by being named
//! shows as variant renames (`V0` → `Get`), or not at all, rather than as a value set
//! introduced.

pub mod classify;
pub mod compare;
pub mod describe;
pub mod json;
pub mod markdown;
pub mod model;
mod moves;
pub mod side;
mod tree;
mod types;

use std::path::Path;

use anyhow::{bail, Result};

pub use model::{Bump, Change, ChangeKind, Class, Report, TypeSites};

/// The report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Markdown for a pull request.
    #[default]
    Markdown,
    /// JSON for scripts (a stable structure, documented in the `json` module).
    Json,
}

/// Loads both sides (directories or revisions of the repository at `repo`) and
/// compares them.
pub fn diff(old: &str, new: &str, repo: &Path) -> Result<Report> {
    let old = side::load(old, repo)?;
    let new = side::load(new, repo)?;
    Ok(compare::compare(
        &old.spec, &new.spec, &old.label, &new.label,
    ))
}

/// Renders `report` in `format`; `crate_version` is the generated crate's version, if
/// known (it makes the bump concrete).
pub fn render(report: &Report, format: Format, crate_version: Option<&str>) -> String {
    match format {
        Format::Markdown => markdown::render(report, crate_version),
        Format::Json => json::render(report, crate_version),
    }
}

/// Whether anything in `report` breaks users of the generated crate.
pub fn fails_on_breaking(report: &Report) -> bool {
    report.has_breaking()
}

/// The `version` of `generated/Cargo.toml` under `root`, if it can be read.
pub fn crate_version(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join("generated/Cargo.toml")).ok()?;
    let mut in_package = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(rest) = line.strip_prefix("version") {
                let value = rest.trim_start().strip_prefix('=')?.trim();
                return Some(value.trim_matches('"').to_owned());
            }
        }
    }
    None
}

/// The command: compares `old` with `new` (directories or revisions of the repository at
/// `root`), prints the report to stdout, and fails when `fail_on_breaking` is set and
/// anything breaks.
pub fn run(
    root: &Path,
    old: &str,
    new: &str,
    format: Format,
    fail_on_breaking: bool,
) -> Result<()> {
    let report = diff(old, new, root)?;
    print!(
        "{}",
        render(&report, format, crate_version(root).as_deref())
    );
    if fail_on_breaking && fails_on_breaking(&report) {
        bail!(
            "{} breaking change(s) (--fail-on-breaking)",
            report.count(Class::Breaking)
        );
    }
    Ok(())
}
