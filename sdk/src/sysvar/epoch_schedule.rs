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
    }
}
