//! The hand-written runtime of the DataWorks client: everything a real call needs that
//! is not generated from the documentation.
//!
//! The generated crate (`dataworks-public`) implements [`Operation`] for each request
//! type and [`FromErrorMeta`] for each operation's error enum; a [`Client`] then sends
//! any such request:
//!
//! ```no_run
//! # async fn demo<O: dataworks_runtime::Operation>(request: O) -> Result<(), Box<dyn std::error::Error>>
//! # where O::Error: std::error::Error + 'static {
//! use dataworks_runtime::Client;
//! let client = Client::builder().region("cn-shanghai").build()?;
//! let output = client.call(&request).await?;
//! # let _ = output; Ok(()) }
//! ```
//!
//! # Modules
//! - [`credentials`]: access keys and temporary credentials: the providers (environment,
//!   OIDC/RRSA, CLI profile, credentials file, ECS RAM role, credentials URI, assumed
//!   RAM role), the default chain, and the refreshing cache.
//! - [`signing`]: RFC 3986 encoding and the V1 (HMAC-SHA1) and V3 (ACS3-HMAC-SHA256) signatures.
//! - [`endpoint`]: the service URL: any URL given, or the one the service's endpoint
//!   rules (generated from the reviewed `spec/endpoints.yaml`) give for the region and
//!   network (public or VPC).
//! - [`request`]: a call's parameters and headers, signed, as an [`HttpRequest`].
//! - [`transport`]: plain HTTP request/response structs and the [`Transport`] trait
//!   (reqwest + rustls behind the default `reqwest` feature).
//! - [`rate_limit`]: client-side pacing by QPS tier, the daily quota and the usage meter,
//!   per account and region, in this process or shared through Redis (feature `redis`).
//! - [`retry`]: which failures are retried, and the backoff between attempts.
//! - [`error`]: [`SdkError`], [`ErrorMeta`], the [`ServiceError`] trait of the generated
//!   error enums and the opaque [`UnknownError`].
//! - [`value_set`]: the opaque payloads of value-set enums' `Unknown` variant.
//! - [`client`]: [`Client`], its builder, and the [`Operation`] trait.
//! - [`overrides`]: [`CallOverrides`], the settings one call may change.
//! - [`paginate`]: streams of pages or items from a page-fetching closure.
//! - [`waiter`]: polling until something is ready, with a timeout.
//!
//! At the crate root: [`Params`] and [`BuildError`] (a request's wire parameters, and why
//! one could not be built), [`FromJson`] and [`DecodeError`] (tolerant decoding of the
//! typed responses) and [`RequestId`] (the request id of every response and error).
//!
//! # What is public
//! Everything documented here is the runtime's public API and follows semver. The
//! hidden `__private` module is plumbing for the generated crate (request encoding,
//! decoding helpers, error classification): it is not part of that promise and may
//! change in any release.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod client;
pub mod credentials;
mod de;
pub mod endpoint;
pub mod error;
pub mod overrides;
pub mod paginate;
pub mod rate_limit;
pub mod request;
mod request_id;
mod response;
pub mod retry;
pub mod signing;
pub mod transport;
pub mod value_set;
pub mod waiter;
mod wire;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use client::{Client, ClientBuilder, ConfigError, Operation, SignatureVersion, UsageError};
pub use credentials::{
    Credentials, CredentialsCache, CredentialsError, DefaultChain, ProvideCredentials,
    ProviderConfig, Secret,
};
pub use de::{DecodeError, FromJson};
pub use endpoint::{Endpoint, EndpointRules, Network, RegionEndpoints, ResolveError};
pub use error::{
    DisplayErrorContext, ErrorDoc, ErrorMeta, FromErrorMeta, MalformedResponse, ResponseTooLarge,
    SdkError, ServiceError, UnknownError,
};
pub use overrides::CallOverrides;
#[cfg(feature = "redis")]
pub use rate_limit::RedisBackend;
pub use rate_limit::{
    BackendError, BudgetExceeded, LimitError, LimiterBackend, LocalBackend, OnBackendFailure,
    Pricing, QuotaExceeded, QuotaScope, RateLimiter, RateLimits, Tier, TierLimit, Usage, UtcOffset,
};
pub use request_id::RequestId;
pub use retry::RetryPolicy;
pub use transport::{BoxFuture, HttpRequest, HttpResponse, Method, Transport, TransportError};
pub use value_set::{UnknownInteger, UnknownValue};
pub use wire::{BuildError, BuildErrorKind, Params};
