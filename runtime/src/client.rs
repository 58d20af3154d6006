//! The [`Client`]: sends any [`Operation`] with credentials, pacing, signing, retries and
//! decoding.
//!
//! A call:
//! 1. fills the operation's `ClientToken` with a fresh UUID when it has one and the
//!    caller left it unset (the same token for every attempt of this call);
//! 2. for each attempt: takes credentials from the client's [`CredentialsCache`] (explicit
//!    keys, the given provider, or the [`DefaultChain`]; refreshed before they expire),
//!    waits for the rate limiter (operation's tier, per quota scope:
//!    account and region; [`crate::rate_limit`]), makes a fresh nonce and timestamp,
//!    signs (V3 by default, V1 on request), `POST`s the operation's parameters as a form
//!    body, and tells success from error;
//! 3. retries what [`crate::retry`] says may be retried for this operation, after a
//!    jittered backoff, and at least as long as a throttled answer's `x-acs-retry-after`
//!    asks (capped, [`RetryPolicy::max_retry_after`]);
//! 4. decodes the typed response from the same parse of the body that told success
//!    from error (the envelope: `RequestId`, `Success`, `ErrorCode`, ...), or classifies the service error into the
//!    operation's error type through [`FromErrorMeta`].
//!
//! Each call runs in a `tracing` span `dataworks.call` with the operation, the region,
//! the attempt number and the request id; nothing secret is recorded.

use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tracing::Instrument as _;

use crate::credentials::{
    Credentials, CredentialsCache, CredentialsError, DefaultChain, Env, ProvideCredentials,
    ProviderConfig,
};
use crate::de::FromJson;
use crate::endpoint::{self, Endpoint, EndpointError, EndpointRules, Network, ResolveError};
use crate::error::{FromErrorMeta, OperationTimeout, SdkError};
use crate::overrides::CallOverrides;
use crate::rate_limit::{LimitError, Pricing, QuotaScope, RateLimiter, RateLimits, Tier, Usage};
use crate::request::{self, RequestParts, SigningError, Stamp};
use crate::response::{self, Answer, Failed};
use crate::retry::{self, Repeat, RetryPolicy};
use crate::transport::{HttpResponse, Transport, TransportError, TransportErrorKind};
use crate::wire::Params;

pub use crate::request::SignatureVersion;

/// An operation of the service, implemented by each operation's request type in the
/// generated crate: what the client needs to send it and to decode its answer, and
/// what tools need to know about it.
///
/// Every operation is sent as a `POST` with its parameters in a form body (the RPC
/// style accepts GET and POST for every action; POST keeps large parameters out of the
/// URL).
pub trait Operation {
    /// The exact action name (the `Action` parameter), e.g. `DeployFile`.
    const NAME: &'static str;
    /// The API version, e.g. `2020-05-18`.
    const VERSION: &'static str;
    /// The documented QPS tier, its level and limits (from the spec), or `None` where
    /// the documentation gives none (such calls are not paced). The client paces by it
    /// ([`RateLimits::documented`]).
    const TIER: Option<Tier>;
    /// The API group (the documentation's category id, e.g. `data-development`).
    const CATEGORY: &'static str;
    /// Where the service is, by region and network (the generated crate's `ENDPOINTS`,
    /// from the reviewed `spec/endpoints.yaml`). `None`: the client needs an explicit
    /// endpoint ([`ClientBuilder::endpoint`]).
    const ENDPOINTS: Option<&'static EndpointRules> = None;
    /// The decoded success response (decoded tolerantly, [`FromJson`]).
    type Response: FromJson;
    /// The operation's typed error.
    type Error: FromErrorMeta;
    /// Whether the operation only reads: then an attempt that may have reached the
    /// service (a 5xx, a timeout, a lost connection) is retried. `false` (the default)
    /// for operations that create, change, deploy or run something; see
    /// [`crate::retry`].
    const READ_ONLY: bool = false;
    /// The wire name of the operation's idempotency token parameter (`ClientToken`), if
    /// it has one: the client fills it with a fresh UUID once per call when it is unset
    /// and keeps it across attempts, and may then retry as for a read-only operation.
    const CLIENT_TOKEN: Option<&'static str> = None;
    /// The request's own parameters, flattened RPC style (`Name.1.Field=value`),
    /// without the common parameters (`Action`, `Version`, the signature, ...).
    fn params(&self) -> Params;
}

/// The client could not be configured.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// No region was given.
    #[error("no region: call ClientBuilder::region, e.g. .region(\"cn-shanghai\")")]
    MissingRegion,
    /// The region or the endpoint URL is invalid.
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
    /// No transport was given and the `reqwest` feature is off.
    #[error("no transport: enable the `reqwest` feature or call ClientBuilder::transport")]
    NoTransport,
    /// The default transport could not be created.
    #[error("cannot create the HTTP transport")]
    Transport(#[source] TransportError),
}

