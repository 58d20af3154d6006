//! `cargo xtask bench`: times whole runs a user or maintainer waits for: `codegen` over
//! the whole spec (in-process, several runs), and cold builds of the generated crate
//! (fresh target directory) with all features and with one feature. Prints a Markdown
//! table for the README.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::generate;

/// Options for the benchmark.
#[derive(Debug, Clone)]
pub struct Options {
    /// Codegen runs to time (the median is reported).
    pub codegen_runs: usize,
    /// The single feature to time a cold build with.
    pub feature: String,
    /// Skip the cold builds (they take a while).
    pub skip_builds: bool,
}

/// Runs the benchmark from the workspace `root`.
pub fn run(root: &Path, opts: &Options) -> anyhow::Result<()> {
    let spec_dir = root.join("spec");
    let mut times = Vec::new();
    let mut files = 0;
    let mut lines = 0;
    for _ in 0..opts.codegen_runs.max(1) {
        let start = Instant::now();
        let out = generate::generate(&spec_dir)?;
        times.push(start.elapsed());
        files = out.len();
        lines = out.values().map(|t| t.lines().count()).sum();
    }
    times.sort();
    let median = times[times.len() / 2];
    let mut rows = vec![(
        format!(
            "`cargo xtask codegen` work ({files} files, {lines} lines), median of {}",
            times.len()
        ),
        median,
    )];
    if !opts.skip_builds {
        rows.push((
            "cold `cargo build -p dataworks-public` (all features)".to_owned(),
            cold_build(root, &[])?,
        ));
        rows.push((
            format!(
                "cold build, `--no-default-features --features {}`",
                opts.feature
            ),
            cold_build(
                root,
                &["--no-default-features", "--features", &opts.feature],
            )?,
        ));
    }
    println!("| what | time |\n|---|---|");
    for (what, t) in rows {
        println!("| {what} | {:.2} s |", t.as_secs_f64());
    }
    Ok(())
}

/// Builds the generated crate in a fresh target directory and returns the wall time.
fn cold_build(root: &Path, args: &[&str]) -> anyhow::Result<Duration> {
    let target = tempfile::tempdir().context("cannot create a target directory")?;
    let start = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .current_dir(root)
        .args(["build", "--quiet", "-p", "dataworks-public"])
        .args(args)
        .env("CARGO_TARGET_DIR", target.path())
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("cargo build {args:?} failed");
    }
    Ok(start.elapsed())
}
