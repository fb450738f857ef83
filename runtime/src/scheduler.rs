//! Parallel batches: read/write locks per account, and execution of
//! transactions without conflicting locks on all threads at once.
//!
//! Transactions are taken in order into a group as long as none of their
//! locks conflicts with a lock already in the group (two writers, or a
//! writer and a reader, of the same account). A group's transactions cannot
//! observe each other, so they run in parallel against the committed state;
//! their results are then committed in order, and the next group starts.
//! This gives exactly the results of sending them one by one.

use std::collections::{HashMap, HashSet};

use lamport_sdk::{pubkey::Pubkey, transaction::Transaction};

use crate::{
    accounts::PubkeyHasher,
    error::TransactionError,
    meta::TransactionResult,
    processor::{self, Outcome},
    runtime::Runtime,
    sanitize::SanitizedTransaction,
    sigverify,
};

/// Groups smaller than this run on the calling thread.
const MIN_PARALLEL_GROUP: usize = 8;

type KeyMap<V> = HashMap<Pubkey, V, std::hash::BuildHasherDefault<PubkeyHasher>>;

/// The locks held by one group.
#[derive(Default)]
struct LockTable {
    writers: KeyMap<()>,
    readers: KeyMap<()>,
}

impl LockTable {
    /// Takes `tx`'s locks if none conflicts; otherwise takes nothing.
    fn try_lock(&mut self, tx: &SanitizedTransaction) -> bool {
        let conflicts = tx.keys().iter().zip(&tx.is_writable).any(|(key, writable)| {
            self.writers.contains_key(key) || (*writable && self.readers.contains_key(key))
        });
        if conflicts {
            return false;
        }
        for (key, writable) in tx.keys().iter().zip(&tx.is_writable) {
            if *writable {
                self.writers.insert(*key, ());
            } else {
                self.readers.insert(*key, ());
            }
        }
        true
    }
}

fn run_parallel<T: Send, R: Send>(threads: usize, items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    if threads <= 1 || items.len() < MIN_PARALLEL_GROUP {
        return items.into_iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let mut chunks: Vec<Vec<T>> = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        chunks.push(items.by_ref().take(chunk).collect());
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}

pub(crate) fn send_transactions(runtime: &mut Runtime, txs: Vec<Transaction>) -> Vec<TransactionResult> {
    let threads = runtime.threads;
    let sanitized = runtime.sanitize_batch(txs);
    let valid: Vec<&SanitizedTransaction> = sanitized.iter().filter_map(|tx| tx.as_ref().ok()).collect();
    let mut verified: Vec<Result<(), TransactionError>> = if runtime.sigverify_enabled() {
        let per_thread = valid.len().div_ceil(threads.max(1)).max(1);
        let chunks: Vec<Vec<&SanitizedTransaction>> = valid.chunks(per_thread).map(<[_]>::to_vec).collect();
        run_parallel(threads, chunks, |chunk| sigverify::verify_batch(&chunk)).into_iter().flatten().collect()
    } else {
        valid.iter().map(|_| Ok(())).collect()
    };
    verified.reverse();
    let mut results: Vec<Option<TransactionResult>> = Vec::with_capacity(sanitized.len());
    let mut pending: Vec<(usize, &SanitizedTransaction, Result<(), TransactionError>)> = Vec::new();
    for tx in &sanitized {
        match tx {
            Err(failed) => results.push(Some(Err(failed.clone()))),
            Ok(tx) => {
                let index = results.len();
                results.push(None);
                pending.push((index, tx, verified.pop().unwrap_or(Err(TransactionError::SignatureFailure))));
            }
        }
    }
    let mut start = 0;
    while start < pending.len() {
        let mut locks = LockTable::default();
        let mut end = start;
        while end < pending.len() && locks.try_lock(pending[end].1) {
            end = end.saturating_add(1);
        }
        let group: Vec<_> = pending[start..end].iter().map(|(i, tx, v)| (*i, *tx, v.clone())).collect();
        let outcomes: Vec<(usize, Outcome)> = {
            let env = &runtime.env;
            let store = &runtime.store;
            let status = runtime.status();
            let status = &status;
            run_parallel(threads, group, |(index, tx, verified)| {
                (index, processor::process(env, store, status, tx, verified))
            })
        };
        let mut seen = HashSet::new();
        for (index, outcome) in outcomes {
            debug_assert!(seen.insert(index));
            results[index] = Some(runtime.commit(outcome));
        }
        start = end;
    }
    results.into_iter().map(|r| r.unwrap_or_else(|| unreachable_result())).collect()
}

fn unreachable_result() -> TransactionResult {
    Err(crate::meta::FailedTransaction {
        err: TransactionError::SanitizeFailure,
        meta: Default::default(),
    })
}
