//! `send_transactions` on two threads against one: a batch of conflict-free
//! SPL Token 3.5.0 transfers (each pair of token accounts and its owner
//! used once), signatures verified.
//!
//! Both thread counts run in one process, alternating, five rounds each,
//! each after an unmeasured warm-up batch;
//! the table gives the median of each figure:
//! - the batch's wall time: the speedup two threads give, when both cores
//!   are free (on a loaded machine it measures the load);
//! - the CPU time of all threads per transaction: what the parallel run
//!   costs in total (equal CPU time means no parallel overhead);
//! - the critical path in CPU time: the calling thread's CPU time (it runs
//!   the serial parts and waits while the workers run) plus the busiest
//!   worker's, from each thread's `/proc/self/task/*/schedstat`; one
//!   thread's CPU time divided by it bounds the speedup on two free cores
//!   from below, whatever else the machine runs: when another process
//!   delays one worker, work stealing hands its share to the other, whose
//!   CPU time grows;
//! - the balanced critical path: the caller's CPU time plus the workers'
//!   mean, what the critical path is when neither worker is delayed (work
//!   stealing then splits a batch of 2,048 transactions of ~50 µs to
//!   within one transaction).
//!
//! The same figure for plain signature checks (ed25519-dalek's
//! `verify_strict` of the batch's signatures, split in halves between two
//! threads) is the machine's ceiling in this run: what two of its cores
//! give a compute-bound job with no scheduling and no shared state.
//!
//! Run with
//! `cargo bench --manifest-path compat/agave/Cargo.toml --ignore-rust-version --bench send_transactions`.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use cpu_time::{ProcessTime, ThreadTime};
use lamport_runtime::{LoaderKind, Runtime};
use lamport_sdk::{
    account::Account,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
    transaction::Transaction,
};

const TOKEN: Pubkey = Pubkey::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
/// Transactions per measured batch (one per owner).
const BATCH: usize = 2048;
/// Transactions of the unmeasured batch sent first in each round, so that
/// every thread's reused state (VM memory, caches) is warm in both cases.
const WARM_UP: usize = 64;
const ROUNDS: usize = 5;

fn token_account(mint: &Pubkey, owner: &Pubkey, amount: u64) -> Account {
    let data = lamport_sdk::token::account_data(mint, owner, amount).to_vec();
    Account { lamports: 10_000_000, data, owner: TOKEN, executable: false, rent_epoch: u64::MAX }
}

/// A runtime with `WARM_UP + BATCH` owners, each with two token accounts,
/// and one signed transfer per owner.
fn setup(elf: &[u8], threads: usize, round: u64) -> (Runtime, Vec<Transaction>) {
    let mut runtime = Runtime::new().with_threads(threads);
    runtime.add_program_with_loader(TOKEN, elf, LoaderKind::V2).expect("the fixture loads");
    let mint = Pubkey::new_from_array([1; 32]);
    let blockhash = runtime.latest_blockhash();
    let transfers = (0..WARM_UP + BATCH)
        .map(|i| {
            let owner = Keypair::new();
            runtime.airdrop(&owner.pubkey(), 1_000_000_000).expect("airdrop");
            let (source, destination) = (Pubkey::new_unique(), Pubkey::new_unique());
            runtime.set_account(source, token_account(&mint, &owner.pubkey(), 1_000_000));
            runtime.set_account(destination, token_account(&mint, &owner.pubkey(), 0));
            let mut data = vec![3];
            data.extend_from_slice(&(round * (WARM_UP + BATCH) as u64 + i as u64 + 1).to_le_bytes());
            let ix = Instruction {
                program_id: TOKEN,
                accounts: vec![AccountMeta::new(source, false), AccountMeta::new(destination, false), AccountMeta::new_readonly(owner.pubkey(), true)],
                data,
            };
            Transaction::new_signed_with_payer(&[ix], Some(&owner.pubkey()), &[&owner], blockhash)
        })
        .collect();
    (runtime, transfers)
}

/// CPU time of each thread of this process so far, by thread id (Linux's
/// per-thread scheduler statistics, in nanoseconds).
fn thread_cpu_times() -> HashMap<u64, Duration> {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return HashMap::new() };
    tasks
        .filter_map(|task| {
            let task = task.ok()?;
            let id = task.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
            let nanos = stat.split_whitespace().next()?.parse().ok()?;
            Some((id, Duration::from_nanos(nanos)))
        })
        .collect()
}

/// The calling thread's id.
fn this_thread_id() -> u64 {
    std::fs::read_link("/proc/thread-self").ok().and_then(|path| path.file_name()?.to_str()?.parse().ok()).unwrap_or(0)
}

/// What one batch took.
struct Measured {
    wall: Duration,
    cpu: Duration,
    /// The caller's CPU time plus the busiest other thread's.
    critical_path: Duration,
    /// The caller's CPU time plus the other threads' mean.
    balanced: Duration,
}

