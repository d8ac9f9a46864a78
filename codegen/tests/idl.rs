//! The Smithy IDL front end, both ways: every fixture model (JSON AST), the
//! pinned Connect model, and Smithy's official restJson1 suite (IDL) go
//! JSON AST → IDL → JSON AST (and IDL → JSON AST → IDL → JSON AST) and
//! come back the same; IDL errors give file:line:column. An assembled model
//! read in memory is the model its printed JSON AST reads as.

use std::path::{Path, PathBuf};

use codegen::assemble::assemble;
use codegen::ast::Node;
use codegen::idl::to_idl;

mod common;
use common::{pinned_model, root};

/// A comparable form: objects as sorted maps, except the members of a
/// shape, whose order is significant.
fn comparable(n: &Node, key: &str) -> serde_json::Value {
    use serde_json::Value;
    match n {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(*b),
        Node::Number(s) => Value::String(format!(
            "number {}",
            s.parse::<f64>().map_or(s.clone(), |f| f.to_string())
        )),
        Node::String(s) | Node::Ref(s) => Value::String(s.clone()),
        Node::Array(items) => Value::Array(items.iter().map(|i| comparable(i, "")).collect()),
        Node::Object(entries) if key == "members" => Value::Array(
            entries
                .iter()
                .map(|(k, v)| Value::Array(vec![Value::String(k.clone()), comparable(v, k)]))
                .collect(),
        ),
        // An empty `traits` object says nothing.
        Node::Object(entries) => Value::Object(
            entries
                .iter()
                .filter(|(k, v)| !(k == "traits" && *v == Node::Object(Vec::new())))
                .map(|(k, v)| (k.clone(), comparable(v, k)))
                .collect(),
        ),
    }
}

/// Where two values first differ.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.keys()
                .chain(y.keys())
                .find_map(|k| match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => first_difference(p, q, &format!("{at}/{k}")),
                    (p, q) => Some(format!("{at}/{k}: {p:?} vs {q:?}")),
                })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, &format!("{at}/{i}"))),
        _ if a == b => None,
        _ => Some(format!("{at}: {a} vs {b}")),
    }
}

fn assert_same(back: &Node, ast: &Node, what: &str) {
    let (x, y) = (comparable(back, ""), comparable(ast, ""));
    if let Some(d) = first_difference(&x, &y, "") {
        panic!("{what}: differs after the trip through IDL at {d}");
    }
}

/// JSON AST → IDL files in `dir` → JSON AST.
fn through_idl(ast: &Node, dir: &Path) -> Node {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    for (i, (ns, text)) in to_idl(ast).into_iter().enumerate() {
        std::fs::write(dir.join(format!("{i:03}-{ns}.smithy")), text).unwrap();
    }
    assemble(&[dir.to_path_buf()])
        .unwrap_or_else(|e| panic!("{e}"))
        .ast
}

