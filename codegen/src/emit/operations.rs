//! Operation stubs (restJson1): per operation a unit struct in
//! `operations` implementing the runtime's `OperationShape` (request and
//! response (de)serialization in both directions) and its error enum; the
//! `Connect`-style service trait; the `Client`; and the server `dispatch`.
//!
//! These modules define no types of the model's, so the prelude's `Option`,
//! `Result`, `Vec` and `String` cannot be shadowed there and are written
//! plainly (the types modules use absolute paths).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::*;
use crate::ir::*;
use crate::naming::{is_keyword, type_name, unraw};

/// Names used for one operation's items.
pub struct OpNames {
    /// The unit struct in `operations` (`StartChatContact`).
    pub op: proc_macro2::Ident,
    /// The error enum in `operations` (`StartChatContactError`).
    pub error: proc_macro2::Ident,
    /// The service-trait method (`start_chat_contact`).
    pub method: proc_macro2::Ident,
}

/// The names of an operation's generated items.
pub fn names(op: &Operation) -> OpNames {
    let base = type_name(&op.name);
    OpNames {
        op: ident(&base),
        error: format_ident!("{}Error", base),
        method: ident(&op.method),
    }
}

fn input_type(service: &Service, op: &Operation) -> TokenStream {
    match op.input.as_ref().and_then(|i| service.shapes.get(i)) {
        Some(s) => {
            let n = ident(&s.rust_name);
            quote! { crate::#n }
        }
        None => quote! { () },
    }
}

fn output_type(service: &Service, op: &Operation) -> TokenStream {
    match op.output.as_ref().and_then(|o| service.shapes.get(o)) {
        Some(s) => {
            let n = ident(&s.rust_name);
            quote! { crate::#n }
        }
        None => quote! { () },
    }
}

fn members<'s>(service: &'s Service, id: Option<&crate::model::ShapeId>) -> &'s [Member] {
    match id.and_then(|i| service.shapes.get(i)).map(|s| &s.kind) {
        Some(ShapeKind::Structure(st)) => &st.members,
        _ => &[],
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
        None => super::structure::body_read(m),
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
            Presence::Optional => super::structure::with_server_default(m, quote! { #read? }),
            Presence::Required => {
                let name = &m.name;
                quote! { d.bound(#name, #read?)? }
            }
            Presence::Default(def) => {
                let fill = super::structure::fill_default(m, def);
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

/// `Some(&x.f)` for a required or defaulted member, `x.f.as_ref()` for an optional one.
fn value_ref(m: &Member, root: &TokenStream) -> TokenStream {
    let f = ident(&m.rust_name);
    match (&m.presence, m.boxed) {
        (Presence::Optional, true) => quote! { #root.#f.as_deref() },
        (Presence::Optional, false) => quote! { #root.#f.as_ref() },
        (_, true) => quote! { Some(&*#root.#f) },
        (_, false) => quote! { Some(&#root.#f) },
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

/// Emits everything of one operation that lives in the `operations` module.
pub fn emit_operation(service: &Service, op: &Operation, crate_name: &str) -> TokenStream {
    let OpNames {
        op: op_ident,
        error,
        ..
    } = names(op);
    let input = input_type(service, op);
    let output = output_type(service, op);
    let (name, method, uri, code) = (&op.name, &op.http.method, &op.http.uri, op.http.code);
    let ins = members(service, op.input.as_ref());
    let outs = members(service, op.output.as_ref());
    let input_root = quote! { input };
    let output_root = quote! { output };

    // Client side: the request.
    let mut build = Vec::new();
    if let Some(prefix) = &op.host_prefix {
        let labels = ins.iter().filter(|m| m.host_label).map(|m| {
            let name = &m.name;
            let value = value_ref(m, &input_root);
            quote! { (#name, #value) }
        });
        build.push(quote! { r.host_prefix(#prefix, &[#(#labels),*])?; });
    }
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
                if is_glacier(service) && m.name == "accountId" {
                    // Glacier's customization: an empty account ID means the caller's own, `-`.
                    build.push(quote! {
                        let account: &str = #text;
                        r.label(#label, if account.is_empty() { "-" } else { account })?;
                    });
                } else {
                    build.push(quote! { r.label(#label, #text)?; });
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
    let body_members: Vec<&Member> = ins.iter().filter(|m| m.binding == Binding::Body).collect();
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
    if op.gzip {
        build.push(quote! { r.gzip(); });
    }
    if is_glacier(service) {
        let version = &service.version;
        build.push(quote! { r.fixed_header("X-Amz-Glacier-Version", #version); });
        if ins
            .iter()
            .any(|m| m.binding == Binding::Payload && matches!(m.ty.kind, TyKind::Blob))
        {
            build.push(quote! { r.glacier_checksums(); });
        }
    }
    if op.checksum_required {
        build.push(quote! { r.content_md5(); });
    }

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

    // Idempotency tokens.
    let tokens = ins
        .iter()
        .filter(|m| m.idempotency_token && matches!(m.ty.kind, TyKind::String))
        .map(|m| {
            let f = ident(&m.rust_name);
            quote! { if input.#f.is_none() { input.#f = Some(token()); } }
        });
    let tokens: Vec<TokenStream> = tokens.collect();
    let token_fn = if tokens.is_empty() {
        quote! {}
    } else {
        quote! {
            fn fill_idempotency_tokens(input: &mut Self::Input, token: &mut dyn FnMut() -> String) {
                #(#tokens)*
            }
        }
    };

    // Operations with the same errors share one enum (Connect: 90 sets for
    // 370 operations), named after its errors, so that adding an operation
    // never renames or re-points an existing one; each operation has its
    // own `…Error` alias.
    let set_ident = ident(&op.error_set);
    let alias_doc = format!(
        " The errors of the `{}` operation: [`{1}`](crate::operations::error_sets::{1}).",
        op.name, op.error_set
    );
    // Imported by name, so that the alias fits on a line (no printer breaks
    // a `type` item); by path where the name is the operation's own.
    let error_enum = if error != set_ident && op_ident != set_ident {
        quote! {
            use super::error_sets::#set_ident;
            #[doc = #alias_doc]
            pub type #error = #set_ident;
        }
    } else {
        quote! {
            #[doc = #alias_doc]
            pub type #error = super::error_sets::#set_ident;
        }
    };
    let paginator = emit_paginator(service, op, ins, outs, crate_name);
    let op_doc = match op.input.as_ref().and_then(|i| service.shapes.get(i)) {
        // Its first words are what a search for the operation shows: where the synopsis is.
        Some(s) => format!(
            " Synopsis and arguments: [`{0}`](crate::{0}). The marker of the `{name}` operation (`{method} {uri}`).",
            s.rust_name
        ),
        None => format!(
            " The marker of the `{name}` operation (`{method} {uri}`), which takes no arguments."
        ),
    };
    quote! {
        #[doc = #op_doc]
        #[derive(Debug, Clone, Copy, Default)]
        pub struct #op_ident;

        #[allow(deprecated)]
        impl rt::OperationShape for #op_ident {
            type Input = #input;
            type Output = #output;
            type Error = #error;
            const SPEC: rt::Operation = rt::Operation { name: #name, method: #method, uri: #uri, code: #code, request_media: #request_media, response_media: #response_media };

            fn serialize_request(#input_param: &Self::Input) -> Result<rt::HttpRequest, rt::BuildError> {
                let mut r = rt::RequestBuilder::new(&Self::SPEC);
                #(#build)*
                r.build()
            }

            fn parse_output(response: &rt::HttpResponse) -> Result<Self::Output, rt::Error<Self::Error>> {
                #read_output
            }

            #token_fn
        }

        #[cfg(feature = "server")]
        #[allow(deprecated)]
        impl rt::ServerOperation for #op_ident {
            fn parse_request(request: &rt::HttpRequest, bindings: &rt::Bindings) -> Result<Self::Input, rt::InputError> {
                #read_input
            }

            fn serialize_output(output: &Self::Output) -> rt::HttpResponse {
                #write_output
            }

        }

        #error_enum

        #paginator
    }
}

/// `impl rt::Paginated` and `paginate` for a `@paginated` operation (the
/// `paginators` feature); nothing when its members are not where it says.
fn emit_paginator(
    service: &Service,
    op: &Operation,
    ins: &[Member],
    outs: &[Member],
    crate_name: &str,
) -> TokenStream {
    let (Some(p), Some(input)) = (
        &op.paginated,
        op.input.as_ref().and_then(|i| service.shapes.get(i)),
    ) else {
        return quote! {};
    };
    let (Some(token_in), Some(token_out)) = (
        ins.iter().find(|m| m.name == p.input_token),
        outs.iter().find(|m| m.name == p.output_token),
    ) else {
        return quote! {};
    };
    let op_ident = names(op).op;
    let output = output_type(service, op);
    let tin = ident(&token_in.rust_name);
    let set = if token_in.presence == Presence::Optional {
        quote! { input.#tin = token; }
    } else {
        quote! { input.#tin = token.unwrap_or_default(); }
    };
    let tout = ident(&token_out.rust_name);
    let get = if token_out.presence == Presence::Optional {
        quote! { output.#tout.as_deref() }
    } else {
        quote! { Some(output.#tout.as_str()) }
    };
    let items = p
        .items
        .as_ref()
        .and_then(|name| outs.iter().find(|m| &m.name == name))
        .and_then(|m| match &m.ty.kind {
            TyKind::List(item) if !m.ty.sparse && !m.boxed => Some((m, rust_type(item))),
            _ => None,
        });
    let (item_ty, items_fn, item_name) = match items {
        Some((m, ty)) => {
            let f = ident(&m.rust_name);
            let read = if m.presence == Presence::Optional {
                quote! { output.#f.unwrap_or_default() }
            } else {
                quote! { output.#f }
            };
            (ty, read, format!("`{}`", unraw(&m.rust_name)))
        }
        None => (
            output.clone(),
            quote! { vec![output] },
            "the output itself (the operation names no items)".to_string(),
        ),
    };
    let input_name = &input.rust_name;
    let method = &op.method;
    let doc = [
        format!(" Pages through `{}`: one call per page, the output's `{}` sent back as the next input's `{}`, until the service returns none (or the same one). The items are {item_name}.", op.name, unraw(&token_out.rust_name), unraw(&token_in.rust_name)),
        String::new(),
        " ```no_run".to_string(),
        format!(" use {crate_name}::operations;"),
        format!(" # async fn example<C: {crate_name}::runtime::rest::Handler>(client: &C, input: {crate_name}::{input_name}) {{"),
        format!(" let mut pages = operations::{op_ident}::paginate(client, input);"),
        " while let Some(page) = pages.next_page().await {".to_string(),
        "     match page {".to_string(),
        "         Ok(page) => { /* one page */ let _ = page; }".to_string(),
        "         Err(e) => { eprintln!(\"{e}\"); break; }".to_string(),
        "     }".to_string(),
        " }".to_string(),
        " // Or as streams: `.pages()` of outputs, `.items()` of items.".to_string(),
        " # }".to_string(),
        " ```".to_string(),
        String::new(),
        format!(" The service trait's `{method}` makes one call."),
    ]
    .join("\n");
    let doc = doc_block(&doc);
    quote! {
        #[cfg(feature = "paginators")]
        impl ::smithy_runtime::paginate::Paginated for #op_ident {
            type Item = #item_ty;

            fn set_token(input: &mut Self::Input, token: Option<String>) {
                #set
            }

            fn next_token(output: &Self::Output) -> Option<&str> {
                #get
            }

            fn items(output: Self::Output) -> Vec<Self::Item> {
                #items_fn
            }
        }

        #[cfg(feature = "paginators")]
        impl #op_ident {
            #doc
            pub fn paginate<H: rt::Handler>(handler: &H, input: <Self as rt::OperationShape>::Input) -> ::smithy_runtime::paginate::Paginator<'_, H, Self> {
                ::smithy_runtime::paginate::Paginator::new(handler, input)
            }
        }
    }
}

/// `src/operations/error_sets.rs`: one enum per set of errors.
pub fn emit_error_sets(service: &Service) -> TokenStream {
    let enums = service
        .error_sets
        .iter()
        .map(|set| emit_error_enum(service, set));
    quote! {
        #![doc = " The error enums: one per distinct set of operation errors, named after its errors. Each operation's `…Error` type is an alias of one of them."]
        #![allow(non_camel_case_types)]
        use ::smithy_runtime::rest as rt;
        #(#enums)*
    }
}

/// An error enum: a variant per modeled error, plus `Unhandled`.
fn emit_error_enum(service: &Service, set: &ErrorSet) -> TokenStream {
    let error = ident(&set.name);
    let errs: Vec<&NamedShape> = set
        .errors
        .iter()
        .filter_map(|e| service.shapes.get(e))
        .collect();
    let variants = errs.iter().map(|s| {
        let v = ident(&s.rust_name);
        // What the request page's error list says: the status and the error's first sentence.
        let doc = format!(" {}", crate::emit::docs::error_status_and_summary(s));
        quote! { #[doc = #doc] #v(crate::#v) }
    });
    let display = errs.iter().map(|s| {
        let v = ident(&s.rust_name);
        quote! { Self::#v(e) => ::std::fmt::Display::fmt(e, f) }
    });
    let from_code = errs.iter().map(|s| {
        let v = ident(&s.rust_name);
        let code = s.id.name();
        quote! { #code => rt::read_error::<crate::#v>(body).map(Self::#v) }
    });
    let to_response = errs.iter().map(|s| {
        let v = ident(&s.rust_name);
        let members = error_members(s);
        if members.iter().all(|m| m.binding == Binding::Body) {
            return quote! { Self::#v(e) => rt::error_response(crate::#v::HTTP_STATUS, crate::#v::CODE, rt::json::to_string(e)) };
        }
        // Header-bound members go in headers, the others in the body.
        let headers = header_writes(members, &quote! { e }, &quote! { headers });
        let writes = members.iter().filter(|m| m.binding == Binding::Body).map(|m| field_write(m, quote! { e }));
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
    });
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
    let from_response = if header_reads.is_empty() {
        quote! {}
    } else {
        quote! {
            fn from_response(code: &str, message: Option<String>, status: u16, headers: &::smithy_runtime::http::HeaderMap, body: &[u8]) -> Self {
                #(#header_reads)*
                Self::from_code(code, message, status, body)
            }
        }
    };
    let code_arms = errs.iter().map(|s| {
        let v = ident(&s.rust_name);
        quote! { Self::#v(_) => crate::#v::CODE }
    });
    let unhandled = quote! { Self::Unhandled(rt::UnhandledError { code: ToOwned::to_owned(code), message, status }) };
    let from_code_body = if errs.is_empty() {
        quote! { let _ = body; #unhandled }
    } else {
        quote! {
            let known = match code {
                #(#from_code,)*
                _ => None,
            };
            known.unwrap_or_else(|| #unhandled)
        }
    };
    let ops: Vec<String> = set.operations.iter().map(|o| format!("`{o}`")).collect();
    let doc = if ops.len() <= 8 {
        format!(
            " The errors of {}: those the model lists, or an unmodeled one.",
            ops.join(", ")
        )
    } else {
        format!(
            " The errors of {} and {} other operations: those the model lists, or an unmodeled one.",
            ops[..8].join(", "),
            ops.len() - 8
        )
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #error {
            #(#variants,)*
            /// An error code this operation does not model (its code, message and HTTP status).
            Unhandled(rt::UnhandledError),
        }

        impl #error {
            /// The error code (`ResourceNotFoundException`, …).
            pub fn code(&self) -> &str {
                match self {
                    #(#code_arms,)*
                    Self::Unhandled(u) => &u.code,
                }
            }
        }

        impl ::std::fmt::Display for #error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display,)*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        impl ::std::error::Error for #error {}

        impl rt::ServiceError for #error {
            fn from_code(code: &str, message: Option<String>, status: u16, body: &[u8]) -> Self {
                #from_code_body
            }

            fn unhandled(error: rt::UnhandledError) -> Self {
                Self::Unhandled(error)
            }

            #from_response
        }

        #[cfg(feature = "server")]
        impl rt::ServerError for #error {
            fn to_response(&self) -> rt::HttpResponse {
                match self {
                    #(#to_response,)*
                    Self::Unhandled(u) => rt::unhandled_response(u),
                }
            }
        }
    }
}

/// Whether the service is Amazon Glacier, whose SDKs add a version header,
/// payload checksums and a default account ID to every request.
pub fn is_glacier(service: &Service) -> bool {
    service.sdk_id == "Glacier"
}

/// The members of an error structure.
fn error_members(s: &NamedShape) -> &[Member] {
    match &s.kind {
        ShapeKind::Structure(st) => &st.members,
        _ => &[],
    }
}

/// The service trait: one method per operation, documented like Paws's METHODS.
pub fn emit_service_trait(service: &Service, trait_name: &str) -> TokenStream {
    let trait_ident = ident(trait_name);
    let methods = service.operations.iter().map(|op| {
        let OpNames { op: op_ident, error, method } = names(op);
        let input = input_type(service, op);
        let output = output_type(service, op);
        let docs = doc_attrs(&method_docs(service, op));
        let param = if op.input.is_some() { quote! { input: #input } } else { quote! {} };
        let ignore = if op.input.is_some() { quote! { let _ = input; } } else { quote! {} };
        let _ = op_ident;
        quote! {
            #docs
            fn #method(&self, #param) -> impl ::std::future::Future<Output = Result<#output, rt::Error<crate::operations::#error>>> + Send {
                #ignore
                std::future::ready(Err(rt::not_implemented::<crate::operations::#error>()))
            }
        }
    });
    let doc = format!(
        " The {} API: one method per operation ({} in all).\n\n [`Client`](crate::Client) implements it over HTTP; implement it yourself (every method defaults to a `NotImplemented` error) to fake the service, and serve it with `dispatch` (the `server` feature).",
        service.title,
        service.operations.len()
    );
    let doc_lines: Vec<String> = doc.lines().map(|l| l.trim_start().to_string()).collect();
    let doc = doc_attrs(&doc_lines);
    quote! {
        use ::smithy_runtime::rest as rt;
        #doc
        pub trait #trait_ident: Send + Sync {
            #(#methods)*
        }
    }
}

/// An operation's entry on the service trait's page, kept to three lines
/// (370 of them make one page): the operation and its route, its first
/// sentence, and a link to its input (whose page has the synopsis, the
/// constraints and the errors; the signature links the rest).
fn method_docs(service: &Service, op: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    let summary = op
        .docs
        .as_deref()
        .and_then(crate::docs::summary)
        .unwrap_or_default();
    lines.push(
        format!(
            "`{}` (`{} {}`): {summary}",
            op.name, op.http.method, op.http.uri
        )
        .trim_end_matches(": ")
        .to_string(),
    );
    lines.push(String::new());
    let input = match op.input.as_ref().and_then(|i| service.shapes.get(i)) {
        Some(i) => format!(
            "Synopsis, constraints and errors: [`{0}`](crate::{0})",
            i.rust_name
        ),
        None => "It takes no arguments".to_string(),
    };
    let OpNames { op: marker, .. } = names(op);
    let paginated = if op.paginated.is_some() {
        format!("; paginated: `operations::{marker}::paginate`")
    } else {
        String::new()
    };
    lines.push(format!("{input}{paginated}."));
    lines
}

/// The service trait for every `rt::Handler` (the `Client` among them):
/// each method hands its operation to `handle`.
/// `src/endpoints.rs`: the model's endpoint rules and AWS's partition data,
/// embedded, and `resolve_endpoint` (the `aws` feature); `None` without them.
pub fn emit_endpoints(
    service: &Service,
    config: &crate::Config,
) -> Result<Option<TokenStream>, crate::error::ErrorKind> {
    let (Some(_), Some(rules), Some(partitions)) = (
        &service.signing_name,
        &service.endpoint_rules,
        &config.partitions,
    ) else {
        return Ok(None);
    };
    let partitions: serde_json::Value = serde_json::from_str(partitions).map_err(|e| {
        crate::error::ErrorKind::Malformed(format!("the partition data is not JSON: {e}"))
    })?;
    let partitions = partitions.to_string();
    let doc = format!(
        " {}'s endpoints: the model's rules (`smithy.rules#endpointRuleSet`) over AWS's partition data, both embedded, resolved by `smithy_runtime::endpoints`.",
        service.title
    );
    Ok(Some(quote! {
        #![doc = #doc]
        /// The model's endpoint rules, as JSON.
        const RULES: &str = #rules;
        /// AWS's partition data (regions, DNS suffixes, FIPS and dual-stack support), as JSON.
        const PARTITIONS: &str = #partitions;

        pub use ::smithy_runtime::endpoints::{Endpoint, Settings as EndpointSettings};

        /// The endpoint for these settings (region, FIPS, dual-stack, an
        /// endpoint set by hand), or the rules' error (`Invalid Configuration: …`).
        pub fn resolve_endpoint(settings: &EndpointSettings) -> Result<Endpoint, String> {
            static PARSED: ::std::sync::OnceLock<(::smithy_runtime::serde_json::Value, ::smithy_runtime::serde_json::Value)> = ::std::sync::OnceLock::new();
            let (rules, partitions) = PARSED.get_or_init(|| {
                let parse = |text: &str| ::smithy_runtime::serde_json::from_str(text).unwrap_or_default();
                (parse(RULES), parse(PARTITIONS))
            });
            ::smithy_runtime::endpoints::resolve_settings(rules, partitions, settings)
        }
    }))
}

pub fn emit_client(
    service: &Service,
    trait_name: &str,
    crate_name: &str,
    endpoints: bool,
) -> TokenStream {
    let trait_ident = ident(trait_name);
    let methods = service.operations.iter().map(|op| {
        let OpNames { op: op_ident, error, method } = names(op);
        let input = input_type(service, op);
        let output = output_type(service, op);
        let (param, arg) = if op.input.is_some() { (quote! { input: #input }, quote! { input }) } else { (quote! {}, quote! { () }) };
        quote! {
            fn #method(&self, #param) -> impl ::std::future::Future<Output = Result<#output, rt::Error<crate::operations::#error>>> + Send {
                self.handle::<crate::operations::#op_ident>(#arg)
            }
        }
    });
    let doc = format!(
        " [`{trait_name}`](crate::{trait_name}) over HTTP: serializes each call, sends it through the transport, parses the answer."
    );
    let handler_doc = format!(
        " Every [`Handler`](rt::Handler) implements [`{trait_name}`](crate::{trait_name}): the [`Client`] does, and so does a fake of your own that handles every operation with one generic method (record the calls, answer from a table)."
    );
    let aws = match &service.signing_name {
        None => quote! {},
        Some(name) => {
            let prefix = service
                .endpoint_prefix
                .clone()
                .unwrap_or_else(|| name.clone());
            let name_doc = format!(" The name {} signs requests with (SigV4).", service.title);
            let signed_body = if endpoints {
                quote! {
                    let settings = crate::endpoints::EndpointSettings { region: Some(region.to_owned()), endpoint: endpoint.map(ToOwned::to_owned), ..Default::default() };
                    signed_client_with(transport, &settings, credentials)
                }
            } else {
                quote! {
                    let endpoint = endpoint.map_or_else(|| ::smithy_runtime::aws::default_endpoint(ENDPOINT_PREFIX, region), ToOwned::to_owned);
                    let signed = ::smithy_runtime::aws::Signed::new(transport, &endpoint, region, SIGNING_NAME, credentials)?;
                    Ok(Client::new(::smithy_runtime::retry::Retry::new(signed)))
                }
            };
            let with = if endpoints {
                quote! {
                    /// [`signed_client`] with every endpoint setting: FIPS, dual-stack,
                    /// an endpoint set by hand. The endpoint comes from the model's
                    /// rules (an invalid combination is their error, such as FIPS in a
                    /// region without it); the signing name and region from the
                    /// endpoint's auth scheme, when it names them.
                    #[cfg(feature = "aws")]
                    pub fn signed_client_with<T: rt::Transport>(
                        transport: T,
                        settings: &crate::endpoints::EndpointSettings,
                        credentials: impl ::smithy_runtime::aws::ProvideCredentials + 'static,
                    ) -> Result<Client<::smithy_runtime::retry::Retry<::smithy_runtime::aws::Signed<T>>>, ::smithy_runtime::aws::SignError> {
                        let endpoint = crate::endpoints::resolve_endpoint(settings).map_err(::smithy_runtime::aws::SignError::new)?;
                        let (name, region) = endpoint.sigv4();
                        let region = region.or(settings.region.as_deref()).unwrap_or("us-east-1");
                        let signed = ::smithy_runtime::aws::Signed::new(transport, &endpoint.url, region, name.unwrap_or(SIGNING_NAME), credentials)?;
                        Ok(Client::new(::smithy_runtime::retry::Retry::new(signed)))
                    }
                }
            } else {
                quote! {}
            };
            let example = [
                "".to_string(),
                " ```".to_string(),
                format!(" use {crate_name}::signed_client;"),
                format!(" use {crate_name}::runtime::aws::{{Credentials, DefaultCredentials}};"),
                format!(" use {crate_name}::runtime::{{http, rest::{{Transport, TransportError}}}};"),
                " # struct Http;".to_string(),
                " # impl Transport for Http {".to_string(),
                " #     async fn send(&self, _: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, TransportError> { Err(TransportError::new(\"not sent\")) }".to_string(),
                " # }".to_string(),
                " // The region's endpoint; credentials from the environment, else the profile.".to_string(),
                " let client = signed_client(Http, \"us-east-1\", None, DefaultCredentials).unwrap();".to_string(),
                " // A given endpoint (a local fake), static keys.".to_string(),
                " let keys = Credentials::new(\"AKID\", \"secret\", None, None, \"static\");".to_string(),
                " let local = signed_client(Http, \"us-east-1\", Some(\"https://localhost:8443\"), keys).unwrap();".to_string(),
                " ```".to_string(),
            ]
            .join("\n");
            let example = doc_block(&example);
            let prefix_doc = format!(
                " The first label of {}'s endpoint host names.",
                service.title
            );
            quote! {
                #[doc = #name_doc]
                #[cfg(feature = "aws")]
                pub const SIGNING_NAME: &str = #name;

                #[doc = #prefix_doc]
                #[cfg(feature = "aws")]
                pub const ENDPOINT_PREFIX: &str = #prefix;

                /// A client that signs every call (SigV4) with `credentials` for
                /// `region` and sends it through `transport` to `endpoint`, or to
                /// the region's endpoint (`https://<prefix>.<region>.amazonaws.com`)
                /// when it is `None`, retrying throttled and transient failures
                /// with AWS's standard strategy (three attempts in all; each one
                /// signed anew).
                #example
                #[cfg(feature = "aws")]
                pub fn signed_client<T: rt::Transport>(
                    transport: T,
                    region: &str,
                    endpoint: Option<&str>,
                    credentials: impl ::smithy_runtime::aws::ProvideCredentials + 'static,
                ) -> Result<Client<::smithy_runtime::retry::Retry<::smithy_runtime::aws::Signed<T>>>, ::smithy_runtime::aws::SignError> {
                    #signed_body
                }
                #with
            }
        }
    };
    quote! {
        use ::smithy_runtime::rest as rt;
        #[doc = #doc]
        ///
        /// It fills unset idempotency tokens (UUID v4) and, by default, checks
        /// required members before sending ([`rt::Validation`] selects more or less).
        pub type Client<T> = rt::Client<T>;

        #aws

        #[doc = #handler_doc]
        impl<H: rt::Handler> crate::#trait_ident for H {
            #(#methods)*
        }
    }
}

/// `operations::visit_all`: the operations as types, for code that works on
/// every operation generically (tests, routers, metrics).
pub fn emit_visit_all(service: &Service) -> TokenStream {
    let visits = service.operations.iter().map(|op| {
        let op_ident = names(op).op;
        quote! { visitor.visit::<#op_ident>(); }
    });
    let visits: Vec<TokenStream> = visits.collect();
    let doc = format!(
        " Calls `visitor.visit::<O>()` for each of the {} operations, in name order.",
        service.operations.len()
    );
    let server_doc =
        " The same, with each operation's server half (request parsing, response writing).";
    quote! {
        #[doc = #doc]
        pub fn visit_all<V: ::smithy_runtime::rest::OperationVisitor>(visitor: &mut V) {
            #(#visits)*
        }

        #[doc = #server_doc]
        #[cfg(feature = "server")]
        pub fn visit_all_server<V: ::smithy_runtime::rest::ServerOperationVisitor>(visitor: &mut V) {
            #(#visits)*
        }
    }
}

/// `dispatch`: routes a request to the operation whose method and URI
/// template match (most specific template first) and serves it.
pub fn emit_dispatch(service: &Service, trait_name: &str) -> TokenStream {
    let trait_ident = ident(trait_name);
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
        let OpNames { op: op_ident, method, .. } = names(op);
        let (m, uri) = (&op.http.method, &op.http.uri);
        let call = if op.input.is_some() { quote! { |input| service.#method(input) } } else { quote! { |_| service.#method() } };
        quote! {
            if request.method().as_str() == #m && let Some(labels) = rt::match_template(#uri, path) {
                return Box::pin(rt::serve::<crate::operations::#op_ident, _, _>(request, labels, #call));
            }
        }
    });
    let doc = format!(
        " Serves one HTTP request with an implementation of [`{trait_name}`](crate::{trait_name}): routes it, reads and validates the input (400 `ValidationException` or `SerializationException` as a Smithy server answers), calls the method, and writes the output or error. Unknown routes get 404."
    );
    quote! {
        use ::smithy_runtime::rest as rt;
        #[doc = #doc]
        pub async fn dispatch<S: crate::#trait_ident>(service: &S, request: rt::HttpRequest) -> rt::HttpResponse {
            dispatch_with_limits(service, request, &rt::Limits::default()).await
        }

        /// [`dispatch`] with the limits given instead of the defaults (the largest body read).
        pub async fn dispatch_with_limits<S: crate::#trait_ident>(service: &S, mut request: rt::HttpRequest, limits: &rt::Limits) -> rt::HttpResponse {
            if let Some(refusal) = rt::admit(&mut request, limits) {
                return refusal;
            }
            route(service, &request).await
        }

        /// Picks the operation; each one's future is boxed, so that `dispatch`
        /// is not one state machine with a variant per operation.
        fn route<'a, S: crate::#trait_ident>(service: &'a S, request: &'a rt::HttpRequest) -> std::pin::Pin<Box<dyn std::future::Future<Output = rt::HttpResponse> + Send + 'a>> {
            let path = request.uri().path();
            #(#arms)*
            Box::pin(std::future::ready(rt::not_found()))
        }
    }
}

/// The trait's Rust name: the service's SDK ID in UpperCamelCase (`Connect`).
pub fn trait_name(service: &Service) -> String {
    let n = type_name(&service.sdk_id.replace(' ', ""));
    if is_keyword(&n) {
        format!("{n}Service")
    } else {
        n
    }
}
