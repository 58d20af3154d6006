//! A local emulator of the DataWorks OpenAPI (`dataworks-public`, 2020-05-18), for
//! tests: start it in one line, point any client at it, and it behaves as the
//! documentation says the service does.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use dataworks_emulator::Emulator;
//!
//! let emulator = Emulator::builder().key("testid", "testsecret").start().await?;
//! println!("calls go to {}", emulator.endpoint()); // http://127.0.0.1:PORT/
//! // … point the client at `emulator.endpoint()` with the key above …
//! assert_eq!(emulator.stats().throttled, 0);
//! # Ok(()) }
//! ```
//!
//! What it does with a request, in order:
//! 1. Verifies the signature (V1 HMAC-SHA1 or V3 ACS3-HMAC-SHA256, parameters in the
//!    query or a form body), the timestamp window and the nonce ([`mod@codes`] lists the
//!    answers when one fails).
//! 2. Finds the operation, checks the API version, the required parameters, one-of
//!    groups and that each value parses as its documented type.
//! 3. Applies any fault scripted for the action ([`Emulator::fault`]).
//! 4. Counts the call against the quota of its account and region for its QPS tier
//!    (50/20/5 per second, 10000 a day for level 3); over it: `429 Throttling.User`.
//! 5. Answers as the service does: the DataStudio family (workflows, folders, files and
//!    their versions, deployments, nodes, smoke tests, workspaces) from state, what was
//!    created read back as sent; every other operation with its documented example
//!    shaped by its response model (lists as arrays, numbers as numbers, the success
//!    envelope without `ErrorCode`/`ErrorMessage`), paged lists honouring
//!    `PageNumber`/`PageSize`; a fresh `RequestId` in each.
//!
//! The per-operation facts come from the generated crate's `catalog` (built from the
//! spec by the code generator); nothing is read from disk at run time (but a seed).
//!
//! # Where credentials come from
//! A second port ([`Emulator::credentials_endpoint`]) stands in for STS
//! (`AssumeRole`, `AssumeRoleWithOIDC`), the ECS instance metadata service (session
//! token, RAM role credentials) and a credentials URI, so that every provider of the
//! client's credentials chain can be tested on loopback. The temporary credentials it
//! issues are accepted by the DataWorks port only with their security token and only
//! until they expire, on a credential clock tests can move
//! ([`Emulator::advance_credential_clock`]).
//!
//! # Modules
//! - `config`: keys, accounts, quotas and other settings; `incoming`: reading a request;
//!   `auth`: signatures, timestamps, nonces; `validate`: parameters; `faults`: fault
//!   injection; `quota`: quotas; `studio`: the DataStudio state and seeds; `state`: the
//!   deploy workflow (state off) and pages of other lists; `shape`: values put in their
//!   documented shape; `answer`: response bodies; `stats`: counts; `handler`: one
//!   request end to end; `server`: connections; `identity`: the credentials port (STS in
//!   `sts`, the metadata service and the credentials URI in `metadata`, the credentials
//!   issued in `issued`).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod answer;
mod auth;
pub mod codes;
mod config;
mod faults;
mod handler;
mod identity;
mod incoming;
mod issued;
mod metadata;
mod quota;
mod rejection;
mod server;
mod shape;
mod state;
mod stats;
mod sts;
mod studio;
mod validate;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use config::{DeployOutcome, Key, KeyParseError, Project, Quotas, TierQuota, WorkspaceMode};
pub use faults::{Fault, FaultParseError};
pub use handler::{RESET_PATH, STATE_PATH, STATS_PATH};
pub use identity::{CredentialStats, OidcProvider, Role, CREDENTIALS_URI_PATH, STS_VERSION};
pub use stats::{AccountStats, ActionStats, Stats};
pub use studio::{Seed, SeedError};
pub use time::UtcOffset;

use config::Settings;
use handler::Shared;
use identity::IdentitySettings;
use server::Port;

/// The key the emulator accepts when none is configured.
pub const DEFAULT_KEY: (&str, &str) = ("testid", "testsecret");

/// Why an emulator did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The port could not be bound.
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The port asked for (0: any).
        port: u16,
        /// The system's reason.
        source: std::io::Error,
    },
    /// `start` was called outside a Tokio runtime.
    #[error("the emulator runs on Tokio: call `start` inside a Tokio runtime (with IO and time enabled)")]
    NoRuntime,
    /// The seed does not apply (two objects with one id or name, …).
    #[error(transparent)]
    Seed(#[from] SeedError),
}

