//! [`Account`]: an account's full state, owned (host side).
//!
//! Programs see accounts through [`AccountInfo`](crate::account_info::AccountInfo)
//! views into the runtime's input buffer; the runtime, tests and clients
//! hold them as [`Account`] values.

use alloc::{vec, vec::Vec};

use crate::pubkey::Pubkey;

/// The state of one account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Account {
    /// Balance in lamports.
    pub lamports: u64,
    /// The account's data.
    pub data: Vec<u8>,
    /// The program that owns the account (may change its data and debit it).
    pub owner: Pubkey,
    /// Whether the account holds a loaded program.
    pub executable: bool,
    /// The epoch at which rent is next due (unused since rent collection
    /// ended; the runtime passes `u64::MAX` to programs).
    pub rent_epoch: u64,
}

impl Account {
    /// An account with `lamports`, `space` zero bytes of data and `owner`.
    pub fn new(lamports: u64, space: usize, owner: &Pubkey) -> Self {
        Self {
            lamports,
            data: vec![0; space],
            owner: *owner,
            executable: false,
            rent_epoch: 0,
        }
    }

    /// An account holding `data`.
    pub fn new_with_data(lamports: u64, data: Vec<u8>, owner: &Pubkey) -> Self {
        Self {
            lamports,
            data,
            owner: *owner,
            executable: false,
            rent_epoch: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_zero_fills() {
        let owner = Pubkey::new_unique();
        let account = Account::new(5, 3, &owner);
        assert_eq!(account.lamports, 5);
        assert_eq!(account.data, [0, 0, 0]);
        assert_eq!(account.owner, owner);
        assert!(!account.executable);
    }
}
