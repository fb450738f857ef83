//! `send_transactions` gives exactly the results, logs and balances of
//! sending the same transactions one by one, for random batches of
//! conflicting and non-conflicting system and token transfers.

mod common;

use common::*;
use lamport_runtime::{Runtime, TransactionError, TransactionResult};
use lamport_sdk::{pubkey::Pubkey, signer::Keypair, system, transaction::Transaction};
use rand::{rngs::StdRng, Rng, SeedableRng};

struct World {
    runtime: Runtime,
    users: Vec<Keypair>,
    token_accounts: Vec<Pubkey>,
    all: Vec<Pubkey>,
}

fn world(seed: u64, threads: usize) -> World {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut runtime = runtime_with_fixtures(true).with_threads(threads);
    let mint = Pubkey::new_from_array(rng.gen());
    let users: Vec<Keypair> = (0..12).map(|_| Keypair::new_from_array(rng.gen())).collect();
    let mut token_accounts = Vec::new();
    for user in &users {
        runtime.airdrop(&user.pubkey(), rng.gen_range(1_000_000..5_000_000)).unwrap();
        let address = Pubkey::new_from_array(rng.gen());
        let account = token_account(&runtime, &mint, &user.pubkey(), rng.gen_range(0..1_000));
        runtime.set_account(address, account);
        token_accounts.push(address);
    }
    let mut all: Vec<Pubkey> = users.iter().map(Keypair::pubkey).collect();
    all.extend(&token_accounts);
    World { runtime, users, token_accounts, all }
}

/// Lamports held by `addresses`.
fn total(runtime: &Runtime, addresses: &[Pubkey]) -> u128 {
    addresses.iter().map(|a| u128::from(runtime.get_balance(a))).sum()
}

/// Fees the results were charged: a successful or executed transaction its
/// fee, once; a rejected one (no logs) nothing.
fn charged(results: &[TransactionResult]) -> u128 {
    results
        .iter()
        .map(|result| match result {
            Ok(meta) => u128::from(meta.fee),
            Err(failed) if !failed.meta.logs.is_empty() => u128::from(failed.meta.fee),
            Err(failed) => {
                assert_eq!(failed.meta.compute_units_consumed, 0, "{failed}");
                0
            }
        })
        .sum()
}

/// Sends `batch` in parallel and checks that the lamports of `addresses`
/// (every account the batch touches) drop by exactly the fees charged.
fn send_conserving(runtime: &mut Runtime, batch: Vec<Transaction>, addresses: &[Pubkey]) -> Vec<TransactionResult> {
    let before = total(runtime, addresses);
    let results = runtime.send_transactions(batch);
    assert_eq!(before - total(runtime, addresses), charged(&results), "lamports conserved but for fees charged once");
    results
}

fn random_batch(world: &World, rng: &mut StdRng) -> Vec<Transaction> {
    let blockhash = world.runtime.latest_blockhash();
    let n = world.users.len();
    (0..rng.gen_range(1..40))
        .map(|_| {
            let from = rng.gen_range(0..n);
            let to = rng.gen_range(0..n);
            let payer = &world.users[from];
            let ix = if rng.gen_bool(0.5) {
                // Sometimes more than the balance: a failure that still pays the fee.
                system::transfer(&payer.pubkey(), &world.users[to].pubkey(), rng.gen_range(0..1_500_000))
            } else {
                token_transfer(&world.token_accounts[from], &world.token_accounts[to], &payer.pubkey(), rng.gen_range(0..300))
            };
            Transaction::new_signed_with_payer(&[ix], Some(&payer.pubkey()), &[payer], blockhash)
        })
        .collect()
}

