//! The counter program, built by `cargo lamport build`, in the runtime.

use counter::{client, state::Counter, CounterError};
use lamport_runtime::{InstructionError, Runtime, TransactionError, TransactionMeta};
use lamport_sdk::{account::Account, instruction::Instruction, pubkey::Pubkey, signer::Keypair, transaction::Transaction};

struct Env {
    runtime: Runtime,
    program: Pubkey,
}

impl Env {
    fn new() -> Self {
        let mut runtime = Runtime::new();
        let program = runtime.add_program_from_deploy_dir("counter").unwrap_or_else(|e| panic!("{e}"));
        Env { runtime, program }
    }

    fn user(&mut self, lamports: u64) -> Keypair {
        let user = Keypair::new();
        self.runtime.airdrop(&user.pubkey(), lamports).unwrap();
        user
    }

    /// Sends `ix` paid and signed by `payer`.
    fn send(&mut self, ix: Instruction, payer: &Keypair) -> Result<TransactionMeta, TransactionError> {
        let tx = Transaction::new_signed_with_payer(&[ix], Some(&payer.pubkey()), &[payer], self.runtime.latest_blockhash());
        self.runtime.send_transaction(tx).map_err(|f| f.err)
    }

    fn counter(&self, address: &Pubkey) -> Counter {
        Counter::read(&self.runtime.get_account(address).expect("counter exists").data).unwrap()
    }
}

#[test]
fn initialize_creates_the_pda_through_the_system_program_then_increments() {
    let mut env = Env::new();
    let alice = env.user(1_000_000_000);
    let (address, bump) = client::counter_address(&env.program, &alice.pubkey());
    let meta = env.send(client::initialize(&env.program, &alice.pubkey()), &alice).unwrap();
    assert!(meta.logs.iter().any(|l| l.starts_with("Program 11111111111111111111111111111111 invoke [2]")), "{:#?}", meta.logs);
    let account = env.runtime.get_account(&address).unwrap();
    assert_eq!(account.owner, env.program);
    assert_eq!(account.lamports, env.runtime.minimum_balance_for_rent_exemption(counter::state::COUNTER_LEN));
    assert_eq!(env.counter(&address), Counter { authority: alice.pubkey(), count: 0, bump });

    env.send(client::increment(&env.program, &address, &alice.pubkey(), 1), &alice).unwrap();
    let meta = env.send(client::increment(&env.program, &address, &alice.pubkey(), 41), &alice).unwrap();
    assert!(meta.logs.contains(&"Program log: count: 42".to_string()), "{:#?}", meta.logs);
    assert_eq!(env.counter(&address).count, 42);
}

#[test]
fn only_the_authority_increments() {
    let mut env = Env::new();
    let alice = env.user(1_000_000_000);
    let mallory = env.user(1_000_000_000);
    env.send(client::initialize(&env.program, &alice.pubkey()), &alice).unwrap();
    let (address, _) = client::counter_address(&env.program, &alice.pubkey());
    let err = env.send(client::increment(&env.program, &address, &mallory.pubkey(), 1), &mallory).unwrap_err();
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::Custom(CounterError::WrongAuthority as u32)));
    // The right key without its signature.
    let mut ix = client::increment(&env.program, &address, &alice.pubkey(), 1);
    ix.accounts[1].is_signer = false;
    assert_eq!(env.send(ix, &mallory).unwrap_err(), TransactionError::InstructionError(0, InstructionError::MissingRequiredSignature));
    assert_eq!(env.counter(&address).count, 0);
}

#[test]
fn a_counter_owned_by_another_program_is_refused() {
    let mut env = Env::new();
    let alice = env.user(1_000_000_000);
    let fake = Pubkey::new_unique();
    let mut data = vec![0u8; counter::state::COUNTER_LEN];
    Counter { authority: alice.pubkey(), count: 5, bump: 0 }.write(&mut data);
    env.runtime.set_account(fake, Account { lamports: 1_000_000, data, owner: Pubkey::new_unique(), executable: false, rent_epoch: 0 });
    let err = env.send(client::increment(&env.program, &fake, &alice.pubkey(), 1), &alice).unwrap_err();
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::IncorrectProgramId));
}

#[test]
fn a_payer_without_the_rent_cannot_create_a_counter() {
    let mut env = Env::new();
    // Rent-exempt itself (a rent-paying fee payer cannot pay a fee) with
    // enough for the fee, not for the counter's rent.
    let own_rent = env.runtime.minimum_balance_for_rent_exemption(0);
    let poor = env.user(own_rent + 10_000);
    let (address, _) = client::counter_address(&env.program, &poor.pubkey());
    let err = env.send(client::initialize(&env.program, &poor.pubkey()), &poor).unwrap_err();
    // The System program's ResultWithNegativeLamports, passed up through the CPI.
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::Custom(1)));
    assert!(env.runtime.get_account(&address).is_none());
}

#[test]
fn a_wrong_address_or_a_second_initialize_fails() {
    let mut env = Env::new();
    let alice = env.user(1_000_000_000);
    let mut ix = client::initialize(&env.program, &alice.pubkey());
    ix.accounts[1].pubkey = Pubkey::new_unique();
    assert_eq!(env.send(ix, &alice).unwrap_err(), TransactionError::InstructionError(0, InstructionError::InvalidSeeds));
    env.send(client::initialize(&env.program, &alice.pubkey()), &alice).unwrap();
    env.runtime.expire_blockhash();
    let err = env.send(client::initialize(&env.program, &alice.pubkey()), &alice).unwrap_err();
    // The System program's AccountAlreadyInUse.
    assert_eq!(err, TransactionError::InstructionError(0, InstructionError::Custom(0)));
}
