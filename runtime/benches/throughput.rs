//! Throughput: SPL Token transfers per second on one thread (signature
//! verification on, and off to isolate execution), and the speedup of
//! `send_transactions` on conflict-free transfers with two threads.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use lamport_runtime::{LoaderKind, Runtime};
use lamport_sdk::{
    account::Account,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
    system,
    transaction::Transaction,
};

const TOKEN: Pubkey = Pubkey::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");

fn token_account(runtime: &Runtime, mint: &Pubkey, owner: &Pubkey, amount: u64) -> Account {
    let data = lamport_sdk::token::account_data(mint, owner, amount).to_vec();
    Account { lamports: runtime.minimum_balance_for_rent_exemption(data.len()), data, owner: TOKEN, executable: false, rent_epoch: 0 }
}

fn transfer(source: &Pubkey, destination: &Pubkey, owner: &Pubkey, amount: u64) -> Instruction {
    let mut data = vec![3];
    data.extend_from_slice(&amount.to_le_bytes());
    Instruction {
        program_id: TOKEN,
        accounts: vec![AccountMeta::new(*source, false), AccountMeta::new(*destination, false), AccountMeta::new_readonly(*owner, true)],
        data,
    }
}

struct Pairs {
    owners: Vec<Keypair>,
    sources: Vec<Pubkey>,
    destination: Vec<Pubkey>,
    blockhash: lamport_sdk::hash::Hash,
}

fn setup(threads: usize, pairs: usize) -> (Runtime, Pairs) {
    setup_with(Runtime::new().with_threads(threads), pairs)
}

fn setup_with(runtime: Runtime, pairs: usize) -> (Runtime, Pairs) {
    let elf = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/spl_token-3.5.0.so")).unwrap();
    let mut runtime = runtime;
    runtime.add_program_with_loader(TOKEN, &elf, LoaderKind::V2).unwrap();
    let mint = Pubkey::new_unique();
    let mut owners = Vec::new();
    let mut sources = Vec::new();
    let mut destination = Vec::new();
    for _ in 0..pairs {
        let owner = Keypair::new();
        runtime.airdrop(&owner.pubkey(), 1_000_000_000_000).unwrap();
        let source = Pubkey::new_unique();
        let dest = Pubkey::new_unique();
        let account = token_account(&runtime, &mint, &owner.pubkey(), u64::MAX / 2);
        runtime.set_account(source, account);
        let account = token_account(&runtime, &mint, &owner.pubkey(), 0);
        runtime.set_account(dest, account);
        owners.push(owner);
        sources.push(source);
        destination.push(dest);
    }
    let blockhash = runtime.latest_blockhash();
    (runtime, Pairs { owners, sources, destination, blockhash })
}

/// `count` signed token transfers, cycling over the pairs, each with a distinct amount.
fn transfers(setup: &Pairs, count: usize, nonce: &mut u64) -> Vec<Transaction> {
    let blockhash = setup.blockhash;
    (0..count)
        .map(|i| {
            let pair = i % setup.owners.len();
            let owner = &setup.owners[pair];
            *nonce += 1;
            let ix = transfer(&setup.sources[pair], &setup.destination[pair], &owner.pubkey(), *nonce);
            Transaction::new_signed_with_payer(&[ix], Some(&owner.pubkey()), &[owner], blockhash)
        })
        .collect()
}

fn token_transfers_one_thread(c: &mut Criterion) {
    let mut group = c.benchmark_group("spl_token_transfer_1_thread");
    const BATCH: usize = 256;
    group.throughput(Throughput::Elements(BATCH as u64));
    let mut nonce = 0;
    let (mut runtime, s) = setup(1, 1);
    group.bench_function("send_transaction", |b| {
        b.iter_batched(
            || transfers(&s, BATCH, &mut nonce),
            |txs| {
                for tx in txs {
                    runtime.send_transaction(tx).unwrap();
                }
            },
            BatchSize::LargeInput,
        )
    });
    let (mut runtime, s) = setup_with(Runtime::new().with_threads(1).with_sigverify(false), 1);
    group.bench_function("send_transaction_without_sigverify", |b| {
        b.iter_batched(
            || transfers(&s, BATCH, &mut nonce),
            |txs| {
                for tx in txs {
                    runtime.send_transaction(tx).unwrap();
                }
            },
            BatchSize::LargeInput,
        )
    });
    let (mut runtime, s) = setup(1, 1);
    group.bench_function("send_transactions", |b| {
        b.iter_batched(
            || transfers(&s, BATCH, &mut nonce),
            |txs| {
                for result in runtime.send_transactions(txs) {
                    result.unwrap();
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn parallel_speedup(c: &mut Criterion) {
    let mut group = c.benchmark_group("conflict_free_batch");
    const BATCH: usize = 1024;
    group.throughput(Throughput::Elements(BATCH as u64));
    let mut nonce = 0;
    for threads in [1, 2] {
        let (mut runtime, s) = setup(threads, BATCH);
        group.bench_function(format!("token_transfers_{threads}_threads"), |b| {
            b.iter_batched(
                || transfers(&s, BATCH, &mut nonce),
                |txs| {
                    for result in runtime.send_transactions(txs) {
                        result.unwrap();
                    }
                },
                BatchSize::LargeInput,
            )
        });
    }
    for threads in [1, 2] {
        let (mut runtime, s) = setup(threads, BATCH);
        group.bench_function(format!("system_transfers_{threads}_threads"), |b| {
            b.iter_batched(
                || {
                    let blockhash = s.blockhash;
                    s.owners
                        .iter()
                        .map(|owner| {
                            nonce += 1;
                            let ix = system::transfer(&owner.pubkey(), &Pubkey::new_unique(), 1_000_000 + nonce);
                            Transaction::new_signed_with_payer(&[ix], Some(&owner.pubkey()), &[owner], blockhash)
                        })
                        .collect::<Vec<_>>()
                },
                |txs| {
                    for result in runtime.send_transactions(txs) {
                        result.unwrap();
                    }
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(4)).warm_up_time(std::time::Duration::from_secs(1));
    targets = token_transfers_one_thread, parallel_speedup
}
criterion_main!(benches);
