//! What an emulator is started with: keys and accounts, quotas, the workflow and paging
//! settings, limits. [`crate::EmulatorBuilder`] fills it; the server only reads it.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use dataworks_public::QpsTier;
use time::UtcOffset;

/// An AccessKey the emulator accepts, and the account it belongs to.
///
/// Quotas are counted per account (and region), as the service counts them: several
/// keys of one account share one budget.
#[derive(Clone, PartialEq, Eq)]
pub struct Key {
    /// The AccessKey id.
    pub id: String,
    /// The AccessKey secret.
    pub secret: String,
    /// The account the key belongs to (the key id itself unless given).
    pub account: String,
}

impl Key {
    /// A key that is its own account.
    pub fn new(id: impl Into<String>, secret: impl Into<String>) -> Self {
        let id = id.into();
        Key {
            account: id.clone(),
            id,
            secret: secret.into(),
        }
    }

    /// The same key, counted under `account`.
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.account = account.into();
        self
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("id", &self.id)
            .field("secret", &"***")
            .field("account", &self.account)
            .finish()
    }
}

/// A `--key` argument that is not `ID:SECRET` or `ID:SECRET:ACCOUNT`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a key is `ID:SECRET` or `ID:SECRET:ACCOUNT` with no part empty, got `{0}`")]
pub struct KeyParseError(String);

impl FromStr for Key {
    type Err = KeyParseError;

    /// Parses `ID:SECRET` or `ID:SECRET:ACCOUNT`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.split(':').collect();
        let shown = match parts.first() {
            Some(id) => format!("{id}:…"),
            None => String::new(),
        };
        match parts.as_slice() {
            [id, secret] if !id.is_empty() && !secret.is_empty() => Ok(Key::new(*id, *secret)),
            [id, secret, account]
                if !id.is_empty() && !secret.is_empty() && !account.is_empty() =>
            {
                Ok(Key::new(*id, *secret).account(*account))
            }
            _ => Err(KeyParseError(shown)),
        }
    }
}

/// How a deployment started by `DeployFile` ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeployOutcome {
    /// `GetDeployment` reports status 1 (success) after the pending polls.
    #[default]
    Success,
    /// `GetDeployment` reports status 2 (failure) after the pending polls.
    Failure,
}

impl FromStr for DeployOutcome {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "success" => Ok(DeployOutcome::Success),
            "failure" => Ok(DeployOutcome::Failure),
            other => Err(format!(
                "a deploy outcome is `success` or `failure`, got `{other}`"
            )),
        }
    }
}

/// A workspace's mode, which GetProject reports (`ProjectMode`, `EnvTypes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkspaceMode {
    /// Development (DEV) and production (PROD) environments: a file is submitted
    /// (SubmitFile, to DEV) before it can be deployed (DeployFile, to PROD).
    Standard,
    /// Production (PROD) only: SubmitFile and DeployFile both put a file into
    /// production. The mode of every workspace not configured otherwise.
    #[default]
    Simple,
}

impl WorkspaceMode {
    /// `standard` or `simple`.
    pub fn name(self) -> &'static str {
        match self {
            WorkspaceMode::Standard => "standard",
            WorkspaceMode::Simple => "simple",
        }
    }
}

impl FromStr for WorkspaceMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "standard" => Ok(WorkspaceMode::Standard),
            "simple" => Ok(WorkspaceMode::Simple),
            other => Err(format!(
                "a workspace mode is `standard` or `simple`, got `{other}`"
            )),
        }
    }
}

/// A workspace configured at start: its project id and mode (`--project ID:MODE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Project {
    /// The project id (`ProjectId`).
    pub id: i64,
    /// Its mode.
    pub mode: WorkspaceMode,
}

impl FromStr for Project {
    type Err = String;

    /// Parses `ID:standard` or `ID:simple`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (id, mode) = s
            .split_once(':')
            .ok_or_else(|| format!("a project is `ID:standard` or `ID:simple`, got `{s}`"))?;
        let id = id
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or_else(|| format!("a project id is a positive integer, got `{id}`"))?;
        Ok(Project {
            id,
            mode: mode.trim().parse()?,
        })
    }
}

/// The limits of one QPS tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierQuota {
    /// Calls started in any one-second window.
    pub qps: u32,
    /// Calls a day, if the tier has a daily quota.
    pub daily: Option<u32>,
}

/// Quotas per account and region, per QPS tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotas {
    /// Whether calls are counted against the limits at all.
    pub enabled: bool,
    /// Limits of tiers 1, 2 and 3.
    pub tiers: [TierQuota; 3],
    /// The UTC offset at whose midnight the daily count starts again.
    pub day_offset: UtcOffset,
    /// Arrival jitter forgiven: a call is over the QPS limit when `qps` calls already
    /// arrived within the last second minus this. The emulator sees arrivals, not the
    /// moments clients started their calls; a client that starts exactly `qps` calls per
    /// second sees them arrive a few milliseconds early or late.
    pub jitter_allowance: Duration,
}

