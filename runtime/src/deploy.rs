//! Loading the programs `cargo lamport build` deployed: `<dir>/<name>.so`,
//! with the program id in `<dir>/<name>-keypair.json`.
//!
//! The directory is [`DEPLOY_DIR_ENV`] when set (`cargo lamport test` sets
//! it), else the nearest `target/deploy` found walking up from
//! `CARGO_MANIFEST_DIR` (set by `cargo test`) or the current directory.
//!
//! # A program older than its sources is refused
//!
//! `cargo lamport build` records, beside each `<name>.so`, the directories
//! of the program's sources in `<name>.so.sources` ([`record_sources`]): the
//! crate's own and those of its path dependencies (the SDK, a crate it
//! shares code with). When a program is loaded, the `Cargo.toml`,
//! `build.rs`, `src/**` and `include/**` of each are compared with the
//! shared object: if one was modified after the program was built, the test would run an old program, so
//! loading fails with [`DeployError::Stale`], naming the file and the
//! command that rebuilds (`cargo lamport test` builds before testing; a
//! plain `cargo test` or an editor's test button does not). Setting
//! [`ALLOW_STALE_ENV`] turns the error into a warning on stderr. A shared
//! object without a record (built by other tools) is not checked.
//!
//! ```no_run
//! use lamport_runtime::Runtime;
//!
//! let mut runtime = Runtime::new();
//! let program_id = runtime.add_program_from_deploy_dir("counter").unwrap();
//! # let _ = program_id;
//! ```

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use lamport_sdk::{pubkey::Pubkey, signer::read_keypair_file};

use crate::{error::ProgramLoadError, Runtime};

/// Environment variable naming the deploy directory; `cargo lamport test`
/// sets it for the tests it runs.
pub const DEPLOY_DIR_ENV: &str = "LAMPORT_DEPLOY_DIR";

/// Environment variable that, when set to anything but `0` or empty, lets a
/// program older than its sources load, with a warning on stderr.
pub const ALLOW_STALE_ENV: &str = "LAMPORT_ALLOW_STALE";

/// Suffix of the file beside `<name>.so` naming its source directory.
pub const SOURCES_SUFFIX: &str = ".sources";

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
    /// A source file of the program was modified after it was built.
    #[error("program `{name}` is older than its sources: {} was modified after {} was built; run `cargo lamport build` (or test with `cargo lamport test`, which builds first), or set {ALLOW_STALE_ENV}=1 to load it anyway", .source_file.display(), .so.display())]
    Stale {
        /// The name asked for.
        name: String,
        /// The shared object.
        so: PathBuf,
        /// The newest source file, modified after the shared object.
        source_file: PathBuf,
    },
    /// The shared object was found but could not be loaded.
    #[error(transparent)]
    Load(#[from] ProgramLoadError),
}

/// The record beside a shared object: `<dir>/<name>.so.sources`.
pub fn sources_record(so: &Path) -> PathBuf {
    let mut name = so.file_name().unwrap_or_default().to_os_string();
    name.push(SOURCES_SUFFIX);
    so.with_file_name(name)
}

/// Records that the shared object `so` was built from the sources in
/// `dirs` (a crate's manifest directory and those of its path
/// dependencies, or a C program's directory), one absolute path a line.
/// `cargo lamport build` calls it after deploying.
pub fn record_sources(so: &Path, dirs: &[&Path]) -> std::io::Result<()> {
    let mut text = String::new();
    for dir in dirs {
        let dir = std::path::absolute(dir)?;
        let line = dir.to_str().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "a source directory is not UTF-8"))?;
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(sources_record(so), text)
}

/// The newest file among a program's sources (`Cargo.toml`, `build.rs`,
/// `src/**`, `include/**` of `dir`) and its modification time.
pub fn newest_source(dir: &Path) -> Option<(PathBuf, SystemTime)> {
    fn visit(path: &Path, newest: &mut Option<(PathBuf, SystemTime)>) {
        let Ok(meta) = std::fs::metadata(path) else { return };
        if meta.is_dir() {
            let Ok(entries) = std::fs::read_dir(path) else { return };
            for entry in entries.flatten() {
                if !entry.file_name().to_string_lossy().starts_with('.') {
                    visit(&entry.path(), newest);
                }
            }
        } else if let Ok(modified) = meta.modified() {
            if newest.as_ref().is_none_or(|(_, t)| modified > *t) {
                *newest = Some((path.to_path_buf(), modified));
            }
        }
    }
    let mut newest = None;
    for part in ["Cargo.toml", "build.rs", "src", "include"] {
        visit(&dir.join(part), &mut newest);
    }
    newest
}

