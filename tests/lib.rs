//! End-to-end tests live in `tests/tests/`; this library holds what they share (a real
//! `redis-server` for the limiter tests, [`redis_server`]; a transport that records what
//! the client sent, [`tap`]) and the doc tests below,
//! which check what the generated API lets a program write.
//!
//! A request builder made without a client cannot send: it has no `send()` (the error
//! is E0599, no such method), so a request can never be sent without a client.
//!
//! ```compile_fail,E0599
//! # async fn demo() {
//! use dataworks_public::data_development::DeployFileRequest;
//! let _ = DeployFileRequest::builder().file_id(1).send().await;
//! # }
//! ```
//!
//! The same builder from the client sends, and one without a client builds a request
//! value that `Client::call` sends:
//!
//! ```no_run
//! # async fn demo(client: dataworks_public::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use dataworks_public::data_development::DeployFileRequest;
//! use dataworks_public::prelude::*;
//! let _ = client.deploy_file().file_id(1).send().await?;
//! let request = DeployFileRequest::builder().file_id(1).build()?;
//! let _ = client.call(&request).await?;
//! # Ok(()) }
//! ```

//! The unknown cases are opaque: a match can take the unknown value as a whole and read
//! it, but no pattern can name a raw value (the payload's field is private, E0603), so a
//! value or error code documented later, which gets a variant of its own, cannot
//! silently change which arm runs:
//!
//! ```compile_fail,E0603
//! use dataworks_public::data_development::get_deployment::Status;
//! use dataworks_public::runtime::UnknownInteger;
//! fn is_three(status: Status) -> bool {
//!     matches!(status, Status::Unknown(UnknownInteger(3)))
//! }
//! ```
//!
//! ```compile_fail,E0603
//! use dataworks_public::data_development::DeployFileError;
//! use dataworks_public::runtime::UnknownError;
//! fn is_new(e: DeployFileError) -> bool {
//!     matches!(e, DeployFileError::Unknown(UnknownError { meta: _ }))
//! }
//! ```
//!
//! Reading them through the accessors is what the types offer:
//!
//! ```
//! use dataworks_public::data_development::get_deployment::Status;
//! use dataworks_public::data_development::DeployFileError;
//! use dataworks_public::prelude::*;
//! use dataworks_public::{ErrorMeta, FromErrorMeta};
//! let status = Status::from(7);
//! assert!(matches!(status, Status::Unknown(_)));
//! assert_eq!(status.as_i64(), 7);
//! let e = DeployFileError::from_meta(ErrorMeta::new(409, "Conflict.New", "m", Some("r".into())));
//! match &e {
//!     DeployFileError::Unknown(unknown) => assert_eq!(unknown.code(), "Conflict.New"),
//!     other => panic!("{other:?}"),
//! }
//! assert_eq!(e.request_id(), Some("r"));
//! ```

pub mod redis_server;
pub mod tap;
