//! Access keys and where they come from.
//!
//! A [`Credentials`] value is an AccessKey id, its secret and, for temporary (STS)
//! credentials, a security token. Secrets are wrapped in [`Secret`], whose `Debug` and
//! `Display` print `***`, so a credential never ends up in a log or an error message.
//!
//! Providers ([`ProvideCredentials`]):
//! - explicit keys: a [`Credentials`] value is its own provider;
//! - [`EnvironmentProvider`]: `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`
//!   and optionally `ALIBABA_CLOUD_SECURITY_TOKEN`;
//! - [`ProfileProvider`]: the INI file `~/.alibabacloud/credentials` (or the file named by
//!   `ALIBABA_CLOUD_CREDENTIALS_FILE`), section `[default]` or the one named by
//!   `ALIBABA_CLOUD_PROFILE`, with `type = access_key` or `type = sts`;
//! - [`DefaultChain`]: the environment, then the profile file.
//!
//! Providers read the environment through [`Env`], which is either the process
//! environment or a fixed map (for tests and embedding), so nothing here needs to touch
//! global state.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::transport::BoxFuture;

/// The variable holding the AccessKey id.
pub const ENV_ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// The variable holding the AccessKey secret.
pub const ENV_ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// The variable holding an STS security token (optional).
pub const ENV_SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
/// The variable naming the profile to read from the credentials file.
pub const ENV_PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
/// The variable naming another credentials file than `~/.alibabacloud/credentials`.
pub const ENV_CREDENTIALS_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
/// The profile read when `ALIBABA_CLOUD_PROFILE` is not set.
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

/// An AccessKey pair, with a security token for temporary (STS) credentials.
/// `Debug` shows the key id only; the secret and the token print as `***`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The AccessKey id (not secret: it is sent with every request).
    pub access_key_id: String,
    /// The AccessKey secret.
    pub access_key_secret: Secret,
    /// The STS security token, for temporary credentials.
    pub security_token: Option<Secret>,
}

impl Credentials {
    /// Long-term credentials from an AccessKey id and secret.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<Secret>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
        }
    }

    /// The same keys with an STS security token (temporary credentials).
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }
}

/// Why credentials could not be found or read. Messages name the variable or the
/// file and line at fault, never a secret.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    /// One of the two key variables is set and the other is not.
    #[error("environment variable {present} is set but {missing} is not")]
    IncompleteEnvironment {
        /// The variable that is set.
        present: &'static str,
        /// The variable that is missing.
        missing: &'static str,
    },
    /// The home directory is unknown, so the profile file cannot be located.
    #[error("cannot locate the credentials file: neither HOME nor USERPROFILE is set")]
    NoHome,
    /// The credentials file exists but cannot be read.
    #[error("cannot read credentials file {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line of the credentials file is not INI.
    #[error("{}:{line}: {reason}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What is wrong (never the line's text, which may hold a secret).
        reason: String,
    },
    /// The profile asked for is not in the file.
    #[error("{}: no profile [{profile}]", path.display())]
    ProfileNotFound {
        /// The file.
        path: PathBuf,
        /// The profile name.
        profile: String,
    },
    /// The profile lacks a key its type needs.
    #[error("{}:{line}: profile [{profile}] has no `{key}`", path.display())]
    MissingKey {
        /// The file.
        path: PathBuf,
        /// The line of the profile's `[section]` header.
        line: usize,
        /// The profile name.
        profile: String,
        /// The missing key.
        key: &'static str,
    },
    /// The profile has a `type` this runtime does not support.
    #[error(
        "{}:{line}: profile [{profile}] has type `{kind}`; supported types are `access_key` and `sts`",
        path.display()
    )]
    UnsupportedType {
        /// The file.
        path: PathBuf,
        /// The line of the `type` key.
        line: usize,
        /// The profile name.
        profile: String,
        /// The type found.
        kind: String,
    },
    /// No provider of the chain had credentials.
    #[error("no credentials found: {tried}")]
    NotFound {
        /// What was looked at, in order.
        tried: String,
    },
}