fn fixtures() -> Vec<PathBuf> {
    let dir = root().join("models/fixtures");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() && !p.ends_with("bad") {
            out.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn json_models_survive_the_trip_through_idl() {
    let mut models = fixtures();
    models.extend(pinned_model("connect"));
    let scratch = root().join("target/idl-tests/json");
    for (i, path) in models.iter().enumerate() {
        let ast = assemble(std::slice::from_ref(path))
            .unwrap_or_else(|e| panic!("{e}"))
            .ast;
        let back = through_idl(&ast, &scratch.join(i.to_string()));
        assert_same(&back, &ast, &path.display().to_string());
    }
}

fn suite() -> Option<Vec<PathBuf>> {
    let shared = root().join("models/.cache/smithy");
    if !shared.join("traits/prelude.smithy").exists() {
        let msg = "Smithy's test models (pinned by models/smithy.toml) are absent from models/.cache/smithy: run `cargo xtask fetch-model`";
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("skipping: {msg}");
        return None;
    }
    Some(vec![
        shared.join("smithy-aws-protocol-tests/model"),
        shared.join("traits"),
    ])
}

#[test]
fn the_official_suite_reads_and_survives_the_trip_back() {
    let Some(paths) = suite() else { return };
    let ast = assemble(&paths).unwrap_or_else(|e| panic!("{e}")).ast;
    let shapes = match ast.get("shapes") {
        Some(Node::Object(s)) => s,
        _ => panic!("no shapes"),
    };
    let count = |ns: &str, t: &str| -> usize {
        shapes
            .iter()
            .filter(|(id, _)| id.split('#').next() == Some(ns))
            .filter_map(|(_, s)| {
                match s
                    .get("traits")
                    .and_then(|tr| tr.get(&format!("smithy.test#{t}")))
                {
                    Some(Node::Array(cases)) => Some(cases.len()),
                    _ => None,
                }
            })
            .sum()
    };
    assert_eq!(count("aws.protocoltests.restjson", "httpRequestTests"), 151);
    assert_eq!(
        count("aws.protocoltests.restjson", "httpResponseTests"),
        116
    );
    assert_eq!(
        count("aws.protocoltests.restjson", "httpMalformedRequestTests"),
        107
    );
    assert_eq!(
        count(
            "aws.protocoltests.restjson.validation",
            "httpMalformedRequestTests"
        ),
        84
    );
    assert_eq!(count("com.amazonaws.glacier", "httpRequestTests"), 4);
    // Inline input with a custom suffix, resolved targets, doc comments, mixins flattened.
    let doc = &shapes
        .iter()
        .find(|(id, _)| id == "aws.protocoltests.restjson#DocumentType")
        .unwrap()
        .1;
    assert!(
        doc.get("traits")
            .and_then(|t| t.get("smithy.api#documentation"))
            .is_some()
    );
    assert!(shapes.iter().all(|(_, s)| s.get("mixins").is_none()));
    let back = through_idl(&ast, &root().join("target/idl-tests/suite"));
    assert_same(&back, &ast, "the suite");
}

/// The model of an assembled AST read in memory, and read from its JSON text
/// (as the loader used to): the same shapes, or the same error but for the
/// position in the text that serde_json adds.
fn assert_read_alike(paths: &[PathBuf], what: &str) -> Option<codegen::Error> {
    let assembled = assemble(paths).unwrap_or_else(|e| panic!("{what}: {e}"));
    let text = assembled.to_json();
    let from_text = codegen::model::load_str(&assembled.first, &text);
    let in_memory = codegen::load::from_assembled(assembled);
    match (in_memory, from_text) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.file, b.file, "{what}");
            assert_eq!(a.shapes.len(), b.shapes.len(), "{what}");
            for ((id, x), (_, y)) in a.shapes.iter().zip(&b.shapes) {
                assert_eq!(format!("{x:?}"), format!("{y:?}"), "{what}: {id}");
            }
            None
        }
        (Err(a), Err(b)) => {
            let unplaced = b.to_string();
            let unplaced = unplaced
                .rsplit_once(" at line ")
                .map_or(unplaced.as_str(), |(msg, _)| msg);
            assert_eq!(a.to_string(), unplaced, "{what}");
            assert_eq!((&a.file, &a.shape), (&b.file, &b.shape), "{what}");
            Some(a)
        }
        (a, b) => panic!("{what}: in memory {a:?}, from text {b:?}"),
    }
}

#[test]
fn assembled_models_read_in_memory_as_from_their_text() {
    let mut models = fixtures();
    models.extend(pinned_model("connect"));
    for e in std::fs::read_dir(root().join("models/fixtures/bad")).unwrap() {
        let path = e.unwrap().path();
        // Those the assembler refuses never reach the model.
        if assemble(std::slice::from_ref(&path)).is_ok() {
            models.push(path);
        }
    }
    for path in &models {
        assert_read_alike(std::slice::from_ref(path), &path.display().to_string());
    }
    if let Some(paths) = suite() {
        assert_read_alike(&paths, "the suite");
    }
    // Shapes that read, and shapes that do not: the error names the file and
    // the shape, as it did when the assembled model was read from its text.
    let dir = root().join("target/idl-tests/in-memory");
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        (
            "structure S { a: String }\napply S$a @default(\"x\")\nlist L { member: String }",
            None,
        ),
        (
            "operation O { input: S, output: S, errors: [S] }\nstructure S { n: Integer = 1.5 }",
            None,
        ),
        (
            "service V { version: \"1\", operations: [O] }\noperation O { input: S }\nstructure S {}",
            None,
        ),
        (
            "@enum([{value: \"a b\", name: \"AB\", tags: [\"internal\"]}, {value: \"1x\"}])\nstring E",
            None,
        ),
        (
            "structure S { b: Integer = -0, c: Long = 18446744073709551616, d: Double = 1.5e300 }",
            None,
        ),
        ("map M { key: String }", Some("a.b#M")),
        ("service V { version: 1 }", Some("a.b#V")),
        (
            "service V { version: \"1\", rename: { \"a.b#S\": 2 } }\nstructure S {}",
            Some("a.b#V"),
        ),
        ("resource R { read: 1 }", Some("a.b#R")),
        ("@enum([{value: 1}])\nstring E", Some("a.b#E")),
    ];
    for (i, (body, shape)) in cases.iter().enumerate() {
        let file = dir.join(format!("{i}.smithy"));
        std::fs::write(&file, format!("$version: \"2\"\nnamespace a.b\n{body}\n")).unwrap();
        let e = assert_read_alike(std::slice::from_ref(&file), body);
        assert_eq!(
            e.as_ref().and_then(|e| e.shape.as_deref()),
            *shape,
            "{body}: {e:?}"
        );
        if let Some(e) = e {
            assert!(
                e.to_string()
                    .starts_with(&format!("{}: shape `", file.display())),
                "{e}"
            );
        }
    }
}

