//! The dwgen operation spec: the reviewed source of truth between the DataWorks
//! documentation and the generated crate, as Rust types.
//!
//! The YAML it describes lives beside this crate, in `spec/` (its format is a contract
//! with tools outside the Rust code: `../shared/spec-contract.md`, extended in
//! `spec/README.md`). The pipeline's arrows run one way through it: the scraper
//! (`xtask scrape`) writes it, the generator (`codegen`) and `xtask spec-diff` read it;
//! this crate depends on none of them.
//!
//! - [`model`]: the scraper's files (`service.yaml`, `operations/<Name>.yaml`).
//! - [`overlays`]: the hand-written, reviewed files (type names, read-only exceptions,
//!   value names, waiters).
//! - [`io`]: reading a spec directory and rendering YAML.
//! - [`error`]: why a spec file could not be read.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
pub mod io;
pub mod model;
pub mod overlays;

pub use error::SpecError;
pub use io::{load, to_yaml, Spec};
pub use model::*;
