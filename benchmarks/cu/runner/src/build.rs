//! Building the two benchmark programs with `cargo lamport build`.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

/// Environment variable naming the `cargo-lamport` binary to build with
/// (default: `target/debug/cargo-lamport` of the repository).
pub const CARGO_LAMPORT_ENV: &str = "CARGO_LAMPORT";

/// Why the programs could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// No `cargo-lamport` binary where it was looked for.
    NoCargoLamport(PathBuf),
    /// `cargo lamport build` could not be started.
    Spawn(PathBuf, std::io::Error),
    /// `cargo lamport build` failed; its standard error.
    Failed(String),
    /// A built program could not be read.
    Read(PathBuf, std::io::Error),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoCargoLamport(path) => write!(
                f,
                "no cargo-lamport at {} (run `cargo build -p cargo-lamport` in the repository, or set {CARGO_LAMPORT_ENV})",
                path.display()
            ),
            Self::Spawn(path, err) => write!(f, "cannot run {}: {err}", path.display()),
            Self::Failed(stderr) => write!(f, "cargo lamport build failed:\n{stderr}"),
            Self::Read(path, err) => write!(f, "cannot read {}: {err}", path.display()),
        }
    }
}

impl std::error::Error for BuildError {}

/// The benchmark programs, as built ELF bytes.
#[derive(Debug, Clone)]
pub struct Programs {
    /// `cu_sdk.so`: the program written with lamport-sdk.
    pub sdk: Vec<u8>,
    /// `cu_pinocchio.so`: the program written with Pinocchio.
    pub pinocchio: Vec<u8>,
    /// `cu_ops.so`: the operations program.
    pub ops: Vec<u8>,
}

/// `benchmarks/cu`, the benchmark's workspace.
pub fn workspace_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("runner/ is inside the workspace").to_path_buf()
}

/// The `cargo-lamport` binary: `$CARGO_LAMPORT`, else the repository's
/// `target/debug/cargo-lamport`.
pub fn cargo_lamport() -> Result<PathBuf, BuildError> {
    let path = match std::env::var_os(CARGO_LAMPORT_ENV) {
        Some(path) => PathBuf::from(path),
        None => workspace_dir().join("../../target/debug/cargo-lamport"),
    };
    if path.is_file() {
        Ok(path)
    } else {
        Err(BuildError::NoCargoLamport(path))
    }
}

/// Builds the programs with `cargo lamport build` into
/// `benchmarks/cu/target/deploy` and reads them.
pub fn build_programs() -> Result<Programs, BuildError> {
    let tool = cargo_lamport()?;
    let workspace = workspace_dir();
    let out_dir = workspace.join("target/deploy");
    let output = Command::new(&tool)
        .arg("lamport")
        .arg("build")
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(workspace.join("Cargo.toml"))
        .arg("--out-dir")
        .arg(&out_dir)
        .env("NO_COLOR", "1")
        .output()
        .map_err(|err| BuildError::Spawn(tool.clone(), err))?;
    if !output.status.success() {
        return Err(BuildError::Failed(String::from_utf8_lossy(&output.stderr).into_owned()));
    }
    let read = |name: &str| {
        let path = out_dir.join(name);
        std::fs::read(&path).map_err(|err| BuildError::Read(path, err))
    };
    Ok(Programs { sdk: read("cu_sdk.so")?, pinocchio: read("cu_pinocchio.so")?, ops: read("cu_ops.so")? })
}
