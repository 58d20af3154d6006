//! The INI credentials file of the official libraries (`~/.alibabacloud/credentials`).
//!
//! The file is the one given, else `$ALIBABA_CLOUD_CREDENTIALS_FILE`, else
//! `~/.alibabacloud/credentials` (credentials-go's name), else
//! `~/.alibabacloud/credentials.ini` (the Python and Java libraries' name). The profile
//! is the one given, else `$ALIBABA_CLOUD_PROFILE`, else `default`. Its `type`:
//! - `access_key` (also when `type` is missing): `access_key_id`, `access_key_secret`;
//! - `sts`: the same plus `security_token`;
//! - `ecs_ram_role`: optional `role_name`;
//! - `ram_role_arn`: `access_key_id`, `access_key_secret`, `role_arn`, optional
//!   `role_session_name` and `policy`;
//! - `oidc_role_arn`: `role_arn`, `oidc_provider_arn`, `oidc_token_file_path`, optional
//!   `role_session_name` and `policy`.
//!
//! The file is read once (with `tokio::fs`), on first use; the provider the profile
//! describes then answers every call.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::OnceCell;

use super::config::ProviderConfig;
use super::ecs::EcsRamRoleProvider;
use super::env;
use super::failure::CredentialsError;
use super::ini::{self, Section};
use super::oidc::OidcRoleArnProvider;
use super::ram_role::RamRoleArnProvider;
use super::{Credentials, ProvideCredentials, DEFAULT_PROFILE};
use crate::transport::BoxFuture;

/// The provider's name in messages when the file is not known yet.
const NAME: &str = "credentials file";

/// The profile types this provider reads.
const TYPES: &str = "access_key, sts, ecs_ram_role, ram_role_arn, oidc_role_arn";

/// Reads a profile of the INI credentials file (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct ProfileProvider {
    path: Option<PathBuf>,
    profile: Option<String>,
    config: ProviderConfig,
    inner: OnceCell<Arc<dyn ProvideCredentials>>,
}

