//! `cargo xtask doc-check`: reads the HTML that `cargo doc` rendered for
//! each generated crate and fails on what a reader would see as broken:
//!
//! - an intra-doc link that did not resolve, which rustdoc renders as the
//!   literal text `` [`runtime::json`] `` (with no warning when the target
//!   is in a crate it did not document);
//! - a Markdown link left as text (`](crate::…)`);
//! - a line of an example wider than a code block shows (100 characters)
//!   without scrolling;
//! - on the crate's own pages (not the runtime's, re-exported under
//!   `runtime`), a path the reader cannot write: the generated code's
//!   private aliases (`rt::Validation`) and the runtime crate by its own
//!   name (`smithy_runtime::https`), where the reader writes
//!   `connect::runtime::…`.

use std::path::{Path, PathBuf};

// The widest example line a reader sees whole: the width synopses are written to.
use codegen::emit::synopsis::MAX_WIDTH;

/// One problem on one page.
#[derive(Debug, PartialEq)]
pub struct Finding {
    /// What is wrong.
    pub what: &'static str,
    /// The text in question.
    pub text: String,
}

/// Every problem on one rendered page. The blanket implementations at the
/// end of a type's page are left out: their docs are other crates' (an
/// unresolved `[`Span`]` in `tracing`'s `Instrument`).
pub fn findings_in(html: &str) -> Vec<Finding> {
    let html = html
        .find("id=\"blanket-implementations\"")
        .map_or(html, |at| &html[..at]);
    let mut out = Vec::new();
    // An unresolved intra-doc link: `[<code>x</code>]` outside a link.
    let mut rest = html;
    while let Some(at) = rest.find("[<code>") {
        let after = &rest[at + "[<code>".len()..];
        match after.find("</code>]") {
            Some(end) if !after[..end].contains('<') => {
                out.push(Finding {
                    what: "unresolved link",
                    text: format!("[`{}`]", decode(&after[..end])),
                });
                rest = &after[end..];
            }
            _ => rest = after,
        }
    }
    for (at, _) in html.match_indices("](crate::") {
        let start = html[..at].rfind('[').unwrap_or(at);
        let end = html[at..].find(')').map_or(html.len(), |e| at + e + 1);
        out.push(Finding {
            what: "Markdown link left as text",
            text: decode(&html[start..end]),
        });
    }
    // Example code blocks (not item declarations).
    let mut rest = html;
    while let Some(at) = rest.find("<pre class=\"rust rust-example-rendered\">") {
        let block = &rest[at..];
        let end = block.find("</pre>").unwrap_or(block.len());
        let text = decode(&strip_tags(&block[..end]));
        for line in text.lines() {
            if line.chars().count() > MAX_WIDTH {
                out.push(Finding {
                    what: "example line over 100 characters",
                    text: line.to_string(),
                });
            }
        }
        rest = &block[end..];
    }
    out
}

/// Paths in code (inline or examples) that a user of the crate cannot write.
pub fn unwritable_paths(html: &str) -> Vec<Finding> {
    let html = html
        .find("id=\"blanket-implementations\"")
        .map_or(html, |at| &html[..at]);
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<code>") {
        let after = &rest[at + "<code>".len()..];
        let end = after.find("</code>").unwrap_or(after.len());
        let text = decode(&strip_tags(&after[..end]));
        for prefix in ["rt::", "smithy_runtime::"] {
            let mut from = 0;
            while let Some(i) = text[from..].find(prefix) {
                let start = from + i;
                let before = text[..start].chars().next_back();
                if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    let word_end = text[start..]
                        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                        .map_or(text.len(), |e| start + e);
                    out.push(Finding {
                        what: "a path the user cannot write",
                        text: text[start..word_end].to_string(),
                    });
                }
                from = start + prefix.len();
            }
        }
        rest = &after[end..];
    }
    out
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn decode(text: &str) -> String {
    codegen::docs::decode_entities(text)
}

