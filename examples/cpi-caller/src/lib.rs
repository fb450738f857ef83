//! The caller of the cross-program invocation example: two programs,
//! `cpi-caller` (this one) and `cpi-callee`.
//!
//! `Double { a, b }` asks the callee for `a + b` through a CPI, forwarding
//! the user's signature (a signer of the transaction stays a signer in the
//! invocations it reaches), reads the callee's return data, checks the
//! callee set it, and returns `2 × (a + b)` as its own return data.
//!
//! | data | accounts |
//! |---|---|
//! | `a: u64, b: u64` | `[user SIGNER, callee program]` |
//!
//! It depends on the `cpi-callee` crate (with its `no-entrypoint` feature)
//! for the invocation itself: a program crate can use another's builders.
#![cfg_attr(not(test), no_std)]

use lamport_sdk::{
    account_info::AccountInfo,
    msg,
    program::{get_return_data_into, set_return_data},
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
};

/// The callee returned no data, or data of another program
/// (`ProgramError::Custom(1)`).
pub const ERROR_NO_RETURN_DATA: u32 = 1;
/// `2 × (a + b)` does not fit in a `u64` (`ProgramError::Custom(2)`).
pub const ERROR_OVERFLOW: u32 = 2;

#[cfg(not(feature = "no-entrypoint"))]
lamport_sdk::entrypoint!(process_instruction);

/// The two numbers of `data`.
fn terms(data: &[u8]) -> Result<(u64, u64), ProgramError> {
    let word = |i: usize| data.get(i * 8..i * 8 + 8).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes);
    match (data.len(), word(0), word(1)) {
        (16, Some(a), Some(b)) => Ok((a, b)),
        _ => Err(ProgramError::InvalidInstructionData),
    }
}

/// Invokes the callee (through its crate's CPI builder) and doubles what
/// it returns.
pub fn process_instruction(_program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let [user, callee, ..] = accounts else { return Err(ProgramError::NotEnoughAccountKeys) };
    if !callee.executable() {
        return Err(ProgramError::IncorrectProgramId);
    }
    let (a, b) = terms(data)?;
    cpi_callee::cpi::add(callee.key(), user, a, b).invoke()?;

    let mut buf = [0u8; 8];
    let sum = match get_return_data_into(&mut buf) {
        Some((setter, 8, 8)) if &setter == callee.key() => u64::from_le_bytes(buf),
        _ => return Err(ProgramError::Custom(ERROR_NO_RETURN_DATA)),
    };
    let doubled = sum.checked_mul(2).ok_or(ProgramError::Custom(ERROR_OVERFLOW))?;
    msg!("caller: callee returned {}, returning {}", sum, doubled);
    set_return_data(&doubled.to_le_bytes());
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

        /// `Double { a, b }` for `user`, through `callee`.
        pub fn double(program_id: &Pubkey, callee: &Pubkey, user: &Pubkey, a: u64, b: u64) -> Instruction {
            let mut data = Vec::with_capacity(16);
            data.extend_from_slice(&a.to_le_bytes());
            data.extend_from_slice(&b.to_le_bytes());
            Instruction::new_with_bytes(
                *program_id,
                &data,
                alloc::vec![AccountMeta::new_readonly(*user, true), AccountMeta::new_readonly(*callee, false)],
            )
        }
    }
}
