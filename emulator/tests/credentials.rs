//! The credentials port: STS `AssumeRole` (V1 and V3 signatures checked, the caller's
//! own token too) and `AssumeRoleWithOIDC` (the token checked), the instance metadata
//! service (session tokens, hardened mode, role discovery) and the credentials URI;
//! and the DataWorks port accepting the credentials issued only with their security
//! token and only until they expire.

mod support;

use std::net::SocketAddr;
use std::time::Duration;

use dataworks_emulator::{codes, Emulator, OidcProvider, Role};
use dataworks_runtime::request::{signed_request, RequestParts, Stamp};
use dataworks_runtime::{Credentials, Endpoint, HttpRequest, SignatureVersion};
use support::{send, send_http, Answer, KEY};

const ROLE: &str = "acs:ram::1234567890:role/deployer";
const LOCKED_ROLE: &str = "acs:ram::1234567890:role/locked";
const OIDC_ARN: &str = "acs:ram::1234567890:oidc-provider/ack";

async fn emulator() -> Emulator {
    // The DataWorks calls here name a folder nobody created: no DataStudio state.
    Emulator::builder()
        .state(false)
        .role(Role::new(ROLE))
        .role(Role::new(LOCKED_ROLE).trust("someone-else"))
        .oidc_provider(OidcProvider::with_token(OIDC_ARN, "the-oidc-token"))
        .instance_role("EcsRole")
        .start()
        .await
        .expect("emulator")
}

/// A signed STS call (`2015-04-01`).
fn sts_call(
    emulator: &Emulator,
    version: SignatureVersion,
    credentials: &Credentials,
    action: &str,
    params: &[(&str, &str)],
) -> HttpRequest {
    let endpoint = Endpoint::parse(emulator.credentials_endpoint()).unwrap();
    let params = support::owned(params);
    let parts = RequestParts {
        action,
        version: "2015-04-01",
        region: "cn-shanghai",
        params: &params,
        endpoint: &endpoint,
    };
    signed_request(&parts, credentials, version, &Stamp::fresh().unwrap()).unwrap()
}

/// A DataWorks call signed with `credentials` (token included when they have one).
fn dataworks_call(
    emulator: &Emulator,
    version: SignatureVersion,
    credentials: &Credentials,
) -> HttpRequest {
    let endpoint = Endpoint::parse(emulator.endpoint()).unwrap();
    let params = support::owned(&[("ProjectId", "10000"), ("FolderPath", "Business")]);
    let parts = RequestParts {
        action: "GetFolder",
        version: "2020-05-18",
        region: "cn-shanghai",
        params: &params,
        endpoint: &endpoint,
    };
    signed_request(&parts, credentials, version, &Stamp::fresh().unwrap()).unwrap()
}

/// The credentials of an STS answer.
fn issued(answer: &Answer) -> Credentials {
    answer.assert_ok();
    let c = &answer.body["Credentials"];
    let text = |name: &str| {
        c[name]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: {}", answer.text))
            .to_owned()
    };
    assert!(text("Expiration").ends_with('Z'), "{}", answer.text);
    Credentials::new(text("AccessKeyId"), text("AccessKeySecret"))
        .with_security_token(text("SecurityToken"))
}

fn long_term() -> Credentials {
    Credentials::new(KEY.0, KEY.1)
}

fn addr(emulator: &Emulator) -> SocketAddr {
    emulator.credentials_addr()
}

#[tokio::test]
async fn assume_role_with_either_signature_and_the_issued_keys_need_their_token() {
    let emulator = emulator().await;
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let answer = send(
            addr(&emulator),
            &sts_call(
                &emulator,
                version,
                &long_term(),
                "AssumeRole",
                &[
                    ("RoleArn", ROLE),
                    ("RoleSessionName", "s1"),
                    ("DurationSeconds", "900"),
                ],
            ),
        )
        .await;
        let temporary = issued(&answer);
        assert!(temporary.access_key_id.starts_with("STS."));
        assert_eq!(
            answer.body["AssumedRoleUser"]["Arn"],
            "acs:ram::1234567890:role/deployer/s1"
        );

        for signature in [SignatureVersion::V1, SignatureVersion::V3] {
            send(
                emulator.addr(),
                &dataworks_call(&emulator, signature, &temporary),
            )
            .await
            .assert_ok();
            let tokenless = Credentials::new(
                temporary.access_key_id.clone(),
                temporary.access_key_secret.clone(),
            );
            send(
                emulator.addr(),
                &dataworks_call(&emulator, signature, &tokenless),
            )
            .await
            .assert_error(
                codes::INVALID_SECURITY_TOKEN,
                &["without its security token"],
            );
            let wrong = tokenless.clone().with_security_token("CAISnot-the-token");
            send(
                emulator.addr(),
                &dataworks_call(&emulator, signature, &wrong),
            )
            .await
            .assert_error(codes::INVALID_SECURITY_TOKEN, &["not the one issued"]);
        }
        // Role chaining: temporary credentials sign the next AssumeRole, with their token.
        let chained = send(
            addr(&emulator),
            &sts_call(
                &emulator,
                version,
                &temporary,
                "AssumeRole",
                &[("RoleArn", ROLE), ("RoleSessionName", "s2")],
            ),
        )
        .await;
        issued(&chained);
    }
    // A long-term key with a token is refused.
    let odd = long_term().with_security_token("CAISx");
    send(
        emulator.addr(),
        &dataworks_call(&emulator, SignatureVersion::V3, &odd),
    )
    .await
    .assert_error(codes::INVALID_SECURITY_TOKEN, &["long-term"]);
    assert_eq!(emulator.credential_stats().assume_role, 4);
}

