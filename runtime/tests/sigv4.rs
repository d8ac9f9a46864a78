//! SigV4 signing (the `aws` feature) against AWS's signing test suite, which
//! the `aws-sigv4` crate's package ships: every case that signs headers
//! with the default settings (normalized paths, unsigned body) is built as
//! a request, signed with `smithy_runtime::aws::sign`, and its
//! `Authorization` compared with the suite's (a path a URI cannot hold as
//! written, with a space or raw UTF-8, is left out); then credentials from the
//! environment and from profile files, and secrets kept out of every
//! `Debug` and error.
#![cfg(feature = "aws")]

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use smithy_runtime::aws::{self, Credentials, EnvironmentCredentials, ProfileCredentials};

/// The suite's folder in the local package cache, or `None` (with a note; a
/// failure when `CI` is set).
fn suite() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    let mut found: Vec<PathBuf> = std::fs::read_dir(home.join("registry/src"))
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|index| {
            std::fs::read_dir(index.path())
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("aws-sigv4-"))
        })
        .map(|p| p.join("aws-signing-test-suite/v4"))
        .filter(|p| p.is_dir())
        .collect();
    found.sort();
    let last = found.pop();
    if last.is_none() {
        let msg = "the aws-sigv4 package's signing test suite is not in the package cache";
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("skipping: {msg}");
    }
    last
}

/// A suite request (`request.txt`): method, path, headers (continuation
/// lines folded), body.
fn parse_request(text: &str) -> Option<http::Request<Vec<u8>>> {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let (method, rest) = lines.next()?.split_once(' ')?;
    let path = rest.strip_suffix(" HTTP/1.1")?;
    // A path a URI cannot hold as written (a space, raw UTF-8) is not a
    // request a client sends: those cases are left out.
    if !path.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with(' ') || line.starts_with('\t') {
            let last = headers.last_mut()?;
            last.1.push('\n');
            last.1.push_str(line);
        } else {
            let (k, v) = line.split_once(':')?;
            headers.push((k.to_string(), v.to_string()));
        }
    }
    let host = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("host"))?
        .1
        .clone();
    let mut b = http::Request::builder()
        .method(method)
        .uri(format!("https://{host}{path}"));
    for (k, v) in &headers {
        b = b.header(
            k.as_str(),
            http::HeaderValue::from_bytes(v.as_bytes()).ok()?,
        );
    }
    b.body(body.as_bytes().to_vec()).ok()
}

fn authorization(signed: &str) -> Option<String> {
    signed
        .lines()
        .find_map(|l| l.strip_prefix("Authorization:"))
        .map(str::to_string)
}

/// Cases the suite writes for single-encoded paths (`%20` signed as `%20`),
/// while SigV4 for every service but S3 encodes the path twice; the
/// `aws-sigv4` crate leaves them out of its own run too.
const SINGLE_ENCODING: &[&str] = &["get-space-normalized"];

fn case(dir: &Path) -> Option<Result<(), String>> {
    if SINGLE_ENCODING.iter().any(|n| dir.ends_with(n)) {
        return None;
    }
    let context: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("context.json")).ok()?).ok()?;
    // Only cases with the default settings: normalized paths, body not signed, token signed.
    if context["normalize"] != true
        || context["sign_body"] == true
        || context["omit_session_token"] == true
    {
        return None;
    }
    let mut request = parse_request(&std::fs::read_to_string(dir.join("request.txt")).ok()?)?;
    let want =
        authorization(&std::fs::read_to_string(dir.join("header-signed-request.txt")).ok()?)?;
    let c = &context["credentials"];
    let credentials = Credentials::new(
        c["access_key_id"].as_str()?,
        c["secret_access_key"].as_str()?,
        c["token"].as_str().map(str::to_string),
        None,
        "suite",
    );
    let t = smithy_runtime::DateTime::parse_date_time(context["timestamp"].as_str()?).ok()?;
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(t.secs()).ok()?);
    let signed = aws::sign(
        &mut request,
        &credentials,
        context["region"].as_str()?,
        context["service"].as_str()?,
        time,
    );
    Some(match signed {
        Err(e) => Err(e.to_string()),
        Ok(()) => {
            let got = request
                .headers()
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if got == want {
                Ok(())
            } else {
                Err(format!("Authorization: {got}\ninstead of: {want}"))
            }
        }
    })
}