/// A DataWorks client. Cheap to clone (an `Arc` inside); clones share the transport,
/// the credentials and the rate limiter. [`Client::customized`] gives a handle with
/// other settings for some calls (timeouts, retries, pacing), sharing everything else.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    overrides: CallOverrides,
}

struct Inner {
    region: String,
    account: Option<String>,
    pricing: Option<Pricing>,
    max_response_body: usize,
    /// The endpoint given on the builder, if any.
    endpoint: Option<Endpoint>,
    network: Network,
    /// The last endpoint resolved from an operation's rules, with those rules (every
    /// generated operation points at the same rules, so this is resolved once).
    resolved: std::sync::Mutex<Option<(&'static EndpointRules, Endpoint)>>,
    credentials: Arc<dyn ProvideCredentials>,
    transport: Arc<dyn Transport>,
    limiter: RateLimiter,
    retry: RetryPolicy,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    signature_version: SignatureVersion,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("region", &self.inner.region)
            .field("account", &self.inner.account)
            .field(
                "endpoint",
                &self.inner.endpoint.as_ref().map(Endpoint::to_string),
            )
            .field("network", &self.inner.network)
            .field("credentials", &self.inner.credentials)
            .field("rate_limiter", &self.inner.limiter)
            .field("retry", &self.inner.retry)
            .field("attempt_timeout", &self.inner.attempt_timeout)
            .field("operation_timeout", &self.inner.operation_timeout)
            .field("signature_version", &self.inner.signature_version)
            .field("overrides", &self.overrides)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]; only the region is required.
#[derive(Default)]
pub struct ClientBuilder {
    region: Option<String>,
    account: Option<String>,
    pricing: Option<Pricing>,
    max_response_body: Option<usize>,
    endpoint: Option<String>,
    network: Option<Network>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    env: Option<Env>,
    provider_config: Option<ProviderConfig>,
    transport: Option<Arc<dyn Transport>>,
    limiter: Option<RateLimiter>,
    retry: RetryPolicy,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    signature_version: SignatureVersion,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("region", &self.region)
            .field("account", &self.account)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("signature_version", &self.signature_version)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The region, e.g. `cn-shanghai` (required): picks the endpoint, is sent
    /// as `RegionId` (V1) and keys the rate limiter.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The main account whose quotas the calls count against (its id, e.g.
    /// `1234567890`). The service limits each account and region together, all its
    /// RAM users' keys included; clients configured with the same account (and a
    /// shared limiter, [`crate::rate_limit`]) share one budget. Without it the
    /// AccessKey id stands in for the account, which is exact only when the key is the
    /// account's only one.
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.account = Some(account.into());
        self
    }

    /// The price of calls, for [`Client::usage`]'s cost estimate: the generated crate's
    /// `Edition::pricing()` gives the documented one of each edition.
    pub fn pricing(mut self, pricing: Pricing) -> Self {
        self.pricing = Some(pricing);
        self
    }

