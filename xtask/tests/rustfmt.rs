//! rustfmt leaves the generated crates as the generator printed them: each
//! has a `rustfmt.toml` that switches formatting off, which `cargo fmt --all`
//! and an editor formatting one file both read. Without it, rustfmt would
//! rewrite the files and `cargo xtask generate --check` would fail.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `rustfmt --check` on a crate root (it follows the modules); `None` when
/// rustfmt is not installed (a failure under CI).
fn rustfmt_check(lib: &Path) -> Option<bool> {
    match Command::new("rustfmt")
        .args(["--check", "--edition", "2024"])
        .arg(lib)
        .output()
    {
        Ok(out) => Some(out.status.success()),
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "rustfmt is needed under CI: {e}"
            );
            eprintln!("skipped: rustfmt is not installed ({e}); `rustup component add rustfmt`");
            None
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn rustfmt_leaves_every_generated_crate_alone() {
    let generated = root().join("generated");
    let mut crates = 0;
    for entry in std::fs::read_dir(&generated).unwrap() {
        let dir = entry.unwrap().path();
        let config = std::fs::read_to_string(dir.join("rustfmt.toml")).unwrap_or_default();
        assert!(
            config.lines().any(|l| l == "disable_all_formatting = true"),
            "{}: no rustfmt.toml switching rustfmt off",
            dir.display()
        );
        let Some(clean) = rustfmt_check(&dir.join("src/lib.rs")) else {
            return;
        };
        assert!(clean, "rustfmt would rewrite {}", dir.display());
        crates += 1;
    }
    assert!(crates >= 4, "found {crates} generated crates");
}

/// The control: the same files without the configuration are not what
/// rustfmt prints, so the test above passes because of the configuration.
#[test]
fn without_its_rustfmt_toml_a_generated_crate_would_be_rewritten() {
    let scratch = root().join("target/xtask-tests/rustfmt-control");
    let _ = std::fs::remove_dir_all(&scratch);
    copy_dir(&root().join("generated/glacier/src"), &scratch.join("src"));
    let Some(clean) = rustfmt_check(&scratch.join("src/lib.rs")) else {
        return;
    };
    assert!(
        !clean,
        "rustfmt now prints the generated files unchanged; the control proves nothing"
    );
}
