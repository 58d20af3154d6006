//! The STS actions credential providers call (`2015-04-01`): `AssumeRole`, signed (V1
//! or V3, checked as DataWorks calls are, the caller's own security token included),
//! and `AssumeRoleWithOIDC`, anonymous.
//!
//! Checks and answers follow `credentials-protocol.md` §5: `RoleArn`
//! (`acs:ram::<account>:role/<name>`), `RoleSessionName` (`[A-Za-z0-9.@_-]`, 2 to 64),
//! `DurationSeconds` (900 to the role's maximum), `Policy` (JSON, at most 2048
//! characters); errors `InvalidParameter.*` (400), `NoPermission` (403),
//! `EntityNotExist.Role` (404), and for OIDC `AuthenticationFail.OIDCToken.*` and
//! `AuthenticationFail.NoPermission` (whose HTTP status the notes do not give: the
//! emulator answers 403). The issued credentials count against the role's account.

use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use serde_json::{json, Value};
use time::OffsetDateTime;

use crate::auth;
use crate::codes::{Code, INVALID_ACTION, OIDC_PROVIDER_NOT_FOUND};
use crate::handler::Shared;
use crate::identity::{account_of, CredentialCounters, OidcProvider, Role};
use crate::incoming::Incoming;
use crate::issued::{format_time, IssuedKey};
use crate::rejection::{shown, Rejection};

macro_rules! sts_codes {
    ($($name:ident = $status:literal, $code:literal;)*) => {
        $( const $name: Code = Code { status: $status, code: $code, when: "STS (documented)" }; )*
    };
}

sts_codes! {
    INVALID_ROLE_ARN = 400, "InvalidParameter.RoleArn";
    INVALID_SESSION_NAME = 400, "InvalidParameter.RoleSessionName";
    INVALID_DURATION = 400, "InvalidParameter.DurationSeconds";
    POLICY_GRAMMAR = 400, "InvalidParameter.PolicyGrammar";
    POLICY_SIZE = 400, "InvalidParameter.PolicySize";
    NO_PERMISSION = 403, "NoPermission";
    ROLE_NOT_FOUND = 404, "EntityNotExist.Role";
    OIDC_INVALID = 403, "AuthenticationFail.OIDCToken.Invalid";
    OIDC_EXPIRED = 403, "AuthenticationFail.OIDCToken.Expired";
    OIDC_ISSUER = 403, "AuthenticationFail.OIDCToken.IssuerNotMatch";
    OIDC_AUDIENCE = 403, "AuthenticationFail.OIDCToken.AudienceNotMatch";
    OIDC_NO_PERMISSION = 403, "AuthenticationFail.NoPermission";
}

/// The audience an OIDC token must name.
const STS_AUDIENCE: &str = "sts.aliyuncs.com";
/// The session STS gives when `DurationSeconds` is absent.
const DEFAULT_DURATION: Duration = Duration::from_secs(3600);
/// The shortest session.
const MIN_DURATION: Duration = Duration::from_secs(900);

/// Answers one STS request (selected by `Version=2015-04-01`).
pub(crate) fn handle(
    shared: &Shared,
    request: &Incoming,
    request_id: &str,
) -> Result<Bytes, Rejection> {
    let action = request
        .param("Action")
        .or_else(|| request.header("x-acs-action"))
        .unwrap_or("");
    match action {
        "AssumeRole" => assume_role(shared, request, request_id),
        "AssumeRoleWithOIDC" => assume_role_with_oidc(shared, request, request_id),
        other => Err(Rejection::new(
            INVALID_ACTION,
            format!(
                "the STS action `{}` is not emulated (AssumeRole, AssumeRoleWithOIDC)",
                shown(other)
            ),
        )),
    }
}

