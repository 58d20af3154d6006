//! Client-side pacing by QPS tier, the daily quota, and the usage meter, per quota scope
//! (account and region), in this process or shared by a fleet.
//!
//! # What the service counts
//! The documentation's 调用限制 note: the limits apply "每个主账号及其子账号在每个地域中，
//! 针对当前级别的OpenAPI的总QPS" — per main account including all its sub-accounts (RAM
//! users, each with its own AccessKey), per region, summed over the tier. The tiers and
//! their limits are service facts: the generated crate takes them from the spec and
//! hands each operation's [`Tier`] to the client (`Operation::TIER`); this module holds
//! no numbers of its own ([`RateLimits::documented`] paces by them, and overrides change
//! them per level). So the limiter is keyed by a [`QuotaScope`]: the account and the region. The account
//! is set on the client builder (`.account("1234567890")`); without it the AccessKey id
//! stands in, which is exact only when one key is the account's only key: two RAM users
//! of one account then count separately here while the service counts them together.
//!
//! # Pacing
//! At most `qps` calls start within any one-second window (a sliding window, rather than
//! a token bucket that would let `2 × qps` through in the first second after a pause).
//! Each call reserves the earliest start that keeps this true and sleeps until then, so
//! waiters are served in arrival order. A reservation whose future is dropped is not
//! given back (the limiter errs on the slow side). Every attempt (retries included) is
//! paced and counted.
//!
//! # Days and months
//! The daily quota of level 3 and the monthly usage count start again at midnight of a
//! UTC offset. The documentation does not say which time zone the service counts in; the
//! default is UTC+8 (China Standard Time, the service's home zone), an assumption;
//! [`RateLimits::utc_offset`] changes it (`UtcOffset::UTC` for UTC).
//!
//! # Backends
//! A [`LimiterBackend`] keeps the counts. [`LocalBackend`] (the default) keeps them in
//! this process; [`RedisBackend`] (feature `redis`) keeps them in Redis, shared by every
//! process and machine that uses the same Redis, each check one atomic script run on the
//! server's clock. When a shared backend fails or is slow, [`OnBackendFailure`] decides:
//! fail the call at once, or fall back to the local backend with a `tracing` warning.
//! Either way a call waits at most [`RateLimiter::backend_timeout`] for the backend. A
//! check that times out here may still have run on the server: the call is then counted
//! there and, when falling back, locally too (the limiter errs on the slow side).
//!
//! # Usage meter
//! Every attempt that is let through is counted per scope and calendar month, in the
//! same backend; [`RateLimiter::usage`] reads it, and [`RateLimits::monthly_budget`]
//! refuses calls beyond a monthly number before they are sent. See [`usage`] for the
//! documented price.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;
/// The offset type of [`RateLimits::utc_offset`] (the `time` crate's), re-exported so
/// that callers need not depend on `time`.
pub use time::UtcOffset;

use crate::transport::BoxFuture;

mod local;
#[cfg(feature = "redis")]
mod redis;
pub mod usage;

pub use local::LocalBackend;
#[cfg(feature = "redis")]
pub use redis::{RedisBackend, RedisBackendBuilder};
pub use usage::{Pricing, Usage};

/// A QPS tier as the service documents it: its level and its limits. The generated
/// crate makes one per documented level from the spec (`QpsTier::tier()`), and each
/// operation carries its own (`Operation::TIER`).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tier {
    /// The level (1, 2, 3, ...).
    pub level: u8,
    /// Its documented limits.
    pub limit: TierLimit,
}

impl Tier {
    /// Level `level` with the documented `limit`.
    pub const fn new(level: u8, limit: TierLimit) -> Self {
        Tier { level, limit }
    }
}

/// The limits of one tier.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TierLimit {
    /// Calls allowed to start per second; `0` means no pacing.
    pub qps: u32,
    /// Calls allowed per day, if capped.
    pub daily: Option<u32>,
}

impl TierLimit {
    /// A limit of `qps` calls per second and optionally `daily` calls a day.
    pub const fn new(qps: u32, daily: Option<u32>) -> Self {
        TierLimit { qps, daily }
    }
}

/// How calls are paced: by each operation's documented tier, with overrides per level;
/// whether limiting is on; when days start; and the monthly budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimits {
    enabled: bool,
    overrides: BTreeMap<u8, Override>,
    utc_offset: UtcOffset,
    monthly_budget: Option<u64>,
}

/// What an override changes of a level's documented limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Override {
    qps: Option<u32>,
    daily: Option<Option<u32>>,
}

