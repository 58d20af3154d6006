//! The in-process backend: counts in this process's memory, paced on Tokio's clock (so
//! tests can run with `tokio::time::pause()`), days and months on the system clock.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::UtcOffset;
use tokio::time::Instant;

use super::{calendar, Admission, BackendError, LimiterBackend, MonthlyCount, QuotaScope, Refusal};
use crate::transport::BoxFuture;

/// Gives the current time as Unix seconds.
type WallClock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The recent starts and today's count of one (scope, tier).
#[derive(Debug, Default)]
struct Window {
    /// The last `qps` reserved start times, oldest first.
    starts: VecDeque<Instant>,
    /// The day `used` counts (days since the epoch in the configured offset).
    day: i64,
    /// Attempts counted on `day`.
    used: u32,
}

#[derive(Debug, Default)]
struct State {
    windows: HashMap<(QuotaScope, u8), Window>,
    /// Per scope: the (year, month) counted and the attempts in it.
    months: HashMap<QuotaScope, ((i32, u8), u64)>,
}

/// Counts kept in this process (see the module docs of [`super`]).
pub struct LocalBackend {
    state: Mutex<State>,
    clock: WallClock,
}

impl fmt::Debug for LocalBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the in-process")
    }
}

impl Default for LocalBackend {
    fn default() -> Self {
        LocalBackend::new()
    }
}

fn system_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl LocalBackend {
    /// An empty backend on the system clock.
    pub fn new() -> Self {
        LocalBackend {
            state: Mutex::default(),
            clock: Arc::new(system_seconds),
        }
    }

    /// An empty backend whose days and months follow `clock` (Unix seconds).
    #[cfg(test)]
    pub(crate) fn with_clock(clock: impl Fn() -> i64 + Send + Sync + 'static) -> Self {
        LocalBackend {
            state: Mutex::default(),
            clock: Arc::new(clock),
        }
    }

    /// Admits one attempt now; see [`LimiterBackend::admit`].
    pub(crate) fn admit_now(
        &self,
        scope: &QuotaScope,
        admission: Admission,
    ) -> Result<Duration, Refusal> {
        let (day, year, month) = calendar((self.clock)(), admission.utc_offset);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let calls = match state.months.get(scope) {
            Some((counted, calls)) if *counted == (year, month) => *calls,
            _ => 0,
        };
        if let Some(budget) = admission.monthly_budget {
            if calls >= budget {
                return Err(Refusal::Budget { budget });
            }
        }
        let mut wait = Duration::ZERO;
        if let Some((tier, limit)) = admission.limit {
            let window = state.windows.entry((scope.clone(), tier)).or_default();
            if window.day != day {
                window.day = day;
                window.used = 0;
            }
            if let Some(daily) = limit.daily {
                if window.used >= daily {
                    return Err(Refusal::Daily { tier, limit: daily });
                }
                window.used += 1;
            }
            let qps = limit.qps as usize;
            if qps > 0 {
                let now = Instant::now();
                let start = match window.starts.front() {
                    Some(oldest) if window.starts.len() >= qps => {
                        now.max(*oldest + Duration::from_secs(1))
                    }
                    _ => now,
                };
                window.starts.push_back(start);
                while window.starts.len() > qps {
                    window.starts.pop_front();
                }
                wait = start - now;
            }
        }
        state
            .months
            .insert(scope.clone(), ((year, month), calls + 1));
        Ok(wait)
    }

    /// The usage count of `scope` this month.
    pub(crate) fn usage_now(&self, scope: &QuotaScope, offset: UtcOffset) -> MonthlyCount {
        let (_, year, month) = calendar((self.clock)(), offset);
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let calls = match state.months.get(scope) {
            Some((counted, calls)) if *counted == (year, month) => *calls,
            _ => 0,
        };
        MonthlyCount { year, month, calls }
    }

    /// Attempts of `tier` counted today in `scope`.
    pub(crate) fn used_today_now(&self, scope: &QuotaScope, tier: u8, offset: UtcOffset) -> u32 {
        let (day, _, _) = calendar((self.clock)(), offset);
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state
            .windows
            .get(&(scope.clone(), tier))
            .filter(|w| w.day == day)
            .map_or(0, |w| w.used)
    }
}

