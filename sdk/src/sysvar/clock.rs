//! The Clock sysvar: slot, epoch and the cluster's estimate of wall time.

use crate::{program_error::ProgramError, pubkey, pubkey::Pubkey};

/// Address of the Clock sysvar, `SysvarC1ock11111111111111111111111111111111`.
pub const ID: Pubkey = pubkey!("SysvarC1ock11111111111111111111111111111111");

/// Size of [`Clock`] in memory and in its account: 40 bytes.
pub const CLOCK_LEN: usize = 40;

/// The Clock sysvar, `repr(C)`: five 8-byte little-endian fields.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    /// The current slot.
    pub slot: u64,
    /// Unix timestamp of the first slot of this epoch.
    pub epoch_start_timestamp: i64,
    /// The current epoch.
    pub epoch: u64,
    /// The epoch whose leader schedule is being computed.
    pub leader_schedule_epoch: u64,
    /// Estimated Unix timestamp of this slot, in seconds.
    pub unix_timestamp: i64,
}

impl Clock {
    /// The current clock, through the `sol_get_clock_sysvar` syscall
    /// (140 compute units). On the host it returns what
    /// [`syscalls::host::set_clock`](crate::syscalls) last set (default: zeros).
    pub fn get() -> Result<Self, ProgramError> {
        let mut clock = Self::default();
        // SAFETY: `clock` is a valid, aligned `repr(C)` Clock of CLOCK_LEN
        // bytes, which is exactly what the syscall writes.
        let rc = unsafe {
            crate::syscalls::sol_get_clock_sysvar((&mut clock as *mut Self).cast())
        };
        match rc {
            0 => Ok(clock),
            _ => Err(ProgramError::UnsupportedSysvar),
        }
    }

    /// The account-data form: the fields in order, little-endian.
    pub fn to_bytes(&self) -> [u8; CLOCK_LEN] {
        let mut out = [0u8; CLOCK_LEN];
        out[0..8].copy_from_slice(&self.slot.to_le_bytes());
        out[8..16].copy_from_slice(&self.epoch_start_timestamp.to_le_bytes());
        out[16..24].copy_from_slice(&self.epoch.to_le_bytes());
        out[24..32].copy_from_slice(&self.leader_schedule_epoch.to_le_bytes());
        out[32..40].copy_from_slice(&self.unix_timestamp.to_le_bytes());
        out
    }

    /// Reads the account-data form; `None` if `data` is shorter than 40 bytes.
    pub fn from_bytes(data: &[u8]) -> Option<Self> {
        let data = data.get(..CLOCK_LEN)?;
        let word = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&data[i * 8..i * 8 + 8]);
            b
        };
        Some(Self {
            slot: u64::from_le_bytes(word(0)),
            epoch_start_timestamp: i64::from_le_bytes(word(1)),
            epoch: u64::from_le_bytes(word(2)),
            leader_schedule_epoch: u64::from_le_bytes(word(3)),
            unix_timestamp: i64::from_le_bytes(word(4)),
        })
    }
}

impl super::Sysvar for Clock {
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
    fn layout_is_40_bytes_and_round_trips() {
        assert_eq!(core::mem::size_of::<Clock>(), CLOCK_LEN);
        assert_eq!(core::mem::offset_of!(Clock, epoch_start_timestamp), 8);
        assert_eq!(core::mem::offset_of!(Clock, epoch), 16);
        assert_eq!(core::mem::offset_of!(Clock, leader_schedule_epoch), 24);
        assert_eq!(core::mem::offset_of!(Clock, unix_timestamp), 32);
        let clock = Clock {
            slot: 1,
            epoch_start_timestamp: -2,
            epoch: 3,
            leader_schedule_epoch: 4,
            unix_timestamp: 1_700_000_000,
        };
        let bytes = clock.to_bytes();
        assert_eq!(bytes[8..16], (-2i64).to_le_bytes());
        assert_eq!(Clock::from_bytes(&bytes), Some(clock));
        assert_eq!(Clock::from_bytes(&bytes[..39]), None);
    }

    #[test]
    fn id_text() {
        assert_eq!(
            alloc::string::ToString::to_string(&ID),
            "SysvarC1ock11111111111111111111111111111111"
        );
    }
}
