//! The two STS calls the role providers make: `AssumeRole` (signed with the source
//! credentials, HMAC-SHA1) and `AssumeRoleWithOIDC` (anonymous), and reading their
//! answers into [`Credentials`] or an [`StsError`].
//!
//! Both are RPC calls of STS `2015-04-01`, `POST` to the endpoint with the common
//! parameters in the query and the action's own in a form body (as credentials-go
//! sends them); `AssumeRole`'s V1 signature covers both. See `credentials-protocol.md`
//! §5 and `alibaba-rpc-protocol.md` (Signature V1).

use std::time::Duration;

use serde_json::Value;

use crate::signing;
use crate::transport::{HttpRequest, HttpResponse, Method};

use super::config::{ProviderConfig, MAX_ANSWER_BODY};
use super::failure::{CredentialsError, StsError};
use super::{format_time, parse_expiration, Credentials, USER_AGENT};

/// The content type of the form bodies.
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// A fresh nonce (128 random bits, hex) and the current UTC time
/// (`YYYY-MM-DDThh:mm:ssZ`), for one request.
fn stamp() -> (String, String) {
    (
        hex::encode(rand::random::<[u8; 16]>()),
        format_time(std::time::SystemTime::now()),
    )
}

/// The STS API version.
pub const STS_VERSION: &str = "2015-04-01";

/// How long an STS call may take in all (the official libraries allow 5 s to connect
/// and 10 s to read).
const STS_TIMEOUT: Duration = Duration::from_secs(15);

/// What to ask STS for, common to both calls.
#[derive(Debug, Clone)]
pub(crate) struct RoleRequest<'a> {
    /// `RoleArn`.
    pub role_arn: &'a str,
    /// `RoleSessionName`.
    pub session_name: &'a str,
    /// `DurationSeconds` (STS's default, 3600, when unset).
    pub duration_seconds: Option<u32>,
    /// `Policy`.
    pub policy: Option<&'a str>,
}

/// A requested session length as STS's `DurationSeconds` (whole seconds; a duration
/// beyond `u32` is sent as `u32::MAX`, which STS refuses with its own message).
pub(crate) fn duration_seconds(duration: Duration) -> u32 {
    u32::try_from(duration.as_secs()).unwrap_or(u32::MAX)
}

/// `AssumeRole` signed with `source`; `external_id` is sent as `ExternalId`.
pub(crate) async fn assume_role(
    config: &ProviderConfig,
    source: &Credentials,
    role: &RoleRequest<'_>,
    external_id: Option<&str>,
) -> Result<Credentials, CredentialsError> {
    const ACTION: &str = "AssumeRole";
    let provider = "STS AssumeRole";
    let endpoint = config.resolve_sts_endpoint()?;
    let (nonce, timestamp) = stamp();
    let mut common: Vec<(&str, &str)> = vec![
        ("Action", ACTION),
        ("Version", STS_VERSION),
        ("Format", "JSON"),
        ("AccessKeyId", &source.access_key_id),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", &nonce),
        ("Timestamp", &timestamp),
    ];
    if let Some(token) = &source.security_token {
        common.push(("SecurityToken", token.expose_secret()));
    }
    let mut form = role_form(role);
    if let Some(id) = external_id {
        form.push(("ExternalId", id.to_owned()));
    }
    let mut all: Vec<(&str, &str)> = common.clone();
    all.extend(form.iter().map(|(k, v)| (*k, v.as_str())));
    let string_to_sign = signing::v1_string_to_sign(Method::Post.as_str(), &all);
    let signature =
        signing::v1_signature(source.access_key_secret.expose_secret(), &string_to_sign);
    let query = format!(
        "{}&Signature={}",
        signing::v1_canonicalized_query(&common),
        signing::percent_encode(&signature)
    );
    let request = post(&endpoint, &query, &form);
    let shown = endpoint.to_string();
    let response = config.send(provider, request, &shown, STS_TIMEOUT).await?;
    read_answer(ACTION, role.role_arn, &response)
}

/// `AssumeRoleWithOIDC`: anonymous, the OIDC token in the body.
pub(crate) async fn assume_role_with_oidc(
    config: &ProviderConfig,
    role: &RoleRequest<'_>,
    oidc_provider_arn: &str,
    oidc_token: &str,
) -> Result<Credentials, CredentialsError> {
    const ACTION: &str = "AssumeRoleWithOIDC";
    let provider = "STS AssumeRoleWithOIDC";
    let endpoint = config.resolve_sts_endpoint()?;
    let (_, timestamp) = stamp();
    let common: Vec<(&str, &str)> = vec![
        ("Action", ACTION),
        ("Version", STS_VERSION),
        ("Format", "JSON"),
        ("Timestamp", &timestamp),
    ];
    let mut form = role_form(role);
    form.push(("OIDCProviderArn", oidc_provider_arn.to_owned()));
    form.push(("OIDCToken", oidc_token.to_owned()));
    let request = post(&endpoint, &signing::v1_canonicalized_query(&common), &form);
    let shown = endpoint.to_string();
    let response = config.send(provider, request, &shown, STS_TIMEOUT).await?;
    read_answer(ACTION, role.role_arn, &response)
}

fn role_form(role: &RoleRequest<'_>) -> Vec<(&'static str, String)> {
    let mut form = vec![
        ("RoleArn", role.role_arn.to_owned()),
        ("RoleSessionName", role.session_name.to_owned()),
    ];
    if let Some(seconds) = role.duration_seconds {
        form.push(("DurationSeconds", seconds.to_string()));
    }
    if let Some(policy) = role.policy {
        form.push(("Policy", policy.to_owned()));
    }
    form
}

