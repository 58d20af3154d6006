//! Credentials: what a request is signed with, the providers that find them, the
//! default chain, and the cache that refreshes temporary ones.
//!
//! A [`Credentials`] value is an AccessKey id, its secret and, for temporary (STS)
//! credentials, a security token and an expiration. Secrets are wrapped in [`Secret`],
//! whose `Debug` and `Display` print `***`; no error message or log line holds a
//! secret or a token.
//!
//! # Providers
//! Each implements [`ProvideCredentials`] (async: files are read with `tokio::fs`,
//! services asked through the async [`crate::Transport`]) and can be used alone:
//! - [`Credentials`] itself (explicit keys);
//! - [`EnvironmentProvider`]: `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`,
//!   optional `ALIBABA_CLOUD_SECURITY_TOKEN`;
//! - [`OidcRoleArnProvider`]: RRSA in Kubernetes, STS `AssumeRoleWithOIDC` with the token
//!   file read again at every refresh;
//! - [`CliProfileProvider`]: the Alibaba Cloud CLI's `~/.aliyun/config.json`;
//! - [`ProfileProvider`]: the INI file `~/.alibabacloud/credentials`;
//! - [`EcsRamRoleProvider`]: the ECS instance RAM role, from the metadata service (with
//!   its session token first, IMDSv2);
//! - [`UriProvider`]: a credentials URI;
//! - [`RamRoleArnProvider`]: STS `AssumeRole` with any other provider as its source.
//!
//! [`DefaultChain`] tries them in the official libraries' order (its docs list the
//! order and every variable); [`CredentialsCache`] sits in front of any provider and
//! refreshes temporary credentials before they expire. A [`crate::Client`] puts a cache
//! in front of whatever provider it is given.
//!
//! Providers that ask a service share a [`ProviderConfig`]: the environment ([`Env`],
//! the process's or a fixed map), the transport, and the STS and metadata endpoints.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::transport::BoxFuture;

mod cache;
mod chain;
mod cli;
mod config;
mod ecs;
pub mod env;
mod environment;
mod failure;
mod ini;
mod oidc;
mod profile;
mod ram_role;
mod sts;
mod uri;

pub use cache::{Clock, CredentialsCache, CredentialsCacheBuilder, ManualClock, SystemClock};
pub use chain::{DefaultChain, DefaultChainBuilder};
pub use cli::CliProfileProvider;
pub use config::ProviderConfig;
pub use ecs::{EcsRamRoleProvider, EcsRamRoleProviderBuilder};
pub use env::Env;
pub use environment::EnvironmentProvider;
pub use failure::{CredentialsError, StsError};
pub use oidc::{OidcRoleArnProvider, OidcRoleArnProviderBuilder};
pub use profile::ProfileProvider;
pub use ram_role::{RamRoleArnProvider, RamRoleArnProviderBuilder};
pub use uri::UriProvider;

/// The variable holding the AccessKey id.
pub const ENV_ACCESS_KEY_ID: &str = env::ACCESS_KEY_ID;
/// The variable holding the AccessKey secret.
pub const ENV_ACCESS_KEY_SECRET: &str = env::ACCESS_KEY_SECRET;
/// The variable holding an STS security token (optional).
pub const ENV_SECURITY_TOKEN: &str = env::SECURITY_TOKEN;
/// The variable naming the profile to read.
pub const ENV_PROFILE: &str = env::PROFILE;
/// The variable naming another credentials file than `~/.alibabacloud/credentials`.
pub const ENV_CREDENTIALS_FILE: &str = env::CREDENTIALS_FILE;
/// The profile read from the credentials file when `ALIBABA_CLOUD_PROFILE` is not set.
pub const DEFAULT_PROFILE: &str = "default";

/// A secret string (an AccessKey secret or a security token). `Debug` and `Display`
/// print `***`; [`Secret::expose_secret`] gives the value to the code that signs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value itself; only signing code should need it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// An AccessKey pair, with a security token and an expiration for temporary (STS)
/// credentials. `Debug` shows the key id and the expiration; the secret and the token
/// print as `***`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The AccessKey id (not secret: it is sent with every request).
    pub access_key_id: String,
    /// The AccessKey secret.
    pub access_key_secret: Secret,
    /// The STS security token, for temporary credentials.
    pub security_token: Option<Secret>,
    /// When temporary credentials expire (`None`: they do not).
    pub expiration: Option<SystemTime>,
}

impl Credentials {
    /// Long-term credentials from an AccessKey id and secret.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<Secret>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            expiration: None,
        }
    }

    /// The same keys with an STS security token (temporary credentials).
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// The same keys, expiring at `expiration`.
    pub fn with_expiration(mut self, expiration: SystemTime) -> Self {
        self.expiration = Some(expiration);
        self
    }

    /// How long these credentials stay valid after `now` (`None`: forever; zero: they
    /// have expired).
    pub fn remaining(&self, now: SystemTime) -> Option<Duration> {
        self.expiration
            .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO))
    }
}

/// Something that yields credentials. Async: implementations read files and ask
/// services without blocking the runtime's threads.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Resolves the credentials to sign the next request with.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

/// The `user-agent` of the providers' requests.
pub(crate) const USER_AGENT: &str = concat!(
    "dataworks-runtime/",
    env!("CARGO_PKG_VERSION"),
    " (credentials)"
);

/// Parses an expiration as the services send it: UTC `YYYY-MM-DDThh:mm:ssZ` (any RFC
/// 3339 time is accepted).
pub(crate) fn parse_expiration(text: &str) -> Option<SystemTime> {
    OffsetDateTime::parse(text.trim(), &Rfc3339)
        .ok()
        .map(SystemTime::from)
}

/// Formats a time as UTC `YYYY-MM-DDThh:mm:ssZ`, for messages.
pub(crate) fn format_time(at: SystemTime) -> String {
    let at = OffsetDateTime::from(at);
    let at = at.replace_nanosecond(0).unwrap_or(at);
    at.format(&Rfc3339).unwrap_or_else(|_| format!("{at}"))
}

/// A role session name when none is configured: `credentials-rust-<Unix milliseconds>`
/// (the official libraries use `credentials-<language>-<time>`).
pub(crate) fn default_session_name() -> String {
    let millis = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    format!("credentials-rust-{millis}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_secrets() {
        let c = Credentials::new("LTAIid", "super-secret").with_security_token("tok-secret");
        let debug = format!("{c:?}");
        assert!(debug.contains("LTAIid"));
        assert!(!debug.contains("super-secret"));
        assert!(!debug.contains("tok-secret"));
        assert!(debug.contains("***"));
        assert_eq!(c.access_key_secret.to_string(), "***");
        assert_eq!(c.access_key_secret.expose_secret(), "super-secret");
    }

    #[test]
    fn expirations_parse_and_count_down() {
        let at = parse_expiration("2030-01-01T00:00:00Z").expect("parses");
        assert_eq!(format_time(at), "2030-01-01T00:00:00Z");
        assert_eq!(parse_expiration("tomorrow"), None);
        let c = Credentials::new("a", "b").with_expiration(at);
        assert_eq!(
            c.remaining(at + Duration::from_secs(5)),
            Some(Duration::ZERO)
        );
        assert_eq!(
            c.remaining(at - Duration::from_secs(5)),
            Some(Duration::from_secs(5))
        );
        assert_eq!(Credentials::new("a", "b").remaining(at), None);
    }

    #[test]
    fn session_names_fit_sts_rules() {
        let name = default_session_name();
        assert!(name.starts_with("credentials-rust-"));
        assert!(name.len() <= 64);
        assert!(name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".@_-".contains(&b)));
    }
}
