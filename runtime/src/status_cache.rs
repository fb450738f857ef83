//! Signatures of committed transactions, kept for the last
//! [`MAX_BLOCKHASH_AGES`] blockhashes so that a transaction is processed
//! at most once, in bounded memory.

use std::collections::{HashSet, VecDeque};

use lamport_sdk::signature::Signature;

/// Blockhashes whose signatures are kept (Agave's status cache keeps as
/// many slots, `MAX_CACHE_ENTRIES`).
pub const MAX_BLOCKHASH_AGES: usize = 300;

/// Processed signatures by blockhash age.
pub(crate) struct ProcessedSignatures {
    signatures: HashSet<Signature, foldhash::fast::RandomState>,
    /// The signatures recorded under each blockhash, oldest first; the
    /// last is the current blockhash's.
    ages: VecDeque<Vec<Signature>>,
}

impl Default for ProcessedSignatures {
    fn default() -> Self {
        Self { signatures: HashSet::default(), ages: VecDeque::from([Vec::new()]) }
    }
}

impl ProcessedSignatures {
    /// Whether `signature` was recorded (and not yet forgotten).
    pub(crate) fn contains(&self, signature: &Signature) -> bool {
        self.signatures.contains(signature)
    }

    /// Records `signature` under the current blockhash.
    pub(crate) fn insert(&mut self, signature: Signature) {
        if self.signatures.insert(signature) {
            if let Some(current) = self.ages.back_mut() {
                current.push(signature);
            }
        }
    }

    /// Starts the age of a new blockhash, forgetting the signatures of the
    /// oldest once more than [`MAX_BLOCKHASH_AGES`] are kept.
    pub(crate) fn new_blockhash(&mut self) {
        self.ages.push_back(Vec::new());
        while self.ages.len() > MAX_BLOCKHASH_AGES {
            for signature in self.ages.pop_front().unwrap_or_default() {
                self.signatures.remove(&signature);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature(n: u32) -> Signature {
        let mut bytes = [0u8; 64];
        bytes[..4].copy_from_slice(&n.to_le_bytes());
        Signature::from(bytes)
    }

    #[test]
    fn signatures_are_kept_for_the_last_blockhashes_only() {
        let mut processed = ProcessedSignatures::default();
        processed.insert(signature(1));
        processed.insert(signature(1));
        assert!(processed.contains(&signature(1)));
        assert!(!processed.contains(&signature(2)));
        processed.new_blockhash();
        processed.insert(signature(2));
        for _ in 0..MAX_BLOCKHASH_AGES - 2 {
            processed.new_blockhash();
        }
        assert!(processed.contains(&signature(1)), "still within {MAX_BLOCKHASH_AGES} blockhashes");
        processed.new_blockhash();
        assert!(!processed.contains(&signature(1)), "its blockhash is too old");
        assert!(processed.contains(&signature(2)));
        processed.new_blockhash();
        assert!(!processed.contains(&signature(2)));
        assert_eq!(processed.signatures.len(), 0);
    }
}