fn post(endpoint: &crate::Endpoint, query: &str, form: &[(&'static str, String)]) -> HttpRequest {
    let body = signing::form_encode(form).into_bytes();
    HttpRequest {
        method: Method::Post,
        url: format!("{endpoint}?{query}"),
        headers: vec![
            ("user-agent".to_owned(), USER_AGENT.to_owned()),
            ("accept".to_owned(), "application/json".to_owned()),
            ("content-type".to_owned(), FORM_CONTENT_TYPE.to_owned()),
            ("host".to_owned(), endpoint.host_header()),
        ],
        body,
        max_response_body: MAX_ANSWER_BODY,
    }
}

/// The credentials of a successful answer, or the error STS sent. Nothing of a
/// successful answer's body is ever put in a message (it holds the new secret).
fn read_answer(
    action: &'static str,
    role_arn: &str,
    response: &HttpResponse,
) -> Result<Credentials, CredentialsError> {
    let provider = format!("STS {action}");
    let body: Option<Value> = serde_json::from_slice(&response.body).ok();
    if !(200..300).contains(&response.status) {
        let text = |name: &str| {
            body.as_ref()
                .and_then(|b| b.get(name))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let Some(code) = text("Code") else {
            return Err(CredentialsError::unavailable(
                provider,
                format!(
                    "HTTP {} without an error code (the body is not an STS error)",
                    response.status
                ),
            ));
        };
        return Err(CredentialsError::Sts(Box::new(StsError {
            action,
            status: response.status,
            code,
            message: text("Message").unwrap_or_default(),
            role_arn: role_arn.to_owned(),
            request_id: text("RequestId")
                .or_else(|| response.header("x-acs-request-id").map(str::to_owned)),
        })));
    }
    let Some(credentials) = body.as_ref().and_then(|b| b.get("Credentials")) else {
        return Err(CredentialsError::unavailable(
            provider,
            "the answer has no `Credentials` object",
        ));
    };
    credentials_of(&provider, credentials, "Credentials.")
}

/// Reads `AccessKeyId`, `AccessKeySecret`, `SecurityToken` and `Expiration` from a JSON
/// object (an STS answer's `Credentials`, the metadata service's or a credentials URI's
/// answer). Messages name the missing member (`prefix` + name), never a value but the
/// expiration's.
pub(crate) fn credentials_of(
    provider: &str,
    object: &Value,
    prefix: &str,
) -> Result<Credentials, CredentialsError> {
    let member = |name: &str| {
        object
            .get(name)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                CredentialsError::unavailable(
                    provider,
                    format!("the answer has no `{prefix}{name}` string"),
                )
            })
    };
    let id = member("AccessKeyId")?;
    let secret = member("AccessKeySecret")?;
    let token = member("SecurityToken")?;
    let expiration = member("Expiration")?;
    let expires = parse_expiration(expiration).ok_or_else(|| {
        CredentialsError::unavailable(
            provider,
            format!("`{prefix}Expiration` `{expiration}` is not a UTC time (YYYY-MM-DDThh:mm:ssZ)"),
        )
    })?;
    Ok(Credentials::new(id, secret)
        .with_security_token(token)
        .with_expiration(expires))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_become_credentials_or_sts_errors() {
        let ok = HttpResponse::new(
            200,
            r#"{"RequestId":"r","Credentials":{"AccessKeyId":"STS.a","AccessKeySecret":"sek","SecurityToken":"tok","Expiration":"2030-01-01T00:00:00Z"}}"#,
        );
        let c = read_answer("AssumeRole", "acs:ram::1:role/r", &ok).unwrap();
        assert_eq!(c.access_key_id, "STS.a");
        assert!(c.expiration.is_some());

        let denied = HttpResponse::new(
            403,
            r#"{"RequestId":"R1","Code":"NoPermission","Message":"You are not authorized to do this action."}"#,
        );
        let err = read_answer("AssumeRole", "acs:ram::1:role/r", &denied).unwrap_err();
        assert_eq!(
            err.sts_error().map(|e| e.code.as_str()),
            Some("NoPermission")
        );
        assert!(
            err.to_string()
                .starts_with("STS AssumeRole: NoPermission (HTTP 403)"),
            "{err}"
        );

        let proxy = HttpResponse::new(502, "<html>bad gateway</html>");
        let err = read_answer("AssumeRole", "r", &proxy).unwrap_err();
        assert!(err.to_string().contains("HTTP 502"), "{err}");

        let bad = HttpResponse::new(
            200,
            r#"{"Credentials":{"AccessKeyId":"STS.a","AccessKeySecret":"sek-ret","SecurityToken":"tok-en","Expiration":"soon"}}"#,
        );
        let message = read_answer("AssumeRole", "r", &bad)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("Expiration") && message.contains("soon"),
            "{message}"
        );
        assert!(
            !message.contains("sek-ret") && !message.contains("tok-en"),
            "{message}"
        );

        let missing = HttpResponse::new(200, r#"{"Credentials":{"AccessKeyId":"STS.a"}}"#);
        let message = read_answer("AssumeRole", "r", &missing)
            .unwrap_err()
            .to_string();
        assert!(message.contains("Credentials.AccessKeySecret"), "{message}");
    }
}
