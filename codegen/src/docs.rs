//! Model documentation (HTML, as AWS writes it) → Markdown for rustdoc.
//!
//! Paragraphs, line breaks, `<code>`, `<i>`/`<em>`, `<b>`/`<strong>`, nested
//! lists, links, `<note>`/`<important>` (block quotes) and `<pre>` (fenced as
//! `text`, so it never runs as a doctest) are kept; other tags are dropped
//! with their text kept. Text is escaped so that rustdoc reads no stray
//! HTML, no intra-doc links (`[x]`) and no indented code blocks; bare URLs
//! are wrapped in `<…>`.

/// Converts model HTML to Markdown lines (no trailing blank line).
pub fn html_to_markdown(html: &str) -> Vec<String> {
    let mut c = Converter::default();
    c.run(html);
    c.finish()
}

/// The list state put aside while a block quote is open: kinds, item counts, marker widths.
type SavedLists = (Vec<Option<u32>>, Vec<usize>, Vec<usize>);

#[derive(Default)]
struct Converter {
    /// Finished lines.
    lines: Vec<String>,
    /// The paragraph being built.
    para: String,
    /// Open lists: `None` for bullets, `Some(n)` for numbered ones.
    lists: Vec<Option<u32>>,
    /// Items written in each open list (text before the first item gets a marker of its own).
    items: Vec<usize>,
    /// Width of each open list's last marker (`- ` is 2, `10. ` is 4): where its items' content starts.
    widths: Vec<usize>,
    /// A block quote interrupted the current list: its next text starts a new item.
    list_interrupted: bool,
    /// Lists open around each open block quote (a quote sits at the margin, outside them).
    saved_lists: Vec<SavedLists>,
    /// Block-quote depth (`<note>`, `<important>`).
    quote: usize,
    /// The label (`**Note:**`) that opens the next paragraph of a note.
    label: Option<&'static str>,
    /// Inside `<code>`: text collected raw.
    code: Option<String>,
    /// Inside `<pre>`: text collected raw.
    pre: Option<String>,
    /// Open `<a>`: its href, and where its text starts in `para`.
    link: Option<(Option<String>, usize)>,
    /// The prefix for the current paragraph's first line (a list marker), if any.
    marker: Option<String>,
}

