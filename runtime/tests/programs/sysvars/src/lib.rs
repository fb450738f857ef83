//! Reads sysvars every way a program can and logs what it read.
//!
//! For each account it is given (sysvar accounts), it copies the account's
//! data through `sol_get_sysvar` (at most 1,024 bytes), fails with custom
//! error 1 unless the copy equals the account data, and logs
//! `Program data: <key> <bytes>`. Then it logs, one `Program data:` line
//! each, what `sol_get_clock_sysvar`, `sol_get_rent_sysvar`,
//! `sol_get_epoch_schedule_sysvar`, `sol_get_epoch_rewards_sysvar` and
//! `sol_get_last_restart_slot` write (their `repr(C)` forms, padding
//! included), or fails with custom error 2 when one reports an error.
#![no_std]

use lamport_sdk::{
    account_info::AccountInfo,
    log::sol_log_data,
    program_entrypoint,
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
    sysvar::get_sysvar_bytes,
};

program_entrypoint!(process_instruction);
lamport_sdk::no_allocator!();
lamport_sdk::default_panic_handler!();

extern "C" {
    fn sol_get_clock_sysvar(out: *mut u8) -> u64;
    fn sol_get_rent_sysvar(out: *mut u8) -> u64;
    fn sol_get_epoch_schedule_sysvar(out: *mut u8) -> u64;
    fn sol_get_epoch_rewards_sysvar(out: *mut u8) -> u64;
    fn sol_get_last_restart_slot(out: *mut u8) -> u64;
}

/// A 16-byte aligned buffer (EpochRewards is `align(16)`).
#[repr(C, align(16))]
struct Out([u8; 1024]);

/// Logs the sysvar account data and the same bytes through `sol_get_sysvar`.
pub fn process_instruction(_program_id: &Pubkey, accounts: &[AccountInfo], _data: &[u8]) -> ProgramResult {
    let mut out = Out([0; 1024]);
    for account in accounts {
        let data = account.try_borrow_data()?;
        let len = data.len().min(out.0.len());
        get_sysvar_bytes(account.key(), 0, &mut out.0[..len])?;
        if out.0[..len] != data[..len] {
            return Err(ProgramError::Custom(1));
        }
        sol_log_data(&[account.key().as_ref(), &out.0[..len]]);
    }
    type Getter = unsafe extern "C" fn(*mut u8) -> u64;
    let getters: [(Getter, usize); 5] = [
        (sol_get_clock_sysvar, 40),
        (sol_get_rent_sysvar, 24),
        (sol_get_epoch_schedule_sysvar, 40),
        (sol_get_epoch_rewards_sysvar, 96),
        (sol_get_last_restart_slot, 8),
    ];
    for (getter, len) in getters {
        out.0 = [0; 1024];
        // SAFETY: `out` is 16-byte aligned and larger than every sysvar.
        if unsafe { getter(out.0.as_mut_ptr()) } != 0 {
            return Err(ProgramError::Custom(2));
        }
        sol_log_data(&[&out.0[..len]]);
    }
    Ok(())
}
