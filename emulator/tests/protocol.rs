//! The protocol checks, over loopback: V1 and V3 signatures (parameters in the query or
//! a form body, `GET` or `POST`), the timestamp window, nonce replay, keys, actions,
//! versions and parameters, each refused with its exact status, code and a message
//! naming what was wrong, in a service-shaped JSON body (`Code`, `Message`,
//! `RequestId`, `HostId` and nothing else); paths and methods other than `POST /` and
//! `GET /`; the statistics endpoint; and that the README lists every code.

mod support;

use dataworks_emulator::codes::{self, Code};
use dataworks_emulator::Emulator;
use dataworks_runtime::request::Stamp;
use dataworks_runtime::signing;
use dataworks_runtime::Method;
use dataworks_runtime::SignatureVersion::{V1, V3};
use support::{
    send, send_http, set_header, signed, signed_full, signed_with, v1_get, v3_query, API_VERSION,
    KEY,
};

const DEPLOYMENT: &[(&str, &str)] = &[("ProjectId", "10000"), ("DeploymentId", "5")];

async fn emulator() -> Emulator {
    Emulator::builder().state(false).start().await.unwrap()
}

#[tokio::test]
async fn a_signed_call_gets_the_documented_example_with_a_fresh_request_id() {
    let emulator = emulator().await;
    for version in [V3, V1] {
        let request = signed(
            emulator.endpoint(),
            version,
            KEY,
            "GetDeployment",
            DEPLOYMENT,
        );
        let first = send(emulator.addr(), &request).await;
        first.assert_ok();
        assert_eq!(first.body["Data"]["Deployment"]["Status"], 1);
        assert_eq!(
            first.header("x-acs-request-id"),
            first.body["RequestId"].as_str()
        );
        let again = send(
            emulator.addr(),
            &signed(
                emulator.endpoint(),
                version,
                KEY,
                "GetDeployment",
                &[("ProjectId", "1"), ("DeploymentId", "5")],
            ),
        )
        .await;
        again.assert_ok();
        assert_ne!(first.body["RequestId"], again.body["RequestId"]);
    }
    assert_eq!(emulator.stats().accepted, 4);
    assert_eq!(emulator.stats().rejected, 0);
}

#[tokio::test]
async fn v1_is_accepted_with_everything_in_the_query_of_a_get() {
    let emulator = emulator().await;
    let stamp = Stamp::fresh().unwrap();
    let request = v1_get(
        emulator.endpoint(),
        KEY,
        "GetDeployment",
        DEPLOYMENT,
        &stamp,
    );
    assert!(request.body.is_empty());
    assert!(request.url.contains("DeploymentId=5"), "{}", request.url);
    send(emulator.addr(), &request).await.assert_ok();

    // The same parameters signed for POST do not verify as a GET: the method is signed.
    let stamp = Stamp::fresh().unwrap();
    let mut as_post = v1_get(
        emulator.endpoint(),
        KEY,
        "GetDeployment",
        DEPLOYMENT,
        &stamp,
    );
    as_post.method = Method::Post;
    send(emulator.addr(), &as_post)
        .await
        .assert_error(codes::SIGNATURE_DOES_NOT_MATCH, &["V1", "POST&%2F&"]);
    assert_eq!(emulator.stats().accepted, 1);
}

#[tokio::test]
async fn v1_is_accepted_with_the_operation_parameters_in_a_form_body() {
    let emulator = emulator().await;
    let request = signed(emulator.endpoint(), V1, KEY, "GetDeployment", DEPLOYMENT);
    assert_eq!(request.method, Method::Post);
    let body = String::from_utf8(request.body.clone()).unwrap();
    assert_eq!(body, "ProjectId=10000&DeploymentId=5");
    assert!(!request.url.contains("DeploymentId"), "{}", request.url);
    send(emulator.addr(), &request).await.assert_ok();
}