fn assume_role(shared: &Shared, request: &Incoming, request_id: &str) -> Result<Bytes, Rejection> {
    let lookup = |id: &str| shared.key(id);
    let verified = auth::verify(
        request,
        &lookup,
        &shared.nonces,
        shared.settings.timestamp_window,
        OffsetDateTime::now_utc(),
    )?;
    let issued = &shared.identity.issued;
    issued.check_token(&verified.key.id, verified.security_token.as_deref())?;
    let param = |name: &str| {
        verified
            .params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    let role = find_role(shared, param("RoleArn"))?;
    let session = session_name(param("RoleSessionName"))?;
    let duration = duration(param("DurationSeconds"), role)?;
    check_policy(param("Policy"))?;
    let mut principals = vec![verified.key.id.clone(), verified.key.account.clone()];
    if let Some(key) = issued.get(&verified.key.id) {
        principals.push(key.principal);
    }
    if !role.trusted.is_empty() && !role.trusted.iter().any(|t| principals.contains(t)) {
        return Err(Rejection::new(
            NO_PERMISSION,
            format!(
                "You are not authorized to do this action. You should be authorized by RAM. ({} may not assume {})",
                verified.key.id, role.arn
            ),
        ));
    }
    if let Some(expected) = &role.external_id {
        if param("ExternalId") != Some(expected.as_str()) {
            return Err(Rejection::new(
                NO_PERMISSION,
                format!(
                    "You are not authorized to do this action: the role {} requires its ExternalId",
                    role.arn
                ),
            ));
        }
    }
    let key = issue(shared, role, duration);
    CredentialCounters::bump(&shared.identity.counters.assume_role);
    Ok(answer(request_id, role, &session, &key, None))
}

fn assume_role_with_oidc(
    shared: &Shared,
    request: &Incoming,
    request_id: &str,
) -> Result<Bytes, Rejection> {
    let param = |name: &str| request.param(name).filter(|v| !v.is_empty());
    let role = find_role(shared, param("RoleArn"))?;
    let session = session_name(param("RoleSessionName"))?;
    let duration = duration(param("DurationSeconds"), role)?;
    check_policy(param("Policy"))?;
    let provider_arn = param("OIDCProviderArn").unwrap_or("");
    let provider = shared
        .identity
        .settings
        .oidc_providers
        .iter()
        .find(|p| p.arn == provider_arn)
        .ok_or_else(|| {
            Rejection::new(
                OIDC_PROVIDER_NOT_FOUND,
                format!(
                    "the OIDC provider `{}` is not one the emulator was started with",
                    shown(provider_arn)
                ),
            )
        })?;
    let token = param("OIDCToken")
        .ok_or_else(|| Rejection::new(OIDC_INVALID, "the OIDCToken parameter is missing"))?;
    let claims = check_oidc_token(provider, token, shared.identity.issued.now())?;
    if !role.trusted.is_empty() && !role.trusted.iter().any(|t| t == &provider.arn) {
        return Err(Rejection::new(
            OIDC_NO_PERMISSION,
            format!(
                "the role {} does not trust the OIDC provider {}",
                role.arn, provider.arn
            ),
        ));
    }
    let key = issue(shared, role, duration);
    CredentialCounters::bump(&shared.identity.counters.assume_role_with_oidc);
    Ok(answer(request_id, role, &session, &key, Some(claims)))
}

fn find_role<'s>(shared: &'s Shared, arn: Option<&str>) -> Result<&'s Role, Rejection> {
    let arn =
        arn.ok_or_else(|| Rejection::new(INVALID_ROLE_ARN, "the RoleArn parameter is missing"))?;
    if account_of(arn).is_none() {
        return Err(Rejection::new(
            INVALID_ROLE_ARN,
            format!(
                "the RoleArn `{}` is not `acs:ram::<account>:role/<name>`",
                shown(arn)
            ),
        ));
    }
    shared
        .identity
        .settings
        .roles
        .iter()
        .find(|r| r.arn == arn)
        .ok_or_else(|| {
            Rejection::new(
                ROLE_NOT_FOUND,
                format!(
                    "The role `{}` does not exist (the emulator was not started with it)",
                    shown(arn)
                ),
            )
        })
}

fn session_name(name: Option<&str>) -> Result<String, Rejection> {
    let name = name.ok_or_else(|| {
        Rejection::new(
            INVALID_SESSION_NAME,
            "the RoleSessionName parameter is missing",
        )
    })?;
    let valid = (2..=64).contains(&name.chars().count())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".@_-".contains(&b));
    if !valid {
        return Err(Rejection::new(
            INVALID_SESSION_NAME,
            format!(
                "the RoleSessionName `{}` must be 2 to 64 characters of A-Z a-z 0-9 . @ _ -",
                shown(name)
            ),
        ));
    }
    Ok(name.to_owned())
}

