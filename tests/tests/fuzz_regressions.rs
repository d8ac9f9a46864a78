//! Regression tests for what fuzzing all 370 operations found (issue 12):
//! each case as it was reported, through the generated client's parsing and
//! the stub server's `dispatch`.

use connect::operations::*;
use connect::runtime::http;
use connect::runtime::json::{self, UnknownMember};
use connect::runtime::rest::{self, OperationShape, ServerOperation};
use connect::*;
use connect_tests::block_on;
use serde_json::{Value, json};

/// Implements nothing: every call that passes validation answers 501.
struct Nothing;
impl Connect for Nothing {}

fn send(method: &str, uri: &str, body: &str) -> (u16, String, Value) {
    let mut request = http::Request::builder().method(method).uri(uri);
    if !body.is_empty() {
        request = request.header("Content-Type", "application/json");
    }
    let response = block_on(dispatch(
        &Nothing,
        request.body(body.as_bytes().to_vec()).unwrap(),
    ));
    let code = response
        .headers()
        .get("x-amzn-errortype")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = serde_json::from_slice(response.body()).unwrap_or(Value::Null);
    (response.status().as_u16(), code, body)
}

fn ok_response(body: &Value) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(200)
        .body(serde_json::to_vec(body).unwrap())
        .unwrap()
}

/// Item 1: a union member whose target shape carries `@timestampFormat("date-time")`.
#[test]
fn shape_level_timestamp_format_applies_to_union_members() {
    let wire = json!({
        "Channel": "CHAT",
        "Status": "IN_PROGRESS",
        "Segments": [{"Transcript": {
            "Id": "t-1", "ParticipantId": "p-1", "ParticipantRole": "AGENT", "Content": "hello",
            "Time": {"AbsoluteTime": "2019-11-08T02:41:28.172Z"}
        }}]
    });
    let out = rest::parse_response::<ListRealtimeContactAnalysisSegmentsV2>(&ok_response(&wire))
        .expect("a well-formed response is read");
    let RealtimeContactAnalysisSegment::Transcript(t) = &out.segments[0] else {
        panic!("{out:?}")
    };
    let RealTimeContactAnalysisTimeData::AbsoluteTime(at) = &t.time else {
        panic!("{t:?}")
    };
    assert_eq!((at.secs(), at.subsec_nanos()), (1_573_180_888, 172_000_000));
    // Written back in the same format, by the server and by the type's own JSON form.
    let served = ListRealtimeContactAnalysisSegmentsV2::serialize_output(&out);
    let served: Value = serde_json::from_slice(served.body()).unwrap();
    assert_eq!(
        served["Segments"][0]["Transcript"]["Time"],
        json!({"AbsoluteTime": "2019-11-08T02:41:28.172Z"})
    );
    assert_eq!(
        serde_json::to_value(&t.time).unwrap(),
        json!({"AbsoluteTime": "2019-11-08T02:41:28.172Z"})
    );
    // Epoch seconds are refused there, as the model says.
    let wrong = json!({"AbsoluteTime": 1573180888});
    let e = json::from_value::<RealTimeContactAnalysisTimeData>(&wrong).unwrap_err();
    assert_eq!(
        e.to_string(),
        "expected a date-time timestamp string, found a number at '/AbsoluteTime'"
    );
}

/// Item 2: many items each missing required members; the answer lists the
/// first violations and counts all of them. Before the fix, 30,000 items
/// took over five seconds (every violation was compared with every missing path).
#[test]
fn many_missing_members_are_counted_in_linear_time() {
    let n = 30_000;
    let body = format!("{{\"Config\":[{}]}}", vec!["{}"; n].join(","));
    let (status, code, answer) = send("POST", "/hours-of-operations/i-1/h-1", &body);
    assert_eq!((status, code.as_str()), (400, "ValidationException"));
    // Day, StartTime and EndTime are required in each item (nothing under
    // their placeholders, StartTime/Hours…, is reported), and the list holds
    // at most 100 items.
    let total = 3 * n + 1;
    let message = answer["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!(
            "{total} validation errors detected. Value at '/Config/0/Day' failed"
        )),
        "{message}"
    );
    let listed = answer["fieldList"].as_array().unwrap();
    assert_eq!(listed.len(), smithy_runtime::validate::LISTED_LIMIT);
    assert!(
        message.ends_with(&format!("; and {} more", total - listed.len())),
        "{message}"
    );
    let paths: Vec<&str> = listed
        .iter()
        .take(4)
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "/Config/0/Day",
            "/Config/0/StartTime",
            "/Config/0/EndTime",
            "/Config/1/Day"
        ]
    );
}

/// Item 3: a small request cannot make the server write a large answer.
#[test]
fn validation_answers_are_bounded() {
    let n = 10_000;
    let body = format!(
        "{{\"PhoneNumberCountryCodes\":[{}]}}",
        vec!["\"\""; n].join(",")
    );
    let request_len = body.len();
    let request = http::Request::builder()
        .method("POST")
        .uri("/phone-number/list")
        .header("Content-Type", "application/json")
        .body(body.into_bytes())
        .unwrap();
    let response = block_on(dispatch(&Nothing, request));
    assert_eq!(response.status().as_u16(), 400);
    let answer: Value = serde_json::from_slice(response.body()).unwrap();
    // The list's own length (at most 10), then one enum violation per item.
    let message = answer["message"].as_str().unwrap();
    assert!(message.starts_with(&format!("{} validation errors detected. Value with length {n} at '/PhoneNumberCountryCodes' failed", n + 1)), "{message}");
    assert!(message.contains("; Value at '/PhoneNumberCountryCodes/0' failed to satisfy constraint: Member must satisfy enum value set: [AF, "), "{message}");
    // Each message names ~240 allowed values; a handful are listed, not 10,000.
    assert!(
        response.body().len() < 32 * 1024,
        "{} bytes answered a {request_len}-byte request",
        response.body().len()
    );
    assert!(answer["fieldList"].as_array().unwrap().len() < 16);

    // A tiny request gets an answer within 4 KiB (plus the summary's words):
    // the first violation (its message names every allowed value), and a count.
    let body = r#"{"PhoneNumberCountryCodes":["",""]}"#;
    let request = http::Request::builder()
        .method("POST")
        .uri("/phone-number/list")
        .header("Content-Type", "application/json")
        .body(body.as_bytes().to_vec())
        .unwrap();
    let response = block_on(dispatch(&Nothing, request));
    let answer: Value = serde_json::from_slice(response.body()).unwrap();
    assert!(
        response.body().len() < 4096 + 256,
        "{} bytes answered a {}-byte request",
        response.body().len(),
        body.len()
    );
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .starts_with("2 validation errors detected."),
        "{answer}"
    );
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .ends_with("; and 1 more"),
        "{answer}"
    );
}

