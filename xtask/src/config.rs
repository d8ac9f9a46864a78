//! The configuration under `models/`: one `*.toml` pin per model (where it
//! comes from, its sha256) or per set of files (`[files]`: Smithy's test
//! models, the Connect family), and, for the crates this workspace
//! generates, a `[crate]` table (package name, output folder, overrides
//! file, service). Getting verified copies of pinned files into
//! `models/.cache/` ([`fetch`]): everything that is missing is named in one
//! run.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// One pin file (`models/<name>.toml`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    /// Where a crate's model comes from.
    pub model: Option<ModelPin>,
    /// A set of files pinned together.
    pub files: Option<FileSet>,
    /// The crate generated from it, for pins of a crate this workspace commits.
    #[serde(rename = "crate")]
    pub krate: Option<CratePin>,
    /// The pin file, relative to the workspace root (filled in when read).
    #[serde(skip)]
    pub path: PathBuf,
}

/// The `[model]` table: one file downloaded and verified (`url`, `sha256`,
/// `file`), or files of a set pin (`set`, `paths`).
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
    /// The set pin (file stem under `models/`) whose files make the model.
    pub set: Option<String>,
    /// The model's files and folders, relative to the set's folder.
    #[serde(default)]
    pub paths: Vec<PathBuf>,
}

/// The `[files]` table: files downloaded from one base URL into one folder.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSet {
    /// The URL every file's source path is appended to (a pinned commit).
    pub base: String,
    /// The folder under `models/.cache/`.
    pub dir: PathBuf,
    /// The files.
    pub file: Vec<SetFile>,
}

/// One `[[files.file]]` entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetFile {
    /// Where the file goes, relative to the set's folder.
    pub path: String,
    /// Its path under the base URL, when not `path`.
    pub from: Option<String>,
    /// Expected sha256, lower-case hex.
    pub sha256: String,
}

/// One pinned file: where it comes from, where it goes, what it must hash to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pinned {
    /// Its path relative to the workspace root (`models/.cache/…`).
    pub rel: PathBuf,
    /// Download URL.
    pub url: String,
    /// Expected sha256, lower-case hex.
    pub sha256: String,
    /// The pin file that pins it.
    pub pin: PathBuf,
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
    /// SDK customizations of the service to apply (`glacier`): what AWS's
    /// SDKs add to its requests beyond the model.
    #[serde(default)]
    pub customizations: Vec<String>,
    /// The operation (model name) the crate root's example fakes and calls
    /// (`StartChatContact`); the generator picks one when absent.
    pub headline: Option<String>,
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

/// Every pin under `models/` (`*.toml`, but not `*.overrides.toml`), by
/// file name, each checked for what it must hold.
pub fn pins(root: &Path) -> Result<Vec<Pin>, String> {
    let dir = root.join("models");
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("{}: cannot list: {e}", dir.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: cannot list: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".toml") && !name.ends_with(".overrides.toml") {
            paths.push(PathBuf::from("models").join(name));
        }
    }
    paths.sort();
    let pins: Vec<Pin> = paths
        .into_iter()
        .map(|rel| {
            let text = std::fs::read_to_string(root.join(&rel))
                .map_err(|e| format!("{}: cannot read: {e}", rel.display()))?;
            let mut pin: Pin =
                toml::from_str(&text).map_err(|e| format!("{}: {e}", rel.display()))?;
            pin.path = rel;
            Ok(pin)
        })
        .collect::<Result<_, String>>()?;
    for pin in &pins {
        pin.check(&pins)?;
    }
    Ok(pins)
}

/// The pin `models/<stem>.toml`.
pub fn find<'p>(pins: &'p [Pin], stem: &str) -> Option<&'p Pin> {
    pins.iter()
        .find(|p| p.path.file_stem().is_some_and(|s| s == stem))
}

