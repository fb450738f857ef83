//! Compute-budget instructions: limits, price, heap, errors — and metering
//! that halts cleanly when the budget runs out.

mod common;

use common::*;
use lamport_runtime::{FeatureSet, InstructionError, TransactionError};
use lamport_sdk::compute_budget::{request_heap_frame, set_compute_unit_limit, set_compute_unit_price};

const COMPUTE_BUDGET: &str = "ComputeBudget111111111111111111111111111111";

#[test]
fn compute_budget_instructions_cost_150_units_like_every_builtin_in_agave() {
    let mut runtime = runtime_with_fixtures(false);
    let payer = funded_payer(&mut runtime);
    let tx = transaction(&runtime, &[set_compute_unit_limit(300_000), memo(MEMO_V4, b"hello")], &payer, &[]);
    let result = runtime.send_transaction(tx);
    let meta = Check::success(&result);
    assert_eq!(meta.compute_units_consumed, 150 + 274);
    assert_eq!(meta.logs[0], format!("Program {COMPUTE_BUDGET} invoke [1]"));
    assert_eq!(meta.logs[1], format!("Program {COMPUTE_BUDGET} success"));
    assert!(meta.logs.contains(&format!("Program {MEMO_V4} consumed 274 of 299850 compute units")));
}

#[test]
fn documented_rules_make_compute_budget_instructions_free() {
    let mut runtime = runtime_with_fixtures_and_features(false, FeatureSet::documented());
    let payer = funded_payer(&mut runtime);
    let tx = transaction(&runtime, &[set_compute_unit_limit(300_000), memo(MEMO_V4, b"hello")], &payer, &[]);
    let result = runtime.send_transaction(tx);
    let meta = Check::success(&result);
    assert_eq!(meta.compute_units_consumed, 274);
    assert_eq!(meta.logs[0], format!("Program {COMPUTE_BUDGET} invoke [1]"));
    assert_eq!(meta.logs[1], format!("Program {COMPUTE_BUDGET} success"));
    assert!(meta.logs.contains(&format!("Program {MEMO_V4} consumed 274 of 300000 compute units")));
}

#[test]
fn a_limit_below_150_fails_at_the_compute_budget_instruction() {
    let mut runtime = runtime_with_fixtures(false);
    let payer = funded_payer(&mut runtime);
    let tx = transaction(&runtime, &[set_compute_unit_limit(100), memo(MEMO_V4, b"hello")], &payer, &[]);
    let failed = runtime.send_transaction(tx).unwrap_err();
    assert_eq!(failed.err, TransactionError::InstructionError(0, InstructionError::ComputationalBudgetExceeded));
    assert_eq!(failed.meta.compute_units_consumed, 100);
    assert_eq!(failed.meta.logs.last().unwrap(), &format!("Program {COMPUTE_BUDGET} failed: Computational budget exceeded"));
    assert_eq!(failed.meta.fee, 5_000);
    // Under the documented rules the compute-budget instruction is free and the memo runs out.
    let mut runtime = runtime_with_fixtures_and_features(false, FeatureSet::documented());
    let payer = funded_payer(&mut runtime);
    let tx = transaction(&runtime, &[set_compute_unit_limit(100), memo(MEMO_V4, b"hello")], &payer, &[]);
    let failed = runtime.send_transaction(tx).unwrap_err();
    assert!(matches!(failed.err, TransactionError::InstructionError(1, _)), "{:?}", failed.err);
}

#[test]
fn without_a_limit_builtins_get_3000_units_and_programs_200000() {
    let mut runtime = runtime_with_fixtures(false);
    let payer = funded_payer(&mut runtime);
    // 3,000 for the price instruction + 200,000 for the memo; the price applies to that limit.
    let tx = transaction(&runtime, &[set_compute_unit_price(1_000_000), memo(MEMO_V4, b"hello")], &payer, &[]);
    let result = runtime.send_transaction(tx);
    let meta = Check::success(&result);
    assert!(meta.logs.contains(&format!("Program {MEMO_V4} consumed 274 of 202850 compute units")), "{:#?}", meta.logs);
    assert_eq!(meta.fee, 5_000 + 203_000);
    let mut runtime = runtime_with_fixtures_and_features(false, FeatureSet::documented());
    let payer = funded_payer(&mut runtime);
    let tx = transaction(&runtime, &[set_compute_unit_price(1_000_000), memo(MEMO_V4, b"hello")], &payer, &[]);
    let result = runtime.send_transaction(tx);
    let meta = Check::success(&result);
    assert!(meta.logs.contains(&format!("Program {MEMO_V4} consumed 274 of 200000 compute units")), "{:#?}", meta.logs);
    assert_eq!(meta.fee, 5_000 + 200_000);
}

