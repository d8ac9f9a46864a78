//! String enums, integer enums and unions: a Rust enum with one variant per
//! member plus a catch-all for values this version of the model does not know.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::*;
use crate::ir::*;

/// Emits a string enum:
///
/// ```text
/// pub enum ChatContentType { TextPlain, …, Unknown(String) }
/// impl ChatContentType { pub const VALUES: &[&str]; pub fn as_str(&self) -> &str; pub fn from_str_value(&str) -> Self; pub fn values() }
/// impl ToJson, FromJson, JsonKey, Display, From<&str>, FromStr, serde … for ChatContentType
/// ```
pub fn emit_enum(shape: &NamedShape, e: &Enum, docs: Vec<String>) -> TokenStream {
    let name = ident(&shape.rust_name);
    let doc = doc_attrs(&docs);
    let unknown = ident(&e.unknown_variant);
    let variants = e.variants.iter().map(|v| {
        let var = ident(&v.rust_name);
        let mut lines = doc_lines(v.docs.as_ref(), String::new);
        if lines == [String::new()] {
            lines.clear();
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("Wire value: {}.", inline_code(&v.value)));
        let d = doc_attrs(&lines);
        quote! { #d #var }
    });
    let as_str = e.variants.iter().map(|v| {
        let var = ident(&v.rust_name);
        let value = &v.value;
        quote! { Self::#var => #value }
    });
    let from = e.variants.iter().map(|v| {
        let var = ident(&v.rust_name);
        let value = &v.value;
        quote! { #value => Self::#var }
    });
    let values = e.variants.iter().map(|v| &v.value);
    let serde = serde_impls(&name);
    let unknown_doc = " A value this version of the model does not know, kept as received so it can be sent back.";
    quote! {
        #doc
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            #[doc = #unknown_doc]
            #unknown(::std::string::String),
        }
        impl #name {
            /// Every value the model defines, in model order.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];
            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str,)*
                    Self::#unknown(v) => v.as_str(),
                }
            }
            /// Reads a wire value; values the model does not define are kept in the catch-all variant.
            #[inline]
            pub fn from_str_value(value: &str) -> Self {
                match value {
                    #(#from,)*
                    other => Self::#unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
            /// Every value the model defines, in model order.
            #[inline]
            pub fn values() -> &'static [&'static str] {
                Self::VALUES
            }
        }
        impl ::smithy_runtime::json::ToJson for #name {
            #[inline]
            fn write_json(&self, out: &mut ::smithy_runtime::json::JsonWriter) {
                out.string(self.as_str())
            }
        }
        impl ::smithy_runtime::json::FromJson for #name {
            #[inline]
            fn from_json<'v>(v: &'v ::smithy_runtime::serde_json::Value, d: &mut ::smithy_runtime::json::Decoder<'v>) -> ::std::result::Result<Self, ::smithy_runtime::json::DecodeError> {
                d.str(v).map(Self::from_str_value)
            }
        }
        impl ::smithy_runtime::json::JsonKey for #name {
            #[inline]
            fn as_key(&self) -> &str {
                self.as_str()
            }
            #[inline]
            fn from_key(key: &str) -> Self {
                Self::from_str_value(key)
            }
        }
        impl ::std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::std::convert::From<&str> for #name {
            #[inline]
            fn from(value: &str) -> Self {
                Self::from_str_value(value)
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            #[inline]
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from_str_value(value))
            }
        }
        impl ::smithy_runtime::rest::HttpValue for #name {
            #[inline]
            fn http_text(&self, _: ::smithy_runtime::TimestampFormat) -> ::std::string::String {
                ::std::borrow::ToOwned::to_owned(self.as_str())
            }
        }
        impl ::smithy_runtime::rest::FromHttpText for #name {
            #[inline]
            fn from_http_text(text: &str, _: ::smithy_runtime::TimestampFormat) -> ::std::result::Result<Self, ::std::string::String> {
                ::std::result::Result::Ok(Self::from_str_value(text))
            }
        }
        #serde
    }
}

