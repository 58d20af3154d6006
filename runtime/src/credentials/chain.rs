//! The default credentials chain: the official libraries' providers in their order.

use std::sync::{Arc, Mutex, PoisonError};

use super::cli::CliProfileProvider;
use super::config::ProviderConfig;
use super::ecs::EcsRamRoleProvider;
use super::env::Env;
use super::environment::EnvironmentProvider;
use super::failure::CredentialsError;
use super::oidc::OidcRoleArnProvider;
use super::profile::ProfileProvider;
use super::uri::UriProvider;
use super::{Credentials, ProvideCredentials};
use crate::transport::BoxFuture;

/// The providers of the default chain, in order, as the official Go, Python and Java
/// libraries try them; the first that succeeds wins, and later calls (refreshes) ask
/// only that one:
///
/// | # | provider | used when | variables |
/// |---|---|---|---|
/// | 1 | [`EnvironmentProvider`] | `ALIBABA_CLOUD_ACCESS_KEY_ID` is set | `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, `ALIBABA_CLOUD_SECURITY_TOKEN` |
/// | 2 | [`OidcRoleArnProvider`] (RRSA) | all three OIDC variables are set | `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE`, `ALIBABA_CLOUD_ROLE_SESSION_NAME` |
/// | 3 | [`CliProfileProvider`] | `~/.aliyun/config.json` exists, unless `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` | `ALIBABA_CLOUD_CONFIG_FILE`, `ALIBABA_CLOUD_PROFILE` |
/// | 4 | [`ProfileProvider`] | `~/.alibabacloud/credentials` exists | `ALIBABA_CLOUD_CREDENTIALS_FILE`, `ALIBABA_CLOUD_PROFILE` |
/// | 5 | [`EcsRamRoleProvider`] | always, unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true` | `ALIBABA_CLOUD_ECS_METADATA`, `ALIBABA_CLOUD_IMDSV1_DISABLED` |
/// | 6 | [`UriProvider`] | `ALIBABA_CLOUD_CREDENTIALS_URI` is set | `ALIBABA_CLOUD_CREDENTIALS_URI` |
///
/// A provider that fails falls through to the next one (a metadata service that does
/// not answer, say); a provider whose configuration is present but wrong, or that STS
/// refuses, also logs a `tracing` warning, since a later provider may then act as
/// another identity. When none succeeds the error lists every provider's reason.
///
/// The chain does not cache: a [`crate::Client`] puts a
/// [`super::CredentialsCache`] in front of it.
#[derive(Debug)]
pub struct DefaultChain {
    providers: Vec<(&'static str, Arc<dyn ProvideCredentials>)>,
    chosen: Mutex<Option<usize>>,
}

/// Configures a [`DefaultChain`].
#[derive(Debug, Default)]
#[must_use]
pub struct DefaultChainBuilder {
    config: ProviderConfig,
    profile: Option<String>,
}

impl Default for DefaultChain {
    fn default() -> Self {
        DefaultChain::builder().build()
    }
}

impl DefaultChain {
    /// The chain over `env` (default transport, endpoints from `env`).
    pub fn new(env: Env) -> Self {
        DefaultChain::builder()
            .config(ProviderConfig::new().env(env))
            .build()
    }

    /// A builder.
    pub fn builder() -> DefaultChainBuilder {
        DefaultChainBuilder::default()
    }

    /// The provider that gave credentials (and is the only one asked from then on):
    /// `environment`, `OIDC`, `CLI profile`, `credentials file`, `ECS metadata` or
    /// `credentials URI`; `None` before the first success.
    pub fn chosen_provider(&self) -> Option<&'static str> {
        let chosen = *self.chosen.lock().unwrap_or_else(PoisonError::into_inner);
        chosen.map(|i| self.providers[i].0)
    }

    async fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let chosen = *self.chosen.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(index) = chosen {
            return self.providers[index].1.provide_credentials().await;
        }
        let mut attempts = Vec::new();
        for (index, (name, provider)) in self.providers.iter().enumerate() {
            match provider.provide_credentials().await {
                Ok(credentials) => {
                    *self.chosen.lock().unwrap_or_else(PoisonError::into_inner) = Some(index);
                    tracing::debug!(provider = name, "credentials found by the default chain");
                    return Ok(credentials);
                }
                Err(error) => {
                    match &error {
                        CredentialsError::NotConfigured { .. } => {}
                        CredentialsError::Invalid { .. } | CredentialsError::Sts(_) => {
                            tracing::warn!(provider = name, %error, "credentials provider failed; trying the next one");
                        }
                        _ => {
                            tracing::debug!(provider = name, %error, "credentials provider failed; trying the next one");
                        }
                    }
                    attempts.push(error);
                }
            }
        }
        Err(CredentialsError::NoneFound { attempts })
    }
}

