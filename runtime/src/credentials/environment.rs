//! The first provider of the chain: keys in environment variables.

use super::env::{self, Env};
use super::failure::CredentialsError;
use super::{Credentials, ProvideCredentials};
use crate::transport::BoxFuture;

/// The provider's name in messages.
const NAME: &str = "environment";

/// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (both
/// non-empty) and the optional `ALIBABA_CLOUD_SECURITY_TOKEN`.
#[derive(Debug, Clone, Default)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// A provider reading the given environment.
    pub fn new(env: Env) -> Self {
        EnvironmentProvider { env }
    }

    /// The credentials, `Ok(None)` when neither key variable is set, or an error when
    /// only one of them is.
    pub fn lookup(&self) -> Result<Option<Credentials>, CredentialsError> {
        let id = self.env.var(env::ACCESS_KEY_ID);
        let secret = self.env.var(env::ACCESS_KEY_SECRET);
        let credentials = match (id, secret) {
            (None, None) => return Ok(None),
            (Some(_), None) => return Err(half_set(env::ACCESS_KEY_ID, env::ACCESS_KEY_SECRET)),
            (None, Some(_)) => return Err(half_set(env::ACCESS_KEY_SECRET, env::ACCESS_KEY_ID)),
            (Some(id), Some(secret)) => Credentials::new(id, secret),
        };
        Ok(Some(match self.env.var(env::SECURITY_TOKEN) {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        }))
    }
}

fn half_set(present: &str, missing: &str) -> CredentialsError {
    CredentialsError::invalid(NAME, format!("{present} is set but {missing} is not"))
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            self.lookup()?.ok_or_else(|| {
                CredentialsError::not_configured(NAME, format!("{} is not set", env::ACCESS_KEY_ID))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Secret;

    #[test]
    fn keys_and_token() {
        let env = Env::from_vars([
            (env::ACCESS_KEY_ID, "id"),
            (env::ACCESS_KEY_SECRET, "secret"),
            (env::SECURITY_TOKEN, "token"),
        ]);
        let c = EnvironmentProvider::new(env).lookup().unwrap().unwrap();
        assert_eq!(c.access_key_id, "id");
        assert_eq!(c.access_key_secret.expose_secret(), "secret");
        assert_eq!(
            c.security_token.as_ref().map(Secret::expose_secret),
            Some("token")
        );
    }

    #[tokio::test]
    async fn half_set_names_the_missing_variable() {
        let env = Env::from_vars([(env::ACCESS_KEY_ID, "id")]);
        let err = EnvironmentProvider::new(env)
            .provide_credentials()
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "environment: ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"
        );
        let none = EnvironmentProvider::new(Env::from_vars([(env::ACCESS_KEY_ID, "")]));
        let err = none.provide_credentials().await.unwrap_err();
        assert!(err.is_not_configured(), "{err}");
    }
}
