//! A call the emulator answers with an error: status, code and a message naming what
//! was wrong.

use crate::codes::Code;

/// An error answer (before the `RequestId` and `HostId` are added).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rejection {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl Rejection {
    /// An answer with one of the emulator's (or the documentation's) codes.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Rejection {
            status: code.status,
            code: code.code.to_owned(),
            message: message.into(),
        }
    }
}

/// `value` for a message: at most 64 characters, the rest elided.
pub(crate) fn shown(value: &str) -> String {
    const MAX: usize = 64;
    match value.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    }
}