impl Converter {
    fn run(&mut self, html: &str) {
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('<') {
                if let Some(end) = after.find('>') {
                    let tag = &after[..end];
                    if tag.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
                        self.tag(tag);
                        rest = &after[end + 1..];
                        continue;
                    }
                }
                self.text("<");
                rest = after;
                continue;
            }
            let end = rest.find('<').unwrap_or(rest.len());
            let text = decode_entities(&rest[..end]);
            self.text(&text);
            rest = &rest[end..];
        }
    }

    fn tag(&mut self, tag: &str) {
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/').trim_end_matches('/');
        let name: String = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(pre) = &mut self.pre {
            if name == "pre" && closing {
                let text = std::mem::take(pre);
                self.pre = None;
                self.flush();
                self.push_fence(&text);
            }
            return;
        }
        match (name.as_str(), closing) {
            (
                "p" | "div" | "fullname" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dt" | "dd",
                _,
            ) => self.flush(),
            ("br", _) => self.flush(),
            ("ul", false) => {
                self.flush();
                self.lists.push(None);
                self.items.push(0);
                self.widths.push(2);
            }
            ("ol", false) => {
                self.flush();
                self.lists.push(Some(0));
                self.items.push(0);
                self.widths.push(3);
            }
            ("ul" | "ol", true) if !self.lists.is_empty() => {
                self.flush();
                self.lists.pop();
                self.items.pop();
                self.widths.pop();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            ("ul" | "ol", true) => {}
            ("li", false) => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{n}. ")
                    }
                    _ => "- ".to_string(),
                };
                self.marker = Some(marker);
            }
            ("li", true) if !self.lists.is_empty() => self.flush(),
            ("li", true) => {}
            ("note" | "important" | "blockquote", false) => {
                self.flush();
                self.blank();
                self.quote += 1;
                self.label = match name.as_str() {
                    "note" => Some("**Note:**"),
                    "important" => Some("**Important:**"),
                    _ => None,
                };
                self.saved_lists.push((
                    std::mem::take(&mut self.lists),
                    std::mem::take(&mut self.items),
                    std::mem::take(&mut self.widths),
                ));
            }
            ("note" | "important" | "blockquote", true) if self.quote > 0 => {
                self.flush();
                self.label = None;
                self.quote -= 1;
                // The quote sat at the margin and ended the lists there: they restart at the margin.
                if let Some((lists, items, widths)) = self.saved_lists.pop() {
                    self.lists = lists;
                    self.items = vec![0; items.len()];
                    self.widths = widths;
                }
                self.list_interrupted = !self.lists.is_empty();
                self.blank();
            }
            ("note" | "important" | "blockquote", true) => {}
            ("pre", false) => {
                self.flush();
                self.pre = Some(String::new());
            }
            ("code" | "tt" | "kbd" | "samp", false) if self.code.is_none() => {
                self.code = Some(String::new())
            }
            ("code" | "tt" | "kbd" | "samp", true) => {
                if let Some(code) = self.code.take() {
                    let code = collapse(&code);
                    if !code.trim().is_empty() {
                        self.para.push_str(&code_span(code.trim()));
                    }
                }
            }
            ("i" | "em", _) if self.code.is_none() => self.para.push('*'),
            ("b" | "strong", _) if self.code.is_none() => self.para.push_str("**"),
            ("a", false) if self.code.is_none() => {
                let href = attr(body, "href")
                    .filter(|h| h.starts_with("http://") || h.starts_with("https://"));
                self.link = Some((href, self.para.len()));
            }
            ("a", true) => {
                if let Some((href, start)) = self.link.take() {
                    let text = self.para.split_off(start.min(self.para.len()));
                    let text = text.trim();
                    match href {
                        Some(h) if !text.is_empty() => {
                            self.para.push_str(&format!(
                                "[{text}]({})",
                                h.replace(' ', "%20").replace(')', "%29")
                            ));
                        }
                        Some(h) => self.para.push_str(&format!("<{h}>")),
                        None if !text.is_empty() => self.para.push_str(&code_span(&unescape(text))),
                        None => {}
                    }
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(pre) = &mut self.pre {
            pre.push_str(text);
        } else if let Some(code) = &mut self.code {
            code.push_str(text);
        } else {
            // Inside a link, a URL is link text, not an autolink.
            let escaped = escape(&collapse(text), self.link.is_none());
            self.para.push_str(&escaped);
        }
    }

    fn prefix(&self) -> String {
        "> ".repeat(self.quote)
    }

    fn flush(&mut self) {
        if let Some(code) = self.code.take() {
            let code = collapse(&code);
            if !code.trim().is_empty() {
                self.para.push_str(&code_span(code.trim()));
            }
        }
        let mut text = collapse(&self.para).trim().to_string();
        // A `#` opening a line would make a heading.
        if text.starts_with('#') {
            text.insert(0, '\\');
        }
        self.para.clear();
        // A link still open continues in the next paragraph.
        if let Some((_, start)) = &mut self.link {
            *start = 0;
        }
        let marker = self.marker.take();
        if text.is_empty() || text == "*" || text == "**" {
            if marker.is_some() {
                // An empty list item: keep the marker for the next text.
                self.marker = marker;
            }
            return;
        }
        let text = balance_emphasis(&text);
        if text.trim().is_empty() {
            self.marker = self.marker.take().or(marker);
            return;
        }
        let text = match self.label.take() {
            Some(label) => format!("{label} {text}"),
            None => text,
        };
        // Indent by the enclosing lists that have items (a list nested in no item sits at the margin).
        let enclosing = self.items.len().saturating_sub(1);
        let indent = " ".repeat(self.content_indent(enclosing));
        // Text in a list before any item becomes an item of its own.
        let marker = match marker {
            None if self.items.last() == Some(&0)
                || (self.list_interrupted && !self.lists.is_empty()) =>
            {
                Some("- ".to_string())
            }
            m => m,
        };
        // Only items whose marker line is written count (an empty `<li>` writes none).
        if let Some(m) = &marker {
            if let Some(n) = self.items.last_mut() {
                *n += 1;
            }
            if let Some(w) = self.widths.last_mut() {
                *w = m.len();
            }
        }
        let continuation = " ".repeat(self.widths.last().copied().unwrap_or(2));
        self.list_interrupted = false;
        let line = match marker {
            Some(m) => format!("{}{indent}{m}{text}", self.prefix()),
            None if !self.lists.is_empty() => {
                format!("{}{indent}{continuation}{text}", self.prefix())
            }
            None => {
                self.blank();
                format!("{}{text}", self.prefix())
            }
        };
        self.lines.push(line);
        if self.lists.is_empty() {
            self.blank();
        }
    }

    /// Where content starts inside the first `depth` open lists: the widths
    /// of those that have items.
    fn content_indent(&self, depth: usize) -> usize {
        self.items[..depth]
            .iter()
            .zip(&self.widths)
            .filter(|(n, _)| **n > 0)
            .map(|(_, w)| w)
            .sum()
    }

    fn blank(&mut self) {
        let prefix = self.prefix();
        let blank = prefix.trim_end().to_string();
        if self
            .lines
            .last()
            .is_some_and(|l| l.trim_start_matches(['>', ' ']).is_empty())
        {
            return;
        }
        if !self.lines.is_empty() {
            self.lines.push(blank);
        }
    }

    fn push_fence(&mut self, text: &str) {
        // Inside a list the block is indented to the items' content, so the list goes on after it.
        let prefix = format!(
            "{}{}",
            self.prefix(),
            " ".repeat(self.content_indent(self.items.len()))
        );
        let text = text.trim_matches('\n');
        if text.trim().is_empty() {
            return;
        }
        let fence = if text.contains("```") { "````" } else { "```" };
        self.blank();
        if let Some(label) = self.label.take() {
            self.lines.push(format!("{}{label}", self.prefix()));
            self.blank();
        }
        self.lines.push(format!("{prefix}{fence}text"));
        for l in text.lines() {
            self.lines.push(format!("{prefix}{}", l.trim_end()));
        }
        self.lines.push(format!("{prefix}{fence}"));
        self.blank();
    }

    fn finish(mut self) -> Vec<String> {
        if let Some(pre) = self.pre.take() {
            self.push_fence(&pre);
        }
        self.link = None;
        self.flush();
        while self
            .lines
            .last()
            .is_some_and(|l| l.trim_start_matches(['>', ' ']).is_empty())
        {
            self.lines.pop();
        }
        while self
            .lines
            .first()
            .is_some_and(|l| l.trim_start_matches(['>', ' ']).is_empty())
        {
            self.lines.remove(0);
        }
        self.lines
    }
}

