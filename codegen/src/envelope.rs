//! The envelope of every answer: the top-level members the runtime reads to tell
//! success from error (`../shared/alibaba-rpc-protocol.md`, "Responses": `RequestId` on
//! every answer; `Success`, `HttpStatusCode`, `ErrorCode`, `ErrorMessage` on many).
//! The typed responses leave them out: after a success they say nothing a caller needs
//! beyond the request id, which the runtime's `RequestId` trait gives on every response
//! (a hidden field filled from `RequestId`) and every error.
//!
//! The same list is the runtime's `__private::ENVELOPE_MEMBERS`; a test in `tests/`
//! checks that the two agree.

/// The envelope members, by wire name (top level of a response only).
pub const ENVELOPE_MEMBERS: [&str; 5] = [
    "RequestId",
    "Success",
    "HttpStatusCode",
    "ErrorCode",
    "ErrorMessage",
];

/// Whether a top-level response member is part of the envelope.
pub fn is_envelope(wire: &str) -> bool {
    ENVELOPE_MEMBERS.contains(&wire)
}
