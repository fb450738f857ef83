//! Argument parsing: `cargo lamport <command>`.

mod address;
mod build;
mod dump;
mod new;
mod run;
mod test;
mod toolchain;

use clap::{Args, Parser, Subcommand, ValueEnum};

use cargo_lamport::shell::{self, ColorChoice, Shell, Verbosity};

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
    /// Coloring: auto, always, never [default: $CARGO_TERM_COLOR, else auto]
    #[arg(long, global = true, value_enum, value_name = "WHEN", hide_possible_values = true)]
    color: Option<ColorArg>,
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
    /// Print a program's address (its id, from its keypair in the deploy directory)
    Address(address::AddressArgs),
}

/// `--color`'s values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorArg {
    /// Color when the output is a terminal
    Auto,
    /// Always color
    Always,
    /// Never color
    Never,
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
    let Cargo::Lamport(args) = Cargo::try_parse().unwrap_or_else(|e| {
        // `--help` and `--version` succeed; a bad command line is a user
        // mistake like any other: exit code 1, as cargo does.
        let _ = e.print();
        std::process::exit(if e.use_stderr() { 1 } else { 0 });
    });
    shell::set_color(args.color.map(|c| match c {
        ColorArg::Auto => ColorChoice::Auto,
        ColorArg::Always => ColorChoice::Always,
        ColorArg::Never => ColorChoice::Never,
    }));
    match args.command {
        Command::Build(a) => build::exec(a),
        Command::Test(a) => test::exec(a),
        Command::New(a) => new::exec(a),
        Command::Run(a) => run::exec(a),
        Command::Dump(a) => dump::exec(a),
        Command::Toolchain(a) => toolchain::exec(a),
        Command::Address(a) => address::exec(a),
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
