//! Test support for the generated Connect crate: serving an implementation
//! of [`connect::Connect`] over real HTTP on 127.0.0.1, and a client
//! [`Transport`] that talks to it with hyper (used by `examples/fake_connect.rs`
//! and `tests/loopback.rs`); random values of any model shape
//! ([`model_values`]) and the pinned model they come from ([`pinned_model`]).

pub mod model_values;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use connect::runtime::http;
use connect::runtime::rest::{AtEndpoint, BuildError, Endpoint, Transport, TransportError};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};

/// Runs a future that never waits on I/O (an in-process transport, a
/// dispatch to a fake) to completion, with a waker that does nothing.
pub fn block_on<F: Future>(future: F) -> F::Output {
    struct Ignore;
    impl std::task::Wake for Ignore {
        fn wake(self: Arc<Self>) {}
    }
    let waker = std::task::Waker::from(Arc::new(Ignore));
    let mut cx = std::task::Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// The model the committed crate is generated from, as the pin
/// (`models/connect.toml`) names it: its cached copy under `models/.cache/`.
/// `None` (with a note on stderr) when it has not been fetched; a test that
/// needs it fails instead when `CI` is set.
pub fn pinned_model() -> Option<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let pin = std::fs::read_to_string(root.join("models/connect.toml"))
        .expect("models/connect.toml is readable");
    let file = pin
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("file")
                .map(str::trim)
                .and_then(|r| r.strip_prefix('='))
        })
        .map(|v| v.trim().trim_matches('"').to_string())
        .expect("the pin names its cached file");
    let path = root.join("models/.cache").join(&file);
    if path.exists() {
        return Some(path);
    }
    let msg = format!(
        "the pinned model is absent ({}); run `cargo xtask fetch-model`",
        path.display()
    );
    assert!(std::env::var_os("CI").is_none(), "{msg}");
    eprintln!("skipping: {msg}");
    None
}

/// A fake service listening on a loopback port; dropping it stops the server.
pub struct LoopbackServer {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Serves `service` over HTTP/1.1 on 127.0.0.1 (a free port), routing every
/// request through [`connect::dispatch`].
pub async fn serve<S: connect::Connect + 'static>(service: S) -> std::io::Result<LoopbackServer> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let service = Arc::new(service);
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                _ = &mut stopped => break,
                accepted = listener.accept() => accepted,
            };
            let Ok((stream, _)) = accepted else { continue };
            let service = service.clone();
            tokio::spawn(async move {
                let handler = hyper::service::service_fn(
                    move |request: http::Request<hyper::body::Incoming>| {
                        let service = service.clone();
                        async move {
                            let (parts, body) = request.into_parts();
                            let bytes = body.collect().await?.to_bytes();
                            let response = connect::dispatch(
                                &*service,
                                http::Request::from_parts(parts, bytes.to_vec()),
                            )
                            .await;
                            Ok::<_, hyper::Error>(response.map(|b| Full::new(Bytes::from(b))))
                        }
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), handler)
                    .await;
            });
        }
    });
    Ok(LoopbackServer {
        addr,
        stop: Some(stop),
    })
}

/// A [`Transport`] that sends requests over plain HTTP with hyper; each
/// request's URI must be absolute (wrap it in [`AtEndpoint`] to send to one
/// endpoint).
///
/// [`AtEndpoint`]: connect::runtime::rest::AtEndpoint
#[derive(Clone)]
pub struct HyperTransport {
    client: HyperClient<HttpConnector, Full<Bytes>>,
}

impl HyperTransport {
    /// A transport with a connection pool of its own.
    fn new() -> Self {
        HyperTransport {
            client: HyperClient::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// A transport that sends every request to `endpoint` (`http://127.0.0.1:PORT`).
    pub fn at(endpoint: &str) -> Result<AtEndpoint<Self>, BuildError> {
        Ok(AtEndpoint::new(Self::new(), Endpoint::new(endpoint)?))
    }
}

impl Transport for HyperTransport {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, TransportError>> + Send {
        let client = self.client.clone();
        async move {
            let (parts, body) = request.into_parts();
            let response = client
                .request(http::Request::from_parts(
                    parts,
                    Full::new(Bytes::from(body)),
                ))
                .await
                .map_err(TransportError::new)?;
            let (parts, body) = response.into_parts();
            let bytes = body
                .collect()
                .await
                .map_err(TransportError::new)?
                .to_bytes();
            Ok(http::Response::from_parts(parts, bytes.to_vec()))
        }
    }
}
