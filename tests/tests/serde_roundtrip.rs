//! StartChatContact's request and response through JSON written by hand from
//! the model's facts: wire names, unknown keys ignored, unknown enum values
//! kept, the recursive `SegmentAttributeValue`, and `Debug` redaction.

use connect::*;
use serde_json::{Value, json};

fn request_json() -> Value {
    json!({
        "InstanceId": "12345678-1234-1234-1234-123456789012",
        "ContactFlowId": "abcdef01-2345-6789-abcd-ef0123456789",
        "Attributes": {"customerTier": "gold"},
        "ParticipantDetails": {"DisplayName": "Jane", "FutureField": 1},
        "ParticipantConfiguration": {"ResponseMode": "COMPLETE"},
        "InitialMessage": {"ContentType": "text/plain", "Content": "Hello"},
        "ClientToken": "00000000-0000-4000-8000-000000000000",
        "ChatDurationInMinutes": 60,
        "SupportedMessagingContentTypes": ["text/plain", "text/markdown"],
        "PersistentChat": {"RehydrationType": "SOME_FUTURE_TYPE", "SourceContactId": "c-1"},
        "SegmentAttributes": {
            "connect:Subtype": {"ValueString": "connect:Guide"},
            "nested": {"ValueMap": {"inner": {"ValueList": [{"ValueInteger": 7}, {"ValueMap": {"deep": {"ValueArn": "arn:aws:x"}}}]}}}
        },
        "CustomerId": "secret-customer-42",
        "DisconnectOnCustomerExit": ["AGENT"],
        "SomethingNew": {"ignored": true}
    })
}

#[test]
fn request_reads_every_member() {
    let req: StartChatContactRequest = serde_json::from_value(request_json()).unwrap();
    assert_eq!(req.instance_id, "12345678-1234-1234-1234-123456789012");
    assert_eq!(req.participant_details.display_name, "Jane");
    assert_eq!(req.chat_duration_in_minutes, Some(60));
    assert_eq!(
        req.initial_message.as_ref().map(|m| m.content.as_str()),
        Some("Hello")
    );
    assert_eq!(
        req.disconnect_on_customer_exit,
        Some(vec![DisconnectOnCustomerExitParticipantType::Agent])
    );
    let persistent = req.persistent_chat.as_ref().unwrap();
    assert_eq!(
        persistent.rehydration_type,
        Some(RehydrationType::Unknown("SOME_FUTURE_TYPE".into())),
        "unknown enum values are kept"
    );
    let segments = req.segment_attributes.as_ref().unwrap();
    let nested = &segments["nested"].value_map.as_ref().unwrap()["inner"];
    let list = nested.value_list.as_ref().unwrap();
    assert_eq!(list[0].value_integer, Some(7));
    assert_eq!(
        list[1].value_map.as_ref().unwrap()["deep"]
            .value_arn
            .as_deref(),
        Some("arn:aws:x")
    );
}

#[test]
fn request_round_trips() {
    let req: StartChatContactRequest = serde_json::from_value(request_json()).unwrap();
    let written = serde_json::to_value(&req).unwrap();
    let mut expected = request_json();
    let obj = expected.as_object_mut().unwrap();
    obj.remove("SomethingNew");
    obj["ParticipantDetails"]
        .as_object_mut()
        .unwrap()
        .remove("FutureField");
    assert_eq!(
        written, expected,
        "unknown keys dropped, everything else written back as read (unknown enum value included)"
    );
    let again: StartChatContactRequest = serde_json::from_value(written).unwrap();
    assert_eq!(again, req);
}

#[test]
fn builder_and_json_agree() {
    let built = StartChatContactRequest::new("i-1", "flow-1", ParticipantDetails::new("Jane"))
        .with_initial_message(ChatMessage::new("text/plain", "Hi"))
        .with_chat_duration_in_minutes(90);
    let text = smithy_runtime::json::to_string(&built);
    assert_eq!(
        text,
        r#"{"InstanceId":"i-1","ContactFlowId":"flow-1","ParticipantDetails":{"DisplayName":"Jane"},"InitialMessage":{"ContentType":"text/plain","Content":"Hi"},"ChatDurationInMinutes":90}"#,
        "wire names, model order, unset members left out"
    );
    let back: StartChatContactRequest = smithy_runtime::json::from_slice(text.as_bytes()).unwrap();
    assert_eq!(back, built);
}

