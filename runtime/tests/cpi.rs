//! Cross-program invocation with real programs (`tests/programs/invoker`):
//! PDA signers, return data, privilege escalation, stack depth, reentrancy.

mod common;

use base64::Engine;
use common::{programs::test_program, *};
use lamport_runtime::{InstructionError, Runtime, TransactionReturnData};
use lamport_sdk::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
};

const A: Pubkey = Pubkey::new_from_array([0xA1; 32]);
const B: Pubkey = Pubkey::new_from_array([0xB2; 32]);
const SYSTEM: Pubkey = Pubkey::new_from_array([0; 32]);
const FEE: u64 = 5_000;

const CREATE_PDA: u8 = 0;
const CHAIN: u8 = 1;
const ESCALATE_WRITABLE: u8 = 2;
const ESCALATE_SIGNER: u8 = 3;
const SET_RETURN: u8 = 5;
const CALL_FOR_RETURN: u8 = 6;

/// A runtime with the invoker program under two ids, `A` and `B`.
fn setup(jit: bool) -> (Runtime, Keypair) {
    let mut runtime = Runtime::new().with_jit(jit);
    runtime.add_program(A, test_program("invoker")).expect("invoker loads as A");
    runtime.add_program(B, test_program("invoker")).expect("invoker loads as B");
    let payer = funded_payer(&mut runtime);
    (runtime, payer)
}

fn create_pda(payer: &Pubkey, pda: &Pubkey, bump: u8, lamports: u64, space: u64) -> Instruction {
    let mut data = vec![CREATE_PDA, bump];
    data.extend_from_slice(&lamports.to_le_bytes());
    data.extend_from_slice(&space.to_le_bytes());
    Instruction {
        program_id: A,
        accounts: vec![AccountMeta::new(*payer, true), AccountMeta::new(*pda, false), AccountMeta::new_readonly(SYSTEM, false)],
        data,
    }
}

/// `A` invokes `chain[0]`, which invokes `chain[1]`, and so on.
fn chain(chain: &[Pubkey]) -> Instruction {
    let mut data = vec![CHAIN, chain.len() as u8];
    for program in chain {
        data.extend_from_slice(program.as_ref());
    }
    Instruction { program_id: A, accounts: vec![AccountMeta::new_readonly(A, false), AccountMeta::new_readonly(B, false)], data }
}

#[test]
fn a_program_signs_for_its_pda_to_create_it_through_the_system_program() {
    for jit in [false, true] {
        let (mut runtime, payer) = setup(jit);
        let (pda, bump) = Pubkey::find_program_address(&[b"vault", payer.pubkey().as_ref()], &A);
        let lamports = runtime.minimum_balance_for_rent_exemption(64);
        let before = runtime.get_balance(&payer.pubkey());
        let tx = transaction(&runtime, &[create_pda(&payer.pubkey(), &pda, bump, lamports, 64)], &payer, &[]);
        let result = runtime.send_transaction(tx);
        let meta = Check::success(&result);
        Check::logged(meta, &format!("Program {SYSTEM} invoke [2]"));
        Check::logged(meta, &format!("Program {SYSTEM} success"));
        let created = runtime.get_account(&pda).expect("the PDA exists");
        assert_eq!(created.owner, A);
        assert_eq!(created.lamports, lamports);
        assert_eq!(created.data, vec![0; 64], "new account data is zero-initialized");
        assert_eq!(runtime.get_balance(&payer.pubkey()), before - lamports - FEE);
    }
}

#[test]
fn seeds_of_another_address_do_not_sign_for_the_pda() {
    let (mut runtime, payer) = setup(true);
    let (pda, bump) = Pubkey::find_program_address(&[b"vault", payer.pubkey().as_ref()], &A);
    let wrong_bump = (0..bump)
        .rev()
        .find(|b| Pubkey::create_program_address(&[b"vault", payer.pubkey().as_ref(), &[*b]], &A).is_ok())
        .expect("another valid bump");
    let snapshot = Snapshot::take(&runtime, &[payer.pubkey(), pda]);
    let tx = transaction(&runtime, &[create_pda(&payer.pubkey(), &pda, wrong_bump, 1_000_000, 8)], &payer, &[]);
    let result = runtime.send_transaction(tx);
    let meta = Check::instruction_failure(&result, 0, InstructionError::PrivilegeEscalation);
    Check::logged(meta, &format!("{pda}'s signer privilege escalated"));
    snapshot.assert_unchanged_but_fee(&runtime, &payer.pubkey(), FEE);
}

#[test]
fn return_data_set_by_a_callee_reaches_the_caller_and_the_transaction_meta() {
    for jit in [false, true] {
        let (mut runtime, payer) = setup(jit);
        let payload = b"lamport returns";
        let mut data = vec![CALL_FOR_RETURN];
        data.extend_from_slice(payload);
        let ix = Instruction { program_id: A, accounts: vec![AccountMeta::new_readonly(B, false)], data };
        let tx = transaction(&runtime, &[ix], &payer, &[]);
        let result = runtime.send_transaction(tx);
        let meta = Check::success(&result);
        assert_eq!(meta.return_data, TransactionReturnData { program_id: B, data: payload.to_vec() });
        let encoded = base64::engine::general_purpose::STANDARD.encode(payload);
        // Each program's `return` line names the program that ran, not the one that set the data.
        let callee = meta.logs.iter().position(|l| *l == format!("Program return: {B} {encoded}"));
        let caller = meta.logs.iter().position(|l| *l == format!("Program return: {A} {encoded}"));
        assert!(matches!((callee, caller), (Some(c), Some(p)) if c < p), "{:#?}", meta.logs);
        Check::logged(meta, &format!("Program log: {:#x}, 0x0, 0x0, 0x0, 0x0", payload.len()));
    }
}

