//! Helpers shared by the generator's integration tests.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The cached copy of the model a pin file (`models/<pin>.toml`) names,
/// when it has been fetched. A test that needs it says so when it is
/// absent, and fails instead when `CI` is set.
#[allow(dead_code)]
pub fn pinned_model(pin: &str) -> Option<PathBuf> {
    let text = std::fs::read_to_string(root().join("models").join(format!("{pin}.toml")))
        .expect("the pin file is readable");
    let table: toml::Table = toml::from_str(&text).expect("the pin file is TOML");
    let file = table["model"]["file"]
        .as_str()
        .expect("the pin names its cached file");
    let path = root().join("models/.cache").join(file);
    if path.exists() {
        return Some(path);
    }
    let msg = format!(
        "the model pinned by models/{pin}.toml is absent ({}): run `cargo xtask fetch-model`",
        path.display()
    );
    assert!(std::env::var_os("CI").is_none(), "{msg}");
    eprintln!("skipping the part of this test that needs it: {msg}");
    None
}

/// The pinned Connect model (the one the committed crate is generated from).
#[allow(dead_code)]
pub fn connect_model() -> Option<PathBuf> {
    pinned_model("connect")
}

/// The configuration the fixture tests generate with.
#[allow(dead_code)]
pub fn fixture_config() -> codegen::Config {
    codegen::Config {
        crate_name: "fixture".into(),
        runtime_path: "../../runtime".into(),
        standalone: false,
        command: "cargo test -p codegen".into(),
        lower: Default::default(),
        partitions: None,
        format_cache: None,
    }
}