/// Settings of an emulator to start ([`Emulator::builder`]).
#[derive(Debug, Clone)]
#[must_use = "an emulator builder does nothing until `start` is awaited"]
pub struct EmulatorBuilder {
    settings: Settings,
    identity: IdentitySettings,
    port: u16,
    credentials_port: u16,
    faults: Vec<(String, Vec<Fault>)>,
    latencies: Vec<(String, Duration)>,
}

impl EmulatorBuilder {
    /// Accepts the key `id`/`secret`, its own account.
    pub fn key(self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.with_key(Key::new(id, secret))
    }

    /// Accepts the key `id`/`secret` as one of `account`'s: keys of one account share
    /// its quotas.
    pub fn account_key(
        self,
        id: impl Into<String>,
        secret: impl Into<String>,
        account: impl Into<String>,
    ) -> Self {
        self.with_key(Key::new(id, secret).account(account))
    }

    /// Accepts `key` (a later key with the same id replaces an earlier one).
    pub fn with_key(mut self, key: Key) -> Self {
        self.settings.keys.retain(|k| k.id != key.id);
        self.settings.keys.push(key);
        self
    }

    /// Listens on `port` of 127.0.0.1 (default 0: a free port the system picks).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The region of calls that name none (no `RegionId` parameter and no
    /// `dataworks.<region>.aliyuncs.com` host); default `cn-shanghai`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.settings.default_region = region.into();
        self
    }

    /// How far a request's timestamp may be from the emulator's clock (default 15
    /// minutes).
    pub fn timestamp_window(mut self, window: Duration) -> Self {
        self.settings.timestamp_window = window;
        self
    }

    /// Whether quotas are counted (default on). Off, no call is ever throttled.
    pub fn quotas(mut self, enabled: bool) -> Self {
        self.settings.quotas.enabled = enabled;
        self
    }

    /// Calls per second of QPS level `tier` (1 to 3; other levels are ignored).
    pub fn qps(mut self, tier: u8, qps: u32) -> Self {
        if let Some(slot) = tier_slot(&mut self.settings.quotas, tier) {
            slot.qps = qps;
        }
        self
    }

    /// The daily quota of QPS level `tier` (documented: 10000 for level 3, none for
    /// the others).
    pub fn daily_quota(mut self, tier: u8, daily: Option<u32>) -> Self {
        if let Some(slot) = tier_slot(&mut self.settings.quotas, tier) {
            slot.daily = daily;
        }
        self
    }

    /// The UTC offset at whose midnight daily quotas start again (default UTC+8, the
    /// service's home time zone; the documentation does not say).
    pub fn day_offset(mut self, offset: UtcOffset) -> Self {
        self.settings.quotas.day_offset = offset;
        self
    }

    /// Arrival jitter forgiven by the QPS check (default 50 ms): a call is over the
    /// limit when `qps` calls already arrived within the last second minus this.
    pub fn jitter_allowance(mut self, allowance: Duration) -> Self {
        self.settings.quotas.jitter_allowance = allowance;
        self
    }

    /// How many `GetDeployment` polls of a new deployment report status 0 (ready)
    /// before it ends (default 2).
    pub fn deploy_pending_polls(mut self, polls: u32) -> Self {
        self.settings.deploy_pending_polls = polls;
        self
    }

    /// How deployments end (default [`DeployOutcome::Success`], status 1; failure is
    /// status 2).
    pub fn deploy_outcome(mut self, outcome: DeployOutcome) -> Self {
        self.settings.deploy_outcome = outcome;
        self
    }

    /// How many items every paged list operation has in all (default 25).
    pub fn page_items(mut self, items: u32) -> Self {
        self.settings.page_items = items;
        self
    }

    /// Whether the DataStudio family answers from state (default on): workflows,
    /// folders, files and their versions, deployments, nodes, smoke tests and
    /// workspaces. Off, every operation answers with its shaped documented example, as
    /// the emulator did before it had state (DeployFile/GetDeployment still run the
    /// deploy workflow; paged lists page).
    pub fn state(mut self, enabled: bool) -> Self {
        self.settings.state = enabled;
        self
    }

    /// Makes workspace `project_id` of `mode` (workspaces nobody configures are
    /// simple-mode).
    pub fn project(mut self, project_id: i64, mode: WorkspaceMode) -> Self {
        self.settings.projects.retain(|p| p.id != project_id);
        self.settings.projects.push(Project {
            id: project_id,
            mode,
        });
        self
    }

    /// Starts the state with `seed`'s workspaces, workflows, folders and files (after
    /// the workspaces of [`EmulatorBuilder::project`]).
    pub fn seed(mut self, seed: Seed) -> Self {
        self.settings.seed = Some(seed);
        self
    }

    /// The largest body accepted (default 1 MiB); larger gets `413`.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.settings.body_limit = bytes;
        self
    }

    /// Connections open at once before new ones get `503` (default 1024).
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.settings.max_connections = connections;
        self
    }

    /// How long a connection may take to send a request's headers (default 10 s).
    pub fn header_timeout(mut self, timeout: Duration) -> Self {
        self.settings.header_timeout = timeout;
        self
    }

    /// Listens for STS, the metadata service and the credentials URI on `port` of
    /// 127.0.0.1 (default 0: a free port the system picks).
    pub fn credentials_port(mut self, port: u16) -> Self {
        self.credentials_port = port;
        self
    }

    /// Lets STS hand out credentials of `role` (`AssumeRole`, `AssumeRoleWithOIDC`);
    /// other roles get `EntityNotExist.Role`.
    pub fn role(mut self, role: Role) -> Self {
        self.identity.roles.retain(|r| r.arn != role.arn);
        self.identity.roles.push(role);
        self
    }

    /// Accepts OIDC tokens of `provider` in `AssumeRoleWithOIDC`.
    pub fn oidc_provider(mut self, provider: OidcProvider) -> Self {
        self.identity
            .oidc_providers
            .retain(|p| p.arn != provider.arn);
        self.identity.oidc_providers.push(provider);
        self
    }

    /// Attaches the RAM role `name` to the emulated ECS instance: the metadata service
    /// hands out its credentials (counted against the first key's account). Without
    /// it, the instance has no role (404).
    pub fn instance_role(mut self, name: impl Into<String>) -> Self {
        self.identity.instance_role = Some(name.into());
        self
    }

    /// Hardened metadata service (IMDSv1 disabled): GETs without a session token get
    /// 401 (default off).
    pub fn metadata_hardened(mut self, hardened: bool) -> Self {
        self.identity.metadata_hardened = hardened;
        self
    }

    /// Whether the metadata service hands out session tokens (default on; off,
    /// `PUT /latest/api/token` gets 403).
    pub fn metadata_tokens(mut self, enabled: bool) -> Self {
        self.identity.metadata_tokens_refused = !enabled;
        self
    }

    /// Scripts `faults` for `action`, one per call, from the first call on.
    pub fn fault(
        mut self,
        action: impl Into<String>,
        faults: impl IntoIterator<Item = Fault>,
    ) -> Self {
        self.faults
            .push((action.into(), faults.into_iter().collect()));
        self
    }

    /// Adds `latency` to every call of `action`.
    pub fn latency(mut self, action: impl Into<String>, latency: Duration) -> Self {
        self.latencies.push((action.into(), latency));
        self
    }

    /// Binds 127.0.0.1 and starts serving on the current Tokio runtime.
    pub async fn start(self) -> Result<Emulator, StartError> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| StartError::NoRuntime)?;
        let mut settings = self.settings;
        if settings.keys.is_empty() {
            settings.keys.push(Key::new(DEFAULT_KEY.0, DEFAULT_KEY.1));
        }
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, self.port))
            .await
            .map_err(|source| StartError::Bind {
                port: self.port,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            port: self.port,
            source,
        })?;
        let credentials_listener = TcpListener::bind((Ipv4Addr::LOCALHOST, self.credentials_port))
            .await
            .map_err(|source| StartError::Bind {
                port: self.credentials_port,
                source,
            })?;
        let credentials_addr =
            credentials_listener
                .local_addr()
                .map_err(|source| StartError::Bind {
                    port: self.credentials_port,
                    source,
                })?;
        let shared = Arc::new(Shared::new(settings, self.identity)?);
        for (action, faults) in self.faults {
            shared.faults.script(&action, faults);
        }
        for (action, latency) in self.latencies {
            shared.faults.latency(&action, latency);
        }
        let (stop, stopped) = watch::channel(false);
        let task = runtime.spawn(server::serve(
            listener,
            shared.clone(),
            Port::DataWorks,
            stopped.clone(),
        ));
        let credentials_task = runtime.spawn(server::serve(
            credentials_listener,
            shared.clone(),
            Port::Credentials,
            stopped,
        ));
        Ok(Emulator {
            addr,
            endpoint: format!("http://{addr}/"),
            credentials_addr,
            credentials_endpoint: format!("http://{credentials_addr}/"),
            shared,
            stop,
            task: Some(task),
            credentials_task: Some(credentials_task),
        })
    }
}

