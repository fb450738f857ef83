//! Finding the compilers programs are built with.
//!
//! Programs need a rustc that ships rust-src (to build `core` and `alloc`
//! for the BPF target) and whose LLVM has the major version cargo-lamport
//! links, so the bitcode it writes is bitcode our link stage reads. C programs
//! need a clang of that same LLVM. Candidates, in order:
//!
//! 1. `LAMPORT_RUSTC`, if set (an error if unusable: it was asked for);
//! 2. the `rustc` on `PATH` (rustup's), if it has rust-src;
//! 3. Debian's `/usr/bin/rustc` (`rustc-web` with `rust-web-src`).
//!
//! clang: `LAMPORT_CLANG`, else `clang-<major>`, else `clang` of that major.

use std::path::{Path, PathBuf};
use std::process::Command;

pub use lamport_link::LLVM_MAJOR;

/// A rustc able to build programs.
#[derive(Debug, Clone)]
pub struct Rustc {
    /// Path of the compiler.
    pub path: PathBuf,
    /// `rustc 1.96.0 (…)`.
    pub version: String,
    /// Its full `-vV` output (part of the sysroot cache key).
    pub verbose_version: String,
    /// LLVM version it was built with.
    pub llvm_version: String,
    /// Its sysroot.
    pub sysroot: PathBuf,
    /// `<sysroot>/lib/rustlib/src/rust`.
    pub rust_src: PathBuf,
    /// Where it was found (for `cargo lamport toolchain` and `-v`).
    pub origin: &'static str,
}

/// A clang able to build C programs.
#[derive(Debug, Clone)]
pub struct Clang {
    /// Path (or name on `PATH`).
    pub path: PathBuf,
    /// First line of `--version`.
    pub version: String,
}

