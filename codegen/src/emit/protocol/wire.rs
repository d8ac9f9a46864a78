//! What every protocol plug-in shares: the interface ([`WireProtocol`]),
//! what it is given of an operation ([`OpCx`]), what it returns
//! ([`OperationWire`]), and helpers.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::common::ident;
use crate::emit::decorate::Decorator;
use crate::ir::*;

/// What a protocol needs to know of one operation.
pub struct OpCx<'s> {
    /// The service.
    pub service: &'s Service,
    /// The operation.
    pub op: &'s Operation,
    /// The input's members (none without an input).
    pub ins: &'s [Member],
    /// The output's members (none without an output).
    pub outs: &'s [Member],
    /// The input type (`crate::StartChatContactRequest`, or `()`).
    pub input: TokenStream,
    /// The output type (`crate::StartChatContactResponse`, or `()`).
    pub output: TokenStream,
    /// The service's customizations.
    pub decorators: &'s [&'s dyn Decorator],
}

impl OpCx<'_> {
    /// Whether the operation has an input structure.
    pub fn has_input(&self) -> bool {
        self.op.input.is_some()
    }

    /// Whether the operation has an output structure.
    pub fn has_output(&self) -> bool {
        self.op.output.is_some()
    }
}

/// The bodies of one operation's wire functions, as a protocol writes them.
pub struct OperationWire {
    /// The `rt::Operation` value of `SPEC`.
    pub spec: TokenStream,
    /// `serialize_request`'s parameter name (`input`, or `_input` when unused)
    /// and its statements on `r`, an `rt::RequestBuilder` made from `SPEC`.
    pub request: (TokenStream, Vec<TokenStream>),
    /// `parse_output`'s body (`response` is the `rt::HttpResponse`).
    pub read_output: TokenStream,
    /// `parse_request`'s body (`request`, `bindings`).
    pub read_input: TokenStream,
    /// `serialize_output`'s body (`output`).
    pub write_output: TokenStream,
    /// More items of the `rt::OperationShape` impl (constants the protocol overrides).
    pub shape_items: TokenStream,
}

/// A wire protocol.
pub trait WireProtocol: Sync {
    /// The operation's route as the docs name it (`` `PUT /contact/chat` ``).
    fn route_text(&self, service: &Service, op: &Operation) -> String;
    /// The operation's wire functions.
    fn operation(&self, cx: &OpCx<'_>) -> OperationWire;
    /// The `to_response` arm of an error enum for the error `shape`
    /// (variant `Self::<rust_name>(e)`).
    fn error_response(&self, service: &Service, shape: &NamedShape) -> TokenStream;
    /// `ServiceError::from_response`, when errors need more than their body
    /// (members bound to headers); empty otherwise.
    fn error_from_response(&self, errors: &[&NamedShape]) -> TokenStream;
    /// The statements of `dispatch`'s `route` function (`service`, `request`),
    /// ending in the answer to a request no operation takes.
    fn route(&self, service: &Service) -> TokenStream;
    /// The response to an unmodeled error `u` (an `rt::UnhandledError`)
    /// that an implementation returned.
    fn unhandled_response(&self) -> TokenStream {
        quote! { rt::unhandled_response(u) }
    }
    /// The expression of `dispatch_with_limits` that applies `limits` to
    /// `request` (an `Option` of the refusal).
    fn admit(&self) -> TokenStream {
        quote! { rt::admit(&mut request, limits) }
    }
    /// The runtime's `rt::Protocol` value: how the server words its own refusals.
    fn runtime_protocol(&self) -> TokenStream {
        quote! { rt::Protocol::RestJson1 }
    }
    /// How `dispatch`'s docs say a request finds its operation (`routes it by …`).
    fn routing_doc(&self) -> &'static str;
    /// What `dispatch`'s docs say of a request no operation takes.
    fn unknown_doc(&self) -> &'static str;
}

/// A dispatch arm's call of the service method (`|input| service.m(input)`).
pub(super) fn method_call(op: &Operation) -> TokenStream {
    let method = ident(&op.method);
    if op.input.is_some() {
        quote! { |input| service.#method(input) }
    } else {
        quote! { |_| service.#method() }
    }
}

/// An error structure's members.
pub(super) fn error_members(s: &NamedShape) -> &[Member] {
    match &s.kind {
        ShapeKind::Structure(st) => &st.members,
        _ => &[],
    }
}

/// `Some(&x.f)` for a required or defaulted member, `x.f.as_ref()` for an optional one.
pub(super) fn value_ref(m: &Member, root: &TokenStream) -> TokenStream {
    let f = ident(&m.rust_name);
    match (&m.presence, m.boxed) {
        (Presence::Optional, true) => quote! { #root.#f.as_deref() },
        (Presence::Optional, false) => quote! { #root.#f.as_ref() },
        (_, true) => quote! { Some(&*#root.#f) },
        (_, false) => quote! { Some(&#root.#f) },
    }
}

/// `r.host_prefix(…)` for an operation with `@endpoint`'s `hostPrefix`,
/// its labels filled from the input's `@hostLabel` members.
pub(super) fn host_prefix(cx: &OpCx<'_>) -> Option<TokenStream> {
    let prefix = cx.op.host_prefix.as_ref()?;
    let input_root = quote! { input };
    let labels = cx.ins.iter().filter(|m| m.host_label).map(|m| {
        let name = &m.name;
        let value = value_ref(m, &input_root);
        quote! { (#name, #value) }
    });
    Some(quote! { r.host_prefix(#prefix, &[#(#labels),*])?; })
}
