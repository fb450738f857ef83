//! `lamport-link`: the link stage of Lamport programs.
//!
//! rustc (through the `lamport-link` binary that ships with `cargo-lamport`)
//! and the C driver hand it LLVM bitcode; it returns an SBPF v1 shared
//! object:
//!
//! ```text
//! bitcode objects + rlibs            (inputs)
//!   → link (one module)              → internalize all but `entrypoint`
//!   → optimize (-O3/-Oz as asked)    → lower what BPF codegen refuses (lower)
//!   → check (no writable statics)    → BPF codegen (ET_REL)
//!   → ELF stage (SBPF v1 ET_DYN)     (elf)  → <name>.so
//! ```
//!
//! - [`inputs`]: bitcode files and archives, compiler-builtins members;
//! - [`builtins`]: compiler-builtins routines linked in on demand;
//! - [`lower`]: the IR rewrites upstream BPF codegen needs;
//! - [`elf`]: the SBPF v1 ELF writer;
//! - [`args`]: the linker command line rustc passes;
//! - `llvm` (private): small wrappers over inkwell.
//!
//! ```no_run
//! let opts = lamport_link::LinkOptions {
//!     inputs: vec!["program.bc".into()],
//!     output: "program.so".into(),
//!     ..Default::default()
//! };
//! let report = lamport_link::link(&opts)?;
//! println!("{} bytes", report.elf_size);
//! # Ok::<(), lamport_link::LinkError>(())
//! ```

#![warn(missing_docs)]

pub mod args;
pub mod builtins;
pub mod elf;
pub mod inputs;
mod llvm;
pub mod lower;
mod pipeline;

pub use llvm::{LLVM_MAJOR, STACK_FRAME_SIZE};
pub use pipeline::{debug_path, link, lower_module, write_atomically, LinkError, LinkOptions, LinkReport, OptLevel, ENTRYPOINT};
