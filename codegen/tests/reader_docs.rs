//! What a reader copying the docs' examples gets (issue 22): each defect a
//! reader found, as a check on the StartChatContact fixture (a trimmed
//! Connect model with the operation's shapes and their docs).

use std::path::Path;

use codegen::Generated;

mod common;

fn generate() -> Generated {
    let path = common::root().join("models/fixtures/start_chat_contact.json");
    codegen::generate(&path, &common::fixture_config()).unwrap()
}

/// The doc lines of the item declared by `decl` (`pub struct X `), without `/// `.
fn docs_of(g: &Generated, decl: &str) -> Vec<String> {
    for f in &g.files {
        let lines: Vec<&str> = f.contents.lines().collect();
        if let Some(at) = lines.iter().position(|l| l.starts_with(decl)) {
            let mut start = at;
            while start > 0
                && (lines[start - 1].starts_with("///") || lines[start - 1].starts_with("#["))
            {
                start -= 1;
            }
            return lines[start..at]
                .iter()
                .filter_map(|l| l.strip_prefix("///"))
                .map(|l| l.strip_prefix(' ').unwrap_or(l).to_string())
                .collect();
        }
    }
    panic!("no `{decl}` in the generated files");
}

/// The lines of the first code block after the heading `# {heading}`.
fn block_after(docs: &[String], heading: &str) -> Vec<String> {
    let at = docs
        .iter()
        .position(|l| l == &format!("# {heading}"))
        .unwrap_or_else(|| panic!("no `# {heading}`"));
    let open = at
        + docs[at..]
            .iter()
            .position(|l| l.starts_with("```"))
            .unwrap();
    let close = open + 1 + docs[open + 1..].iter().position(|l| l == "```").unwrap();
    docs[open + 1..close].to_vec()
}

#[test]
fn the_synopsis_makes_a_client_calls_and_reads_the_result() {
    let g = generate();
    let docs = docs_of(&g, "pub struct StartChatContactRequest ");
    let code = block_after(&docs, "Synopsis");
    let text = code.join("\n");
    // The fixture's service does not sign: its client is any `Client`
    // (the committed Connect crate's is `signed_client`, checked below).
    let order = [
        "let request = StartChatContactRequest::new(",
        "assert!(request.validate().is_ok());",
        "// `client`: a `Client` over any `Transport` (see the crate root).",
        "let response = client.start_chat_contact(request).await?;",
        "let contact_id = &response.contact_id; // Option<String>",
    ];
    let mut from = 0;
    for step in order {
        let at = text[from..]
            .find(step)
            .unwrap_or_else(|| panic!("`{step}` after what comes before it in:\n{text}"));
        from += at + step.len();
    }
    // The network part is compiled but never run: in a function nobody calls.
    assert!(
        code.iter()
            .any(|l| l.starts_with("# async fn call(client: &Client<"))
    );
}

/// The committed Connect crate (its service signs with SigV4): the synopsis
/// makes its client the crate root's way.
#[test]
fn a_signing_service_synopsis_makes_a_signed_client() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(
        root.join("generated/connect/src/types/start_chat_contact_request.rs"),
    )
    .unwrap();
    let docs = &text[..text.find("pub struct StartChatContactRequest ").unwrap()];
    for step in [
        "/// # #[cfg(all(feature = \"aws\", feature = \"https\"))]",
        "/// # async fn call(request: StartChatContactRequest) -> std::result::Result<(), std::boxed::Box<dyn std::error::Error>> {",
        "/// let client = signed_client(",
        "///     runtime::https::Https::new()?,",
        "/// let response = client.start_chat_contact(request).await?; // StartChatContactResponse",
        // What the client does with a throttling error before returning it.
        "(HTTP 429): The allowed limit for the resource has been exceeded. A client made with `signed_client` retries it first.",
    ] {
        assert!(docs.contains(step), "{step}");
    }
}

#[test]
fn the_synopsis_leaves_idempotency_tokens_to_the_client() {
    let g = generate();
    let code = block_after(
        &docs_of(&g, "pub struct StartChatContactRequest "),
        "Synopsis",
    );
    assert!(
        !code
            .iter()
            .any(|l| l.trim_start().starts_with(".with_client_token(")),
        "a copied token would make every call the same request"
    );
    assert!(code.iter().any(|l| l.contains(
        "// .with_client_token(…): left unset, the client fills a fresh token for each call"
    )));
}

