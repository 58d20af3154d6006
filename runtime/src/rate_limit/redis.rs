//! The Redis backend: the counts of every scope live in Redis, so every process and
//! machine using the same server shares one budget per account and region.
//!
//! Each admission is one `EVALSHA` of a Lua script: one round trip, atomic on the
//! server, on the server's clock (`TIME`), so that clocks of different machines never
//! meet. The script
//! 1. reads this month's usage count and refuses the call when the monthly budget is
//!    used up;
//! 2. reads today's count of the tier and refuses the call when the daily quota is
//!    used up;
//! 3. reserves the earliest start that keeps at most `qps` starts in any second (the
//!    last `qps` reserved starts are a list), and returns how long the caller waits;
//! 4. counts the call for the day and the month.
//!
//! Keys are `<prefix>:{<account>|<region>}:…` (the braces keep one scope's keys in one
//! cluster slot): `…:t<tier>:starts` (a list of at most `qps` start times, expiring a
//! second after the last start), `…:t<tier>:day` (`<day>:<count>`, expiring after two
//! days) and `…:usage` (`<yyyymm>:<count>`, expiring after 62 days). Nothing grows
//! without bound. Days and months are counted in the limiter's UTC offset from the
//! server's clock.

use std::fmt;
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::Script;
use time::UtcOffset;
use tokio::sync::OnceCell;

use super::{Admission, BackendError, LimiterBackend, MonthlyCount, QuotaScope, Refusal};
use crate::transport::BoxFuture;

/// Converts a day number (days since 1970-01-01) to a year and month, in Lua (the
/// civil-from-days algorithm of H. Hinnant); sets `year`, `month`, `yyyymm`.
const CALENDAR_LUA: &str = r#"
local t = redis.call('TIME')
local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local day = math.floor((tonumber(t[1]) + tonumber(ARGV[1])) / 86400)
local z = day + 719468
local era = math.floor(z / 146097)
local doe = z - era * 146097
local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
local year = yoe + era * 400
local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
local mp = math.floor((5 * doy + 2) / 153)
local month = mp < 10 and mp + 3 or mp - 9
if month <= 2 then year = year + 1 end
local yyyymm = year * 100 + month
local function counted(key, period)
  local v = redis.call('GET', key)
  if v then
    local sep = string.find(v, ':', 1, true)
    if sep and tonumber(string.sub(v, 1, sep - 1)) == period then
      return tonumber(string.sub(v, sep + 1))
    end
  end
  return 0
end
"#;

/// KEYS: starts, day, usage. ARGV: offset seconds, qps (0: unpaced), daily (-1: none),
/// budget (-1: none). Returns {0, wait ms} or {1, daily} (quota) or {2, budget}.
const ADMIT_LUA: &str = r#"
local qps = tonumber(ARGV[2])
local daily = tonumber(ARGV[3])
local budget = tonumber(ARGV[4])
local calls = counted(KEYS[3], yyyymm)
if budget >= 0 and calls >= budget then return {2, budget} end
local used = 0
if daily >= 0 then
  used = counted(KEYS[2], day)
  if used >= daily then return {1, daily} end
end
local wait = 0
if qps > 0 then
  local start = now_ms
  if redis.call('LLEN', KEYS[1]) >= qps then
    local oldest = tonumber(redis.call('LINDEX', KEYS[1], -qps))
    if oldest + 1000 > start then start = oldest + 1000 end
  end
  redis.call('RPUSH', KEYS[1], start)
  redis.call('LTRIM', KEYS[1], -qps, -1)
  redis.call('PEXPIRE', KEYS[1], start - now_ms + 1000)
  wait = start - now_ms
end
if daily >= 0 then
  redis.call('SET', KEYS[2], day .. ':' .. (used + 1), 'EX', 172800)
end
redis.call('SET', KEYS[3], yyyymm .. ':' .. (calls + 1), 'EX', 5356800)
return {0, wait}
"#;

/// KEYS: day, usage. ARGV: offset seconds. Returns {yyyymm, calls this month, used today}.
const READ_LUA: &str = r#"
return {yyyymm, counted(KEYS[2], yyyymm), counted(KEYS[1], day)}
"#;

