//! Accepting connections and serving HTTP/1.1 on them (hyper), with a cap on open
//! connections, a deadline for request headers, and a stop signal.
//!
//! Nothing a client sends stops the accept loop: a failed accept (say, out of file
//! descriptors) is retried after a short pause, a connection over the cap gets a `503`
//! answer and is closed, malformed HTTP gets hyper's `400` and the connection closed.

use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};

use crate::answer;
use crate::codes::TOO_MANY_CONNECTIONS;
use crate::handler::{self, Reply, Shared};
use crate::identity;
use crate::rejection::Rejection;

/// The error that makes hyper close a connection without answering.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for Dropped {}

/// Which service a port answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Port {
    /// The DataWorks OpenAPI.
    DataWorks,
    /// STS, the instance metadata service and the credentials URI ([`identity`]).
    Credentials,
}

/// Serves `listener` until `stop` changes or its sender is dropped.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    port: Port,
    mut stop: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(shared.settings.max_connections.max(1)));
    loop {
        let accepted = tokio::select! {
            _ = stop.changed() => return,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of descriptors or a connection reset before accept: wait a
                // little, keep serving.
                tokio::time::sleep(Duration::from_millis(5)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        match slots.clone().try_acquire_owned() {
            Ok(permit) => {
                let shared = shared.clone();
                let stop = stop.clone();
                tokio::spawn(async move {
                    connection(stream, shared, port, stop).await;
                    drop(permit);
                });
            }
            Err(_) => {
                tokio::spawn(refuse(stream, shared.settings.max_connections));
            }
        }
    }
}

async fn connection(
    stream: TcpStream,
    shared: Arc<Shared>,
    port: Port,
    mut stop: watch::Receiver<bool>,
) {
    let timeout = shared.settings.header_timeout;
    let service = service_fn(move |request| {
        let shared = shared.clone();
        async move {
            let reply = match port {
                Port::DataWorks => handler::handle(&shared, request).await,
                Port::Credentials => identity::handle(&shared, request).await,
            };
            match reply {
                Reply::Answer(response) => Ok::<_, Dropped>(response),
                Reply::Drop => Err(Dropped),
            }
        }
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(timeout)
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = connection => {}
        _ = stop.changed() => {}
    }
}

/// Answers a connection over the cap with `503` and closes it.
async fn refuse(mut stream: TcpStream, cap: usize) {
    // Read what the client sent first (briefly), so the answer is not lost to a reset.
    let mut buffer = [0u8; 4096];
    let _ = tokio::time::timeout(Duration::from_millis(50), stream.read(&mut buffer)).await;
    let rejection = Rejection::new(
        TOO_MANY_CONNECTIONS,
        format!("more than {cap} connections are open; try again"),
    );
    let body = answer::error_body(&rejection, &answer::request_id(), "127.0.0.1");
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json;charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(&body).await;
    let _ = stream.shutdown().await;
}
