//! The temporary credentials the emulator issued (STS, the instance metadata service,
//! the credentials URI), and the check that a call signed with one carries its
//! security token and comes before it expires.
//!
//! Issued credentials live on a clock of their own: the real time plus an offset that
//! tests move forward ([`crate::Emulator::advance_credential_clock`]), so expiry can be
//! tested without waiting while signature timestamps stay checked against the real
//! time.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::codes::{INVALID_SECURITY_TOKEN, SECURITY_TOKEN_EXPIRED};
use crate::config::Key;
use crate::rejection::{shown, Rejection};

/// Issued credentials are forgotten this long after they expire.
const FORGET_AFTER: Duration = Duration::from_secs(24 * 3600);

/// One set of temporary credentials.
#[derive(Debug, Clone)]
pub(crate) struct IssuedKey {
    /// The key (`STS.…` id, secret, the account calls count against).
    pub key: Key,
    /// The security token that must travel with it.
    pub token: String,
    /// When it expires (on the credential clock).
    pub expires: OffsetDateTime,
    /// Who it was issued to: the role ARN, or the instance role's name.
    pub principal: String,
}

/// The issued credentials and the credential clock.
#[derive(Default)]
pub(crate) struct Issued {
    keys: Mutex<HashMap<String, IssuedKey>>,
    offset_seconds: AtomicI64,
}

impl Issued {
    /// The time on the credential clock.
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
            + time::Duration::seconds(self.offset_seconds.load(Ordering::Relaxed))
    }

    /// Moves the credential clock forward.
    pub fn advance(&self, by: Duration) {
        let seconds = i64::try_from(by.as_secs()).unwrap_or(i64::MAX);
        self.offset_seconds.fetch_add(seconds, Ordering::Relaxed);
    }

    /// New credentials for `account`, valid for `lifetime` from now.
    pub fn issue(&self, account: &str, principal: &str, lifetime: Duration) -> IssuedKey {
        let now = self.now();
        let issued = IssuedKey {
            key: Key::new(format!("STS.{}", random_hex(12)), random_hex(20)).account(account),
            token: format!("CAIS{}", random_hex(48)),
            expires: (now + lifetime)
                .replace_nanosecond(0)
                .unwrap_or(now + lifetime),
            principal: principal.to_owned(),
        };
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        keys.retain(|_, k| k.expires + FORGET_AFTER > now);
        keys.insert(issued.key.id.clone(), issued.clone());
        issued
    }

    /// The issued credentials of an AccessKey id.
    pub fn get(&self, id: &str) -> Option<IssuedKey> {
        self.keys
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)
            .cloned()
    }

    /// Checks the security token sent with a call signed by `key_id`: temporary
    /// credentials need their own token and must not have expired; long-term keys take
    /// none.
    pub fn check_token(&self, key_id: &str, token: Option<&str>) -> Result<(), Rejection> {
        let Some(issued) = self.get(key_id) else {
            return match token {
                None => Ok(()),
                Some(_) => Err(Rejection::new(
                    INVALID_SECURITY_TOKEN,
                    format!(
                        "the AccessKey `{}` is a long-term key: it takes no security token",
                        shown(key_id)
                    ),
                )),
            };
        };
        match token {
            None => Err(Rejection::new(
                INVALID_SECURITY_TOKEN,
                format!(
                    "the temporary AccessKey `{key_id}` was sent without its security token (SecurityToken / x-acs-security-token)"
                ),
            )),
            Some(token) if token != issued.token => Err(Rejection::new(
                INVALID_SECURITY_TOKEN,
                format!("the security token is not the one issued with the temporary AccessKey `{key_id}`"),
            )),
            Some(_) => {
                let now = self.now();
                if now >= issued.expires {
                    Err(Rejection::new(
                        SECURITY_TOKEN_EXPIRED,
                        format!(
                            "the temporary credentials `{key_id}` expired at {} (the emulator's credential clock says {})",
                            format_time(issued.expires),
                            format_time(now)
                        ),
                    ))
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// `YYYY-MM-DDThh:mm:ssZ`.
pub(crate) fn format_time(at: OffsetDateTime) -> String {
    let at = at.replace_nanosecond(0).unwrap_or(at);
    at.format(&Rfc3339).unwrap_or_default()
}

/// `bytes` random bytes as hex.
pub(crate) fn random_hex(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes * 2);
    while out.len() < bytes * 2 {
        out.push_str(&uuid::Uuid::new_v4().simple().to_string());
    }
    out.truncate(bytes * 2);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_checked_and_expire_on_the_credential_clock() {
        let issued = Issued::default();
        let key = issued.issue("acct", "acs:ram::1:role/r", Duration::from_secs(900));
        assert!(key.key.id.starts_with("STS."));
        assert_eq!(key.key.account, "acct");
        assert!(issued.check_token(&key.key.id, Some(&key.token)).is_ok());
        let missing = issued.check_token(&key.key.id, None).unwrap_err();
        assert_eq!(missing.code, "Emulator.InvalidSecurityToken");
        let wrong = issued
            .check_token(&key.key.id, Some("CAISother"))
            .unwrap_err();
        assert_eq!(wrong.code, "Emulator.InvalidSecurityToken");
        assert!(!wrong.message.contains(&key.token));
        let long_term = issued.check_token("testid", Some("x")).unwrap_err();
        assert_eq!(long_term.code, "Emulator.InvalidSecurityToken");
        assert!(issued.check_token("testid", None).is_ok());
        issued.advance(Duration::from_secs(900));
        let expired = issued
            .check_token(&key.key.id, Some(&key.token))
            .unwrap_err();
        assert_eq!(expired.code, "Emulator.SecurityTokenExpired");
        assert_eq!(expired.status, 403);
    }
}
