//! Runs the built C program in the Lamport runtime. `cargo lamport test`
//! builds it first (into target/deploy/<directory name>.so).

use lamport_runtime::{InstructionError, Runtime, TransactionError, TransactionMeta};
use lamport_sdk::{account::Account, instruction::Instruction, pubkey::Pubkey, signer::Keypair, transaction::Transaction};
use {{crate_name}}::{hello, set, ERROR_NOT_OWNED, ERROR_WRONG_AUTHORITY, VALUE_LEN};

/// The C program is named after this directory.
fn program_name() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    dir.file_name().unwrap().to_string_lossy().replace('-', "_")
}

struct Setup {
    runtime: Runtime,
    program_id: Pubkey,
    payer: Keypair,
}

fn setup() -> Setup {
    let mut runtime = Runtime::new();
    let program_id = runtime.add_program_from_deploy_dir(&program_name()).unwrap_or_else(|e| panic!("{e}"));
    let payer = Keypair::new();
    runtime.airdrop(&payer.pubkey(), 1_000_000_000).unwrap();
    Setup { runtime, program_id, payer }
}

impl Setup {
    fn send(&mut self, ix: Instruction, signers: &[&Keypair]) -> Result<TransactionMeta, TransactionError> {
        let mut all = vec![&self.payer];
        all.extend_from_slice(signers);
        let tx = Transaction::new_signed_with_payer(&[ix], Some(&self.payer.pubkey()), &all, self.runtime.latest_blockhash());
        self.runtime.send_transaction(tx).map_err(|failed| failed.err)
    }

    fn value_account(&mut self, owner: Pubkey) -> Pubkey {
        let address = Pubkey::new_unique();
        let lamports = self.runtime.minimum_balance_for_rent_exemption(VALUE_LEN);
        self.runtime.set_account(address, Account { lamports, data: vec![0; VALUE_LEN], owner, executable: false, rent_epoch: 0 });
        address
    }
}

#[test]
fn hello_logs_a_greeting() {
    let mut s = setup();
    let meta = s.send(hello(&s.program_id), &[]).unwrap();
    assert!(meta.logs.contains(&"Program log: Hello from {{name}}!".to_string()), "{:#?}", meta.logs);
}

#[test]
fn set_claims_the_account_then_only_its_authority_changes_it() {
    let mut s = setup();
    let account = s.value_account(s.program_id);
    let alice = Keypair::new();
    s.send(set(&s.program_id, &account, &alice.pubkey(), 7), &[&alice]).unwrap();
    let data = s.runtime.get_account(&account).unwrap().data;
    assert_eq!(&data[..32], alice.pubkey().as_ref());
    assert_eq!(u64::from_le_bytes(data[32..40].try_into().unwrap()), 7);

    let mallory = Keypair::new();
    let err = s.send(set(&s.program_id, &account, &mallory.pubkey(), 8), &[&mallory]).unwrap_err();
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::Custom(ERROR_WRONG_AUTHORITY)));
}

#[test]
fn set_refuses_an_account_of_another_program() {
    let mut s = setup();
    let account = s.value_account(Pubkey::new_unique());
    let alice = Keypair::new();
    let err = s.send(set(&s.program_id, &account, &alice.pubkey(), 1), &[&alice]).unwrap_err();
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::Custom(ERROR_NOT_OWNED)));
}

#[test]
fn set_needs_a_signature() {
    let mut s = setup();
    let account = s.value_account(s.program_id);
    let alice = Keypair::new();
    let mut ix = set(&s.program_id, &account, &alice.pubkey(), 1);
    ix.accounts[1].is_signer = false;
    let err = s.send(ix, &[]).unwrap_err();
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::MissingRequiredSignature));
}
