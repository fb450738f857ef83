//! Misbehaving programs: each account rule (`ABI-agave.md` §7) broken by a
//! real program (`tests/programs/policy`). The transaction fails with the
//! rule's error, every account stays as it was, and only the fee is paid.

mod common;

use common::{programs::test_program, *};
use lamport_runtime::{InstructionError, Runtime};
use lamport_sdk::{
    account::Account,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
};

const POLICY: Pubkey = Pubkey::new_from_array([0x50; 32]);
const OTHER_PROGRAM: Pubkey = Pubkey::new_from_array([0x0e; 32]);
const FEE: u64 = 5_000;

const WRITE: u8 = 0;
const MOVE: u8 = 1;
const CREDIT: u8 = 2;
const ASSIGN: u8 = 3;
const DIRTY: u8 = 4;
const CHECK_ZEROED: u8 = 5;
const SET_EXECUTABLE: u8 = 6;
const MOVE_THEN_FAIL: u8 = 7;

struct Env {
    runtime: Runtime,
    payer: Keypair,
}

fn env(jit: bool) -> Env {
    let mut runtime = Runtime::new().with_jit(jit);
    runtime.add_program(POLICY, test_program("policy")).expect("the policy program loads");
    let payer = funded_payer(&mut runtime);
    Env { runtime, payer }
}

/// Stores a fresh account owned by `owner` with `data`; returns its address.
fn account(env: &mut Env, owner: Pubkey, data: &[u8]) -> Pubkey {
    account_with(env, Account { lamports: 1_000_000_000, data: data.to_vec(), owner, executable: false, rent_epoch: 0 })
}

fn account_with(env: &mut Env, account: Account) -> Pubkey {
    let address = Pubkey::new_unique();
    env.runtime.set_account(address, account);
    address
}

fn ix(op: u8, args: &[u8], accounts: Vec<AccountMeta>) -> Instruction {
    let mut data = vec![op];
    data.extend_from_slice(args);
    Instruction { program_id: POLICY, accounts, data }
}

/// Sends `instructions`; expects instruction `index` to fail with `error`
/// and every account in `touched` (and the payer) to be unchanged but the fee.
fn assert_rejected(env: &mut Env, instructions: &[Instruction], index: u8, error: InstructionError) {
    let mut touched: Vec<Pubkey> = instructions.iter().flat_map(|ix| ix.accounts.iter().map(|m| m.pubkey)).collect();
    touched.push(env.payer.pubkey());
    let snapshot = Snapshot::take(&env.runtime, &touched);
    let tx = transaction(&env.runtime, instructions, &env.payer, &[]);
    let result = env.runtime.send_transaction(tx);
    let meta = Check::instruction_failure(&result, index, error);
    assert_eq!(meta.fee, FEE);
    if error == InstructionError::UnbalancedInstruction {
        // As in Agave, the balance is checked when the instruction is popped,
        // after the program returned and its `success` line was logged.
        assert_eq!(meta.logs.last(), Some(&format!("Program {POLICY} success")), "{:#?}", meta.logs);
    } else {
        Check::logged(meta, &format!("Program {POLICY} failed: {error}"));
    }
    snapshot.assert_unchanged_but_fee(&env.runtime, &env.payer.pubkey(), FEE);
}

#[test]
fn writing_data_of_an_account_owned_by_another_program_is_external_account_data_modified() {
    for jit in [false, true] {
        let mut env = env(jit);
        let foreign = account(&mut env, OTHER_PROGRAM, &[0; 8]);
        let write = ix(WRITE, &[1, 2, 3], vec![AccountMeta::new(foreign, false)]);
        assert_rejected(&mut env, &[write], 0, InstructionError::ExternalAccountDataModified);
    }
}

#[test]
fn debiting_an_account_owned_by_another_program_is_external_account_lamport_spend() {
    let mut env = env(true);
    let foreign = account(&mut env, OTHER_PROGRAM, &[]);
    let own = account(&mut env, POLICY, &[]);
    let steal = ix(MOVE, &10u64.to_le_bytes(), vec![AccountMeta::new(foreign, false), AccountMeta::new(own, false)]);
    assert_rejected(&mut env, &[steal], 0, InstructionError::ExternalAccountLamportSpend);
}

