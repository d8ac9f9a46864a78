//! Runs Smithy's official protocol test cases (`smithy.test#httpRequestTests`,
//! `httpResponseTests`, `httpMalformedRequestTests`) against crates the
//! generator made from the suite's services.
//!
//! The cases are read at test time from the suite's own model files
//! (Smithy IDL, pinned by `models/smithy.toml` and fetched into
//! `models/.cache/smithy/`), expanded (`testParameters`), and each
//! becomes a named test (`libtest-mimic`), so `cargo test` shows them one
//! by one and a filter selects them. Request and response cases run on
//! each side they apply to (`…::client`, `…::server`): see
//! `tests/support/mod.rs`. A case that cannot pass is listed,
//! with its reason, in `expected-failures.toml`: it runs, and a listed case
//! that passes fails the run (the file may only shrink).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

/// One test case, after `testParameters` are expanded.
#[derive(Clone, Debug)]
pub struct Case {
    /// `Operation::CaseId` (`[i]` for the i-th parameter set), then
    /// `::client` or `::server` for request and response tests.
    pub name: String,
    /// The operation's model name (for an error's response test: the first
    /// operation that lists the error).
    pub operation: String,
    /// The operation's full shape ID, within the service under test: what
    /// its input and output are read from (another protocol's suite may
    /// define an operation of the same name).
    pub operation_id: String,
    /// The error structure's shape ID, for a response test of an error.
    pub error: Option<String>,
    /// `httpRequestTests`, `httpResponseTests` or `httpMalformedRequestTests`,
    /// then ` (client)` or ` (server)` for the first two.
    pub kind: String,
    /// Which side the case runs on.
    pub side: Side,
    /// The case, parameters substituted.
    pub body: Value,
}

/// The side of the protocol a case checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Request serialization or response parsing.
    Client,
    /// Request parsing or response serialization.
    Server,
}

/// A service's cases, with the merged model their parameters are read against.
pub struct Suite {
    /// The model (JSON AST).
    pub model: Value,
    /// The service's protocol (`aws.protocols#restJson1`, `…#awsJson1_0`,
    /// `…#awsJson1_1`): only its cases run.
    pub protocol: String,
    /// The cases.
    pub cases: Vec<Case>,
}

/// The shape ID of the input or output (`which`) of the case's operation in
/// `model`, by the operation's full shape ID (`smithy.api#Unit` when none).
pub fn io(model: &Value, case: &Case, which: &str) -> String {
    model["shapes"][&case.operation_id][which]["target"]
        .as_str()
        .unwrap_or("smithy.api#Unit")
        .to_string()
}

/// Runs a future that never waits on anything outside it (the generated
/// `dispatch` and an in-process client) to its end on this thread.
pub fn block_on<F: Future>(future: F) -> F::Output {
    struct Ignore;
    impl std::task::Wake for Ignore {
        fn wake(self: std::sync::Arc<Self>) {}
    }
    let waker = std::task::Waker::from(std::sync::Arc::new(Ignore));
    let mut cx = std::task::Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// The suite's folders (as the generated crates' pins name them), or
/// `None` (with a note) when they are absent; fails instead when `CI` is set.
pub fn suite_paths() -> Option<Vec<PathBuf>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../models/.cache/smithy");
    if dir.join("traits/prelude.smithy").exists() {
        return Some(vec![
            dir.join("smithy-aws-protocol-tests/model"),
            dir.join("traits"),
        ]);
    }
    let msg = "Smithy's test models (pinned by models/smithy.toml) are absent from models/.cache/smithy: run `cargo xtask fetch-model`";
    assert!(std::env::var_os("CI").is_none(), "{msg}");
    eprintln!("skipping: {msg}");
    None
}

