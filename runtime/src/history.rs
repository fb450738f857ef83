//! The transaction history: the results of the most recent processed
//! transactions by signature, for [`Runtime::get_transaction`](crate::Runtime::get_transaction).

use std::collections::{HashMap, VecDeque};

use lamport_sdk::signature::Signature;

use crate::meta::TransactionResult;

/// How many transactions the history keeps by default (as LiteSVM).
pub(crate) const DEFAULT_CAPACITY: usize = 32;

/// The results of the last `capacity` transactions that were processed
/// (charged a fee, successful or not); the oldest is dropped first.
#[derive(Debug, Clone)]
pub(crate) struct TransactionHistory {
    capacity: usize,
    order: VecDeque<Signature>,
    results: HashMap<Signature, TransactionResult, foldhash::fast::RandomState>,
}

impl Default for TransactionHistory {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

impl TransactionHistory {
    /// A history of at most `capacity` transactions (0: none kept).
    pub fn new(capacity: usize) -> Self {
        Self { capacity, order: VecDeque::new(), results: HashMap::default() }
    }

    /// Whether results are kept at all.
    pub fn is_enabled(&self) -> bool {
        self.capacity > 0
    }

    /// Keeps at most `capacity` results, dropping the oldest.
    pub fn set_capacity(&mut self, capacity: usize) {
        self.capacity = capacity;
        self.evict();
    }

    fn evict(&mut self) {
        while self.order.len() > self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.results.remove(&oldest);
            }
        }
    }

    /// Records the results of processed transactions, in the order they
    /// were committed, as recording them one by one does.
    ///
    /// Only the last `capacity` of them can be kept; when none of their
    /// signatures is already kept, the others are not copied at all (a
    /// batch's processed signatures are distinct: a repeat is rejected as
    /// already processed, uncharged).
    pub fn add_all(&mut self, results: &[&TransactionResult]) {
        if !self.is_enabled() {
            return;
        }
        let signature = |result: &TransactionResult| match result {
            Ok(meta) => meta.signature,
            Err(failed) => failed.meta.signature,
        };
        // A batch that fits is recorded whole (a single result is).
        let skip = if results.len() <= self.capacity
            || results.iter().any(|result| self.results.contains_key(&signature(result)))
        {
            0
        } else {
            results.len().saturating_sub(self.capacity)
        };
        for result in results.iter().skip(skip) {
            let signature = signature(result);
            if self.results.insert(signature, (*result).clone()).is_none() {
                self.order.push_back(signature);
                self.evict();
            }
        }
    }

    /// The result of the transaction `signature`, if it is still kept.
    pub fn get(&self, signature: &Signature) -> Option<&TransactionResult> {
        self.results.get(signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::TransactionMeta;

    fn signature(n: u8) -> Signature {
        Signature::from([n; 64])
    }

    fn result(n: u8, fee: u64) -> TransactionResult {
        Ok(TransactionMeta { signature: signature(n), fee, ..TransactionMeta::default() })
    }

    /// Signatures and fees of what `history` keeps, oldest first.
    fn kept(history: &TransactionHistory) -> Vec<(Signature, u64)> {
        history.order.iter().map(|s| (*s, history.get(s).unwrap().as_ref().unwrap().fee)).collect()
    }

    #[test]
    fn keeps_the_newest_results() {
        let mut history = TransactionHistory::new(2);
        for n in 1..=3 {
            history.add_all(&[&result(n, u64::from(n))]);
        }
        assert!(history.get(&signature(1)).is_none());
        assert_eq!(history.get(&signature(3)).unwrap().as_ref().unwrap().fee, 3);
        history.set_capacity(1);
        assert!(history.get(&signature(2)).is_none());
        history.set_capacity(0);
        history.add_all(&[&result(4, 0)]);
        assert!(history.get(&signature(4)).is_none());
        assert!(history.get(&signature(3)).is_none());
    }

    #[test]
    fn a_batch_keeps_what_adding_one_by_one_keeps() {
        let one_by_one = |history: &mut TransactionHistory, batch: &[TransactionResult]| {
            for result in batch {
                history.add_all(&[result]);
            }
        };
        // Batches longer and shorter than the capacity, and batches whose
        // signatures are already kept (replaced in place, as one by one).
        let earlier: Vec<TransactionResult> = (1..=3).map(|n| result(n, 1)).collect();
        let batches: [Vec<TransactionResult>; 4] = [
            (10..20).map(|n| result(n, 2)).collect(),
            (10..12).map(|n| result(n, 2)).collect(),
            [result(2, 3), result(10, 3), result(11, 3), result(12, 3), result(13, 3)].into(),
            [result(1, 3), result(20, 3), result(21, 3), result(22, 3), result(23, 3), result(3, 3)].into(),
        ];
        for batch in &batches {
            let mut expected = TransactionHistory::new(4);
            one_by_one(&mut expected, &earlier);
            let mut actual = expected.clone();
            one_by_one(&mut expected, batch);
            actual.add_all(&batch.iter().collect::<Vec<_>>());
            assert_eq!(kept(&actual), kept(&expected));
            assert_eq!(actual.results.len(), actual.order.len());
        }
    }
}