#[test]
fn crediting_an_account_owned_by_another_program_from_an_own_account_is_allowed() {
    let mut env = env(true);
    let own = account(&mut env, POLICY, &[]);
    let foreign = account(&mut env, OTHER_PROGRAM, &[]);
    let give = ix(MOVE, &10u64.to_le_bytes(), vec![AccountMeta::new(own, false), AccountMeta::new(foreign, false)]);
    let tx = transaction(&env.runtime, &[give], &env.payer, &[]);
    Check::success(&env.runtime.send_transaction(tx));
    assert_eq!(env.runtime.get_balance(&own), 1_000_000_000 - 10);
    assert_eq!(env.runtime.get_balance(&foreign), 1_000_000_000 + 10);
}

#[test]
fn lamports_out_of_thin_air_are_an_unbalanced_instruction() {
    let mut env = env(true);
    let own = account(&mut env, POLICY, &[]);
    let mint = ix(CREDIT, &1u64.to_le_bytes(), vec![AccountMeta::new(own, false)]);
    assert_rejected(&mut env, &[mint], 0, InstructionError::UnbalancedInstruction);
}

#[test]
fn changing_the_owner_of_a_foreign_account_is_modified_program_id() {
    let mut env = env(true);
    let foreign = account(&mut env, OTHER_PROGRAM, &[0; 4]);
    let take = ix(ASSIGN, POLICY.as_ref(), vec![AccountMeta::new(foreign, false)]);
    assert_rejected(&mut env, &[take], 0, InstructionError::ModifiedProgramId);
}

#[test]
fn giving_away_an_account_whose_data_is_not_zeroed_is_modified_program_id() {
    let mut env = env(true);
    let own = account(&mut env, POLICY, &[0, 0, 7, 0]);
    let give = ix(ASSIGN, OTHER_PROGRAM.as_ref(), vec![AccountMeta::new(own, false)]);
    assert_rejected(&mut env, &[give], 0, InstructionError::ModifiedProgramId);

    // The same account with zeroed data may be given away.
    let zeroed = account(&mut env, POLICY, &[0; 4]);
    let give = ix(ASSIGN, OTHER_PROGRAM.as_ref(), vec![AccountMeta::new(zeroed, false)]);
    let tx = transaction(&env.runtime, &[give], &env.payer, &[]);
    Check::success(&env.runtime.send_transaction(tx));
    assert_eq!(env.runtime.get_account(&zeroed).unwrap().owner, OTHER_PROGRAM);
}

#[test]
fn changing_the_balance_of_a_read_only_account_is_readonly_lamport_change() {
    let mut env = env(true);
    let readonly = account(&mut env, POLICY, &[]);
    let own = account(&mut env, POLICY, &[]);
    let pay = ix(MOVE, &10u64.to_le_bytes(), vec![AccountMeta::new_readonly(readonly, false), AccountMeta::new(own, false)]);
    assert_rejected(&mut env, &[pay], 0, InstructionError::ReadonlyLamportChange);
}

#[test]
fn writing_a_read_only_account_is_readonly_data_modified() {
    let mut env = env(true);
    let readonly = account(&mut env, POLICY, &[0; 8]);
    let write = ix(WRITE, &[1], vec![AccountMeta::new_readonly(readonly, false)]);
    assert_rejected(&mut env, &[write], 0, InstructionError::ReadonlyDataModified);
}

