//! Crates of the Solana ecosystem, unmodified from crates.io, build with
//! `cargo lamport build` and run: `tests/programs/pinocchio-hello` uses
//! Pinocchio 0.12's entrypoint and `pinocchio-log`, whose on-chain code sits
//! behind `cfg(target_os = "solana")`. Interpreter and JIT must agree.

mod support;

use lamport_sdk::{
    account::Account,
    entrypoint::serialize::{serialize_input, InputAccount},
    program_error::NOT_ENOUGH_ACCOUNT_KEYS,
    pubkey::Pubkey,
};

fn pinocchio_hello() -> &'static [u8] {
    support::test_program_at("pinocchio-hello", "pinocchio_hello")
}

#[test]
fn pinocchio_program_logs_through_pinocchio_log() {
    let program_id = Pubkey::new_from_array([3; 32]);
    let key = Pubkey::new_from_array([9; 32]);
    let account = Account { lamports: 1_234_567, data: vec![1, 2, 3, 250], owner: program_id, executable: false, rent_epoch: u64::MAX };
    let second = Account::new(5, 0, &Pubkey::default());
    let input = serialize_input(
        &program_id,
        &[
            InputAccount::Account { key: &key, is_signer: false, is_writable: true, account: &account },
            InputAccount::Account { key: &Pubkey::new_from_array([8; 32]), is_signer: true, is_writable: false, account: &second },
        ],
        &[0xAA; 5],
    )
    .unwrap();

    let outcome = support::vm::run_both(pinocchio_hello(), input.as_bytes(), 200_000);
    assert_eq!(outcome.result, Ok(0), "{:?}", outcome.logs);
    assert_eq!(
        outcome.logs,
        [
            "Program log: Hello from Pinocchio!",
            "Program log: 2 accounts, the first owned by this program",
            "Program log: 1234567 lamports, 4 data bytes summing to 256, 5 instruction bytes",
        ]
    );
}

#[test]
fn pinocchio_program_reports_its_error_code() {
    let program_id = Pubkey::new_from_array([3; 32]);
    let input = serialize_input(&program_id, &[], &[]).unwrap();
    let outcome = support::vm::run_both(pinocchio_hello(), input.as_bytes(), 200_000);
    assert_eq!(outcome.result, Ok(NOT_ENOUGH_ACCOUNT_KEYS));
    assert_eq!(outcome.logs, ["Program log: Hello from Pinocchio!"]);
}
