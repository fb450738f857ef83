//! Programs of the Solana ecosystem built by `cargo lamport build` (the std
//! programs of `ecosystem/` and SPL Token 3.5.0 from its crates.io source)
//! run in Agave's SVM (LiteSVM 0.17 on Agave 4.3) with the results, account
//! contents, logs and compute units lamport-runtime gives: every transaction
//! below runs in both, and [`Both::send`] asserts they agree.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use lamport_agave_compat::{address, keypair, repository};
use lamport_cu_bench::cargo_lamport;
use lamport_runtime::{LoaderKind, Runtime};
use lamport_sdk::{
    account::Account,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
    transaction::Transaction,
};
use litesvm::LiteSVM;
use solana_signer::Signer;

/// The target directory the toolchain's own ecosystem tests use too, so
/// each program and its dependencies build once.
fn target_dir() -> PathBuf {
    repository().join("target/tmp/ecosystem")
}

fn build(manifest: &Path, name: &str) -> Vec<u8> {
    let tool = cargo_lamport().unwrap_or_else(|err| panic!("{err}"));
    let deploy = target_dir().join("deploy");
    let output = std::process::Command::new(&tool)
        .args(["lamport", "build", "--quiet", "--manifest-path"])
        .arg(manifest)
        .arg("--out-dir")
        .arg(&deploy)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|err| panic!("cannot run {}: {err}", tool.display()));
    assert!(output.status.success(), "cargo lamport build {} failed:\n{}", manifest.display(), String::from_utf8_lossy(&output.stderr));
    std::fs::read(deploy.join(format!("{name}.so"))).unwrap()
}

fn program(dir: &str, name: &str) -> Vec<u8> {
    build(&repository().join("ecosystem").join(dir).join("Cargo.toml"), name)
}

/// SPL Token 3.5.0 as published, unpacked by `scripts/unpack-crate.sh`.
fn spl_token_from_source() -> &'static [u8] {
    static ELF: OnceLock<Vec<u8>> = OnceLock::new();
    ELF.get_or_init(|| {
        // Outside the repository, whose workspace would otherwise claim it.
        let copy = std::env::temp_dir().join(format!("lamport-spl-token-3.5.0-{}", std::process::id()));
        let output = std::process::Command::new("bash")
            .arg(repository().join("scripts/unpack-crate.sh"))
            .args(["spl-token", "3.5.0"])
            .arg(&copy)
            .arg(repository().join("ecosystem/spl-token-3.5.0/Cargo.lock"))
            .output()
            .unwrap();
        assert!(output.status.success(), "unpacking spl-token 3.5.0 failed:\n{}", String::from_utf8_lossy(&output.stderr));
        let elf = build(&copy.join("Cargo.toml"), "spl_token");
        let _ = std::fs::remove_dir_all(&copy);
        elf
    })
}

/// What a transaction gave: its error (as text), logs and compute units.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    error: Option<String>,
    logs: Vec<String>,
    compute_units: u64,
}

/// The same program in LiteSVM and in lamport-runtime, with the same payer.
struct Both {
    svm: LiteSVM,
    runtime: Runtime,
    payer: Keypair,
    program: Pubkey,
}

impl Both {
    fn new(elf: &[u8], program: Pubkey) -> Self {
        Self::with_loader(elf, program, None)
    }

    /// With the runtime's loader `kind` (LiteSVM's `add_program` is the upgradeable loader's).
    fn with_loader(elf: &[u8], program: Pubkey, kind: Option<LoaderKind>) -> Self {
        let mut svm = LiteSVM::new();
        svm.add_program(address(&program), elf).unwrap_or_else(|err| panic!("LiteSVM refuses the program: {err:?}"));
        let mut runtime = Runtime::new();
        match kind {
            Some(kind) => runtime.add_program_with_loader(program, elf, kind),
            None => runtime.add_program(program, elf),
        }
        .expect("lamport-runtime loads the program");
        let payer = Keypair::new();
        svm.airdrop(&address(&payer.pubkey()), 10_000_000_000).unwrap();
        runtime.airdrop(&payer.pubkey(), 10_000_000_000).unwrap();
        Both { svm, runtime, payer, program }
    }

