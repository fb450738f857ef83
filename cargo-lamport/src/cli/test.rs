//! `cargo lamport test`.

use std::ffi::OsString;

use clap::Args;

use cargo_lamport::test::{self, DEPLOY_DIR_ENV};

use super::OutputArgs;

/// Arguments of `cargo lamport test`.
#[derive(Debug, Args)]
#[command(
    after_help = concat!(
        "Builds every program of the workspace (Rust and C) into target/deploy, then runs\n",
        "`cargo test` with all the arguments given and ",
        "LAMPORT_DEPLOY_DIR",
        " set to that directory,\n",
        "where `Runtime::add_program_from_deploy_dir(\"name\")` finds the programs.\n\n",
        "The programs are built with the same -p/--package, -F/--features, --no-default-features\n",
        "and --all-features (programs among the -p packages; every program when none is one).\n",
        "Programs are always built optimized (the release profile, with its overflow-checks);\n",
        "--release only changes how the tests themselves are compiled.\n\n",
        "Examples:\n",
        "  cargo lamport test\n",
        "  cargo lamport test --workspace --no-fail-fast\n",
        "  cargo lamport test -p counter -- --nocapture\n",
        "  cargo lamport test --profile     (flame graphs of every transaction in target/profile/test)"
    ),
    disable_version_flag = true
)]
pub struct TestArgs {
    /// Arguments for `cargo test` (`--manifest-path` also selects what is built)
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "CARGO_TEST_ARGS")]
    args: Vec<OsString>,
    #[command(flatten)]
    output: OutputArgs,
}

/// The arguments after `test` exactly as given (clap drops a leading `--`,
/// which `cargo test` needs to tell its own arguments from the tests').
fn raw_args() -> Option<Vec<OsString>> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lamport = args.iter().position(|a| a == "lamport")?;
    let test = args.iter().skip(lamport).position(|a| a == "test")? + lamport;
    Some(args[test + 1..].to_vec())
}

/// Runs `cargo lamport test`.
pub fn exec(args: TestArgs) -> anyhow::Result<()> {
    debug_assert_eq!(DEPLOY_DIR_ENV, "LAMPORT_DEPLOY_DIR");
    let shell = args.output.shell();
    let raw = raw_args().unwrap_or(args.args);
    let opts = test::options_from_args(raw, shell.verbosity);
    test::test(&opts, &shell)?;
    Ok(())
}
