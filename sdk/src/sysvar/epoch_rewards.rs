//! The EpochRewards sysvar: progress of the current epoch's reward distribution.

use crate::{hash::Hash, pubkey, pubkey::Pubkey};

/// Address of the EpochRewards sysvar, `SysvarEpochRewards1111111111111111111111111`.
pub const ID: Pubkey = pubkey!("SysvarEpochRewards1111111111111111111111111");

/// Size of [`EpochRewards`] in memory (16-byte aligned, with padding): 96 bytes.
pub const EPOCH_REWARDS_LEN: usize = 96;
/// Size of the EpochRewards account's data (no padding): 81 bytes.
pub const EPOCH_REWARDS_ACCOUNT_LEN: usize = 81;

/// The EpochRewards sysvar, `repr(C, align(16))`. The default (no
/// distribution in progress) is all zeros.
#[repr(C, align(16))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EpochRewards {
    /// Block height of the first block of the distribution.
    pub distribution_starting_block_height: u64,
    /// Number of partitions the rewards are paid in.
    pub num_partitions: u64,
    /// Blockhash of the parent block of the first distribution block.
    pub parent_blockhash: Hash,
    /// Total points of the epoch (stake × credits).
    pub total_points: u128,
    /// Total rewards of the epoch, in lamports.
    pub total_rewards: u64,
    /// Rewards paid so far, in lamports.
    pub distributed_rewards: u64,
    /// Whether the distribution is in progress.
    pub active: bool,
}

impl EpochRewards {
    fn write_fields(&self, out: &mut [u8], total_points_at: usize) {
        out[0..8].copy_from_slice(&self.distribution_starting_block_height.to_le_bytes());
        out[8..16].copy_from_slice(&self.num_partitions.to_le_bytes());
        out[16..48].copy_from_slice(self.parent_blockhash.as_ref());
        let at = total_points_at;
        out[at..at + 16].copy_from_slice(&self.total_points.to_le_bytes());
        out[at + 16..at + 24].copy_from_slice(&self.total_rewards.to_le_bytes());
        out[at + 24..at + 32].copy_from_slice(&self.distributed_rewards.to_le_bytes());
        out[at + 32] = u8::from(self.active);
    }

    /// The current state of the distribution, read through `sol_get_sysvar`
    /// (110 compute units), without the account.
    pub fn get() -> Result<Self, crate::program_error::ProgramError> {
        let mut data = [0u8; EPOCH_REWARDS_ACCOUNT_LEN];
        super::get_sysvar_bytes(&ID, 0, &mut data)?;
        Self::from_bytes(&data).ok_or(crate::program_error::ProgramError::InvalidAccountData)
    }

    /// The in-memory form `sol_get_epoch_rewards_sysvar` writes (padding zeroed).
    pub fn to_syscall_bytes(&self) -> [u8; EPOCH_REWARDS_LEN] {
        let mut out = [0u8; EPOCH_REWARDS_LEN];
        self.write_fields(&mut out, 48);
        out
    }

    /// The account-data form: the fields in order, little-endian, no padding.
    pub fn to_bytes(&self) -> [u8; EPOCH_REWARDS_ACCOUNT_LEN] {
        let mut out = [0u8; EPOCH_REWARDS_ACCOUNT_LEN];
        self.write_fields(&mut out, 48);
        out
    }

    /// Reads the account-data form; `None` if shorter than 81 bytes or if
    /// the `active` byte is neither 0 nor 1.
    pub fn from_bytes(data: &[u8]) -> Option<Self> {
        let data = data.get(..EPOCH_REWARDS_ACCOUNT_LEN)?;
        let word = |at: usize| data[at..at + 8].try_into().ok().map(u64::from_le_bytes);
        let active = match data[80] {
            0 => false,
            1 => true,
            _ => return None,
        };
        let hash: [u8; 32] = data[16..48].try_into().ok()?;
        Some(Self {
            distribution_starting_block_height: word(0)?,
            num_partitions: word(8)?,
            parent_blockhash: Hash::new_from_array(hash),
            total_points: u128::from_le_bytes(data[48..64].try_into().ok()?),
            total_rewards: word(64)?,
            distributed_rewards: word(72)?,
            active,
        })
    }
}

impl super::Sysvar for EpochRewards {
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
    fn layout() {
        assert_eq!(core::mem::size_of::<EpochRewards>(), EPOCH_REWARDS_LEN);
        let rewards = EpochRewards { total_rewards: 5, active: true, ..EpochRewards::default() };
        assert_eq!(rewards.to_bytes()[64..72], 5u64.to_le_bytes());
        assert_eq!(rewards.to_bytes()[80], 1);
        assert_eq!(rewards.to_syscall_bytes()[80], 1);
        let full = EpochRewards {
            distribution_starting_block_height: 1,
            num_partitions: 2,
            parent_blockhash: Hash::new_from_array([3; 32]),
            total_points: u128::MAX - 4,
            total_rewards: 5,
            distributed_rewards: 6,
            active: true,
        };
        assert_eq!(EpochRewards::from_bytes(&full.to_bytes()), Some(full));
        assert_eq!(EpochRewards::from_bytes(&full.to_bytes()[..80]), None);
    }
}
