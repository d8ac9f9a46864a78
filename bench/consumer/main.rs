//! An application of one operation: StartChatContact through the generated
//! client, over an in-process transport that answers with a canned body.
//! bench/consumer.sh measures what building it costs on top of the crate
//! (the crate's generic and `#[inline]` code this program reaches).

use std::future::Future;
use std::task::{Context, Poll, Waker};

use connect::runtime::http;
use connect::runtime::rest::{Transport, TransportError};
use connect::{Client, Connect, ParticipantDetails, StartChatContactRequest};

/// Answers every request with one StartChatContact response.
struct Canned;

impl Transport for Canned {
    fn send(
        &self,
        _request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, TransportError>> + Send {
        let body = br#"{"ContactId":"c-1","ParticipantId":"p-1","ParticipantToken":"t-1"}"#;
        std::future::ready(Ok(http::Response::new(body.to_vec())))
    }
}

fn main() {
    let client = Client::new(Canned);
    let request = StartChatContactRequest::new("instance-1", "flow-1", ParticipantDetails::new("Jane"));
    let call = std::pin::pin!(client.start_chat_contact(request));
    // The transport answers at once, so one poll finishes the call.
    match call.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(Ok(chat)) => println!("contact {:?}", chat.contact_id),
        Poll::Ready(Err(e)) => println!("error: {e}"),
        Poll::Pending => println!("pending"),
    }
}
