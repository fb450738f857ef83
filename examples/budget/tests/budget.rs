//! The payment plan, built by `cargo lamport build`, in the runtime, with
//! the Clock moved by the test.

use budget::{client, state::{Plan, PLAN_LEN}, BudgetError};
use lamport_runtime::{Clock, InstructionError, Runtime, TransactionError, TransactionMeta};
use lamport_sdk::{account::Account, instruction::Instruction, pubkey::Pubkey, signer::Keypair, transaction::Transaction};

const NOW: i64 = 1_700_000_000;
const DAY: i64 = 86_400;
const AMOUNT: u64 = 500_000_000;

struct Env {
    runtime: Runtime,
    program: Pubkey,
    sender: Keypair,
    recipient: Pubkey,
    witness: Keypair,
}

impl Env {
    fn new() -> Self {
        let mut runtime = Runtime::new();
        let program = runtime.add_program_from_deploy_dir("budget").unwrap_or_else(|e| panic!("{e}"));
        runtime.set_clock(Clock { unix_timestamp: NOW, ..runtime.clock() });
        let sender = Keypair::new();
        runtime.airdrop(&sender.pubkey(), 2_000_000_000).unwrap();
        Env { runtime, program, sender, recipient: Pubkey::new_unique(), witness: Keypair::new() }
    }

    fn send(&mut self, ix: Instruction, signers: &[&Keypair]) -> Result<TransactionMeta, TransactionError> {
        let mut all = vec![&self.sender];
        all.extend_from_slice(signers);
        let tx = Transaction::new_signed_with_payer(&[ix], Some(&self.sender.pubkey()), &all, self.runtime.latest_blockhash());
        let result = self.runtime.send_transaction(tx).map_err(|f| f.err);
        // A new blockhash, so that sending the same instruction again is a new transaction.
        self.runtime.expire_blockhash();
        result
    }

    /// A plan of AMOUNT unlocking in a day, with the witness.
    fn plan(&mut self) -> Pubkey {
        let plan = Keypair::new();
        let ix = client::create(&self.program, &self.sender.pubkey(), &plan.pubkey(), &self.recipient, Some(&self.witness.pubkey()), NOW + DAY, AMOUNT);
        self.send(ix, &[&plan]).unwrap();
        plan.pubkey()
    }

    fn warp(&mut self, unix_timestamp: i64) {
        self.runtime.set_clock(Clock { unix_timestamp, ..self.runtime.clock() });
    }

    fn release(&mut self, plan: &Pubkey, witness: Option<&Keypair>) -> Result<TransactionMeta, TransactionError> {
        let ix = client::release(&self.program, plan, &self.recipient, &self.sender.pubkey(), witness.map(|w| w.pubkey()).as_ref());
        let signers: Vec<&Keypair> = witness.into_iter().collect();
        self.send(ix, &signers)
    }
}

fn custom(e: BudgetError) -> TransactionError {
    TransactionError::InstructionError(0, InstructionError::Custom(e as u32))
}

#[test]
fn create_locks_the_amount_in_a_program_account() {
    let mut env = Env::new();
    let plan = env.plan();
    let account = env.runtime.get_account(&plan).unwrap();
    assert_eq!(account.owner, env.program);
    assert_eq!(account.lamports, AMOUNT + env.runtime.minimum_balance_for_rent_exemption(PLAN_LEN));
    let state = Plan::read(&account.data).unwrap();
    assert_eq!((state.sender, state.recipient, state.unlock_at, state.amount), (env.sender.pubkey(), env.recipient, NOW + DAY, AMOUNT));
}

#[test]
fn release_before_the_date_without_the_witness_fails() {
    let mut env = Env::new();
    let plan = env.plan();
    assert_eq!(env.release(&plan, None).unwrap_err(), custom(BudgetError::TooEarly));
    env.warp(NOW + DAY - 1);
    assert_eq!(env.release(&plan, None).unwrap_err(), custom(BudgetError::TooEarly));
    // Someone else's signature is not the witness's.
    let impostor = Keypair::new();
    assert_eq!(env.release(&plan, Some(&impostor)).unwrap_err(), custom(BudgetError::TooEarly));
    assert_eq!(env.runtime.get_balance(&env.recipient), 0);
}