    /// The most bytes of response body a call reads (default 64 MiB,
    /// [`DEFAULT_MAX_RESPONSE_BODY`](crate::transport::DEFAULT_MAX_RESPONSE_BODY)): a
    /// longer answer fails the call with [`SdkError::ResponseTooLarge`] as soon as the
    /// cap is passed (or at once, when its `Content-Length` says so), holding no more
    /// than the cap and one read buffer.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_body = Some(bytes);
        self
    }

    /// Sends to this URL instead of the endpoint the operation's rules give for the
    /// region and network (any `http`/`https` URL, e.g. `http://127.0.0.1:8080`).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The network calls travel (default: [`Network::Vpc`] when
    /// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`, else [`Network::Public`]): picks the
    /// region's public or VPC endpoint from the service's rules. A VPC endpoint in a
    /// region that has none is an error of the call ([`SdkError::Endpoint`]); an
    /// endpoint given with [`Self::endpoint`] wins.
    pub fn network(mut self, network: Network) -> Self {
        self.network = Some(network);
        self
    }

    /// Signs with these keys instead of looking them up.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// Gets credentials from this provider instead of the default chain, through a
    /// [`CredentialsCache`] with the default refresh margin and the system clock.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(CredentialsCache::new(provider)));
        self
    }

    /// Gets credentials from this cache (its provider, refresh margin and clock).
    pub fn credentials_cache(mut self, cache: CredentialsCache) -> Self {
        self.credentials = Some(Arc::new(cache));
        self
    }

    /// The environment the default credentials chain reads (the process environment
    /// unless set).
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// The environment, transport and STS and metadata endpoints of the default
    /// credentials chain (default: the environment given to [`Self::env`], the client's
    /// transport, endpoints from the environment).
    pub fn provider_config(mut self, config: ProviderConfig) -> Self {
        self.provider_config = Some(config);
        self
    }

    /// Sends through this transport instead of the default reqwest one.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Sends through this shared transport.
    pub fn shared_transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Paces calls with a new limiter enforcing these limits
    /// (default: [`RateLimits::documented`], each operation's documented tier;
    /// [`RateLimits::disabled`] turns pacing off).
    pub fn rate_limits(mut self, limits: RateLimits) -> Self {
        self.limiter = Some(RateLimiter::new(limits));
        self
    }

    /// Paces calls with this limiter, shared with other clients using the same one
    /// (in this process, or through a shared backend such as Redis across processes:
    /// [`RateLimiter::shared`]).
    pub fn rate_limiter(mut self, limiter: RateLimiter) -> Self {
        self.limiter = Some(limiter);
        self
    }

    /// The retry policy (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The deadline of each attempt: sending the request and reading its answer
    /// (default: none of the client's own; the transport's, 60 s for the default one,
    /// [`ReqwestTransport::REQUEST_TIMEOUT`](crate::transport::ReqwestTransport)). An
    /// attempt that runs out is a timeout, retried as the retry rules say.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The deadline of a whole call: waits for the rate limiter, every attempt and the
    /// backoff between them (default: none, a call ends when its retries do). When it
    /// passes, the call fails with [`SdkError::Timeout`], saying after how many
    /// attempts; the attempt under way is abandoned (its connection closed).
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// The signature to send (default: [`SignatureVersion::V3`]).
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let region = self.region.ok_or(ConfigError::MissingRegion)?;
        endpoint::check_region(&region)?;
        let endpoint = match &self.endpoint {
            Some(url) => Some(Endpoint::parse(url)?),
            None => None,
        };
        let env = self
            .env
            .clone()
            .or_else(|| {
                self.provider_config
                    .as_ref()
                    .map(|c| c.environment().clone())
            })
            .unwrap_or_default();
        let network = self.network.unwrap_or_else(|| {
            if env.flag(crate::credentials::env::VPC_ENDPOINT_ENABLED) {
                Network::Vpc
            } else {
                Network::Public
            }
        });
        let transport = match self.transport {
            Some(transport) => transport,
            None => default_transport()?,
        };
        let credentials = match self.credentials {
            Some(provider) => provider,
            None => {
                let mut config = self.provider_config.unwrap_or_default();
                if let Some(env) = self.env {
                    config = config.env(env);
                }
                if !config.has_transport() {
                    config = config.shared_transport(transport.clone());
                }
                let chain = DefaultChain::builder().config(config).build();
                Arc::new(CredentialsCache::new(chain))
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                region,
                account: self.account,
                pricing: self.pricing,
                max_response_body: self
                    .max_response_body
                    .unwrap_or(crate::transport::DEFAULT_MAX_RESPONSE_BODY),
                endpoint,
                network,
                resolved: std::sync::Mutex::new(None),
                credentials,
                transport,
                limiter: self.limiter.unwrap_or_default(),
                retry: self.retry,
                attempt_timeout: self.attempt_timeout,
                operation_timeout: self.operation_timeout,
                signature_version: self.signature_version,
            }),
            overrides: CallOverrides::new(),
        })
    }
}

