//! The sysvar cache: the account data of every sysvar the runtime provides,
//! shared with executing programs. `sol_get_sysvar` copies from it and the
//! `sol_get_<name>_sysvar` syscalls decode it, so both agree with the
//! sysvar accounts (the runtime writes both from one value, see
//! [`Runtime::set_sysvar`](crate::Runtime::set_sysvar)).

use std::sync::Arc;

use lamport_sdk::{
    pubkey::Pubkey,
    sysvar::{self, Sysvar},
};

/// The sysvars `sol_get_sysvar` serves.
const SYSCALL_SYSVARS: [Pubkey; 7] = [
    sysvar::clock::ID,
    sysvar::epoch_schedule::ID,
    sysvar::epoch_rewards::ID,
    sysvar::rent::ID,
    sysvar::slot_hashes::ID,
    sysvar::stake_history::ID,
    sysvar::last_restart_slot::ID,
];

/// Account data by sysvar id (a handful of entries: a list is fastest).
#[derive(Debug, Clone, Default)]
pub(crate) struct SysvarCache {
    entries: Vec<(Pubkey, Arc<[u8]>)>,
}

impl SysvarCache {
    /// The account data of the sysvar `id`, if the runtime provides it.
    pub fn get(&self, id: &Pubkey) -> Option<&[u8]> {
        self.entries.iter().find(|(key, _)| key == id).map(|(_, data)| &**data)
    }

    /// The account data of the sysvar `id` as `sol_get_sysvar` serves it:
    /// only for the sysvars Agave's syscall serves (Clock, EpochSchedule,
    /// EpochRewards, Rent, SlotHashes, StakeHistory, LastRestartSlot), not
    /// for the deprecated ones kept for builtins (RecentBlockhashes, Fees)
    /// nor for SlotHistory.
    pub fn get_for_syscall(&self, id: &Pubkey) -> Option<&[u8]> {
        SYSCALL_SYSVARS.contains(id).then(|| self.get(id)).flatten()
    }

    /// The sysvar `T`, decoded from its account data.
    pub fn get_typed<T: Sysvar>(&self) -> Option<T> {
        self.get(&T::ID).and_then(T::from_account_data)
    }

    /// Whether the runtime provides the sysvar `id`.
    pub fn contains(&self, id: &Pubkey) -> bool {
        self.get(id).is_some()
    }

    /// Replaces (or adds) the account data of the sysvar `id`.
    pub fn set(&mut self, id: Pubkey, data: &[u8]) {
        let data: Arc<[u8]> = Arc::from(data);
        match self.entries.iter_mut().find(|(key, _)| *key == id) {
            Some(entry) => entry.1 = data,
            None => self.entries.push((id, data)),
        }
    }
}

#[cfg(test)]
mod tests {
    use lamport_sdk::sysvar::{clock::Clock, epoch_schedule::EpochSchedule};

    use super::*;

    #[test]
    fn holds_account_data_by_id() {
        let mut cache = SysvarCache::default();
        assert!(cache.get_typed::<Clock>().is_none());
        let clock = Clock { slot: 9, ..Clock::default() };
        cache.set(lamport_sdk::sysvar::clock::ID, &clock.to_account_data());
        cache.set(lamport_sdk::sysvar::epoch_schedule::ID, &EpochSchedule::default().to_account_data());
        assert_eq!(cache.get_typed::<Clock>(), Some(clock));
        let later = Clock { slot: 10, ..clock };
        cache.set(lamport_sdk::sysvar::clock::ID, &later.to_account_data());
        assert_eq!(cache.get_typed::<Clock>(), Some(later));
        assert_eq!(cache.get(&lamport_sdk::sysvar::epoch_schedule::ID).map(<[u8]>::len), Some(33));
        assert!(!cache.contains(&lamport_sdk::sysvar::STAKE_HISTORY_ID));
        assert!(cache.get_for_syscall(&lamport_sdk::sysvar::clock::ID).is_some());
        cache.set(lamport_sdk::sysvar::FEES_ID, &[0; 8]);
        assert!(cache.contains(&lamport_sdk::sysvar::FEES_ID));
        assert!(cache.get_for_syscall(&lamport_sdk::sysvar::FEES_ID).is_none());
    }
}
