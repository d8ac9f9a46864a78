//! awsJson1_0 and awsJson1_1: every request is `POST /` with the operation
//! in `X-Amz-Target` (`<Service>.<Operation>`) and the input as a JSON
//! document; the output is the response's document; an error names its
//! shape in `__type`. The HTTP binding traits do not apply (lowering binds
//! every member to the body). The two versions differ in media type only.

use proc_macro2::TokenStream;
use quote::quote;

use super::wire::{OpCx, OperationWire, WireProtocol, method_call};
use crate::emit::common::ident;
use crate::ir::*;

/// An awsJson protocol.
pub struct AwsJson {
    /// The media type of its bodies (`application/x-amz-json-1.0`).
    media: &'static str,
    /// `@awsQueryCompatible`: clients send `x-amzn-query-mode`, servers name
    /// errors' awsQuery codes in `x-amzn-query-error`.
    query_compatible: bool,
    /// A server writes an error's shape ID in `__type` (awsJson1_0), else
    /// its name (awsJson1_1); clients read either. Each is what Smithy's
    /// suite of that version expects of a server.
    full_type: bool,
}

/// awsJson1_0.
pub const AWS_JSON_1_0: AwsJson = AwsJson::new(AwsJsonVersion::V1_0, false);
/// awsJson1_0 with `@awsQueryCompatible`.
pub const AWS_JSON_1_0_QUERY: AwsJson = AwsJson::new(AwsJsonVersion::V1_0, true);
/// awsJson1_1.
pub const AWS_JSON_1_1: AwsJson = AwsJson::new(AwsJsonVersion::V1_1, false);
/// awsJson1_1 with `@awsQueryCompatible`.
pub const AWS_JSON_1_1_QUERY: AwsJson = AwsJson::new(AwsJsonVersion::V1_1, true);

impl AwsJson {
    /// The protocol of this version.
    const fn new(version: AwsJsonVersion, query_compatible: bool) -> AwsJson {
        AwsJson {
            media: version.media_type(),
            full_type: matches!(version, AwsJsonVersion::V1_0),
            query_compatible,
        }
    }

    /// The runtime's description of this protocol.
    fn runtime_value(&self) -> TokenStream {
        let (media, query) = (self.media, self.query_compatible);
        quote! { rt::Protocol::AwsJson { media_type: #media, query_compatible: #query } }
    }
}

impl WireProtocol for AwsJson {
    fn route_text(&self, _service: &Service, op: &Operation) -> String {
        format!("`X-Amz-Target: {}`", op.target)
    }

    fn operation(&self, cx: &OpCx<'_>) -> OperationWire {
        let op = cx.op;
        let (name, target, media) = (&op.name, &op.target, self.media);
        let mut build: Vec<TokenStream> = super::wire::host_prefix(cx).into_iter().collect();
        build.push(quote! { r.aws_json(#target, #media); });
        if self.query_compatible {
            build.push(quote! { r.fixed_header("x-amzn-query-mode", "true"); });
        }
        // Without an input the body is `{}`, as the protocol asks of clients.
        let input_param = if cx.has_input() {
            build.push(quote! { r.json_body_of(input); });
            quote! { input }
        } else {
            quote! { _input }
        };
        let read_output = if cx.has_output() {
            quote! { rt::parse_json_output(response) }
        } else {
            // A client ignores whatever document comes back.
            quote! { let _ = response; Ok(()) }
        };
        let read_input = if cx.has_input() {
            quote! { let _ = bindings; rt::read_body_input(request.body()) }
        } else {
            quote! { let _ = (request, bindings); Ok(()) }
        };
        let write_output = if cx.has_output() {
            quote! { rt::aws_json_response(#media, Some(rt::json::to_string(output))) }
        } else {
            quote! { let _ = output; rt::aws_json_response(#media, None) }
        };
        let protocol = self.runtime_value();
        OperationWire {
            spec: quote! {
                rt::Operation { name: #name, method: "POST", uri: "/", code: 200, request_media: Some(#media), response_media: Some(#media) }
            },
            request: (input_param, build),
            read_output,
            read_input,
            write_output,
            shape_items: quote! { const PROTOCOL: rt::Protocol = #protocol; },
        }
    }

    fn error_response(&self, _service: &Service, s: &NamedShape) -> TokenStream {
        let v = ident(&s.rust_name);
        let error_type = if self.full_type {
            s.id.as_str()
        } else {
            s.id.name()
        };
        let media = self.media;
        // A query-compatible service also names the error's awsQuery code and fault.
        let query = match (&s.kind, self.query_compatible) {
            (
                ShapeKind::Structure(Structure {
                    error: Some(info), ..
                }),
                true,
            ) => match &info.query_code {
                Some(code) => {
                    let fault = match info.fault {
                        Fault::Client => "Sender",
                        Fault::Server => "Receiver",
                    };
                    let header = format!("{code};{fault}");
                    quote! { Some(#header) }
                }
                None => quote! { None },
            },
            _ => quote! { None },
        };
        quote! {
            Self::#v(e) => rt::aws_json_error(crate::#v::HTTP_STATUS, #error_type, #media, #query, rt::json::to_string(e))
        }
    }

    fn error_from_response(&self, _errors: &[&NamedShape]) -> TokenStream {
        quote! {}
    }

    fn route(&self, service: &Service) -> TokenStream {
        let arms = service.operations.iter().map(|op| {
            let op_ident = ident(&op.type_name);
            let target = &op.target;
            let call = method_call(op);
            quote! {
                #target => Box::pin(rt::serve::<crate::operations::#op_ident, _, _>(request, Default::default(), #call)),
            }
        });
        let protocol = self.runtime_value();
        quote! {
            let target = rt::aws_json_target(request);
            match target {
                #(#arms)*
                _ => Box::pin(std::future::ready(rt::unknown_operation(#protocol))),
            }
        }
    }

    fn unhandled_response(&self) -> TokenStream {
        let protocol = self.runtime_value();
        quote! { #protocol.unhandled_response(u) }
    }

    fn admit(&self) -> TokenStream {
        let protocol = self.runtime_value();
        quote! { rt::admit_as(&mut request, limits, #protocol) }
    }

    fn runtime_protocol(&self) -> TokenStream {
        self.runtime_value()
    }

    fn routing_doc(&self) -> &'static str {
        "picks the operation its `X-Amz-Target` names"
    }

    fn unknown_doc(&self) -> &'static str {
        "Another target, or a request that is not `POST /`, gets 400 `UnknownOperationException`."
    }
}