impl Pin {
    /// A pin holds `[model]` or `[files]`; a model is a download or names a
    /// set pin that exists, with the paths it takes from it.
    fn check(&self, pins: &[Pin]) -> Result<(), String> {
        let at = self.path.display();
        match (&self.model, &self.files) {
            (None, None) => Err(format!("{at}: needs a [model] or a [files] table")),
            (Some(_), Some(_)) => Err(format!(
                "{at}: has both a [model] and a [files] table; pin a set of files in a pin of its own"
            )),
            (None, Some(set)) if set.file.is_empty() => Err(format!("{at}: [files] lists no file")),
            (None, Some(_)) => Ok(()),
            (Some(m), None) => match &m.set {
                Some(set) => match find(pins, set) {
                    Some(p) if p.files.is_some() && !m.paths.is_empty() && m.url.is_empty() => {
                        Ok(())
                    }
                    Some(p) if p.files.is_some() => Err(format!(
                        "{at}: a model from the set `{set}` names its `paths` in the set (and no url)"
                    )),
                    _ => Err(format!(
                        "{at}: `set = \"{set}\"` names no pin with a [files] table (models/{set}.toml)"
                    )),
                },
                None if m.url.is_empty() || m.sha256.is_empty() || m.file.is_empty() => {
                    Err(format!(
                        "{at}: [model] needs `url`, `sha256` and `file` (or `set` and `paths`)"
                    ))
                }
                None => Ok(()),
            },
        }
    }

    /// The files this pin pins itself (none for a model taken from a set).
    pub fn pinned(&self) -> Vec<Pinned> {
        let cache = Path::new("models/.cache");
        if let Some(set) = &self.files {
            return set
                .file
                .iter()
                .map(|f| Pinned {
                    rel: cache.join(&set.dir).join(&f.path),
                    url: format!("{}{}", set.base, f.from.as_deref().unwrap_or(&f.path)),
                    sha256: f.sha256.clone(),
                    pin: self.path.clone(),
                })
                .collect();
        }
        match &self.model {
            Some(m) if m.set.is_none() => vec![Pinned {
                rel: cache.join(&m.file),
                url: m.url.clone(),
                sha256: m.sha256.clone(),
                pin: self.path.clone(),
            }],
            _ => Vec::new(),
        }
    }

    /// Every file generating this pin's crate reads: its model's (its own,
    /// or its set's) and its partition data's.
    pub fn needed(&self, pins: &[Pin]) -> Vec<Pinned> {
        let mut out = self.pinned();
        if let Some(set) = self
            .model
            .as_ref()
            .and_then(|m| m.set.as_deref())
            .and_then(|s| find(pins, s))
        {
            out.extend(set.pinned());
        }
        out.extend(self.partitions(pins));
        out
    }

    /// The files of the partition data this pin's crate embeds.
    pub fn partitions(&self, pins: &[Pin]) -> Vec<Pinned> {
        self.krate
            .as_ref()
            .and_then(|k| k.partitions.as_deref())
            .and_then(|s| find(pins, s))
            .map(Pin::pinned)
            .unwrap_or_default()
    }

    /// The model's files, once fetched: the cached download, or the set's
    /// files and folders that `paths` names.
    pub fn model_paths(&self, root: &Path, pins: &[Pin]) -> Result<Vec<PathBuf>, String> {
        let Some(m) = &self.model else {
            return Err(format!("{}: pins no model", self.path.display()));
        };
        let Some(set) = &m.set else {
            return Ok(vec![root.join("models/.cache").join(&m.file)]);
        };
        let files = find(pins, set)
            .and_then(|p| p.files.as_ref())
            .ok_or_else(|| format!("{}: no set `{set}`", self.path.display()))?;
        let dir = root.join("models/.cache").join(&files.dir);
        for p in &m.paths {
            let named = files.file.iter().any(|f| Path::new(&f.path).starts_with(p));
            if !named {
                return Err(format!(
                    "{}: `{}` is no file or folder of the set models/{set}.toml pins",
                    self.path.display(),
                    p.display()
                ));
            }
        }
        Ok(m.paths.iter().map(|p| dir.join(p)).collect())
    }
}

