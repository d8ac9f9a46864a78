//! Small pieces every emitter uses: identifiers, doc attributes, Rust types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Bounds, Constraints, Docs, Member, Presence, TimestampFormat, Ty, TyKind};

/// An identifier, raw when the name says so (`r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Doc lines as `#[doc = "…"]` attributes, one per line and each after a
/// space (as `/// line` reads), which prettyplease prints as `///` lines. A
/// line holding `\n` is split.
pub fn doc_attrs<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    let attrs = doc_texts(lines);
    quote! { #(#[doc = #attrs])* }
}

/// The same as inner attributes (`#![doc = "…"]`, printed as `//!`): a
/// module's or the crate's own docs.
pub fn inner_doc_attrs<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    let attrs = doc_texts(lines);
    quote! { #(#![doc = #attrs])* }
}

/// Each line after a space (empty lines stay empty), `\n` splitting lines.
fn doc_texts<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
    lines
        .iter()
        .flat_map(|l| l.as_ref().split('\n'))
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect()
}

/// Doc text whose lines already start with their space, as one attribute per
/// line: one attribute holding several lines would print as a `/** … */`
/// block.
pub fn doc_block(text: &str) -> TokenStream {
    let attrs = text.split('\n');
    quote! { #(#[doc = #attrs])* }
}

/// The docs' Markdown lines, or `fallback` when the model has none.
pub fn doc_lines(docs: Option<&Docs>, fallback: impl FnOnce() -> String) -> Vec<String> {
    let lines = docs.map(|d| d.markdown.clone()).unwrap_or_default();
    if lines.is_empty() {
        vec![fallback()]
    } else {
        lines
    }
}

/// The Rust type for a resolved type, with absolute paths.
pub fn rust_type(ty: &Ty) -> TokenStream {
    match &ty.kind {
        TyKind::Blob => quote! { ::std::vec::Vec<u8> },
        TyKind::Boolean => quote! { bool },
        TyKind::String => quote! { ::std::string::String },
        TyKind::Byte => quote! { i8 },
        TyKind::Short => quote! { i16 },
        TyKind::Integer => quote! { i32 },
        TyKind::Long => quote! { i64 },
        TyKind::Float => quote! { f32 },
        TyKind::Double => quote! { f64 },
        TyKind::BigInteger => quote! { ::smithy_runtime::BigInteger },
        TyKind::BigDecimal => quote! { ::smithy_runtime::BigDecimal },
        TyKind::Timestamp => quote! { ::smithy_runtime::DateTime },
        TyKind::Document => quote! { ::smithy_runtime::Document },
        TyKind::Unit => quote! { () },
        TyKind::List(item) => {
            let item = rust_type(item);
            if ty.sparse {
                quote! { ::std::vec::Vec<::std::option::Option<#item>> }
            } else {
                quote! { ::std::vec::Vec<#item> }
            }
        }
        TyKind::Map(k, v) => {
            let k = rust_type(k);
            let v = rust_type(v);
            if ty.sparse {
                quote! { ::std::collections::BTreeMap<#k, ::std::option::Option<#v>> }
            } else {
                quote! { ::std::collections::BTreeMap<#k, #v> }
            }
        }
        TyKind::Named(r) => {
            let name = ident(&r.rust_name);
            quote! { crate::#name }
        }
    }
}

/// The member's value type, boxed when it closes a cycle.
pub fn value_type(m: &Member) -> TokenStream {
    let t = rust_type(&m.ty);
    if m.boxed {
        quote! { ::std::boxed::Box<#t> }
    } else {
        t
    }
}

/// The member's field type: the value type, in an `Option` unless required or defaulted.
pub fn field_type(m: &Member) -> TokenStream {
    let t = value_type(m);
    match m.presence {
        Presence::Optional => quote! { ::std::option::Option<#t> },
        Presence::Required | Presence::Default(_) => t,
    }
}

/// The Rust name of a type without type parameters (`i32`, `DateTime`,
/// `Vec<u8>` for blobs, a generated type's name); `None` for lists and maps.
pub fn simple_type_name(ty: &Ty) -> Option<String> {
    Some(match &ty.kind {
        TyKind::Blob => "Vec<u8>".into(),
        TyKind::Boolean => "bool".into(),
        TyKind::String => "String".into(),
        TyKind::Byte => "i8".into(),
        TyKind::Short => "i16".into(),
        TyKind::Integer => "i32".into(),
        TyKind::Long => "i64".into(),
        TyKind::Float => "f32".into(),
        TyKind::Double => "f64".into(),
        TyKind::BigInteger => "BigInteger".into(),
        TyKind::BigDecimal => "BigDecimal".into(),
        TyKind::Timestamp => "DateTime".into(),
        TyKind::Document => "Document".into(),
        TyKind::Unit => "()".into(),
        TyKind::Named(r) => r.rust_name.clone(),
        TyKind::List(_) | TyKind::Map(..) => return None,
    })
}

/// A short human name for a type, for docs (`String`, `list of ChatMessage`).
pub fn type_label(ty: &Ty) -> String {
    match &ty.kind {
        TyKind::Blob => "bytes".into(),
        TyKind::List(item) if ty.sparse => format!("sparse list of {}", type_label(item)),
        TyKind::List(item) => format!("list of {}", type_label(item)),
        TyKind::Map(k, v) if ty.sparse => {
            format!("sparse map of {} to {}", type_label(k), type_label(v))
        }
        TyKind::Map(k, v) => format!("map of {} to {}", type_label(k), type_label(v)),
        _ => simple_type_name(ty).unwrap_or_default(),
    }
}

/// Whether a value of this type has a `@sensitive` part that a derived
/// `Debug` of the containing type would print (named types redact themselves).
pub fn shows_sensitive(ty: &Ty) -> bool {
    ty.sensitive
        || match &ty.kind {
            TyKind::List(item) => shows_sensitive(item),
            TyKind::Map(k, v) => shows_sensitive(k) || shows_sensitive(v),
            _ => false,
        }
}

/// A type's constraints in the one wording every page uses (the attributes
/// table, the synopsis comments, the field docs): `1 to 100 characters`,
/// `exactly 1 item`, `60 to 10080`, ``pattern `^\d+$` ``, `unique items`;
/// then those of a list's items (`each item: …`) and of a map's keys and
/// values (`each key: …`, `each value: …`). An unenforced pattern says so.
pub fn constraint_phrases(ty: &Ty) -> Vec<String> {
    let mut out = Vec::new();
    for (label, part) in constrained_parts(ty) {
        let phrases = own_phrases(part);
        match label {
            None => out.extend(phrases),
            Some(label) if !phrases.is_empty() => {
                out.push(format!("{label}: {}", phrases.join(", ")))
            }
            Some(_) => {}
        }
    }
    out
}

/// A type and the parts of it that carry constraints of their own: a
/// list's items, a map's keys and values, each with its label.
fn constrained_parts(ty: &Ty) -> Vec<(Option<&'static str>, &Ty)> {
    let mut parts = vec![(None, ty)];
    match &ty.kind {
        TyKind::List(item) => parts.push((Some("each item"), item)),
        TyKind::Map(k, v) => parts.extend([
            (Some("each key"), k.as_ref()),
            (Some("each value"), v.as_ref()),
        ]),
        _ => {}
    }
    parts
}

fn own_phrases(ty: &Ty) -> Vec<String> {
    let mut out = Vec::new();
    let Constraints {
        length,
        range,
        pattern,
        unique_items,
    } = &ty.constraints;
    let unit = match ty.kind {
        TyKind::String => " characters",
        TyKind::Blob => " bytes",
        TyKind::List(_) => " items",
        TyKind::Map(..) => " entries",
        _ => "",
    };
    if let Some(b) = length {
        out.push(bounds_text(b, unit));
    }
    if let Some(b) = range {
        out.push(bounds_text(b, ""));
    }
    if let Some(p) = pattern {
        match p.check.enforced() {
            Some(_) => out.push(format!("pattern {}", inline_code(&p.source))),
            None => out.push(format!("pattern {} (not enforced)", inline_code(&p.source))),
        }
    }
    if *unique_items {
        out.push("unique items".into());
    }
    out
}

/// The field-doc sentences for a type's constraints: `Constraints: …; ….`,
/// then why a pattern is not enforced, for each one that is not.
pub fn constraint_lines(ty: &Ty) -> Vec<String> {
    let phrases = constraint_phrases(ty);
    if phrases.is_empty() {
        return Vec::new();
    }
    let mut out = vec![format!("Constraints: {}.", phrases.join("; "))];
    for (_, part) in constrained_parts(ty) {
        if let Some(p) = &part.constraints.pattern
            && let Some(reason) = p.check.not_enforced_because()
        {
            // The reason is the maintainer's reviewed Markdown, used as written.
            let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
            out.push(format!(
                "The pattern {} is not enforced because {reason}",
                inline_code(&p.source)
            ));
        }
    }
    out
}

fn bounds_text(b: &Bounds, unit: &str) -> String {
    match (&b.min, &b.max) {
        (Some(lo), Some(hi)) if lo == hi && lo == "1" => {
            format!("exactly 1{}", unit.strip_suffix('s').unwrap_or(unit))
        }
        (Some(lo), Some(hi)) if lo == hi => format!("exactly {lo}{unit}"),
        (Some(lo), Some(hi)) if lo == "0" => format!("at most {hi}{unit}"),
        (Some(lo), Some(hi)) => format!("{lo} to {hi}{unit}"),
        (Some(lo), None) => format!("at least {lo}{unit}"),
        (None, Some(hi)) => format!("at most {hi}{unit}"),
        (None, None) => "any".into(),
    }
}

/// Inline code that survives backticks in its text.
pub fn inline_code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// `serde::Serialize`/`Deserialize` through the runtime's JSON traits,
/// behind the generated crate's `serde` feature (they add about 10% to its
/// build), and written out rather than through a runtime macro
/// (`macro_rules!` expansion cost 3 s of the Connect crate's build).
pub fn serde_impls(name: &Ident) -> TokenStream {
    quote! {
        #[cfg(feature = "serde")]
        impl ::smithy_runtime::serde::Serialize for #name {
            fn serialize<S: ::smithy_runtime::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::smithy_runtime::json::serialize_with_serde(self, s)
            }
        }
        #[cfg(feature = "serde")]
        impl<'de> ::smithy_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::smithy_runtime::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                ::smithy_runtime::json::deserialize_with_serde(d)
            }
        }
    }
}

/// Bounds in Rust range notation, as the model writes them: `1..=100`, `60..`, `..=500`.
pub fn range_notation(b: &Bounds) -> String {
    match (&b.min, &b.max) {
        (Some(lo), Some(hi)) => format!("{lo}..={hi}"),
        (Some(lo), None) => format!("{lo}.."),
        (None, Some(hi)) => format!("..={hi}"),
        (None, None) => "..".into(),
    }
}

/// The variant of the runtime's `TimestampFormat` for a format; callers
/// write the path they have in scope (`::smithy_runtime::TimestampFormat::#v`).
pub fn timestamp_format_variant(f: TimestampFormat) -> Ident {
    let name = match f {
        TimestampFormat::EpochSeconds => "EpochSeconds",
        TimestampFormat::DateTime => "DateTime",
        TimestampFormat::HttpDate => "HttpDate",
    };
    Ident::new(name, Span::call_site())
}

/// The runtime codec for a type whose JSON form is not its Rust type's own:
/// a timestamp in a format other than epoch seconds (the body default), or a
/// list or map that holds one (`ListOf(Ts(DateTime))`). `None` when the
/// type's own `ToJson`/`FromJson` are right.
pub fn codec(ty: &Ty) -> Option<TokenStream> {
    match &ty.kind {
        TyKind::Timestamp => match ty.timestamp_format {
            Some(f) if f != TimestampFormat::EpochSeconds => {
                let v = timestamp_format_variant(f);
                Some(quote! { ::smithy_runtime::json::Ts(::smithy_runtime::TimestampFormat::#v) })
            }
            _ => None,
        },
        TyKind::List(item) => codec(item).map(|c| {
            let c = if ty.sparse {
                quote! { ::smithy_runtime::json::Nullable(#c) }
            } else {
                c
            };
            quote! { ::smithy_runtime::json::ListOf(#c) }
        }),
        TyKind::Map(_, v) => codec(v).map(|c| {
            let c = if ty.sparse {
                quote! { ::smithy_runtime::json::Nullable(#c) }
            } else {
                c
            };
            quote! { ::smithy_runtime::json::MapOf(#c) }
        }),
        _ => None,
    }
}

/// Writes member `m` of `root` into the JSON object writer `o`:
/// `o.field("Name", &root.name);`, or `o.field_as(…)` with the member's
/// [`codec`] when it has one.
pub fn field_write(m: &Member, root: TokenStream) -> TokenStream {
    let f = ident(&m.rust_name);
    let key = &m.wire_name;
    match codec(&m.ty) {
        Some(codec) => {
            let value = if m.presence == Presence::Optional {
                quote! { #root.#f.as_ref() }
            } else {
                quote! { ::std::option::Option::Some(&#root.#f) }
            };
            quote! { o.field_as(#key, #value, &#codec); }
        }
        None => quote! { o.field(#key, &#root.#f); },
    }
}
