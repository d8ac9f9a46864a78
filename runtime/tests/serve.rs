//! `serve` (the `serve` feature): what a client gets back over real TCP,
//! the limits a hostile client meets (body size, slow bodies, connection
//! count), graceful shutdown, and the HTTPS client's plain-HTTP switch.
#![cfg(feature = "serve")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use smithy_runtime::rest::{HttpRequest, HttpResponse, Limits, Protocol};
use smithy_runtime::serve::{ServeSettings, Server, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Answers 200 with the request's method, path and body length.
async fn echo(request: HttpRequest) -> HttpResponse {
    let body = format!(
        "{} {} {}",
        request.method(),
        request.uri().path(),
        request.body().len()
    );
    http::Response::new(body.into_bytes())
}

async fn start(settings: ServeSettings) -> Server {
    serve("127.0.0.1:0", Protocol::RestJson1, settings, echo)
        .await
        .expect("binds a loopback port")
}

/// Sends `raw` on a new connection to `addr` and reads until the server closes it.
async fn exchange(addr: std::net::SocketAddr, raw: &[u8]) -> String {
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    tcp.write_all(raw).await.unwrap();
    let mut out = Vec::new();
    let _ = tcp.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).into_owned()
}

/// [`exchange`], or `None` when the server has not closed the connection
/// within five seconds.
async fn exchange_within_5s(addr: std::net::SocketAddr, raw: &[u8]) -> Option<String> {
    tokio::time::timeout(Duration::from_secs(5), exchange(addr, raw))
        .await
        .ok()
}

#[tokio::test]
async fn answers_through_the_handler_and_names_its_endpoint() {
    let server = start(ServeSettings::default()).await;
    assert_eq!(
        server.endpoint(),
        format!("http://127.0.0.1:{}", server.local_addr().port())
    );
    let reply = exchange(
        server.local_addr(),
        b"POST /contact/chat HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
    )
    .await;
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.ends_with("POST /contact/chat 5"), "{reply}");
    server.shutdown().await;
}

