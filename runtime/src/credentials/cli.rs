//! The Alibaba Cloud CLI's configuration, `~/.aliyun/config.json`
//! (`{"current": name, "profiles": [{"name", "mode", …}]}`), as the official libraries
//! read it (`credentials-protocol.md` §3).
//!
//! The file is the one given, else `$ALIBABA_CLOUD_CONFIG_FILE`, else
//! `~/.aliyun/config.json`; the profile the one given, else `$ALIBABA_CLOUD_PROFILE`,
//! else the file's `current`. `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` turns the
//! provider off. Modes:
//! - `AK`: `access_key_id`, `access_key_secret`;
//! - `StsToken`: the same plus `sts_token`;
//! - `RamRoleArn`: the AK fields plus `ram_role_arn`, `ram_session_name`; optional
//!   `expired_seconds`, `sts_region`, `enable_vpc`, `policy`, `external_id`,
//!   `sts_endpoint`;
//! - `EcsRamRole`: optional `ram_role_name`;
//! - `ChainableRamRoleArn`: `source_profile` (another profile of the file, whose
//!   credentials sign the `AssumeRole`), `ram_role_arn`, `ram_session_name`, and the
//!   optional fields of `RamRoleArn`;
//! - `OIDC`: `oidc_provider_arn`, `oidc_token_file`, `ram_role_arn`, `ram_session_name`
//!   (or `role_session_name`), optional `expired_seconds`, `policy`, `sts_region`,
//!   `enable_vpc`, `sts_endpoint`.
//!
//! Any other mode is an error naming it. The file is read once (with `tokio::fs`), on
//! first use.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};
use tokio::sync::OnceCell;

use super::config::ProviderConfig;
use super::ecs::EcsRamRoleProvider;
use super::env;
use super::failure::CredentialsError;
use super::oidc::OidcRoleArnProvider;
use super::ram_role::RamRoleArnProvider;
use super::{Credentials, ProvideCredentials};
use crate::transport::BoxFuture;

/// The provider's name in messages.
const NAME: &str = "CLI profile";
/// The modes this provider reads.
const MODES: &str = "AK, StsToken, RamRoleArn, EcsRamRole, ChainableRamRoleArn, OIDC";

/// Reads a profile of the CLI's `config.json` (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct CliProfileProvider {
    path: Option<PathBuf>,
    profile: Option<String>,
    config: ProviderConfig,
    inner: OnceCell<Arc<dyn ProvideCredentials>>,
}

impl CliProfileProvider {
    /// A provider locating the file and profile through `config`'s environment.
    pub fn new(config: ProviderConfig) -> Self {
        CliProfileProvider {
            config,
            ..CliProfileProvider::default()
        }
    }

    /// Reads this file instead of the one the environment points to.
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Reads this profile instead of the one the environment or the file names.
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    async fn load(&self) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
        let env = self.config.environment();
        if env.flag(env::CLI_PROFILE_DISABLED) {
            return Err(CredentialsError::not_configured(
                NAME,
                format!("turned off by {}=true", env::CLI_PROFILE_DISABLED),
            ));
        }
        let (path, text) = self.read().await?;
        let file = format!("{NAME} {}", path.display());
        let root: Value = serde_json::from_str(&text)
            .map_err(|e| CredentialsError::invalid(file.clone(), format!("not JSON: {e}")))?;
        let profiles = root
            .get("profiles")
            .and_then(Value::as_array)
            .ok_or_else(|| CredentialsError::invalid(file.clone(), "no `profiles` list"))?;
        let name = self
            .profile
            .clone()
            .or_else(|| env.var(env::PROFILE))
            .or_else(|| {
                root.get("current")
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
            })
            .ok_or_else(|| {
                CredentialsError::invalid(
                    file.clone(),
                    format!(
                        "no profile chosen: `current` is empty and {} is not set",
                        env::PROFILE
                    ),
                )
            })?;
        let reader = Reader {
            file,
            profiles,
            config: &self.config,
        };
        reader.provider(&name, &mut Vec::new())
    }

    /// The file's path and text; a default file that does not exist is "not
    /// configured", a file named explicitly must exist.
    async fn read(&self) -> Result<(PathBuf, String), CredentialsError> {
        let env = self.config.environment();
        let explicit = self
            .path
            .clone()
            .or_else(|| env.var(env::CONFIG_FILE).map(PathBuf::from));
        let (path, required) = match explicit {
            Some(path) => (path, true),
            None => {
                let home = env.home().ok_or_else(|| {
                    CredentialsError::not_configured(
                        NAME,
                        "no home directory (neither HOME nor USERPROFILE is set)",
                    )
                })?;
                (home.join(".aliyun").join("config.json"), false)
            }
        };
        match tokio::fs::read_to_string(&path).await {
            Ok(text) => Ok((path, text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                Err(CredentialsError::not_configured(
                    NAME,
                    format!("{} does not exist", path.display()),
                ))
            }
            Err(e) => Err(CredentialsError::file(NAME, &path, &e)),
        }
    }
}

