//! The EpochSchedule sysvar: how slots are grouped into epochs.

use crate::{pubkey, pubkey::Pubkey};

/// Address of the EpochSchedule sysvar, `SysvarEpochSchedu1e111111111111111111111111`.
pub const ID: Pubkey = pubkey!("SysvarEpochSchedu1e111111111111111111111111");

/// Size of [`EpochSchedule`] in memory (with padding): 40 bytes.
pub const EPOCH_SCHEDULE_LEN: usize = 40;
/// Size of the EpochSchedule account's data (no padding): 33 bytes.
pub const EPOCH_SCHEDULE_ACCOUNT_LEN: usize = 33;
/// Slots per epoch by default (about two days of 400 ms slots).
pub const DEFAULT_SLOTS_PER_EPOCH: u64 = 432_000;
/// Slots of the shortest warm-up epoch.
pub const MINIMUM_SLOTS_PER_EPOCH: u64 = 32;

/// The EpochSchedule sysvar, `repr(C)`: `u64`, `u64`, `bool` (7 bytes of
/// padding), `u64`, `u64`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochSchedule {
    /// Slots in each epoch after warm-up.
    pub slots_per_epoch: u64,
    /// How many slots before an epoch its leader schedule is computed.
    pub leader_schedule_slot_offset: u64,
    /// Whether epochs start short and double until `slots_per_epoch`.
    pub warmup: bool,
    /// The first epoch of full length.
    pub first_normal_epoch: u64,
    /// The first slot of `first_normal_epoch`.
    pub first_normal_slot: u64,
}

impl Default for EpochSchedule {
    /// Solana's default: 432,000 slots per epoch, leader schedule one epoch
    /// ahead, with warm-up (so the 15th epoch, number 14, is the first full one).
    fn default() -> Self {
        Self::with_warmup(DEFAULT_SLOTS_PER_EPOCH)
    }
}

impl EpochSchedule {
    /// A schedule of `slots_per_epoch`-slot epochs after a warm-up of
    /// doubling epochs starting at [`MINIMUM_SLOTS_PER_EPOCH`] slots, up to
    /// the power of two at or above `slots_per_epoch`.
    pub fn with_warmup(slots_per_epoch: u64) -> Self {
        let warmup_epochs = slots_per_epoch
            .max(MINIMUM_SLOTS_PER_EPOCH)
            .next_power_of_two()
            .trailing_zeros()
            .saturating_sub(MINIMUM_SLOTS_PER_EPOCH.trailing_zeros());
        let first_normal_epoch = u64::from(warmup_epochs);
        let first_normal_slot = (1u64 << warmup_epochs).saturating_sub(1).saturating_mul(MINIMUM_SLOTS_PER_EPOCH);
        Self {
            slots_per_epoch,
            leader_schedule_slot_offset: slots_per_epoch,
            warmup: true,
            first_normal_epoch,
            first_normal_slot,
        }
    }

    /// The current schedule, read through `sol_get_sysvar` (110 compute
    /// units), without the account.
    pub fn get() -> Result<Self, crate::program_error::ProgramError> {
        let mut data = [0u8; EPOCH_SCHEDULE_ACCOUNT_LEN];
        super::get_sysvar_bytes(&ID, 0, &mut data)?;
        Self::from_bytes(&data).ok_or(crate::program_error::ProgramError::InvalidAccountData)
    }

    /// The in-memory form `sol_get_epoch_schedule_sysvar` writes (padding zeroed).
    pub fn to_syscall_bytes(&self) -> [u8; EPOCH_SCHEDULE_LEN] {
        let mut out = [0u8; EPOCH_SCHEDULE_LEN];
        out[0..8].copy_from_slice(&self.slots_per_epoch.to_le_bytes());
        out[8..16].copy_from_slice(&self.leader_schedule_slot_offset.to_le_bytes());
        out[16] = u8::from(self.warmup);
        out[24..32].copy_from_slice(&self.first_normal_epoch.to_le_bytes());
        out[32..40].copy_from_slice(&self.first_normal_slot.to_le_bytes());
        out
    }

    /// The account-data form: the fields in order, little-endian, no padding.
    pub fn to_bytes(&self) -> [u8; EPOCH_SCHEDULE_ACCOUNT_LEN] {
        let mut out = [0u8; EPOCH_SCHEDULE_ACCOUNT_LEN];
        out[0..8].copy_from_slice(&self.slots_per_epoch.to_le_bytes());
        out[8..16].copy_from_slice(&self.leader_schedule_slot_offset.to_le_bytes());
        out[16] = u8::from(self.warmup);
        out[17..25].copy_from_slice(&self.first_normal_epoch.to_le_bytes());
        out[25..33].copy_from_slice(&self.first_normal_slot.to_le_bytes());
        out
    }