impl Default for Quotas {
    /// The documented limits (from the spec, through the generated crate): 50, 20 and 5
    /// calls per second, 10000 a day for level 3; days start at 00:00 UTC+8; 50 ms of
    /// arrival jitter forgiven.
    fn default() -> Self {
        let tier = |level| {
            let tier = QpsTier::from_level(level).expect("the documentation has tiers 1 to 3");
            TierQuota {
                qps: tier.qps(),
                daily: tier.daily_quota(),
            }
        };
        Quotas {
            enabled: true,
            tiers: [tier(1), tier(2), tier(3)],
            day_offset: UtcOffset::from_hms(8, 0, 0).expect("+08:00 is a valid offset"),
            jitter_allowance: Duration::from_millis(50),
        }
    }
}

impl Quotas {
    /// The limits of `level` (1 to 3).
    pub fn tier(&self, level: u8) -> Option<TierQuota> {
        self.tiers.get(usize::from(level).checked_sub(1)?).copied()
    }
}

/// Everything the server reads.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Accepted keys; never empty once started.
    pub keys: Vec<Key>,
    /// The region of calls that name none (no `RegionId`, no regional host).
    pub default_region: String,
    /// How far `Timestamp`/`x-acs-date` may be from the emulator's clock.
    pub timestamp_window: Duration,
    /// Quotas.
    pub quotas: Quotas,
    /// `GetDeployment` polls that report "ready" (0) before the outcome.
    pub deploy_pending_polls: u32,
    /// How deployments end.
    pub deploy_outcome: DeployOutcome,
    /// Items a paged list operation reports in all.
    pub page_items: u32,
    /// Whether the DataStudio family answers from state (workflows, folders, files,
    /// deployments, nodes, smoke tests); off, every operation answers its example.
    pub state: bool,
    /// Workspaces configured at start.
    pub projects: Vec<Project>,
    /// What the state starts with.
    pub seed: Option<crate::Seed>,
    /// The largest body accepted.
    pub body_limit: usize,
    /// Connections open at once before new ones get an error answer.
    pub max_connections: usize,
    /// How long a connection may take to send a request's headers.
    pub header_timeout: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            keys: Vec::new(),
            default_region: "cn-shanghai".to_owned(),
            timestamp_window: Duration::from_secs(15 * 60),
            quotas: Quotas::default(),
            deploy_pending_polls: 2,
            deploy_outcome: DeployOutcome::Success,
            page_items: 25,
            state: true,
            projects: Vec::new(),
            seed: None,
            body_limit: 1024 * 1024,
            max_connections: 1024,
            header_timeout: Duration::from_secs(10),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_with_and_without_account() {
        let key: Key = "testid:testsecret".parse().unwrap();
        assert_eq!(key, Key::new("testid", "testsecret"));
        assert_eq!(key.account, "testid");
        let key: Key = "a:b:acct".parse().unwrap();
        assert_eq!(key.account, "acct");
        for bad in ["", "id", "id:", ":secret", "a:b:", "a:b:c:d"] {
            let err = bad.parse::<Key>().unwrap_err().to_string();
            assert!(err.contains("ID:SECRET"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_bad_key_argument_never_echoes_the_secret() {
        let err = "id:supersecret:acct:extra".parse::<Key>().unwrap_err();
        assert!(!err.to_string().contains("supersecret"), "{err}");
        assert!(!format!("{:?}", Key::new("id", "supersecret")).contains("supersecret"));
    }

    #[test]
    fn projects_parse_with_their_mode() {
        assert_eq!(
            "10000:standard".parse::<Project>(),
            Ok(Project {
                id: 10000,
                mode: WorkspaceMode::Standard
            })
        );
        assert_eq!(
            "7:simple".parse::<Project>().map(|p| p.mode),
            Ok(WorkspaceMode::Simple)
        );
        for bad in ["10000", "x:standard", "0:simple", "5:fancy", ":standard"] {
            assert!(bad.parse::<Project>().is_err(), "{bad}");
        }
    }

    #[test]
    fn default_quotas_are_the_documented_ones() {
        let quotas = Quotas::default();
        assert_eq!(quotas.tier(1).unwrap().qps, 50);
        assert_eq!(quotas.tier(2).unwrap().qps, 20);
        assert_eq!(
            quotas.tier(3).unwrap(),
            TierQuota {
                qps: 5,
                daily: Some(10000)
            }
        );
        assert_eq!(quotas.tier(0), None);
        assert_eq!(quotas.tier(4), None);
    }
}
