//! The program target and its sysroot.
//!
//! The target is rustc's own `bpfel-unknown-none` with `"os": "solana"`, so
//! `cfg(target_os = "solana")` holds in program code and `no_std` crates of
//! the Solana ecosystem take their on-chain paths. The spec is derived from
//! the program rustc at hand (never a copy that could drift from it).
//!
//! Programs are single-threaded, so the spec allows atomics of every width
//! from 8 bits with compare-and-swap (`AtomicBool`, `Arc` and `fetch_add`
//! type-check); the link stage lowers them all to plain loads and stores.
//!
//! `core`, `alloc`, `std`, `panic_abort` and `compiler_builtins` are built
//! once per machine, per rustc, spec and std port ([`crate::sysroot`]), into a
//! sysroot under the cache directory (`$LAMPORT_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/lamport`, else `~/.cache/lamport`); every program build
//! then passes `--sysroot` instead of rebuilding them.

use std::path::PathBuf;
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::sysroot;
use crate::toolchain::Rustc;

/// Name of the target (and of its spec file).
pub const TARGET_NAME: &str = "bpfel-lamport-solana";
/// Bumped when the sysroot's recipe changes, to invalidate old caches.
const SYSROOT_FORMAT: &str = "2";

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
    #[error("building core/alloc/std for the BPF target failed (log: {log}); check that rust-src matches the rustc")]
    Sysroot {
        /// Where cargo's output was saved.
        log: PathBuf,
    },
    /// The std port does not apply to this rust-src.
    #[error(transparent)]
    Port(#[from] crate::sysroot::port::PortError),
    /// I/O in the cache directory.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
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
    object.insert("atomic-cas".into(), true.into());
    object.insert("min-atomic-width".into(), 8.into());
    object.insert("max-atomic-width".into(), 64.into());
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
    hasher.update(sysroot::port::PATCH);
    let key: String = hasher.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect();
    let root = cache_dir().join(format!("sysroot-{key}"));
    let spec_path = root.join(format!("{TARGET_NAME}.json"));
    let lib_dir = root.join("lib/rustlib").join(TARGET_NAME).join("lib");
    let mut built = false;
    if sysroot::find_rlib(&lib_dir, "compiler_builtins").is_none() {
        on_build();
        sysroot::build(rustc, &spec, &root)?;
        built = true;
    }
    let builtins = sysroot::find_rlib(&lib_dir, "compiler_builtins").ok_or_else(|| TargetError::Sysroot { log: root.clone() })?;
    Ok(PreparedTarget { spec: spec_path, sysroot: root, builtins, built })
}
