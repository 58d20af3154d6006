//! dwgen's code generator and the spec model it shares with the scraper.
//!
//! - [`spec`]: the Rust types of the YAML contract under `spec/`.
//! - [`spec_io`]: reading and rendering spec files.

#![warn(missing_docs)]

pub mod emit;
pub mod naming;
pub mod spec;
pub mod spec_io;
