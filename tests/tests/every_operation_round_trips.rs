//! Property tests over every operation of the generated crate (found with
//! `operations::visit_all`, so a new operation is covered without a line
//! here), with values generated from the model's own traits
//! (`connect_tests::model_values`, independent of the generator):
//!
//! - a valid input goes client → `dispatch` → implementation and arrives
//!   unchanged, routed to the right operation, with every member where its
//!   HTTP binding says (the body holds exactly the body members);
//! - a valid output (with enum values and union members this model does not
//!   know, as a newer service could send) goes implementation → server →
//!   client and arrives unchanged;
//! - each generated document reads into the Rust type and writes back as the
//!   same JSON (the type's JSON form is the model's wire form);
//! - an input with an unknown enum value is a `ValidationException`, one with
//!   an unknown union member a `SerializationException`.
//!
//! A fixed number of cases per operation from a fixed seed, so CI runs the
//! same cases every time: `ROUNDTRIP_CASES` and `ROUNDTRIP_SEED` change them;
//! a failure prints the seed and case to reproduce it.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use codegen::model::{Model, ShapeId};
use connect::runtime::Validate;
use connect::runtime::http;
use connect::runtime::json;
use connect::runtime::rest::{
    Client, Error, Handler, OperationShape, OperationVisitor, Transport, TransportError, Validation,
};
use connect_tests::block_on;
use connect_tests::model_values::{
    Side, ValueGen, bindings, canonical_as, first_difference, json_name,
};
use serde_json::{Map, Value};

const TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// What the fake saw and answers.
#[derive(Default)]
struct Calls {
    /// The operation the router chose and the input it got, as JSON.
    received: Option<(&'static str, String)>,
    /// The output to answer with, as JSON.
    answer: String,
    /// The last request and response on the wire.
    request: Option<http::Request<Vec<u8>>>,
    response: Option<http::Response<Vec<u8>>>,
}

/// A fake of the whole service: one generic method records the call and
/// answers with the prepared output.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Calls>>);

impl Handler for Recorder {
    fn handle<O: OperationShape>(
        &self,
        input: O::Input,
    ) -> impl Future<Output = Result<O::Output, Error<O::Error>>> + Send {
        let mut calls = self.0.lock().unwrap();
        calls.received = Some((O::SPEC.name, json::to_string(&input)));
        let answer = json::from_slice::<O::Output>(calls.answer.as_bytes());
        std::future::ready(answer.map_err(|error| Error::Response { status: 0, error }))
    }
}

/// The client's transport: hands the request to `dispatch` in process.
#[derive(Clone)]
struct InProcess(Recorder);

impl Transport for InProcess {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> impl Future<Output = Result<http::Response<Vec<u8>>, TransportError>> + Send {
        let recorder = self.0.clone();
        async move {
            let copy = copy_request(&request);
            let response = connect::dispatch(&recorder, request).await;
            let mut calls = recorder.0.lock().unwrap();
            calls.request = Some(copy);
            calls.response = Some(copy_response(&response));
            Ok(response)
        }
    }
}

fn copy_request(r: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut b = http::Request::builder()
        .method(r.method().clone())
        .uri(r.uri().clone());
    for (k, v) in r.headers() {
        b = b.header(k, v);
    }
    b.body(r.body().clone()).unwrap()
}

fn copy_response(r: &http::Response<Vec<u8>>) -> http::Response<Vec<u8>> {
    let mut b = http::Response::builder().status(r.status());
    for (k, v) in r.headers() {
        b = b.header(k, v);
    }
    b.body(r.body().clone()).unwrap()
}

struct Driver<'m> {
    model: &'m Model,
    operations: BTreeMap<String, ShapeId>,
    seed: u64,
    cases: u64,
    visited: usize,
    checked: usize,
    rejected_unknown: usize,
    failures: Vec<String>,
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

impl Driver<'_> {
    fn io(&self, op: &str, input: bool) -> Option<ShapeId> {
        let shape = &self.model.shapes[&self.operations[op]];
        let id = if input {
            shape.input.clone()
        } else {
            shape.output.clone()
        };
        id.filter(|i| i.as_str() != "smithy.api#Unit")
    }

