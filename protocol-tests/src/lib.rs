//! Runs Smithy's official protocol test cases (`smithy.test#httpRequestTests`,
//! `httpResponseTests`, `httpMalformedRequestTests`) against crates the
//! generator made from the suite's services.
//!
//! The cases are read at test time from the suite's own model files
//! (`../shared/smithy/`, Smithy IDL), expanded (`testParameters`), and each
//! becomes a named test (`libtest-mimic`), so `cargo test` shows them one
//! by one and a filter selects them. A case not supported yet is listed,
//! with its reason, in `expected-failures.toml`: it runs, and a listed case
//! that passes fails the run (the file may only shrink).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

/// One test case, after `testParameters` are expanded.
#[derive(Clone, Debug)]
pub struct Case {
    /// `Operation::CaseId` (`[i]` for the i-th parameter set).
    pub name: String,
    /// The operation's model name.
    pub operation: String,
    /// `httpRequestTests`, `httpResponseTests` or `httpMalformedRequestTests`.
    pub kind: String,
    /// The case, parameters substituted.
    pub body: Value,
}

/// The suite's folder, or `None` (with a note) when it is absent; fails
/// instead when `CI` is set.
pub fn suite_paths() -> Option<Vec<PathBuf>> {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/smithy");
    if shared.exists() {
        return Some(vec![shared.join("smithy-aws-protocol-tests/model"), shared.join("traits")]);
    }
    let msg = "Smithy's protocol test models are absent (../shared/smithy)";
    assert!(std::env::var_os("CI").is_none(), "{msg}");
    eprintln!("skipping: {msg}");
    None
}

/// Every case of the service `service` (a shape ID) of the `kind`s given.
pub fn cases(paths: &[PathBuf], service: &str, kinds: &[&str]) -> Result<Vec<Case>, String> {
    let assembled = codegen::assemble::assemble(paths).map_err(|e| e.to_string())?;
    let model: Value = serde_json::from_str(&assembled.to_json()).map_err(|e| e.to_string())?;
    let shapes = model["shapes"].as_object().ok_or("no shapes")?;
    let svc = shapes.get(service).ok_or_else(|| format!("no service `{service}`"))?;
    let mut out = Vec::new();
    let ops: Vec<&str> = svc["operations"].as_array().into_iter().flatten().filter_map(|o| o["target"].as_str()).collect();
    for op_id in ops {
        let op = &shapes[op_id];
        let op_name = op_id.split('#').nth(1).unwrap_or(op_id);
        for kind in kinds {
            let Some(list) = op["traits"].get(format!("smithy.test#{kind}")).and_then(Value::as_array) else { continue };
            for case in list {
                if case["appliesTo"].as_str() == Some("client") && *kind == "httpMalformedRequestTests" {
                    continue;
                }
                let id = case["id"].as_str().unwrap_or("?");
                for (i, expanded) in expand(case).into_iter().enumerate() {
                    let suffix = if case.get("testParameters").is_some() { format!("[{i}]") } else { String::new() };
                    out.push(Case { name: format!("{op_name}::{id}{suffix}"), operation: op_name.to_string(), kind: kind.to_string(), body: expanded });
                }
            }
        }
    }
    Ok(out)
}

/// The cases of a parameterised test: the i-th value of every parameter
/// substituted for `$name:S` (a JSON string), `$name:L` (as is) and `$name`,
/// in every string of the case; `$$` is a literal `$`.
pub fn expand(case: &Value) -> Vec<Value> {
    let Some(params) = case.get("testParameters").and_then(Value::as_object) else {
        return vec![substitute(case, &BTreeMap::new())];
    };
    let n = params.values().filter_map(Value::as_array).map(Vec::len).max().unwrap_or(0);
    (0..n)
        .map(|i| {
            let values: BTreeMap<String, String> =
                params.iter().map(|(k, v)| (k.clone(), v[i].as_str().map(str::to_string).unwrap_or_else(|| v[i].to_string()))).collect();
            substitute(case, &values)
        })
        .collect()
}

fn substitute(v: &Value, values: &BTreeMap<String, String>) -> Value {
    match v {
        Value::String(s) => Value::String(interpolate(s, values)),
        Value::Array(items) => Value::Array(items.iter().map(|x| substitute(x, values)).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), substitute(x, values))).collect()),
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
        let name_len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
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

/// The request a case describes.
pub fn request(case: &Value) -> Result<smithy_runtime::http::Request<Vec<u8>>, String> {
    let r = &case["request"];
    let mut uri = r["uri"].as_str().unwrap_or("/").to_string();
    let query: Vec<&str> = r["queryParams"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    if !query.is_empty() {
        uri.push(if uri.contains('?') { '&' } else { '?' });
        uri.push_str(&query.join("&"));
    }
    let mut b = smithy_runtime::http::Request::builder().method(r["method"].as_str().unwrap_or("GET")).uri(uri);
    for (k, v) in r["headers"].as_object().into_iter().flatten() {
        b = b.header(k.as_str(), v.as_str().unwrap_or_default());
    }
    let body = r["body"].as_str().unwrap_or_default().as_bytes().to_vec();
    b.body(body).map_err(|e| format!("the case's request is not valid HTTP: {e}"))
}

/// Checks a response against a case's `response` (status, headers, body).
pub fn check_response(case: &Value, response: &smithy_runtime::http::Response<Vec<u8>>) -> Result<(), String> {
    let expected = &case["response"];
    let body_text = String::from_utf8_lossy(response.body());
    if let Some(code) = expected["code"].as_u64()
        && u64::from(response.status().as_u16()) != code {
            return Err(format!("status {} instead of {code}; body: {body_text}", response.status()));
        }
    for (k, v) in expected["headers"].as_object().into_iter().flatten() {
        let got = response.headers().get(k.as_str()).and_then(|h| h.to_str().ok());
        if got != v.as_str() {
            return Err(format!("header {k}: {got:?} instead of {v}"));
        }
    }
    let body = &expected["body"];
    if let Some(contents) = body["assertion"]["contents"].as_str() {
        let want: Value = serde_json::from_str(contents).map_err(|e| format!("the case's expected body is not JSON: {e}"))?;
        let got: Value = serde_json::from_str(&body_text).map_err(|e| format!("the body is not JSON ({e}): {body_text}"))?;
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
    let core = if anchored_end { &core[..core.len() - 1] } else { core };
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
        !anchored_end || parts.last().is_none_or(|p| p.is_empty() || text.ends_with(p.as_str()))
    }
}

/// The expected failures: case name → reason.
pub fn expected_failures() -> BTreeMap<String, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("expected-failures.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    table.get("case").and_then(|c| c.as_array()).into_iter().flatten().filter_map(|c| Some((c.get("name")?.as_str()?.to_string(), c.get("reason")?.as_str()?.to_string()))).collect()
}

/// Per kind of case: passed, failed as expected, failed.
type Tally = BTreeMap<String, (usize, usize, usize)>;

/// Runs `cases` with `run`, one named test each, then prints a tally per
/// kind; a case listed as an expected failure must fail (else the run fails).
pub fn run_all(service: &str, cases: Vec<Case>, run: impl Fn(&Case) -> Result<(), String> + Send + Sync + 'static) -> ! {
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
    for (kind, (pass, expected_fail, fail)) in tally.lock().unwrap_or_else(|p| p.into_inner()).iter() {
        println!("{service} {kind}: {pass} passed, {expected_fail} expected failures, {fail} failed");
    }
    conclusion.exit()
}
