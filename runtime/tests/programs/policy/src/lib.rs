//! A program that breaks the runtime's account rules on request, and
//! probes that memory newly given to a program is zero-initialized.
//!
//! Instruction data: one operation byte, then its arguments.
//!
//! | op | accounts | effect |
//! |----|----------|--------|
//! | 0 `WRITE` | `[0]` | writes `data[1..]` at the start of account 0's data |
//! | 1 `MOVE` | `[0] from, [1] to` | moves `u64 data[1..9]` lamports from account 0 to 1 |
//! | 2 `CREDIT` | `[0]` | adds `u64 data[1..9]` lamports to account 0 (out of thin air) |
//! | 3 `ASSIGN` | `[0]` | makes `data[1..33]` the owner of account 0 |
//! | 4 `DIRTY` | `[0]` | fills the heap and account 0's realloc room with `0xAA` |
//! | 5 `CHECK_ZEROED` | `[0]` | fails with `Custom(1)` if any heap byte is nonzero, `Custom(2)` if account 0's realloc room is, `Custom(3)` if growing account 0 by `u16 data[1..3]` bytes shows nonzero bytes |
//! | 6 `SET_EXECUTABLE` | `[0]` | writes 1 into account 0's `executable` byte of the input |
//! | 7 `REFUND` | `[0] from, [1] to` | moves `u64 data[1..9]` lamports from 0 to 1, then fails with `Custom(7)` |
#![no_std]

use lamport_sdk::{
    account_info::AccountInfo,
    entrypoint::{EXECUTABLE_OFFSET, HEAP_LENGTH, HEAP_START_ADDRESS, MAX_PERMITTED_DATA_INCREASE},
    program_entrypoint,
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
};

program_entrypoint!(process_instruction);
lamport_sdk::no_allocator!();
lamport_sdk::default_panic_handler!();

fn u64_arg(data: &[u8]) -> Result<u64, ProgramError> {
    let bytes = data.get(1..9).ok_or(ProgramError::InvalidInstructionData)?;
    let mut array = [0u8; 8];
    array.copy_from_slice(bytes);
    Ok(u64::from_le_bytes(array))
}

fn account(accounts: &[AccountInfo], index: usize) -> Result<&AccountInfo, ProgramError> {
    accounts.get(index).ok_or(ProgramError::NotEnoughAccountKeys)
}

/// The realloc room after account `info`'s data (10 KiB the runtime zeroes).
fn realloc_room(info: &AccountInfo) -> &'static mut [u8] {
    // SAFETY: the input buffer reserves MAX_PERMITTED_DATA_INCREASE bytes
    // after each account's data; nothing else refers to them here.
    unsafe {
        let data = info.borrow_mut_data_unchecked();
        core::slice::from_raw_parts_mut(data.as_mut_ptr().add(data.len()), MAX_PERMITTED_DATA_INCREASE)
    }
}

fn heap() -> &'static mut [u64] {
    // SAFETY: the runtime maps HEAP_LENGTH bytes at HEAP_START_ADDRESS
    // (8-byte aligned); this program has no allocator, so nothing else
    // uses them.
    unsafe { core::slice::from_raw_parts_mut(HEAP_START_ADDRESS as *mut u64, HEAP_LENGTH / 8) }
}

fn move_lamports(from: &AccountInfo, to: &AccountInfo, amount: u64) -> ProgramResult {
    let from_balance = from.lamports().checked_sub(amount).ok_or(ProgramError::InsufficientFunds)?;
    from.set_lamports(from_balance);
    let to_balance = to.lamports().checked_add(amount).ok_or(ProgramError::ArithmeticOverflow)?;
    to.set_lamports(to_balance);
    Ok(())
}

/// Runs the operation named by `data[0]`.
pub fn process_instruction(_program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let op = *data.first().ok_or(ProgramError::InvalidInstructionData)?;
    match op {
        0 => {
            let target = account(accounts, 0)?;
            let mut bytes = target.try_borrow_mut_data()?;
            let payload = &data[1..];
            bytes.get_mut(..payload.len()).ok_or(ProgramError::AccountDataTooSmall)?.copy_from_slice(payload);
            Ok(())
        }
        1 => move_lamports(account(accounts, 0)?, account(accounts, 1)?, u64_arg(data)?),
        2 => {
            let target = account(accounts, 0)?;
            let balance = target.lamports().checked_add(u64_arg(data)?).ok_or(ProgramError::ArithmeticOverflow)?;
            target.set_lamports(balance);
            Ok(())
        }
        3 => {
            let bytes: [u8; 32] =
                data.get(1..33).and_then(|b| b.try_into().ok()).ok_or(ProgramError::InvalidInstructionData)?;
            // SAFETY: no reference to the owner field is live.
            unsafe { account(accounts, 0)?.assign(&Pubkey::new_from_array(bytes)) };
            Ok(())
        }
        4 => {
            heap().fill(u64::from_le_bytes([0xAA; 8]));
            realloc_room(account(accounts, 0)?).fill(0xAA);
            Ok(())
        }
        5 => {
            let target = account(accounts, 0)?;
            if heap().iter().any(|b| *b != 0) {
                return Err(ProgramError::Custom(1));
            }
            if realloc_room(target).iter().any(|b| *b != 0) {
                return Err(ProgramError::Custom(2));
            }
            let grow = data.get(1..3).map_or(0, |b| usize::from(u16::from_le_bytes([b[0], b[1]])));
            let old_len = target.data_len();
            target.realloc(old_len + grow, false)?;
            let bytes = target.try_borrow_data()?;
            if bytes[old_len..].iter().any(|b| *b != 0) {
                return Err(ProgramError::Custom(3));
            }
            Ok(())
        }
        6 => {
            // SAFETY: the flag byte is inside the account's entry.
            unsafe { account(accounts, 0)?.as_raw().add(EXECUTABLE_OFFSET).write(1) };
            Ok(())
        }
        7 => {
            move_lamports(account(accounts, 0)?, account(accounts, 1)?, u64_arg(data)?)?;
            Err(ProgramError::Custom(7))
        }
        _ => Err(ProgramError::InvalidInstructionData),
    }
}
