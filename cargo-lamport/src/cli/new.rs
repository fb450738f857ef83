//! `cargo lamport new`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use cargo_lamport::new::{self, Lang, NewOptions};

use super::OutputArgs;

/// Language of a new program.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    /// A Rust crate
    Rust,
    /// A C program (src/<name>.c) with Rust tests
    C,
}

/// Arguments of `cargo lamport new`.
#[derive(Debug, Args)]
#[command(after_help = "The new program builds and tests on its own:\n  cd PATH && cargo lamport test")]
pub struct NewArgs {
    /// Directory to create (its name is the program's name)
    #[arg(value_name = "PATH")]
    path: PathBuf,
    /// Language of the program
    #[arg(long, value_enum, default_value = "rust")]
    lang: LangArg,
    /// Package name [default: the directory's name]
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs `cargo lamport new`.
pub fn exec(args: NewArgs) -> anyhow::Result<()> {
    let shell = args.output.shell();
    let lang = match args.lang {
        LangArg::Rust => Lang::Rust,
        LangArg::C => Lang::C,
    };
    let opts = NewOptions { path: args.path.clone(), name: args.name, lang };
    new::new(&opts, &shell)?;
    if !args.output.quiet {
        cargo_lamport::shell::print_stdout(&format!("next: cd {} && cargo lamport test\n", args.path.display()))?;
    }
    Ok(())
}