impl ProfileProvider {
    /// A provider locating the file and the profile through `config`'s environment.
    pub fn new(config: ProviderConfig) -> Self {
        ProfileProvider {
            config,
            ..ProfileProvider::default()
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

    async fn inner(&self) -> Result<&Arc<dyn ProvideCredentials>, CredentialsError> {
        self.inner.get_or_try_init(|| self.load()).await
    }

    /// Reads the file and builds the provider its profile describes.
    async fn load(&self) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
        let env = self.config.environment();
        let named = self.profile.clone().or_else(|| env.var(env::PROFILE));
        let profile = named.clone().unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
        let (path, text) = self.read().await?;
        let sections = ini::parse(&text).map_err(|e| {
            CredentialsError::invalid(format!("{NAME} {}:{}", path.display(), e.line), e.reason)
        })?;
        match sections.into_iter().find(|s| s.name == profile) {
            Some(section) => self.provider(&path, &section),
            None if named.is_none() => Err(CredentialsError::not_configured(
                NAME,
                format!("{} has no [{profile}] profile", path.display()),
            )),
            None => Err(CredentialsError::invalid(
                format!("{NAME} {}", path.display()),
                format!("no profile [{profile}]"),
            )),
        }
    }

    /// The file's path and text. A default file that does not exist is "not
    /// configured"; a file named explicitly must exist.
    async fn read(&self) -> Result<(PathBuf, String), CredentialsError> {
        let explicit = self.path.clone().or_else(|| {
            self.config
                .environment()
                .var(env::CREDENTIALS_FILE)
                .map(PathBuf::from)
        });
        if let Some(path) = explicit {
            return match tokio::fs::read_to_string(&path).await {
                Ok(text) => Ok((path, text)),
                Err(e) => Err(CredentialsError::file(NAME, &path, &e)),
            };
        }
        let home = self.config.environment().home().ok_or_else(|| {
            CredentialsError::not_configured(
                NAME,
                "no home directory (neither HOME nor USERPROFILE is set)",
            )
        })?;
        let dir = home.join(".alibabacloud");
        let candidates = [dir.join("credentials"), dir.join("credentials.ini")];
        for path in &candidates {
            match tokio::fs::read_to_string(path).await {
                Ok(text) => return Ok((path.clone(), text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(CredentialsError::file(NAME, path, &e)),
            }
        }
        Err(CredentialsError::not_configured(
            NAME,
            format!("{} does not exist", candidates[0].display()),
        ))
    }

    /// The provider of a profile section, by its `type`.
    fn provider(
        &self,
        path: &Path,
        section: &Section,
    ) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
        let at = |line: usize| format!("{NAME} {}:{line}", path.display());
        let get = |key: &'static str| {
            section.get(key).map(|(v, _)| v.to_owned()).ok_or_else(|| {
                CredentialsError::invalid(
                    at(section.line),
                    format!("profile [{}] has no `{key}`", section.name),
                )
            })
        };
        let optional = |key: &str| {
            section
                .get(key)
                .map(|(v, _)| v.to_owned())
                .filter(|v| !v.is_empty())
        };
        let kind = section.get("type");
        Ok(match kind.map(|(k, _)| k) {
            None | Some("access_key") => Arc::new(Credentials::new(
                get("access_key_id")?,
                get("access_key_secret")?,
            )),
            Some("sts") => Arc::new(
                Credentials::new(get("access_key_id")?, get("access_key_secret")?)
                    .with_security_token(get("security_token")?),
            ),
            Some("ecs_ram_role") => {
                let mut builder = EcsRamRoleProvider::builder().config(self.config.clone());
                if let Some(role) = optional("role_name") {
                    builder = builder.role_name(role);
                }
                Arc::new(builder.build())
            }
            Some("ram_role_arn") => {
                let source = Credentials::new(get("access_key_id")?, get("access_key_secret")?);
                let mut builder = RamRoleArnProvider::builder(source, get("role_arn")?)
                    .config(self.config.clone());
                if let Some(name) = optional("role_session_name") {
                    builder = builder.session_name(name);
                }
                if let Some(policy) = optional("policy") {
                    builder = builder.policy(policy);
                }
                Arc::new(builder.build())
            }
            Some("oidc_role_arn") => {
                let mut builder = OidcRoleArnProvider::builder()
                    .config(self.config.clone())
                    .role_arn(get("role_arn")?)
                    .oidc_provider_arn(get("oidc_provider_arn")?)
                    .token_file(get("oidc_token_file_path")?);
                if let Some(name) = optional("role_session_name") {
                    builder = builder.session_name(name);
                }
                if let Some(policy) = optional("policy") {
                    builder = builder.policy(policy);
                }
                Arc::new(builder.build())
            }
            Some(other) => {
                let line = kind.map_or(section.line, |(_, line)| line);
                return Err(CredentialsError::invalid(
                    at(line),
                    format!(
                        "profile [{}] has type `{other}`, which this SDK does not support (supported: {TYPES})",
                        section.name
                    ),
                ));
            }
        })
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move { self.inner().await?.provide_credentials().await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::{Env, Secret};
    use std::fs;

    /// A temporary home holding `.alibabacloud/<name>` with `text`.
    fn home_with(name: &str, text: &str) -> tempfile::TempDir {
        let home = tempfile::tempdir().expect("temp dir");
        let dir = home.path().join(".alibabacloud");
        fs::create_dir_all(&dir).expect("mkdir");
        fs::write(dir.join(name), text).expect("write");
        home
    }

    fn provider(home: &Path, extra: &[(&str, &str)]) -> ProfileProvider {
        let mut vars: Vec<(String, String)> =
            vec![("HOME".into(), home.to_string_lossy().into_owned())];
        vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        ProfileProvider::new(ProviderConfig::new().env(Env::from_vars(vars)))
    }

    #[tokio::test]
    async fn default_section_and_the_ini_name() {
        for name in ["credentials", "credentials.ini"] {
            let home = home_with(
                name,
                "[default]\nenable = true\ntype = access_key\naccess_key_id = pid\naccess_key_secret = psecret\n",
            );
            let c = provider(home.path(), &[])
                .provide_credentials()
                .await
                .expect(name);
            assert_eq!(c.access_key_id, "pid");
            assert_eq!(c.access_key_secret.expose_secret(), "psecret");
            assert!(c.security_token.is_none());
        }
    }

    #[tokio::test]
    async fn profile_named_by_environment_with_sts() {
        let home = home_with(
            "credentials",
            "[default]\naccess_key_id = a\naccess_key_secret = b\n[dev]\ntype = sts\naccess_key_id = sid\naccess_key_secret = ssecret\nsecurity_token = stoken\n",
        );
        let c = provider(home.path(), &[(env::PROFILE, "dev")])
            .provide_credentials()
            .await
            .expect("found");
        assert_eq!(c.access_key_id, "sid");
        assert_eq!(
            c.security_token.as_ref().map(Secret::expose_secret),
            Some("stoken")
        );
    }

    #[tokio::test]
    async fn errors_name_file_and_line_without_secrets() {
        let home = home_with(
            "credentials",
            "[default]\naccess_key_id = a\naccess_key_secret hunter2\n",
        );
        let msg = provider(home.path(), &[])
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(msg.contains("credentials:3"), "{msg}");
        assert!(!msg.contains("hunter2"), "{msg}");

        let home = home_with(
            "credentials",
            "[default]\ntype = sts\naccess_key_id = a\naccess_key_secret = hunter2\n",
        );
        let msg = provider(home.path(), &[])
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("security_token") && msg.contains("credentials:1:"),
            "{msg}"
        );
        assert!(!msg.contains("hunter2"), "{msg}");

        let home = home_with("credentials", "[default]\ntype = rsa_key_pair\n");
        let msg = provider(home.path(), &[])
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("`rsa_key_pair`") && msg.contains("credentials:2:"),
            "{msg}"
        );

        let home = home_with(
            "credentials",
            "[default]\naccess_key_id = a\naccess_key_secret = b\n",
        );
        let msg = provider(home.path(), &[(env::PROFILE, "prod")])
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(msg.contains("[prod]"), "{msg}");
    }

    #[tokio::test]
    async fn the_file_named_by_the_environment() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("elsewhere.ini");
        fs::write(
            &file,
            "[default]\naccess_key_id = fid\naccess_key_secret = fs\n",
        )
        .unwrap();
        let home = tempfile::tempdir().expect("temp dir");
        let c = provider(
            home.path(),
            &[(env::CREDENTIALS_FILE, &file.to_string_lossy())],
        )
        .provide_credentials()
        .await
        .expect("found");
        assert_eq!(c.access_key_id, "fid");
        let err = provider(
            home.path(),
            &[(env::CREDENTIALS_FILE, "/nonexistent/credentials")],
        )
        .provide_credentials()
        .await
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "credentials file /nonexistent/credentials: not found"
        );
    }

    #[tokio::test]
    async fn missing_file_is_not_configured_unless_named() {
        let home = tempfile::tempdir().expect("temp dir");
        let err = provider(home.path(), &[])
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(err.is_not_configured(), "{err}");
        let named = provider(home.path(), &[]).path(home.path().join("nope"));
        let err = named.provide_credentials().await.unwrap_err();
        assert!(!err.is_not_configured());
        assert!(err.to_string().ends_with("nope: not found"), "{err}");
    }
}
