//! What the usage meter reports, and what calls cost.
//!
//! The price is a service fact: the documentation's 计费方式 table (each edition's free
//! calls a month per account and region, and the price of calls beyond it) reaches the
//! spec (`spec/service.yaml`, `pricing`), and the generated crate hands it over as a
//! [`Pricing`] (`Edition::pricing()`). This module only applies it: the estimate is
//! proportional to the calls beyond the free quota; how the service rounds a partial
//! priced unit is not documented.

use std::fmt;

/// The documented price of OpenAPI calls with one edition of the service.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Pricing {
    /// The edition's name (e.g. `enterprise`), for reports.
    pub edition: &'static str,
    /// Free calls a month per account and region.
    pub free_calls_per_month: u64,
    /// US dollars per [`Self::calls_per_unit`] calls beyond the free quota.
    pub usd_per_unit: f64,
    /// Calls per priced unit.
    pub calls_per_unit: u64,
}

impl Pricing {
    /// A price: `free_calls_per_month` free, then `usd_per_unit` per `calls_per_unit`.
    pub const fn new(
        edition: &'static str,
        free_calls_per_month: u64,
        usd_per_unit: f64,
        calls_per_unit: u64,
    ) -> Self {
        Pricing {
            edition,
            free_calls_per_month,
            usd_per_unit,
            calls_per_unit,
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
    /// The price configured on the client, if any.
    pub pricing: Option<Pricing>,
}

impl Usage {
    /// Calls beyond the free quota (`None` without a price).
    pub fn billable_calls(&self) -> Option<u64> {
        self.pricing
            .map(|p| self.calls.saturating_sub(p.free_calls_per_month))
    }

    /// The estimated cost so far this month in US dollars (`None` without a price).
    pub fn estimated_cost_usd(&self) -> Option<f64> {
        let pricing = self.pricing?;
        let calls = self.billable_calls()?;
        Some(calls as f64 / pricing.calls_per_unit.max(1) as f64 * pricing.usd_per_unit)
    }
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} calls in {:04}-{:02} for account {} in {}",
            self.calls, self.year, self.month, self.account, self.region
        )?;
        if let (Some(pricing), Some(cost)) = (self.pricing, self.estimated_cost_usd()) {
            write!(
                f,
                " ({} edition: about {cost:.2} USD beyond the free quota)",
                pricing.edition
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A price as a generated crate hands it over (test values, not the service's).
    const BASIC: Pricing = Pricing::new("basic", 1_000, 0.5, 100);

    fn usage(calls: u64, pricing: Option<Pricing>) -> Usage {
        Usage {
            account: "a".into(),
            region: "cn-shanghai".into(),
            year: 2026,
            month: 12,
            calls,
            pricing,
        }
    }

    #[test]
    fn the_free_quota_comes_first_then_the_price_per_unit() {
        let u = usage(1_000, Some(BASIC));
        assert_eq!(
            (u.billable_calls(), u.estimated_cost_usd()),
            (Some(0), Some(0.0))
        );
        let u = usage(1_250, Some(BASIC));
        assert_eq!(u.billable_calls(), Some(250));
        assert!((u.estimated_cost_usd().unwrap() - 1.25).abs() < 1e-9);
        assert_eq!(usage(5, None).estimated_cost_usd(), None);
        assert_eq!(
            u.to_string(),
            "1250 calls in 2026-12 for account a in cn-shanghai (basic edition: about 1.25 USD beyond the free quota)"
        );
    }
}
