//! Who is calling, and is the request theirs: the V1 (HMAC-SHA1) and V3
//! (ACS3-HMAC-SHA256) signature checks, the timestamp window and nonce replay.
//!
//! The signature is recomputed with the client's own primitives
//! ([`dataworks_runtime::signing`]), from the request exactly as received.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use dataworks_runtime::signing;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use crate::codes::{
    CONTENT_SHA256_MISMATCH, INVALID_ACCESS_KEY_ID, INVALID_AUTHORIZATION, INVALID_TIMESTAMP,
    MISSING_COMMON_PARAMETER, MISSING_SIGNATURE, SIGNATURE_DOES_NOT_MATCH, SIGNATURE_NONCE_USED,
    UNSUPPORTED_SIGNATURE,
};
use crate::config::Key;
use crate::incoming::Incoming;
use crate::rejection::{shown, Rejection};

/// The common parameters of V1, which are not the operation's own.
const V1_COMMON: &[&str] = &[
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "SignatureType",
    "Timestamp",
    "RegionId",
    "SecurityToken",
    "Signature",
];

/// Headers a V3 signature must cover.
const V3_REQUIRED_SIGNED: &[&str] = &[
    "host",
    "x-acs-action",
    "x-acs-content-sha256",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-version",
];

/// Finds the key of an AccessKey id: the emulator's own keys, and the temporary
/// credentials it issued.
pub(crate) type KeyLookup<'a> = &'a (dyn Fn(&str) -> Option<Key> + Sync);

/// A request whose signature, timestamp and nonce were accepted.
#[derive(Debug)]
pub(crate) struct Verified {
    /// The key that signed it.
    pub key: Key,
    /// `SecurityToken` / `x-acs-security-token`, when sent (checked by the caller).
    pub security_token: Option<String>,
    /// `Action` / `x-acs-action`.
    pub action: String,
    /// `Version` / `x-acs-version`.
    pub version: String,
    /// `RegionId` when the request names one.
    pub region: Option<String>,
    /// The operation's own parameters (the common ones removed).
    pub params: Vec<(String, String)>,
}

/// Recently seen nonces per key, forgotten once their timestamp has left the window.
pub(crate) struct Nonces {
    shards: Vec<Mutex<Shard>>,
}

#[derive(Default)]
struct Shard {
    seen: HashMap<(String, String), i64>,
    order: VecDeque<(i64, (String, String))>,
}

impl Nonces {
    pub fn new() -> Self {
        Self::with_shards(16)
    }

    fn with_shards(shards: usize) -> Self {
        Nonces {
            shards: (0..shards.max(1))
                .map(|_| Mutex::new(Shard::default()))
                .collect(),
        }
    }

    /// Records `nonce` of `key` sent at `stamp` (Unix seconds); false if already seen.
    /// Entries older than `now - window` are dropped first, so memory is bounded by the
    /// calls of one window.
    fn record(&self, key: &str, nonce: &str, stamp: i64, now: i64, window: i64) -> bool {
        let index = shard_of(key, nonce, self.shards.len());
        let mut shard = self.shards[index].lock().unwrap_or_else(|e| e.into_inner());
        while let Some((when, _)) = shard.order.front() {
            if *when >= now - window {
                break;
            }
            let (_, entry) = shard.order.pop_front().expect("front exists");
            shard.seen.remove(&entry);
        }
        let entry = (key.to_owned(), nonce.to_owned());
        if shard.seen.contains_key(&entry) {
            return false;
        }
        shard.seen.insert(entry.clone(), stamp);
        // Keep `order` sorted enough for expiry: a stamp is within the window of `now`,
        // and expiry uses `now`, so insertion order is close to time order; an entry
        // kept a little longer is harmless.
        shard.order.push_back((stamp.max(now - window), entry));
        true
    }
}

fn shard_of(key: &str, nonce: &str, shards: usize) -> usize {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut hasher);
    nonce.hash(&mut hasher);
    (hasher.finish() as usize) % shards
}

/// Checks the signature of `request` against `keys`, then its timestamp and nonce.
pub(crate) fn verify(
    request: &Incoming,
    keys: KeyLookup<'_>,
    nonces: &Nonces,
    window: Duration,
    now: OffsetDateTime,
) -> Result<Verified, Rejection> {
    let (verified, stamp, nonce) = match request.header("authorization") {
        Some(auth) => verify_v3(request, auth, keys)?,
        None if request.param("Signature").is_some() => verify_v1(request, keys)?,
        None => {
            return Err(Rejection::new(
                MISSING_SIGNATURE,
                "the request is not signed: send an `Authorization: ACS3-HMAC-SHA256 …` header (V3) or a `Signature` parameter (V1)",
            ))
        }
    };
    let sent = parse_timestamp(&stamp).ok_or_else(|| {
        Rejection::new(
            INVALID_TIMESTAMP,
            format!(
                "the timestamp `{}` is not `YYYY-MM-DDThh:mm:ssZ` (UTC)",
                shown(&stamp)
            ),
        )
    })?;
    let window_secs = i64::try_from(window.as_secs()).unwrap_or(i64::MAX);
    let skew = (now - sent).whole_seconds();
    if skew.abs() > window_secs {
        return Err(Rejection::new(
            INVALID_TIMESTAMP,
            format!(
                "the timestamp `{stamp}` is {} s {} the emulator's clock; at most {window_secs} s are accepted",
                skew.abs(),
                if skew > 0 { "behind" } else { "ahead of" },
            ),
        ));
    }
    if !nonces.record(
        &verified.key.id,
        &nonce,
        sent.unix_timestamp(),
        now.unix_timestamp(),
        window_secs,
    ) {
        return Err(Rejection::new(
            SIGNATURE_NONCE_USED,
            format!(
                "the nonce `{}` was already used by this key; send a fresh one with every request",
                shown(&nonce)
            ),
        ));
    }
    Ok(verified)
}

