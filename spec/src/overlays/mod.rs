//! The reviewed overlays: hand-written YAML files beside the scraper's output in
//! `spec/`, each a decision a maintainer made and can review in a diff. The scraper
//! carries them over unchanged; each names who reads it.
//!
//! - [`type_names`] (`type_names.yaml`): names of shared types whose sites compete for a
//!   name; read by the generator and spec-diff.
//! - [`read_only`] (`read_only.yaml`): exceptions to the read-only verb rule; read by the
//!   generator and spec-diff.
//! - [`value_names`] (`value_names.yaml`): English names of value sets the documentation
//!   labels only in Chinese; read by the scraper.
//! - [`waiters`] (`waiters.yaml`): operations that start asynchronous work and the
//!   operation that reports on it; read by the generator (and, through the generated
//!   catalog, by the emulator).
//! - [`endpoints`] (`endpoints.yaml`): the service's hosts by region and network, with
//!   their source; read by the generator (the generated `ENDPOINTS`, from which the
//!   client resolves each call's endpoint).

pub mod endpoints;
pub mod read_only;
pub mod type_names;
pub mod value_names;
pub mod waiters;
