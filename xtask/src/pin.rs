//! The model pin (`models/connect.toml`): which model the committed crate is
//! generated from, and getting a verified copy of it into `models/.cache/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// The pin file's contents.
#[derive(Deserialize)]
pub struct Pin {
    /// Where the model comes from.
    pub model: ModelPin,
    /// What crate is generated from it.
    #[serde(rename = "crate")]
    pub krate: CratePin,
}

/// The `[model]` table.
#[derive(Deserialize)]
pub struct ModelPin {
    /// Download URL at a pinned commit.
    pub url: String,
    /// Expected sha256 of the file, lower-case hex.
    pub sha256: String,
    /// File name of the cached copy under `models/.cache/`.
    pub file: String,
}

/// The `[crate]` table.
#[derive(Deserialize)]
pub struct CratePin {
    /// Package name of the generated crate.
    pub name: String,
    /// Output directory, relative to the workspace root.
    pub out: PathBuf,
    /// The reviewed overrides file, relative to the workspace root.
    pub overrides: Option<PathBuf>,
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

impl Overrides {
    /// Reads the overrides file named by the pin, if any.
    pub fn read(root: &Path, pin: &Pin) -> Result<Overrides, String> {
        let Some(rel) = &pin.krate.overrides else { return Ok(Overrides::default()) };
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

const PIN: &str = "models/connect.toml";

impl Pin {
    /// Reads the pin file.
    pub fn read(root: &Path) -> Result<Pin, String> {
        let path = root.join(PIN);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{PIN}: cannot read: {e}"))?;
        toml::from_str(&text).map_err(|e| format!("{PIN}: {e}"))
    }

    /// Returns the path of a verified copy of the pinned model, downloading it when absent.
    pub fn ensure_model(&self, root: &Path) -> Result<PathBuf, String> {
        let cache = root.join("models/.cache");
        let path = cache.join(&self.model.file);
        if path.exists() {
            let actual = sha256_file(&path)?;
            if actual != self.model.sha256 {
                return Err(format!(
                    "models/.cache/{} has sha256 {actual}, but {PIN} pins {}.\n\
                     Delete the file to download the pinned model again, or update the pin if the model really changed.",
                    self.model.file, self.model.sha256
                ));
            }
            return Ok(path);
        }
        std::fs::create_dir_all(&cache).map_err(|e| format!("cannot create models/.cache: {e}"))?;
        let partial = cache.join(format!("{}.partial", self.model.file));
        eprintln!("downloading the pinned model from {}", self.model.url);
        let status = Command::new("curl")
            .args(["--fail", "--silent", "--show-error", "--location", "--max-time", "120", "--output"])
            .arg(&partial)
            .arg(&self.model.url)
            .status();
        let hint = format!(
            "Download {} yourself and save it as models/.cache/{} (or pass --model PATH).",
            self.model.url, self.model.file
        );
        match status {
            Ok(s) if s.success() => {}
            Ok(s) => {
                let _ = std::fs::remove_file(&partial);
                return Err(format!("could not download the pinned model (curl exited with {s}).\n{hint}"));
            }
            Err(e) => return Err(format!("could not run curl to download the pinned model: {e}.\n{hint}")),
        }
        let actual = sha256_file(&partial)?;
        if actual != self.model.sha256 {
            let _ = std::fs::remove_file(&partial);
            return Err(format!(
                "the downloaded model has sha256 {actual}, but {PIN} pins {}; nothing was kept.",
                self.model.sha256
            ));
        }
        std::fs::rename(&partial, &path).map_err(|e| format!("cannot move the model into place: {e}"))?;
        Ok(path)
    }
}

fn sha256_file(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let digest = Sha256::digest(&bytes);
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}
