//! SigV4 through the generated client (the crate's `aws` feature): requests
//! the client builds (an ARN in a URI label, a list in the query string, a
//! JSON body, no body) go through `signed_client` to a fake transport that
//! keeps them; each must be absolute, carry `Host`, `x-amz-date` and an
//! `Authorization` for Connect's signing name, and re-signing exactly what
//! was sent must give the same signature: what is sent is what is signed.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use connect::runtime::aws::{self, Credentials};
use connect::runtime::http;
use connect::runtime::rest::{Transport, TransportError};
use connect::*;
use connect_tests::block_on;

/// Keeps every request, answers 200 with `{}`.
#[derive(Clone, Default)]
struct Keep(Arc<Mutex<Vec<http::Request<Vec<u8>>>>>);

impl Transport for Keep {
    async fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        self.0.lock().unwrap().push(request);
        Ok(http::Response::new(b"{}".to_vec()))
    }
}

const T: u64 = 1_440_938_160; // 2015-08-30T12:36:00Z

fn credentials(token: Option<&str>) -> Credentials {
    Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        token.map(str::to_string),
        None,
        "test",
    )
}

/// Re-signs what was sent (without its signature) and compares.
fn resigned_matches(sent: &http::Request<Vec<u8>>, token: Option<&str>) {
    assert!(
        aws::signature_matches(sent, &credentials(token), "us-west-2", "connect"),
        "{} {}",
        sent.method(),
        sent.uri()
    );
}

fn client(keep: &Keep, token: Option<&str>) -> Client<aws::Signed<Keep>> {
    let signed = aws::Signed::new(
        keep.clone(),
        "https://connect.us-west-2.amazonaws.com",
        "us-west-2",
        SIGNING_NAME,
        credentials(token),
    )
    .unwrap()
    .with_clock(|| SystemTime::UNIX_EPOCH + Duration::from_secs(T));
    Client::new(signed)
}

#[test]
fn what_is_sent_is_what_is_signed() {
    let keep = Keep::default();
    let c = client(&keep, None);
    let arn = "arn:aws:connect:us-west-2:123456789012:instance/abc/queue/q 1";
    block_on(c.tag_resource(TagResourceRequest::new(
        arn,
        BTreeMap::from([("team".to_string(), "blue".to_string())]),
    )))
    .unwrap();
    block_on(c.untag_resource(UntagResourceRequest::new(
        arn,
        vec!["team".into(), "cost center".into()],
    )))
    .unwrap();
    block_on(c.describe_instance(DescribeInstanceRequest::new("i-1")))
        .unwrap_or_else(|e| panic!("{e}"));
    let sent = keep.0.lock().unwrap();
    assert_eq!(sent.len(), 3);
    for r in sent.iter() {
        assert_eq!(r.uri().scheme_str(), Some("https"));
        assert_eq!(r.headers()["host"], "connect.us-west-2.amazonaws.com");
        assert_eq!(r.headers()["x-amz-date"], "20150830T123600Z");
        let auth = r.headers()["authorization"].to_str().unwrap();
        assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/connect/aws4_request, SignedHeaders="), "{auth}");
        assert!(!auth.contains("wJalr"), "the secret is never sent");
        resigned_matches(r, None);
    }
    // The ARN is one label (its `/` encoded), the list repeats its key.
    assert!(
        sent[0].uri().path().starts_with(
            "/tags/arn%3Aaws%3Aconnect%3Aus-west-2%3A123456789012%3Ainstance%2Fabc%2Fqueue%2Fq%201"
        ),
        "{}",
        sent[0].uri()
    );
    assert_eq!(
        sent[1].uri().query(),
        Some("tagKeys=team&tagKeys=cost%20center")
    );
    assert!(sent[2].body().is_empty(), "DescribeInstance has no body");
    assert!(!sent[0].body().is_empty());
}

#[test]
fn session_tokens_are_sent_and_signed() {
    let keep = Keep::default();
    let c = client(&keep, Some("AQoDYXdzEPT//////////wEXAMPLEtoken"));
    block_on(c.describe_instance(DescribeInstanceRequest::new("i-1"))).unwrap();
    let sent = keep.0.lock().unwrap();
    assert_eq!(
        sent[0].headers()["x-amz-security-token"],
        "AQoDYXdzEPT//////////wEXAMPLEtoken"
    );
    resigned_matches(&sent[0], Some("AQoDYXdzEPT//////////wEXAMPLEtoken"));
}

