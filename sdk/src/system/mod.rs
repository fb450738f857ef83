//! The system program: creates accounts, assigns owners, moves lamports.
//!
//! Instruction data is bincode: a `u32` little-endian tag, then the
//! variant's fields (`u64` little-endian, a [`Pubkey`] as 32 raw bytes, a
//! string as `u64` length + UTF-8 bytes). [`SystemInstruction`] encodes and
//! decodes it by hand, byte for byte as Solana's `bincode` does. The
//! builders here return an owned [`Instruction`](crate::instruction::Instruction)
//! with the accounts in the order the program reads them; [`cpi`] has the
//! same instructions as heap-free cross-program invocations.
//!
//! Every builder documents its accounts as a table, `[WRITE, SIGNER]`
//! marking what the account must be.

mod advance_nonce_account;
mod allocate;
mod allocate_with_seed;
mod assign;
mod assign_with_seed;
mod authorize_nonce_account;
pub mod cpi;
mod create_account;
mod create_account_with_seed;
mod error;
mod initialize_nonce_account;
mod instruction;
mod transfer;
mod transfer_with_seed;
mod upgrade_nonce_account;
mod withdraw_nonce_account;

pub use advance_nonce_account::advance_nonce_account;
pub use allocate::{allocate, ALLOCATE};
pub use allocate_with_seed::{allocate_with_seed, ALLOCATE_WITH_SEED};
pub use assign::{assign, ASSIGN};
pub use assign_with_seed::{assign_with_seed, ASSIGN_WITH_SEED};
pub use authorize_nonce_account::authorize_nonce_account;
pub use create_account::{create_account, CREATE_ACCOUNT};
pub use create_account_with_seed::{create_account_with_seed, CREATE_ACCOUNT_WITH_SEED};
pub use error::SystemError;
pub use instruction::{
    DecodeError, SystemInstruction, ADVANCE_NONCE_ACCOUNT, AUTHORIZE_NONCE_ACCOUNT,
    INITIALIZE_NONCE_ACCOUNT, UPGRADE_NONCE_ACCOUNT, WITHDRAW_NONCE_ACCOUNT,
};
pub use initialize_nonce_account::{create_nonce_account, initialize_nonce_account};
pub use transfer::{transfer, TRANSFER};
pub use transfer_with_seed::{transfer_with_seed, TRANSFER_WITH_SEED};
pub use upgrade_nonce_account::upgrade_nonce_account;
pub use withdraw_nonce_account::withdraw_nonce_account;

use crate::pubkey::Pubkey;

/// The system program's id, `11111111111111111111111111111111` (32 zero bytes).
pub const ID: Pubkey = Pubkey::new_from_array([0; 32]);

/// Whether `key` is the system program.
pub fn check_id(key: &Pubkey) -> bool {
    *key == ID
}

/// Largest account data the system program allocates: 10 MiB.
pub const MAX_PERMITTED_DATA_LENGTH: u64 = 10 * 1024 * 1024;

/// Most bytes of account data a transaction may allocate in total: 20 MiB.
pub const MAX_PERMITTED_ACCOUNTS_DATA_ALLOCATIONS_PER_TRANSACTION: u64 =
    2 * MAX_PERMITTED_DATA_LENGTH;

/// Longest instruction data the system program decodes (a packet's payload).
pub const MAX_INSTRUCTION_DATA_LEN: usize = 1232;

#[cfg(test)]
mod tests;
