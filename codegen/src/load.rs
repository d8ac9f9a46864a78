//! Reading a model from files and folders into a [`Model`]: the loader's
//! entry point, and the only stage that reads files and knows every other.
//!
//! ```text
//! load ─┬─→ assemble ─→ idl ─┐
//!       │       └────────────┤
//!       └─→ model ───────────┴─→ ast
//! ```
//!
//! (Every stage also uses [`crate::error`]; `codegen/tests/module_graph.rs`
//! keeps the graph free of cycles.)
//!
//! A single Smithy 2.x JSON AST file without mixins is parsed directly
//! ([`crate::model::load_str`]); anything else (IDL, several files, folders,
//! Smithy 1.0, mixins) is merged by [`crate::assemble`] and the merged AST
//! turned into a model in memory ([`crate::model::from_ast`]).

use std::path::{Path, PathBuf};

use crate::assemble::{self, Assembled};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{self, Model};

/// Reads and parses a model file (Smithy IDL or JSON AST).
pub fn load_file(path: &Path) -> Result<Model> {
    load_files(&[path.to_path_buf()])
}

/// Reads a model from several files and folders, Smithy IDL and JSON AST
/// in any mix (see [`crate::assemble`]). A single JSON AST file without
/// mixins is read directly.
pub fn load_files(paths: &[PathBuf]) -> Result<Model> {
    if let [path] = paths
        && path.extension().is_some_and(|e| e == "json")
    {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::file(path, ErrorKind::Io(e.to_string())))?;
        if !text.contains("\"mixins\"")
            && let Some(model) = model::load_v2_str(path, &text)?
        {
            return Ok(model);
        }
    }
    from_assembled(assemble::assemble(paths)?)
}

/// The model of an assembled one, with the file that defines each shape;
/// errors about a shape name the first file read.
pub fn from_assembled(assembled: Assembled) -> Result<Model> {
    let mut model = model::from_ast(&assembled.first, &assembled.ast)?;
    model.files = assembled.files;
    Ok(model)
}
