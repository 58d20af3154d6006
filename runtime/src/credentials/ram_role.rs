//! Assuming a RAM role with STS `AssumeRole`, signed with the credentials of any other
//! provider (the source).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::config::ProviderConfig;
use super::env;
use super::failure::CredentialsError;
use super::sts::{self, RoleRequest};
use super::{default_session_name, Credentials, ProvideCredentials};
use crate::transport::BoxFuture;

/// Temporary credentials of a RAM role, from STS `AssumeRole` signed with the
/// source provider's credentials (an AccessKey, an ECS role, another assumed role…).
///
/// Each call asks STS again: put a [`super::CredentialsCache`] in front (a
/// [`crate::Client`] does) to reuse the credentials until shortly before they expire.
///
/// ```no_run
/// # fn demo() {
/// use std::time::Duration;
/// use dataworks_runtime::credentials::{EcsRamRoleProvider, RamRoleArnProvider};
/// let provider = RamRoleArnProvider::builder(
///     EcsRamRoleProvider::builder().build(),
///     "acs:ram::1234567890:role/dataworks-deployer",
/// )
/// .session_name("nightly-deploy")
/// .duration(Duration::from_secs(3600))
/// .build();
/// # let _ = provider; }
/// ```
#[derive(Clone)]
pub struct RamRoleArnProvider {
    source: Arc<dyn ProvideCredentials>,
    role_arn: String,
    session_name: String,
    duration_seconds: Option<u32>,
    policy: Option<String>,
    external_id: Option<String>,
    config: ProviderConfig,
}

impl fmt::Debug for RamRoleArnProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RamRoleArnProvider")
            .field("source", &self.source)
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("duration_seconds", &self.duration_seconds)
            .field("policy", &self.policy.as_ref().map(|_| "(set)"))
            .field("external_id", &self.external_id.as_ref().map(|_| "(set)"))
            .field("config", &self.config)
            .finish()
    }
}

/// Configures a [`RamRoleArnProvider`].
#[derive(Debug)]
#[must_use]
pub struct RamRoleArnProviderBuilder {
    provider: RamRoleArnProvider,
    session_name: Option<String>,
}

impl RamRoleArnProvider {
    /// A provider assuming `role_arn` (`acs:ram::<account>:role/<name>`) with the
    /// credentials of `source`.
    pub fn builder(
        source: impl ProvideCredentials + 'static,
        role_arn: impl Into<String>,
    ) -> RamRoleArnProviderBuilder {
        RamRoleArnProviderBuilder {
            provider: RamRoleArnProvider {
                source: Arc::new(source),
                role_arn: role_arn.into(),
                session_name: String::new(),
                duration_seconds: None,
                policy: None,
                external_id: None,
                config: ProviderConfig::default(),
            },
            session_name: None,
        }
    }

    /// The role assumed.
    pub fn role_arn(&self) -> &str {
        &self.role_arn
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let source = self.source.provide_credentials().await.map_err(|e| {
            CredentialsError::unavailable(
                "STS AssumeRole",
                format!("the source credentials of role {}: {e}", self.role_arn),
            )
        })?;
        let request = RoleRequest {
            role_arn: &self.role_arn,
            session_name: &self.session_name,
            duration_seconds: self.duration_seconds,
            policy: self.policy.as_deref(),
        };
        sts::assume_role(&self.config, &source, &request, self.external_id.as_deref()).await
    }
}

impl RamRoleArnProviderBuilder {
    /// The role session name, `[A-Za-z0-9.@_-]`, 2 to 64 characters (default:
    /// `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `credentials-rust-<milliseconds>`).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    /// How long the credentials last: 15 minutes to the role's maximum session
    /// duration (STS's default: one hour). Sent in whole seconds.
    pub fn duration(mut self, duration: Duration) -> Self {
        self.provider.duration_seconds = Some(sts::duration_seconds(duration));
        self
    }

    /// A policy narrowing the role's permissions (a JSON document).
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.provider.policy = Some(policy.into());
        self
    }

    /// The external id the role's trust policy asks for.
    pub fn external_id(mut self, external_id: impl Into<String>) -> Self {
        self.provider.external_id = Some(external_id.into());
        self
    }

    /// The environment, transport and STS endpoint ([`ProviderConfig`]).
    pub fn config(mut self, config: ProviderConfig) -> Self {
        self.provider.config = config;
        self
    }

    /// The STS endpoint (see [`ProviderConfig::sts_endpoint`]).
    pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.provider.config = self.provider.config.sts_endpoint(endpoint);
        self
    }

    /// The STS region (see [`ProviderConfig::sts_region`]).
    pub fn sts_region(mut self, region: impl Into<String>) -> Self {
        self.provider.config = self.provider.config.sts_region(region);
        self
    }

    /// STS through its VPC endpoint (see [`ProviderConfig::vpc_endpoints`]).
    pub fn vpc_endpoints(mut self, enabled: bool) -> Self {
        self.provider.config = self.provider.config.vpc_endpoints(enabled);
        self
    }

    /// The provider.
    pub fn build(self) -> RamRoleArnProvider {
        let mut provider = self.provider;
        provider.session_name = self
            .session_name
            .or_else(|| provider.config.environment().var(env::ROLE_SESSION_NAME))
            .unwrap_or_else(default_session_name);
        provider
    }
}

impl ProvideCredentials for RamRoleArnProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}