/// Drops `*`/`**` markers that would be left unbalanced (rustdoc would
/// otherwise print them or run emphasis across lines). Stars from the text
/// itself are already escaped, so every unescaped star is one of ours.
fn balance_emphasis(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    // Runs of unescaped stars: (start, length).
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let escaped = chars[..i].iter().rev().take_while(|c| **c == '\\').count() % 2 == 1;
        if chars[i] == '`' && !escaped {
            // Skip a code span: its stars are text.
            match chars[i + 1..].iter().position(|c| *c == '`') {
                Some(end) => i += end + 2,
                None => i += 1,
            }
            continue;
        }
        if chars[i] == '*' && !escaped {
            let start = i;
            while i < chars.len() && chars[i] == '*' {
                i += 1;
            }
            runs.push((start, i - start));
        } else {
            i += 1;
        }
    }
    let mut escape_at: Vec<usize> = Vec::new();
    for len in [1, 2] {
        let of_len: Vec<&(usize, usize)> = runs.iter().filter(|(_, l)| *l == len).collect();
        if of_len.len() % 2 == 1
            && let Some((start, l)) = of_len.last()
        {
            escape_at.extend(*start..*start + *l);
        }
    }
    for (start, l) in &runs {
        if *l > 2 {
            escape_at.extend(*start..*start + *l);
        }
    }
    chars
        .iter()
        .enumerate()
        .filter(|(i, _)| !escape_at.contains(i))
        .map(|(_, c)| *c)
        .collect()
}

/// Collapses runs of whitespace into one space.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        // HTML collapses ASCII whitespace only (a no-break space stays).
        if c.is_ascii_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space && !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// A Markdown code span; code that itself holds backticks is written as
/// escaped plain text instead (a span fenced with three backticks at the start
/// of a line would open a code block).
fn code_span(text: &str) -> String {
    if text.contains('`') {
        escape_text(text)
    } else {
        format!("`{text}`")
    }
}

/// Escapes Markdown- and HTML-significant characters in plain text, and
/// wraps bare URLs in `<…>`.
fn escape_text(text: &str) -> String {
    escape(text, true)
}