#[tokio::test]
async fn a_body_over_the_limit_gets_413_in_the_protocols_form_and_the_connection_closes() {
    let settings = ServeSettings {
        limits: Limits { max_body_bytes: 10 },
        ..ServeSettings::default()
    };
    let server = serve(
        "127.0.0.1:0",
        Protocol::AwsJson {
            media_type: "application/x-amz-json-1.0",
            query_compatible: false,
        },
        settings,
        echo,
    )
    .await
    .unwrap();
    // The body claims a megabyte; the server refuses once 10 bytes are over
    // and does not wait for the rest.
    let mut raw = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n".to_vec();
    raw.extend([b'a'; 64]);
    let reply = exchange(server.local_addr(), &raw).await;
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    assert!(
        reply.to_ascii_lowercase().contains("connection: close"),
        "{reply}"
    );
    assert!(
        reply.contains(r#""__type":"PayloadTooLargeException""#),
        "{reply}"
    );
    // A chunked body is counted the same way.
    let reply = exchange(
        server.local_addr(),
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n",
    )
    .await;
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_the_body_is_sent() {
    let settings = ServeSettings {
        limits: Limits { max_body_bytes: 10 },
        ..ServeSettings::default()
    };
    let server = start(settings).await;
    // The client waits for `100 Continue` before sending ten megabytes.
    let reply = exchange_within_5s(
        server.local_addr(),
        b"PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\nExpect: 100-continue\r\n\r\n",
    )
    .await
    .expect("answered without the body");
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    assert!(!reply.contains("100 Continue"), "{reply}");
}

#[tokio::test]
async fn a_client_that_does_not_read_its_answer_loses_its_connection() {
    let settings = ServeSettings {
        max_connections: 1,
        write_timeout: Duration::from_millis(200),
        ..ServeSettings::default()
    };
    // An answer far larger than the socket buffers hold.
    let big = |request: HttpRequest| async move {
        if request.uri().path() == "/big" {
            http::Response::new(vec![b'x'; 64 << 20])
        } else {
            echo(request).await
        }
    };
    let server = serve("127.0.0.1:0", Protocol::RestJson1, settings, big)
        .await
        .unwrap();
    let mut stuck = TcpStream::connect(server.local_addr()).await.unwrap();
    stuck
        .write_all(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    // The only connection slot is freed once the write stalls too long.
    let reply = tokio::time::timeout(
        Duration::from_secs(10),
        exchange(
            server.local_addr(),
            b"GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        ),
    )
    .await
    .expect("served once the stalled connection was closed");
    assert!(reply.ends_with("GET /next 0"), "{reply}");
    drop(stuck);
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_gets_408() {
    let settings = ServeSettings {
        body_timeout: Duration::from_millis(100),
        ..ServeSettings::default()
    };
    let server = start(settings).await;
    // Five bytes promised, two sent, and the connection kept open.
    let reply = exchange_within_5s(
        server.local_addr(),
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab",
    )
    .await
    .expect("the server answered and closed");
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(reply.contains("RequestTimeoutException"), "{reply}");
}

#[tokio::test]
async fn a_head_that_does_not_arrive_in_time_closes_the_connection() {
    let settings = ServeSettings {
        head_timeout: Duration::from_millis(100),
        ..ServeSettings::default()
    };
    let server = start(settings).await;
    let read = exchange_within_5s(server.local_addr(), b"POST / HTTP/1.1\r\nHost: x\r\n").await;
    assert!(read.is_some(), "the server gave up on the head");
}

#[tokio::test]
async fn an_oversized_head_is_refused() {
    let settings = ServeSettings {
        max_head_bytes: 8192,
        ..ServeSettings::default()
    };
    let server = start(settings).await;
    let mut raw = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: ".to_vec();
    raw.extend(std::iter::repeat_n(b'a', 20_000));
    raw.extend(b"\r\n\r\n");
    let reply = exchange(server.local_addr(), &raw).await;
    assert!(
        reply.starts_with("HTTP/1.1 431") || reply.is_empty(),
        "{reply}"
    );
    assert!(!reply.contains("200 OK"), "{reply}");
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_to_be_accepted() {
    let settings = ServeSettings {
        max_connections: 1,
        ..ServeSettings::default()
    };
    let server = start(settings).await;
    // The first connection stays open (keep-alive) after its request.
    let mut first = TcpStream::connect(server.local_addr()).await.unwrap();
    first
        .write_all(b"GET /one HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 256];
    let n = first.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).ends_with("GET /one 0"));
    // The second is not served while the first is open...
    let second = tokio::spawn({
        let addr = server.local_addr();
        async move {
            exchange(
                addr,
                b"GET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            )
            .await
        }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!second.is_finished(), "served beyond max_connections");
    // ...and is once it closes.
    drop(first);
    let reply = tokio::time::timeout(Duration::from_secs(5), second)
        .await
        .expect("served after the first connection closed")
        .unwrap();
    assert!(reply.ends_with("GET /two 0"), "{reply}");
}

#[tokio::test]
async fn extreme_settings_are_taken_without_a_panic() {
    let settings = ServeSettings {
        limits: Limits {
            max_body_bytes: usize::MAX,
        },
        max_connections: usize::MAX,
        head_timeout: Duration::MAX,
        body_timeout: Duration::MAX,
        write_timeout: Duration::MAX,
        max_head_bytes: 0,
        shutdown_grace: Duration::MAX,
        ..ServeSettings::default()
    };
    let server = start(settings).await;
    let reply = exchange(
        server.local_addr(),
        b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi",
    )
    .await;
    assert!(reply.ends_with("POST /x 2"), "{reply}");
    server.shutdown().await;
}

#[tokio::test]
async fn shutdown_lets_requests_in_progress_finish_and_stops_accepting() {
    let started = Arc::new(tokio::sync::Notify::new());
    let handler = {
        let started = started.clone();
        move |_: HttpRequest| {
            let started = started.clone();
            async move {
                started.notify_one();
                tokio::time::sleep(Duration::from_millis(300)).await;
                http::Response::new(b"finished".to_vec())
            }
        }
    };
    let server = serve(
        "127.0.0.1:0",
        Protocol::RestJson1,
        ServeSettings::default(),
        handler,
    )
    .await
    .unwrap();
    let addr = server.local_addr();
    let in_progress =
        tokio::spawn(async move { exchange(addr, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").await });
    started.notified().await;
    server.shutdown().await;
    // The request in progress got its answer, and then the connection closed.
    let reply = in_progress.await.unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.ends_with("finished"), "{reply}");
    // Nothing listens any more.
    assert!(TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn shutdown_gives_up_on_a_request_after_the_grace_period() {
    let calls = Arc::new(AtomicUsize::new(0));
    let handler = {
        let calls = calls.clone();
        move |_: HttpRequest| {
            calls.fetch_add(1, Ordering::SeqCst);
            async move {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                http::Response::new(Vec::new())
            }
        }
    };
    let settings = ServeSettings {
        shutdown_grace: Duration::from_millis(100),
        ..ServeSettings::default()
    };
    let server = serve("127.0.0.1:0", Protocol::RestJson1, settings, handler)
        .await
        .unwrap();
    let mut tcp = TcpStream::connect(server.local_addr()).await.unwrap();
    tcp.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    while calls.load(Ordering::SeqCst) == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let begun = Instant::now();
    server.shutdown().await;
    assert!(begun.elapsed() < Duration::from_secs(60));
    let mut out = Vec::new();
    let _ = tcp.read_to_end(&mut out).await;
    assert!(out.is_empty(), "no answer from a request cut off");
}

#[test]
fn outside_a_tokio_runtime_it_is_an_error_not_a_panic() {
    let mut future = std::pin::pin!(serve(
        "127.0.0.1:0",
        Protocol::RestJson1,
        ServeSettings::default(),
        echo
    ));
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(Err(error)) => {
            assert!(error.to_string().contains("tokio runtime"), "{error}")
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

#[cfg(feature = "https")]
#[tokio::test]
async fn the_https_client_reaches_a_plain_http_fake_only_when_told_to() {
    use smithy_runtime::https::{Https, HttpsSettings};
    use smithy_runtime::rest::{AtEndpoint, Endpoint, Transport};
    let server = start(ServeSettings::default()).await;
    let endpoint = Endpoint::new(&server.endpoint()).unwrap();
    let request = || {
        http::Request::builder()
            .method("POST")
            .uri("/ping")
            .body(b"abc".to_vec())
            .unwrap()
    };
    let plain = Https::with_settings(HttpsSettings {
        plain_http: true,
        ..HttpsSettings::default()
    })
    .unwrap();
    let reply = AtEndpoint::new(plain, endpoint.clone())
        .send(request())
        .await
        .unwrap();
    assert_eq!(reply.body(), b"POST /ping 3");
    let strict = Https::new().unwrap();
    assert!(
        AtEndpoint::new(strict, endpoint)
            .send(request())
            .await
            .is_err()
    );
}
