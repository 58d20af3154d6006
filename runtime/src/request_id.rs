//! The request id: the id the service gives every request it answers, which support asks
//! for. Every generated response and every error of a call that got an answer gives it
//! through one trait, [`RequestId`].

/// The id the service gave a request, for support and logs: on every response and
/// every error of a call that got an answer (aws-sdk-rust's `RequestId`).
pub trait RequestId {
    /// The request id, when the answer carried one.
    fn request_id(&self) -> Option<&str>;
}
