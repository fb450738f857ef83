//! The program target and its sysroot.
//!
//! The target is rustc's own `bpfel-unknown-none` with `"os": "solana"`, so
//! `cfg(target_os = "solana")` holds in program code and `no_std` crates of
//! the Solana ecosystem take their on-chain paths. The spec is derived from
//! the program rustc at hand (never a copy that could drift from it).
//!
//! `core`, `alloc` and `compiler_builtins` are built once per machine, per
//! rustc and spec, into a sysroot under the cache directory
//! (`$LAMPORT_CACHE_DIR`, else `$XDG_CACHE_HOME/lamport`, else
//! `~/.cache/lamport`); every program build then passes `--sysroot` instead
//! of rebuilding them.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

use crate::toolchain::Rustc;

/// Name of the target (and of its spec file).
pub const TARGET_NAME: &str = "bpfel-lamport-solana";
/// Bumped when the sysroot's recipe changes, to invalidate old caches.
const SYSROOT_FORMAT: &str = "1";

/// An error preparing the target.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    /// rustc would not print the base spec.
    #[error("{rustc} cannot print the `bpfel-unknown-none` target spec: {message}")]
    Spec {
        /// The rustc.
        rustc: PathBuf,
        /// Its error.
        message: String,
    },
    /// Building the sysroot failed.
    #[error("building core/alloc for the BPF target failed (log: {log}); check that rust-src matches the rustc")]
    Sysroot {
        /// Where cargo's output was saved.
        log: PathBuf,
    },
    /// I/O in the cache directory.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> TargetError + '_ {
    move |source| TargetError::Io { path: path.to_path_buf(), source }
}

/// The machine-wide cache directory.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LAMPORT_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(dir).join("lamport");
    }
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    home.join(".cache").join("lamport")
}

/// A prepared target: the spec file and the sysroot holding `core` & co.
#[derive(Debug, Clone)]
pub struct PreparedTarget {
    /// Path of `bpfel-lamport-solana.json`.
    pub spec: PathBuf,
    /// The sysroot to pass with `--sysroot`.
    pub sysroot: PathBuf,
    /// The compiler-builtins rlib in it (C programs link it for soft-float).
    pub builtins: PathBuf,
    /// Whether this call built the sysroot (a cold start).
    pub built: bool,
}

/// Derives the target spec from `rustc`'s `bpfel-unknown-none`.
pub fn spec_json(rustc: &Rustc) -> Result<String, TargetError> {
    let out = Command::new(&rustc.path)
        .args(["-Z", "unstable-options", "--print", "target-spec-json", "--target", "bpfel-unknown-none"])
        .env("RUSTC_BOOTSTRAP", "1")
        .output()
        .map_err(|e| TargetError::Spec { rustc: rustc.path.clone(), message: e.to_string() })?;
    if !out.status.success() {
        return Err(TargetError::Spec {
            rustc: rustc.path.clone(),
            message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    let mut spec: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| TargetError::Spec { rustc: rustc.path.clone(), message: e.to_string() })?;
    let object = spec.as_object_mut().ok_or_else(|| TargetError::Spec {
        rustc: rustc.path.clone(),
        message: "the spec is not a JSON object".into(),
    })?;
    object.insert("os".into(), "solana".into());
    object.remove("metadata");
    Ok(serde_json::to_string_pretty(&spec).expect("JSON value serializes"))
}

/// Writes the spec and builds the sysroot if this machine has not yet.
pub fn prepare(rustc: &Rustc, on_build: impl FnOnce()) -> Result<PreparedTarget, TargetError> {
    let spec = spec_json(rustc)?;
    let mut hasher = Sha256::new();
    hasher.update(SYSROOT_FORMAT);
    hasher.update(&rustc.verbose_version);
    hasher.update(rustc.path.to_string_lossy().as_bytes());
    hasher.update(&spec);
    let key: String = hasher.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect();
    let root = cache_dir().join(format!("sysroot-{key}"));
    let spec_path = root.join(format!("{TARGET_NAME}.json"));
    let lib_dir = root.join("lib/rustlib").join(TARGET_NAME).join("lib");
    let mut built = false;
    if find_rlib(&lib_dir, "compiler_builtins").is_none() {
        on_build();
        build_sysroot(rustc, &spec, &root)?;
        built = true;
    }
    let builtins = find_rlib(&lib_dir, "compiler_builtins").ok_or_else(|| TargetError::Sysroot { log: root.clone() })?;
    Ok(PreparedTarget { spec: spec_path, sysroot: root, builtins, built })
}

fn find_rlib(dir: &Path, krate: &str) -> Option<PathBuf> {
    let prefix = format!("lib{krate}-");
    std::fs::read_dir(dir).ok()?.flatten().map(|e| e.path()).find(|p| {
        p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".rlib"))
    })
}

/// Builds `core`, `alloc` and `compiler_builtins` with `-Zbuild-std` in a
/// scratch project, then moves the rlibs into place atomically.
fn build_sysroot(rustc: &Rustc, spec: &str, root: &Path) -> Result<(), TargetError> {
    let cache = root.parent().expect("sysroot under the cache dir");
    std::fs::create_dir_all(cache).map_err(io(cache))?;
    let scratch = tempfile::Builder::new().prefix("sysroot-build-").tempdir_in(cache).map_err(io(cache))?;
    let dir = scratch.path();
    let spec_path = dir.join(format!("{TARGET_NAME}.json"));
    std::fs::write(&spec_path, spec).map_err(io(&spec_path))?;
    std::fs::create_dir_all(dir.join("src")).map_err(io(dir))?;
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"lamport-sysroot\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[lib]\npath = \"src/lib.rs\"\n\n[profile.release]\nopt-level = 3\ndebug = 0\npanic = \"abort\"\n\n[workspace]\n",
    )
    .map_err(io(dir))?;
    std::fs::write(dir.join("src/lib.rs"), "#![no_std]\n").map_err(io(dir))?;
    let log_path = cache.join("sysroot-build.log");
    let log = std::fs::File::create(&log_path).map_err(io(&log_path))?;
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["build", "--release", "--target"])
        .arg(&spec_path)
        .args(["-Zbuild-std=core,alloc", "-Zjson-target-spec"])
        .current_dir(dir)
        .env("RUSTC", &rustc.path)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .stdout(Stdio::null())
        .stderr(log)
        .status()
        .map_err(io(dir))?;
    if !status.success() {
        return Err(TargetError::Sysroot { log: log_path });
    }
    let deps = dir.join("target").join(TARGET_NAME).join("release/deps");
    let staged = dir.join("sysroot");
    let lib_dir = staged.join("lib/rustlib").join(TARGET_NAME).join("lib");
    std::fs::create_dir_all(&lib_dir).map_err(io(&lib_dir))?;
    for entry in std::fs::read_dir(&deps).map_err(io(&deps))?.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".rlib") && !name.starts_with("liblamport_sysroot") {
            std::fs::copy(&path, lib_dir.join(name)).map_err(io(&path))?;
        }
    }
    std::fs::write(staged.join(format!("{TARGET_NAME}.json")), spec).map_err(io(&staged))?;
    if root.exists() {
        std::fs::remove_dir_all(root).map_err(io(root))?;
    }
    std::fs::rename(&staged, root).map_err(io(root))?;
    Ok(())
}
