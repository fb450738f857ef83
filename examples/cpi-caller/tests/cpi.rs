//! cpi-caller invoking cpi-callee, both built by `cargo lamport build`.

use lamport_runtime::{InstructionError, Runtime, TransactionError, TransactionMeta};
use lamport_sdk::{instruction::Instruction, pubkey::Pubkey, signer::Keypair, transaction::Transaction};

struct Env {
    runtime: Runtime,
    caller: Pubkey,
    callee: Pubkey,
    user: Keypair,
}

impl Env {
    fn new() -> Self {
        let mut runtime = Runtime::new();
        let caller = runtime.add_program_from_deploy_dir("cpi-caller").unwrap_or_else(|e| panic!("{e}"));
        let callee = runtime.add_program_from_deploy_dir("cpi-callee").unwrap_or_else(|e| panic!("{e}"));
        let user = Keypair::new();
        runtime.airdrop(&user.pubkey(), 1_000_000_000).unwrap();
        Env { runtime, caller, callee, user }
    }

    fn send(&mut self, ix: Instruction) -> Result<TransactionMeta, TransactionError> {
        let tx = Transaction::new_signed_with_payer(&[ix], Some(&self.user.pubkey()), &[&self.user], self.runtime.latest_blockhash());
        self.runtime.send_transaction(tx).map_err(|f| f.err)
    }
}

#[test]
fn caller_reads_the_callees_return_data() {
    let mut env = Env::new();
    let meta = env.send(cpi_caller::client::double(&env.caller, &env.callee, &env.user.pubkey(), 20, 1)).unwrap();
    assert_eq!(meta.return_data.program_id, env.caller);
    assert_eq!(meta.return_data.data, 42u64.to_le_bytes());
    let callee_invoked = format!("Program {} invoke [2]", env.callee);
    assert!(meta.logs.contains(&callee_invoked), "{:#?}", meta.logs);
    assert!(meta.logs.contains(&"Program log: callee: 20 + 1 = 21".to_string()), "{:#?}", meta.logs);
    assert!(meta.logs.contains(&"Program log: caller: callee returned 21, returning 42".to_string()), "{:#?}", meta.logs);
    println!("Double through CPI: {} compute units", meta.compute_units_consumed);
}

#[test]
fn callee_alone_returns_the_sum() {
    let mut env = Env::new();
    let meta = env.send(cpi_callee::client::add(&env.callee, &env.user.pubkey(), 2, 3)).unwrap();
    assert_eq!(meta.return_data.program_id, env.callee);
    assert_eq!(meta.return_data.data, 5u64.to_le_bytes());
    let mut ix = cpi_callee::client::add(&env.callee, &Pubkey::new_unique(), 2, 3);
    ix.accounts[0].is_signer = false;
    assert_eq!(env.send(ix).unwrap_err(), TransactionError::InstructionError(0, InstructionError::MissingRequiredSignature));
}

#[test]
fn callee_errors_propagate_to_the_caller() {
    let mut env = Env::new();
    let err = env.send(cpi_caller::client::double(&env.caller, &env.callee, &env.user.pubkey(), u64::MAX, 1)).unwrap_err();
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::Custom(cpi_callee::ERROR_OVERFLOW)));
    let err = env.send(cpi_caller::client::double(&env.caller, &env.callee, &env.user.pubkey(), u64::MAX / 2, 1)).unwrap_err();
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::Custom(cpi_caller::ERROR_OVERFLOW)));
}

#[test]
fn the_user_must_sign_the_transaction_for_the_callee_to_see_a_signer() {
    let mut env = Env::new();
    let stranger = Pubkey::new_unique();
    let mut ix = cpi_caller::client::double(&env.caller, &env.callee, &stranger, 1, 1);
    ix.accounts[0].is_signer = false;
    let err = env.send(ix).unwrap_err();
    // The caller asks for a signer it does not have: the runtime refuses the CPI.
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::PrivilegeEscalation));
}

#[test]
fn a_non_program_callee_is_refused() {
    let mut env = Env::new();
    let not_a_program = Pubkey::new_unique();
    env.runtime.airdrop(&not_a_program, 1_000_000).unwrap();
    let err = env.send(cpi_caller::client::double(&env.caller, &not_a_program, &env.user.pubkey(), 1, 1)).unwrap_err();
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::IncorrectProgramId));
}
