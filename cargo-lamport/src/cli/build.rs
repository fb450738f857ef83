//! `cargo lamport build`.

use std::path::PathBuf;

use clap::Args;

use cargo_lamport::build::{self, BuildOptions};

use super::OutputArgs;

/// Arguments of `cargo lamport build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// A C program directory (`src/*.c`, optional `include/`) to build instead of the workspace's programs
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Path to Cargo.toml
    #[arg(long, value_name = "PATH")]
    manifest_path: Option<PathBuf>,
    /// Program(s) to build (default: every program of the workspace)
    #[arg(short, long = "package", value_name = "SPEC")]
    package: Vec<String>,
    /// Features to activate (space or comma separated)
    #[arg(short = 'F', long, value_delimiter = ',', value_name = "FEATURES")]
    features: Vec<String>,
    /// Do not activate the `default` feature
    #[arg(long)]
    no_default_features: bool,
    /// Activate every feature of the selected programs
    #[arg(long)]
    all_features: bool,
    /// Accepted for cargo's sake: programs are always built optimized (the release profile)
    #[arg(short, long)]
    release: bool,
    /// Where to write <name>.so and <name>-keypair.json [default: <target dir>/deploy]
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Keep the symbol table in the shared object
    #[arg(long)]
    debug: bool,
    /// Write the LLVM IR after optimization and after lowering into DIR
    #[arg(long, value_name = "DIR")]
    dump_module: Option<PathBuf>,
    /// Compile without line tables and write no <name>.debug beside the .so
    #[arg(long)]
    no_debug_info: bool,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs `cargo lamport build`.
pub fn exec(args: BuildArgs) -> anyhow::Result<()> {
    // Programs always use the release profile; `--release` changes nothing.
    let _ = args.release;
    let shell = args.output.shell();
    let opts = BuildOptions {
        manifest_path: args.manifest_path,
        packages: args.package,
        features: args.features.iter().flat_map(|f| f.split_whitespace()).map(String::from).collect(),
        no_default_features: args.no_default_features,
        all_features: args.all_features,
        out_dir: args.out_dir,
        debug: args.debug,
        dump_module: args.dump_module,
        no_debug_info: args.no_debug_info,
        program_dir: args.dir,
    };
    build::build(&opts, &shell)?;
    Ok(())
}
