//! The standard retry strategy over a fake transport, with the sleep and the
//! random source injected: what is retried, how often, after which delays,
//! and how the token bucket stops retry storms.
#![cfg(feature = "aws")]

mod common;
use common::block_on;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use smithy_runtime::rest::{Transport, TransportError};
use smithy_runtime::retry::{Retry, RetryConfig};

/// A scripted answer: a status and error code, or a transport failure.
type Answer = Result<(u16, &'static str), ()>;

/// The answers still to give, and the bodies received.
#[derive(Default)]
struct State {
    answers: VecDeque<Answer>,
    bodies: Vec<Vec<u8>>,
}

/// Answers from a script; records every request body it got.
#[derive(Clone, Default)]
struct Script(Arc<Mutex<State>>);

impl Script {
    fn new(answers: &[Answer]) -> Self {
        Script(Arc::new(Mutex::new(State {
            answers: answers.iter().cloned().collect(),
            bodies: Vec::new(),
        })))
    }
    fn bodies(&self) -> Vec<Vec<u8>> {
        self.0.lock().unwrap().bodies.clone()
    }
}

impl Transport for Script {
    async fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let mut s = self.0.lock().unwrap();
        s.bodies.push(request.body().clone());
        match s.answers.pop_front().unwrap_or(Ok((200, ""))) {
            Ok((status, code)) => {
                let mut b = http::Response::builder().status(status);
                if !code.is_empty() {
                    b = b.header("x-amzn-errortype", code);
                }
                Ok(b.body(b"{}".to_vec()).unwrap())
            }
            Err(()) => Err(TransportError::new("connection reset")),
        }
    }
}

/// A retrying transport whose sleeps are recorded (and return at once) and
/// whose jitter is `r`.
fn retry(script: &Script, r: f64) -> (Retry<Script>, Arc<Mutex<Vec<Duration>>>) {
    let slept = Arc::new(Mutex::new(Vec::new()));
    let log = slept.clone();
    let t = Retry::new(script.clone())
        .with_random(move || r)
        .with_sleep(move |d| {
            log.lock().unwrap().push(d);
            Box::pin(std::future::ready(()))
        });
    (t, slept)
}

fn request() -> http::Request<Vec<u8>> {
    http::Request::builder()
        .method("PUT")
        .uri("/contact/chat")
        .body(br#"{"ClientToken":"token-1"}"#.to_vec())
        .unwrap()
}

#[test]
fn throttling_and_5xx_are_retried_with_full_jitter_backoff() {
    let script = Script::new(&[
        Ok((503, "")),
        Ok((400, "ThrottlingException")),
        Ok((200, "")),
    ]);
    let (t, slept) = retry(&script, 0.5);
    let response = block_on(t.send(request())).unwrap();
    assert_eq!(response.status(), 200);
    // Delay caps 1 s then 2 s, times the jitter 0.5.
    assert_eq!(
        *slept.lock().unwrap(),
        [Duration::from_millis(500), Duration::from_secs(1)]
    );
    // Every attempt resent the same body: the idempotency token is kept.
    assert_eq!(script.bodies(), vec![request().body().clone(); 3]);
    // Two retries cost 5 each; the successful one gave its cost back.
    assert_eq!(t.tokens(), 500 - 5);
}

#[test]
fn three_attempts_at_most_then_the_last_answer() {
    let script = Script::new(&[Ok((500, "")), Ok((502, "")), Ok((504, "")), Ok((200, ""))]);
    let (t, slept) = retry(&script, 0.0);
    let response = block_on(t.send(request())).unwrap();
    assert_eq!(response.status(), 504);
    assert_eq!(script.bodies().len(), 3);
    assert_eq!(slept.lock().unwrap().len(), 2);
}

#[test]
fn client_errors_are_not_retried() {
    for (status, code) in [
        (400, "ValidationException"),
        (404, "ResourceNotFoundException"),
        (403, "AccessDeniedException"),
    ] {
        let script = Script::new(&[Ok((status, code))]);
        let (t, slept) = retry(&script, 0.5);
        assert_eq!(
            block_on(t.send(request())).unwrap().status().as_u16(),
            status
        );
        assert_eq!(script.bodies().len(), 1, "{code}");
        assert!(slept.lock().unwrap().is_empty());
    }
}

#[test]
fn transport_failures_are_retried_and_cost_more() {
    let script = Script::new(&[Err(()), Ok((200, ""))]);
    let (t, _) = retry(&script, 0.5);
    assert!(block_on(t.send(request())).is_ok());
    assert_eq!(script.bodies().len(), 2);
    assert_eq!(t.tokens(), 500, "the successful retry gave its 10 back");
    let script = Script::new(&[Err(()), Err(()), Err(())]);
    let (t, _) = retry(&script, 0.5);
    let e = block_on(t.send(request())).unwrap_err();
    assert!(e.to_string().contains("connection reset"), "{e}");
    assert_eq!(t.tokens(), 500 - 20);
}

#[test]
fn an_empty_bucket_stops_retrying() {
    // 100 throttled calls of 3 attempts each would need 1,000 tokens.
    let script = Script::new(&[Ok((429, "")); 300]);
    let (t, _) = retry(&script, 0.0);
    let mut attempts = 0;
    for _ in 0..100 {
        let before = script.bodies().len();
        block_on(t.send(request())).unwrap();
        attempts += script.bodies().len() - before;
    }
    assert_eq!(t.tokens(), 0);
    assert_eq!(
        attempts,
        100 + 500 / 5,
        "one attempt each, plus as many retries as the bucket paid for"
    );
}

#[test]
fn delays_are_capped_and_configurable() {
    let script = Script::new(&[Ok((503, "")); 10]);
    let slept = Arc::new(Mutex::new(Vec::new()));
    let log = slept.clone();
    let t = Retry::new(script.clone())
        .with_config(RetryConfig {
            max_attempts: 6,
            base_delay: Duration::from_secs(4),
            max_delay: Duration::from_secs(10),
        })
        .with_random(|| 1.0)
        .with_sleep(move |d| {
            log.lock().unwrap().push(d);
            Box::pin(std::future::ready(()))
        });
    block_on(t.send(request())).unwrap();
    let secs: Vec<u64> = slept
        .lock()
        .unwrap()
        .iter()
        .map(Duration::as_secs)
        .collect();
    assert_eq!(secs, [4, 8, 10, 10, 10]);
}

#[test]
fn the_default_sleep_really_waits() {
    let script = Script::new(&[Ok((503, "")), Ok((200, ""))]);
    let t = Retry::new(script.clone())
        .with_config(RetryConfig {
            base_delay: Duration::from_millis(20),
            ..RetryConfig::default()
        })
        .with_random(|| 1.0);
    let start = std::time::Instant::now();
    assert_eq!(block_on(t.send(request())).unwrap().status(), 200);
    assert!(start.elapsed() >= Duration::from_millis(20));
}
