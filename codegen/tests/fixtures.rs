//! Generator tests over the fixture models in `models/fixtures/`: a snapshot
//! of the generated code for each hazard, determinism, and the bad-input
//! policy (every error names the file and the shape).

use std::path::{Path, PathBuf};

use codegen::{Config, ErrorKind, Generated};

mod common;

fn models_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/fixtures")
}

fn config() -> Config {
    common::fixture_config()
}

fn generate(name: &str) -> Generated {
    let path = models_dir().join(format!("{name}.json"));
    codegen::generate(&path, &config()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// All generated Rust of a crate, each file under a `// ==== path` line.
fn rust_sources(g: &Generated) -> String {
    let mut out = String::new();
    for f in &g.files {
        if f.path.extension().is_some_and(|e| e == "rs") && !f.path.ends_with("types/mod.rs") {
            out.push_str(&format!("// ==== {}\n", f.path.display()));
            out.push_str(&f.contents);
        }
    }
    out
}

const FIXTURES: &[&str] = &[
    "auth",
    "auth_sigv4_default",
    "collection_cycles",
    "deep_nesting",
    "defaults",
    "direct_cycle",
    "enums",
    "event_stream",
    "http_bindings",
    "keywords",
    "resources",
    "sensitive",
    "shadowing",
    "simple_types",
    "smithy_v1",
    "start_chat_contact",
    "unenforced_pattern",
    "unions",
];

#[test]
fn fixtures_snapshot() {
    for name in FIXTURES {
        let g = generate(name);
        insta::assert_snapshot!(*name, rust_sources(&g));
    }
}

#[test]
fn every_fixture_is_listed() {
    let mut on_disk: Vec<String> = std::fs::read_dir(models_dir())
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            let stem = p.file_stem()?.to_string_lossy().into_owned();
            (p.extension()? == "json").then_some(stem)
        })
        .collect();
    on_disk.sort();
    assert_eq!(
        on_disk, FIXTURES,
        "add new fixtures to FIXTURES so they are snapshotted and compiled"
    );
}

#[test]
fn generation_is_deterministic() {
    for name in FIXTURES {
        let a = generate(name);
        let b = generate(name);
        assert_eq!(a.files, b.files, "{name}: two generations differ");
    }
}

#[test]
fn direct_cycles_are_boxed_and_collection_cycles_are_not() {
    let g = rust_sources(&generate("direct_cycle"));
    assert!(
        g.contains("pub next: ::std::option::Option<::std::boxed::Box<crate::Node>>"),
        "{g}"
    );
    assert!(g.contains("Not(::std::boxed::Box<crate::Expr>)"), "{g}");
    let g = rust_sources(&generate("collection_cycles"));
    assert!(
        !g.contains("::std::boxed::Box<"),
        "lists and maps already give recursion a finite size"
    );
}

#[test]
fn keywords_become_raw_identifiers() {
    let g = rust_sources(&generate("keywords"));
    for field in [
        "pub r#type:",
        "pub r#enum:",
        "pub r#gen:",
        "pub self_:",
        "pub r#match:",
        "pub crate_:",
        "pub super_:",
    ] {
        assert!(g.contains(field), "missing {field}");
    }
    assert!(
        g.contains("pub fn with_type("),
        "setters use the unraw name"
    );
    assert!(
        g.contains("pub enum SelfType"),
        "a type named after a keyword gets a suffix"
    );
}

#[test]
fn enum_member_named_unknown_moves_the_catch_all() {
    let g = rust_sources(&generate("enums"));
    assert!(
        g.contains("UnknownValue(::std::string::String)"),
        "catch-all renamed"
    );
    assert!(
        g.contains("\"en-US\" => Self::EnUs"),
        "variants come from member names, values from @enumValue"
    );
}

fn bad(name: &str) -> codegen::Error {
    let path = models_dir().join("bad").join(format!("{name}.json"));
    match codegen::generate(&path, &config()) {
        Ok(_) => panic!("{name}: generation should fail"),
        Err(e) => {
            assert!(
                e.file.ends_with(format!("{name}.json")),
                "{name}: error names the file: {e}"
            );
            assert!(
                e.to_string().starts_with(&path.display().to_string()),
                "{e}"
            );
            e
        }
    }
}

