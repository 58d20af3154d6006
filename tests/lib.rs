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

pub mod redis_server;
pub mod tap;
