//! A program that burns compute.
//!
//! | op | accounts | effect |
//! |----|----------|--------|
//! | 0 `SPIN` | `[0]` | writes 1 into account 0's first data byte, then loops forever |
//! | 1 `RECURSE` | – | recurses `u16 data[1..3]` calls deep; at every level logs (`sol_log_64`) the level and the index of the VM stack frame it runs in |
//! | 2 `REMAINING` | – | logs `sol_remaining_compute_units()` with `sol_log_64` |
#![no_std]

use lamport_sdk::{
    account_info::AccountInfo,
    log::sol_log_64,
    program::remaining_compute_units,
    program_entrypoint,
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
};

program_entrypoint!(process_instruction);
lamport_sdk::no_allocator!();
lamport_sdk::default_panic_handler!();

/// Start of the VM stack region.
const STACK_START: u64 = 0x2_0000_0000;
/// Distance between consecutive stack frames (4 KiB frame + 4 KiB gap).
const FRAME_STRIDE: u64 = 2 * 4096;

/// Recurses `depth` levels; every level keeps a local on its own frame and
/// logs `(level, frame index)`.
#[inline(never)]
fn recurse(level: u64, depth: u64) -> u64 {
    let local = core::hint::black_box([level; 4]);
    let address = core::hint::black_box(&local) as *const _ as u64;
    sol_log_64(level, address.wrapping_sub(STACK_START) / FRAME_STRIDE, 0, 0, 0);
    if level >= depth {
        return local[0];
    }
    let below = recurse(level + 1, core::hint::black_box(depth));
    core::hint::black_box(below.wrapping_add(local[1]))
}

/// Runs the operation named by `data[0]`.
pub fn process_instruction(_program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    match data.first() {
        Some(0) => {
            let target = accounts.first().ok_or(ProgramError::NotEnoughAccountKeys)?;
            target.try_borrow_mut_data()?[0] = 1;
            let mut spins = 0u64;
            loop {
                spins = core::hint::black_box(spins.wrapping_add(1));
            }
        }
        Some(1) => {
            let depth = data.get(1..3).map_or(0, |b| u64::from(u16::from_le_bytes([b[0], b[1]])));
            core::hint::black_box(recurse(1, depth));
            Ok(())
        }
        Some(2) => {
            sol_log_64(remaining_compute_units(), 0, 0, 0, 0);
            Ok(())
        }
        _ => Err(ProgramError::InvalidInstructionData),
    }
}
