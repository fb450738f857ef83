//! The ELFs the differential scenarios deploy: programs built by Solana's
//! own toolchain (the repository's fixtures and the ones LiteSVM ships),
//! our examples and the runtime's test programs, built by `cargo lamport
//! build`.

use std::path::{Path, PathBuf};

use crate::{build, build_c, repository};

/// Every program the scenarios use.
pub struct Elfs {
    /// SPL Token 3.5.0.
    pub spl_token: Vec<u8>,
    /// SPL Memo 1.0.0 (deprecated loader).
    pub memo_v1: Vec<u8>,
    /// SPL Memo 4.0.0.
    pub memo_v4: Vec<u8>,
    /// Token-2022 11.0.0.
    pub token_2022: Vec<u8>,
    /// p-token (Pinocchio's SPL Token).
    pub p_token: Vec<u8>,
    /// Associated Token Account 1.1.1.
    pub ata: Vec<u8>,
    /// `examples/hello`.
    pub hello: Vec<u8>,
    /// `examples/hello-c`.
    pub hello_c: Vec<u8>,
    /// `examples/counter`.
    pub counter: Vec<u8>,
    /// `examples/counter-c`.
    pub counter_c: Vec<u8>,
    /// `examples/cpi-caller`.
    pub cpi_caller: Vec<u8>,
    /// `examples/cpi-callee`.
    pub cpi_callee: Vec<u8>,
    /// `examples/budget`.
    pub budget: Vec<u8>,
    /// `examples/token`.
    pub token_example: Vec<u8>,
    /// The runtime's `invoker` test program (CPI chains, privileges, return data).
    pub invoker: Vec<u8>,
    /// The runtime's `compute` test program (endless loop, recursion).
    pub compute: Vec<u8>,
}

/// The directory of the ELFs LiteSVM 0.17 ships (`src/programs/elf` of its
/// package in Cargo's registry).
pub fn litesvm_elf_dir() -> PathBuf {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .expect("CARGO_HOME or HOME is set");
    let registry = cargo_home.join("registry/src");
    let entries = std::fs::read_dir(&registry).unwrap_or_else(|err| panic!("{}: {err}", registry.display()));
    for entry in entries.flatten() {
        let dir = entry.path().join("litesvm-0.17.0/src/programs/elf");
        if dir.is_dir() {
            return dir;
        }
    }
    panic!("litesvm 0.17.0's package is not in {}: build compat/agave first", registry.display())
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

impl Elfs {
    /// Reads the prebuilt ELFs and builds ours into `out_dir`.
    pub fn load(out_dir: &Path) -> Self {
        let root = repository();
        let fixtures = root.join("runtime/tests/fixtures");
        let litesvm = litesvm_elf_dir();
        let example = |name: &str, so: &str| build(&root.join("examples").join(name).join("Cargo.toml"), &out_dir.join(name), so);
        let test_program =
            |name: &str| build(&root.join("runtime/tests/programs").join(name).join("Cargo.toml"), &out_dir.join(name), name);
        Self {
            spl_token: read(&fixtures.join("spl_token-3.5.0.so")),
            memo_v1: read(&fixtures.join("spl_memo-1.0.0.so")),
            memo_v4: read(&fixtures.join("spl_memo-4.0.0.so")),
            token_2022: read(&litesvm.join("spl_token_2022-11.0.0.so")),
            p_token: read(&litesvm.join("pinocchio_token_program.so")),
            ata: read(&litesvm.join("spl_associated_token_account-1.1.1.so")),
            hello: example("hello", "hello"),
            hello_c: build_c(&root.join("examples/hello-c"), &out_dir.join("hello-c"), "hello_c"),
            counter: example("counter", "counter"),
            counter_c: build_c(&root.join("examples/counter-c"), &out_dir.join("counter-c"), "counter_c"),
            cpi_caller: example("cpi-caller", "cpi_caller"),
            cpi_callee: example("cpi-callee", "cpi_callee"),
            budget: example("budget", "budget"),
            token_example: example("token", "token"),
            invoker: test_program("invoker"),
            compute: test_program("compute"),
        }
    }
}
