//! Per-call settings: what one call may change of its client's configuration without a
//! second client (aws-sdk-rust's `customize().config_override(..)`, the official SDKs'
//! per-call `RuntimeOptions`).
//!
//! A generated fluent builder holding a client takes them with `customize(..)`:
//!
//! ```no_run
//! # async fn demo(client: dataworks_runtime::Client) {
//! use std::time::Duration;
//! use dataworks_runtime::{CallOverrides, RetryPolicy};
//! let overrides = CallOverrides::new()
//!     .operation_timeout(Duration::from_secs(20)) // the whole call, retries included
//!     .attempt_timeout(Duration::from_secs(5))    // each attempt
//!     .retry(RetryPolicy::no_retries())
//!     .pacing(false);                             // do not wait for the rate limiter
//! let client = client.customized(overrides);     // the same client (shared state), for one call
//! # let _ = client; }
//! ```
//!
//! What is not set keeps the client's setting. A call without pacing is not held back by
//! the QPS levels or the daily quota, but is still counted by the usage meter and still
//! refused beyond the monthly budget.

use std::time::Duration;

use crate::retry::RetryPolicy;

/// Settings that override the client's for one call; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CallOverrides {
    /// The deadline of the whole call: limiter waits, every attempt, the backoff between
    /// them.
    pub operation_timeout: Option<Duration>,
    /// The deadline of each attempt: sending the request and reading its answer.
    pub attempt_timeout: Option<Duration>,
    /// The retry policy.
    pub retry: Option<RetryPolicy>,
    /// Whether the call waits for the rate limiter (`false`: not paced, no daily quota).
    pub pacing: Option<bool>,
}

impl CallOverrides {
    /// Nothing overridden.
    pub const fn new() -> Self {
        CallOverrides {
            operation_timeout: None,
            attempt_timeout: None,
            retry: None,
            pacing: None,
        }
    }

    /// The deadline of the whole call.
    pub const fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// The deadline of each attempt.
    pub const fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The retry policy.
    pub const fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Whether the call waits for the rate limiter.
    pub const fn pacing(mut self, pacing: bool) -> Self {
        self.pacing = Some(pacing);
        self
    }

    /// These overrides, with `later`'s settings where it has them.
    pub fn merged(self, later: CallOverrides) -> Self {
        CallOverrides {
            operation_timeout: later.operation_timeout.or(self.operation_timeout),
            attempt_timeout: later.attempt_timeout.or(self.attempt_timeout),
            retry: later.retry.or(self.retry),
            pacing: later.pacing.or(self.pacing),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_settings_win_and_unset_ones_keep() {
        let first = CallOverrides::new()
            .operation_timeout(Duration::from_secs(20))
            .pacing(false);
        let later = CallOverrides::new()
            .operation_timeout(Duration::from_secs(5))
            .retry(RetryPolicy::no_retries());
        let both = first.merged(later);
        assert_eq!(both.operation_timeout, Some(Duration::from_secs(5)));
        assert_eq!(both.retry, Some(RetryPolicy::no_retries()));
        assert_eq!(both.pacing, Some(false));
        assert_eq!(both.attempt_timeout, None);
        assert_eq!(CallOverrides::default(), CallOverrides::new());
    }
}
