//! The smallest Lamport program: logs a greeting.
//!
//! ```text
//! $ cargo lamport build
//! $ cargo lamport run target/deploy/hello.so
//! Program log: Hello, Lamport!
//! ```
#![no_std]

use lamport_sdk::{account_info::AccountInfo, msg, program_error::ProgramResult, pubkey::Pubkey};

#[cfg(not(feature = "no-entrypoint"))]
lamport_sdk::entrypoint!(process_instruction);

/// Logs `Hello, Lamport!`.
pub fn process_instruction(_program_id: &Pubkey, _accounts: &[AccountInfo], _data: &[u8]) -> ProgramResult {
    msg!("Hello, Lamport!");
    Ok(())
}
