//! When and how soon a failed call is tried again.
//!
//! A retry must not repeat a side effect. So what is retried depends on whether the
//! failed attempt provably had no effect ([`Repeat`]) and on the operation
//! ([`crate::Operation::READ_ONLY`], [`crate::Operation::CLIENT_TOKEN`]):
//! - **Every operation** is retried after throttling (HTTP 429 or a `Throttling*` code:
//!   the service refused the request) and after a connection that could not be made
//!   (nothing was sent).
//! - **Read-only operations**, and operations with a `ClientToken` parameter (the client
//!   fills it with a fresh UUID once per call and keeps it across attempts, so the
//!   service can tell a retry from a new request), are also retried after a 5xx answer,
//!   a timeout, or a connection lost before the answer was read.
//! - **Mutating operations** without a token are not retried after those: the first
//!   attempt may have created the file or started the deployment before the answer was
//!   lost. [`RetryPolicy::retry_mutating`] opts in to retrying them anyway.
//! - Never retried: any other 4xx, undecodable 2xx answers, credential, quota, budget
//!   and limiter errors.
//!
//! Each retry is a new request: fresh nonce and timestamp, signed again, and paced by
//! the rate limiter again (see [`crate::client`]).
//!
//! The delay before retry `n` (1-based) is "full jitter": uniformly random between
//! zero and `min(max_backoff, base_backoff × 2^(n-1))`; and at least what the service
//! asked for: an error answer with `x-acs-retry-after: <milliseconds>` (a positive
//! integer; anything else is ignored) waits at least that long, capped at
//! [`RetryPolicy::max_retry_after`] (default 120 s), as the current official SDKs do
//! (darabonba-openapi, `credentials-protocol.md` §8). The hint changes only the delay,
//! never whether an attempt is retried.

use std::time::Duration;

use crate::transport::HttpResponse;

/// The header in which the service says how long to wait before trying again, in
/// milliseconds.
pub const RETRY_AFTER_HEADER: &str = "x-acs-retry-after";

/// The wait a response asks for in `x-acs-retry-after` (a positive number of
/// milliseconds), if any.
pub fn retry_after(response: &HttpResponse) -> Option<Duration> {
    let millis: u64 = response.header(RETRY_AFTER_HEADER)?.trim().parse().ok()?;
    (millis > 0).then(|| Duration::from_millis(millis))
}

/// How safe a failed attempt is to send again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// The attempt provably had no effect (throttled, or never sent): any operation
    /// may retry.
    Safe,
    /// The attempt may have had an effect (a 5xx, a timeout, a connection lost after
    /// sending): only operations that can be repeated retry.
    IfRepeatable,
    /// Retrying will not help.
    Never,
}

/// How many attempts a call gets, how long to wait between them, and whether mutating
/// operations are retried when an attempt may have had an effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_backoff: Duration,
    max_backoff: Duration,
    retry_mutating: bool,
    max_retry_after: Duration,
}

/// The longest wait an `x-acs-retry-after` hint gets by default (darabonba's default
/// `maxDelay`).
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

impl Default for RetryPolicy {
    /// 3 attempts, backoff ceiling starting at 200 ms, capped at 10 s.
    fn default() -> Self {
        RetryPolicy::new(3, Duration::from_millis(200), Duration::from_secs(10))
    }
}

impl RetryPolicy {
    /// A policy of at most `max_attempts` attempts (at least 1) with the given backoff.
    pub const fn new(max_attempts: u32, base_backoff: Duration, max_backoff: Duration) -> Self {
        RetryPolicy {
            max_attempts: if max_attempts == 0 { 1 } else { max_attempts },
            base_backoff,
            max_backoff,
            retry_mutating: false,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
        }
    }

    /// The same policy, waiting at most `max` for an `x-acs-retry-after` hint (default
    /// 120 s).
    pub const fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// The longest wait an `x-acs-retry-after` hint gets.
    pub const fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The same policy, retrying mutating operations after failures that may have had
    /// an effect too (off by default: a retry may then create, deploy or run twice).
    pub const fn retry_mutating(mut self, retry: bool) -> Self {
        self.retry_mutating = retry;
        self
    }

    /// Whether mutating operations are retried after failures that may have had an
    /// effect.
    pub const fn retries_mutating(&self) -> bool {
        self.retry_mutating
    }

    /// Whether a failed attempt of an operation is retried (attempts left aside):
    /// `repeatable` is true for read-only operations and those carrying a client token.
    pub const fn retries(&self, failure: Repeat, repeatable: bool) -> bool {
        match failure {
            Repeat::Safe => true,
            Repeat::IfRepeatable => repeatable || self.retry_mutating,
            Repeat::Never => false,
        }
    }

    /// A single attempt, no retries.
    pub const fn no_retries() -> Self {
        RetryPolicy::new(1, Duration::ZERO, Duration::ZERO)
    }

