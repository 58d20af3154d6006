//! The credentials providers end to end, against the emulator's stand-ins for STS, the
//! ECS metadata service and a credentials URI (its credentials port, reached through
//! `ALIBABA_CLOUD_STS_ENDPOINT`, `ALIBABA_CLOUD_ECS_METADATA_ENDPOINT` and
//! `ALIBABA_CLOUD_CREDENTIALS_URI`, set in a fixed environment, never the process's).
//!
//! One test per provider of the default chain, each ending with a DataWorks call the
//! emulator verifies (signature, and for temporary credentials their security token and
//! expiry); the refresh across expiry with an injected clock; 50 concurrent calls at
//! expiry causing one refresh; a failed refresh while the cached credentials are valid
//! (used, one warning) and after they expired (an error, nothing sent); the metadata
//! service down falling through to the next provider; a hardened metadata service
//! without a token; STS `NoPermission`; and no secret in any message, log line or
//! `Debug` output. No test contacts a real metadata service or STS host: every
//! endpoint is 127.0.0.1.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use dataworks_emulator::{Emulator, OidcProvider, Role};
use dataworks_public::prelude::*;
use dataworks_public::runtime::credentials::{
    env, CredentialsCache, CredentialsError, DefaultChain, EcsRamRoleProvider, Env, ManualClock,
    ProvideCredentials, ProviderConfig, RamRoleArnProvider,
};
use dataworks_public::runtime::{BoxFuture, ClientBuilder, RateLimits};
use dataworks_public::Credentials;
use dwgen_tests::tap::Tap;

const KEY_ID: &str = "testid";
const SECRET: &str = "testsecret-do-not-log";
const ACCOUNT: &str = "1234567890";
const ROLE: &str = "acs:ram::1234567890:role/deployer";
const LOCKED_ROLE: &str = "acs:ram::1234567890:role/locked";
const EXTERNAL_ROLE: &str = "acs:ram::1234567890:role/partner";
const OIDC_ARN: &str = "acs:ram::1234567890:oidc-provider/ack-rrsa";
const OIDC_TOKEN: &str = "eyJ-the-oidc-token-do-not-log";
const INSTANCE_ROLE: &str = "EcsInstanceRole";

async fn emulator() -> Emulator {
    emulator_with(Emulator::builder()).await
}

async fn emulator_with(builder: dataworks_emulator::EmulatorBuilder) -> Emulator {
    // The DataWorks calls here name a folder nobody created: no DataStudio state.
    builder
        .key(KEY_ID, SECRET)
        .quotas(false)
        .state(false)
        .role(Role::new(ROLE).max_session(Duration::from_secs(7200)))
        .role(Role::new(LOCKED_ROLE).trust("someone-else"))
        .role(Role::new(EXTERNAL_ROLE).external_id("partner-id-42"))
        .oidc_provider(OidcProvider::with_token(OIDC_ARN, OIDC_TOKEN))
        .instance_role(INSTANCE_ROLE)
        .start()
        .await
        .expect("emulator")
}

/// A fixed environment: an empty home, the metadata service off (tests that want it
/// point it at the emulator), and `extra`.
fn environment(home: &Path, extra: &[(&str, String)]) -> Env {
    let mut vars: Vec<(String, String)> = vec![
        ("HOME".into(), home.to_string_lossy().into_owned()),
        (env::ECS_METADATA_DISABLED.into(), "true".into()),
    ];
    for (name, value) in extra {
        vars.retain(|(k, _)| k != name);
        vars.push(((*name).to_owned(), value.clone()));
    }
    Env::from_vars(vars)
}

/// A client of the emulator's DataWorks port, pacing off.
fn client_of(emulator: &Emulator, tap: &Tap) -> ClientBuilder {
    Client::builder()
        .region("cn-shanghai")
        .endpoint(emulator.endpoint())
        .transport(tap.clone())
        .rate_limits(RateLimits::disabled())
}

/// One DataWorks call.
async fn call(
    client: &Client,
) -> Result<(), SdkError<dataworks_public::data_development::GetFolderError>> {
    client
        .get_folder()
        .project_id(10000)
        .folder_path("Business")
        .send()
        .await
        .map(|_| ())
}

