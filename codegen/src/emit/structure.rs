//! Structures: the struct, `new`/`with_*`, JSON and serde impls, and for
//! error structures `Display` and `std::error::Error`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::*;
use crate::ir::*;
use crate::naming::unraw;

/// Emits one structure:
///
/// ```text
/// /// docs…
/// #[derive(Clone, PartialEq, Debug)]
/// #[non_exhaustive]
/// pub struct ChatMessage { pub content_type: String, pub content: String }
/// impl ChatMessage { pub fn new(content_type: impl Into<String>, content: impl Into<String>) -> Self {…} }
/// impl ToJson for ChatMessage {…}
/// impl FromJson for ChatMessage {…}
/// impl serde::Serialize for ChatMessage {…}            // through ToJson
/// impl serde::Deserialize<'_> for ChatMessage {…}     // through FromJson
/// ```
pub fn emit_structure(
    service: &Service,
    shape: &NamedShape,
    st: &Structure,
    docs: Vec<String>,
) -> TokenStream {
    let name = ident(&shape.rust_name);
    let Structure {
        members,
        is_input: _,
        error,
    } = st;
    let doc = doc_attrs(&docs);

    let fields = members.iter().map(|m| {
        let f = ident(&m.rust_name);
        let t = field_type(m);
        let d = doc_attrs(&member_docs(service, m));
        let dep = deprecated_attr(m.deprecated.as_ref());
        quote! { #d #dep pub #f: #t }
    });

    let custom_debug = shape.sensitive || members.iter().any(|m| shows_sensitive(&m.ty));
    let derives = if custom_debug {
        quote! { #[derive(Clone, PartialEq)] }
    } else {
        quote! { #[derive(Clone, PartialEq, Debug)] }
    };
    let shape_dep = deprecated_attr(shape.deprecated.as_ref());

    let constructor = emit_constructor(&shape.rust_name, members);
    let setters = members
        .iter()
        .filter(|m| m.presence != Presence::Required)
        .map(emit_setter);
    let default_impl = if members.iter().all(|m| m.presence != Presence::Required) {
        quote! {
            impl ::std::default::Default for #name {
                #[inline]
                fn default() -> Self { Self::new() }
            }
        }
    } else {
        quote! {}
    };
    let debug_impl = if custom_debug {
        emit_debug(shape, members)
    } else {
        quote! {}
    };
    let json = emit_json(&shape.rust_name, members);
    let serde = serde_impls(&name);
    let error_impls = error
        .as_ref()
        .map(|e| emit_error_impls(shape, e))
        .unwrap_or_default();

    quote! {
        #doc
        #derives
        #[non_exhaustive]
        #shape_dep
        pub struct #name { #(#fields,)* }

        #[allow(deprecated)]
        impl #name {
            #constructor
            #(#setters)*
        }

        #default_impl
        #debug_impl
        #json
        #error_impls
        #serde
    }
}

fn deprecated_attr(d: Option<&Deprecated>) -> TokenStream {
    match d {
        None => quote! {},
        Some(Deprecated {
            message: Some(m), ..
        }) => quote! { #[deprecated(note = #m)] },
        Some(_) => quote! { #[deprecated] },
    }
}

/// A member's field docs: its documentation, then the facts that matter to a caller.
pub fn member_docs(service: &Service, m: &Member) -> Vec<String> {
    let mut lines = doc_lines(m.docs.as_ref(), || format!("The `{}` member.", m.name));
    let mut facts = Vec::new();
    match &m.presence {
        Presence::Required => facts.push("**Required.**".to_string()),
        Presence::Default(d) => facts.push(format!("Defaults to {} when absent.", default_text(d))),
        Presence::Optional if m.required && m.idempotency_token => {
            facts.push("**Required** by the service; left unset, it is filled with a fresh UUID v4 by the client.".into())
        }
        Presence::Optional if m.model_default.is_some() => {
            let d = m.model_default.as_ref().map(default_text).unwrap_or_default();
            facts.push(format!("The service uses {d} when this is not sent."));
        }
        Presence::Optional if m.required => facts.push("**Required** by the service, but optional here (`@clientOptional`).".into()),
        Presence::Optional => {}
    }
    if m.idempotency_token && !m.required {
        facts.push(
            "Idempotency token: filled with a fresh UUID v4 by the client when left unset.".into(),
        );
    }
    let enum_of = |ty: &Ty| match &ty.kind {
        TyKind::Named(r) if matches!(r.kind, NamedKind::Enum | NamedKind::IntEnum) => {
            let values = super::docs::enum_values(service, &r.id, super::docs::VALUES_SHOWN)
                .unwrap_or_default();
            Some(format!("[`{0}`](crate::{0}): {values}", r.rust_name))
        }
        _ => None,
    };
    match &m.ty.kind {
        TyKind::List(item) => {
            if let Some(e) = enum_of(item) {
                facts.push(format!("Each item is a {e}."));
            }
        }
        _ => {
            if let Some(e) = enum_of(&m.ty) {
                facts.push(format!("A {e}."));
            }
        }
    }
    facts.extend(constraint_lines(&m.ty));
    if shows_sensitive(&m.ty) {
        facts.push("Sensitive: redacted in `Debug` output.".into());
    }
    if let Some(d) = &m.deprecated {
        facts.push(match &d.message_markdown {
            Some(msg) => format!("Deprecated: {msg}"),
            None => "Deprecated.".into(),
        });
    }
    match &m.binding {
        Binding::Body => {}
        Binding::Label => facts.push("Sent in the URI path.".into()),
        Binding::Query(q) => facts.push(format!("Sent as the query parameter `{q}`.")),
        Binding::Header(h) => facts.push(format!("Sent as the HTTP header `{h}`.")),
        Binding::ResponseCode => facts.push("The HTTP status code of the response.".into()),
        Binding::Payload => facts.push(match &m.ty.media_type {
            Some(t) => format!("Sent as the whole HTTP body (`{t}`)."),
            None => "Sent as the whole HTTP body.".into(),
        }),
        Binding::PrefixHeaders(p) => facts.push(format!(
            "Sent as HTTP headers, one per entry, named `{p}` followed by the key."
        )),
        Binding::QueryParams => facts.push(
            "Sent as query parameters, one per entry (those not set by another member).".into(),
        ),
    }
    if !facts.is_empty() {
        lines.push(String::new());
        lines.push(facts.join(" "));
    }
    lines
}

fn default_text(d: &DefaultValue) -> String {
    match d {
        DefaultValue::Bool(b) => format!("`{b}`"),
        DefaultValue::Int(i) => format!("`{i}`"),
        DefaultValue::Float(f) => format!("`{f:?}`"),
        DefaultValue::String(s) => inline_code(&format!("{s:?}")),
        DefaultValue::Timestamp(t) => format!("`{t}` (epoch seconds)"),
        DefaultValue::Blob(b) if b.is_empty() => "no bytes".into(),
        DefaultValue::Blob(b) => format!("the bytes of base64 {}", inline_code(b)),
        DefaultValue::EmptyList => "an empty list".into(),
        DefaultValue::EmptyMap => "an empty map".into(),
        DefaultValue::Document(v) => inline_code(&v.to_string()),
    }
}

/// The Rust expression for a default value of a member.
fn default_expr(m: &Member, d: &DefaultValue) -> TokenStream {
    match (d, &m.ty.kind) {
        (DefaultValue::Bool(b), _) => quote! { #b },
        (DefaultValue::Int(i), TyKind::Named(r)) => {
            let t = ident(&r.rust_name);
            let v = *i as i32;
            quote! { crate::#t::from_value(#v) }
        }
        (DefaultValue::Int(i), TyKind::Float | TyKind::Double) => {
            let f = *i as f64;
            literal_float(f, &m.ty.kind)
        }
        (DefaultValue::Int(i), kind) => {
            let lit = match kind {
                TyKind::Byte => proc_macro2::Literal::i8_suffixed(*i as i8),
                TyKind::Short => proc_macro2::Literal::i16_suffixed(*i as i16),
                TyKind::Integer => proc_macro2::Literal::i32_suffixed(*i as i32),
                _ => proc_macro2::Literal::i64_suffixed(*i),
            };
            quote! { #lit }
        }
        (DefaultValue::Float(f), kind) => literal_float(*f, kind),
        (DefaultValue::String(s), TyKind::Named(r)) => {
            let t = ident(&r.rust_name);
            quote! { crate::#t::from_str_value(#s) }
        }
        (DefaultValue::String(s), TyKind::BigInteger) => {
            quote! { ::smithy_runtime::BigInteger::new(#s) }
        }
        (DefaultValue::String(s), TyKind::BigDecimal) => {
            quote! { ::smithy_runtime::BigDecimal::new(#s) }
        }
        (DefaultValue::String(s), _) => quote! { ::std::string::String::from(#s) },
        (DefaultValue::Timestamp(t), _) => {
            let secs = t.trunc() as i64;
            let nanos = ((t - t.trunc()) * 1e9).round().clamp(0.0, 999_999_999.0) as u32;
            if nanos == 0 {
                quote! { ::smithy_runtime::DateTime::from_secs(#secs) }
            } else {
                quote! { ::smithy_runtime::DateTime::from_secs_and_nanos(#secs, #nanos).unwrap_or(::smithy_runtime::DateTime::UNIX_EPOCH) }
            }
        }
        (DefaultValue::Blob(b64), _) if b64.is_empty() => quote! { ::std::vec::Vec::new() },
        // Checked to be base64 when the model was lowered.
        (DefaultValue::Blob(b64), _) => {
            quote! { ::smithy_runtime::base64::decode(#b64).unwrap_or_default() }
        }
        (DefaultValue::EmptyList, _) => quote! { ::std::vec::Vec::new() },
        (DefaultValue::EmptyMap, _) => quote! { ::std::collections::BTreeMap::new() },
        (DefaultValue::Document(v), _) => {
            let text = v.to_string();
            quote! { ::smithy_runtime::serde_json::from_str(#text).unwrap_or_default() }
        }
    }
}

fn literal_float(f: f64, kind: &TyKind) -> TokenStream {
    if matches!(kind, TyKind::Float) {
        let lit = proc_macro2::Literal::f32_suffixed(f as f32);
        quote! { #lit }
    } else {
        let lit = proc_macro2::Literal::f64_suffixed(f);
        quote! { #lit }
    }
}

/// `new(required…)`: required members in model order; strings taken as `impl Into<String>`.
fn emit_constructor(type_name: &str, members: &[Member]) -> TokenStream {
    let required: Vec<&Member> = members
        .iter()
        .filter(|m| m.presence == Presence::Required)
        .collect();
    let params = required.iter().map(|m| {
        let f = ident(&m.rust_name);
        if is_string(m) {
            quote! { #f: impl ::std::convert::Into<::std::string::String> }
        } else {
            let t = rust_type(&m.ty);
            quote! { #f: #t }
        }
    });
    let inits = members.iter().map(|m| {
        let f = ident(&m.rust_name);
        match &m.presence {
            Presence::Required if is_string(m) => quote! { #f: #f.into() },
            Presence::Required if m.boxed => quote! { #f: ::std::boxed::Box::new(#f) },
            Presence::Required => quote! { #f },
            Presence::Optional => quote! { #f: None },
            Presence::Default(d) => {
                let e = default_expr(m, d);
                quote! { #f: #e }
            }
        }
    });
    let doc = if required.is_empty() {
        format!(" Creates a `{type_name}` with every member unset (or at its model default).")
    } else {
        let names: Vec<String> = required
            .iter()
            .map(|m| format!("`{}`", unraw(&m.rust_name)))
            .collect();
        format!(
            " Creates a `{type_name}` from its required members ({}); the others start unset or at their model default.",
            names.join(", ")
        )
    };
    // `None` from std, whatever the model names a type: the import is the
    // innermost scope (and keeps a field of a long name on one line).
    let none = members
        .iter()
        .any(|m| m.presence == Presence::Optional)
        .then(|| quote! { use ::std::option::Option::None; });
    quote! {
        #[doc = #doc]
        #[inline]
        #[allow(clippy::new_without_default, clippy::too_many_arguments)]
        pub fn new(#(#params),*) -> Self {
            #none
            Self { #(#inits,)* }
        }
    }
}

fn is_string(m: &Member) -> bool {
    matches!(m.ty.kind, TyKind::String) && !m.boxed
}

/// `with_x(value)`: sets an optional or defaulted member, builder style.
fn emit_setter(m: &Member) -> TokenStream {
    let setter = format_ident!("with_{}", unraw(&m.rust_name));
    let doc = if m.rust_name.starts_with("r#") {
        format!(" Sets the `{}` field.", unraw(&m.rust_name))
    } else {
        format!(" Sets [`{0}`](Self::{0}).", m.rust_name)
    };
    let (param, value) = if is_string(m) {
        (
            quote! { ::std::convert::Into<::std::string::String> },
            quote! { value.into() },
        )
    } else if m.boxed {
        let t = rust_type(&m.ty);
        (
            quote! { ::std::convert::Into<#t> },
            quote! { ::std::boxed::Box::new(value.into()) },
        )
    } else if matches!(
        m.ty.kind,
        TyKind::Boolean
            | TyKind::Byte
            | TyKind::Short
            | TyKind::Integer
            | TyKind::Long
            | TyKind::Float
            | TyKind::Double
    ) {
        // Plain numbers: `impl Into<i16>` would make `with_x(1)` fail to infer.
        let t = rust_type(&m.ty);
        // Not generic: `#[inline]`, so that its machine code is made where it is used.
        return setter_fn(
            m,
            &setter,
            &doc,
            quote! { value: #t },
            quote! { value },
            true,
        );
    } else {
        let t = rust_type(&m.ty);
        (quote! { ::std::convert::Into<#t> }, quote! { value.into() })
    };
    setter_fn(
        m,
        &setter,
        &doc,
        quote! { value: impl #param },
        value,
        false,
    )
}

fn setter_fn(
    m: &Member,
    setter: &proc_macro2::Ident,
    doc: &str,
    param: TokenStream,
    value: TokenStream,
    inline: bool,
) -> TokenStream {
    let f = ident(&m.rust_name);
    let inline = inline.then(|| quote! { #[inline] });
    // One statement: a `let` would cost every setter a local (measured in
    // issue 21: about 19 MB of the Connect crate's build). The prelude's
    // `Some`, so that a member of a long name fits a line: a type file
    // declares no value named `Some` (generated structures have braces).
    let assign = match m.presence {
        Presence::Optional => quote! { self.#f = Some(#value); },
        _ => quote! { self.#f = #value; },
    };
    let dep = if m.deprecated.is_some() {
        quote! { #[allow(deprecated)] }
    } else {
        quote! {}
    };
    quote! {
        #[doc = #doc]
        #inline
        #dep
        pub fn #setter(mut self, #param) -> Self {
            #assign
            self
        }
    }
}

/// `Debug` that prints sensitive members (or the whole value) as redacted.
fn emit_debug(shape: &NamedShape, members: &[Member]) -> TokenStream {
    let name = ident(&shape.rust_name);
    let label = &shape.rust_name;
    if shape.sensitive {
        return quote! {
            impl ::std::fmt::Debug for #name {
                #[inline]
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_tuple(#label).field(&::smithy_runtime::Redacted).finish()
                }
            }
        };
    }
    let fields = members.iter().map(|m| {
        let f = ident(&m.rust_name);
        let key = unraw(&m.rust_name);
        if shows_sensitive(&m.ty) {
            quote! { .field(#key, &::smithy_runtime::Redacted) }
        } else {
            quote! { .field(#key, &self.#f) }
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            #[inline]
            #[allow(deprecated)]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish_non_exhaustive()
            }
        }
    }
}

/// `ToJson` and `FromJson`, one line per member.
///
/// `from_json` reads each member into its place with one `_into` call (the
/// decoder keeps the first error), so that its body holds no `?` and
/// nothing to drop between members: into the fields of `Self::new()` when
/// the structure has no required member, else into locals that become the
/// structure once its required members are known to be set.
fn emit_json(type_name: &str, members: &[Member]) -> TokenStream {
    let name = ident(type_name);
    let writes = members.iter().map(|m| field_write(m, quote! { self }));
    let o_write = if members.is_empty() {
        quote! { o }
    } else {
        quote! { mut o }
    };
    let read_body = if members.is_empty() {
        quote! {
            d.object(v)?;
            ::std::result::Result::Ok(Self {})
        }
    } else if members.iter().all(|m| m.presence != Presence::Required) {
        let reads = members.iter().map(|m| {
            let f = ident(&m.rust_name);
            body_read_into(m, quote! { s.#f })
        });
        quote! {
            let o = d.object(v)?;
            let mut s = Self::new();
            #(#reads)*
            d.finish()?;
            ::std::result::Result::Ok(s)
        }
    } else {
        // Each member's local is named after its field (so that the
        // structure is built in shorthand), unless that is a parameter's name.
        let local = |m: &Member| match m.rust_name.as_str() {
            "v" | "d" | "o" => format_ident!("m_{}", m.rust_name),
            _ => ident(&m.rust_name),
        };
        let inits = members.iter().map(|m| {
            let l = local(m);
            match &m.presence {
                Presence::Default(def) => {
                    let e = default_expr(m, def);
                    quote! { let mut #l = #e; }
                }
                _ => quote! { let mut #l = None; },
            }
        });
        let reads = members.iter().map(|m| {
            let l = local(m);
            body_read_into(m, quote! { #l })
        });
        let required: Vec<_> = members
            .iter()
            .filter(|m| m.presence == Presence::Required)
            .map(local)
            .collect();
        let unwrap = if let [one] = required.as_slice() {
            quote! {
                let Some(#one) = #one else {
                    return ::std::result::Result::Err(d.fail());
                };
            }
        } else {
            quote! {
                let (#(Some(#required),)*) = (#(#required,)*) else {
                    return ::std::result::Result::Err(d.fail());
                };
            }
        };
        let fields = members.iter().map(|m| {
            let f = ident(&m.rust_name);
            let l = local(m);
            if f == l {
                quote! { #f }
            } else {
                quote! { #f: #l }
            }
        });
        // `None` and `Some` from std, whatever the model names a type.
        quote! {
            use ::std::option::Option::{None, Some};
            let o = d.object(v)?;
            #(#inits)*
            #(#reads)*
            #unwrap
            d.finish()?;
            ::std::result::Result::Ok(Self { #(#fields,)* })
        }
    };
    quote! {
        impl ::smithy_runtime::json::ToJson for #name {
            #[inline]
            #[allow(deprecated)]
            fn write_json(&self, out: &mut ::smithy_runtime::json::JsonWriter) {
                let #o_write = out.object();
                #(#writes)*
                o.end();
            }
        }
        impl ::smithy_runtime::json::FromJson for #name {
            #[inline]
            #[allow(deprecated)]
            fn from_json<'v>(v: &'v ::smithy_runtime::serde_json::Value, d: &mut ::smithy_runtime::json::Decoder<'v>) -> ::std::result::Result<Self, ::smithy_runtime::json::DecodeError> {
                #read_body
            }
        }
    }
}

/// The statement that reads member `m` from the JSON object `o` into
/// `slot` (a place: `Option<T>` for required and optional members, `T`
/// holding the model default for defaulted ones) with the decoder `d`; a
/// server fills in an absent optional member's model default.
fn body_read_into(m: &Member, slot: TokenStream) -> TokenStream {
    let key = &m.wire_name;
    let read = match (&m.presence, codec(&m.ty)) {
        (Presence::Required, Some(c)) => quote! { d.required_as_into(o, #key, &#c, &mut #slot); },
        (Presence::Required, None) => quote! { d.required_into(o, #key, &mut #slot); },
        (Presence::Optional, Some(c)) => quote! { d.optional_as_into(o, #key, &#c, &mut #slot); },
        (Presence::Optional, None) => quote! { d.optional_into(o, #key, &mut #slot); },
        (Presence::Default(_), Some(c)) => {
            quote! { d.defaulted_as_into(o, #key, &#c, &mut #slot); }
        }
        (Presence::Default(_), None) => quote! { d.defaulted_into(o, #key, &mut #slot); },
    };
    match &m.model_default {
        Some(def) if m.presence == Presence::Optional && m.binding != Binding::Payload => {
            let e = default_expr(m, def);
            let e = if m.boxed {
                quote! { ::std::boxed::Box::new(#e) }
            } else {
                e
            };
            quote! {
                #read
                if #slot.is_none() && d.fills_defaults() {
                    #slot = ::std::option::Option::Some(#e);
                }
            }
        }
        _ => read,
    }
}

/// The expression that reads member `m` from the JSON object `o` with the
/// decoder `d`: `d.required(o, "Key")?`, `d.optional(o, "Key")?`, the `_as`
/// forms with a [`codec`], and the model default filled in where it has one.
pub(crate) fn body_read(m: &Member) -> TokenStream {
    let key = &m.wire_name;
    match (&m.presence, codec(&m.ty)) {
        (Presence::Required, Some(c)) => quote! { d.required_as(o, #key, &#c)? },
        (Presence::Required, None) => quote! { d.required(o, #key)? },
        (Presence::Optional, c) if m.model_default.is_some() => {
            let read = match c {
                Some(c) => quote! { d.optional_as(o, #key, &#c)? },
                None => quote! { d.optional(o, #key)? },
            };
            with_server_default(m, read)
        }
        (Presence::Optional, Some(c)) => quote! { d.optional_as(o, #key, &#c)? },
        (Presence::Optional, None) => quote! { d.optional(o, #key)? },
        (Presence::Default(def), c) => {
            let fill = fill_default(m, def);
            match c {
                Some(c) => quote! { d.optional_as(o, #key, &#c)? #fill },
                None => quote! { d.optional(o, #key)? #fill },
            }
        }
    }
}

/// An optional member with a model default (a top-level input member):
/// a server fills the default in when the member is absent.
pub(crate) fn with_server_default(m: &Member, read: TokenStream) -> TokenStream {
    match &m.model_default {
        // A payload's absence is an empty body, itself the value.
        Some(_) if m.binding == Binding::Payload => read,
        Some(def) => {
            let e = default_expr(m, def);
            let e = if m.boxed {
                quote! { ::std::boxed::Box::new(#e) }
            } else {
                e
            };
            quote! {{ let v = #read; d.server_default(v, || #e) }}
        }
        None => read,
    }
}

/// `.unwrap_or_default()`, `.unwrap_or(lit)` or `.unwrap_or_else(|| expr)`,
/// whichever states the default most simply.
pub(crate) fn fill_default(m: &Member, d: &DefaultValue) -> TokenStream {
    let is_type_default = match (d, &m.ty.kind) {
        (DefaultValue::Bool(false), _)
        | (DefaultValue::EmptyList, _)
        | (DefaultValue::EmptyMap, _) => true,
        (DefaultValue::Blob(b), _) => b.is_empty(),
        (
            DefaultValue::Int(0),
            TyKind::Byte
            | TyKind::Short
            | TyKind::Integer
            | TyKind::Long
            | TyKind::Float
            | TyKind::Double,
        ) => true,
        (DefaultValue::Float(f), _) => *f == 0.0 && f.is_sign_positive(),
        (DefaultValue::String(s), TyKind::String) => s.is_empty(),
        _ => false,
    };
    let e = default_expr(m, d);
    if is_type_default {
        quote! { .unwrap_or_default() }
    } else if matches!(
        d,
        DefaultValue::Bool(_) | DefaultValue::Int(_) | DefaultValue::Float(_)
    ) && !matches!(m.ty.kind, TyKind::Named(_))
    {
        quote! { .unwrap_or(#e) }
    } else {
        quote! { .unwrap_or_else(|| #e) }
    }
}

/// `Display` (code and message) and `std::error::Error` for error structures.
fn emit_error_impls(shape: &NamedShape, e: &ErrorInfo) -> TokenStream {
    let name = ident(&shape.rust_name);
    let code = shape.id.name();
    let status = e.http_status;
    let fault = match e.fault {
        Fault::Client => "client",
        Fault::Server => "server",
    };
    let status_doc = format!(" The HTTP status the service answers this error with ({status}).");
    let code_doc = format!(" The error code on the wire (`{code}`).");
    let message_doc = " The error's message, if the service sent one.".to_string();
    let fault_doc = format!(" Whether the caller or the service is at fault (`{fault}`).");
    let with_message = format!("{code}: {{}}");
    let message = match &e.message_field {
        Some((f, true)) => {
            let f = ident(f);
            quote! { ::std::option::Option::Some(self.#f.as_str()) }
        }
        Some((f, false)) => {
            let f = ident(f);
            quote! { self.#f.as_deref() }
        }
        None => quote! { ::std::option::Option::None },
    };
    quote! {
        impl #name {
            #[doc = #code_doc]
            pub const CODE: &'static str = #code;
            #[doc = #status_doc]
            pub const HTTP_STATUS: u16 = #status;
            #[doc = #fault_doc]
            pub const FAULT: &'static str = #fault;
            #[doc = #message_doc]
            #[inline]
            pub fn message(&self) -> ::std::option::Option<&str> {
                #message
            }
        }
        impl ::std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self.message() {
                    ::std::option::Option::Some(m) => ::std::write!(f, #with_message, m),
                    ::std::option::Option::None => f.write_str(#code),
                }
            }
        }
        impl ::std::error::Error for #name {}
    }
}