/// UTC+8, China Standard Time: where days and months start by default.
pub const CHINA_STANDARD_TIME: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

impl RateLimits {
    /// The documented limits: each call is paced by its operation's tier as the service
    /// documents it (`Operation::TIER`, from the spec); days start at 00:00 UTC+8; no
    /// monthly budget. The default.
    pub fn documented() -> Self {
        RateLimits {
            enabled: true,
            overrides: BTreeMap::new(),
            utc_offset: CHINA_STANDARD_TIME,
            monthly_budget: None,
        }
    }

    /// No pacing and no daily quota: every call is sent at once. Calls are still
    /// counted by the usage meter, and a monthly budget still applies.
    pub fn disabled() -> Self {
        RateLimits {
            enabled: false,
            ..RateLimits::documented()
        }
    }

    /// Replaces the limits of level `level` (both the calls per second and the daily
    /// quota) for every operation of that level.
    pub fn tier(mut self, level: u8, limit: TierLimit) -> Self {
        self.overrides.insert(
            level,
            Override {
                qps: Some(limit.qps),
                daily: Some(limit.daily),
            },
        );
        self
    }

    /// Changes level `level`'s calls per second, keeping its daily quota.
    pub fn qps(mut self, level: u8, qps: u32) -> Self {
        self.overrides.entry(level).or_default().qps = Some(qps);
        self
    }

    /// Changes level `level`'s daily quota (`None`: no daily cap), keeping its calls
    /// per second.
    pub fn daily(mut self, level: u8, daily: Option<u32>) -> Self {
        self.overrides.entry(level).or_default().daily = Some(daily);
        self
    }

    /// Turns pacing and the daily quota on or off, keeping the overrides.
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// The UTC offset at whose midnight days and months start (default UTC+8, an
    /// assumption: the documentation does not say; `UtcOffset::UTC` for UTC).
    pub fn utc_offset(mut self, offset: UtcOffset) -> Self {
        self.utc_offset = offset;
        self
    }

    /// Refuses calls beyond `calls` in a calendar month (per scope, counted by the
    /// usage meter, retries included) before they are sent.
    pub fn monthly_budget(mut self, calls: u64) -> Self {
        self.monthly_budget = Some(calls);
        self
    }

    /// Whether pacing and the daily quota are on.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// The limit a call of `tier` is paced by: its documented limit with this level's
    /// overrides applied. Limiting off or not, this is what would apply.
    pub fn limit(&self, tier: Tier) -> TierLimit {
        let mut limit = tier.limit;
        if let Some(o) = self.overrides.get(&tier.level) {
            if let Some(qps) = o.qps {
                limit.qps = qps;
            }
            if let Some(daily) = o.daily {
                limit.daily = daily;
            }
        }
        limit
    }

    /// Where days and months start.
    pub fn offset(&self) -> UtcOffset {
        self.utc_offset
    }

    /// The monthly budget, if any.
    pub fn budget(&self) -> Option<u64> {
        self.monthly_budget
    }

    /// What a backend needs to admit one attempt of `tier`.
    fn admission(&self, tier: Option<Tier>) -> Admission {
        let limit = match tier {
            Some(tier) if self.enabled => Some((tier.level, self.limit(tier))),
            _ => None,
        };
        Admission {
            limit,
            utc_offset: self.utc_offset,
            monthly_budget: self.monthly_budget,
        }
    }
}

impl Default for RateLimits {
    /// [`RateLimits::documented`].
    fn default() -> Self {
        RateLimits::documented()
    }
}

/// Whose budget a call counts against: an account in a region.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuotaScope {
    /// The main account (or, when none is configured, the AccessKey id).
    pub account: String,
    /// The region.
    pub region: String,
}

impl QuotaScope {
    /// The scope of `account` in `region`.
    pub fn new(account: impl Into<String>, region: impl Into<String>) -> Self {
        QuotaScope {
            account: account.into(),
            region: region.into(),
        }
    }
}

impl fmt::Display for QuotaScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "account {} in {}", self.account, self.region)
    }
}

/// What a backend checks for one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Admission {
    /// The tier and its limit, when the attempt is paced (`None`: counted only).
    pub limit: Option<(u8, TierLimit)>,
    /// Where days and months start.
    pub utc_offset: UtcOffset,
    /// Calls allowed per calendar month, if capped.
    pub monthly_budget: Option<u64>,
}

