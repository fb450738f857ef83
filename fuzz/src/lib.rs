//! The fuzz targets of the Lamport runtime and SDK, as library functions.
//!
//! Each target is a module with `run(data: &[u8])`: it decodes the bytes
//! into a case, runs it, and panics on a finding (a disagreement, a broken
//! invariant, or a panic of the code under test). The libFuzzer binaries in
//! `fuzz_targets/` call these functions; `tests/replay.rs` calls them on
//! every committed corpus and regression input on stable Rust.
//!
//! | target | input | property |
//! |---|---|---|
//! | [`elf_load`] | an ELF | `add_program` and one transaction never panic, hang or exceed their budget; errors are typed |
//! | [`wire_transaction`] | wire bytes | decode → re-encode is the identity; sanitize and `send_transaction` agree; lamports are conserved |
//! | [`sigverify`] | key, message, signature (raw or structured) | the runtime's verification decides exactly as `verify_strict` |
//! | [`interpreter_vs_jit`] | instructions and account states for the examples and fixtures | the interpreter and the JIT give identical results, logs, compute units and accounts |

pub mod elf_load;
pub mod interpreter_vs_jit;
pub mod programs;
pub mod sigverify;
pub mod wire_transaction;

use std::path::PathBuf;

/// A target's entry point.
pub type Target = fn(&[u8]);

/// Every target, by the name of its binary, corpus and regression directory.
pub const TARGETS: &[(&str, Target)] = &[
    ("elf_load", elf_load::run),
    ("wire_transaction", wire_transaction::run),
    ("sigverify", sigverify::run),
    ("interpreter_vs_jit", interpreter_vs_jit::run),
];

/// The repository's root directory (the parent of `fuzz/`).
pub fn repository_root() -> PathBuf {
    let fuzz_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    fuzz_dir.parent().map(PathBuf::from).unwrap_or(fuzz_dir)
}

/// The `fuzz/` directory (corpora, regressions, targets).
pub fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
