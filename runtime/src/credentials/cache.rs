//! One cache in front of any provider: temporary credentials are reused until shortly
//! before they expire, then refreshed by one caller while the others wait for it.
//!
//! # When it refreshes
//! Credentials without an expiration are kept for good. Temporary ones are refreshed
//! once fewer than [`DEFAULT_REFRESH_MARGIN`] (5 minutes) remain. Why 5 minutes:
//! - the shortest STS session is 15 minutes (`DurationSeconds` ≥ 900): a 5-minute
//!   margin still uses two thirds of it, where the Python and Java libraries' 15 minutes
//!   would refresh such credentials on every call; a default one-hour session is used
//!   for 55 minutes;
//! - it leaves time for a failed refresh to be tried again (every
//!   [`RETRY_INTERVAL`]) while the old credentials still work, which Go's 3 minutes
//!   leaves less of;
//! - it covers clock skew between this host and the service and a call's own retries.
//!
//! Credentials that arrive with less than the margin left are refreshed at most every
//! [`RETRY_INTERVAL`], not on every call.
//!
//! # Failures and expiry
//! - Concurrent callers that find the credentials due trigger one refresh: the first
//!   refreshes, the others wait for it and take its result.
//! - If a refresh fails while the cached credentials are still valid, they are used, a
//!   `tracing` warning is logged (one per failed refresh), and the next refresh is tried
//!   after [`RETRY_INTERVAL`].
//! - Expired credentials are never handed out: with less than [`EXPIRY_GUARD`] left
//!   they count as expired (a request signed with them could arrive after they
//!   expire), and a failed refresh is then the caller's error.
//!
//! The clock is injectable ([`Clock`], [`ManualClock`]), so tests need not wait an hour.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use super::failure::CredentialsError;
use super::{format_time, Credentials, ProvideCredentials};
use crate::transport::BoxFuture;

/// How long before expiry temporary credentials are refreshed (see the module docs).
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);
/// The least time between two refreshes when the last one failed or gave credentials
/// that are already within the margin.
pub const RETRY_INTERVAL: Duration = Duration::from_secs(10);
/// Credentials with less than this left are treated as expired.
pub const EXPIRY_GUARD: Duration = Duration::from_secs(10);

/// Where the cache reads the time.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that moves only when told to (tests). Clones share the time.
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<Mutex<SystemTime>>,
}

impl ManualClock {
    /// A clock reading `start`.
    pub fn new(start: SystemTime) -> Self {
        ManualClock {
            now: Arc::new(Mutex::new(start)),
        }
    }

    /// Sets the time.
    pub fn set(&self, now: SystemTime) {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner) = now;
    }

    /// Moves the time forward.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Cached credentials and when to refresh them.
#[derive(Debug, Clone)]
struct Entry {
    credentials: Credentials,
    /// When to refresh (`None`: never).
    refresh_at: Option<SystemTime>,
    /// The last moment they may be handed out (`None`: forever).
    usable_until: Option<SystemTime>,
}

impl Entry {
    fn fresh(&self, now: SystemTime) -> bool {
        self.refresh_at.is_none_or(|at| now < at)
    }

    fn usable(&self, now: SystemTime) -> bool {
        self.usable_until.is_none_or(|until| now < until)
    }
}

/// A caching, refreshing provider in front of another (see the module docs).
pub struct CredentialsCache {
    provider: Arc<dyn ProvideCredentials>,
    clock: Arc<dyn Clock>,
    margin: Duration,
    cached: Mutex<Option<Entry>>,
    refreshing: tokio::sync::Mutex<()>,
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.provider)
            .field("clock", &self.clock)
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

/// Configures a [`CredentialsCache`].
#[derive(Debug)]
#[must_use]
pub struct CredentialsCacheBuilder {
    provider: Arc<dyn ProvideCredentials>,
    clock: Arc<dyn Clock>,
    margin: Duration,
}

