//! The port of `std` to `target_os = "solana"`, applied to a copy of the
//! program rustc's `library/`.
//!
//! The port is one unified diff, [`PATCH`] (`std-port/solana.patch`),
//! organised the way a new platform is added upstream: `solana` arms in
//! std's platform selections (`sys/pal`, `sys/alloc`, `sys/io/error`,
//! `sys/random`, `sys/thread_local`), the platform's own modules
//! (`sys/pal/solana/{mod,panic,syscalls}.rs`, `sys/alloc/solana.rs`,
//! `sys/random/solana.rs`), `solana` as a known OS in std's build script,
//! `RandomState` with fixed keys and the panic handler handing panics to the
//! program's `custom_panic`. It is written against one std version; it
//! applies exactly (no fuzz) or not at all.

use std::path::{Path, PathBuf};

/// The port, as a unified diff relative to `library/`.
pub const PATCH: &str = include_str!("std-port/solana.patch");

/// rustc versions whose rust-src the port is written against.
pub const SUPPORTED_RUSTC: &[&str] = &["1.96.0"];

/// An error applying the port.
#[derive(Debug, thiserror::Error)]
pub enum PortError {
    /// The patch itself is malformed (a defect of this build of cargo-lamport).
    #[error("the std port's patch is malformed at `{file}`: {message}")]
    Malformed {
        /// The file section.
        file: String,
        /// What the parser said.
        message: String,
    },
    /// The rust-src does not match the port.
    #[error("the std port does not apply to {file} of {rustc} ({message}); it supports the rust-src of rustc {supported}: use Debian's rustc-web 1.96 (`make deps`) or set LAMPORT_RUSTC to such a rustc", supported = SUPPORTED_RUSTC.join(", "))]
    Mismatch {
        /// The file that did not match.
        file: String,
        /// The rustc whose rust-src it is.
        rustc: String,
        /// Which hunk failed.
        message: String,
    },
    /// I/O in the copy.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// One file's change: its path under `library/` and its unified diff.
#[derive(Debug)]
pub struct FilePatch<'a> {
    /// Path relative to `library/` (`std/src/sys/pal/mod.rs`).
    pub path: &'a str,
    /// Whether the file is new.
    pub new_file: bool,
    /// The `---`/`+++`/hunks text of this file.
    pub diff: &'a str,
}

/// Splits a `git diff` into its files.
pub fn files(patch: &str) -> Result<Vec<FilePatch<'_>>, PortError> {
    let mut out = Vec::new();
    let mut starts: Vec<usize> = patch.match_indices("diff --git ").map(|(i, _)| i).filter(|&i| i == 0 || patch.as_bytes()[i - 1] == b'\n').collect();
    starts.push(patch.len());
    for window in starts.windows(2) {
        let section = &patch[window[0]..window[1]];
        let malformed = |message: &str| PortError::Malformed {
            file: section.lines().next().unwrap_or("").to_string(),
            message: message.to_string(),
        };
        let diff_start = section.find("\n--- ").ok_or_else(|| malformed("no `---` line"))? + 1;
        let diff = &section[diff_start..];
        let plus = diff.lines().nth(1).and_then(|l| l.strip_prefix("+++ b/")).ok_or_else(|| malformed("no `+++ b/` line"))?;
        let new_file = diff.starts_with("--- /dev/null");
        out.push(FilePatch { path: plus.trim_end(), new_file, diff });
    }
    Ok(out)
}

/// The top-level directories of `library/` the port changes (the builder
/// copies these and links the rest).
pub fn touched_dirs() -> Vec<String> {
    let mut dirs: Vec<String> = files(PATCH)
        .unwrap_or_default()
        .iter()
        .filter_map(|f| f.path.split('/').next().map(str::to_string))
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

/// Applies the port to the copy of `library/` at `library`.
pub fn apply(library: &Path, rustc_version: &str) -> Result<(), PortError> {
    for file in files(PATCH)? {
        let path = library.join(file.path);
        let io = |source| PortError::Io { path: path.clone(), source };
        let patch = diffy::Patch::from_str(file.diff)
            .map_err(|e| PortError::Malformed { file: file.path.to_string(), message: e.to_string() })?;
        let base = if file.new_file {
            if path.exists() {
                return Err(PortError::Mismatch {
                    file: file.path.to_string(),
                    rustc: rustc_version.to_string(),
                    message: "the file the port adds exists already".into(),
                });
            }
            String::new()
        } else {
            std::fs::read_to_string(&path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => PortError::Mismatch {
                    file: file.path.to_string(),
                    rustc: rustc_version.to_string(),
                    message: "no such file".into(),
                },
                _ => io(e),
            })?
        };
        let patched = diffy::apply(&base, &patch).map_err(|e| PortError::Mismatch {
            file: file.path.to_string(),
            rustc: rustc_version.to_string(),
            message: e.to_string(),
        })?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        // Replace rather than write through: the copy may share the file
        // with rust-src.
        let _ = std::fs::remove_file(&path);
        std::fs::write(&path, patched).map_err(io)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_patch_parses_into_files_under_std() {
        let files = files(PATCH).unwrap();
        assert!(files.len() >= 10, "{files:?}");
        for f in &files {
            assert!(f.path.starts_with("std/"), "{}", f.path);
            diffy::Patch::from_str(f.diff).unwrap();
        }
        assert!(files.iter().any(|f| f.new_file && f.path == "std/src/sys/pal/solana/mod.rs"));
        assert_eq!(touched_dirs(), ["std"]);
    }

    #[test]
    fn a_mismatched_source_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let build = dir.path().join("std/build.rs");
        std::fs::create_dir_all(build.parent().unwrap()).unwrap();
        std::fs::write(&build, "fn main() {}\n").unwrap();
        let err = apply(dir.path(), "rustc 1.80.0").unwrap_err().to_string();
        assert!(err.contains("std/build.rs") && err.contains("rustc 1.80.0"), "{err}");
        assert!(err.contains("1.96.0") && err.contains("LAMPORT_RUSTC"), "{err}");
    }
}
