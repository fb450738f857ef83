//! The StakeHistory sysvar: the cluster's effective, activating and
//! deactivating stake at the end of each recent epoch, newest first.

use alloc::vec::Vec;

use crate::{pubkey, pubkey::Pubkey};

/// Address of the StakeHistory sysvar, `SysvarStakeHistory1111111111111111111111111`.
pub const ID: Pubkey = pubkey!("SysvarStakeHistory1111111111111111111111111");

/// Most epochs the sysvar keeps.
pub const MAX_ENTRIES: usize = 512;
/// Size of one `(epoch, entry)` pair in the account data: 32 bytes.
pub const ENTRY_LEN: usize = 32;

/// The stake of one epoch, in lamports.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StakeHistoryEntry {
    /// Stake that was effective.
    pub effective: u64,
    /// Stake that was activating (warming up).
    pub activating: u64,
    /// Stake that was deactivating (cooling down).
    pub deactivating: u64,
}

/// The StakeHistory sysvar: `(epoch, entry)` pairs, newest epoch first, at
/// most [`MAX_ENTRIES`]. The default (a fresh cluster) is empty.
///
/// Account data: a `u64` count, then per pair the epoch and the three
/// amounts, all little-endian (32 bytes a pair).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StakeHistory(Vec<(u64, StakeHistoryEntry)>);

impl StakeHistory {
    /// The entry of `epoch`, if recorded.
    pub fn get(&self, epoch: u64) -> Option<&StakeHistoryEntry> {
        self.0
            .binary_search_by(|(probe, _)| epoch.cmp(probe))
            .ok()
            .map(|index| &self.0[index].1)
    }

    /// Records `entry` for `epoch` (replacing an existing one), keeping the
    /// newest [`MAX_ENTRIES`] epochs.
    pub fn add(&mut self, epoch: u64, entry: StakeHistoryEntry) {
        match self.0.binary_search_by(|(probe, _)| epoch.cmp(probe)) {
            Ok(index) => self.0[index] = (epoch, entry),
            Err(index) => self.0.insert(index, (epoch, entry)),
        }
        self.0.truncate(MAX_ENTRIES);
    }

    /// The entry of `epoch`, read through `sol_get_sysvar` without the
    /// account and without copying the whole sysvar: the pair of `epoch`
    /// sits `newest - epoch` pairs after the newest one (epochs are
    /// consecutive), which is checked. `Ok(None)` when it is not recorded.
    pub fn get_entry(epoch: u64) -> Result<Option<StakeHistoryEntry>, crate::program_error::ProgramError> {
        let mut word = [0u8; 8];
        super::get_sysvar_bytes(&ID, 0, &mut word)?;
        let count = u64::from_le_bytes(word);
        if count == 0 {
            return Ok(None);
        }
        super::get_sysvar_bytes(&ID, 8, &mut word)?;
        let newest = u64::from_le_bytes(word);
        let Some(back) = newest.checked_sub(epoch).filter(|&back| back < count) else {
            return Ok(None);
        };
        let mut pair = [0u8; ENTRY_LEN];
        super::get_sysvar_bytes(&ID, 8 + back * ENTRY_LEN as u64, &mut pair)?;
        let word = |i: usize| {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(&pair[i * 8..i * 8 + 8]);
            u64::from_le_bytes(bytes)
        };
        Ok((word(0) == epoch).then(|| StakeHistoryEntry { effective: word(1), activating: word(2), deactivating: word(3) }))
    }

    /// The pairs, newest epoch first.
    pub fn entries(&self) -> &[(u64, StakeHistoryEntry)] {
        &self.0
    }

    /// The account-data form.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.0.len() * ENTRY_LEN);
        out.extend_from_slice(&(self.0.len() as u64).to_le_bytes());
        for (epoch, entry) in &self.0 {
            for word in [*epoch, entry.effective, entry.activating, entry.deactivating] {
                out.extend_from_slice(&word.to_le_bytes());
            }
        }
        out
    }

    /// Reads the account-data form; `None` when the data is shorter than
    /// its count says or holds more than [`MAX_ENTRIES`] pairs.
    pub fn from_bytes(data: &[u8]) -> Option<Self> {
        let count = u64::from_le_bytes(data.get(..8)?.try_into().ok()?);
        let count = usize::try_from(count).ok().filter(|&count| count <= MAX_ENTRIES)?;
        let body = data.get(8..8 + count * ENTRY_LEN)?;
        let entries = body
            .chunks_exact(ENTRY_LEN)
            .map(|pair| {
                let word = |i: usize| {
                    let mut bytes = [0u8; 8];
                    bytes.copy_from_slice(&pair[i * 8..i * 8 + 8]);
                    u64::from_le_bytes(bytes)
                };
                (word(0), StakeHistoryEntry { effective: word(1), activating: word(2), deactivating: word(3) })
            })
            .collect();
        Some(Self(entries))
    }
}

impl super::Sysvar for StakeHistory {
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

    #[test]
    fn keeps_epochs_newest_first_and_round_trips() {
        let mut history = StakeHistory::default();
        assert_eq!(history.to_bytes(), [0u8; 8]);
        let entry = |n: u64| StakeHistoryEntry { effective: n, activating: n + 1, deactivating: n + 2 };
        history.add(3, entry(30));
        history.add(5, entry(50));
        history.add(4, entry(40));
        history.add(4, entry(41));
        let epochs: Vec<u64> = history.entries().iter().map(|(epoch, _)| *epoch).collect();
        assert_eq!(epochs, [5, 4, 3]);
        assert_eq!(history.get(4), Some(&entry(41)));
        assert_eq!(history.get(6), None);
        let bytes = history.to_bytes();
        assert_eq!(bytes.len(), 8 + 3 * ENTRY_LEN);
        assert_eq!(bytes[..8], 3u64.to_le_bytes());
        assert_eq!(bytes[8..16], 5u64.to_le_bytes());
        assert_eq!(bytes[16..24], 50u64.to_le_bytes());
        assert_eq!(StakeHistory::from_bytes(&bytes), Some(history));
        assert_eq!(StakeHistory::from_bytes(&bytes[..bytes.len() - 1]), None);
    }

    #[test]
    fn get_entry_reads_one_pair_through_sol_get_sysvar() {
        let mut history = StakeHistory::default();
        crate::syscalls::host::set_sysvar(&history);
        assert_eq!(StakeHistory::get_entry(3), Ok(None));
        for epoch in 3..=6 {
            history.add(epoch, StakeHistoryEntry { effective: epoch * 10, activating: 1, deactivating: 2 });
        }
        crate::syscalls::host::set_sysvar(&history);
        assert_eq!(StakeHistory::get_entry(4), Ok(history.get(4).copied()));
        assert_eq!(StakeHistory::get_entry(6).unwrap().unwrap().effective, 60);
        assert_eq!(StakeHistory::get_entry(7), Ok(None));
        assert_eq!(StakeHistory::get_entry(2), Ok(None));
    }

    #[test]
    fn keeps_at_most_512_epochs() {
        let mut history = StakeHistory::default();
        for epoch in 0..600 {
            history.add(epoch, StakeHistoryEntry::default());
        }
        assert_eq!(history.entries().len(), MAX_ENTRIES);
        assert_eq!(history.entries()[0].0, 599);
        assert_eq!(history.get(87), None);
    }
}
