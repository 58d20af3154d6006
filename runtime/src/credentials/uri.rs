//! Credentials from a URI: a plain `GET` (no signature, the query kept) answering JSON
//! `AccessKeyId`, `AccessKeySecret`, `SecurityToken`, `Expiration` (and `Code`, which
//! must be `Success` when present). `credentials-protocol.md` §6.

use std::time::Duration;

use serde_json::Value;
use url::Url;

use super::config::{ProviderConfig, MAX_ANSWER_BODY};
use super::env;
use super::failure::CredentialsError;
use super::sts::credentials_of;
use super::{Credentials, ProvideCredentials, USER_AGENT};
use crate::transport::{BoxFuture, HttpRequest, Method};

/// The provider's name in messages.
const NAME: &str = "credentials URI";
/// One request's time bound (the official libraries: 5 s to connect, 10 s to read).
const URI_TIMEOUT: Duration = Duration::from_secs(15);

/// Credentials from a URI: the one given, else `ALIBABA_CLOUD_CREDENTIALS_URI`.
/// Messages show the URI without its query, which may hold a secret.
#[derive(Clone, Default)]
pub struct UriProvider {
    uri: Option<String>,
    config: ProviderConfig,
}

impl std::fmt::Debug for UriProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UriProvider")
            .field("uri", &self.uri.as_deref().map(shown))
            .field("config", &self.config)
            .finish()
    }
}

impl UriProvider {
    /// A provider reading `ALIBABA_CLOUD_CREDENTIALS_URI` from `config`'s environment.
    pub fn new(config: ProviderConfig) -> Self {
        UriProvider { uri: None, config }
    }

    /// A provider asking `uri`.
    pub fn with_uri(uri: impl Into<String>, config: ProviderConfig) -> Self {
        UriProvider {
            uri: Some(uri.into()),
            config,
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let Some(uri) = self
            .uri
            .clone()
            .or_else(|| self.config.environment().var(env::CREDENTIALS_URI))
        else {
            return Err(CredentialsError::not_configured(
                NAME,
                format!("{} is not set", env::CREDENTIALS_URI),
            ));
        };
        let parsed = Url::parse(&uri)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| {
                CredentialsError::invalid(
                    NAME,
                    format!("`{}` is not an http or https URL", shown(&uri)),
                )
            })?;
        let shown = shown(parsed.as_str());
        let request = HttpRequest {
            method: Method::Get,
            url: parsed.to_string(),
            headers: vec![
                ("user-agent".to_owned(), USER_AGENT.to_owned()),
                ("accept".to_owned(), "application/json".to_owned()),
            ],
            body: Vec::new(),
            max_response_body: MAX_ANSWER_BODY,
        };
        let response = self.config.send(NAME, request, &shown, URI_TIMEOUT).await?;
        if response.status != 200 {
            return Err(CredentialsError::unavailable(
                NAME,
                format!("GET {shown} answered HTTP {}", response.status),
            ));
        }
        let body: Value = serde_json::from_slice(&response.body).map_err(|_| {
            CredentialsError::unavailable(NAME, format!("the answer of {shown} is not JSON"))
        })?;
        if let Some(code) = body.get("Code").and_then(Value::as_str) {
            if code != "Success" {
                return Err(CredentialsError::unavailable(
                    NAME,
                    format!("{shown} answered Code `{code}`, not Success"),
                ));
            }
        }
        credentials_of(NAME, &body, "")
    }
}

/// The URI without its query and fragment, for messages.
fn shown(uri: &str) -> String {
    match Url::parse(uri) {
        Ok(mut url) => {
            let had_query = url.query().is_some();
            url.set_query(None);
            url.set_fragment(None);
            let _ = url.set_password(None);
            let mut text = url.to_string();
            if had_query {
                text.push_str("?…");
            }
            text
        }
        Err(_) => "(an invalid URL)".to_owned(),
    }
}

impl ProvideCredentials for UriProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_never_shows() {
        assert_eq!(
            shown("http://127.0.0.1:9/creds?token=hunter2#x"),
            "http://127.0.0.1:9/creds?…"
        );
        assert_eq!(shown("http://u:pw@h/c"), "http://u@h/c");
        let provider = UriProvider::with_uri("http://h/c?token=hunter2", ProviderConfig::new());
        assert!(!format!("{provider:?}").contains("hunter2"));
    }
}
