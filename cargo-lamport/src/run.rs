//! `cargo lamport run`: one transaction against a program in a fresh
//! runtime, reporting logs, compute units and the accounts that changed.
//!
//! The transaction has a funded fee payer (first account, signing), then
//! one instruction to the program with the accounts given as
//! [`AccountSpec`]s. Signatures are not verified, so any account may be
//! marked as a signer.
//!
//! # Account specs
//!
//! ```text
//! SPEC  := KEY [:w] [:s] [=LAMPORTS [:OWNER [:DATA]]]
//! KEY   := base58 address | new | program | payer
//! OWNER := base58 address | system | program        (default: system)
//! DATA  := hex bytes | zero*N                        (default: none)
//! ```
//!
//! `:w` makes the account writable, `:s` a signer (`:ws` both). With
//! `=LAMPORTS` the account exists before the transaction with that balance,
//! owner and data; without it, it does not exist (unless it is the program,
//! the payer or a sysvar). `new` is a fresh address, `program` the program's
//! id, `payer` the fee payer.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lamport_runtime::{profile::FunctionCost, Clock, ProgramFault, Runtime, TransactionError};
use lamport_sdk::{
    account::Account,
    compute_budget,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::{read_keypair_file, Keypair},
    transaction::Transaction,
};

/// Lamports the fee payer starts with.
pub const PAYER_LAMPORTS: u64 = 10_000_000_000;

/// The address of a spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySpec {
    /// A given address.
    Address(Pubkey),
    /// A fresh address.
    New,
    /// The program's id.
    Program,
    /// The fee payer.
    Payer,
}

/// The owner of a spec'd account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerSpec {
    /// A given program.
    Address(Pubkey),
    /// The system program.
    System,
    /// The program being run.
    Program,
}

/// The state of an account before the transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountState {
    /// Balance.
    pub lamports: u64,
    /// Owner.
    pub owner: OwnerSpec,
    /// Data.
    pub data: Vec<u8>,
}

/// One `--account` of `cargo lamport run` (syntax in the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSpec {
    /// Which address.
    pub key: KeySpec,
    /// Whether the program may write it.
    pub writable: bool,
    /// Whether it signs.
    pub signer: bool,
    /// Its state before the transaction (`None`: leave what is there).
    pub state: Option<AccountState>,
}

/// A malformed `--account` or `--data`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    /// Not a hex string.
    #[error("`{0}` is not hex: use two hex digits per byte, like `01ff`")]
    Hex(String),
    /// An unknown address keyword or a bad base58 address.
    #[error("`{0}` is not an address: use a base58 address, `new`, `program` or `payer`")]
    Key(String),
    /// An unknown owner keyword or a bad base58 address.
    #[error("`{0}` is not an owner: use a base58 address, `system` or `program`")]
    Owner(String),
    /// A flag other than `w`, `s` or `ws`.
    #[error("`:{0}` is not a flag: use `:w` (writable), `:s` (signer) or `:ws`")]
    Flag(String),
    /// A balance that is not a number.
    #[error("`{0}` is not a lamport amount: use a whole number like `1000000`")]
    Lamports(String),
    /// Data longer than [`MAX_ACCOUNT_DATA`].
    #[error("account data of {0} bytes is over the runtime's limit of {MAX_ACCOUNT_DATA} bytes (10 MiB)")]
    DataTooLong(String),
    /// Trailing parts after the data.
    #[error("`{0}`: too many `:` parts after `=`; the form is KEY[:w][:s][=LAMPORTS[:OWNER[:DATA]]]")]
    TooManyParts(String),
}

/// Parses hex bytes (`""` is empty; an optional `0x` prefix is accepted).
pub fn parse_hex(text: &str) -> Result<Vec<u8>, SpecError> {
    let digits = text.strip_prefix("0x").unwrap_or(text);
    if digits.len() % 2 != 0 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(SpecError::Hex(text.to_string()));
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).map_err(|_| SpecError::Hex(text.to_string())))
        .collect()
}

/// Formats bytes as lowercase hex.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Most bytes of data an account spec may hold: the runtime's 10 MiB limit
/// on an account's data.
pub const MAX_ACCOUNT_DATA: usize = lamport_sdk::system::MAX_PERMITTED_DATA_LENGTH as usize;

