//! The payloads of the generated value-set enums' `Unknown` variant: a value the
//! documentation does not list, as received.
//!
//! They are opaque on purpose (as aws-sdk-rust's `UnknownVariantValue`). When a later
//! documentation lists the value, regeneration gives it a named variant, and an `Unknown`
//! holding it can no longer occur; a match arm written against the raw value
//! (`Unknown(v) if v == "NEW"`) would then silently stop matching. So the raw value is
//! only reachable through an accessor ([`UnknownValue::as_str`],
//! [`UnknownInteger::as_i64`], or the enum's own `as_str()` / `as_i64()`), and code
//! handles the unknown case as a whole. That is the rule `xtask spec-diff` relies on
//! when it calls a new documented value a compatible change.

use std::fmt;

/// A text value a string value set does not list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Wraps a received value (for the generated code: `__private::unknown_value`).
    pub(crate) fn new(value: String) -> Self {
        UnknownValue(value)
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An integer value an integer value set does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownInteger(i64);

impl UnknownInteger {
    /// Wraps a received value (for the generated code: `__private::unknown_integer`).
    pub(crate) fn new(value: i64) -> Self {
        UnknownInteger(value)
    }

    /// The value as received.
    pub fn as_i64(&self) -> i64 {
        self.0
    }
}

impl fmt::Display for UnknownInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}