/// A call was refused because its tier's daily quota is used up; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the daily quota of tier {tier} ({limit} calls a day) is used up for {scope}; \
     the count starts again at 00:00 {offset} (client-side limit, see RateLimits)"
)]
pub struct QuotaExceeded {
    /// The tier.
    pub tier: u8,
    /// Its daily quota.
    pub limit: u32,
    /// The scope whose quota it is.
    pub scope: QuotaScope,
    /// Where days start.
    pub offset: UtcOffset,
}

/// A call was refused because the monthly budget is used up; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the monthly budget of {budget} calls is used up for {scope} \
     (usage meter, see RateLimits::monthly_budget); nothing was sent"
)]
pub struct BudgetExceeded {
    /// The budget.
    pub budget: u64,
    /// The scope whose budget it is.
    pub scope: QuotaScope,
}

/// Why a backend refused an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The tier's daily quota is used up.
    Daily {
        /// The tier.
        tier: u8,
        /// Its daily quota.
        limit: u32,
    },
    /// The monthly budget is used up.
    Budget {
        /// The budget.
        budget: u64,
    },
}

/// A shared backend failed (unreachable, slow, or answering nonsense).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {backend} rate limiter failed: {message}")]
pub struct BackendError {
    /// Which backend (e.g. `Redis at redis://127.0.0.1:6379`).
    pub backend: String,
    /// What went wrong.
    pub message: String,
}

/// Calls counted in one calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthlyCount {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// Attempts let through in that month.
    pub calls: u64,
}

/// Where the counts live: in this process ([`LocalBackend`]) or shared
/// ([`RedisBackend`]). A backend must admit atomically: two processes asking at once
/// never both get the last slot.
pub trait LimiterBackend: Send + Sync + fmt::Debug {
    /// Admits one attempt in `scope`: counts it (daily quota, usage meter) and returns
    /// how long to wait before starting it, or why it is refused (nothing counted).
    fn admit<'a>(
        &'a self,
        scope: &'a QuotaScope,
        admission: Admission,
    ) -> BoxFuture<'a, Result<Result<Duration, Refusal>, BackendError>>;

    /// The usage meter's count for `scope` in the current month.
    fn usage<'a>(
        &'a self,
        scope: &'a QuotaScope,
        utc_offset: UtcOffset,
    ) -> BoxFuture<'a, Result<MonthlyCount, BackendError>>;

    /// Attempts of `tier` counted today in `scope` (0 for tiers without a daily quota).
    fn used_today<'a>(
        &'a self,
        scope: &'a QuotaScope,
        tier: u8,
        utc_offset: UtcOffset,
    ) -> BoxFuture<'a, Result<u32, BackendError>>;
}

/// What a call does when the shared backend fails or does not answer in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnBackendFailure {
    /// Fail the call at once with [`LimitError::Unavailable`]; nothing is sent. Use
    /// where exceeding the shared quota is worse than not calling.
    FailClosed,
    /// Admit the call through this process's own limiter (same limits, counted only in
    /// this process) and log a `tracing` warning when this starts and when the shared
    /// backend answers again. The default: the fleet keeps working, each process within
    /// the limits on its own.
    #[default]
    FallBackToLocal,
}

/// Why the limiter did not let a call through.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitError {
    /// The daily quota is used up.
    #[error(transparent)]
    Quota(#[from] QuotaExceeded),
    /// The monthly budget is used up.
    #[error(transparent)]
    Budget(#[from] BudgetExceeded),
    /// The shared backend failed and the limiter fails closed.
    #[error("{0}; the call was not sent (OnBackendFailure::FailClosed)")]
    Unavailable(BackendError),
}

/// The limiter a client uses: limits, a backend, and what to do when it fails. Clones
/// share the counts (an `Arc` inside), as do clones of a client and all their tasks.
#[derive(Clone)]
pub struct RateLimiter {
    limits: Arc<RateLimits>,
    local: Arc<LocalBackend>,
    shared: Option<Shared>,
}

#[derive(Clone)]
struct Shared {
    backend: Arc<dyn LimiterBackend>,
    on_failure: OnBackendFailure,
    timeout: Duration,
    degraded: Arc<AtomicBool>,
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("RateLimiter");
        s.field("limits", &self.limits);
        if let Some(shared) = &self.shared {
            s.field("backend", &shared.backend)
                .field("on_failure", &shared.on_failure)
                .field("timeout", &shared.timeout);
        }
        s.finish_non_exhaustive()
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter::new(RateLimits::default())
    }
}

/// How long a call waits for a shared backend by default.
pub const DEFAULT_BACKEND_TIMEOUT: Duration = Duration::from_millis(250);

