//! Why credentials could not be had: [`CredentialsError`], whose message names the
//! provider (or the file, variable or endpoint) and the cause, and never holds a
//! secret, a token or a response body that may hold one.

use std::fmt;

/// Why a provider gave no credentials. Every message starts with the provider (or the
/// file it read) and says what went wrong: `ECS metadata: no RAM role attached to this
/// instance`, `STS AssumeRole: NoPermission (HTTP 403): …`, `OIDC token file
/// /var/run/…: not found`. No message holds a secret or a token.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    /// The provider is not configured here (its variables are unset, its file does not
    /// exist, it is turned off): the default chain tries the next one.
    #[error("{provider}: {reason}")]
    NotConfigured {
        /// The provider.
        provider: String,
        /// What it looked for.
        reason: String,
    },
    /// The provider's configuration is there but wrong: a file that does not parse
    /// (with its line), a missing key, an unsupported mode, an invalid endpoint.
    #[error("{provider}: {message}")]
    Invalid {
        /// The provider, or the file it read.
        provider: String,
        /// What is wrong, with the file, line, key or variable.
        message: String,
    },
    /// The provider could not get credentials: a file it could not read, a service it
    /// could not reach or whose answer was unusable.
    #[error("{provider}: {message}")]
    Unavailable {
        /// The provider, or the file it read.
        provider: String,
        /// The cause.
        message: String,
    },
    /// STS answered with an error (boxed: it is the largest variant).
    #[error("{0}")]
    Sts(Box<StsError>),
    /// No provider of the default chain had credentials; each one's reason, in order.
    #[error("no credentials found by the default chain: {}", Attempts(.attempts))]
    NoneFound {
        /// What each provider said, in chain order.
        attempts: Vec<CredentialsError>,
    },
}

impl CredentialsError {
    /// A provider that is not configured.
    pub fn not_configured(provider: impl Into<String>, reason: impl Into<String>) -> Self {
        CredentialsError::NotConfigured {
            provider: provider.into(),
            reason: reason.into(),
        }
    }

    /// A configuration that is wrong.
    pub fn invalid(provider: impl Into<String>, message: impl Into<String>) -> Self {
        CredentialsError::Invalid {
            provider: provider.into(),
            message: message.into(),
        }
    }

    /// A provider that failed.
    pub fn unavailable(provider: impl Into<String>, message: impl Into<String>) -> Self {
        CredentialsError::Unavailable {
            provider: provider.into(),
            message: message.into(),
        }
    }

    /// Whether the provider simply is not configured (the chain moves on silently).
    pub fn is_not_configured(&self) -> bool {
        matches!(self, CredentialsError::NotConfigured { .. })
    }

    /// The STS error, when STS refused.
    pub fn sts_error(&self) -> Option<&StsError> {
        match self {
            CredentialsError::Sts(e) => Some(e),
            _ => None,
        }
    }

    /// A file that could not be read: `{what} {path}: not found` (or `permission
    /// denied`, or the system's reason).
    pub(crate) fn file(what: &str, path: &std::path::Path, error: &std::io::Error) -> Self {
        let cause = match error.kind() {
            std::io::ErrorKind::NotFound => "not found".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => error.to_string(),
        };
        CredentialsError::unavailable(format!("{what} {}", path.display()), cause)
    }
}

/// The attempts of a chain, `; `-separated.
struct Attempts<'a>(&'a [CredentialsError]);

impl fmt::Display for Attempts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, attempt) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{attempt}")?;
        }
        Ok(())
    }
}

/// An error answer of STS (`AssumeRole`, `AssumeRoleWithOIDC`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StsError {
    /// The action, e.g. `AssumeRole`.
    pub action: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The error code, e.g. `NoPermission`.
    pub code: String,
    /// The message STS sent.
    pub message: String,
    /// The role asked for.
    pub role_arn: String,
    /// The request id, when the answer carried one.
    pub request_id: Option<String>,
}

/// `STS AssumeRole: NoPermission (HTTP 403): <message> (role <arn>, request id <id>)`.
impl fmt::Display for StsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "STS {}: {} (HTTP {}): {} (role {}",
            self.action, self.code, self.status, self.message, self.role_arn
        )?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for StsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_provider_and_the_cause() {
        let e =
            CredentialsError::unavailable("ECS metadata", "no RAM role attached to this instance");
        assert_eq!(
            e.to_string(),
            "ECS metadata: no RAM role attached to this instance"
        );
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let e = CredentialsError::file("OIDC token file", "/var/run/token".as_ref(), &io);
        assert_eq!(e.to_string(), "OIDC token file /var/run/token: not found");
        let sts = CredentialsError::Sts(Box::new(StsError {
            action: "AssumeRole",
            status: 403,
            code: "NoPermission".into(),
            message: "You are not authorized to do this action.".into(),
            role_arn: "acs:ram::1:role/r".into(),
            request_id: Some("R".into()),
        }));
        assert_eq!(
            sts.to_string(),
            "STS AssumeRole: NoPermission (HTTP 403): You are not authorized to do this action. (role acs:ram::1:role/r, request id R)"
        );
        let chain = CredentialsError::NoneFound {
            attempts: vec![
                CredentialsError::not_configured(
                    "environment",
                    "ALIBABA_CLOUD_ACCESS_KEY_ID is not set",
                ),
                e,
            ],
        };
        assert_eq!(
            chain.to_string(),
            "no credentials found by the default chain: environment: ALIBABA_CLOUD_ACCESS_KEY_ID is not set; OIDC token file /var/run/token: not found"
        );
    }
}
