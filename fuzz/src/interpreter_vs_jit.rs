//! `interpreter_vs_jit`: the same transaction in the interpreter and in the
//! JIT.
//!
//! The input describes account states (lamports, data, owner, executable)
//! and up to three instructions to the examples and fixture programs (with
//! any instruction data and account metas, duplicates included) and an
//! optional compute unit limit. Two runtimes, one interpreting and one
//! compiling, hold the same programs and get the same accounts and
//! transaction: their results, logs, compute units, return data, fault
//! messages and program counters, and every account afterwards, must be
//! identical. (A fault's call stack is the interpreter's alone: the JIT
//! keeps its frames on the native stack.)

use std::cell::RefCell;

use arbitrary::{Arbitrary, Unstructured};
use lamport_runtime::{Runtime, TransactionResult};
use lamport_sdk::{
    account::Account,
    compute_budget,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signature::Signature,
    sysvar,
    transaction::Transaction,
};

use crate::programs;

/// Most accounts a case sets.
const MAX_ACCOUNTS: usize = 8;
/// Most instructions of a transaction.
const MAX_INSTRUCTIONS: usize = 3;
/// Most account metas of one instruction.
const MAX_METAS: usize = 12;
/// Most bytes of one account's data.
const MAX_DATA: usize = 16 * 1024;
/// Lamports of the fee payer.
const PAYER_LAMPORTS: u64 = 100_000_000_000;

#[derive(Arbitrary, Debug)]
struct AccountState {
    lamports: u64,
    data: Vec<u8>,
    /// Index into [`Keys::owners`].
    owner: u8,
    executable: bool,
}

#[derive(Arbitrary, Debug)]
struct Meta {
    /// Index into the case's accounts, then [`Keys::fixed`].
    account: u8,
    signer: bool,
    writable: bool,
}