#[test]
fn signatures_match_aws_signing_test_suite() {
    let Some(suite) = suite() else { return };
    let mut ran = Vec::new();
    let mut failures = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&suite)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        match case(&dir) {
            None => {}
            Some(Ok(())) => ran.push(name),
            Some(Err(why)) => failures.push(format!("{name}: {why}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(ran.len() >= 20, "only {} cases ran: {ran:?}", ran.len());
    assert!(
        ran.iter().any(|n| n == "get-vanilla-with-session-token"),
        "a session token case: {ran:?}"
    );
}

#[test]
fn credentials_come_from_the_environment() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    let c = EnvironmentCredentials::load(env(&[
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "envsecret"),
        ("AWS_SESSION_TOKEN", "envtoken"),
    ]))
    .unwrap();
    assert_eq!(
        (c.access_key_id(), c.secret_access_key(), c.session_token()),
        ("AKIDENV", "envsecret", Some("envtoken"))
    );
    let e = EnvironmentCredentials::load(env(&[("AWS_ACCESS_KEY_ID", "AKIDENV")])).unwrap_err();
    assert!(
        e.to_string().contains("not loaded") || format!("{e:?}").contains("AWS_SECRET_ACCESS_KEY"),
        "{e:?}"
    );
}

#[test]
fn credentials_come_from_profile_files_in_a_temporary_home() {
    let home = std::env::temp_dir().join(format!("smithy-runtime-profile-{}", std::process::id()));
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    std::fs::write(home.join(".aws/credentials"), "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = defaultsecret\n\n[work]\n# a comment\naws_access_key_id=AKIDWORK\naws_secret_access_key=worksecret\naws_session_token=worktoken\n").unwrap();
    std::fs::write(home.join(".aws/config"), "[default]\nregion = us-east-1\n\n[profile other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = othersecret\n").unwrap();
    let h = home.to_string_lossy().into_owned();
    let var = |profile: Option<&'static str>| {
        let h = h.clone();
        move |k: &str| match k {
            "HOME" => Some(h.clone()),
            "AWS_PROFILE" => profile.map(str::to_string),
            _ => None,
        }
    };
    let c = ProfileCredentials::default().load(var(None)).unwrap();
    assert_eq!(
        (c.access_key_id(), c.secret_access_key()),
        ("AKIDDEFAULT", "defaultsecret")
    );
    let c = ProfileCredentials::default()
        .load(var(Some("work")))
        .unwrap();
    assert_eq!(
        (c.access_key_id(), c.session_token()),
        ("AKIDWORK", Some("worktoken"))
    );
    let c = ProfileCredentials::default()
        .load(var(Some("other")))
        .unwrap();
    assert_eq!(
        c.access_key_id(),
        "AKIDOTHER",
        "from the config file's [profile other]"
    );
    let c = ProfileCredentials {
        profile: Some("work".into()),
    }
    .load(var(Some("other")))
    .unwrap();
    assert_eq!(
        c.access_key_id(),
        "AKIDWORK",
        "the profile set in code wins"
    );
    let e = ProfileCredentials::default()
        .load(var(Some("missing")))
        .unwrap_err();
    assert!(format!("{e:?}").contains("missing"), "{e:?}");
    // AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE point elsewhere.
    std::fs::write(
        home.join("creds"),
        "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = filesecret\n",
    )
    .unwrap();
    let file = home.join("creds").to_string_lossy().into_owned();
    let c = ProfileCredentials::default()
        .load(move |k| (k == "AWS_SHARED_CREDENTIALS_FILE").then(|| file.clone()))
        .unwrap();
    assert_eq!(c.access_key_id(), "AKIDFILE");
    std::fs::remove_dir_all(&home).unwrap();
}