impl CredentialsCache {
    /// A cache in front of `provider`, with the system clock and the default margin.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self::builder(provider).build()
    }

    /// A builder for a cache in front of `provider`.
    pub fn builder(provider: impl ProvideCredentials + 'static) -> CredentialsCacheBuilder {
        CredentialsCacheBuilder {
            provider: Arc::new(provider),
            clock: Arc::new(SystemClock),
            margin: DEFAULT_REFRESH_MARGIN,
        }
    }

    /// The provider behind the cache.
    pub fn provider(&self) -> &Arc<dyn ProvideCredentials> {
        &self.provider
    }

    /// The refresh margin.
    pub fn refresh_margin(&self) -> Duration {
        self.margin
    }

    fn lookup(&self, now: SystemTime) -> Option<Credentials> {
        let cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
        cached
            .as_ref()
            .filter(|e| e.fresh(now) && e.usable(now))
            .map(|e| e.credentials.clone())
    }

    async fn get(&self) -> Result<Credentials, CredentialsError> {
        if let Some(credentials) = self.lookup(self.clock.now()) {
            return Ok(credentials);
        }
        let _refreshing = self.refreshing.lock().await;
        // Another caller may have refreshed while this one waited.
        let now = self.clock.now();
        if let Some(credentials) = self.lookup(now) {
            return Ok(credentials);
        }
        let result = self
            .provider
            .provide_credentials()
            .await
            .and_then(|c| self.entry(c, now));
        let mut cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
        match result {
            Ok(entry) => {
                let credentials = entry.credentials.clone();
                *cached = Some(entry);
                Ok(credentials)
            }
            Err(error) => match cached.as_mut().filter(|e| e.usable(now)) {
                Some(entry) => {
                    let until = entry.usable_until.unwrap_or(now + RETRY_INTERVAL);
                    entry.refresh_at = Some((now + RETRY_INTERVAL).min(until));
                    tracing::warn!(
                        %error,
                        expires = %entry.credentials.expiration.map(format_time).unwrap_or_default(),
                        "refreshing credentials failed; using the cached ones, which are still valid"
                    );
                    Ok(entry.credentials.clone())
                }
                None => Err(error),
            },
        }
    }

    /// The cache entry of credentials just received at `now`.
    fn entry(&self, credentials: Credentials, now: SystemTime) -> Result<Entry, CredentialsError> {
        let Some(expiration) = credentials.expiration else {
            return Ok(Entry {
                credentials,
                refresh_at: None,
                usable_until: None,
            });
        };
        let usable_until = expiration.checked_sub(EXPIRY_GUARD).unwrap_or(expiration);
        if now >= usable_until {
            return Err(CredentialsError::unavailable(
                "credentials cache",
                format!(
                    "the credentials received (AccessKey id {}) expire at {}, which is past or less than {} s away (the clock says {})",
                    credentials.access_key_id,
                    format_time(expiration),
                    EXPIRY_GUARD.as_secs(),
                    format_time(now)
                ),
            ));
        }
        let due = expiration.checked_sub(self.margin).unwrap_or(now);
        let refresh_at = due.max(now + RETRY_INTERVAL).min(usable_until);
        Ok(Entry {
            credentials,
            refresh_at: Some(refresh_at),
            usable_until: Some(usable_until),
        })
    }
}