/// The whole error: each level and its causes.
fn report(err: &SdkError<dataworks_public::data_development::GetFolderError>) -> String {
    dataworks_public::runtime::DisplayErrorContext(err).to_string()
}

/// The AccessKey id that signed the last request to the emulator's DataWorks port.
fn last_signer(tap: &Tap, emulator: &Emulator) -> String {
    let port = format!(":{}/", emulator.addr().port());
    let sent = tap.requests();
    let request = sent
        .iter()
        .rev()
        .find(|r| r.url.contains(&port))
        .expect("a DataWorks request was sent");
    let authorization = request.header("authorization").expect("V3 authorization");
    authorization
        .split("Credential=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("a credential")
        .to_owned()
}

fn accepted_for(emulator: &Emulator, account: &str) -> u64 {
    emulator
        .stats()
        .accounts
        .get(account)
        .map_or(0, |a| a.accepted)
}

#[tokio::test]
async fn environment_keys_sign_the_call() {
    let emulator = emulator().await;
    let home = tempfile::tempdir().unwrap();
    let tap = Tap::new();
    let env = environment(
        home.path(),
        &[
            (env::ACCESS_KEY_ID, KEY_ID.into()),
            (env::ACCESS_KEY_SECRET, SECRET.into()),
        ],
    );
    let client = client_of(&emulator, &tap).env(env).build().unwrap();
    call(&client).await.expect("accepted");
    assert_eq!(last_signer(&tap, &emulator), KEY_ID);
}

#[tokio::test]
async fn oidc_assumes_the_role_and_reads_the_token_file_at_every_refresh() {
    let emulator = emulator().await;
    let home = tempfile::tempdir().unwrap();
    let token_file = home.path().join("oidc-token");
    std::fs::write(&token_file, format!("{OIDC_TOKEN}\n")).unwrap();
    let env = environment(
        home.path(),
        &[
            (env::ROLE_ARN, ROLE.into()),
            (env::OIDC_PROVIDER_ARN, OIDC_ARN.into()),
            (
                env::OIDC_TOKEN_FILE,
                token_file.to_string_lossy().into_owned(),
            ),
            (env::ROLE_SESSION_NAME, "pod-1".into()),
            (
                env::STS_ENDPOINT,
                emulator.credentials_endpoint().to_owned(),
            ),
        ],
    );
    let tap = Tap::new();
    let clock = ManualClock::new(SystemTime::now());
    let chain = DefaultChain::builder()
        .config(ProviderConfig::new().env(env).transport(tap.clone()))
        .build();
    let cache = CredentialsCache::builder(chain)
        .clock(clock.clone())
        .build();
    let client = client_of(&emulator, &tap)
        .credentials_cache(cache)
        .build()
        .unwrap();
    call(&client)
        .await
        .expect("accepted with the role's credentials");
    assert!(last_signer(&tap, &emulator).starts_with("STS."));
    assert_eq!(
        accepted_for(&emulator, ACCOUNT),
        1,
        "counted against the role's account"
    );
    let assume = tap
        .sent()
        .into_iter()
        .find(|s| {
            s.query
                .iter()
                .any(|(k, v)| k == "Action" && v == "AssumeRoleWithOIDC")
        })
        .expect("an AssumeRoleWithOIDC");
    assert_eq!(
        assume.param("RoleSessionName"),
        Some("pod-1"),
        "ALIBABA_CLOUD_ROLE_SESSION_NAME"
    );
    assert_eq!(
        assume.param("OIDCToken"),
        Some(OIDC_TOKEN),
        "the file's token, trimmed"
    );

    // The cluster rotates the token: the next refresh reads the file again.
    std::fs::write(&token_file, "a-rotated-token-sts-refuses").unwrap();
    clock.advance(Duration::from_secs(3600));
    emulator.advance_credential_clock(Duration::from_secs(3600));
    let err = call(&client).await.expect_err("STS refuses the new token");
    let text = report(&err);
    assert!(
        text.contains("STS AssumeRoleWithOIDC: AuthenticationFail.OIDCToken.Invalid"),
        "{text}"
    );
    std::fs::write(&token_file, OIDC_TOKEN).unwrap();
    call(&client).await.expect("accepted again");
    assert_eq!(emulator.credential_stats().assume_role_with_oidc, 2);
}

#[tokio::test]
async fn cli_profiles_in_each_mode() {
    let emulator = emulator().await;
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".aliyun");
    std::fs::create_dir_all(&dir).unwrap();
    let token_file = home.path().join("token");
    std::fs::write(&token_file, OIDC_TOKEN).unwrap();
    let config = serde_json::json!({
        "current": "role",
        "profiles": [
            {"name": "ak", "mode": "AK", "access_key_id": KEY_ID, "access_key_secret": SECRET},
            {"name": "role", "mode": "RamRoleArn", "access_key_id": KEY_ID, "access_key_secret": SECRET,
             "ram_role_arn": ROLE, "ram_session_name": "cli", "expired_seconds": 900},
            {"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "role",
             "ram_role_arn": EXTERNAL_ROLE, "ram_session_name": "chained", "external_id": "partner-id-42"},
            {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": INSTANCE_ROLE},
            {"name": "oidc", "mode": "OIDC", "ram_role_arn": ROLE, "oidc_provider_arn": OIDC_ARN,
             "oidc_token_file": token_file.to_string_lossy(), "ram_session_name": "oidc"},
            {"name": "sso", "mode": "CloudSSO"}
        ],
        "meta_path": ""
    });
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    let endpoints = |profile: &str| {
        environment(
            home.path(),
            &[
                (env::PROFILE, profile.into()),
                (env::STS_ENDPOINT, emulator.credentials_endpoint().into()),
                (
                    env::ECS_METADATA_ENDPOINT,
                    emulator.credentials_endpoint().into(),
                ),
                (env::ECS_METADATA_DISABLED, "false".into()),
            ],
        )
    };
    for (profile, temporary) in [
        ("ak", false),
        ("role", true),
        ("chained", true),
        ("ecs", true),
        ("oidc", true),
    ] {
        let tap = Tap::new();
        let client = client_of(&emulator, &tap)
            .env(endpoints(profile))
            .build()
            .unwrap();
        call(&client)
            .await
            .unwrap_or_else(|e| panic!("profile {profile}: {e}"));
        assert_eq!(
            last_signer(&tap, &emulator).starts_with("STS."),
            temporary,
            "{profile}"
        );
    }
    let stats = emulator.credential_stats();
    assert_eq!(
        stats.assume_role, 3,
        "role, and chained (its source, then its own)"
    );
    assert_eq!(
        (stats.metadata_credentials, stats.assume_role_with_oidc),
        (1, 1)
    );

    // An unsupported mode is named; the chain goes on and says why each provider failed.
    let tap = Tap::new();
    let client = client_of(&emulator, &tap)
        .env(environment(home.path(), &[(env::PROFILE, "sso".into())]))
        .build()
        .unwrap();
    let text = report(&call(&client).await.expect_err("no provider"));
    assert!(
        text.contains("profile `sso` has mode `CloudSSO`, which this SDK does not support"),
        "{text}"
    );
    assert!(tap.requests().is_empty(), "nothing sent");
}

#[tokio::test]
async fn ini_file_profiles_of_each_type() {
    let emulator = emulator().await;
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".alibabacloud");
    std::fs::create_dir_all(&dir).unwrap();
    let token_file = home.path().join("token");
    std::fs::write(&token_file, OIDC_TOKEN).unwrap();
    let ini = format!(
        "[default]\ntype = access_key\naccess_key_id = {KEY_ID}\naccess_key_secret = {SECRET}\n\n\
         [role]\ntype = ram_role_arn\naccess_key_id = {KEY_ID}\naccess_key_secret = {SECRET}\nrole_arn = {ROLE}\nrole_session_name = ini\n\n\
         [ecs]\ntype = ecs_ram_role\nrole_name = {INSTANCE_ROLE}\n\n\
         [oidc]\ntype = oidc_role_arn\nrole_arn = {ROLE}\noidc_provider_arn = {OIDC_ARN}\noidc_token_file_path = {}\nrole_session_name = ini-oidc\n",
        token_file.display()
    );
    std::fs::write(dir.join("credentials"), ini).unwrap();
    for (profile, temporary) in [
        ("default", false),
        ("role", true),
        ("ecs", true),
        ("oidc", true),
    ] {
        let env = environment(
            home.path(),
            &[
                (env::PROFILE, profile.into()),
                (env::STS_ENDPOINT, emulator.credentials_endpoint().into()),
                (
                    env::ECS_METADATA_ENDPOINT,
                    emulator.credentials_endpoint().into(),
                ),
                (env::ECS_METADATA_DISABLED, "false".into()),
            ],
        );
        let tap = Tap::new();
        let client = client_of(&emulator, &tap).env(env).build().unwrap();
        call(&client)
            .await
            .unwrap_or_else(|e| panic!("profile {profile}: {e}"));
        assert_eq!(
            last_signer(&tap, &emulator).starts_with("STS."),
            temporary,
            "{profile}"
        );
    }
    let stats = emulator.credential_stats();
    assert_eq!(
        (
            stats.assume_role,
            stats.metadata_credentials,
            stats.assume_role_with_oidc
        ),
        (1, 1, 1)
    );
}

