//! Copied into the crate generated from `models/fixtures/auth_sigv4_default.json`
//! by the compile test: a service that signs by default and has one
//! bearer-token operation. Each client authenticates only the operations
//! that take its scheme.

use std::sync::{Arc, Mutex};

use fixture_auth_sigv4_default::runtime::aws::{Credentials, Token};
use fixture_auth_sigv4_default::runtime::http;
use fixture_auth_sigv4_default::runtime::rest::{Transport, TransportError};
use fixture_auth_sigv4_default::{Keys, bearer_client, signed_client};

/// Answers `{}` and keeps each request's `Authorization` header.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Option<String>>>>);

impl Transport for Recorder {
    async fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let auth = request
            .headers()
            .get(http::header::AUTHORIZATION)
            .map(|v| v.to_str().unwrap_or("?").to_string());
        self.0.lock().unwrap().push(auth);
        Ok(http::Response::builder()
            .status(200)
            .header("Content-Type", "application/json")
            .body(b"{}".to_vec())
            .unwrap())
    }
}

fn block_on<F: Future>(future: F) -> F::Output {
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

/// The `Authorization` of `GetKey` and `PutKey`, in that order.
fn calls(client: &impl Keys, seen: &Recorder) -> Vec<Option<String>> {
    block_on(client.get_key()).unwrap();
    block_on(client.put_key()).unwrap();
    seen.0.lock().unwrap().clone()
}

#[test]
fn the_signer_leaves_the_bearer_operation_alone() {
    let seen = Recorder::default();
    let keys = Credentials::new("AKID", "secret", None, None, "test");
    let client = signed_client(seen.clone(), "us-east-1", Some("https://localhost"), keys).unwrap();
    let got = calls(&client, &seen);
    assert!(got[0].as_deref().is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256")), "{got:?}");
    assert_eq!(got[1], None, "PutKey takes a bearer token only");
}

#[test]
fn the_token_goes_to_the_bearer_operation_only() {
    let seen = Recorder::default();
    let token = Token::new("tok", None);
    let client = bearer_client(seen.clone(), "us-east-1", Some("https://localhost"), token).unwrap();
    let got = calls(&client, &seen);
    assert_eq!(got[0], None, "GetKey takes SigV4 only");
    assert_eq!(got[1].as_deref(), Some("Bearer tok"));
}
