//! The compute-unit profiler on real programs: every unit of a transaction
//! lands on a stack (a program invoking the system program and another
//! program, a compute-budget instruction), and profiling changes neither
//! results nor compute units.

mod common;

use common::{programs::test_program, *};
use lamport_runtime::{profile::TransactionProfile, Runtime, TransactionMeta};
use lamport_sdk::{
    compute_budget,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

const A: Pubkey = Pubkey::new_from_array([0xA1; 32]);
const B: Pubkey = Pubkey::new_from_array([0xB2; 32]);
const SYSTEM: Pubkey = Pubkey::new_from_array([0; 32]);
const CREATE_PDA: u8 = 0;
const CHAIN: u8 = 1;

fn runtime(profiling: bool) -> Runtime {
    let mut runtime = if profiling { Runtime::new().with_profiling(None) } else { Runtime::new().with_jit(false) };
    runtime.add_program(A, test_program("invoker")).expect("invoker loads as A");
    runtime.add_program(B, test_program("invoker")).expect("invoker loads as B");
    runtime
}

/// `A` creates its PDA through the system program, then `A` invokes `B`,
/// after a compute-budget instruction.
fn run(profiling: bool) -> TransactionMeta {
    let mut runtime = runtime(profiling);
    let payer = lamport_sdk::signer::Keypair::new_from_array([5; 32]);
    runtime.airdrop(&payer.pubkey(), 10_000_000_000).unwrap();
    let (pda, bump) = Pubkey::find_program_address(&[b"vault", payer.pubkey().as_ref()], &A);
    let mut create = vec![CREATE_PDA, bump];
    create.extend_from_slice(&runtime.minimum_balance_for_rent_exemption(16).to_le_bytes());
    create.extend_from_slice(&16u64.to_le_bytes());
    let mut chain = vec![CHAIN, 1];
    chain.extend_from_slice(B.as_ref());
    let instructions = [
        compute_budget::set_compute_unit_limit(400_000),
        Instruction {
            program_id: A,
            accounts: vec![AccountMeta::new(payer.pubkey(), true), AccountMeta::new(pda, false), AccountMeta::new_readonly(SYSTEM, false)],
            data: create,
        },
        Instruction { program_id: A, accounts: vec![AccountMeta::new_readonly(A, false), AccountMeta::new_readonly(B, false)], data: chain },
    ];
    let tx = transaction(&runtime, &instructions, &payer, &[]);
    Check::success(&runtime.send_transaction(tx)).clone()
}

fn units_under(profile: &TransactionProfile, prefix: &[&str]) -> u64 {
    profile.stacks().filter(|(stack, _)| stack.len() >= prefix.len() && stack.iter().zip(prefix).all(|(a, b)| a == b)).map(|(_, u)| u).sum()
}

#[test]
fn every_unit_of_a_transaction_with_invocations_lands_on_a_stack() {
    let meta = run(true);
    let profile = meta.profile.as_ref().expect("a profiling runtime profiles");
    assert_eq!(profile.total(), meta.compute_units_consumed, "{}", profile.folded());

    // The invoked programs sit under the syscall that invoked them.
    let a = A.to_string();
    let invoked: Vec<&[String]> = profile
        .stacks()
        .map(|(stack, _)| stack)
        .filter(|stack| stack.first() == Some(&a) && stack.iter().any(|f| f.starts_with("sol_invoke_signed")))
        .collect();
    assert!(invoked.iter().any(|s| s.iter().skip_while(|f| !f.starts_with("sol_invoke_signed")).nth(1) == Some(&"system_program".to_string())), "{}", profile.folded());
    assert!(invoked.iter().any(|s| s.iter().skip_while(|f| !f.starts_with("sol_invoke_signed")).nth(1) == Some(&B.to_string())), "{}", profile.folded());

    // A frame's inclusive units are those of every stack through it.
    let functions = profile.functions();
    let a_cost = functions.iter().find(|f| f.name == a).unwrap();
    assert_eq!(a_cost.inclusive, units_under(profile, &[&a]));
    // The top-level programs' frames (A's two instructions, and the
    // compute-budget instruction's, if it costs anything) hold every unit.
    let mut roots: Vec<&String> = profile.stacks().map(|(stack, _)| &stack[0]).collect();
    roots.dedup();
    let top: u64 = roots.iter().map(|root| functions.iter().find(|f| &f.name == *root).unwrap().inclusive).sum();
    assert_eq!(top, profile.total());
}

#[test]
fn profiling_changes_neither_logs_nor_compute_units() {
    let profiled = run(true);
    let plain = run(false);
    assert_eq!(profiled.logs, plain.logs);
    assert_eq!(profiled.compute_units_consumed, plain.compute_units_consumed);
    assert!(plain.profile.is_none());
}
