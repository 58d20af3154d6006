//! `cargo xtask`: the maintainers' command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// dwgen maintainer tasks.
#[derive(Parser)]
#[command(name = "xtask", about = "dwgen maintainer tasks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scrape the documentation into spec/ (service.yaml, operations/*.yaml, warnings.txt).
    Scrape {
        /// Documents directory (default: $DWGEN_DOCS, else ../shared/seeds).
        #[arg(long)]
        docs: Option<PathBuf>,
        /// Spec directory to write (default: spec/ in the workspace).
        #[arg(long)]
        spec: Option<PathBuf>,
        /// Treat every warning as an error (nothing is written).
        #[arg(long)]
        strict: bool,
    },
    /// Generate the crate in generated/ from the checked-in spec/ (no documents needed).
    Codegen,
    /// Scrape (when the documents are available), then generate.
    Regen {
        /// Documents directory (default: $DWGEN_DOCS, else ../shared/seeds).
        #[arg(long)]
        docs: Option<PathBuf>,
    },
    /// Fail with a readable summary if spec/ or generated/ differs from what the tools produce.
    Check {
        /// Documents directory (default: $DWGEN_DOCS, else ../shared/seeds).
        #[arg(long)]
        docs: Option<PathBuf>,
    },
    /// Time scrape, codegen and a warm regen, and builds of the generated crate alone.
    Bench {
        /// Runs of scrape, codegen and regen to time (median reported).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// The single feature for the one-feature build.
        #[arg(long, default_value = "data-development")]
        feature: String,
        /// Only time scrape, codegen and regen.
        #[arg(long)]
        skip_builds: bool,
        /// Also build aws-sdk-dynamodb 1.x the same way (needs crates.io).
        #[arg(long)]
        compare_aws: bool,
    },
    /// Report what a spec change means for users of the generated crate (for pull requests).
    SpecDiff {
        /// The old side: a spec directory, or a git revision whose spec/ is read (`HEAD~1`).
        old: String,
        /// The new side: a spec directory (e.g. `spec`), or a git revision.
        new: String,
        /// Report format.
        #[arg(long, value_enum, default_value_t = xtask::spec_diff::Format::Markdown)]
        format: xtask::spec_diff::Format,
        /// Exit non-zero when anything breaks users of the generated crate.
        #[arg(long)]
        fail_on_breaking: bool,
    },
    /// Print what the layout parser reads from one document (for debugging a scrape).
    Raw {
        /// The document.
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = xtask::scrape::workspace_root();
    let result = match cli.command {
        Command::Scrape { docs, spec, strict } => {
            let spec = spec.unwrap_or_else(|| xtask::scrape::workspace_root().join("spec"));
            xtask::scrape::run(&xtask::scrape::docs_dir(docs), &spec, strict)
        }
        Command::Codegen => xtask::generate::codegen(&root.join("spec"), &root.join("generated")),
        Command::Regen { docs } => xtask::generate::regen(
            &xtask::scrape::docs_dir(docs),
            &root.join("spec"),
            &root.join("generated"),
        ),
        Command::Check { docs } => xtask::check::run(
            &xtask::scrape::docs_dir(docs),
            &root.join("spec"),
            &root.join("generated"),
        ),
        Command::Bench {
            runs,
            feature,
            skip_builds,
            compare_aws,
        } => xtask::bench::run(
            &root,
            &xtask::bench::Options {
                runs,
                feature,
                skip_builds,
                compare_aws,
            },
        ),
        Command::SpecDiff {
            old,
            new,
            format,
            fail_on_breaking,
        } => xtask::spec_diff::run(&root, &old, &new, format, fail_on_breaking),
        Command::Raw { file } => xtask::raw_dump::run(&file),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
