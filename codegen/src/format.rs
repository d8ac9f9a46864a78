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
//!
//! Parsing and printing are two thirds of a generation's CPU time, and a
//! model change leaves most files as they were: a [`Cache`] keeps each
//! printed file under a 128-bit hash of its header and tokens, and
//! [`format_cached`] prints only what it has not seen. The output is the
//! same with or without it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hasher};
use std::sync::{Arc, Mutex};

use proc_macro2::TokenStream;

/// Formats the items of one file, preceded by `header` comment lines (`//`).
///
/// The error says what syn could not parse (the caller names the file and
/// the emitter).
pub fn format_file(header: &[String], items: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(items).map_err(|e| format!("the emitted tokens are not a Rust file: {e}"))?;
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

/// Files printed by an earlier run, by the hash of what they were printed
/// from. [`Cache::to_bytes`] keeps the entries this run used, so the cache
/// holds one generation's files, never more.
#[derive(Debug, Default)]
pub struct Cache {
    known: HashMap<u128, Arc<str>>,
    used: Mutex<Vec<(u128, Arc<str>)>>,
}

/// The first line of a cache file; the rest is entries, each a line
/// `<key, 32 hex digits> <length in bytes>` and then that many bytes.
const CACHE_MAGIC: &str = "codegen format cache 1";

impl Cache {
    /// Reads what [`Cache::to_bytes`] wrote with the same `stamp` (which
    /// names the generator's build: a cache of another build is not read).
    /// Anything unreadable gives an empty cache: the cache only saves time.
    pub fn from_bytes(bytes: &[u8], stamp: &str) -> Cache {
        let mut known = HashMap::new();
        let head = format!("{CACHE_MAGIC} {stamp}\n");
        let Some(mut rest) = bytes.strip_prefix(head.as_bytes()) else {
            return Cache::default();
        };
        while !rest.is_empty() {
            let Some(entry) = Self::entry(rest) else {
                return Cache::default();
            };
            let (key, text, next) = entry;
            known.insert(key, text);
            rest = next;
        }
        Cache {
            known,
            used: Mutex::new(Vec::new()),
        }
    }

    fn entry(bytes: &[u8]) -> Option<(u128, Arc<str>, &[u8])> {
        let eol = bytes.iter().position(|&b| b == b'\n')?;
        let line = std::str::from_utf8(&bytes[..eol]).ok()?;
        let (key, len) = line.split_once(' ')?;
        let key = u128::from_str_radix(key, 16).ok()?;
        let len: usize = len.parse().ok()?;
        let body = bytes.get(eol + 1..)?;
        let text = Arc::from(std::str::from_utf8(body.get(..len)?).ok()?);
        Some((key, text, &body[len..]))
    }

    /// The entries this run used or printed, for the next run.
    pub fn to_bytes(&self, stamp: &str) -> Vec<u8> {
        let mut used = self.used.lock().map(|u| u.clone()).unwrap_or_default();
        used.sort_by_key(|(k, _)| *k);
        used.dedup_by_key(|(k, _)| *k);
        let mut out = format!("{CACHE_MAGIC} {stamp}\n").into_bytes();
        for (key, text) in used {
            out.extend_from_slice(format!("{key:032x} {}\n", text.len()).as_bytes());
            out.extend_from_slice(text.as_bytes());
        }
        out
    }

    /// How many printed files the cache holds from the earlier run.
    pub fn len(&self) -> usize {
        self.known.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    fn remember(&self, key: u128, text: Arc<str>) {
        if let Ok(mut used) = self.used.lock() {
            used.push((key, text));
        }
    }
}

/// [`format_file`], through `cache`.
pub fn format_cached(
    cache: &Cache,
    header: &[String],
    items: TokenStream,
) -> Result<String, String> {
    let key = key(header, &items);
    if let Some(text) = cache.known.get(&key) {
        cache.remember(key, text.clone());
        return Ok(text.to_string());
    }
    let text = format_file(header, items)?;
    cache.remember(key, Arc::from(text.as_str()));
    Ok(text)
}

/// Two 64-bit SipHashes (different first bytes) of the header and the
/// tokens as text: 128 bits, so that two different files sharing a key is
/// not a practical concern.
fn key(header: &[String], items: &TokenStream) -> u128 {
    struct Both(DefaultHasher, DefaultHasher);
    impl std::fmt::Write for Both {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.write(s.as_bytes());
            self.1.write(s.as_bytes());
            Ok(())
        }
    }
    let mut h = Both(DefaultHasher::new(), DefaultHasher::new());
    h.0.write_u8(0);
    h.1.write_u8(1);
    for line in header {
        let _ = writeln!(h, "{line}");
    }
    let _ = write!(h, "\n{items}");
    (u128::from(h.0.finish()) << 64) | u128::from(h.1.finish())
}

/// A file of these attributes and items only.
fn file_of(attrs: Vec<syn::Attribute>, items: Vec<syn::Item>) -> syn::File {
    syn::File {
        shebang: None,
        frontmatter: None,
        attrs,
        items,
    }
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
    fn the_cache_returns_what_was_printed_and_only_for_its_stamp() {
        let tokens = || quote! { pub struct A { pub a: u8 } };
        let cache = Cache::default();
        let printed = format_cached(&cache, &["h".into()], tokens()).unwrap();
        assert_eq!(printed, format_file(&["h".into()], tokens()).unwrap());
        let bytes = cache.to_bytes("build 1");
        let again = Cache::from_bytes(&bytes, "build 1");
        assert_eq!(again.len(), 1);
        assert_eq!(
            format_cached(&again, &["h".into()], tokens()).unwrap(),
            printed
        );
        // Another header or other tokens are other entries.
        assert_ne!(key(&["h".into()], &tokens()), key(&["i".into()], &tokens()));
        assert_ne!(
            key(&[], &tokens()),
            key(&[], &quote! { pub struct A { pub a: u16 } })
        );
        // The next run keeps what this one used.
        assert_eq!(
            Cache::from_bytes(&again.to_bytes("build 1"), "build 1").len(),
            1
        );
        // Another build's cache, or a damaged one, is not read.
        assert!(Cache::from_bytes(&bytes, "build 2").is_empty());
        assert!(Cache::from_bytes(&bytes[..bytes.len() - 3], "build 1").is_empty());
        assert!(Cache::from_bytes(b"", "build 1").is_empty());
    }

    #[test]
    fn an_empty_file_is_one_newline() {
        assert_eq!(f(quote! {}), "\n");
        assert_eq!(format_file(&["h".into()], quote! {}).unwrap(), "// h\n");
    }

    #[test]
    fn tokens_that_are_not_rust_are_an_error() {
        let err = format_file(&[], quote! { fn f() -> }).unwrap_err();
        assert!(
            err.starts_with("the emitted tokens are not a Rust file"),
            "{err}"
        );
        // A comparison where a generic would be is not mistaken for one.
        assert_eq!(
            f(quote! { fn f(a: u8, b: u8) -> bool { a < b && b > a } }),
            "fn f(a: u8, b: u8) -> bool {\n    a < b && b > a\n}\n"
        );
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
        assert!(
            out.starts_with("impl<'de> ::smithy_runtime::serde::Deserialize<'de>"),
            "{out}"
        );
    }
}
