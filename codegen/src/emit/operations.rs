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
    OpNames { op: ident(&base), error: format_ident!("{}Error", base), method: ident(&op.method) }
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
/// (the member's, else its target's; for a list in the query string, its
/// items'), else the location's default.
fn ts_format(m: &Member, default: TimestampFormat) -> TokenStream {
    let ty = match &m.ty.kind {
        TyKind::List(item) => item,
        _ => &m.ty,
    };
    let v = timestamp_format_variant(ty.timestamp_format.unwrap_or(default));
    quote! { rt::TimestampFormat::#v }
}

/// The expression that reads a member bound to a label, the query string or
/// a header (`Result<Option<T>, DecodeError>`); `None` for body members (and
/// the status of a response, which `read_output` reads).
/// `headers` is the expression of the message's header map.
fn bound_read(m: &Member, headers: &TokenStream) -> Option<TokenStream> {
    Some(match &m.binding {
        Binding::Body => return None,
        Binding::Label => {
            let label = &m.name;
            let fmt = ts_format(m, TimestampFormat::DateTime);
            quote! { rt::read_label(bindings, #label, #fmt) }
        }
        Binding::Query(q) if matches!(m.ty.kind, TyKind::List(_)) => {
            let fmt = ts_format(m, TimestampFormat::DateTime);
            quote! { rt::read_query_list(bindings, #q, #fmt) }
        }
        Binding::Query(q) => {
            let fmt = ts_format(m, TimestampFormat::DateTime);
            quote! { rt::read_query(bindings, #q, #fmt) }
        }
        Binding::Header(h) => {
            let fmt = ts_format(m, TimestampFormat::HttpDate);
            quote! { rt::read_header(#headers, #h, #fmt) }
        }
        // Read from the response's status by the caller (outputs only).
        Binding::ResponseCode => return None,
    })
}

/// A structure literal's field that reads member `m` where the protocol puts
/// it: from the JSON body `o` through the decoder `d`, or from its HTTP
/// binding only (a body key of the same name is an unknown key). A missing
/// required bound member is recorded like a missing body member.
fn member_read(m: &Member, headers: &TokenStream) -> TokenStream {
    let f = ident(&m.rust_name);
    let read = match bound_read(m, headers) {
        None => super::structure::body_read(m),
        Some(read) => match &m.presence {
            Presence::Optional => quote! { #read? },
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

/// `|o, d|` for a reading closure, with `_` for what it does not use.
fn reader_params(members: &[Member]) -> TokenStream {
    let body = members.iter().any(|m| m.binding == Binding::Body);
    let decoder = body || members.iter().any(|m| m.binding != Binding::Body && m.presence == Presence::Required);
    match (body, decoder) {
        (true, _) => quote! { |o, d| },
        (false, true) => quote! { |_, d| },
        (false, false) => quote! { |_, _| },
    }
}

/// Emits everything of one operation that lives in the `operations` module.
pub fn emit_operation(service: &Service, op: &Operation) -> TokenStream {
    let OpNames { op: op_ident, error, .. } = names(op);
    let input = input_type(service, op);
    let output = output_type(service, op);
    let (name, method, uri, code) = (&op.name, &op.http.method, &op.http.uri, op.http.code);
    let ins = members(service, op.input.as_ref());
    let outs = members(service, op.output.as_ref());

    // Client side: the request.
    let mut build = Vec::new();
    for m in ins {
        let f = ident(&m.rust_name);
        let value = if m.presence == Presence::Optional { quote! { input.#f.as_ref() } } else { quote! { Some(&input.#f) } };
        match &m.binding {
            Binding::Label => {
                let label = &m.name;
                let fmt = ts_format(m, TimestampFormat::DateTime);
                let text = if m.presence == Presence::Optional {
                    quote! { &input.#f.as_ref().map(|v| rt::HttpValue::http_text(v, #fmt)).unwrap_or_default() }
                } else {
                    quote! { &rt::HttpValue::http_text(&input.#f, #fmt) }
                };
                build.push(quote! { r.label(#label, #text)?; });
            }
            Binding::Query(q) => {
                let fmt = ts_format(m, TimestampFormat::DateTime);
                if matches!(m.ty.kind, TyKind::List(_)) {
                    build.push(quote! { r.query_list(#q, #value, #fmt); });
                } else {
                    build.push(quote! { r.query(#q, #value, #fmt); });
                }
            }
            Binding::Header(h) => {
                let fmt = ts_format(m, TimestampFormat::HttpDate);
                build.push(quote! { r.header(#h, #value, #fmt); });
            }
            // Only outputs carry a status; an input member with the trait is sent nowhere.
            Binding::Body | Binding::ResponseCode => {}
        }
    }
    let body_members: Vec<&Member> = ins.iter().filter(|m| m.binding == Binding::Body).collect();
    if !body_members.is_empty() && body_members.len() == ins.len() {
        // Every member is in the body: the input's own JSON form is the body.
        build.push(quote! { r.json_body_of(input); });
    } else if !body_members.is_empty() {
        let writes = body_members.iter().map(|m| field_write(m, quote! { input }));
        build.push(quote! {
            let mut w = rt::json::JsonWriter::new();
            let mut o = w.object();
            #(#writes)*
            o.end();
            r.json_body(w);
        });
    }
    let input_param = if op.input.is_some() && !build.is_empty() { quote! { input } } else { quote! { _input } };

    // Client side: the response.
    let outputs_in_headers = outs.iter().any(|m| matches!(m.binding, Binding::Header(_) | Binding::ResponseCode));
    let read_output = if op.output.is_some() && !outputs_in_headers {
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
            member_read(m, &quote! { response.headers() })
        });
        let params = reader_params(outs);
        quote! { rt::read_output(response, #params Ok(#output { #(#fields,)* })) }
    } else {
        quote! { let _ = response; Ok(()) }
    };

    // Server side: the request.
    let read_input = if op.input.is_some() && ins.iter().all(|m| m.binding == Binding::Body) {
        quote! { let _ = bindings; rt::read_body_input(request.body()) }
    } else if op.input.is_some() {
        let fields = ins.iter().map(|m| member_read(m, &quote! { request.headers() }));
        let params = reader_params(ins);
        // Without body members the body is not read at all.
        let body = if ins.iter().any(|m| m.binding == Binding::Body) { quote! { request.body() } } else { quote! { b"" } };
        let uses = match (ins.iter().any(|m| matches!(m.binding, Binding::Header(_))), ins.iter().any(|m| matches!(m.binding, Binding::Label | Binding::Query(_)))) {
            (true, true) => quote! {},
            (true, false) => quote! { let _ = bindings; },
            (false, true) => quote! { let _ = request.headers(); },
            (false, false) => quote! { let _ = (request.headers(), bindings); },
        };
        quote! {
            #uses
            rt::read_input(#body, #params Ok(#input { #(#fields,)* }))
        }
    } else {
        quote! { let _ = (request, bindings); Ok(()) }
    };

    // Server side: the response.
    let write_output = if op.output.is_some() && !outputs_in_headers {
        // Every member is in the body: the output's own JSON form is the body.
        quote! { rt::json_response(#code, &[], rt::json::to_string(output)) }
    } else if op.output.is_some() {
        let writes: Vec<TokenStream> = outs.iter().filter(|m| m.binding == Binding::Body).map(|m| field_write(m, quote! { output })).collect();
        let headers: Vec<TokenStream> = outs.iter().filter_map(|m| match &m.binding {
            Binding::Header(h) => {
                let f = ident(&m.rust_name);
                let fmt = ts_format(m, TimestampFormat::HttpDate);
                Some(if m.presence == Presence::Optional {
                    quote! { if let Some(v) = &output.#f { headers.push((#h, rt::HttpValue::http_text(v, #fmt))); } }
                } else {
                    quote! { headers.push((#h, rt::HttpValue::http_text(&output.#f, #fmt))); }
                })
            }
            _ => None,
        }).collect();
        let status = match outs.iter().find(|m| m.binding == Binding::ResponseCode) {
            Some(m) => {
                let f = ident(&m.rust_name);
                let value = if m.presence == Presence::Optional { quote! { output.#f } } else { quote! { Some(output.#f) } };
                quote! { rt::status_or(#value, #code) }
            }
            None => quote! { #code },
        };
        let o_pat = if writes.is_empty() { quote! { o } } else { quote! { mut o } };
        let h_pat = if headers.is_empty() { quote! { headers } } else { quote! { mut headers } };
        let unused = if writes.is_empty() && headers.is_empty() && !outs.iter().any(|m| m.binding == Binding::ResponseCode) { quote! { let _ = output; } } else { quote! {} };
        quote! {
            #unused
            let mut w = rt::json::JsonWriter::new();
            let #o_pat = w.object();
            #(#writes)*
            o.end();
            let #h_pat: Vec<(&str, String)> = Vec::new();
            #(#headers)*
            rt::json_response(#status, &headers, w.into_string())
        }
    } else {
        quote! { let _ = output; rt::empty_response(#code) }
    };

    // Idempotency tokens.
    let tokens = ins.iter().filter(|m| m.idempotency_token && matches!(m.ty.kind, TyKind::String)).map(|m| {
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
    let alias_doc = format!(" The errors of the `{}` operation: [`{1}`](crate::operations::error_sets::{1}).", op.name, op.error_set);
    let error_enum = quote! {
        #[doc = #alias_doc]
        pub type #error = crate::operations::error_sets::#set_ident;
    };
    let op_doc = match op.input.as_ref().and_then(|i| service.shapes.get(i)) {
        Some(s) => format!(" The `{name}` operation: `{method} {uri}`. See [`{0}`](crate::{0}) for its arguments.", s.rust_name),
        None => format!(" The `{name}` operation: `{method} {uri}`. It takes no arguments."),
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
            const SPEC: rt::Operation = rt::Operation { name: #name, method: #method, uri: #uri, code: #code };

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
    }
}

/// `src/operations/error_sets.rs`: one enum per set of errors.
pub fn emit_error_sets(service: &Service) -> TokenStream {
    let enums = service.error_sets.iter().map(|set| emit_error_enum(service, set));
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
    let errs: Vec<&NamedShape> = set.errors.iter().filter_map(|e| service.shapes.get(e)).collect();
    let variants = errs.iter().map(|s| {
        let v = ident(&s.rust_name);
        let doc = format!(" [`{0}`](crate::{0}).", s.rust_name);
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
        quote! { Self::#v(e) => rt::error_response(crate::#v::HTTP_STATUS, crate::#v::CODE, rt::json::to_string(e)) }
    });
    let code_arms = errs.iter().map(|s| {
        let v = ident(&s.rust_name);
        quote! { Self::#v(_) => crate::#v::CODE }
    });
    let ops: Vec<String> = set.operations.iter().map(|o| format!("`{o}`")).collect();
    let doc = if ops.len() <= 8 {
        format!(" The errors of {}: those the model lists, or an unmodeled one.", ops.join(", "))
    } else {
        format!(" The errors of {} and {} other operations: those the model lists, or an unmodeled one.", ops[..8].join(", "), ops.len() - 8)
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
                let _ = body;
                let known = match code {
                    #(#from_code,)*
                    _ => None,
                };
                known.unwrap_or_else(|| Self::Unhandled(rt::UnhandledError { code: ToOwned::to_owned(code), message, status }))
            }

            fn unhandled(error: rt::UnhandledError) -> Self {
                Self::Unhandled(error)
            }
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

/// Paws's METHODS entry for an operation: its doc, required and optional
/// arguments, what it returns, its errors, the AWS link.
fn method_docs(service: &Service, op: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    let input = op.input.as_ref().and_then(|i| service.shapes.get(i));
    lines.push(format!("`{}`: `{} {}`.", op.name, op.http.method, op.http.uri));
    lines.push(String::new());
    let docs = op.docs.as_deref().map(crate::docs::html_to_markdown).unwrap_or_default();
    lines.extend(docs.into_iter().take_while(|l| !l.is_empty()));
    if let Some(ShapeKind::Structure(st)) = input.map(|s| &s.kind) {
        let req: Vec<String> = st.members.iter().filter(|m| m.presence == Presence::Required).map(|m| format!("`{}`", unraw(&m.rust_name))).collect();
        let opt: Vec<String> = st.members.iter().filter(|m| m.presence != Presence::Required).map(|m| format!("`{}`", unraw(&m.rust_name))).collect();
        lines.push(String::new());
        let name = &input.map(|s| s.rust_name.clone()).unwrap_or_default();
        lines.push(format!(
            "Arguments: a [`{name}`](crate::{name}); required: {}; optional: {}.",
            if req.is_empty() { "none".into() } else { req.join(", ") },
            if opt.is_empty() { "none".into() } else { opt.join(", ") }
        ));
    }
    lines.push(String::new());
    match op.output.as_ref().and_then(|o| service.shapes.get(o)) {
        Some(o) => lines.push(format!("Returns a [`{0}`](crate::{0}).", o.rust_name)),
        None => lines.push("Returns nothing on success.".into()),
    }
    let errs: Vec<String> = op.errors.iter().filter_map(|e| service.shapes.get(e)).map(|s| format!("[`{0}`](crate::{0})", s.rust_name)).collect();
    if !errs.is_empty() {
        lines.push(String::new());
        let OpNames { error, .. } = names(op);
        lines.push(format!("Errors ([`{error}`](crate::operations::{error})): {}.", errs.join(", ")));
    }
    lines.push(String::new());
    lines.push(format!("AWS API documentation: <{}>", super::docs::aws_link(service, &op.name)));
    lines
}

/// The service trait for every `rt::Handler` (the `Client` among them):
/// each method hands its operation to `handle`.
pub fn emit_client(service: &Service, trait_name: &str) -> TokenStream {
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
    let doc = format!(" [`{trait_name}`](crate::{trait_name}) over HTTP: serializes each call, sends it through the transport, parses the answer.");
    let handler_doc = format!(
        " Every [`Handler`](rt::Handler) implements [`{trait_name}`](crate::{trait_name}): the [`Client`] does, and so does a fake of your own that handles every operation with one generic method (record the calls, answer from a table)."
    );
    quote! {
        use ::smithy_runtime::rest as rt;
        #[doc = #doc]
        ///
        /// It fills unset idempotency tokens (UUID v4) and, by default, checks
        /// required members before sending ([`rt::Validation`] selects more or less).
        pub type Client<T> = rt::Client<T>;

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
    let doc = format!(" Calls `visitor.visit::<O>()` for each of the {} operations, in name order.", service.operations.len());
    quote! {
        #[doc = #doc]
        pub fn visit_all<V: ::smithy_runtime::rest::OperationVisitor>(visitor: &mut V) {
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
            .map(|s| if s.ends_with("+}") { 2 } else if s.starts_with('{') { 1 } else { 0 })
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
    if is_keyword(&n) { format!("{n}Service") } else { n }
}
