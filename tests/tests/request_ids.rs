//! Request ids: the `x-amzn-RequestId` of a response is on every error
//! (and in its `Display`) and, through `call_with_request_id`, beside every
//! output.

use connect::operations::{DescribeInstance, DescribeInstanceError};
use connect::runtime::http;
use connect::runtime::rest::{Error, Transport, TransportError};
use connect::*;
use connect_tests::block_on;

/// Answers every request with one status, body and request id.
struct Answer(u16, &'static str, Option<&'static str>);

impl Transport for Answer {
    async fn send(
        &self,
        _: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let mut b = http::Response::builder().status(self.0);
        if let Some(id) = self.2 {
            b = b.header("x-amzn-RequestId", id);
        }
        if self.0 >= 400 {
            b = b.header("x-amzn-errortype", "ResourceNotFoundException");
        }
        Ok(b.body(self.1.as_bytes().to_vec()).unwrap())
    }
}

#[test]
fn errors_carry_the_request_id() {
    let c = Client::new(Answer(
        404,
        r#"{"Message":"no such instance"}"#,
        Some("4f2a-req"),
    ));
    let e = block_on(c.describe_instance(DescribeInstanceRequest::new("i-1"))).unwrap_err();
    assert_eq!(e.request_id(), Some("4f2a-req"));
    assert!(e.to_string().ends_with("(request id 4f2a-req)"), "{e}");
    assert!(
        matches!(
            e.service_error(),
            Some(DescribeInstanceError::ResourceNotFoundException(_))
        ),
        "{e}"
    );
    let Error::Service { request_id, .. } = e else {
        panic!()
    };
    assert_eq!(request_id.as_deref(), Some("4f2a-req"));
    // Without the header there is none, and Display says nothing of it.
    let c = Client::new(Answer(404, "{}", None));
    let e = block_on(c.describe_instance(DescribeInstanceRequest::new("i-1"))).unwrap_err();
    assert_eq!(e.request_id(), None);
    assert!(!e.to_string().contains("request id"), "{e}");
}

#[test]
fn outputs_come_with_the_request_id() {
    let c = Client::new(Answer(200, r#"{"Instance":{"Id":"i-1"}}"#, Some("77-ok")));
    let r =
        block_on(c.call_with_request_id::<DescribeInstance>(DescribeInstanceRequest::new("i-1")))
            .unwrap();
    assert_eq!(r.request_id.as_deref(), Some("77-ok"));
    assert_eq!(r.output.instance.and_then(|i| i.id).as_deref(), Some("i-1"));
}
