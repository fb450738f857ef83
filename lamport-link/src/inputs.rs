//! What rustc (or the C driver) hands the link stage: bitcode objects and
//! archives of them.
//!
//! rustc's `obj-is-bitcode` targets put LLVM bitcode into `.o` files and
//! rlibs (ar archives that also hold `lib.rmeta`). rustc also passes a tiny
//! ELF `symbols.o` that only keeps symbols alive for a native linker; whole-
//! program linking makes it redundant, so non-bitcode objects are skipped.
//! Textual IR (`.ll`) is accepted too, for tests and hand-written routines.
//! The compiler-builtins archive is kept apart: its members are linked only
//! when a lowering needs one of their routines.

use std::path::{Path, PathBuf};

use object::read::archive::ArchiveFile;

use crate::LinkError;
use crate::llvm;

/// One module to link (bitcode, or textual IR), with a name for messages.
#[derive(Debug, Clone)]
pub struct BitcodeUnit {
    /// `file` or `archive(member)`.
    pub name: String,
    /// The bitcode.
    pub bytes: Vec<u8>,
}

/// The classified inputs.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Linked eagerly: the program and its dependencies.
    pub program: Vec<BitcodeUnit>,
    /// Linked on demand: compiler-builtins members.
    pub builtins: Vec<BitcodeUnit>,
}

/// True for the compiler-builtins rlib (`libcompiler_builtins-<hash>.rlib`).
pub fn is_builtins_archive(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("libcompiler_builtins"))
}

/// Reads and classifies `paths`.
pub fn collect(paths: &[PathBuf], builtins_archives: &[PathBuf]) -> Result<Inputs, LinkError> {
    let mut inputs = Inputs::default();
    for path in paths.iter().chain(builtins_archives) {
        let bytes = std::fs::read(path).map_err(|source| LinkError::Read { path: path.clone(), source })?;
        let builtins = is_builtins_archive(path) || builtins_archives.contains(path);
        let display = path.display().to_string();
        if llvm::is_bitcode(&bytes) || path.extension().is_some_and(|e| e == "ll") {
            inputs.program.push(BitcodeUnit { name: display, bytes });
        } else if bytes.starts_with(b"!<arch>\n") {
            let units = archive_members(path, &bytes)?;
            if builtins {
                inputs.builtins.extend(units);
            } else {
                inputs.program.extend(units);
            }
        } else if bytes.starts_with(b"\x7fELF") {
            // rustc's symbols.o: nothing to link.
        } else {
            return Err(LinkError::UnknownInput(path.clone()));
        }
    }
    Ok(inputs)
}

fn archive_members(path: &Path, bytes: &[u8]) -> Result<Vec<BitcodeUnit>, LinkError> {
    let bad = |e: object::Error| LinkError::Archive { path: path.to_path_buf(), message: e.to_string() };
    let archive = ArchiveFile::parse(bytes).map_err(bad)?;
    let mut units = Vec::new();
    for member in archive.members() {
        let member = member.map_err(bad)?;
        let data = member.data(bytes).map_err(bad)?;
        if !llvm::is_bitcode(data) {
            continue;
        }
        let name = String::from_utf8_lossy(member.name()).into_owned();
        units.push(BitcodeUnit { name: format!("{}({name})", path.display()), bytes: data.to_vec() });
    }
    Ok(units)
}