    /// The same policy with another attempt count (at least 1).
    pub const fn with_max_attempts(self, max_attempts: u32) -> Self {
        RetryPolicy::new(max_attempts, self.base_backoff, self.max_backoff)
            .retry_mutating(self.retry_mutating)
            .with_max_retry_after(self.max_retry_after)
    }

    /// The same policy with other backoff bounds.
    pub const fn with_backoff(self, base: Duration, max: Duration) -> Self {
        RetryPolicy::new(self.max_attempts, base, max)
            .retry_mutating(self.retry_mutating)
            .with_max_retry_after(self.max_retry_after)
    }

    /// The most attempts a call gets, the first included.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether another attempt may follow attempt number `attempt` (1-based).
    pub const fn allows_retry_after(&self, attempt: u32) -> bool {
        attempt < self.max_attempts
    }

    /// The upper bound of the delay before retry `retry` (1-based).
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        self.base_backoff
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff)
    }

    /// A random delay before retry `retry` (1-based), in `0..=backoff_ceiling(retry)`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let ceiling = u64::try_from(self.backoff_ceiling(retry).as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(rand::random_range(0..=ceiling))
    }

    /// The delay before retry `retry` (1-based): the jittered [`Self::backoff`], and at
    /// least `retry_after` (the service's hint) capped at [`Self::max_retry_after`].
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let backoff = self.backoff(retry);
        match retry_after {
            Some(hint) => backoff.max(hint.min(self.max_retry_after)),
            None => backoff,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceilings_double_and_cap() {
        let p = RetryPolicy::new(5, Duration::from_millis(100), Duration::from_millis(350));
        let ceilings: Vec<u128> = (1..=5).map(|n| p.backoff_ceiling(n).as_millis()).collect();
        assert_eq!(ceilings, [100, 200, 350, 350, 350]);
        assert_eq!(p.backoff_ceiling(200).as_millis(), 350);
        for n in 1..=5 {
            assert!(p.backoff(n) <= p.backoff_ceiling(n));
        }
    }

    #[test]
    fn attempts() {
        let p = RetryPolicy::default();
        assert_eq!(p.max_attempts(), 3);
        assert!(p.allows_retry_after(2));
        assert!(!p.allows_retry_after(3));
        assert!(!RetryPolicy::no_retries().allows_retry_after(1));
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
    }

    #[test]
    fn what_is_retried_depends_on_the_failure_and_the_operation() {
        let p = RetryPolicy::default();
        for repeatable in [true, false] {
            assert!(p.retries(Repeat::Safe, repeatable));
            assert!(!p.retries(Repeat::Never, repeatable));
        }
        assert!(p.retries(Repeat::IfRepeatable, true));
        assert!(!p.retries(Repeat::IfRepeatable, false));
        let all = p.retry_mutating(true);
        assert!(all.retries(Repeat::IfRepeatable, false));
        assert!(!all.retries(Repeat::Never, false));
        assert!(
            all.with_max_attempts(5).retries_mutating(),
            "kept by the other setters"
        );
        assert!(all
            .with_backoff(Duration::ZERO, Duration::ZERO)
            .retries_mutating());
    }

    #[test]
    fn retry_after_is_positive_milliseconds() {
        let with = |value: &str| {
            let mut response = HttpResponse::new(429, "{}");
            response
                .headers
                .push(("X-Acs-Retry-After".into(), value.into()));
            retry_after(&response)
        };
        assert_eq!(with("1500"), Some(Duration::from_millis(1500)));
        assert_eq!(with(" 20 "), Some(Duration::from_millis(20)));
        for ignored in ["0", "-5", "1.5", "soon", ""] {
            assert_eq!(with(ignored), None, "{ignored:?}");
        }
        assert_eq!(retry_after(&HttpResponse::new(429, "{}")), None);
    }

    #[test]
    fn the_hint_is_a_floor_capped_at_the_maximum() {
        let p = RetryPolicy::new(3, Duration::from_millis(10), Duration::from_millis(10));
        for _ in 0..20 {
            assert_eq!(
                p.delay(1, Some(Duration::from_secs(2))),
                Duration::from_secs(2)
            );
            assert!(p.delay(1, None) <= Duration::from_millis(10));
        }
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(3600))),
            DEFAULT_MAX_RETRY_AFTER
        );
        let capped = p.with_max_retry_after(Duration::from_secs(1));
        assert_eq!(
            capped.delay(1, Some(Duration::from_secs(5))),
            Duration::from_secs(1)
        );
        assert_eq!(
            capped.with_max_attempts(5).max_retry_after(),
            Duration::from_secs(1),
            "kept by the other setters"
        );
        let slow = RetryPolicy::new(3, Duration::from_secs(60), Duration::from_secs(60));
        assert!(slow.delay(1, Some(Duration::from_millis(1))) >= Duration::from_millis(1));
    }

    #[test]
    fn jitter_varies() {
        let p = RetryPolicy::new(3, Duration::from_secs(1), Duration::from_secs(1));
        let samples: std::collections::HashSet<Duration> = (0..20).map(|_| p.backoff(1)).collect();
        assert!(samples.len() > 1);
    }
}