#[test]
fn signed_client_uses_the_region_endpoint_unless_given_one() {
    let keep = Keep::default();
    let c = signed_client(keep.clone(), "eu-central-1", None, credentials(None)).unwrap();
    block_on(c.describe_instance(DescribeInstanceRequest::new("i-1"))).unwrap();
    let c = signed_client(
        keep.clone(),
        "eu-central-1",
        Some("https://localhost:8443/base"),
        credentials(None),
    )
    .unwrap();
    block_on(c.describe_instance(DescribeInstanceRequest::new("i-1"))).unwrap();
    let sent = keep.0.lock().unwrap();
    assert_eq!(
        sent[0].uri().to_string(),
        "https://connect.eu-central-1.amazonaws.com/instance/i-1"
    );
    assert_eq!(
        sent[1].uri().to_string(),
        "https://localhost:8443/base/instance/i-1"
    );
    assert!(
        sent[1].headers()["authorization"]
            .to_str()
            .unwrap()
            .contains("/eu-central-1/connect/aws4_request")
    );
}

#[test]
fn missing_credentials_fail_the_call_without_sending() {
    let keep = Keep::default();
    let c = signed_client(
        keep.clone(),
        "us-east-1",
        None,
        aws::ProfileCredentials {
            profile: Some("no-such-profile-anywhere".into()),
        },
    )
    .unwrap();
    let e = block_on(c.describe_instance(DescribeInstanceRequest::new("i-1"))).unwrap_err();
    assert!(e.to_string().contains("no credentials"), "{e}");
    assert!(keep.0.lock().unwrap().is_empty());
}

#[test]
fn endpoints_come_from_the_model_rules() {
    use connect::endpoints::{EndpointSettings, resolve_endpoint};
    let settings = |region: &str, fips: bool, dual: bool| EndpointSettings {
        region: Some(region.into()),
        use_fips: fips,
        use_dual_stack: dual,
        endpoint: None,
    };
    assert_eq!(
        resolve_endpoint(&settings("us-east-1", false, false))
            .unwrap()
            .url,
        "https://connect.us-east-1.amazonaws.com"
    );
    assert_eq!(
        resolve_endpoint(&settings("us-east-1", true, false))
            .unwrap()
            .url,
        "https://connect-fips.us-east-1.amazonaws.com"
    );
    assert_eq!(
        resolve_endpoint(&settings("us-east-1", true, true))
            .unwrap()
            .url,
        "https://connect-fips.us-east-1.api.aws"
    );
    assert_eq!(
        resolve_endpoint(&settings("cn-north-1", false, false))
            .unwrap()
            .url,
        "https://connect.cn-north-1.amazonaws.com.cn"
    );
    let e = resolve_endpoint(&EndpointSettings {
        endpoint: Some("https://localhost".into()),
        ..settings("us-east-1", true, false)
    })
    .unwrap_err();
    assert_eq!(
        e,
        "Invalid Configuration: FIPS and custom endpoint are not supported"
    );

    // The client sends where the rules say.
    let keep = Keep::default();
    let c = signed_client_with(
        keep.clone(),
        &settings("us-gov-west-1", true, false),
        credentials(None),
    )
    .unwrap();
    block_on(c.describe_instance(DescribeInstanceRequest::new("i-1"))).unwrap();
    let sent = keep.0.lock().unwrap();
    // In GovCloud the rules send FIPS calls to the regular host (as the model's own tests say).
    assert_eq!(
        sent[0].uri().host(),
        Some("connect.us-gov-west-1.amazonaws.com")
    );
    assert!(
        sent[0].headers()["authorization"]
            .to_str()
            .unwrap()
            .contains("/us-gov-west-1/connect/aws4_request")
    );
    let e = signed_client_with(
        keep.clone(),
        &EndpointSettings {
            region: None,
            ..Default::default()
        },
        credentials(None),
    )
    .unwrap_err();
    assert!(e.to_string().contains("Missing Region"), "{e}");
}