#[tokio::test]
async fn v3_is_accepted_with_a_form_body_and_with_parameters_in_the_query() {
    let emulator = emulator().await;
    let request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
    assert!(!request.url.contains('?'), "{}", request.url);
    send(emulator.addr(), &request).await.assert_ok();

    for method in [Method::Get, Method::Post] {
        let stamp = Stamp::fresh().unwrap();
        let request = v3_query(
            emulator.endpoint(),
            method,
            KEY,
            "GetDeployment",
            DEPLOYMENT,
            &stamp,
        );
        assert!(
            request.url.contains("?ProjectId=10000&DeploymentId=5"),
            "{}",
            request.url
        );
        send(emulator.addr(), &request).await.assert_ok();

        // A query parameter changed after signing is caught: the query is signed.
        let stamp = Stamp::fresh().unwrap();
        let mut tampered = v3_query(
            emulator.endpoint(),
            method,
            KEY,
            "GetDeployment",
            DEPLOYMENT,
            &stamp,
        );
        tampered.url = tampered.url.replace("DeploymentId=5", "DeploymentId=6");
        send(emulator.addr(), &tampered)
            .await
            .assert_error(codes::SIGNATURE_DOES_NOT_MATCH, &["V3", "DeploymentId=6"]);
    }
    assert_eq!(emulator.stats().accepted, 3);
    assert_eq!(emulator.stats().rejected, 2);
}

#[tokio::test]
async fn values_with_reserved_and_non_ascii_characters_verify_in_every_form() {
    let emulator = emulator().await;
    let path = "业务流程/第一 个*~+&=%";
    let params = [("ProjectId", "1"), ("FolderPath", path)];
    let mut requests = vec![
        signed(emulator.endpoint(), V3, KEY, "GetFolder", &params),
        signed(emulator.endpoint(), V1, KEY, "GetFolder", &params),
        v1_get(
            emulator.endpoint(),
            KEY,
            "GetFolder",
            &params,
            &Stamp::fresh().unwrap(),
        ),
    ];
    for method in [Method::Get, Method::Post] {
        requests.push(v3_query(
            emulator.endpoint(),
            method,
            KEY,
            "GetFolder",
            &params,
            &Stamp::fresh().unwrap(),
        ));
    }
    for request in &requests {
        send(emulator.addr(), request).await.assert_ok();
    }
    assert_eq!(emulator.stats().accepted, 5);
}

#[tokio::test]
async fn an_unsigned_request_is_refused() {
    let emulator = emulator().await;
    let answer = send_http(
        emulator.addr(),
        "GET",
        "/?Action=GetDeployment&Version=2020-05-18&ProjectId=1&DeploymentId=5",
        &[],
        Vec::new(),
    )
    .await
    .unwrap();
    answer.assert_error(
        codes::MISSING_SIGNATURE,
        &["not signed", "Authorization", "Signature"],
    );

    // A V3 request whose Authorization header was stripped is no better.
    let mut request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
    request.headers.retain(|(n, _)| n != "authorization");
    send(emulator.addr(), &request)
        .await
        .assert_error(codes::MISSING_SIGNATURE, &["not signed"]);
    assert_eq!(emulator.stats().rejections["Emulator.MissingSignature"], 2);
}

#[tokio::test]
async fn a_v1_parameter_changed_after_signing_does_not_match() {
    let emulator = emulator().await;
    let mut request = signed(emulator.endpoint(), V1, KEY, "GetDeployment", DEPLOYMENT);
    request.body = b"ProjectId=10000&DeploymentId=6".to_vec();
    let answer = send(emulator.addr(), &request).await;
    // The message shows the string the emulator signed, with the tampered value.
    answer.assert_error(
        codes::SIGNATURE_DOES_NOT_MATCH,
        &["V1 signature does not match", "DeploymentId%3D6"],
    );

    // A wrong secret, too.
    let request = signed(
        emulator.endpoint(),
        V1,
        ("testid", "wrong"),
        "GetDeployment",
        DEPLOYMENT,
    );
    send(emulator.addr(), &request).await.assert_error(
        codes::SIGNATURE_DOES_NOT_MATCH,
        &["V1 signature does not match"],
    );
    assert_eq!(emulator.stats().accepted, 0);
}