/// Item 4, server side: an unknown union member is malformed input.
#[test]
fn servers_refuse_unknown_union_members() {
    let (status, code, answer) = send(
        "PUT",
        "/predefined-attributes/i-1",
        r#"{"Name":"n","Values":{"Zzz":1}}"#,
    );
    assert_eq!(
        (status, code.as_str()),
        (400, "SerializationException"),
        "{answer}"
    );
    assert_eq!(
        answer["message"],
        "this union has no such member at '/Values/Zzz'"
    );
    // A known member is accepted (and reaches the implementation: 501 here).
    let (status, _, _) = send(
        "PUT",
        "/predefined-attributes/i-1",
        r#"{"Name":"n","Values":{"StringList":["a"]}}"#,
    );
    assert_eq!(status, 501);
}

/// Item 4, client side: an unknown union member in a response is kept with
/// its value and written back exactly as it came.
#[test]
fn clients_keep_unknown_union_members_whole() {
    let future = json!({"FutureSegment": {"Kind": "new", "Items": [1, 2.5, null, {"x": true}]}});
    let wire = json!({"Channel": "VOICE", "Status": "COMPLETED", "Segments": [future.clone()]});
    let out =
        rest::parse_response::<ListRealtimeContactAnalysisSegmentsV2>(&ok_response(&wire)).unwrap();
    let RealtimeContactAnalysisSegment::Unknown(UnknownMember { name, value }) = &out.segments[0]
    else {
        panic!("{out:?}")
    };
    assert_eq!(
        (name.as_str(), value),
        ("FutureSegment", &future["FutureSegment"])
    );
    assert_eq!(json::to_string(&out.segments[0]), future.to_string());
    // Debug shows the name only (the value may be anything, sensitive included).
    assert_eq!(
        format!("{:?}", out.segments[0]),
        "Unknown(UnknownMember { name: \"FutureSegment\", .. })"
    );
}

/// Item 5: every finite double reads back as itself.
#[test]
fn doubles_round_trip_exactly() {
    for x in [
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        5e-324,
        1.2345678901234567e200,
        0.1,
        -0.0,
        1e15,
        123456789012345.6,
        2.0,
        -7.25e-300,
    ] {
        let text = json::to_string(&x);
        let back: f64 = json::from_slice(text.as_bytes()).unwrap();
        assert_eq!(back.to_bits(), x.to_bits(), "{x:e} written as {text}");
        assert!(text.len() <= 24, "{x:e} written as {text}");
    }
    assert_eq!(json::to_string(&f64::MAX), "1.7976931348623157e308");
    assert_eq!(json::to_string(&2.0f64), "2");
    for x in [f32::MAX, f32::MIN_POSITIVE, 0.1f32, 16_777_217.0, 3.4e-45] {
        let back: f32 = json::from_slice(json::to_string(&x).as_bytes()).unwrap();
        assert_eq!(back.to_bits(), x.to_bits(), "{x:e}");
    }
}

/// Item 6: members bound to the query string are read only from there.
#[test]
fn query_members_are_not_read_from_the_body() {
    const TDG: &str = "0123abcd-0123-4567-89ab-0123456789ab";
    // The operation has no body: one is refused outright (415, as Smithy's
    // protocol tests specify), so its keys cannot stand in for query members.
    let (status, code, answer) = send(
        "DELETE",
        &format!("/traffic-distribution-group/{TDG}/user"),
        r#"{"UserId":"u-1","InstanceId":"i-1"}"#,
    );
    assert_eq!(
        (status, code.as_str()),
        (415, "UnsupportedMediaTypeException"),
        "{answer}"
    );
    // Without a body they are missing.
    let (status, code, answer) = send(
        "DELETE",
        &format!("/traffic-distribution-group/{TDG}/user"),
        "",
    );
    assert_eq!(
        (status, code.as_str()),
        (400, "ValidationException"),
        "{answer}"
    );
    let paths: Vec<&str> = answer["fieldList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["/UserId", "/InstanceId"]);
    // In the query string they are found.
    let (status, _, _) = send(
        "DELETE",
        &format!("/traffic-distribution-group/{TDG}/user?UserId=u-1&InstanceId=i-1"),
        "",
    );
    assert_eq!(status, 501);
    // And a client never puts them in the body.
    let request = DisassociateTrafficDistributionGroupUser::serialize_request(
        &DisassociateTrafficDistributionGroupUserRequest::new(TDG, "u-1", "i-1"),
    )
    .unwrap();
    assert!(request.body().is_empty());
    assert_eq!(
        request.uri().to_string(),
        format!("/traffic-distribution-group/{TDG}/user?UserId=u-1&InstanceId=i-1")
    );
}
