//! Serving over HTTP/1.1 (the `serve` feature): a generated crate's
//! `serve(service, addr)` binds an address and answers every request with
//! its `dispatch`, so that any client that lets you set its endpoint (the
//! AWS CLI, boto3, an AWS SDK, this crate's [`Client`](crate::rest::Client))
//! can call a fake of the service. [`serve`] serves any request handler the
//! same way (one that checks a signature before dispatching, for instance).
//!
//! It runs on tokio (call it inside a tokio runtime) with hyper, and bounds
//! what a client can make it do: a request's body is read up to
//! [`Limits::max_body_bytes`] (413 `PayloadTooLargeException` in the
//! service's protocol beyond; at once when its `Content-Length` says so),
//! its head and its body must each arrive within a timeout, an answer the
//! client does not read closes the connection after another, its head is
//! at most [`ServeSettings::max_head_bytes`],
//! and at most [`ServeSettings::max_connections`] connections are open at
//! once (more wait to be accepted). [`Server::shutdown`] stops accepting,
//! lets requests in progress finish (for up to
//! [`ServeSettings::shutdown_grace`]) and closes idle connections.
//!
//! With the `https` feature as well, [`ServeSettings::tls`] serves HTTPS
//! with a rustls server configuration of your own.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use crate::rest::{HttpRequest, HttpResponse, Limits, Protocol};

/// How a [`Server`] bounds the work its clients can cause.
#[derive(Debug, Clone)]
pub struct ServeSettings {
    /// What a request may carry (the largest body read); the same limits
    /// are passed to `dispatch`. Default: [`Limits::default`].
    pub limits: Limits,
    /// Connections open at once; a client beyond waits to be accepted. Default 256.
    pub max_connections: usize,
    /// How long a request's head (line and headers) may take to arrive;
    /// with TLS, the handshake gets as long again. Default 10 s.
    pub head_timeout: Duration,
    /// How long a request's body may take to arrive once its head has. Default 30 s.
    pub body_timeout: Duration,
    /// How long writing an answer may stall (a client that does not read
    /// what it asked for) before the connection is closed. Default 30 s.
    pub write_timeout: Duration,
    /// The largest request head read, in bytes (at least 8 KiB). Default 64 KiB.
    pub max_head_bytes: usize,
    /// How long [`Server::shutdown`] lets requests in progress run before
    /// it closes their connections. Default 10 s.
    pub shutdown_grace: Duration,
    /// Serve HTTPS with this rustls configuration instead of plain HTTP.
    #[cfg(feature = "https")]
    pub tls: Option<Arc<rustls::ServerConfig>>,
}

impl Default for ServeSettings {
    fn default() -> Self {
        ServeSettings {
            limits: Limits::default(),
            max_connections: 256,
            head_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(30),
            max_head_bytes: 64 << 10,
            shutdown_grace: Duration::from_secs(10),
            #[cfg(feature = "https")]
            tls: None,
        }
    }
}

/// A running server: where it listens, and how to stop it. Dropping it
/// stops it too (without waiting for requests in progress).
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    scheme: &'static str,
    stop: Option<watch::Sender<bool>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Server {
    /// The address it listens on (with the port the system chose for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The endpoint to give a client: `http://127.0.0.1:PORT` (`https://…` with TLS).
    pub fn endpoint(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// Stops accepting connections, closes idle ones, lets requests in
    /// progress finish (up to [`ServeSettings::shutdown_grace`], then closes
    /// their connections) and returns when every connection is closed.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
    }
}

