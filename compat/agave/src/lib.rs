//! Our programs in Agave's own SVM: helpers that run the same transaction
//! in LiteSVM (Agave 4.3's program runtime, loader and compute budget) and
//! in lamport-runtime, so tests can compare results, logs and compute units.
//!
//! Programs are built by `cargo lamport build` from the repository's
//! `target/debug/cargo-lamport` (or `$CARGO_LAMPORT`), the same binary the
//! compute-unit benchmark uses.

use std::path::{Path, PathBuf};

pub mod differential;
pub mod programs;
pub mod scenarios;

use lamport_cu_bench::{cargo_lamport, Scenario};
use litesvm::{
    types::{FailedTransactionMetadata, TransactionMetadata},
    LiteSVM,
};
use solana_account::Account;
use solana_address::Address;
use solana_instruction::{AccountMeta, Instruction};
use solana_keypair::Keypair;
use solana_message::Message;
use solana_signer::Signer;
use solana_transaction::Transaction;

/// The repository root.
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Builds the program crate(s) at `manifest` with `cargo lamport build`
/// into `out_dir` and returns the bytes of `<name>.so`.
pub fn build(manifest: &Path, out_dir: &Path, name: &str) -> Vec<u8> {
    build_with(&["--manifest-path".as_ref(), manifest.as_os_str()], out_dir, name)
}

/// Builds the C program in directory `dir` (`cargo lamport build DIR`) into
/// `out_dir`; returns the bytes of `<name>.so`.
pub fn build_c(dir: &Path, out_dir: &Path, name: &str) -> Vec<u8> {
    build_with(&[dir.as_os_str()], out_dir, name)
}

fn build_with(what: &[&std::ffi::OsStr], out_dir: &Path, name: &str) -> Vec<u8> {
    let tool = cargo_lamport().unwrap_or_else(|err| panic!("{err}"));
    let output = std::process::Command::new(&tool)
        .args(["lamport", "build", "--quiet"])
        .args(what)
        .arg("--out-dir")
        .arg(out_dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|err| panic!("cannot run {}: {err}", tool.display()));
    assert!(output.status.success(), "cargo lamport build failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let so = out_dir.join(format!("{name}.so"));
    std::fs::read(&so).unwrap_or_else(|err| panic!("{}: {err}", so.display()))
}

/// The Solana form of one of our addresses.
pub fn address(key: &lamport_sdk::pubkey::Pubkey) -> Address {
    Address::new_from_array(key.to_bytes())
}

/// The Solana form of one of our keypairs (same secret, same address).
pub fn keypair(keypair: &lamport_sdk::signer::Keypair) -> Keypair {
    Keypair::new_from_array(keypair.secret_bytes())
}

/// The result of a LiteSVM transaction.
pub type AgaveResult = Result<TransactionMetadata, Box<FailedTransactionMetadata>>;

/// Runs an instruction of `program_id` with `data` and the writable signer
/// accounts of `signers` (set to the given states) in a fresh LiteSVM,
/// paid by `payer`, with the ELF added by `LiteSVM::add_program`.
pub fn run_in_litesvm(
    elf: &[u8],
    program_id: Address,
    payer: &Keypair,
    signers: &[(Keypair, Account)],
    data: Vec<u8>,
) -> AgaveResult {
    let mut svm = LiteSVM::new();
    svm.add_program(program_id, elf).unwrap_or_else(|err| panic!("LiteSVM refuses the program: {err:?}"));
    svm.airdrop(&payer.pubkey(), Scenario::PAYER_LAMPORTS).expect("airdrop");
    for (keypair, account) in signers {
        svm.set_account(keypair.pubkey(), account.clone()).expect("account set");
    }
    let metas = signers.iter().map(|(keypair, _)| AccountMeta::new(keypair.pubkey(), true)).collect();
    let instruction = Instruction { program_id, accounts: metas, data };
    let mut all: Vec<&Keypair> = vec![payer];
    all.extend(signers.iter().map(|(keypair, _)| keypair));
    let tx = Transaction::new(&all, Message::new(&[instruction], Some(&payer.pubkey())), svm.latest_blockhash());
    svm.send_transaction(tx).map_err(Box::new)
}

/// Runs the compute-unit benchmark's `scenario` with `data` in LiteSVM.
pub fn run_scenario_in_litesvm(elf: &[u8], scenario: &Scenario, data: Vec<u8>) -> AgaveResult {
    let signers: Vec<(Keypair, Account)> = scenario
        .accounts
        .iter()
        .map(|(key, account)| {
            let state = Account {
                lamports: account.lamports,
                data: account.data.clone(),
                owner: address(&account.owner),
                executable: account.executable,
                rent_epoch: account.rent_epoch,
            };
            (keypair(key), state)
        })
        .collect();
    run_in_litesvm(elf, address(&scenario.program_id), &keypair(&scenario.payer), &signers, data)
}