#[derive(Arbitrary, Debug)]
struct Call {
    /// Index into the programs.
    program: u8,
    metas: Vec<Meta>,
    data: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
struct Case {
    accounts: Vec<AccountState>,
    calls: Vec<Call>,
    compute_unit_limit: Option<u32>,
}

/// The two runtimes and the keys a case picks from.
struct Pair {
    interpreter: Runtime,
    jit: Runtime,
    /// Program ids: the fixtures, then the examples.
    programs: Vec<Pubkey>,
    /// Transactions sent so far (each gets a distinct signature).
    sent: u64,
}

thread_local! {
    static PAIR: RefCell<Option<Pair>> = const { RefCell::new(None) };
}

fn runtime(jit: bool) -> (Runtime, Vec<Pubkey>) {
    let mut runtime = Runtime::new().with_jit(jit).with_sigverify(false).with_blockhash_check(false);
    let mut ids = programs::add_fixtures(&mut runtime);
    ids.extend(programs::add_examples(&mut runtime));
    (runtime, ids)
}

/// The fee payer (its key needs no keypair: signatures are not verified).
const PAYER: Pubkey = Pubkey::new_from_array([0x60; 32]);

/// The key of the case's account `i`.
fn account_key(i: usize) -> Pubkey {
    Pubkey::new_from_array([0x61 + i as u8; 32])
}

/// Runs one input.
pub fn run(data: &[u8]) {
    let mut input = Unstructured::new(data);
    let Ok(case) = Case::arbitrary(&mut input) else { return };
    PAIR.with_borrow_mut(|pair| {
        let pair = pair.get_or_insert_with(|| {
            if !lamport_runtime::loader::JIT_AVAILABLE {
                panic!("this target needs the JIT (x86_64)");
            }
            let (interpreter, programs) = runtime(false);
            let (jit, _) = runtime(true);
            Pair { interpreter, jit, programs, sent: 0 }
        });
        pair.sent += 1;
        let tx = transaction(&case, &pair.programs, pair.sent);
        let accounts = case.accounts.len().min(MAX_ACCOUNTS);
        let interpreted = send(&mut pair.interpreter, &pair.programs, &case, tx.clone());
        let compiled = send(&mut pair.jit, &pair.programs, &case, tx);
        assert_eq!(interpreted.0, compiled.0, "the interpreter and the JIT disagree on the transaction ({accounts} accounts)");
        assert_eq!(interpreted.1, compiled.1, "the interpreter and the JIT leave different accounts");
    });
}

/// The kind of case `data` decodes to (the first instruction's program and
/// the number of instructions), for seeding one input per kind.
pub fn kind(data: &[u8]) -> Option<String> {
    let case = Case::arbitrary(&mut Unstructured::new(data)).ok()?;
    let programs = programs::FIXTURES.len() + programs::EXAMPLES.len();
    let first = case.calls.first()?;
    Some(format!("{}/{}", usize::from(first.program) % programs, case.calls.len().min(MAX_INSTRUCTIONS)))
}

/// Sets the case's accounts, sends `tx`, and returns its result (without
/// fault call stacks) and the accounts afterwards.
fn send(runtime: &mut Runtime, programs: &[Pubkey], case: &Case, tx: Transaction) -> (TransactionResult, Vec<Option<Account>>) {
    let keys: Vec<Pubkey> = tx.message.account_keys.clone();
    let owners = owners(programs);
    runtime.set_account(PAYER, Account { lamports: PAYER_LAMPORTS, ..Account::default() });
    for (i, state) in case.accounts.iter().take(MAX_ACCOUNTS).enumerate() {
        let data = state.data.iter().copied().take(MAX_DATA).collect();
        let owner = owners[usize::from(state.owner) % owners.len()];
        runtime.set_account(
            account_key(i),
            Account { lamports: state.lamports, data, owner, executable: state.executable, rent_epoch: 0 },
        );
    }
    let mut result = runtime.send_transaction(tx);
    if let Err(failed) = &mut result {
        if let Some(fault) = &mut failed.meta.fault {
            fault.frames.clear();
        }
    }
    let accounts = keys.iter().map(|key| runtime.get_account(key)).collect();
    (result, accounts)
}

/// Owners an account may have: the system program, every program, and a
/// key that is no program.
fn owners(programs: &[Pubkey]) -> Vec<Pubkey> {
    let mut owners = vec![lamport_sdk::system::ID];
    owners.extend_from_slice(programs);
    owners.push(Pubkey::new_from_array([0x5f; 32]));
    owners
}

fn transaction(case: &Case, programs: &[Pubkey], sent: u64) -> Transaction {
    let accounts = case.accounts.len().min(MAX_ACCOUNTS);
    let fixed = [PAYER, sysvar::rent::ID, sysvar::clock::ID, lamport_sdk::system::ID];
    let key = |index: u8| {
        let index = usize::from(index) % (accounts + fixed.len() + programs.len());
        if index < accounts {
            account_key(index)
        } else if index < accounts + fixed.len() {
            fixed[index - accounts]
        } else {
            programs[index - accounts - fixed.len()]
        }
    };
    let mut instructions = Vec::new();
    if let Some(limit) = case.compute_unit_limit {
        instructions.push(compute_budget::set_compute_unit_limit(limit));
    }
    for call in case.calls.iter().take(MAX_INSTRUCTIONS) {
        let program_id = programs[usize::from(call.program) % programs.len()];
        let metas = call
            .metas
            .iter()
            .take(MAX_METAS)
            .map(|meta| AccountMeta { pubkey: key(meta.account), is_signer: meta.signer, is_writable: meta.writable })
            .collect();
        instructions.push(Instruction { program_id, accounts: metas, data: call.data.clone() });
    }
    let mut tx = Transaction::new_with_payer(&instructions, Some(&PAYER));
    tx.message.recent_blockhash = lamport_sdk::hash::Hash::new_from_array([0x5b; 32]);
    let mut signature = [0u8; 64];
    signature[..8].copy_from_slice(&sent.to_le_bytes());
    tx.signatures.iter_mut().enumerate().for_each(|(i, s)| {
        signature[8] = i as u8;
        *s = Signature::from(signature);
    });
    tx
}
