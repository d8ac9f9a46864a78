//! Operation stubs (restJson1): per operation a unit struct in
//! `operations` implementing the runtime's `OperationShape` (request and
//! response (de)serialization in both directions) and its error enum; the
//! `Connect`-style service trait; the `Client`; and the server `dispatch`.
//!
//! These modules define no types of the model's, so the prelude's `Option`,
//! `Result`, `Vec` and `String` cannot be shadowed there and are written
//! plainly (the types modules use absolute paths).

use proc_macro2::TokenStream;
use quote::quote;

use super::common::*;
use super::decorate::Decorator;
use super::protocol::{OpCx, OperationWire, WireProtocol};
use crate::ir::*;
use crate::naming::unraw;

/// Identifiers of one operation's items (the names are made in lowering).
pub struct OpNames {
    /// The unit struct in `operations` (`StartChatContact`).
    pub op: proc_macro2::Ident,
    /// The error alias in `operations` (`StartChatContactError`).
    pub error: proc_macro2::Ident,
    /// The service-trait method (`start_chat_contact`).
    pub method: proc_macro2::Ident,
}

/// The identifiers of an operation's generated items.
pub fn names(op: &Operation) -> OpNames {
    OpNames {
        op: ident(&op.type_name),
        error: ident(&op.error_alias),
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

/// Emits everything of one operation that lives in the `operations` module.
pub fn emit_operation(
    service: &Service,
    op: &Operation,
    crate_name: &str,
    protocol: &dyn WireProtocol,
    decorators: &[&dyn Decorator],
) -> TokenStream {
    let OpNames {
        op: op_ident,
        error,
        ..
    } = names(op);
    let input = input_type(service, op);
    let output = output_type(service, op);
    let name = &op.name;
    let ins = members(service, op.input.as_ref());
    let outs = members(service, op.output.as_ref());
    let cx = OpCx {
        service,
        op,
        ins,
        outs,
        input: input.clone(),
        output: output.clone(),
        decorators,
    };
    let OperationWire {
        spec,
        request: (input_param, mut build),
        read_output,
        read_input,
        write_output,
        shape_items,
    } = protocol.operation(&cx);
    // What every protocol's requests get: compression, the service's
    // customizations, checksums.
    if op.gzip {
        build.push(quote! { r.gzip(); });
    }
    for d in decorators {
        build.extend(d.request(service, ins));
    }
    if op.checksum_required {
        build.push(quote! { r.content_md5(); });
    }
    // An operation that takes anything but SigV4 alone says what (the
    // client's signer and token layers follow it; without the mark a
    // request takes SigV4 alone). A service with no authentication at all
    // has no client that authenticates, so nothing to tell.
    let authenticates = service.signing_name.is_some() || service.bearer;
    if authenticates && op.auth != [AuthScheme::SigV4] {
        let schemes = op.auth.iter().map(|a| {
            let v = match a {
                AuthScheme::SigV4 => quote! { SigV4 },
                AuthScheme::Bearer => quote! { Bearer },
                AuthScheme::Anonymous => quote! { Anonymous },
            };
            quote! { rt::AuthScheme::#v }
        });
        build.push(quote! { r.auth(&[#(#schemes),*]); });
    }

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
            #[inline]
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
    let mut alias_doc = format!(
        " The errors of the `{}` operation: [`{1}`](crate::operations::error_sets::{1}).",
        op.name, op.error_set
    );
    // Where a reader finds what each one means and how to match on them.
    if let Some(input) = op.input.as_ref().and_then(|i| service.shapes.get(i)) {
        alias_doc.push_str(&format!(
            " [`{0}`](crate::{0}#errors) lists them with their meanings and shows a `match` on the result; an error the model does not list arrives as `Unhandled`, with its code.",
            input.rust_name
        ));
    }
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
    let route = protocol.route_text(service, op);
    let op_doc = match op.input.as_ref().and_then(|i| service.shapes.get(i)) {
        // Its first words are what a search for the operation shows: where the synopsis is.
        Some(s) => format!(
            " Synopsis and arguments: [`{0}`](crate::{0}). The marker of the `{name}` operation ({route}).",
            s.rust_name
        ),
        None => {
            format!(" The marker of the `{name}` operation ({route}), which takes no arguments.")
        }
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
            const SPEC: rt::Operation = #spec;
            #shape_items

            #[inline]
            fn serialize_request(#input_param: &Self::Input) -> Result<rt::HttpRequest, rt::BuildError> {
                let mut r = rt::RequestBuilder::new(&Self::SPEC);
                #(#build)*
                r.build()
            }

            #[inline]
            fn parse_output(response: &rt::HttpResponse) -> Result<Self::Output, rt::Error<Self::Error>> {
                #read_output
            }

            #token_fn
        }

        #[cfg(feature = "server")]
        #[allow(deprecated)]
        impl rt::ServerOperation for #op_ident {
            #[inline]
            fn parse_request(request: &rt::HttpRequest, bindings: &rt::Bindings) -> Result<Self::Input, rt::InputError> {
                #read_input
            }

            #[inline]
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

            #[inline]
            fn set_token(input: &mut Self::Input, token: Option<String>) {
                #set
            }

            #[inline]
            fn next_token(output: &Self::Output) -> Option<&str> {
                #get
            }

            #[inline]
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
    let protocol = super::protocol::of(service);
    let to_response = errs.iter().map(|s| protocol.error_response(service, s));
    let unhandled_response = protocol.unhandled_response();
    let from_response = protocol.error_from_response(&errs);
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
            #[inline]
            pub fn code(&self) -> &str {
                match self {
                    #(#code_arms,)*
                    Self::Unhandled(u) => &u.code,
                }
            }
        }

        impl ::std::fmt::Display for #error {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display,)*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        impl ::std::error::Error for #error {}

        impl rt::ServiceError for #error {
            #[inline]
            fn from_code(code: &str, message: Option<String>, status: u16, body: &[u8]) -> Self {
                #from_code_body
            }

            #[inline]
            fn unhandled(error: rt::UnhandledError) -> Self {
                Self::Unhandled(error)
            }

            #from_response
        }

        #[cfg(feature = "server")]
        impl rt::ServerError for #error {
            #[inline]
            fn to_response(&self) -> rt::HttpResponse {
                match self {
                    #(#to_response,)*
                    Self::Unhandled(u) => #unhandled_response,
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

/// An operation's entry on the service trait's page, kept to three lines
/// (370 of them make one page): the operation and its route, its first
/// sentence, and a link to its input (whose page has the synopsis, the
/// constraints and the errors; the signature links the rest).
fn method_docs(service: &Service, op: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    let summary = op
        .docs
        .as_ref()
        .and_then(|d| d.summary.clone())
        .unwrap_or_default();
    lines.push(
        format!(
            "`{}` ({}): {summary}",
            op.name,
            super::protocol::of(service).route_text(service, op)
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
        " {}'s endpoints: the model's rules (`smithy.rules#endpointRuleSet`) over AWS's partition data, both embedded, resolved by [`runtime::endpoints`](crate::runtime::endpoints).",
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
        " Every [`Handler`](crate::runtime::rest::Handler) implements [`{trait_name}`](crate::{trait_name}): the [`Client`] does, and so does a fake of your own that handles every operation with one generic method (record the calls, answer from a table)."
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
            // Where the model says some operations take no signature.
            let unsigned: Vec<String> = service
                .operations
                .iter()
                .filter(|o| !o.auth.contains(&AuthScheme::SigV4))
                .map(|o| format!("`{}`", o.name))
                .collect();
            let optional = service.operations.iter().any(|o| {
                o.auth.contains(&AuthScheme::SigV4) && o.auth.contains(&AuthScheme::Anonymous)
            });
            let mut auth_lines = Vec::new();
            if !unsigned.is_empty() {
                auth_lines.push(String::new());
                auth_lines.push(format!(
                    "The model's authentication holds per operation: {} take no signature and are sent unsigned.",
                    unsigned.join(", ")
                ));
            }
            if optional {
                auth_lines.push(String::new());
                auth_lines.push("Operations with `@optionalAuth` are sent unsigned when there are no credentials at all.".to_string());
            }
            let auth_doc = doc_attrs(&auth_lines);
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
                #auth_doc
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
    let bearer = bearer_client(service, crate_name, endpoints);
    quote! {
        use ::smithy_runtime::rest as rt;
        #[doc = #doc]
        ///
        /// It fills unset idempotency tokens (UUID v4) and, by default, checks
        /// required members before sending ([`runtime::rest::Validation`](crate::runtime::rest::Validation) selects more or less).
        pub type Client<T> = rt::Client<T>;

        #aws

        #bearer

        #[doc = #handler_doc]
        impl<H: rt::Handler> crate::#trait_ident for H {
            #(#methods)*
        }
    }
}

/// `bearer_client` (the `aws` feature), for a service whose operations take
/// bearer tokens: each call that takes one carries `Authorization: Bearer`.
fn bearer_client(service: &Service, crate_name: &str, endpoints: bool) -> TokenStream {
    if !service.bearer {
        return quote! {};
    }
    let prefix = service
        .endpoint_prefix
        .clone()
        .or_else(|| service.signing_name.clone());
    let endpoint = match (endpoints, prefix) {
        (true, _) => quote! {
            let endpoint = match endpoint {
                Some(e) => e.to_owned(),
                None => {
                    let settings = crate::endpoints::EndpointSettings { region: Some(region.to_owned()), ..Default::default() };
                    crate::endpoints::resolve_endpoint(&settings).map_err(::smithy_runtime::aws::SignError::new)?.url
                }
            };
        },
        (false, Some(prefix)) => quote! {
            let endpoint = endpoint.map_or_else(|| ::smithy_runtime::aws::default_endpoint(#prefix, region), ToOwned::to_owned);
        },
        (false, None) => quote! {
            let _ = region;
            let endpoint = endpoint.ok_or_else(|| ::smithy_runtime::aws::SignError::new("the model names no endpoint for this service: give one"))?.to_owned();
        },
    };
    let example = [
        "".to_string(),
        " ```".to_string(),
        format!(" use {crate_name}::bearer_client;"),
        format!(" use {crate_name}::runtime::aws::{{EnvironmentToken, Token}};"),
        format!(" use {crate_name}::runtime::{{http, rest::{{Transport, TransportError}}}};"),
        " # struct Http;".to_string(),
        " # impl Transport for Http {".to_string(),
        " #     async fn send(&self, _: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, TransportError> { Err(TransportError::new(\"not sent\")) }".to_string(),
        " # }".to_string(),
        " // A token of your own, for a given endpoint (a local fake).".to_string(),
        " let token = Token::new(\"my-token\", None);".to_string(),
        " let local = bearer_client(Http, \"us-east-1\", Some(\"https://localhost:8443\"), token).unwrap();".to_string(),
        " ```".to_string(),
    ]
    .join("\n");
    let example = doc_block(&example);
    let title = &service.title;
    let doc = format!(
        " A client for {title} that authenticates with a bearer token (`@httpBearerAuth`): each call of an operation that takes one carries `Authorization: Bearer <token>`, the token from `token` (a [`Token`](crate::runtime::aws::Token), an [`EnvironmentToken`](crate::runtime::aws::EnvironmentToken), or any `ProvideToken`). Calls go through `transport` to `endpoint`, or to the region's endpoint when it is `None`, retrying throttled and transient failures with AWS's standard strategy. Operations that take no token are sent without one."
    );
    quote! {
        #[doc = #doc]
        #example
        #[cfg(feature = "aws")]
        pub fn bearer_client<T: rt::Transport>(
            transport: T,
            region: &str,
            endpoint: Option<&str>,
            token: impl ::smithy_runtime::aws::ProvideToken + 'static,
        ) -> Result<Client<::smithy_runtime::retry::Retry<::smithy_runtime::aws::Bearer<rt::AtEndpoint<T>>>>, ::smithy_runtime::aws::SignError> {
            #endpoint
            let at = rt::Endpoint::new(&endpoint).map_err(|e| ::smithy_runtime::aws::SignError::new(e.to_string()))?;
            let bearer = ::smithy_runtime::aws::Bearer::new(rt::AtEndpoint::new(transport, at), token);
            Ok(Client::new(::smithy_runtime::retry::Retry::new(bearer)))
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
    let protocol = super::protocol::of(service);
    let route = protocol.route(service);
    let admit = protocol.admit();
    let runtime_protocol = protocol.runtime_protocol();
    let serve_doc = " Serves `service` over HTTP/1.1 on `addr` (`\"127.0.0.1:0\"`: a free loopback port) with [`dispatch`], until the returned server is shut down or dropped, with the default [`ServeSettings`](crate::runtime::serve::ServeSettings). Any client whose endpoint you can set can call it (the AWS CLI, boto3, an AWS SDK, [`Client`](crate::Client)); the crate root shows a test that does. Call it inside a tokio runtime, which then runs the server.";
    let doc = format!(
        " Serves one HTTP request with an implementation of [`{trait_name}`](crate::{trait_name}): {}, reads and validates the input (400 `ValidationException` or `SerializationException` as a Smithy server answers), calls the method, and writes the output or error. {}",
        protocol.routing_doc(),
        protocol.unknown_doc()
    );
    quote! {
        use ::smithy_runtime::rest as rt;
        #[doc = #doc]
        pub async fn dispatch<S: crate::#trait_ident>(service: &S, request: rt::HttpRequest) -> rt::HttpResponse {
            dispatch_with_limits(service, request, &rt::Limits::default()).await
        }

        /// [`dispatch`] with the limits given instead of the defaults (the largest body read).
        pub async fn dispatch_with_limits<S: crate::#trait_ident>(service: &S, mut request: rt::HttpRequest, limits: &rt::Limits) -> rt::HttpResponse {
            if let Some(refusal) = #admit {
                return refusal;
            }
            route(service, &request).await
        }

        #[doc = #serve_doc]
        #[cfg(feature = "serve")]
        pub async fn serve<S: crate::#trait_ident + 'static>(service: S, addr: impl std::net::ToSocketAddrs) -> std::io::Result<::smithy_runtime::serve::Server> {
            serve_with(service, addr, ::smithy_runtime::serve::ServeSettings::default()).await
        }

        /// [`serve`] with the settings given: the limits `dispatch` applies, timeouts, the connection count, TLS.
        #[cfg(feature = "serve")]
        pub async fn serve_with<S: crate::#trait_ident + 'static>(service: S, addr: impl std::net::ToSocketAddrs, settings: ::smithy_runtime::serve::ServeSettings) -> std::io::Result<::smithy_runtime::serve::Server> {
            let service = std::sync::Arc::new(service);
            let limits = settings.limits;
            ::smithy_runtime::serve::serve(addr, #runtime_protocol, settings, move |request| {
                let service = service.clone();
                async move { dispatch_with_limits(&*service, request, &limits).await }
            })
            .await
        }

        /// Picks the operation; each one's future is boxed, so that `dispatch`
        /// is not one state machine with a variant per operation.
        fn route<'a, S: crate::#trait_ident>(service: &'a S, request: &'a rt::HttpRequest) -> std::pin::Pin<Box<dyn std::future::Future<Output = rt::HttpResponse> + Send + 'a>> {
            #route
        }
    }
}