/// Checks every page under each `doc_dir/<lib>`; prints what it finds and
/// returns how many problems there were.
pub fn check(doc_dir: &Path, libs: &[String]) -> Result<usize, String> {
    let mut total = 0;
    for lib in libs {
        let dir = doc_dir.join(lib);
        if !dir.is_dir() {
            return Err(format!(
                "{}: no rendered docs (run `cargo doc --workspace --no-deps` first)",
                dir.display()
            ));
        }
        let mut pages = Vec::new();
        html_files(&dir, &mut pages)?;
        pages.sort();
        let mut found = 0;
        for page in &pages {
            let html =
                std::fs::read_to_string(page).map_err(|e| format!("{}: {e}", page.display()))?;
            // The runtime's pages, re-exported under `runtime`, are its own
            // docs (their examples name it as its own crate does).
            let own = !page
                .strip_prefix(&dir)
                .is_ok_and(|p| p.starts_with("runtime"));
            let unwritable = if own {
                unwritable_paths(&html)
            } else {
                Vec::new()
            };
            for f in findings_in(&html).into_iter().chain(unwritable) {
                if found < 30 {
                    println!(
                        "{}: {}: {}",
                        page.strip_prefix(doc_dir).unwrap_or(page).display(),
                        f.what,
                        f.text
                    );
                }
                found += 1;
            }
        }
        println!("{lib}: {} pages, {found} problems", pages.len());
        total += found;
    }
    Ok(total)
}

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            html_files(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "html") {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_literal_links_and_wide_examples() {
        let page = concat!(
            "<p>The <code>serde</code> feature; [<code>runtime::json</code>] reads it.</p>",
            "<p><a href=\"x.html\"><code>rt::Validation</code></a> and [<code>a &amp; b</code>]</p>",
            "<p>See [X](crate::X).</p>",
            "<h2 id=\"blanket-implementations\">Blanket</h2><p>[<code>Span</code>] is theirs.</p>",
            "<pre class=\"rust item-decl\"><code>fn a_very_long_declaration_is_not_an_example() {}</code></pre>",
            "<pre class=\"rust rust-example-rendered\"><code><span>let</span> a = 1; // short\n",
        )
        .to_string()
            + &"y".repeat(101)
            + "</code></pre>";
        let page = page.replacen(
            "<h2 id=\"blanket-implementations\">Blanket</h2><p>[<code>Span</code>] is theirs.</p>",
            "",
            1,
        ) + "<h2 id=\"blanket-implementations\">Blanket</h2><p>[<code>Span</code>] is theirs.</p>";
        let found = findings_in(&page);
        let texts: Vec<(&str, &str)> = found.iter().map(|f| (f.what, f.text.as_str())).collect();
        assert_eq!(texts[0], ("unresolved link", "[`runtime::json`]"));
        assert_eq!(texts[1], ("unresolved link", "[`a & b`]"));
        assert_eq!(texts[2].0, "Markdown link left as text");
        assert_eq!(
            texts[3],
            ("example line over 100 characters", "y".repeat(101).as_str())
        );
        assert_eq!(found.len(), 4);
    }

    #[test]
    fn finds_paths_the_user_cannot_write() {
        let page = "<p><a href=\"x.html\"><code>rt::Validation</code></a>, \
                    <code>connect::signed_client(smithy_runtime::https::Https::new()?)</code>, \
                    <code>connect::runtime::rest::Validation</code> and <code>start::x</code></p>\
                    <pre class=\"rust rust-example-rendered\"><code>let t = \
                    <span>smithy_runtime</span>::aws::Token::new();</code></pre>";
        let texts: Vec<String> = unwritable_paths(page).into_iter().map(|f| f.text).collect();
        assert_eq!(
            texts,
            [
                "rt::Validation",
                "smithy_runtime::https::Https::new",
                "smithy_runtime::aws::Token::new"
            ]
        );
    }

    #[test]
    fn a_clean_page_has_no_findings() {
        let page = "<p><a href=\"r.html\"><code>Error</code></a> [1] [a](https://x)</p>\
                    <pre class=\"rust rust-example-rendered\"><code>let x = [1, 2];</code></pre>";
        assert_eq!(findings_in(page), vec![]);
    }
}
