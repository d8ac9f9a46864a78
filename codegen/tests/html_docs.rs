//! Model HTML → rustdoc Markdown: real fragments of the Connect model, the
//! constructs AWS models use that Connect happens not to (nested lists,
//! `<a>` without `href`, entities, `<pre>`, `<fullname>`), and a property
//! test that no input panics or leaves rustdoc-sensitive text.

use codegen::docs::html_to_markdown;
use proptest::prelude::*;

fn md(html: &str) -> String {
    html_to_markdown(html).join("\n")
}

#[test]
fn connect_fragments() {
    // AgentContactReference$AgentContactState: a link across a line break, a note.
    assert_eq!(
        md(
            "<p>The <a href=\"https://docs.aws.amazon.com/connect/latest/adminguide/about-contact-states.html\">state of the\n    contact</a>.</p>\n         <note>\n            <p>When <code>AgentContactState</code> is set to <code>CONNECTED_ONHOLD</code>, <code>StateStartTimestamp</code>\n    is not changed.</p>\n         </note>"
        ),
        "The [state of the contact](https://docs.aws.amazon.com/connect/latest/adminguide/about-contact-states.html).\n\n> **Note:** When `AgentContactState` is set to `CONNECTED_ONHOLD`, `StateStartTimestamp` is not changed."
    );
    // CreateContactRequest$Channel: <important>, an apostrophe.
    assert_eq!(
        md(
            "<p>The channel for the contact.</p>\n         <important>\n            <p>The CHAT channel is not supported. We're working to correct it.</p>\n         </important>"
        ),
        "The channel for the contact.\n\n> **Important:** The CHAT channel is not supported. We're working to correct it."
    );
    // AvailableNumberSummary$PhoneNumber: brackets inside code stay as written.
    assert_eq!(
        md(
            "<p>The phone number. Phone numbers are formatted <code>[+] [country code] [subscriber number including area code]</code>.</p>"
        ),
        "The phone number. Phone numbers are formatted `[+] [country code] [subscriber number including area code]`."
    );
    // AgentStatusSearchFilter$AttributeFilter: <p> inside list items.
    assert_eq!(
        md(
            "<p>This accepts an\n    <code>OR</code> of <code>AND</code> (List of List) input where: </p>\n         <ul>\n            <li>\n               <p>The top level list specifies conditions.</p>\n            </li>\n            <li>\n               <p>The inner list specifies conditions.</p>\n            </li>\n         </ul>"
        ),
        "This accepts an `OR` of `AND` (List of List) input where:\n\n- The top level list specifies conditions.\n- The inner list specifies conditions."
    );
    // PhoneNumberConfig$Channel: code inside bold.
    assert_eq!(
        md(
            "<p>The channel for this phone number configuration. <b>Only <code>VOICE</code> is supported for this data type.</b>\n         </p>"
        ),
        "The channel for this phone number configuration. **Only `VOICE` is supported for this data type.**"
    );
    // SearchCriteria$SearchableContactAttributes: link text that is a URL, italics.
    assert_eq!(
        md(
            "<p>see <a href=\"https://docs.aws.amazon.com/x.html#a\">https://docs.aws.amazon.com/x.html#a</a>Actions in the <i>Guide</i>.</p>"
        ),
        "see [https://docs.aws.amazon.com/x.html#a](https://docs.aws.amazon.com/x.html#a)Actions in the *Guide*."
    );
}

#[test]
fn constructs_other_aws_models_use() {
    assert_eq!(
        md(
            "<ul><li><p>One</p><ul><li>Inner <code>x</code></li><li>Two</li></ul></li><li>Last</li></ul>"
        ),
        "- One\n  - Inner `x`\n  - Two\n- Last"
    );
    assert_eq!(
        md("<ol><li>First</li><li>Second</li></ol>"),
        "1. First\n2. Second"
    );
    assert_eq!(
        md("<p>Call <a>DescribeContact</a> first.</p>"),
        "Call `DescribeContact` first."
    );
    assert_eq!(
        md("<p>A &amp; B &lt;tag&gt; &quot;q&quot; &#91;x&#93; &nbsp;&mdash;</p>"),
        "A &amp; B \\<tag\\> \"q\" \\[x\\] \u{a0}—"
    );
    assert_eq!(
        md("<fullname>Amazon Connect Service</fullname><p>Docs.</p>"),
        "Amazon Connect Service\n\nDocs."
    );
    assert_eq!(
        md("<pre><code>{\n  \"a\": [1]\n}</code></pre>"),
        "```text\n{\n  \"a\": [1]\n}\n```"
    );
    assert_eq!(
        md("<p>Stray </li> and <unknown attr=1>tags</unknown> and </p></p>"),
        "Stray and tags and"
    );
    assert_eq!(
        md("<p>Plain [brackets] and a_b *star* | pipe</p>"),
        "Plain \\[brackets\\] and a\\_b \\*star\\* \\| pipe"
    );
    assert_eq!(
        md("<p>See https://aws.amazon.com/connect/pricing/.</p>"),
        "See <https://aws.amazon.com/connect/pricing/>."
    );
    assert_eq!(md(""), "");
}

/// What rustdoc would object to in this Markdown, parsed the way rustdoc
/// parses it (pulldown-cmark): a reference-style link with no target (an
/// intra-doc link candidate such as `[x]`), raw HTML, or an indented code block.
fn rustdoc_objections(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
    let mut found = Vec::new();
    let mut broken = |link: pulldown_cmark::BrokenLink<'_>| {
        found.push(format!("unresolved link {:?}", link.reference));
        None
    };
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let events: Vec<Event<'_>> =
        Parser::new_with_broken_link_callback(markdown, options, Some(&mut broken)).collect();
    for e in events {
        match e {
            Event::Html(h) | Event::InlineHtml(h) => found.push(format!("raw HTML {h:?}")),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                found.push("indented code block".into())
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if lang.as_ref() != "text" =>
            {
                found.push(format!("code block that would run as a doctest ({lang:?})"))
            }
            _ => {}
        }
    }
    found
}

fn fragment() -> impl Strategy<Value = String> {
    let tokens = prop::sample::select(vec![
        "<p>",
        "</p>",
        "<ul>",
        "</ul>",
        "<ol>",
        "</ol>",
        "<li>",
        "</li>",
        "<a>",
        "</a>",
        "<a href=\"https://x.example/a\">",
        "<a href='javascript:x'>",
        "<code>",
        "</code>",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<note>",
        "</note>",
        "<important>",
        "</important>",
        "<pre>",
        "</pre>",
        "<br/>",
        "<fullname>",
        "</fullname>",
        "[x]",
        "[",
        "]",
        "&amp;",
        "&lt;",
        "&#91;",
        "&#93;",
        "&bogus;",
        "<",
        ">",
        "*",
        "**",
        "_",
        "`",
        "#",
        "|",
        " ",
        "\n",
        "text",
        "https://aws.amazon.com/x",
        "    indented",
        "\\",
        "~",
        "(",
        ")",
    ]);
    prop::collection::vec(tokens, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_and_leaves_nothing_rustdoc_would_object_to(html in fragment()) {
        let text = html_to_markdown(&html).join("\n");
        let objections = rustdoc_objections(&text);
        prop_assert!(objections.is_empty(), "{objections:?} in {text:?} (from {html:?})");
    }
}