/// Where environment variables and the home directory come from: the process
/// environment, or a fixed set of variables (tests, embedding).
#[derive(Debug, Clone, Default)]
pub struct Env {
    fixed: Option<Arc<HashMap<String, String>>>,
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

    /// A variable's value; unset, empty and non-UTF-8 values are all `None`.
    pub fn var(&self, name: &str) -> Option<String> {
        let value = match &self.fixed {
            Some(map) => map.get(name).cloned(),
            None => std::env::var(name).ok(),
        };
        value.filter(|v| !v.is_empty())
    }

    /// The home directory: `HOME`, else `USERPROFILE`.
    pub fn home(&self) -> Option<PathBuf> {
        self.var("HOME")
            .or_else(|| self.var("USERPROFILE"))
            .map(PathBuf::from)
    }
}

/// Something that yields credentials, asynchronously so that providers which ask a
/// service can be added later.
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

/// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and the
/// optional `ALIBABA_CLOUD_SECURITY_TOKEN`.
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
        let id = self.env.var(ENV_ACCESS_KEY_ID);
        let secret = self.env.var(ENV_ACCESS_KEY_SECRET);
        let credentials = match (id, secret) {
            (None, None) => return Ok(None),
            (Some(_), None) => {
                return Err(CredentialsError::IncompleteEnvironment {
                    present: ENV_ACCESS_KEY_ID,
                    missing: ENV_ACCESS_KEY_SECRET,
                })
            }
            (None, Some(_)) => {
                return Err(CredentialsError::IncompleteEnvironment {
                    present: ENV_ACCESS_KEY_SECRET,
                    missing: ENV_ACCESS_KEY_ID,
                })
            }
            (Some(id), Some(secret)) => Credentials::new(id, secret),
        };
        Ok(Some(match self.env.var(ENV_SECURITY_TOKEN) {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        }))
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            self.lookup()?.ok_or_else(|| CredentialsError::NotFound {
                tried: format!("{ENV_ACCESS_KEY_ID} is not set"),
            })
        })
    }
}

/// Reads a profile of the INI credentials file.
///
/// The file is `$ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials`;
/// the profile is `$ALIBABA_CLOUD_PROFILE`, else `default`. Supported profile types:
/// `access_key` (`access_key_id`, `access_key_secret`; also assumed when `type` is
/// missing) and `sts` (the same plus `security_token`).
#[derive(Debug, Clone, Default)]
pub struct ProfileProvider {
    env: Env,
    path: Option<PathBuf>,
    profile: Option<String>,
}

impl ProfileProvider {
    /// A provider locating the file and the profile through the given environment.
    pub fn new(env: Env) -> Self {
        ProfileProvider {
            env,
            path: None,
            profile: None,
        }
    }

    /// Reads this file instead of the one the environment points to.
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Reads this profile instead of the one the environment names.
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// The credentials; `Ok(None)` when the default file does not exist, or when it has
    /// no `[default]` profile and no profile was asked for by name.
    pub fn lookup(&self) -> Result<Option<Credentials>, CredentialsError> {
        let (path, explicit_path) = self.file()?;
        let named = self.profile.clone().or_else(|| self.env.var(ENV_PROFILE));
        let profile = named.clone().unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit_path => {
                return Ok(None)
            }
            Err(source) => return Err(CredentialsError::Read { path, source }),
        };
        let sections = ini::parse(&text).map_err(|e| CredentialsError::Syntax {
            path: path.clone(),
            line: e.line,
            reason: e.reason.to_owned(),
        })?;
        match sections.into_iter().find(|s| s.name == profile) {
            Some(section) => profile_credentials(&path, &section).map(Some),
            None if named.is_none() => Ok(None),
            None => Err(CredentialsError::ProfileNotFound { path, profile }),
        }
    }

    /// The file to read, and whether it was named explicitly (then it must exist).
    fn file(&self) -> Result<(PathBuf, bool), CredentialsError> {
        if let Some(path) = &self.path {
            return Ok((path.clone(), true));
        }
        if let Some(path) = self.env.var(ENV_CREDENTIALS_FILE) {
            return Ok((PathBuf::from(path), true));
        }
        let home = self.env.home().ok_or(CredentialsError::NoHome)?;
        Ok((home.join(".alibabacloud").join("credentials"), false))
    }

    /// The file and profile this provider would read, for messages.
    fn describe(&self) -> String {
        let profile = self
            .profile
            .clone()
            .or_else(|| self.env.var(ENV_PROFILE))
            .unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
        match self.file() {
            Ok((path, _)) => format!("profile [{profile}] in {}", path.display()),
            Err(_) => "the credentials file (no home directory)".to_owned(),
        }
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            self.lookup()?.ok_or_else(|| CredentialsError::NotFound {
                tried: format!("{} does not exist", self.describe()),
            })
        })
    }
}