/// The newest source file modified after `so` was built, if any (`None`
/// too when `so` has no [`record_sources`] record).
pub fn stale_source(so: &Path) -> Option<PathBuf> {
    let record = std::fs::read_to_string(sources_record(so)).ok()?;
    let built = std::fs::metadata(so).and_then(|m| m.modified()).ok()?;
    record
        .lines()
        .filter(|line| !line.is_empty())
        .filter_map(|dir| newest_source(Path::new(dir)))
        .filter(|(_, modified)| *modified > built)
        .max_by_key(|(_, modified)| *modified)
        .map(|(file, _)| file)
}

fn allow_stale() -> bool {
    std::env::var_os(ALLOW_STALE_ENV).is_some_and(|v| !v.is_empty() && v != "0")
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
        if let Some(source_file) = stale_source(&so) {
            let stale = DeployError::Stale { name: name.to_string(), so: so.clone(), source_file };
            if !allow_stale() {
                return Err(stale);
            }
            eprintln!("warning: {stale}");
        }
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

    /// Sets a file's modification time `seconds` from now.
    fn touch(path: &Path, seconds: i64) {
        let now = SystemTime::now();
        let offset = std::time::Duration::from_secs(seconds.unsigned_abs());
        let at = if seconds >= 0 { now.checked_add(offset) } else { now.checked_sub(offset) }.unwrap();
        std::fs::File::options().write(true).open(path).unwrap().set_modified(at).unwrap();
    }

    #[test]
    fn a_program_older_than_its_sources_is_refused_by_name() {
        let root = std::env::temp_dir().join(format!("lamport-deploy-stale-{}", std::process::id()));
        let package = root.join("vault");
        std::fs::create_dir_all(package.join("src/nested")).unwrap();
        std::fs::write(package.join("Cargo.toml"), "[package]").unwrap();
        std::fs::write(package.join("src/lib.rs"), "").unwrap();
        std::fs::write(package.join("src/nested/state.rs"), "").unwrap();
        let deploy = root.join("deploy");
        std::fs::create_dir_all(&deploy).unwrap();
        let so = deploy.join("vault.so");
        std::fs::write(&so, b"not an elf").unwrap();
        write_keypair_file(&Keypair::new(), deploy.join("vault-keypair.json")).unwrap();
        for file in ["Cargo.toml", "src/lib.rs", "src/nested/state.rs"] {
            touch(&package.join(file), -100);
        }
        touch(&so, -10);

        // No record: not checked (the loader then rejects the bytes).
        let mut runtime = Runtime::new();
        assert!(matches!(runtime.add_program_from_dir(&deploy, "vault"), Err(DeployError::Load(_))));
        let shared = root.join("shared");
        std::fs::create_dir_all(shared.join("src")).unwrap();
        std::fs::write(shared.join("src/lib.rs"), "").unwrap();
        touch(&shared.join("src/lib.rs"), -100);
        record_sources(&so, &[&package, &shared]).unwrap();
        touch(&so, -10);
        assert_eq!(stale_source(&so), None);
        assert!(matches!(runtime.add_program_from_dir(&deploy, "vault"), Err(DeployError::Load(_))));

        // A nested source edited after the build.
        touch(&package.join("src/nested/state.rs"), -8);
        assert_eq!(stale_source(&so), Some(package.join("src/nested/state.rs")));
        let err = runtime.add_program_from_dir(&deploy, "vault").unwrap_err();
        assert!(matches!(err, DeployError::Stale { .. }), "{err}");
        let text = err.to_string();
        assert!(text.contains("`vault` is older than its sources") && text.contains("state.rs") && text.contains("cargo lamport build"), "{text}");

        // Rebuilt: fresh again; then a path dependency changes.
        touch(&so, -6);
        assert_eq!(stale_source(&so), None);
        touch(&shared.join("src/lib.rs"), -4);
        assert_eq!(stale_source(&so), Some(shared.join("src/lib.rs")));
        touch(&so, 0);
        assert_eq!(stale_source(&so), None);
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
