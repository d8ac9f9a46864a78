//! How the committed generated crates are printed: rustfmt leaves them as
//! the generator printed them (each has a `rustfmt.toml` that switches
//! formatting off, which `cargo fmt --all` and an editor formatting one file
//! both read; without it, rustfmt would rewrite the files and `cargo xtask
//! generate --check` would fail), and no line of code is wider than 100
//! columns (comments and string literals aside: nothing can break them).

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

/// A line without its comment and with each string or char literal
/// emptied: what a printer could have broken.
fn code_only(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => break,
            '"' => {
                // A string literal (raw strings are not emitted).
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                out.push_str("\"\"");
            }
            '\'' => {
                // A char literal (`'x'`, `'\n'`), else a lifetime.
                let rest: String = chars.clone().take(12).collect();
                let close = if let Some(escaped) = rest.strip_prefix('\\') {
                    escaped.find('\'').map(|i| i + 1)
                } else {
                    rest.char_indices()
                        .nth(1)
                        .filter(|(_, c)| *c == '\'')
                        .map(|(i, _)| i)
                };
                match close {
                    Some(i) => {
                        for _ in 0..=rest[..i].chars().count() {
                            chars.next();
                        }
                        out.push_str("''");
                    }
                    None => out.push('\''),
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_code_measures_what_a_printer_could_break() {
    assert_eq!(
        code_only(r#"    let a = "x // y \" z"; // note"#),
        "    let a = \"\"; "
    );
    assert_eq!(
        code_only("fn f<'a>(c: char) -> bool { c == '\"' || c == '\\n' }"),
        "fn f<'a>(c: char) -> bool { c == '' || c == '' }"
    );
}

#[test]
fn no_generated_line_of_code_is_wider_than_100_columns_and_docs_are_line_comments() {
    let mut files = Vec::new();
    rust_files(&root().join("generated"), &mut files);
    assert!(files.len() > 2000, "found {} files", files.len());
    let mut wide = Vec::new();
    for file in &files {
        for (n, line) in std::fs::read_to_string(file).unwrap().lines().enumerate() {
            // A doc attribute of several lines prints as a block comment.
            let trimmed = line.trim_start();
            assert!(
                !trimmed.starts_with("/**") && !trimmed.starts_with("/*!"),
                "{}:{}: a block doc comment",
                file.display(),
                n + 1
            );
            if line.chars().count() > 100 && code_only(line).trim_end().chars().count() > 100 {
                wide.push(format!(
                    "{}:{}: {line}",
                    file.strip_prefix(root()).unwrap().display(),
                    n + 1
                ));
            }
        }
    }
    assert!(
        wide.is_empty(),
        "{} lines wider than 100 columns:\n{}",
        wide.len(),
        wide[..wide.len().min(20)].join("\n")
    );
}
