//! C programs: the front end of `cargo lamport build` for C.
//!
//! A C program is a directory with `src/*.c` and, optionally, `include/`;
//! its name is the directory's with `-` turned into `_` (`hello-c` →
//! `hello_c.so`). Each source is compiled by clang (of the LLVM major
//! cargo-lamport links) into bitcode, then the link stage
//! ([`lamport_link::link`]) links, lowers and writes the program exactly as
//! for Rust, with compiler-builtins for soft-float:
//!
//! ```text
//! clang-22 --target=bpfel -mcpu=v2 -ffreestanding -std=c11 -Wall -O2
//!          -I <dir>/include -I <sdk> -emit-llvm -c src/x.c  → x.bc ┐
//!                                                   … one per source ┤
//!                           link stage (+ compiler-builtins) → <name>.so
//! ```
//!
//! `-ffreestanding` makes clang use its own `stdint.h`, `stddef.h` and
//! `stdbool.h` (not glibc's) and marks every function `no-builtins`, so the
//! optimizer never invents `memcpy`/`memset` calls from loops. The builtins
//! a program writes itself (`__builtin_memcpy`, struct copies) become LLVM
//! memory intrinsics, which the link stage turns into inline code or the
//! `sol_mem*_` syscalls; a plain call of `memcpy`/`memset`/`memcmp` links
//! the link stage's syscall-backed definitions.
//!
//! The SDK headers are compiled into cargo-lamport (the source of truth is
//! `sdk/c/` in the repository): `lamport.h`, and `solana_sdk.h`, which
//! includes it and adds the spellings only Solana's C SDK uses, so a program
//! written for Solana (`#include <solana_sdk.h>`) builds unchanged. They are
//! written once per content into the machine-wide cache directory
//! ([`crate::target::cache_dir`]), so an installed `cargo-lamport` needs no
//! source checkout, and clang's diagnostics point at a file that stays put.
//!
//! In a workspace, the C programs `cargo lamport build` builds along with
//! the Rust ones are listed in the root manifest, relative to it:
//!
//! ```toml
//! [workspace.metadata.lamport]
//! c-programs = ["examples/hello-c", "examples/counter-c"]
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

use cargo_metadata::Metadata;
use sha2::{Digest, Sha256};

use lamport_link::{self as link, LinkError, LinkOptions, OptLevel};
use crate::shell::Shell;
use crate::toolchain::Clang;

/// The SDK header, as shipped with this cargo-lamport.
pub const LAMPORT_H: &str = include_str!("../../sdk/c/lamport.h");

/// The header of Solana's C SDK's names, a layer over [`LAMPORT_H`].
pub const SOLANA_SDK_H: &str = include_str!("../../sdk/c/solana_sdk.h");

/// The SDK headers by file name.
pub const HEADERS: [(&str, &str); 2] = [("lamport.h", LAMPORT_H), ("solana_sdk.h", SOLANA_SDK_H)];

/// Key of the C program list in `[workspace.metadata.lamport]`.
pub const METADATA_KEY: &str = "c-programs";

/// Optimization level of clang and of the link stage for C programs.
pub const OPT_LEVEL: OptLevel = OptLevel::O2;

/// An error of the C front end; each names the program or file at fault.
#[derive(Debug, thiserror::Error)]
pub enum CError {
    /// The directory has no `src/*.c`.
    #[error("`{}` is not a C program: it has no `src/*.c` (a C program is a directory with `src/*.c` and optionally `include/`)", .0.display())]
    NotAProgram(PathBuf),
    /// clang could not be started.
    #[error("cannot run {clang}: {source}")]
    ClangSpawn {
        /// The clang.
        clang: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// clang rejected a source (its messages were shown).
    #[error("could not compile `{program}` (clang rejected {})", .source_file.display())]
    Clang {
        /// The program (directory name).
        program: String,
        /// The source clang rejected.
        source_file: PathBuf,
    },
    /// The program writes a global variable, which SBPF v1 cannot map.
    #[error("could not compile `{program}`: {variable} is written, but SBPF v1 maps a program's globals read-only; keep mutable state in an account (or on the stack, or the heap: `sol_calloc`), or declare it `const`")]
    WritableGlobal {
        /// The program.
        program: String,
        /// The variable, described (`global variable `x``, `static variable `x` in `f``).
        variable: String,
    },
    /// The link stage failed.
    #[error("could not compile `{program}`: {source}")]
    Link {
        /// The program.
        program: String,
        /// What the link stage reported.
        source: LinkError,
    },
    /// `[workspace.metadata.lamport] c-programs` is not a list of paths.
    #[error("`[workspace.metadata.lamport] {METADATA_KEY}` in {manifest} must be a list of directories, like [\"examples/hello-c\"]")]
    BadMetadata {
        /// The workspace manifest.
        manifest: PathBuf,
    },
    /// An I/O error.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CError + '_ {
    move |source| CError::Io { path: path.to_path_buf(), source }
}

/// A C program found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CProgram {
    /// Its directory.
    pub dir: PathBuf,
    /// The directory's name (`hello-c`), used in messages and for `-p`.
    pub package: String,
    /// The shared object's name (`hello_c`).
    pub name: String,
    /// `src/*.c`, sorted.
    pub sources: Vec<PathBuf>,
    /// `include/`, if present.
    pub include: Option<PathBuf>,
}