#[test]
fn a_duplicate_compute_budget_instruction_is_rejected_with_its_index() {
    let mut runtime = runtime_with_fixtures(false);
    let payer = funded_payer(&mut runtime);
    let before = runtime.get_balance(&payer.pubkey());
    let tx = transaction(
        &runtime,
        &[set_compute_unit_limit(10_000), memo(MEMO_V4, b"a"), set_compute_unit_limit(20_000)],
        &payer,
        &[],
    );
    let failed = runtime.send_transaction(tx).unwrap_err();
    assert_eq!(failed.err, TransactionError::DuplicateInstruction(2));
    assert_eq!(runtime.get_balance(&payer.pubkey()), before, "a rejected transaction pays no fee");
    assert_eq!(failed.meta.fee, 0, "rejected before its fee is known");
}

#[test]
fn bad_compute_budget_data_is_invalid_instruction_data_at_its_index() {
    let mut runtime = runtime_with_fixtures(false);
    let payer = funded_payer(&mut runtime);
    let mut bad = set_compute_unit_limit(1);
    bad.data.truncate(3);
    let tx = transaction(&runtime, &[memo(MEMO_V4, b"a"), bad], &payer, &[]);
    let failed = runtime.send_transaction(tx).unwrap_err();
    assert_eq!(failed.err, TransactionError::InstructionError(1, InstructionError::InvalidInstructionData));
    let mut unknown = set_compute_unit_limit(1);
    unknown.data[0] = 9;
    let tx = transaction(&runtime, &[unknown], &payer, &[]);
    let failed = runtime.send_transaction(tx).unwrap_err();
    assert_eq!(failed.err, TransactionError::InstructionError(0, InstructionError::InvalidInstructionData));
}

#[test]
fn default_limit_is_200k_per_other_instruction_capped_at_1_4m() {
    let mut runtime = runtime_with_fixtures(false);
    let payer = funded_payer(&mut runtime);
    let tx = transaction(&runtime, &[memo(MEMO_V4, b"a"), memo(MEMO_V4, b"b")], &payer, &[]);
    let result = runtime.send_transaction(tx);
    let meta = Check::success(&result);
    assert!(meta.logs.iter().any(|l| l.ends_with("of 400000 compute units")), "{:#?}", meta.logs);
    let memos: Vec<_> = (0..8u8).map(|i| memo(MEMO_V4, &[b'a' + i])).collect();
    let tx = transaction(&runtime, &memos, &payer, &[]);
    let result = runtime.send_transaction(tx);
    let meta = Check::success(&result);
    assert!(meta.logs.iter().any(|l| l.ends_with("consumed 274 of 1400000 compute units")), "{:#?}", meta.logs);
}

#[test]
fn requested_limit_is_capped_at_1_4m() {
    let mut runtime = runtime_with_fixtures(false);
    let payer = funded_payer(&mut runtime);
    let tx = transaction(&runtime, &[set_compute_unit_limit(5_000_000), memo(MEMO_V4, b"a")], &payer, &[]);
    let result = runtime.send_transaction(tx);
    let meta = Check::success(&result);
    assert!(meta.logs.iter().any(|l| l.ends_with("of 1399850 compute units")), "{:#?}", meta.logs);
}

