//! Paginators (the crate's `paginators` feature) over a fake service: the
//! output token goes back as the next input token, pages and items come as
//! streams, and paging stops on a missing, empty or repeated token or an error.

use std::collections::BTreeMap;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use connect::operations::ListQueues;
use connect::runtime::json;
use connect::runtime::paginate::Stream;
use connect::runtime::rest::{self, Error, Handler, OperationShape};
use connect::*;
use connect_tests::block_on;
use serde_json::{Value, json};

/// Answers ListQueues from a table of pages by token, recording the tokens it got.
struct Pages {
    by_token: BTreeMap<String, Value>,
    seen: Mutex<Vec<Option<String>>>,
}

impl Pages {
    fn new(pages: &[(&str, Value)]) -> Self {
        Pages {
            by_token: pages
                .iter()
                .map(|(t, v)| (t.to_string(), v.clone()))
                .collect(),
            seen: Mutex::new(Vec::new()),
        }
    }
}

impl Handler for Pages {
    fn handle<O: OperationShape>(
        &self,
        input: O::Input,
    ) -> impl Future<Output = Result<O::Output, Error<O::Error>>> + Send {
        let sent: Value = serde_json::from_str(&json::to_string(&input)).unwrap();
        let token = sent["NextToken"].as_str().map(str::to_string);
        self.seen.lock().unwrap().push(token.clone());
        let answer = match self.by_token.get(token.as_deref().unwrap_or("")) {
            Some(page) => Ok(json::from_slice::<O::Output>(page.to_string().as_bytes()).unwrap()),
            None => Err(rest::not_implemented()),
        };
        std::future::ready(answer)
    }
}

fn queue(id: &str) -> Value {
    json!({"Id": id})
}

/// Polls a stream to its end.
fn collect<S: Stream + Unpin>(mut s: S) -> Vec<S::Item> {
    let mut out = Vec::new();
    let waker = std::task::Waker::noop();
    let mut cx = Context::from_waker(waker);
    loop {
        match Pin::new(&mut s).poll_next(&mut cx) {
            Poll::Ready(Some(x)) => out.push(x),
            Poll::Ready(None) => return out,
            Poll::Pending => {}
        }
    }
}

#[test]
fn tokens_are_followed_page_by_page() {
    let fake = Pages::new(&[
        (
            "",
            json!({"QueueSummaryList": [queue("a"), queue("b")], "NextToken": "t1"}),
        ),
        (
            "t1",
            json!({"QueueSummaryList": [queue("c")], "NextToken": "t2"}),
        ),
        ("t2", json!({"QueueSummaryList": [queue("d")]})),
    ]);
    let mut pages = ListQueues::paginate(&fake, ListQueuesRequest::new("i-1").with_max_results(2));
    let mut n = 0;
    while let Some(page) = block_on(pages.next_page()) {
        page.unwrap();
        n += 1;
    }
    assert_eq!(n, 3);
    assert_eq!(
        *fake.seen.lock().unwrap(),
        [None, Some("t1".into()), Some("t2".into())]
    );
}

#[test]
fn items_stream_across_pages() {
    let fake = Pages::new(&[
        (
            "",
            json!({"QueueSummaryList": [queue("a"), queue("b")], "NextToken": "t1"}),
        ),
        ("t1", json!({"QueueSummaryList": [], "NextToken": "t2"})),
        (
            "t2",
            json!({"QueueSummaryList": [queue("c")], "NextToken": ""}),
        ),
    ]);
    let items = collect(ListQueues::paginate(&fake, ListQueuesRequest::new("i-1")).items());
    let ids: Vec<String> = items.into_iter().map(|q| q.unwrap().id.unwrap()).collect();
    assert_eq!(
        ids,
        ["a", "b", "c"],
        "an empty page is skipped; an empty token ends"
    );
    let pages = collect(ListQueues::paginate(&fake, ListQueuesRequest::new("i-1")).pages());
    assert_eq!(pages.len(), 3);
}

#[test]
fn a_repeated_token_ends_paging() {
    let fake = Pages::new(&[
        (
            "",
            json!({"QueueSummaryList": [queue("a")], "NextToken": "t1"}),
        ),
        (
            "t1",
            json!({"QueueSummaryList": [queue("b")], "NextToken": "t1"}),
        ),
    ]);
    let items = collect(ListQueues::paginate(&fake, ListQueuesRequest::new("i-1")).items());
    assert_eq!(items.len(), 2);
    assert_eq!(fake.seen.lock().unwrap().len(), 2, "t1 is not sent twice");
}

#[test]
fn an_error_ends_the_stream() {
    let fake = Pages::new(&[(
        "",
        json!({"QueueSummaryList": [queue("a")], "NextToken": "gone"}),
    )]);
    let items = collect(ListQueues::paginate(&fake, ListQueuesRequest::new("i-1")).items());
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert!(
        items[1]
            .as_ref()
            .is_err_and(|e| e.to_string().contains("NotImplemented")),
        "{:?}",
        items[1]
    );
}

#[test]
fn the_client_pages_over_http() {
    // A Client is a Handler: paging goes through its transport.
    struct Serve(Pages);
    impl connect::runtime::rest::Transport for Serve {
        async fn send(
            &self,
            request: connect::runtime::http::Request<Vec<u8>>,
        ) -> Result<connect::runtime::http::Response<Vec<u8>>, connect::runtime::rest::TransportError>
        {
            Ok(connect::dispatch(&self.0, request).await)
        }
    }
    let client = Client::new(Serve(Pages::new(&[
        (
            "",
            json!({"QueueSummaryList": [queue("a")], "NextToken": "t1"}),
        ),
        ("t1", json!({"QueueSummaryList": [queue("b")]})),
    ])));
    let items = collect(ListQueues::paginate(&client, ListQueuesRequest::new("i-1")).items());
    assert_eq!(items.len(), 2);
    let Serve(fake) = client.transport();
    assert_eq!(*fake.seen.lock().unwrap(), [None, Some("t1".into())]);
}
