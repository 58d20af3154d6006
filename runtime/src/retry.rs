//! When and how soon a failed call is tried again.
//!
//! Retried: throttling (HTTP 429 or a `Throttling*` code), 5xx answers (with or
//! without a readable body), and transport failures that are connection errors or
//! timeouts. Never retried: any other 4xx, undecodable 2xx answers, credential and
//! quota errors. Each retry is a new request: fresh nonce and timestamp, signed again,
//! and paced by the rate limiter again (see [`crate::client`]).
//!
//! The delay before retry `n` (1-based) is "full jitter": uniformly random between
//! zero and `min(max_backoff, base_backoff × 2^(n-1))`.

use std::time::Duration;

/// How many attempts a call gets and how long to wait between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_backoff: Duration,
    max_backoff: Duration,
}

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
        }
    }

    /// A single attempt, no retries.
    pub const fn no_retries() -> Self {
        RetryPolicy::new(1, Duration::ZERO, Duration::ZERO)
    }

    /// The same policy with another attempt count (at least 1).
    pub const fn with_max_attempts(self, max_attempts: u32) -> Self {
        RetryPolicy::new(max_attempts, self.base_backoff, self.max_backoff)
    }

    /// The same policy with other backoff bounds.
    pub const fn with_backoff(self, base: Duration, max: Duration) -> Self {
        RetryPolicy::new(self.max_attempts, base, max)
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
    fn jitter_varies() {
        let p = RetryPolicy::new(3, Duration::from_secs(1), Duration::from_secs(1));
        let samples: std::collections::HashSet<Duration> = (0..20).map(|_| p.backoff(1)).collect();
        assert!(samples.len() > 1);
    }
}
