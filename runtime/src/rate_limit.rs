//! Client-side pacing by QPS tier, so that a program stays under the service's limits
//! instead of collecting throttling errors.
//!
//! The service limits calls per account and region by the operation's tier (level):
//! [`RateLimits::dataworks`] holds the documented numbers (tier 1: 50/s, tier 2: 20/s,
//! tier 3: 5/s and 10000 a day). The tiers are plain data (tier number → [`TierLimit`]),
//! so this crate does not depend on the generated one.
//!
//! A [`RateLimiter`] keeps one window per (AccessKey id, region, tier). It is an `Arc`
//! inside: clones share it, as do clones of a client and all their tasks.
//!
//! # Pacing
//! At most `qps` calls start within any one-second window (a sliding window, rather than
//! a token bucket that would let `2 × qps` through in the first second after a pause).
//! Each call reserves the earliest start that keeps this true and sleeps until then, so
//! waiters are served in arrival order. A reservation whose future is dropped is not
//! given back (the limiter errs on the slow side). Sleeping uses `tokio::time`, so tests
//! can run with `tokio::time::pause()`.
//!
//! # Daily quota
//! Where a tier has a daily quota, every call (retries included) counts, and a call
//! beyond the quota fails with [`QuotaExceeded`] without being sent. The day is the UTC
//! calendar day: the count resets at 00:00 UTC. The documentation does not say in
//! which time zone the service counts (it may be China Standard Time, UTC+8), so this
//! count is a guard against runaway loops rather than an exact mirror of the service's
//! counter, which also includes calls made by other processes with the same key.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

/// The limits of one tier.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierLimit {
    /// Calls allowed to start per second; `0` means no pacing.
    pub qps: u32,
    /// Calls allowed per UTC day, if capped.
    pub daily: Option<u32>,
}

impl TierLimit {
    /// A limit of `qps` calls per second and optionally `daily` calls a day.
    pub const fn new(qps: u32, daily: Option<u32>) -> Self {
        TierLimit { qps, daily }
    }
}

/// The limits of every tier, and whether limiting is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimits {
    enabled: bool,
    tiers: BTreeMap<u8, TierLimit>,
}

impl RateLimits {
    /// The documented DataWorks limits: tier 1 at 50/s, tier 2 at 20/s, tier 3 at 5/s
    /// and 10000 a day.
    pub fn dataworks() -> Self {
        RateLimits::empty()
            .tier(1, TierLimit::new(50, None))
            .tier(2, TierLimit::new(20, None))
            .tier(3, TierLimit::new(5, Some(10_000)))
    }

    /// Limiting on, but no tier configured yet (add them with [`Self::tier`]).
    pub fn empty() -> Self {
        RateLimits {
            enabled: true,
            tiers: BTreeMap::new(),
        }
    }

    /// No limiting at all: every call is sent at once.
    pub fn disabled() -> Self {
        RateLimits {
            enabled: false,
            tiers: BTreeMap::new(),
        }
    }

    /// Sets (or replaces) a tier's limit.
    pub fn tier(mut self, tier: u8, limit: TierLimit) -> Self {
        self.tiers.insert(tier, limit);
        self
    }

    /// Changes a tier's calls per second, keeping its daily quota.
    pub fn qps(mut self, tier: u8, qps: u32) -> Self {
        self.tiers
            .entry(tier)
            .or_insert(TierLimit::new(0, None))
            .qps = qps;
        self
    }

    /// Turns limiting on or off, keeping the tiers.
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// Whether limiting is on.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// A tier's limit; `None` when the tier is not configured (calls are not limited).
    pub fn limit(&self, tier: u8) -> Option<TierLimit> {
        self.tiers.get(&tier).copied()
    }
}

impl Default for RateLimits {
    /// [`RateLimits::dataworks`].
    fn default() -> Self {
        RateLimits::dataworks()
    }
}

/// A call was refused because its tier's daily quota is used up; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the daily quota of tier {tier} ({limit} calls a day) is used up for this access key in {region}; \
     the count resets at 00:00 UTC (client-side limit, see RateLimits)"
)]
pub struct QuotaExceeded {
    /// The tier.
    pub tier: u8,
    /// Its daily quota.
    pub limit: u32,
    /// The region.
    pub region: String,
}

/// The key one window belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    access_key_id: String,
    region: String,
    tier: u8,
}

/// The recent starts and today's count of one key.
#[derive(Debug, Default)]
struct Window {
    /// The last `qps` reserved start times, oldest first.
    starts: VecDeque<Instant>,
    /// The UTC day `used` counts.
    day: u64,
    /// Calls counted on `day`.
    used: u32,
}

/// Gives the current UTC day number (days since the Unix epoch).
type DaySource = Arc<dyn Fn() -> u64 + Send + Sync>;

/// The shared limiter state; see the module docs.
#[derive(Clone)]
pub struct RateLimiter {
    limits: Arc<RateLimits>,
    windows: Arc<Mutex<HashMap<Key, Window>>>,
    today: DaySource,
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter::new(RateLimits::default())
    }
}

/// Today's number of days since the Unix epoch, in UTC.
fn utc_day() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0)
}

impl RateLimiter {
    /// A limiter enforcing `limits`.
    pub fn new(limits: RateLimits) -> Self {
        RateLimiter {
            limits: Arc::new(limits),
            windows: Arc::default(),
            today: Arc::new(utc_day),
        }
    }

