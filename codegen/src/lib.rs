//! dwgen's code generator: reads the spec (the `dwgen-spec` crate, which the scraper
//! writes) and emits the generated crate.
//!
//! - [`envelope`]: the members of every answer that the typed responses leave out.
//! - [`plan`]: the crate's type space, planned over the whole spec before emission.
//! - [`naming`]: every Rust name's rules.
//! - [`operation_kind`]: which operations only read (the verb rule and
//!   `spec/read_only.yaml`) and which have a client token, for retries.
//! - [`emit`]: one emitter per kind of output.

#![warn(missing_docs)]

pub mod emit;
pub mod envelope;
pub mod naming;
pub mod operation_kind;
pub mod plan;
