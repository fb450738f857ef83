//! The LastRestartSlot sysvar: the last slot at which the cluster restarted.

use crate::{pubkey, pubkey::Pubkey};

/// Address of the LastRestartSlot sysvar, `SysvarLastRestartS1ot1111111111111111111111`.
pub const ID: Pubkey = pubkey!("SysvarLastRestartS1ot1111111111111111111111");

/// Size of [`LastRestartSlot`] in memory and in its account: 8 bytes.
pub const LAST_RESTART_SLOT_LEN: usize = 8;

/// The LastRestartSlot sysvar, `repr(C)`; the default is slot 0.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LastRestartSlot {
    /// The slot of the last hard fork (cluster restart).
    pub last_restart_slot: u64,
}

impl LastRestartSlot {
    /// The current value, read through `sol_get_sysvar` (110 compute
    /// units), without the account.
    pub fn get() -> Result<Self, crate::program_error::ProgramError> {
        let mut data = [0u8; LAST_RESTART_SLOT_LEN];
        super::get_sysvar_bytes(&ID, 0, &mut data)?;
        Ok(Self { last_restart_slot: u64::from_le_bytes(data) })
    }

    /// The memory and account-data form: one little-endian `u64`.
    pub fn to_bytes(&self) -> [u8; LAST_RESTART_SLOT_LEN] {
        self.last_restart_slot.to_le_bytes()
    }

    /// Reads the account-data form; `None` if shorter than 8 bytes.
    pub fn from_bytes(data: &[u8]) -> Option<Self> {
        let word = data.get(..LAST_RESTART_SLOT_LEN)?.try_into().ok()?;
        Some(Self { last_restart_slot: u64::from_le_bytes(word) })
    }
}

impl super::Sysvar for LastRestartSlot {
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
    fn round_trips() {
        let slot = LastRestartSlot { last_restart_slot: 0x0102_0304 };
        assert_eq!(slot.to_bytes(), 0x0102_0304u64.to_le_bytes());
        assert_eq!(LastRestartSlot::from_bytes(&slot.to_bytes()), Some(slot));
        assert_eq!(LastRestartSlot::from_bytes(&[0; 7]), None);
    }
}