#[cfg(feature = "reqwest")]
fn default_transport() -> Result<Arc<dyn Transport>, ConfigError> {
    let transport = crate::transport::ReqwestTransport::new().map_err(ConfigError::Transport)?;
    Ok(Arc::new(transport))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport() -> Result<Arc<dyn Transport>, ConfigError> {
    Err(ConfigError::NoTransport)
}

/// Why an attempt or a call failed, before the service error is classified.
#[derive(Debug)]
enum Failure {
    /// An error answer, and its `x-acs-retry-after` hint.
    Response(Failed, Option<Duration>),
    Transport(TransportError),
    Credentials(CredentialsError),
    Limit(LimitError),
    Signing(SigningError),
    /// No endpoint for the call (nothing was sent).
    Endpoint(ResolveError),
    /// The operation deadline passed.
    Timeout(OperationTimeout),
}

impl Failure {
    /// Whether the failed attempt may be sent again, and for which operations.
    fn repeat(&self) -> Repeat {
        match self {
            Failure::Response(e, _) if e.is_throttling() => Repeat::Safe,
            Failure::Response(e, _) if e.is_retryable() => Repeat::IfRepeatable,
            Failure::Transport(e) => match e.kind() {
                TransportErrorKind::Connect => Repeat::Safe,
                TransportErrorKind::Timeout | TransportErrorKind::Other => Repeat::IfRepeatable,
                _ => Repeat::Never,
            },
            _ => Repeat::Never,
        }
    }

    fn into_sdk_error<E: FromErrorMeta>(self, operation: &'static str) -> SdkError<E> {
        match self {
            Failure::Transport(e) if e.body_too_large().is_some() => {
                let body = e.body_too_large().cloned().expect("checked above");
                SdkError::ResponseTooLarge(crate::error::ResponseTooLarge::new(operation, body))
            }
            Failure::Response(Failed::Service(meta), _) => SdkError::Service(E::from_meta(meta)),
            Failure::Response(Failed::Malformed(m), _) => SdkError::Decode(m),
            Failure::Transport(e) => SdkError::Transport(e),
            Failure::Credentials(e) => SdkError::Credentials(e),
            Failure::Limit(LimitError::Quota(e)) => SdkError::QuotaExceeded(e),
            Failure::Limit(LimitError::Budget(e)) => SdkError::BudgetExceeded(e),
            Failure::Limit(LimitError::Unavailable(e)) => SdkError::Limiter(e),
            Failure::Signing(e) => SdkError::Signing(e),
            Failure::Endpoint(e) => SdkError::Endpoint(e),
            Failure::Timeout(e) => SdkError::Timeout(e),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Response(e, _) => write!(f, "{e}"),
            Failure::Transport(e) => write!(f, "{e}"),
            Failure::Credentials(e) => write!(f, "{e}"),
            Failure::Limit(e) => write!(f, "{e}"),
            Failure::Signing(e) => write!(f, "{e}"),
            Failure::Endpoint(e) => write!(f, "{e}"),
            Failure::Timeout(e) => write!(f, "{e}"),
        }
    }
}

/// What a call runs with: the client's settings, with the handle's overrides.
#[derive(Debug, Clone, Copy)]
struct Settings {
    retry: RetryPolicy,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    pacing: bool,
}

/// What the client needs to know of an operation, from its [`Operation`] constants.
struct OperationFacts {
    name: &'static str,
    version: &'static str,
    tier: Option<Tier>,
    endpoints: Option<&'static EndpointRules>,
    read_only: bool,
    client_token: Option<&'static str>,
}

/// The operation-independent part of a call.
struct Call<'a> {
    action: &'static str,
    version: &'static str,
    tier: Option<Tier>,
    params: &'a [(String, String)],
    /// Where to send it.
    endpoint: &'a Endpoint,
    /// Read-only, or carrying a client token: may be sent again after a failure that
    /// may have had an effect.
    repeatable: bool,
}

/// The usage meter could not be read.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// No credentials could be resolved (the AccessKey id stands in for the account when
    /// none is configured).
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    /// The limiter's backend failed.
    #[error(transparent)]
    Limit(#[from] LimitError),
}

impl Client {
    /// A builder; see [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The region.
    pub fn region(&self) -> &str {
        &self.inner.region
    }

    /// The endpoint given on the builder, if any (else each call's endpoint comes from
    /// its operation's rules: [`Self::endpoint_for`]).
    pub fn endpoint(&self) -> Option<&Endpoint> {
        self.inner.endpoint.as_ref()
    }

    /// The network calls travel.
    pub fn network(&self) -> Network {
        self.inner.network
    }

    /// The endpoint calls of a service with these rules go to: the one given on the
    /// builder, else the rules' endpoint for the client's region and network (e.g.
    /// `client.endpoint_for(&dataworks_public::ENDPOINTS)`).
    pub fn endpoint_for(&self, rules: &'static EndpointRules) -> Result<Endpoint, ResolveError> {
        self.resolve_endpoint(Some(rules))
    }

    /// The endpoint of an operation with these rules (cached: every generated operation
    /// points at the same rules).
    fn resolve_endpoint(
        &self,
        rules: Option<&'static EndpointRules>,
    ) -> Result<Endpoint, ResolveError> {
        let inner = &self.inner;
        if let Some(endpoint) = &inner.endpoint {
            return Ok(endpoint.clone());
        }
        let Some(rules) = rules else {
            return Err(ResolveError {
                region: inner.region.clone(),
                network: inner.network,
                reason: "the operation has no endpoint rules; give the client an endpoint (ClientBuilder::endpoint)".to_owned(),
            });
        };
        let mut resolved = inner
            .resolved
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((cached, endpoint)) = resolved.as_ref() {
            if std::ptr::eq(*cached, rules) {
                return Ok(endpoint.clone());
            }
        }
        let endpoint = rules.resolve(&inner.region, inner.network)?;
        *resolved = Some((rules, endpoint.clone()));
        Ok(endpoint)
    }

    /// The rate limiter (shared by clones).
    pub fn rate_limiter(&self) -> &RateLimiter {
        &self.inner.limiter
    }

    /// The retry policy (this handle's override, else the client's).
    pub fn retry_policy(&self) -> RetryPolicy {
        self.settings().retry
    }

    /// A handle on this client (the same transport, credentials and limiter) whose
    /// calls run with `overrides` over the client's settings; overrides given before on
    /// this handle stay unless replaced. Cheap: for one call, or a few. The generated
    /// fluent builders take the same with `customize(..)`.
    pub fn customized(&self, overrides: CallOverrides) -> Client {
        Client {
            inner: self.inner.clone(),
            overrides: self.overrides.merged(overrides),
        }
    }

