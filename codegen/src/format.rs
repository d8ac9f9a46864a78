//! Token streams → Rust source text, with a small printer of our own.
//!
//! The generator used to format through `syn` (re-parsing every token
//! stream) and `prettyplease`: 60 % of its time. Generated code uses a small,
//! regular part of Rust, so a printer that walks the tokens once is enough:
//!
//! - one item, statement, field, variant or match arm per line, inside
//!   blocks indented by four spaces; `} else {` stays on one line;
//! - `#[doc = "…"]` becomes `/// …` (`#![doc]` becomes `//!`), other
//!   attributes print on their own line;
//! - spacing by token kind: `a: T`, `a::b`, `f(x, y)`, `&x`, `x?`, `a => b`,
//!   `|x| e`, `Vec<T>`, `impl<T> X for Y`;
//! - an argument or parameter list that would pass 100 columns is broken
//!   one item per line, with a trailing comma.
//!
//! The output depends only on the tokens (deterministic, no width
//! heuristics beyond that one rule). The generated crates are compiled by
//! the tests (`-D warnings`), which is what proves the text is valid Rust.

use proc_macro2::{Delimiter, Ident, Literal, Spacing, TokenStream, TokenTree};

/// Formats the items of one file, preceded by `header` comment lines (`//`).
pub fn format_file(header: &[String], items: TokenStream) -> Result<String, String> {
    let toks = lex(items)?;
    let mut p = Printer { out: String::with_capacity(4096), indent: 0, col: 0, line_empty: true };
    for line in header {
        p.out.push_str("// ");
        p.out.push_str(line);
        p.out.push('\n');
    }
    if !header.is_empty() {
        p.out.push('\n');
    }
    p.block_body(&toks);
    if !p.out.ends_with('\n') {
        p.out.push('\n');
    }
    Ok(p.out)
}

/// A token as the printer sees it: punctuation joined into operators,
/// lifetimes whole, attributes and doc comments recognised.
#[derive(Clone, Debug)]
enum Tok {
    Ident(Ident),
    Lifetime(Ident),
    Lit(Literal),
    Op(String),
    Group(Delimiter, Vec<Tok>),
    Attr { inner: bool, body: Vec<Tok> },
    Doc { inner: bool, text: String },
}

