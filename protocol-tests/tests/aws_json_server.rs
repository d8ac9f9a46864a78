//! The awsJson1_0 stub server and client beyond Smithy's cases: routing by
//! `X-Amz-Target`, the refusals a server makes itself (each in the
//! protocol's own form: `__type` in an `application/x-amz-json-1.0` body),
//! and a modeled error that travels from an implementation to the client.

use json_rpc_10::operations::GreetingWithErrorsError;
use json_rpc_10::runtime::http;
use json_rpc_10::runtime::rest::{self as rt, Error, Transport, TransportError};
use json_rpc_10::{GreetingWithErrorsInput, GreetingWithErrorsOutput, InvalidGreeting, Jsonrpc10};
use protocol_tests::block_on;
use serde_json::Value;

const MEDIA: &str = "application/x-amz-json-1.0";

/// Answers `GreetingWithErrors` with the modeled `InvalidGreeting` error.
struct Service;

impl Jsonrpc10 for Service {
    async fn greeting_with_errors(
        &self,
        _input: GreetingWithErrorsInput,
    ) -> Result<GreetingWithErrorsOutput, Error<GreetingWithErrorsError>> {
        Err(Error::service(GreetingWithErrorsError::InvalidGreeting(
            InvalidGreeting::new().with_message("Hi"),
        )))
    }
}

fn request(method: &str, target: Option<&str>, content_type: &str, body: &str) -> rt::HttpRequest {
    let mut b = http::Request::builder()
        .method(method)
        .uri("/")
        .header("Content-Type", content_type);
    if let Some(t) = target {
        b = b.header("X-Amz-Target", t);
    }
    b.body(body.as_bytes().to_vec()).unwrap()
}

/// Status, `__type` and the media type of a response.
fn answer(response: &rt::HttpResponse) -> (u16, String, String) {
    let body: Value = serde_json::from_slice(response.body()).unwrap_or(Value::Null);
    (
        response.status().as_u16(),
        body["__type"].as_str().unwrap_or_default().to_string(),
        response.headers()["Content-Type"]
            .to_str()
            .unwrap()
            .to_string(),
    )
}

fn dispatch(request: rt::HttpRequest) -> (u16, String, String) {
    answer(&block_on(json_rpc_10::dispatch(&Service, request)))
}

#[test]
fn an_unknown_target_is_an_unknown_operation() {
    let target = "JsonRpc10.NoSuchOperation";
    assert_eq!(
        dispatch(request("POST", Some(target), MEDIA, "{}")),
        (400, "UnknownOperationException".into(), MEDIA.into())
    );
    assert_eq!(
        dispatch(request("POST", None, MEDIA, "{}")).1,
        "UnknownOperationException"
    );
    // A known target, but not `POST /`.
    let get = request("GET", Some("JsonRpc10.GreetingWithErrors"), MEDIA, "");
    assert_eq!(dispatch(get).1, "UnknownOperationException");
}

#[test]
fn refusals_are_in_the_protocols_form() {
    let target = Some("JsonRpc10.GreetingWithErrors");
    assert_eq!(
        dispatch(request("POST", target, "application/json", "{}")),
        (415, "UnsupportedMediaTypeException".into(), MEDIA.into())
    );
    assert_eq!(
        dispatch(request("POST", target, MEDIA, "{not json")),
        (400, "SerializationException".into(), MEDIA.into())
    );
    let limits = rt::Limits { max_body_bytes: 8 };
    let big = request("POST", target, MEDIA, "{\"greeting\": \"hello\"}");
    let response = block_on(json_rpc_10::dispatch_with_limits(&Service, big, &limits));
    assert_eq!(
        answer(&response),
        (413, "PayloadTooLargeException".into(), MEDIA.into())
    );
}

#[test]
fn a_modeled_error_names_its_shape() {
    let target = Some("JsonRpc10.GreetingWithErrors");
    let response = block_on(json_rpc_10::dispatch(
        &Service,
        request("POST", target, MEDIA, "{}"),
    ));
    assert_eq!(
        answer(&response),
        (
            400,
            "aws.protocoltests.json10#InvalidGreeting".into(),
            MEDIA.into()
        )
    );
    let body: Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(body["Message"], "Hi");
}

#[test]
fn an_unmodeled_error_is_in_the_protocols_form_too() {
    // `Service` leaves this operation to the trait's default: `NotImplemented`.
    let target = Some("JsonRpc10.NoInputAndNoOutput");
    assert_eq!(
        dispatch(request("POST", target, MEDIA, "{}")),
        (501, "NotImplemented".into(), MEDIA.into())
    );
}

/// Sends each request to the stub server in process.
struct Loopback;

impl Transport for Loopback {
    async fn send(&self, request: rt::HttpRequest) -> Result<rt::HttpResponse, TransportError> {
        Ok(json_rpc_10::dispatch(&Service, request).await)
    }
}

#[test]
fn the_client_reads_the_error_back() {
    let client = json_rpc_10::Client::new(Loopback);
    let got = block_on(client.greeting_with_errors(GreetingWithErrorsInput::new()));
    match got {
        Err(Error::Service {
            error: GreetingWithErrorsError::InvalidGreeting(e),
            ..
        }) => assert_eq!(e.message.as_deref(), Some("Hi")),
        other => panic!("{other:?}"),
    }
}