/// `YYYY-MM-DDThh:mm:ssZ` exactly (UTC, whole seconds), as the protocol specifies.
fn parse_timestamp(text: &str) -> Option<OffsetDateTime> {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    PrimitiveDateTime::parse(text, format)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

type Checked = (Verified, String, String);

fn lookup(keys: KeyLookup<'_>, id: &str) -> Result<Key, Rejection> {
    keys(id).ok_or_else(|| {
        Rejection::new(
            INVALID_ACCESS_KEY_ID,
            format!(
                "the AccessKey id `{}` is not one of this emulator's keys",
                shown(id)
            ),
        )
    })
}

fn missing(what: &str) -> Rejection {
    Rejection::new(
        MISSING_COMMON_PARAMETER,
        format!("the common parameter `{what}` is missing"),
    )
}

fn verify_v1(request: &Incoming, keys: KeyLookup<'_>) -> Result<Checked, Rejection> {
    let get = |name: &str| request.param(name).ok_or_else(|| missing(name));
    let key = lookup(keys, get("AccessKeyId")?)?;
    let method = get("SignatureMethod")?;
    let version = get("SignatureVersion")?;
    if method != "HMAC-SHA1" || version != "1.0" {
        return Err(Rejection::new(
            UNSUPPORTED_SIGNATURE,
            format!(
                "SignatureMethod `{}` with SignatureVersion `{}`: only HMAC-SHA1 1.0 (V1) or ACS3-HMAC-SHA256 (V3) are accepted",
                shown(method),
                shown(version)
            ),
        ));
    }
    if let Some(format) = request.param("Format") {
        if !format.eq_ignore_ascii_case("JSON") {
            return Err(Rejection::new(
                UNSUPPORTED_SIGNATURE,
                format!(
                    "Format `{}`: the emulator answers in JSON only",
                    shown(format)
                ),
            ));
        }
    }
    let action = get("Action")?.to_owned();
    let api_version = get("Version")?.to_owned();
    let stamp = get("Timestamp")?.to_owned();
    let nonce = get("SignatureNonce")?.to_owned();
    let given = get("Signature")?;
    let all: Vec<(&str, &str)> = request
        .params()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let string_to_sign = signing::v1_string_to_sign(request.method, &all);
    let expected = signing::v1_signature(&key.secret, &string_to_sign);
    if expected != given {
        return Err(Rejection::new(
            SIGNATURE_DOES_NOT_MATCH,
            format!(
                "the V1 signature does not match; the emulator signed this string: {string_to_sign}"
            ),
        ));
    }
    let params = request
        .params()
        .filter(|(k, _)| !V1_COMMON.contains(&k.as_str()))
        .cloned()
        .collect();
    let region = request.param("RegionId").map(str::to_owned);
    let security_token = request.param("SecurityToken").map(str::to_owned);
    Ok((
        Verified {
            key,
            security_token,
            action,
            version: api_version,
            region,
            params,
        },
        stamp,
        nonce,
    ))
}

/// The parts of `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`.
struct Authorization<'a> {
    credential: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, Rejection> {
    let bad = |why: &str| {
        Rejection::new(
            INVALID_AUTHORIZATION,
            format!("the Authorization header {why}; expected `ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=a;b,Signature=HEX`"),
        )
    };
    let rest = value
        .strip_prefix(signing::V3_ALGORITHM)
        .and_then(|rest| rest.strip_prefix(' '))
        .ok_or_else(|| bad("does not start with `ACS3-HMAC-SHA256 `"))?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (name, value) = part
            .trim()
            .split_once('=')
            .ok_or_else(|| bad("has a part without `=`"))?;
        let slot = match name {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => return Err(bad("has an unknown part")),
        };
        *slot = Some(value);
    }
    Ok(Authorization {
        credential: credential.ok_or_else(|| bad("has no Credential"))?,
        signed_headers: signed_headers.ok_or_else(|| bad("has no SignedHeaders"))?,
        signature: signature.ok_or_else(|| bad("has no Signature"))?,
    })
}

