//! `send_transactions` gives exactly the results (errors, logs, compute
//! units, fees, return data) and the accounts of sending the same
//! transactions one by one, on random batches of conflicting and
//! non-conflicting transactions over many programs (system transfers, SPL
//! Token, memos, the `counter` and CPI examples, CPI chains of the
//! `invoker` test program), with replays and forged signatures among them.
//! Each transaction sent one by one keeps the transaction invariants
//! ([`Invariants`]); a batch as a whole loses exactly the fees its results
//! report.

mod common;
#[path = "common/world.rs"]
mod world;

use common::Invariants;
use world::*;
use lamport_runtime::TransactionError;
use lamport_sdk::{pubkey::Pubkey, system, transaction::Transaction};
use proptest::prelude::*;

/// Sends `specs` (and the replays at `replays`) one by one in one world and
/// as one batch in another; checks both agree and every invariant holds.
fn check_batch(specs: &[TxSpec], replays: &[prop::sample::Index], jit: bool) -> Result<(), TestCaseError> {
    let mut sequential = world(1, jit);
    let mut parallel = world(2, jit);
    let mut txs: Vec<Transaction> = specs.iter().map(|spec| sequential.transaction(spec)).collect();
    let mut fees: Vec<u64> = specs.iter().map(expected_fee).collect();
    for replay in replays {
        let at = replay.index(txs.len());
        txs.push(txs[at].clone());
        fees.push(fees[at]);
    }

    let mut expected = Vec::with_capacity(txs.len());
    for (tx, fee) in txs.iter().zip(&fees) {
        let invariants = Invariants::before(&sequential.runtime, tx);
        let result = sequential.runtime.send_transaction(tx.clone());
        let charged = invariants.check(&sequential.runtime, &result);
        prop_assert!(charged == 0 || charged == *fee, "charged {charged}, the fee is {fee}: {result:?}");
        if tx.verify().is_err() {
            prop_assert_eq!(result.as_ref().map_err(|f| &f.err), Err(&TransactionError::SignatureFailure));
        }
        expected.push(result);
    }

    let before = parallel.lamports();
    let got = parallel.runtime.send_transactions(txs);
    let charged: u128 = got
        .iter()
        .map(|result| match result {
            Ok(meta) => u128::from(meta.fee),
            Err(failed) if !failed.meta.logs.is_empty() => u128::from(failed.meta.fee),
            Err(_) => 0,
        })
        .sum();
    prop_assert_eq!(before - parallel.lamports(), charged, "the batch loses exactly the fees it charged");
    prop_assert_eq!(got.len(), expected.len());
    for (index, (got, expected)) in got.iter().zip(&expected).enumerate() {
        prop_assert_eq!(got, expected, "transaction {} of the batch", index);
    }
    for (address, (got, expected)) in parallel.addresses.iter().zip(parallel.accounts().iter().zip(&sequential.accounts())) {
        prop_assert_eq!(got, expected, "account {}", address);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn batches_match_one_by_one_execution(
        specs in prop::collection::vec(tx_spec(), 1..40),
        replays in prop::collection::vec(any::<prop::sample::Index>(), 0..3),
        jit in any::<bool>(),
    ) {
        check_batch(&specs, &replays, jit)?;
    }
}

/// Batches large enough to run on the worker threads: every user's
/// conflict-free CPI, some with forged signatures, then everyone paying the
/// same account and creating their counter.
#[test]
fn large_batches_with_and_without_conflicts_match_one_by_one_execution() {
    let free: Vec<TxSpec> = (0..USERS)
        .map(|payer| TxSpec {
            payer,
            ops: vec![Op::Double { a: payer as u64, b: 1 }, Op::Chain { programs: vec![false; payer % 4] }],
            budget: None,
            forged: payer % 5 == 2,
        })
        .collect();
    check_batch(&free, &[], true).unwrap();
    let conflicting: Vec<TxSpec> = (0..USERS * 2)
        .map(|i| TxSpec {
            payer: i % USERS,
            ops: vec![Op::Transfer { to: 0, lamports: 1_000_000 }, Op::CounterInitialize],
            budget: None,
            forged: false,
        })
        .collect();
    check_batch(&conflicting, &[], true).unwrap();
}

#[test]
fn conflict_free_transfers_all_succeed_in_one_batch() {
    let mut world = world(2, true);
    let blockhash = world.runtime.latest_blockhash();
    let recipients: Vec<Pubkey> = (0..USERS).map(|i| Pubkey::new_from_array([0xE0 + i as u8; 32])).collect();
    let txs: Vec<Transaction> = world
        .users
        .iter()
        .zip(&recipients)
        .map(|(user, to)| Transaction::new_signed_with_payer(&[system::transfer(&user.pubkey(), to, 1_000_000)], Some(&user.pubkey()), &[user], blockhash))
        .collect();
    let results = world.runtime.send_transactions(txs);
    assert!(results.iter().all(Result::is_ok), "{results:#?}");
    for (user, to) in world.users.iter().zip(&recipients) {
        assert_eq!(world.runtime.get_balance(to), 1_000_000);
        assert_eq!(world.runtime.get_balance(&user.pubkey()), USER_LAMPORTS - 1_000_000 - 5_000);
    }
}
