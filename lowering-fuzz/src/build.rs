//! Builds batches twice: as programs with `cargo lamport build` (one cargo
//! workspace, so lamport-sdk is compiled once) and natively with the host
//! rustc (at opt-level 0 with overflow checks: the reference).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::program::{manifest, Batch, NATIVE_MAIN, PROGRAM_LIB};

/// Why a batch could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Reading or writing the build directory failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A tool could not be started.
    #[error("could not run {tool}: {source} (build it with `cargo build -p cargo-lamport`, or name it with CARGO_LAMPORT / RUSTC)")]
    Spawn {
        /// The program that was run.
        tool: String,
        /// The cause.
        source: std::io::Error,
    },
    /// `cargo lamport build` failed: a link-stage error, or rustc's.
    #[error("cargo lamport build failed:\n{stderr}")]
    Program {
        /// Its standard error.
        stderr: String,
    },
    /// The host rustc rejected the generated source (a generator bug).
    #[error("the generated source of {program} does not compile natively:\n{stderr}")]
    Native {
        /// The batch.
        program: String,
        /// rustc's standard error.
        stderr: String,
    },
}

/// One batch, built both ways.
#[derive(Debug)]
pub struct Built {
    /// The program's ELF.
    pub elf: Vec<u8>,
    /// The native driver.
    pub native: PathBuf,
}

/// The directory batches are built in, with the tools that build them.
#[derive(Debug, Clone)]
pub struct Builder {
    dir: PathBuf,
    sdk: PathBuf,
    lockfile: PathBuf,
    cargo_lamport: PathBuf,
    rustc: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io { path: path.to_path_buf(), source }
}

impl Builder {
    /// A builder in `dir` for the repository at `root` (whose `sdk/` and
    /// `Cargo.lock` the programs use). The tools: `$CARGO_LAMPORT`, else
    /// `<root>/target/debug/cargo-lamport`; `$RUSTC`, else `rustc`.
    pub fn new(root: &Path, dir: &Path) -> Self {
        let cargo_lamport = std::env::var_os("CARGO_LAMPORT")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target/debug/cargo-lamport"));
        let rustc = std::env::var_os("RUSTC").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("rustc"));
        Builder { dir: dir.to_path_buf(), sdk: root.join("sdk"), lockfile: root.join("Cargo.lock"), cargo_lamport, rustc }
    }

    /// The build directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes the batches as one workspace and builds each both ways.
    pub fn build(&self, batches: &[Batch]) -> Result<Vec<Built>, BuildError> {
        fs::create_dir_all(&self.dir).map_err(io(&self.dir))?;
        let members: Vec<String> = batches.iter().map(|b| format!("\"{}\"", b.name)).collect();
        let workspace = format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.release]\noverflow-checks = true\n\n[profile.release.package.lamport-sdk]\noverflow-checks = false\n",
            members.join(", ")
        );
        write(&self.dir.join("Cargo.toml"), &workspace)?;
        let lock = self.dir.join("Cargo.lock");
        if !lock.exists() {
            fs::copy(&self.lockfile, &lock).map_err(io(&lock))?;
        }
        let sdk = self.sdk.to_string_lossy().replace('\\', "/");
        for batch in batches {
            let crate_dir = self.dir.join(&batch.name);
            fs::create_dir_all(crate_dir.join("src")).map_err(io(&crate_dir))?;
            write(&crate_dir.join("Cargo.toml"), &manifest(&batch.name, &sdk))?;
            write(&crate_dir.join("src/lib.rs"), PROGRAM_LIB)?;
            write(&crate_dir.join("src/generated.rs"), &batch.module())?;
            write(&crate_dir.join("native.rs"), NATIVE_MAIN)?;
        }
        // Both builds at once: cargo lamport in the background, the
        // native drivers meanwhile.
        let deploy = self.dir.join("deploy");
        let program_build = Command::new(&self.cargo_lamport)
            .args(["lamport", "build", "--quiet", "--no-debug-info", "--manifest-path"])
            .arg(self.dir.join("Cargo.toml"))
            .arg("--out-dir")
            .arg(&deploy)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| BuildError::Spawn { tool: self.cargo_lamport.display().to_string(), source })?;
        let natives: Result<Vec<PathBuf>, BuildError> = batches.iter().map(|b| self.build_native(b)).collect();
        let output = program_build
            .wait_with_output()
            .map_err(|source| BuildError::Spawn { tool: self.cargo_lamport.display().to_string(), source })?;
        if !output.status.success() {
            return Err(BuildError::Program { stderr: String::from_utf8_lossy(&output.stderr).into_owned() });
        }
        let natives = natives?;
        batches
            .iter()
            .zip(natives)
            .map(|(batch, native)| {
                let so = deploy.join(format!("{}.so", batch.name));
                let elf = fs::read(&so).map_err(io(&so))?;
                Ok(Built { elf, native })
            })
            .collect()
    }

    fn build_native(&self, batch: &Batch) -> Result<PathBuf, BuildError> {
        let out_dir = self.dir.join("native");
        fs::create_dir_all(&out_dir).map_err(io(&out_dir))?;
        let exe = out_dir.join(&batch.name);
        let output = Command::new(&self.rustc)
            .args(["--edition", "2021", "-C", "opt-level=0", "-C", "overflow-checks=on", "-C", "debuginfo=0", "-o"])
            .arg(&exe)
            .arg(self.dir.join(&batch.name).join("native.rs"))
            .output()
            .map_err(|source| BuildError::Spawn { tool: self.rustc.display().to_string(), source })?;
        if !output.status.success() {
            return Err(BuildError::Native {
                program: batch.name.clone(),
                stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            });
        }
        Ok(exe)
    }
}

fn write(path: &Path, text: &str) -> Result<(), BuildError> {
    // Unchanged files keep their time stamps, so cargo rebuilds only what changed.
    if fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    fs::write(path, text).map_err(io(path))
}
