//! Parallel batches: read/write locks per account, and execution of
//! transactions without conflicting locks on all threads at once.
//!
//! Transactions are taken in order into a group as long as none of their
//! locks conflicts with a lock already in the group (two writers, or a
//! writer and a reader, of the same account). A group's transactions cannot
//! observe each other, so they run in parallel against the committed state;
//! their results are then committed in order, and the next group starts.
//! This gives exactly the results of sending them one by one.
//!
//! Sanitizing and signature verification come first, for the whole batch
//! on all threads (they do not depend on account state). The threads are
//! the runtime's persistent [`WorkerPool`](crate::worker_pool::WorkerPool).

use std::collections::{HashMap, VecDeque};

use lamport_sdk::{pubkey::Pubkey, transaction::VersionedTransaction};

use crate::{
    accounts::PubkeyHasher,
    error::TransactionError,
    meta::{FailedTransaction, TransactionMeta, TransactionResult},
    processor::{self, Outcome},
    runtime::Runtime,
    sanitize::{self, SanitizedTransaction},
    sigverify,
};

/// Groups smaller than this run on the calling thread.
const MIN_PARALLEL_GROUP: usize = 8;

type KeyMap<V> = HashMap<Pubkey, V, std::hash::BuildHasherDefault<PubkeyHasher>>;

/// A sanitized transaction waiting for its group: its index in the batch
/// and the result of its signature check.
type Pending = (usize, SanitizedTransaction, Result<(), TransactionError>);

/// The locks held by one group.
#[derive(Default)]
struct LockTable {
    writers: KeyMap<()>,
    readers: KeyMap<()>,
}

impl LockTable {
    /// Takes `tx`'s locks if none conflicts; otherwise takes nothing. The
    /// lookup tables a version 0 message reads count as read locks, so a
    /// transaction that changes a table never shares a group with one that
    /// resolves addresses through it.
    fn try_lock(&mut self, tx: &SanitizedTransaction) -> bool {
        let tables = tx.message().address_table_lookups().unwrap_or_default().iter().map(|lookup| (&lookup.account_key, &false));
        let locks = || tx.keys().iter().zip(&tx.is_writable).chain(tables.clone());
        let conflicts = locks().any(|(key, writable)| {
            self.writers.contains_key(key) || (*writable && self.readers.contains_key(key))
        });
        if conflicts {
            return false;
        }
        for (key, writable) in locks() {
            if *writable {
                self.writers.insert(*key, ());
            } else {
                self.readers.insert(*key, ());
            }
        }
        true
    }
}

pub(crate) fn send_transactions(runtime: &mut Runtime, txs: Vec<VersionedTransaction>) -> Vec<TransactionResult> {
    // Sanitizing and signature checks do not depend on the accounts: all
    // transactions go through them at once, on every thread.
    let sigverify = runtime.sigverify_enabled();
    type Checked = Result<(SanitizedTransaction, Result<(), TransactionError>), FailedTransaction>;
    let checked: Vec<Checked> = runtime.pool().map(txs, |tx| {
        let tx = sanitize_one(tx)?;
        let verified = if sigverify { sigverify::verify(&tx) } else { Ok(()) };
        Ok((tx, verified))
    });
    let mut results: Vec<Option<TransactionResult>> = Vec::with_capacity(checked.len());
    let mut pending: VecDeque<Pending> = VecDeque::new();
    for entry in checked {
        match entry {
            Err(failed) => results.push(Some(Err(failed))),
            Ok((tx, verified)) => {
                pending.push_back((results.len(), tx, verified));
                results.push(None);
            }
        }
    }
    // Indexes of the charged transactions, in the order they committed.
    let mut charged: Vec<usize> = Vec::new();
    while !pending.is_empty() {
        let mut locks = LockTable::default();
        let mut end = 0;
        while end < pending.len() {
            // Lookups resolve against the state the transactions before
            // this one committed, as when sending one by one; a failure to
            // resolve comes before the signature check's, as in Agave.
            let (index, tx, _) = &mut pending[end];
            if let Err(err) = runtime.resolve_lookups(tx) {
                let signature = tx.transaction.signatures.first().copied().unwrap_or_default();
                results[*index] = Some(Err(FailedTransaction { err, meta: TransactionMeta { signature, ..TransactionMeta::default() } }));
                drop(pending.remove(end));
                continue;
            }
            if !locks.try_lock(&pending[end].1) {
                // It runs after this group commits: resolve it again then.
                pending[end].1.reset_lookups();
                break;
            }
            end = end.saturating_add(1);
        }
        let group: Vec<Pending> = pending.drain(..end).collect();
        // Each transaction is processed and dropped on the thread that ran
        // it: only committing is left to this one.
        let outcomes: Vec<(usize, Outcome)> = {
            let env = &runtime.env;
            let store = &runtime.store;
            let status = runtime.status();
            let status = &status;
            let process = |(index, tx, verified): Pending| (index, processor::process(env, store, status, &tx, verified));
            if group.len() < MIN_PARALLEL_GROUP {
                group.into_iter().map(process).collect()
            } else {
                runtime.pool().map(group, process)
            }
        };
        for (index, outcome) in outcomes {
            if outcome.charged {
                charged.push(index);
            }
            results[index] = Some(runtime.apply(outcome));
        }
    }
    let kept: Vec<&TransactionResult> = charged.iter().filter_map(|index| results[*index].as_ref()).collect();
    runtime.history_mut().add_all(&kept);
    results.into_iter().map(|r| r.unwrap_or_else(unreachable_result)).collect()
}

fn sanitize_one(tx: VersionedTransaction) -> Result<SanitizedTransaction, FailedTransaction> {
    let signature = tx.signatures.first().copied().unwrap_or_default();
    sanitize::sanitize(tx).map_err(|err| FailedTransaction { err, meta: TransactionMeta { signature, ..TransactionMeta::default() } })
}

fn unreachable_result() -> TransactionResult {
    Err(FailedTransaction {
        err: TransactionError::SanitizeFailure,
        meta: Default::default(),
    })
}