fn verify_v3(
    request: &Incoming,
    authorization: &str,
    keys: KeyLookup<'_>,
) -> Result<Checked, Rejection> {
    let auth = parse_authorization(authorization)?;
    let key = lookup(keys, auth.credential)?;
    let header = |name: &str| {
        request.header(name).ok_or_else(|| {
            Rejection::new(
                MISSING_COMMON_PARAMETER,
                format!("the header `{name}` is missing"),
            )
        })
    };
    let signed: Vec<&str> = auth.signed_headers.split(';').collect();
    let mut required: Vec<&str> = V3_REQUIRED_SIGNED.to_vec();
    if request.header("content-type").is_some() {
        required.push("content-type");
    }
    if request.header("x-acs-security-token").is_some() {
        required.push("x-acs-security-token");
    }
    for name in required {
        header(name)?;
        if !signed.contains(&name) {
            return Err(Rejection::new(
                INVALID_AUTHORIZATION,
                format!("the header `{name}` must be signed (listed in SignedHeaders)"),
            ));
        }
    }
    let mut sorted = signed.clone();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted != signed {
        return Err(Rejection::new(
            INVALID_AUTHORIZATION,
            "SignedHeaders must be lower-case names, sorted, each once",
        ));
    }
    let mut canonical = String::new();
    for name in &signed {
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(header(name)?.trim());
        canonical.push('\n');
    }
    let content_sha256 = header("x-acs-content-sha256")?;
    let actual_sha256 = signing::content_sha256(&request.body);
    if content_sha256 != actual_sha256 {
        return Err(Rejection::new(
            CONTENT_SHA256_MISMATCH,
            format!(
                "x-acs-content-sha256 is `{}` but the body received hashes to `{actual_sha256}`",
                shown(content_sha256)
            ),
        ));
    }
    let headers = signing::CanonicalHeaders {
        canonical,
        signed: auth.signed_headers.to_owned(),
    };
    let canonical_request = signing::v3_canonical_request(
        request.method,
        &request.path,
        &request.query,
        &headers,
        content_sha256,
    );
    let string_to_sign = signing::v3_string_to_sign(&canonical_request);
    let expected = signing::v3_signature(&key.secret, &string_to_sign);
    if expected != auth.signature {
        return Err(Rejection::new(
            SIGNATURE_DOES_NOT_MATCH,
            format!(
                "the V3 signature does not match; the emulator's canonical request was: {canonical_request:?}"
            ),
        ));
    }
    let params = request.params().cloned().collect();
    let region = request.param("RegionId").map(str::to_owned);
    let security_token = request.header("x-acs-security-token").map(str::to_owned);
    Ok((
        Verified {
            key,
            security_token,
            action: header("x-acs-action")?.to_owned(),
            version: header("x-acs-version")?.to_owned(),
            region,
            params,
        },
        header("x-acs-date")?.to_owned(),
        header("x-acs-signature-nonce")?.to_owned(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_refused_once_and_forgotten_after_the_window() {
        let nonces = Nonces::with_shards(1);
        assert!(nonces.record("k", "n1", 1000, 1000, 60));
        assert!(!nonces.record("k", "n1", 1000, 1001, 60));
        assert!(
            nonces.record("other", "n1", 1000, 1001, 60),
            "nonces are per key"
        );
        // Once the first stamp is out of the window the nonce is forgotten: a request
        // carrying it would be refused for its timestamp anyway.
        assert!(nonces.record("k", "n2", 1100, 1100, 60));
        let total: usize = nonces
            .shards
            .iter()
            .map(|s| s.lock().unwrap().seen.len())
            .sum();
        assert_eq!(total, 1, "expired nonces are dropped");
    }

    #[test]
    fn timestamps_are_utc_whole_seconds_with_a_z() {
        let parsed = parse_timestamp("2026-11-23T05:05:30Z").unwrap();
        assert_eq!(parsed.unix_timestamp(), 1_795_410_330);
        for bad in [
            "2026-11-23T05:05:30.5Z",
            "2026-11-23T13:05:30+08:00",
            "2026-11-23 05:05:30Z",
            "2026-11-23T05:05:30",
            "2026-13-23T05:05:30Z",
            "",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn authorization_header_parts() {
        let auth = parse_authorization(
            "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-date,Signature=abc",
        )
        .unwrap();
        assert_eq!(auth.credential, "testid");
        assert_eq!(auth.signed_headers, "host;x-acs-date");
        assert_eq!(auth.signature, "abc");
        for bad in [
            "Bearer x",
            "ACS3-HMAC-SHA256",
            "ACS3-HMAC-SHA256 Credential=a,Signature=b",
            "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=b,Signature=c,Other=d",
            "ACS3-HMAC-SHA256 Credential",
        ] {
            let err = parse_authorization(bad).err().expect(bad);
            assert_eq!(err.code, "Emulator.InvalidAuthorization", "{bad}");
        }
    }
}
