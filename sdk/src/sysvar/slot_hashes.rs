//! The SlotHashes sysvar: the hashes of the most recent slots, newest
//! first, at most [`MAX_ENTRIES`] of them.
//!
//! Account data (always [`SLOT_HASHES_LEN`] bytes, zero after the entries):
//!
//! ```text
//! count u64 LE ‖ count × { slot u64 LE ‖ hash [32] }
//! ```
//!
//! The address lookup table program reads it to check that a table's
//! creation slot is recent and whether a deactivated table has cooled down.

use alloc::vec::Vec;

use crate::{hash::Hash, pubkey, pubkey::Pubkey};

/// Address of the SlotHashes sysvar, `SysvarS1otHashes111111111111111111111111111`.
pub const ID: Pubkey = pubkey!("SysvarS1otHashes111111111111111111111111111");

/// Most entries the sysvar keeps.
pub const MAX_ENTRIES: usize = 512;

/// Bytes of one entry: slot and hash.
pub const SLOT_HASH_LEN: usize = 8 + 32;

/// Size of the sysvar's account data: the count and room for
/// [`MAX_ENTRIES`] entries (20,488 bytes).
pub const SLOT_HASHES_LEN: usize = 8 + MAX_ENTRIES * SLOT_HASH_LEN;

/// One entry: a slot and its bank hash.
pub type SlotHash = (u64, Hash);

/// The SlotHashes sysvar: entries sorted by slot, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SlotHashes(Vec<SlotHash>);

impl SlotHashes {
    /// The sysvar holding `entries` (sorted newest first, the newest
    /// [`MAX_ENTRIES`] kept).
    pub fn new(entries: &[SlotHash]) -> Self {
        let mut entries = entries.to_vec();
        entries.sort_by(|(a, _), (b, _)| b.cmp(a));
        entries.truncate(MAX_ENTRIES);
        Self(entries)
    }

    /// Adds (or replaces) the entry of `slot`, dropping the oldest entry
    /// beyond [`MAX_ENTRIES`].
    pub fn add(&mut self, slot: u64, hash: Hash) {
        match self.0.binary_search_by(|(probe, _)| slot.cmp(probe)) {
            Ok(index) => self.0[index] = (slot, hash),
            Err(index) => self.0.insert(index, (slot, hash)),
        }
        self.0.truncate(MAX_ENTRIES);
    }

    /// Where `slot`'s entry is (0 = newest), if it is recent enough to have one.
    pub fn position(&self, slot: u64) -> Option<usize> {
        self.0.binary_search_by(|(probe, _)| slot.cmp(probe)).ok()
    }

    /// The hash of `slot`, if it has an entry.
    pub fn get(&self, slot: u64) -> Option<&Hash> {
        self.position(slot).map(|index| &self.0[index].1)
    }

    /// The entries, newest first.
    pub fn entries(&self) -> &[SlotHash] {
        &self.0
    }

    /// The account data: [`SLOT_HASHES_LEN`] bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(SLOT_HASHES_LEN);
        out.extend_from_slice(&(self.0.len() as u64).to_le_bytes());
        for (slot, hash) in &self.0 {
            out.extend_from_slice(&slot.to_le_bytes());
            out.extend_from_slice(hash.as_ref());
        }
        out.resize(SLOT_HASHES_LEN.max(out.len()), 0);
        out
    }

    /// Reads account data; `None` if it is shorter than its count says or
    /// the count exceeds [`MAX_ENTRIES`].
    pub fn from_bytes(data: &[u8]) -> Option<Self> {
        let count = u64::from_le_bytes(data.get(..8)?.try_into().ok()?);
        let count = usize::try_from(count).ok().filter(|count| *count <= MAX_ENTRIES)?;
        let entries = data.get(8..8 + count * SLOT_HASH_LEN)?;
        let entries = entries
            .chunks_exact(SLOT_HASH_LEN)
            .map(|entry| {
                let mut slot = [0u8; 8];
                slot.copy_from_slice(&entry[..8]);
                let mut hash = [0u8; 32];
                hash.copy_from_slice(&entry[8..]);
                (u64::from_le_bytes(slot), Hash::new_from_array(hash))
            })
            .collect();
        Some(Self(entries))
    }
}

impl super::Sysvar for SlotHashes {
    const ID: Pubkey = ID;

    fn to_account_data(&self) -> Vec<u8> {
        self.to_bytes()
    }

    fn from_account_data(data: &[u8]) -> Option<Self> {
        Self::from_bytes(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(byte: u8) -> Hash {
        Hash::new_from_array([byte; 32])
    }

    #[test]
    fn entries_stay_newest_first_and_bounded() {
        let mut hashes = SlotHashes::new(&[(3, hash(3)), (7, hash(7)), (5, hash(5))]);
        assert_eq!(hashes.entries(), [(7, hash(7)), (5, hash(5)), (3, hash(3))]);
        assert_eq!(hashes.position(5), Some(1));
        assert_eq!(hashes.position(4), None);
        hashes.add(6, hash(6));
        hashes.add(7, hash(0));
        assert_eq!(hashes.entries(), [(7, hash(0)), (6, hash(6)), (5, hash(5)), (3, hash(3))]);
        for slot in 100..(100 + MAX_ENTRIES as u64) {
            hashes.add(slot, hash(1));
        }
        assert_eq!(hashes.entries().len(), MAX_ENTRIES);
        assert_eq!(hashes.get(7), None);
        assert_eq!(hashes.position(100 + MAX_ENTRIES as u64 - 1), Some(0));
    }

    #[test]
    fn account_data_layout() {
        let hashes = SlotHashes::new(&[(9, hash(2))]);
        let data = hashes.to_bytes();
        assert_eq!(data.len(), 20_488);
        assert_eq!(data[..8], 1u64.to_le_bytes());
        assert_eq!(data[8..16], 9u64.to_le_bytes());
        assert_eq!(data[16..48], [2; 32]);
        assert!(data[48..].iter().all(|b| *b == 0));
        assert_eq!(SlotHashes::from_bytes(&data), Some(hashes));
        assert_eq!(SlotHashes::from_bytes(&data[..40]), None);
    }
}