#[tokio::test]
async fn ecs_ram_role_with_a_session_token_and_role_discovery() {
    // Hardened: the metadata service answers only requests with a session token.
    let emulator = emulator_with(Emulator::builder().metadata_hardened(true)).await;
    let home = tempfile::tempdir().unwrap();
    let env = environment(
        home.path(),
        &[
            (env::ECS_METADATA_DISABLED, "false".into()),
            (
                env::ECS_METADATA_ENDPOINT,
                emulator.credentials_endpoint().into(),
            ),
        ],
    );
    let tap = Tap::new();
    let client = client_of(&emulator, &tap).env(env).build().unwrap();
    call(&client)
        .await
        .expect("accepted with the instance role's credentials");
    assert!(last_signer(&tap, &emulator).starts_with("STS."));
    let stats = emulator.credential_stats();
    assert_eq!((stats.metadata_credentials, stats.refused), (1, 0));
    assert!(stats.metadata_tokens >= 1);
    let paths: Vec<String> = tap.requests().iter().map(|r| r.url.clone()).collect();
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("/latest/meta-data/ram/security-credentials/")),
        "the role name was discovered: {paths:?}"
    );

    // With ALIBABA_CLOUD_ECS_METADATA naming the role, nothing is discovered.
    let env = environment(
        home.path(),
        &[
            (env::ECS_METADATA_DISABLED, "false".into()),
            (
                env::ECS_METADATA_ENDPOINT,
                emulator.credentials_endpoint().into(),
            ),
            (env::ECS_METADATA, INSTANCE_ROLE.into()),
        ],
    );
    let tap = Tap::new();
    let client = client_of(&emulator, &tap).env(env).build().unwrap();
    call(&client).await.expect("accepted");
    let paths: Vec<String> = tap.requests().iter().map(|r| r.url.clone()).collect();
    assert!(
        !paths.iter().any(|p| p.ends_with("/security-credentials/")),
        "{paths:?}"
    );
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with(&format!("/security-credentials/{INSTANCE_ROLE}"))),
        "{paths:?}"
    );
}

