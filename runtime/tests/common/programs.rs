//! The test programs of `tests/programs/`, built with `cargo lamport build`
//! once per test binary.
//!
//! The `cargo-lamport` binary is taken from the workspace's default target
//! directory (`target/debug/cargo-lamport`) and built there first if it is
//! missing. Programs are written to `tests/programs/target/deploy/`.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    process::Command,
    sync::{Mutex, OnceLock},
};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the runtime lives in the workspace").to_path_buf()
}

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs")
}

/// A command that ignores the target directory of the test run, so the
/// toolchain and the programs build where they normally do.
fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    command.env_remove("CARGO_TARGET_DIR").env("NO_COLOR", "1");
    command
}

fn cargo_lamport() -> PathBuf {
    let root = workspace_root();
    let binary = root.join("target/debug").join(format!("cargo-lamport{}", std::env::consts::EXE_SUFFIX));
    if !binary.exists() {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let output = command(cargo)
            .args(["build", "-p", "cargo-lamport"])
            .current_dir(&root)
            .output()
            .expect("cargo runs");
        assert!(output.status.success(), "building cargo-lamport failed:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    binary
}

/// The ELF of test program `name` (a member of `tests/programs/`).
pub fn test_program(name: &str) -> &'static [u8] {
    static BUILT: OnceLock<Mutex<HashMap<String, &'static [u8]>>> = OnceLock::new();
    let mut built = BUILT.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(elf) = built.get(name) {
        return elf;
    }
    let dir = programs_dir();
    let out_dir = dir.join("target/deploy");
    let manifest = dir.join(name).join("Cargo.toml");
    let output = command(cargo_lamport())
        .arg("lamport")
        .arg("build")
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--out-dir")
        .arg(&out_dir)
        .output()
        .expect("cargo-lamport runs");
    assert!(
        output.status.success(),
        "cargo lamport build {} failed:\n{}",
        manifest.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let path = out_dir.join(format!("{name}.so"));
    let elf = std::fs::read(&path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()));
    let elf: &'static [u8] = Box::leak(elf.into_boxed_slice());
    built.insert(name.to_string(), elf);
    elf
}