    /// One case: returns why it failed.
    fn case<O: OperationShape>(&mut self, case: u64) -> Result<(), String> {
        let name = O::SPEC.name;
        let seed = self.seed ^ (case.wrapping_mul(0x9E37_79B9_7F4A_7C15)) ^ hash(name);
        let mut g = ValueGen::new(self.model, seed);
        let input_id = self.io(name, true);
        let output_id = self.io(name, false);

        // A valid input (a few tries: the generator samples patterns at random).
        let mut input_json = Value::Object(Map::new());
        let mut input: Option<O::Input> = None;
        let mut last_problem = String::new();
        for _ in 0..20 {
            input_json = input_id.as_ref().map_or_else(
                || Value::Object(Map::new()),
                |id| g.top_level(id, Side::Input),
            );
            let value: O::Input = json::from_value(&input_json)
                .map_err(|e| format!("generated input does not read: {e}\n{input_json}"))?;
            match value.validate() {
                Ok(()) => {
                    input = Some(value);
                    break;
                }
                Err(e) => last_problem = e.to_string(),
            }
        }
        let Some(mut input) = input else {
            return Err(format!("no valid input generated: {last_problem}"));
        };
        if let Some(id) = &input_id {
            same_json(
                self.model,
                id,
                "the input's JSON form",
                &input_json,
                &json::to_string(&input),
            )?;
        }
        O::fill_idempotency_tokens(&mut input, &mut || TOKEN.to_string());
        let sent = json::to_string(&input);
        // What the implementation should get: the input, with the defaults of
        // absent top-level members filled in, as a server does.
        let expected = json::from_slice_for_server::<O::Input>(sent.as_bytes())
            .map(|(i, _)| json::to_string(&i))
            .map_err(|e| e.to_string())?;

        let output_json = output_id.as_ref().map_or_else(
            || Value::Object(Map::new()),
            |id| g.top_level(id, Side::Output),
        );
        let output: O::Output = json::from_value(&output_json)
            .map_err(|e| format!("generated output does not read: {e}\n{output_json}"))?;
        if let Some(id) = &output_id {
            same_json(
                self.model,
                id,
                "the output's JSON form",
                &output_json,
                &json::to_string(&output),
            )?;
        }

        let recorder = Recorder::default();
        recorder.0.lock().unwrap().answer = json::to_string(&output);
        let client = Client::new(InProcess(recorder.clone()))
            .with_token_source(|| TOKEN.to_string())
            .with_validation(Validation::Full);
        let got = block_on(client.handle::<O>(input))
            .map_err(|e| format!("the call failed: {e}\ninput: {sent}"))?;

        let calls = recorder.0.lock().unwrap();
        let (routed, received) = calls
            .received
            .clone()
            .ok_or("the implementation was not called")?;
        if routed != name {
            return Err(format!("routed to {routed}"));
        }
        let sent_json: Value = serde_json::from_str(&sent).map_err(|e| e.to_string())?;
        let view = |id: &Option<ShapeId>, original: &Value, text: &str| {
            protocol_view(self.model, id.as_ref(), original, text)
        };
        if view(&input_id, &sent_json, &received)? != view(&input_id, &sent_json, &expected)? {
            return Err(format!(
                "the implementation got\n{received}\ninstead of\n{expected}"
            ));
        }
        let got_text = json::to_string(&got);
        if view(&output_id, &output_json, &got_text)?
            != view(&output_id, &output_json, &json::to_string(&output))?
        {
            return Err(format!(
                "the client read\n{got_text}\ninstead of\n{}",
                json::to_string(&output)
            ));
        }
        // Members travel where their bindings say.
        let request = calls.request.as_ref().ok_or("no request")?;
        if let Some(id) = &input_id {
            check_placement(
                self.model,
                id,
                &bindings(self.model, id),
                &sent_json,
                request.body(),
                request.headers(),
                Some(request.uri()),
            )
            .map_err(|e| format!("request: {e}"))?;
        }
        let response = calls.response.as_ref().ok_or("no response")?;
        let status_member = output_id
            .as_ref()
            .is_some_and(|id| bindings(self.model, id).values().any(|b| b == "status"));
        if response.status().as_u16() != O::SPEC.code && !status_member {
            return Err(format!(
                "status {} instead of {}",
                response.status(),
                O::SPEC.code
            ));
        }
        if let Some(id) = &output_id {
            check_placement(
                self.model,
                id,
                &bindings(self.model, id),
                &output_json,
                response.body(),
                response.headers(),
                None,
            )
            .map_err(|e| format!("response: {e}"))?;
        }
        drop(calls);
        self.checked += 1;

        // What the protocol does not allow in a request.
        if let Some(id) = &input_id {
            self.unknown_in_input::<O>(id, &input_json, &mut g)?;
        }
        Ok(())
    }

