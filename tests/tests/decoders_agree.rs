//! The three ways a document becomes a value of a generated type, fed the
//! same documents: the `serde` feature's `Deserialize` (a strict read,
//! `json::from_slice`), the client's lenient read of a response
//! (`from_slice_lenient`) and a server's read of a request
//! (`from_slice_for_server`). The documents are each operation's input and
//! output as the model allows them (`connect_tests::model_values`) and the
//! same documents broken at one random place: a member removed, or a value
//! replaced by `null`, `{}` (an empty union), `{"":null}`, two union
//! members, a string, a number, a list…
//!
//! - the serde path refuses every document the client refuses, and reads
//!   what it accepts to the same value (it only adds refusing a missing
//!   required member);
//! - whatever a reader accepts, written back, is read again by the same
//!   reader to the same value: a server never writes what its own client
//!   refuses (a union the service left out, read leniently, was written as
//!   `{"":null}`).
//!
//! Fixed cases from a fixed seed (`DECODERS_CASES`, `DECODERS_SEED` change them).

use std::collections::BTreeMap;

use codegen::model::{Model, ShapeId};
use connect::runtime::json::{self, FromJson, ToJson};
use connect::runtime::rest::{OperationShape, OperationVisitor};
use connect_tests::model_values::{Rng, Side, ValueGen};
use serde_json::{Value, json};

/// What replaces the value at the broken place.
fn replacements() -> Vec<Option<Value>> {
    vec![
        None, // the member or item removed
        Some(Value::Null),
        Some(json!({})),
        Some(json!({"": null})),
        Some(json!({"": 1})),
        Some(json!({"a": 1, "b": "x"})),
        Some(json!({"__type": "x"})),
        Some(json!([])),
        Some(json!([null])),
        Some(json!("")),
        Some(json!("x")),
        Some(json!("1970-01-01T00:00:00Z")),
        Some(json!(0)),
        Some(json!(-1)),
        Some(json!(1.5)),
        Some(json!(1e300)),
        Some(json!(18446744073709551615u64)),
        Some(json!(true)),
    ]
}

/// Every place in a document: the JSON pointer steps to each value.
fn places(v: &Value, at: &mut Vec<Vec<String>>, path: &mut Vec<String>) {
    at.push(path.clone());
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                path.push(k.clone());
                places(x, at, path);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                path.push(i.to_string());
                places(x, at, path);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The document with the value at `path` replaced (or removed, with `None`).
fn broken(doc: &Value, path: &[String], with: Option<Value>) -> Value {
    let mut out = doc.clone();
    let Some((last, parent_path)) = path.split_last() else {
        return with.unwrap_or(Value::Null);
    };
    let mut parent = &mut out;
    for step in parent_path {
        parent = match parent {
            Value::Object(o) => o.get_mut(step).expect("a place of the document"),
            Value::Array(items) => &mut items[step.parse::<usize>().expect("an index")],
            _ => unreachable!("places are only under objects and arrays"),
        };
    }
    match (parent, with) {
        (Value::Object(o), None) => {
            o.remove(last);
        }
        (Value::Object(o), Some(v)) => {
            o.insert(last.clone(), v);
        }
        (Value::Array(items), None) => {
            items.remove(last.parse::<usize>().expect("an index"));
        }
        (Value::Array(items), Some(v)) => items[last.parse::<usize>().expect("an index")] = v,
        _ => unreachable!("places are only under objects and arrays"),
    }
    out
}

/// A read of a document: the value written back, or why it was refused.
type Read = Result<String, String>;

/// A reader, named.
type Reader = (&'static str, fn(&[u8]) -> Read);

/// The serde path's read (strict).
fn strict<T: FromJson + ToJson>(bytes: &[u8]) -> Read {
    json::from_slice::<T>(bytes)
        .map(|v| json::to_string(&v))
        .map_err(|e| e.to_string())
}

/// The client's read of a response (lenient).
fn lenient<T: FromJson + ToJson>(bytes: &[u8]) -> Read {
    json::from_slice_lenient::<T>(bytes)
        .map(|(v, _)| json::to_string(&v))
        .map_err(|e| e.to_string())
}

/// A server's read of a request.
fn server<T: FromJson + ToJson>(bytes: &[u8]) -> Read {
    json::from_slice_for_server::<T>(bytes)
        .map(|(v, _)| json::to_string(&v))
        .map_err(|e| e.to_string())
}

/// Why the readers disagree on `doc`, if they do.
fn disagreement<T: FromJson + ToJson>(doc: &Value) -> Option<String> {
    let text = doc.to_string();
    let readers: [Reader; 3] = [
        ("serde", strict::<T>),
        ("client", lenient::<T>),
        ("server", server::<T>),
    ];
    let [serde_read, client_read, _] = readers.map(|(_, reader)| reader(text.as_bytes()));
    if let (Ok(s), Err(e)) = (&serde_read, &client_read) {
        return Some(format!(
            "the serde path reads {s} where the client refuses: {e}"
        ));
    }
    if let (Ok(s), Ok(l)) = (&serde_read, &client_read)
        && s != l
    {
        return Some(format!("the serde path reads {s}, the client {l}"));
    }
    // Written back, read again by the same reader: the same value.
    readers.into_iter().find_map(|(who, reader)| {
        let written = reader(text.as_bytes()).ok()?;
        match reader(written.as_bytes()) {
            Ok(w) if w == written => None,
            Ok(w) => Some(format!("{who}: {written} reads back as {w}")),
            Err(e) => Some(format!("{who}: its own {written} is refused: {e}")),
        }
    })
}

struct Driver<'m> {
    model: &'m Model,
    operations: BTreeMap<String, ShapeId>,
    seed: u64,
    cases: u64,
    documents: usize,
    refused_by_client: usize,
    failures: Vec<String>,
}

impl Driver<'_> {
    fn check<T: FromJson + ToJson>(&mut self, op: &str, id: &ShapeId, side: Side) {
        let seed = self.seed
            ^ op.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            });
        let mut g = ValueGen::new(self.model, seed);
        let mut rng = Rng::new(seed.rotate_left(17));
        let replacements = replacements();
        for case in 0..self.cases {
            let valid = g.top_level(id, side);
            let mut at = Vec::new();
            places(&valid, &mut at, &mut Vec::new());
            let mut docs = vec![valid.clone()];
            for _ in 0..8 {
                let path = rng.pick(&at).clone();
                docs.push(broken(&valid, &path, rng.pick(&replacements).clone()));
            }
            for doc in docs {
                self.documents += 1;
                if lenient::<T>(doc.to_string().as_bytes()).is_err() {
                    self.refused_by_client += 1;
                }
                if let Some(why) = disagreement::<T>(&doc) {
                    self.failures.push(format!(
                        "{op} {id} case {case} (DECODERS_SEED={}): {why}\n  document: {doc}",
                        self.seed
                    ));
                    return;
                }
            }
        }
    }
}

