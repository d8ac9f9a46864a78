//! `validate()` on the generated Connect crate: every constraint kind at its
//! boundaries, paths through nesting, several violations at once, required
//! members read from JSON, and sensitive values kept out of messages.

use std::collections::BTreeMap;

use connect::*;
use smithy_runtime::validate::{ConstraintKind, InputError, decode_and_validate};

fn chat() -> StartChatContactRequest {
    StartChatContactRequest::new("i-1", "flow-1", ParticipantDetails::new("Jane"))
}

fn messages<T: Validate>(value: &T) -> Vec<String> {
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e.violations().iter().map(|v| v.message.clone()).collect(),
    }
}

#[test]
fn length_boundaries_in_scalar_values() {
    // InstanceId: length 1..=100.
    for (len, ok) in [(0, false), (1, true), (100, true), (101, false)] {
        let mut r = chat();
        r.instance_id = "x".repeat(len);
        assert_eq!(r.validate().is_ok(), ok, "length {len}");
    }
    let mut r = chat();
    r.instance_id = String::new();
    assert_eq!(
        messages(&r),
        [
            "Value with length 0 at '/InstanceId' failed to satisfy constraint: Member must have length between 1 and 100, inclusive"
        ]
    );
    // DisplayName: 1..=256 characters, counted as Unicode scalar values.
    let r = StartChatContactRequest::new("i", "f", ParticipantDetails::new("👍"));
    assert!(r.validate().is_ok(), "one emoji is length 1");
    let r = StartChatContactRequest::new("i", "f", ParticipantDetails::new("👍".repeat(256)));
    assert!(r.validate().is_ok(), "256 emoji (1024 bytes) is length 256");
    let r = StartChatContactRequest::new("i", "f", ParticipantDetails::new("👍".repeat(257)));
    assert_eq!(
        messages(&r),
        [
            "Value with length 257 at '/ParticipantDetails/DisplayName' failed to satisfy constraint: Member must have length between 1 and 256, inclusive"
        ]
    );
}

#[test]
fn integer_range_boundaries() {
    // ChatDurationInMinutes: 60..=10080.
    for (x, ok) in [(59, false), (60, true), (10080, true), (10081, false)] {
        assert_eq!(
            chat().with_chat_duration_in_minutes(x).validate().is_ok(),
            ok,
            "{x}"
        );
    }
    assert_eq!(
        messages(&chat().with_chat_duration_in_minutes(59)),
        [
            "Value at '/ChatDurationInMinutes' failed to satisfy constraint: Member must be between 60 and 10080, inclusive"
        ]
    );
}

#[test]
fn long_bound_is_exact() {
    // QueuePriority: 1..=9223372036854775807 (i64::MAX, kept exact).
    let base = UpdateContactRoutingDataRequest::new("i", "c");
    assert!(
        base.clone()
            .with_queue_priority(i64::MAX)
            .validate()
            .is_ok()
    );
    assert!(base.clone().with_queue_priority(1).validate().is_ok());
    assert_eq!(
        messages(&base.with_queue_priority(0)),
        [
            "Value at '/QueuePriority' failed to satisfy constraint: Member must be between 1 and 9223372036854775807, inclusive"
        ]
    );
}

#[test]
fn float_range_with_nan() {
    // UserProficiency.Level: float, 1.0..=5.0, printed as the model writes it.
    for (x, ok) in [
        (0.99f32, false),
        (1.0, true),
        (5.0, true),
        (5.01, false),
        (f32::NAN, false),
        (f32::INFINITY, false),
    ] {
        let p = UserProficiency::new("skill", "rust").with_level(x);
        assert_eq!(p.validate().is_ok(), ok, "{x}");
    }
    assert_eq!(
        messages(&UserProficiency::new("skill", "rust").with_level(f32::NAN)),
        [
            "Value at '/Level' failed to satisfy constraint: Member must be between 1.0 and 5.0, inclusive"
        ]
    );
}

#[test]
fn enum_value_sets() {
    let r = chat().with_disconnect_on_customer_exit(vec![
        DisconnectOnCustomerExitParticipantType::from("CUSTOMER"),
    ]);
    assert_eq!(
        messages(&r),
        [
            "Value at '/DisconnectOnCustomerExit/0' failed to satisfy constraint: Member must satisfy enum value set: [AGENT]"
        ]
    );
    // Reading an unknown value is fine; only validate() objects.
    let e: RehydrationType = "NOT_A_TYPE".into();
    assert_eq!(e, RehydrationType::Unknown("NOT_A_TYPE".into()));
}