    /// The limits enforced.
    pub fn limits(&self) -> &RateLimits {
        &self.limits
    }

    /// Waits until a call of `tier` may start for this key and region, and counts it
    /// against the daily quota; fails at once if the quota is used up.
    pub async fn acquire(
        &self,
        access_key_id: &str,
        region: &str,
        tier: u8,
    ) -> Result<(), QuotaExceeded> {
        if !self.limits.is_enabled() {
            return Ok(());
        }
        let Some(limit) = self.limits.limit(tier) else {
            return Ok(());
        };
        let key = Key {
            access_key_id: access_key_id.to_owned(),
            region: region.to_owned(),
            tier,
        };
        let start = self.reserve(key, limit)?;
        tokio::time::sleep_until(start).await;
        Ok(())
    }

    /// Calls of `tier` counted today for this key and region.
    pub fn used_today(&self, access_key_id: &str, region: &str, tier: u8) -> u32 {
        let key = Key {
            access_key_id: access_key_id.to_owned(),
            region: region.to_owned(),
            tier,
        };
        let today = (self.today)();
        let windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        windows
            .get(&key)
            .filter(|w| w.day == today)
            .map_or(0, |w| w.used)
    }

    /// Counts the call and reserves its start time.
    fn reserve(&self, key: Key, limit: TierLimit) -> Result<Instant, QuotaExceeded> {
        let today = (self.today)();
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        let (region, tier) = (key.region.clone(), key.tier);
        let window = windows.entry(key).or_default();
        if window.day != today {
            window.day = today;
            window.used = 0;
        }
        if let Some(daily) = limit.daily {
            if window.used >= daily {
                return Err(QuotaExceeded {
                    tier,
                    limit: daily,
                    region,
                });
            }
        }
        window.used += 1;
        let now = Instant::now();
        let qps = limit.qps as usize;
        if qps == 0 {
            return Ok(now);
        }
        let start = match window.starts.front() {
            Some(oldest) if window.starts.len() >= qps => now.max(*oldest + Duration::from_secs(1)),
            _ => now,
        };
        window.starts.push_back(start);
        while window.starts.len() > qps {
            window.starts.pop_front();
        }
        Ok(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    fn limiter_with_day(limits: RateLimits, day: Arc<AtomicU64>) -> RateLimiter {
        let mut limiter = RateLimiter::new(limits);
        limiter.today = Arc::new(move || day.load(Ordering::SeqCst));
        limiter
    }

    #[tokio::test(start_paused = true)]
    async fn at_most_qps_starts_per_second() {
        let limiter = RateLimiter::new(RateLimits::dataworks());
        let t0 = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..12 {
            limiter
                .acquire("id", "cn-shanghai", 3)
                .await
                .expect("quota");
            starts.push(Instant::now() - t0);
        }
        let secs: Vec<u64> = starts.iter().map(|d| d.as_secs()).collect();
        assert_eq!(secs, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2]);
        assert_eq!(limiter.used_today("id", "cn-shanghai", 3), 12);
    }

    #[tokio::test(start_paused = true)]
    async fn keys_are_independent_and_unknown_tiers_unlimited() {
        let limiter = RateLimiter::new(RateLimits::empty().tier(3, TierLimit::new(1, None)));
        let t0 = Instant::now();
        limiter.acquire("a", "r", 3).await.expect("ok");
        limiter.acquire("b", "r", 3).await.expect("ok");
        limiter.acquire("a", "other", 3).await.expect("ok");
        for _ in 0..100 {
            limiter.acquire("a", "r", 9).await.expect("ok");
        }
        assert_eq!(Instant::now(), t0);
        limiter.acquire("a", "r", 3).await.expect("ok");
        assert_eq!(Instant::now() - t0, Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn disabled_never_waits() {
        let limiter = RateLimiter::new(RateLimits::dataworks().enabled(false));
        let t0 = Instant::now();
        for _ in 0..50 {
            limiter.acquire("a", "r", 3).await.expect("ok");
        }
        assert_eq!(Instant::now(), t0);
    }

    #[tokio::test(start_paused = true)]
    async fn daily_quota_refuses_then_rolls_over() {
        let day = Arc::new(AtomicU64::new(20_000));
        let limits = RateLimits::empty().tier(3, TierLimit::new(100, Some(3)));
        let limiter = limiter_with_day(limits, day.clone());
        for _ in 0..3 {
            limiter.acquire("a", "r", 3).await.expect("within quota");
        }
        let err = limiter.acquire("a", "r", 3).await.expect_err("over quota");
        assert_eq!(err.tier, 3);
        assert_eq!(err.limit, 3);
        assert!(err.to_string().contains("00:00 UTC"), "{err}");
        day.store(20_001, Ordering::SeqCst);
        limiter.acquire("a", "r", 3).await.expect("new day");
        assert_eq!(limiter.used_today("a", "r", 3), 1);
    }

    #[test]
    fn qps_override_keeps_daily() {
        let limits = RateLimits::dataworks().qps(3, 2);
        assert_eq!(limits.limit(3), Some(TierLimit::new(2, Some(10_000))));
        assert_eq!(limits.limit(7), None);
    }
}
