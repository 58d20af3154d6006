//! Why a spec (or one of its files) could not be read: the one error type of the crate,
//! naming the file.

use std::path::PathBuf;

/// Why a spec could not be read.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    /// A file or directory could not be read.
    #[error("cannot read {path}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file is not valid spec YAML.
    #[error("{path}: invalid spec YAML")]
    Yaml {
        /// The path.
        path: PathBuf,
        /// The cause (carries line and column).
        source: serde_norway::Error,
    },
    /// A reviewed file parses but says something it may not (an entry without a
    /// reason, two names for one value, ...).
    #[error("{path}: {message}")]
    Invalid {
        /// The path.
        path: PathBuf,
        /// What is wrong, naming the entry.
        message: String,
    },
    /// An operation file's name does not match the operation inside it.
    #[error("{path}: file name does not match operation name `{name}`")]
    NameMismatch {
        /// The path.
        path: PathBuf,
        /// The name inside the file.
        name: String,
    },
}
