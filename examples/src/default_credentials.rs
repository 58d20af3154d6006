//! The command line and the work of `default_credentials`: find credentials with the
//! default chain (whatever it finds: keys in the environment, RRSA, a CLI or INI
//! profile, the ECS instance's RAM role, a credentials URI), say where they came from,
//! and make one call with them.

use std::sync::Arc;
use std::time::SystemTime;

use dataworks_public::prelude::*;
use dataworks_public::runtime::credentials::{
    CredentialsCache, CredentialsError, DefaultChain, ProvideCredentials, ProviderConfig,
};
use dataworks_public::tenant::GetProjectError;

use super::{parse_id, positional, Cli};

/// Look the project up with the credentials the default chain finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    /// The project (workspace) id.
    pub project_id: i64,
}

impl Cli for Args {
    const USAGE: &'static str = "\
usage: default_credentials PROJECT_ID

Finds credentials with the default chain (environment, OIDC/RRSA, ~/.aliyun/config.json,
~/.alibabacloud/credentials, the ECS instance RAM role, ALIBABA_CLOUD_CREDENTIALS_URI),
prints where they came from, then looks the project up (GetProject) with them.
ALIBABA_CLOUD_STS_ENDPOINT and ALIBABA_CLOUD_ECS_METADATA_ENDPOINT (this project's own
variables) send STS and metadata requests elsewhere, e.g. http://127.0.0.1:8081.

Exit codes: 0 success, 1 no credentials or the call failed, 2 bad arguments.";

    fn parse(args: Vec<String>) -> Result<Self, String> {
        let [project] = positional(args, "a project id")?;
        Ok(Args {
            project_id: parse_id("project id", &project)?,
        })
    }
}

/// Where the credentials came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The provider of the chain that gave them (`environment`, `OIDC`, …).
    pub provider: &'static str,
    /// Their AccessKey id (not secret).
    pub access_key_id: String,
    /// When they expire, for temporary credentials.
    pub expiration: Option<SystemTime>,
}

impl std::fmt::Display for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "credentials from the {} provider: AccessKey id {}",
            self.provider, self.access_key_id
        )?;
        match self
            .expiration
            .and_then(|at| at.duration_since(SystemTime::now()).ok())
        {
            Some(left) => write!(
                f,
                " (temporary, {} s left; refreshed before they expire)",
                left.as_secs()
            ),
            None if self.expiration.is_some() => f.write_str(" (temporary, expired)"),
            None => f.write_str(" (long-term)"),
        }
    }
}

/// Runs the default chain over `config` (the process environment with
/// [`ProviderConfig::new`]) once, and returns what it found and a cache in front of it
/// for the client.
pub async fn resolve(
    config: ProviderConfig,
) -> Result<(Found, CredentialsCache), CredentialsError> {
    let chain = Arc::new(DefaultChain::builder().config(config).build());
    let cache = CredentialsCache::new(chain.clone());
    let credentials = cache.provide_credentials().await?;
    let found = Found {
        provider: chain.chosen_provider().unwrap_or("default chain"),
        access_key_id: credentials.access_key_id,
        expiration: credentials.expiration,
    };
    Ok((found, cache))
}

/// Looks the project up: its name.
pub async fn run(
    client: &Client,
    args: &Args,
) -> Result<Option<String>, SdkError<GetProjectError>> {
    let response = client
        .get_project()
        .project_id(args.project_id)
        .send()
        .await?;
    Ok(response.data.and_then(|d| d.project_name))
}
