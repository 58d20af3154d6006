//! What the emulator received and answered, counted: calls received (counted at
//! arrival, so a call whose client gave up while it was being answered is counted too,
//! as abandoned), accepted, throttled, rejected and faulted calls, per action, per
//! account and per rejection code. Lock-free on the accepted path.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde::Serialize;

/// Counts of one action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ActionStats {
    /// Calls that passed the signature and parameter checks, counted when they did,
    /// before any fault, latency or quota: every attempt a client's retries made.
    pub received: u64,
    /// Calls answered with the operation's response.
    pub accepted: u64,
    /// Calls refused with `Throttling.User` (QPS limit or daily quota).
    pub throttled: u64,
    /// Calls answered by an injected fault.
    pub faulted: u64,
    /// Calls answered with the operation's own error (an unknown id, a name taken, …).
    pub rejected: u64,
    /// Calls whose client went away before the answer (say, during a scripted delay).
    pub abandoned: u64,
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
    /// Requests (but those to the emulator's own `/_emulator/…` endpoints), counted at
    /// arrival, before their body is read: the sum of the five counts below once every
    /// request is answered.
    pub received: u64,
    /// Calls answered with the operation's response.
    pub accepted: u64,
    /// Calls refused with `Throttling.User`.
    pub throttled: u64,
    /// Requests refused by a protocol or parameter check (bad signature, unknown
    /// action, missing parameter, …) or answered with an operation's own error (an
    /// unknown id, …).
    pub rejected: u64,
    /// Calls answered by an injected fault (including dropped connections).
    pub faulted: u64,
    /// Calls whose client went away before the answer.
    pub abandoned: u64,
    /// Per action that was called (accepted, throttled or faulted).
    pub actions: BTreeMap<String, ActionStats>,
    /// Per account that was called.
    pub accounts: BTreeMap<String, AccountStats>,
    /// Rejections per code.
    pub rejections: BTreeMap<String, u64>,
}

#[derive(Default)]
struct Counters {
    received: AtomicU64,
    accepted: AtomicU64,
    throttled: AtomicU64,
    faulted: AtomicU64,
    rejected: AtomicU64,
    abandoned: AtomicU64,
}

/// The live counters.
pub(crate) struct StatsBook {
    actions: Vec<(&'static str, Counters)>,
    accounts: Vec<(String, Counters)>,
    account_index: HashMap<String, usize>,
    rejections: Mutex<BTreeMap<String, u64>>,
    received: AtomicU64,
    rejected: AtomicU64,
    abandoned: AtomicU64,
}

/// What happened to a call that reached an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Accepted,
    Throttled,
    Faulted,
}

/// A call being answered: counted as received when made; counted as abandoned if it
/// is dropped (the client went away) before [`Arrival::answered`].
pub(crate) struct Arrival<'a> {
    book: &'a StatsBook,
    action: Option<usize>,
    settled: bool,
}

impl Arrival<'_> {
    /// The call is of action number `action` and passed the checks.
    pub fn reached(&mut self, action: usize) {
        self.action = Some(action);
        if let Some((_, counter)) = self.book.actions.get(action) {
            counter.received.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The call was answered (and counted as such).
    pub fn answered(mut self) {
        self.settled = true;
    }

    /// The client went away before the call could be answered.
    pub fn gone(&mut self) {
        if !self.settled {
            self.settled = true;
            self.count_abandoned();
        }
    }

    fn count_abandoned(&self) {
        self.book.abandoned.fetch_add(1, Ordering::Relaxed);
        if let Some((_, counter)) = self.action.and_then(|a| self.book.actions.get(a)) {
            counter.abandoned.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl Drop for Arrival<'_> {
    fn drop(&mut self) {
        if !self.settled {
            self.count_abandoned();
        }
    }
}

impl StatsBook {
    /// Counters for `actions` (by index) and `accounts`.
    pub fn new(actions: impl IntoIterator<Item = &'static str>, accounts: &[String]) -> Self {
        let mut account_index = HashMap::new();
        let mut account_list = Vec::new();
        for account in accounts {
            account_index.entry(account.clone()).or_insert_with(|| {
                account_list.push((account.clone(), Counters::default()));
                account_list.len() - 1
            });
        }
        StatsBook {
            actions: actions
                .into_iter()
                .map(|a| (a, Counters::default()))
                .collect(),
            accounts: account_list,
            account_index,
            rejections: Mutex::new(BTreeMap::new()),
            received: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
            abandoned: AtomicU64::new(0),
        }
    }

    /// Counts a request as it arrives.
    pub fn arrive(&self) -> Arrival<'_> {
        self.received.fetch_add(1, Ordering::Relaxed);
        Arrival {
            book: self,
            action: None,
            settled: false,
        }
    }

    /// Counts a call of action number `action` answered with the operation's own
    /// error `code`.
    pub fn refuse(&self, action: usize, code: &str) {
        if let Some((_, counter)) = self.actions.get(action) {
            counter.rejected.fetch_add(1, Ordering::Relaxed);
        }
        self.reject(code);
    }

    /// Counts a call of action number `action` by `account`.
    pub fn record(&self, action: usize, account: &str, outcome: Outcome) {
        let pick = |c: &Counters| match outcome {
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
            received: load(&self.received),
            rejected: load(&self.rejected),
            abandoned: load(&self.abandoned),
            rejections: self
                .rejections
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
            ..Stats::default()
        };
        for (name, c) in &self.actions {
            let counts = ActionStats {
                received: load(&c.received),
                accepted: load(&c.accepted),
                throttled: load(&c.throttled),
                faulted: load(&c.faulted),
                rejected: load(&c.rejected),
                abandoned: load(&c.abandoned),
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
        let zero = |c: &Counters| {
            for n in [
                &c.received,
                &c.accepted,
                &c.throttled,
                &c.faulted,
                &c.rejected,
                &c.abandoned,
            ] {
                n.store(0, Ordering::Relaxed);
            }
        };
        self.actions.iter().for_each(|(_, c)| zero(c));
        self.accounts.iter().for_each(|(_, c)| zero(c));
        for n in [&self.received, &self.rejected, &self.abandoned] {
            n.store(0, Ordering::Relaxed);
        }
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
        book.refuse(1, "Emulator.Y");
        let mut done = book.arrive();
        done.reached(0);
        done.answered();
        let mut gone = book.arrive();
        gone.reached(1);
        drop(gone);
        drop(book.arrive());
        let mut cut = book.arrive();
        cut.gone();
        cut.answered();
        let stats = book.snapshot();
        assert_eq!((stats.received, stats.abandoned), (4, 3));
        assert_eq!(
            (stats.actions["A"].received, stats.actions["A"].abandoned),
            (1, 0)
        );
        assert_eq!(
            (stats.actions["B"].received, stats.actions["B"].abandoned),
            (1, 1)
        );
        assert_eq!(stats.actions["B"].rejected, 1);
        assert_eq!(stats.rejections["Emulator.Y"], 1);
        assert_eq!(
            (
                stats.accepted,
                stats.throttled,
                stats.faulted,
                stats.rejected
            ),
            (2, 1, 1, 2)
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