/// The default key prefix.
pub const DEFAULT_PREFIX: &str = "dataworks:quota";

/// Settings of a [`RedisBackend`].
#[derive(Debug, Clone)]
#[must_use]
pub struct RedisBackendBuilder {
    url: String,
    prefix: String,
    connect_timeout: Duration,
    response_timeout: Duration,
}

impl RedisBackendBuilder {
    /// The prefix of every key (default `dataworks:quota`); processes share counts only
    /// when they use the same prefix.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// How long connecting may take (default 200 ms).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one script run may take before it counts as failed (default 200 ms).
    pub fn response_timeout(mut self, timeout: Duration) -> Self {
        self.response_timeout = timeout;
        self
    }

    /// Checks the URL; connects on first use (and reconnects after a failure).
    pub fn build(self) -> Result<RedisBackend, BackendError> {
        let shown = redacted(&self.url);
        let client = redis::Client::open(self.url.as_str()).map_err(|e| BackendError {
            backend: format!("Redis at {shown}"),
            message: format!("invalid Redis URL: {e}"),
        })?;
        let calendar = |body: &str| Script::new(&format!("{CALENDAR_LUA}{body}"));
        Ok(RedisBackend {
            shown,
            client,
            prefix: self.prefix,
            connect_timeout: self.connect_timeout,
            response_timeout: self.response_timeout,
            connection: OnceCell::new(),
            admit: calendar(ADMIT_LUA),
            read: calendar(READ_LUA),
        })
    }
}

/// Counts kept in Redis, shared by every client using the same server and prefix.
pub struct RedisBackend {
    shown: String,
    client: redis::Client,
    prefix: String,
    connect_timeout: Duration,
    response_timeout: Duration,
    connection: OnceCell<ConnectionManager>,
    admit: Script,
    read: Script,
}

impl fmt::Debug for RedisBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redis at {}", self.shown)
    }
}

/// `url` without a password.
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "<invalid URL>".to_owned(),
    }
}

impl RedisBackend {
    /// Settings for the server at `url` (`redis://host:port/db`, `rediss://` for TLS
    /// where redis-rs supports it).
    pub fn builder(url: impl Into<String>) -> RedisBackendBuilder {
        RedisBackendBuilder {
            url: url.into(),
            prefix: DEFAULT_PREFIX.to_owned(),
            connect_timeout: Duration::from_millis(200),
            response_timeout: Duration::from_millis(200),
        }
    }

    /// The server at `url` with the default settings.
    pub fn new(url: impl Into<String>) -> Result<Self, BackendError> {
        RedisBackend::builder(url).build()
    }

    fn error(&self, what: &str, e: impl fmt::Display) -> BackendError {
        BackendError {
            backend: format!("Redis at {}", self.shown),
            message: format!("{what}: {e}"),
        }
    }

    /// The connection (made on first use; the manager reconnects after failures), with
    /// the scripts loaded so that each admission is one `EVALSHA`.
    async fn connection(&self) -> Result<ConnectionManager, BackendError> {
        let manager = self
            .connection
            .get_or_try_init(|| async {
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(self.connect_timeout)
                    .set_response_timeout(self.response_timeout)
                    .set_number_of_retries(1)
                    .set_max_delay(100);
                let mut manager = ConnectionManager::new_with_config(self.client.clone(), config)
                    .await
                    .map_err(|e| self.error("cannot connect", e))?;
                for script in [&self.admit, &self.read] {
                    script
                        .prepare_invoke()
                        .load_async(&mut manager)
                        .await
                        .map_err(|e| self.error("cannot load the limiter script", e))?;
                }
                Ok::<_, BackendError>(manager)
            })
            .await?;
        Ok(manager.clone())
    }

    fn key(&self, scope: &QuotaScope, rest: &str) -> String {
        format!(
            "{}:{{{}|{}}}:{rest}",
            self.prefix, scope.account, scope.region
        )
    }

