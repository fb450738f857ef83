//! `cargo lamport toolchain`.

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
pub fn exec(args: ToolchainArgs) -> anyhow::Result<()> {
    let _ = args.output;
    println!("cargo-lamport {} (links LLVM {})", env!("CARGO_PKG_VERSION"), toolchain::LLVM_MAJOR);
    let rustc = toolchain::find_rustc()?;
    println!("rustc:    {} ({})", rustc.path.display(), rustc.version);
    println!("          found via {}; LLVM {}", rustc.origin, rustc.llvm_version);
    println!("rust-src: {}", rustc.rust_src.display());
    println!("target:   {} (bpfel-unknown-none with os = \"solana\")", target::TARGET_NAME);
    println!("cache:    {}", target::cache_dir().display());
    match toolchain::find_clang() {
        Ok(clang) => println!("clang:    {} ({})", clang.path.display(), clang.version),
        Err(e) => println!("clang:    missing: {e}"),
    }
    Ok(())
}
