//! Differential test: the JIT and the interpreter give the same results,
//! logs, compute units and accounts on the fixture programs.

mod common;

use common::*;
use lamport_runtime::Runtime;
use lamport_sdk::{pubkey::Pubkey, signer::Keypair, transaction::Transaction};

fn scenario(jit: bool) -> (Vec<lamport_runtime::TransactionResult>, Vec<Option<lamport_sdk::account::Account>>) {
    let mut runtime: Runtime = runtime_with_fixtures(jit).with_blockhash_check(false);
    let payer = Keypair::new_from_array([1; 32]);
    runtime.airdrop(&payer.pubkey(), 10_000_000_000).unwrap();
    let mint = Pubkey::new_from_array([2; 32]);
    let source = Pubkey::new_from_array([3; 32]);
    let destination = Pubkey::new_from_array([4; 32]);
    let mint_account = empty_mint(&runtime);
    runtime.set_account(mint, mint_account);
    let source_account = token_account(&runtime, &mint, &payer.pubkey(), 500);
    runtime.set_account(source, source_account);
    let destination_account = token_account(&runtime, &mint, &payer.pubkey(), 0);
    runtime.set_account(destination, destination_account);
    let instructions = vec![
        vec![memo(MEMO_V4, b"hello")],
        vec![memo(MEMO_V1, b"hello")],
        vec![memo(MEMO_V4, &[0xff, 0xfe])],
        vec![initialize_mint(&mint, &payer.pubkey(), 9)],
        vec![initialize_mint(&mint, &payer.pubkey(), 9)],
        vec![token_transfer(&source, &destination, &payer.pubkey(), 200)],
        vec![token_transfer(&source, &destination, &payer.pubkey(), 1_000)],
        vec![lamport_sdk::compute_budget::set_compute_unit_limit(3_000), token_transfer(&source, &destination, &payer.pubkey(), 1)],
    ];
    let results = instructions
        .into_iter()
        .enumerate()
        .map(|(i, ixs)| {
            let blockhash = lamport_sdk::hash::Hash::new_from_array([i as u8; 32]);
            let tx = Transaction::new_signed_with_payer(&ixs, Some(&payer.pubkey()), &[&payer], blockhash);
            runtime.send_transaction(tx)
        })
        .collect();
    let accounts = [payer.pubkey(), mint, source, destination].iter().map(|a| runtime.get_account(a)).collect();
    (results, accounts)
}

#[test]
fn jit_and_interpreter_agree() {
    if !lamport_runtime::loader::JIT_AVAILABLE {
        return;
    }
    let mut interpreted = scenario(false);
    let mut compiled = scenario(true);
    assert_eq!(interpreted.0.len(), 8);
    assert!(interpreted.0.iter().any(Result::is_ok) && interpreted.0.iter().any(Result::is_err));
    // A failure's call stack is the interpreter's alone (the JIT keeps its
    // frames on the native stack); its message and program counter agree.
    for results in [&mut interpreted.0, &mut compiled.0] {
        for fault in results.iter_mut().filter_map(|r| r.as_mut().err()).filter_map(|f| f.meta.fault.as_mut()) {
            fault.frames.clear();
        }
    }
    assert_eq!(interpreted, compiled);
}
