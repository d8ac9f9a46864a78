//! Per-operation authentication (the `aws` feature): requests built with
//! `RequestBuilder::auth` (or without it) go through `Signed` and `Bearer`
//! to a recording fake transport, which shows what was signed, what got a
//! bearer token and what went out unauthenticated; providers that fail,
//! with and without `Anonymous`; tokens kept out of `Debug` and errors.
#![cfg(feature = "aws")]

mod common;
use common::block_on;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use aws_credential_types::provider::future;
use smithy_runtime::aws::{
    self, Bearer, Credentials, CredentialsError, EnvironmentToken, ProvideCredentials,
    ProvideToken, Signed, Token, TokenError,
};
use smithy_runtime::rest::{
    AtEndpoint, AuthScheme, Endpoint, Operation, RequestBuilder, Transport, TransportError,
};
use smithy_runtime::retry::Retry;

const ENDPOINT: &str = "https://connect.us-east-1.amazonaws.com";
const TOKEN: &str = "TOPSECRETBEARER";

/// Records every request it gets; answers each with one scripted status
/// (200 once the script is spent).
#[derive(Clone, Default)]
struct Recorder {
    requests: Arc<Mutex<Vec<http::Request<Vec<u8>>>>>,
    statuses: Arc<Mutex<Vec<u16>>>,
}

impl Recorder {
    fn answering(statuses: &[u16]) -> Self {
        let r = Recorder::default();
        r.statuses.lock().unwrap().extend(statuses.iter().rev());
        r
    }

    fn sent(&self) -> Vec<http::Request<Vec<u8>>> {
        std::mem::take(&mut *self.requests.lock().unwrap())
    }

    /// The one request sent since the last call.
    fn one(&self) -> http::Request<Vec<u8>> {
        let mut sent = self.sent();
        assert_eq!(sent.len(), 1, "requests sent");
        sent.pop().unwrap()
    }
}

impl Transport for Recorder {
    async fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        self.requests.lock().unwrap().push(request);
        let status = self.statuses.lock().unwrap().pop().unwrap_or(200);
        Ok(http::Response::builder()
            .status(status)
            .body(b"{}".to_vec())
            .unwrap())
    }
}

const OP: Operation = Operation {
    name: "StartChatContact",
    method: "PUT",
    uri: "/contact/chat",
    code: 200,
    request_media: Some("application/json"),
    response_media: Some("application/json"),
};

/// A request as generated code builds it, with `auth` schemes when given.
fn request(auth: Option<&'static [AuthScheme]>) -> http::Request<Vec<u8>> {
    let mut r = RequestBuilder::new(&OP);
    r.payload_bytes(Some(&b"{}".to_vec()), "application/json");
    if let Some(schemes) = auth {
        r.auth(schemes);
    }
    r.build().unwrap()
}

fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "TOPSECRETKEY", None, None, "test")
}

/// A credentials provider that has none.
#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Err(CredentialsError::not_loaded(
            "no keys configured here",
        )))
    }
}

/// A credentials provider whose loading fails (an expired session, say).
#[derive(Debug)]
struct BrokenCredentials;

impl ProvideCredentials for BrokenCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Err(CredentialsError::provider_error(
            "the session has expired",
        )))
    }
}

/// A token provider that has none.
#[derive(Debug)]
struct NoToken;

impl ProvideToken for NoToken {
    fn provide_token<'a>(&'a self) -> future::ProvideToken<'a>
    where
        Self: 'a,
    {
        future::ProvideToken::ready(Err(TokenError::not_loaded("no token configured here")))
    }
}

fn signed(inner: Recorder, credentials: impl ProvideCredentials + 'static) -> Signed<Recorder> {
    Signed::new(inner, ENDPOINT, "us-east-1", "connect", credentials)
        .unwrap()
        .with_clock(|| SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000))
}

fn bearer(inner: Recorder, token: impl ProvideToken + 'static) -> Bearer<AtEndpoint<Recorder>> {
    Bearer::new(
        AtEndpoint::new(inner, Endpoint::new(ENDPOINT).unwrap()),
        token,
    )
}

fn authorization(request: &http::Request<Vec<u8>>) -> Option<&str> {
    request
        .headers()
        .get(http::header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap())
}

