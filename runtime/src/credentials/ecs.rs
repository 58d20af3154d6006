//! The ECS instance RAM role, from the instance metadata service (IMDS).
//!
//! Each fetch (`credentials-protocol.md` §4):
//! 1. `PUT /latest/api/token` with `X-aliyun-ecs-metadata-token-ttl-seconds: 21600`:
//!    the session token (IMDSv2), sent as `X-aliyun-ecs-metadata-token` with the GETs
//!    below. If it cannot be had, the GETs go without it (IMDSv1), unless IMDSv1 is
//!    disabled (hardened mode: `ALIBABA_CLOUD_IMDSV1_DISABLED=true` or the builder),
//!    which is then an error.
//! 2. The role name: the one configured (builder, else `ALIBABA_CLOUD_ECS_METADATA`),
//!    else `GET /latest/meta-data/ram/security-credentials/` (trimmed).
//! 3. `GET /latest/meta-data/ram/security-credentials/<role>`: JSON with `Code` =
//!    `Success`, `AccessKeyId`, `AccessKeySecret`, `SecurityToken`, `Expiration`.
//!
//! Every request is bounded to 2 s (the official libraries: 1 s to connect, 1 s to
//! read). `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true` turns the provider off.

use std::time::Duration;

use serde_json::Value;

use super::config::{ProviderConfig, MAX_ANSWER_BODY};
use super::env;
use super::failure::CredentialsError;
use super::sts::credentials_of;
use super::{Credentials, ProvideCredentials, USER_AGENT};
use crate::signing::percent_encode;
use crate::transport::{BoxFuture, HttpRequest, HttpResponse, Method};

/// The provider's name in messages.
const NAME: &str = "ECS metadata";
/// One metadata request's time bound.
const IMDS_TIMEOUT: Duration = Duration::from_secs(2);
/// The token's lifetime asked for (the most allowed, as the official libraries ask).
const TOKEN_TTL_SECONDS: &str = "21600";
/// The token request's path.
const TOKEN_PATH: &str = "/latest/api/token";
/// The RAM role credentials' path (a role name follows).
const ROLE_PATH: &str = "/latest/meta-data/ram/security-credentials/";

/// Credentials of the RAM role attached to the ECS instance this program runs on.
#[derive(Debug, Clone, Default)]
pub struct EcsRamRoleProvider {
    role_name: Option<String>,
    imdsv1_disabled: Option<bool>,
    config: ProviderConfig,
}

/// Configures an [`EcsRamRoleProvider`].
#[derive(Debug, Default)]
#[must_use]
pub struct EcsRamRoleProviderBuilder {
    provider: EcsRamRoleProvider,
}

impl EcsRamRoleProvider {
    /// A builder; what is not set comes from the environment.
    pub fn builder() -> EcsRamRoleProviderBuilder {
        EcsRamRoleProviderBuilder::default()
    }

    fn hardened(&self) -> bool {
        self.imdsv1_disabled
            .unwrap_or_else(|| self.config.environment().flag(env::IMDSV1_DISABLED))
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let env = self.config.environment();
        if env.flag(env::ECS_METADATA_DISABLED) {
            return Err(CredentialsError::not_configured(
                NAME,
                format!("turned off by {}=true", env::ECS_METADATA_DISABLED),
            ));
        }
        let base = self.config.resolve_metadata_endpoint()?;
        let base = base.url().as_str().trim_end_matches('/').to_owned();
        let token = match self.token(&base).await {
            Ok(token) => Some(token),
            Err(reason) if self.hardened() => {
                return Err(CredentialsError::unavailable(
                    NAME,
                    format!(
                        "no metadata token (IMDSv2), which is required because IMDSv1 is disabled ({}=true or the builder): {reason}",
                        env::IMDSV1_DISABLED
                    ),
                ))
            }
            Err(reason) => {
                tracing::debug!(%reason, "ECS metadata: no token, asking without one (IMDSv1)");
                None
            }
        };
        let role = match self
            .role_name
            .clone()
            .or_else(|| env.var(env::ECS_METADATA))
        {
            Some(role) => role,
            None => self.discover_role(&base, token.as_deref()).await?,
        };
        let url = format!("{base}{ROLE_PATH}{}", percent_encode(&role));
        let response = self.get(&url, token.as_deref()).await?;
        match response.status {
            200 => {}
            404 => {
                return Err(CredentialsError::unavailable(
                    NAME,
                    format!(
                    "the RAM role `{role}` is not attached to this instance (HTTP 404 from {url})"
                ),
                ))
            }
            status => return Err(refused(&url, status, token.is_some())),
        }
        let body: Value = serde_json::from_slice(&response.body).map_err(|_| {
            CredentialsError::unavailable(NAME, format!("the answer of {url} is not JSON"))
        })?;
        match body.get("Code").and_then(Value::as_str) {
            Some("Success") => {}
            code => {
                return Err(CredentialsError::unavailable(
                    NAME,
                    format!(
                        "the credentials of role `{role}` have Code {}, not Success",
                        code.map_or("(none)".to_owned(), |c| format!("`{c}`"))
                    ),
                ))
            }
        }
        credentials_of(NAME, &body, "")
    }

