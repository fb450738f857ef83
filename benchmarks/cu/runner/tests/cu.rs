//! The SDK's acceptance criterion: built with `cargo lamport build`, the
//! account-reading program written with lamport-sdk uses no more compute
//! units than the same program written with Pinocchio 0.12, for 1 and 10
//! accounts. Compute units are deterministic, so these are exact checks.
//!
//! Needs the repository's `target/debug/cargo-lamport` (or `$CARGO_LAMPORT`).

use std::sync::OnceLock;

use lamport_cu_bench::{build_programs, measure, run, Framework, Programs, Scenario, WRONG_DATA, WRONG_LAMPORTS};
use lamport_runtime::{InstructionError, TransactionError};

fn programs() -> &'static Programs {
    static PROGRAMS: OnceLock<Programs> = OnceLock::new();
    PROGRAMS.get_or_init(|| build_programs().unwrap_or_else(|err| panic!("{err}")))
}

fn compare(count: u8) {
    let sdk = measure(programs(), Framework::Sdk, count).unwrap_or_else(|err| panic!("sdk: {err}"));
    let pinocchio = measure(programs(), Framework::Pinocchio, count).unwrap_or_else(|err| panic!("pinocchio: {err}"));
    println!("{count} accounts: lamport-sdk {sdk} CU, pinocchio {pinocchio} CU");
    assert!(sdk <= pinocchio, "{count} accounts: lamport-sdk {sdk} CU > pinocchio {pinocchio} CU");
}

#[test]
fn sdk_costs_no_more_than_pinocchio_for_1_account() {
    compare(1);
}

#[test]
fn sdk_costs_no_more_than_pinocchio_for_10_accounts() {
    compare(10);
}

/// Runs `framework`'s program on `scenario` with `data`; the instruction's error, if any.
fn outcome(framework: Framework, scenario: &Scenario, data: Vec<u8>) -> Option<InstructionError> {
    match run(framework.elf(programs()), scenario, data).expect("the program loads") {
        Ok(_) => None,
        Err(failed) => match failed.err {
            TransactionError::InstructionError(0, err) => Some(err),
            other => panic!("{} failed outside the instruction: {other}", framework.name()),
        },
    }
}

/// Both programs do the work they are measured for, and fail alike when
/// an expectation or a check is not met.
#[test]
fn both_programs_compute_and_check_the_same() {
    for framework in Framework::ALL {
        let scenario = Scenario::new(framework, 3);
        let (lamports, mix) = scenario.expected();
        assert_eq!(outcome(framework, &scenario, scenario.instruction_data()), None, "{}", framework.name());
        assert_eq!(
            outcome(framework, &scenario, scenario.instruction_data_with(lamports + 1, mix)),
            Some(InstructionError::Custom(WRONG_LAMPORTS)),
            "{}",
            framework.name()
        );
        assert_eq!(
            outcome(framework, &scenario, scenario.instruction_data_with(lamports, mix ^ 1)),
            Some(InstructionError::Custom(WRONG_DATA)),
            "{}",
            framework.name()
        );
        assert_eq!(
            outcome(framework, &scenario, scenario.instruction_data()[..16].to_vec()),
            Some(InstructionError::InvalidInstructionData),
            "{}",
            framework.name()
        );

        let mut foreign = Scenario::new(framework, 3);
        foreign.accounts[2].1.owner = lamport_sdk::pubkey::Pubkey::new_from_array([7; 32]);
        assert_eq!(
            outcome(framework, &foreign, foreign.instruction_data()),
            Some(InstructionError::IncorrectProgramId),
            "{}",
            framework.name()
        );

        let mut short = Scenario::new(framework, 2);
        short.accounts[1].1.data.truncate(7);
        assert_eq!(
            outcome(framework, &short, short.instruction_data_with(lamports, mix)),
            Some(InstructionError::AccountDataTooSmall),
            "{}",
            framework.name()
        );
    }
}

/// Compute units of single operations (`programs/cu-ops`) stay within what
/// the toolchain promises: a 128-bit division built on 64-bit divisions
/// (one bit per iteration cost 7,752), soft-float multiplication, a `u32`
/// loop whose counter is not re-extended every iteration (it cost 9).
#[test]
fn single_operations_cost_what_the_toolchain_promises() {
    use lamport_cu_bench::{measure_op, OPERATIONS};
    let limits = [("u128 divide (128-bit by 65-bit)", 400.0), ("f32 multiply", 64.0), ("u32 counting loop iteration", 7.0)];
    for (name, limit) in limits {
        let op = OPERATIONS.iter().find(|op| op.name == name).expect("a listed operation");
        let units = measure_op(&programs().ops, op).unwrap_or_else(|err| panic!("{name}: {err}"));
        println!("{name}: {units:.1} CU");
        assert!(units <= limit, "{name}: {units:.1} CU > {limit}");
        assert!(units > 0.0, "{name}: no cost measured; the operation was optimized away");
    }
}