    /// Reads the account-data form; `None` if shorter than 33 bytes or if
    /// the `warmup` byte is neither 0 nor 1.
    pub fn from_bytes(data: &[u8]) -> Option<Self> {
        let data = data.get(..EPOCH_SCHEDULE_ACCOUNT_LEN)?;
        let word = |at: usize| data[at..at + 8].try_into().ok().map(u64::from_le_bytes);
        let warmup = match data[16] {
            0 => false,
            1 => true,
            _ => return None,
        };
        Some(Self {
            slots_per_epoch: word(0)?,
            leader_schedule_slot_offset: word(8)?,
            warmup,
            first_normal_epoch: word(17)?,
            first_normal_slot: word(25)?,
        })
    }

    /// The epoch of `slot`.
    pub fn get_epoch(&self, slot: u64) -> u64 {
        self.get_epoch_and_slot_index(slot).0
    }

    /// The epoch of `slot` and the slot's index in it, as Solana computes them.
    pub fn get_epoch_and_slot_index(&self, slot: u64) -> (u64, u64) {
        if slot < self.first_normal_slot {
            let epoch = slot
                .saturating_add(MINIMUM_SLOTS_PER_EPOCH)
                .saturating_add(1)
                .next_power_of_two()
                .trailing_zeros()
                .saturating_sub(MINIMUM_SLOTS_PER_EPOCH.trailing_zeros())
                .saturating_sub(1);
            let epoch_len = 2u64.saturating_pow(epoch.saturating_add(MINIMUM_SLOTS_PER_EPOCH.trailing_zeros()));
            (u64::from(epoch), slot.saturating_sub(epoch_len.saturating_sub(MINIMUM_SLOTS_PER_EPOCH)))
        } else {
            let normal_slot_index = slot.saturating_sub(self.first_normal_slot);
            let normal_epoch_index = normal_slot_index.checked_div(self.slots_per_epoch).unwrap_or(0);
            let epoch = self.first_normal_epoch.saturating_add(normal_epoch_index);
            let slot_index = normal_slot_index.checked_rem(self.slots_per_epoch).unwrap_or(0);
            (epoch, slot_index)
        }
    }
}

impl super::Sysvar for EpochSchedule {
    const ID: Pubkey = ID;

    fn to_account_data(&self) -> alloc::vec::Vec<u8> {
        self.to_bytes().to_vec()
    }

    fn from_account_data(data: &[u8]) -> Option<Self> {
        Self::from_bytes(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_solanas() {
        let schedule = EpochSchedule::default();
        assert_eq!(core::mem::size_of::<EpochSchedule>(), EPOCH_SCHEDULE_LEN);
        assert_eq!(schedule.first_normal_epoch, 14);
        assert_eq!(schedule.first_normal_slot, 524_256);
        assert_eq!(schedule.leader_schedule_slot_offset, 432_000);
        let bytes = schedule.to_bytes();
        assert_eq!(bytes[16], 1);
        assert_eq!(bytes[17..25], 14u64.to_le_bytes());
        assert_eq!(EpochSchedule::from_bytes(&bytes), Some(schedule));
        let mut bad = bytes;
        bad[16] = 2;
        assert_eq!(EpochSchedule::from_bytes(&bad), None);
    }

    #[test]
    fn get_reads_through_sol_get_sysvar() {
        let schedule = EpochSchedule::with_warmup(8_192);
        crate::syscalls::host::set_sysvar(&schedule);
        assert_eq!(EpochSchedule::get(), Ok(schedule));
        let restart = crate::sysvar::last_restart_slot::LastRestartSlot { last_restart_slot: 9 };
        crate::syscalls::host::set_sysvar(&restart);
        assert_eq!(crate::sysvar::last_restart_slot::LastRestartSlot::get(), Ok(restart));
        let rewards = crate::sysvar::epoch_rewards::EpochRewards { num_partitions: 4, active: true, ..Default::default() };
        crate::syscalls::host::set_sysvar(&rewards);
        assert_eq!(crate::sysvar::epoch_rewards::EpochRewards::get(), Ok(rewards));
    }

    #[test]
    fn epochs_of_slots_follow_the_warmup() {
        let schedule = EpochSchedule::default();
        assert_eq!(schedule.get_epoch_and_slot_index(0), (0, 0));
        assert_eq!(schedule.get_epoch_and_slot_index(31), (0, 31));
        assert_eq!(schedule.get_epoch_and_slot_index(32), (1, 0));
        assert_eq!(schedule.get_epoch_and_slot_index(95), (1, 63));
        assert_eq!(schedule.get_epoch_and_slot_index(96), (2, 0));
        assert_eq!(schedule.get_epoch_and_slot_index(524_255).0, 13);
        assert_eq!(schedule.get_epoch_and_slot_index(524_256), (14, 0));
        assert_eq!(schedule.get_epoch_and_slot_index(524_256 + 432_000 + 5), (15, 5));
    }
}
