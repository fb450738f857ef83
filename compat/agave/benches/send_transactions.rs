//! `send_transactions` on two threads against one: a batch of conflict-free
//! SPL Token 3.5.0 transfers (each pair of token accounts and its owner
//! used once), signatures verified.
//!
//! Both thread counts run in one process, alternating, three rounds each;
//! the table gives the median of each figure:
//! - the batch's wall time: the speedup two threads give, when both cores
//!   are free (on a loaded machine it measures the load);
//! - the CPU time of all threads per transaction: what the parallel run
//!   costs in total (equal CPU time means no parallel overhead);
//! - the critical path in CPU time: the calling thread's CPU time (it runs
//!   the serial parts and waits while the workers run) plus the busiest
//!   worker's, from each thread's `/proc/self/task/*/schedstat`; one
//!   thread's CPU time divided by it is the speedup on two free cores,
//!   whatever else the machine runs.
//!
//! Run with
//! `cargo bench --manifest-path compat/agave/Cargo.toml --ignore-rust-version --bench send_transactions`.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use cpu_time::ProcessTime;
use lamport_runtime::{LoaderKind, Runtime};
use lamport_sdk::{
    account::Account,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
    transaction::Transaction,
};

const TOKEN: Pubkey = Pubkey::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
/// Transactions per batch (one per owner).
const BATCH: usize = 1024;
const ROUNDS: usize = 3;

fn token_account(mint: &Pubkey, owner: &Pubkey, amount: u64) -> Account {
    let mut data = vec![0u8; 165];
    data[..32].copy_from_slice(mint.as_ref());
    data[32..64].copy_from_slice(owner.as_ref());
    data[64..72].copy_from_slice(&amount.to_le_bytes());
    data[108] = 1;
    Account { lamports: 10_000_000, data, owner: TOKEN, executable: false, rent_epoch: u64::MAX }
}

/// A runtime with `BATCH` owners, each with two token accounts, and one
/// signed transfer per owner.
fn setup(elf: &[u8], threads: usize, round: u64) -> (Runtime, Vec<Transaction>) {
    let mut runtime = Runtime::new().with_threads(threads);
    runtime.add_program_with_loader(TOKEN, elf, LoaderKind::V2).expect("the fixture loads");
    let mint = Pubkey::new_from_array([1; 32]);
    let blockhash = runtime.latest_blockhash();
    let transfers = (0..BATCH)
        .map(|i| {
            let owner = Keypair::new();
            runtime.airdrop(&owner.pubkey(), 1_000_000_000).expect("airdrop");
            let (source, destination) = (Pubkey::new_unique(), Pubkey::new_unique());
            runtime.set_account(source, token_account(&mint, &owner.pubkey(), 1_000_000));
            runtime.set_account(destination, token_account(&mint, &owner.pubkey(), 0));
            let mut data = vec![3];
            data.extend_from_slice(&(round * BATCH as u64 + i as u64 + 1).to_le_bytes());
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
}

fn round(elf: &[u8], threads: usize, round: u64) -> Measured {
    let (mut runtime, transfers) = setup(elf, threads, round);
    // Starts the worker threads outside the measurement.
    assert!(runtime.send_transactions(Vec::<Transaction>::new()).is_empty());
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
    let busiest = spent.iter().filter(|(id, _)| *id != caller).map(|(_, d)| *d).max().unwrap_or_default();
    Measured { wall, cpu, critical_path: own + busiest }
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
    for r in 0..ROUNDS {
        for (slot, threads) in [1, 2].into_iter().enumerate() {
            let measured = round(&elf, threads, r as u64);
            walls[slot].push(measured.wall);
            cpus[slot].push(measured.cpu);
            paths[slot].push(measured.critical_path);
        }
    }
    let per = |d: Duration| d.as_secs_f64() * 1e6 / BATCH as f64;
    let [wall_1, wall_2] = walls.map(|w| per(median(w)));
    let [cpu_1, cpu_2] = cpus.map(|c| per(median(c)));
    let [path_1, path_2] = paths.map(|p| per(median(p)));
    println!("send_transactions: {BATCH} conflict-free SPL Token transfers, signatures verified, per transaction (median of {ROUNDS} rounds)");
    println!();
    println!("| threads | wall time | CPU time, all threads | critical path (CPU time) |");
    println!("|---:|---:|---:|---:|");
    println!("| 1 | {wall_1:.1} µs | {cpu_1:.1} µs | {path_1:.1} µs |");
    println!("| 2 | {wall_2:.1} µs | {cpu_2:.1} µs | {path_2:.1} µs |");
    println!();
    println!(
        "Two threads vs one: wall-time speedup {:.2}x; CPU-time speedup on free cores (one thread's CPU time / critical path) {:.2}x; total CPU time {:.2}x one thread's",
        wall_1 / wall_2,
        cpu_1 / path_2,
        cpu_2 / cpu_1
    );
}
