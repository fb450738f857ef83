//! A program written only against crates from crates.io: Pinocchio's
//! entrypoint, allocator and `no_std` panic handler, and `pinocchio-log`'s
//! formatting `log!`, which takes its `cfg(target_os = "solana")` path to
//! the `sol_log_` syscall.
//!
//! It greets, then describes the first account: how many accounts came,
//! whether this program owns the first, its lamports, its data length and
//! the sum of its data bytes.
#![no_std]

use pinocchio::{error::ProgramError, AccountView, Address, ProgramResult};
use pinocchio_log::log;

pinocchio::program_entrypoint!(process_instruction);
pinocchio::default_allocator!();
pinocchio::nostd_panic_handler!();

/// Logs the greeting and a description of the first account.
pub fn process_instruction(program_id: &Address, accounts: &mut [AccountView], data: &[u8]) -> ProgramResult {
    log!("Hello from Pinocchio!");
    let Some(first) = accounts.first() else {
        return Err(ProgramError::NotEnoughAccountKeys);
    };
    let owner = if first.owned_by(program_id) { "this program" } else { "another program" };
    log!("{} accounts, the first owned by {}", accounts.len(), owner);
    let sum: u64 = first.try_borrow()?.iter().map(|byte| u64::from(*byte)).sum();
    log!("{} lamports, {} data bytes summing to {}, {} instruction bytes", first.lamports(), first.data_len(), sum, data.len());
    Ok(())
}