    /// Sets the same account in both.
    fn set_account(&mut self, key: Pubkey, account: Account) {
        let agave = solana_account::Account {
            lamports: account.lamports,
            data: account.data.clone(),
            owner: address(&account.owner),
            executable: account.executable,
            rent_epoch: account.rent_epoch,
        };
        self.svm.set_account(address(&key), agave).unwrap();
        self.runtime.set_account(key, account);
    }

    /// A new account owned by `owner` holding `data`, rent-exempt by Agave's rent.
    fn account(&mut self, owner: Pubkey, data: Vec<u8>) -> Pubkey {
        let key = Pubkey::new_unique();
        let lamports = self.svm.minimum_balance_for_rent_exemption(data.len());
        self.set_account(key, Account::new_with_data(lamports, data, &owner));
        key
    }

    /// Runs the instruction in both; asserts the same outcome and the same
    /// resulting accounts; returns the outcome.
    fn send(&mut self, data: Vec<u8>, accounts: Vec<AccountMeta>, signers: &[&Keypair]) -> Outcome {
        let instruction = Instruction { program_id: self.program, accounts: accounts.clone(), data };
        let agave_instruction = solana_instruction::Instruction {
            program_id: address(&instruction.program_id),
            accounts: accounts
                .iter()
                .map(|m| solana_instruction::AccountMeta { pubkey: address(&m.pubkey), is_signer: m.is_signer, is_writable: m.is_writable })
                .collect(),
            data: instruction.data.clone(),
        };
        let mut agave_signers = vec![keypair(&self.payer)];
        agave_signers.extend(signers.iter().map(|k| keypair(k)));
        let agave_tx = solana_transaction::Transaction::new(
            &agave_signers.iter().collect::<Vec<_>>(),
            solana_message::Message::new(&[agave_instruction], Some(&agave_signers[0].pubkey())),
            self.svm.latest_blockhash(),
        );
        let agave = match self.svm.send_transaction(agave_tx) {
            Ok(meta) => Outcome { error: None, logs: meta.logs, compute_units: meta.compute_units_consumed },
            Err(failed) => Outcome { error: Some(format!("{:?}", failed.err)), logs: failed.meta.logs, compute_units: failed.meta.compute_units_consumed },
        };
        self.svm.expire_blockhash();

        let mut our_signers = vec![&self.payer];
        our_signers.extend_from_slice(signers);
        let tx = Transaction::new_signed_with_payer(&[instruction], Some(&self.payer.pubkey()), &our_signers, self.runtime.latest_blockhash());
        let ours = match self.runtime.send_transaction(tx) {
            Ok(meta) => Outcome { error: None, logs: meta.logs.into_vec(), compute_units: meta.compute_units_consumed },
            Err(failed) => Outcome { error: Some(format!("{:?}", failed.err)), logs: failed.meta.logs.into_vec(), compute_units: failed.meta.compute_units_consumed },
        };
        self.runtime.expire_blockhash();

        assert_eq!(agave, ours, "Agave (left) and lamport-runtime (right) differ");
        // The accounts the instruction could change: writable ones.
        for meta in accounts.iter().filter(|m| m.is_writable) {
            let theirs = self.svm.get_account(&address(&meta.pubkey)).filter(|a| a.lamports > 0);
            let mine = self.runtime.get_account(&meta.pubkey).filter(|a| a.lamports > 0);
            assert_eq!(theirs.as_ref().map(|a| (&a.data, a.owner.to_bytes())), mine.as_ref().map(|a| (&a.data, a.owner.to_bytes())), "account {}", meta.pubkey);
            if meta.pubkey != self.payer.pubkey() {
                assert_eq!(theirs.map(|a| a.lamports), mine.map(|a| a.lamports), "lamports of {}", meta.pubkey);
            }
        }
        ours
    }

    fn data(&self, key: &Pubkey) -> Vec<u8> {
        self.runtime.get_account(key).unwrap().data
    }
}

fn succeeded(outcome: &Outcome) {
    assert_eq!(outcome.error, None, "{:#?}", outcome.logs);
}

