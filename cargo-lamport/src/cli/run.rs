//! `cargo lamport run`.

use std::path::PathBuf;

use clap::Args;

use cargo_lamport::run::{self, AccountSpec, RunOptions};
use lamport_sdk::pubkey::Pubkey;

use super::OutputArgs;

/// Arguments of `cargo lamport run`.
#[derive(Debug, Args)]
#[command(after_help = "\
Account SPEC:   KEY[:w][:s][=LAMPORTS[:OWNER[:DATA]]]
  KEY           a base58 address | new (a fresh address) | program | payer
  :w, :s, :ws   writable, signer, both (signatures are not verified)
  =LAMPORTS     the account exists before the transaction with this balance,
  OWNER         owned by: a base58 address | system (default) | program
  DATA          holding: hex bytes | zero*N (N zero bytes)
A fee payer with 10 SOL comes first in the transaction (it is not one of the
instruction's accounts unless given as `payer`).

Examples:
  cargo lamport run target/deploy/hello.so
  cargo lamport run target/deploy/cpi_callee.so --account new:s --data 02000000000000000300000000000000
  cargo lamport run prog.so --account program --account new:w=2000000:program:zero*40")]
pub struct RunArgs {
    /// The program's shared object (e.g. target/deploy/hello.so)
    #[arg(value_name = "ELF")]
    elf: PathBuf,
    /// Instruction data, in hex
    #[arg(long, value_name = "HEX", value_parser = parse_data, default_value = "")]
    data: HexData,
    /// An account of the instruction, in order (see SPEC below)
    #[arg(long = "account", value_name = "SPEC")]
    accounts: Vec<AccountSpec>,
    /// Compute-unit limit (a Compute Budget instruction placed first)
    #[arg(long, value_name = "N")]
    cu_limit: Option<u32>,
    /// Program id [default: from <ELF stem>-keypair.json beside the ELF, else a fresh address]
    #[arg(long, value_name = "PUBKEY")]
    program_id: Option<Pubkey>,
    /// Unix timestamp of the Clock sysvar
    #[arg(long, value_name = "SECONDS")]
    unix_timestamp: Option<i64>,
    /// Slot of the Clock sysvar
    #[arg(long, value_name = "SLOT")]
    slot: Option<u64>,
    /// Profile compute units by function: print the top functions, write a flame graph
    #[arg(long)]
    profile: bool,
    /// Where --profile writes <name>.svg and <name>.folded [default: profile/ beside the ELF's directory]
    #[arg(long, value_name = "DIR", requires = "profile")]
    profile_dir: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// `target/deploy/x.so` → `target/profile`.
fn default_profile_dir(elf: &std::path::Path) -> PathBuf {
    let dir = elf.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join("profile"),
        _ => dir.join("profile"),
    }
}

/// Instruction data parsed from hex.
#[derive(Debug, Clone)]
struct HexData(Vec<u8>);

fn parse_data(text: &str) -> Result<HexData, run::SpecError> {
    run::parse_hex(text).map(HexData)
}

/// Runs `cargo lamport run`.
pub fn exec(args: RunArgs) -> anyhow::Result<()> {
    let shell = args.output.shell();
    let profile = args.profile.then(|| args.profile_dir.clone().unwrap_or_else(|| default_profile_dir(&args.elf)));
    let opts = RunOptions {
        elf: args.elf,
        program_id: args.program_id,
        data: args.data.0,
        accounts: args.accounts,
        cu_limit: args.cu_limit,
        unix_timestamp: args.unix_timestamp,
        slot: args.slot,
        profile,
    };
    let name = opts.elf.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    shell.status("Running", format!("{name} with {} account(s)", opts.accounts.len()));
    let report = run::run(&opts)?;
    cargo_lamport::shell::print_stdout(&report.render())?;
    if let Some(err) = &report.error {
        anyhow::bail!("{name}: transaction failed: {err}");
    }
    Ok(())
}