fn parse_data(text: &str) -> Result<Vec<u8>, SpecError> {
    let data = match text.strip_prefix("zero*") {
        Some(n) => {
            let n = n.replace('_', "").parse::<u64>().map_err(|_| SpecError::Hex(text.to_string()))?;
            if n > MAX_ACCOUNT_DATA as u64 {
                return Err(SpecError::DataTooLong(n.to_string()));
            }
            vec![0; n as usize]
        }
        None => parse_hex(text)?,
    };
    if data.len() > MAX_ACCOUNT_DATA {
        return Err(SpecError::DataTooLong(data.len().to_string()));
    }
    Ok(data)
}

impl FromStr for AccountSpec {
    type Err = SpecError;

    fn from_str(spec: &str) -> Result<Self, SpecError> {
        let (head, state) = match spec.split_once('=') {
            Some((head, state)) => (head, Some(state)),
            None => (spec, None),
        };
        let mut parts = head.split(':');
        let key = match parts.next().unwrap_or_default() {
            "new" => KeySpec::New,
            "program" => KeySpec::Program,
            "payer" => KeySpec::Payer,
            other => KeySpec::Address(other.parse().map_err(|_| SpecError::Key(other.to_string()))?),
        };
        let (mut writable, mut signer) = (false, false);
        for flag in parts {
            if flag.is_empty() || !flag.chars().all(|c| c == 'w' || c == 's') {
                return Err(SpecError::Flag(flag.to_string()));
            }
            writable |= flag.contains('w');
            signer |= flag.contains('s');
        }
        let state = state
            .map(|state| {
                let mut parts = state.splitn(4, ':');
                let lamports = parts.next().unwrap_or_default();
                let lamports = lamports.replace('_', "").parse().map_err(|_| SpecError::Lamports(lamports.to_string()))?;
                let owner = match parts.next() {
                    None | Some("system") => OwnerSpec::System,
                    Some("program") => OwnerSpec::Program,
                    Some(other) => OwnerSpec::Address(other.parse().map_err(|_| SpecError::Owner(other.to_string()))?),
                };
                let data = parts.next().map(parse_data).transpose()?.unwrap_or_default();
                if parts.next().is_some() {
                    return Err(SpecError::TooManyParts(spec.to_string()));
                }
                Ok(AccountState { lamports, owner, data })
            })
            .transpose()?;
        Ok(AccountSpec { key, writable, signer, state })
    }
}

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// The program's ELF.
    pub elf: PathBuf,
    /// Its id (default: the keypair next to the ELF, `<name>-keypair.json`,
    /// else a fresh address).
    pub program_id: Option<Pubkey>,
    /// Instruction data.
    pub data: Vec<u8>,
    /// The instruction's accounts, in order.
    pub accounts: Vec<AccountSpec>,
    /// A compute-unit limit, requested with a Compute Budget instruction
    /// placed before the program's.
    pub cu_limit: Option<u32>,
    /// The Clock's Unix timestamp.
    pub unix_timestamp: Option<i64>,
    /// The Clock's slot.
    pub slot: Option<u64>,
    /// Profile the transaction and write its flame graph (`<stem>.svg`) and
    /// folded stacks (`<stem>.folded`) into this directory.
    pub profile: Option<PathBuf>,
}

/// The compute-unit profile of the transaction `run` sent.
#[derive(Debug, Clone)]
pub struct ProfileReport {
    /// Units of every stack together: the transaction's compute units.
    pub total: u64,
    /// Functions by units spent in themselves, most first.
    pub functions: Vec<FunctionCost>,
    /// The flame graph.
    pub svg: PathBuf,
    /// The folded stacks.
    pub folded: PathBuf,
}

/// How many functions `run --profile` lists.
const TOP_FUNCTIONS: usize = 15;

