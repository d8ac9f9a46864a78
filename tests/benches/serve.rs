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
//!
//! With `-- --peer URL` (`bench/serve.sh` starts moto's server, a Python
//! fake of AWS, and passes its endpoint), it also times ListTagsForResource
//! of an instance, which both fakes answer, against our fake and moto's,
//! each request signed by the same generated client: 2,000 round trips each
//! after 200, alternating in rounds of 200. (Not DescribeInstance: moto
//! writes its `CreatedTime` as a string where restJson1 has epoch seconds,
//! which the client refuses.)

use std::future::Future;
use std::time::{Duration, Instant};

use connect::runtime::rest::{Error, Protocol};
use connect::runtime::serve::{ServeSettings, serve};
use connect::*;
use connect_tests::{FakeConnect, loopback_transport};

/// The peer's version, as bench/serve.sh installs it.
const MOTO: &str = "5.2.6";

const ANSWER: &str = r#"{"ContactId":"contact-for-jane","ParticipantId":"participant-1","ParticipantToken":"token-1"}"#;

/// Round trips of `call(i)` for each of `n` clients, alternating between
/// them in rounds of `per_round` (the first round not measured).
async fn alternate<F, Fut>(n: usize, rounds: usize, per_round: usize, call: F) -> Vec<Vec<Duration>>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = ()>,
{
    let mut times = vec![Vec::new(); n];
    for round in 0..=rounds {
        for (which, series) in times.iter_mut().enumerate() {
            for _ in 0..per_round {
                let start = Instant::now();
                call(which).await;
                let took = start.elapsed();
                if round > 0 {
                    series.push(took);
                }
            }
        }
    }
    times
}

fn report(label: &str, times: &mut [Duration]) {
    times.sort();
    println!(
        "  {label:<44} median {:7.1} µs   p90 {:7.1} µs   p99 {:7.1} µs",
        percentile(times, 50),
        percentile(times, 90),
        percentile(times, 99)
    );
}

/// Our fake of ListTagsForResource: every resource has one tag.
struct Tags;

impl Connect for Tags {
    async fn list_tags_for_resource(
        &self,
        input: ListTagsForResourceRequest,
    ) -> Result<ListTagsForResourceResponse, Error<connect::operations::ListTagsForResourceError>>
    {
        let _ = input;
        let tags = std::collections::BTreeMap::from([("team".to_string(), "support".to_string())]);
        Ok(ListTagsForResourceResponse::new().with_tags(tags))
    }
}

/// Our fake and the peer at `peer`, both answering ListTagsForResource.
async fn beside_peer(peer: &str) -> Result<(), Box<dyn std::error::Error>> {
    use connect::endpoints::EndpointSettings;
    use connect::runtime::aws::Credentials;
    let ours = connect::serve(Tags, "127.0.0.1:0").await?;
    let keys = Credentials::new("AKIDEXAMPLE", "example-secret", None, None, "bench");
    let client = |endpoint: String| -> Result<_, Box<dyn std::error::Error>> {
        let https = connect_tests::plain_http()?;
        let settings = EndpointSettings {
            region: Some("us-east-1".into()),
            endpoint: Some(endpoint),
            ..EndpointSettings::default()
        };
        Ok(connect::signed_client_with(https, &settings, keys.clone())?)
    };
    let clients = [client(ours.endpoint())?, client(peer.to_string())?];
    // moto answers for an instance it created and tagged.
    let created = clients[1]
        .create_instance(CreateInstanceRequest::new(
            DirectoryType::ConnectManaged,
            true,
            true,
        ))
        .await?;
    let arn = created.arn.ok_or("moto created no instance")?;
    let tags = std::collections::BTreeMap::from([("team".to_string(), "support".to_string())]);
    clients[1]
        .tag_resource(TagResourceRequest::new(arn.clone(), tags))
        .await?;
    let mut times = alternate(clients.len(), 10, 200, |i| {
        let (c, request) = (&clients[i], ListTagsForResourceRequest::new(arn.clone()));
        async move {
            let out = c
                .list_tags_for_resource(request)
                .await
                .expect("ListTagsForResource");
            assert_eq!(out.tags.map(|t| t.len()), Some(1));
        }
    })
    .await;
    println!(
        "ListTagsForResource, signed, {} round trips each:",
        times[0].len()
    );
    report("connect::serve", &mut times[0]);
    report(&format!("moto {MOTO} server"), &mut times[1]);
    ours.shutdown().await;
    Ok(())
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
    let fake = connect::serve(FakeConnect, "127.0.0.1:0").await?;
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
        Client::new(loopback_transport(&fake.endpoint())?),
        Client::new(loopback_transport(&floor.endpoint())?),
    ];
    let mut times = alternate(clients.len(), 10, 2000, |i| {
        let client = &clients[i];
        async move {
            let out = client
                .start_chat_contact(request())
                .await
                .expect("StartChatContact");
            assert_eq!(out.contact_id.as_deref(), Some("contact-for-jane"));
        }
    })
    .await;
    println!(
        "{} cores; round trips over loopback, one connection each, sequential",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
    );
    println!(
        "StartChatContact, unsigned, {} round trips each:",
        times[0].len()
    );
    report("connect::serve", &mut times[0]);
    report("floor: the same server, fixed answer", &mut times[1]);
    let args: Vec<String> = std::env::args().collect();
    if let Some(peer) = args
        .iter()
        .position(|a| a == "--peer")
        .and_then(|i| args.get(i + 1))
    {
        beside_peer(peer).await?;
    }
    fake.shutdown().await;
    floor.shutdown().await;
    Ok(())
}
