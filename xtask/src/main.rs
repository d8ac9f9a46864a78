//! `cargo xtask`: the maintainer's commands.
//!
//! - `cargo xtask generate` regenerates `generated/connect` from the pinned
//!   model (downloading it into `models/.cache/` when absent).
//! - `cargo xtask generate --check` fails when the committed output is stale.
//! - `cargo xtask generate --model PATH --operations A,B --out DIR` generates
//!   another model, or a subset of operations, anywhere.
//! - `cargo xtask fetch-model` only downloads and verifies the pinned model.

mod pin;
mod write;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Maintainer tasks for the Smithy → Rust generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the crate from the pinned model (or from --model).
    Generate(GenerateArgs),
    /// Download the pinned model into models/.cache/ and verify its sha256.
    FetchModel,
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// A Smithy 2.0 JSON AST file to generate from instead of the pinned model.
    #[arg(long, value_name = "PATH")]
    model: Option<PathBuf>,
    /// Only these operations (comma-separated model names) and the shapes they reach.
    #[arg(long, value_name = "OP[,OP…]", value_delimiter = ',')]
    operations: Vec<String>,
    /// Where to write the crate (default: generated/connect).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The generated package's name (default: the pin's, `connect`).
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// Write nothing; fail if the output on disk differs from what would be generated.
    #[arg(long)]
    check: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(args) => generate(args),
        Command::FetchModel => fetch_model(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate's directory).
fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

fn fetch_model() -> Result<ExitCode, String> {
    let root = workspace_root();
    let pin = pin::Pin::read(&root)?;
    let path = pin.ensure_model(&root)?;
    println!("model ready: {} (sha256 verified)", relative(&root, &path).display());
    Ok(ExitCode::SUCCESS)
}

fn generate(args: GenerateArgs) -> Result<ExitCode, String> {
    let started = Instant::now();
    let root = workspace_root();
    let pin = pin::Pin::read(&root)?;
    let model_path = match &args.model {
        Some(p) => p.clone(),
        None => pin.ensure_model(&root)?,
    };
    let default_out = root.join(&pin.krate.out);
    let out = args.out.clone().unwrap_or_else(|| default_out.clone());
    let standalone = absolute(&out) != absolute(&default_out);
    let runtime = root.join("runtime");
    let runtime_path = if standalone {
        absolute(&runtime).display().to_string()
    } else {
        relative_path(&absolute(&out), &absolute(&runtime))
    };
    // The overrides are reviewed for the pinned model; another model gets none.
    let pattern_overrides = if args.model.is_none() {
        pin::Overrides::read(&root, &pin)?.pattern.into_iter().map(|p| (p.shape, p.reason)).collect()
    } else {
        Default::default()
    };
    let mut command = "cargo xtask generate".to_string();
    if !args.operations.is_empty() {
        command.push_str(&format!(" --operations {}", args.operations.join(",")));
    }
    if let Some(m) = &args.model {
        command.push_str(&format!(
            " --model {}",
            m.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default()
        ));
    }
    let config = codegen::Config {
        crate_name: args.crate_name.clone().unwrap_or_else(|| pin.krate.name.clone()),
        runtime_path,
        standalone,
        command,
        lower: codegen::lower::Options { operations: args.operations.clone(), pattern_overrides },
    };
    let generated = codegen::generate(&model_path, &config).map_err(|e| e.to_string())?;
    let shown_out = relative(&root, &out);
    if args.check {
        let stale = write::check(&out, &generated.files).map_err(|e| e.to_string())?;
        if stale.is_empty() {
            println!(
                "{} is up to date: {} operations, {} types, {} files ({:.2} s)",
                shown_out.display(),
                generated.operations,
                generated.shapes,
                generated.files.len(),
                started.elapsed().as_secs_f64()
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{} is stale; these files differ from what the generator writes:", shown_out.display());
        for s in stale.iter().take(20) {
            eprintln!("  {s}");
        }
        if stale.len() > 20 {
            eprintln!("  … and {} more", stale.len() - 20);
        }
        eprintln!("run `cargo xtask generate` and commit the result");
        return Ok(ExitCode::FAILURE);
    }
    let summary = write::write(&out, &generated.files).map_err(|e| e.to_string())?;
    println!(
        "generated {}: {} operations, {} types, {} files ({} written, {} removed) in {:.2} s",
        shown_out.display(),
        generated.operations,
        generated.shapes,
        generated.files.len(),
        summary.written,
        summary.removed,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf()) };
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `path` shown relative to the workspace root when it lies inside it.
fn relative(root: &Path, path: &Path) -> PathBuf {
    let abs = absolute(path);
    abs.strip_prefix(root).map(Path::to_path_buf).unwrap_or(abs)
}

/// The relative path from directory `from` to `to` (both absolute), `/`-separated.
fn relative_path(from: &Path, to: &Path) -> String {
    let f: Vec<_> = from.components().collect();
    let t: Vec<_> = to.components().collect();
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); f.len() - common];
    parts.extend(t[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}
