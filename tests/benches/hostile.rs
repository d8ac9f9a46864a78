//! How the stub server's work grows with hostile requests: `dispatch` of
//! UpdateHoursOfOperation with `n` items in `Config` (each an empty object
//! missing its three required members, or a valid item), and the size of
//! the answer to ListPhoneNumbersV2 with `n` empty country codes; then how
//! fast a body over the default 1 MiB limit is refused. Run with
//! `bench/hostile.sh`. Plain timing loop: the median of 5 runs. The work
//! measured is the validation's, so the tables lift the body limit.

use std::time::Instant;

use connect::runtime::http;
use connect::*;
use connect_tests::block_on;

struct Nothing;
impl Connect for Nothing {}

fn dispatch_once(method: &str, uri: &str, body: &str) -> (f64, usize) {
    dispatch_limited(
        method,
        uri,
        body,
        &runtime::rest::Limits {
            max_body_bytes: usize::MAX,
        },
        400,
    )
}

fn dispatch_limited(
    method: &str,
    uri: &str,
    body: &str,
    limits: &runtime::rest::Limits,
    status: u16,
) -> (f64, usize) {
    let mut runs = Vec::new();
    let mut size = 0;
    for _ in 0..5 {
        let request = http::Request::builder()
            .method(method)
            .uri(uri)
            .header("Content-Type", "application/json")
            .body(body.as_bytes().to_vec())
            .unwrap();
        let start = Instant::now();
        let response = block_on(dispatch_with_limits(&Nothing, request, limits));
        runs.push(start.elapsed().as_secs_f64() * 1e3);
        size = response.body().len();
        assert_eq!(response.status().as_u16(), status);
    }
    runs.sort_by(f64::total_cmp);
    (runs[2], size)
}

fn main() {
    const VALID: &str = r#"{"Day":"MONDAY","StartTime":{"Hours":9,"Minutes":0},"EndTime":{"Hours":17,"Minutes":0}}"#;
    println!("| n | empty items: time | answer | valid items: time | requests (empty, valid) |");
    println!("|---|---|---|---|---|");
    for n in [1_000usize, 8_000, 16_000, 30_000, 120_000] {
        let empty = format!("{{\"Config\":[{}]}}", vec!["{}"; n].join(","));
        let valid = format!("{{\"Config\":[{}]}}", vec![VALID; n].join(","));
        let (t_empty, size) = dispatch_once("POST", "/hours-of-operations/i-1/h-1", &empty);
        let (t_valid, _) = dispatch_once("POST", "/hours-of-operations/i-1/h-1", &valid);
        println!(
            "| {n} | {t_empty:.1} ms | {size} B | {t_valid:.1} ms | {} KB, {} KB |",
            empty.len() / 1024,
            valid.len() / 1024
        );
    }
    println!();
    println!("| with the default limit (1 MiB) | request | answer | time |");
    println!("|---|---|---|---|");
    let big = format!("{{\"Config\":[{}]}}", vec![VALID; 120_000].join(","));
    let (t, size) = dispatch_limited(
        "POST",
        "/hours-of-operations/i-1/h-1",
        &big,
        &runtime::rest::Limits::default(),
        413,
    );
    println!(
        "| 120,000 valid items | {} KB | {size} B (413) | {t:.3} ms |",
        big.len() / 1024
    );
    println!();
    println!("| n empty country codes | request | answer | time |");
    println!("|---|---|---|---|");
    for n in [10_usize, 1_000, 10_000, 100_000] {
        let body = format!(
            "{{\"PhoneNumberCountryCodes\":[{}]}}",
            vec!["\"\""; n].join(",")
        );
        let (t, size) = dispatch_once("POST", "/phone-number/list", &body);
        println!("| {n} | {} B | {size} B | {t:.1} ms |", body.len());
    }
}