/// Emits an integer enum, like [`emit_enum`] with `i32` values.
pub fn emit_int_enum(shape: &NamedShape, e: &IntEnum, docs: Vec<String>) -> TokenStream {
    let name = ident(&shape.rust_name);
    let doc = doc_attrs(&docs);
    let unknown = ident(&e.unknown_variant);
    let variants = e.variants.iter().map(|v| {
        let var = ident(&v.rust_name);
        let mut lines = v
            .docs
            .as_ref()
            .map(|d| d.markdown.clone())
            .unwrap_or_default();
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("Wire value: `{}`.", v.value));
        let d = doc_attrs(&lines);
        quote! { #d #var }
    });
    let to = e.variants.iter().map(|v| {
        let var = ident(&v.rust_name);
        let value = v.value;
        quote! { Self::#var => #value }
    });
    let from = e.variants.iter().map(|v| {
        let var = ident(&v.rust_name);
        let value = v.value;
        quote! { #value => Self::#var }
    });
    let values = e.variants.iter().map(|v| v.value);
    let serde = serde_impls(&name);
    quote! {
        #doc
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A value this version of the model does not know, kept as received.
            #unknown(i32),
        }
        impl #name {
            /// Every value the model defines, in model order.
            pub const VALUES: &'static [i32] = &[#(#values),*];
            /// The value as sent on the wire.
            #[inline]
            pub fn value(&self) -> i32 {
                match self {
                    #(#to,)*
                    Self::#unknown(v) => *v,
                }
            }
            /// Reads a wire value; values the model does not define are kept in the catch-all variant.
            #[inline]
            pub fn from_value(value: i32) -> Self {
                match value {
                    #(#from,)*
                    other => Self::#unknown(other),
                }
            }
        }
        impl ::smithy_runtime::json::ToJson for #name {
            #[inline]
            fn write_json(&self, out: &mut ::smithy_runtime::json::JsonWriter) {
                ::smithy_runtime::json::ToJson::write_json(&self.value(), out)
            }
        }
        impl ::smithy_runtime::json::FromJson for #name {
            #[inline]
            fn from_json<'v>(v: &'v ::smithy_runtime::serde_json::Value, d: &mut ::smithy_runtime::json::Decoder<'v>) -> ::std::result::Result<Self, ::smithy_runtime::json::DecodeError> {
                <i32 as ::smithy_runtime::json::FromJson>::from_json(v, d).map(Self::from_value)
            }
        }
        impl ::std::convert::From<i32> for #name {
            #[inline]
            fn from(value: i32) -> Self {
                Self::from_value(value)
            }
        }
        impl ::smithy_runtime::rest::HttpValue for #name {
            #[inline]
            fn http_text(&self, _: ::smithy_runtime::TimestampFormat) -> ::std::string::String {
                self.value().to_string()
            }
        }
        impl ::smithy_runtime::rest::FromHttpText for #name {
            #[inline]
            fn from_http_text(text: &str, format: ::smithy_runtime::TimestampFormat) -> ::std::result::Result<Self, ::std::string::String> {
                <i32 as ::smithy_runtime::rest::FromHttpText>::from_http_text(text, format).map(Self::from_value)
            }
        }
        #serde
    }
}