#[tokio::test]
async fn credentials_uri() {
    let emulator = emulator().await;
    let home = tempfile::tempdir().unwrap();
    let uri = format!("{}?key=uri-secret-do-not-log", emulator.credentials_uri());
    let env = environment(home.path(), &[(env::CREDENTIALS_URI, uri)]);
    let tap = Tap::new();
    let client = client_of(&emulator, &tap).env(env).build().unwrap();
    call(&client).await.expect("accepted");
    assert!(last_signer(&tap, &emulator).starts_with("STS."));
    assert_eq!(emulator.credential_stats().uri_credentials, 1);
}

#[tokio::test]
async fn ram_role_arn_over_the_ecs_role_with_session_duration_policy_and_external_id() {
    let emulator = emulator().await;
    let tap = Tap::new();
    let config = ProviderConfig::new()
        .env(Env::from_vars([("HOME", "/nonexistent")]))
        .transport(tap.clone())
        .sts_endpoint(emulator.credentials_endpoint())
        .metadata_endpoint(emulator.credentials_endpoint());
    let ecs = EcsRamRoleProvider::builder().config(config.clone()).build();
    let role = |external_id: &str| {
        RamRoleArnProvider::builder(ecs.clone(), EXTERNAL_ROLE)
            .config(config.clone())
            .session_name("nightly-deploy")
            .duration(Duration::from_secs(1800))
            .policy(r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"dataworks:*","Resource":"*"}]}"#)
            .external_id(external_id)
            .build()
    };
    let client = client_of(&emulator, &tap)
        .credentials_provider(role("partner-id-42"))
        .build()
        .unwrap();
    call(&client).await.expect("accepted");
    assert!(last_signer(&tap, &emulator).starts_with("STS."));
    let assume = tap
        .sent()
        .into_iter()
        .find(|s| {
            s.query
                .iter()
                .any(|(k, v)| k == "Action" && v == "AssumeRole")
        })
        .expect("an AssumeRole");
    assert_eq!(assume.param("RoleSessionName"), Some("nightly-deploy"));
    assert_eq!(assume.param("DurationSeconds"), Some("1800"));
    assert_eq!(assume.param("ExternalId"), Some("partner-id-42"));
    assert!(assume
        .param("Policy")
        .is_some_and(|p| p.contains("dataworks:*")));
    assert!(
        assume.query.iter().any(|(k, _)| k == "SecurityToken"),
        "signed with the ECS role's temporary credentials and their token"
    );

    let client = client_of(&emulator, &tap)
        .credentials_provider(role("wrong"))
        .build()
        .unwrap();
    let text = report(&call(&client).await.expect_err("wrong external id"));
    assert!(
        text.contains("STS AssumeRole: NoPermission (HTTP 403)"),
        "{text}"
    );
}

