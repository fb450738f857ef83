//! The compute-unit profiler on real programs: every unit of a transaction
//! lands on a stack (a program invoking the system program and another
//! program, a compute-budget instruction, one of Agave 4.3's costlier
//! syscalls, a call to a syscall the feature set turns off), and profiling
//! changes neither results nor compute units.

mod common;

use common::{programs::test_program, *};
use lamport_runtime::{profile::TransactionProfile, FeatureSet, InstructionError, Runtime, TransactionMeta};
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

const SYSCALLS: Pubkey = Pubkey::new_from_array([0x5C; 32]);
const COMPUTE: Pubkey = Pubkey::new_from_array([0xC0; 32]);
/// The `syscalls` test program's Poseidon operation.
const POSEIDON: u8 = 7;
/// The `compute` test program's `sol_remaining_compute_units` operation.
const REMAINING: u8 = 2;

/// Runs one instruction of `program` (loaded from the test program `name`)
/// with `features`, profiled or not.
fn run_one(profiling: bool, features: FeatureSet, program: Pubkey, name: &str, data: Vec<u8>) -> lamport_runtime::TransactionResult {
    let runtime = if profiling { Runtime::new().with_profiling(None) } else { Runtime::new().with_jit(false) };
    let mut runtime = runtime.with_feature_set(features);
    runtime.add_program(program, test_program(name)).expect("the test program loads");
    let payer = funded_payer(&mut runtime);
    let ix = Instruction { program_id: program, accounts: vec![], data };
    runtime.send_transaction(transaction(&runtime, &[ix], &payer, &[]))
}

#[test]
fn a_syscalls_charge_lands_on_its_own_frame() {
    // Poseidon of one 32-byte input: 61 * 1^2 + 542 units.
    let mut data = vec![POSEIDON, 0];
    data.extend_from_slice(&[0; 31]);
    data.push(1);
    let result = run_one(true, FeatureSet::default(), SYSCALLS, "syscalls", data.clone());
    let meta = Check::success(&result);
    let profile = meta.profile.as_ref().expect("a profiling runtime profiles");
    assert_eq!(profile.total(), meta.compute_units_consumed, "{}", profile.folded());
    let poseidon: Vec<(&[String], u64)> =
        profile.stacks().filter(|(stack, _)| stack.last().is_some_and(|f| f == "sol_poseidon")).collect();
    assert_eq!(poseidon.len(), 1, "{}", profile.folded());
    assert_eq!(poseidon[0].1, 61 + 542, "{}", profile.folded());
    assert_eq!(poseidon[0].0.first(), Some(&SYSCALLS.to_string()));

    let plain = run_one(false, FeatureSet::default(), SYSCALLS, "syscalls", data);
    let plain = Check::success(&plain);
    assert_eq!((&meta.logs, meta.compute_units_consumed), (&plain.logs, plain.compute_units_consumed));
}

#[test]
fn a_call_to_a_syscall_turned_off_fails_with_its_program_counter_and_a_whole_profile() {
    // Mainnet's rules leave `sol_remaining_compute_units` off: the program
    // loads and fails when it calls it.
    let features = FeatureSet::agave();
    assert!(!features.syscall_enabled(b"sol_remaining_compute_units"));
    let profiled = run_one(true, features, COMPUTE, "compute", vec![REMAINING]);
    let meta = Check::instruction_failure(&profiled, 0, InstructionError::ProgramFailedToComplete);
    Check::logged(meta, &format!("Program {COMPUTE} failed: unsupported BPF instruction"));
    let profile = meta.profile.as_ref().expect("a failed transaction keeps its profile");
    assert_eq!(profile.total(), meta.compute_units_consumed, "{}", profile.folded());
    let fault = meta.fault.as_ref().expect("the failure has a location");
    assert_eq!(fault.program_id, COMPUTE);
    assert!(fault.pc.is_some(), "{fault:?}");

    let plain = run_one(false, features, COMPUTE, "compute", vec![REMAINING]);
    let plain = Check::instruction_failure(&plain, 0, InstructionError::ProgramFailedToComplete);
    assert_eq!((&meta.logs, meta.compute_units_consumed), (&plain.logs, plain.compute_units_consumed));
    assert_eq!(plain.fault.as_ref().map(|f| f.pc), Some(fault.pc));
}