#[test]
fn return_data_of_a_top_level_instruction_names_its_program() {
    let (mut runtime, payer) = setup(true);
    let ix = Instruction { program_id: B, accounts: vec![], data: vec![SET_RETURN, 1, 2, 3] };
    let tx = transaction(&runtime, &[ix], &payer, &[]);
    let result = runtime.send_transaction(tx);
    let meta = Check::success(&result);
    assert_eq!(meta.return_data, TransactionReturnData { program_id: B, data: vec![1, 2, 3] });
    Check::logged(meta, &format!("Program return: {B} AQID"));
}

#[test]
fn passing_a_read_only_account_as_writable_is_privilege_escalation() {
    let (mut runtime, payer) = setup(true);
    let target = Pubkey::new_unique();
    runtime.airdrop(&target, 1_000_000).unwrap();
    let snapshot = Snapshot::take(&runtime, &[payer.pubkey(), target]);
    let ix = Instruction {
        program_id: A,
        accounts: vec![AccountMeta::new_readonly(target, false), AccountMeta::new_readonly(B, false)],
        data: vec![ESCALATE_WRITABLE],
    };
    let tx = transaction(&runtime, &[ix], &payer, &[]);
    let result = runtime.send_transaction(tx);
    let meta = Check::instruction_failure(&result, 0, InstructionError::PrivilegeEscalation);
    Check::logged(meta, &format!("{target}'s writable privilege escalated"));
    Check::logged(meta, &format!("Program {A} failed: {}", InstructionError::PrivilegeEscalation));
    assert!(!meta.logs.iter().any(|l| l.starts_with(&format!("Program {B} invoke"))), "the callee never runs");
    snapshot.assert_unchanged_but_fee(&runtime, &payer.pubkey(), FEE);
}

#[test]
fn passing_a_non_signer_as_signer_is_privilege_escalation() {
    let (mut runtime, payer) = setup(true);
    let target = Pubkey::new_unique();
    runtime.airdrop(&target, 1_000_000).unwrap();
    let snapshot = Snapshot::take(&runtime, &[payer.pubkey(), target]);
    let ix = Instruction {
        program_id: A,
        accounts: vec![AccountMeta::new(target, false), AccountMeta::new_readonly(B, false)],
        data: vec![ESCALATE_SIGNER],
    };
    let tx = transaction(&runtime, &[ix], &payer, &[]);
    let result = runtime.send_transaction(tx);
    let meta = Check::instruction_failure(&result, 0, InstructionError::PrivilegeEscalation);
    Check::logged(meta, &format!("{target}'s signer privilege escalated"));
    snapshot.assert_unchanged_but_fee(&runtime, &payer.pubkey(), FEE);

    // Forwarding the privileges the caller really has is fine.
    let signer = Keypair::new();
    runtime.airdrop(&signer.pubkey(), 1_000_000).unwrap();
    let ix = Instruction {
        program_id: A,
        accounts: vec![AccountMeta::new_readonly(signer.pubkey(), true), AccountMeta::new_readonly(B, false)],
        data: vec![ESCALATE_SIGNER],
    };
    let tx = transaction(&runtime, &[ix], &payer, &[&signer]);
    Check::success(&runtime.send_transaction(tx));
}

#[test]
fn invocations_nest_up_to_stack_height_five() {
    for jit in [false, true] {
        let (mut runtime, payer) = setup(jit);
        let tx = transaction(&runtime, &[chain(&[A, A, A, A])], &payer, &[]);
        let result = runtime.send_transaction(tx);
        let meta = Check::success(&result);
        for height in 1..=5 {
            Check::logged(meta, &format!("Program {A} invoke [{height}]"));
        }

        let tx = transaction(&runtime, &[chain(&[A, A, A, A, A])], &payer, &[]);
        let result = runtime.send_transaction(tx);
        let meta = Check::instruction_failure(&result, 0, InstructionError::CallDepth);
        assert!(!meta.logs.iter().any(|l| l.ends_with("invoke [6]")), "{:#?}", meta.logs);
        Check::logged(meta, &format!("Program {A} failed: {}", InstructionError::CallDepth));
    }
}

#[test]
fn a_program_may_call_itself_but_not_reenter_through_another() {
    let (mut runtime, payer) = setup(true);
    // A → A and A → B → B: direct recursion.
    for programs in [[A, A], [B, B]] {
        let tx = transaction(&runtime, &[chain(&programs)], &payer, &[]);
        Check::success(&runtime.send_transaction(tx));
    }
    // A → B → A: reentrancy.
    let tx = transaction(&runtime, &[chain(&[B, A])], &payer, &[]);
    let result = runtime.send_transaction(tx);
    let meta = Check::instruction_failure(&result, 0, InstructionError::ReentrancyNotAllowed);
    Check::logged(meta, &format!("Program {B} failed: {}", InstructionError::ReentrancyNotAllowed));
    assert!(!meta.logs.iter().any(|l| *l == format!("Program {A} invoke [3]")), "{:#?}", meta.logs);
}