#[test]
fn idl_and_json_files_mix_and_errors_point_at_the_spot() {
    let dir = root().join("target/idl-tests/mix");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a.smithy"),
        "$version: \"2.0\"\nnamespace mix\n\n@mixin\nstructure Base { /// The id.\n @required id: String }\n\nstructure Thing with [Base] { $id, name: Name }\napply Thing$name @length(min: 1)\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.json"),
        r#"{"smithy": "2.0", "shapes": {"mix#Name": {"type": "string"}}}"#,
    )
    .unwrap();
    let ast = assemble(std::slice::from_ref(&dir))
        .unwrap_or_else(|e| panic!("{e}"))
        .ast;
    let thing = ast.get("shapes").and_then(|s| s.get("mix#Thing")).unwrap();
    let mut json = String::new();
    thing.write_json(&mut json, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["members"]["id"]["target"], "smithy.api#String");
    assert_eq!(
        v["members"]["id"]["traits"]["smithy.api#required"],
        serde_json::json!({})
    );
    assert_eq!(v["members"]["name"]["target"], "mix#Name");
    assert_eq!(
        v["members"]["name"]["traits"]["smithy.api#length"]["min"],
        1
    );
    let names: Vec<&str> = v["members"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(names.contains(&"id") && names.contains(&"name"));

    std::fs::write(
        dir.join("c.smithy"),
        "$version: \"2.0\"\nnamespace mix\nstructure Broken {\n    a: String\n    b String\n}\n",
    )
    .unwrap();
    let e = assemble(std::slice::from_ref(&dir))
        .unwrap_err()
        .to_string();
    assert!(e.ends_with("c.smithy:5:7: expected `:`, found `S`"), "{e}");
    std::fs::write(
        dir.join("c.smithy"),
        "$version: \"2.0\"\nnamespace mix\nstructure Broken { a: Missing }\n",
    )
    .unwrap();
    let e = assemble(&[dir]).unwrap_err().to_string();
    assert!(
        e.contains("c.smithy: shape `mix#Broken`") && e.contains("`Missing`"),
        "{e}"
    );
}

#[test]
fn service_rename_names_the_rust_type() {
    let dir = root().join("target/idl-tests/rename");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("m.smithy");
    std::fs::write(
        &model,
        "$version: \"2.0\"\nnamespace r\nuse aws.protocols#restJson1\n@restJson1\nservice S { version: \"1\", operations: [Get], rename: { \"other#Thing\": \"OtherThing\" } }\n\
         @http(method: \"GET\", uri: \"/\")\noperation Get { output := { a: Thing, b: other#Thing } }\nstructure Thing {}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("o.smithy"),
        "$version: \"2.0\"\nnamespace other\nstructure Thing { x: String }\n",
    )
    .unwrap();
    let config = codegen::Config {
        crate_name: "renamed".into(),
        runtime_path: "../runtime".into(),
        standalone: true,
        command: "test".into(),
        lower: Default::default(),
        partitions: None,
        format_cache: None,
    };
    let m = codegen::load_files(&[model, dir.join("o.smithy")]).unwrap();
    let g = codegen::generate_model(&m, &config).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = g.listing.types.keys().map(String::as_str).collect();
    assert_eq!(names, ["GetOutput", "OtherThing", "Thing"]);
}