#[test]
fn solana_program_hello_world_alike_in_agave() {
    let mut both = Both::new(&program("hello-solana-program", "hello_solana_program"), Pubkey::new_unique());
    let outcome = both.send(vec![1, 2, 3], vec![AccountMeta::new_readonly(Pubkey::new_unique(), false)], &[]);
    succeeded(&outcome);
    assert!(outcome.logs.contains(&"Program log: Hello, world!".to_string()), "{:#?}", outcome.logs);
    println!("solana-program hello world: {} CU in both", outcome.compute_units);
}

#[test]
fn std_differential_program_alike_in_agave() {
    // The toolchain's std differential program (collections, formatting,
    // floats through std, trait objects, Rc<RefCell>, atomics, io::Write):
    // it logs its report and checksum, which its native build must match
    // (cargo-lamport/tests/std_programs.rs); here Agave's SVM must log the
    // same lines for the same compute units.
    let manifest = repository().join("cargo-lamport/tests/programs/std-differential/Cargo.toml");
    let mut both = Both::new(&build(&manifest, "std_differential"), Pubkey::new_unique());
    let outcome = both.send(b"lamport: std in Agave's SVM, 0123456789".to_vec(), vec![], &[]);
    succeeded(&outcome);
    assert!(outcome.logs.iter().any(|line| line.starts_with("Program log: checksum ")), "{:#?}", outcome.logs);
    println!("std differential program: {} CU in both", outcome.compute_units);
}

#[test]
fn solana_program_1_18_tip_jar_alike_in_agave() {
    let mut both = Both::new(&program("tip-jar", "tip_jar"), Pubkey::new_unique());
    let program = both.program;
    let jar = both.account(program, vec![0; 44]);
    let owner = both.account(Pubkey::default(), vec![]);
    let mut open = vec![0];
    open.extend_from_slice(owner.as_ref());
    succeeded(&both.send(open, vec![AccountMeta::new(jar, false)], &[]));
    let mut tip = vec![1];
    tip.extend_from_slice(&2_500u64.to_le_bytes());
    tip.extend_from_slice(&5u32.to_le_bytes());
    tip.extend_from_slice(b"merci");
    let payer = both.payer.pubkey();
    let accounts = vec![
        AccountMeta::new(payer, true),
        AccountMeta::new(jar, false),
        AccountMeta::new(owner, false),
        AccountMeta::new_readonly(lamport_sdk::system::ID, false),
    ];
    let outcome = both.send(tip.clone(), accounts.clone(), &[]);
    succeeded(&outcome);
    assert!(outcome.logs.contains(&"Program log: Tip #1 of 2500 lamports: merci".to_string()), "{:#?}", outcome.logs);
    assert_eq!(both.data(&jar)[32..44], [1, 0, 0, 0, 0xc4, 0x09, 0, 0, 0, 0, 0, 0]);
    println!("tip jar: Tip {} CU in both", outcome.compute_units);
    let mut wrong = accounts;
    wrong[2] = AccountMeta::new(Pubkey::new_unique(), false);
    let outcome = both.send(tip, wrong, &[]);
    assert_eq!(outcome.error.as_deref(), Some("InstructionError(0, Custom(2))"));
}

#[test]
fn pinocchio_std_style_alike_in_agave() {
    let mut both = Both::new(&program("pinocchio-std", "pinocchio_std"), Pubkey::new_unique());
    let record = both.account(both.program, vec![0; 8]);
    let accounts = vec![AccountMeta::new(record, false)];
    let outcome = both.send(vec![0], accounts.clone(), &[]);
    succeeded(&outcome);
    println!("pinocchio std style: {} CU in both", outcome.compute_units);
    let lamports = both.runtime.get_balance(&record);
    assert_eq!(both.data(&record), lamports.to_le_bytes());
    // A panic reports through Pinocchio's hook and std's panic handler, alike.
    let outcome = both.send(vec![1], accounts, &[]);
    assert!(outcome.error.is_some());
    assert!(outcome.logs.contains(&"Program log: ** PANICKED **".to_string()), "{:#?}", outcome.logs);
}

