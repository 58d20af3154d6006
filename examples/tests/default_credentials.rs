//! `default_credentials` against the emulator, with nothing but environment variables
//! pointing the chain at the emulator's STS and metadata service (a fixed environment,
//! not the process's): the chain finds the RRSA (OIDC) role, then the ECS instance
//! role, says so, and the project call is accepted with those temporary credentials.

use dataworks_emulator::{Emulator, OidcProvider, Role};
use dataworks_examples::default_credentials::{self, Args};
use dataworks_examples::{parse_args, Command, Target};
use dataworks_public::runtime::credentials::{env, Env, ProviderConfig};

const ROLE: &str = "acs:ram::1234567890:role/reader";
const OIDC_ARN: &str = "acs:ram::1234567890:oidc-provider/ack";

#[tokio::test]
async fn finds_the_rrsa_role_then_the_instance_role_and_calls_with_them() {
    let emulator = Emulator::builder()
        .role(Role::new(ROLE))
        .oidc_provider(OidcProvider::with_token(OIDC_ARN, "pod-token"))
        .instance_role("EcsRole")
        .start()
        .await
        .expect("emulator");
    let home = tempfile::tempdir().unwrap();
    let token_file = home.path().join("token");
    std::fs::write(&token_file, "pod-token").unwrap();
    let home_var = ("HOME", home.path().to_string_lossy().into_owned());
    let endpoints = [
        (
            env::STS_ENDPOINT,
            emulator.credentials_endpoint().to_owned(),
        ),
        (
            env::ECS_METADATA_ENDPOINT,
            emulator.credentials_endpoint().to_owned(),
        ),
    ];
    let rrsa = [
        (env::ROLE_ARN, ROLE.to_owned()),
        (env::OIDC_PROVIDER_ARN, OIDC_ARN.to_owned()),
        (
            env::OIDC_TOKEN_FILE,
            token_file.to_string_lossy().into_owned(),
        ),
    ];
    let target = Target {
        region: "cn-shanghai".into(),
        endpoint: Some(emulator.endpoint().to_owned()),
    };
    let Ok(Command::Run(args)) = parse_args::<Args, _>(["10000"]) else {
        panic!("the project id parses")
    };
    let environments = [
        (
            endpoints
                .iter()
                .chain(&rrsa)
                .cloned()
                .chain([home_var.clone()])
                .collect::<Vec<_>>(),
            "OIDC",
        ),
        (
            endpoints
                .iter()
                .cloned()
                .chain([home_var.clone()])
                .collect(),
            "ECS metadata",
        ),
    ];
    for (vars, provider) in environments {
        let config = ProviderConfig::new().env(Env::from_vars(vars));
        let (found, cache) = default_credentials::resolve(config)
            .await
            .expect("credentials");
        assert_eq!(found.provider, provider);
        assert!(found.access_key_id.starts_with("STS."), "{found}");
        let line = found.to_string();
        assert!(
            line.starts_with(&format!(
                "credentials from the {provider} provider: AccessKey id STS."
            )),
            "{line}"
        );
        assert!(line.contains("temporary"), "{line}");
        let client = target
            .client_builder()
            .credentials_cache(cache)
            .build()
            .unwrap();
        let name = default_credentials::run(&client, &args)
            .await
            .expect("accepted");
        assert!(name.is_some());
    }
    let stats = emulator.credential_stats();
    assert_eq!(
        (stats.assume_role_with_oidc, stats.metadata_credentials),
        (1, 1)
    );
    assert_eq!(emulator.stats().accepted, 2);
}

#[test]
fn takes_one_project_id() {
    assert_eq!(
        parse_args::<Args, _>(["7"]),
        Ok(Command::Run(Args { project_id: 7 }))
    );
    for bad in [&[][..], &["1", "2"], &["x"], &["--verbose"]] {
        let err = parse_args::<Args, _>(bad.iter().copied()).expect_err("rejected");
        assert_eq!(err.usage, <Args as dataworks_examples::Cli>::USAGE);
    }
}
