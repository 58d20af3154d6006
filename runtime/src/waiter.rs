//! Polling until something is ready (a deployment finished, an instance succeeded),
//! with an interval and an overall timeout.
//!
//! [`wait_until`] calls the poll closure, sleeps `interval` between polls, and gives up
//! with [`WaitError::TimedOut`] once `timeout` has passed (a poll still running at the
//! deadline is abandoned). An error from the poll closure ends the wait at once; a
//! closure that wants to tolerate some errors returns [`Status::Pending`] for them.
//! Uses `tokio::time`, so tests can run with paused time.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

/// What one poll found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status<T> {
    /// Done, with the result.
    Ready(T),
    /// Not yet: poll again after the interval.
    Pending,
}

/// How often to poll and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitConfig {
    /// The pause between the end of one poll and the start of the next.
    pub interval: Duration,
    /// How long to wait in total, from the first poll.
    pub timeout: Duration,
}

impl WaitConfig {
    /// Poll every `interval` for at most `timeout`.
    pub const fn new(interval: Duration, timeout: Duration) -> Self {
        WaitConfig { interval, timeout }
    }
}

/// Why a wait ended without a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitError<E> {
    /// A poll failed.
    Poll(E),
    /// The timeout passed before the poll said ready.
    TimedOut {
        /// The timeout.
        timeout: Duration,
        /// How many polls were started.
        polls: u32,
    },
}

/// This level only; a failed poll's error is the `source()`.
impl<E> fmt::Display for WaitError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Poll(_) => f.write_str("polling failed"),
            WaitError::TimedOut { timeout, polls } => write!(
                f,
                "not ready after {:.1} s ({polls} polls); the operation may still complete later",
                timeout.as_secs_f64()
            ),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for WaitError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Poll(e) => Some(e),
            WaitError::TimedOut { .. } => None,
        }
    }
}

/// Polls until ready, an error, or the timeout; see the module docs.
pub async fn wait_until<T, E, F, Fut>(config: WaitConfig, mut poll: F) -> Result<T, WaitError<E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Status<T>, E>>,
{
    let deadline = Instant::now() + config.timeout;
    let timed_out = |polls| WaitError::TimedOut {
        timeout: config.timeout,
        polls,
    };
    let mut polls = 0;
    loop {
        polls += 1;
        let status = tokio::time::timeout_at(deadline, poll())
            .await
            .map_err(|_| timed_out(polls))?
            .map_err(WaitError::Poll)?;
        if let Status::Ready(value) = status {
            return Ok(value);
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(timed_out(polls));
        }
        tokio::time::sleep_until(deadline.min(now + config.interval)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn returns_when_ready() {
        let t0 = Instant::now();
        let mut n = 0;
        let config = WaitConfig::new(Duration::from_secs(2), Duration::from_secs(60));
        let result: Result<u32, WaitError<String>> = wait_until(config, || {
            n += 1;
            let status = if n == 3 {
                Status::Ready(n)
            } else {
                Status::Pending
            };
            std::future::ready(Ok(status))
        })
        .await;
        assert_eq!(result, Ok(3));
        assert_eq!(Instant::now() - t0, Duration::from_secs(4));
    }

    #[tokio::test(start_paused = true)]
    async fn times_out_with_a_clear_error() {
        let t0 = Instant::now();
        let config = WaitConfig::new(Duration::from_secs(3), Duration::from_secs(10));
        let result: Result<(), WaitError<String>> =
            wait_until(config, || std::future::ready(Ok(Status::Pending))).await;
        let err = result.expect_err("timeout");
        assert_eq!(
            err,
            WaitError::TimedOut {
                timeout: Duration::from_secs(10),
                polls: 5
            }
        );
        assert!(err.to_string().contains("not ready after 10.0 s"), "{err}");
        assert_eq!(Instant::now() - t0, Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn a_hanging_poll_is_cut_at_the_deadline() {
        let config = WaitConfig::new(Duration::from_secs(1), Duration::from_secs(5));
        let result: Result<(), WaitError<String>> = wait_until(config, std::future::pending).await;
        assert!(matches!(result, Err(WaitError::TimedOut { polls: 1, .. })));
    }

    #[tokio::test(start_paused = true)]
    async fn poll_errors_end_the_wait() {
        let config = WaitConfig::new(Duration::from_secs(1), Duration::from_secs(5));
        let result: Result<(), WaitError<String>> =
            wait_until(config, || std::future::ready(Err("denied".to_owned()))).await;
        assert_eq!(result, Err(WaitError::Poll("denied".to_owned())));
    }
}
