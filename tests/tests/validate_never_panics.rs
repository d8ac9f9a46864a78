//! Property test: `validate()` (and JSON reading) never panics, whatever the
//! values: arbitrary Unicode, extreme numbers, NaN, deep recursion.

use std::collections::BTreeMap;

use connect::*;
use proptest::prelude::*;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z]{0,3}",
        ".{0,300}",
        Just(String::new()),
        Just("👍".repeat(257))
    ]
}

fn segment() -> impl Strategy<Value = SegmentAttributeValue> {
    let leaf = (
        proptest::option::of(any_text()),
        proptest::option::of(any::<i32>()),
        proptest::option::of(any_text()),
    )
        .prop_map(|(s, i, arn)| {
            let mut v = SegmentAttributeValue::new();
            v.value_string = s;
            v.value_integer = i;
            v.value_arn = arn;
            v
        });
    leaf.prop_recursive(6, 64, 4, |inner| {
        (
            proptest::collection::btree_map(any_text(), inner.clone(), 0..4),
            proptest::collection::vec(inner, 0..4),
        )
            .prop_map(|(map, list)| {
                SegmentAttributeValue::new()
                    .with_value_map(map)
                    .with_value_list(list)
            })
    })
}

fn request() -> impl Strategy<Value = StartChatContactRequest> {
    (
        (any_text(), any_text(), any_text()),
        proptest::option::of(proptest::collection::btree_map(
            any_text(),
            any_text(),
            0..4,
        )),
        proptest::option::of((any_text(), any_text())),
        proptest::option::of(any::<i32>()),
        proptest::option::of(proptest::collection::vec(any_text(), 0..4)),
        proptest::option::of(proptest::collection::btree_map(any_text(), segment(), 0..3)),
        (
            proptest::option::of(any_text()),
            proptest::option::of(any_text()),
            proptest::option::of(any_text()),
        ),
        proptest::option::of(proptest::collection::vec(
            any_text().prop_map(|s| DisconnectOnCustomerExitParticipantType::from(s.as_str())),
            0..3,
        )),
    )
        .prop_map(
            |(
                (instance, flow, name),
                attrs,
                message,
                duration,
                types,
                segments,
                (token, related, customer),
                exit,
            )| {
                let mut r =
                    StartChatContactRequest::new(instance, flow, ParticipantDetails::new(name));
                r.attributes = attrs;
                r.initial_message = message.map(|(t, c)| ChatMessage::new(t, c));
                r.chat_duration_in_minutes = duration;
                r.supported_messaging_content_types = types;
                r.segment_attributes = segments;
                r.client_token = token;
                r.related_contact_id = related;
                r.customer_id = customer;
                r.disconnect_on_customer_exit = exit;
                r
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn start_chat_contact_validate_never_panics(r in request()) {
        if let Err(e) = r.validate() {
            prop_assert!(!e.is_empty());
            for v in e.violations() {
                prop_assert!(v.path.starts_with('/'));
            }
        }
        // And the JSON round trip of whatever was built reads back equal.
        let text = smithy_runtime::json::to_string(&r);
        let back: StartChatContactRequest = smithy_runtime::json::from_slice(text.as_bytes()).unwrap();
        prop_assert_eq!(back, r);
    }

    #[test]
    fn recursive_shape_validate_never_panics(s in segment(), f in any::<f32>()) {
        let _ = s.validate();
        let _ = UserProficiency::new("a", "b").with_level(f).validate();
    }

    #[test]
    fn reading_arbitrary_json_never_panics(text in ".{0,200}") {
        let _ = smithy_runtime::validate::decode_and_validate::<StartChatContactRequest>(text.as_bytes());
    }
}

#[test]
fn very_deep_recursion_is_checked_without_overflow() {
    let mut v = SegmentAttributeValue::new().with_value_string("x");
    for _ in 0..200 {
        v = SegmentAttributeValue::new().with_value_list(vec![v]);
    }
    let mut attrs = BTreeMap::new();
    attrs.insert("deep".to_string(), v);
    assert!(
        StartChatContactRequest::new("i", "f", ParticipantDetails::new("n"))
            .with_segment_attributes(attrs)
            .validate()
            .is_ok()
    );
}