/// What [`fetch`] found.
pub struct Fetched {
    /// The files, each once, in order.
    pub files: Vec<Pinned>,
    /// Files downloaded in this run.
    pub downloaded: usize,
}

/// Makes sure every file in `files` is in place with its pinned sha256,
/// downloading the absent ones (one `curl` run for all of them). On
/// failure, prints one `missing: <url> -> <path>` line per file still
/// absent, and every file whose contents differ from its pin, then returns
/// the error: nothing is left half-written.
pub fn fetch(root: &Path, files: impl IntoIterator<Item = Pinned>) -> Result<Fetched, String> {
    let files: Vec<Pinned> = files
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut wrong = Vec::new();
    let mut absent = Vec::new();
    for f in &files {
        let path = root.join(&f.rel);
        if !path.exists() {
            absent.push(f);
            continue;
        }
        let actual = sha256_file(&path)?;
        if actual != f.sha256 {
            wrong.push(format!(
                "{} has sha256 {actual}, but {} pins {}: delete it to download the pinned file again, or update the pin if the file really changed",
                f.rel.display(),
                f.pin.display(),
                f.sha256
            ));
        }
    }
    let mut missing = Vec::new();
    let mut downloaded = 0;
    if !absent.is_empty() {
        eprintln!("downloading {} pinned file(s)", absent.len());
        let partial = |f: &Pinned| {
            root.join(format!(
                "{}.partial.{}",
                f.rel.display(),
                std::process::id()
            ))
        };
        let mut curl = Command::new("curl");
        curl.args([
            "--fail",
            "--silent",
            "--show-error",
            "--no-progress-meter",
            "--location",
            "--create-dirs",
            "--parallel",
            "--connect-timeout",
            "10",
            "--max-time",
            "300",
        ]);
        for f in &absent {
            curl.arg("--output").arg(partial(f)).arg(&f.url);
        }
        let note = match curl.output() {
            Ok(out) => String::from_utf8_lossy(&out.stderr)
                .lines()
                .find(|l| l.starts_with("curl:"))
                .map(str::to_string),
            Err(e) => Some(format!("could not run curl: {e}")),
        };
        for f in absent {
            let part = partial(f);
            if !part.exists() {
                missing.push(f);
                continue;
            }
            let actual = sha256_file(&part)?;
            if actual != f.sha256 {
                let _ = std::fs::remove_file(&part);
                wrong.push(format!(
                    "{} downloaded with sha256 {actual}, but {} pins {}; nothing was kept",
                    f.url,
                    f.pin.display(),
                    f.sha256
                ));
                continue;
            }
            let path = root.join(&f.rel);
            std::fs::rename(&part, &path).map_err(|e| {
                format!(
                    "{}: cannot move the download into place: {e}",
                    path.display()
                )
            })?;
            downloaded += 1;
        }
        if let Some(note) = note.filter(|_| !missing.is_empty()) {
            eprintln!("({note})");
        }
    }
    if missing.is_empty() && wrong.is_empty() {
        return Ok(Fetched { files, downloaded });
    }
    for f in &missing {
        eprintln!("missing: {} -> {}", f.url, f.rel.display());
    }
    for w in &wrong {
        eprintln!("wrong: {w}");
    }
    let mut why = Vec::new();
    if !missing.is_empty() {
        why.push(format!("{} pinned file(s) missing (save each URL above at the path after `->`, then run again)", missing.len()));
    }
    if !wrong.is_empty() {
        why.push(format!("{} file(s) differ from their pins", wrong.len()));
    }
    Err(why.join("; "))
}

impl Overrides {
    /// Reads the overrides file named by a crate's pin, if any.
    pub fn read(root: &Path, krate: &CratePin) -> Result<Overrides, String> {
        let Some(rel) = &krate.overrides else {
            return Ok(Overrides::default());
        };
        let text = std::fs::read_to_string(root.join(rel))
            .map_err(|e| format!("{}: cannot read: {e}", rel.display()))?;
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

/// The sha256 of a file, lower-case hex.
pub fn sha256_file(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let digest = Sha256::digest(&bytes);
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}