impl CProgram {
    /// Reads the program in `dir`.
    pub fn open(dir: &Path) -> Result<Self, CError> {
        let src = dir.join("src");
        let mut sources: Vec<PathBuf> = match std::fs::read_dir(&src) {
            Ok(entries) => entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "c") && p.is_file())
                .collect(),
            Err(_) => Vec::new(),
        };
        if sources.is_empty() {
            return Err(CError::NotAProgram(dir.to_path_buf()));
        }
        sources.sort();
        let absolute = std::path::absolute(dir).map_err(io(dir))?;
        let package = absolute
            .components()
            .next_back()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .ok_or_else(|| CError::NotAProgram(dir.to_path_buf()))?;
        let include = Some(dir.join("include")).filter(|p| p.is_dir());
        Ok(CProgram { dir: dir.to_path_buf(), name: package.replace('-', "_"), package, sources, include })
    }
}

/// True when `dir` holds a C program (`src/*.c`).
pub fn is_c_program(dir: &Path) -> bool {
    CProgram::open(dir).is_ok()
}

/// The C programs listed in the workspace manifest's
/// `[workspace.metadata.lamport] c-programs` (none if absent).
pub fn workspace_programs(meta: &Metadata) -> Result<Vec<CProgram>, CError> {
    let root = meta.workspace_root.as_std_path();
    let Some(list) = meta.workspace_metadata.get("lamport").and_then(|l| l.get(METADATA_KEY)) else {
        return Ok(Vec::new());
    };
    let bad = || CError::BadMetadata { manifest: root.join("Cargo.toml") };
    let entries = list.as_array().ok_or_else(bad)?;
    entries
        .iter()
        .map(|entry| {
            let dir = entry.as_str().ok_or_else(bad)?;
            CProgram::open(&relative_to_cwd(&root.join(dir)))
        })
        .collect()
}

