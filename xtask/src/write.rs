//! Writing (or checking) a generated crate on disk: only changed files are
//! written, files the generator no longer produces are removed, and build
//! products (`target/`, `Cargo.lock`) and hidden files are left alone.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use codegen::OutputFile;

/// What a write did.
pub struct Summary {
    /// Files created or changed.
    pub written: usize,
    /// Stale files removed.
    pub removed: usize,
}

/// Files under `dir` that the generator owns (relative, `/`-separated).
fn existing(dir: &Path) -> io::Result<BTreeSet<PathBuf>> {
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(dir.join(&rel))? {
            let entry = entry?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || (rel.as_os_str().is_empty() && (name == "target" || name == "Cargo.lock")) {
                continue;
            }
            let child = rel.join(&*name);
            if entry.file_type()?.is_dir() {
                stack.push(child);
            } else {
                out.insert(child);
            }
        }
    }
    Ok(out)
}

/// The files whose contents on disk differ from `files`, plus stale ones.
pub fn check(dir: &Path, files: &[OutputFile]) -> io::Result<Vec<String>> {
    let mut stale = Vec::new();
    let mut wanted = BTreeSet::new();
    for f in files {
        wanted.insert(f.path.clone());
        match std::fs::read_to_string(dir.join(&f.path)) {
            Ok(text) if text == f.contents => {}
            Ok(_) => stale.push(format!("changed: {}", f.path.display())),
            Err(_) => stale.push(format!("missing: {}", f.path.display())),
        }
    }
    for extra in existing(dir)?.difference(&wanted) {
        stale.push(format!("stale:   {}", extra.display()));
    }
    Ok(stale)
}

/// Writes `files` into `dir`, touching only what changed.
pub fn write(dir: &Path, files: &[OutputFile]) -> io::Result<Summary> {
    let mut written = 0;
    let mut wanted = BTreeSet::new();
    for f in files {
        wanted.insert(f.path.clone());
        let path = dir.join(&f.path);
        if std::fs::read_to_string(&path).is_ok_and(|t| t == f.contents) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // Write beside, then rename: a reader never sees half a file.
        let tmp = path.with_extension("rs.partial");
        std::fs::write(&tmp, &f.contents)?;
        std::fs::rename(&tmp, &path)?;
        written += 1;
    }
    let mut removed = 0;
    for extra in existing(dir)?.difference(&wanted) {
        std::fs::remove_file(dir.join(extra))?;
        removed += 1;
        // Remove directories left empty.
        let mut parent = dir.join(extra);
        while parent.pop() && parent != dir {
            if std::fs::remove_dir(&parent).is_err() {
                break;
            }
        }
    }
    Ok(Summary { written, removed })
}
