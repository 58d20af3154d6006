//! Where the providers read their environment ([`Env`]: the process environment or a
//! fixed map) and the names of every variable they read.
//!
//! The names and their meaning are those of Alibaba Cloud's official credentials
//! libraries (Go, Python, Java), except [`STS_ENDPOINT`] and [`ECS_METADATA_ENDPOINT`],
//! which are this project's own (no official library reads them). Booleans are true
//! only for `true` in any case, as in the official libraries ([`Env::flag`]).

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// The AccessKey id (with [`ACCESS_KEY_SECRET`]).
pub const ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// The AccessKey secret (with [`ACCESS_KEY_ID`]).
pub const ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// An STS security token, for temporary keys in [`ACCESS_KEY_ID`] (optional).
pub const SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
/// The RAM role to assume (OIDC/RRSA, with [`OIDC_PROVIDER_ARN`] and [`OIDC_TOKEN_FILE`]).
pub const ROLE_ARN: &str = "ALIBABA_CLOUD_ROLE_ARN";
/// The OIDC identity provider's ARN (OIDC/RRSA).
pub const OIDC_PROVIDER_ARN: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
/// The file holding the OIDC token (OIDC/RRSA); read again at every refresh.
pub const OIDC_TOKEN_FILE: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
/// The role session name of assumed roles (default `credentials-rust-<milliseconds>`).
pub const ROLE_SESSION_NAME: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";
/// `true` turns the CLI profile (`~/.aliyun/config.json`) provider off.
pub const CLI_PROFILE_DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";
/// The CLI configuration file instead of `~/.aliyun/config.json`.
pub const CONFIG_FILE: &str = "ALIBABA_CLOUD_CONFIG_FILE";
/// The profile to use: in the CLI configuration (default: its `current`) and in the
/// credentials file (default: `default`).
pub const PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
/// The INI credentials file instead of `~/.alibabacloud/credentials`.
pub const CREDENTIALS_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
/// `true` turns the ECS instance RAM role provider off.
pub const ECS_METADATA_DISABLED: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
/// The ECS instance's RAM role name (default: asked from the metadata service).
pub const ECS_METADATA: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// `true` makes the metadata token (IMDSv2) mandatory: hardened mode.
pub const IMDSV1_DISABLED: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";
/// The credentials URI (the last provider of the chain).
pub const CREDENTIALS_URI: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";
/// The STS region: STS is then `sts.<region>.aliyuncs.com` (default `sts.aliyuncs.com`).
pub const STS_REGION: &str = "ALIBABA_CLOUD_STS_REGION";
/// `true` selects VPC endpoints: `sts-vpc.<region>.aliyuncs.com` when an STS region is
/// set, and DataWorks's VPC endpoint for clients that do not choose a network.
pub const VPC_ENDPOINT_ENABLED: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";
/// **This project's own**: the STS endpoint, a URL with scheme, host and port
/// (`http://127.0.0.1:8080`) or a bare host (then `https://`). Overrides
/// [`STS_REGION`].
pub const STS_ENDPOINT: &str = "ALIBABA_CLOUD_STS_ENDPOINT";
/// **This project's own**: the ECS metadata service, a URL with scheme, host and port
/// (`http://127.0.0.1:8080`) or a bare host (then `http://`).
pub const ECS_METADATA_ENDPOINT: &str = "ALIBABA_CLOUD_ECS_METADATA_ENDPOINT";

/// Where environment variables and the home directory come from: the process
/// environment, or a fixed set of variables (tests, embedding). `Debug` shows the
/// variables' names, never their values (some are secrets).
#[derive(Clone, Default)]
pub struct Env {
    fixed: Option<Arc<HashMap<String, String>>>,
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.fixed {
            None => f.write_str("Env::process()"),
            Some(map) => {
                let mut names: Vec<&str> = map.keys().map(String::as_str).collect();
                names.sort_unstable();
                f.debug_tuple("Env::from_vars").field(&names).finish()
            }
        }
    }
}

impl Env {
    /// The process environment.
    pub fn process() -> Self {
        Env { fixed: None }
    }

    /// A fixed set of variables; nothing is read from the process environment.
    pub fn from_vars<K, V>(vars: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        let map = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Env {
            fixed: Some(Arc::new(map)),
        }
    }

    /// A variable's value, trimmed; unset, empty and non-UTF-8 values are all `None`.
    pub fn var(&self, name: &str) -> Option<String> {
        let value = match &self.fixed {
            Some(map) => map.get(name).cloned(),
            None => std::env::var(name).ok(),
        };
        value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    /// A boolean variable: true only for `true`, in any case (as the official
    /// libraries read them); anything else, or unset, is false.
    pub fn flag(&self, name: &str) -> bool {
        self.var(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// A boolean variable when it is set: `Some(true)` for `true` (any case),
    /// `Some(false)` for any other value, `None` when unset.
    pub fn optional_flag(&self, name: &str) -> Option<bool> {
        self.var(name).map(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The home directory: `HOME`, else `USERPROFILE`.
    pub fn home(&self) -> Option<PathBuf> {
        self.var("HOME")
            .or_else(|| self.var("USERPROFILE"))
            .map(PathBuf::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_trimmed_and_empty_is_unset() {
        let env = Env::from_vars([("A", " x "), ("B", ""), ("C", "  ")]);
        assert_eq!(env.var("A").as_deref(), Some("x"));
        assert_eq!(env.var("B"), None);
        assert_eq!(env.var("C"), None);
        assert_eq!(env.var("D"), None);
    }

    #[test]
    fn debug_shows_names_not_values() {
        let env = Env::from_vars([(SECURITY_TOKEN, "hunter2"), (PROFILE, "dev")]);
        let shown = format!("{env:?}");
        assert!(
            shown.contains(SECURITY_TOKEN) && shown.contains(PROFILE),
            "{shown}"
        );
        assert!(
            !shown.contains("hunter2") && !shown.contains("dev\""),
            "{shown}"
        );
        assert_eq!(format!("{:?}", Env::process()), "Env::process()");
    }

    #[test]
    fn flags_are_true_only_for_true() {
        let env = Env::from_vars([("T", "TRUE"), ("O", "1"), ("Y", "yes"), ("F", "false")]);
        assert!(env.flag("T"));
        assert!(!env.flag("O"), "`1` is not true for the official libraries");
        assert!(!env.flag("Y"));
        assert!(!env.flag("F"));
        assert!(!env.flag("unset"));
        assert_eq!(env.optional_flag("F"), Some(false));
        assert_eq!(env.optional_flag("unset"), None);
    }
}
