//! Fault injection for resilience tests: per action, a scripted sequence of faults
//! (an error answer, a raw non-JSON answer, a dropped connection, a delay) consumed one
//! per call, and a latency added to every call.
//!
//! Faults apply to calls that passed the signature and parameter checks, before quotas
//! are counted: a faulted call is counted as faulted, not as accepted or throttled.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// One scripted fault.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with `status` and a service-shaped JSON error body with `code`.
    Error {
        /// HTTP status.
        status: u16,
        /// The body's `Code`.
        code: String,
        /// The body's `Message`.
        message: String,
    },
    /// Answer with `status` and exactly `body` (say, a proxy's HTML error page).
    Raw {
        /// HTTP status.
        status: u16,
        /// The body, sent as `text/html`.
        body: String,
    },
    /// Close the connection without answering.
    Drop,
    /// Wait, then answer normally.
    Delay(Duration),
}

impl Fault {
    /// An error answer with `status` and `code` (and a message saying it was injected).
    pub fn error(status: u16, code: impl Into<String>) -> Self {
        let code = code.into();
        Fault::Error {
            status,
            message: format!("injected fault: {code}"),
            code,
        }
    }

    /// A non-JSON answer with `status` and `body`.
    pub fn raw(status: u16, body: impl Into<String>) -> Self {
        Fault::Raw {
            status,
            body: body.into(),
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Error { status, code, .. } => write!(f, "{status}:{code}"),
            Fault::Raw { status, .. } => write!(f, "raw:{status}"),
            Fault::Drop => f.write_str("drop"),
            Fault::Delay(d) => write!(f, "delay:{}", d.as_millis()),
        }
    }
}

/// A fault argument that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a fault is `STATUS:CODE` (e.g. `503:ServiceUnavailable`), `raw:STATUS`, `drop` or `delay:MILLISECONDS`, got `{0}`")]
pub struct FaultParseError(String);

impl FromStr for Fault {
    type Err = FaultParseError;

    /// Parses `STATUS:CODE`, `raw:STATUS` (a short HTML page), `drop` or `delay:MS`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || FaultParseError(s.to_owned());
        let status = |text: &str| {
            text.parse::<u16>()
                .ok()
                .filter(|n| (100..600).contains(n))
                .ok_or_else(bad)
        };
        match s.split_once(':') {
            None if s == "drop" => Ok(Fault::Drop),
            Some(("delay", ms)) => ms
                .parse::<u64>()
                .map(|ms| Fault::Delay(Duration::from_millis(ms)))
                .map_err(|_| bad()),
            Some(("raw", code)) => {
                let code = status(code)?;
                Ok(Fault::raw(
                    code,
                    format!("<html><body><h1>{code}</h1><p>injected by dataworks-emulator</p></body></html>"),
                ))
            }
            Some((code, name)) if !name.is_empty() => Ok(Fault::error(status(code)?, name)),
            _ => Err(bad()),
        }
    }
}

/// What the server does with a call, after the faults had their say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Time to wait before doing anything.
    pub delay: Duration,
    /// The scripted fault, if one was due (never `Delay`, folded into `delay`).
    pub fault: Option<Fault>,
}

/// The scripts and latencies of every action.
#[derive(Default)]
pub(crate) struct Faults {
    any: AtomicBool,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    scripts: HashMap<String, VecDeque<Fault>>,
    latency: HashMap<String, Duration>,
}

impl Faults {
    /// Appends `faults` to the script of `action`.
    pub fn script(&self, action: &str, faults: impl IntoIterator<Item = Fault>) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner
            .scripts
            .entry(action.to_owned())
            .or_default()
            .extend(faults);
        self.any.store(true, Ordering::Release);
    }

    /// Adds `latency` to every call of `action` (zero removes it).
    pub fn latency(&self, action: &str, latency: Duration) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if latency.is_zero() {
            inner.latency.remove(action);
        } else {
            inner.latency.insert(action.to_owned(), latency);
        }
        self.any.store(true, Ordering::Release);
    }

    /// Forgets every script and latency.
    pub fn clear(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.scripts.clear();
        inner.latency.clear();
    }

    /// Faults still scripted for `action`.
    pub fn pending(&self, action: &str) -> usize {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.scripts.get(action).map_or(0, VecDeque::len)
    }

    /// Consumes the next scripted fault of `action` and adds its latency.
    pub fn next(&self, action: &str) -> Plan {
        let mut plan = Plan {
            delay: Duration::ZERO,
            fault: None,
        };
        if !self.any.load(Ordering::Acquire) {
            return plan;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(latency) = inner.latency.get(action) {
            plan.delay += *latency;
        }
        match inner.scripts.get_mut(action).and_then(VecDeque::pop_front) {
            Some(Fault::Delay(d)) => plan.delay += d,
            other => plan.fault = other,
        }
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse_and_print() {
        assert_eq!("drop".parse::<Fault>().unwrap(), Fault::Drop);
        assert_eq!(
            "delay:250".parse::<Fault>().unwrap(),
            Fault::Delay(Duration::from_millis(250))
        );
        assert_eq!(
            "503:ServiceUnavailable".parse::<Fault>().unwrap(),
            Fault::error(503, "ServiceUnavailable")
        );
        let raw = "raw:502".parse::<Fault>().unwrap();
        assert!(matches!(raw, Fault::Raw { status: 502, .. }));
        for fault in ["drop", "delay:250", "503:ServiceUnavailable", "raw:502"] {
            assert_eq!(fault.parse::<Fault>().unwrap().to_string(), fault);
        }
        for bad in [
            "", "dropped", "delay:x", "99:X", "600:X", "503:", "raw:abc", "abc:X",
        ] {
            let err = bad.parse::<Fault>().unwrap_err().to_string();
            assert!(err.contains("STATUS:CODE"), "{bad}: {err}");
        }
    }

    #[test]
    fn scripts_are_consumed_in_order_per_action() {
        let faults = Faults::default();
        assert_eq!(faults.next("A").fault, None);
        faults.script(
            "A",
            [
                Fault::error(503, "X"),
                Fault::Drop,
                Fault::Delay(Duration::from_millis(5)),
            ],
        );
        faults.latency("A", Duration::from_millis(1));
        assert_eq!(faults.pending("A"), 3);
        assert_eq!(faults.next("B").fault, None, "other actions are untouched");
        assert_eq!(faults.next("A").fault, Some(Fault::error(503, "X")));
        assert_eq!(faults.next("A").fault, Some(Fault::Drop));
        let plan = faults.next("A");
        assert_eq!((plan.fault, plan.delay), (None, Duration::from_millis(6)));
        let plan = faults.next("A");
        assert_eq!((plan.fault, plan.delay), (None, Duration::from_millis(1)));
        faults.clear();
        assert_eq!(faults.next("A").delay, Duration::ZERO);
    }
}
