//! The harness every suite's test binary shares: `suite!(crate, "service ID")`
//! expands to the test's `main`, which runs the service's request, response
//! and malformed-request cases against the generated crate `crate`.

/// Defines `main` for the suite of the service given, against the generated crate given.
#[macro_export]
macro_rules! suite {
    ($krate:ident, $service:literal) => {
        use std::sync::Mutex;

        use ::protocol_tests::{Case, Side};
        use serde_json::Value;
        use $krate::runtime::json::{self, FromJson};
        use $krate::runtime::rest::{
            self as rt, Error, Handler, OperationShape, OperationVisitor, ServerError,
            ServerOperation, ServerOperationVisitor, ServiceError,
        };

        /// The idempotency token the suite expects a client to generate.
        const TOKEN: &str = "00000000-0000-4000-8000-000000000000";

        /// Records the operation and input a request reached, answers 501.
        #[derive(Default)]
        struct Recorder(Mutex<Option<(&'static str, String)>>);

        impl Handler for Recorder {
            fn handle<O: OperationShape>(
                &self,
                input: O::Input,
            ) -> impl Future<Output = Result<O::Output, Error<O::Error>>> + Send {
                *self.0.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((O::SPEC.name, json::to_string(&input)));
                std::future::ready(Err(rt::not_implemented()))
            }
        }

        /// One case, with what it needs from the model.
        struct Run<'a> {
            case: &'a Case,
            model: &'a Value,
            /// Whether `@jsonName` applies (restJson1, not awsJson).
            json_names: bool,
            /// Whether the server routes by `X-Amz-Target` (awsJson).
            routes_by_target: bool,
            result: Option<Result<(), String>>,
        }

        impl Run<'_> {
            /// The shape ID of the operation's input or output (`smithy.api#Unit` when none).
            fn io(&self, which: &str) -> String {
                protocol_tests::io(self.model, self.case, which)
            }

            /// The case's `params` as a value of the generated type for `shape`.
            fn typed<T: FromJson>(&self, shape: &str) -> Result<T, String> {
                let wire = protocol_tests::params_to_wire(
                    self.model,
                    self.json_names,
                    shape,
                    &self.case.body["params"],
                );
                json::from_slice_lenient::<T>(wire.to_string().as_bytes())
                    .map(|(v, _)| v)
                    .map_err(|e| format!("the case's params do not read as `{shape}`: {e}"))
            }

            /// The error value a response test of an error describes.
            fn error<E: ServiceError>(&self, error: &str) -> E {
                let wire = protocol_tests::params_to_wire(
                    self.model,
                    self.json_names,
                    error,
                    &self.case.body["params"],
                );
                let code = error.split('#').nth(1).unwrap_or(error);
                let status = self.case.body["code"]
                    .as_u64()
                    .and_then(|c| u16::try_from(c).ok())
                    .unwrap_or(400);
                E::from_code(code, None, status, wire.to_string().as_bytes())
            }

            fn client<O: OperationShape>(&self) -> Result<(), String> {
                let c = &self.case.body;
                if self.case.kind.starts_with("httpRequestTests") {
                    let mut input: O::Input = self.typed(&self.io("input"))?;
                    O::fill_idempotency_tokens(&mut input, &mut || TOKEN.to_string());
                    let mut request = O::serialize_request(&input)
                        .map_err(|e| format!("the request cannot be built: {e}"))?;
                    if let Some(host) = c["host"].as_str() {
                        let endpoint = rt::Endpoint::new(&format!("https://{host}"))
                            .map_err(|e| format!("the case's host: {e}"))?;
                        endpoint
                            .place(&mut request)
                            .map_err(|e| format!("the request at {host}: {e}"))?;
                    }
                    return protocol_tests::check_request(c, &request);
                }
                let response = protocol_tests::response_of(c)?;
                let parsed = rt::parse_response::<O>(&response);
                match (&self.case.error, parsed) {
                    (None, Ok(output)) => {
                        let want: O::Output = self.typed(&self.io("output"))?;
                        same(&json::to_string(&output), &json::to_string(&want))
                    }
                    (Some(e), Err(Error::Service { error: got, .. })) => {
                        let want: O::Error = self.error(e);
                        same(&format!("{got:?}"), &format!("{want:?}"))
                    }
                    (_, Ok(output)) => {
                        Err(format!("parsed as an output: {}", json::to_string(&output)))
                    }
                    (_, Err(e)) => Err(format!("the response does not parse: {e}")),
                }
            }

            fn server<O: ServerOperation>(&self) -> Result<(), String> {
                let c = &self.case.body;
                if self.case.kind.starts_with("httpRequestTests") {
                    let mut request = protocol_tests::request_of_test(c)?;
                    if self.routes_by_target {
                        protocol_tests::add_target(&mut request, $service, &self.case.operation);
                    }
                    let recorder = Recorder::default();
                    let response = protocol_tests::block_on($krate::dispatch(&recorder, request));
                    let Some((op, got)) =
                        recorder.0.lock().unwrap_or_else(|p| p.into_inner()).take()
                    else {
                        return Err(format!(
                            "refused with {}: {}",
                            response.status(),
                            String::from_utf8_lossy(response.body())
                        ));
                    };
                    if op != O::SPEC.name {
                        return Err(format!("routed to {op}"));
                    }
                    let want: O::Input = self.typed(&self.io("input"))?;
                    return same(&got, &json::to_string(&want));
                }
                let response = match &self.case.error {
                    None => O::serialize_output(&self.typed::<O::Output>(&self.io("output"))?),
                    Some(e) => ServerError::to_response(&self.error::<O::Error>(e)),
                };
                if let Some(code) = c["code"].as_u64()
                    && u64::from(response.status().as_u16()) != code
                {
                    return Err(format!("status {} instead of {code}", response.status()));
                }
                protocol_tests::check_message(c, response.headers(), response.body())
            }
        }

        fn same(got: &str, want: &str) -> Result<(), String> {
            if got == want {
                Ok(())
            } else {
                Err(format!("got\n  {got}\ninstead of\n  {want}"))
            }
        }

        impl OperationVisitor for Run<'_> {
            fn visit<O: OperationShape>(&mut self) {
                if O::SPEC.name == self.case.operation {
                    self.result = Some(self.client::<O>());
                }
            }
        }

        impl ServerOperationVisitor for Run<'_> {
            fn visit<O: ServerOperation>(&mut self) {
                if O::SPEC.name == self.case.operation {
                    self.result = Some(self.server::<O>());
                }
            }
        }

        fn main() {
            let service = $service;
            let Some(paths) = protocol_tests::suite_paths() else {
                return;
            };
            let kinds = [
                "httpRequestTests",
                "httpResponseTests",
                "httpMalformedRequestTests",
            ];
            let suite =
                protocol_tests::load(&paths, service, &kinds).unwrap_or_else(|e| panic!("{e}"));
            let model = std::sync::Arc::new(suite.model);
            let json_names = protocol_tests::uses_json_names(&suite.protocol);
            let routes_by_target = protocol_tests::routes_by_target(&suite.protocol);
            protocol_tests::run_all(service, suite.cases, move |case| {
                if case.kind == "httpMalformedRequestTests" {
                    let request = protocol_tests::request(&case.body)?;
                    let response =
                        protocol_tests::block_on($krate::dispatch(&Recorder::default(), request));
                    return protocol_tests::check_response(&case.body, &response);
                }
                let mut run = Run {
                    case,
                    model: &model,
                    json_names,
                    routes_by_target,
                    result: None,
                };
                match case.side {
                    Side::Client => $krate::operations::visit_all(&mut run),
                    Side::Server => $krate::operations::visit_all_server(&mut run),
                }
                run.result.unwrap_or_else(|| {
                    Err(format!("the operation {} is not generated", case.operation))
                })
            });
        }
    };
}
