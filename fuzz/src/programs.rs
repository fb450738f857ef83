//! The programs the targets run: the fixture ELFs built by Solana's
//! toolchain (`runtime/tests/fixtures/`) and the examples built by `cargo
//! lamport build` (`target/deploy/`).

use std::path::PathBuf;

use lamport_runtime::{LoaderKind, Runtime};
use lamport_sdk::pubkey::Pubkey;

use crate::repository_root;

/// SPL Memo 4.0.0's mainnet id.
pub const MEMO_V4: Pubkey = Pubkey::from_str_const("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");
/// SPL Memo 1.0.0's mainnet id.
pub const MEMO_V1: Pubkey = Pubkey::from_str_const("Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo");
/// SPL Token's mainnet id.
pub const TOKEN: Pubkey = lamport_sdk::token::ID;

/// A fixture program: file, id and loader.
pub struct Fixture {
    /// File name in `runtime/tests/fixtures/`.
    pub file: &'static str,
    /// The id it is deployed under.
    pub id: Pubkey,
    /// The loader that owns it (the deprecated loader gives Memo 1.0.0 the
    /// unaligned input layout it was built for).
    pub loader: LoaderKind,
}

/// The fixture programs.
pub const FIXTURES: [Fixture; 3] = [
    Fixture { file: "spl_memo-4.0.0.so", id: MEMO_V4, loader: LoaderKind::V2 },
    Fixture { file: "spl_memo-1.0.0.so", id: MEMO_V1, loader: LoaderKind::Deprecated },
    Fixture { file: "spl_token-3.5.0.so", id: TOKEN, loader: LoaderKind::V2 },
];

/// The example programs (package names), as `cargo lamport build` writes
/// them to `target/deploy/`.
pub const EXAMPLES: [&str; 9] =
    ["budget", "counter", "counter-c", "cpi-callee", "cpi-caller", "hello", "hello-c", "token", "vault"];

/// `runtime/tests/fixtures/`.
pub fn fixture_dir() -> PathBuf {
    repository_root().join("runtime/tests/fixtures")
}

/// Where the examples are built: `LAMPORT_DEPLOY_DIR` when set, else the
/// repository's `target/deploy/`.
pub fn deploy_dir() -> PathBuf {
    std::env::var_os(lamport_runtime::DEPLOY_DIR_ENV)
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| repository_root().join("target/deploy"))
}

/// The bytes of a fixture ELF.
///
/// # Panics
/// When the file is unreadable: the targets cannot run without it.
pub fn fixture_elf(file: &str) -> Vec<u8> {
    let path = fixture_dir().join(file);
    std::fs::read(&path).unwrap_or_else(|err| panic!("cannot read the fixture program {}: {err}", path.display()))
}

/// Adds the fixture programs; returns their ids in [`FIXTURES`] order.
///
/// # Panics
/// When a fixture is missing or does not load.
pub fn add_fixtures(runtime: &mut Runtime) -> Vec<Pubkey> {
    FIXTURES
        .iter()
        .map(|fixture| {
            runtime
                .add_program_with_loader(fixture.id, &fixture_elf(fixture.file), fixture.loader)
                .unwrap_or_else(|err| panic!("fixture {} does not load: {err}", fixture.file));
            fixture.id
        })
        .collect()
}

/// Adds the examples from [`deploy_dir`]; returns their ids in
/// [`EXAMPLES`] order.
///
/// # Panics
/// When an example is not built (or is older than its source): run `cargo
/// lamport build` (`make fuzz` does) first.
pub fn add_examples(runtime: &mut Runtime) -> Vec<Pubkey> {
    let dir = deploy_dir();
    EXAMPLES
        .iter()
        .map(|name| {
            runtime.add_program_from_dir(&dir, name).unwrap_or_else(|err| {
                panic!("example `{name}` is not available ({err}); build the examples with `cargo lamport build` first")
            })
        })
        .collect()
}

/// The ELFs of every fixture and built example: the seeds of `elf_load`.
pub fn all_elfs() -> Vec<(String, Vec<u8>)> {
    let mut elfs: Vec<(String, Vec<u8>)> =
        FIXTURES.iter().map(|fixture| (fixture.file.to_string(), fixture_elf(fixture.file))).collect();
    let dir = deploy_dir();
    for name in EXAMPLES {
        let file = format!("{}.so", name.replace('-', "_"));
        if let Ok(elf) = std::fs::read(dir.join(&file)) {
            elfs.push((file, elf));
        }
    }
    elfs
}