/// [`escape_text`], with or without turning bare URLs into autolinks.
fn escape(text: &str, autolink: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while !rest.is_empty() {
        let url_at = if autolink {
            ["https://", "http://"]
                .iter()
                .filter_map(|p| rest.find(p))
                .min()
        } else {
            None
        };
        let (plain, url) = match url_at {
            Some(i) => {
                let end = rest[i..]
                    .find(|c: char| {
                        c.is_whitespace()
                            || matches!(
                                c,
                                '<' | '>'
                                    | '"'
                                    | '('
                                    | ')'
                                    | '['
                                    | ']'
                                    | '{'
                                    | '}'
                                    | '`'
                                    | '\\'
                                    | '|'
                            )
                    })
                    .map_or(rest.len(), |e| i + e);
                let mut url = &rest[i..end];
                while url.ends_with(['.', ',', ';', ':']) {
                    url = &url[..url.len() - 1];
                }
                (&rest[..i], Some(url))
            }
            None => (rest, None),
        };
        for c in plain.chars() {
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                '&' => out.push_str("&amp;"),
                c => out.push(c),
            }
        }
        match url {
            Some(u) if u.len() > "https://".len() => {
                out.push('<');
                out.push_str(u);
                out.push('>');
                rest = &rest[plain.len() + u.len()..];
            }
            Some(u) => {
                out.push_str(u);
                rest = &rest[plain.len() + u.len()..];
            }
            None => rest = "",
        }
    }
    out
}

/// Undoes [`escape_text`] (for link text turned into a code span).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out.replace("&amp;", "&")
}

/// The value of attribute `name` in a tag body (`a href="x"`).
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        let after = lower[at + name.len()..].trim_start();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        if before_ok && after.starts_with('=') {
            let offset = tag.len() - after.len() + 1;
            let value = tag[offset..].trim_start();
            let value = if let Some(v) = value.strip_prefix('"') {
                v.split('"').next().unwrap_or("")
            } else if let Some(v) = value.strip_prefix('\'') {
                v.split('\'').next().unwrap_or("")
            } else {
                value.split_whitespace().next().unwrap_or("")
            };
            return Some(decode_entities(value.trim()));
        }
        from = at + name.len();
    }
    None
}

/// Decodes the HTML entities AWS models use (named and numeric).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "rsquo" => Some('’'),
                "lsquo" => Some('‘'),
                "rdquo" => Some('”'),
                "ldquo" => Some('“'),
                "hellip" => Some('…'),
                "copy" => Some('©'),
                "reg" => Some('®'),
                "trade" => Some('™'),
                n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first sentence-ish line of converted docs, for one-line summaries.
pub fn summary(html: &str) -> Option<String> {
    summary_of(&html_to_markdown(html))
}

/// The first line of text of Markdown lines (not a quote or a code fence).
fn summary_of(markdown: &[String]) -> Option<String> {
    markdown
        .iter()
        .find(|l| !l.trim().is_empty() && !l.starts_with('>') && !l.starts_with("```"))
        .cloned()
}

/// The model's documentation (HTML), converted once for every emitter.
pub fn convert(html: &str) -> crate::ir::Docs {
    let markdown = html_to_markdown(html);
    crate::ir::Docs {
        summary: summary_of(&markdown),
        named_values: values_named_in(html),
        stated_rule: stated_rule_of(&markdown.join(" ")),
        markdown,
    }
}

/// The first sentence of converted docs that states a rule the model may
/// not encode: that something is required ("RehydrationType is required for
/// persistent chat.") or a length ("… the Length Constraints are Minimum of
/// 1, Maximum of 1024."), whitespace collapsed, ending with a full stop;
/// `None` past 160 characters (too long to quote beside a value).
fn stated_rule_of(text: &str) -> Option<String> {
    text.split(". ")
        .map(|s| s.trim().trim_start_matches("- ").trim())
        .find(|s| {
            let lower = s.to_lowercase();
            lower.contains(" is required")
                || lower.contains(" are required")
                || s.contains("Maximum of ")
        })
        .map(|s| ends_sentence(&s.split_whitespace().collect::<Vec<_>>().join(" ")))
        .filter(|s| s.chars().count() <= 160)
}