/// A client over `RamRoleArn` (source: the long-term key) through a cache on `clock`.
fn role_client(emulator: &Emulator, tap: &Tap, clock: &ManualClock, role: &str) -> Client {
    let provider = RamRoleArnProvider::builder(Credentials::new(KEY_ID, SECRET), role)
        .config(
            ProviderConfig::new()
                .env(Env::from_vars([("HOME", "/nonexistent")]))
                .transport(tap.clone()),
        )
        .sts_endpoint(emulator.credentials_endpoint())
        .session_name("refresh-test")
        .build();
    let cache = CredentialsCache::builder(provider)
        .clock(clock.clone())
        .build();
    client_of(emulator, tap)
        .credentials_cache(cache)
        .build()
        .unwrap()
}

#[tokio::test]
async fn after_expiry_the_next_call_carries_new_keys() {
    let emulator = emulator().await;
    let tap = Tap::new();
    let clock = ManualClock::new(SystemTime::now());
    let client = role_client(&emulator, &tap, &clock, ROLE);
    call(&client).await.expect("first call");
    let first = last_signer(&tap, &emulator);
    call(&client).await.expect("second call, same credentials");
    assert_eq!(last_signer(&tap, &emulator), first);
    assert_eq!(emulator.credential_stats().assume_role, 1);

    // An hour later (STS's default session), on both clocks.
    clock.advance(Duration::from_secs(3601));
    emulator.advance_credential_clock(Duration::from_secs(3601));
    call(&client).await.expect("the call after expiry");
    let second = last_signer(&tap, &emulator);
    assert!(
        second.starts_with("STS.") && second != first,
        "{first} then {second}"
    );
    assert_eq!(emulator.credential_stats().assume_role, 2);
    assert_eq!(
        emulator
            .stats()
            .rejections
            .get("Emulator.SecurityTokenExpired"),
        None
    );
}

#[tokio::test]
async fn fifty_concurrent_calls_at_expiry_cause_one_refresh() {
    let emulator = emulator().await;
    let tap = Tap::new();
    let clock = ManualClock::new(SystemTime::now());
    let client = role_client(&emulator, &tap, &clock, ROLE);
    call(&client).await.expect("first call");
    clock.advance(Duration::from_secs(3600));
    emulator.advance_credential_clock(Duration::from_secs(3600));
    let calls: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { call(&client).await })
        })
        .collect();
    for task in calls {
        task.await.unwrap().expect("accepted");
    }
    assert_eq!(
        emulator.credential_stats().assume_role,
        2,
        "one refresh for 50 calls"
    );
    assert_eq!(accepted_for(&emulator, ACCOUNT), 51);
}

