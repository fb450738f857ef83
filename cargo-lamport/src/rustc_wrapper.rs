//! The rustc wrapper `cargo lamport build` runs program builds through, so
//! that a program crate can depend on another program crate.
//!
//! A program's `[lib]` declares `crate-type = ["cdylib", "rlib"]`, and cargo
//! compiles a dependency with all the crate types it declares. A dependency
//! used for its types and instruction builders (with its `no-entrypoint`
//! feature) leaves out its panic handler and allocator, which the
//! dependent program defines, so rustc refuses to make a `cdylib` of it
//! (`#[panic_handler] function required`). Only the program cargo was asked
//! to build (`CARGO_PRIMARY_PACKAGE`) is a shared object; for any other
//! crate the wrapper drops the `cdylib` crate type and leaves an empty file
//! where cargo expects the shared object, so cargo sees the unit as built.
//! No program is ever made from such a file: the deployed programs are the
//! primary packages' shared objects.
//!
//! cargo runs `<wrapper> <rustc> <args…>`; `cargo-lamport` acts as the
//! wrapper when [`ENV_WRAPPER`] is set.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

/// Set (to `1`) in the environment of the cargo that builds programs: the
/// `cargo-lamport` binary run as `RUSTC_WRAPPER` then wraps rustc.
pub const ENV_WRAPPER: &str = "LAMPORT_RUSTC_WRAPPER";

/// The rustc arguments for a crate that is not a primary package: without
/// `--crate-type cdylib` when it also builds a library; the path of the
/// shared object cargo expects is returned with them.
pub fn without_dependency_cdylib(args: &[OsString]) -> Option<(Vec<OsString>, PathBuf)> {
    let value = |flag: &str| args.windows(2).find(|w| w[0] == flag).map(|w| w[1].clone());
    let crate_types: Vec<&OsString> = args.windows(2).filter(|w| w[0] == "--crate-type").map(|w| &w[1]).collect();
    if !crate_types.iter().any(|t| *t == "cdylib") || !crate_types.iter().any(|t| *t == "rlib" || *t == "lib") {
        return None;
    }
    let out_dir = PathBuf::from(value("--out-dir")?);
    let name = value("--crate-name")?.into_string().ok()?;
    let extra = args
        .windows(2)
        .filter(|w| w[0] == "-C")
        .find_map(|w| w[1].to_str().and_then(|v| v.strip_prefix("extra-filename=")).map(String::from))
        .unwrap_or_default();
    let mut kept = Vec::with_capacity(args.len());
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--crate-type" && args.get(i + 1).is_some_and(|t| t == "cdylib") {
            i += 2;
            continue;
        }
        kept.push(args[i].clone());
        i += 1;
    }
    Some((kept, out_dir.join(format!("lib{name}{extra}.so"))))
}

/// Runs as the rustc wrapper when [`ENV_WRAPPER`] is set and the first
/// argument is not the `lamport` subcommand; `None` otherwise.
pub fn run_if_wrapper() -> Option<ExitCode> {
    std::env::var_os(ENV_WRAPPER)?;
    let mut args = std::env::args_os().skip(1);
    let rustc = args.next().filter(|a| a != "lamport")?;
    let args: Vec<OsString> = args.collect();
    let primary = std::env::var_os("CARGO_PRIMARY_PACKAGE").is_some();
    let (args, placeholder) = match without_dependency_cdylib(&args) {
        Some((kept, so)) if !primary => (kept, Some(so)),
        _ => (args, None),
    };
    let status = match Command::new(&rustc).args(&args).status() {
        Ok(status) => status,
        Err(e) => {
            eprintln!("error: cannot run {}: {e}", rustc.to_string_lossy());
            return Some(ExitCode::FAILURE);
        }
    };
    if !status.success() {
        return Some(ExitCode::from(status.code().and_then(|c| u8::try_from(c).ok()).unwrap_or(1)));
    }
    if let Some(so) = placeholder.filter(|so| !so.exists()) {
        if let Err(e) = std::fs::write(&so, b"") {
            eprintln!("error: {}: {e}", so.display());
            return Some(ExitCode::FAILURE);
        }
    }
    Some(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn drops_the_cdylib_of_a_library_and_names_its_file() {
        let given = args(&["--crate-name", "callee", "--edition=2021", "--crate-type", "cdylib", "--crate-type", "rlib", "-C", "extra-filename=-ab12", "--out-dir", "/t/deps"]);
        let (kept, so) = without_dependency_cdylib(&given).unwrap();
        assert_eq!(kept, args(&["--crate-name", "callee", "--edition=2021", "--crate-type", "rlib", "-C", "extra-filename=-ab12", "--out-dir", "/t/deps"]));
        assert_eq!(so, PathBuf::from("/t/deps/libcallee-ab12.so"));
    }

    #[test]
    fn leaves_other_crates_alone() {
        assert_eq!(without_dependency_cdylib(&args(&["--crate-name", "sdk", "--crate-type", "lib", "--out-dir", "/t"])), None);
        assert_eq!(without_dependency_cdylib(&args(&["--crate-name", "p", "--crate-type", "cdylib", "--out-dir", "/t"])), None);
        assert_eq!(without_dependency_cdylib(&args(&["-vV"])), None);
    }
}
