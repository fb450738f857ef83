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
    /// The memory and account-data form: one little-endian `u64`.
    pub fn to_bytes(&self) -> [u8; LAST_RESTART_SLOT_LEN] {
        self.last_restart_slot.to_le_bytes()
    }
}