#[tokio::test]
async fn a_v3_request_changed_after_signing_does_not_match() {
    let emulator = emulator().await;
    // The body changed and its hash header updated to match, the signature kept.
    let mut request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
    request.body = b"ProjectId=10000&DeploymentId=6".to_vec();
    let hash = signing::content_sha256(&request.body);
    set_header(&mut request, "x-acs-content-sha256", &hash);
    send(emulator.addr(), &request).await.assert_error(
        codes::SIGNATURE_DOES_NOT_MATCH,
        &["V3 signature does not match", &hash],
    );

    // A signed header changed.
    let mut request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
    set_header(&mut request, "x-acs-signature-nonce", "another-nonce");
    send(emulator.addr(), &request).await.assert_error(
        codes::SIGNATURE_DOES_NOT_MATCH,
        &["x-acs-signature-nonce:another-nonce"],
    );

    // A wrong secret.
    let request = signed(
        emulator.endpoint(),
        V3,
        ("testid", "wrong"),
        "GetDeployment",
        DEPLOYMENT,
    );
    send(emulator.addr(), &request).await.assert_error(
        codes::SIGNATURE_DOES_NOT_MATCH,
        &["V3 signature does not match"],
    );
    assert_eq!(
        emulator.stats().rejections["Emulator.SignatureDoesNotMatch"],
        3
    );
}

#[tokio::test]
async fn a_v3_body_that_does_not_hash_to_its_header_is_refused() {
    let emulator = emulator().await;
    let mut request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
    let claimed = request.header("x-acs-content-sha256").unwrap().to_owned();
    request.body = b"ProjectId=10000&DeploymentId=6".to_vec();
    let actual = signing::content_sha256(&request.body);
    send(emulator.addr(), &request).await.assert_error(
        codes::CONTENT_SHA256_MISMATCH,
        &["x-acs-content-sha256", &claimed, &actual],
    );
}

#[tokio::test]
async fn a_v3_signature_must_cover_the_required_headers() {
    let emulator = emulator().await;
    for unsigned in ["x-acs-date", "host", "content-type"] {
        let mut request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
        let auth = request.header("authorization").unwrap().to_owned();
        let (head, rest) = auth.split_once("SignedHeaders=").unwrap();
        let (list, tail) = rest.split_once(',').unwrap();
        let kept: Vec<&str> = list.split(';').filter(|h| *h != unsigned).collect();
        assert_ne!(kept.join(";"), list, "{unsigned} was signed");
        let auth = format!("{head}SignedHeaders={},{tail}", kept.join(";"));
        set_header(&mut request, "authorization", &auth);
        send(emulator.addr(), &request).await.assert_error(
            codes::INVALID_AUTHORIZATION,
            &[&format!("`{unsigned}` must be signed")],
        );
    }

    // An Authorization header that is not ACS3-HMAC-SHA256.
    let mut request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
    set_header(&mut request, "authorization", "Bearer abc");
    send(emulator.addr(), &request)
        .await
        .assert_error(codes::INVALID_AUTHORIZATION, &["ACS3-HMAC-SHA256"]);
    assert_eq!(
        emulator.stats().rejections["Emulator.InvalidAuthorization"],
        4
    );
}

#[tokio::test]
async fn a_v3_request_without_a_required_header_is_refused() {
    let emulator = emulator().await;
    let mut request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
    request.headers.retain(|(n, _)| n != "x-acs-action");
    send(emulator.addr(), &request)
        .await
        .assert_error(codes::MISSING_COMMON_PARAMETER, &["`x-acs-action`"]);
}

#[tokio::test]
async fn a_v1_request_without_a_common_parameter_or_with_another_method_is_refused() {
    let emulator = emulator().await;
    let request = signed(emulator.endpoint(), V1, KEY, "GetDeployment", DEPLOYMENT);
    let mut missing = request.clone();
    missing.url = strip_query_param(&missing.url, "Timestamp");
    send(emulator.addr(), &missing)
        .await
        .assert_error(codes::MISSING_COMMON_PARAMETER, &["`Timestamp`"]);

    let mut sha256 = request.clone();
    sha256.url = sha256
        .url
        .replace("SignatureMethod=HMAC-SHA1", "SignatureMethod=HMAC-SHA256");
    send(emulator.addr(), &sha256)
        .await
        .assert_error(codes::UNSUPPORTED_SIGNATURE, &["HMAC-SHA256"]);

    let mut xml = request;
    xml.url = xml.url.replace("Format=JSON", "Format=XML");
    send(emulator.addr(), &xml)
        .await
        .assert_error(codes::UNSUPPORTED_SIGNATURE, &["Format `XML`"]);
}