/// An error of toolchain discovery; each names what is missing and the fix.
#[derive(Debug, thiserror::Error)]
pub enum ToolchainError {
    /// `LAMPORT_RUSTC` does not run.
    #[error("LAMPORT_RUSTC={path} cannot be run ({reason}); point it at a rustc, or unset it")]
    BadOverride {
        /// The configured path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The rustc has no rust-src.
    #[error("{path} has no rust-src (looked in {src}), which building `core` for the BPF target needs; run `make deps` (installs Debian's rustc-web and rust-web-src) or `rustup component add rust-src`")]
    NoRustSrc {
        /// The rustc.
        path: PathBuf,
        /// Where rust-src was expected.
        src: String,
    },
    /// No usable rustc at all.
    #[error("no rustc with rust-src found (tried: {tried}); run `make deps` (apt-get install rustc-web rust-web-src) or `rustup component add rust-src`")]
    NoRustc {
        /// What was tried and why it failed.
        tried: String,
    },
    /// LLVM majors differ.
    #[error("{path} uses LLVM {found}, but cargo-lamport links LLVM {LLVM_MAJOR}; use a rustc built on LLVM {LLVM_MAJOR} (Debian's rustc-web: `make deps`) via LAMPORT_RUSTC")]
    LlvmMismatch {
        /// The rustc.
        path: PathBuf,
        /// Its LLVM version.
        found: String,
    },
    /// No clang of the right major.
    #[error("no clang-{LLVM_MAJOR} found (needed for C programs); run `make deps` or `apt-get install clang-{LLVM_MAJOR}`, or set LAMPORT_CLANG")]
    NoClang,
}

fn run(program: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(program)
        .args(args)
        .env("RUSTC_BOOTSTRAP", "1")
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn probe(path: &Path, origin: &'static str) -> Result<Rustc, String> {
    let resolved = crate::probe_cache::resolve(path);
    // The toolchain's own rustc when `path` is a rustup proxy: the same
    // answers, without the proxy's own start-up.
    let program = resolved.clone().unwrap_or_else(|| path.to_path_buf());
    let mut cache = crate::probe_cache::ProbeCache::open(resolved.as_deref());
    let verbose_version = cache.get_or_ask("-vV", || run(&program, &["-vV"]))?;
    let sysroot = cache.get_or_ask("--print sysroot", || run(&program, &["--print", "sysroot"]))?;
    cache.save();
    let field = |key: &str| {
        verbose_version
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| v.trim().to_string())
    };
    let version = verbose_version.lines().next().unwrap_or("rustc").to_string();
    let llvm_version = field("LLVM version:").unwrap_or_else(|| "unknown".into());
    let sysroot = PathBuf::from(sysroot.trim());
    let rust_src = sysroot.join("lib/rustlib/src/rust");
    Ok(Rustc { path: program, version, verbose_version, llvm_version, sysroot, rust_src, origin })
}

fn llvm_major(version: &str) -> Option<u32> {
    version.split('.').next()?.parse().ok()
}

fn has_rust_src(rustc: &Rustc) -> bool {
    rustc.rust_src.join("library/core/src/lib.rs").is_file()
}

fn check(rustc: Rustc) -> Result<Rustc, ToolchainError> {
    if !has_rust_src(&rustc) {
        return Err(ToolchainError::NoRustSrc {
            path: rustc.path,
            src: rustc.rust_src.display().to_string(),
        });
    }
    if llvm_major(&rustc.llvm_version) != Some(LLVM_MAJOR) {
        return Err(ToolchainError::LlvmMismatch { path: rustc.path, found: rustc.llvm_version });
    }
    Ok(rustc)
}

/// Finds the rustc for programs (see the module docs for the order).
pub fn find_rustc() -> Result<Rustc, ToolchainError> {
    if let Some(path) = std::env::var_os("LAMPORT_RUSTC") {
        let path = PathBuf::from(path);
        let rustc = probe(&path, "LAMPORT_RUSTC")
            .map_err(|reason| ToolchainError::BadOverride { path: path.clone(), reason })?;
        return check(rustc);
    }
    let mut tried = Vec::new();
    let candidates: [(PathBuf, &'static str); 2] =
        [(PathBuf::from("rustc"), "PATH (rustup)"), (PathBuf::from("/usr/bin/rustc"), "Debian rustc-web")];
    for (path, origin) in candidates {
        match probe(&path, origin) {
            Ok(rustc) => match check(rustc) {
                Ok(rustc) => return Ok(rustc),
                Err(e) => tried.push(format!("{}: {}", path.display(), short(&e))),
            },
            Err(reason) => tried.push(format!("{}: {}", path.display(), reason)),
        }
    }
    Err(ToolchainError::NoRustc { tried: tried.join("; ") })
}

fn short(e: &ToolchainError) -> String {
    match e {
        ToolchainError::NoRustSrc { .. } => "no rust-src".into(),
        ToolchainError::LlvmMismatch { found, .. } => format!("LLVM {found}"),
        other => other.to_string(),
    }
}

/// Finds a clang of LLVM [`LLVM_MAJOR`].
pub fn find_clang() -> Result<Clang, ToolchainError> {
    let mut candidates = Vec::new();
    if let Some(path) = std::env::var_os("LAMPORT_CLANG") {
        candidates.push(PathBuf::from(path));
    }
    candidates.push(PathBuf::from(format!("clang-{LLVM_MAJOR}")));
    candidates.push(PathBuf::from("clang"));
    for path in candidates {
        let Ok(out) = run(&path, &["--version"]) else { continue };
        let version = out.lines().next().unwrap_or("").to_string();
        let major = version
            .split("version ")
            .nth(1)
            .and_then(|v| llvm_major(v.split_whitespace().next().unwrap_or("")));
        if major == Some(LLVM_MAJOR) {
            return Ok(Clang { path, version });
        }
    }
    Err(ToolchainError::NoClang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn llvm_major_parses_versions() {
        assert_eq!(llvm_major("22.1.8"), Some(22));
        assert_eq!(llvm_major("unknown"), None);
    }

    #[test]
    fn bad_override_is_named() {
        let e = probe(Path::new("/nonexistent/rustc"), "test").unwrap_err();
        assert!(!e.is_empty());
    }
}