/// A source of long-term keys that can be made to fail.
#[derive(Debug, Default)]
struct Flaky {
    failing: AtomicBool,
}

impl ProvideCredentials for Flaky {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            if self.failing.load(Ordering::SeqCst) {
                Err(CredentialsError::unavailable("vault", "sealed"))
            } else {
                Ok(Credentials::new(KEY_ID, SECRET))
            }
        })
    }
}

#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    /// Records every event (all levels) of this thread while the guard lives.
    fn capture(&self) -> tracing::subscriber::DefaultGuard {
        let writer = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_default(subscriber)
    }
}

#[tokio::test]
async fn a_failed_refresh_uses_valid_credentials_with_one_warning_and_never_expired_ones() {
    let emulator = emulator().await;
    let logs = Logs::default();
    let _guard = logs.capture();
    let tap = Tap::new();
    let clock = ManualClock::new(SystemTime::now());
    let source = Arc::new(Flaky::default());
    let provider = RamRoleArnProvider::builder(source.clone(), ROLE)
        .config(
            ProviderConfig::new()
                .env(Env::from_vars([("HOME", "/nonexistent")]))
                .transport(tap.clone()),
        )
        .sts_endpoint(emulator.credentials_endpoint())
        .build();
    let cache = CredentialsCache::builder(provider)
        .clock(clock.clone())
        .build();
    let client = client_of(&emulator, &tap)
        .credentials_cache(cache)
        .build()
        .unwrap();
    call(&client).await.expect("first call");
    let first = last_signer(&tap, &emulator);

    // Within the refresh margin, the source fails: 10 concurrent calls go on with the
    // cached credentials, after one failed refresh and one warning.
    source.failing.store(true, Ordering::SeqCst);
    clock.advance(Duration::from_secs(3600 - 120));
    let calls: Vec<_> = (0..10).map(|_| call(&client)).collect();
    for result in futures_util::future::join_all(calls).await {
        result.expect("cached credentials are still valid");
    }
    assert_eq!(last_signer(&tap, &emulator), first);
    let text = logs.text();
    assert_eq!(
        text.matches("refreshing credentials failed; using the cached ones")
            .count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("WARN") && text.contains("vault: sealed"),
        "{text}"
    );

    // Past expiry nothing is sent: the call fails with the refresh's error.
    clock.advance(Duration::from_secs(120));
    let sent = tap.requests().len();
    let err = call(&client).await.expect_err("expired and not refreshed");
    assert!(matches!(err, SdkError::Credentials(_)), "{err:?}");
    assert!(report(&err).contains("vault: sealed"), "{err}");
    assert_eq!(
        tap.requests().len(),
        sent,
        "nothing sent with expired credentials"
    );
    assert_eq!(emulator.credential_stats().assume_role, 1);
}

#[tokio::test]
async fn the_metadata_service_down_falls_through_to_the_next_provider() {
    let emulator = emulator().await;
    // A port that was just free: nothing listens there.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let home = tempfile::tempdir().unwrap();
    let env = environment(
        home.path(),
        &[
            (env::ECS_METADATA_DISABLED, "false".into()),
            (env::ECS_METADATA_ENDPOINT, format!("http://{closed}")),
            (env::CREDENTIALS_URI, emulator.credentials_uri()),
        ],
    );
    let tap = Tap::new();
    let chain = Arc::new(
        DefaultChain::builder()
            .config(ProviderConfig::new().env(env).transport(tap.clone()))
            .build(),
    );
    let client = client_of(&emulator, &tap)
        .credentials_provider(chain.clone())
        .build()
        .unwrap();
    call(&client)
        .await
        .expect("accepted with the URI's credentials");
    assert_eq!(chain.chosen_provider(), Some("credentials URI"));
    assert!(
        tap.requests()
            .iter()
            .any(|r| r.url.contains(&closed.to_string())),
        "the metadata service was tried first"
    );
}

