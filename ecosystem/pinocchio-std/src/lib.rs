//! A Pinocchio program in Pinocchio's default style: `entrypoint!` sets up
//! the program entrypoint, Pinocchio's default allocator and its
//! `custom_panic` hook, which std's panic handler calls. The program itself
//! uses std (`format!`, `Vec`).
//!
//! Instruction data, first byte:
//! - `0`: records the lamports of every account into the first one's data
//!   (a little-endian `u64`; the first account must be owned by this
//!   program) and logs what it summed;
//! - `1`: panics, reporting through Pinocchio's panic hook;
//! - anything else: `InvalidInstructionData`.

use pinocchio::{entrypoint, error::ProgramError, AccountView, Address, ProgramResult};

entrypoint!(process_instruction);

fn log(message: &str) {
    #[cfg(target_os = "solana")]
    // SAFETY: `sol_log_` reads `len` bytes at `message`, a valid string.
    unsafe {
        pinocchio::syscalls::sol_log_(message.as_ptr(), message.len() as u64)
    };
    #[cfg(not(target_os = "solana"))]
    println!("Program log: {message}");
}

/// Dispatches on the first byte of `data`.
pub fn process_instruction(program_id: &Address, accounts: &mut [AccountView], data: &[u8]) -> ProgramResult {
    match data.first() {
        Some(0) => record(program_id, accounts),
        Some(1) => panic!("asked to panic with {} bytes of data", data.len()),
        _ => Err(ProgramError::InvalidInstructionData),
    }
}

fn record(program_id: &Address, accounts: &mut [AccountView]) -> ProgramResult {
    let balances: Vec<u64> = accounts.iter().map(|account| account.lamports()).collect();
    let total = balances.iter().try_fold(0u64, |sum, lamports| sum.checked_add(*lamports)).ok_or(ProgramError::ArithmeticOverflow)?;
    let Some(first) = accounts.first_mut() else {
        return Err(ProgramError::NotEnoughAccountKeys);
    };
    if !first.owned_by(program_id) {
        return Err(ProgramError::IncorrectProgramId);
    }
    let mut record = first.try_borrow_mut()?;
    let Some(slot) = record.get_mut(..8) else {
        return Err(ProgramError::AccountDataTooSmall);
    };
    slot.copy_from_slice(&total.to_le_bytes());
    log(&format!("{} accounts hold {total} lamports: {balances:?}", balances.len()));
    Ok(())
}