#[test]
fn executable_accounts_keep_their_data_balance_and_flag() {
    let mut env = env(true);
    let executable = account_with(
        &mut env,
        Account { lamports: 1_000_000_000, data: vec![0; 8], owner: POLICY, executable: true, rent_epoch: 0 },
    );
    let write = ix(WRITE, &[1], vec![AccountMeta::new(executable, false)]);
    assert_rejected(&mut env, &[write], 0, InstructionError::ExecutableDataModified);

    let own = account(&mut env, POLICY, &[]);
    let credit = ix(MOVE, &10u64.to_le_bytes(), vec![AccountMeta::new(own, false), AccountMeta::new(executable, false)]);
    assert_rejected(&mut env, &[credit], 0, InstructionError::ExecutableLamportChange);

    // A program cannot mark an account executable: the flag it writes into
    // its input is ignored, as Agave ignores it.
    let plain = account(&mut env, POLICY, &[0; 8]);
    let flag = ix(SET_EXECUTABLE, &[], vec![AccountMeta::new(plain, false)]);
    let tx = transaction(&env.runtime, &[flag], &env.payer, &[]);
    Check::success(&env.runtime.send_transaction(tx));
    assert!(!env.runtime.get_account(&plain).unwrap().executable);
}

#[test]
fn a_program_error_discards_the_changes_the_program_made() {
    let mut env = env(true);
    let from = account(&mut env, POLICY, &[]);
    let to = account(&mut env, POLICY, &[]);
    let fail = ix(MOVE_THEN_FAIL, &10u64.to_le_bytes(), vec![AccountMeta::new(from, false), AccountMeta::new(to, false)]);
    assert_rejected(&mut env, &[fail], 0, InstructionError::Custom(7));
}

#[test]
fn a_violation_in_the_second_instruction_discards_the_first_instructions_changes() {
    let mut env = env(true);
    let own = account(&mut env, POLICY, &[0; 8]);
    let other = account(&mut env, POLICY, &[]);
    let write = ix(WRITE, &[9, 9, 9], vec![AccountMeta::new(own, false)]);
    let moved = ix(MOVE, &5u64.to_le_bytes(), vec![AccountMeta::new(own, false), AccountMeta::new(other, false)]);
    let invalid = ix(CREDIT, &1u64.to_le_bytes(), vec![AccountMeta::new(other, false)]);

    // Alone, the first instruction succeeds and changes the account…
    let mut probe = Runtime::new();
    probe.add_program(POLICY, test_program("policy")).unwrap();
    let probe_payer = funded_payer(&mut probe);
    probe.set_account(own, env.runtime.get_account(&own).unwrap());
    let tx = transaction(&probe, std::slice::from_ref(&write), &probe_payer, &[]);
    Check::success(&probe.send_transaction(tx));
    assert_eq!(probe.get_account(&own).unwrap().data, [9, 9, 9, 0, 0, 0, 0, 0]);

    // …but followed by a violation, nothing of it remains.
    assert_rejected(&mut env, &[write.clone(), invalid.clone()], 1, InstructionError::UnbalancedInstruction);
    // Nor of two valid instructions before a violation.
    assert_rejected(&mut env, &[write, moved, invalid], 2, InstructionError::UnbalancedInstruction);
}

#[test]
fn the_heap_and_the_realloc_room_of_every_invocation_start_zeroed() {
    for jit in [false, true] {
        let mut env = env(jit);
        let own = account(&mut env, POLICY, &[5; 16]);
        let dirty = ix(DIRTY, &[], vec![AccountMeta::new(own, false)]);
        let check = ix(CHECK_ZEROED, &100u16.to_le_bytes(), vec![AccountMeta::new(own, false)]);
        // The second instruction runs right after one that filled its heap
        // and realloc room with 0xAA; then again in a later transaction.
        let tx = transaction(&env.runtime, &[dirty.clone(), check.clone()], &env.payer, &[]);
        let result = env.runtime.send_transaction(tx);
        Check::success(&result);
        let grown = env.runtime.get_account(&own).unwrap();
        assert_eq!(grown.data.len(), 116);
        assert!(grown.data[16..].iter().all(|b| *b == 0), "grown bytes are zero");
        let check = ix(CHECK_ZEROED, &50u16.to_le_bytes(), vec![AccountMeta::new(own, false)]);
        let tx = transaction(&env.runtime, &[dirty, check], &env.payer, &[]);
        Check::success(&env.runtime.send_transaction(tx));
        assert_eq!(env.runtime.get_account(&own).unwrap().data.len(), 166);
    }
}