#[test]
fn batches_match_one_by_one_execution() {
    for seed in 0..6u64 {
        let mut sequential = world(seed, 1);
        let mut parallel = world(seed, 2);
        let mut rng = StdRng::seed_from_u64(seed ^ 0xfeed);
        for _round in 0..4 {
            let batch = random_batch(&sequential, &mut rng);
            let expected: Vec<_> = batch.iter().cloned().map(|tx| sequential.runtime.send_transaction(tx)).collect();
            let got = send_conserving(&mut parallel.runtime, batch, &parallel.all);
            assert_eq!(got, expected, "seed {seed}");
            for address in &sequential.all {
                assert_eq!(parallel.runtime.get_account(address), sequential.runtime.get_account(address));
            }
        }
        // Replays are rejected the same way in a batch.
        let batch = random_batch(&sequential, &mut rng);
        let mut doubled = batch.clone();
        doubled.extend(batch);
        let expected: Vec<_> = doubled.iter().cloned().map(|tx| sequential.runtime.send_transaction(tx)).collect();
        assert_eq!(send_conserving(&mut parallel.runtime, doubled, &parallel.all), expected);
        // Forged signatures fail the same way, wherever they sit in a batch.
        let mut forged = random_batch(&sequential, &mut rng);
        for tx in forged.iter_mut().step_by(3) {
            let mut bytes: [u8; 64] = tx.signatures[0].as_ref().try_into().unwrap();
            bytes[40] ^= 0x20;
            tx.signatures[0] = lamport_sdk::signature::Signature::from(bytes);
        }
        let expected: Vec<_> = forged.iter().cloned().map(|tx| sequential.runtime.send_transaction(tx)).collect();
        assert!(expected.iter().any(|r| matches!(r, Err(f) if f.err == TransactionError::SignatureFailure)));
        assert_eq!(send_conserving(&mut parallel.runtime, forged, &parallel.all), expected, "seed {seed}");
    }
}

/// Many conflict-free transactions, some with forged signatures: a batch
/// large enough to run on the worker threads gives the one-by-one results.
#[test]
fn large_conflict_free_batches_with_forged_signatures_match_one_by_one_execution() {
    let mut sequential = world(7, 1);
    let mut parallel = world(7, 2);
    let blockhash = sequential.runtime.latest_blockhash();
    let txs: Vec<Transaction> = sequential
        .users
        .iter()
        .enumerate()
        .map(|(i, user)| {
            let to = Pubkey::new_from_array([i as u8 + 1; 32]);
            let mut tx = Transaction::new_signed_with_payer(
                &[system::transfer(&user.pubkey(), &to, 1_000_000)],
                Some(&user.pubkey()),
                &[user],
                blockhash,
            );
            if i % 4 == 1 {
                let mut bytes: [u8; 64] = tx.signatures[0].as_ref().try_into().unwrap();
                bytes[0] ^= 1;
                tx.signatures[0] = lamport_sdk::signature::Signature::from(bytes);
            }
            tx
        })
        .collect();
    let expected: Vec<_> = txs.iter().cloned().map(|tx| sequential.runtime.send_transaction(tx)).collect();
    let forged = expected.iter().filter(|r| matches!(r, Err(f) if f.err == TransactionError::SignatureFailure));
    assert_eq!(forged.count(), 3);
    let mut touched = parallel.all.clone();
    touched.extend((0..parallel.users.len()).map(|i| Pubkey::new_from_array([i as u8 + 1; 32])));
    assert_eq!(send_conserving(&mut parallel.runtime, txs, &touched), expected);
    for address in &sequential.all {
        assert_eq!(parallel.runtime.get_account(address), sequential.runtime.get_account(address));
    }
}

#[test]
fn conflict_free_transfers_all_succeed_in_one_batch() {
    let mut world = world(99, 2);
    for user in &world.users {
        world.runtime.airdrop(&user.pubkey(), 10_000_000).unwrap();
    }
    let blockhash = world.runtime.latest_blockhash();
    let txs: Vec<Transaction> = world
        .users
        .iter()
        .map(|user| {
            let to = Pubkey::new_unique();
            Transaction::new_signed_with_payer(&[system::transfer(&user.pubkey(), &to, 1_000_000)], Some(&user.pubkey()), &[user], blockhash)
        })
        .collect();
    let results = world.runtime.send_transactions(txs);
    assert!(results.iter().all(Result::is_ok), "{results:#?}");
    assert_eq!(results.len(), world.users.len());
}