#[test]
fn list_length_boundaries() {
    // DisconnectOnCustomerExit: exactly 1 item.
    let one = vec![DisconnectOnCustomerExitParticipantType::Agent];
    assert!(
        chat()
            .with_disconnect_on_customer_exit(one.clone())
            .validate()
            .is_ok()
    );
    assert_eq!(
        messages(&chat().with_disconnect_on_customer_exit(Vec::new())),
        [
            "Value with length 0 at '/DisconnectOnCustomerExit' failed to satisfy constraint: Member must have length between 1 and 1, inclusive"
        ]
    );
    assert!(
        chat()
            .with_disconnect_on_customer_exit([one.clone(), one].concat())
            .validate()
            .is_err()
    );
}

fn segment(depth: usize, leaf: SegmentAttributeValue) -> SegmentAttributeValue {
    let mut value = leaf;
    for i in 0..depth {
        let mut map = BTreeMap::new();
        map.insert(
            format!("k{i}"),
            SegmentAttributeValue::new().with_value_list(vec![SegmentAttributeValue::new(), value]),
        );
        value = SegmentAttributeValue::new().with_value_map(map);
    }
    value
}

#[test]
fn paths_through_maps_lists_and_recursion() {
    let leaf = SegmentAttributeValue::new().with_value_string("x".repeat(1025));
    let mut attrs = BTreeMap::new();
    attrs.insert("top".to_string(), segment(3, leaf));
    let r = chat().with_segment_attributes(attrs);
    assert_eq!(
        messages(&r),
        [
            "Value with length 1025 at '/SegmentAttributes/top/ValueMap/k2/ValueList/1/ValueMap/k1/ValueList/1/ValueMap/k0/ValueList/1/ValueString' failed to satisfy constraint: Member must have length between 0 and 1024, inclusive"
        ]
    );
}

#[test]
fn map_key_violations_report_the_map() {
    let mut inner = BTreeMap::new();
    inner.insert(String::new(), SegmentAttributeValue::new());
    let mut attrs = BTreeMap::new();
    attrs.insert(
        "top".to_string(),
        SegmentAttributeValue::new().with_value_map(inner),
    );
    let e = chat()
        .with_segment_attributes(attrs)
        .validate()
        .unwrap_err();
    assert_eq!(e.violations()[0].path, "/SegmentAttributes/top/ValueMap");
    assert_eq!(
        e.violations()[0].message,
        "Value with length 0 at '/SegmentAttributes/top/ValueMap' failed to satisfy constraint: Member must have length between 1 and 128, inclusive"
    );
}

#[test]
fn union_members_are_paths() {
    assert!(
        ParticipantTimerValue::ParticipantTimerDurationInMinutes(2)
            .validate()
            .is_ok()
    );
    assert_eq!(
        messages(&ParticipantTimerValue::ParticipantTimerDurationInMinutes(1)),
        [
            "Value at '/ParticipantTimerDurationInMinutes' failed to satisfy constraint: Member must be between 2 and 480, inclusive"
        ]
    );
    assert_eq!(
        messages(&ParticipantTimerValue::ParticipantTimerAction(
            "Stop".into()
        )),
        [
            "Value at '/ParticipantTimerAction' failed to satisfy constraint: Member must satisfy enum value set: [Unset]"
        ]
    );
}

