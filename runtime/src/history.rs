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
    results: HashMap<Signature, TransactionResult>,
}

impl Default for TransactionHistory {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

impl TransactionHistory {
    /// A history of at most `capacity` transactions (0: none kept).
    pub fn new(capacity: usize) -> Self {
        Self { capacity, order: VecDeque::new(), results: HashMap::new() }
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

    /// Records the result of the transaction `signature`.
    pub fn add(&mut self, signature: Signature, result: TransactionResult) {
        if !self.is_enabled() {
            return;
        }
        if self.results.insert(signature, result).is_none() {
            self.order.push_back(signature);
            self.evict();
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

    #[test]
    fn keeps_the_newest_results() {
        let mut history = TransactionHistory::new(2);
        for n in 1..=3 {
            history.add(signature(n), Ok(TransactionMeta { fee: u64::from(n), ..TransactionMeta::default() }));
        }
        assert!(history.get(&signature(1)).is_none());
        assert_eq!(history.get(&signature(3)).unwrap().as_ref().unwrap().fee, 3);
        history.set_capacity(1);
        assert!(history.get(&signature(2)).is_none());
        history.set_capacity(0);
        history.add(signature(4), Ok(TransactionMeta::default()));
        assert!(history.get(&signature(4)).is_none());
        assert!(history.get(&signature(3)).is_none());
    }
}
