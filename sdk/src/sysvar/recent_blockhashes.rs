//! The RecentBlockhashes sysvar (deprecated in Solana, still required by
//! the durable-nonce instructions): recent blockhashes, newest first, each
//! with the fee per signature at the time.
//!
//! Account data: `count u64 LE ‖ count × { blockhash [32] ‖ lamports_per_signature u64 LE }`.

use alloc::vec::Vec;

use crate::{hash::Hash, pubkey, pubkey::Pubkey};

/// Address of the RecentBlockhashes sysvar, `SysvarRecentB1ockHashes11111111111111111111`.
pub const ID: Pubkey = pubkey!("SysvarRecentB1ockHashes11111111111111111111");

/// Most entries the sysvar keeps.
pub const MAX_ENTRIES: usize = 150;

/// Bytes of one entry: blockhash and fee per signature.
const ENTRY_LEN: usize = 32 + 8;

/// One entry: a blockhash and the fee per signature when it was recent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// The blockhash.
    pub blockhash: Hash,
    /// Lamports per signature.
    pub lamports_per_signature: u64,
}

/// The RecentBlockhashes sysvar: entries newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecentBlockhashes(Vec<Entry>);

impl RecentBlockhashes {
    /// The sysvar holding `entries` (newest first; the first
    /// [`MAX_ENTRIES`] kept).
    pub fn new(entries: &[Entry]) -> Self {
        Self(entries.iter().take(MAX_ENTRIES).copied().collect())
    }

    /// The entries, newest first.
    pub fn entries(&self) -> &[Entry] {
        &self.0
    }

    /// Whether there is no entry (the durable-nonce instructions then fail).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl super::Sysvar for RecentBlockhashes {
    const ID: Pubkey = ID;

    fn to_account_data(&self) -> Vec<u8> {
        let mut data = Vec::with_capacity(8 + self.0.len() * ENTRY_LEN);
        data.extend_from_slice(&(self.0.len() as u64).to_le_bytes());
        for entry in &self.0 {
            data.extend_from_slice(entry.blockhash.as_ref());
            data.extend_from_slice(&entry.lamports_per_signature.to_le_bytes());
        }
        data
    }

    fn from_account_data(data: &[u8]) -> Option<Self> {
        let count = u64::from_le_bytes(data.get(..8)?.try_into().ok()?);
        let count = usize::try_from(count).ok().filter(|count| *count <= MAX_ENTRIES)?;
        let entries = data.get(8..8 + count * ENTRY_LEN)?;
        Some(Self(
            entries
                .chunks_exact(ENTRY_LEN)
                .map(|entry| Entry {
                    blockhash: Hash::new_from_array(entry[..32].try_into().unwrap_or_default()),
                    lamports_per_signature: u64::from_le_bytes(entry[32..].try_into().unwrap_or_default()),
                })
                .collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sysvar::Sysvar;

    #[test]
    fn round_trips_in_solana_layout() {
        let entry = Entry { blockhash: Hash::new_from_array([5; 32]), lamports_per_signature: 5000 };
        let sysvar = RecentBlockhashes::new(&[entry]);
        let data = sysvar.to_account_data();
        assert_eq!(data.len(), 48);
        assert_eq!(data[..8], 1u64.to_le_bytes());
        assert_eq!(data[8..40], [5; 32]);
        assert_eq!(data[40..], 5000u64.to_le_bytes());
        assert_eq!(RecentBlockhashes::from_account_data(&data), Some(sysvar));
        assert!(RecentBlockhashes::from_account_data(&data[..47]).is_none());
        assert!(RecentBlockhashes::from_account_data(&0u64.to_le_bytes()).unwrap().is_empty());
        assert_eq!(RecentBlockhashes::new(&[entry; 200]).entries().len(), MAX_ENTRIES);
    }
}
