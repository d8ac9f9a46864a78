//! Paginators (the `paginators` feature): the pages of a `@paginated`
//! operation, one call each, following its output token into the next
//! call's input token; as an async [`Stream`] of pages or of items, or page
//! by page with [`Paginator::next_page`]. Paging stops when the service
//! returns no token, an empty one, or the token it was just given.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub use futures_core::Stream;

use crate::rest::{Error, Handler, OperationShape};

/// A `@paginated` operation (generated for each one).
pub trait Paginated: OperationShape {
    /// What a page lists (the `items` member's items; the output itself
    /// when the operation names no `items`).
    type Item: Send + 'static;
    /// Sets the input token (`None`: the first page).
    fn set_token(input: &mut Self::Input, token: Option<String>);
    /// The output's token for the next page.
    fn next_token(output: &Self::Output) -> Option<&str>;
    /// The page's items.
    fn items(output: Self::Output) -> Vec<Self::Item>;
}

/// One page's result.
pub type Page<O> = Result<<O as OperationShape>::Output, Error<<O as OperationShape>::Error>>;

/// The pages of one paginated call.
pub struct Paginator<'h, H, O: Paginated> {
    handler: &'h H,
    input: O::Input,
    state: State,
}

enum State {
    First,
    Next(String),
    Done,
}

impl<'h, H: Handler, O: Paginated> Paginator<'h, H, O>
where
    O::Input: Clone,
{
    /// Pages `input` through `handler` (a `Client`, or any implementation).
    pub fn new(handler: &'h H, input: O::Input) -> Self {
        Paginator {
            handler,
            input,
            state: State::First,
        }
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next_page(&mut self) -> Option<Page<O>> {
        let sent = match std::mem::replace(&mut self.state, State::Done) {
            State::Done => return None,
            State::First => None,
            State::Next(token) => Some(token),
        };
        let mut input = self.input.clone();
        O::set_token(&mut input, sent.clone());
        let result = self.handler.handle::<O>(input).await;
        if let Ok(output) = &result
            && let Some(next) =
                O::next_token(output).filter(|t| !t.is_empty() && Some(*t) != sent.as_deref())
        {
            self.state = State::Next(next.to_string());
        }
        Some(result)
    }

    /// The pages as a stream.
    pub fn pages(self) -> Pages<'h, H, O>
    where
        H: Sync,
    {
        Pages {
            paginator: Some(self),
            pending: None,
        }
    }

    /// The items of every page as a stream (an error ends it).
    pub fn items(self) -> Items<'h, H, O>
    where
        H: Sync,
    {
        Items {
            pages: self.pages(),
            buffer: VecDeque::new(),
        }
    }
}

type Pending<'h, H, O> =
    Pin<Box<dyn Future<Output = (Paginator<'h, H, O>, Option<Page<O>>)> + Send + 'h>>;

/// The pages of a [`Paginator`], as a [`Stream`].
pub struct Pages<'h, H, O: Paginated> {
    paginator: Option<Paginator<'h, H, O>>,
    pending: Option<Pending<'h, H, O>>,
}

// Nothing in either stream is pinned in place (the pending call is boxed).
impl<H, O: Paginated> Unpin for Pages<'_, H, O> {}
impl<H, O: Paginated> Unpin for Items<'_, H, O> {}

impl<'h, H: Handler + Sync, O: Paginated + 'h> Stream for Pages<'h, H, O>
where
    O::Input: Clone + Sync,
{
    type Item = Page<O>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Page<O>>> {
        let this = self.get_mut();
        if this.pending.is_none() {
            let Some(mut paginator) = this.paginator.take() else {
                return Poll::Ready(None);
            };
            this.pending = Some(Box::pin(async move {
                let page = paginator.next_page().await;
                (paginator, page)
            }));
        }
        let Some(pending) = this.pending.as_mut() else {
            return Poll::Ready(None);
        };
        match pending.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready((paginator, page)) => {
                this.pending = None;
                this.paginator = Some(paginator);
                Poll::Ready(page)
            }
        }
    }
}

/// The items of every page of a [`Paginator`], as a [`Stream`].
pub struct Items<'h, H, O: Paginated> {
    pages: Pages<'h, H, O>,
    buffer: VecDeque<O::Item>,
}

impl<'h, H: Handler + Sync, O: Paginated + 'h> Stream for Items<'h, H, O>
where
    O::Input: Clone + Sync,
{
    type Item = Result<O::Item, Error<O::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => {
                    this.pages.paginator = None;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(Some(Ok(output))) => this.buffer.extend(O::items(output)),
            }
        }
    }
}
