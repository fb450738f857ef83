//! The SlotHistory sysvar: which of the last [`MAX_ENTRIES`] slots have a
//! block, one bit per slot.
//!
//! Account data ([`SLOT_HISTORY_LEN`] bytes, Solana's bincode of a `bv`
//! bit vector and the next slot):
//!
//! ```text
//! u8 1 (the bits are present) ‖ u64 block count ‖ block count × u64 bits
//! ‖ u64 bit count (MAX_ENTRIES) ‖ u64 next_slot
//! ```
//!
//! Slot `s` is bit `s % MAX_ENTRIES`: bit `i % 64` of block `i / 64`.

use alloc::{vec, vec::Vec};

use crate::{pubkey, pubkey::Pubkey};

/// Address of the SlotHistory sysvar, `SysvarS1otHistory11111111111111111111111111`.
pub const ID: Pubkey = pubkey!("SysvarS1otHistory11111111111111111111111111");

/// Slots the sysvar remembers (about five days of slots).
pub const MAX_ENTRIES: u64 = 1024 * 1024;

const BLOCKS: usize = (MAX_ENTRIES / 64) as usize;

/// Size of the sysvar's account data: 131,097 bytes.
pub const SLOT_HISTORY_LEN: usize = 1 + 8 + BLOCKS * 8 + 8 + 8;

/// What the sysvar says of a slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Newer than the newest slot recorded.
    Future,
    /// Older than the oldest slot remembered.
    TooOld,
    /// The slot has a block.
    Found,
    /// The slot was skipped.
    NotFound,
}

/// The SlotHistory sysvar. The default records slot 0 alone (as a new
/// cluster's first slot).
#[derive(Clone, PartialEq, Eq)]
pub struct SlotHistory {
    bits: Vec<u64>,
    next_slot: u64,
}

impl Default for SlotHistory {
    fn default() -> Self {
        let mut bits = vec![0u64; BLOCKS];
        bits[0] = 1;
        Self { bits, next_slot: 1 }
    }
}

impl core::fmt::Debug for SlotHistory {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let recorded = self.bits.iter().map(|block| block.count_ones()).sum::<u32>();
        write!(f, "SlotHistory {{ next_slot: {}, slots recorded: {recorded} }}", self.next_slot)
    }
}

impl SlotHistory {
    /// The block holding `slot`'s bit, and the bit's mask in it.
    fn position(slot: u64) -> (usize, u64) {
        let bit = slot % MAX_ENTRIES;
        ((bit / 64) as usize, 1u64 << (bit % 64))
    }

    fn has(&self, slot: u64) -> bool {
        let (block, mask) = Self::position(slot);
        self.bits[block] & mask != 0
    }

    fn set(&mut self, slot: u64, present: bool) {
        let (block, mask) = Self::position(slot);
        if present {
            self.bits[block] |= mask;
        } else {
            self.bits[block] &= !mask;
        }
    }

    /// Records a block at `slot`, the slots since the last one as skipped.
    pub fn add(&mut self, slot: u64) {
        if slot > self.next_slot && slot - self.next_slot >= MAX_ENTRIES {
            self.bits.iter_mut().for_each(|block| *block = 0);
        } else {
            for skipped in self.next_slot..slot {
                self.set(skipped, false);
            }
        }
        self.set(slot, true);
        self.next_slot = slot.saturating_add(1);
    }

    /// Whether `slot` had a block, as far as the sysvar remembers.
    pub fn check(&self, slot: u64) -> Check {
        if slot > self.newest() {
            Check::Future
        } else if slot < self.oldest() {
            Check::TooOld
        } else if self.has(slot) {
            Check::Found
        } else {
            Check::NotFound
        }
    }

    /// The oldest slot remembered.
    pub fn oldest(&self) -> u64 {
        self.next_slot.saturating_sub(MAX_ENTRIES)
    }

    /// The newest slot recorded.
    pub fn newest(&self) -> u64 {
        self.next_slot.saturating_sub(1)
    }
}

impl super::Sysvar for SlotHistory {
    const ID: Pubkey = ID;

    fn to_account_data(&self) -> Vec<u8> {
        let mut data = Vec::with_capacity(SLOT_HISTORY_LEN);
        data.push(1);
        data.extend_from_slice(&(BLOCKS as u64).to_le_bytes());
        for block in &self.bits {
            data.extend_from_slice(&block.to_le_bytes());
        }
        data.extend_from_slice(&MAX_ENTRIES.to_le_bytes());
        data.extend_from_slice(&self.next_slot.to_le_bytes());
        data
    }

    fn from_account_data(data: &[u8]) -> Option<Self> {
        let word = |at: usize| data.get(at..at.checked_add(8)?).and_then(|bytes| bytes.try_into().ok()).map(u64::from_le_bytes);
        if data.first() != Some(&1) || word(1)? != BLOCKS as u64 {
            return None;
        }
        let end = 9 + BLOCKS * 8;
        if word(end)? != MAX_ENTRIES {
            return None;
        }
        let bits = (0..BLOCKS).map(|block| word(9 + block * 8)).collect::<Option<Vec<u64>>>()?;
        Some(Self { bits, next_slot: word(end + 8)? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sysvar::Sysvar;

    #[test]
    fn records_slots_as_solana_does() {
        let mut history = SlotHistory::default();
        history.add(2);
        assert_eq!(history.check(0), Check::Found);
        assert_eq!(history.check(1), Check::NotFound);
        assert_eq!(history.check(3), Check::Future);
        history.add(20);
        history.add(MAX_ENTRIES);
        assert_eq!(history.check(0), Check::TooOld);
        assert_eq!(history.check(1), Check::NotFound);
        for slot in [2, 20, MAX_ENTRIES] {
            assert_eq!(history.check(slot), Check::Found);
        }
        history.add(3 * MAX_ENTRIES);
        assert_eq!(history.check(3 * MAX_ENTRIES), Check::Found);
        assert_eq!(history.check(3 * MAX_ENTRIES - 1), Check::NotFound);
        assert_eq!(history.check(MAX_ENTRIES), Check::TooOld);
    }

    #[test]
    fn round_trips_in_solana_layout() {
        let mut history = SlotHistory::default();
        history.add(70);
        let data = history.to_account_data();
        assert_eq!(data.len(), SLOT_HISTORY_LEN);
        assert_eq!(SLOT_HISTORY_LEN, 131_097);
        assert_eq!(data[..9], [1, 0, 0x40, 0, 0, 0, 0, 0, 0]);
        assert_eq!(data[9..17], 1u64.to_le_bytes());
        assert_eq!(data[17..25], (1u64 << 6).to_le_bytes());
        assert_eq!(data[SLOT_HISTORY_LEN - 8..], 71u64.to_le_bytes());
        assert_eq!(SlotHistory::from_account_data(&data), Some(history));
        assert_eq!(SlotHistory::from_account_data(&data[..SLOT_HISTORY_LEN - 1]), None);
    }
}