#[test]
fn every_violation_of_one_request_in_model_order() {
    let mut attrs = BTreeMap::new();
    attrs.insert(String::new(), "v".to_string());
    let mut r = StartChatContactRequest::new("", "f".repeat(501), ParticipantDetails::new(""))
        .with_attributes(attrs)
        .with_initial_message(ChatMessage::new("text/plain", ""))
        .with_chat_duration_in_minutes(10)
        .with_supported_messaging_content_types(vec!["text/plain".into(), String::new()])
        .with_related_contact_id("")
        .with_customer_id("")
        .with_disconnect_on_customer_exit(vec![]);
    r.client_token = Some("t".repeat(501));
    let e = r.validate().unwrap_err();
    let got: Vec<(&str, ConstraintKind)> = e
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), v.kind))
        .collect();
    assert_eq!(
        got,
        [
            ("/InstanceId", ConstraintKind::Length),
            ("/ContactFlowId", ConstraintKind::Length),
            ("/Attributes", ConstraintKind::Length),
            ("/ParticipantDetails/DisplayName", ConstraintKind::Length),
            ("/InitialMessage/Content", ConstraintKind::Length),
            ("/ClientToken", ConstraintKind::Length),
            ("/ChatDurationInMinutes", ConstraintKind::Range),
            ("/SupportedMessagingContentTypes/1", ConstraintKind::Length),
            ("/RelatedContactId", ConstraintKind::Length),
            ("/CustomerId", ConstraintKind::Length),
            ("/DisconnectOnCustomerExit", ConstraintKind::Length),
        ]
    );
    assert!(
        e.to_string()
            .starts_with("11 validation errors detected. Value with length 0 at '/InstanceId'"),
        "{e}"
    );
    assert_eq!(
        r.validate().unwrap_err(),
        e,
        "stable: the same errors every time"
    );
}

#[test]
fn sensitive_values_never_appear() {
    let secret = "secret-customer-".repeat(10);
    let e = chat()
        .with_customer_id(secret.clone())
        .validate()
        .unwrap_err();
    assert_eq!(e.violations()[0].path, "/CustomerId");
    assert!(!e.to_string().contains("secret-customer"), "{e}");
    assert!(!e.to_json_body().contains("secret-customer"));
}

#[test]
fn idempotency_token_left_unset_is_fine() {
    assert!(chat().client_token.is_none());
    assert!(chat().validate().is_ok());
}

#[test]
fn required_members_read_from_json() {
    let body = br#"{"InstanceId": null, "ParticipantDetails": {"DisplayName": ""}, "ChatDurationInMinutes": 5}"#;
    let Err(InputError::Invalid(e)) = decode_and_validate::<StartChatContactRequest>(body) else {
        panic!("should be invalid")
    };
    let got: Vec<&str> = e.violations().iter().map(|v| v.message.as_str()).collect();
    assert_eq!(
        got,
        [
            "Value at '/InstanceId' failed to satisfy constraint: Member must not be null",
            "Value at '/ContactFlowId' failed to satisfy constraint: Member must not be null",
            "Value with length 0 at '/ParticipantDetails/DisplayName' failed to satisfy constraint: Member must have length between 1 and 256, inclusive",
            "Value at '/ChatDurationInMinutes' failed to satisfy constraint: Member must be between 60 and 10080, inclusive",
        ],
        "missing members first, their placeholders not checked again"
    );
    let body = br#"{"InstanceId": "i", "ContactFlowId": "f", "ParticipantDetails": {"DisplayName": "Jane"}}"#;
    assert!(decode_and_validate::<StartChatContactRequest>(body).is_ok());
    assert!(matches!(
        decode_and_validate::<StartChatContactRequest>(b"{\"InstanceId\": 5}"),
        Err(InputError::Malformed(_))
    ));
}

#[test]
fn json_body_for_validation_exception() {
    let mut r = chat();
    r.instance_id.clear();
    let body: serde_json::Value =
        serde_json::from_str(&r.validate().unwrap_err().to_json_body()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "message": "1 validation error detected. Value with length 0 at '/InstanceId' failed to satisfy constraint: Member must have length between 1 and 100, inclusive",
            "fieldList": [{"path": "/InstanceId", "message": "Value with length 0 at '/InstanceId' failed to satisfy constraint: Member must have length between 1 and 100, inclusive"}]
        })
    );
}

#[test]
fn patterns_are_enforced_with_ecma_meaning() {
    let tags = |k: &str| BTreeMap::from([(k.to_string(), "v".to_string())]);
    assert!(
        TagResourceRequest::new("arn", tags("Department"))
            .validate()
            .is_ok()
    );
    let e = TagResourceRequest::new("arn", tags("aws:owner"))
        .validate()
        .unwrap_err();
    assert_eq!(
        e.violations()[0].message,
        r"Value at '/tags' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$",
        "a bad map key reports the map, with the pattern as the model writes it"
    );
}

#[test]
fn overridden_patterns_are_not_enforced() {
    // PhoneNumber's pattern is wrong as written (models/connect.overrides.toml).
    let r = ClaimPhoneNumberRequest::new("+12065550100");
    assert!(r.validate().is_ok(), "{:?}", r.validate());
}
