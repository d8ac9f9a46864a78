//! The aws-sdk-connect side of bench/wire.sh: time per StartChatContact call
//! made with the official SDK, every member of the input file set, against an
//! in-process HTTP client that keeps the request and returns a canned 200
//! response (no network). The SDK's request serializers and response parsers
//! are crate-private, so only the whole `send()` can be timed: the figure
//! includes its orchestrator (interceptors, retry and identity plumbing),
//! endpoint resolution and SigV4 signing on top of serializing and parsing.
//! Usage: wire-peer <start_chat_contact_full.json>

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_sdk_connect::config::{Credentials, Region};
use aws_sdk_connect::types::{
    ChatMessage, DisconnectOnCustomerExitParticipantType, ParticipantConfiguration, ParticipantDetails, PersistentChat,
    RehydrationType, ResponseMode, SegmentAttributeValue,
};
use aws_smithy_http_client::test_util::infallible_client_fn;
use aws_smithy_types::body::SdkBody;
use serde_json::Value;

const RESPONSE: &str = r#"{"ContactId":"c-1234","ParticipantId":"p-5678","ParticipantToken":"token-abc","ContinuedFromContactId":"c-0001"}"#;

/// The request members, read once from the input file into the SDK's types;
/// every call clones them into a fresh fluent builder.
#[derive(Default)]
struct Members {
    instance_id: Option<String>,
    contact_flow_id: Option<String>,
    attributes: Option<HashMap<String, String>>,
    participant_details: Option<ParticipantDetails>,
    participant_configuration: Option<ParticipantConfiguration>,
    initial_message: Option<ChatMessage>,
    client_token: Option<String>,
    chat_duration_in_minutes: Option<i32>,
    supported_messaging_content_types: Option<Vec<String>>,
    persistent_chat: Option<PersistentChat>,
    related_contact_id: Option<String>,
    segment_attributes: Option<HashMap<String, SegmentAttributeValue>>,
    customer_id: Option<String>,
    disconnect_on_customer_exit: Option<Vec<DisconnectOnCustomerExitParticipantType>>,
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_else(|| panic!("expected a string, got {v}")).to_string()
}

fn texts(v: &Value) -> Vec<String> {
    v.as_array().expect("a list").iter().map(text).collect()
}

fn field<'a>(v: &'a Value, name: &str) -> &'a Value {
    v.get(name).unwrap_or_else(|| panic!("{name} missing in {v}"))
}

fn segment_value(v: &Value) -> SegmentAttributeValue {
    let mut b = SegmentAttributeValue::builder();
    for (name, inner) in v.as_object().expect("a SegmentAttributeValue object") {
        b = match name.as_str() {
            "ValueString" => b.value_string(text(inner)),
            "ValueArn" => b.value_arn(text(inner)),
            "ValueInteger" => b.value_integer(inner.as_i64().expect("an integer") as i32),
            "ValueList" => b.set_value_list(Some(inner.as_array().expect("a list").iter().map(segment_value).collect())),
            "ValueMap" => b.set_value_map(Some(segment_map(inner))),
            other => panic!("SegmentAttributeValue member {other} is not mapped"),
        };
    }
    b.build()
}

fn segment_map(v: &Value) -> HashMap<String, SegmentAttributeValue> {
    v.as_object().expect("a map").iter().map(|(k, v)| (k.clone(), segment_value(v))).collect()
}

impl Members {
    /// Maps each member of the JSON input; a member it does not know is an error,
    /// so the SDK is never timed on less than the whole input.
    fn from_json(input: &Value) -> Members {
        let mut m = Members::default();
        for (name, v) in input.as_object().expect("a JSON object") {
            match name.as_str() {
                "InstanceId" => m.instance_id = Some(text(v)),
                "ContactFlowId" => m.contact_flow_id = Some(text(v)),
                "Attributes" => {
                    m.attributes = Some(v.as_object().expect("a map").iter().map(|(k, v)| (k.clone(), text(v))).collect())
                }
                "ParticipantDetails" => {
                    m.participant_details =
                        Some(ParticipantDetails::builder().display_name(text(field(v, "DisplayName"))).build().unwrap())
                }
                "ParticipantConfiguration" => {
                    m.participant_configuration = Some(
                        ParticipantConfiguration::builder()
                            .response_mode(ResponseMode::from(text(field(v, "ResponseMode")).as_str()))
                            .build(),
                    )
                }
                "InitialMessage" => {
                    m.initial_message = Some(
                        ChatMessage::builder()
                            .content_type(text(field(v, "ContentType")))
                            .content(text(field(v, "Content")))
                            .build()
                            .unwrap(),
                    )
                }
                "ClientToken" => m.client_token = Some(text(v)),
                "ChatDurationInMinutes" => m.chat_duration_in_minutes = Some(v.as_i64().expect("an integer") as i32),
                "SupportedMessagingContentTypes" => m.supported_messaging_content_types = Some(texts(v)),
                "PersistentChat" => {
                    m.persistent_chat = Some(
                        PersistentChat::builder()
                            .rehydration_type(RehydrationType::from(text(field(v, "RehydrationType")).as_str()))
                            .source_contact_id(text(field(v, "SourceContactId")))
                            .build(),
                    )
                }
                "RelatedContactId" => m.related_contact_id = Some(text(v)),
                "SegmentAttributes" => m.segment_attributes = Some(segment_map(v)),
                "CustomerId" => m.customer_id = Some(text(v)),
                "DisconnectOnCustomerExit" => {
                    m.disconnect_on_customer_exit =
                        Some(texts(v).iter().map(|s| DisconnectOnCustomerExitParticipantType::from(s.as_str())).collect())
                }
                other => panic!("input member {other} is not mapped to the SDK"),
            }
        }
        m
    }
}

