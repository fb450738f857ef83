//! ELFs built by `cargo lamport build` run unchanged in Agave's SVM
//! (LiteSVM 0.17 on Agave 4.3 crates), with the logs and compute units
//! lamport-runtime reports for the same transaction.

use std::{path::Path, sync::OnceLock};

use lamport_agave_compat::{build, build_c, repository, run_in_litesvm, run_scenario_in_litesvm};
use lamport_cu_bench::{build_programs, run, Framework, Programs, Scenario, ACCOUNT_COUNTS, WRONG_LAMPORTS};
use lamport_runtime::Runtime;
use lamport_sdk::{instruction::Instruction, pubkey::Pubkey, signer::Keypair, transaction::Transaction};
use solana_instruction_error::InstructionError as AgaveInstructionError;
use solana_transaction_error::TransactionError as AgaveTransactionError;

fn benchmark_programs() -> &'static Programs {
    static PROGRAMS: OnceLock<Programs> = OnceLock::new();
    PROGRAMS.get_or_init(|| build_programs().unwrap_or_else(|err| panic!("{err}")))
}

fn hello_elf() -> &'static [u8] {
    static HELLO: OnceLock<Vec<u8>> = OnceLock::new();
    HELLO.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hello");
        build(&repository().join("examples/hello/Cargo.toml"), &out, "hello")
    })
}

fn hello_c_elf() -> &'static [u8] {
    static HELLO_C: OnceLock<Vec<u8>> = OnceLock::new();
    HELLO_C.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hello-c");
        build_c(&repository().join("examples/hello-c"), &out, "hello_c")
    })
}

#[test]
fn hello_greets_in_agave_with_lamport_runtimes_compute_units() {
    greets_in_agave_like_lamport_runtime(hello_elf());
}

#[test]
fn hello_in_c_greets_in_agave_with_lamport_runtimes_compute_units() {
    greets_in_agave_like_lamport_runtime(hello_c_elf());
}

fn greets_in_agave_like_lamport_runtime(elf: &[u8]) {
    let program_id = Pubkey::new_from_array([0x11; 32]);
    let payer = Keypair::new_from_array([0x22; 32]);

    let agave = run_in_litesvm(
        elf,
        lamport_agave_compat::address(&program_id),
        &lamport_agave_compat::keypair(&payer),
        &[],
        Vec::new(),
    )
    .unwrap_or_else(|failed| panic!("hello fails in LiteSVM: {:?}\n{:#?}", failed.err, failed.meta.logs));
    assert!(agave.logs.iter().any(|line| line == "Program log: Hello, Lamport!"), "{:#?}", agave.logs);

    let mut runtime = Runtime::new();
    runtime.add_program(program_id, elf).expect("hello loads");
    runtime.airdrop(&payer.pubkey(), Scenario::PAYER_LAMPORTS).unwrap();
    let tx = Transaction::new_signed_with_payer(
        &[Instruction::new(program_id, Vec::new(), Vec::new())],
        Some(&payer.pubkey()),
        &[&payer],
        runtime.latest_blockhash(),
    );
    let ours = runtime.send_transaction(tx).expect("hello succeeds in lamport-runtime");

    assert_eq!(agave.compute_units_consumed, ours.compute_units_consumed);
    assert_eq!(agave.logs, ours.logs, "same log lines");
}

#[test]
fn benchmark_programs_cost_the_same_in_agave() {
    for framework in Framework::ALL {
        for count in ACCOUNT_COUNTS {
            let scenario = Scenario::new(framework, count);
            let elf = framework.elf(benchmark_programs());
            let agave = run_scenario_in_litesvm(elf, &scenario, scenario.instruction_data()).unwrap_or_else(|failed| {
                panic!("{} with {count} accounts fails in LiteSVM: {:?}\n{:#?}", framework.name(), failed.err, failed.meta.logs)
            });
            let ours = run(elf, &scenario, scenario.instruction_data()).expect("loads").expect("succeeds");
            println!(
                "{} with {count} accounts: Agave {} CU, lamport-runtime {} CU",
                framework.name(),
                agave.compute_units_consumed,
                ours.compute_units_consumed
            );
            assert_eq!(agave.compute_units_consumed, ours.compute_units_consumed, "{} with {count} accounts", framework.name());
            assert_eq!(agave.logs, ours.logs, "{} with {count} accounts", framework.name());
        }
    }
}

#[test]
fn a_failing_benchmark_program_fails_alike_in_agave() {
    for framework in Framework::ALL {
        let scenario = Scenario::new(framework, 2);
        let (lamports, mix) = scenario.expected();
        let data = scenario.instruction_data_with(lamports + 1, mix);
        let elf = framework.elf(benchmark_programs());
        let agave = run_scenario_in_litesvm(elf, &scenario, data.clone()).expect_err("a wrong sum fails");
        assert_eq!(
            agave.err,
            AgaveTransactionError::InstructionError(0, AgaveInstructionError::Custom(WRONG_LAMPORTS)),
            "{}",
            framework.name()
        );
        let ours = run(elf, &scenario, data).expect("loads").expect_err("a wrong sum fails");
        assert_eq!(agave.meta.compute_units_consumed, ours.meta.compute_units_consumed, "{}", framework.name());
        assert_eq!(agave.meta.logs, ours.meta.logs, "{}", framework.name());
    }
}