/// Why nothing could be run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The ELF file could not be read.
    #[error("cannot read {}: {reason} (build it with `cargo lamport build`)", .path.display())]
    ReadElf {
        /// The file.
        path: PathBuf,
        /// The reason.
        reason: std::io::Error,
    },
    /// The keypair next to the ELF could not be read.
    #[error("cannot read the program id from {}: {reason} (or pass --program-id)", .path.display())]
    Keypair {
        /// The keypair file.
        path: PathBuf,
        /// The reason.
        reason: String,
    },
    /// The runtime rejected the ELF.
    #[error("{} is not a loadable program: {reason}", .path.display())]
    Load {
        /// The file.
        path: PathBuf,
        /// The loader's reason.
        reason: lamport_runtime::ProgramLoadError,
    },
    /// The profile could not be written.
    #[error("cannot write the profile into {}: {reason}", .path.display())]
    WriteProfile {
        /// The directory.
        path: PathBuf,
        /// The reason.
        reason: std::io::Error,
    },
    /// An account could not be set up.
    #[error("account {0}: {1}")]
    Setup(usize, String),
}

/// A before/after view of one account the transaction named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChange {
    /// Its address.
    pub address: Pubkey,
    /// What it is (`payer`, `program`, `#1` for the first `--account`…).
    pub label: String,
    /// Before (`None`: did not exist).
    pub before: Option<Account>,
    /// After (`None`: does not exist).
    pub after: Option<Account>,
}

/// The outcome of `cargo lamport run`.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// The program's id.
    pub program_id: Pubkey,
    /// Log lines.
    pub logs: Vec<String>,
    /// Compute units consumed by the whole transaction.
    pub compute_units: u64,
    /// Fee charged.
    pub fee: u64,
    /// Return data, if the program set some.
    pub return_data: Option<Vec<u8>>,
    /// Why the transaction failed, if it did.
    pub error: Option<TransactionError>,
    /// Accounts whose lamports, owner or data changed.
    pub changes: Vec<AccountChange>,
    /// Where the program failed, if it did.
    pub fault: Option<ProgramFault>,
    /// The profile, with `--profile`.
    pub profile: Option<ProfileReport>,
}

fn program_id_for(elf: &Path) -> Result<Pubkey, RunError> {
    let stem = elf.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let keypair = elf.with_file_name(format!("{stem}-keypair.json"));
    if !keypair.exists() {
        return Ok(Pubkey::new_unique());
    }
    read_keypair_file(&keypair)
        .map(|k| k.pubkey())
        .map_err(|e| RunError::Keypair { path: keypair, reason: e.to_string() })
}

