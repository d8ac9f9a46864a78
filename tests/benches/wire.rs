//! Wire cost of StartChatContact with the generated client: building the HTTP
//! request from a full input, parsing a canned 200 response, and a whole
//! `client.start_chat_contact(..)` call through an in-process transport (no
//! network). Run with `cargo bench -p connect-tests --bench wire`; `bench/wire.sh`
//! runs it next to the same call made with aws-sdk-connect.
//! Plain timing loop: the median of 15 runs, each run sized to take about 0.5 s.

use std::future::Future;
use std::hint::black_box;
use std::sync::Mutex;

use connect::operations::StartChatContact;
use connect::runtime::http;
use connect::runtime::rest::{self, OperationShape, Transport, TransportError};
use connect::*;

const FULL: &str = include_str!("start_chat_contact_full.json");
const RESPONSE: &str = r#"{"ContactId":"c-1234","ParticipantId":"p-5678","ParticipantToken":"token-abc","ContinuedFromContactId":"c-0001"}"#;

/// Median ns per call of `f` over 15 runs; the number of calls in a run is
/// chosen from a warm-up so that one run lasts about half a second.
fn time_per_call(f: impl FnMut()) -> f64 {
    connect_tests::median_secs_per_call(15, 0.5, f) * 1e9
}

/// The canned answer every call gets.
fn canned_response() -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(200)
        .header("Content-Type", "application/json")
        .body(RESPONSE.as_bytes().to_vec())
        .unwrap()
}

/// An in-process transport: keeps the last request it was given and answers
/// every request with the canned response, ready at once.
#[derive(Default)]
struct Replay {
    last: Mutex<Option<http::Request<Vec<u8>>>>,
}

impl Transport for Replay {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, TransportError>> + Send {
        *self.last.lock().unwrap() = Some(request);
        std::future::ready(Ok(canned_response()))
    }
}

fn as_json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("a JSON body")
}

fn main() {
    let request: StartChatContactRequest =
        connect::runtime::json::from_slice(FULL.as_bytes()).expect("valid input JSON");
    let response = canned_response();

    // The request carries every member of the input file (and nothing else),
    // and the response parses to the canned values.
    let sent =
        <StartChatContact as OperationShape>::serialize_request(&request).expect("serializable");
    assert_eq!(
        as_json(sent.body()),
        as_json(FULL.as_bytes()),
        "request body = input file"
    );
    let parsed = rest::parse_response::<StartChatContact>(&response).expect("a parsable response");
    assert_eq!(parsed.contact_id.as_deref(), Some("c-1234"));
    assert_eq!(parsed.continued_from_contact_id.as_deref(), Some("c-0001"));

    let client = Client::new(Replay::default())
        .with_token_source(|| "00000000-0000-4000-8000-000000000000".to_string());
    let out = connect_tests::block_on(client.start_chat_contact(request.clone()))
        .expect("the call succeeds");
    assert_eq!(out, parsed);
    let captured = client
        .transport()
        .last
        .lock()
        .unwrap()
        .take()
        .expect("a request was sent");
    assert_eq!(
        (captured.method().as_str(), captured.uri().path()),
        ("PUT", "/contact/chat")
    );
    assert_eq!(
        as_json(captured.body()),
        as_json(FULL.as_bytes()),
        "the client sends the same body"
    );

    let serialize = time_per_call(|| {
        black_box(
            <StartChatContact as OperationShape>::serialize_request(black_box(&request)).is_ok(),
        );
    });
    let parse = time_per_call(|| {
        black_box(rest::parse_response::<StartChatContact>(black_box(&response)).is_ok());
    });
    let call = time_per_call(|| {
        black_box(
            connect_tests::block_on(client.start_chat_contact(black_box(&request).clone())).is_ok(),
        );
    });
    // The same call signed (SigV4, static credentials; the endpoint resolved
    // from the model's rules once, when the client is made; the retry wrapper on).
    let credentials = connect::runtime::aws::Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "bench",
    );
    let signed = connect::signed_client(Replay::default(), "us-east-1", None, credentials)
        .expect("a signed client");
    let out = connect_tests::block_on(signed.start_chat_contact(request.clone()))
        .expect("the signed call succeeds");
    assert_eq!(out, parsed);
    let captured = signed
        .transport()
        .inner()
        .inner()
        .last
        .lock()
        .unwrap()
        .take()
        .expect("a request was sent");
    assert!(
        captured.headers().contains_key("authorization"),
        "the request is signed"
    );
    let signed_call = time_per_call(|| {
        black_box(
            connect_tests::block_on(signed.start_chat_contact(black_box(&request).clone())).is_ok(),
        );
    });
    for (what, ns) in [
        ("serialize StartChatContact request", serialize),
        ("parse StartChatContact response", parse),
        (
            "full client call (serialize + parse, canned transport)",
            call,
        ),
        (
            "full client call signed with SigV4 (+ retry wrapper)",
            signed_call,
        ),
    ] {
        println!("{:<70} {ns:9.1} ns/call", format!("ours: {what}"));
    }
    println!(
        "  (full call: clone of the input, required-member check, serialize, in-process transport, parse)"
    );
}
