//! The served fake's latency over loopback: StartChatContact with the
//! generated client against `connect::serve` (routing, reading and
//! validating the input, the fake's method, writing the output), side by
//! side with the floor of the same stack: the runtime's `serve` answering
//! the same bytes without `dispatch`. Each request waits for the previous
//! answer, on one kept-alive connection; the client's own work (building
//! the request, parsing the answer) is in both. Run with
//! `cargo bench -p connect-tests --bench serve`.
//!
//! Prints the median, 90th and 99th percentile of 20,000 round trips each,
//! after 2,000 not measured; the two servers alternate in rounds of 2,000.

use std::time::{Duration, Instant};

use connect::operations::StartChatContactError;
use connect::runtime::rest::{Error, Protocol};
use connect::runtime::serve::{ServeSettings, serve};
use connect::*;
use connect_tests::loopback_transport;

const ANSWER: &str = r#"{"ContactId":"contact-for-jane","ParticipantId":"participant-1","ParticipantToken":"token-1"}"#;

/// The fake: starts chats.
struct Fake;

impl Connect for Fake {
    async fn start_chat_contact(
        &self,
        input: StartChatContactRequest,
    ) -> Result<StartChatContactResponse, Error<StartChatContactError>> {
        Ok(StartChatContactResponse::new()
            .with_contact_id(format!(
                "contact-for-{}",
                input.participant_details.display_name.to_lowercase()
            ))
            .with_participant_id("participant-1")
            .with_participant_token("token-1"))
    }
}

fn request() -> StartChatContactRequest {
    StartChatContactRequest::new(
        "12345678-1234-1234-1234-123456789012",
        "87654321-4321-4321-4321-210987654321",
        ParticipantDetails::new("Jane"),
    )
    .with_client_token("00000000-0000-4000-8000-000000000000")
}

/// Percentile `p` (0..=100) of sorted durations, in microseconds.
fn percentile(sorted: &[Duration], p: usize) -> f64 {
    let i = (sorted.len() * p / 100).min(sorted.len() - 1);
    sorted[i].as_secs_f64() * 1e6
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = connect::serve(Fake, "127.0.0.1:0").await?;
    let floor = serve(
        "127.0.0.1:0",
        Protocol::RestJson1,
        ServeSettings::default(),
        |_request| async {
            let mut response = connect::runtime::http::Response::new(ANSWER.as_bytes().to_vec());
            response.headers_mut().insert(
                "content-type",
                connect::runtime::http::HeaderValue::from_static("application/json"),
            );
            response
        },
    )
    .await?;
    let clients = [
        (
            "connect::serve, StartChatContact",
            Client::new(loopback_transport(&fake.endpoint())?),
        ),
        (
            "floor: the same server, fixed answer",
            Client::new(loopback_transport(&floor.endpoint())?),
        ),
    ];
    let mut times: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    for round in 0..11 {
        for (which, (_, client)) in clients.iter().enumerate() {
            for _ in 0..2000 {
                let start = Instant::now();
                let out = client.start_chat_contact(request()).await?;
                let took = start.elapsed();
                assert_eq!(out.contact_id.as_deref(), Some("contact-for-jane"));
                if round > 0 {
                    times[which].push(took);
                }
            }
        }
    }
    println!(
        "{} cores; {} round trips each over loopback, one connection, sequential",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        times[0].len()
    );
    for ((label, _), times) in clients.iter().zip(&mut times) {
        times.sort();
        println!(
            "{label:<40} median {:6.1} µs   p90 {:6.1} µs   p99 {:6.1} µs",
            percentile(times, 50),
            percentile(times, 90),
            percentile(times, 99)
        );
    }
    fake.shutdown().await;
    floor.shutdown().await;
    Ok(())
}
