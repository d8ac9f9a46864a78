//! `cargo xtask generate` as a maintainer runs it: bad models fail without
//! touching the output, `--check` catches stale output, and the committed
//! `generated/connect` matches the pinned model.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("run xtask")
}

fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target/xtask-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn bad_models_fail_and_leave_the_output_untouched() {
    let cases = [
        ("malformed", None),
        ("not_smithy", None),
        ("unknown_target", Some("fixture.bad#CreateWidgetRequest$Widget")),
        ("name_collision_members", Some("fixture.bad#CreateWidgetRequest$")),
        ("name_collision_shapes", Some("fixture.bad#Foo")),
        ("unsupported_shape", Some("fixture.bad#")),
        ("unsupported_resource", Some("fixture.bad#")),
        ("unsupported_protocol", Some("fixture.bad#BadService")),
        ("unsupported_trait", Some("fixture.bad#CreateWidgetRequest$Payload")),
        ("bad_trait_value", Some("fixture.bad#")),
    ];
    for (name, shape) in cases {
        let out = scratch(&format!("bad-{name}"));
        std::fs::write(out.join("src/lib.rs"), "// previous output\n").unwrap();
        let model = root().join(format!("models/fixtures/bad/{name}.json"));
        let result = xtask(&["generate", "--model", model.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        let stderr = text(&result.stderr);
        assert!(!result.status.success(), "{name}: should fail");
        assert!(stderr.starts_with("error: "), "{name}: {stderr}");
        assert!(stderr.contains(&format!("{name}.json")), "{name}: names the file: {stderr}");
        if let Some(shape) = shape {
            assert!(stderr.contains(&format!("shape `{shape}")), "{name}: names the shape: {stderr}");
        }
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert_eq!(std::fs::read_to_string(out.join("src/lib.rs")).unwrap(), "// previous output\n", "{name}: output untouched");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1, "{name}: nothing else written");
    }
}

#[test]
fn check_detects_stale_output_and_generate_repairs_it() {
    let out = scratch("stale");
    let model = root().join("models/fixtures/enums.json");
    let args = |check: bool| {
        let mut a = vec!["generate", "--model", model.to_str().unwrap(), "--out", out.to_str().unwrap()];
        if check {
            a.push("--check");
        }
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run = |check: bool| {
        let a = args(check);
        xtask(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let first = run(false);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let line = text(&first.stdout);
    assert!(line.contains("1 operations") && line.contains("written, 0 removed"), "summary line: {line}");
    assert!(run(true).status.success(), "fresh output passes --check");

    let lib = out.join("src/lib.rs");
    let original = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, format!("{original}// edited\n")).unwrap();
    std::fs::write(out.join("src/leftover.rs"), "// stale\n").unwrap();
    let checked = run(true);
    let stderr = text(&checked.stderr);
    assert!(!checked.status.success());
    assert!(stderr.contains("changed: src/lib.rs") && stderr.contains("stale:   src/leftover.rs"), "{stderr}");
    assert!(stderr.contains("run `cargo xtask generate`"), "names the command: {stderr}");

    let repaired = run(false);
    assert!(text(&repaired.stdout).contains("(1 written, 1 removed)"), "{}", text(&repaired.stdout));
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), original);
    assert!(!out.join("src/leftover.rs").exists());
    let again = run(false);
    assert!(text(&again.stdout).contains("(0 written, 0 removed)"), "unchanged files are not rewritten");
}

#[test]
fn committed_connect_crate_is_fresh() {
    if !root().join("models/.cache/connect-2017-08-08.json").exists() {
        let msg = "the pinned Connect model is absent (models/.cache/): run `cargo xtask fetch-model`";
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("skipping: {msg}");
        return;
    }
    let result = xtask(&["generate", "--check"]);
    assert!(result.status.success(), "generated/connect is stale:\n{}", text(&result.stderr));
    assert!(text(&result.stdout).contains("370 operations"), "{}", text(&result.stdout));
}