/// Runs one transaction (see the [module docs](self)).
pub fn run(opts: &RunOptions) -> Result<RunReport, RunError> {
    let elf = std::fs::read(&opts.elf).map_err(|reason| RunError::ReadElf { path: opts.elf.clone(), reason })?;
    let program_id = match opts.program_id {
        Some(id) => id,
        None => program_id_for(&opts.elf)?,
    };
    // One transaction: the interpreter costs nothing noticeable and, unlike
    // the JIT, gives a failure's whole call stack (same results and units).
    let mut runtime = Runtime::new().with_sigverify(false).with_jit(false);
    if opts.profile.is_some() {
        runtime = runtime.with_profiling(None);
    }
    if opts.unix_timestamp.is_some() || opts.slot.is_some() {
        let mut clock: Clock = runtime.clock();
        if let Some(t) = opts.unix_timestamp {
            clock.unix_timestamp = t;
        }
        if let Some(slot) = opts.slot {
            clock.slot = slot;
        }
        runtime.set_clock(clock);
    }
    // From the file: its `<name>.debug` beside it comes along.
    drop(elf);
    runtime
        .add_program_from_file(program_id, &opts.elf)
        .map_err(|reason| RunError::Load { path: opts.elf.clone(), reason })?;
    let payer = Keypair::new();
    runtime
        .airdrop(&payer.pubkey(), PAYER_LAMPORTS)
        .map_err(|e| RunError::Setup(0, e.to_string()))?;

    let mut labels = vec![(payer.pubkey(), "payer".to_string()), (program_id, "program".to_string())];
    let mut metas = Vec::with_capacity(opts.accounts.len());
    for (i, spec) in opts.accounts.iter().enumerate() {
        let address = match spec.key {
            KeySpec::Address(a) => a,
            KeySpec::New => Pubkey::new_unique(),
            KeySpec::Program => program_id,
            KeySpec::Payer => payer.pubkey(),
        };
        if let Some(state) = &spec.state {
            let owner = match state.owner {
                OwnerSpec::Address(a) => a,
                OwnerSpec::System => Pubkey::default(),
                OwnerSpec::Program => program_id,
            };
            if matches!(spec.key, KeySpec::Program | KeySpec::Payer) {
                return Err(RunError::Setup(i + 1, "the program's and the payer's accounts cannot be given a state".into()));
            }
            runtime.set_account(
                address,
                Account { lamports: state.lamports, data: state.data.clone(), owner, executable: false, rent_epoch: 0 },
            );
        }
        if !labels.iter().any(|(a, _)| *a == address) {
            labels.push((address, format!("#{}", i + 1)));
        }
        metas.push(AccountMeta { pubkey: address, is_signer: spec.signer, is_writable: spec.writable });
    }

    let mut instructions = Vec::with_capacity(2);
    if let Some(limit) = opts.cu_limit {
        instructions.push(compute_budget::set_compute_unit_limit(limit));
    }
    instructions.push(Instruction { program_id, accounts: metas, data: opts.data.clone() });
    let mut tx = Transaction::new_with_payer(&instructions, Some(&payer.pubkey()));
    // Only the payer's signature is real; signatures are not verified.
    tx.try_partial_sign(&[&payer], runtime.latest_blockhash())
        .map_err(|e| RunError::Setup(0, e.to_string()))?;

    let before: Vec<Option<Account>> = labels.iter().map(|(a, _)| runtime.get_account(a)).collect();
    let (meta, error) = match runtime.send_transaction(tx) {
        Ok(meta) => (meta, None),
        Err(failed) => (failed.meta, Some(failed.err)),
    };
    let changes = labels
        .into_iter()
        .zip(before)
        .filter_map(|((address, label), before)| {
            let after = runtime.get_account(&address);
            (before != after).then_some(AccountChange { address, label, before, after })
        })
        .collect();
    let return_data = (!meta.return_data.data.is_empty()).then(|| meta.return_data.data.clone());
    let profile = match (&opts.profile, &meta.profile) {
        (Some(dir), Some(profile)) => {
            let stem = opts.elf.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "program".into());
            let title = format!("{stem}: {} compute units", profile.total());
            let (folded, svg) = profile
                .write_files(dir, &stem, &title)
                .map_err(|reason| RunError::WriteProfile { path: dir.clone(), reason })?;
            let mut functions = profile.functions();
            functions.truncate(TOP_FUNCTIONS);
            Some(ProfileReport { total: profile.total(), functions, svg, folded })
        }
        _ => None,
    };
    Ok(RunReport {
        fault: meta.fault.clone(),
        profile,
        program_id,
        logs: meta.logs.into_vec(),
        compute_units: meta.compute_units_consumed,
        fee: meta.fee,
        return_data,
        error,
        changes,
    })
}

fn short_hex(data: &[u8]) -> String {
    const SHOWN: usize = 64;
    if data.len() <= SHOWN {
        to_hex(data)
    } else {
        format!("{}… ({} bytes)", to_hex(&data[..SHOWN]), data.len())
    }
}

fn owner_name(owner: &Pubkey, program_id: &Pubkey) -> String {
    if *owner == Pubkey::default() {
        "system".into()
    } else if owner == program_id {
        "program".into()
    } else {
        owner.to_string()
    }
}

impl RunReport {
    /// The report as text: logs, result (with the failure's location),
    /// compute units, changed accounts, and the profile's top functions.
    pub fn render(&self) -> String {
        let mut out = self.render_run();
        if let Some(profile) = &self.profile {
            let _ = writeln!(out, "profile:       {} compute units", profile.total);
            let _ = writeln!(out, "  {:>9} {:>9}  function", "self", "total");
            for function in &profile.functions {
                let _ = writeln!(out, "  {:>9} {:>9}  {}", function.exclusive, function.inclusive, function.name);
            }
            let _ = writeln!(out, "flame graph:   {}", profile.svg.display());
            let _ = writeln!(out, "folded stacks: {}", profile.folded.display());
        }
        out
    }