#[test]
fn response_round_trips_and_tolerates_missing_and_unknown() {
    let text = r#"{"ContactId":"c-1","ParticipantId":"p-1","ParticipantToken":"tok","ContinuedFromContactId":"c-0","Extra":[1,2]}"#;
    let resp: StartChatContactResponse = serde_json::from_str(text).unwrap();
    assert_eq!(resp.contact_id.as_deref(), Some("c-1"));
    assert_eq!(resp.participant_token.as_deref(), Some("tok"));
    assert_eq!(
        serde_json::to_value(&resp).unwrap(),
        json!({"ContactId":"c-1","ParticipantId":"p-1","ParticipantToken":"tok","ContinuedFromContactId":"c-0"})
    );
    assert_eq!(
        smithy_runtime::json::to_string(&resp),
        r#"{"ContactId":"c-1","ParticipantId":"p-1","ParticipantToken":"tok","ContinuedFromContactId":"c-0"}"#,
        "the wire writer keeps model order"
    );
    let empty: StartChatContactResponse = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, StartChatContactResponse::new());
}

#[test]
fn missing_required_member_is_an_error_for_serde() {
    let err = serde_json::from_value::<StartChatContactRequest>(
        json!({"InstanceId": "i", "ContactFlowId": "f"}),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("missing required member at '/ParticipantDetails'"),
        "{err}"
    );
    let err = serde_json::from_value::<StartChatContactRequest>(json!({"InstanceId": "i", "ContactFlowId": "f", "ParticipantDetails": {"DisplayName": null}})).unwrap_err();
    assert!(
        err.to_string()
            .contains("'/ParticipantDetails/DisplayName'"),
        "null counts as missing: {err}"
    );
}

#[test]
fn lenient_reading_records_missing_required_members() {
    let (req, missing) = smithy_runtime::json::from_slice_lenient::<StartChatContactRequest>(
        br#"{"ParticipantDetails":{}}"#,
    )
    .unwrap();
    assert_eq!(
        missing.paths().collect::<Vec<_>>(),
        [
            "/InstanceId",
            "/ContactFlowId",
            "/ParticipantDetails/DisplayName"
        ]
    );
    assert_eq!(req.instance_id, "");
}

#[test]
fn wrong_types_are_errors_with_paths() {
    let err = serde_json::from_value::<StartChatContactRequest>(json!({
        "InstanceId": "i", "ContactFlowId": "f", "ParticipantDetails": {"DisplayName": "x"},
        "SegmentAttributes": {"k": {"ValueList": [{"ValueInteger": "seven"}]}}
    }))
    .unwrap_err();
    assert!(
        err.to_string().contains(
            "expected an integer, found a string at '/SegmentAttributes/k/ValueList/0/ValueInteger'"
        ),
        "{err}"
    );
}

#[test]
fn debug_redacts_sensitive_members() {
    let req = StartChatContactRequest::new("i-1", "flow-1", ParticipantDetails::new("Jane"))
        .with_customer_id("secret-customer-42");
    let shown = format!("{req:?}");
    assert!(!shown.contains("secret-customer-42"), "{shown}");
    assert!(
        shown.contains("customer_id: *** Sensitive Data Redacted ***"),
        "{shown}"
    );
    assert!(shown.contains("instance_id: \"i-1\""), "{shown}");
}

#[test]
fn errors_display_code_and_message() {
    let e: InvalidRequestException = serde_json::from_str(r#"{"Message":"bad things","Reason":{"AttachedFileInvalidRequestExceptionReason":"INVALID_FILE_NAME"}}"#).unwrap();
    assert_eq!(e.to_string(), "InvalidRequestException: bad things");
    assert_eq!(InvalidRequestException::HTTP_STATUS, 400);
    assert!(matches!(
        e.reason,
        Some(InvalidRequestExceptionReason::AttachedFileInvalidRequestExceptionReason(_))
    ));
    let unknown: InvalidRequestExceptionReason =
        serde_json::from_str(r#"{"NewReason":{"Code":7}}"#).unwrap();
    let InvalidRequestExceptionReason::Unknown(member) = &unknown else {
        panic!("{unknown:?}")
    };
    assert_eq!(
        (member.name.as_str(), &member.value),
        ("NewReason", &json!({"Code": 7}))
    );
    // Kept whole, so it is written back as received.
    assert_eq!(
        serde_json::to_value(&unknown).unwrap(),
        json!({"NewReason": {"Code": 7}})
    );
}

#[test]
fn enums_expose_values() {
    assert_eq!(
        DisconnectOnCustomerExitParticipantType::Agent.as_str(),
        "AGENT"
    );
    assert_eq!(
        DisconnectOnCustomerExitParticipantType::from("AGENT"),
        DisconnectOnCustomerExitParticipantType::Agent
    );
    assert_eq!(DisconnectOnCustomerExitParticipantType::values(), ["AGENT"]);
    assert_eq!(
        RehydrationType::from("NEW").to_string(),
        "NEW".parse::<RehydrationType>().unwrap().to_string()
    );
}