/// Builds credentials from a profile section according to its `type`.
fn profile_credentials(
    path: &Path,
    section: &ini::Section,
) -> Result<Credentials, CredentialsError> {
    let missing = |key: &'static str| CredentialsError::MissingKey {
        path: path.to_owned(),
        line: section.line,
        profile: section.name.clone(),
        key,
    };
    let kind = section.get("type");
    let sts = match kind {
        None | Some(("access_key", _)) => false,
        Some(("sts", _)) => true,
        Some((other, line)) => {
            return Err(CredentialsError::UnsupportedType {
                path: path.to_owned(),
                line,
                profile: section.name.clone(),
                kind: other.to_owned(),
            })
        }
    };
    let id = section
        .get("access_key_id")
        .ok_or_else(|| missing("access_key_id"))?;
    let secret = section
        .get("access_key_secret")
        .ok_or_else(|| missing("access_key_secret"))?;
    let credentials = Credentials::new(id.0, secret.0);
    if !sts {
        return Ok(credentials);
    }
    let token = section
        .get("security_token")
        .ok_or_else(|| missing("security_token"))?;
    Ok(credentials.with_security_token(token.0))
}

/// The default lookup: the environment, then the profile file. The first credentials
/// found are kept for the provider's lifetime (clones of a client share them).
#[derive(Debug, Default)]
pub struct DefaultChain {
    environment: EnvironmentProvider,
    profile: ProfileProvider,
    cached: Mutex<Option<Credentials>>,
}

impl DefaultChain {
    /// The chain over the given environment.
    pub fn new(env: Env) -> Self {
        DefaultChain {
            environment: EnvironmentProvider::new(env.clone()),
            profile: ProfileProvider::new(env),
            cached: Mutex::new(None),
        }
    }

    /// Looks the credentials up (uncached).
    pub fn lookup(&self) -> Result<Credentials, CredentialsError> {
        if let Some(credentials) = self.environment.lookup()? {
            return Ok(credentials);
        }
        if let Some(credentials) = self.profile.lookup()? {
            return Ok(credentials);
        }
        Err(CredentialsError::NotFound {
            tried: format!(
                "{ENV_ACCESS_KEY_ID} is not set, and {} does not exist",
                self.profile.describe()
            ),
        })
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let mut cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(credentials) = cached.as_ref() {
                return Ok(credentials.clone());
            }
            let credentials = self.lookup()?;
            *cached = Some(credentials.clone());
            Ok(credentials)
        })
    }
}

/// A tiny INI reader: `[section]` headers, `key = value` lines, `#`/`;` comments.
mod ini {
    /// One `[section]` and its keys.
    #[derive(Debug)]
    pub(super) struct Section {
        /// The section name.
        pub name: String,
        /// The line of the header.
        pub line: usize,
        /// Key, value and line, in file order.
        pub entries: Vec<(String, String, usize)>,
    }

    impl Section {
        /// The last value given to `key`, with its line.
        pub fn get(&self, key: &str) -> Option<(&str, usize)> {
            self.entries
                .iter()
                .rev()
                .find(|(k, _, _)| k == key)
                .map(|(_, v, line)| (v.as_str(), *line))
        }
    }

    /// A line that is not INI.
    #[derive(Debug, PartialEq, Eq)]
    pub(super) struct SyntaxError {
        /// The 1-based line number.
        pub line: usize,
        /// What is wrong.
        pub reason: &'static str,
    }