#[test]
fn smithy_1_models_get_2_0_nullability() {
    let dir = root().join("target/idl-tests/v1");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Version 1.0 (JSON AST): members of unboxed numbers and booleans had a zero value.
    std::fs::write(
        dir.join("a.json"),
        r#"{"smithy": "1.0", "shapes": {
            "v1#Count": {"type": "integer"},
            "v1#MaybeCount": {"type": "integer", "traits": {"smithy.api#box": {}}},
            "v1#Flag": {"type": "boolean"},
            "v1#Bytes": {"type": "blob", "traits": {"smithy.api#streaming": {}}},
            "v1#Thing": {"type": "structure", "members": {
                "primitive": {"target": "smithy.api#PrimitiveInteger"},
                "preludeBoxed": {"target": "smithy.api#Integer"},
                "count": {"target": "v1#Count"},
                "requiredCount": {"target": "v1#Count", "traits": {"smithy.api#required": {}}},
                "boxedMember": {"target": "v1#Count", "traits": {"smithy.api#box": {}}},
                "boxedTarget": {"target": "v1#MaybeCount"},
                "flag": {"target": "v1#Flag"},
                "already": {"target": "v1#Count", "traits": {"smithy.api#default": 5}},
                "name": {"target": "smithy.api#String"}
            }},
            "v1#Payload": {"type": "structure", "members": {
                "body": {"target": "v1#Bytes", "traits": {"smithy.api#httpPayload": {}}}
            }},
            "v1#Choice": {"type": "union", "members": {"n": {"target": "v1#Count"}}}
        }}"#,
    )
    .unwrap();
    // Version 1 (IDL).
    std::fs::write(dir.join("b.smithy"), "$version: \"1\"\nnamespace v1\nstructure Idl { n: Count, b: PrimitiveBoolean, two: v2#Level, zero: v2#Zero }\n").unwrap();
    // Version 2.0: the same targets keep 2.0's meaning (no default unless written).
    std::fs::write(dir.join("c.smithy"), "$version: \"2.0\"\nnamespace v2\nstructure Two { n: v1#Count }\ninteger Level\n@default(0)\ninteger Zero\n").unwrap();
    let ast = assemble(std::slice::from_ref(&dir))
        .unwrap_or_else(|e| panic!("{e}"))
        .ast;
    let mut json = String::new();
    ast.write_json(&mut json, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["smithy"], "2.0");
    let default = |shape: &str, member: &str| {
        v["shapes"][shape]["members"][member]["traits"]
            .get("smithy.api#default")
            .cloned()
    };
    let zero = Some(serde_json::json!(0));
    assert_eq!(default("v1#Thing", "primitive"), zero);
    assert_eq!(default("v1#Thing", "preludeBoxed"), None);
    assert_eq!(default("v1#Thing", "count"), zero);
    assert_eq!(default("v1#Thing", "requiredCount"), zero);
    assert!(
        v["shapes"]["v1#Thing"]["members"]["requiredCount"]["traits"]
            .get("smithy.api#required")
            .is_some()
    );
    assert_eq!(default("v1#Thing", "boxedMember"), None);
    assert_eq!(default("v1#Thing", "boxedTarget"), None);
    assert_eq!(default("v1#Thing", "flag"), Some(serde_json::json!(false)));
    assert_eq!(default("v1#Thing", "already"), Some(serde_json::json!(5)));
    assert_eq!(default("v1#Thing", "name"), None);
    assert_eq!(default("v1#Payload", "body"), Some(serde_json::json!("")));
    assert_eq!(
        default("v1#Choice", "n"),
        None,
        "union members have no defaults"
    );
    assert_eq!(default("v1#Idl", "n"), zero);
    assert_eq!(default("v1#Idl", "b"), Some(serde_json::json!(false)));
    assert_eq!(default("v2#Two", "n"), None);
    assert_eq!(
        default("v1#Idl", "two"),
        None,
        "a 2.0 number without a default is nullable"
    );
    assert_eq!(
        default("v1#Idl", "zero"),
        zero,
        "a 2.0 number with a zero default is not"
    );
    assert!(!json.contains("smithy.api#box"), "2.0 has no @box: {json}");

    // One 1.0 JSON AST file alone is upgraded too, and a 0.x one is refused by name.
    let m = codegen::load_files(&[dir.join("a.json")]).unwrap_or_else(|e| panic!("{e}"));
    let thing = m
        .shapes
        .iter()
        .find(|(id, _)| id.as_str() == "v1#Thing")
        .map(|(_, s)| s)
        .unwrap();
    let count = thing.members.iter().find(|m| m.name == "count").unwrap();
    assert_eq!(
        count.traits.get("smithy.api#default"),
        Some(&serde_json::json!(0))
    );
    std::fs::write(dir.join("old.json"), r#"{"smithy": "0.5.0", "shapes": {}}"#).unwrap();
    let e = codegen::load_files(&[dir.join("old.json")])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("old.json") && e.contains("Smithy version 0.5.0"),
        "{e}"
    );
}
