//! `cargo lamport toolchain`.

use std::fmt::Write as _;

use clap::Args;

use cargo_lamport::{target, toolchain};

use super::OutputArgs;

/// Arguments of `cargo lamport toolchain`.
#[derive(Debug, Args)]
pub struct ToolchainArgs {
    #[command(flatten)]
    output: OutputArgs,
}

/// Prints the program rustc, rust-src, LLVM versions and clang.
pub fn exec(_args: ToolchainArgs) -> anyhow::Result<()> {
    let mut out = String::new();
    let _ = writeln!(out, "cargo-lamport {} (links LLVM {})", env!("CARGO_PKG_VERSION"), toolchain::LLVM_MAJOR);
    let rustc = toolchain::find_rustc()?;
    let _ = writeln!(out, "rustc:    {} ({})", rustc.path.display(), rustc.version);
    let _ = writeln!(out, "          found via {}; LLVM {}", rustc.origin, rustc.llvm_version);
    let _ = writeln!(out, "rust-src: {}", rustc.rust_src.display());
    let _ = writeln!(out, "target:   {} (bpfel-unknown-none with os = \"solana\")", target::TARGET_NAME);
    let _ = writeln!(out, "cache:    {}", target::cache_dir().display());
    let _ = match toolchain::find_clang() {
        Ok(clang) => writeln!(out, "clang:    {} ({})", clang.path.display(), clang.version),
        Err(e) => writeln!(out, "clang:    missing: {e}"),
    };
    cargo_lamport::shell::print_stdout(&out)?;
    Ok(())
}