fn strip_query_param(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').unwrap();
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.starts_with(&format!("{name}=")))
        .collect();
    assert_ne!(kept.len(), query.split('&').count(), "{name} not in {url}");
    format!("{base}?{}", kept.join("&"))
}

#[tokio::test]
async fn an_unknown_key_is_refused() {
    let emulator = Emulator::builder()
        .state(false)
        .key("known", "secret")
        .start()
        .await
        .unwrap();
    for version in [V3, V1] {
        let request = signed(
            emulator.endpoint(),
            version,
            ("nobody", "x"),
            "GetDeployment",
            DEPLOYMENT,
        );
        send(emulator.addr(), &request)
            .await
            .assert_error(codes::INVALID_ACCESS_KEY_ID, &["`nobody`"]);
    }
    // With keys given, the default key is not accepted.
    let request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
    send(emulator.addr(), &request)
        .await
        .assert_error(codes::INVALID_ACCESS_KEY_ID, &["`testid`"]);
    let request = signed(
        emulator.endpoint(),
        V3,
        ("known", "secret"),
        "GetDeployment",
        DEPLOYMENT,
    );
    send(emulator.addr(), &request).await.assert_ok();
}

#[tokio::test]
async fn a_timestamp_outside_the_window_or_unparsable_is_refused() {
    let emulator = emulator().await;
    for version in [V3, V1] {
        let stale = Stamp::new(format!("stale-{version:?}"), "2020-01-01T00:00:00Z");
        let request = signed_with(
            emulator.endpoint(),
            version,
            KEY,
            "GetDeployment",
            DEPLOYMENT,
            &stale,
        );
        send(emulator.addr(), &request).await.assert_error(
            codes::INVALID_TIMESTAMP,
            &["`2020-01-01T00:00:00Z`", "behind", "at most 900 s"],
        );

        let future = Stamp::new(format!("future-{version:?}"), "2999-01-01T00:00:00Z");
        let request = signed_with(
            emulator.endpoint(),
            version,
            KEY,
            "GetDeployment",
            DEPLOYMENT,
            &future,
        );
        send(emulator.addr(), &request).await.assert_error(
            codes::INVALID_TIMESTAMP,
            &["`2999-01-01T00:00:00Z`", "ahead of"],
        );

        let garbled = Stamp::new(format!("garbled-{version:?}"), "yesterday noon");
        let request = signed_with(
            emulator.endpoint(),
            version,
            KEY,
            "GetDeployment",
            DEPLOYMENT,
            &garbled,
        );
        send(emulator.addr(), &request).await.assert_error(
            codes::INVALID_TIMESTAMP,
            &["`yesterday noon`", "YYYY-MM-DDThh:mm:ssZ"],
        );
    }
    assert_eq!(emulator.stats().rejections["Emulator.InvalidTimestamp"], 6);
}

#[tokio::test]
async fn a_narrower_window_refuses_a_timestamp_a_minute_old() {
    let emulator = Emulator::builder()
        .state(false)
        .timestamp_window(std::time::Duration::from_secs(30))
        .start()
        .await
        .unwrap();
    let minute_ago = time::OffsetDateTime::now_utc() - time::Duration::seconds(60);
    let stamp = Stamp::new(
        "minute-ago",
        minute_ago
            .replace_nanosecond(0)
            .unwrap()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap(),
    );
    let request = signed_with(
        emulator.endpoint(),
        V3,
        KEY,
        "GetDeployment",
        DEPLOYMENT,
        &stamp,
    );
    send(emulator.addr(), &request)
        .await
        .assert_error(codes::INVALID_TIMESTAMP, &["at most 30 s"]);
}