    /// Puts an unknown enum value or union member into a valid input (where
    /// the body has one) and checks the server's answer.
    fn unknown_in_input<O: OperationShape>(
        &mut self,
        id: &ShapeId,
        valid: &Value,
        g: &mut ValueGen<'_>,
    ) -> Result<(), String> {
        let body: Vec<String> = bindings(self.model, id)
            .into_iter()
            .filter(|(_, b)| b == "body")
            .map(|(k, _)| k)
            .collect();
        let mut doc = valid.clone();
        let Some(kind) = inject_unknown(self.model, id, &mut doc, &body, g) else {
            return Ok(());
        };
        let expected = match kind {
            Unknown::EnumValue => "ValidationException",
            Unknown::UnionMember => "SerializationException",
        };
        let input: O::Input = json::from_value(&doc).map_err(|e| format!("{e}"))?;
        let client = Client::new(InProcess(Recorder::default()))
            .with_token_source(|| TOKEN.to_string())
            .with_validation(Validation::None);
        match block_on(client.handle::<O>(input)) {
            Err(Error::Service { error: e, .. }) if e.to_string().starts_with(expected) => {
                self.rejected_unknown += 1;
                Ok(())
            }
            Err(other) => Err(format!(
                "an input with an unknown {kind:?} got {other} instead of {expected}"
            )),
            Ok(_) => Err(format!(
                "an input with an unknown {kind:?} was accepted:\n{doc}"
            )),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Unknown {
    EnumValue,
    UnionMember,
}

/// Replaces the first enum value or union member found in the body members
/// of `doc` (depth first) with one the model does not know.
fn inject_unknown(
    model: &Model,
    id: &ShapeId,
    doc: &mut Value,
    keys: &[String],
    g: &mut ValueGen<'_>,
) -> Option<Unknown> {
    use codegen::model::ShapeType;
    fn walk(
        model: &Model,
        target: &ShapeId,
        v: &mut Value,
        g: &mut ValueGen<'_>,
    ) -> Option<Unknown> {
        let shape = &model.shapes[target];
        match (shape.ty, v) {
            (ShapeType::Enum, v @ Value::String(_)) => {
                *v = Value::String(format!("NOT_A_VALUE_{}", g.rng.range(0, 99)));
                Some(Unknown::EnumValue)
            }
            (ShapeType::Union, Value::Object(o)) => {
                o.clear();
                o.insert("NotAMember".into(), Value::Bool(true));
                Some(Unknown::UnionMember)
            }
            (ShapeType::Structure, Value::Object(o)) => shape.members.iter().find_map(|m| {
                let key = json_name(m);
                walk(model, &m.target, o.get_mut(key)?, g)
            }),
            (ShapeType::List | ShapeType::Set, Value::Array(items)) => items
                .iter_mut()
                .find_map(|item| walk(model, &shape.members[0].target, item, g)),
            (ShapeType::Map, Value::Object(o)) => o
                .values_mut()
                .find_map(|item| walk(model, &shape.members[1].target, item, g)),
            _ => None,
        }
    }
    let shape = &model.shapes[id];
    let o = doc.as_object_mut()?;
    shape
        .members
        .iter()
        .filter(|m| keys.contains(&m.name))
        .find_map(|m| walk(model, &m.target, o.get_mut(&m.name)?, g))
}

/// The body holds exactly the document's body members; query and header
/// members are in the query string and the headers.
fn check_placement(
    model: &Model,
    shape: &ShapeId,
    bindings: &BTreeMap<String, String>,
    doc: &Value,
    body: &[u8],
    headers: &http::HeaderMap,
    uri: Option<&http::Uri>,
) -> Result<(), String> {
    let members = doc.as_object().cloned().unwrap_or_default();
    let in_body: Map<String, Value> = members
        .iter()
        .filter(|(k, _)| bindings.get(*k).is_some_and(|b| b == "body"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let any_body_member = bindings.values().any(|b| b == "body");
    if bindings.values().any(|b| b == "payload") {
        // The body is the payload member's value, not a JSON object of members.
    } else if any_body_member {
        let sent: Value =
            serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
        if canonical_as(model, shape, &sent)
            != canonical_as(model, shape, &Value::Object(in_body.clone()))
        {
            return Err(format!(
                "the body is\n{sent}\ninstead of\n{}",
                Value::Object(in_body)
            ));
        }
    } else if !body.is_empty() && (uri.is_some() || body != b"{}") {
        // Requests without body members have no body; responses answer `{}`.
        return Err(format!(
            "a body without body members: {}",
            String::from_utf8_lossy(body)
        ));
    }
    for (key, binding) in bindings {
        if !members.contains_key(key) {
            continue;
        }
        if let Some(h) = binding.strip_prefix("header:")
            && !headers.contains_key(h)
        {
            return Err(format!("header {h} (member {key}) is missing"));
        }
        if let (Some(q), Some(uri)) = (binding.strip_prefix("query:"), uri) {
            let query = uri.query().unwrap_or("");
            if !query.split('&').any(|p| p.split('=').next() == Some(q)) {
                return Err(format!(
                    "query parameter {q} (member {key}) is missing from {uri}"
                ));
            }
        }
    }
    Ok(())
}

/// The document a generator wrote and the text a type wrote are the same JSON.
fn same_json(
    model: &Model,
    shape: &ShapeId,
    what: &str,
    generated: &Value,
    written: &str,
) -> Result<(), String> {
    let written: Value =
        serde_json::from_str(written).map_err(|e| format!("{what} is not JSON: {e}"))?;
    match first_difference(
        &canonical_as(model, shape, generated),
        &canonical_as(model, shape, &written),
    ) {
        None => Ok(()),
        Some((at, model, ty)) => Err(format!(
            "{what} differs from the model's wire form at {at}: the model says {model}, the type wrote {ty}"
        )),
    }
}

/// A message's members as the protocol can carry them, for comparing what
/// was sent with what arrived: without an unset member bound to
/// `Content-Type` or `Content-Length` (a message with a body always has
/// them: the media type and the length sent), an empty optional payload (an empty body, or a structure's `{}`,
/// is an unset payload) and the response-code member (a generated number
/// is rarely an HTTP status). `original` is the value as generated.
fn protocol_view(
    model: &Model,
    id: Option<&ShapeId>,
    original: &Value,
    text: &str,
) -> Result<Value, String> {
    let mut v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}: {text}"))?;
    let (Some(id), Some(members)) = (id, v.as_object_mut()) else {
        return Ok(v);
    };
    for m in &model.shapes[id].members {
        let key = json_name(m);
        let t = &m.traits;
        let set_by_http = t
            .get("smithy.api#httpHeader")
            .and_then(Value::as_str)
            .is_some_and(|h| {
                h.eq_ignore_ascii_case("content-type") || h.eq_ignore_ascii_case("content-length")
            });
        let empty = original
            .get(key)
            .is_some_and(|x| x.as_str() == Some("") || x.as_object().is_some_and(Map::is_empty));
        let empty_payload = t.contains_key("smithy.api#httpPayload")
            && !t.contains_key("smithy.api#required")
            && empty;
        if (set_by_http && original.get(key).is_none())
            || empty_payload
            || t.contains_key("smithy.api#httpResponseCode")
        {
            members.remove(key);
        }
    }
    Ok(v)
}

/// The operations bound to a service, directly or through its resources
/// (nested ones too). Walked here rather than taken from the generator's
/// `lower::bound_operations`, so that an operation the generator missed
/// makes `visit_all` fall short of this count.
fn bound_operations(model: &Model, service: &codegen::model::Shape) -> Vec<ShapeId> {
    let mut out = Vec::new();
    let mut stack = vec![service];
    while let Some(shape) = stack.pop() {
        out.extend(shape.operations.iter().cloned());
        stack.extend(shape.resources.iter().filter_map(|r| model.shapes.get(r)));
    }
    out
}

fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

impl OperationVisitor for Driver<'_> {
    fn visit<O: OperationShape>(&mut self) {
        self.visited += 1;
        for case in 0..self.cases {
            if let Err(why) = self.case::<O>(case) {
                self.failures.push(format!(
                    "{} case {case} (ROUNDTRIP_SEED={} ROUNDTRIP_CASES={}): {why}",
                    O::SPEC.name,
                    self.seed,
                    case + 1
                ));
                return;
            }
        }
    }
}

#[test]
fn every_operation_round_trips_through_client_and_server() {
    // bench/try-model.sh runs a copy of this test on another model's crate
    // (a model of the Connect family): it names the model here.
    let other_model = std::env::var_os("ROUND_TRIP_MODEL").map(std::path::PathBuf::from);
    let path = match other_model.clone().or_else(connect_tests::pinned_model) {
        Some(path) => path,
        None => return,
    };
    let model = codegen::load_file(&path).unwrap();
    let service = model
        .shapes
        .values()
        .find(|s| s.ty == codegen::model::ShapeType::Service)
        .expect("a service");
    let operations: BTreeMap<String, ShapeId> = bound_operations(&model, service)
        .into_iter()
        .map(|id| (id.name().to_string(), id))
        .collect();
    let mut driver = Driver {
        model: &model,
        operations,
        seed: env_u64("ROUNDTRIP_SEED", 0x5EED_2026),
        cases: env_u64("ROUNDTRIP_CASES", 24),
        visited: 0,
        checked: 0,
        rejected_unknown: 0,
        failures: Vec::new(),
    };
    connect::operations::visit_all(&mut driver);
    if other_model.is_none() {
        assert_eq!(
            driver.visited,
            driver.operations.len(),
            "visit_all visits every operation of the model"
        );
    } else {
        eprintln!(
            "{} of {} operations generated",
            driver.visited,
            driver.operations.len()
        );
    }
    assert!(
        driver.failures.is_empty(),
        "{} of {} operations failed:\n\n{}",
        driver.failures.len(),
        driver.visited,
        driver.failures.join("\n\n")
    );
    eprintln!(
        "{} operations, {} round trips, {} inputs with an unknown value refused",
        driver.visited, driver.checked, driver.rejected_unknown
    );
    // Connect has enums whose unknown values the server must refuse.
    assert!(other_model.is_some() || driver.rejected_unknown > 0);
}
