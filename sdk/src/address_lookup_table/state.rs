//! A lookup table account: a 56-byte header ([`LookupTableMeta`]) followed
//! by the addresses, 32 bytes each.
//!
//! ```text
//!  0  u32 LE  state tag: 0 uninitialized, 1 lookup table
//!  4  u64 LE  deactivation_slot (u64::MAX while active)
//! 12  u64 LE  last_extended_slot
//! 20  u8      last_extended_slot_start_index
//! 21  u8      authority tag: 0 none (frozen), 1 some
//! 22  [32]    authority (when present; the padding u16 follows it)
//! 56  [32]*n  addresses
//! ```
//!
//! The header is bincode of the program's state enum, so a frozen table's
//! padding sits right after the `0` tag; everything up to byte 56 that the
//! encoding does not use is zero.
//!
//! [`AddressLookupTable::lookup`] applies the runtime's rules for a
//! version 0 message's lookups.

use alloc::vec::Vec;
use core::fmt;

use crate::{pubkey::Pubkey, sysvar::slot_hashes::{SlotHashes, MAX_ENTRIES}};

/// Size of the header before the addresses.
pub const LOOKUP_TABLE_META_SIZE: usize = 56;

/// Most addresses one table holds.
pub const LOOKUP_TABLE_MAX_ADDRESSES: usize = 256;

/// State tag of an initialized table.
const LOOKUP_TABLE_TAG: u32 = 1;

/// Why a lookup could not load addresses (Solana's `AddressLookupError`;
/// the runtime reports each as the `TransactionError` of the same name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressLookupError {
    /// No table account, or the table is deactivated.
    LookupTableAccountNotFound,
    /// The account is not owned by the Address Lookup Table program.
    InvalidAccountOwner,
    /// The account data is not a lookup table.
    InvalidAccountData,
    /// An index is past the table's usable addresses.
    InvalidLookupIndex,
}

impl fmt::Display for AddressLookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::LookupTableAccountNotFound => "Attempted to lookup addresses from a table that does not exist",
            Self::InvalidAccountOwner => "Attempted to lookup addresses from an account owned by the wrong program",
            Self::InvalidAccountData => "Attempted to lookup addresses from an invalid account",
            Self::InvalidLookupIndex => "Address lookup contains an invalid index",
        })
    }
}

impl core::error::Error for AddressLookupError {}

/// Where a table is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookupTableStatus {
    /// Usable, can be extended.
    Activated,
    /// Deactivated but still usable until its deactivation slot leaves SlotHashes.
    Deactivating {
        /// Slots left (an estimate).
        remaining_blocks: usize,
    },
    /// No longer usable; can be closed.
    Deactivated,
}

/// The table's header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LookupTableMeta {
    /// Slot of deactivation, `u64::MAX` while active.
    pub deactivation_slot: u64,
    /// Slot of the last extension.
    pub last_extended_slot: u64,
    /// Number of addresses before the last extension: those added in
    /// `last_extended_slot` are not usable until the next slot.
    pub last_extended_slot_start_index: u8,
    /// Who may extend, deactivate and close it; `None` once frozen.
    pub authority: Option<Pubkey>,
}

impl Default for LookupTableMeta {
    fn default() -> Self {
        Self { deactivation_slot: u64::MAX, last_extended_slot: 0, last_extended_slot_start_index: 0, authority: None }
    }
}

impl LookupTableMeta {
    /// An active, empty table's header with `authority`.
    pub fn new(authority: Pubkey) -> Self {
        Self { authority: Some(authority), ..Self::default() }
    }

    /// The table's status at `current_slot`.
    pub fn status(&self, current_slot: u64, slot_hashes: &SlotHashes) -> LookupTableStatus {
        if self.deactivation_slot == u64::MAX {
            LookupTableStatus::Activated
        } else if self.deactivation_slot == current_slot {
            LookupTableStatus::Deactivating { remaining_blocks: MAX_ENTRIES.saturating_add(1) }
        } else if let Some(position) = slot_hashes.position(self.deactivation_slot) {
            LookupTableStatus::Deactivating { remaining_blocks: MAX_ENTRIES.saturating_sub(position) }
        } else {
            LookupTableStatus::Deactivated
        }
    }

    /// Whether lookups may still use the table (active or deactivating).
    pub fn is_active(&self, current_slot: u64, slot_hashes: &SlotHashes) -> bool {
        self.status(current_slot, slot_hashes) != LookupTableStatus::Deactivated
    }

