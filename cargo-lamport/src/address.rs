//! `cargo lamport address`: a program's address (its id), read from the
//! keypair file `cargo lamport build` keeps beside the shared object,
//! `<deploy dir>/<name>-keypair.json`.
//!
//! The keypair is created when there is none yet, exactly as the first
//! build would, so the address can go into the program's `declare_id!`
//! before it is ever built and stays the one the build deploys under. A
//! program that declares its keypair (`[package.metadata.lamport]
//! program-keypair`, as Anchor programs with a committed keypair do) has
//! the address of that file, which the build deploys.

use std::path::{Path, PathBuf};

use lamport_sdk::pubkey::Pubkey;

use crate::build::{self, BuildError};
use crate::shell::Shell;

/// What to look up.
#[derive(Debug, Clone, Default)]
pub struct AddressOptions {
    /// `--manifest-path`.
    pub manifest_path: Option<PathBuf>,
    /// The program (package or library name); `None`: every program of the
    /// workspace.
    pub name: Option<String>,
    /// `--out-dir`: the deploy directory (default: `<target dir>/deploy`).
    pub out_dir: Option<PathBuf>,
}

/// One program's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramAddress {
    /// The program's package name.
    pub package: String,
    /// Its keypair file.
    pub keypair: PathBuf,
    /// Its address.
    pub address: Pubkey,
}

/// Why no address could be printed.
#[derive(Debug, thiserror::Error)]
pub enum AddressError {
    /// The workspace could not be read, or holds no program.
    #[error(transparent)]
    Workspace(#[from] BuildError),
    /// The name is not a program of the workspace.
    #[error("`{name}` is not a program of this workspace; its programs are: {known}")]
    Unknown {
        /// The name given.
        name: String,
        /// The workspace's programs.
        known: String,
    },
    /// The keypair file could not be created or read.
    #[error("cannot read the program keypair {}: {reason}", .path.display())]
    Keypair {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: std::io::Error,
    },
}

/// A program of the workspace: package name, shared object name and the
/// keypair file it declares, if any.
type Program = (String, String, Option<PathBuf>);

/// The programs of the workspace and its deploy directory.
fn workspace_programs(opts: &AddressOptions) -> Result<(Vec<Program>, PathBuf), AddressError> {
    let meta = build::metadata(opts.manifest_path.as_deref())?;
    let mut programs = Vec::new();
    for package in meta.workspace_packages().into_iter().filter(|p| build::is_program(p)) {
        programs.push((package.name.to_string(), build::lib_name(package), build::declared_keypair(package)?));
    }
    let c_programs = crate::c::workspace_programs(&meta).map_err(BuildError::from)?;
    programs.extend(c_programs.into_iter().map(|c| (c.package, c.name, None)));
    if programs.is_empty() {
        return Err(BuildError::NoPrograms(meta.workspace_root.clone().into_std_path_buf()).into());
    }
    let dir = opts.out_dir.clone().unwrap_or_else(|| build::deploy_dir(&meta));
    Ok((programs, dir))
}

/// The address in `<dir>/<name>-keypair.json`, creating the keypair if
/// there is none.
pub fn program_address(dir: &Path, name: &str, shell: &Shell) -> Result<(PathBuf, Pubkey), AddressError> {
    let path = dir.join(format!("{name}-keypair.json"));
    let keypair_error = |reason| AddressError::Keypair { path: path.clone(), reason };
    std::fs::create_dir_all(dir).map_err(keypair_error)?;
    if crate::keypair::ensure(&path).map_err(keypair_error)? {
        shell.status("Created", format!("program keypair {}", path.display()));
    }
    let public = crate::keypair::read_public(&path).map_err(keypair_error)?;
    Ok((path, Pubkey::new_from_array(public)))
}

/// The address in a keypair file a program declares (never created: the
/// program's `declare_id!` names it).
fn declared_address(path: &Path) -> Result<(PathBuf, Pubkey), AddressError> {
    let public = crate::keypair::read_public(path).map_err(|reason| AddressError::Keypair { path: path.to_path_buf(), reason })?;
    Ok((path.to_path_buf(), Pubkey::new_from_array(public)))
}

/// The addresses asked for: the named program's, or every program's.
pub fn addresses(opts: &AddressOptions, shell: &Shell) -> Result<Vec<ProgramAddress>, AddressError> {
    let (programs, dir) = workspace_programs(opts)?;
    let selected: Vec<&Program> = match &opts.name {
        None => programs.iter().collect(),
        Some(name) => {
            let found = programs.iter().find(|(package, lib, _)| package == name || lib == name || *lib == name.replace('-', "_"));
            let known = programs.iter().map(|(p, _, _)| p.as_str()).collect::<Vec<_>>().join(", ");
            vec![found.ok_or_else(|| AddressError::Unknown { name: name.clone(), known })?]
        }
    };
    selected
        .into_iter()
        .map(|(package, lib, declared)| {
            let (keypair, address) = match declared {
                Some(path) => declared_address(path)?,
                None => program_address(&dir, lib, shell)?,
            };
            Ok(ProgramAddress { package: package.clone(), keypair, address })
        })
        .collect()
}

/// The text `cargo lamport address` prints: the bare address for one
/// program (for scripts and `declare_id!`), `<package> <address>` lines for
/// several.
pub fn render(addresses: &[ProgramAddress]) -> String {
    match addresses {
        [one] => format!("{}\n", one.address),
        many => many.iter().map(|a| format!("{} {}\n", a.package, a.address)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_the_keypair_once_and_reads_the_same_address() {
        let dir = tempfile::tempdir().unwrap();
        let deploy = dir.path().join("deploy");
        let shell = Shell::new(crate::shell::Verbosity::Quiet);
        let (path, first) = program_address(&deploy, "vault", &shell).unwrap();
        assert_eq!(path, deploy.join("vault-keypair.json"));
        let (_, again) = program_address(&deploy, "vault", &shell).unwrap();
        assert_eq!(first, again);
        assert_eq!(Pubkey::new_from_array(crate::keypair::read_public(&path).unwrap()), first);
    }

    #[test]
    fn one_address_alone_several_with_their_names() {
        let a = ProgramAddress { package: "a".into(), keypair: "a.json".into(), address: Pubkey::new_from_array([1; 32]) };
        let b = ProgramAddress { package: "b".into(), keypair: "b.json".into(), address: Pubkey::new_from_array([2; 32]) };
        assert_eq!(render(std::slice::from_ref(&a)), format!("{}\n", a.address));
        assert_eq!(render(&[a.clone(), b.clone()]), format!("a {}\nb {}\n", a.address, b.address));
    }
}