/// Whether `request` carries a valid SigV4 signature of [`credentials`].
fn is_signed(request: &http::Request<Vec<u8>>) -> bool {
    aws::signature_matches(request, &credentials(), "us-east-1", "connect")
}

/// Sent without any authentication, at the endpoint all the same.
fn assert_unauthenticated(request: &http::Request<Vec<u8>>) {
    assert_eq!(authorization(request), None, "{request:?}");
    assert!(request.headers().get("x-amz-date").is_none(), "{request:?}");
    assert_eq!(
        request.uri().to_string(),
        "https://connect.us-east-1.amazonaws.com/contact/chat"
    );
}

#[test]
fn without_the_extension_every_request_is_signed() {
    let rec = Recorder::default();
    let t = signed(rec.clone(), credentials());
    block_on(t.send(request(None))).unwrap();
    assert!(is_signed(&rec.one()));
}

#[test]
fn sigv4_in_the_schemes_signs() {
    let rec = Recorder::default();
    let t = signed(rec.clone(), credentials());
    for schemes in [
        &[AuthScheme::SigV4][..],
        &[AuthScheme::Bearer, AuthScheme::SigV4],
        &[AuthScheme::SigV4, AuthScheme::Anonymous],
    ] {
        block_on(t.send(request(Some(schemes)))).unwrap();
        assert!(is_signed(&rec.one()), "{schemes:?}");
    }
}

#[test]
fn no_schemes_means_no_authentication() {
    let rec = Recorder::default();
    block_on(signed(rec.clone(), credentials()).send(request(Some(&[])))).unwrap();
    assert_unauthenticated(&rec.one());
    block_on(bearer(rec.clone(), Token::new(TOKEN, None)).send(request(Some(&[])))).unwrap();
    assert_unauthenticated(&rec.one());
    // Even with providers that have nothing: they are not asked.
    block_on(signed(rec.clone(), NoCredentials).send(request(Some(&[])))).unwrap();
    assert_unauthenticated(&rec.one());
    block_on(bearer(rec.clone(), NoToken).send(request(Some(&[])))).unwrap();
    assert_unauthenticated(&rec.one());
}

#[test]
fn bearer_operations_are_not_signed_but_get_the_token() {
    let rec = Recorder::default();
    block_on(signed(rec.clone(), credentials()).send(request(Some(&[AuthScheme::Bearer]))))
        .unwrap();
    assert_unauthenticated(&rec.one());

    let t = bearer(rec.clone(), Token::new(TOKEN, None));
    block_on(t.send(request(Some(&[AuthScheme::Bearer])))).unwrap();
    let sent = rec.one();
    assert_eq!(authorization(&sent), Some("Bearer TOPSECRETBEARER"));
    assert!(sent.headers()[http::header::AUTHORIZATION].is_sensitive());
    assert_eq!(
        sent.uri().to_string(),
        "https://connect.us-east-1.amazonaws.com/contact/chat"
    );
    // A request without the extension takes SigV4 alone: no token.
    block_on(t.send(request(None))).unwrap();
    assert_unauthenticated(&rec.one());
    // And leaves SigV4-only operations alone.
    block_on(t.send(request(Some(&[AuthScheme::SigV4])))).unwrap();
    assert_unauthenticated(&rec.one());
}

#[test]
fn optional_auth_without_credentials_sends_unsigned() {
    let rec = Recorder::default();
    let t = signed(rec.clone(), NoCredentials);
    block_on(t.send(request(Some(&[AuthScheme::SigV4, AuthScheme::Anonymous])))).unwrap();
    assert_unauthenticated(&rec.one());
}

#[test]
fn optional_auth_reports_credentials_that_fail_to_load() {
    // Anonymous is for a caller with no credentials, not for one whose
    // credentials could not be loaded.
    let rec = Recorder::default();
    let t = signed(rec.clone(), BrokenCredentials);
    let e =
        block_on(t.send(request(Some(&[AuthScheme::SigV4, AuthScheme::Anonymous])))).unwrap_err();
    assert!(e.to_string().contains("the session has expired"), "{e}");
    assert!(rec.sent().is_empty(), "nothing was sent");
}