fn lex(ts: TokenStream) -> Result<Vec<Tok>, String> {
    // Owned trees, moved into tokens: no identifier is copied.
    let mut trees: Vec<Option<TokenTree>> = ts.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    let is_punct = |t: &Option<TokenTree>, c: char| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c);
    while i < trees.len() {
        let Some(tree) = trees[i].take() else {
            i += 1;
            continue;
        };
        match tree {
            TokenTree::Ident(id) => out.push(Tok::Ident(id)),
            TokenTree::Literal(l) => out.push(Tok::Lit(l)),
            TokenTree::Group(g) => out.push(Tok::Group(g.delimiter(), lex(g.stream())?)),
            TokenTree::Punct(p) => {
                let c = p.as_char();
                // Attributes: `#[…]`, `#![…]`.
                if c == '#' {
                    let (inner, at) = if trees.get(i + 1).is_some_and(|t| is_punct(t, '!')) { (true, i + 2) } else { (false, i + 1) };
                    if matches!(trees.get(at), Some(Some(TokenTree::Group(g))) if g.delimiter() == Delimiter::Bracket) {
                        let Some(TokenTree::Group(g)) = trees[at].take() else { unreachable!("checked above") };
                        let body = lex(g.stream())?;
                        out.push(match doc_text(&body) {
                            Some(text) => Tok::Doc { inner, text },
                            None => Tok::Attr { inner, body },
                        });
                        i = at + 1;
                        continue;
                    }
                }
                // Lifetimes: `'a`.
                if c == '\'' && matches!(trees.get(i + 1), Some(Some(TokenTree::Ident(_)))) {
                    let Some(TokenTree::Ident(id)) = trees[i + 1].take() else { unreachable!("checked above") };
                    out.push(Tok::Lifetime(id));
                    i += 2;
                    continue;
                }
                let mut op = c.to_string();
                let mut spacing = p.spacing();
                while spacing == Spacing::Joint {
                    match trees.get(i + 1) {
                        Some(Some(TokenTree::Punct(next))) if next.as_char() != '\'' => {
                            op.push(next.as_char());
                            spacing = next.spacing();
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(Tok::Op(op));
            }
        }
        i += 1;
    }
    Ok(out)
}

/// The text of `doc = "…"`.
fn doc_text(body: &[Tok]) -> Option<String> {
    match body {
        [Tok::Ident(d), Tok::Op(eq), Tok::Lit(lit)] if d == "doc" && eq == "=" => unescape(&lit.to_string()),
        _ => None,
    }
}

/// The value of a string literal token (`"a\"b"`, `r"…"`, `r#"…"#`).
fn unescape(lit: &str) -> Option<String> {
    if let Some(raw) = lit.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw.get(hashes + 1..raw.len().checked_sub(hashes + 1)?)?;
        return Some(body.to_string());
    }
    let body = lit.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from(u8::from_str_radix(&hex, 16).ok()?));
            }
            'u' => {
                let rest: String = chars.by_ref().take_while(|c| *c != '}').collect();
                let hex = rest.strip_prefix('{')?;
                out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
            }
            '\n' => {
                while chars.clone().next().is_some_and(char::is_whitespace) {
                    chars.next();
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Keywords after which a path (`::x`), a group or an operand is spaced.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "dyn", "else", "enum", "extern", "fn", "for", "if", "impl", "in", "let",
    "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "type", "unsafe", "use", "where", "while",
];

fn is_keyword(s: &str) -> bool {
    s.len() <= 8 && KEYWORDS.contains(&s)
}

/// Operators written with a space on both sides.
const SPACED: &[&str] = &["=", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "=>", "->", "&&", "+", "|="];

/// How the previous token ends, for spacing the next one.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Prev {
    /// Start of a line or group: no space.
    Start,
    /// A value-like token: identifier (not a keyword), literal, lifetime, closing group.
    Value,
    /// A keyword.
    Keyword,
    /// An operator after which nothing is spaced (`::`, `.`, `&`, `!`, `<`, `'`, …).
    Tight,
    /// An operator after which a space follows (`,`, `:`, `=`, `=>`, …).
    Spaced,
    /// A closing `>` of generics.
    Angle,
}

struct Printer {
    out: String,
    indent: usize,
    col: usize,
    /// Nothing but indentation on the current line yet.
    line_empty: bool,
}

const WIDTH: usize = 100;