/// One StartChatContact call: a fresh fluent builder with every member set, sent.
async fn call(client: &aws_sdk_connect::Client, m: &Members) -> aws_sdk_connect::operation::start_chat_contact::StartChatContactOutput {
    client
        .start_chat_contact()
        .set_instance_id(m.instance_id.clone())
        .set_contact_flow_id(m.contact_flow_id.clone())
        .set_attributes(m.attributes.clone())
        .set_participant_details(m.participant_details.clone())
        .set_participant_configuration(m.participant_configuration.clone())
        .set_initial_message(m.initial_message.clone())
        .set_client_token(m.client_token.clone())
        .set_chat_duration_in_minutes(m.chat_duration_in_minutes)
        .set_supported_messaging_content_types(m.supported_messaging_content_types.clone())
        .set_persistent_chat(m.persistent_chat.clone())
        .set_related_contact_id(m.related_contact_id.clone())
        .set_segment_attributes(m.segment_attributes.clone())
        .set_customer_id(m.customer_id.clone())
        .set_disconnect_on_customer_exit(m.disconnect_on_customer_exit.clone())
        .send()
        .await
        .expect("the call succeeds")
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: wire-peer <start_chat_contact_full.json>");
    let input: Value = serde_json::from_slice(&std::fs::read(&path).expect("readable input")).expect("JSON input");
    let members = Members::from_json(&input);

    // The in-process HTTP client: remembers the last request (to check it
    // below) and answers each one with the canned response.
    let last: Arc<Mutex<Option<http::Request<SdkBody>>>> = Arc::default();
    let keep = last.clone();
    let http_client = infallible_client_fn(move |request: http::Request<SdkBody>| {
        *keep.lock().unwrap() = Some(request);
        http::Response::builder().status(200).header("Content-Type", "application/json").body(RESPONSE).unwrap()
    });
    let config = aws_sdk_connect::Config::builder()
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
        .behavior_version_latest()
        .http_client(http_client)
        .build();
    let client = aws_sdk_connect::Client::from_conf(config);

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
    let per_call_ns = runtime.block_on(async {
        // Once, checked: the SDK sends the input file's members and parses the answer.
        let out = call(&client, &members).await;
        assert_eq!(out.contact_id(), Some("c-1234"));
        assert_eq!(out.continued_from_contact_id(), Some("c-0001"));
        let sent = last.lock().unwrap().take().expect("a request was sent");
        assert_eq!((sent.method().as_str(), sent.uri().path()), ("PUT", "/contact/chat"));
        assert!(sent.headers().contains_key("authorization"), "the request is signed");
        let body: Value = serde_json::from_slice(sent.body().bytes().expect("an in-memory body")).expect("a JSON body");
        assert_eq!(body, input, "request body = input file");

        // Warm-up, which also sizes a run to about half a second.
        let warm = Instant::now();
        let mut warm_calls = 0u64;
        while warm.elapsed() < Duration::from_millis(500) {
            black_box(call(&client, black_box(&members)).await);
            warm_calls += 1;
        }
        let calls = ((0.5 / (warm.elapsed().as_secs_f64() / warm_calls as f64)) as u64).max(1);
        let mut runs = Vec::with_capacity(15);
        for _ in 0..15 {
            let start = Instant::now();
            for _ in 0..calls {
                black_box(call(&client, black_box(&members)).await);
            }
            runs.push(start.elapsed().as_nanos() as f64 / calls as f64);
        }
        runs.sort_by(f64::total_cmp);
        runs[runs.len() / 2]
    });
    println!(
        "{:<70} {:9.2} µs/call",
        format!("aws-sdk-connect {}: full client call (serialize + sign + parse)", aws_sdk_connect::meta::PKG_VERSION),
        per_call_ns / 1000.0
    );
    println!(
        "  (through its public client: its serializers are crate-private, so this includes the orchestrator, \
         endpoint resolution and SigV4 signing; in-process HTTP client, canned response, no network)"
    );
}