    /// The overrides of this handle ([`Client::customized`]).
    pub fn overrides(&self) -> CallOverrides {
        self.overrides
    }

    fn settings(&self) -> Settings {
        let o = &self.overrides;
        Settings {
            retry: o.retry.unwrap_or(self.inner.retry),
            attempt_timeout: o.attempt_timeout.or(self.inner.attempt_timeout),
            operation_timeout: o.operation_timeout.or(self.inner.operation_timeout),
            pacing: o.pacing.unwrap_or(true),
        }
    }

    /// The signature version sent.
    pub fn signature_version(&self) -> SignatureVersion {
        self.inner.signature_version
    }

    /// The account calls count against: the configured one, or the AccessKey id.
    fn scope(&self, credentials: &Credentials) -> QuotaScope {
        let account = match &self.inner.account {
            Some(account) => account.clone(),
            None => credentials.access_key_id.clone(),
        };
        QuotaScope::new(account, self.inner.region.clone())
    }

    /// The usage meter this month for this client's account and region: calls sent
    /// (retries included) by every client sharing the limiter's backend, and the
    /// estimated cost for the configured [`Pricing`].
    pub async fn usage(&self) -> Result<Usage, UsageError> {
        let account = match &self.inner.account {
            Some(account) => account.clone(),
            None => {
                let credentials = self.inner.credentials.provide_credentials().await?;
                credentials.access_key_id
            }
        };
        let scope = QuotaScope::new(account, self.inner.region.clone());
        let count = self.inner.limiter.usage(&scope).await?;
        Ok(Usage {
            account: scope.account,
            region: scope.region,
            year: count.year,
            month: count.month,
            calls: count.calls,
            pricing: self.inner.pricing,
        })
    }

    /// Sends the request and decodes its answer; see the module docs for the steps.
    pub async fn call<O: Operation>(&self, request: &O) -> Result<O::Response, SdkError<O::Error>> {
        // The generic part is only this: everything else is one non-generic function,
        // compiled once in this crate rather than once per operation in every crate that
        // sends requests.
        let facts = OperationFacts {
            name: O::NAME,
            version: O::VERSION,
            tier: O::TIER,
            endpoints: O::ENDPOINTS,
            read_only: O::READ_ONLY,
            client_token: O::CLIENT_TOKEN,
        };
        let (response, answer) = self
            .send_params(&facts, request.params())
            .await
            .map_err(|f| f.into_sdk_error(O::NAME))?;
        answer.decode(&response).map_err(SdkError::Decode)
    }