/// `text`, ending with a full stop unless it ends a sentence already.
pub fn ends_sentence(text: &str) -> String {
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// Values that a member's docs (model HTML) give as the ones to use: the
/// code right after "must always contain", "must be", "valid values are",
/// "supported types are" and the like, in the order the docs give them.
pub fn values_named_in(docs: &str) -> Vec<String> {
    const CUES: [&str; 9] = [
        "must always contain",
        "must contain",
        "must include",
        "must be",
        "valid values are",
        "valid values:",
        "supported types are",
        "supported values are",
        "allowed values are",
    ];
    let lower = docs.to_ascii_lowercase();
    let mut found: Vec<(usize, String)> = Vec::new();
    for cue in CUES {
        for (at, _) in lower.match_indices(cue) {
            let after = &docs[at + cue.len()..];
            let after = after.trim_start_matches(|c: char| c.is_whitespace() || c == ':');
            let Some(rest) = after.strip_prefix("<code>") else {
                continue;
            };
            let Some(end) = rest.find("</code>") else {
                continue;
            };
            let value = decode_entities(&rest[..end]);
            if !value.is_empty() && !value.contains('<') {
                found.push((at, value));
            }
        }
    }
    found.sort();
    found.into_iter().map(|(_, v)| v).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        html_to_markdown(html).join("\n")
    }

    #[test]
    fn paragraphs_and_inline() {
        assert_eq!(
            md("<p>The <code>InstanceId</code> of <i>the</i> <b>thing</b>.</p>  <p>Second.</p>"),
            "The `InstanceId` of *the* **thing**.\n\nSecond."
        );
    }

    #[test]
    fn lists_nest() {
        let got = md(
            "<p>Intro:</p><ul><li><p>One</p></li><li>Two<ul><li>Inner</li></ul></li></ul><p>After</p>",
        );
        assert_eq!(got, "Intro:\n\n- One\n- Two\n  - Inner\n\nAfter");
        assert_eq!(md("<ol><li>a</li><li>b</li></ol>"), "1. a\n2. b");
    }

    #[test]
    fn links() {
        assert_eq!(
            md(r#"<p>See <a href="https://x.example/a b">the guide</a>.</p>"#),
            "See [the guide](https://x.example/a%20b)."
        );
        assert_eq!(
            md("<p>Call <a>CreateThing</a> first.</p>"),
            "Call `CreateThing` first."
        );
        assert_eq!(
            md("<p>Go to https://aws.amazon.com/x.</p>"),
            "Go to <https://aws.amazon.com/x>."
        );
    }

    #[test]
    fn escapes_rustdoc_syntax() {
        assert_eq!(
            md("<p>Use [x] and a_b * c &lt;tag&gt; # not heading</p>"),
            "Use \\[x\\] and a\\_b \\* c \\<tag\\> # not heading"
        );
        assert_eq!(md("<p># heading-like</p>"), "\\# heading-like");
        assert_eq!(
            md("   indented text that is not code"),
            "indented text that is not code"
        );
    }

    #[test]
    fn notes_and_pre() {
        assert_eq!(
            md("<p>A</p><note><p>Careful.</p></note>"),
            "A\n\n> **Note:** Careful."
        );
        assert_eq!(
            md("<note><p>One.</p><p>Two.</p></note>"),
            "> **Note:** One.\n>\n> Two."
        );
        assert_eq!(
            md("<important><p>Mind it.</p></important>"),
            "> **Important:** Mind it."
        );
        assert_eq!(md("<blockquote>Quoted.</blockquote>"), "> Quoted.");
        assert_eq!(
            md("<note><pre>x</pre></note>"),
            "> **Note:**\n>\n> ```text\n> x\n> ```"
        );
        assert_eq!(
            md("<pre>let x = 1;\n  y</pre>"),
            "```text\nlet x = 1;\n  y\n```"
        );
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt; &#39; &#x41; &bogus; &"),
            "a & b < ' A &bogus; &"
        );
    }

    #[test]
    fn unbalanced_and_stray() {
        assert_eq!(md("<p><b>Bold only"), "Bold only");
        assert_eq!(md("<p>a < b</p>"), "a \\< b");
        assert_eq!(md("<unknown>text</unknown>"), "text");
    }

    #[test]
    fn values_the_docs_name_come_first_in_their_order() {
        let docs = "<p>Supported types are <code>text/plain</code>, <code>text/markdown</code>.</p>\
                    <p>Content types must always contain <code>text/markdown</code>.</p>";
        assert_eq!(values_named_in(docs), ["text/plain", "text/markdown"]);
        assert_eq!(
            values_named_in("<p>The <code>Name</code> of the thing.</p>"),
            Vec::<String>::new()
        );
        assert_eq!(
            values_named_in("<p>Valid values: <code>a &amp; b</code></p>"),
            ["a & b"]
        );
    }
}