#[tokio::test]
async fn issued_credentials_expire_on_the_credential_clock() {
    let emulator = emulator().await;
    let answer = send(
        addr(&emulator),
        &sts_call(
            &emulator,
            SignatureVersion::V1,
            &long_term(),
            "AssumeRole",
            &[
                ("RoleArn", ROLE),
                ("RoleSessionName", "sess"),
                ("DurationSeconds", "900"),
            ],
        ),
    )
    .await;
    let temporary = issued(&answer);
    send(
        emulator.addr(),
        &dataworks_call(&emulator, SignatureVersion::V3, &temporary),
    )
    .await
    .assert_ok();
    emulator.advance_credential_clock(Duration::from_secs(899));
    send(
        emulator.addr(),
        &dataworks_call(&emulator, SignatureVersion::V3, &temporary),
    )
    .await
    .assert_ok();
    emulator.advance_credential_clock(Duration::from_secs(1));
    send(
        emulator.addr(),
        &dataworks_call(&emulator, SignatureVersion::V1, &temporary),
    )
    .await
    .assert_error(
        codes::SECURITY_TOKEN_EXPIRED,
        &[&temporary.access_key_id, "expired at"],
    );
    // Long-term keys do not expire.
    send(
        emulator.addr(),
        &dataworks_call(&emulator, SignatureVersion::V3, &long_term()),
    )
    .await
    .assert_ok();
    let stats = emulator.stats();
    assert_eq!(
        stats.rejections.get("Emulator.SecurityTokenExpired"),
        Some(&1)
    );
}

#[tokio::test]
async fn sts_errors_are_the_documented_ones() {
    let emulator = emulator().await;
    let call = |credentials: &Credentials, params: &[(&str, &str)]| {
        sts_call(
            &emulator,
            SignatureVersion::V1,
            credentials,
            "AssumeRole",
            params,
        )
    };
    type Case<'a> = (Vec<(&'a str, &'a str)>, u16, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec![("RoleArn", LOCKED_ROLE), ("RoleSessionName", "sess")],
            403,
            "NoPermission",
        ),
        (
            vec![
                ("RoleArn", "acs:ram::1234567890:role/absent"),
                ("RoleSessionName", "sess"),
            ],
            404,
            "EntityNotExist.Role",
        ),
        (
            vec![("RoleArn", "not-an-arn"), ("RoleSessionName", "sess")],
            400,
            "InvalidParameter.RoleArn",
        ),
        (
            vec![("RoleArn", ROLE), ("RoleSessionName", "bad name")],
            400,
            "InvalidParameter.RoleSessionName",
        ),
        (
            vec![
                ("RoleArn", ROLE),
                ("RoleSessionName", "sess"),
                ("DurationSeconds", "60"),
            ],
            400,
            "InvalidParameter.DurationSeconds",
        ),
        (
            vec![
                ("RoleArn", ROLE),
                ("RoleSessionName", "sess"),
                ("Policy", "{"),
            ],
            400,
            "InvalidParameter.PolicyGrammar",
        ),
    ];
    for (params, status, code) in cases {
        let answer = send(addr(&emulator), &call(&long_term(), &params)).await;
        assert_eq!(
            (answer.status, answer.code()),
            (status, code),
            "{params:?}: {}",
            answer.text
        );
        support::assert_error_shape(&answer.body, &answer.text);
    }
    let forged = Credentials::new(KEY.0, "not-the-secret");
    send(
        addr(&emulator),
        &call(&forged, &[("RoleArn", ROLE), ("RoleSessionName", "sess")]),
    )
    .await
    .assert_error(codes::SIGNATURE_DOES_NOT_MATCH, &["signature"]);
    let stats = emulator.credential_stats();
    assert_eq!((stats.assume_role, stats.refused), (0, 7));
}