    /// Everything of a call but the typed decoding: endpoint, client token, the
    /// operation deadline around the attempts and the waits between them.
    async fn send_params(
        &self,
        facts: &OperationFacts,
        mut params: Params,
    ) -> Result<(HttpResponse, Answer), Failure> {
        let endpoint = self
            .resolve_endpoint(facts.endpoints)
            .map_err(Failure::Endpoint)?;
        let mut has_token = false;
        if let Some(token) = facts.client_token {
            match params.iter().find(|(name, _)| name == token) {
                Some((_, value)) => has_token = !value.is_empty(),
                None => {
                    params.push((token.to_owned(), uuid::Uuid::new_v4().to_string()));
                    has_token = true;
                }
            }
        }
        let operation = Call {
            action: facts.name,
            version: facts.version,
            tier: facts.tier,
            params: &params,
            endpoint: &endpoint,
            repeatable: facts.read_only || has_token,
        };
        let span = tracing::info_span!(
            "dataworks.call",
            operation = facts.name,
            region = %self.inner.region,
            attempt = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let settings = self.settings();
        let attempts = AtomicU32::new(0);
        let run = self
            .execute(&operation, &settings, &attempts)
            .instrument(span);
        match settings.operation_timeout {
            None => run.await,
            Some(limit) => match tokio::time::timeout(limit, run).await {
                Ok(outcome) => outcome,
                Err(_) => {
                    let attempts = attempts.load(Ordering::SeqCst);
                    tracing::debug!(attempts, "operation timeout");
                    Err(Failure::Timeout(OperationTimeout::new(
                        facts.name, limit, attempts,
                    )))
                }
            },
        }
    }

    /// Sends with retries until a success (its envelope read, the typed response not
    /// yet decoded) or a final failure, counting the attempts started in `attempts`.
    async fn execute(
        &self,
        operation: &Call<'_>,
        settings: &Settings,
        attempts: &AtomicU32,
    ) -> Result<(HttpResponse, Answer), Failure> {
        let span = tracing::Span::current();
        let mut attempt = 1;
        loop {
            span.record("attempt", attempt);
            attempts.store(attempt, Ordering::SeqCst);
            let failure = match self.attempt(operation, settings).await {
                Ok((response, answer)) => {
                    if let Some(id) = answer.request_id() {
                        span.record("request_id", id);
                    }
                    tracing::debug!(status = response.status, "call succeeded");
                    return Ok((response, answer));
                }
                Err(failure) => failure,
            };
            let mut retry_after = None;
            if let Failure::Response(e, hint) = &failure {
                if let Some(id) = e.request_id() {
                    span.record("request_id", id);
                }
                retry_after = *hint;
            }
            let retry = &settings.retry;
            if !retry.retries(failure.repeat(), operation.repeatable)
                || !retry.allows_retry_after(attempt)
            {
                tracing::debug!(error = %failure, "call failed");
                return Err(failure);
            }
            let delay = retry.delay(attempt, retry_after);
            tracing::info!(error = %failure, delay_ms = delay.as_millis() as u64, "retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One attempt: credentials (fresh ones if the cached ones are due), pace, stamp,
    /// sign, send, and tell success from error.
    async fn attempt(
        &self,
        operation: &Call<'_>,
        settings: &Settings,
    ) -> Result<(HttpResponse, Answer), Failure> {
        let inner = &self.inner;
        let credentials = &inner
            .credentials
            .provide_credentials()
            .await
            .map_err(Failure::Credentials)?;
        // Without pacing the attempt is only counted (usage meter, monthly budget).
        let tier = if settings.pacing {
            operation.tier
        } else {
            None
        };
        inner
            .limiter
            .acquire(&self.scope(credentials), tier)
            .await
            .map_err(Failure::Limit)?;
        let stamp = Stamp::fresh().map_err(Failure::Signing)?;
        let parts = RequestParts {
            action: operation.action,
            version: operation.version,
            region: &inner.region,
            params: operation.params,
            endpoint: operation.endpoint,
        };
        let mut http =
            request::signed_request(&parts, credentials, inner.signature_version, &stamp)
                .map_err(Failure::Signing)?;
        http.max_response_body = inner.max_response_body;
        let send = inner.transport.send(http);
        let response = match settings.attempt_timeout {
            None => send.await,
            Some(limit) => tokio::time::timeout(limit, send)
                .await
                .unwrap_or_else(|_| Err(crate::transport::attempt_timed_out(limit))),
        }
        .map_err(Failure::Transport)?;
        match response::read(&response) {
            Ok(answer) => Ok((response, answer)),
            Err(e) => Err(Failure::Response(e, retry::retry_after(&response))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorMeta;
    use crate::transport::{BoxFuture, HttpRequest};
    use std::sync::Mutex;
    use std::time::Duration;

    /// Answers with canned responses in order and records the requests.
    #[derive(Default)]
    struct Canned {
        responses: Mutex<Vec<Result<HttpResponse, TransportError>>>,
        seen: Mutex<Vec<HttpRequest>>,
    }

    impl Transport for Arc<Canned> {
        fn send(
            &self,
            request: HttpRequest,
        ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            self.seen.lock().expect("lock").push(request);
            let next = self.responses.lock().expect("lock").remove(0);
            Box::pin(async move { next })
        }
    }

    #[derive(Debug, PartialEq)]
    struct Out {
        value: String,
    }

    impl FromJson for Out {
        fn from_json(value: serde_json::Value) -> Result<Option<Self>, crate::de::DecodeError> {
            let Some(mut m) = crate::de::Object::new(value)? else {
                return Ok(None);
            };
            let value = crate::wire::required(m.take("Value")?, "Out", "Value").map_err(|_| {
                crate::de::DecodeError::expected("a value", &serde_json::Value::Null)
            })?;
            Ok(Some(Out { value }))
        }
    }

    struct Ping;

    /// Made-up endpoint rules (the runtime has no service facts of its own).
    static TEST_RULES: EndpointRules = EndpointRules::new(
        "svc.{region}.example.com",
        Some("svc-vpc.{region}.example.com"),
        &[crate::endpoint::RegionEndpoints::new(
            "cn-central",
            "svc.example.com",
            None,
        )],
        "the tests",
    );

    /// An operation without endpoint rules.
    struct Bare;

    impl Operation for Bare {
        const NAME: &'static str = "Bare";
        const VERSION: &'static str = "2020-05-18";
        const TIER: Option<Tier> = None;
        const CATEGORY: &'static str = "tests";
        type Response = Out;
        type Error = ErrorMeta;
        fn params(&self) -> Vec<(String, String)> {
            Vec::new()
        }
    }

    impl Operation for Ping {
        const NAME: &'static str = "Ping";
        const VERSION: &'static str = "2020-05-18";
        const TIER: Option<Tier> = Some(Tier::new(1, crate::rate_limit::TierLimit::new(50, None)));
        const CATEGORY: &'static str = "tests";
        const ENDPOINTS: Option<&'static EndpointRules> = Some(&TEST_RULES);
        type Response = Out;
        type Error = ErrorMeta;
        fn params(&self) -> Vec<(String, String)> {
            vec![("ProjectId".into(), "1".into())]
        }
    }

    fn client(canned: &Arc<Canned>, retry: RetryPolicy) -> Client {
        Client::builder()
            .region("cn-shanghai")
            .credentials(Credentials::new("id", "secret"))
            .transport(canned.clone())
            .retry(retry)
            .build()
            .expect("client")
    }

    #[test]
    fn builder_requires_a_region_and_valid_endpoint() {
        let canned = Arc::new(Canned::default());
        let err = Client::builder()
            .transport(canned.clone())
            .build()
            .expect_err("no region");
        assert!(matches!(err, ConfigError::MissingRegion));
        let err = Client::builder()
            .region("cn-shanghai")
            .endpoint("ftp://x")
            .transport(canned.clone())
            .build()
            .expect_err("bad endpoint");
        assert!(err.to_string().contains("ftp://x"));
        let err = Client::builder()
            .region("cn/evil")
            .transport(canned.clone())
            .build()
            .expect_err("bad region");
        assert!(err.to_string().contains("cn/evil"), "{err}");
        let c = Client::builder()
            .region("cn-hangzhou")
            .credentials(Credentials::new("id", "hunter2"))
            .transport(canned)
            .build()
            .expect("ok");
        assert_eq!(c.endpoint(), None);
        assert_eq!(c.network(), Network::Public);
        assert_eq!(
            c.endpoint_for(&TEST_RULES).unwrap().to_string(),
            "https://svc.cn-hangzhou.example.com/"
        );
        assert_eq!(c.signature_version(), SignatureVersion::V3);
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[tokio::test]
    async fn the_endpoint_comes_from_the_rules_by_region_and_network() {
        let canned = Arc::new(Canned::default());
        let ok = || Ok(HttpResponse::new(200, r#"{"RequestId":"r","Value":"v"}"#));
        *canned.responses.lock().expect("lock") = vec![ok(), ok(), ok()];
        let build = |region: &str, network: Option<Network>, env: &[(&str, &str)]| {
            let mut builder = Client::builder()
                .region(region)
                .credentials(Credentials::new("id", "s"))
                .env(Env::from_vars(env.iter().copied()))
                .transport(canned.clone());
            if let Some(network) = network {
                builder = builder.network(network);
            }
            builder.build().expect("client")
        };
        let sent_to = |canned: &Arc<Canned>| {
            canned
                .seen
                .lock()
                .expect("lock")
                .last()
                .map(|r| r.url.clone())
        };
        build("cn-beijing", None, &[])
            .call(&Ping)
            .await
            .expect("public");
        assert_eq!(
            sent_to(&canned).as_deref(),
            Some("https://svc.cn-beijing.example.com/")
        );
        let vpc = build("cn-beijing", Some(Network::Vpc), &[]);
        vpc.call(&Ping).await.expect("vpc");
        assert_eq!(
            sent_to(&canned).as_deref(),
            Some("https://svc-vpc.cn-beijing.example.com/")
        );
        let by_env = build(
            "cn-beijing",
            None,
            &[(crate::credentials::env::VPC_ENDPOINT_ENABLED, "true")],
        );
        assert_eq!(by_env.network(), Network::Vpc);
        let public = build(
            "cn-beijing",
            Some(Network::Public),
            &[(crate::credentials::env::VPC_ENDPOINT_ENABLED, "true")],
        );
        assert_eq!(public.network(), Network::Public, "the builder wins");
        build("cn-central", None, &[])
            .call(&Ping)
            .await
            .expect("central");
        assert_eq!(
            sent_to(&canned).as_deref(),
            Some("https://svc.example.com/")
        );

        let seen = canned.seen.lock().expect("lock").len();
        let err = build("cn-central", Some(Network::Vpc), &[])
            .call(&Ping)
            .await
            .expect_err("no VPC endpoint there");
        let SdkError::Endpoint(resolve) = &err else {
            panic!("{err:?}")
        };
        assert!(
            resolve.to_string()
                .starts_with("no VPC endpoint for region `cn-central`: the region is served by svc.example.com, which has no VPC endpoint"),
            "{resolve}"
        );
        assert_eq!(
            crate::error::DisplayErrorContext(&err).to_string(),
            format!(
                "no endpoint for the client's region and network (nothing was sent): {resolve}"
            )
        );
        let err = build("cn-beijing", None, &[])
            .call(&Bare)
            .await
            .expect_err("no rules");
        let report = crate::error::DisplayErrorContext(&err).to_string();
        assert!(report.contains("no endpoint rules"), "{report}");
        assert_eq!(
            canned.seen.lock().expect("lock").len(),
            seen,
            "nothing sent"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn retries_throttling_then_succeeds_with_new_nonce() {
        let canned = Arc::new(Canned::default());
        *canned.responses.lock().expect("lock") = vec![
            Ok(HttpResponse::new(
                429,
                r#"{"Code":"Throttling.User","Message":"slow"}"#,
            )),
            Err(TransportError::new(
                crate::transport::TransportErrorKind::Connect,
                "refused",
            )),
            Ok(HttpResponse::new(200, r#"{"RequestId":"r","Value":"v"}"#)),
        ];
        let c = client(
            &canned,
            RetryPolicy::new(3, Duration::from_millis(10), Duration::from_millis(10)),
        );
        let out = c.call(&Ping).await.expect("success");
        assert_eq!(out.value, "v");
        let nonces: std::collections::HashSet<_> = canned
            .seen
            .lock()
            .expect("lock")
            .iter()
            .map(|r| r.header("x-acs-signature-nonce").map(str::to_owned))
            .collect();
        assert_eq!(nonces.len(), 3);
        let scope = QuotaScope::new("id", "cn-shanghai");
        assert_eq!(
            c.rate_limiter().used_today(&scope, 1).await.unwrap(),
            0,
            "this tier 1 has no daily quota"
        );
        assert_eq!(
            c.usage().await.unwrap().calls,
            3,
            "every attempt is metered"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_retry_after_hint_is_waited_at_least_and_capped() {
        let throttled = |hint: &str| {
            let mut response =
                HttpResponse::new(429, r#"{"Code":"Throttling.User","Message":"slow"}"#);
            response
                .headers
                .push(("x-acs-retry-after".into(), hint.into()));
            Ok(response)
        };
        let canned = Arc::new(Canned::default());
        *canned.responses.lock().expect("lock") = vec![
            throttled("5000"),
            Ok(HttpResponse::new(200, r#"{"RequestId":"r","Value":"v"}"#)),
            throttled("600000"),
            Ok(HttpResponse::new(200, r#"{"RequestId":"r","Value":"v"}"#)),
        ];
        let policy = RetryPolicy::new(3, Duration::from_millis(10), Duration::from_millis(10));
        let c = client(&canned, policy);
        let start = tokio::time::Instant::now();
        c.call(&Ping).await.expect("second attempt succeeds");
        let waited = start.elapsed();
        assert!(waited >= Duration::from_secs(5), "{waited:?}");
        assert!(waited < Duration::from_secs(6), "{waited:?}");
        let c = client(
            &canned,
            policy.with_max_retry_after(Duration::from_secs(30)),
        );
        let start = tokio::time::Instant::now();
        c.call(&Ping).await.expect("second attempt succeeds");
        let waited = start.elapsed();
        assert!(
            waited >= Duration::from_secs(30) && waited < Duration::from_secs(31),
            "capped: {waited:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn other_4xx_and_success_false_are_not_retried() {
        let canned = Arc::new(Canned::default());
        *canned.responses.lock().expect("lock") = vec![
            Ok(HttpResponse::new(
                400,
                r#"{"Code":"Invalid.Param","Message":"bad"}"#,
            )),
            Ok(HttpResponse::new(
                200,
                r#"{"Success":false,"ErrorCode":"Invalid.Project","HttpStatusCode":403}"#,
            )),
        ];
        let c = client(&canned, RetryPolicy::default());
        let err = c.call(&Ping).await.expect_err("400");
        assert_eq!(
            err.service_error().map(|m| m.code.as_str()),
            Some("Invalid.Param")
        );
        let err = c.call(&Ping).await.expect_err("success false");
        let meta = err.into_service_error().expect("service");
        assert_eq!((meta.status, meta.code.as_str()), (403, "Invalid.Project"));
        assert_eq!(canned.seen.lock().expect("lock").len(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn output_mismatch_is_a_decode_error() {
        let canned = Arc::new(Canned::default());
        *canned.responses.lock().expect("lock") =
            vec![Ok(HttpResponse::new(200, r#"{"Value":[42]}"#))];
        let err = client(&canned, RetryPolicy::default())
            .call(&Ping)
            .await
            .expect_err("type mismatch");
        let SdkError::Decode(malformed) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(malformed.status(), 200);
        let cause = malformed.decode_error().expect("a decode error");
        assert_eq!(cause.path(), "Value");
    }

    #[tokio::test]
    async fn credentials_errors_surface() {
        let canned = Arc::new(Canned::default());
        let home = tempfile::tempdir().expect("temp dir");
        let c = Client::builder()
            .region("cn-shanghai")
            .env(Env::from_vars([
                ("HOME", home.path().to_string_lossy().into_owned()),
                (
                    crate::credentials::env::ECS_METADATA_DISABLED,
                    "true".to_owned(),
                ),
            ]))
            .transport(canned.clone())
            .build()
            .expect("client");
        let err = c.call(&Ping).await.expect_err("no credentials");
        assert!(matches!(err, SdkError::Credentials(_)), "{err}");
        assert!(canned.seen.lock().expect("lock").is_empty());
    }
}
