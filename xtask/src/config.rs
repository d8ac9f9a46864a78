//! The configuration under `models/`: one `*.toml` pin per model (where it
//! comes from, its sha256) and, for the crates this workspace generates, a
//! `[crate]` table (package name, output folder, overrides file, service).
//! Getting a verified copy of a pinned model into `models/.cache/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// One pin file (`models/<name>.toml`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    /// Where the model comes from.
    pub model: ModelPin,
    /// The crate generated from it, for pins of a crate this workspace commits.
    #[serde(rename = "crate")]
    pub krate: Option<CratePin>,
    /// The pin file, relative to the workspace root (filled in when read).
    #[serde(skip)]
    pub path: PathBuf,
}

/// The `[model]` table: a file downloaded and verified (`url`, `sha256`,
/// `file`), or model files and folders that sit beside the workspace
/// (`paths`, relative to the workspace root: Smithy's test suites).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelPin {
    /// Download URL at a pinned commit.
    #[serde(default)]
    pub url: String,
    /// Expected sha256 of the file, lower-case hex.
    #[serde(default)]
    pub sha256: String,
    /// File name of the cached copy under `models/.cache/`.
    #[serde(default)]
    pub file: String,
    /// Local model files or folders (instead of a download).
    #[serde(default)]
    pub paths: Vec<PathBuf>,
}

/// The `[crate]` table.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct CratePin {
    /// Package name of the generated crate.
    pub name: String,
    /// Output directory, relative to the workspace root.
    pub out: PathBuf,
    /// The reviewed overrides file, relative to the workspace root.
    pub overrides: Option<PathBuf>,
    /// The service shape ID: another model file of the same service
    /// (`--model`) is generated with this crate's overrides.
    pub service: String,
    /// Operations left out on purpose (by model name), e.g. event-stream
    /// operations the generator does not support yet: no warning for them.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The pin (file stem under `models/`) of AWS's partition data, which
    /// the service's endpoint rules read; the crate embeds it.
    pub partitions: Option<String>,
}

/// The overrides file.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// Pattern checks switched off.
    #[serde(default)]
    pub pattern: Vec<PatternOverride>,
}

/// One `[[pattern]]` entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternOverride {
    /// Shape (or `Shape$Member`) ID whose `@pattern` is not enforced.
    pub shape: String,
    /// Why: shown in the generated docs.
    pub reason: String,
}

/// Every pin under `models/` (`*.toml`, but not `*.overrides.toml`), by file name.
pub fn pins(root: &Path) -> Result<Vec<Pin>, String> {
    let dir = root.join("models");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: cannot list: {e}", dir.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: cannot list: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".toml") && !name.ends_with(".overrides.toml") {
            paths.push(PathBuf::from("models").join(name));
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|rel| {
            let text = std::fs::read_to_string(root.join(&rel)).map_err(|e| format!("{}: cannot read: {e}", rel.display()))?;
            let mut pin: Pin = toml::from_str(&text).map_err(|e| format!("{}: {e}", rel.display()))?;
            pin.path = rel;
            Ok(pin)
        })
        .collect()
}

impl Overrides {
    /// Reads the overrides file named by a crate's pin, if any.
    pub fn read(root: &Path, krate: &CratePin) -> Result<Overrides, String> {
        let Some(rel) = &krate.overrides else { return Ok(Overrides::default()) };
        let text = std::fs::read_to_string(root.join(rel)).map_err(|e| format!("{}: cannot read: {e}", rel.display()))?;
        let o: Overrides = toml::from_str(&text).map_err(|e| format!("{}: {e}", rel.display()))?;
        let mut seen = std::collections::BTreeSet::new();
        for p in &o.pattern {
            if !seen.insert(&p.shape) {
                return Err(format!("{}: `{}` is listed twice", rel.display(), p.shape));
            }
            if p.reason.trim().is_empty() {
                return Err(format!("{}: `{}` needs a reason", rel.display(), p.shape));
            }
        }
        Ok(o)
    }
}

impl Pin {
    /// The model's files: the verified download, or the local paths (an
    /// error names the first one that is absent).
    pub fn model_paths(&self, root: &Path) -> Result<Vec<PathBuf>, String> {
        if self.model.paths.is_empty() {
            return Ok(vec![self.ensure_model(root)?]);
        }
        let paths: Vec<PathBuf> = self.model.paths.iter().map(|p| root.join(p)).collect();
        if let Some(missing) = paths.iter().find(|p| !p.exists()) {
            return Err(format!("{}: the model files it names are absent ({})", self.path.display(), missing.display()));
        }
        Ok(paths)
    }

    /// Whether the model is local files rather than a download.
    pub fn is_local(&self) -> bool {
        !self.model.paths.is_empty()
    }

    /// The cached copy's path (which may not exist yet).
    pub fn cached(&self, root: &Path) -> PathBuf {
        root.join("models/.cache").join(&self.model.file)
    }

    /// Returns the path of a verified copy of the pinned model, downloading it when absent.
    pub fn ensure_model(&self, root: &Path) -> Result<PathBuf, String> {
        let pin = self.path.display();
        let cache = root.join("models/.cache");
        let path = self.cached(root);
        if path.exists() {
            let actual = sha256_file(&path)?;
            if actual != self.model.sha256 {
                return Err(format!(
                    "models/.cache/{} has sha256 {actual}, but {pin} pins {}.\n\
                     Delete the file to download the pinned model again, or update the pin if the model really changed.",
                    self.model.file, self.model.sha256
                ));
            }
            return Ok(path);
        }
        std::fs::create_dir_all(&cache).map_err(|e| format!("{}: cannot create: {e}", cache.display()))?;
        let partial = cache.join(format!("{}.partial.{}", self.model.file, std::process::id()));
        eprintln!("downloading the model pinned by {pin} from {}", self.model.url);
        let status = Command::new("curl")
            .args(["--fail", "--silent", "--show-error", "--location", "--max-time", "120", "--output"])
            .arg(&partial)
            .arg(&self.model.url)
            .status();
        let hint = format!("Download {} yourself and save it as models/.cache/{}.", self.model.url, self.model.file);
        match status {
            Ok(s) if s.success() => {}
            Ok(s) => {
                let _ = std::fs::remove_file(&partial);
                return Err(format!("could not download the model pinned by {pin} (curl exited with {s}).\n{hint}"));
            }
            Err(e) => return Err(format!("could not run curl to download the model pinned by {pin}: {e}.\n{hint}")),
        }
        let actual = sha256_file(&partial)?;
        if actual != self.model.sha256 {
            let _ = std::fs::remove_file(&partial);
            return Err(format!("the downloaded model has sha256 {actual}, but {pin} pins {}; nothing was kept.", self.model.sha256));
        }
        std::fs::rename(&partial, &path).map_err(|e| format!("{}: cannot move the downloaded model into place: {e}", path.display()))?;
        Ok(path)
    }
}

/// The sha256 of a file, lower-case hex.
pub fn sha256_file(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let digest = Sha256::digest(&bytes);
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}