    /// A session token, or why there is none.
    async fn token(&self, base: &str) -> Result<String, String> {
        let url = format!("{base}{TOKEN_PATH}");
        let request = HttpRequest {
            method: Method::Put,
            url: url.clone(),
            headers: vec![
                ("user-agent".to_owned(), USER_AGENT.to_owned()),
                (
                    "x-aliyun-ecs-metadata-token-ttl-seconds".to_owned(),
                    TOKEN_TTL_SECONDS.to_owned(),
                ),
            ],
            body: Vec::new(),
            max_response_body: MAX_ANSWER_BODY,
        };
        let response = self
            .config
            .send(NAME, request, &url, IMDS_TIMEOUT)
            .await
            .map_err(|e| e.to_string())?;
        if response.status != 200 {
            return Err(format!("PUT {url} answered HTTP {}", response.status));
        }
        let token = String::from_utf8(response.body)
            .map_err(|_| format!("PUT {url} answered a token that is not text"))?;
        let token = token.trim();
        if token.is_empty() {
            return Err(format!("PUT {url} answered an empty token"));
        }
        Ok(token.to_owned())
    }

    /// The name of the role attached to the instance.
    async fn discover_role(
        &self,
        base: &str,
        token: Option<&str>,
    ) -> Result<String, CredentialsError> {
        let url = format!("{base}{ROLE_PATH}");
        let response = self.get(&url, token).await?;
        let no_role =
            || CredentialsError::unavailable(NAME, "no RAM role attached to this instance");
        match response.status {
            200 => {}
            404 => return Err(no_role()),
            status => return Err(refused(&url, status, token.is_some())),
        }
        let text = String::from_utf8(response.body).map_err(|_| {
            CredentialsError::unavailable(NAME, format!("the role name from {url} is not text"))
        })?;
        let role = text.trim();
        if role.is_empty() {
            return Err(no_role());
        }
        Ok(role.to_owned())
    }

    async fn get(&self, url: &str, token: Option<&str>) -> Result<HttpResponse, CredentialsError> {
        let mut headers = vec![("user-agent".to_owned(), USER_AGENT.to_owned())];
        if let Some(token) = token {
            headers.push(("x-aliyun-ecs-metadata-token".to_owned(), token.to_owned()));
        }
        let request = HttpRequest {
            method: Method::Get,
            url: url.to_owned(),
            headers,
            body: Vec::new(),
            max_response_body: MAX_ANSWER_BODY,
        };
        self.config.send(NAME, request, url, IMDS_TIMEOUT).await
    }
}

/// A metadata answer other than 200 or 404.
fn refused(url: &str, status: u16, had_token: bool) -> CredentialsError {
    let hint = if !had_token && (status == 401 || status == 403) {
        " (the metadata service may require a token, IMDSv2, and none could be had)"
    } else {
        ""
    };
    CredentialsError::unavailable(NAME, format!("GET {url} answered HTTP {status}{hint}"))
}

impl EcsRamRoleProviderBuilder {
    /// The role name (else `ALIBABA_CLOUD_ECS_METADATA`, else asked from the metadata
    /// service).
    pub fn role_name(mut self, name: impl Into<String>) -> Self {
        self.provider.role_name = Some(name.into());
        self
    }

    /// Hardened mode: the metadata token is mandatory (else
    /// `ALIBABA_CLOUD_IMDSV1_DISABLED`).
    pub fn imdsv1_disabled(mut self, disabled: bool) -> Self {
        self.provider.imdsv1_disabled = Some(disabled);
        self
    }

    /// The environment, transport and metadata endpoint ([`ProviderConfig`]).
    pub fn config(mut self, config: ProviderConfig) -> Self {
        self.provider.config = config;
        self
    }

    /// The metadata service (see [`ProviderConfig::metadata_endpoint`]).
    pub fn metadata_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.provider.config = self.provider.config.metadata_endpoint(endpoint);
        self
    }

    /// The provider.
    pub fn build(self) -> EcsRamRoleProvider {
        self.provider
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}