#[test]
fn price_adds_a_prioritization_fee_on_the_limit() {
    let mut runtime = runtime_with_fixtures(false);
    let payer = funded_payer(&mut runtime);
    let before = runtime.get_balance(&payer.pubkey());
    // ceil(3 µlamports × 100_001 / 1_000_000) = 1 lamport.
    let tx = transaction(
        &runtime,
        &[set_compute_unit_limit(100_001), set_compute_unit_price(3), memo(MEMO_V4, b"a")],
        &payer,
        &[],
    );
    let result = runtime.send_transaction(tx);
    assert_eq!(Check::success(&result).fee, 5_001);
    assert_eq!(runtime.get_balance(&payer.pubkey()), before - 5_001);
}

#[test]
fn larger_heap_costs_8_units_per_extra_32k_and_bad_sizes_are_rejected() {
    let mut runtime = runtime_with_fixtures(false);
    let payer = funded_payer(&mut runtime);
    let tx = transaction(&runtime, &[request_heap_frame(96 * 1024), memo(MEMO_V4, b"hello")], &payer, &[]);
    let result = runtime.send_transaction(tx);
    assert_eq!(Check::success(&result).compute_units_consumed, 150 + 274 + 16);
    let tx = transaction(&runtime, &[memo(MEMO_V4, b"x"), request_heap_frame(33 * 1000)], &payer, &[]);
    let failed = runtime.send_transaction(tx).unwrap_err();
    assert_eq!(failed.err, TransactionError::InstructionError(1, InstructionError::InvalidInstructionData));
}

#[test]
fn exhausting_the_budget_halts_cleanly_wherever_it_happens() {
    for jit in [false, lamport_runtime::loader::JIT_AVAILABLE] {
        let mut runtime = runtime_with_fixtures(jit);
        let payer = funded_payer(&mut runtime);
        let mut in_vm = 0;
        let mut in_syscall = 0;
        for limit in (300..2_920).step_by(97) {
            let before = runtime.get_balance(&payer.pubkey());
            let mint = lamport_sdk::pubkey::Pubkey::new_unique();
            let authority = lamport_sdk::pubkey::Pubkey::new_unique();
            let mint_account = empty_mint(&runtime);
            runtime.set_account(mint, mint_account.clone());
            let tx = transaction(&runtime, &[set_compute_unit_limit(limit), initialize_mint(&mint, &authority, 6)], &payer, &[]);
            let failed = runtime.send_transaction(tx).unwrap_err();
            assert_eq!(failed.meta.compute_units_consumed, u64::from(limit));
            let last = failed.meta.logs.last().unwrap();
            match failed.err {
                TransactionError::InstructionError(1, InstructionError::ProgramFailedToComplete) => {
                    assert_eq!(last, &format!("Program {TOKEN} failed: exceeded CUs meter at BPF instruction"));
                    in_vm += 1;
                }
                TransactionError::InstructionError(1, InstructionError::ComputationalBudgetExceeded) => {
                    assert_eq!(last, &format!("Program {TOKEN} failed: Computational budget exceeded"));
                    in_syscall += 1;
                }
                other => panic!("unexpected error {other:?}"),
            }
            assert_eq!(runtime.get_account(&mint).unwrap(), mint_account, "no change survives");
            assert_eq!(runtime.get_balance(&payer.pubkey()), before - 5_000, "the fee is still charged");
        }
        assert!(in_vm > 0 && in_syscall > 0, "vm {in_vm}, syscall {in_syscall}");
    }
}

#[test]
fn a_syscall_that_cannot_pay_fails_with_computational_budget_exceeded() {
    // Memo's first `sol_log_` needs 100 units; give it fewer than it needs to get there and log.
    let mut runtime = runtime_with_fixtures(false);
    let payer = funded_payer(&mut runtime);
    let tx = transaction(&runtime, &[set_compute_unit_limit(150), memo(MEMO_V4, b"hello")], &payer, &[]);
    let failed = runtime.send_transaction(tx).unwrap_err();
    assert_eq!(failed.meta.compute_units_consumed, 150, "{:#?}", failed.meta.logs);
    assert!(matches!(
        failed.err,
        TransactionError::InstructionError(
            1,
            InstructionError::ComputationalBudgetExceeded | InstructionError::ProgramFailedToComplete
        )
    ));
}
