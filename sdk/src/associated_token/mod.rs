//! The Associated Token Account program: one canonical token account per
//! wallet and mint, at a program-derived address; its instructions as
//! cross-program invocations.
//!
//! ```no_run
//! use lamport_sdk::{account_info::AccountInfo, associated_token, program_error::ProgramResult};
//!
//! fn open(payer: &AccountInfo, ata: &AccountInfo, wallet: &AccountInfo, mint: &AccountInfo,
//!         system: &AccountInfo, token: &AccountInfo) -> ProgramResult {
//!     associated_token::create_idempotent(payer, ata, wallet, mint, system, token).invoke()
//! }
//! ```

mod create;
mod create_idempotent;

pub use create::{create, Create, CREATE};
pub use create_idempotent::{create_idempotent, CreateIdempotent, CREATE_IDEMPOTENT};

use crate::pubkey::Pubkey;

/// The Associated Token Account program's id,
/// `ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL`.
pub const ID: Pubkey = crate::pubkey!("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");

/// Whether `key` is the Associated Token Account program.
pub fn check_id(key: &Pubkey) -> bool {
    *key == ID
}

/// The associated token account of `wallet` for `mint` under SPL Token:
/// the PDA of seeds `[wallet, token program, mint]`.
pub fn get_associated_token_address(wallet: &Pubkey, mint: &Pubkey) -> Pubkey {
    get_associated_token_address_with_program_id(wallet, mint, &crate::token::ID)
}

/// The associated token account of `wallet` for `mint` under
/// `token_program` (SPL Token or Token-2022).
pub fn get_associated_token_address_with_program_id(wallet: &Pubkey, mint: &Pubkey, token_program: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[wallet.as_ref(), token_program.as_ref(), mint.as_ref()], &ID).0
}