/// Emits a union:
///
/// ```text
/// pub enum Reason { AttachedFileInvalidRequestExceptionReason(…), Unknown(UnknownMember) }
/// impl ToJson for Reason {…}   // {"Member": value}; a placeholder is left out
/// impl FromJson for Reason {…} // exactly one member set; an unknown member is kept whole (a server refuses it)
/// ```
pub fn emit_union(shape: &NamedShape, u: &Union, docs: Vec<String>) -> TokenStream {
    let name = ident(&shape.rust_name);
    let doc = doc_attrs(&docs);
    let unknown = ident(&u.unknown_variant);
    let variants = u.variants.iter().map(|m| {
        let var = ident(&m.rust_name);
        let mut lines = doc_lines(m.docs.as_ref(), || format!("The `{}` member.", m.name));
        let facts = constraint_lines(&m.ty);
        if !facts.is_empty() {
            lines.push(String::new());
            lines.push(facts.join(" "));
        }
        let d = doc_attrs(&lines);
        if matches!(m.ty.kind, TyKind::Unit) {
            quote! { #d #var }
        } else {
            let t = value_type(m);
            quote! { #d #var(#t) }
        }
    });
    let writes = u.variants.iter().map(|m| {
        let var = ident(&m.rust_name);
        let key = &m.wire_name;
        if matches!(m.ty.kind, TyKind::Unit) {
            quote! { Self::#var => { o.field(#key, &::smithy_runtime::json::EmptyObject); } }
        } else if let Some(c) = codec(&m.ty) {
            quote! { Self::#var(v) => { o.field_as(#key, ::std::option::Option::Some(v), &#c); } }
        } else {
            quote! { Self::#var(v) => { o.field(#key, v); } }
        }
    });
    let reads = u.variants.iter().map(|m| {
        let var = ident(&m.rust_name);
        let key = &m.wire_name;
        if matches!(m.ty.kind, TyKind::Unit) {
            quote! { #key => Self::#var }
        } else if let Some(c) = codec(&m.ty) {
            quote! { #key => Self::#var(d.variant_as(k, v, &#c)?) }
        } else {
            quote! { #key => Self::#var(d.variant(k, v)?) }
        }
    });
    let serde = serde_impls(&name);
    let custom_debug = shape.sensitive || u.variants.iter().any(|m| shows_sensitive(&m.ty));
    let label = &shape.rust_name;
    let (derives, debug) = if custom_debug {
        let arms = u.variants.iter().map(|m| {
            let var = ident(&m.rust_name);
            let vlabel = &m.rust_name;
            if matches!(m.ty.kind, TyKind::Unit) {
                quote! { Self::#var => f.write_str(#vlabel) }
            } else if shape.sensitive || shows_sensitive(&m.ty) {
                quote! { Self::#var(_) => f.debug_tuple(#vlabel).field(&::smithy_runtime::Redacted).finish() }
            } else {
                quote! { Self::#var(v) => f.debug_tuple(#vlabel).field(v).finish() }
            }
        });
        let ulabel = &u.unknown_variant;
        (
            quote! { #[derive(Clone, PartialEq)] },
            quote! {
                impl ::std::fmt::Debug for #name {
                    #[inline]
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        let _ = #label;
                        match self {
                            #(#arms,)*
                            Self::#unknown(member) => f.debug_tuple(#ulabel).field(member).finish(),
                        }
                    }
                }
            },
        )
    } else {
        (quote! { #[derive(Clone, PartialEq, Debug)] }, quote! {})
    };
    quote! {
        #doc
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A member this version of the model does not know, as received (its name and JSON value); it is written back unchanged. A server refuses it. In a response read leniently, it also stands for a required union the service left out (see `UnknownMember::is_placeholder`), which is written back left out.
            #unknown(::smithy_runtime::json::UnknownMember),
        }
        #debug
        impl ::smithy_runtime::json::ToJson for #name {
            #[inline]
            fn write_json(&self, out: &mut ::smithy_runtime::json::JsonWriter) {
                let mut o = out.object();
                match self {
                    #(#writes)*
                    Self::#unknown(member) => member.write_into(&mut o),
                }
                o.end();
            }
            #[inline]
            fn is_absent(&self) -> bool {
                matches!(self, Self::#unknown(member) if member.is_placeholder())
            }
        }
        impl ::smithy_runtime::json::FromJson for #name {
            #[inline]
            fn from_json<'v>(v: &'v ::smithy_runtime::serde_json::Value, d: &mut ::smithy_runtime::json::Decoder<'v>) -> ::std::result::Result<Self, ::smithy_runtime::json::DecodeError> {
                let (k, v) = d.union(v)?;
                ::std::result::Result::Ok(match k {
                    #(#reads,)*
                    other => Self::#unknown(d.unknown_member(other, v)?),
                })
            }
        }
        #serde
    }
}