/// Builds providers from the profiles of one file.
struct Reader<'a> {
    file: String,
    profiles: &'a [Value],
    config: &'a ProviderConfig,
}

/// One profile's fields, with what messages need to name it.
struct Profile<'a> {
    file: &'a str,
    name: &'a str,
    mode: &'a str,
    fields: &'a Map<String, Value>,
}

impl Profile<'_> {
    fn error(&self, message: String) -> CredentialsError {
        CredentialsError::invalid(
            self.file.to_owned(),
            format!("profile `{}` (mode {}): {message}", self.name, self.mode),
        )
    }

    /// A non-empty string field.
    fn optional(&self, key: &str) -> Result<Option<String>, CredentialsError> {
        match self.fields.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
            Some(_) => Err(self.error(format!("`{key}` is not a string"))),
        }
    }

    fn required(&self, key: &str) -> Result<String, CredentialsError> {
        self.optional(key)?
            .ok_or_else(|| self.error(format!("`{key}` is missing or empty")))
    }

    /// `expired_seconds`: a positive number (or a numeric string); 0 or absent is unset.
    fn seconds(&self) -> Result<Option<u64>, CredentialsError> {
        let bad = || self.error("`expired_seconds` is not a whole number of seconds".to_owned());
        match self.fields.get("expired_seconds") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n.as_u64().map(|s| (s > 0).then_some(s)).ok_or_else(bad),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s
                .trim()
                .parse::<u64>()
                .map(|s| (s > 0).then_some(s))
                .map_err(|_| bad()),
            Some(_) => Err(bad()),
        }
    }

    /// `enable_vpc`: a boolean (or `"true"`/`"false"`).
    fn vpc(&self) -> Result<Option<bool>, CredentialsError> {
        match self.fields.get("enable_vpc") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) => Ok(Some(s.trim().eq_ignore_ascii_case("true"))),
            Some(_) => Err(self.error("`enable_vpc` is not a boolean".to_owned())),
        }
    }

    /// The STS settings of the profile over the chain's.
    fn sts_config(&self, base: &ProviderConfig) -> Result<ProviderConfig, CredentialsError> {
        let mut config = base.clone();
        if let Some(region) = self.optional("sts_region")? {
            config = config.sts_region(region);
        }
        if let Some(vpc) = self.vpc()? {
            config = config.vpc_endpoints(vpc);
        }
        if let Some(endpoint) = self.optional("sts_endpoint")? {
            config = config.profile_sts_endpoint(endpoint);
        }
        Ok(config)
    }

    fn session_name(&self) -> Result<Option<String>, CredentialsError> {
        Ok(match self.optional("ram_session_name")? {
            Some(name) => Some(name),
            None => self.optional("role_session_name")?,
        })
    }

    /// A role assumed with `source`'s credentials, as this profile says.
    fn assume(
        &self,
        source: Arc<dyn ProvideCredentials>,
        base: &ProviderConfig,
    ) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
        let mut builder = RamRoleArnProvider::builder(source, self.required("ram_role_arn")?)
            .config(self.sts_config(base)?);
        if let Some(name) = self.session_name()? {
            builder = builder.session_name(name);
        }
        if let Some(seconds) = self.seconds()? {
            builder = builder.duration(Duration::from_secs(seconds));
        }
        if let Some(policy) = self.optional("policy")? {
            builder = builder.policy(policy);
        }
        if let Some(id) = self.optional("external_id")? {
            builder = builder.external_id(id);
        }
        Ok(Arc::new(builder.build()))
    }
}