impl DefaultChainBuilder {
    /// The environment, transport and STS and metadata endpoints of every provider.
    pub fn config(mut self, config: ProviderConfig) -> Self {
        self.config = config;
        self
    }

    /// The profile of the CLI configuration and of the credentials file (overrides
    /// `ALIBABA_CLOUD_PROFILE`).
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// The chain.
    pub fn build(self) -> DefaultChain {
        let config = self.config;
        let mut cli = CliProfileProvider::new(config.clone());
        let mut file = ProfileProvider::new(config.clone());
        if let Some(profile) = self.profile {
            cli = cli.profile(profile.clone());
            file = file.profile(profile);
        }
        let providers: Vec<(&'static str, Arc<dyn ProvideCredentials>)> = vec![
            (
                "environment",
                Arc::new(EnvironmentProvider::new(config.environment().clone())),
            ),
            (
                "OIDC",
                Arc::new(
                    OidcRoleArnProvider::builder()
                        .config(config.clone())
                        .build(),
                ),
            ),
            ("CLI profile", Arc::new(cli)),
            ("credentials file", Arc::new(file)),
            (
                "ECS metadata",
                Arc::new(EcsRamRoleProvider::builder().config(config.clone()).build()),
            ),
            ("credentials URI", Arc::new(UriProvider::new(config))),
        ];
        DefaultChain {
            providers,
            chosen: Mutex::new(None),
        }
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.resolve())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::env;
    use std::path::Path;

    fn env_with_home(home: &Path, extra: &[(&str, &str)]) -> Env {
        let mut vars: Vec<(String, String)> = vec![
            ("HOME".into(), home.to_string_lossy().into_owned()),
            (env::ECS_METADATA_DISABLED.into(), "true".into()),
        ];
        vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Env::from_vars(vars)
    }

    #[tokio::test]
    async fn environment_first_then_files_and_every_reason_when_none() {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join(".alibabacloud");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("credentials"),
            "[default]\naccess_key_id = pid\naccess_key_secret = ps\n",
        )
        .unwrap();
        let env = env_with_home(
            home.path(),
            &[(env::ACCESS_KEY_ID, "eid"), (env::ACCESS_KEY_SECRET, "es")],
        );
        let chain = DefaultChain::new(env);
        assert_eq!(
            chain.provide_credentials().await.unwrap().access_key_id,
            "eid"
        );
        assert_eq!(chain.chosen_provider(), Some("environment"));

        let chain = DefaultChain::new(env_with_home(home.path(), &[]));
        assert_eq!(
            chain.provide_credentials().await.unwrap().access_key_id,
            "pid"
        );
        assert_eq!(chain.chosen_provider(), Some("credentials file"));

        let empty = tempfile::tempdir().unwrap();
        let chain = DefaultChain::new(env_with_home(empty.path(), &[]));
        let msg = chain.provide_credentials().await.unwrap_err().to_string();
        for needle in [
            "no credentials found by the default chain: environment: ALIBABA_CLOUD_ACCESS_KEY_ID is not set",
            "OIDC: ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE are not set",
            "config.json does not exist",
            "credentials does not exist",
            "ECS metadata: turned off by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
            "credentials URI: ALIBABA_CLOUD_CREDENTIALS_URI is not set",
        ] {
            assert!(msg.contains(needle), "{needle} in {msg}");
        }
        assert_eq!(chain.chosen_provider(), None);
    }

    #[tokio::test]
    async fn a_broken_provider_falls_through() {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join(".alibabacloud");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("credentials"),
            "[default]\naccess_key_id = pid\naccess_key_secret = ps\n",
        )
        .unwrap();
        // A half-set environment is an error of the first provider; the file answers.
        let env = env_with_home(home.path(), &[(env::ACCESS_KEY_ID, "eid")]);
        let chain = DefaultChain::new(env);
        assert_eq!(
            chain.provide_credentials().await.unwrap().access_key_id,
            "pid"
        );
    }
}
