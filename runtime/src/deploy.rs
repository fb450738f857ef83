//! Loading the programs `cargo lamport build` deployed: `<dir>/<name>.so`,
//! with the program id in `<dir>/<name>-keypair.json`.
//!
//! The directory is [`DEPLOY_DIR_ENV`] when set (`cargo lamport test` sets
//! it), else the nearest `target/deploy` found walking up from
//! `CARGO_MANIFEST_DIR` (set by `cargo test`) or the current directory.
//!
//! ```no_run
//! use lamport_runtime::Runtime;
//!
//! let mut runtime = Runtime::new();
//! let program_id = runtime.add_program_from_deploy_dir("counter").unwrap();
//! # let _ = program_id;
//! ```

use std::path::{Path, PathBuf};

use lamport_sdk::{pubkey::Pubkey, signer::read_keypair_file};

use crate::{error::ProgramLoadError, Runtime};

/// Environment variable naming the deploy directory; `cargo lamport test`
/// sets it for the tests it runs.
pub const DEPLOY_DIR_ENV: &str = "LAMPORT_DEPLOY_DIR";

/// What to run when a program is missing.
const HOW_TO_BUILD: &str = "run `cargo lamport build` (or `cargo lamport test`, which builds before testing)";

/// Why a deployed program could not be added.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    /// No `target/deploy` directory above the starting directory, and
    /// [`DEPLOY_DIR_ENV`] is not set.
    #[error("no target/deploy directory in {start} or above it: {HOW_TO_BUILD}, or set {DEPLOY_DIR_ENV}")]
    NoDeployDir {
        /// Where the search started.
        start: PathBuf,
    },
    /// The program's shared object is not in the deploy directory.
    #[error("program `{name}` is not built: {path} does not exist; {HOW_TO_BUILD}")]
    MissingProgram {
        /// The name asked for.
        name: String,
        /// The shared object looked for.
        path: PathBuf,
    },
    /// The program's keypair file is missing or unreadable.
    #[error("cannot read the program id of `{name}` from {path}: {reason}; {HOW_TO_BUILD}")]
    Keypair {
        /// The name asked for.
        name: String,
        /// The keypair file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// The shared object was found but could not be loaded.
    #[error(transparent)]
    Load(#[from] ProgramLoadError),
}

/// The deploy directory programs are loaded from: [`DEPLOY_DIR_ENV`] when
/// set, else the nearest `target/deploy` at or above `CARGO_MANIFEST_DIR`
/// or the current directory.
pub fn deploy_dir() -> Result<PathBuf, DeployError> {
    if let Some(dir) = std::env::var_os(DEPLOY_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let start = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."));
    find_deploy_dir(&start).ok_or(DeployError::NoDeployDir { start })
}

/// The nearest `target/deploy` directory at or above `start`.
pub fn find_deploy_dir(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|dir| dir.join("target").join("deploy")).find(|dir| dir.is_dir())
}

impl Runtime {
    /// Adds the program `name` from the deploy directory (see
    /// [`deploy_dir`]) under the id in its keypair file, and returns that id.
    ///
    /// `name` is the package or library name (`cpi-callee` and
    /// `cpi_callee` both find `cpi_callee.so`).
    pub fn add_program_from_deploy_dir(&mut self, name: &str) -> Result<Pubkey, DeployError> {
        let dir = deploy_dir()?;
        self.add_program_from_dir(&dir, name)
    }

    /// Adds the program `name` from `dir` (`<dir>/<name>.so`, id from
    /// `<dir>/<name>-keypair.json`), and returns its id.
    pub fn add_program_from_dir(&mut self, dir: &Path, name: &str) -> Result<Pubkey, DeployError> {
        let lib_name = name.replace('-', "_");
        let so = [name, lib_name.as_str()]
            .iter()
            .map(|n| dir.join(format!("{n}.so")))
            .find(|p| p.is_file())
            .ok_or_else(|| DeployError::MissingProgram { name: name.to_string(), path: dir.join(format!("{lib_name}.so")) })?;
        let stem = so.file_stem().and_then(|s| s.to_str()).unwrap_or(name).to_string();
        let keypair_path = dir.join(format!("{stem}-keypair.json"));
        let keypair = read_keypair_file(&keypair_path).map_err(|e| DeployError::Keypair {
            name: name.to_string(),
            path: keypair_path.clone(),
            reason: e.to_string(),
        })?;
        let program_id = keypair.pubkey();
        self.add_program_from_file(program_id, &so)?;
        Ok(program_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lamport_sdk::signer::{write_keypair_file, Keypair};

    #[test]
    fn finds_the_nearest_deploy_dir_upwards() {
        let root = std::env::temp_dir().join(format!("lamport-deploy-{}", std::process::id()));
        let nested = root.join("a").join("b");
        std::fs::create_dir_all(&nested).unwrap();
        assert_eq!(find_deploy_dir(&nested).filter(|d| d.starts_with(&root)), None);
        std::fs::create_dir_all(root.join("a").join("target").join("deploy")).unwrap();
        assert_eq!(find_deploy_dir(&nested), Some(root.join("a").join("target").join("deploy")));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn missing_program_and_keypair_errors_name_the_path_and_the_command() {
        let dir = std::env::temp_dir().join(format!("lamport-deploy-missing-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut runtime = Runtime::new();
        let err = runtime.add_program_from_dir(&dir, "my-prog").unwrap_err();
        assert!(matches!(err, DeployError::MissingProgram { .. }), "{err}");
        let text = err.to_string();
        assert!(text.contains("my_prog.so") && text.contains("cargo lamport build"), "{text}");

        std::fs::write(dir.join("my_prog.so"), b"not an elf").unwrap();
        let err = runtime.add_program_from_dir(&dir, "my-prog").unwrap_err();
        assert!(matches!(err, DeployError::Keypair { .. }), "{err}");
        assert!(err.to_string().contains("my_prog-keypair.json"), "{err}");

        let keypair = Keypair::new();
        write_keypair_file(&keypair, dir.join("my_prog-keypair.json")).unwrap();
        let err = runtime.add_program_from_dir(&dir, "my-prog").unwrap_err();
        assert!(matches!(err, DeployError::Load(ProgramLoadError::Elf { .. })), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
