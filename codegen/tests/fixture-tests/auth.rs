//! Copied into the crate generated from `models/fixtures/auth.json` by the
//! compile test: each operation authenticates as the model says, through
//! the generated `signed_client` and `bearer_client`.

use std::sync::{Arc, Mutex};

use fixture_auth::runtime::aws::{Credentials, Token};
use fixture_auth::runtime::http;
use fixture_auth::runtime::rest::{Transport, TransportError};
use fixture_auth::{GetSecretInput, Vault, bearer_client, signed_client};

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
            .header("Content-Type", "application/x-amz-json-1.0")
            .body(b"{}".to_vec())
            .unwrap())
    }
}

impl Recorder {
    fn last(&self) -> Option<String> {
        self.0.lock().unwrap().last().cloned().flatten()
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

/// Calls every operation; the `Authorization` each one was sent with.
fn calls(client: &impl Vault, seen: &Recorder) -> [Option<String>; 4] {
    block_on(client.get_secret(GetSecretInput::new("a"))).unwrap();
    let get = seen.last();
    block_on(client.put_secret(GetSecretInput::new("a"))).unwrap();
    let put = seen.last();
    block_on(client.get_public_key()).unwrap();
    let public = seen.last();
    block_on(client.ping()).unwrap();
    let ping = seen.last();
    [get, put, public, ping]
}

#[test]
fn sigv4_signs_the_operations_that_take_it() {
    let seen = Recorder::default();
    let keys = Credentials::new("AKID", "secret", None, None, "test");
    let client = signed_client(seen.clone(), "us-east-1", Some("https://localhost"), keys).unwrap();
    let [get, put, public, ping] = calls(&client, &seen);
    assert!(get.is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256")), "the service's first scheme");
    assert_eq!(put, None, "`@auth([httpBearerAuth])`: not signed");
    assert!(public.is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256")), "`@optionalAuth` with credentials");
    assert_eq!(ping, None, "`@auth([])`");
}

#[test]
fn bearer_tokens_go_to_the_operations_that_take_them() {
    let seen = Recorder::default();
    let token = Token::new("tok", None);
    let client = bearer_client(seen.clone(), "us-east-1", Some("https://localhost"), token).unwrap();
    let [get, put, public, ping] = calls(&client, &seen);
    assert_eq!(get.as_deref(), Some("Bearer tok"), "the service's schemes include it");
    assert_eq!(put.as_deref(), Some("Bearer tok"), "`@auth([httpBearerAuth])`");
    assert_eq!(public.as_deref(), Some("Bearer tok"), "`@optionalAuth`: the service's schemes, or none");
    assert_eq!(ping, None, "`@auth([])`");
}
