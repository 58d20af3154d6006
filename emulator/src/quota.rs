//! Quotas as the documentation says the service counts them: per account (all its
//! keys together) and region, per QPS tier, at most `qps` calls started in any
//! one-second window, and for level 3 a daily quota that starts again at midnight of
//! the configured UTC offset.
//!
//! The emulator sees when calls arrive, not when clients started them: the window it
//! checks is one second minus a jitter allowance ([`Quotas::jitter_allowance`], 50 ms
//! by default), so that a client pacing exactly `qps` starts per second is not
//! throttled for network and scheduling jitter, while a burst still is.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use time::{Date, OffsetDateTime};

use crate::config::Quotas;

/// Why a call was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Over {
    /// `qps` calls were already started in the last second.
    Qps(u32),
    /// The day's quota is used up.
    Daily(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Scope {
    account: String,
    region: String,
    tier: u8,
}

#[derive(Debug, Default)]
struct Counts {
    /// Start times of the calls admitted in the last second, oldest first.
    recent: VecDeque<Instant>,
    /// The day counted and the calls admitted on it.
    day: Option<(Date, u32)>,
}

/// The counts of every scope that has called.
pub(crate) struct QuotaBook {
    quotas: Quotas,
    scopes: Mutex<HashMap<Scope, Counts>>,
}

impl QuotaBook {
    pub fn new(quotas: Quotas) -> Self {
        QuotaBook {
            quotas,
            scopes: Mutex::new(HashMap::new()),
        }
    }

    /// Admits one call of `tier` for `account` in `region` at `now` (monotonic) /
    /// `wall` (for the day), or says which limit it is over.
    pub fn admit(
        &self,
        account: &str,
        region: &str,
        tier: u8,
        now: Instant,
        wall: OffsetDateTime,
    ) -> Result<(), Over> {
        if !self.quotas.enabled {
            return Ok(());
        }
        let Some(limit) = self.quotas.tier(tier) else {
            return Ok(());
        };
        let scope = Scope {
            account: account.to_owned(),
            region: region.to_owned(),
            tier,
        };
        let mut scopes = self.scopes.lock().unwrap_or_else(|e| e.into_inner());
        let counts = scopes.entry(scope).or_default();
        let window = Duration::from_secs(1).saturating_sub(self.quotas.jitter_allowance);
        while let Some(first) = counts.recent.front() {
            if now.saturating_duration_since(*first) >= window {
                counts.recent.pop_front();
            } else {
                break;
            }
        }
        if counts.recent.len() >= limit.qps as usize {
            return Err(Over::Qps(limit.qps));
        }
        let today = wall.to_offset(self.quotas.day_offset).date();
        if let Some(daily) = limit.daily {
            let used = match counts.day {
                Some((day, used)) if day == today => used,
                _ => 0,
            };
            if used >= daily {
                return Err(Over::Daily(daily));
            }
            counts.day = Some((today, used + 1));
        }
        counts.recent.push_back(now);
        Ok(())
    }

    /// Calls admitted today for `account` in `region` at `tier` (0 for tiers without a
    /// daily quota).
    pub fn used_today(&self, account: &str, region: &str, tier: u8, wall: OffsetDateTime) -> u32 {
        let today = wall.to_offset(self.quotas.day_offset).date();
        let scopes = self.scopes.lock().unwrap_or_else(|e| e.into_inner());
        let scope = Scope {
            account: account.to_owned(),
            region: region.to_owned(),
            tier,
        };
        match scopes.get(&scope).and_then(|c| c.day) {
            Some((day, used)) if day == today => used,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TierQuota;
    use time::macros::{datetime, offset};

    fn book(daily: Option<u32>) -> QuotaBook {
        let mut quotas = Quotas {
            jitter_allowance: Duration::ZERO,
            ..Quotas::default()
        };
        quotas.tiers[2] = TierQuota { qps: 2, daily };
        QuotaBook::new(quotas)
    }

    #[test]
    fn arrival_jitter_within_the_allowance_is_forgiven() {
        let book = QuotaBook::new(Quotas {
            jitter_allowance: Duration::from_millis(50),
            ..Quotas::default()
        });
        let t0 = Instant::now();
        let wall = datetime!(2026-12-01 00:00 UTC);
        for _ in 0..5 {
            assert_eq!(book.admit("a", "r", 3, t0, wall), Ok(()));
        }
        assert_eq!(
            book.admit("a", "r", 3, t0 + Duration::from_millis(949), wall),
            Err(Over::Qps(5))
        );
        assert_eq!(
            book.admit("a", "r", 3, t0 + Duration::from_millis(950), wall),
            Ok(())
        );
    }

    #[test]
    fn at_most_qps_starts_in_any_second() {
        let book = book(None);
        let t0 = Instant::now();
        let wall = datetime!(2026-12-01 00:00 UTC);
        assert_eq!(book.admit("a", "r", 3, t0, wall), Ok(()));
        assert_eq!(
            book.admit("a", "r", 3, t0 + Duration::from_millis(10), wall),
            Ok(())
        );
        assert_eq!(
            book.admit("a", "r", 3, t0 + Duration::from_millis(999), wall),
            Err(Over::Qps(2))
        );
        assert_eq!(
            book.admit("a", "r", 3, t0 + Duration::from_millis(1000), wall),
            Ok(())
        );
        // Other scopes have their own budgets.
        assert_eq!(book.admit("b", "r", 3, t0, wall), Ok(()));
        assert_eq!(book.admit("a", "other", 3, t0, wall), Ok(()));
        assert_eq!(book.admit("a", "r", 2, t0, wall), Ok(()));
    }

    #[test]
    fn the_daily_quota_starts_again_at_midnight_of_the_offset() {
        let book = book(Some(3));
        let mut t = Instant::now();
        // 15:59 UTC is 23:59 in UTC+8.
        let before = datetime!(2026-12-01 15:59 UTC);
        for _ in 0..3 {
            assert_eq!(book.admit("a", "r", 3, t, before), Ok(()));
            t += Duration::from_secs(1);
        }
        assert_eq!(book.admit("a", "r", 3, t, before), Err(Over::Daily(3)));
        assert_eq!(book.used_today("a", "r", 3, before), 3);
        let after = datetime!(2026-12-01 16:00 UTC);
        assert_eq!(book.admit("a", "r", 3, t, after), Ok(()));
        assert_eq!(book.used_today("a", "r", 3, after), 1);
        assert_eq!(after.to_offset(offset!(+8)).hour(), 0);
    }

    #[test]
    fn disabled_quotas_admit_everything() {
        let book = QuotaBook::new(Quotas {
            enabled: false,
            ..Quotas::default()
        });
        let t = Instant::now();
        for _ in 0..100 {
            assert_eq!(
                book.admit("a", "r", 3, t, datetime!(2026-12-01 00:00 UTC)),
                Ok(())
            );
        }
    }
}
