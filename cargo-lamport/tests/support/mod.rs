//! Shared helpers of the toolchain's integration tests.
#![allow(dead_code)]

pub mod vm;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Runs `cargo lamport <args>` with the binary under test.
pub fn cargo_lamport(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-lamport"))
        .arg("lamport")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("cargo-lamport runs")
}

/// Builds the program at `manifest` into `out_dir`; returns the `.so` bytes.
pub fn build_program(manifest: &Path, out_dir: &Path, name: &str) -> Vec<u8> {
    let out = cargo_lamport(&[
        "build",
        "--manifest-path",
        manifest.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "cargo lamport build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(out_dir.join(format!("{name}.so"))).expect("the program was written")
}

/// Builds one of the test programs under `tests/programs` once per test binary.
pub fn test_program(name: &str) -> &'static [u8] {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static BUILT: OnceLock<Mutex<HashMap<String, &'static [u8]>>> = OnceLock::new();
    let map = BUILT.get_or_init(Default::default);
    let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(elf) = map.get(name) {
        return elf;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let out = dir.join("target/deploy");
    let elf: &'static [u8] = Box::leak(build_program(&dir.join(name).join("Cargo.toml"), &out, name).into_boxed_slice());
    map.insert(name.to_string(), elf);
    elf
}

/// Builds the test program in `tests/programs/<dir>` whose shared object is
/// `<name>.so` (a package named with dashes, like `pinocchio-hello`), once
/// per test binary.
pub fn test_program_at(dir: &str, name: &str) -> &'static [u8] {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static BUILT: OnceLock<Mutex<HashMap<String, &'static [u8]>>> = OnceLock::new();
    let map = BUILT.get_or_init(Default::default);
    let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(elf) = map.get(dir) {
        return elf;
    }
    let programs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let out = programs.join("target/deploy");
    let elf: &'static [u8] = Box::leak(build_program(&programs.join(dir).join("Cargo.toml"), &out, name).into_boxed_slice());
    map.insert(dir.to_string(), elf);
    elf
}
