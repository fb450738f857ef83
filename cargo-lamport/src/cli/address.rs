//! `cargo lamport address`.

use std::path::PathBuf;

use clap::Args;

use cargo_lamport::address::{self, AddressOptions};

use super::OutputArgs;

/// Arguments of `cargo lamport address`.
#[derive(Debug, Args)]
#[command(after_help = "\
The address is the public key in <deploy dir>/<name>-keypair.json, the file
`cargo lamport build` deploys the program under; it is created if missing.
Put it in the program with `lamport_sdk::declare_id!(\"<address>\");`.")]
pub struct AddressArgs {
    /// The program (package or library name) [default: every program of the workspace]
    #[arg(value_name = "NAME")]
    name: Option<String>,
    /// Path to Cargo.toml
    #[arg(long, value_name = "PATH")]
    manifest_path: Option<PathBuf>,
    /// The deploy directory [default: <target dir>/deploy]
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs `cargo lamport address`.
pub fn exec(args: AddressArgs) -> anyhow::Result<()> {
    let shell = args.output.shell();
    let opts = AddressOptions { manifest_path: args.manifest_path, name: args.name, out_dir: args.out_dir };
    let found = address::addresses(&opts, &shell)?;
    cargo_lamport::shell::print_stdout(&address::render(&found))?;
    Ok(())
}
