//! dwgen's code generator and the spec model it shares with the scraper.
//!
//! - [`spec`]: the Rust types of the YAML contract under `spec/`.
//! - [`spec_io`]: reading and rendering spec files.
//! - [`plan`]: the crate's type space, planned over the whole spec before emission.
//! - [`naming`]: every Rust name's rules.
//! - [`operation_kind`]: which operations only read (the verb rule and
//!   `spec/read_only.yaml`) and which have a client token, for retries.
//! - [`emit`]: one emitter per kind of output.

#![warn(missing_docs)]

pub mod emit;
pub mod naming;
pub mod operation_kind;
pub mod plan;
pub mod spec;
pub mod spec_io;
