//! dwgen maintainer tasks, as a library so tests can drive them. The binary
//! (`cargo xtask ...`) is a thin CLI over these modules.

pub mod bench;
pub mod check;
pub mod format_cache;
pub mod generate;
pub mod raw_dump;
pub mod scrape;
pub mod spec_diff;
pub mod test_docs;