#[tokio::test]
async fn a_hardened_metadata_service_without_a_token_fails() {
    // The instance refuses tokens and answers no request without one.
    let emulator = emulator_with(
        Emulator::builder()
            .metadata_hardened(true)
            .metadata_tokens(false),
    )
    .await;
    let tap = Tap::new();
    let config = ProviderConfig::new()
        .env(Env::from_vars([("HOME", "/nonexistent")]))
        .transport(tap.clone())
        .metadata_endpoint(emulator.credentials_endpoint());
    // The provider tries without a token, and is refused.
    let provider = EcsRamRoleProvider::builder().config(config.clone()).build();
    let text = provider
        .provide_credentials()
        .await
        .expect_err("refused")
        .to_string();
    assert!(
        text.starts_with("ECS metadata: GET http://127.0.0.1:"),
        "{text}"
    );
    assert!(
        text.contains("answered HTTP 401") && text.contains("may require a token"),
        "{text}"
    );
    // Hardened on the client too: no request goes out without a token.
    let before = tap.requests().len();
    let provider = EcsRamRoleProvider::builder()
        .config(config)
        .imdsv1_disabled(true)
        .build();
    let client = client_of(&emulator, &tap)
        .credentials_provider(provider)
        .build()
        .unwrap();
    let text = report(&call(&client).await.expect_err("no token"));
    assert!(
        text.contains("ECS metadata: no metadata token (IMDSv2), which is required because IMDSv1 is disabled"),
        "{text}"
    );
    assert!(text.contains("answered HTTP 403"), "{text}");
    let after: Vec<String> = tap.requests()[before..]
        .iter()
        .map(|r| r.url.clone())
        .collect();
    assert!(
        after.iter().all(|u| u.ends_with("/latest/api/token")),
        "{after:?}"
    );
    assert_eq!(emulator.stats().accepted, 0);

    // Through the environment variable, and an instance without a role.
    let plain = Emulator::builder().state(false).start().await.unwrap();
    let env = Env::from_vars([
        (
            env::ECS_METADATA_ENDPOINT,
            plain.credentials_endpoint().to_owned(),
        ),
        (env::IMDSV1_DISABLED, "true".to_owned()),
    ]);
    let provider = EcsRamRoleProvider::builder()
        .config(ProviderConfig::new().env(env).transport(Tap::new()))
        .build();
    let text = provider
        .provide_credentials()
        .await
        .expect_err("no role")
        .to_string();
    assert_eq!(text, "ECS metadata: no RAM role attached to this instance");
}

#[tokio::test]
async fn sts_no_permission_is_reported_clearly_and_nothing_is_sent() {
    let emulator = emulator().await;
    let tap = Tap::new();
    let clock = ManualClock::new(SystemTime::now());
    let client = role_client(&emulator, &tap, &clock, LOCKED_ROLE);
    let err = call(&client).await.expect_err("not allowed");
    let SdkError::Credentials(inner) = &err else {
        panic!("a credentials error: {err:?}")
    };
    let sts = inner.sts_error().expect("STS's error");
    assert_eq!((sts.status, sts.code.as_str()), (403, "NoPermission"));
    let text = report(&err);
    assert!(
        text.contains(
            "STS AssumeRole: NoPermission (HTTP 403): You are not authorized to do this action"
        ),
        "{text}"
    );
    assert!(
        text.contains(LOCKED_ROLE) && text.contains("request id"),
        "{text}"
    );
    assert_eq!(
        emulator.stats().accepted + emulator.stats().rejected,
        0,
        "no DataWorks call"
    );
}