    fn render_run(&self) -> String {
        let mut out = String::new();
        for line in &self.logs {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "program:       {}", self.program_id);
        match &self.error {
            None => {
                let _ = writeln!(out, "result:        success");
            }
            Some(e) => {
                let _ = writeln!(out, "result:        failed: {e}");
            }
        }
        if let Some(fault) = &self.fault {
            for frame in &fault.frames {
                let _ = writeln!(out, "    at {frame}");
            }
        }
        let _ = writeln!(out, "compute units: {}", self.compute_units);
        let _ = writeln!(out, "fee:           {} lamports", self.fee);
        if let Some(data) = &self.return_data {
            let _ = writeln!(out, "return data:   {}", short_hex(data));
        }
        if self.changes.is_empty() {
            let _ = writeln!(out, "no account changed");
            return out;
        }
        let _ = writeln!(out, "changed accounts:");
        for change in &self.changes {
            let _ = writeln!(out, "  {} ({})", change.address, change.label);
            let empty = Account::default();
            let before = change.before.as_ref().unwrap_or(&empty);
            let after = change.after.as_ref().unwrap_or(&empty);
            if before.lamports != after.lamports {
                let _ = writeln!(out, "    lamports: {} -> {}", before.lamports, after.lamports);
            }
            if before.owner != after.owner {
                let _ = writeln!(
                    out,
                    "    owner:    {} -> {}",
                    owner_name(&before.owner, &self.program_id),
                    owner_name(&after.owner, &self.program_id)
                );
            }
            if before.data != after.data {
                let _ = writeln!(out, "    data:     {} -> {} bytes: {}", before.data.len(), after.data.len(), short_hex(&after.data));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_account_specs() {
        let spec: AccountSpec = "new:w:s".parse().unwrap();
        assert_eq!(spec, AccountSpec { key: KeySpec::New, writable: true, signer: true, state: None });
        let spec: AccountSpec = "11111111111111111111111111111111:ws=1_000:program:00ff".parse().unwrap();
        assert_eq!(spec.key, KeySpec::Address(Pubkey::default()));
        assert!(spec.writable && spec.signer);
        assert_eq!(spec.state, Some(AccountState { lamports: 1000, owner: OwnerSpec::Program, data: vec![0, 0xff] }));
        let spec: AccountSpec = "program=5:system:zero*3".parse().unwrap();
        assert_eq!(spec.state.unwrap().data, vec![0; 3]);
        assert_eq!("payer:s".parse::<AccountSpec>().unwrap().key, KeySpec::Payer);
    }

    #[test]
    fn rejects_bad_specs_with_what_to_write() {
        assert_eq!("nope".parse::<AccountSpec>(), Err(SpecError::Key("nope".into())));
        assert_eq!("new:x".parse::<AccountSpec>(), Err(SpecError::Flag("x".into())));
        assert_eq!("new=ten".parse::<AccountSpec>(), Err(SpecError::Lamports("ten".into())));
        assert_eq!("new=1:who".parse::<AccountSpec>(), Err(SpecError::Owner("who".into())));
        assert_eq!("new=1:system:abc".parse::<AccountSpec>(), Err(SpecError::Hex("abc".into())));
        assert!(matches!("new=1:system:00:x".parse::<AccountSpec>(), Err(SpecError::TooManyParts(_))));
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(parse_hex("0x01Ff").unwrap(), vec![1, 255]);
        assert_eq!(parse_hex("").unwrap(), Vec::<u8>::new());
        assert_eq!(parse_hex("0g"), Err(SpecError::Hex("0g".into())));
        assert_eq!(parse_data("zero*99999999999"), Err(SpecError::DataTooLong("99999999999".into())));
        assert_eq!(parse_data(&format!("zero*{}", MAX_ACCOUNT_DATA + 1)), Err(SpecError::DataTooLong((MAX_ACCOUNT_DATA + 1).to_string())));
        assert_eq!(parse_data(&format!("zero*{MAX_ACCOUNT_DATA}")).map(|d| d.len()), Ok(MAX_ACCOUNT_DATA));
        assert_eq!(to_hex(&[0, 0xab]), "00ab");
    }

    #[test]
    fn missing_elf_says_how_to_build_it() {
        let opts = RunOptions { elf: "/nonexistent/p.so".into(), ..RunOptions::default() };
        let err = run(&opts).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/p.so") && err.to_string().contains("cargo lamport build"), "{err}");
    }
}