fn tier_slot(quotas: &mut Quotas, tier: u8) -> Option<&mut TierQuota> {
    quotas.tiers.get_mut(usize::from(tier).checked_sub(1)?)
}

/// A running emulator. Dropping it stops the server and closes its connections.
#[derive(Debug)]
pub struct Emulator {
    addr: SocketAddr,
    endpoint: String,
    credentials_addr: SocketAddr,
    credentials_endpoint: String,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
    credentials_task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// Settings to start an emulator with (one key `testid`/`testsecret` unless keys
    /// are given; a random port of 127.0.0.1; the documented quotas).
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder {
            settings: Settings::default(),
            identity: IdentitySettings::default(),
            port: 0,
            credentials_port: 0,
            faults: Vec::new(),
            latencies: Vec::new(),
        }
    }

    /// The URL to send calls to: `http://127.0.0.1:PORT/`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL of the credentials port, `http://127.0.0.1:PORT/`: STS (requests with
    /// `Version=2015-04-01`), the ECS metadata service (`/latest/…`) and the
    /// credentials URI ([`Self::credentials_uri`]). Point `ALIBABA_CLOUD_STS_ENDPOINT`
    /// and `ALIBABA_CLOUD_ECS_METADATA_ENDPOINT` at it.
    pub fn credentials_endpoint(&self) -> &str {
        &self.credentials_endpoint
    }

    /// The address the credentials port listens on.
    pub fn credentials_addr(&self) -> SocketAddr {
        self.credentials_addr
    }

    /// The credentials URI: `http://127.0.0.1:PORT/credentials`.
    pub fn credentials_uri(&self) -> String {
        format!("http://{}{CREDENTIALS_URI_PATH}", self.credentials_addr)
    }

    /// Counts of the credentials port.
    pub fn credential_stats(&self) -> CredentialStats {
        self.shared.identity.counters.snapshot()
    }

    /// Moves the clock that issued credentials are issued and checked by forward (the
    /// expirations STS and the metadata service hand out are on it too), so expiry can
    /// be tested without waiting. Signature timestamps stay checked against the real
    /// time.
    pub fn advance_credential_clock(&self, by: Duration) {
        self.shared.identity.issued.advance(by);
    }

    /// The URL of the statistics endpoint (`GET`, JSON of [`Stats`]).
    pub fn stats_url(&self) -> String {
        format!("http://{}{STATS_PATH}", self.addr)
    }

    /// The URL of the state dump (`GET`, JSON).
    pub fn state_url(&self) -> String {
        format!("http://{}{STATE_PATH}", self.addr)
    }

    /// The DataStudio state as JSON (as `GET /_emulator/state` answers): per workspace,
    /// its workflows, folders, files (with their node configuration and versions),
    /// deployments, nodes per environment, smoke-test DAGs and instances. `{"state":
    /// "off"}` when the state is off.
    pub fn state_dump(&self) -> serde_json::Value {
        self.shared
            .studio
            .as_ref()
            .map_or_else(|| serde_json::json!({"state": "off"}), |s| s.dump())
    }

    /// Sets the DataStudio state back to its start (the configured workspaces and the
    /// seed), as `POST /_emulator/reset` does. Ids handed out before are never handed
    /// out again.
    pub fn reset_state(&self) {
        if let Some(studio) = &self.shared.studio {
            studio.reset();
        }
    }

    /// The keys it accepts.
    pub fn keys(&self) -> &[Key] {
        &self.shared.settings.keys
    }

    /// The counts so far.
    pub fn stats(&self) -> Stats {
        self.shared.stats.snapshot()
    }

    /// Sets every count back to zero (quotas keep counting).
    pub fn reset_stats(&self) {
        self.shared.stats.reset();
    }

    /// Calls of `account` in `region` at QPS level `tier` counted against today's quota.
    pub fn used_today(&self, account: &str, region: &str, tier: u8) -> u32 {
        self.shared
            .quotas
            .used_today(account, region, tier, time::OffsetDateTime::now_utc())
    }

    /// Appends `faults` to the script of `action`: the next calls of `action` (that
    /// pass the signature and parameter checks) get them, one per call, in order.
    pub fn fault(&self, action: &str, faults: impl IntoIterator<Item = Fault>) {
        self.shared.faults.script(action, faults);
    }

    /// Adds `latency` to every call of `action` (`Duration::ZERO` removes it).
    pub fn latency(&self, action: &str, latency: Duration) {
        self.shared.faults.latency(action, latency);
    }

    /// Faults still scripted for `action`.
    pub fn pending_faults(&self, action: &str) -> usize {
        self.shared.faults.pending(action)
    }

    /// Forgets every scripted fault and latency.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// Stops serving and waits until the listener is closed.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        if let Some(task) = self.credentials_task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            task.abort();
        }
        if let Some(task) = self.credentials_task.take() {
            task.abort();
        }
    }
}