impl LimiterBackend for LocalBackend {
    fn admit<'a>(
        &'a self,
        scope: &'a QuotaScope,
        admission: Admission,
    ) -> BoxFuture<'a, Result<Result<Duration, Refusal>, BackendError>> {
        let result = self.admit_now(scope, admission);
        Box::pin(async move { Ok(result) })
    }

    fn usage<'a>(
        &'a self,
        scope: &'a QuotaScope,
        utc_offset: UtcOffset,
    ) -> BoxFuture<'a, Result<MonthlyCount, BackendError>> {
        let count = self.usage_now(scope, utc_offset);
        Box::pin(async move { Ok(count) })
    }

    fn used_today<'a>(
        &'a self,
        scope: &'a QuotaScope,
        tier: u8,
        utc_offset: UtcOffset,
    ) -> BoxFuture<'a, Result<u32, BackendError>> {
        let used = self.used_today_now(scope, tier, utc_offset);
        Box::pin(async move { Ok(used) })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{LimitError, RateLimiter, RateLimits, Tier, TierLimit, CHINA_STANDARD_TIME};
    use super::*;
    use std::sync::atomic::{AtomicI64, Ordering};

    /// Tiers as a generated crate hands them over (test values).
    const L1: Option<Tier> = Some(Tier::new(1, TierLimit::new(50, None)));
    const L2: Option<Tier> = Some(Tier::new(2, TierLimit::new(20, None)));
    const L3: Option<Tier> = Some(Tier::new(3, TierLimit::new(5, Some(10_000))));

    fn scope(account: &str, region: &str) -> QuotaScope {
        QuotaScope::new(account, region)
    }

    fn limiter_with_clock(limits: RateLimits, clock: Arc<AtomicI64>) -> RateLimiter {
        let mut limiter = RateLimiter::new(limits);
        limiter.local = Arc::new(LocalBackend::with_clock(move || {
            clock.load(Ordering::SeqCst)
        }));
        limiter
    }

    #[tokio::test(start_paused = true)]
    async fn at_most_qps_starts_per_second() {
        let limiter = RateLimiter::new(RateLimits::documented());
        let s = scope("acct", "cn-shanghai");
        let t0 = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..12 {
            limiter.acquire(&s, L3).await.expect("quota");
            starts.push(Instant::now() - t0);
        }
        let secs: Vec<u64> = starts.iter().map(|d| d.as_secs()).collect();
        assert_eq!(secs, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2]);
        assert_eq!(limiter.used_today(&s, 3).await.unwrap(), 12);
        assert_eq!(limiter.usage(&s).await.unwrap().calls, 12);
    }

    #[tokio::test(start_paused = true)]
    async fn scopes_are_independent_and_a_zero_qps_tier_is_unpaced() {
        let limiter = RateLimiter::new(RateLimits::documented().tier(3, TierLimit::new(1, None)));
        let t0 = Instant::now();
        limiter.acquire(&scope("a", "r"), L3).await.expect("ok");
        limiter.acquire(&scope("b", "r"), L3).await.expect("ok");
        limiter.acquire(&scope("a", "other"), L3).await.expect("ok");
        for _ in 0..100 {
            limiter
                .acquire(
                    &scope("a", "r"),
                    Some(Tier::new(9, TierLimit::new(0, None))),
                )
                .await
                .expect("ok");
            limiter.acquire(&scope("a", "r"), None).await.expect("ok");
        }
        assert_eq!(Instant::now(), t0);
        limiter.acquire(&scope("a", "r"), L3).await.expect("ok");
        assert_eq!(Instant::now() - t0, Duration::from_secs(1));
        assert_eq!(limiter.usage(&scope("a", "r")).await.unwrap().calls, 202);
    }

    #[tokio::test(start_paused = true)]
    async fn disabled_never_waits_but_counts_usage() {
        let limiter = RateLimiter::new(RateLimits::documented().enabled(false));
        let t0 = Instant::now();
        for _ in 0..50 {
            limiter.acquire(&scope("a", "r"), L3).await.expect("ok");
        }
        assert_eq!(Instant::now(), t0);
        assert_eq!(limiter.usage(&scope("a", "r")).await.unwrap().calls, 50);
    }

    #[tokio::test(start_paused = true)]
    async fn the_daily_quota_refuses_then_starts_again_at_midnight_of_the_offset() {
        // 2026-12-01 15:59:00 UTC: 23:59 in UTC+8.
        let clock = Arc::new(AtomicI64::new(1_796_140_740));
        let limits = RateLimits::documented().tier(3, TierLimit::new(100, Some(3)));
        let limiter = limiter_with_clock(limits, clock.clone());
        let s = scope("a", "r");
        for _ in 0..3 {
            limiter.acquire(&s, L3).await.expect("within quota");
        }
        let err = limiter.acquire(&s, L3).await.expect_err("over quota");
        let LimitError::Quota(quota) = &err else {
            panic!("{err:?}")
        };
        assert_eq!((quota.tier, quota.limit), (3, 3));
        assert_eq!(quota.offset, CHINA_STANDARD_TIME);
        assert!(err.to_string().contains("account a in r"), "{err}");
        assert!(err.to_string().contains("00:00 +08:00:00"), "{err}");
        clock.store(1_796_140_800, Ordering::SeqCst); // 00:00 UTC+8
        limiter.acquire(&s, L3).await.expect("a new day");
        assert_eq!(limiter.used_today(&s, 3).await.unwrap(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn the_monthly_budget_refuses_before_anything_is_counted() {
        let clock = Arc::new(AtomicI64::new(1_796_140_740));
        let limits = RateLimits::documented().monthly_budget(4);
        let limiter = limiter_with_clock(limits, clock.clone());
        let s = scope("a", "r");
        for tier in [L1, L2, None, L1] {
            limiter.acquire(&s, tier).await.expect("within budget");
        }
        let err = limiter.acquire(&s, L1).await.expect_err("over budget");
        assert!(
            matches!(&err, LimitError::Budget(b) if b.budget == 4),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("monthly budget of 4 calls"),
            "{err}"
        );
        assert_eq!(limiter.usage(&s).await.unwrap().calls, 4);
        // 2027-01-01 00:00 UTC+8: a new month.
        clock.store(1_798_732_800, Ordering::SeqCst);
        let usage = limiter.usage(&s).await.unwrap();
        assert_eq!((usage.year, usage.month, usage.calls), (2027, 1, 0));
        limiter.acquire(&s, L1).await.expect("a new month");
    }
}