impl Reader<'_> {
    /// The provider of profile `name`; `seen` holds the profiles of a source chain.
    fn provider(
        &self,
        name: &str,
        seen: &mut Vec<String>,
    ) -> Result<Arc<dyn ProvideCredentials>, CredentialsError> {
        if seen.iter().any(|s| s == name) {
            seen.push(name.to_owned());
            return Err(CredentialsError::invalid(
                self.file.clone(),
                format!("the source profiles form a cycle: {}", seen.join(" → ")),
            ));
        }
        seen.push(name.to_owned());
        let fields = self
            .profiles
            .iter()
            .filter_map(Value::as_object)
            .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
            .ok_or_else(|| {
                CredentialsError::invalid(self.file.clone(), format!("no profile `{name}`"))
            })?;
        let mode = fields.get("mode").and_then(Value::as_str).unwrap_or("");
        let profile = Profile {
            file: &self.file,
            name,
            mode,
            fields,
        };
        let static_keys = || -> Result<Credentials, CredentialsError> {
            Ok(Credentials::new(
                profile.required("access_key_id")?,
                profile.required("access_key_secret")?,
            ))
        };
        Ok(match mode {
            "AK" => Arc::new(static_keys()?),
            "StsToken" => Arc::new(static_keys()?.with_security_token(profile.required("sts_token")?)),
            "RamRoleArn" => profile.assume(Arc::new(static_keys()?), self.config)?,
            "EcsRamRole" => {
                let mut builder = EcsRamRoleProvider::builder().config(self.config.clone());
                if let Some(role) = profile.optional("ram_role_name")? {
                    builder = builder.role_name(role);
                }
                Arc::new(builder.build())
            }
            "ChainableRamRoleArn" => {
                let source_name = profile.required("source_profile")?;
                let source = self.provider(&source_name, seen)?;
                profile.assume(source, self.config)?
            }
            "OIDC" => {
                let mut builder = OidcRoleArnProvider::builder()
                    .config(profile.sts_config(self.config)?)
                    .role_arn(profile.required("ram_role_arn")?)
                    .oidc_provider_arn(profile.required("oidc_provider_arn")?)
                    .token_file(profile.required("oidc_token_file")?);
                if let Some(name) = profile.session_name()? {
                    builder = builder.session_name(name);
                }
                if let Some(seconds) = profile.seconds()? {
                    builder = builder.duration(Duration::from_secs(seconds));
                }
                if let Some(policy) = profile.optional("policy")? {
                    builder = builder.policy(policy);
                }
                Arc::new(builder.build())
            }
            "" => return Err(profile.error("no `mode`".to_owned())),
            other => {
                return Err(CredentialsError::invalid(
                    self.file.clone(),
                    format!(
                        "profile `{name}` has mode `{other}`, which this SDK does not support (supported: {MODES})"
                    ),
                ))
            }
        })
    }
}

