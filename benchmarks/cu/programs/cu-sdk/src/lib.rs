//! The compute-unit benchmark program, written with lamport-sdk.
//!
//! `programs/cu-pinocchio` is the same program written with Pinocchio; the
//! two must stay line-for-line equivalent (same checks, same order, same
//! errors) so their compute units compare the frameworks, not the programs.
//!
//! Instruction data (17 bytes, little-endian):
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 1 | `count`: how many of the leading accounts to read |
//! | 1 | 8 | the expected sum of their lamports |
//! | 9 | 8 | the expected XOR of the first 8 data bytes of each (as `u64`) |
//!
//! Each of the first `count` accounts must be owned by this program, a
//! signer and writable, and hold at least 8 bytes of data. A wrong sum fails
//! with `Custom(1)`, a wrong XOR with `Custom(2)`; success logs nothing.
#![no_std]

use lamport_sdk::{
    account_info::AccountInfo,
    entrypoint,
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
};

entrypoint!(process_instruction);

/// Length of the instruction data.
pub const INSTRUCTION_LEN: usize = 17;
/// Error for a lamport sum that differs from the expected one.
pub const WRONG_LAMPORTS: u32 = 1;
/// Error for a data XOR that differs from the expected one.
pub const WRONG_DATA: u32 = 2;

fn read_u64(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

/// Reads `count` accounts, checks each, and compares the lamport sum and
/// data XOR with the expected values.
pub fn process_instruction(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    if data.len() != INSTRUCTION_LEN {
        return Err(ProgramError::InvalidInstructionData);
    }
    let count = data[0] as usize;
    let expected_lamports = read_u64(data, 1);
    let expected_data = read_u64(data, 9);
    let accounts = accounts.get(..count).ok_or(ProgramError::NotEnoughAccountKeys)?;

    let mut lamports = 0u64;
    let mut mix = 0u64;
    for account in accounts {
        if !account.is_owned_by(program_id) {
            return Err(ProgramError::IncorrectProgramId);
        }
        if !account.is_signer() {
            return Err(ProgramError::MissingRequiredSignature);
        }
        if !account.is_writable() {
            return Err(ProgramError::Immutable);
        }
        lamports = lamports.checked_add(account.lamports()).ok_or(ProgramError::ArithmeticOverflow)?;
        let data = account.try_borrow_data()?;
        if data.len() < 8 {
            return Err(ProgramError::AccountDataTooSmall);
        }
        mix ^= read_u64(&data, 0);
    }

    if lamports != expected_lamports {
        return Err(ProgramError::Custom(WRONG_LAMPORTS));
    }
    if mix != expected_data {
        return Err(ProgramError::Custom(WRONG_DATA));
    }
    Ok(())
}