    async fn admit_once(
        &self,
        scope: &QuotaScope,
        admission: Admission,
    ) -> Result<Result<Duration, Refusal>, BackendError> {
        let mut connection = self.connection().await?;
        let (tier, qps, daily) = match admission.limit {
            Some((tier, limit)) => (
                tier,
                i64::from(limit.qps),
                limit.daily.map_or(-1, i64::from),
            ),
            None => (0, 0, -1),
        };
        let budget = admission
            .monthly_budget
            .map_or(-1, |b| i64::try_from(b).unwrap_or(i64::MAX));
        let (status, value): (i64, i64) = self
            .admit
            .key(self.key(scope, &format!("t{tier}:starts")))
            .key(self.key(scope, &format!("t{tier}:day")))
            .key(self.key(scope, "usage"))
            .arg(admission.utc_offset.whole_seconds())
            .arg(qps)
            .arg(daily)
            .arg(budget)
            .invoke_async(&mut connection)
            .await
            .map_err(|e| self.error("the limiter script failed", e))?;
        match status {
            0 => Ok(Ok(Duration::from_millis(u64::try_from(value).unwrap_or(0)))),
            1 => Ok(Err(Refusal::Daily {
                tier,
                limit: u32::try_from(value).unwrap_or(u32::MAX),
            })),
            2 => Ok(Err(Refusal::Budget {
                budget: u64::try_from(value).unwrap_or(0),
            })),
            other => Err(self.error("unexpected answer", format!("status {other}"))),
        }
    }

    async fn read_once(
        &self,
        scope: &QuotaScope,
        tier: u8,
        offset: UtcOffset,
    ) -> Result<(MonthlyCount, u32), BackendError> {
        let mut connection = self.connection().await?;
        let (yyyymm, calls, used): (i64, i64, i64) = self
            .read
            .key(self.key(scope, &format!("t{tier}:day")))
            .key(self.key(scope, "usage"))
            .arg(offset.whole_seconds())
            .invoke_async(&mut connection)
            .await
            .map_err(|e| self.error("the limiter script failed", e))?;
        let count = MonthlyCount {
            year: i32::try_from(yyyymm / 100).unwrap_or(0),
            month: u8::try_from(yyyymm % 100).unwrap_or(0),
            calls: u64::try_from(calls).unwrap_or(0),
        };
        Ok((count, u32::try_from(used).unwrap_or(0)))
    }
}

impl LimiterBackend for RedisBackend {
    fn admit<'a>(
        &'a self,
        scope: &'a QuotaScope,
        admission: Admission,
    ) -> BoxFuture<'a, Result<Result<Duration, Refusal>, BackendError>> {
        Box::pin(self.admit_once(scope, admission))
    }

    fn usage<'a>(
        &'a self,
        scope: &'a QuotaScope,
        utc_offset: UtcOffset,
    ) -> BoxFuture<'a, Result<MonthlyCount, BackendError>> {
        Box::pin(async move { Ok(self.read_once(scope, 0, utc_offset).await?.0) })
    }

    fn used_today<'a>(
        &'a self,
        scope: &'a QuotaScope,
        tier: u8,
        utc_offset: UtcOffset,
    ) -> BoxFuture<'a, Result<u32, BackendError>> {
        Box::pin(async move { Ok(self.read_once(scope, tier, utc_offset).await?.1) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show() {
        let backend = RedisBackend::new("redis://user:hunter2@127.0.0.1:6379/0").unwrap();
        let shown = format!("{backend:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("127.0.0.1:6379"), "{shown}");
        let err = RedisBackend::new("nonsense://x").unwrap_err();
        assert!(err.to_string().contains("invalid Redis URL"), "{err}");
    }

    #[test]
    fn keys_of_one_scope_share_a_hash_tag() {
        let backend = RedisBackend::builder("redis://127.0.0.1/")
            .prefix("p")
            .build()
            .unwrap();
        let scope = QuotaScope::new("123", "cn-shanghai");
        assert_eq!(backend.key(&scope, "usage"), "p:{123|cn-shanghai}:usage");
        assert_eq!(backend.key(&scope, "t3:day"), "p:{123|cn-shanghai}:t3:day");
    }
}