fn duration(seconds: Option<&str>, role: &Role) -> Result<Duration, Rejection> {
    let Some(text) = seconds else {
        return Ok(DEFAULT_DURATION.min(role.max_session));
    };
    let seconds: u64 = text.parse().map_err(|_| {
        Rejection::new(
            INVALID_DURATION,
            format!("DurationSeconds `{}` is not a whole number", shown(text)),
        )
    })?;
    let duration = Duration::from_secs(seconds);
    if duration < MIN_DURATION || duration > role.max_session {
        return Err(Rejection::new(
            INVALID_DURATION,
            format!(
                "DurationSeconds {seconds} is outside {} to {} (the role's maximum session)",
                MIN_DURATION.as_secs(),
                role.max_session.as_secs()
            ),
        ));
    }
    Ok(duration)
}

fn check_policy(policy: Option<&str>) -> Result<(), Rejection> {
    let Some(policy) = policy else { return Ok(()) };
    if policy.chars().count() > 2048 {
        return Err(Rejection::new(
            POLICY_SIZE,
            "the Policy is longer than 2048 characters",
        ));
    }
    if !serde_json::from_str::<Value>(policy).is_ok_and(|v| v.is_object()) {
        return Err(Rejection::new(
            POLICY_GRAMMAR,
            "the Policy is not a JSON object",
        ));
    }
    Ok(())
}

/// Checks an OIDC token against the provider: its exact value, or a JWT's issuer,
/// audience and expiry. Returns the token's claims for `OIDCTokenInfo`.
fn check_oidc_token(
    provider: &OidcProvider,
    token: &str,
    now: OffsetDateTime,
) -> Result<Value, Rejection> {
    if let Some(expected) = &provider.token {
        if token != expected {
            return Err(Rejection::new(
                OIDC_INVALID,
                format!(
                    "the OIDC token is not the one the provider {} accepts",
                    provider.arn
                ),
            ));
        }
        return Ok(jwt_claims(token).unwrap_or_else(|| json!({})));
    }
    let claims = jwt_claims(token).ok_or_else(|| {
        Rejection::new(
            OIDC_INVALID,
            "the OIDC token is not a JWT (header.payload.signature)",
        )
    })?;
    let issuer = claims.get("iss").and_then(Value::as_str).unwrap_or("");
    if Some(issuer) != provider.issuer.as_deref() {
        return Err(Rejection::new(
            OIDC_ISSUER,
            format!(
                "the token's issuer `{}` is not the provider's",
                shown(issuer)
            ),
        ));
    }
    let audience_ok = match claims.get("aud") {
        Some(Value::String(aud)) => aud == STS_AUDIENCE,
        Some(Value::Array(auds)) => auds.iter().any(|a| a == STS_AUDIENCE),
        _ => false,
    };
    if !audience_ok {
        return Err(Rejection::new(
            OIDC_AUDIENCE,
            format!("the token's audience must include `{STS_AUDIENCE}`"),
        ));
    }
    if let Some(exp) = claims.get("exp").and_then(Value::as_i64) {
        if exp <= now.unix_timestamp() {
            return Err(Rejection::new(OIDC_EXPIRED, "the OIDC token has expired"));
        }
    }
    Ok(claims)
}

/// The payload of a JWT (`header.payload.signature`, base64url), if `token` is one.
fn jwt_claims(token: &str) -> Option<Value> {
    let mut parts = token.split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice::<Value>(&bytes)
        .ok()
        .filter(Value::is_object)
}

fn issue(shared: &Shared, role: &Role, duration: Duration) -> IssuedKey {
    let account = role.account().unwrap_or("0");
    shared.identity.issued.issue(account, &role.arn, duration)
}