fn round(elf: &[u8], threads: usize, round: u64) -> Measured {
    let (mut runtime, mut transfers) = setup(elf, threads, round);
    // Starts the worker threads and warms them outside the measurement.
    let rest = transfers.split_off(WARM_UP);
    assert!(runtime.send_transactions(std::mem::replace(&mut transfers, rest)).iter().all(Result::is_ok));
    let caller = this_thread_id();
    let before = thread_cpu_times();
    let (wall, cpu) = (Instant::now(), ProcessTime::now());
    for result in runtime.send_transactions(transfers) {
        assert!(result.is_ok(), "{result:?}");
    }
    let (wall, cpu) = (wall.elapsed(), cpu.elapsed());
    let spent: Vec<(u64, Duration)> = thread_cpu_times()
        .into_iter()
        .map(|(id, total)| (id, total.saturating_sub(before.get(&id).copied().unwrap_or_default())))
        .collect();
    let own = spent.iter().find(|(id, _)| *id == caller).map_or(Duration::ZERO, |(_, d)| *d);
    let workers: Vec<Duration> = spent.iter().filter(|(id, _)| *id != caller).map(|(_, d)| *d).collect();
    let busiest = workers.iter().copied().max().unwrap_or_default();
    let mean = workers.iter().sum::<Duration>().checked_div(workers.len() as u32).unwrap_or_default();
    Measured { wall, cpu, critical_path: own + busiest, balanced: own + mean }
}

/// One thread's CPU time verifying `signed` with `verify_strict`, and the
/// busiest thread's when two threads verify a half each.
fn verify_ceiling(signed: &[Transaction]) -> (Duration, Duration) {
    let check = |txs: &[Transaction]| {
        let start = ThreadTime::now();
        for tx in txs {
            let message = tx.message.serialize();
            let key = ed25519_dalek::VerifyingKey::from_bytes(&tx.message.account_keys[0].to_bytes()).expect("a valid key");
            let signature = ed25519_dalek::Signature::from_slice(tx.signatures[0].as_ref()).expect("64 bytes");
            assert!(key.verify_strict(&message, &signature).is_ok());
        }
        start.elapsed()
    };
    let one = check(signed);
    let (left, right) = signed.split_at(signed.len() / 2);
    let two = std::thread::scope(|scope| {
        let other = scope.spawn(|| check(right));
        check(left).max(other.join().expect("the thread verifies"))
    });
    (one, two)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let elf = std::fs::read(lamport_agave_compat::repository().join("runtime/tests/fixtures/spl_token-3.5.0.so")).expect("the fixture");
    let mut walls = [Vec::new(), Vec::new()];
    let mut cpus = [Vec::new(), Vec::new()];
    let mut paths = [Vec::new(), Vec::new()];
    let mut balanced = [Vec::new(), Vec::new()];
    let mut ceiling = [Vec::new(), Vec::new()];
    for r in 0..ROUNDS {
        let (_, signed) = setup(&elf, 1, (ROUNDS + r) as u64);
        let (one, two) = verify_ceiling(&signed[WARM_UP..]);
        ceiling[0].push(one);
        ceiling[1].push(two);
        for (slot, threads) in [1, 2].into_iter().enumerate() {
            let measured = round(&elf, threads, r as u64);
            walls[slot].push(measured.wall);
            cpus[slot].push(measured.cpu);
            paths[slot].push(measured.critical_path);
            balanced[slot].push(measured.balanced);
        }
    }
    let per = |d: Duration| d.as_secs_f64() * 1e6 / BATCH as f64;
    let [wall_1, wall_2] = walls.map(|w| per(median(w)));
    let [cpu_1, cpu_2] = cpus.map(|c| per(median(c)));
    let [path_1, path_2] = paths.map(|p| per(median(p)));
    let [balanced_1, balanced_2] = balanced.map(|p| per(median(p)));
    let [ceiling_1, ceiling_2] = ceiling.map(|c| median(c).as_secs_f64());
    println!("send_transactions: {BATCH} conflict-free SPL Token transfers, signatures verified, per transaction (median of {ROUNDS} rounds)");
    println!();
    println!("| threads | wall time | CPU time, all threads | critical path (CPU time) | balanced critical path |");
    println!("|---:|---:|---:|---:|---:|");
    println!("| 1 | {wall_1:.1} µs | {cpu_1:.1} µs | {path_1:.1} µs | {balanced_1:.1} µs |");
    println!("| 2 | {wall_2:.1} µs | {cpu_2:.1} µs | {path_2:.1} µs | {balanced_2:.1} µs |");
    println!();
    println!(
        "Two threads vs one: wall-time speedup {:.2}x; CPU-time speedup on free cores (one thread's CPU time / critical path) {:.2}x, balanced {:.2}x; total CPU time {:.2}x one thread's",
        wall_1 / wall_2,
        cpu_1 / path_2,
        cpu_1 / balanced_2,
        cpu_2 / cpu_1
    );
    println!(
        "The machine's ceiling in this run: the same signatures checked with verify_strict alone, two threads vs one by the same measure, {:.2}x",
        ceiling_1 / ceiling_2
    );
}
