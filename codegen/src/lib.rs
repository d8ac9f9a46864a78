//! The generator: Smithy 2.0 JSON AST → Rust crate.
//!
//! `load` ([`load`]: [`idl`] and [`assemble`] when needed, then [`model`],
//! over the JSON AST of [`ast`]) → `lower` ([`lower`], producing the
//! [`ir`]) → `emit` ([`emit`], token streams) → `format` ([`mod@format`]:
//! parsed by `syn`, printed by `prettyplease`).
//! [`generate`] runs the whole pipeline and returns the files to write; it
//! does no I/O beyond reading the model (writing is the caller's job).

pub mod api;
pub mod assemble;
pub mod ast;
pub mod docs;
pub mod emit;
pub mod error;
pub mod format;
pub mod idl;
pub mod ir;
pub mod load;
pub mod lower;
pub mod model;
pub mod naming;
pub mod pattern;

use std::path::{Path, PathBuf};

pub use error::{Error, ErrorKind, Result, Warning, WarningKind};
pub use load::{load_file, load_files};

/// Settings for one generated crate.
#[derive(Clone, Debug)]
pub struct Config {
    /// The generated package's name (`connect`).
    pub crate_name: String,
    /// Dependency path from the generated crate to the runtime crate.
    pub runtime_path: String,
    /// Give the generated crate its own `[workspace]` (when it is written outside the project's workspace).
    pub standalone: bool,
    /// The command that regenerates the crate, written into every file header.
    pub command: String,
    /// Lowering options (operation subset).
    pub lower: lower::Options,
    /// AWS's partition data (JSON), for a service with endpoint rules.
    pub partitions: Option<String>,
    /// Files printed by an earlier run, reused where the tokens are the same
    /// (the output does not depend on it).
    pub format_cache: Option<std::sync::Arc<format::Cache>>,
}

/// One output file: a path relative to the crate root, and its contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path, `/`-separated (`src/lib.rs`).
    pub path: PathBuf,
    /// File contents.
    pub contents: String,
}

/// What a generation produced.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The files of the crate.
    pub files: Vec<OutputFile>,
    /// Number of operations generated.
    pub operations: usize,
    /// Number of generated types.
    pub shapes: usize,
    /// The crate's API listing (also written as `API.txt`).
    pub listing: api::Listing,
    /// What lowering noticed without failing (see [`ir::Service::warnings`]).
    pub warnings: Vec<Warning>,
}

/// Loads `model_path` and generates the crate described by `config`.
pub fn generate(model_path: &Path, config: &Config) -> Result<Generated> {
    let model = load::load_file(model_path)?;
    generate_model(&model, config)
}

/// Generates the crate for an already loaded model.
pub fn generate_model(model: &model::Model, config: &Config) -> Result<Generated> {
    let service = lower::lower(model, &config.lower)?;
    generate_service(service, &model.file, config)
}

/// Generates the crate for a lowered service (read from `model_file`).
pub fn generate_service(
    service: ir::Service,
    model_file: &Path,
    config: &Config,
) -> Result<Generated> {
    let files = emit::emit_crate(&service, config).map_err(|e| Error::file(model_file, e))?;
    Ok(Generated {
        files,
        operations: service.operations.len(),
        shapes: service.shapes.len(),
        listing: api::listing(&service),
        warnings: service.warnings,
    })
}
