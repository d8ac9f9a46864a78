//! Helpers shared by the generator's integration tests.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The pinned Connect model, when it has been fetched. A test that needs it
/// says so when it is absent, and fails instead when `CI` is set.
pub fn connect_model() -> Option<PathBuf> {
    let path = root().join("models/.cache/connect-2017-08-08.json");
    if path.exists() {
        return Some(path);
    }
    let msg = "the Connect model is absent (models/.cache/connect-2017-08-08.json): run `cargo xtask fetch-model`";
    assert!(std::env::var_os("CI").is_none(), "{msg}");
    eprintln!("skipping the Connect part of this test: {msg}");
    None
}