#[tokio::test]
async fn secrets_never_appear_in_messages_logs_or_debug() {
    let emulator = emulator().await;
    let logs = Logs::default();
    let _guard = logs.capture();
    let home = tempfile::tempdir().unwrap();
    let token_file = home.path().join("token");
    std::fs::write(&token_file, OIDC_TOKEN).unwrap();
    let uri_secret = "uri-secret-do-not-log";
    let mut shown: Vec<String> = Vec::new();
    let mut issued: Vec<Credentials> = Vec::new();

    // Successful flows: OIDC, the metadata service, the URI, an assumed role.
    let base = [
        (
            env::STS_ENDPOINT,
            emulator.credentials_endpoint().to_owned(),
        ),
        (
            env::ECS_METADATA_ENDPOINT,
            emulator.credentials_endpoint().to_owned(),
        ),
    ];
    let flows: Vec<Vec<(&str, String)>> = vec![
        vec![
            (env::ROLE_ARN, ROLE.into()),
            (env::OIDC_PROVIDER_ARN, OIDC_ARN.into()),
            (
                env::OIDC_TOKEN_FILE,
                token_file.to_string_lossy().into_owned(),
            ),
        ],
        vec![(env::ECS_METADATA_DISABLED, "false".into())],
        vec![(
            env::CREDENTIALS_URI,
            format!("{}?key={uri_secret}", emulator.credentials_uri()),
        )],
    ];
    for extra in flows {
        let mut vars: Vec<(&str, String)> = base.to_vec();
        vars.extend(extra);
        let tap = Tap::new();
        let chain = Arc::new(
            DefaultChain::builder()
                .config(
                    ProviderConfig::new()
                        .env(environment(home.path(), &vars))
                        .transport(tap.clone()),
                )
                .build(),
        );
        issued.push(chain.provide_credentials().await.expect("credentials"));
        let client = client_of(&emulator, &tap)
            .credentials_provider(chain.clone())
            .build()
            .unwrap();
        call(&client).await.expect("accepted");
        shown.push(format!("{client:?} {chain:?} {:?}", issued.last()));
    }
    let tap = Tap::new();
    let clock = ManualClock::new(SystemTime::now());
    let client = role_client(&emulator, &tap, &clock, ROLE);
    call(&client).await.expect("accepted");
    shown.push(format!("{client:?}"));

    // Failing flows: STS refusing, a bad token file, the URI and metadata down, a
    // broken profile file holding a secret, the chain finding nothing.
    let client = role_client(&emulator, &tap, &clock, LOCKED_ROLE);
    let err = call(&client).await.expect_err("refused");
    shown.push(format!("{err} {err:?}"));
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let dir = home.path().join(".alibabacloud");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("credentials"),
        format!("[default]\naccess_key_id = a\naccess_key_secret {SECRET}\n"),
    )
    .unwrap();
    let env = environment(
        home.path(),
        &[
            (env::ECS_METADATA_DISABLED, "false".into()),
            (env::ECS_METADATA_ENDPOINT, format!("http://{closed}")),
            (
                env::CREDENTIALS_URI,
                format!("http://{closed}/creds?key={uri_secret}"),
            ),
            (env::ROLE_ARN, ROLE.into()),
            (env::OIDC_PROVIDER_ARN, OIDC_ARN.into()),
            (
                env::OIDC_TOKEN_FILE,
                home.path().join("absent").to_string_lossy().into_owned(),
            ),
        ],
    );
    let client = client_of(&emulator, &Tap::new()).env(env).build().unwrap();
    let err = call(&client).await.expect_err("nothing works");
    let text = report(&err);
    assert!(text.contains("credentials URI: cannot reach"), "{text}");
    assert!(
        text.contains("OIDC token file") && text.contains("not found"),
        "{text}"
    );
    shown.push(format!("{text} {err:?} {client:?}"));

    let secrets: Vec<String> = [SECRET, OIDC_TOKEN, uri_secret]
        .iter()
        .map(|s| s.to_string())
        .chain(issued.iter().flat_map(|c| {
            [
                c.access_key_secret.expose_secret().to_owned(),
                c.security_token
                    .as_ref()
                    .map(|t| t.expose_secret().to_owned())
                    .unwrap_or_default(),
            ]
        }))
        .collect();
    let logged = logs.text();
    assert!(
        logged.contains("credentials provider failed"),
        "the logs were captured: {logged}"
    );
    for secret in &secrets {
        assert!(!secret.is_empty());
        assert!(
            !logged.contains(secret.as_str()),
            "a secret in the logs: {logged}"
        );
        for text in &shown {
            assert!(!text.contains(secret.as_str()), "a secret in {text}");
        }
    }
}
