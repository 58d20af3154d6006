//! What the usage meter reports, and the documented price.
//!
//! The reference's 计费方式 table (the 2022 reference, `003_*.txt` lines 108–115):
//! every calendar month, each main account (sub-accounts included) gets a free quota of
//! calls per region — 100万次/月 (1,000,000) with 企业版 (Enterprise Edition), 1000万次/月
//! (10,000,000) with 旗舰版 (Flagship Edition) — and calls beyond it cost 0.05 USD per
//! 10,000 (0.05美元/万次). The estimate here applies that rate proportionally; how the
//! service rounds a partial 10,000 is not documented.

use std::fmt;

/// A DataWorks edition, for the free monthly quota of OpenAPI calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Edition {
    /// 企业版: 1,000,000 free calls a month per account and region.
    Enterprise,
    /// 旗舰版: 10,000,000 free calls a month per account and region.
    Flagship,
}

/// Calls per priced unit (万次).
pub const CALLS_PER_UNIT: u64 = 10_000;

/// US dollars per [`CALLS_PER_UNIT`] calls beyond the free quota.
pub const USD_PER_UNIT: f64 = 0.05;

impl Edition {
    /// Free calls a month per account and region.
    pub const fn free_calls_per_month(self) -> u64 {
        match self {
            Edition::Enterprise => 1_000_000,
            Edition::Flagship => 10_000_000,
        }
    }
}

/// The usage meter's report for one account and region this month
/// ([`crate::Client::usage`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Usage {
    /// The account (or AccessKey id standing in for it).
    pub account: String,
    /// The region.
    pub region: String,
    /// The year of the month counted.
    pub year: i32,
    /// The month counted, 1 to 12 (in the limiter's UTC offset).
    pub month: u8,
    /// Calls sent this month, retries included, by every client sharing the backend.
    pub calls: u64,
    /// The edition configured on the client, if any.
    pub edition: Option<Edition>,
}

impl Usage {
    /// Calls beyond the edition's free quota (`None` without an edition).
    pub fn billable_calls(&self) -> Option<u64> {
        self.edition
            .map(|e| self.calls.saturating_sub(e.free_calls_per_month()))
    }

    /// The estimated cost so far this month in US dollars (`None` without an edition).
    pub fn estimated_cost_usd(&self) -> Option<f64> {
        self.billable_calls()
            .map(|calls| calls as f64 / CALLS_PER_UNIT as f64 * USD_PER_UNIT)
    }
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} calls in {:04}-{:02} for account {} in {}",
            self.calls, self.year, self.month, self.account, self.region
        )?;
        if let (Some(edition), Some(cost)) = (self.edition, self.estimated_cost_usd()) {
            write!(
                f,
                " ({edition:?} edition: about {cost:.2} USD beyond the free quota)"
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(calls: u64, edition: Option<Edition>) -> Usage {
        Usage {
            account: "a".into(),
            region: "cn-shanghai".into(),
            year: 2026,
            month: 12,
            calls,
            edition,
        }
    }

    #[test]
    fn the_free_quota_comes_first_then_five_cents_per_ten_thousand() {
        let u = usage(1_000_000, Some(Edition::Enterprise));
        assert_eq!(
            (u.billable_calls(), u.estimated_cost_usd()),
            (Some(0), Some(0.0))
        );
        let u = usage(1_250_000, Some(Edition::Enterprise));
        assert_eq!(u.billable_calls(), Some(250_000));
        assert!((u.estimated_cost_usd().unwrap() - 1.25).abs() < 1e-9);
        let u = usage(1_250_000, Some(Edition::Flagship));
        assert_eq!(u.billable_calls(), Some(0));
        assert_eq!(usage(5, None).estimated_cost_usd(), None);
        assert_eq!(
            usage(1_250_000, Some(Edition::Enterprise)).to_string(),
            "1250000 calls in 2026-12 for account a in cn-shanghai (Enterprise edition: about 1.25 USD beyond the free quota)"
        );
    }
}
