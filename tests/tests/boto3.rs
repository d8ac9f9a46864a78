//! A real third-party client against the served fake: boto3 (the AWS SDK
//! for Python, pinned in `tests/python/requirements.txt`) runs
//! `tests/python/boto3_calls_fake.py` against `connect::serve` over plain
//! HTTP, and against the runtime's `serve` with a handler that checks
//! boto3's SigV4 signature before dispatching. The interpreter is the one
//! `BOTO3_PYTHON` names (`.ci/run` installs the pins into a venv and sets
//! it); without it the test says so and passes, and fails when `CI` is set.

use std::process::Command;

use connect::SIGNING_NAME;
use connect::runtime::aws::Credentials;
use connect::runtime::rest::Protocol;
use connect::runtime::serve::{ServeSettings, serve};
use connect_tests::{FakeConnect, refuse_unsigned};
use serde_json::Value;

/// The interpreter with boto3, or `None` (said on stderr) when none is set
/// up; a failure when `CI` is set.
fn python() -> Option<String> {
    let Some(python) = std::env::var_os("BOTO3_PYTHON") else {
        let msg = "BOTO3_PYTHON is not set: it names a Python with the pins of \
                   tests/python/requirements.txt installed (see tests/python/README.md)";
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("skipping: {msg}");
        return None;
    };
    let python = python.to_string_lossy().into_owned();
    let check = Command::new(&python)
        .arg(script())
        .arg("--check-installed")
        .output()
        .unwrap_or_else(|e| panic!("BOTO3_PYTHON={python} does not run: {e}"));
    assert!(
        check.status.success(),
        "BOTO3_PYTHON={python} has no boto3: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    Some(python)
}

fn script() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("python/boto3_calls_fake.py")
}

/// Runs the script against `endpoint` (off the runtime's threads).
async fn run_script(python: String, endpoint: String) -> std::process::Output {
    tokio::task::spawn_blocking(move || Command::new(&python).arg(script()).arg(&endpoint).output())
        .await
        .unwrap()
        .expect("the script runs")
}

/// Runs the script against `endpoint`; the JSON objects it printed.
async fn boto3_calls(python: String, endpoint: String) -> Vec<Value> {
    let out = run_script(python, endpoint).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "boto3 failed against the fake:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

/// What boto3 must have got from the fake, call by call.
fn check(calls: &[Value]) {
    assert_eq!(calls.len(), 4, "{calls:?}");
    let chat = &calls[0];
    assert_eq!(chat["ContactId"], "contact-for-jane");
    assert_eq!(chat["ParticipantId"], "participant-1");
    // botocore fills the idempotency token in with a UUID; the fake read it.
    let token = chat["ParticipantToken"].as_str().unwrap_or_default();
    assert_eq!(token.len(), 36, "{token}");
    assert_eq!(token.matches('-').count(), 4, "{token}");
    // The modeled error reached boto3 as its modeled exception class.
    assert_eq!(calls[1]["error"], "ResourceNotFoundException");
    assert_eq!(calls[1]["message"], "no user nobody");
    assert_eq!(calls[1]["status"], 404);
    assert_eq!(calls[2]["Id"], "jane");
    assert_eq!(calls[2]["Username"], "jane@example.com");
    // What boto3 did not check, the server did.
    assert_eq!(calls[3]["error"], "ValidationException");
    assert_eq!(calls[3]["status"], 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn boto3_calls_the_served_fake() {
    let Some(python) = python() else { return };
    let server = connect::serve(FakeConnect, "127.0.0.1:0").await.unwrap();
    let calls = boto3_calls(python, server.endpoint()).await;
    check(&calls);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn boto3s_signatures_pass_the_fakes_check_and_others_do_not() {
    let Some(python) = python() else { return };
    // boto3_calls_fake.py signs with AWS's documentation example keys.
    let keys = |secret: &str| Credentials::new("AKIDEXAMPLE", secret, None, None, "test");
    for (secret, accepted) in [
        ("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", true),
        ("another-secret", false),
    ] {
        let credentials = keys(secret);
        let server = serve(
            "127.0.0.1:0",
            Protocol::RestJson1,
            ServeSettings::default(),
            move |request| {
                let refusal = refuse_unsigned(&request, &credentials, "us-east-1", SIGNING_NAME);
                async move {
                    match refusal {
                        Some(refusal) => refusal,
                        None => connect::dispatch(&FakeConnect, request).await,
                    }
                }
            },
        )
        .await
        .unwrap();
        if accepted {
            check(&boto3_calls(python.clone(), server.endpoint()).await);
        } else {
            let out = run_script(python.clone(), server.endpoint()).await;
            assert!(!out.status.success());
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("InvalidSignatureException"), "{stderr}");
        }
        server.shutdown().await;
    }
}