#[test]
fn release_after_the_date_pays_the_recipient_and_returns_the_rent() {
    let mut env = Env::new();
    let plan = env.plan();
    let sender_before = env.runtime.get_balance(&env.sender.pubkey());
    let rent = env.runtime.minimum_balance_for_rent_exemption(PLAN_LEN);
    env.warp(NOW + DAY);
    let meta = env.release(&plan, None).unwrap();
    assert!(meta.logs.iter().any(|l| l.contains("date reached")), "{:#?}", meta.logs);
    assert_eq!(env.runtime.get_balance(&env.recipient), AMOUNT);
    assert_eq!(env.runtime.get_balance(&env.sender.pubkey()), sender_before + rent - meta.fee);
    assert!(env.runtime.get_account(&plan).is_none(), "the plan is closed");
}

#[test]
fn the_witness_releases_early() {
    let mut env = Env::new();
    let plan = env.plan();
    let witness = env.witness.insecure_clone();
    let meta = env.release(&plan, Some(&witness)).unwrap();
    assert!(meta.logs.iter().any(|l| l.contains("witness signed")), "{:#?}", meta.logs);
    assert_eq!(env.runtime.get_balance(&env.recipient), AMOUNT);
}

#[test]
fn the_sender_cancels_before_the_date_but_not_after() {
    let mut env = Env::new();
    let plan = env.plan();
    let before = env.runtime.get_balance(&env.sender.pubkey());
    let locked = env.runtime.get_balance(&plan);
    let meta = env.send(client::cancel(&env.program, &plan, &env.sender.pubkey()), &[]).unwrap();
    assert_eq!(env.runtime.get_balance(&env.sender.pubkey()), before + locked - meta.fee);
    assert!(env.runtime.get_account(&plan).is_none());

    let plan = env.plan();
    env.warp(NOW + DAY);
    let err = env.send(client::cancel(&env.program, &plan, &env.sender.pubkey()), &[]).unwrap_err();
    assert_eq!(err, custom(BudgetError::TooLate));
}

#[test]
fn only_the_sender_cancels_and_only_to_the_named_parties() {
    let mut env = Env::new();
    let plan = env.plan();
    let mallory = Keypair::new();
    env.runtime.airdrop(&mallory.pubkey(), 1_000_000_000).unwrap();
    let err = env.send(client::cancel(&env.program, &plan, &mallory.pubkey()), &[&mallory]).unwrap_err();
    assert_eq!(err, custom(BudgetError::WrongSender));
    env.warp(NOW + DAY);
    let ix = client::release(&env.program, &plan, &mallory.pubkey(), &env.sender.pubkey(), None);
    assert_eq!(env.send(ix, &[]).unwrap_err(), custom(BudgetError::WrongRecipient));
    let ix = client::release(&env.program, &plan, &env.recipient, &mallory.pubkey(), None);
    assert_eq!(env.send(ix, &[]).unwrap_err(), custom(BudgetError::WrongSender));
}

#[test]
fn a_sender_without_the_funds_cannot_create_a_plan() {
    let mut env = Env::new();
    let plan = Keypair::new();
    let ix = client::create(&env.program, &env.sender.pubkey(), &plan.pubkey(), &env.recipient, None, NOW + DAY, 5_000_000_000);
    assert_eq!(env.send(ix, &[&plan]).unwrap_err(), custom(BudgetError::InsufficientFunds));
    let ix = client::create(&env.program, &env.sender.pubkey(), &plan.pubkey(), &env.recipient, None, NOW + DAY, 0);
    assert_eq!(env.send(ix, &[&plan]).unwrap_err(), custom(BudgetError::ZeroAmount));
}

#[test]
fn a_plan_owned_by_another_program_is_refused() {
    let mut env = Env::new();
    let fake = Pubkey::new_unique();
    let mut data = vec![0u8; PLAN_LEN];
    Plan { sender: env.sender.pubkey(), recipient: env.recipient, witness: Pubkey::default(), unlock_at: 0, amount: 1 }.write(&mut data);
    env.runtime.set_account(fake, Account { lamports: 10_000_000, data, owner: Pubkey::new_unique(), executable: false, rent_epoch: 0 });
    let ix = client::release(&env.program, &fake, &env.recipient, &env.sender.pubkey(), None);
    assert_eq!(env.send(ix, &[]).unwrap_err(), TransactionError::InstructionError(0, InstructionError::IncorrectProgramId));
}
