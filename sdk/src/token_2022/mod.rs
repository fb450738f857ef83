//! Token-2022 (the token program with extensions): its id.
//!
//! Its base instructions have SPL Token's layout: use the builders of
//! [`token`](crate::token) with `.with_token_program(&token_2022::ID)`.
//!
//! ```no_run
//! use lamport_sdk::{account_info::AccountInfo, program_error::ProgramResult, token, token_2022};
//!
//! fn pay(from: &AccountInfo, mint: &AccountInfo, to: &AccountInfo, owner: &AccountInfo) -> ProgramResult {
//!     token::transfer_checked(from, mint, to, owner, 5, 9).with_token_program(&token_2022::ID).invoke()
//! }
//! ```

use crate::pubkey::Pubkey;

/// Token-2022's program id, `TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb`.
pub const ID: Pubkey = crate::pubkey!("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");

/// Whether `key` is Token-2022.
pub fn check_id(key: &Pubkey) -> bool {
    *key == ID
}
