//! Models shaped to exhaust the generator: nothing is walked by unbounded
//! recursion, nothing grows with the square of the model, and what cannot
//! be generated is an error naming the file and the shape, never a crash.
//! (Deeply nested node values: `idl.rs`'s unit tests; JSON stops at 128.)

use std::path::PathBuf;

use serde_json::{Value, json};

mod common;
use common::root;

fn write(name: &str, shapes: Value) -> PathBuf {
    let dir = root().join("target/hostile-models");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.json"));
    std::fs::write(
        &path,
        json!({ "smithy": "2.0", "shapes": shapes }).to_string(),
    )
    .unwrap();
    path
}

fn service(shapes: &mut serde_json::Map<String, Value>, input: &str) {
    shapes.insert("x.hostile#Svc".into(), json!({"type": "service", "version": "1", "operations": [{"target": "x.hostile#Op"}], "traits": {"aws.protocols#restJson1": {}}}));
    shapes.insert(
        "x.hostile#Op".into(),
        json!({"type": "operation", "input": {"target": input}, "traits": {"smithy.api#http": {"method": "POST", "uri": "/", "code": 200}}}),
    );
}

fn config() -> codegen::Config {
    codegen::Config {
        crate_name: "hostile".into(),
        runtime_path: "../../runtime".into(),
        standalone: false,
        command: "cargo test -p codegen --test hostile_models".into(),
        lower: Default::default(),
        partitions: None,
        format_cache: None,
    }
}

/// A chain of `n` structures, each required in the one before and each
/// beside a union that holds the next (or a list of itself).
fn chain(n: usize) -> codegen::Generated {
    let mut shapes = serde_json::Map::new();
    service(&mut shapes, "x.hostile#L0");
    for i in 0..n {
        let next = format!("x.hostile#L{}", (i + 1).min(n - 1));
        let members = if i + 1 < n {
            json!({"next": {"target": next, "traits": {"smithy.api#required": {}}}, "choice": {"target": format!("x.hostile#U{i}")}})
        } else {
            json!({"value": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}})
        };
        shapes.insert(
            format!("x.hostile#L{i}"),
            json!({"type": "structure", "members": members}),
        );
        shapes.insert(format!("x.hostile#U{i}"), json!({"type": "union", "members": {"deeper": {"target": next}, "list": {"target": format!("x.hostile#UL{i}")}}}));
        shapes.insert(
            format!("x.hostile#UL{i}"),
            json!({"type": "list", "member": {"target": format!("x.hostile#U{i}")}}),
        );
    }
    let path = write(&format!("chain{n}"), Value::Object(shapes));
    codegen::generate(&path, &config()).unwrap_or_else(|e| panic!("{e}"))
}

fn total_bytes(g: &codegen::Generated) -> usize {
    g.files.iter().map(|f| f.contents.len()).sum()
}

/// Thousands of structures deep: the synopsis stops expanding at its limit
/// (compiled, not run), the docs' member paths are cut, and the output
/// grows linearly with the depth.
#[test]
fn a_chain_thousands_of_structures_deep_generates() {
    let n = 4_000;
    let generated = chain(n);
    let input = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("types/l0.rs"))
        .expect("the input's file");
    assert!(
        input.contents.contains("/// ```no_run"),
        "the synopsis is compiled, not run"
    );
    assert!(
        input.contents.contains(&format!(
            "todo!(/* a `L{}`: nested more than",
            codegen::emit::synopsis::MAX_NESTING
        )),
        "stops at its limit"
    );
    let deepest = generated
        .files
        .iter()
        .find(|f| f.path.ends_with(format!("types/l{}.rs", n - 1)))
        .expect("the last link's file");
    assert!(
        deepest.contents.contains(".next.…`"),
        "the path to it is cut"
    );
    let (small, large) = (total_bytes(&chain(n / 4)), total_bytes(&generated));
    assert!(
        large < 5 * small,
        "4 times deeper, {} times the output ({small} -> {large} bytes)",
        large as f64 / small as f64
    );
}

/// A list or map that nests lists and maps past the limit is refused, naming the shape.
#[test]
fn collections_nested_past_the_limit_are_refused_by_name() {
    let mut shapes = serde_json::Map::new();
    service(&mut shapes, "x.hostile#In");
    shapes.insert(
        "x.hostile#In".into(),
        json!({"type": "structure", "members": {"lists": {"target": "x.hostile#List0"}}}),
    );
    for i in 0..1_000 {
        let member = if i + 1 < 1_000 {
            format!("x.hostile#List{}", i + 1)
        } else {
            "smithy.api#String".into()
        };
        shapes.insert(
            format!("x.hostile#List{i}"),
            json!({"type": "list", "member": {"target": member}}),
        );
    }
    let path = write("lists", Value::Object(shapes));
    let Err(e) = codegen::generate(&path, &config()) else {
        panic!("lists 1,000 deep were generated")
    };
    let text = e.to_string();
    assert!(
        text.contains("lists.json") && text.contains("shape `x.hostile#List"),
        "{text}"
    );
}