    /// Parses the text into its sections, in file order.
    pub(super) fn parse(text: &str) -> Result<Vec<Section>, SyntaxError> {
        let mut sections: Vec<Section> = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let trimmed = raw.trim().trim_start_matches('\u{feff}');
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            if let Some(rest) = trimmed.strip_prefix('[') {
                let name = rest.strip_suffix(']').ok_or(SyntaxError {
                    line,
                    reason: "a section header must end with `]`",
                })?;
                sections.push(Section {
                    name: name.trim().to_owned(),
                    line,
                    entries: Vec::new(),
                });
                continue;
            }
            let (key, value) = trimmed.split_once('=').ok_or(SyntaxError {
                line,
                reason: "expected `key = value` or `[section]`",
            })?;
            let section = sections.last_mut().ok_or(SyntaxError {
                line,
                reason: "a key before the first `[section]` header",
            })?;
            section.entries.push((
                key.trim().to_owned(),
                unquote(value.trim()).to_owned(),
                line,
            ));
        }
        Ok(sections)
    }

    /// Strips one pair of matching surrounding quotes.
    fn unquote(value: &str) -> &str {
        for quote in ['"', '\''] {
            if let Some(inner) = value
                .strip_prefix(quote)
                .and_then(|v| v.strip_suffix(quote))
            {
                return inner;
            }
        }
        value
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn sections_keys_comments_and_quotes() {
            let text = "# comment\n[default]\ntype = access_key\n; other\naccess_key_id=\"id\"\n\n[ other ]\nk = a = b\n";
            let sections = parse(text).expect("valid ini");
            assert_eq!(sections.len(), 2);
            assert_eq!(sections[0].name, "default");
            assert_eq!(sections[0].line, 2);
            assert_eq!(sections[0].get("type"), Some(("access_key", 3)));
            assert_eq!(sections[0].get("access_key_id"), Some(("id", 5)));
            assert_eq!(sections[1].name, "other");
            assert_eq!(sections[1].get("k"), Some(("a = b", 8)));
        }

        #[test]
        fn errors_name_the_line() {
            let err = parse("[default]\nnot a pair\n").expect_err("invalid");
            assert_eq!(err.line, 2);
            assert_eq!(parse("k = v\n").expect_err("no section").line, 1);
            assert_eq!(parse("[open\n").expect_err("unterminated").line, 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A temporary home holding `.alibabacloud/credentials` with `text`.
    fn home_with(text: &str) -> tempfile::TempDir {
        let home = tempfile::tempdir().expect("temp dir");
        let dir = home.path().join(".alibabacloud");
        fs::create_dir_all(&dir).expect("mkdir");
        fs::write(dir.join("credentials"), text).expect("write");
        home
    }

    fn env_with_home(home: &Path, extra: &[(&str, &str)]) -> Env {
        let mut vars: Vec<(String, String)> =
            vec![("HOME".into(), home.to_string_lossy().into_owned())];
        vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Env::from_vars(vars)
    }

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
    fn environment_keys_and_token() {
        let env = Env::from_vars([
            (ENV_ACCESS_KEY_ID, "id"),
            (ENV_ACCESS_KEY_SECRET, "secret"),
            (ENV_SECURITY_TOKEN, "token"),
        ]);
        let c = EnvironmentProvider::new(env)
            .lookup()
            .expect("ok")
            .expect("found");
        assert_eq!(c.access_key_id, "id");
        assert_eq!(c.access_key_secret.expose_secret(), "secret");
        assert_eq!(
            c.security_token.as_ref().map(Secret::expose_secret),
            Some("token")
        );
    }

    #[test]
    fn environment_half_set_names_the_missing_variable() {
        let env = Env::from_vars([(ENV_ACCESS_KEY_ID, "id")]);
        let err = EnvironmentProvider::new(env)
            .lookup()
            .expect_err("half set");
        let msg = err.to_string();
        assert!(msg.contains(ENV_ACCESS_KEY_SECRET), "{msg}");
        let none = EnvironmentProvider::new(Env::from_vars([(ENV_ACCESS_KEY_ID, "")]));
        assert!(none.lookup().expect("ok").is_none());
    }

    #[test]
    fn profile_default_section() {
        let home = home_with(
            "[default]\nenable = true\ntype = access_key\naccess_key_id = pid\naccess_key_secret = psecret\n",
        );
        let c = ProfileProvider::new(env_with_home(home.path(), &[]))
            .lookup()
            .expect("ok")
            .expect("found");
        assert_eq!(c.access_key_id, "pid");
        assert_eq!(c.access_key_secret.expose_secret(), "psecret");
        assert!(c.security_token.is_none());
    }

    #[test]
    fn profile_named_by_environment_with_sts() {
        let home = home_with(
            "[default]\naccess_key_id = a\naccess_key_secret = b\n[dev]\ntype = sts\naccess_key_id = sid\naccess_key_secret = ssecret\nsecurity_token = stoken\n",
        );
        let env = env_with_home(home.path(), &[(ENV_PROFILE, "dev")]);
        let c = ProfileProvider::new(env)
            .lookup()
            .expect("ok")
            .expect("found");
        assert_eq!(c.access_key_id, "sid");
        assert_eq!(
            c.security_token.as_ref().map(Secret::expose_secret),
            Some("stoken")
        );
    }

    #[test]
    fn profile_errors_name_file_and_line_without_secrets() {
        let home = home_with("[default]\naccess_key_id = a\naccess_key_secret hunter2\n");
        let err = ProfileProvider::new(env_with_home(home.path(), &[]))
            .lookup()
            .expect_err("syntax");
        let msg = err.to_string();
        assert!(msg.contains("credentials:3"), "{msg}");
        assert!(!msg.contains("hunter2"), "{msg}");

        let home =
            home_with("[default]\ntype = sts\naccess_key_id = a\naccess_key_secret = hunter2\n");
        let msg = ProfileProvider::new(env_with_home(home.path(), &[]))
            .lookup()
            .expect_err("no token")
            .to_string();
        assert!(
            msg.contains("security_token") && msg.contains(":1:"),
            "{msg}"
        );
        assert!(!msg.contains("hunter2"), "{msg}");

        let home = home_with("[default]\ntype = ecs_ram_role\n");
        let msg = ProfileProvider::new(env_with_home(home.path(), &[]))
            .lookup()
            .expect_err("unsupported")
            .to_string();
        assert!(msg.contains("ecs_ram_role") && msg.contains(":2:"), "{msg}");

        let home = home_with("[default]\naccess_key_id = a\naccess_key_secret = b\n");
        let env = env_with_home(home.path(), &[(ENV_PROFILE, "prod")]);
        let msg = ProfileProvider::new(env)
            .lookup()
            .expect_err("missing profile")
            .to_string();
        assert!(msg.contains("[prod]"), "{msg}");
    }

    #[test]
    fn missing_file_is_not_found_unless_named() {
        let home = tempfile::tempdir().expect("temp dir");
        let provider = ProfileProvider::new(env_with_home(home.path(), &[]));
        assert!(provider.lookup().expect("ok").is_none());
        let named = provider.path(home.path().join("nope"));
        assert!(matches!(named.lookup(), Err(CredentialsError::Read { .. })));
    }

    #[tokio::test]
    async fn chain_prefers_environment_then_profile() {
        let home = home_with("[default]\naccess_key_id = pid\naccess_key_secret = ps\n");
        let env = env_with_home(
            home.path(),
            &[(ENV_ACCESS_KEY_ID, "eid"), (ENV_ACCESS_KEY_SECRET, "es")],
        );
        let c = DefaultChain::new(env)
            .provide_credentials()
            .await
            .expect("env");
        assert_eq!(c.access_key_id, "eid");

        let c = DefaultChain::new(env_with_home(home.path(), &[]))
            .provide_credentials()
            .await
            .expect("profile");
        assert_eq!(c.access_key_id, "pid");

        let empty = tempfile::tempdir().expect("temp dir");
        let err = DefaultChain::new(env_with_home(empty.path(), &[]))
            .provide_credentials()
            .await
            .expect_err("nothing");
        let msg = err.to_string();
        assert!(
            msg.contains(ENV_ACCESS_KEY_ID) && msg.contains("credentials"),
            "{msg}"
        );
    }
}