fn anchor_discriminator(namespace: &str, name: &str) -> Vec<u8> {
    lamport_sdk::hash::hash(format!("{namespace}:{name}").as_bytes()).to_bytes()[..8].to_vec()
}

#[test]
fn anchor_counter_alike_in_agave() {
    let elf = program("anchor-counter", "anchor_counter");
    let id = lamport_sdk::signer::read_keypair_file(repository().join("ecosystem/anchor-counter/anchor_counter-keypair.json")).unwrap().pubkey();
    let mut both = Both::new(&elf, id);
    let authority = both.payer.pubkey();
    let (counter, _) = Pubkey::find_program_address(&[b"counter", authority.as_ref()], &id);
    let mut initialize = anchor_discriminator("global", "initialize");
    initialize.extend_from_slice(&5u64.to_le_bytes());
    let outcome = both.send(
        initialize,
        vec![AccountMeta::new(counter, false), AccountMeta::new(authority, true), AccountMeta::new_readonly(lamport_sdk::system::ID, false)],
        &[],
    );
    succeeded(&outcome);
    println!("anchor: Initialize {} CU in both", outcome.compute_units);
    let mut increment = anchor_discriminator("global", "increment");
    increment.extend_from_slice(&10u64.to_le_bytes());
    let outcome = both.send(increment, vec![AccountMeta::new(counter, false), AccountMeta::new_readonly(authority, true)], &[]);
    succeeded(&outcome);
    println!("anchor: Increment {} CU in both", outcome.compute_units);
    assert_eq!(both.data(&counter)[40..48], 15u64.to_le_bytes());
    let intruder = Keypair::new();
    let close = anchor_discriminator("global", "close");
    let outcome = both.send(close.clone(), vec![AccountMeta::new(counter, false), AccountMeta::new(intruder.pubkey(), true)], &[&intruder]);
    assert_eq!(outcome.error.as_deref(), Some("InstructionError(0, Custom(2001))"));
    succeeded(&both.send(close, vec![AccountMeta::new(counter, false), AccountMeta::new(authority, true)], &[]));
    assert_eq!(both.runtime.get_balance(&counter), 0);
}

#[test]
fn spl_token_from_source_alike_in_agave() {
    const TOKEN: Pubkey = Pubkey::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    let mut both = Both::with_loader(spl_token_from_source(), TOKEN, Some(LoaderKind::Upgradeable));
    let owner = both.payer.pubkey();
    let mint = Pubkey::new_unique();
    let lamports = both.svm.minimum_balance_for_rent_exemption(82);
    both.set_account(mint, Account::new_with_data(lamports, vec![0; 82], &TOKEN));
    let mut initialize = vec![0, 6];
    initialize.extend_from_slice(owner.as_ref());
    initialize.push(0);
    let rent = Pubkey::from_str_const("SysvarRent111111111111111111111111111111111");
    let outcome = both.send(initialize, vec![AccountMeta::new(mint, false), AccountMeta::new_readonly(rent, false)], &[]);
    succeeded(&outcome);
    println!("spl-token 3.5.0 from source: InitializeMint {} CU in both", outcome.compute_units);

    let token_account = |amount: u64, owner: &Pubkey| lamport_sdk::token::account_data(&mint, owner, amount).to_vec();
    let source = both.account(TOKEN, token_account(1_000, &owner));
    let destination = both.account(TOKEN, token_account(0, &Pubkey::new_unique()));
    let transfer = |amount: u64| {
        let mut data = vec![3];
        data.extend_from_slice(&amount.to_le_bytes());
        data
    };
    let accounts = vec![AccountMeta::new(source, false), AccountMeta::new(destination, false), AccountMeta::new_readonly(owner, true)];
    let outcome = both.send(transfer(300), accounts.clone(), &[]);
    succeeded(&outcome);
    println!("spl-token 3.5.0 from source: Transfer {} CU in both", outcome.compute_units);
    assert!(outcome.compute_units <= 1_700, "{} CU", outcome.compute_units);
    assert_eq!(both.data(&destination)[64..72], 300u64.to_le_bytes());
    let outcome = both.send(transfer(701), accounts, &[]);
    assert_eq!(outcome.error.as_deref(), Some("InstructionError(0, Custom(1))"));
}
