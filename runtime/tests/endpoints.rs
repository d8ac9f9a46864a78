//! The endpoint rules engine against the Connect model's own
//! `smithy.rules#endpointTests` (32 cases): each case's parameters resolve
//! to its URL, or to its error message.
#![cfg(feature = "aws")]

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

/// A data file, or `None` with a note (a failure when `CI` is set).
fn data(path: PathBuf) -> Option<Value> {
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).unwrap()),
        Err(_) => {
            let msg = format!(
                "{} is absent: run `cargo xtask fetch-model`",
                path.display()
            );
            assert!(std::env::var_os("CI").is_none(), "{msg}");
            eprintln!("skipping: {msg}");
            None
        }
    }
}

#[test]
fn connect_endpoint_tests_pass() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let Some(model) = data(root.join("models/.cache/connect-2017-08-08.json")) else {
        return;
    };
    let Some(partitions) = data(root.join("models/.cache/partitions.json")) else {
        return;
    };
    let service = model["shapes"]
        .as_object()
        .unwrap()
        .values()
        .find(|s| s["type"] == "service")
        .unwrap();
    let rules = &service["traits"]["smithy.rules#endpointRuleSet"];
    let cases = service["traits"]["smithy.rules#endpointTests"]["testCases"]
        .as_array()
        .unwrap();
    assert_eq!(cases.len(), 32);
    let mut failures = Vec::new();
    for case in cases {
        let params: BTreeMap<String, Value> = case["params"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let got = smithy_runtime::endpoints::resolve(rules, &partitions, &params);
        let expect = &case["expect"];
        let ok = match (
            &got,
            expect["endpoint"]["url"].as_str(),
            expect["error"].as_str(),
        ) {
            (Ok(e), Some(url), _) => e.url == url,
            (Err(e), _, Some(message)) => e == message,
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{}: {got:?}, expected {expect}",
                case["documentation"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unknown_functions_and_missing_parameters_are_errors() {
    let rules: Value = serde_json::json!({
        "version": "1.0",
        "parameters": {"Region": {"type": "string", "required": true}},
        "rules": [{"conditions": [{"fn": "aws.mystery", "argv": []}], "type": "endpoint", "endpoint": {"url": "https://x"}}]
    });
    let none = Value::Null;
    let e = smithy_runtime::endpoints::resolve(&rules, &none, &BTreeMap::new()).unwrap_err();
    assert!(e.contains("`Region` is required"), "{e}");
    let params = BTreeMap::from([("Region".to_string(), Value::from("us-east-1"))]);
    let e = smithy_runtime::endpoints::resolve(&rules, &none, &params).unwrap_err();
    assert!(e.contains("aws.mystery"), "{e}");
}