impl RateLimiter {
    /// A limiter enforcing `limits` in this process.
    pub fn new(limits: RateLimits) -> Self {
        RateLimiter {
            limits: Arc::new(limits),
            local: Arc::new(LocalBackend::new()),
            shared: None,
        }
    }

    /// A limiter enforcing `limits` through a shared `backend` (falling back to the
    /// local limiter when it fails, after at most [`DEFAULT_BACKEND_TIMEOUT`]; see
    /// [`Self::on_backend_failure`] and [`Self::backend_timeout`]).
    pub fn shared(limits: RateLimits, backend: impl LimiterBackend + 'static) -> Self {
        RateLimiter {
            shared: Some(Shared {
                backend: Arc::new(backend),
                on_failure: OnBackendFailure::default(),
                timeout: DEFAULT_BACKEND_TIMEOUT,
                degraded: Arc::default(),
            }),
            ..RateLimiter::new(limits)
        }
    }

    /// What a call does when the shared backend fails (no effect without one).
    pub fn on_backend_failure(mut self, on_failure: OnBackendFailure) -> Self {
        if let Some(shared) = &mut self.shared {
            shared.on_failure = on_failure;
        }
        self
    }

    /// How long a call waits for the shared backend before treating it as failed.
    pub fn backend_timeout(mut self, timeout: Duration) -> Self {
        if let Some(shared) = &mut self.shared {
            shared.timeout = timeout;
        }
        self
    }

    /// The limits enforced.
    pub fn limits(&self) -> &RateLimits {
        &self.limits
    }

    /// Whether the last call fell back to the local limiter because the shared backend
    /// failed.
    pub fn is_degraded(&self) -> bool {
        self.shared
            .as_ref()
            .is_some_and(|s| s.degraded.load(Ordering::Relaxed))
    }

    /// Waits until an attempt of an operation of `tier` (`None`: an operation the
    /// documentation gives no tier, unpaced) may start in `scope`, and counts it; fails
    /// at once when the daily quota or the monthly budget is used up, or (failing closed)
    /// when the shared backend fails.
    pub async fn acquire(&self, scope: &QuotaScope, tier: Option<Tier>) -> Result<(), LimitError> {
        let admission = self.limits.admission(tier);
        let wait = match &self.shared {
            None => self.local.admit_now(scope, admission),
            Some(shared) => match shared.call(shared.backend.admit(scope, admission)).await {
                Ok(result) => {
                    shared.recovered();
                    result
                }
                Err(error) => {
                    shared.failed(&error)?;
                    self.local.admit_now(scope, admission)
                }
            },
        }
        .map_err(|refusal| self.refused(scope, refusal))?;
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        Ok(())
    }

    /// The usage meter's count of `scope` this month (from the shared backend if there
    /// is one; from this process's if it fails and the limiter falls back).
    pub async fn usage(&self, scope: &QuotaScope) -> Result<MonthlyCount, LimitError> {
        let offset = self.limits.utc_offset;
        match &self.shared {
            None => Ok(self.local.usage_now(scope, offset)),
            Some(shared) => match shared.call(shared.backend.usage(scope, offset)).await {
                Ok(count) => Ok(count),
                Err(error) => {
                    shared.failed(&error)?;
                    Ok(self.local.usage_now(scope, offset))
                }
            },
        }
    }

    /// Attempts of `tier` counted today in `scope`.
    pub async fn used_today(&self, scope: &QuotaScope, tier: u8) -> Result<u32, LimitError> {
        let offset = self.limits.utc_offset;
        match &self.shared {
            None => Ok(self.local.used_today_now(scope, tier, offset)),
            Some(shared) => {
                match shared
                    .call(shared.backend.used_today(scope, tier, offset))
                    .await
                {
                    Ok(used) => Ok(used),
                    Err(error) => {
                        shared.failed(&error)?;
                        Ok(self.local.used_today_now(scope, tier, offset))
                    }
                }
            }
        }
    }

    fn refused(&self, scope: &QuotaScope, refusal: Refusal) -> LimitError {
        match refusal {
            Refusal::Daily { tier, limit } => LimitError::Quota(QuotaExceeded {
                tier,
                limit,
                scope: scope.clone(),
                offset: self.limits.utc_offset,
            }),
            Refusal::Budget { budget } => LimitError::Budget(BudgetExceeded {
                budget,
                scope: scope.clone(),
            }),
        }
    }
}