#[test]
fn bad_inputs_name_file_and_shape() {
    let e = bad("malformed");
    assert!(matches!(e.kind, ErrorKind::Malformed(_)), "{e}");

    let e = bad("not_smithy");
    assert!(matches!(e.kind, ErrorKind::NotSmithy(_)), "{e}");

    let e = bad("unknown_target");
    assert_eq!(
        e.shape.as_deref(),
        Some("fixture.bad#CreateWidgetRequest$Widget"),
        "{e}"
    );
    assert_eq!(
        e.kind,
        ErrorKind::UnknownTarget {
            target: "fixture.bad#DoesNotExist".into()
        }
    );

    let e = bad("name_collision_members");
    assert!(
        matches!(&e.kind, ErrorKind::NameCollision { rust_name, .. } if rust_name == "foo_bar"),
        "{e}"
    );
    let msg = e.to_string();
    assert!(
        msg.contains("CreateWidgetRequest$FooBar") && msg.contains("CreateWidgetRequest$foo_bar"),
        "both names: {msg}"
    );

    let e = bad("name_collision_shapes");
    let msg = e.to_string();
    assert!(
        msg.contains("fixture.bad#FooBar") && msg.contains("fixture.bad#Foo_Bar"),
        "both shapes: {msg}"
    );

    let e = bad("unsupported_auth");
    assert!(
        matches!(&e.kind, ErrorKind::Unsupported(w) if w.contains("httpApiKeyAuth")),
        "{e}"
    );
    assert_eq!(e.shape.as_deref(), Some("fixture.bad#BadService"));
    let e = bad("unsupported_protocol");
    assert!(
        matches!(&e.kind, ErrorKind::Unsupported(w) if w.contains("restXml")),
        "{e}"
    );
    assert_eq!(e.shape.as_deref(), Some("fixture.bad#BadService"));

    let e = bad("unsupported_trait");
    assert!(
        matches!(&e.kind, ErrorKind::Unsupported(w) if w.contains("eventPayload")),
        "{e}"
    );
    assert_eq!(
        e.shape.as_deref(),
        Some("fixture.bad#CreateWidgetRequest$Payload")
    );

    let e = bad("unsupported_binding");
    assert!(
        matches!(&e.kind, ErrorKind::Unsupported(w) if w.contains("Header") && w.contains("map")),
        "{e}"
    );
    assert_eq!(
        e.shape.as_deref(),
        Some("fixture.bad#CreateWidgetRequest$Payload")
    );

    let e = bad("bad_trait_value");
    assert!(
        matches!(&e.kind, ErrorKind::InvalidTrait { trait_id, .. } if trait_id == "smithy.api#length"),
        "{e}"
    );
    assert!(e.shape.is_some(), "{e}");
}

#[test]
fn operations_bound_through_resources_are_generated() {
    let g = generate("resources");
    // The service's own, the resource's create, read and collection
    // operations, and the nested resource's list and instance operations.
    assert_eq!(g.operations, 6);
    let src = rust_sources(&g);
    for op in [
        "CreateWidget",
        "CreateThing",
        "GetThing",
        "CountThings",
        "ListParts",
        "PolishPart",
    ] {
        assert!(
            src.contains(&format!("pub struct {op};")),
            "{op} is generated"
        );
    }
}

#[test]
fn event_stream_operations_are_left_out_with_a_warning() {
    let path = models_dir().join("event_stream.json");
    let g = codegen::generate(&path, &config()).unwrap();
    let skipped: Vec<_> = g
        .warnings
        .iter()
        .filter(|w| w.kind == codegen::WarningKind::SkippedOperation)
        .collect();
    assert_eq!(skipped.len(), 1, "{:?}", g.warnings);
    assert_eq!(skipped[0].shape, "fixture.ok#CreateWidget");
    assert!(
        skipped[0]
            .message
            .contains("fixture.ok#CreateWidgetResponse$Events")
            && skipped[0].message.contains("event stream"),
        "{}",
        skipped[0]
    );
    assert!(!rust_sources(&g).contains("pub struct CreateWidget;"));

    // Excluded on purpose: no warning.
    let mut cfg = config();
    cfg.lower.exclude = vec!["CreateWidget".into()];
    let g = codegen::generate(&path, &cfg).unwrap();
    assert!(
        g.warnings
            .iter()
            .all(|w| w.kind != codegen::WarningKind::SkippedOperation),
        "{:?}",
        g.warnings
    );
}

#[test]
fn operation_subset_keeps_only_reached_shapes() {
    let mut cfg = config();
    cfg.lower.operations = vec!["TagThing".into()];
    let path = models_dir().join("http_bindings.json");
    let g = codegen::generate(&path, &cfg).unwrap();
    assert_eq!(g.operations, 1);
    let src = rust_sources(&g);
    assert!(src.contains("pub struct TagThingRequest"));
    assert!(!src.contains("pub struct GetThingItemRequest"));

    cfg.lower.operations = vec!["NoSuchOperation".into()];
    let e = codegen::generate(&path, &cfg).unwrap_err();
    assert!(e.to_string().contains("NoSuchOperation"), "{e}");
}

/// The documentation and declaration of item `name` (`pub struct`/`pub enum`) in generated sources.
fn item_docs(sources: &str, name: &str) -> String {
    let lines: Vec<&str> = sources.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == format!("pub struct {name} {{") || *l == format!("pub enum {name} {{"))
        .unwrap_or_else(|| panic!("no item {name}"));
    let mut start = at;
    while start > 0 && (lines[start - 1].starts_with("///") || lines[start - 1].starts_with("#[")) {
        start -= 1;
    }
    let end = at + lines[at..].iter().position(|l| *l == "}").unwrap_or(0);
    lines[start..=end].join("\n")
}

#[test]
fn start_chat_contact_docs_snapshot() {
    let g = generate("start_chat_contact");
    let src = rust_sources(&g);
    let mut out = String::new();
    for name in [
        "StartChatContactRequest",
        "StartChatContactResponse",
        "ParticipantDetails",
        "ChatMessage",
        "RehydrationType",
        "InvalidRequestException",
    ] {
        out.push_str(&format!("// ==== {name}\n{}\n\n", item_docs(&src, name)));
    }
    insta::assert_snapshot!("start_chat_contact_docs", out);
}
