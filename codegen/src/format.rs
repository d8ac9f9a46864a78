//! Token streams → formatted Rust source: `syn` checks the tokens form a
//! valid file, `prettyplease` prints it. Generated files are never passed
//! through rustfmt, so formatting depends only on this crate's versions.

use proc_macro2::TokenStream;

/// Formats the items of one file, preceded by `header` comment lines (`//`).
pub fn format_file(header: &[String], items: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(items).map_err(|e| format!("the generator produced invalid Rust: {e}"))?;
    let mut out = String::new();
    for line in header {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    if !header.is_empty() {
        out.push('\n');
    }
    out.push_str(&prettyplease::unparse(&file));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn doc_attributes_print_as_comments() {
        let out = format_file(&["@generated".into()], quote! { #[doc = " Hello."] pub struct A; }).unwrap();
        assert_eq!(out, "// @generated\n\n/// Hello.\npub struct A;\n");
    }

    #[test]
    fn invalid_tokens_are_an_error() {
        assert!(format_file(&[], quote! { pub struct }).is_err());
    }
}