#[tokio::test]
async fn a_replayed_nonce_is_refused() {
    let emulator = emulator().await;
    for version in [V3, V1] {
        let request = signed(
            emulator.endpoint(),
            version,
            KEY,
            "GetDeployment",
            DEPLOYMENT,
        );
        let nonce = match version {
            V3 => request.header("x-acs-signature-nonce").unwrap().to_owned(),
            V1 => {
                let query = request.url.split_once('?').unwrap().1;
                query
                    .split('&')
                    .find_map(|p| p.strip_prefix("SignatureNonce="))
                    .unwrap()
                    .to_owned()
            }
        };
        send(emulator.addr(), &request).await.assert_ok();
        send(emulator.addr(), &request)
            .await
            .assert_error(codes::SIGNATURE_NONCE_USED, &[&format!("`{nonce}`")]);
    }
    let stats = emulator.stats();
    assert_eq!((stats.accepted, stats.rejected), (2, 2));
}

#[tokio::test]
async fn nonces_are_per_key() {
    let emulator = Emulator::builder()
        .state(false)
        .key("one", "s1")
        .key("two", "s2")
        .start()
        .await
        .unwrap();
    let stamp = Stamp::fresh().unwrap();
    for key in [("one", "s1"), ("two", "s2")] {
        let request = signed_with(
            emulator.endpoint(),
            V3,
            key,
            "GetDeployment",
            DEPLOYMENT,
            &stamp,
        );
        send(emulator.addr(), &request).await.assert_ok();
    }
}

#[tokio::test]
async fn an_unknown_action_is_refused() {
    let emulator = emulator().await;
    for version in [V3, V1] {
        let request = signed(emulator.endpoint(), version, KEY, "NoSuchOperation", &[]);
        send(emulator.addr(), &request)
            .await
            .assert_error(codes::INVALID_ACTION, &["`NoSuchOperation`", API_VERSION]);
    }
    // Action names are exact.
    let request = signed(emulator.endpoint(), V3, KEY, "getdeployment", DEPLOYMENT);
    send(emulator.addr(), &request)
        .await
        .assert_error(codes::INVALID_ACTION, &["`getdeployment`"]);
}

#[tokio::test]
async fn another_api_version_is_refused() {
    let emulator = emulator().await;
    for version in [V3, V1] {
        let request = signed_full(
            emulator.endpoint(),
            version,
            KEY,
            "GetDeployment",
            "2019-01-01",
            "cn-shanghai",
            &support::owned(DEPLOYMENT),
            &Stamp::fresh().unwrap(),
        );
        send(emulator.addr(), &request)
            .await
            .assert_error(codes::INVALID_VERSION, &["`2019-01-01`", API_VERSION]);
    }
}

#[tokio::test]
async fn a_missing_required_parameter_is_named() {
    let emulator = emulator().await;
    for version in [V3, V1] {
        let request = signed(
            emulator.endpoint(),
            version,
            KEY,
            "GetDeployment",
            &[("ProjectId", "1")],
        );
        send(emulator.addr(), &request).await.assert_error(
            codes::MISSING_PARAMETER,
            &["GetDeployment", "`DeploymentId`", "missing"],
        );
    }
}

#[tokio::test]
async fn a_one_of_group_needs_a_member() {
    let emulator = emulator().await;
    let request = signed(
        emulator.endpoint(),
        V3,
        KEY,
        "GetFolder",
        &[("ProjectId", "1")],
    );
    let answer = send(emulator.addr(), &request).await;
    answer.assert_error(codes::MISSING_PARAMETER, &[]);
    assert_eq!(
        answer.message(),
        "GetFolder needs one of FolderId, FolderPath (none is set)"
    );
    for member in [("FolderId", "abc"), ("FolderPath", "Business")] {
        let request = signed(
            emulator.endpoint(),
            V3,
            KEY,
            "GetFolder",
            &[("ProjectId", "1"), member],
        );
        send(emulator.addr(), &request).await.assert_ok();
    }
}

