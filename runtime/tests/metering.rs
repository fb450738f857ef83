//! Compute metering with real programs: an endless loop halts cleanly,
//! `sol_log_compute_units_` reports exact figures, and recursion stops at
//! 64 stack frames.

mod common;

use common::{programs::test_program, *};
use lamport_runtime::{FeatureSet, InstructionError, Runtime};
use lamport_sdk::{
    account::Account,
    compute_budget::set_compute_unit_limit,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

const COMPUTE: Pubkey = Pubkey::new_from_array([0xC0; 32]);
const LOG_UNITS: Pubkey = Pubkey::new_from_array([0x10; 32]);
const FEE: u64 = 5_000;

const SPIN: u8 = 0;
const RECURSE: u8 = 1;
const REMAINING: u8 = 2;

fn runtime(jit: bool) -> Runtime {
    let mut runtime = Runtime::new().with_jit(jit);
    runtime.add_program(COMPUTE, test_program("compute")).expect("compute loads");
    runtime.add_program(LOG_UNITS, test_program("log_units")).expect("log_units loads");
    runtime
}

#[test]
fn an_endless_loop_runs_out_of_compute_units_and_changes_nothing_but_the_fee() {
    for jit in [false, true] {
        let mut runtime = runtime(jit);
        let payer = funded_payer(&mut runtime);
        let target = Pubkey::new_unique();
        runtime.set_account(target, Account { lamports: 1_000_000, data: vec![0; 4], owner: COMPUTE, executable: false, rent_epoch: 0 });
        let snapshot = Snapshot::take(&runtime, &[payer.pubkey(), target]);
        let spin = Instruction { program_id: COMPUTE, accounts: vec![AccountMeta::new(target, false)], data: vec![SPIN] };
        let tx = transaction(&runtime, &[set_compute_unit_limit(30_000), spin], &payer, &[]);
        let result = runtime.send_transaction(tx);
        let meta = Check::instruction_failure(&result, 1, InstructionError::ProgramFailedToComplete);
        assert_eq!(meta.compute_units_consumed, 30_000);
        assert_eq!(meta.fee, FEE);
        // The compute-budget instruction took 150 of the 30,000 units.
        Check::logged(meta, &format!("Program {COMPUTE} consumed 29850 of 29850 compute units"));
        Check::logged(meta, &format!("Program {COMPUTE} failed: exceeded CUs meter at BPF instruction"));
        snapshot.assert_unchanged_but_fee(&runtime, &payer.pubkey(), FEE);
    }
}

#[test]
fn log_compute_units_reports_the_units_left_after_its_own_cost() {
    for jit in [false, true] {
        let mut runtime = runtime(jit);
        let payer = funded_payer(&mut runtime);
        // The program is `call; call; mov r0, 0; exit`: each call costs one
        // instruction plus the syscall's 100 units.
        let ix = Instruction { program_id: LOG_UNITS, accounts: vec![], data: vec![] };
        let tx = transaction(&runtime, &[ix.clone(), ix], &payer, &[]);
        let result = runtime.send_transaction(tx);
        let meta = Check::success(&result);
        let consumption: Vec<&String> = meta.logs.iter().filter(|l| l.starts_with("Program consumption")).collect();
        assert_eq!(
            consumption,
            [
                "Program consumption: 399899 units remaining",
                "Program consumption: 399798 units remaining",
                "Program consumption: 399695 units remaining",
                "Program consumption: 399594 units remaining",
            ],
            "{:#?}",
            meta.logs
        );
        Check::logged(meta, &format!("Program {LOG_UNITS} consumed 204 of 400000 compute units"));
        Check::logged(meta, &format!("Program {LOG_UNITS} consumed 204 of 399796 compute units"));
        assert_eq!(meta.compute_units_consumed, 408);
    }
}

fn recurse(depth: u16) -> Instruction {
    let mut data = vec![RECURSE];
    data.extend_from_slice(&depth.to_le_bytes());
    Instruction { program_id: COMPUTE, accounts: vec![], data }
}

/// `(level, frame)` pairs the recursion logged.
fn frames(logs: &[String]) -> Vec<(u64, u64)> {
    logs.iter()
        .filter_map(|line| {
            let fields = line.strip_prefix("Program log: ")?;
            let mut values = fields.split(", ").map(|v| u64::from_str_radix(v.trim_start_matches("0x"), 16));
            Some((values.next()?.ok()?, values.next()?.ok()?))
        })
        .collect()
}

#[test]
fn recursion_stops_with_call_depth_exceeded_at_the_64th_frame() {
    for jit in [false, true] {
        let mut runtime = runtime(jit);
        let payer = funded_payer(&mut runtime);

        let tx = transaction(&runtime, &[recurse(20)], &payer, &[]);
        let result = runtime.send_transaction(tx);
        let shallow = frames(&Check::success(&result).logs);
        assert_eq!(shallow.len(), 20);
        // Each level runs one frame deeper than the one before.
        assert!(shallow.windows(2).all(|w| w[1].1 == w[0].1 + 1), "{shallow:?}");

        let tx = transaction(&runtime, &[recurse(1_000)], &payer, &[]);
        let result = runtime.send_transaction(tx);
        let meta = Check::instruction_failure(&result, 0, InstructionError::ProgramFailedToComplete);
        Check::logged(meta, &format!("Program {COMPUTE} failed: exceeded max BPF to BPF call depth"));
        let deep = frames(&meta.logs);
        // Frames 0..=63 exist; the call that would enter frame 64 fails.
        assert_eq!(deep.last().map(|(_, frame)| *frame), Some(63), "{deep:?}");
        assert_eq!(deep.first().map(|(_, frame)| *frame), shallow.first().map(|(_, frame)| *frame));
        assert_eq!(meta.fee, FEE);
    }
}

/// `sol_remaining_compute_units` is not enabled on mainnet: by default a
/// program that calls it loads but fails at the call, as in Agave; with the
/// feature on it returns the units left.
#[test]
fn remaining_compute_units_follows_its_feature() {
    let mut runtime = runtime(false);
    let payer = funded_payer(&mut runtime);
    let ix = Instruction { program_id: COMPUTE, accounts: vec![], data: vec![REMAINING] };
    let result = runtime.send_transaction(transaction(&runtime, std::slice::from_ref(&ix), &payer, &[]));
    let meta = Check::instruction_failure(&result, 0, InstructionError::ProgramFailedToComplete);
    Check::logged(meta, &format!("Program {COMPUTE} failed: unsupported BPF instruction"));

    let features = FeatureSet { remaining_compute_units_syscall_enabled: true, ..FeatureSet::default() };
    let mut runtime = Runtime::new().with_jit(false).with_feature_set(features);
    runtime.add_program(COMPUTE, test_program("compute")).expect("compute loads");
    let payer = funded_payer(&mut runtime);
    let result = runtime.send_transaction(transaction(&runtime, &[ix], &payer, &[]));
    let meta = Check::success(&result);
    assert!(meta.logs.iter().any(|line| line.starts_with("Program log: 0x")), "{:#?}", meta.logs);
}
