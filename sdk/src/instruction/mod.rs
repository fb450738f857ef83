//! Owned instructions: what a client sends and the runtime executes.
//!
//! [`Instruction`] owns its accounts and data (it needs `alloc`). Programs
//! that invoke other programs without the heap use the borrowed view
//! [`cpi::Instruction`](crate::cpi::Instruction) instead.

mod error;

use alloc::vec::Vec;

pub use error::InstructionError;

use crate::pubkey::Pubkey;

/// One account an instruction touches, and how.
///
/// The layout is `repr(C)` `{pubkey [32], is_signer u8, is_writable u8}`
/// (34 bytes), the same as Solana's `AccountMeta`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct AccountMeta {
    /// The account's address.
    pub pubkey: Pubkey,
    /// Whether the transaction must carry this account's signature.
    pub is_signer: bool,
    /// Whether the instruction may change the account.
    pub is_writable: bool,
}

impl AccountMeta {
    /// A writable account, signing if `is_signer`.
    pub const fn new(pubkey: Pubkey, is_signer: bool) -> Self {
        Self {
            pubkey,
            is_signer,
            is_writable: true,
        }
    }

    /// A read-only account, signing if `is_signer`.
    pub const fn new_readonly(pubkey: Pubkey, is_signer: bool) -> Self {
        Self {
            pubkey,
            is_signer,
            is_writable: false,
        }
    }
}

/// A call of one program: its id, the accounts it may touch, and its data.
///
/// ```
/// use lamport_sdk::instruction::{AccountMeta, Instruction};
/// use lamport_sdk::pubkey::Pubkey;
///
/// let program = Pubkey::new_unique();
/// let user = Pubkey::new_unique();
/// let ix = Instruction::new_with_bytes(program, &[1, 2, 3], vec![AccountMeta::new(user, true)]);
/// assert_eq!(ix.data, [1, 2, 3]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[must_use = "an instruction does nothing until it is sent in a transaction"]
pub struct Instruction {
    /// The program that executes this instruction.
    pub program_id: Pubkey,
    /// The accounts, in the order the program expects them.
    pub accounts: Vec<AccountMeta>,
    /// The program's input.
    pub data: Vec<u8>,
}

impl Instruction {
    /// An instruction with owned data.
    pub fn new(program_id: Pubkey, data: Vec<u8>, accounts: Vec<AccountMeta>) -> Self {
        Self {
            program_id,
            accounts,
            data,
        }
    }

    /// An instruction whose data is copied from `data`.
    pub fn new_with_bytes(program_id: Pubkey, data: &[u8], accounts: Vec<AccountMeta>) -> Self {
        Self::new(program_id, data.to_vec(), accounts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_meta_layout_matches_solana() {
        assert_eq!(core::mem::size_of::<AccountMeta>(), 34);
        assert_eq!(core::mem::align_of::<AccountMeta>(), 1);
        let key = Pubkey::new_unique();
        assert_eq!(
            AccountMeta::new(key, false),
            AccountMeta {
                pubkey: key,
                is_signer: false,
                is_writable: true
            }
        );
        assert!(!AccountMeta::new_readonly(key, true).is_writable);
        assert!(AccountMeta::new_readonly(key, true).is_signer);
    }
}