impl OperationVisitor for Driver<'_> {
    fn visit<O: OperationShape>(&mut self) {
        let Some(op) = self
            .operations
            .get(O::SPEC.name)
            .map(|id| &self.model.shapes[id])
        else {
            return;
        };
        let unit = |id: &Option<ShapeId>| id.clone().filter(|i| i.as_str() != "smithy.api#Unit");
        if let Some(id) = unit(&op.input) {
            self.check::<O::Input>(O::SPEC.name, &id, Side::Input);
        }
        if let Some(id) = unit(&op.output) {
            self.check::<O::Output>(O::SPEC.name, &id, Side::Output);
        }
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn serde_and_the_wire_decoders_agree_on_the_same_documents() {
    let Some(path) = connect_tests::pinned_model() else {
        return;
    };
    let model = codegen::load_file(&path).unwrap();
    let operations = model
        .shapes
        .values()
        .filter(|s| s.ty == codegen::model::ShapeType::Operation)
        .map(|s| (s.id.name().to_string(), s.id.clone()))
        .collect();
    let mut driver = Driver {
        model: &model,
        operations,
        seed: env_u64("DECODERS_SEED", 0xDEC0_2026),
        cases: env_u64("DECODERS_CASES", 4),
        documents: 0,
        refused_by_client: 0,
        failures: Vec::new(),
    };
    connect::operations::visit_all(&mut driver);
    assert!(
        driver.failures.is_empty(),
        "{} disagreements:\n\n{}",
        driver.failures.len(),
        driver.failures.join("\n\n")
    );
    eprintln!(
        "{} documents, {} refused by the client",
        driver.documents, driver.refused_by_client
    );
    assert!(
        driver.refused_by_client > driver.documents / 20,
        "the broken documents reach the readers' refusals"
    );
}

/// The serde feature's `Deserialize` is the strict read: the same answer on the same text.
#[test]
fn serde_deserialize_is_the_strict_read() {
    for text in [
        r#"{}"#,
        r#"{"Number":1.5}"#,
        r#"{"":null}"#,
        r#"{"":1}"#,
        r#"{"Number":1,"Other":2}"#,
        r#"{"Number":"x"}"#,
    ] {
        let serde = serde_json::from_str::<connect::ContactMetricValue>(text)
            .map(|v| json::to_string(&v))
            .map_err(|e| e.to_string());
        let strict = json::from_slice::<connect::ContactMetricValue>(text.as_bytes())
            .map(|v| json::to_string(&v))
            .map_err(|e| e.to_string());
        assert_eq!(
            serde.is_ok(),
            strict.is_ok(),
            "{text}: {serde:?} / {strict:?}"
        );
        if let (Ok(a), Ok(b)) = (&serde, &strict) {
            assert_eq!(a, b, "{text}");
        }
    }
    // A required union left out: the client's placeholder is written back left out.
    let (v, missing) = json::from_slice_lenient::<connect::ContactMetricResult>(
        br#"{"Name":"POSITION_IN_QUEUE"}"#,
    )
    .unwrap();
    assert_eq!(missing.paths().collect::<Vec<_>>(), ["/Value"]);
    assert!(matches!(&v.value, connect::ContactMetricValue::Unknown(m) if m.is_placeholder()));
    assert_eq!(json::to_string(&v), r#"{"Name":"POSITION_IN_QUEUE"}"#);
    assert!(
        serde_json::from_str::<connect::ContactMetricResult>(
            r#"{"Name":"POSITION_IN_QUEUE","Value":{}}"#
        )
        .is_err()
    );
}
