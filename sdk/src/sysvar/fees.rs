//! The Fees sysvar (deprecated in Solana: no program should rely on it):
//! a fee calculator, the lamports charged per signature.
//!
//! Account data: `lamports_per_signature u64 LE` (8 bytes).

use alloc::vec::Vec;

use crate::{pubkey, pubkey::Pubkey};

/// Address of the Fees sysvar, `SysvarFees111111111111111111111111111111111`.
pub const ID: Pubkey = pubkey!("SysvarFees111111111111111111111111111111111");

/// The Fees sysvar. Agave no longer updates it; LiteSVM (and
/// lamport-runtime) set it to its default, zero lamports per signature.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fees {
    /// Lamports per signature, as the sysvar records it.
    pub lamports_per_signature: u64,
}

impl super::Sysvar for Fees {
    const ID: Pubkey = ID;

    fn to_account_data(&self) -> Vec<u8> {
        self.lamports_per_signature.to_le_bytes().to_vec()
    }

    fn from_account_data(data: &[u8]) -> Option<Self> {
        Some(Self { lamports_per_signature: u64::from_le_bytes(data.get(..8)?.try_into().ok()?) })
    }
}