impl ProvideCredentials for CliProfileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            self.inner
                .get_or_try_init(|| self.load())
                .await?
                .provide_credentials()
                .await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::{Env, Secret};

    fn provider_for(json: &str, extra: &[(&str, &str)]) -> (tempfile::TempDir, CliProfileProvider) {
        let home = tempfile::tempdir().expect("temp dir");
        let dir = home.path().join(".aliyun");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("config.json"), json).expect("write");
        let mut vars: Vec<(String, String)> =
            vec![("HOME".into(), home.path().to_string_lossy().into_owned())];
        vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let provider = CliProfileProvider::new(ProviderConfig::new().env(Env::from_vars(vars)));
        (home, provider)
    }

    const CONFIG: &str = r#"{
        "current": "ak",
        "profiles": [
            {"name": "ak", "mode": "AK", "access_key_id": "akid", "access_key_secret": "aksecret"},
            {"name": "sts", "mode": "StsToken", "access_key_id": "stsid", "access_key_secret": "stssecret", "sts_token": "ststoken"},
            {"name": "sso", "mode": "CloudSSO"},
            {"name": "loop1", "mode": "ChainableRamRoleArn", "source_profile": "loop2", "ram_role_arn": "acs:ram::1:role/a"},
            {"name": "loop2", "mode": "ChainableRamRoleArn", "source_profile": "loop1", "ram_role_arn": "acs:ram::1:role/b"},
            {"name": "half", "mode": "RamRoleArn", "access_key_id": "x", "access_key_secret": "hunter2"}
        ],
        "meta_path": ""
    }"#;

    #[tokio::test]
    async fn current_profile_and_named_profiles() {
        let (_home, provider) = provider_for(CONFIG, &[]);
        let c = provider.provide_credentials().await.unwrap();
        assert_eq!(c.access_key_id, "akid");
        let (_home, provider) = provider_for(CONFIG, &[(env::PROFILE, "sts")]);
        let c = provider.provide_credentials().await.unwrap();
        assert_eq!(
            c.security_token.as_ref().map(Secret::expose_secret),
            Some("ststoken")
        );
    }

    #[tokio::test]
    async fn unsupported_modes_cycles_and_missing_fields_are_named() {
        let (_home, provider) = provider_for(CONFIG, &[]);
        let err = provider
            .profile("sso")
            .provide_credentials()
            .await
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("CLI profile ") && msg.contains("config.json"),
            "{msg}"
        );
        assert!(
            msg.contains("profile `sso` has mode `CloudSSO`, which this SDK does not support"),
            "{msg}"
        );

        let (_home, provider) = provider_for(CONFIG, &[]);
        let msg = provider
            .profile("loop1")
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(msg.contains("loop1 → loop2 → loop1"), "{msg}");

        let (_home, provider) = provider_for(CONFIG, &[]);
        let msg = provider
            .profile("half")
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("profile `half` (mode RamRoleArn): `ram_role_arn` is missing"),
            "{msg}"
        );
        assert!(!msg.contains("hunter2"), "{msg}");
    }

    #[tokio::test]
    async fn the_file_named_by_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cli.json");
        std::fs::write(&file, CONFIG).unwrap();
        let (_home, provider) = provider_for("{}", &[(env::CONFIG_FILE, &file.to_string_lossy())]);
        assert_eq!(
            provider.provide_credentials().await.unwrap().access_key_id,
            "akid"
        );
        let (_home, provider) =
            provider_for(CONFIG, &[(env::CONFIG_FILE, "/nonexistent/config.json")]);
        let err = provider.provide_credentials().await.unwrap_err();
        assert!(!err.is_not_configured());
        assert_eq!(
            err.to_string(),
            "CLI profile /nonexistent/config.json: not found"
        );
    }

    #[tokio::test]
    async fn absent_disabled_and_broken_files() {
        let home = tempfile::tempdir().unwrap();
        let provider = CliProfileProvider::new(ProviderConfig::new().env(Env::from_vars([(
            "HOME",
            home.path().to_string_lossy().into_owned(),
        )])));
        assert!(provider
            .provide_credentials()
            .await
            .unwrap_err()
            .is_not_configured());

        let (_home, provider) = provider_for(CONFIG, &[(env::CLI_PROFILE_DISABLED, "true")]);
        let err = provider.provide_credentials().await.unwrap_err();
        assert!(err.is_not_configured() && err.to_string().contains(env::CLI_PROFILE_DISABLED));

        let (_home, provider) = provider_for(
            "{\"profiles\": [\n{\"name\": \"x\" \"mode\": \"AK\"}]}",
            &[],
        );
        let msg = provider
            .provide_credentials()
            .await
            .unwrap_err()
            .to_string();
        assert!(msg.contains("not JSON") && msg.contains("line 2"), "{msg}");
    }
}
