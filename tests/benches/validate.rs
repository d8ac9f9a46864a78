//! `validate()` on StartChatContact requests: one with every member set and
//! valid, one with ten violations. Run with `cargo bench -p connect-tests --bench validate`
//! (see `bench/validate.sh`, which also runs botocore's validator on the same input).
//! Plain timing loop (no benchmark framework): the median of 15 runs of 200,000 calls.

use std::hint::black_box;
use std::time::Instant;

use connect::*;

const FULL: &str = include_str!("start_chat_contact_full.json");

fn time_per_call(mut f: impl FnMut()) -> f64 {
    const CALLS: u32 = 200_000;
    for _ in 0..CALLS / 10 {
        f();
    }
    let mut runs: Vec<f64> = (0..15)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..CALLS {
                f();
            }
            start.elapsed().as_nanos() as f64 / f64::from(CALLS)
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

fn main() {
    let valid: StartChatContactRequest =
        smithy_runtime::json::from_slice(FULL.as_bytes()).expect("valid JSON");
    assert!(valid.validate().is_ok(), "{:?}", valid.validate());

    let mut invalid = valid.clone();
    invalid.instance_id.clear();
    invalid.contact_flow_id = "f".repeat(501);
    invalid.participant_details.display_name.clear();
    invalid.initial_message.as_mut().unwrap().content.clear();
    invalid.client_token = Some("t".repeat(501));
    invalid.chat_duration_in_minutes = Some(1);
    invalid.supported_messaging_content_types = Some(vec![String::new()]);
    invalid.related_contact_id = Some(String::new());
    invalid.customer_id = Some(String::new());
    invalid.disconnect_on_customer_exit = Some(Vec::new());
    assert_eq!(invalid.validate().unwrap_err().len(), 10);

    let ok = time_per_call(|| {
        black_box(black_box(&valid).validate().is_ok());
    });
    let bad = time_per_call(|| {
        black_box(black_box(&invalid).validate().is_err());
    });
    println!("validate StartChatContact, every member set, valid: {ok:8.1} ns/call");
    println!("validate StartChatContact, ten violations:          {bad:8.1} ns/call");
}
