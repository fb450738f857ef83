//! Argument parsing: `cargo lamport <command>`.

mod build;
mod dump;
mod new;
mod run;
mod test;
mod toolchain;

use clap::{Args, Parser, Subcommand};

use cargo_lamport::shell::{Shell, Verbosity};

/// Parsed as a cargo subcommand: cargo runs `cargo-lamport lamport <args>`.
#[derive(Debug, Parser)]
#[command(name = "cargo", bin_name = "cargo", styles = clap::builder::styling::Styles::styled())]
enum Cargo {
    /// Build, test, run and inspect Lamport programs.
    #[command(name = "lamport", version, about)]
    Lamport(Lamport),
}

/// Lamport: programs in Rust and C for SBPF, built with stock LLVM.
#[derive(Debug, Args)]
struct Lamport {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compile programs into target/deploy/<name>.so
    Build(build::BuildArgs),
    /// Build every program, then run `cargo test` against them
    Test(test::TestArgs),
    /// Create a new program (Rust or C) with tests
    New(new::NewArgs),
    /// Run one transaction against a program and show logs, compute units and changes
    Run(run::RunArgs),
    /// Show a program's sections, symbols and disassembly
    Dump(dump::DumpArgs),
    /// Show the compilers programs are built with
    Toolchain(toolchain::ToolchainArgs),
}

/// Output flags every command takes.
#[derive(Debug, Args, Clone, Copy)]
pub struct OutputArgs {
    /// Print what is found and run
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Print only errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

impl OutputArgs {
    /// The shell these flags ask for.
    pub fn shell(self) -> Shell {
        Shell::new(if self.quiet {
            Verbosity::Quiet
        } else if self.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        })
    }
}

/// Parses the command line and runs the command.
pub fn run() -> anyhow::Result<()> {
    let Cargo::Lamport(args) = Cargo::parse();
    match args.command {
        Command::Build(a) => build::exec(a),
        Command::Test(a) => test::exec(a),
        Command::New(a) => new::exec(a),
        Command::Run(a) => run::exec(a),
        Command::Dump(a) => dump::exec(a),
        Command::Toolchain(a) => toolchain::exec(a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cargo::command().debug_assert();
    }
}