/// Writes the SDK headers into the cache (once per content) and returns the
/// directory to pass with `-I`.
pub fn sdk_include_dir() -> Result<PathBuf, CError> {
    let mut digest = Sha256::new();
    for (name, text) in HEADERS {
        digest.update(name.as_bytes());
        digest.update([0]);
        digest.update(text.as_bytes());
    }
    let digest = digest.finalize();
    let key: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    let dir = crate::target::cache_dir().join(format!("c-sdk-{key}"));
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    for (name, text) in HEADERS {
        let header = dir.join(name);
        if std::fs::read_to_string(&header).is_ok_and(|written| written == text) {
            continue;
        }
        link::write_atomically(&header, text.as_bytes()).map_err(|e| CError::Io {
            path: header.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
    }
    Ok(dir)
}

/// How to build a C program.
#[derive(Debug, Clone)]
pub struct CompileOptions {
    /// The clang to compile with.
    pub clang: Clang,
    /// compiler-builtins archive(s) for soft-float ([`crate::target::PreparedTarget::builtins`]).
    pub builtins: Vec<PathBuf>,
    /// Keep the symbol table in the shared object.
    pub debug: bool,
    /// Write the IR after optimization and after lowering here.
    pub dump_module: Option<PathBuf>,
    /// Compile with debug info (`-g`), whose line tables the link
    /// stage writes to `<name>.debug`; the `.so` is the same either way.
    pub line_tables: bool,
}

/// The clang command line for one source (without `-o`).
pub fn clang_command(clang: &Clang, program: &CProgram, sdk: &Path, source: &Path) -> Command {
    let mut cmd = Command::new(&clang.path);
    cmd.args(["--target=bpfel", "-mcpu=v2", "-ffreestanding", "-std=c11", "-Wall", "-O2", "-emit-llvm", "-c"]);
    if Shell::colored() {
        cmd.arg("-fdiagnostics-color=always");
    }
    if let Some(include) = &program.include {
        cmd.arg("-I").arg(include);
    }
    cmd.arg("-I").arg(sdk).arg(source);
    cmd
}

/// Compiles `program` into the shared object `output`.
///
/// clang's diagnostics go to stderr unchanged; a rejected source is
/// [`CError::Clang`] and nothing is written.
pub fn build(program: &CProgram, opts: &CompileOptions, output: &Path, shell: &Shell) -> Result<link::LinkReport, CError> {
    shell.status("Compiling", format!("{} ({})", program.package, program.dir.display()));
    let sdk = sdk_include_dir()?;
    let scratch = tempfile::Builder::new().prefix("lamport-c-").tempdir().map_err(io(Path::new("temporary directory")))?;
    let mut inputs = Vec::new();
    for (i, source) in program.sources.iter().enumerate() {
        let stem = source.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let bitcode = scratch.path().join(format!("{i}-{stem}.bc"));
        let mut cmd = clang_command(&opts.clang, program, &sdk, source);
        if opts.line_tables {
            // `-g`, not `-gline-tables-only`: clang 22 crashes on the
            // latter for the BPF target (it describes extern functions,
            // for BTF, with a debug-info kind that lacks their types).
            // The link stage keeps the extra DWARF out of the `.so` too.
            cmd.arg("-g");
        }
        cmd.arg("-o").arg(&bitcode);
        shell.verbose("Running", format!("{cmd:?}"));
        let status = cmd.status().map_err(|source| CError::ClangSpawn { clang: opts.clang.path.clone(), source })?;
        if !status.success() {
            return Err(CError::Clang { program: program.package.clone(), source_file: source.clone() });
        }
        inputs.push(bitcode);
    }
    let link_options = LinkOptions {
        inputs,
        builtins: opts.builtins.clone(),
        output: output.to_path_buf(),
        opt_level: OPT_LEVEL,
        keep_debug: opts.debug,
        dump_dir: opts.dump_module.clone(),
    };
    link::link(&link_options).map_err(|e| match e {
        LinkError::WritableStatic { symbol } => {
            CError::WritableGlobal { program: program.package.clone(), variable: describe_global(&symbol) }
        }
        source => CError::Link { program: program.package.clone(), source },
    })
}

/// Names a C global from its IR symbol: clang calls a function's `static`
/// variable `x` in `f` `f.x`; the optimizer may split a global `g` into
/// `g.0`, `g.1`, ….
pub fn describe_global(symbol: &str) -> String {
    match symbol.split_once('.') {
        Some((global, rest)) if rest.split('.').all(|part| part.chars().all(|c| c.is_ascii_digit())) => {
            format!("global variable `{global}`")
        }
        Some((function, rest)) => {
            let variable = rest.split('.').next().unwrap_or(rest);
            format!("static variable `{variable}` in `{function}`")
        }
        None => format!("global variable `{symbol}`"),
    }
}

/// The default deploy directory for a C program built by path: the
/// `target/deploy` of the Cargo workspace around it, else `<dir>/target/deploy`.
pub fn default_deploy_dir(dir: &Path) -> PathBuf {
    let mut cmd = cargo_metadata::MetadataCommand::new();
    cmd.no_deps().current_dir(dir);
    match cmd.exec() {
        Ok(meta) => meta.target_directory.as_std_path().join("deploy"),
        Err(_) => dir.join("target").join("deploy"),
    }
}

/// `path` relative to the current directory when it lies below it (so
/// clang's diagnostics read `examples/hello-c/src/hello.c:3:5`).
fn relative_to_cwd(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_globals_as_c_declares_them() {
        assert_eq!(describe_global("counter"), "global variable `counter`");
        assert_eq!(describe_global("state.0"), "global variable `state`");
        assert_eq!(describe_global("next_id.count"), "static variable `count` in `next_id`");
    }

    #[test]
    fn a_program_is_a_directory_with_c_sources() {
        let dir = tempfile::Builder::new().prefix("my-prog").tempdir().unwrap();
        assert!(matches!(CProgram::open(dir.path()), Err(CError::NotAProgram(_))));
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("src/b.c"), "").unwrap();
        std::fs::write(dir.path().join("src/a.c"), "").unwrap();
        std::fs::write(dir.path().join("src/notes.txt"), "").unwrap();
        let program = CProgram::open(dir.path()).unwrap();
        assert!(program.package.starts_with("my-prog"));
        assert!(program.name.starts_with("my_prog"));
        let files: Vec<_> = program.sources.iter().map(|p| p.file_name().unwrap().to_str().unwrap()).collect();
        assert_eq!(files, ["a.c", "b.c"]);
        assert_eq!(program.include, None);
    }

    #[test]
    fn the_header_is_written_once_per_content() {
        let dir = sdk_include_dir().unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("lamport.h")).unwrap(), LAMPORT_H);
        assert_eq!(std::fs::read_to_string(dir.join("solana_sdk.h")).unwrap(), SOLANA_SDK_H);
        assert_eq!(sdk_include_dir().unwrap(), dir);
    }
}
