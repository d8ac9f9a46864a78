//! Smithy's `RestJsonValidation` service: every `httpMalformedRequestTests`
//! case (125 once parameters are expanded) sent to the generated crate's
//! `dispatch`, which must answer exactly as the case says (status, headers,
//! `ValidationException` body). Run with `cargo test -p protocol-tests`.

use rest_json_validation::runtime::rest::{Error, Handler, OperationShape};

/// Implements nothing: a malformed request must be refused before it gets here.
struct Never;

impl Handler for Never {
    fn handle<O: OperationShape>(&self, _input: O::Input) -> impl Future<Output = Result<O::Output, Error<O::Error>>> + Send {
        std::future::ready(Err(rest_json_validation::runtime::rest::not_implemented()))
    }
}

fn block_on<F: Future>(future: F) -> F::Output {
    struct Ignore;
    impl std::task::Wake for Ignore {
        fn wake(self: std::sync::Arc<Self>) {}
    }
    let waker = std::task::Waker::from(std::sync::Arc::new(Ignore));
    let mut cx = std::task::Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

fn main() {
    let service = "aws.protocoltests.restjson.validation#RestJsonValidation";
    let Some(paths) = protocol_tests::suite_paths() else { return };
    let cases = protocol_tests::cases(&paths, service, &["httpMalformedRequestTests"]).unwrap_or_else(|e| panic!("{e}"));
    protocol_tests::run_all(service, cases, |case| {
        let request = protocol_tests::request(&case.body)?;
        let response = block_on(rest_json_validation::dispatch(&Never, request));
        protocol_tests::check_response(&case.body, &response)
    });
}
