//! Real programs built by Solana's toolchain run with Agave's compute units,
//! logs and results (figures in `tests/fixtures/README.md`).

mod common;

use common::*;
use lamport_runtime::{InstructionError, TransactionError};
use lamport_sdk::{pubkey::Pubkey, signer::Keypair};

fn each_engine(test: impl Fn(bool)) {
    test(false);
    if lamport_runtime::loader::JIT_AVAILABLE {
        test(true);
    }
}

#[test]
fn memo_v4_hello_costs_274_with_its_logs() {
    each_engine(|jit| {
        let mut runtime = runtime_with_fixtures(jit);
        let payer = funded_payer(&mut runtime);
        let before = runtime.get_balance(&payer.pubkey());
        let tx = transaction(&runtime, &[memo(MEMO_V4, b"hello")], &payer, &[]);
        let result = runtime.send_transaction(tx);
        let meta = Check::success(&result);
        assert_eq!(meta.compute_units_consumed, 274);
        assert_eq!(
            meta.logs,
            vec![
                format!("Program {MEMO_V4} invoke [1]"),
                "Program log: Memo (len 5)".to_string(),
                "Program log: hello".to_string(),
                format!("Program {MEMO_V4} consumed 274 of 200000 compute units"),
                format!("Program {MEMO_V4} success"),
            ]
        );
        assert_eq!(meta.fee, 5_000);
        assert_eq!(runtime.get_balance(&payer.pubkey()), before - 5_000);
    });
}

#[test]
fn memo_v1_hello_costs_294() {
    each_engine(|jit| {
        let mut runtime = runtime_with_fixtures(jit);
        let payer = funded_payer(&mut runtime);
        let tx = transaction(&runtime, &[memo(MEMO_V1, b"hello")], &payer, &[]);
        let result = runtime.send_transaction(tx);
        let meta = Check::success(&result);
        assert_eq!(meta.compute_units_consumed, 294, "{:#?}", meta.logs);
        assert_eq!(
            meta.logs,
            vec![
                format!("Program {MEMO_V1} invoke [1]"),
                format!("Program {MEMO_V1} consumed 294 of 200000 compute units"),
                format!("Program {MEMO_V1} success"),
            ]
        );
    });
}

#[test]
fn invalid_memo_fails_after_272_and_only_charges_the_fee() {
    each_engine(|jit| {
        let mut runtime = runtime_with_fixtures(jit);
        let payer = funded_payer(&mut runtime);
        let before = runtime.get_balance(&payer.pubkey());
        let tx = transaction(&runtime, &[memo(MEMO_V4, &[0xff])], &payer, &[]);
        let failed = runtime.send_transaction(tx).unwrap_err();
        // Memo logs the data as text; `sol_log_` rejects invalid UTF-8.
        assert_eq!(failed.err, TransactionError::InstructionError(0, InstructionError::ProgramFailedToComplete));
        assert_eq!(failed.meta.compute_units_consumed, 272, "{:#?}", failed.meta.logs);
        assert_eq!(
            failed.meta.logs.last().unwrap(),
            &format!("Program {MEMO_V4} failed: invalid utf-8 sequence of 1 bytes from index 0: [255]")
        );
        assert_eq!(runtime.get_balance(&payer.pubkey()), before - 5_000);
    });
}

struct TokenSetup {
    runtime: lamport_runtime::Runtime,
    payer: Keypair,
    owner: Keypair,
    source: Pubkey,
    destination: Pubkey,
}

fn token_setup(jit: bool, source_amount: u64) -> TokenSetup {
    let mut runtime = runtime_with_fixtures(jit);
    let payer = funded_payer(&mut runtime);
    // The token owner pays the fee (one signature), as in the measured setup.
    let owner = payer.insecure_clone();
    let mint = Keypair::new().pubkey();
    let source = Keypair::new().pubkey();
    let destination = Keypair::new().pubkey();
    let source_account = token_account(&runtime, &mint, &owner.pubkey(), source_amount);
    let destination_account = token_account(&runtime, &mint, &Keypair::new().pubkey(), 0);
    runtime.set_account(source, source_account);
    runtime.set_account(destination, destination_account);
    TokenSetup { runtime, payer, owner, source, destination }
}

#[test]
fn token_initialize_mint_costs_2920() {
    each_engine(|jit| {
        let mut runtime = runtime_with_fixtures(jit);
        let payer = funded_payer(&mut runtime);
        let mint = Pubkey::new_unique();
        let authority = Pubkey::new_unique();
        let mint_account = empty_mint(&runtime);
        runtime.set_account(mint, mint_account);
        let tx = transaction(&runtime, &[initialize_mint(&mint, &authority, 6)], &payer, &[]);
        let result = runtime.send_transaction(tx);
        let meta = Check::success(&result);
        assert_eq!(meta.compute_units_consumed, 2_920, "{:#?}", meta.logs);
        let data = runtime.get_account(&mint).unwrap().data;
        assert_eq!(&data[..4], &[1, 0, 0, 0]);
        assert_eq!(&data[4..36], authority.as_ref());
        assert_eq!(data[44], 6, "decimals");
        assert_eq!(data[45], 1, "is_initialized");
    });
}

#[test]
fn token_transfer_costs_4644_and_moves_tokens() {
    each_engine(|jit| {
        let TokenSetup { mut runtime, payer, owner, source, destination } = token_setup(jit, 1_000);
        let tx = transaction(&runtime, &[token_transfer(&source, &destination, &owner.pubkey(), 300)], &payer, &[]);
        let result = runtime.send_transaction(tx);
        let meta = Check::success(&result);
        assert_eq!(meta.compute_units_consumed, 4_644, "{:#?}", meta.logs);
        assert_eq!(meta.fee, 5_000);
        assert_eq!(token_amount(&runtime.get_account(&source).unwrap()), 700);
        assert_eq!(token_amount(&runtime.get_account(&destination).unwrap()), 300);
        assert!(meta.logs.contains(&"Program log: Instruction: Transfer".to_string()), "{:#?}", meta.logs);
    });
}

#[test]
fn token_overdraft_fails_and_changes_nothing_but_the_fee() {
    each_engine(|jit| {
        let TokenSetup { mut runtime, payer, owner, source, destination } = token_setup(jit, 100);
        let payer_before = runtime.get_balance(&payer.pubkey());
        let source_before = runtime.get_account(&source).unwrap();
        let destination_before = runtime.get_account(&destination).unwrap();
        let tx = transaction(&runtime, &[token_transfer(&source, &destination, &owner.pubkey(), 101)], &payer, &[]);
        let failed = runtime.send_transaction(tx).unwrap_err();
        // TokenError::InsufficientFunds = 1
        assert_eq!(failed.err, TransactionError::InstructionError(0, InstructionError::Custom(1)));
        assert_eq!(failed.meta.logs.last().unwrap(), &format!("Program {TOKEN} failed: custom program error: 0x1"));
        assert_eq!(runtime.get_balance(&payer.pubkey()), payer_before - 5_000);
        assert_eq!(runtime.get_account(&source).unwrap(), source_before);
        assert_eq!(runtime.get_account(&destination).unwrap(), destination_before);
    });
}