/// `AssumeRoleWithOIDC`: anonymous, form body.
async fn oidc(emulator: &Emulator, token: &str, provider: &str) -> Answer {
    let body = dataworks_runtime::signing::form_encode(&[
        ("RoleArn", ROLE),
        ("OIDCProviderArn", provider),
        ("OIDCToken", token),
        ("RoleSessionName", "pod"),
    ]);
    send_http(
        addr(emulator),
        "POST",
        "/?Action=AssumeRoleWithOIDC&Version=2015-04-01&Format=JSON",
        &[(
            "content-type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        )],
        body.into_bytes(),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn assume_role_with_oidc_checks_the_token() {
    let emulator = emulator().await;
    let temporary = issued(&oidc(&emulator, "the-oidc-token", OIDC_ARN).await);
    send(
        emulator.addr(),
        &dataworks_call(&emulator, SignatureVersion::V3, &temporary),
    )
    .await
    .assert_ok();
    let answer = oidc(&emulator, "another-token", OIDC_ARN).await;
    assert_eq!(
        (answer.status, answer.code()),
        (403, "AuthenticationFail.OIDCToken.Invalid"),
        "{}",
        answer.text
    );
    assert!(!answer.text.contains("another-token"), "{}", answer.text);
    oidc(
        &emulator,
        "the-oidc-token",
        "acs:ram::1:oidc-provider/other",
    )
    .await
    .assert_error(
        codes::OIDC_PROVIDER_NOT_FOUND,
        &["acs:ram::1:oidc-provider/other"],
    );
    assert_eq!(emulator.credential_stats().assume_role_with_oidc, 1);
}

/// A metadata request, with a token when given.
async fn metadata(
    emulator: &Emulator,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> Answer {
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    send_http(addr(emulator), method, path, &headers, Vec::new())
        .await
        .unwrap()
}

const ROLE_PATH: &str = "/latest/meta-data/ram/security-credentials/";

#[tokio::test]
async fn metadata_service_with_and_without_tokens() {
    let emulator = emulator().await;
    let token = metadata(
        &emulator,
        "PUT",
        "/latest/api/token",
        &[("X-aliyun-ecs-metadata-token-ttl-seconds", "21600")],
    )
    .await;
    assert_eq!(token.status, 200, "{}", token.text);
    let with = [("X-aliyun-ecs-metadata-token", token.text.as_str())];
    let role = metadata(&emulator, "GET", ROLE_PATH, &with).await;
    assert_eq!((role.status, role.text.as_str()), (200, "EcsRole"));
    let credentials = metadata(&emulator, "GET", &format!("{ROLE_PATH}EcsRole"), &with).await;
    assert_eq!(credentials.body["Code"], "Success", "{}", credentials.text);
    let temporary = Credentials::new(
        credentials.body["AccessKeyId"].as_str().unwrap(),
        credentials.body["AccessKeySecret"].as_str().unwrap(),
    )
    .with_security_token(credentials.body["SecurityToken"].as_str().unwrap());
    send(
        emulator.addr(),
        &dataworks_call(&emulator, SignatureVersion::V3, &temporary),
    )
    .await
    .assert_ok();

    // IMDSv1 (no token) works on a default instance; a bad token never does.
    assert_eq!(metadata(&emulator, "GET", ROLE_PATH, &[]).await.status, 200);
    assert_eq!(
        metadata(
            &emulator,
            "GET",
            ROLE_PATH,
            &[("X-aliyun-ecs-metadata-token", "forged")]
        )
        .await
        .status,
        401
    );
    assert_eq!(
        metadata(&emulator, "GET", &format!("{ROLE_PATH}OtherRole"), &[])
            .await
            .status,
        404
    );
    assert_eq!(
        metadata(
            &emulator,
            "PUT",
            "/latest/api/token",
            &[("X-aliyun-ecs-metadata-token-ttl-seconds", "0")]
        )
        .await
        .status,
        400
    );
    let stats = emulator.credential_stats();
    assert_eq!((stats.metadata_tokens, stats.metadata_credentials), (1, 1));

    let hardened = Emulator::builder()
        .state(false)
        .instance_role("EcsRole")
        .metadata_hardened(true)
        .start()
        .await
        .unwrap();
    assert_eq!(metadata(&hardened, "GET", ROLE_PATH, &[]).await.status, 401);
    let refusing = Emulator::builder()
        .state(false)
        .metadata_tokens(false)
        .start()
        .await
        .unwrap();
    assert_eq!(
        metadata(
            &refusing,
            "PUT",
            "/latest/api/token",
            &[("X-aliyun-ecs-metadata-token-ttl-seconds", "60")]
        )
        .await
        .status,
        403
    );
    assert_eq!(
        metadata(&refusing, "GET", ROLE_PATH, &[]).await.status,
        404,
        "no role attached"
    );
}

#[tokio::test]
async fn the_credentials_uri_hands_out_temporary_credentials() {
    let emulator = emulator().await;
    let url = emulator.credentials_uri();
    assert!(url.ends_with("/credentials"));
    let answer = send_http(
        addr(&emulator),
        "GET",
        "/credentials?anything=kept",
        &[],
        Vec::new(),
    )
    .await
    .unwrap();
    assert_eq!(answer.body["Code"], "Success", "{}", answer.text);
    let temporary = Credentials::new(
        answer.body["AccessKeyId"].as_str().unwrap(),
        answer.body["AccessKeySecret"].as_str().unwrap(),
    )
    .with_security_token(answer.body["SecurityToken"].as_str().unwrap());
    send(
        emulator.addr(),
        &dataworks_call(&emulator, SignatureVersion::V1, &temporary),
    )
    .await
    .assert_ok();
    assert_eq!(emulator.credential_stats().uri_credentials, 1);
}
