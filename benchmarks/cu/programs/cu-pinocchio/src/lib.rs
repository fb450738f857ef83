//! The compute-unit benchmark program, written with Pinocchio 0.12.
//!
//! The same program as `programs/cu-sdk` (see there for the instruction
//! format), with Pinocchio's default entrypoint, bump allocator and
//! `no_std` panic handler.
#![no_std]

use pinocchio::{error::ProgramError, AccountView, Address, ProgramResult};

pinocchio::program_entrypoint!(process_instruction);
pinocchio::default_allocator!();
pinocchio::nostd_panic_handler!();

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
pub fn process_instruction(program_id: &Address, accounts: &mut [AccountView], data: &[u8]) -> ProgramResult {
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
        if !account.owned_by(program_id) {
            return Err(ProgramError::IncorrectProgramId);
        }
        if !account.is_signer() {
            return Err(ProgramError::MissingRequiredSignature);
        }
        if !account.is_writable() {
            return Err(ProgramError::Immutable);
        }
        lamports = lamports.checked_add(account.lamports()).ok_or(ProgramError::ArithmeticOverflow)?;
        let data = account.try_borrow()?;
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