impl Printer {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
        match s.rfind('\n') {
            Some(i) => {
                self.col = s.len() - i - 1;
                self.line_empty = s[i + 1..].trim().is_empty();
            }
            None => {
                self.col += s.len();
                self.line_empty &= s.trim().is_empty();
            }
        }
    }

    /// Appends a token's text (identifiers and literals have no newlines).
    fn display(&mut self, t: &impl std::fmt::Display) {
        use std::fmt::Write as _;
        let before = self.out.len();
        let _ = write!(self.out, "{t}");
        self.col += self.out.len() - before;
        self.line_empty = false;
    }

    fn newline(&mut self) {
        // No trailing spaces.
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        self.out.push('\n');
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
        self.col = self.indent * 4;
        self.line_empty = true;
    }

    fn at_line_start(&self) -> bool {
        self.line_empty
    }

    /// A space, when `needed` and the line has begun.
    fn space(&mut self, needed: bool) {
        if needed && !self.line_empty {
            self.push(" ");
        }
    }

    /// The contents of a block (or a file): one item, statement, field or
    /// arm per line.
    fn block_body(&mut self, toks: &[Tok]) {
        let mut prev = Prev::Start;
        let mut closure = false;
        // Commas inside `<…>` (generic arguments) do not end a line.
        let mut angle = 0i32;
        for (i, t) in toks.iter().enumerate() {
            match t {
                Tok::Op(op) if op == ";" => angle = 0,
                Tok::Group(Delimiter::Brace, _) => angle = 0,
                _ => angle += angle_delta(t),
            }
            match t {
                Tok::Doc { inner, text } => {
                    if !self.at_line_start() {
                        self.newline();
                    }
                    for line in text.split('\n') {
                        self.push(if *inner { "//!" } else { "///" });
                        self.push(line.trim_end());
                        self.newline();
                    }
                    prev = Prev::Start;
                    continue;
                }
                Tok::Attr { inner, body } => {
                    if !self.at_line_start() {
                        self.newline();
                    }
                    self.attribute(*inner, body);
                    self.newline();
                    prev = Prev::Start;
                    continue;
                }
                _ => {}
            }
            prev = self.token(t, prev, &mut closure, toks.get(i + 1));
            let next = toks.get(i + 1);
            let breaks = match t {
                Tok::Op(op) if op == ";" => true,
                Tok::Op(op) if op == "," => angle <= 0,
                Tok::Group(Delimiter::Brace, _) => !matches!(
                    next,
                    None | Some(Tok::Op(_)) | Some(Tok::Group(Delimiter::Parenthesis, _))
                ) || matches!(next, Some(Tok::Op(op)) if op == "#"),
                _ => false,
            };
            let else_follows = matches!(next, Some(Tok::Ident(k)) if k == "else");
            if breaks && next.is_some() && !else_follows {
                self.newline();
                prev = Prev::Start;
            }
        }
    }

    /// `#[…]` or `#![…]`.
    fn attribute(&mut self, inner: bool, body: &[Tok]) {
        self.push(if inner { "#![" } else { "#[" });
        self.inline(body);
        self.push("]");
    }

    /// Tokens on one line (attribute bodies, group contents).
    fn inline(&mut self, toks: &[Tok]) {
        let mut prev = Prev::Start;
        let mut closure = false;
        for (i, t) in toks.iter().enumerate() {
            prev = self.token(t, prev, &mut closure, toks.get(i + 1));
        }
    }

    /// Prints one token after `prev`; returns how it ends.
    fn token(&mut self, t: &Tok, prev: Prev, closure: &mut bool, next: Option<&Tok>) -> Prev {
        match t {
            Tok::Ident(id) => {
                self.space(matches!(prev, Prev::Value | Prev::Keyword | Prev::Spaced | Prev::Angle));
                let start = self.out.len();
                self.display(id);
                if is_keyword(&self.out[start..]) { Prev::Keyword } else { Prev::Value }
            }
            Tok::Lifetime(id) => {
                self.space(matches!(prev, Prev::Value | Prev::Keyword | Prev::Spaced));
                self.push("'");
                self.display(id);
                Prev::Value
            }
            Tok::Lit(l) => {
                self.space(matches!(prev, Prev::Value | Prev::Keyword | Prev::Spaced | Prev::Angle));
                self.display(l);
                Prev::Value
            }
            Tok::Doc { text, .. } => {
                // A doc comment inside a line (a field of an inline group): as an attribute.
                self.space(prev != Prev::Start && prev != Prev::Tight);
                self.push(&format!("#[doc = {:?}]", text));
                Prev::Spaced
            }
            Tok::Attr { inner, body } => {
                self.space(prev != Prev::Start && prev != Prev::Tight);
                self.attribute(*inner, body);
                Prev::Spaced
            }
            Tok::Group(delim, inner) => self.group(*delim, inner, prev),
            Tok::Op(op) => self.op(op, prev, closure, next),
        }
    }

    fn op(&mut self, op: &str, prev: Prev, closure: &mut bool, next: Option<&Tok>) -> Prev {
        let operand_position = matches!(prev, Prev::Start | Prev::Spaced | Prev::Keyword | Prev::Tight);
        match op {
            "," | ";" => {
                self.push(op);
                Prev::Spaced
            }
            ":" => {
                self.push(":");
                Prev::Spaced
            }
            "::" => {
                self.space(prev == Prev::Keyword || prev == Prev::Spaced);
                self.push("::");
                Prev::Tight
            }
            "." | "?" => {
                self.push(op);
                if op == "?" { Prev::Value } else { Prev::Tight }
            }
            ".." | "..=" => {
                self.space(prev == Prev::Spaced || prev == Prev::Keyword);
                self.push(op);
                Prev::Tight
            }
            "<" => {
                // Generics: tight on both sides.
                self.space(prev == Prev::Spaced);
                self.push("<");
                Prev::Tight
            }
            ">" | ">>" => {
                self.push(op);
                Prev::Angle
            }
            "|" | "||" if operand_position && !*closure => {
                // A closure's parameter list opens (`|x|`), or has none (`||`).
                self.space(prev == Prev::Spaced || prev == Prev::Keyword);
                self.push(op);
                if op == "|" {
                    *closure = true;
                    Prev::Tight
                } else {
                    Prev::Spaced
                }
            }
            "|" if *closure => {
                *closure = false;
                self.push("|");
                Prev::Spaced
            }
            "&" | "*" | "-" | "!" if operand_position => {
                // Unary: tight to its operand.
                self.space(prev == Prev::Spaced || prev == Prev::Keyword);
                self.push(op);
                Prev::Tight
            }
            "!" if matches!(next, Some(Tok::Group(..))) => {
                // A macro call: `format!(…)`.
                self.push("!");
                Prev::Tight
            }
            "&" => {
                self.space(true);
                self.push("&");
                Prev::Tight
            }
            _ => {
                let spaced = SPACED.contains(&op) || matches!(op, "-" | "*" | "/" | "%" | "|" | "||" | "^" | "<<");
                self.space(spaced && prev != Prev::Start);
                self.push(op);
                if spaced { Prev::Spaced } else { Prev::Tight }
            }
        }
    }

    fn group(&mut self, delim: Delimiter, inner: &[Tok], prev: Prev) -> Prev {
        match delim {
            Delimiter::Brace => {
                self.space(!matches!(prev, Prev::Tight | Prev::Start));
                if inner.is_empty() {
                    self.push("{}");
                    return Prev::Value;
                }
                self.push("{");
                self.indent += 1;
                self.newline();
                self.block_body(inner);
                self.indent -= 1;
                self.newline();
                self.push("}");
                Prev::Value
            }
            Delimiter::Parenthesis | Delimiter::Bracket => {
                let (open, close) = if delim == Delimiter::Parenthesis { ("(", ")") } else { ("[", "]") };
                self.space(matches!(prev, Prev::Keyword | Prev::Spaced));
                // Try the group on one line; break it when it would pass the width.
                let mut trial = Printer { out: String::new(), indent: self.indent, col: self.col + 1, line_empty: false };
                trial.inline(inner);
                let one_line = !trial.out.contains('\n') && self.col + trial.out.len() + 2 <= WIDTH;
                let items = split_commas(inner);
                if one_line || items.len() < 2 || (delim == Delimiter::Bracket && trial.out.contains('\n')) {
                    self.push(open);
                    self.push(&trial.out);
                    self.push(close);
                } else {
                    self.push(open);
                    self.indent += 1;
                    for item in items {
                        self.newline();
                        self.inline(item);
                        self.push(",");
                    }
                    self.indent -= 1;
                    self.newline();
                    self.push(close);
                }
                Prev::Value
            }
            Delimiter::None => {
                self.inline(inner);
                Prev::Value
            }
        }
    }
}

