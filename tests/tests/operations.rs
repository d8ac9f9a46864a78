//! Operation stubs: the exact requests the client sends, response and error
//! parsing, the router's answers to bad input, and client → router → fake
//! round trips without a network.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use connect::operations::*;
use connect::runtime::http;
use connect::runtime::rest::{
    Error, OperationShape, Transport, TransportError, UnhandledError, Validation,
};
use connect::*;
use connect_tests::block_on;
use serde_json::{Value, json};

const TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// A canned answer: status, headers, body.
type Answer = (u16, Vec<(&'static str, String)>, String);

/// A transport that records requests and answers with a canned response.
#[derive(Clone, Default)]
struct Canned {
    sent: Arc<Mutex<Vec<http::Request<Vec<u8>>>>>,
    answer: Arc<Mutex<Option<Answer>>>,
}

impl Canned {
    fn answering(status: u16, headers: &[(&'static str, &str)], body: &str) -> Self {
        let c = Canned::default();
        *c.answer.lock().unwrap() = Some((
            status,
            headers.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            body.to_string(),
        ));
        c
    }
    fn last(&self) -> http::Request<Vec<u8>> {
        let sent = self.sent.lock().unwrap();
        let r = sent.last().expect("a request was sent");
        let mut b = http::Request::builder()
            .method(r.method().clone())
            .uri(r.uri().clone());
        for (k, v) in r.headers() {
            b = b.header(k, v);
        }
        b.body(r.body().clone()).unwrap()
    }
}

impl Transport for Canned {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, TransportError>> + Send {
        self.sent.lock().unwrap().push(request);
        let (status, headers, body) =
            self.answer
                .lock()
                .unwrap()
                .clone()
                .unwrap_or((200, Vec::new(), "{}".into()));
        async move {
            let mut b = http::Response::builder().status(status);
            for (k, v) in headers {
                b = b.header(k, v);
            }
            Ok(b.body(body.into_bytes()).unwrap())
        }
    }
}

fn client(t: &Canned) -> Client<Canned> {
    Client::new(t.clone()).with_token_source(|| TOKEN.to_string())
}

fn body_json(r: &http::Request<Vec<u8>>) -> Value {
    serde_json::from_slice(r.body()).unwrap()
}

fn chat() -> StartChatContactRequest {
    StartChatContactRequest::new("inst-1", "flow-1", ParticipantDetails::new("Jane"))
        .with_initial_message(ChatMessage::new("text/plain", "Hello"))
}

#[test]
fn start_chat_contact_request_golden() {
    let t = Canned::answering(
        200,
        &[],
        r#"{"ContactId":"c-1","ParticipantId":"p-1","ParticipantToken":"tok"}"#,
    );
    let out = block_on(client(&t).start_chat_contact(chat())).unwrap();
    assert_eq!(out.contact_id.as_deref(), Some("c-1"));
    assert_eq!(out.participant_token.as_deref(), Some("tok"));
    let r = t.last();
    assert_eq!(r.method(), "PUT");
    assert_eq!(r.uri(), "/contact/chat");
    assert_eq!(r.headers()["content-type"], "application/json");
    assert_eq!(
        String::from_utf8(r.body().clone()).unwrap(),
        format!(
            r#"{{"InstanceId":"inst-1","ContactFlowId":"flow-1","ParticipantDetails":{{"DisplayName":"Jane"}},"InitialMessage":{{"ContentType":"text/plain","Content":"Hello"}},"ClientToken":"{TOKEN}"}}"#
        ),
        "body members in model order, token from the injected source"
    );
}

#[test]
fn start_chat_contact_errors_are_parsed() {
    let cases = [
        ("InternalServiceException", 500),
        ("InvalidParameterException", 400),
        ("InvalidRequestException", 400),
        ("LimitExceededException", 429),
        ("ResourceNotFoundException", 404),
    ];
    for (code, status) in cases {
        let t = Canned::answering(
            status,
            &[("X-Amzn-Errortype", code)],
            r#"{"Message":"it failed"}"#,
        );
        let err = block_on(client(&t).start_chat_contact(chat())).unwrap_err();
        let Error::Service { error: e, .. } = err else {
            panic!("{code}: {err}")
        };
        assert_eq!(e.code(), code);
        assert_eq!(
            e.to_string(),
            format!("{code}: it failed"),
            "Display shows code and message"
        );
        assert!(
            !matches!(e, StartChatContactError::Unhandled(_)),
            "{code} is modeled"
        );
    }
    let t = Canned::answering(
        400,
        &[],
        r#"{"__type":"com.amazonaws.connect#InvalidRequestException","Message":"bad","Reason":{"AttachedFileInvalidRequestExceptionReason":"INVALID_FILE_NAME"}}"#,
    );
    let Err(Error::Service {
        error: StartChatContactError::InvalidRequestException(e),
        ..
    }) = block_on(client(&t).start_chat_contact(chat()))
    else {
        panic!()
    };
    assert!(matches!(
        e.reason,
        Some(InvalidRequestExceptionReason::AttachedFileInvalidRequestExceptionReason(_))
    ));
}

#[test]
fn error_code_dispatch() {
    let parse = |headers: &[(&'static str, &str)], body: &str| {
        let t = Canned::answering(404, headers, body);
        match block_on(client(&t).start_chat_contact(chat())) {
            Err(Error::Service { error: e, .. }) => e,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        parse(
            &[(
                "X-Amzn-Errortype",
                "ResourceNotFoundException:http://internal.amazon.com/"
            )],
            "{}"
        )
        .code(),
        "ResourceNotFoundException"
    );
    assert_eq!(
        parse(
            &[],
            r#"{"__type":"com.amazonaws.connect#ResourceNotFoundException:http://x"}"#
        )
        .code(),
        "ResourceNotFoundException"
    );
    assert_eq!(
        parse(&[], r#"{"code":"ResourceNotFoundException"}"#).code(),
        "ResourceNotFoundException"
    );
    let e = parse(&[], r#"{"code":"SomethingNew","message":"surprise"}"#);
    assert_eq!(
        e,
        StartChatContactError::Unhandled(UnhandledError {
            code: "SomethingNew".into(),
            message: Some("surprise".into()),
            status: 404
        })
    );
    assert_eq!(e.to_string(), "SomethingNew (HTTP 404): surprise");
}

#[test]
fn labels_are_percent_encoded_and_get_has_no_body() {
    let t = Canned::answering(200, &[], r#"{"User":{"Id":"u-1"}}"#);
    let arn = "arn:aws:connect:us-west-2:123456789012:instance/abc/agent/u 1";
    let out = block_on(client(&t).describe_user(DescribeUserRequest::new(arn, "inst-1"))).unwrap();
    assert_eq!(out.user.and_then(|u| u.id).as_deref(), Some("u-1"));
    let r = t.last();
    assert_eq!(r.method(), "GET");
    assert_eq!(
        r.uri(),
        "/users/inst-1/arn%3Aaws%3Aconnect%3Aus-west-2%3A123456789012%3Ainstance%2Fabc%2Fagent%2Fu%201"
    );
    assert!(r.body().is_empty());
    assert!(r.headers().get("content-type").is_none());
}

#[test]
fn empty_label_is_refused_before_sending() {
    let t = Canned::default();
    let err =
        block_on(client(&t).describe_user(DescribeUserRequest::new("", "inst-1"))).unwrap_err();
    assert!(matches!(err, Error::Build(_)), "{err}");
    assert!(
        err.to_string().contains("URI label `UserId` is empty"),
        "{err}"
    );
    assert!(t.sent.lock().unwrap().is_empty());
}

#[test]
fn query_lists_integers_and_no_output() {
    let t = Canned::answering(200, &[], "");
    block_on(client(&t).untag_resource(UntagResourceRequest::new(
        "arn:aws:connect:x",
        vec!["team".into(), "cost center".into()],
    )))
    .unwrap();
    let r = t.last();
    assert_eq!(r.method(), "DELETE");
    assert_eq!(
        r.uri(),
        "/tags/arn%3Aaws%3Aconnect%3Ax?tagKeys=team&tagKeys=cost%20center"
    );
    assert!(r.body().is_empty());

    let t = Canned::answering(
        200,
        &[],
        r#"{"ContactFlowSummaryList":[],"NextToken":"n2"}"#,
    );
    let req = ListContactFlowsRequest::new("inst-1")
        .with_max_results(25)
        .with_contact_flow_types(vec![
            ContactFlowType::ContactFlow,
            ContactFlowType::CustomerQueue,
        ]);
    let out = block_on(client(&t).list_contact_flows(req)).unwrap();
    assert_eq!(out.next_token.as_deref(), Some("n2"));
    assert_eq!(
        t.last().uri(),
        "/contact-flows-summary/inst-1?contactFlowTypes=CONTACT_FLOW&contactFlowTypes=CUSTOMER_QUEUE&maxResults=25"
    );
}

#[test]
fn header_timestamps() {
    let t = Canned::answering(200, &[], r#"{"TestCaseId":"tc-1"}"#);
    let req = CreateTestCaseRequest::new("inst-1", "name", "{}")
        .with_test_case_id("tc-1")
        .with_last_modified_time(connect::runtime::DateTime::from_secs(1_515_531_081))
        .with_last_modified_region("us-west-2");
    block_on(client(&t).create_test_case(req)).unwrap();
    let r = t.last();
    assert_eq!(
        r.headers()["x-amz-last-modified-time"],
        "Tue, 09 Jan 2018 20:51:21 GMT"
    );
    assert_eq!(r.headers()["x-amz-resource-id"], "tc-1");
    assert_eq!(r.headers()["x-amz-last-modified-region"], "us-west-2");
    let body = body_json(&r);
    assert!(
        body.get("TestCaseId").is_none() && body.get("LastModifiedTime").is_none(),
        "header members stay out of the body: {body}"
    );
}

#[test]
fn union_and_nan_in_the_body() {
    let t = Canned::answering(200, &[], "{}");
    let role = UpdateParticipantRoleConfigChannelInfo::Chat(ChatParticipantRoleConfig::new(vec![
        ParticipantTimerConfiguration::new(
            TimerEligibleParticipantRoles::Customer,
            ParticipantTimerType::Idle,
            ParticipantTimerValue::ParticipantTimerDurationInMinutes(5),
        ),
    ]));
    block_on(
        client(&t).update_participant_role_config(UpdateParticipantRoleConfigRequest::new(
            "inst-1", "c-1", role,
        )),
    )
    .unwrap();
    let body = body_json(&t.last());
    assert_eq!(
        body,
        json!({"ChannelConfiguration": {"Chat": {"ParticipantTimerConfigList": [{"ParticipantRole": "CUSTOMER", "TimerType": "IDLE", "TimerValue": {"ParticipantTimerDurationInMinutes": 5}}]}}})
    );

    let t = Canned::answering(200, &[], "");
    let p = UserProficiency::new("skill", "rust").with_level(f32::NAN);
    let req = UpdateUserProficienciesRequest::new("inst-1", "u-1", vec![p]);
    block_on(client(&t).update_user_proficiencies(req)).unwrap();
    assert_eq!(
        body_json(&t.last()),
        json!({"UserProficiencies": [{"AttributeName": "skill", "AttributeValue": "rust", "Level": "NaN"}]})
    );
}

#[test]
fn client_validation_levels() {
    let t = Canned::default();
    let mut bad = chat();
    bad.instance_id = "x".repeat(101);
    // Default: only what the service would reject anyway; a too-long value is sent.
    block_on(client(&t).start_chat_contact(bad.clone())).unwrap();
    let full = client(&t).with_validation(Validation::Full);
    let err = block_on(full.start_chat_contact(bad)).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert_eq!(
        t.sent.lock().unwrap().len(),
        1,
        "the invalid request was not sent"
    );
}

/// A fake Connect: answers StartChatContact and DescribeUser, refuses one user.
struct Fake;

impl Connect for Fake {
    async fn start_chat_contact(
        &self,
        input: StartChatContactRequest,
    ) -> Result<StartChatContactResponse, Error<StartChatContactError>> {
        Ok(StartChatContactResponse::new()
            .with_contact_id(format!(
                "contact-for-{}",
                input.participant_details.display_name
            ))
            .with_participant_token(input.client_token.unwrap_or_default()))
    }

    async fn describe_user(
        &self,
        input: DescribeUserRequest,
    ) -> Result<DescribeUserResponse, Error<DescribeUserError>> {
        if input.user_id == "ghost" {
            return Err(DescribeUserError::ResourceNotFoundException(
                ResourceNotFoundException::new().with_message("no such user"),
            )
            .into());
        }
        Ok(DescribeUserResponse::new()
            .with_user(User::new().with_id(input.user_id).with_username("jane")))
    }

    async fn untag_resource(
        &self,
        input: UntagResourceRequest,
    ) -> Result<(), Error<UntagResourceError>> {
        assert_eq!(input.tag_keys, ["team", "cost center"]);
        Ok(())
    }
}

/// A transport that serves requests with `dispatch` in-process.
struct InProcess<S>(Arc<S>);

impl<S: Connect + 'static> Transport for InProcess<S> {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, TransportError>> + Send {
        let service = self.0.clone();
        async move { Ok(dispatch(&*service, request).await) }
    }
}

#[test]
fn client_router_fake_round_trips() {
    let c = Client::new(InProcess(Arc::new(Fake))).with_token_source(|| TOKEN.to_string());
    let out = block_on(c.start_chat_contact(chat())).unwrap();
    assert_eq!(out.contact_id.as_deref(), Some("contact-for-Jane"));
    assert_eq!(
        out.participant_token.as_deref(),
        Some(TOKEN),
        "the token travelled through"
    );

    let user = block_on(c.describe_user(DescribeUserRequest::new("arn:aws:x/u 1", "inst-1")))
        .unwrap()
        .user
        .unwrap();
    assert_eq!(
        user.id.as_deref(),
        Some("arn:aws:x/u 1"),
        "label decoded by the router"
    );

    let err = block_on(c.describe_user(DescribeUserRequest::new("ghost", "inst-1"))).unwrap_err();
    let Error::Service {
        error: DescribeUserError::ResourceNotFoundException(e),
        ..
    } = err
    else {
        panic!("{err}")
    };
    assert_eq!(e.message.as_deref(), Some("no such user"));

    block_on(c.untag_resource(UntagResourceRequest::new(
        "arn:aws:connect:x",
        vec!["team".into(), "cost center".into()],
    )))
    .unwrap();

    let err = block_on(c.stop_contact(StopContactRequest::new("c-1", "inst-1"))).unwrap_err();
    let Error::Service {
        error: StopContactError::Unhandled(u),
        ..
    } = err
    else {
        panic!("{err}")
    };
    assert_eq!(
        (u.code.as_str(), u.status),
        ("NotImplemented", 501),
        "unimplemented methods answer 501"
    );
}

fn serve(method: &str, uri: &str, body: &str) -> (u16, Option<String>, Value) {
    let request = http::Request::builder()
        .method(method)
        .uri(uri)
        .header("Content-Type", "application/json")
        .body(body.as_bytes().to_vec())
        .unwrap();
    let response = block_on(dispatch(&Fake, request));
    let errortype = response
        .headers()
        .get("x-amzn-errortype")
        .map(|v| v.to_str().unwrap().to_string());
    let json = if response.body().is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(response.body()).unwrap()
    };
    (response.status().as_u16(), errortype, json)
}

#[test]
fn router_answers_bad_input_like_a_smithy_server() {
    let (status, kind, body) = serve(
        "PUT",
        "/contact/chat",
        r#"{"ContactFlowId":"f","ParticipantDetails":{"DisplayName":"Jane"}}"#,
    );
    assert_eq!(
        (status, kind.as_deref()),
        (400, Some("ValidationException"))
    );
    assert_eq!(
        body,
        json!({"message": "1 validation error detected. Value at '/InstanceId' failed to satisfy constraint: Member must not be null",
               "fieldList": [{"message": "Value at '/InstanceId' failed to satisfy constraint: Member must not be null", "path": "/InstanceId"}]})
    );

    let long = "x".repeat(101);
    let (status, kind, body) = serve(
        "PUT",
        "/contact/chat",
        &format!(
            r#"{{"InstanceId":"{long}","ContactFlowId":"f","ParticipantDetails":{{"DisplayName":"Jane"}}}}"#
        ),
    );
    assert_eq!(
        (status, kind.as_deref()),
        (400, Some("ValidationException"))
    );
    assert_eq!(
        body["fieldList"][0]["message"],
        "Value with length 101 at '/InstanceId' failed to satisfy constraint: Member must have length between 1 and 100, inclusive"
    );

    let (status, kind, body) = serve("PUT", "/contact/chat", r#"{"InstanceId": "#);
    assert_eq!(
        (status, kind.as_deref()),
        (400, Some("SerializationException"))
    );
    assert!(body["message"].as_str().unwrap().contains("EOF"), "{body}");

    let (status, kind, body) = serve(
        "PUT",
        "/contact/chat",
        r#"{"InstanceId": 5, "ContactFlowId":"f","ParticipantDetails":{"DisplayName":"Jane"}}"#,
    );
    assert_eq!(
        (status, kind.as_deref()),
        (400, Some("SerializationException"))
    );
    assert_eq!(
        body["message"],
        "expected a string, found a number at '/InstanceId'"
    );

    let (status, kind, _) = serve("GET", "/no/such/path", "");
    assert_eq!(
        (status, kind.as_deref()),
        (404, Some("UnknownOperationException"))
    );
    let (status, _, _) = serve("DELETE", "/contact/chat", "");
    assert_eq!(status, 404, "right path, wrong method");

    let (status, kind, body) = serve("GET", "/users/inst-1/ghost", "");
    assert_eq!(
        (status, kind.as_deref()),
        (404, Some("ResourceNotFoundException"))
    );
    assert_eq!(body, json!({"Message": "no such user"}));

    let (status, kind, body) = serve(
        "PUT",
        "/contact/chat",
        r#"{"InstanceId":"i","ContactFlowId":"f","ParticipantDetails":{"DisplayName":"Jane"}}"#,
    );
    assert_eq!((status, kind), (200, None));
    assert_eq!(
        body,
        json!({"ContactId": "contact-for-Jane", "ParticipantToken": ""})
    );
}

#[test]
fn operation_descriptors() {
    assert_eq!(StartChatContact::SPEC.method, "PUT");
    assert_eq!(StartChatContact::SPEC.uri, "/contact/chat");
    assert_eq!(DescribeUser::SPEC.uri, "/users/{InstanceId}/{UserId}");
    let _: BTreeMap<(), ()> = BTreeMap::new();
}