/// The model and every case of the service `service` (a shape ID) of the
/// `kind`s given (those of the service's protocol only), once per side it applies to.
pub fn load(paths: &[PathBuf], service: &str, kinds: &[&str]) -> Result<Suite, String> {
    let assembled = codegen::assemble::assemble(paths).map_err(|e| e.to_string())?;
    let model: Value = serde_json::from_str(&assembled.to_json()).map_err(|e| e.to_string())?;
    let shapes = model["shapes"].as_object().ok_or("no shapes")?;
    if !shapes.contains_key(service) {
        return Err(format!("no service `{service}`"));
    }
    let protocol = protocol_of(&shapes[service])?;
    let mut out = Vec::new();
    let ops = service_operations(shapes, service);
    // Operations first, then the errors they list (response tests of errors):
    // (shape ID of the shape carrying the cases, operation ID, error ID).
    let mut targets: Vec<(String, String, Option<String>)> = Vec::new();
    for op_id in &ops {
        targets.push((op_id.clone(), op_id.clone(), None));
    }
    for op_id in &ops {
        for e in shapes[op_id]["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["target"].as_str())
        {
            if !targets.iter().any(|(id, _, _)| id == e) {
                targets.push((e.to_string(), op_id.clone(), Some(e.to_string())));
            }
        }
    }
    for (id, op_id, error) in targets {
        let op_name = op_id.split('#').nth(1).unwrap_or(&op_id).to_string();
        let shape = &shapes[&id];
        let shape_name = id.split('#').nth(1).unwrap_or(&id).to_string();
        for kind in kinds {
            let Some(list) = shape["traits"]
                .get(format!("smithy.test#{kind}"))
                .and_then(Value::as_array)
            else {
                continue;
            };
            for case in list {
                if case["protocol"].as_str().is_some_and(|p| p != protocol) {
                    continue;
                }
                let applies = case["appliesTo"].as_str();
                let sides: &[Side] = match (*kind, applies) {
                    ("httpMalformedRequestTests", _) | (_, Some("server")) => &[Side::Server],
                    (_, Some("client")) => &[Side::Client],
                    _ => &[Side::Client, Side::Server],
                };
                if *kind == "httpMalformedRequestTests" && applies == Some("client") {
                    continue;
                }
                let id = case["id"].as_str().unwrap_or("?");
                for (i, expanded) in expand(case).into_iter().enumerate() {
                    let suffix = if case.get("testParameters").is_some() {
                        format!("[{i}]")
                    } else {
                        String::new()
                    };
                    for side in sides {
                        let (name, kind) = match (*kind, side) {
                            ("httpMalformedRequestTests", _) => {
                                (format!("{shape_name}::{id}{suffix}"), kind.to_string())
                            }
                            (_, Side::Client) => (
                                format!("{shape_name}::{id}{suffix}::client"),
                                format!("{kind} (client)"),
                            ),
                            (_, Side::Server) => (
                                format!("{shape_name}::{id}{suffix}::server"),
                                format!("{kind} (server)"),
                            ),
                        };
                        out.push(Case {
                            name,
                            operation: op_name.clone(),
                            operation_id: op_id.clone(),
                            error: error.clone(),
                            kind,
                            side: *side,
                            body: expanded.clone(),
                        });
                    }
                }
            }
        }
    }
    // A request case and a response case may share an ID (Smithy's
    // `AwsJson11IntEnums`): the response case's name says so.
    let mut seen = std::collections::BTreeSet::new();
    for case in &mut out {
        if !seen.insert(case.name.clone()) && case.kind.starts_with("httpResponseTests") {
            case.name = match case.name.rsplit_once("::") {
                Some((head, side)) => format!("{head}::response::{side}"),
                None => format!("{}::response", case.name),
            };
        }
    }
    Ok(Suite {
        model,
        protocol,
        cases: out,
    })
}

/// The protocol a service shape declares, of those the generator writes
/// (in the generator's order of preference).
fn protocol_of(service: &Value) -> Result<String, String> {
    [
        "aws.protocols#restJson1",
        "aws.protocols#awsJson1_1",
        "aws.protocols#awsJson1_0",
    ]
    .into_iter()
    .find(|p| service["traits"].get(*p).is_some())
    .map(str::to_string)
    .ok_or_else(|| "the service declares no protocol the generator writes".to_string())
}

/// Whether a server under `protocol` picks the operation by `X-Amz-Target`
/// (the awsJson protocols).
pub fn routes_by_target(protocol: &str) -> bool {
    protocol.starts_with("aws.protocols#awsJson")
}

/// Whether `@jsonName` renames members on the wire under `protocol`
/// (restJson1 only: the awsJson protocols ignore it).
pub fn uses_json_names(protocol: &str) -> bool {
    protocol == "aws.protocols#restJson1"
}

/// The full shape IDs of the operations of service `service`: those it
/// lists, and those of its resources and their child resources (create,
/// put, read, update, delete, list, operations, collectionOperations), each
/// once, in the order first reached.
pub fn service_operations(shapes: &serde_json::Map<String, Value>, service: &str) -> Vec<String> {
    const OPERATION_KEYS: [&str; 8] = [
        "create",
        "put",
        "read",
        "update",
        "delete",
        "list",
        "operations",
        "collectionOperations",
    ];
    let mut out: Vec<String> = Vec::new();
    let mut seen_resources = std::collections::BTreeSet::new();
    let mut stack = vec![service.to_string()];
    while let Some(id) = stack.pop() {
        let Some(shape) = shapes.get(&id) else {
            continue;
        };
        let targets = |key: &str| -> Vec<String> {
            match &shape[key] {
                Value::Array(items) => items
                    .iter()
                    .filter_map(|t| t["target"].as_str().map(str::to_string))
                    .collect(),
                one => one["target"]
                    .as_str()
                    .map(str::to_string)
                    .into_iter()
                    .collect(),
            }
        };
        for key in OPERATION_KEYS {
            for op in targets(key) {
                if !out.contains(&op) {
                    out.push(op);
                }
            }
        }
        // Depth first, in the order the model lists the resources.
        for r in targets("resources").into_iter().rev() {
            if seen_resources.insert(r.clone()) {
                stack.push(r);
            }
        }
    }
    out
}

/// A case's `params` (member names, blobs as text, timestamps as epoch
/// seconds) in the JSON form the generated type reads (`jsonName` keys,
/// base64 blobs, timestamps in the member's `@timestampFormat`).
pub fn params_to_wire(model: &Value, json_names: bool, shape: &str, params: &Value) -> Value {
    // A case without `params` means a value with no member set.
    let empty = Value::Object(serde_json::Map::new());
    to_wire(
        model,
        json_names,
        shape,
        &serde_json::Map::new(),
        if params.is_null() { &empty } else { params },
    )
}

fn to_wire(
    model: &Value,
    json_names: bool,
    shape_id: &str,
    member_traits: &serde_json::Map<String, Value>,
    v: &Value,
) -> Value {
    let prelude_type = shape_id
        .strip_prefix("smithy.api#")
        .map(|n| n.to_ascii_lowercase());
    let shape = &model["shapes"][shape_id];
    let ty = shape["type"]
        .as_str()
        .map(str::to_string)
        .or(prelude_type)
        .unwrap_or_default();
    let trait_of = |name: &str| {
        member_traits
            .get(name)
            .or_else(|| shape["traits"].get(name))
            .cloned()
    };
    match (ty.as_str(), v) {
        (_, Value::Null) => Value::Null,
        ("structure" | "union", Value::Object(o)) => {
            let members = &shape["members"];
            Value::Object(
                o.iter()
                    .map(|(k, x)| {
                        let m = &members[k];
                        let traits = m["traits"].as_object().cloned().unwrap_or_default();
                        let key = traits
                            .get("smithy.api#jsonName")
                            .filter(|_| json_names)
                            .and_then(Value::as_str)
                            .unwrap_or(k)
                            .to_string();
                        (
                            key,
                            to_wire(
                                model,
                                json_names,
                                m["target"].as_str().unwrap_or_default(),
                                &traits,
                                x,
                            ),
                        )
                    })
                    .collect(),
            )
        }
        ("list" | "set", Value::Array(items)) => {
            let m = &shape["member"];
            let traits = m["traits"].as_object().cloned().unwrap_or_default();
            Value::Array(
                items
                    .iter()
                    .map(|x| {
                        to_wire(
                            model,
                            json_names,
                            m["target"].as_str().unwrap_or_default(),
                            &traits,
                            x,
                        )
                    })
                    .collect(),
            )
        }
        ("map", Value::Object(o)) => {
            let m = &shape["value"];
            let traits = m["traits"].as_object().cloned().unwrap_or_default();
            Value::Object(
                o.iter()
                    .map(|(k, x)| {
                        (
                            k.clone(),
                            to_wire(
                                model,
                                json_names,
                                m["target"].as_str().unwrap_or_default(),
                                &traits,
                                x,
                            ),
                        )
                    })
                    .collect(),
            )
        }
        ("blob", Value::String(text)) => {
            Value::String(smithy_runtime::base64::encode(text.as_bytes()))
        }
        ("timestamp", Value::Number(n)) => {
            let format = trait_of("smithy.api#timestampFormat");
            let t = smithy_runtime::DateTime::from_secs_f64(n.as_f64().unwrap_or_default());
            match (format.as_ref().and_then(Value::as_str), t) {
                (Some("date-time"), Some(t)) => {
                    Value::String(t.fmt(smithy_runtime::TimestampFormat::DateTime))
                }
                (Some("http-date"), Some(t)) => {
                    Value::String(t.fmt(smithy_runtime::TimestampFormat::HttpDate))
                }
                _ => v.clone(),
            }
        }
        _ => v.clone(),
    }
}

/// The cases of a parameterised test: the i-th value of every parameter
/// substituted for `$name:S` (a JSON string), `$name:L` (as is) and `$name`,
/// in every string of the case; `$$` is a literal `$`.
pub fn expand(case: &Value) -> Vec<Value> {
    let Some(params) = case.get("testParameters").and_then(Value::as_object) else {
        return vec![substitute(case, &BTreeMap::new())];
    };
    let n = params
        .values()
        .filter_map(Value::as_array)
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    (0..n)
        .map(|i| {
            let values: BTreeMap<String, String> = params
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v[i].as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v[i].to_string()),
                    )
                })
                .collect();
            substitute(case, &values)
        })
        .collect()
}

