//! Token streams → Rust source text: parsed by `syn`, printed by `prettyplease`.
//!
//! Every generated file goes through [`format_file`]:
//!
//! 1. the emitted tokens are parsed as a [`syn::File`]; tokens that are not a
//!    Rust file are a generator bug, reported as an error and never written;
//! 2. each item is printed by [`prettyplease::unparse`] on its own and the
//!    items are joined with a blank line, except between consecutive `use`
//!    and `mod …;` declarations, which stay together;
//! 3. the file's `//` header lines go first.
//!
//! prettyplease prints a `#[doc = "…"]` attribute as a `///` line when its
//! text is one line, so the emitters write one attribute per line
//! ([`crate::emit::common::doc_attrs`]); a multi-line one would print as a
//! `/** … */` block, which the tests of the generated crates refuse.
//!
//! prettyplease breaks lines at 100 columns; a line stays wider only where
//! nothing can be broken: a long string literal or doc comment.

use proc_macro2::TokenStream;

/// Formats the items of one file, preceded by `header` comment lines (`//`).
///
/// The error says what syn could not parse (the caller names the file and
/// the emitter).
pub fn format_file(header: &[String], items: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(items).map_err(|e| format!("the emitted tokens are not a Rust file: {e}"))?;
    let mut out = String::with_capacity(4096);
    for line in header {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    let syn::File { attrs, items, .. } = file;
    if !attrs.is_empty() {
        separate(&mut out);
        out.push_str(&prettyplease::unparse(&file_of(attrs, Vec::new())));
    }
    let mut prev_declaration = false;
    for item in items {
        let declaration = is_declaration(&item);
        if !(prev_declaration && declaration) {
            separate(&mut out);
        }
        prev_declaration = declaration;
        out.push_str(&prettyplease::unparse(&file_of(Vec::new(), vec![item])));
    }
    if out.is_empty() || !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// A file of these attributes and items only.
fn file_of(attrs: Vec<syn::Attribute>, items: Vec<syn::Item>) -> syn::File {
    syn::File { shebang: None, frontmatter: None, attrs, items }
}

/// A blank line before the next block, unless the file is still empty.
fn separate(out: &mut String) {
    if !out.is_empty() {
        out.push('\n');
    }
}

/// `use` items and out-of-line modules: one-line declarations, kept together.
fn is_declaration(item: &syn::Item) -> bool {
    match item {
        syn::Item::Use(_) => true,
        syn::Item::Mod(m) => m.content.is_none(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn f(ts: TokenStream) -> String {
        format_file(&[], ts).unwrap()
    }

    #[test]
    fn header_inner_docs_and_items_are_separated_by_blank_lines() {
        let out = format_file(
            &["@generated".into()],
            quote! {
                #![doc = " Module docs."]
                use ::a::b;
                use ::c as d;
                #[doc = " One."]
                #[doc = ""]
                #[doc = " Two \"quoted\" \u{e9}."]
                pub struct A;
                mod m;
                pub use m::*;
                mod n;
                impl A { fn f(&self) {} fn g(&self) {} }
            },
        )
        .unwrap();
        assert_eq!(
            out,
            "// @generated\n\n//! Module docs.\n\nuse ::a::b;\nuse ::c as d;\n\n/// One.\n///\n/// Two \"quoted\" \u{e9}.\npub struct A;\n\n\
             mod m;\npub use m::*;\nmod n;\n\nimpl A {\n    fn f(&self) {}\n    fn g(&self) {}\n}\n"
        );
    }

    #[test]
    fn an_empty_file_is_one_newline() {
        assert_eq!(f(quote! {}), "\n");
        assert_eq!(format_file(&["h".into()], quote! {}).unwrap(), "// h\n");
    }

    #[test]
    fn tokens_that_are_not_rust_are_an_error() {
        let err = format_file(&[], quote! { fn f() -> }).unwrap_err();
        assert!(err.starts_with("the emitted tokens are not a Rust file"), "{err}");
        // A comparison where a generic would be is not mistaken for one.
        assert_eq!(f(quote! { fn f(a: u8, b: u8) -> bool { a < b && b > a } }), "fn f(a: u8, b: u8) -> bool {\n    a < b && b > a\n}\n");
    }

    #[test]
    fn long_lines_break_at_100_columns() {
        let out = f(quote! {
            impl<'de> ::smithy_runtime::serde::Deserialize<'de> for ChatMessageWithAVeryLongName {
                fn deserialize<D: ::smithy_runtime::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                    ::smithy_runtime::json::deserialize_with_serde(d).map(|value: Self| value.with_something_long(first_argument_value, second_argument_value))
                }
            }
        });
        assert!(out.lines().all(|l| l.len() <= 100), "{out}");
        assert!(out.starts_with("impl<'de> ::smithy_runtime::serde::Deserialize<'de>"), "{out}");
    }
}
