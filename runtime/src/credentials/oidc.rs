//! OIDC role credentials (RRSA in Kubernetes): STS `AssumeRoleWithOIDC`, anonymous,
//! with the token read from its file again at every refresh (the cluster rotates it).

use std::path::PathBuf;
use std::time::Duration;

use super::config::ProviderConfig;
use super::env;
use super::failure::CredentialsError;
use super::sts::{self, RoleRequest};
use super::{default_session_name, Credentials, ProvideCredentials};
use crate::transport::BoxFuture;

/// The provider's name in messages.
const NAME: &str = "OIDC";

/// Temporary credentials of a RAM role assumed with an OIDC token (RRSA).
///
/// What is not set on the builder comes from the environment:
/// `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`,
/// `ALIBABA_CLOUD_OIDC_TOKEN_FILE` (all three needed; in an ACK pod with RRSA they are
/// set for you) and `ALIBABA_CLOUD_ROLE_SESSION_NAME` (default
/// `credentials-rust-<milliseconds>`). Each call reads the token file (with
/// `tokio::fs`) and asks STS.
#[derive(Debug, Clone)]
pub struct OidcRoleArnProvider {
    role_arn: Option<String>,
    oidc_provider_arn: Option<String>,
    token_file: Option<PathBuf>,
    session_name: String,
    duration_seconds: Option<u32>,
    policy: Option<String>,
    config: ProviderConfig,
}

/// Configures an [`OidcRoleArnProvider`].
#[derive(Debug)]
#[must_use]
pub struct OidcRoleArnProviderBuilder {
    provider: OidcRoleArnProvider,
    session_name: Option<String>,
}

impl OidcRoleArnProvider {
    /// A provider configured from the process environment alone.
    pub fn from_env() -> Self {
        Self::builder().build()
    }

    /// A builder; anything left unset comes from the environment.
    pub fn builder() -> OidcRoleArnProviderBuilder {
        OidcRoleArnProviderBuilder {
            provider: OidcRoleArnProvider {
                role_arn: None,
                oidc_provider_arn: None,
                token_file: None,
                session_name: String::new(),
                duration_seconds: None,
                policy: None,
                config: ProviderConfig::default(),
            },
            session_name: None,
        }
    }

    /// The role, provider and token file, from the builder or the environment.
    fn settings(&self) -> Result<(String, String, PathBuf), CredentialsError> {
        let env = self.config.environment();
        let role = self.role_arn.clone().or_else(|| env.var(env::ROLE_ARN));
        let provider = self
            .oidc_provider_arn
            .clone()
            .or_else(|| env.var(env::OIDC_PROVIDER_ARN));
        let file = self
            .token_file
            .clone()
            .or_else(|| env.var(env::OIDC_TOKEN_FILE).map(PathBuf::from));
        match (role, provider, file) {
            (Some(role), Some(provider), Some(file)) => Ok((role, provider, file)),
            (role, provider, file) => {
                let missing: Vec<&str> = [
                    (role.is_none(), env::ROLE_ARN),
                    (provider.is_none(), env::OIDC_PROVIDER_ARN),
                    (file.is_none(), env::OIDC_TOKEN_FILE),
                ]
                .into_iter()
                .filter_map(|(absent, name)| absent.then_some(name))
                .collect();
                Err(CredentialsError::not_configured(
                    NAME,
                    format!("{} not set", join_names(&missing)),
                ))
            }
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let (role_arn, provider_arn, file) = self.settings()?;
        let token = tokio::fs::read_to_string(&file)
            .await
            .map_err(|e| CredentialsError::file("OIDC token file", &file, &e))?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsError::unavailable(
                format!("OIDC token file {}", file.display()),
                "the file is empty",
            ));
        }
        let request = RoleRequest {
            role_arn: &role_arn,
            session_name: &self.session_name,
            duration_seconds: self.duration_seconds,
            policy: self.policy.as_deref(),
        };
        sts::assume_role_with_oidc(&self.config, &request, &provider_arn, token).await
    }
}

fn join_names(names: &[&str]) -> String {
    match names {
        [one] => format!("{one} is"),
        [init @ .., last] => format!("{} and {last} are", init.join(", ")),
        [] => "nothing is".to_owned(),
    }
}

impl OidcRoleArnProviderBuilder {
    /// The role to assume (else `ALIBABA_CLOUD_ROLE_ARN`).
    pub fn role_arn(mut self, arn: impl Into<String>) -> Self {
        self.provider.role_arn = Some(arn.into());
        self
    }

    /// The OIDC identity provider's ARN (else `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`).
    pub fn oidc_provider_arn(mut self, arn: impl Into<String>) -> Self {
        self.provider.oidc_provider_arn = Some(arn.into());
        self
    }

    /// The token file (else `ALIBABA_CLOUD_OIDC_TOKEN_FILE`).
    pub fn token_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.provider.token_file = Some(path.into());
        self
    }

    /// The role session name (else `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else
    /// `credentials-rust-<milliseconds>`).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    /// How long the credentials last (STS's default: one hour).
    pub fn duration(mut self, duration: Duration) -> Self {
        self.provider.duration_seconds = Some(sts::duration_seconds(duration));
        self
    }

    /// A policy narrowing the role's permissions.
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.provider.policy = Some(policy.into());
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

    /// The provider.
    pub fn build(self) -> OidcRoleArnProvider {
        let mut provider = self.provider;
        provider.session_name = self
            .session_name
            .or_else(|| provider.config.environment().var(env::ROLE_SESSION_NAME))
            .unwrap_or_else(default_session_name);
        provider
    }
}

impl ProvideCredentials for OidcRoleArnProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Env;

    #[tokio::test]
    async fn unset_variables_are_named_and_a_missing_file_is_reported() {
        let provider = OidcRoleArnProvider::builder()
            .config(
                ProviderConfig::new().env(Env::from_vars([(env::ROLE_ARN, "acs:ram::1:role/r")])),
            )
            .build();
        let err = provider.provide_credentials().await.unwrap_err();
        assert!(err.is_not_configured());
        assert_eq!(
            err.to_string(),
            "OIDC: ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE are not set"
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        let provider = OidcRoleArnProvider::builder()
            .config(ProviderConfig::new().env(Env::from_vars([
                (env::ROLE_ARN, "acs:ram::1:role/r"),
                (env::OIDC_PROVIDER_ARN, "acs:ram::1:oidc-provider/p"),
            ])))
            .token_file(&file)
            .build();
        let err = provider.provide_credentials().await.unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("OIDC token file {}: not found", file.display())
        );
        assert!(!err.is_not_configured());
    }
}