/// Serves HTTP/1.1 on `addr` (`"127.0.0.1:0"` for a free port), answering
/// each request with `handler`; returns once it listens. Refusals the server
/// makes itself (a body over the limit) are in `protocol`'s form.
///
/// Must be called inside a tokio runtime (an error otherwise), which then
/// runs the server.
pub async fn serve<H, Fut>(
    addr: impl std::net::ToSocketAddrs,
    protocol: Protocol,
    settings: ServeSettings,
    handler: H,
) -> std::io::Result<Server>
where
    H: Fn(HttpRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = HttpResponse> + Send + 'static,
{
    if tokio::runtime::Handle::try_current().is_err() {
        return Err(std::io::Error::other(
            "serve must be called inside a tokio runtime",
        ));
    }
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let addr = listener.local_addr()?;
    #[cfg(feature = "https")]
    let scheme = if settings.tls.is_some() {
        "https"
    } else {
        "http"
    };
    #[cfg(not(feature = "https"))]
    let scheme = "http";
    let (stop, stopped) = watch::channel(false);
    let task = tokio::spawn(accept_loop(
        listener,
        protocol,
        settings,
        Arc::new(handler),
        stopped,
    ));
    Ok(Server {
        addr,
        scheme,
        stop: Some(stop),
        task: Some(task),
    })
}

/// Accepts connections until told to stop, then shuts them down.
async fn accept_loop<H, Fut>(
    listener: tokio::net::TcpListener,
    protocol: Protocol,
    settings: ServeSettings,
    handler: Arc<H>,
    mut stopped: watch::Receiver<bool>,
) where
    H: Fn(HttpRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = HttpResponse> + Send + 'static,
{
    let permits = Arc::new(Semaphore::new(
        settings.max_connections.clamp(1, Semaphore::MAX_PERMITS),
    ));
    let settings = Arc::new(settings);
    let mut connections = JoinSet::new();
    loop {
        // Finished connections are reaped as we go.
        while connections.try_join_next().is_some() {}
        let accepted = tokio::select! {
            _ = until_stopped(&mut stopped) => break,
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => tokio::select! {
                    _ = until_stopped(&mut stopped) => break,
                    accepted = listener.accept() => accepted.map(|a| (a, permit)),
                },
                Err(_) => break,
            },
        };
        // A failed accept (the process is out of descriptors, a client
        // reset) is not the end of the server; a short pause keeps it from
        // spinning.
        let Ok(((tcp, _), permit)) = accepted else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let (handler, settings, stopped) = (handler.clone(), settings.clone(), stopped.clone());
        connections.spawn(async move {
            let _permit = permit;
            #[cfg(feature = "https")]
            if let Some(tls) = settings.tls.clone() {
                let acceptor = tokio_rustls::TlsAcceptor::from(tls);
                let handshake = tokio::time::timeout(settings.head_timeout, acceptor.accept(tcp));
                if let Ok(Ok(stream)) = handshake.await {
                    connection(stream, protocol, &settings, handler, stopped).await;
                }
                return;
            }
            connection(tcp, protocol, &settings, handler, stopped).await;
        });
    }
    drop(listener);
    let grace = settings.shutdown_grace;
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(grace, drain).await.is_err() {
        connections.shutdown().await;
    }
}

/// Serves one connection until the client closes it, or gracefully once
/// the server stops.
async fn connection<S, H, Fut>(
    stream: S,
    protocol: Protocol,
    settings: &ServeSettings,
    handler: Arc<H>,
    mut stopped: watch::Receiver<bool>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    H: Fn(HttpRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = HttpResponse> + Send + 'static,
{
    let (max_body, body_timeout) = (settings.limits.max_body_bytes, settings.body_timeout);
    let service =
        hyper::service::service_fn(move |request: http::Request<hyper::body::Incoming>| {
            let handler = handler.clone();
            async move {
                let (parts, body) = request.into_parts();
                let too_large = || closing(crate::rest::payload_too_large(protocol));
                // A declared length over the limit is refused before any of
                // the body is read (a client waiting on `Expect:
                // 100-continue` never sends it).
                let declared = parts
                    .headers
                    .get(http::header::CONTENT_LENGTH)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse::<u64>().ok());
                if declared.is_some_and(|n| n > u64::try_from(max_body).unwrap_or(u64::MAX)) {
                    return Ok(too_large().map(|b| Full::new(Bytes::from(b))));
                }
                let read =
                    tokio::time::timeout(body_timeout, Limited::new(body, max_body).collect());
                let response = match read.await {
                    Ok(Ok(body)) => {
                        handler(http::Request::from_parts(parts, body.to_bytes().into())).await
                    }
                    Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => too_large(),
                    // The client broke off its body: nothing to answer.
                    Ok(Err(_)) => return Err(BodyBroken),
                    Err(_) => closing(protocol.error_response(
                        408,
                        "RequestTimeoutException",
                        crate::rest::message_body(Some("the request body did not arrive in time")),
                    )),
                };
                Ok::<_, BodyBroken>(response.map(|b| Full::new(Bytes::from(b))))
            }
        });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        // hyper adds the timeout to the present instant: a year at most.
        .header_read_timeout(settings.head_timeout.min(Duration::from_secs(365 * 86_400)))
        .max_buf_size(settings.max_head_bytes.max(8192));
    let stream = WriteDeadline::new(stream, settings.write_timeout);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    let mut conn = std::pin::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = until_stopped(&mut stopped) => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// `response`, telling the client the connection closes after it (its
/// request's body was not read to the end).
fn closing(mut response: HttpResponse) -> HttpResponse {
    response.headers_mut().insert(
        http::header::CONNECTION,
        http::HeaderValue::from_static("close"),
    );
    response
}

/// Returns once the server is told to stop (or its handle is gone).
async fn until_stopped(stopped: &mut watch::Receiver<bool>) {
    let _ = stopped.wait_for(|s| *s).await;
}

/// A request body the client broke off: the connection is closed.
#[derive(Debug)]
struct BodyBroken;

impl std::fmt::Display for BodyBroken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body broke off")
    }
}

impl std::error::Error for BodyBroken {}

/// A stream whose writes fail (`TimedOut`) once one has stalled for
/// `timeout`: a client that stops reading cannot hold its connection.
struct WriteDeadline<S> {
    inner: S,
    timeout: Duration,
    /// Set while a write or flush is pending.
    stalled: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
}

impl<S> WriteDeadline<S> {
    fn new(inner: S, timeout: Duration) -> Self {
        WriteDeadline {
            inner,
            timeout,
            stalled: None,
        }
    }

    /// Turns a pending write into an error once it has stalled too long.
    fn watch<T>(
        &mut self,
        cx: &mut std::task::Context<'_>,
        poll: std::task::Poll<std::io::Result<T>>,
    ) -> std::task::Poll<std::io::Result<T>> {
        use std::task::Poll;
        if poll.is_ready() {
            self.stalled = None;
            return poll;
        }
        let timeout = self.timeout;
        let sleep = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client did not read the answer in time",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteDeadline<S> {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteDeadline<S> {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        let poll = std::pin::Pin::new(&mut self.inner).poll_write(cx, buf);
        self.watch(cx, poll)
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let poll = std::pin::Pin::new(&mut self.inner).poll_flush(cx);
        self.watch(cx, poll)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let poll = std::pin::Pin::new(&mut self.inner).poll_shutdown(cx);
        self.watch(cx, poll)
    }

    fn poll_write_vectored(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        let poll = std::pin::Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.watch(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