#[test]
fn required_sigv4_without_credentials_fails_naming_the_cause() {
    let rec = Recorder::default();
    let t = signed(rec.clone(), NoCredentials);
    for auth in [None, Some(&[AuthScheme::SigV4][..])] {
        let e = block_on(t.send(request(auth))).unwrap_err();
        let shown = e.to_string();
        assert!(
            shown.contains("no credentials") && shown.contains("no keys configured here"),
            "{shown}"
        );
    }
    assert!(rec.sent().is_empty(), "nothing was sent");
}

#[test]
fn bearer_tokens_are_optional_with_anonymous_and_required_otherwise() {
    let rec = Recorder::default();
    let t = bearer(rec.clone(), NoToken);
    block_on(t.send(request(Some(&[AuthScheme::Bearer, AuthScheme::Anonymous])))).unwrap();
    assert_unauthenticated(&rec.one());
    for auth in [
        Some(&[AuthScheme::Bearer][..]),
        Some(&[AuthScheme::Bearer, AuthScheme::SigV4][..]),
    ] {
        let e = block_on(t.send(request(auth))).unwrap_err();
        let shown = e.to_string();
        assert!(
            shown.contains("no bearer token") && shown.contains("no token configured here"),
            "{shown}"
        );
    }
    assert!(rec.sent().is_empty(), "nothing was sent");
}

#[test]
fn retried_attempts_keep_the_operations_schemes() {
    let rec = Recorder::answering(&[503]);
    let t = Retry::new(signed(rec.clone(), credentials()))
        .with_random(|| 0.0)
        .with_sleep(|_| Box::pin(std::future::ready(())));
    let response = block_on(t.send(request(Some(&[AuthScheme::Bearer])))).unwrap();
    assert_eq!(response.status(), 200);
    let sent = rec.sent();
    assert_eq!(sent.len(), 2, "one retry");
    for r in &sent {
        assert_unauthenticated(r);
    }
}

#[test]
fn tokens_stay_out_of_debug_and_errors() {
    let rec = Recorder::default();
    let token = Token::new(TOKEN, None);
    let t = bearer(rec.clone(), token.clone());
    for shown in [format!("{t:?}"), format!("{token:?}")] {
        assert!(!shown.contains("TOPSECRET"), "{shown}");
    }
    block_on(t.send(request(Some(&[AuthScheme::Bearer])))).unwrap();
    let shown = format!("{:?}", rec.one());
    assert!(!shown.contains("TOPSECRET"), "{shown}");
    // A token that cannot be a header value: the error does not show it.
    let t = bearer(rec.clone(), Token::new("TOPSECRET\nBEARER", None));
    let e = block_on(t.send(request(Some(&[AuthScheme::Bearer])))).unwrap_err();
    for shown in [e.to_string(), format!("{e:?}")] {
        assert!(
            !shown.contains("TOPSECRET") && shown.contains("bearer token"),
            "{shown}"
        );
    }
}

#[test]
fn environment_tokens_follow_the_signing_name() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    let bedrock = EnvironmentToken::new("bedrock");
    assert_eq!(bedrock.variable(), "AWS_BEARER_TOKEN_BEDROCK");
    assert_eq!(
        EnvironmentToken::new("bedrock-runtime x").variable(),
        "AWS_BEARER_TOKEN_BEDROCK_RUNTIME_X"
    );
    let token = bedrock
        .load(env(&[("AWS_BEARER_TOKEN_BEDROCK", " TOPSECRETBEARER\n")]))
        .unwrap();
    assert_eq!((token.token(), token.expiration()), (TOKEN, None));
    for unset in [&[][..], &[("AWS_BEARER_TOKEN_BEDROCK", "  ")]] {
        let e = bedrock.load(env(unset)).unwrap_err();
        let shown = format!("{e:?}");
        assert!(shown.contains("AWS_BEARER_TOKEN_BEDROCK"), "{shown}");
    }
    // Through the transport, the error names the variable.
    let rec = Recorder::default();
    let t = bearer(
        rec,
        EnvironmentToken::new("smithy-runtime-test-no-such-service"),
    );
    let e = block_on(t.send(request(Some(&[AuthScheme::Bearer])))).unwrap_err();
    assert!(
        e.to_string()
            .contains("AWS_BEARER_TOKEN_SMITHY_RUNTIME_TEST_NO_SUCH_SERVICE is not set"),
        "{e}"
    );
}