#[test]
fn secrets_stay_out_of_debug_and_errors() {
    let c = Credentials::new(
        "AKIDSHOWN",
        "TOPSECRETKEY",
        Some("TOPSECRETTOKEN".into()),
        None,
        "test",
    );
    let shown = format!("{c:?}");
    assert!(!shown.contains("TOPSECRET"), "{shown}");
    struct Never;
    impl smithy_runtime::rest::Transport for Never {
        async fn send(
            &self,
            _: http::Request<Vec<u8>>,
        ) -> Result<http::Response<Vec<u8>>, smithy_runtime::rest::TransportError> {
            Err(smithy_runtime::rest::TransportError::new("unreachable"))
        }
    }
    let t = aws::Signed::new(
        Never,
        "https://connect.us-east-1.amazonaws.com",
        "us-east-1",
        "connect",
        c,
    )
    .unwrap();
    let shown = format!("{t:?}");
    assert!(
        !shown.contains("TOPSECRET") && shown.contains("us-east-1"),
        "{shown}"
    );
    let e = aws::Signed::new(
        Never,
        "not a uri at all",
        "us-east-1",
        "connect",
        Credentials::new("A", "TOPSECRETKEY", None, None, "t"),
    )
    .unwrap_err();
    assert!(!e.to_string().contains("TOPSECRET"), "{e}");
}

#[test]
fn a_server_checks_the_headers_the_signer_signed_and_no_others() {
    let credentials = Credentials::new("AKIDEXAMPLE", "secret", None, None, "test");
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_765_000_000);
    let mut request = http::Request::builder()
        .method("PUT")
        .uri("https://connect.us-east-1.amazonaws.com/contact/chat")
        .header("host", "connect.us-east-1.amazonaws.com")
        .header("content-type", "application/json")
        .body(br#"{"InstanceId":"i"}"#.to_vec())
        .unwrap();
    aws::sign(&mut request, &credentials, "us-east-1", "connect", at).unwrap();
    // As a server sees it: a path-only URI, and headers the client added
    // after signing (botocore adds `amz-sdk-request` and `content-length`).
    let (mut parts, body) = request.into_parts();
    parts.uri = "/contact/chat".parse().unwrap();
    parts
        .headers
        .insert("amz-sdk-request", "attempt=1; max=1".parse().unwrap());
    parts
        .headers
        .insert("content-length", "18".parse().unwrap());
    let request = http::Request::from_parts(parts, body);
    assert!(aws::signature_matches(
        &request,
        &credentials,
        "us-east-1",
        "connect"
    ));
    // A signed header changed, another secret, another service: refused.
    let mut changed = request.clone();
    changed
        .headers_mut()
        .insert("content-type", "text/plain".parse().unwrap());
    assert!(!aws::signature_matches(
        &changed,
        &credentials,
        "us-east-1",
        "connect"
    ));
    let other = Credentials::new("AKIDEXAMPLE", "other", None, None, "test");
    assert!(!aws::signature_matches(
        &request,
        &other,
        "us-east-1",
        "connect"
    ));
    assert!(!aws::signature_matches(
        &request,
        &credentials,
        "us-east-1",
        "execute-api"
    ));
    // A changed body, too.
    let mut body = request.clone();
    body.body_mut().push(b' ');
    assert!(!aws::signature_matches(
        &body,
        &credentials,
        "us-east-1",
        "connect"
    ));
    // Headers that choose the operation or carry a token must be signed:
    // one added after signing is refused, a trace id is not.
    for (name, value, accepted) in [
        ("x-amz-target", "Other.Operation", false),
        ("x-amz-bearer", "someone-elses-token", false),
        ("content-encoding", "gzip", false),
        ("x-amzn-trace-id", "Root=1-0-0", true),
        ("user-agent", "botocore", true),
    ] {
        let mut added = request.clone();
        added.headers_mut().insert(name, value.parse().unwrap());
        assert_eq!(
            aws::signature_matches(&added, &credentials, "us-east-1", "connect"),
            accepted,
            "{name} added after signing"
        );
    }
}