#[test]
fn the_synopsis_shows_rules_the_docs_state_where_the_value_is_written() {
    let g = generate();
    let code = block_after(
        &docs_of(&g, "pub struct StartChatContactRequest "),
        "Synopsis",
    )
    .join("\n");
    // On the value's line, or in the comment just above it.
    let lines: Vec<&str> = code.lines().collect();
    let content = lines
        .iter()
        .position(|l| l.contains("\"MyContent\""))
        .expect("the message content");
    assert!(
        lines[content.saturating_sub(3)..=content]
            .iter()
            .any(|l| l.contains("Maximum of 1024")),
        "the plain-text limit, at the content:\n{code}"
    );
    let rehydration = code
        .find(".with_rehydration_type(")
        .expect("the rehydration type");
    let around = &code[code[..rehydration].rfind("\n\n").unwrap_or(0)..];
    assert!(
        around.contains("optional in the model")
            && around.contains("RehydrationType is required for persistent chat."),
        "{code}"
    );
}

#[test]
fn the_response_example_calls_the_operation_once_per_function() {
    let g = generate();
    let code = block_after(
        &docs_of(&g, "pub struct StartChatContactResponse "),
        "Example",
    );
    let mut calls = 0;
    for line in &code {
        if line.starts_with("async fn ") {
            assert!(
                calls <= 1,
                "two calls in one function:\n{}",
                code.join("\n")
            );
            calls = 0;
        }
        calls += line.matches("client.").count();
    }
    assert_eq!(calls, 1, "{}", code.join("\n"));
    assert!(
        !code.iter().any(|l| l.contains(".clone()")),
        "{}",
        code.join("\n")
    );
}

#[test]
fn the_response_table_shows_the_field_types() {
    let g = generate();
    let docs = docs_of(&g, "pub struct StartChatContactResponse ");
    assert!(
        docs.iter()
            .any(|l| l.starts_with("| [`contact_id`](Self::contact_id) | `Option<String>` |")),
        "{}",
        docs.join("\n")
    );
}

#[test]
fn the_first_sentence_says_what_the_operation_does() {
    let g = generate();
    let request = docs_of(&g, "pub struct StartChatContactRequest ");
    assert!(
        request[0].starts_with("Arguments of [`")
            && request[0]
                .ends_with(", which initiates a flow to start a new chat for the customer."),
        "{}",
        request[0]
    );
    let response = docs_of(&g, "pub struct StartChatContactResponse ");
    assert!(
        response[0].starts_with("Result of [`")
            && response[0].contains("which initiates a flow to start a new chat"),
        "{}",
        response[0]
    );
}

#[test]
fn the_errors_section_matches_on_the_result_and_says_where_unlisted_errors_go() {
    let g = generate();
    let docs = docs_of(&g, "pub struct StartChatContactRequest ");
    let text = docs.join("\n");
    assert!(text.contains("arrives as `Unhandled`"), "{text}");
    let code = block_after(&docs, "Errors").join("\n");
    assert!(
        code.contains("match client.start_chat_contact(request).await {"),
        "{code}"
    );
    assert!(
        code.contains("E::LimitExceededException(e)"),
        "the 429 error: {code}"
    );
    assert!(code.contains("E::Unhandled(e)"), "{code}");
}

#[test]
fn the_docs_are_built_with_every_feature_and_name_runtime_paths_as_users_write_them() {
    let g = generate();
    let manifest = g
        .files
        .iter()
        .find(|f| f.path == Path::new("Cargo.toml"))
        .unwrap();
    assert!(
        manifest
            .contents
            .contains("[package.metadata.docs.rs]\nall-features = true\n")
    );
    for f in &g.files {
        for line in f
            .contents
            .lines()
            .filter(|l| l.trim_start().starts_with("//"))
        {
            assert!(
                !line.contains("smithy_runtime::")
                    && !line.contains("](rt::")
                    && !line.contains("`rt::"),
                "{}: {line}",
                f.path.display()
            );
        }
    }
}