impl CredentialsCacheBuilder {
    /// Refreshes when less than `margin` is left (default 5 minutes).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// Reads the time from `clock` (default: the system clock).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The cache.
    pub fn build(self) -> CredentialsCache {
        CredentialsCache {
            provider: self.provider,
            clock: self.clock,
            margin: self.margin,
            cached: Mutex::new(None),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// Hands out `key-<n>` valid for `lifetime` from the clock's now, or fails while
    /// `failing` is set; counts calls.
    #[derive(Debug)]
    struct Counting {
        clock: ManualClock,
        lifetime: Duration,
        calls: AtomicU32,
        failing: std::sync::atomic::AtomicBool,
    }

    impl ProvideCredentials for Arc<Counting> {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
                // Let concurrent callers pile up behind the refresh.
                tokio::task::yield_now().await;
                if self.failing.load(Ordering::SeqCst) {
                    return Err(CredentialsError::unavailable("test", "down"));
                }
                Ok(Credentials::new(format!("key-{n}"), "s")
                    .with_security_token("t")
                    .with_expiration(self.clock.now() + self.lifetime))
            })
        }
    }

    fn setup(lifetime: Duration) -> (ManualClock, Arc<Counting>, Arc<CredentialsCache>) {
        let clock = ManualClock::new(SystemTime::UNIX_EPOCH + Duration::from_secs(2_000_000_000));
        let provider = Arc::new(Counting {
            clock: clock.clone(),
            lifetime,
            calls: AtomicU32::new(0),
            failing: false.into(),
        });
        let cache = CredentialsCache::builder(provider.clone())
            .clock(clock.clone())
            .build();
        (clock, provider, Arc::new(cache))
    }

    #[tokio::test]
    async fn reuses_until_the_margin_then_refreshes() {
        let (clock, provider, cache) = setup(Duration::from_secs(3600));
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id,
            "key-1"
        );
        clock.advance(Duration::from_secs(3600 - 301));
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id,
            "key-1"
        );
        clock.advance(Duration::from_secs(2));
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id,
            "key-2"
        );
        assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn concurrent_callers_trigger_one_refresh() {
        let (clock, provider, cache) = setup(Duration::from_secs(900));
        cache.provide_credentials().await.unwrap();
        clock.advance(Duration::from_secs(900));
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(
                    async move { cache.provide_credentials().await.unwrap().access_key_id },
                )
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap(), "key-2");
        }
        assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_refresh_uses_valid_credentials_and_never_expired_ones() {
        let (clock, provider, cache) = setup(Duration::from_secs(3600));
        cache.provide_credentials().await.unwrap();
        provider.failing.store(true, Ordering::SeqCst);
        clock.advance(Duration::from_secs(3600 - 60));
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id,
            "key-1"
        );
        assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
        // Within the retry interval the cached ones are used without asking again.
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id,
            "key-1"
        );
        assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
        clock.advance(RETRY_INTERVAL);
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id,
            "key-1"
        );
        assert_eq!(provider.calls.load(Ordering::SeqCst), 3);
        // Within the guard of expiry they are no longer handed out.
        clock.advance(Duration::from_secs(60) - RETRY_INTERVAL - EXPIRY_GUARD);
        let err = cache.provide_credentials().await.unwrap_err();
        assert_eq!(err.to_string(), "test: down");
        provider.failing.store(false, Ordering::SeqCst);
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id,
            "key-5"
        );
    }

    #[tokio::test]
    async fn short_lived_and_expired_answers() {
        let (clock, provider, cache) = setup(Duration::from_secs(60));
        cache.provide_credentials().await.unwrap();
        clock.advance(Duration::from_secs(5));
        cache.provide_credentials().await.unwrap();
        assert_eq!(
            provider.calls.load(Ordering::SeqCst),
            1,
            "not refreshed on every call"
        );
        clock.advance(RETRY_INTERVAL);
        cache.provide_credentials().await.unwrap();
        assert_eq!(provider.calls.load(Ordering::SeqCst), 2);

        let (_, _, cache) = setup(Duration::from_secs(5));
        let err = cache.provide_credentials().await.unwrap_err();
        assert!(
            err.to_string().contains("key-1") && err.to_string().contains("expire at"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn long_term_credentials_are_kept() {
        let clock = ManualClock::new(SystemTime::now());
        let cache = CredentialsCache::builder(Credentials::new("id", "s"))
            .clock(clock.clone())
            .build();
        cache.provide_credentials().await.unwrap();
        clock.advance(Duration::from_secs(10 * 365 * 86400));
        assert_eq!(
            cache.provide_credentials().await.unwrap().access_key_id,
            "id"
        );
    }
}