    /// The 56-byte header.
    pub fn to_bytes(&self) -> [u8; LOOKUP_TABLE_META_SIZE] {
        let mut out = [0u8; LOOKUP_TABLE_META_SIZE];
        out[0..4].copy_from_slice(&LOOKUP_TABLE_TAG.to_le_bytes());
        out[4..12].copy_from_slice(&self.deactivation_slot.to_le_bytes());
        out[12..20].copy_from_slice(&self.last_extended_slot.to_le_bytes());
        out[20] = self.last_extended_slot_start_index;
        if let Some(authority) = &self.authority {
            out[21] = 1;
            out[22..54].copy_from_slice(authority.as_ref());
        }
        out
    }

    /// Reads a header as bincode does: tag 1, then the fields; `None` for
    /// an uninitialized or malformed one.
    pub fn from_bytes(data: &[u8]) -> Option<Self> {
        let u64_at = |at: usize| data.get(at..at + 8).map(|b| u64::from_le_bytes(b.try_into().unwrap_or([0; 8])));
        let tag = u32::from_le_bytes(data.get(0..4)?.try_into().ok()?);
        if tag != LOOKUP_TABLE_TAG {
            return None;
        }
        let deactivation_slot = u64_at(4)?;
        let last_extended_slot = u64_at(12)?;
        let last_extended_slot_start_index = *data.get(20)?;
        let (authority, padding_at) = match data.get(21)? {
            0 => (None, 22),
            1 => (Some(Pubkey::new_from_array(data.get(22..54)?.try_into().ok()?)), 54),
            _ => return None,
        };
        data.get(padding_at..padding_at + 2)?;
        Some(Self { deactivation_slot, last_extended_slot, last_extended_slot_start_index, authority })
    }
}

/// A table: header and addresses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddressLookupTable {
    /// The header.
    pub meta: LookupTableMeta,
    /// The addresses, in order.
    pub addresses: Vec<Pubkey>,
}

impl AddressLookupTable {
    /// Reads a table account's data; [`AddressLookupError::InvalidAccountData`]
    /// if it is uninitialized or malformed, or its addresses are not whole.
    pub fn deserialize(data: &[u8]) -> Result<Self, AddressLookupError> {
        let meta = LookupTableMeta::from_bytes(data).ok_or(AddressLookupError::InvalidAccountData)?;
        let raw = data.get(LOOKUP_TABLE_META_SIZE..).ok_or(AddressLookupError::InvalidAccountData)?;
        if raw.len() % 32 != 0 {
            return Err(AddressLookupError::InvalidAccountData);
        }
        let addresses = raw.chunks_exact(32).map(|chunk| Pubkey::new_from_array(chunk.try_into().unwrap_or([0; 32]))).collect();
        Ok(Self { meta, addresses })
    }

    /// The account data: header, then the addresses.
    pub fn serialize(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(LOOKUP_TABLE_META_SIZE + 32 * self.addresses.len());
        out.extend_from_slice(&self.meta.to_bytes());
        for address in &self.addresses {
            out.extend_from_slice(address.as_ref());
        }
        out
    }

    /// How many addresses lookups may use at `current_slot`: all of them,
    /// except those added in the current slot.
    pub fn active_addresses_len(&self, current_slot: u64, slot_hashes: &SlotHashes) -> Result<usize, AddressLookupError> {
        if !self.meta.is_active(current_slot, slot_hashes) {
            return Err(AddressLookupError::LookupTableAccountNotFound);
        }
        Ok(if current_slot > self.meta.last_extended_slot {
            self.addresses.len()
        } else {
            usize::from(self.meta.last_extended_slot_start_index)
        })
    }

    /// The addresses at `indexes`, under the runtime's rules: the table is
    /// active or deactivating ([`LookupTableAccountNotFound`] otherwise)
    /// and every index is below [`active_addresses_len`] ([`InvalidLookupIndex`]).
    ///
    /// [`LookupTableAccountNotFound`]: AddressLookupError::LookupTableAccountNotFound
    /// [`InvalidLookupIndex`]: AddressLookupError::InvalidLookupIndex
    /// [`active_addresses_len`]: Self::active_addresses_len
    pub fn lookup(&self, current_slot: u64, indexes: &[u8], slot_hashes: &SlotHashes) -> Result<Vec<Pubkey>, AddressLookupError> {
        let active = self.active_addresses_len(current_slot, slot_hashes)?;
        let active = self.addresses.get(..active).ok_or(AddressLookupError::InvalidAccountData)?;
        indexes
            .iter()
            .map(|index| active.get(usize::from(*index)).copied().ok_or(AddressLookupError::InvalidLookupIndex))
            .collect()
    }
}
