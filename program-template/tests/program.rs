//! Runs the built program (target/deploy/{{crate_name}}.so) in the
//! Lamport runtime. `cargo lamport test` builds it first; a plain
//! `cargo test` after editing the program fails to load the old `.so` and
//! says to rebuild.
//!
//! A failed transaction keeps its logs: `expect_success()` and
//! `assert_custom(…)` print them, with the program's error codes by name.

use lamport_runtime::{FailedTransaction, InstructionError, Runtime, TransactionError, TransactionMeta, TransactionOutcome as _, TransactionResult};
use lamport_sdk::{
    account::Account, instruction::Instruction, pubkey::Pubkey, signer::Keypair,
    transaction::Transaction,
};
use {{crate_name}}::{error::Error, instruction::client, state::{Value, VALUE_LEN}};

struct Setup {
    runtime: Runtime,
    program_id: Pubkey,
    payer: Keypair,
}

fn setup() -> Setup {
    let mut runtime = Runtime::new();
    let program_id = runtime.add_program_from_deploy_dir("{{name}}").unwrap_or_else(|e| panic!("{e}"));
    let payer = Keypair::new();
    runtime.airdrop(&payer.pubkey(), 1_000_000_000).unwrap();
    Setup { runtime, program_id, payer }
}

impl Setup {
    /// Sends `ix`, signed by the payer and `signers`; a failure carries the
    /// error, the logs and the compute units.
    fn send(&mut self, ix: Instruction, signers: &[&Keypair]) -> TransactionResult {
        let mut all = vec![&self.payer];
        all.extend_from_slice(signers);
        let tx = Transaction::new_signed_with_payer(&[ix], Some(&self.payer.pubkey()), &all, self.runtime.latest_blockhash());
        self.runtime.send_transaction(tx)
    }

    /// Sends `ix`; panics with the error (named) and the logs if it fails.
    fn succeed(&mut self, ix: Instruction, signers: &[&Keypair]) -> TransactionMeta {
        self.send(ix, signers).unwrap_or_else(|failed| panic!("{}", failed.explain::<Error>()))
    }

    /// Sends `ix`; panics with the logs if it succeeds.
    fn fail(&mut self, ix: Instruction, signers: &[&Keypair]) -> FailedTransaction {
        self.send(ix, signers).expect_failure()
    }

    /// A zeroed value account owned by `owner`.
    fn value_account(&mut self, owner: Pubkey) -> Pubkey {
        let address = Pubkey::new_unique();
        let lamports = self.runtime.minimum_balance_for_rent_exemption(VALUE_LEN);
        self.runtime.set_account(address, Account { lamports, data: vec![0; VALUE_LEN], owner, executable: false, rent_epoch: 0 });
        address
    }

    fn value(&self, account: &Pubkey) -> Value {
        Value::read(&self.runtime.get_account(account).unwrap().data).unwrap()
    }
}

#[test]
fn the_program_runs_under_its_declared_id() {
    let s = setup();
    assert_eq!(
        s.program_id,
        {{crate_name}}::ID,
        "the deploy directory's {{crate_name}}-keypair.json is not the key in `declare_id!` (src/lib.rs): put the one `cargo lamport address` prints there"
    );
}

#[test]
fn hello_logs_a_greeting() {
    let mut s = setup();
    let meta = s.succeed(client::hello(&s.program_id), &[]);
    assert!(meta.logs.contains(&"Program log: Hello from {{name}}!".to_string()), "{:#?}", meta.logs);
    println!("Hello: {} compute units", meta.compute_units_consumed);
}

#[test]
fn set_claims_the_account_then_only_its_authority_changes_it() {
    let mut s = setup();
    let account = s.value_account(s.program_id);
    let alice = Keypair::new();
    s.succeed(client::set(&s.program_id, &account, &alice.pubkey(), 7), &[&alice]);
    assert_eq!(s.value(&account), Value { authority: alice.pubkey(), value: 7 });

    let mallory = Keypair::new();
    s.fail(client::set(&s.program_id, &account, &mallory.pubkey(), 8), &[&mallory]).assert_custom(0, Error::WrongAuthority);
    assert_eq!(s.value(&account).value, 7);
}

#[test]
fn add_past_u64_max_fails_instead_of_wrapping() {
    let mut s = setup();
    let account = s.value_account(s.program_id);
    let alice = Keypair::new();
    s.succeed(client::set(&s.program_id, &account, &alice.pubkey(), u64::MAX - 1), &[&alice]);
    s.succeed(client::add(&s.program_id, &account, &alice.pubkey(), 1), &[&alice]);
    assert_eq!(s.value(&account).value, u64::MAX);

    let failed = s.fail(client::add(&s.program_id, &account, &alice.pubkey(), 2), &[&alice]);
    assert!(failed.meta.logs.iter().any(|l| l.contains("Panicked in src/processor.rs")), "{failed}");
    failed.assert_error(&TransactionError::InstructionError(0, InstructionError::ProgramFailedToComplete));
    assert_eq!(s.value(&account).value, u64::MAX, "the failed instruction changed nothing");
}

#[test]
fn set_needs_a_signature() {
    let mut s = setup();
    let account = s.value_account(s.program_id);
    let alice = Keypair::new();
    let mut ix = client::set(&s.program_id, &account, &alice.pubkey(), 1);
    ix.accounts[1].is_signer = false;
    s.fail(ix, &[]).assert_error(&TransactionError::InstructionError(0, InstructionError::MissingRequiredSignature));
}

#[test]
fn set_refuses_an_account_of_another_program() {
    let mut s = setup();
    let account = s.value_account(Pubkey::new_unique());
    let alice = Keypair::new();
    s.fail(client::set(&s.program_id, &account, &alice.pubkey(), 1), &[&alice]).assert_custom(0, Error::NotOwned);
}

#[test]
fn malformed_data_is_rejected() {
    let mut s = setup();
    s.fail(Instruction::new_with_bytes(s.program_id, &[9], vec![]), &[])
        .assert_error(&TransactionError::InstructionError(0, InstructionError::InvalidInstructionData));
}
