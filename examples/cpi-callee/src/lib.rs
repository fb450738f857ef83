//! The callee of the cross-program invocation example (its caller is
//! `cpi-caller`).
//!
//! `Add { a, b }` needs one signer — whoever asks — and leaves `a + b` as
//! return data (`u64`, little-endian) for its caller to read.
//!
//! | data | accounts |
//! |---|---|
//! | `a: u64, b: u64` | `[user SIGNER]` |
#![cfg_attr(not(test), no_std)]

use lamport_sdk::{
    account_info::AccountInfo,
    entrypoint, msg,
    program::set_return_data,
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
};

/// `a + b` does not fit in a `u64` (`ProgramError::Custom(1)`).
pub const ERROR_OVERFLOW: u32 = 1;

entrypoint!(process_instruction);

fn word(data: &[u8], i: usize) -> Result<u64, ProgramError> {
    data.get(i * 8..i * 8 + 8)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
        .ok_or(ProgramError::InvalidInstructionData)
}

/// Adds the two numbers of `data` for a signing user.
pub fn process_instruction(_program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let [user, ..] = accounts else { return Err(ProgramError::NotEnoughAccountKeys) };
    if !user.is_signer() {
        return Err(ProgramError::MissingRequiredSignature);
    }
    if data.len() != 16 {
        return Err(ProgramError::InvalidInstructionData);
    }
    let (a, b) = (word(data, 0)?, word(data, 1)?);
    let sum = a.checked_add(b).ok_or(ProgramError::Custom(ERROR_OVERFLOW))?;
    msg!("callee: {} + {} = {}", a, b, sum);
    set_return_data(&sum.to_le_bytes());
    Ok(())
}

lamport_sdk::on_host! {
    /// Instruction builders (host only).
    pub mod client {
        extern crate alloc;
        use alloc::vec::Vec;

        use lamport_sdk::{
            instruction::{AccountMeta, Instruction},
            pubkey::Pubkey,
        };

        /// `Add { a, b }` for `user`, called directly.
        pub fn add(program_id: &Pubkey, user: &Pubkey, a: u64, b: u64) -> Instruction {
            let mut data = Vec::with_capacity(16);
            data.extend_from_slice(&a.to_le_bytes());
            data.extend_from_slice(&b.to_le_bytes());
            Instruction::new_with_bytes(*program_id, &data, alloc::vec![AccountMeta::new_readonly(*user, true)])
        }
    }
}
