//! What the runtime's test binaries share.

use std::sync::Arc;

/// Runs a future that never waits on I/O (a fake transport, no real
/// sleeps) to its end on this thread, with a waker that does nothing.
pub fn block_on<F: Future>(future: F) -> F::Output {
    struct Ignore;
    impl std::task::Wake for Ignore {
        fn wake(self: Arc<Self>) {}
    }
    let waker = std::task::Waker::from(Arc::new(Ignore));
    let mut cx = std::task::Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}