#[tokio::test]
async fn a_value_that_does_not_parse_as_its_type_is_named() {
    let emulator = emulator().await;
    for version in [V3, V1] {
        let request = signed(
            emulator.endpoint(),
            version,
            KEY,
            "GetDeployment",
            &[("ProjectId", "1"), ("DeploymentId", "abc")],
        );
        let answer = send(emulator.addr(), &request).await;
        answer.assert_error(codes::INVALID_PARAMETER, &["`DeploymentId`", "`abc`"]);
        assert_eq!(
            answer.message(),
            "the parameter `DeploymentId` must be an integer (int64), got `abc`"
        );
    }
    // In the query of a V3 GET, too.
    let request = v3_query(
        emulator.endpoint(),
        Method::Get,
        KEY,
        "GetDeployment",
        &[("ProjectId", "x1"), ("DeploymentId", "5")],
        &Stamp::fresh().unwrap(),
    );
    send(emulator.addr(), &request)
        .await
        .assert_error(codes::INVALID_PARAMETER, &["`ProjectId`", "`x1`"]);
}

#[tokio::test]
async fn other_paths_are_not_found_and_other_methods_not_allowed() {
    let emulator = emulator().await;
    let endpoint = format!("{}api/v1", emulator.endpoint());
    let request = signed(&endpoint, V3, KEY, "GetDeployment", DEPLOYMENT);
    assert!(request.url.contains("/api/v1"), "{}", request.url);
    send(emulator.addr(), &request)
        .await
        .assert_error(codes::NOT_FOUND, &["`/api/v1`", "/_emulator/stats"]);

    // POST to the statistics path is not the statistics endpoint either.
    send_http(emulator.addr(), "POST", "/_emulator/stats", &[], Vec::new())
        .await
        .unwrap()
        .assert_error(codes::NOT_FOUND, &["`/_emulator/stats`"]);

    for method in ["PUT", "DELETE", "PATCH"] {
        let request = signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT);
        let answer = send_http(
            emulator.addr(),
            method,
            "/",
            &request.headers,
            request.body.clone(),
        )
        .await
        .unwrap();
        answer.assert_error(codes::METHOD_NOT_ALLOWED, &[method, "GET or POST"]);
    }
    let stats = emulator.stats();
    assert_eq!(stats.rejections["Emulator.NotFound"], 2);
    assert_eq!(stats.rejections["Emulator.MethodNotAllowed"], 3);
}

