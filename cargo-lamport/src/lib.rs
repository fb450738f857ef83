//! `cargo lamport`: builds Lamport programs (Rust and C) through stock LLVM
//! into SBPF v1 shared objects, and runs, tests and inspects them.
//!
//! The library holds the pipeline; the `cargo-lamport` binary is its command
//! line and `lamport-link` is the linker rustc calls for the program target.
//!
//! - [`toolchain`]: finding a program rustc with rust-src, clang and LLVM of
//!   one major version;
//! - [`target`]: the `bpfel-lamport-solana` target spec and the cached sysroot;
//! - [`sysroot`]: building that sysroot, with `std` ported to Solana programs;
//! - the link stage itself (link bitcode → internalize → optimize → lower →
//!   codegen → ELF) is its own crate, [`lamport_link`]; the `lamport-link`
//!   binary here is the thin command rustc calls;
//! - [`c`]: C programs (clang to bitcode, then the same link stage) and the
//!   `lamport.h` SDK header;
//! - [`build`]: `cargo lamport build`, Rust and C.

#![warn(missing_docs)]

pub mod build;
pub mod c;
pub mod dump;
pub mod keypair;
pub mod new;
pub mod run;
pub mod shell;
pub mod sysroot;
pub mod target;
pub mod test;
pub mod toolchain;
