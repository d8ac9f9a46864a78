//! restJson1: members bound to the URI, query string, headers and status by
//! the HTTP binding traits, the rest in a JSON body; errors named by
//! `X-Amzn-Errortype`; a server routes by method and URI template.

use proc_macro2::TokenStream;
use quote::quote;

use super::wire::{OpCx, OperationWire, WireProtocol, error_members, method_call, value_ref};
use crate::emit::common::*;
use crate::ir::*;

/// The restJson1 protocol.
pub struct RestJson1;

impl WireProtocol for RestJson1 {
    fn route_text(&self, _service: &Service, op: &Operation) -> String {
        format!("`{} {}`", op.http.method, op.http.uri)
    }

    fn operation(&self, cx: &OpCx<'_>) -> OperationWire {
        let (op, ins, outs) = (cx.op, cx.ins, cx.outs);
        let (input, output) = (&cx.input, &cx.output);
        let (name, method, uri, code) = (
            &op.name,
            op.http.method.as_str(),
            &op.http.uri,
            op.http.code,
        );
        let input_root = quote! { input };
        let output_root = quote! { output };

        // Client side: the request.
        let mut build: Vec<TokenStream> = super::wire::host_prefix(cx).into_iter().collect();
        for m in ins {
            let f = ident(&m.rust_name);
            let value = value_ref(m, &input_root);
            match &m.binding {
                Binding::Label => {
                    let label = &m.name;
                    let fmt = ts_format(m, TimestampFormat::DateTime);
                    let text = if m.presence == Presence::Optional {
                        quote! { &input.#f.as_ref().map(|v| rt::HttpValue::http_text(v, #fmt)).unwrap_or_default() }
                    } else {
                        quote! { &rt::HttpValue::http_text(&input.#f, #fmt) }
                    };
                    // A customization may send the label its own way (Glacier's account ID).
                    match cx.decorators.iter().find_map(|d| d.label(m, &text)) {
                        Some(custom) => build.push(custom),
                        None => build.push(quote! { r.label(#label, #text)?; }),
                    }
                }
                Binding::Query(q) => {
                    let fmt = ts_format(m, TimestampFormat::DateTime);
                    if is_list(m) {
                        build.push(quote! { r.query_list(#q, #value, #fmt); });
                    } else {
                        build.push(quote! { r.query(#q, #value, #fmt); });
                    }
                }
                Binding::Payload => {
                    let media = payload_media(m).0;
                    build.push(match payload_kind(m) {
                        PayloadKind::Bytes => quote! { r.payload_bytes(#value, #media); },
                        PayloadKind::Text => quote! { r.payload_text(#value, #media); },
                        PayloadKind::Structure => quote! { r.payload_structure(#value); },
                        PayloadKind::Json => quote! { r.payload_json(#value); },
                    });
                }
                // Headers are written below, as a response's are; only outputs
                // carry a status, so an input member with the trait is sent nowhere.
                Binding::Header(_)
                | Binding::PrefixHeaders(_)
                | Binding::QueryParams
                | Binding::Body
                | Binding::ResponseCode => {}
            }
        }
        build.extend(header_writes(ins, &input_root, &quote! { r.headers() }));
        // Query maps last: a parameter an `@httpQuery` member sets wins.
        for m in ins.iter().filter(|m| m.binding == Binding::QueryParams) {
            let value = value_ref(m, &input_root);
            match &m.ty.kind {
                TyKind::Map(_, v) if matches!(v.kind, TyKind::List(_)) => {
                    build.push(quote! { r.query_params_lists(#value); })
                }
                _ => build.push(quote! { r.query_params(#value); }),
            }
        }
        let body_members: Vec<&Member> =
            ins.iter().filter(|m| m.binding == Binding::Body).collect();
        if !body_members.is_empty() && body_members.len() == ins.len() {
            // Every member is in the body: the input's own JSON form is the body.
            build.push(quote! { r.json_body_of(input); });
        } else if !body_members.is_empty() {
            let writes = body_members
                .iter()
                .map(|m| field_write(m, quote! { input }));
            build.push(quote! {
                let mut w = rt::json::JsonWriter::new();
                let mut o = w.object();
                #(#writes)*
                o.end();
                r.json_body(w);
            });
        }
        let input_param = if op.input.is_some() && !build.is_empty() {
            quote! { input }
        } else {
            quote! { _input }
        };
        // Client side: the response.
        let has_payload = |ms: &[Member]| ms.iter().any(|m| m.binding == Binding::Payload);
        let all_body = |ms: &[Member]| ms.iter().all(|m| m.binding == Binding::Body);
        let read_output = if op.output.is_some() && all_body(outs) {
            quote! { rt::parse_json_output(response) }
        } else if op.output.is_some() {
            let fields = outs.iter().map(|m| {
                if m.binding == Binding::ResponseCode {
                    let f = ident(&m.rust_name);
                    let read = if m.presence == Presence::Optional {
                        quote! { Some(i32::from(response.status().as_u16())) }
                    } else {
                        quote! { i32::from(response.status().as_u16()) }
                    };
                    return quote! { #f: #read };
                }
                member_read(
                    m,
                    &quote! { response.headers() },
                    &quote! { response.body() },
                )
            });
            let params = reader_params(outs);
            if has_payload(outs) {
                quote! { rt::read_payload_output(response, #params Ok(#output { #(#fields,)* })) }
            } else {
                quote! { rt::read_output(response, #params Ok(#output { #(#fields,)* })) }
            }
        } else {
            quote! { let _ = response; Ok(()) }
        };

        // Server side: the request.
        let read_input = if op.input.is_some() && all_body(ins) {
            quote! { let _ = bindings; rt::read_body_input(request.body()) }
        } else if op.input.is_some() {
            let fields = ins
                .iter()
                .map(|m| member_read(m, &quote! { request.headers() }, &quote! { request.body() }));
            let params = reader_params(ins);
            let uses_headers = ins
                .iter()
                .any(|m| matches!(m.binding, Binding::Header(_) | Binding::PrefixHeaders(_)));
            let uses_bindings = ins.iter().any(|m| {
                matches!(
                    m.binding,
                    Binding::Label | Binding::Query(_) | Binding::QueryParams
                )
            });
            let uses = match (uses_headers, uses_bindings) {
                (true, true) => quote! {},
                (true, false) => quote! { let _ = bindings; },
                (false, true) => quote! { let _ = request.headers(); },
                (false, false) => quote! { let _ = (request.headers(), bindings); },
            };
            if has_payload(ins) {
                quote! {
                    #uses
                    rt::read_payload_input(#params Ok(#input { #(#fields,)* }))
                }
            } else {
                // Without body members the body is not read at all.
                let body = if ins.iter().any(|m| m.binding == Binding::Body) {
                    quote! { request.body() }
                } else {
                    quote! { b"" }
                };
                quote! {
                    #uses
                    rt::read_input(#body, #params Ok(#input { #(#fields,)* }))
                }
            }
        } else {
            quote! { let _ = (request, bindings); Ok(()) }
        };

        // Server side: the response.
        let write_output = if op.output.is_some() && all_body(outs) {
            // Every member is in the body: the output's own JSON form is the body.
            quote! { rt::json_response(#code, &[], rt::json::to_string(output)) }
        } else if op.output.is_some() {
            let headers = header_writes(outs, &output_root, &quote! { headers });
            let status = match outs.iter().find(|m| m.binding == Binding::ResponseCode) {
                Some(m) => {
                    let f = ident(&m.rust_name);
                    let value = if m.presence == Presence::Optional {
                        quote! { output.#f }
                    } else {
                        quote! { Some(output.#f) }
                    };
                    quote! { rt::status_or(#value, #code) }
                }
                None => quote! { #code },
            };
            let h_pat = if headers.is_empty() {
                quote! { headers }
            } else {
                quote! { mut headers }
            };
            let head = quote! {
                let #h_pat = rt::Headers::default();
                #(#headers)*
            };
            if let Some(p) = outs.iter().find(|m| m.binding == Binding::Payload) {
                let body = payload_body(p, &output_root);
                quote! {
                    #head
                    rt::payload_response(#status, &headers, #body)
                }
            } else {
                let writes: Vec<TokenStream> = outs
                    .iter()
                    .filter(|m| m.binding == Binding::Body)
                    .map(|m| field_write(m, quote! { output }))
                    .collect();
                let o_pat = if writes.is_empty() {
                    quote! { o }
                } else {
                    quote! { mut o }
                };
                let unused = if writes.is_empty()
                    && headers.is_empty()
                    && !outs.iter().any(|m| m.binding == Binding::ResponseCode)
                {
                    quote! { let _ = output; }
                } else {
                    quote! {}
                };
                quote! {
                    #unused
                    let mut w = rt::json::JsonWriter::new();
                    let #o_pat = w.object();
                    #(#writes)*
                    o.end();
                    #head
                    rt::json_response_with(#status, &headers, w.into_string())
                }
            }
        } else {
            quote! { let _ = output; rt::empty_response(#code) }
        };
        let request_media = message_media(op.input.is_some(), ins);
        let response_media = message_media(op.output.is_some(), outs);
        OperationWire {
            spec: quote! {
                rt::Operation { name: #name, method: #method, uri: #uri, code: #code, request_media: #request_media, response_media: #response_media }
            },
            request: (input_param, build),
            read_output,
            read_input,
            write_output,
            shape_items: quote! {},
        }
    }

    fn error_response(&self, _service: &Service, s: &NamedShape) -> TokenStream {
        let v = ident(&s.rust_name);
        let members = error_members(s);
        if members.iter().all(|m| m.binding == Binding::Body) {
            return quote! { Self::#v(e) => rt::error_response(crate::#v::HTTP_STATUS, crate::#v::CODE, rt::json::to_string(e)) };
        }
        // Header-bound members go in headers, the others in the body.
        let headers = header_writes(members, &quote! { e }, &quote! { headers });
        let writes = members
            .iter()
            .filter(|m| m.binding == Binding::Body)
            .map(|m| field_write(m, quote! { e }));
        quote! {
            Self::#v(e) => {
                let mut headers = rt::Headers::default();
                #(#headers)*
                let mut w = rt::json::JsonWriter::new();
                let mut o = w.object();
                #(#writes)*
                o.end();
                rt::error_response_with(crate::#v::HTTP_STATUS, crate::#v::CODE, &headers, w.into_string())
            }
        }
    }

    fn error_from_response(&self, errs: &[&NamedShape]) -> TokenStream {
        // Errors with members bound to headers read them from the response.
        let header_reads: Vec<TokenStream> = errs
            .iter()
            .filter(|s| error_members(s).iter().any(|m| m.binding != Binding::Body))
            .map(|s| {
                let v = ident(&s.rust_name);
                let code = s.id.name();
                let sets = error_members(s).iter().filter_map(|m| {
                    let read = bound_read(m, &quote! { headers }, &quote! { body })?;
                    let f = ident(&m.rust_name);
                    let value = if m.presence == Presence::Optional {
                        quote! { Some(v) }
                    } else {
                        quote! { v }
                    };
                    Some(quote! { if let Ok(Some(v)) = #read { e.#f = #value; } })
                });
                quote! {
                    if code == #code && let Some(mut e) = rt::read_error::<crate::#v>(body) {
                        #(#sets)*
                        return Self::#v(e);
                    }
                }
            })
            .collect();
        if header_reads.is_empty() {
            return quote! {};
        }
        quote! {
            fn from_response(code: &str, message: Option<String>, status: u16, headers: &::smithy_runtime::http::HeaderMap, body: &[u8]) -> Self {
                #(#header_reads)*
                Self::from_code(code, message, status, body)
            }
        }
    }

    fn route(&self, service: &Service) -> TokenStream {
        let mut ops: Vec<&Operation> = service.operations.iter().collect();
        // Literal segments before labels before greedy labels, longer templates first.
        let key = |op: &Operation| {
            let path = op.http.uri.split('?').next().unwrap_or("");
            let segs: Vec<u8> = path
                .trim_start_matches('/')
                .split('/')
                .map(|s| {
                    if s.ends_with("+}") {
                        2
                    } else if s.starts_with('{') {
                        1
                    } else {
                        0
                    }
                })
                .collect();
            (segs, std::cmp::Reverse(path.len()), op.name.clone())
        };
        ops.sort_by_key(|op| key(op));
        let arms = ops.iter().map(|op| {
            let op_ident = ident(&op.type_name);
            let (m, uri) = (op.http.method.as_str(), &op.http.uri);
            let call = method_call(op);
            quote! {
                if request.method().as_str() == #m && let Some(labels) = rt::match_template(#uri, path) {
                    return Box::pin(rt::serve::<crate::operations::#op_ident, _, _>(request, labels, #call));
                }
            }
        });
        quote! {
            let path = request.uri().path();
            #(#arms)*
            Box::pin(std::future::ready(rt::not_found()))
        }
    }

    fn routing_doc(&self) -> &'static str {
        "routes it"
    }

    fn unknown_doc(&self) -> &'static str {
        "Unknown routes get 404."
    }
}

/// A member's timestamp format in an HTTP binding: its `@timestampFormat`
/// (the member's, else its target's; for a list in the query string or a
/// header, its items'; for a map, its values'), else the location's default.
fn ts_format(m: &Member, default: TimestampFormat) -> TokenStream {
    let ty = match &m.ty.kind {
        TyKind::List(item) => item,
        TyKind::Map(_, v) => match &v.kind {
            TyKind::List(item) => item,
            _ => v,
        },
        _ => &m.ty,
    };
    let v = timestamp_format_variant(ty.timestamp_format.unwrap_or(default));
    quote! { rt::TimestampFormat::#v }
}

/// How a payload member's value becomes the body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PayloadKind {
    /// A blob: the bytes.
    Bytes,
    /// A string or string enum: the text.
    Text,
    /// A structure: its JSON (unset: `{}`).
    Structure,
    /// A union or document: its JSON.
    Json,
}

fn payload_kind(m: &Member) -> PayloadKind {
    match &m.ty.kind {
        TyKind::Blob => PayloadKind::Bytes,
        TyKind::String
        | TyKind::Named(NamedRef {
            kind: NamedKind::Enum,
            ..
        }) => PayloadKind::Text,
        TyKind::Named(NamedRef {
            kind: NamedKind::Structure,
            ..
        }) => PayloadKind::Structure,
        _ => PayloadKind::Json,
    }
}

/// The media type a payload member is sent with, and the one a server
/// accepts (`*/*` for a blob without `@mediaType`: any).
fn payload_media(m: &Member) -> (String, String) {
    match (payload_kind(m), &m.ty.media_type) {
        (PayloadKind::Json | PayloadKind::Structure, _) => {
            ("application/json".into(), "application/json".into())
        }
        (_, Some(t)) => (t.clone(), t.clone()),
        (PayloadKind::Bytes, None) => ("application/octet-stream".into(), "*/*".into()),
        (PayloadKind::Text, None) => ("text/plain".into(), "text/plain".into()),
    }
}

/// The media type of a message with these members, as `rt::Operation`
/// records it: its payload's, JSON when it has body members (or is a
/// structure without members), else none (no structure, or every member
/// bound elsewhere).
fn message_media(exists: bool, members: &[Member]) -> TokenStream {
    if let Some(p) = members.iter().find(|m| m.binding == Binding::Payload) {
        let accepted = payload_media(p).1;
        return quote! { Some(#accepted) };
    }
    let json = exists && (members.is_empty() || members.iter().any(|m| m.binding == Binding::Body));
    if json {
        quote! { Some("application/json") }
    } else {
        quote! { None }
    }
}

/// Whether a header member holds a list.
fn is_list(m: &Member) -> bool {
    matches!(m.ty.kind, TyKind::List(_))
}

/// Whether a string header member is sent base64-encoded (`@mediaType`).
fn is_base64_header(m: &Member) -> bool {
    matches!(m.ty.kind, TyKind::String) && m.ty.media_type.is_some()
}

/// The expression that reads a member bound outside the JSON body
/// (`Result<Option<T>, DecodeError>`); `None` for body members (and the
/// status of a response, which the caller reads). `headers` and `body` are
/// the expressions of the message's header map and body bytes.
fn bound_read(m: &Member, headers: &TokenStream, body: &TokenStream) -> Option<TokenStream> {
    Some(match &m.binding {
        Binding::Body | Binding::ResponseCode => return None,
        Binding::Label => {
            let label = &m.name;
            let fmt = ts_format(m, TimestampFormat::DateTime);
            quote! { rt::read_label(bindings, #label, #fmt) }
        }
        Binding::Query(q) if is_list(m) => {
            let fmt = ts_format(m, TimestampFormat::DateTime);
            quote! { rt::read_query_list(bindings, #q, #fmt) }
        }
        Binding::Query(q) => {
            let fmt = ts_format(m, TimestampFormat::DateTime);
            quote! { rt::read_query(bindings, #q, #fmt) }
        }
        Binding::Header(h) => {
            let fmt = ts_format(m, TimestampFormat::HttpDate);
            if is_list(m) {
                quote! { rt::read_header_list(#headers, #h, #fmt) }
            } else if is_base64_header(m) {
                quote! { rt::read_header_base64(#headers, #h, #fmt) }
            } else {
                quote! { rt::read_header(#headers, #h, #fmt) }
            }
        }
        Binding::PrefixHeaders(p) => {
            let fmt = ts_format(m, TimestampFormat::HttpDate);
            quote! { rt::read_prefix_headers(#headers, #p, #fmt) }
        }
        Binding::QueryParams => {
            let fmt = ts_format(m, TimestampFormat::DateTime);
            match &m.ty.kind {
                TyKind::Map(_, v) if matches!(v.kind, TyKind::List(_)) => {
                    quote! { rt::read_query_params_lists(bindings, #fmt) }
                }
                _ => quote! { rt::read_query_params(bindings, #fmt) },
            }
        }
        // A required blob or text payload is there even when the body is empty.
        Binding::Payload => match (payload_kind(m), matches!(m.presence, Presence::Required)) {
            (PayloadKind::Bytes, true) => quote! { rt::payload_bytes_required(#body) },
            (PayloadKind::Bytes, false) => quote! { rt::payload_bytes(#body) },
            (PayloadKind::Text, true) => quote! { rt::payload_text_required(#body) },
            (PayloadKind::Text, false) => quote! { rt::payload_text(#body) },
            (PayloadKind::Structure, _) => quote! { rt::payload_structure(#body) },
            (PayloadKind::Json, _) => quote! { rt::payload_json(#body) },
        },
    })
}

/// A structure literal's field that reads member `m` where the protocol puts
/// it: from the JSON body `o` through the decoder `d`, or from its HTTP
/// binding only (a body key of the same name is an unknown key). A missing
/// required bound member is recorded like a missing body member.
fn member_read(m: &Member, headers: &TokenStream, body: &TokenStream) -> TokenStream {
    let f = ident(&m.rust_name);
    let read = match bound_read(m, headers, body) {
        None => crate::emit::structure::body_read(m),
        // A boxed member (a payload structure that closes a cycle) reads boxed.
        Some(read) if m.boxed => {
            let read = quote! { #read?.map(::std::boxed::Box::new) };
            match &m.presence {
                Presence::Required => {
                    let name = &m.name;
                    quote! { d.bound(#name, #read)? }
                }
                _ => read,
            }
        }
        Some(read) => match &m.presence {
            Presence::Optional => crate::emit::structure::with_server_default(m, quote! { #read? }),
            Presence::Required => {
                let name = &m.name;
                quote! { d.bound(#name, #read?)? }
            }
            Presence::Default(def) => {
                let fill = crate::emit::structure::fill_default(m, def);
                quote! { #read? #fill }
            }
        },
    };
    quote! { #f: #read }
}

/// `|o, d|` for a reading closure, with `_` for what it does not use
/// (`|d|` alone when the message has a payload and no JSON object).
fn reader_params(members: &[Member]) -> TokenStream {
    let body = members.iter().any(|m| m.binding == Binding::Body);
    let bound = |m: &&Member| !matches!(m.binding, Binding::Body | Binding::ResponseCode);
    let decoder = body
        || members.iter().filter(bound).any(|m| {
            m.presence == Presence::Required
                || (m.presence == Presence::Optional
                    && m.model_default.is_some()
                    && m.binding != Binding::Payload)
        });
    if members.iter().any(|m| m.binding == Binding::Payload) {
        return if decoder {
            quote! { |d| }
        } else {
            quote! { |_| }
        };
    }
    match (body, decoder) {
        (true, _) => quote! { |o, d| },
        (false, true) => quote! { |_, d| },
        (false, false) => quote! { |_, _| },
    }
}

/// Header writes of an output or input (`h` is an `rt::Headers`); prefix
/// maps last, so that a header a member binds by name wins.
fn header_writes(members: &[Member], root: &TokenStream, h: &TokenStream) -> Vec<TokenStream> {
    let (named, prefixed): (Vec<&Member>, Vec<&Member>) = members
        .iter()
        .partition(|m| !matches!(m.binding, Binding::PrefixHeaders(_)));
    named
        .into_iter()
        .chain(prefixed)
        .filter_map(|m| {
            let value = value_ref(m, root);
            Some(match &m.binding {
                Binding::Header(name) => {
                    let fmt = ts_format(m, TimestampFormat::HttpDate);
                    if is_list(m) {
                        quote! { #h.header_list(#name, #value, #fmt); }
                    } else if is_base64_header(m) {
                        quote! { #h.header_base64(#name, #value); }
                    } else {
                        quote! { #h.header(#name, #value, #fmt); }
                    }
                }
                Binding::PrefixHeaders(prefix) => quote! { #h.prefix_headers(#prefix, #value); },
                _ => return None,
            })
        })
        .collect()
}

/// The body of a message with a payload member, as `Option<(media type, bytes)>`.
fn payload_body(m: &Member, root: &TokenStream) -> TokenStream {
    let value = value_ref(m, root);
    let media = payload_media(m).0;
    match payload_kind(m) {
        PayloadKind::Bytes => quote! { #value.map(|v| (#media, v.clone())) },
        PayloadKind::Text => {
            quote! { #value.map(|v| (#media, rt::HttpValue::http_text(v, rt::TimestampFormat::DateTime).into_bytes())) }
        }
        PayloadKind::Json | PayloadKind::Structure => {
            quote! { #value.map(|v| (#media, rt::json::to_string(v).into_bytes())) }
        }
    }
}
