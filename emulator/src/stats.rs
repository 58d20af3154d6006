//! What the emulator answered, counted: accepted, throttled, rejected and faulted calls,
//! per action, per account and per rejection code. Lock-free on the accepted path.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde::Serialize;

/// Counts of one action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ActionStats {
    /// Calls answered with the operation's response.
    pub accepted: u64,
    /// Calls refused with `Throttling.User` (QPS limit or daily quota).
    pub throttled: u64,
    /// Calls answered by an injected fault.
    pub faulted: u64,
}

/// Counts of one account (all its keys).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AccountStats {
    /// Calls answered with the operation's response.
    pub accepted: u64,
    /// Calls refused with `Throttling.User`.
    pub throttled: u64,
}

/// A snapshot of the counts ([`crate::Emulator::stats`], `GET /_emulator/stats`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Stats {
    /// Calls answered with the operation's response.
    pub accepted: u64,
    /// Calls refused with `Throttling.User`.
    pub throttled: u64,
    /// Requests refused by a protocol or parameter check (bad signature, unknown
    /// action, missing parameter, …).
    pub rejected: u64,
    /// Calls answered by an injected fault (including dropped connections).
    pub faulted: u64,
    /// Per action that was called (accepted, throttled or faulted).
    pub actions: BTreeMap<String, ActionStats>,
    /// Per account that was called.
    pub accounts: BTreeMap<String, AccountStats>,
    /// Rejections per code.
    pub rejections: BTreeMap<String, u64>,
}

#[derive(Default)]
struct Counter3 {
    accepted: AtomicU64,
    throttled: AtomicU64,
    faulted: AtomicU64,
}

/// The live counters.
pub(crate) struct StatsBook {
    actions: Vec<(&'static str, Counter3)>,
    accounts: Vec<(String, Counter3)>,
    account_index: HashMap<String, usize>,
    rejections: Mutex<BTreeMap<String, u64>>,
    rejected: AtomicU64,
}

/// What happened to a call that reached an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Accepted,
    Throttled,
    Faulted,
}

impl StatsBook {
    /// Counters for `actions` (by index) and `accounts`.
    pub fn new(actions: impl IntoIterator<Item = &'static str>, accounts: &[String]) -> Self {
        let mut account_index = HashMap::new();
        let mut account_list = Vec::new();
        for account in accounts {
            account_index.entry(account.clone()).or_insert_with(|| {
                account_list.push((account.clone(), Counter3::default()));
                account_list.len() - 1
            });
        }
        StatsBook {
            actions: actions
                .into_iter()
                .map(|a| (a, Counter3::default()))
                .collect(),
            accounts: account_list,
            account_index,
            rejections: Mutex::new(BTreeMap::new()),
            rejected: AtomicU64::new(0),
        }
    }

    /// Counts a call of action number `action` by `account`.
    pub fn record(&self, action: usize, account: &str, outcome: Outcome) {
        let pick = |c: &Counter3| match outcome {
            Outcome::Accepted => c.accepted.fetch_add(1, Ordering::Relaxed),
            Outcome::Throttled => c.throttled.fetch_add(1, Ordering::Relaxed),
            Outcome::Faulted => c.faulted.fetch_add(1, Ordering::Relaxed),
        };
        if let Some((_, counter)) = self.actions.get(action) {
            pick(counter);
        }
        if let Some(&index) = self.account_index.get(account) {
            pick(&self.accounts[index].1);
        }
    }

    /// Counts a rejection with `code`.
    pub fn reject(&self, code: &str) {
        self.rejected.fetch_add(1, Ordering::Relaxed);
        let mut rejections = self.rejections.lock().unwrap_or_else(|e| e.into_inner());
        *rejections.entry(code.to_owned()).or_default() += 1;
    }

    /// The counts now.
    pub fn snapshot(&self) -> Stats {
        let load = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let mut stats = Stats {
            rejected: load(&self.rejected),
            rejections: self
                .rejections
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
            ..Stats::default()
        };
        for (name, c) in &self.actions {
            let counts = ActionStats {
                accepted: load(&c.accepted),
                throttled: load(&c.throttled),
                faulted: load(&c.faulted),
            };
            stats.accepted += counts.accepted;
            stats.throttled += counts.throttled;
            stats.faulted += counts.faulted;
            if counts != ActionStats::default() {
                stats.actions.insert((*name).to_owned(), counts);
            }
        }
        for (name, c) in &self.accounts {
            let counts = AccountStats {
                accepted: load(&c.accepted),
                throttled: load(&c.throttled),
            };
            if counts != AccountStats::default() {
                stats.accounts.insert(name.clone(), counts);
            }
        }
        stats
    }

    /// Sets every count back to zero.
    pub fn reset(&self) {
        let zero = |c: &Counter3| {
            c.accepted.store(0, Ordering::Relaxed);
            c.throttled.store(0, Ordering::Relaxed);
            c.faulted.store(0, Ordering::Relaxed);
        };
        self.actions.iter().for_each(|(_, c)| zero(c));
        self.accounts.iter().for_each(|(_, c)| zero(c));
        self.rejected.store(0, Ordering::Relaxed);
        self.rejections
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_per_action_and_account() {
        let book = StatsBook::new(["A", "B"], &["acct".to_owned(), "acct".to_owned()]);
        book.record(0, "acct", Outcome::Accepted);
        book.record(0, "acct", Outcome::Throttled);
        book.record(1, "acct", Outcome::Faulted);
        book.record(1, "unknown", Outcome::Accepted);
        book.reject("Emulator.X");
        let stats = book.snapshot();
        assert_eq!(
            (
                stats.accepted,
                stats.throttled,
                stats.faulted,
                stats.rejected
            ),
            (2, 1, 1, 1)
        );
        assert_eq!(stats.actions["A"].throttled, 1);
        assert_eq!(
            stats.accounts["acct"],
            AccountStats {
                accepted: 1,
                throttled: 1
            }
        );
        assert_eq!(stats.rejections["Emulator.X"], 1);
        book.reset();
        assert_eq!(book.snapshot(), Stats::default());
    }
}
