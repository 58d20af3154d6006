//! Plumbing for the generated crate: request encoding and validation, tolerant
//! decoding helpers, error classification, and the constructors of the opaque unknown
//! payloads.
//!
//! **Not part of the public API.** The generated code calls these; they may change in
//! any release without notice (the crate's semver promise covers the documented items
//! only; this module is hidden from the docs). Do not use them from hand-written code.

pub use crate::de::{int_value_set, text_value_set, Object};
pub use crate::response::ENVELOPE_MEMBERS;
pub use crate::wire::{
    check, first_missing, nested, one_of, put, put_json, put_member, put_text, require, required,
    Encode, Validate,
};

use crate::error::{ErrorMeta, UnknownError};
use crate::value_set::{UnknownInteger, UnknownValue};

/// The `Unknown` payload of a string value set.
pub fn unknown_value(value: impl Into<String>) -> UnknownValue {
    UnknownValue::new(value.into())
}

/// The `Unknown` payload of an integer value set.
pub fn unknown_integer(value: i64) -> UnknownInteger {
    UnknownInteger::new(value)
}

/// The errors every operation can return, as one type (the generated `CommonError`).
pub trait CommonErrors: Sized {
    /// The common error for `meta`'s code, or `meta` back when the code is not one of
    /// the common codes.
    fn match_meta(meta: ErrorMeta) -> Result<Self, ErrorMeta>;
}

/// Classifies a code an operation does not document itself: a common error (wrapped by
/// `common`) when it is one, else the opaque [`UnknownError`] (wrapped by `unknown`).
/// The generated operations' `from_meta` ends with this.
pub fn common_or_unknown<C: CommonErrors, E>(
    meta: ErrorMeta,
    common: impl FnOnce(C) -> E,
    unknown: impl FnOnce(UnknownError) -> E,
) -> E {
    match C::match_meta(meta) {
        Ok(c) => common(c),
        Err(meta) => unknown(UnknownError::new(meta)),
    }
}

/// The opaque payload of an error code nobody documents (the generated `CommonError`'s
/// `Unknown`).
pub fn unknown_error(meta: ErrorMeta) -> UnknownError {
    UnknownError::new(meta)
}
