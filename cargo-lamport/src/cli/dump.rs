//! `cargo lamport dump`.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;

use cargo_lamport::dump;

use super::OutputArgs;

/// Arguments of `cargo lamport dump`.
#[derive(Debug, Args)]
#[command(after_help = "Function names need the symbol table: build with `cargo lamport build --debug`.")]
pub struct DumpArgs {
    /// The program's shared object (e.g. target/deploy/hello.so)
    #[arg(value_name = "ELF")]
    elf: PathBuf,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs `cargo lamport dump`: sections, symbols and the disassembly.
pub fn exec(args: DumpArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.elf)
        .with_context(|| format!("cannot read {} (build it with `cargo lamport build`)", args.elf.display()))?;
    let text = dump::dump(&bytes).map_err(|e| anyhow::anyhow!("cannot dump {}: {e}", args.elf.display()))?;
    cargo_lamport::shell::print_stdout(&text)?;
    Ok(())
}