fn answer(
    request_id: &str,
    role: &Role,
    session: &str,
    key: &IssuedKey,
    oidc: Option<Value>,
) -> Bytes {
    let account = role.account().unwrap_or("0");
    let name = role.arn.rsplit('/').next().unwrap_or("");
    let mut body = json!({
        "RequestId": request_id,
        "AssumedRoleUser": {
            "Arn": format!("acs:ram::{account}:role/{name}/{session}"),
            "AssumedRoleId": format!("3{}:{session}", &key.key.id[4..].to_ascii_uppercase()),
        },
        "Credentials": {
            "AccessKeyId": key.key.id,
            "AccessKeySecret": key.key.secret,
            "SecurityToken": key.token,
            "Expiration": format_time(key.expires),
        },
    });
    if let Some(claims) = oidc {
        body["OIDCTokenInfo"] = json!({
            "Subject": claims.get("sub").cloned().unwrap_or(Value::Null),
            "Issuer": claims.get("iss").cloned().unwrap_or(Value::Null),
            "ClientIds": claims.get("aud").cloned().unwrap_or(Value::Null),
        });
    }
    Bytes::from(serde_json::to_vec(&body).expect("a JSON value serializes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: Value) -> String {
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "{}.{}.sig",
            engine.encode(br#"{"alg":"RS256"}"#),
            engine.encode(claims.to_string())
        )
    }

    #[test]
    fn oidc_tokens_by_value_or_issuer() {
        let now = OffsetDateTime::now_utc();
        let by_value = OidcProvider::with_token("p", "tok");
        assert!(check_oidc_token(&by_value, "tok", now).is_ok());
        assert_eq!(
            check_oidc_token(&by_value, "other", now).unwrap_err().code,
            OIDC_INVALID.code
        );

        let by_issuer = OidcProvider::with_issuer("p", "https://oidc.example");
        let good = jwt(
            json!({"iss": "https://oidc.example", "aud": ["sts.aliyuncs.com"], "sub": "s", "exp": now.unix_timestamp() + 60}),
        );
        assert_eq!(
            check_oidc_token(&by_issuer, &good, now).unwrap()["sub"],
            "s"
        );
        let other_issuer = jwt(json!({"iss": "https://evil", "aud": "sts.aliyuncs.com"}));
        assert_eq!(
            check_oidc_token(&by_issuer, &other_issuer, now)
                .unwrap_err()
                .code,
            OIDC_ISSUER.code
        );
        let other_audience = jwt(json!({"iss": "https://oidc.example", "aud": "x"}));
        assert_eq!(
            check_oidc_token(&by_issuer, &other_audience, now)
                .unwrap_err()
                .code,
            OIDC_AUDIENCE.code
        );
        let expired = jwt(
            json!({"iss": "https://oidc.example", "aud": "sts.aliyuncs.com", "exp": now.unix_timestamp() - 1}),
        );
        assert_eq!(
            check_oidc_token(&by_issuer, &expired, now)
                .unwrap_err()
                .code,
            OIDC_EXPIRED.code
        );
        assert_eq!(
            check_oidc_token(&by_issuer, "not-a-jwt", now)
                .unwrap_err()
                .code,
            OIDC_INVALID.code
        );
    }

    #[test]
    fn parameters_follow_the_documented_limits() {
        assert!(session_name(Some("ok.name@x_y-z")).is_ok());
        for bad in ["a", "has space", "x!", &"n".repeat(65)] {
            assert_eq!(
                session_name(Some(bad)).unwrap_err().code,
                INVALID_SESSION_NAME.code,
                "{bad}"
            );
        }
        let role = Role::new("acs:ram::1:role/r").max_session(Duration::from_secs(7200));
        assert_eq!(duration(None, &role).unwrap(), DEFAULT_DURATION);
        assert_eq!(
            duration(Some("7200"), &role).unwrap(),
            Duration::from_secs(7200)
        );
        for bad in ["899", "7201", "x"] {
            assert_eq!(
                duration(Some(bad), &role).unwrap_err().code,
                INVALID_DURATION.code,
                "{bad}"
            );
        }
        assert!(check_policy(Some(r#"{"Version":"1","Statement":[]}"#)).is_ok());
        assert_eq!(
            check_policy(Some("not json")).unwrap_err().code,
            POLICY_GRAMMAR.code
        );
        let long = format!(r#"{{"x":"{}"}}"#, "a".repeat(2100));
        assert_eq!(
            check_policy(Some(&long)).unwrap_err().code,
            POLICY_SIZE.code
        );
    }
}
