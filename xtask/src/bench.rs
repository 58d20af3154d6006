//! `cargo xtask bench`: times whole runs a user or maintainer waits for, and prints a
//! Markdown table for the README:
//! - the scraper and the generator over the whole spec (in-process, median of runs; the
//!   generator with and without its format cache);
//! - the maintainers' edit loop, a warm `cargo xtask regen` (the whole command, cargo
//!   included, after one warm-up run; median of runs);
//! - debug builds of the generated crate alone, with its dependencies prebuilt (a fresh
//!   target directory is built once, then only `dataworks-public` is cleaned and built
//!   again; median of three), with the default features, all features, and one feature;
//! - optionally (`--compare-aws`), `aws-sdk-dynamodb` 1.x built the same way, for scale
//!   (needs crates.io).
//!
//! Every crate build runs without incremental compilation (`CARGO_INCREMENTAL=0`): that
//! is how cargo builds a dependency from a registry, which is how users build both
//! crates, and it makes the two comparable (a workspace member would otherwise pay for
//! writing its incremental cache and `aws-sdk-dynamodb` would not).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::{generate, scrape};

/// Options for the benchmark.
#[derive(Debug, Clone)]
pub struct Options {
    /// In-process runs of scrape and codegen, and warm regen runs (medians reported).
    pub runs: usize,
    /// The single feature to time a build with.
    pub feature: String,
    /// Skip the crate builds (they take a while).
    pub skip_builds: bool,
    /// Also build `aws-sdk-dynamodb` the same way, for comparison.
    pub compare_aws: bool,
}

/// The median of `runs` timings of `f`.
fn median<T>(
    runs: usize,
    mut f: impl FnMut() -> anyhow::Result<T>,
) -> anyhow::Result<(Duration, T)> {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        last = Some(f()?);
        times.push(start.elapsed());
    }
    times.sort();
    let out = last.context("no run")?;
    Ok((times[times.len() / 2], out))
}

/// Runs the benchmark from the workspace `root`.
pub fn run(root: &Path, opts: &Options) -> anyhow::Result<()> {
    let spec_dir = root.join("spec");
    let mut rows = Vec::new();
    let docs = scrape::docs_dir(None);
    if docs.is_dir() {
        let errata = spec_dir.join("errata.yaml");
        let (t, outcome) = median(opts.runs, || scrape::scrape(&docs, &errata))?;
        rows.push((
            format!(
                "scrape work ({} spec files), median of {}",
                outcome.files.len(),
                opts.runs
            ),
            t,
        ));
    }
    let spec = dwgen_spec::load(&spec_dir)?;
    let (t, _) = median(opts.runs, || Ok(codegen::emit::generate(&spec)?))?;
    rows.push((
        format!(
            "codegen work without the format cache (every file formatted), median of {}",
            opts.runs
        ),
        t,
    ));
    let (t, out) = median(opts.runs, || generate::generate(&spec_dir))?;
    let lines: usize = out.values().map(|t| t.lines().count()).sum();
    let src_lines: usize = out
        .iter()
        .filter(|(p, _)| p.starts_with("src"))
        .map(|(_, t)| t.lines().count())
        .sum();
    rows.push((
        format!(
            "codegen work with a warm format cache ({} files, {lines} lines, {src_lines} in `src/`), median of {}",
            out.len(),
            opts.runs
        ),
        t,
    ));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let regen = || {
        run_quiet(
            Command::new(&cargo)
                .current_dir(root)
                .args(["xtask", "regen"]),
        )
    };
    regen()?; // warm-up: builds xtask if needed
    let (t, ()) = median(opts.runs, regen)?;
    rows.push((
        format!(
            "warm `cargo xtask regen` (whole command), median of {}",
            opts.runs
        ),
        t,
    ));
    if !opts.skip_builds {
        let target = tempfile::tempdir().context("cannot create a target directory")?;
        let build =
            |args: &[&str]| crate_alone(&cargo, root, target.path(), "dataworks-public", args);
        rows.push((
            "debug build of `dataworks-public` alone, default features (dependencies prebuilt)"
                .to_owned(),
            build(&[])?,
        ));
        rows.push((
            "the same, `--all-features` (`serialize` too)".to_owned(),
            build(&["--all-features"])?,
        ));
        rows.push((
            format!(
                "the same, `--no-default-features --features {}`",
                opts.feature
            ),
            build(&["--no-default-features", "--features", &opts.feature])?,
        ));
    }
    if opts.compare_aws {
        let project = tempfile::tempdir().context("cannot create a project directory")?;
        std::fs::create_dir_all(project.path().join("src"))?;
        std::fs::write(
            project.path().join("Cargo.toml"),
            "[package]\nname = \"aws-compare\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\naws-sdk-dynamodb = \"1\"\n\n[workspace]\n",
        )?;
        std::fs::write(project.path().join("src/lib.rs"), "")?;
        let target = project.path().join("target");
        rows.push((
            "debug build of `aws-sdk-dynamodb` 1.x alone (58 operations), default features (dependencies prebuilt)".to_owned(),
            crate_alone(&cargo, project.path(), &target, "aws-sdk-dynamodb", &[])?,
        ));
    }
    println!("| what | time |\n|---|---|");
    for (what, t) in rows {
        println!("| {what} | {:.2} s |", t.as_secs_f64());
    }
    Ok(())
}

/// Runs a command with its output discarded; fails when it fails.
fn run_quiet(cmd: &mut Command) -> anyhow::Result<()> {
    let out = cmd.output().context("cannot run the command")?;
    if !out.status.success() {
        bail!(
            "{cmd:?} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// Builds `package` (with `args`) in `target` so that its dependencies are there, then
/// cleans the package alone and returns the wall time of building it again.
fn crate_alone(
    cargo: &str,
    dir: &Path,
    target: &Path,
    package: &str,
    args: &[&str],
) -> anyhow::Result<Duration> {
    let cmd = |verb: &str| {
        let mut c = Command::new(cargo);
        c.current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0")
            .args([verb, "--quiet", "-p", package]);
        c
    };
    run_quiet(cmd("build").args(args))?;
    let mut times = Vec::new();
    for _ in 0..BUILD_RUNS {
        run_quiet(&mut cmd("clean"))?;
        let start = Instant::now();
        run_quiet(cmd("build").args(args))?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times[times.len() / 2])
}

/// Timed builds of each crate (the median is reported).
const BUILD_RUNS: usize = 3;
