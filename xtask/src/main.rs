//! `cargo xtask`: the maintainer's commands.
//!
//! - `cargo xtask generate` regenerates every crate configured under
//!   `models/` (`[crate]` in a pin file) from its pinned model, downloading
//!   the model into `models/.cache/` when absent, and prints what changed in
//!   the API (breaking changes first).
//! - `cargo xtask generate --check` fails when the committed output is stale;
//!   `--strict` fails on any warning (a pattern that cannot be enforced).
//! - `cargo xtask generate --model PATH --out DIR` generates another model
//!   file (with the overrides of the configured crate of the same service);
//!   `--operations A,B --out DIR` a crate with only some operations. Neither
//!   ever writes the committed crate: `--out` is required.
//! - `cargo xtask diff OLD NEW` prints the API change report of two model files.
//! - `cargo xtask ast FILES…` prints IDL and JSON AST files as one JSON AST.
//! - `cargo xtask fetch-model` downloads and verifies every pinned model.
//! - `cargo xtask doc-check` reads the docs `cargo doc` rendered for every
//!   configured crate and fails on links left as text and over-wide examples.

mod config;
mod doccheck;
mod output;

// Generation allocates and frees millions of small token trees: mimalloc
// takes a quarter off the time of the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use config::{CratePin, Overrides, Pin};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Maintainer tasks for the Smithy → Rust generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the configured crates from their pinned models (or one model file into --out).
    Generate(GenerateArgs),
    /// Print the API change report between two model files (writes nothing).
    Diff(DiffArgs),
    /// Print the model in FILES (Smithy IDL and JSON AST files or folders, in any mix) as one Smithy JSON AST.
    Ast {
        /// Model files or folders.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Check the docs `cargo doc` rendered for every configured crate: no
    /// unresolved link left as text, no example line over 100 characters.
    DocCheck {
        /// Where `cargo doc` wrote (default: target/doc).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Download every pinned model into models/.cache/ and verify its sha256.
    FetchModel {
        /// Only the model of this configured crate.
        #[arg(long = "crate", value_name = "NAME")]
        krate: Option<String>,
    },
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// Only this configured crate (its pin in models/*.toml).
    #[arg(long = "crate", value_name = "NAME")]
    krate: Option<String>,
    /// Generate this model instead of a pinned one (needs --out): Smithy IDL or
    /// JSON AST files or folders; repeat for several.
    #[arg(long, value_name = "PATH")]
    model: Vec<PathBuf>,
    /// The service to generate, when the model defines several (its shape ID).
    #[arg(long, value_name = "SHAPE_ID")]
    service: Option<String>,
    /// Only these operations (comma-separated model names) and the shapes they reach (needs --out).
    #[arg(long, value_name = "OP[,OP…]", value_delimiter = ',')]
    operations: Vec<String>,
    /// Where to write the crate (required with --model or --operations).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The package name of a crate generated from a model no pin configures.
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// Write nothing; fail if the output on disk differs from what would be generated.
    #[arg(long)]
    check: bool,
    /// Fail on any warning (patterns that cannot be enforced exactly, unused overrides).
    #[arg(long)]
    strict: bool,
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The model before the change.
    old: PathBuf,
    /// The model after the change.
    new: PathBuf,
    /// Use this configured crate's overrides (default: the crate whose service the models define).
    #[arg(long = "crate", value_name = "NAME")]
    krate: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(args) => generate(args),
        Command::Diff(args) => diff(args),
        Command::FetchModel { krate } => fetch_models(krate.as_deref()),
        Command::DocCheck { dir } => doc_check(dir),
        Command::Ast { files } => codegen::assemble::assemble(&files)
            .map(|a| {
                print!("{}", a.to_json());
                ExitCode::SUCCESS
            })
            .map_err(|e| e.to_string()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate's directory), or
/// `XTASK_WORKSPACE_ROOT` (the CLI tests point it at a scratch workspace with
/// pins of their own).
fn workspace_root() -> PathBuf {
    if let Some(root) = std::env::var_os("XTASK_WORKSPACE_ROOT") {
        return absolute(Path::new(&root));
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

fn doc_check(dir: Option<PathBuf>) -> Result<ExitCode, String> {
    let root = workspace_root();
    let pins = config::pins(&root)?;
    let libs: Vec<String> = configured(&pins, None)?
        .iter()
        .map(|(_, c)| c.name.replace('-', "_"))
        .collect();
    let found = doccheck::check(&dir.unwrap_or_else(|| root.join("target/doc")), &libs)?;
    Ok(if found == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn fetch_models(krate: Option<&str>) -> Result<ExitCode, String> {
    let root = workspace_root();
    let pins = config::pins(&root)?;
    let chosen: Vec<&Pin> = match krate {
        None => pins.iter().collect(),
        Some(_) => configured(&pins, krate)?
            .into_iter()
            .map(|(p, _)| p)
            .collect(),
    };
    let fetched = config::fetch(&root, chosen.iter().flat_map(|p| p.needed(&pins)))?;
    let files = &fetched.files;
    let mut by_pin: std::collections::BTreeMap<&Path, usize> = std::collections::BTreeMap::new();
    for f in files {
        *by_pin.entry(&f.pin).or_default() += 1;
    }
    for (pin, n) in by_pin {
        let what = match files.iter().find(|f| f.pin == pin) {
            Some(f) if n == 1 => f.rel.display().to_string(),
            _ => format!("{n} files"),
        };
        println!(
            "ready: {what} (sha256 verified, pinned by {})",
            pin.display()
        );
    }
    println!(
        "{} pinned file(s) ready, {} downloaded",
        files.len(),
        fetched.downloaded
    );
    Ok(ExitCode::SUCCESS)
}

/// The configured crates (pins with a `[crate]` table), or the one named.
fn configured<'p>(
    pins: &'p [Pin],
    name: Option<&str>,
) -> Result<Vec<(&'p Pin, &'p CratePin)>, String> {
    let all: Vec<(&Pin, &CratePin)> = pins
        .iter()
        .filter_map(|p| p.krate.as_ref().map(|c| (p, c)))
        .collect();
    match name {
        None => Ok(all),
        Some(n) => match all.into_iter().find(|(_, c)| c.name == n) {
            Some(one) => Ok(vec![one]),
            None => Err(format!(
                "no pin under models/ configures a crate named `{n}`"
            )),
        },
    }
}

/// The service shapes a model defines.
fn services(model: &codegen::model::Model) -> Vec<String> {
    model
        .shapes
        .values()
        .filter(|s| s.ty == codegen::model::ShapeType::Service)
        .map(|s| s.id.to_string())
        .collect()
}

/// The configured crate a model file belongs to: the one named, else the
/// one whose `service` the model defines.
fn crate_for<'p>(
    pins: &'p [Pin],
    name: Option<&str>,
    service: Option<&str>,
    model: &codegen::model::Model,
) -> Result<Option<(&'p Pin, &'p CratePin)>, String> {
    if name.is_some() {
        return Ok(configured(pins, name)?.into_iter().next());
    }
    let defined = services(model);
    Ok(pins
        .iter()
        .filter_map(|p| p.krate.as_ref().map(|c| (p, c)))
        // With `--service`, only that service's crate (a model may define several).
        .find(|(_, c)| defined.contains(&c.service) && service.is_none_or(|s| s == c.service)))
}

/// One generation to run.
struct Job {
    model_paths: Vec<PathBuf>,
    out: PathBuf,
    krate: Option<CratePin>,
    crate_name: String,
    /// Generating from the pin: unused overrides are errors, not warnings.
    pinned: bool,
}

fn generate(args: GenerateArgs) -> Result<ExitCode, String> {
    let root = workspace_root();
    let pins = config::pins(&root)?;
    let adhoc = !args.model.is_empty() || !args.operations.is_empty();
    let mut jobs = Vec::new();
    if adhoc {
        let out = args.out.clone().ok_or(
            "--model and --operations write a crate that is not the committed one: say where with --out DIR \
             (the committed crates are regenerated from their pins by `cargo xtask generate`)",
        )?;
        let (model_paths, krate) = match args.model.as_slice() {
            [_, ..] => {
                let model = codegen::load_files(&args.model).map_err(|e| e.to_string())?;
                let found = crate_for(
                    &pins,
                    args.krate.as_deref(),
                    args.service.as_deref(),
                    &model,
                )?;
                // The configured crate's partition data, if it has some.
                if let Some((pin, _)) = found {
                    config::fetch(&root, pin.partitions(&pins))?;
                }
                (args.model.clone(), found.map(|(_, c)| c))
            }
            [] => {
                let (pin, krate) = configured(&pins, args.krate.as_deref())?
                    .into_iter()
                    .next()
                    .ok_or("no pin under models/ configures a crate to take operations from")?;
                config::fetch(&root, pin.needed(&pins))?;
                (pin.model_paths(&root, &pins)?, Some(krate))
            }
        };
        let crate_name = match (&args.crate_name, krate) {
            (Some(n), _) => n.clone(),
            (None, Some(k)) => k.name.clone(),
            (None, None) => model_paths[0].file_stem().map_or("generated".into(), |s| {
                s.to_string_lossy().replace(['.', ' '], "-")
            }),
        };
        jobs.push(Job {
            model_paths,
            out,
            krate: krate.cloned(),
            crate_name,
            pinned: false,
        });
    } else {
        let chosen = configured(&pins, args.krate.as_deref())?;
        if chosen.is_empty() {
            return Err("no pin under models/ has a [crate] table: nothing to generate".into());
        }
        if args.out.is_some() && chosen.len() > 1 {
            return Err(
                "--out with several configured crates: choose one with --crate NAME".into(),
            );
        }
        // Every file the chosen crates read, fetched (or all the missing ones named) first.
        config::fetch(&root, chosen.iter().flat_map(|(pin, _)| pin.needed(&pins)))?;
        for (pin, krate) in chosen {
            let model_paths = pin.model_paths(&root, &pins)?;
            let out = args.out.clone().unwrap_or_else(|| root.join(&krate.out));
            jobs.push(Job {
                model_paths,
                out,
                krate: Some(krate.clone()),
                crate_name: krate.name.clone(),
                pinned: args.out.is_none(),
            });
        }
    }
    let mut failed = false;
    for job in jobs {
        failed |= !run_job(&root, &args, job)?;
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Runs one generation; `Ok(false)` when `--check` found stale output.
fn run_job(root: &Path, args: &GenerateArgs, job: Job) -> Result<bool, String> {
    let started = Instant::now();
    let out_abs = absolute(&job.out);
    let committed = job.krate.as_ref().map(|k| absolute(&root.join(&k.out)));
    let standalone = committed.as_ref() != Some(&out_abs);
    let runtime = root.join("runtime");
    let runtime_path = if standalone {
        absolute(&runtime).display().to_string()
    } else {
        relative_path(&out_abs, &absolute(&runtime))
    };
    let overrides = match &job.krate {
        Some(k) => Overrides::read(root, k)?
            .pattern
            .into_iter()
            .map(|p| (p.shape, p.reason))
            .collect(),
        None => Default::default(),
    };
    let mut command = "cargo xtask generate".to_string();
    if !args.operations.is_empty() {
        command.push_str(&format!(" --operations {}", args.operations.join(",")));
    }
    for m in &args.model {
        command.push_str(&format!(
            " --model {}",
            m.file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
    }
    if let Some(s) = &args.service {
        command.push_str(&format!(" --service {s}"));
    }
    let customizations = match &job.krate {
        None => Vec::new(),
        Some(k) => k
            .customizations
            .iter()
            .map(|name| {
                codegen::ir::Customization::from_name(name).ok_or_else(|| {
                    format!(
                        "the `{}` crate's pin: unknown customization `{name}` (known: glacier)",
                        k.name
                    )
                })
            })
            .collect::<Result<Vec<_>, String>>()?,
    };
    let mut config = codegen::Config {
        crate_name: job.crate_name.clone(),
        runtime_path,
        standalone,
        command,
        lower: codegen::lower::Options {
            operations: args.operations.clone(),
            pattern_overrides: overrides,
            service: args
                .service
                .clone()
                .or_else(|| job.krate.as_ref().map(|k| k.service.clone())),
            exclude: job
                .krate
                .as_ref()
                .map(|k| k.exclude.clone())
                .unwrap_or_default(),
            customizations,
            headline: job.krate.as_ref().and_then(|k| k.headline.clone()),
        },
        partitions: match job.krate.as_ref().and_then(|k| k.partitions.as_ref()) {
            None => None,
            Some(name) => Some(read_partitions(root, name)?),
        },
        format_cache: None,
    };
    let timings = std::env::var_os("XTASK_TIMINGS").is_some();
    let lap = |what: &str| {
        if timings {
            eprintln!(
                "{what:>10}: {:6.1} ms",
                started.elapsed().as_secs_f64() * 1e3
            );
        }
    };
    let model = codegen::load_files(&job.model_paths).map_err(|e| e.to_string())?;
    lap("loaded");
    let shown_out = relative(root, &job.out);
    // A model the generator refuses fails here, before the output is touched.
    let service = codegen::lower::lower(&model, &config.lower).map_err(|e| e.to_string())?;
    let fatal = fatal_warnings(&service, args.strict, job.pinned);
    if !fatal.is_empty() {
        let why = if args.strict {
            "--strict turns warnings into errors"
        } else {
            "the overrides file has entries the pinned model does not use"
        };
        return Err(format!(
            "{} problem(s) ({why}); nothing was written:\n  {}",
            fatal.len(),
            fatal.join("\n  ")
        ));
    }
    lap("lowered");
    let out = output::Output::open(&job.out, &root.join("target/xtask-locks"))?;
    let cache = FormatCache::open(&out.cache_file(&root.join("target/xtask-cache")));
    config.format_cache = Some(cache.files.clone());
    let generated =
        codegen::generate_service(service, &model.file, &config).map_err(|e| e.to_string())?;
    cache.save();
    lap("emitted");

    for w in &generated.warnings {
        eprintln!("warning: {w}");
    }
    // What changed in the API since the last generation.
    if let Some(old) = out.read("API.txt")? {
        match codegen::api::Listing::parse(&old) {
            Ok(old) => {
                let changes = codegen::api::diff(&old, &generated.listing);
                if !changes.is_empty() {
                    print!("{}", codegen::api::report_text(&changes));
                }
            }
            Err(e) => eprintln!(
                "warning: {}: the previous API listing is unreadable ({e}); no change report",
                shown_out.join("API.txt").display()
            ),
        }
    }
    if args.check {
        let stale = out.check(&generated.files)?;
        if stale.is_empty() {
            println!(
                "{} is up to date: {} operations, {} types, {} files ({:.2} s)",
                shown_out.display(),
                generated.operations,
                generated.shapes,
                generated.files.len(),
                started.elapsed().as_secs_f64()
            );
            return Ok(true);
        }
        eprintln!(
            "{} is stale; these files differ from what the generator writes:",
            shown_out.display()
        );
        for s in stale.iter().take(20) {
            eprintln!("  {s}");
        }
        if stale.len() > 20 {
            eprintln!("  … and {} more", stale.len() - 20);
        }
        eprintln!("run `cargo xtask generate` and commit the result");
        return Ok(false);
    }
    let summary = out.write(&generated.files)?;
    lap("written");
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
    Ok(true)
}

/// The warnings that stop generation: all of them with `--strict`; for the
/// pinned model, overrides entries that no generated pattern uses.
/// The printed files of the previous generation into the same folder (see
/// `codegen::format::Cache`), kept under `target/` for the next run. Only
/// time depends on it: a cache that cannot be read or written is ignored.
struct FormatCache {
    path: std::path::PathBuf,
    /// This build of the generator (size and time of the executable): a
    /// cache written by another build is not read.
    stamp: Option<String>,
    files: std::sync::Arc<codegen::format::Cache>,
}

impl FormatCache {
    fn open(path: &Path) -> FormatCache {
        let stamp = std::env::current_exe()
            .and_then(std::fs::metadata)
            .ok()
            .and_then(|m| {
                let modified = m
                    .modified()
                    .ok()?
                    .duration_since(std::time::UNIX_EPOCH)
                    .ok()?;
                Some(format!("{} {}", m.len(), modified.as_nanos()))
            });
        let files = match (&stamp, std::fs::read(path)) {
            (Some(stamp), Ok(bytes)) => codegen::format::Cache::from_bytes(&bytes, stamp),
            _ => codegen::format::Cache::default(),
        };
        FormatCache {
            path: path.to_path_buf(),
            stamp,
            files: std::sync::Arc::new(files),
        }
    }

    fn save(&self) {
        let Some(stamp) = &self.stamp else { return };
        let Some(dir) = self.path.parent() else {
            return;
        };
        let tmp = self.path.with_extension("format.tmp");
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&tmp, self.files.to_bytes(stamp)))
            .and_then(|()| std::fs::rename(&tmp, &self.path));
        if let Err(e) = written {
            eprintln!(
                "warning: {}: cannot save the format cache ({e}); the next run prints every file",
                self.path.display()
            );
        }
    }
}

fn fatal_warnings(service: &codegen::ir::Service, strict: bool, pinned: bool) -> Vec<String> {
    service
        .warnings
        .iter()
        .filter(|w| strict || (pinned && w.kind == codegen::WarningKind::UnusedOverride))
        .map(ToString::to_string)
        .collect()
}

/// The partition data pinned by `models/<name>.toml` (fetched before).
fn read_partitions(root: &Path, name: &str) -> Result<String, String> {
    let pins = config::pins(root)?;
    let pin = config::find(&pins, name).ok_or_else(|| {
        format!("models/{name}.toml: no such pin (named by a crate's `partitions`)")
    })?;
    let path = pin
        .model_paths(root, &pins)?
        .into_iter()
        .next()
        .ok_or_else(|| format!("{}: pins no file", pin.path.display()))?;
    std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (run `cargo xtask fetch-model`)", path.display()))
}

fn diff(args: DiffArgs) -> Result<ExitCode, String> {
    let root = workspace_root();
    let pins = config::pins(&root)?;
    let (old, new) = std::thread::scope(|s| {
        let old = s.spawn(|| codegen::load_file(&args.old));
        let new = codegen::load_file(&args.new);
        (
            old.join()
                .map_err(|_| "loading the old model failed".to_string()),
            new,
        )
    });
    let old = old?.map_err(|e| e.to_string())?;
    let new = new.map_err(|e| e.to_string())?;
    let krate = crate_for(&pins, args.krate.as_deref(), None, &new)?.map(|(_, c)| c);
    let overrides: std::collections::BTreeMap<String, String> = match krate {
        Some(k) => Overrides::read(&root, k)?
            .pattern
            .into_iter()
            .map(|p| (p.shape, p.reason))
            .collect(),
        None => Default::default(),
    };
    let options = codegen::lower::Options {
        operations: Vec::new(),
        pattern_overrides: overrides,
        service: None,
        exclude: Vec::new(),
        customizations: Vec::new(),
        headline: None,
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| codegen::lower::lower(&old, &options));
        let b = codegen::lower::lower(&new, &options);
        (
            a.join()
                .map_err(|_| "lowering the old model failed".to_string()),
            b,
        )
    });
    let a = a?.map_err(|e| e.to_string())?;
    let b = b.map_err(|e| e.to_string())?;
    let changes = codegen::api::diff(&codegen::api::listing(&a), &codegen::api::listing(&b));
    if changes.is_empty() {
        println!("no API changes");
    } else {
        print!("{}", codegen::api::report_text(&changes));
    }
    Ok(ExitCode::SUCCESS)
}

/// An absolute, normalised path (without touching the file system).
fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
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
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}
