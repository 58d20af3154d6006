//! `cargo xtask scrape`: documents → spec. The pipeline, one module per step:
//! [`layout`] (detect and parse each document into [`raw`] rows), then [`types`],
//! [`enums`], [`example`] and [`nest`] (interpret rows into spec params and fields),
//! then merging and errata, then writing `spec/` atomically.

pub mod diag;
pub mod enums;
pub mod example;
pub mod layout;
pub mod nest;
pub mod raw;
pub mod types;
