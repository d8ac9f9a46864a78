//! How fast the generated client reads a response body, against parsing the
//! same bytes into a `serde_json::Value`, over adversarial shapes (many empty
//! objects, deep nesting, long strings, many keys, many numbers) and real
//! responses. The client's read is the operation's own `parse_output` (what
//! every call runs on a 200 answer): it parses the body, then reads the
//! typed value from it leniently. Run with `bench/decode.sh` (release).
//! Plain timing loop: the median of 11 runs, each sized to take about 0.2 s.

use std::hint::black_box;

use connect::operations::{
    DescribeContactFlow, DescribeHoursOfOperationOverride, GetContactAttributes,
    ListContactEvaluations, StartChatContact,
};
use connect::runtime::http;
use connect::runtime::rest::OperationShape;

/// Median seconds per call of `f` over 11 runs of about 0.2 s each.
fn time_per_call(f: impl FnMut()) -> f64 {
    connect_tests::median_secs_per_call(11, 0.2, f)
}

fn response(body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(200)
        .header("Content-Type", "application/json")
        .body(body.as_bytes().to_vec())
        .unwrap()
}

/// Times `O::parse_output` and `serde_json::from_slice::<Value>` on `body`;
/// prints one table row and returns the ratio.
fn row<O: OperationShape>(shape: &str, body: &str) -> f64 {
    // `bench/decode.sh <text>` measures only the shapes whose name holds it.
    if let Some(only) = std::env::args().nth(1).filter(|a| !a.starts_with('-'))
        && !shape.contains(&only)
    {
        return 0.0;
    }
    let r = response(body);
    // The body must be read, not refused: a refusal would be faster than a read.
    if let Err(e) = O::parse_output(&r) {
        panic!("{shape}: the client refused the body: {e}");
    }
    let ours = time_per_call(|| {
        let _ = black_box(O::parse_output(black_box(&r)));
    });
    let value = time_per_call(|| {
        let _ = black_box(serde_json::from_slice::<serde_json::Value>(black_box(
            r.body(),
        )));
    });
    let ratio = ours / value;
    println!(
        "| {shape} | {} KB | {} | {} | {ratio:.2} |",
        body.len() / 1024,
        show(value),
        show(ours)
    );
    ratio
}

/// What any reader that builds the typed value pays for `n` empty objects:
/// `n` placeholder summaries written into a vector (cloned from one), beside
/// `serde_json::Value` on the same bytes. The typed value is far larger than
/// the text (`{}` is 3 bytes with its comma; a summary is hundreds).
fn floor_of_empty_objects(n: usize) {
    if std::env::args().nth(1).is_some_and(|a| !a.starts_with('-')) {
        return;
    }
    let body = format!(r#"{{"EvaluationSummaryList":[{}]}}"#, repeat("{}", n));
    let one = ListContactEvaluations::parse_output(&response(r#"{"EvaluationSummaryList":[{}]}"#))
        .expect("one empty summary reads as a placeholder");
    let summary = one.evaluation_summary_list[0].clone();
    let floor = time_per_call(|| {
        let _ = black_box(vec![black_box(&summary).clone(); n]);
    });
    let value = time_per_call(|| {
        let _ = black_box(serde_json::from_slice::<serde_json::Value>(black_box(
            body.as_bytes(),
        )));
    });
    println!(
        "| floor: {n} placeholder summaries ({} bytes each) written, no parsing | {} KB | {} | {} | {:.2} |",
        std::mem::size_of_val(&summary),
        body.len() / 1024,
        show(value),
        show(floor),
        floor / value
    );
}

fn show(secs: f64) -> String {
    if secs >= 1e-3 {
        format!("{:.2} ms", secs * 1e3)
    } else {
        format!("{:.1} µs", secs * 1e6)
    }
}

fn repeat(item: &str, n: usize) -> String {
    vec![item; n].join(",")
}

fn main() {
    const SUMMARY: &str = r#"{"EvaluationId":"e-0123456789","EvaluationArn":"arn:aws:connect:us-east-1:123456789012:instance/i-1/contact-evaluation/e-0123456789","EvaluationFormTitle":"Quality review","EvaluationFormId":"f-42","Status":"SUBMITTED","EvaluatorArn":"arn:aws:connect:us-east-1:123456789012:instance/i-1/agent/a-1","Score":{"Percentage":87.5,"NotApplicable":false,"AutomaticFail":false},"CreatedTime":1700000000,"LastModifiedTime":1700000100.5}"#;
    let long = "x".repeat(1_200_000);
    let escaped = "line\\n\\u00e9\\\"".repeat(100_000);
    let deep = format!("{}{}", "[".repeat(120), "]".repeat(120));
    let keys: Vec<String> = (0..30_000).map(|i| format!("\"k{i}\":\"v{i}\"")).collect();
    let numbers: Vec<String> = (0..100_000).map(|i| (i % 31 + 1).to_string()).collect();

    println!("| shape | body | `serde_json::Value` | generated client (`parse_output`) | ratio |");
    println!("|---|---|---|---|---|");
    let mut worst = 0f64;
    let mut note = |r: f64| worst = worst.max(r);
    note(row::<ListContactEvaluations>(
        "30,000 empty objects (ListContactEvaluations)",
        &format!(r#"{{"EvaluationSummaryList":[{}]}}"#, repeat("{}", 30_000)),
    ));
    floor_of_empty_objects(30_000);
    note(row::<ListContactEvaluations>(
        "1,000 deep arrays, 120 levels, in an unknown member",
        &format!(
            r#"{{"EvaluationSummaryList":[],"Unknown":[{}]}}"#,
            repeat(&deep, 1_000)
        ),
    ));
    note(row::<DescribeContactFlow>(
        "a 1.2 MB string (DescribeContactFlow Content)",
        &format!(r#"{{"ContactFlow":{{"Content":"{long}"}}}}"#),
    ));
    note(row::<DescribeContactFlow>(
        "a string of 100,000 escapes",
        &format!(r#"{{"ContactFlow":{{"Content":"{escaped}"}}}}"#),
    ));
    note(row::<GetContactAttributes>(
        "30,000 map keys (GetContactAttributes)",
        &format!(r#"{{"Attributes":{{{}}}}}"#, keys.join(",")),
    ));
    note(row::<GetContactAttributes>(
        "30,000 unknown keys",
        &format!(r#"{{"Attributes":{{}},{}}}"#, keys.join(",")),
    ));
    note(row::<DescribeHoursOfOperationOverride>(
        "100,000 numbers (RecurrencePattern ByMonthDay)",
        &format!(
            r#"{{"HoursOfOperationOverride":{{"RecurrenceConfig":{{"RecurrencePattern":{{"Frequency":"MONTHLY","Interval":1,"ByMonthDay":[{}]}}}}}}}}"#,
            numbers.join(",")
        ),
    ));
    note(row::<ListContactEvaluations>(
        "1,000 evaluation summaries (real)",
        &format!(
            r#"{{"EvaluationSummaryList":[{}],"NextToken":"next"}}"#,
            repeat(SUMMARY, 1_000)
        ),
    ));
    note(row::<StartChatContact>(
        "StartChatContact answer (real)",
        r#"{"ContactId":"c-1234","ParticipantId":"p-5678","ParticipantToken":"token-abc","ContinuedFromContactId":"c-0001"}"#,
    ));
    println!();
    println!("worst ratio: {worst:.2}");
}