impl Shared {
    /// Runs a backend call within the timeout.
    async fn call<T>(
        &self,
        future: BoxFuture<'_, Result<T, BackendError>>,
    ) -> Result<T, BackendError> {
        match tokio::time::timeout(self.timeout, future).await {
            Ok(result) => result,
            Err(_) => Err(BackendError {
                backend: format!("{:?}", self.backend),
                message: format!("no answer within {} ms", self.timeout.as_millis()),
            }),
        }
    }

    /// Decides what a failure means: an error (failing closed) or a fallback.
    fn failed(&self, error: &BackendError) -> Result<(), LimitError> {
        match self.on_failure {
            OnBackendFailure::FailClosed => Err(LimitError::Unavailable(error.clone())),
            OnBackendFailure::FallBackToLocal => {
                if !self.degraded.swap(true, Ordering::Relaxed) {
                    tracing::warn!(
                        error = %error,
                        "shared rate limiter unavailable: falling back to this process's limiter (limits are no longer shared)"
                    );
                }
                Ok(())
            }
        }
    }

    fn recovered(&self) {
        if self.degraded.swap(false, Ordering::Relaxed) {
            tracing::warn!("shared rate limiter answers again: limits are shared again");
        }
    }
}

/// The day number (days since 1970-01-01 in `offset`) and the (year, month) of the
/// instant `unix_seconds`.
pub(crate) fn calendar(unix_seconds: i64, offset: UtcOffset) -> (i64, i32, u8) {
    let day = (unix_seconds + i64::from(offset.whole_seconds())).div_euclid(86_400);
    let date = OffsetDateTime::from_unix_timestamp(unix_seconds)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(offset)
        .date();
    (day, date.year(), u8::from(date.month()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_months_start_at_midnight_of_the_offset() {
        // 2026-11-30 15:59:59 UTC is 23:59:59 in UTC+8; a second later it is December.
        let before = 1_796_054_399;
        let (day, year, month) = calendar(before, CHINA_STANDARD_TIME);
        assert_eq!((year, month), (2026, 11));
        let (next_day, year, month) = calendar(before + 1, CHINA_STANDARD_TIME);
        assert_eq!((year, month), (2026, 12));
        assert_eq!(next_day, day + 1);
        assert_eq!(
            calendar(before + 1, UtcOffset::UTC).2,
            11,
            "still November in UTC"
        );
        assert_eq!(calendar(0, UtcOffset::UTC), (0, 1970, 1));
    }

    /// A tier as a generated crate would hand it over (test values, not the service's).
    const LEVEL_3: Tier = Tier::new(3, TierLimit::new(5, Some(1_000)));

    #[test]
    fn the_default_limits_are_the_documented_ones() {
        let limits = RateLimits::default();
        assert_eq!(limits.limit(LEVEL_3), LEVEL_3.limit);
        assert_eq!(limits.offset(), CHINA_STANDARD_TIME);
        assert_eq!(limits.budget(), None);
        let utc = RateLimits::documented().utc_offset(UtcOffset::UTC);
        assert_eq!(utc.offset(), UtcOffset::UTC);
    }

    #[test]
    fn overrides_change_their_level_and_keep_the_other_half() {
        let limits = RateLimits::documented().qps(3, 2);
        assert_eq!(limits.limit(LEVEL_3), TierLimit::new(2, Some(1_000)));
        let limits = RateLimits::documented().daily(3, Some(7));
        assert_eq!(limits.limit(LEVEL_3), TierLimit::new(5, Some(7)));
        let limits = RateLimits::documented().daily(3, None).qps(1, 9);
        assert_eq!(limits.limit(LEVEL_3), TierLimit::new(5, None));
        let other = Tier::new(1, TierLimit::new(50, None));
        assert_eq!(limits.limit(other), TierLimit::new(9, None));
        let replaced = RateLimits::documented().tier(3, TierLimit::new(1, None));
        assert_eq!(replaced.limit(LEVEL_3), TierLimit::new(1, None));
    }

    #[test]
    fn disabled_limits_pace_nothing_but_keep_the_budget() {
        let limits = RateLimits::disabled().monthly_budget(3);
        let admission = limits.admission(Some(LEVEL_3));
        assert_eq!(admission.limit, None);
        assert_eq!(admission.monthly_budget, Some(3));
        assert_eq!(RateLimits::documented().admission(None).limit, None);
        assert_eq!(
            RateLimits::documented().admission(Some(LEVEL_3)).limit,
            Some((3, LEVEL_3.limit))
        );
    }
}
