//! The generated code for every fixture model, and the StartChatContact-only
//! subset of the Connect model, compiles without warnings and passes its
//! doctests. The crates are written into one scratch workspace under
//! `target/` so their dependencies build once, and it resolves with the
//! repository's `Cargo.lock` (`bench/use-workspace-lock.sh`): a registry
//! release cannot change what this test builds.

use std::path::Path;
use std::process::Command;

use codegen::Config;

mod common;
use common::{connect_model, root};

fn write_crate(dir: &Path, model: &Path, name: &str, operations: &[&str]) {
    let config = Config {
        crate_name: name.replace('_', "-"),
        runtime_path: root().join("runtime").display().to_string(),
        standalone: false,
        command: "cargo test -p codegen --test compile".into(),
        lower: codegen::lower::Options {
            operations: operations.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        },
        partitions: None,
        format_cache: None,
    };
    let generated = codegen::generate(model, &config).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(dir);
    for f in generated.files {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, f.contents).unwrap();
    }
}

#[test]
fn generated_fixture_crates_compile_without_warnings() {
    let scratch = root().join("target/fixture-crates");
    let fixtures = root().join("models/fixtures");
    let mut members = Vec::new();
    // The fixtures, and the model pairs in their subfolders (changes/, stable/).
    let mut models = Vec::new();
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && path.file_name().is_some_and(|n| n != "bad") {
            for inner in std::fs::read_dir(&path).unwrap() {
                let inner = inner.unwrap().path();
                let name = format!(
                    "{}_{}",
                    path.file_name().unwrap().to_string_lossy(),
                    inner.file_stem().unwrap().to_string_lossy()
                );
                models.push((name, inner));
            }
        } else if path.extension().is_some_and(|e| e == "json") {
            models.push((
                path.file_stem().unwrap().to_string_lossy().into_owned(),
                path,
            ));
        }
    }
    for (stem, path) in models {
        let name = format!("fixture_{stem}");
        write_crate(&scratch.join(&name), &path, &name, &[]);
        // Behaviour tests of a fixture's crate (`tests/fixture-tests/<stem>.rs`) run in it.
        let behaviour = root().join(format!("codegen/tests/fixture-tests/{stem}.rs"));
        if behaviour.exists() {
            let tests = scratch.join(&name).join("tests");
            std::fs::create_dir_all(&tests).unwrap();
            std::fs::copy(&behaviour, tests.join(format!("{stem}.rs"))).unwrap();
        }
        members.push(name);
    }
    if let Some(model) = connect_model() {
        write_crate(
            &scratch.join("connect_start_chat"),
            &model,
            "connect_start_chat",
            &["StartChatContact"],
        );
        members.push("connect_start_chat".into());
    }
    members.sort();
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let locked = Command::new("bash")
        .arg(root().join("bench/use-workspace-lock.sh"))
        .arg(&scratch)
        .env("CARGO", &cargo)
        .output()
        .expect("run bash");
    assert!(
        locked.status.success(),
        "the scratch workspace cannot use the workspace's Cargo.lock:\n{}",
        String::from_utf8_lossy(&locked.stderr)
    );
    let output = Command::new(&cargo)
        .args([
            "test",
            "--workspace",
            "--all-features",
            "--quiet",
            "--locked",
        ])
        .current_dir(&scratch)
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "generated crates failed to build or test:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