fn substitute(v: &Value, values: &BTreeMap<String, String>) -> Value {
    match v {
        Value::String(s) => Value::String(interpolate(s, values)),
        Value::Array(items) => Value::Array(items.iter().map(|x| substitute(x, values)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), substitute(x, values)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn interpolate(s: &str, values: &BTreeMap<String, String>) -> String {
    if values.is_empty() {
        return s.to_string();
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(more) = after.strip_prefix('$') {
            out.push('$');
            rest = more;
            continue;
        }
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        match values.get(name) {
            Some(value) => {
                let tail = &after[name_len..];
                if let Some(t) = tail.strip_prefix(":S") {
                    out.push_str(&Value::String(value.clone()).to_string());
                    rest = t;
                } else if let Some(t) = tail.strip_prefix(":L") {
                    out.push_str(value);
                    rest = t;
                } else {
                    out.push_str(value);
                    rest = tail;
                }
            }
            None => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// awsJson: names the case's operation in `X-Amz-Target` when the case
/// leaves the header out. Some server cases of Smithy's awsJson suites do
/// (those about host prefixes and defaults): without it no server can
/// pick the operation, and the case is bound to its operation anyway. The
/// cases that give the header check the routing.
pub fn add_target(
    request: &mut smithy_runtime::http::Request<Vec<u8>>,
    service: &str,
    operation: &str,
) {
    let service = service.split('#').nth(1).unwrap_or(service);
    if !request.headers().contains_key("X-Amz-Target")
        && let Ok(value) = format!("{service}.{operation}").parse()
    {
        request.headers_mut().insert("X-Amz-Target", value);
    }
}

/// The request a malformed-request case describes.
pub fn request(case: &Value) -> Result<smithy_runtime::http::Request<Vec<u8>>, String> {
    request_of(&case["request"])
}

/// Each header a case lists has exactly its value (the lines of a header
/// that occurs several times are joined with `, `).
fn check_headers(
    expected: &Value,
    headers: &smithy_runtime::http::HeaderMap,
) -> Result<(), String> {
    for (k, v) in expected.as_object().into_iter().flatten() {
        let got: Vec<&str> = headers
            .get_all(k.as_str())
            .iter()
            .filter_map(|h| h.to_str().ok())
            .collect();
        let got = got.join(", ");
        if Some(got.as_str()) != v.as_str() {
            return Err(format!("header {k}: {got:?} instead of {v}"));
        }
    }
    Ok(())
}

/// JSON equality with numbers compared by value (`1.0` is `1`).
pub fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// The HTTP request a request test describes, as a client would send it:
/// the case's headers list what must be there, so a body with a
/// `bodyMediaType` and no `Content-Type` header gets one.
pub fn request_of_test(case: &Value) -> Result<smithy_runtime::http::Request<Vec<u8>>, String> {
    let mut request = request_of(case)?;
    let headers = request.headers_mut();
    if !headers.contains_key(smithy_runtime::http::header::CONTENT_TYPE)
        && !case["body"].as_str().unwrap_or("").is_empty()
        && let Some(media) = case["bodyMediaType"].as_str()
        && let Ok(v) = media.parse()
    {
        headers.insert(smithy_runtime::http::header::CONTENT_TYPE, v);
    }
    Ok(request)
}

/// The HTTP request that `r` describes (a request test, or a malformed
/// case's `request`): method, URI, query parameters, headers, body.
pub fn request_of(r: &Value) -> Result<smithy_runtime::http::Request<Vec<u8>>, String> {
    let mut uri = r["uri"].as_str().unwrap_or("/").to_string();
    let query: Vec<&str> = r["queryParams"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if !query.is_empty() {
        uri.push(if uri.contains('?') { '&' } else { '?' });
        uri.push_str(&query.join("&"));
    }
    let mut b = smithy_runtime::http::Request::builder()
        .method(r["method"].as_str().unwrap_or("GET"))
        .uri(uri);
    for (k, v) in r["headers"].as_object().into_iter().flatten() {
        b = b.header(k.as_str(), v.as_str().unwrap_or_default());
    }
    let body = r["body"].as_str().unwrap_or_default().as_bytes().to_vec();
    b.body(body)
        .map_err(|e| format!("the case's request is not valid HTTP: {e}"))
}

/// The HTTP response a response test describes.
pub fn response_of(case: &Value) -> Result<smithy_runtime::http::Response<Vec<u8>>, String> {
    let mut b = smithy_runtime::http::Response::builder().status(
        case["code"]
            .as_u64()
            .and_then(|c| u16::try_from(c).ok())
            .unwrap_or(200),
    );
    for (k, v) in case["headers"].as_object().into_iter().flatten() {
        b = b.header(k.as_str(), v.as_str().unwrap_or_default());
    }
    let body = case["body"]
        .as_str()
        .unwrap_or_default()
        .as_bytes()
        .to_vec();
    b.body(body)
        .map_err(|e| format!("the case's response is not valid HTTP: {e}"))
}

/// Checks a request the client built against a request test: method, path,
/// query (`queryParams` present, `forbidQueryParams` absent,
/// `requireQueryParams` present), headers, body and resolved host (of a request placed at the case's `host`).
pub fn check_request(
    case: &Value,
    request: &smithy_runtime::http::Request<Vec<u8>>,
) -> Result<(), String> {
    if let Some(m) = case["method"].as_str()
        && request.method().as_str() != m
    {
        return Err(format!("method {} instead of {m}", request.method()));
    }
    let path = request.uri().path();
    if let Some(want) = case["uri"].as_str()
        && path != want
    {
        return Err(format!("path {path} instead of {want}"));
    }
    let query: Vec<&str> = request
        .uri()
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .collect();
    let keys: Vec<&str> = query
        .iter()
        .map(|p| p.split('=').next().unwrap_or(""))
        .collect();
    for want in case["queryParams"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !query.contains(&want) {
            return Err(format!("query parameter {want} missing from {query:?}"));
        }
    }
    for k in case["forbidQueryParams"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if keys.contains(&k) {
            return Err(format!("query parameter {k} is sent"));
        }
    }
    for k in case["requireQueryParams"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !keys.contains(&k) {
            return Err(format!("query parameter {k} is not sent"));
        }
    }
    if let Some(want) = case["resolvedHost"].as_str() {
        let host = request.uri().host().unwrap_or_default();
        if host != want {
            return Err(format!("host {host} instead of {want}"));
        }
    }
    check_message(case, request.headers(), request.body())
}

/// Checks headers (`headers` exact, `forbidHeaders` absent,
/// `requireHeaders` present) and the body (as JSON when `bodyMediaType`
/// says so, else byte for byte) against a request or response test.
pub fn check_message(
    case: &Value,
    headers: &smithy_runtime::http::HeaderMap,
    body: &[u8],
) -> Result<(), String> {
    check_headers(&case["headers"], headers)?;
    for k in case["forbidHeaders"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if headers.contains_key(k) {
            return Err(format!("header {k} is sent"));
        }
    }
    for k in case["requireHeaders"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !headers.contains_key(k) {
            return Err(format!("header {k} is not sent"));
        }
    }
    let Some(want) = case["body"].as_str() else {
        return Ok(());
    };
    let got = String::from_utf8_lossy(body);
    let json = case["bodyMediaType"]
        .as_str()
        .is_some_and(|t| t.contains("json"));
    if json && !want.is_empty() {
        let want_v: Value =
            serde_json::from_str(want).map_err(|e| format!("the case's body is not JSON: {e}"))?;
        let got_v: Value =
            serde_json::from_str(&got).map_err(|e| format!("the body is not JSON ({e}): {got}"))?;
        if !same_json(&want_v, &got_v) {
            return Err(format!("body\n  {got}\ninstead of\n  {want}"));
        }
    } else if got != want {
        return Err(format!("body {got:?} instead of {want:?}"));
    }
    Ok(())
}

/// Checks a response against a case's `response` (status, headers, body).
pub fn check_response(
    case: &Value,
    response: &smithy_runtime::http::Response<Vec<u8>>,
) -> Result<(), String> {
    let expected = &case["response"];
    let body_text = String::from_utf8_lossy(response.body());
    if let Some(code) = expected["code"].as_u64()
        && u64::from(response.status().as_u16()) != code
    {
        return Err(format!(
            "status {} instead of {code}; body: {body_text}",
            response.status()
        ));
    }
    check_headers(&expected["headers"], response.headers())?;
    let body = &expected["body"];
    if let Some(contents) = body["assertion"]["contents"].as_str() {
        let want: Value = serde_json::from_str(contents)
            .map_err(|e| format!("the case's expected body is not JSON: {e}"))?;
        let got: Value = serde_json::from_str(&body_text)
            .map_err(|e| format!("the body is not JSON ({e}): {body_text}"))?;
        if want != got {
            return Err(format!("body\n  {got}\ninstead of\n  {want}"));
        }
    }
    if let Some(pattern) = body["assertion"]["messageRegex"].as_str() {
        let got: Value = serde_json::from_str(&body_text).unwrap_or(Value::Null);
        let message = got["message"].as_str().unwrap_or_default();
        let re = regex_lite(pattern);
        if !re(message) {
            return Err(format!("message {message:?} does not match {pattern:?}"));
        }
    }
    Ok(())
}

/// A tiny matcher for the suite's `messageRegex` values (`.*` wildcards
/// around literal text, `^` and `$` anchors): enough for the suite, and no
/// regex engine on test data.
fn regex_lite(pattern: &str) -> impl Fn(&str) -> bool {
    let anchored_start = pattern.starts_with('^');
    let anchored_end = pattern.ends_with('$') && !pattern.ends_with("\\$");
    let core = pattern.trim_start_matches('^');
    let core = if anchored_end {
        &core[..core.len() - 1]
    } else {
        core
    };
    let parts: Vec<String> = core.split(".*").map(|p| p.replace('\\', "")).collect();
    move |text: &str| {
        let mut at = 0;
        for (i, part) in parts.iter().enumerate() {
            match text[at..].find(part.as_str()) {
                Some(pos) if i == 0 && anchored_start && pos != 0 => return false,
                Some(pos) => at += pos + part.len(),
                None => return false,
            }
        }
        !anchored_end
            || parts
                .last()
                .is_none_or(|p| p.is_empty() || text.ends_with(p.as_str()))
    }
}

/// The expected failures: case name → reason.
pub fn expected_failures() -> BTreeMap<String, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("expected-failures.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let table: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    table
        .get("case")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
        .filter_map(|c| {
            Some((
                c.get("name")?.as_str()?.to_string(),
                c.get("reason")?.as_str()?.to_string(),
            ))
        })
        .collect()
}

/// Per kind of case: passed, failed as expected, failed.
type Tally = BTreeMap<String, (usize, usize, usize)>;

/// Runs `cases` with `run`, one named test each, then prints a tally per
/// kind; a case listed as an expected failure must fail (else the run fails).
pub fn run_all(
    service: &str,
    cases: Vec<Case>,
    run: impl Fn(&Case) -> Result<(), String> + Send + Sync + 'static,
) -> ! {
    use std::sync::{Arc, Mutex};
    let args = libtest_mimic::Arguments::from_args();
    let expected = expected_failures();
    let tally: Arc<Mutex<Tally>> = Arc::default();
    let run = Arc::new(run);
    let trials = cases
        .into_iter()
        .map(|case| {
            let (run, tally) = (run.clone(), tally.clone());
            let listed = expected.get(&case.name).cloned();
            libtest_mimic::Trial::test(case.name.clone(), move || {
                let outcome = run(&case);
                let mut t = tally.lock().unwrap_or_else(|p| p.into_inner());
                let entry = t.entry(case.kind.clone()).or_default();
                match (outcome, listed) {
                    (Ok(()), None) => {
                        entry.0 += 1;
                        Ok(())
                    }
                    (Err(why), Some(_)) => {
                        entry.1 += 1;
                        let _ = why;
                        Ok(())
                    }
                    (Err(why), None) => {
                        entry.2 += 1;
                        Err(why.into())
                    }
                    (Ok(()), Some(_)) => {
                        entry.2 += 1;
                        Err("passes: remove it from expected-failures.toml".into())
                    }
                }
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    for (kind, (pass, expected_fail, fail)) in
        tally.lock().unwrap_or_else(|p| p.into_inner()).iter()
    {
        println!(
            "{service} {kind}: {pass} passed, {expected_fail} expected failures, {fail} failed"
        );
    }
    conclusion.exit()
}