#[tokio::test]
async fn the_statistics_endpoint_counts_what_happened() {
    let emulator = Emulator::builder()
        .state(false)
        .account_key("k1", "s1", "acct")
        .account_key("k2", "s2", "acct")
        .key("solo", "s3")
        .start()
        .await
        .unwrap();
    let call = |key, action: &'static str, params: &'static [(&'static str, &'static str)]| {
        signed(emulator.endpoint(), V3, key, action, params)
    };
    send(
        emulator.addr(),
        &call(("k1", "s1"), "GetDeployment", DEPLOYMENT),
    )
    .await
    .assert_ok();
    send(
        emulator.addr(),
        &call(("k2", "s2"), "GetDeployment", DEPLOYMENT),
    )
    .await
    .assert_ok();
    send(
        emulator.addr(),
        &call(
            ("solo", "s3"),
            "GetFolder",
            &[("ProjectId", "1"), ("FolderId", "f")],
        ),
    )
    .await
    .assert_ok();
    send(emulator.addr(), &call(("k1", "s1"), "NoSuchOperation", &[]))
        .await
        .assert_error(codes::INVALID_ACTION, &[]);
    send(
        emulator.addr(),
        &call(("nobody", "x"), "GetDeployment", DEPLOYMENT),
    )
    .await
    .assert_error(codes::INVALID_ACCESS_KEY_ID, &[]);
    send(
        emulator.addr(),
        &call(("k1", "wrong"), "GetDeployment", DEPLOYMENT),
    )
    .await
    .assert_error(codes::SIGNATURE_DOES_NOT_MATCH, &[]);

    let url = url::Url::parse(&emulator.stats_url()).unwrap();
    assert_eq!(url.path(), dataworks_emulator::STATS_PATH);
    assert_eq!(url.port(), Some(emulator.addr().port()));
    let answer = send_http(emulator.addr(), "GET", url.path(), &[], Vec::new())
        .await
        .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(answer
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let action = |accepted: u64| {
        serde_json::json!({"received": accepted, "accepted": accepted, "throttled": 0,
                           "faulted": 0, "rejected": 0, "abandoned": 0})
    };
    let expected = serde_json::json!({
        "received": 6,
        "accepted": 3,
        "throttled": 0,
        "rejected": 3,
        "faulted": 0,
        "abandoned": 0,
        "actions": {
            "GetDeployment": action(2),
            "GetFolder": action(1),
        },
        "accounts": {
            "acct": {"accepted": 2, "throttled": 0},
            "solo": {"accepted": 1, "throttled": 0},
        },
        "rejections": {
            "Emulator.InvalidAccessKeyId": 1,
            "Emulator.InvalidAction": 1,
            "Emulator.SignatureDoesNotMatch": 1,
        },
    });
    assert_eq!(answer.body, expected, "{}", answer.text);
    // Reading the statistics is not counted, and the API agrees with the endpoint.
    assert_eq!(serde_json::to_value(emulator.stats()).unwrap(), expected);

    emulator.reset_stats();
    let answer = send_http(emulator.addr(), "GET", url.path(), &[], Vec::new())
        .await
        .unwrap();
    assert_eq!(answer.body["received"], 0);
    assert_eq!(answer.body["accepted"], 0);
    assert_eq!(answer.body["rejected"], 0);
    assert_eq!(answer.body["rejections"], serde_json::json!({}));
}

#[test]
fn every_code_has_a_distinct_name_and_an_error_status() {
    let all: Vec<Code> = codes::ALL
        .iter()
        .copied()
        .chain([codes::THROTTLING_USER])
        .collect();
    let mut names: Vec<&str> = all.iter().map(|c| c.code).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len());
    for code in &all {
        assert!((400..600).contains(&code.status), "{code:?}");
        assert!(!code.when.is_empty(), "{code:?}");
    }
}

/// The README documents every code the emulator answers with, with its status, in a
/// table in the order of `codes::ALL` (then `Throttling.User`), and mentions no
/// `Emulator.*` code it does not have.
#[test]
fn the_readme_lists_every_code() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("the workspace README");
    let all: Vec<Code> = codes::ALL
        .iter()
        .copied()
        .chain([codes::THROTTLING_USER])
        .collect();
    let missing: Vec<&str> = all
        .iter()
        .map(|c| c.code)
        .filter(|code| !readme.contains(code))
        .collect();
    assert!(
        missing.is_empty(),
        "README.md does not list these emulator codes: {missing:?}"
    );
    // The table rows: `| STATUS | `CODE` … | … |`.
    let rows: Vec<(u16, &str)> = readme
        .lines()
        .filter_map(|line| {
            let mut cells = line.strip_prefix('|')?.split('|').map(str::trim);
            let status = cells.next()?.parse().ok()?;
            let code = cells.next()?.strip_prefix('`')?.split('`').next()?;
            Some((status, code))
        })
        .filter(|(_, code)| code.starts_with("Emulator.") || *code == codes::THROTTLING_USER.code)
        .collect();
    let expected: Vec<(u16, &str)> = all.iter().map(|c| (c.status, c.code)).collect();
    assert_eq!(rows, expected, "the README's table of codes and statuses");

    let known: Vec<&str> = codes::ALL.iter().map(|c| c.code).collect();
    let mut rest = readme.as_str();
    while let Some(at) = rest.find("Emulator.") {
        let tail = &rest[at + "Emulator.".len()..];
        let len = tail
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tail.len());
        let name = &tail[..len];
        if name.starts_with(|c: char| c.is_ascii_uppercase()) {
            let code = format!("Emulator.{name}");
            assert!(
                known.contains(&code.as_str()),
                "README.md mentions `{code}`, which is not in dataworks_emulator::codes::ALL"
            );
        }
        rest = tail;
    }
}