/// How a token changes the depth of generic arguments (`<…>`).
fn angle_delta(t: &Tok) -> i32 {
    match t {
        Tok::Op(op) if op == "<" => 1,
        Tok::Op(op) if op == ">" => -1,
        Tok::Op(op) if op == ">>" => -2,
        _ => 0,
    }
}

/// A group's contents split at its top-level commas (a trailing comma dropped).
fn split_commas(toks: &[Tok]) -> Vec<&[Tok]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut angle = 0i32;
    for (i, t) in toks.iter().enumerate() {
        angle += angle_delta(t);
        if matches!(t, Tok::Op(op) if op == ",") && angle <= 0 {
            out.push(&toks[start..i]);
            start = i + 1;
        }
    }
    if start < toks.len() {
        out.push(&toks[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn f(ts: TokenStream) -> String {
        format_file(&[], ts).unwrap()
    }

    #[test]
    fn doc_attributes_print_as_comments() {
        let out = format_file(&["@generated".into()], quote! { #[doc = " Hello."] pub struct A; }).unwrap();
        assert_eq!(out, "// @generated\n\n/// Hello.\npub struct A;\n");
        assert_eq!(f(quote! { #![doc = " Module \"docs\" \u{e9}."] mod a; }), "//! Module \"docs\" \u{e9}.\nmod a;\n");
    }

    #[test]
    fn items_fields_and_arms_take_a_line_each() {
        let out = f(quote! {
            #[derive(Clone, Debug)]
            pub struct A { pub a: ::std::option::Option<Vec<u8>>, b: &'static str }
            impl<T: Send> X for A where T: Sync {
                fn f(&self, x: i32) -> Result<(), E> {
                    let y = match x { 1 => Some(2), _ => { None } };
                    if y.is_none() && let Some(z) = g() { return Err(z); } else { h(); }
                    v.iter().map(|a| *a + 1).filter(|| !done).count()?;
                    Ok(())
                }
            }
        });
        assert_eq!(
            out,
            "#[derive(Clone, Debug)]\npub struct A {\n    pub a: ::std::option::Option<Vec<u8>>,\n    b: &'static str\n}\n\
             impl<T: Send> X for A where T: Sync {\n    fn f(&self, x: i32) -> Result<(), E> {\n        let y = match x {\n            1 => Some(2),\n            _ => {\n                None\n            }\n        };\n        \
             if y.is_none() && let Some(z) = g() {\n            return Err(z);\n        } else {\n            h();\n        }\n        \
             v.iter().map(|a| *a + 1).filter(|| !done).count()?;\n        Ok(())\n    }\n}\n"
        );
    }

    #[test]
    fn long_argument_lists_break_one_per_line() {
        let out = f(quote! { fn f() { call_something(first_argument_value, second_argument_value, third_argument_value, fourth_argument); } });
        assert_eq!(out, "fn f() {\n    call_something(\n        first_argument_value,\n        second_argument_value,\n        third_argument_value,\n        fourth_argument,\n    );\n}\n");
    }

    #[test]
    fn paths_macros_and_literals() {
        assert_eq!(f(quote! { use ::smithy_runtime::rest as rt; }), "use ::smithy_runtime::rest as rt;\n");
        assert_eq!(f(quote! { fn f() -> ::std::string::String { format!("{}", -1i8) } }), "fn f() -> ::std::string::String {\n    format!(\"{}\", -1i8)\n}\n");
        assert_eq!(f(quote! { const X: [u8; 2] = [1, 2]; }), "const X: [u8; 2] = [1, 2];\n");
        assert_eq!(f(quote! { impl<'de> D<'de> for X {} }), "impl<'de> D<'de> for X {}\n");
        assert_eq!(f(quote! { fn f() -> impl Future<Output = R> + Send { g(b"", ..) } }), "fn f() -> impl Future<Output = R> + Send {\n    g(b\"\", ..)\n}\n");
    }

    #[test]
    fn string_literal_values() {
        assert_eq!(unescape(r#""a\"b\\c\n\u{e9}\x41""#).as_deref(), Some("a\"b\\c\n\u{e9}A"));
        assert_eq!(unescape(r###"r#"x"y"#"###).as_deref(), Some("x\"y"));
    }
}
