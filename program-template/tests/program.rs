//! Runs the built program (target/deploy/{{crate_name}}.so) in the
//! Lamport runtime. `cargo lamport test` builds it first.

use lamport_runtime::{InstructionError, Runtime, TransactionError};
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
    fn send(&mut self, ix: Instruction, signers: &[&Keypair]) -> Result<lamport_runtime::TransactionMeta, TransactionError> {
        let mut all = vec![&self.payer];
        all.extend_from_slice(signers);
        let tx = Transaction::new_signed_with_payer(&[ix], Some(&self.payer.pubkey()), &all, self.runtime.latest_blockhash());
        self.runtime.send_transaction(tx).map_err(|failed| failed.err)
    }

    /// A zeroed value account owned by `owner`.
    fn value_account(&mut self, owner: Pubkey) -> Pubkey {
        let address = Pubkey::new_unique();
        let lamports = self.runtime.minimum_balance_for_rent_exemption(VALUE_LEN);
        self.runtime.set_account(address, Account { lamports, data: vec![0; VALUE_LEN], owner, executable: false, rent_epoch: 0 });
        address
    }
}

fn custom(e: Error) -> TransactionError {
    TransactionError::InstructionError(0, InstructionError::Custom(e as u32))
}

#[test]
fn hello_logs_a_greeting() {
    let mut s = setup();
    let meta = s.send(client::hello(&s.program_id), &[]).unwrap();
    assert!(meta.logs.contains(&"Program log: Hello from {{name}}!".to_string()), "{:#?}", meta.logs);
    println!("Hello: {} compute units", meta.compute_units_consumed);
}

#[test]
fn set_claims_the_account_then_only_its_authority_changes_it() {
    let mut s = setup();
    let account = s.value_account(s.program_id);
    let alice = Keypair::new();
    s.send(client::set(&s.program_id, &account, &alice.pubkey(), 7), &[&alice]).unwrap();
    let value = Value::read(&s.runtime.get_account(&account).unwrap().data).unwrap();
    assert_eq!(value, Value { authority: alice.pubkey(), value: 7 });

    let mallory = Keypair::new();
    let err = s.send(client::set(&s.program_id, &account, &mallory.pubkey(), 8), &[&mallory]).unwrap_err();
    assert_eq!(err, custom(Error::WrongAuthority));
    assert_eq!(Value::read(&s.runtime.get_account(&account).unwrap().data).unwrap().value, 7);
}

#[test]
fn set_needs_a_signature() {
    let mut s = setup();
    let account = s.value_account(s.program_id);
    let alice = Keypair::new();
    let mut ix = client::set(&s.program_id, &account, &alice.pubkey(), 1);
    ix.accounts[1].is_signer = false;
    let err = s.send(ix, &[]).unwrap_err();
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::MissingRequiredSignature));
}

#[test]
fn set_refuses_an_account_of_another_program() {
    let mut s = setup();
    let account = s.value_account(Pubkey::new_unique());
    let alice = Keypair::new();
    let err = s.send(client::set(&s.program_id, &account, &alice.pubkey(), 1), &[&alice]).unwrap_err();
    assert_eq!(err, custom(Error::NotOwned));
}

#[test]
fn malformed_data_is_rejected() {
    let mut s = setup();
    let err = s.send(Instruction::new_with_bytes(s.program_id, &[9], vec![]), &[]).unwrap_err();
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::InvalidInstructionData));
}
