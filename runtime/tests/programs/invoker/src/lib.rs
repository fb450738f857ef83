//! A program that makes cross-program invocations.
//!
//! | op | accounts | effect |
//! |----|----------|--------|
//! | 0 `CREATE_PDA` | `[0] payer WRITE+SIGNER, [1] pda WRITE, [2] system program` | creates the PDA `["vault", payer, bump]` of this program with `u64 data[2..10]` lamports and `u64 data[10..18]` bytes, owned by this program (`bump` = `data[1]`) |
//! | 1 `CHAIN` | every program of the chain, plus any others | with `data[1]` = n > 0, invokes the program `data[2..34]` with op `CHAIN`, n − 1 and the rest of the list, passing all its accounts as it got them |
//! | 2 `ESCALATE_WRITABLE` | `[0] target, [1] callee program` | invokes the callee (op `NOOP`) with the target as writable |
//! | 3 `ESCALATE_SIGNER` | `[0] target, [1] callee program` | invokes the callee (op `NOOP`) with the target as signer |
//! | 4 `NOOP` | – | succeeds |
//! | 5 `SET_RETURN` | – | sets `data[1..]` as return data |
//! | 6 `CALL_FOR_RETURN` | `[0] callee program` | invokes the callee with op `SET_RETURN` and `data[1..]`, then fails with `Custom(1)` unless `get_return_data` gives back that data from the callee; logs the length read |
//! | 7 `FORWARD` | `[0] callee program, [1..] its accounts` | invokes the callee with `data[1..]` and accounts `[1..]`, each signer and writable as passed |
#![no_std]

extern crate alloc;

use alloc::vec::Vec;

use lamport_sdk::{
    account_info::AccountInfo,
    cpi::{invoke, AccountMeta, Instruction},
    entrypoint,
    log::sol_log_64,
    program::{get_return_data, set_return_data},
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
    system,
};

entrypoint!(process_instruction);

const CHAIN: u8 = 1;
const NOOP: u8 = 4;
const SET_RETURN: u8 = 5;

fn u64_at(data: &[u8], offset: usize) -> Result<u64, ProgramError> {
    let bytes = data.get(offset..offset + 8).ok_or(ProgramError::InvalidInstructionData)?;
    let mut array = [0u8; 8];
    array.copy_from_slice(bytes);
    Ok(u64::from_le_bytes(array))
}

fn account(accounts: &[AccountInfo], index: usize) -> Result<&AccountInfo, ProgramError> {
    accounts.get(index).ok_or(ProgramError::NotEnoughAccountKeys)
}

fn call(program_id: &Pubkey, metas: &[AccountMeta<'_>], data: &[u8], accounts: &[AccountInfo]) -> ProgramResult {
    let infos: Vec<&AccountInfo> = accounts.iter().collect();
    invoke(&Instruction { program_id, accounts: metas, data }, &infos)
}

fn escalate(accounts: &[AccountInfo], writable: bool, signer: bool) -> ProgramResult {
    let target = account(accounts, 0)?;
    let callee = account(accounts, 1)?;
    let metas = [AccountMeta::new(target.key(), writable, signer)];
    call(callee.key(), &metas, &[NOOP], accounts)
}

/// Runs the operation named by `data[0]`.
pub fn process_instruction(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let op = *data.first().ok_or(ProgramError::InvalidInstructionData)?;
    match op {
        0 => {
            let payer = account(accounts, 0)?;
            let pda = account(accounts, 1)?;
            let bump = [*data.get(1).ok_or(ProgramError::InvalidInstructionData)?];
            let (lamports, space) = (u64_at(data, 2)?, u64_at(data, 10)?);
            system::cpi::create_account(payer, pda, lamports, space, program_id)
                .invoke_signed(&[&[b"vault", payer.key().as_ref(), &bump]])
        }
        CHAIN => {
            let remaining = *data.get(1).ok_or(ProgramError::InvalidInstructionData)?;
            if remaining == 0 {
                return Ok(());
            }
            let next: [u8; 32] =
                data.get(2..34).and_then(|b| b.try_into().ok()).ok_or(ProgramError::InvalidInstructionData)?;
            let mut forwarded = Vec::with_capacity(data.len().saturating_sub(32));
            forwarded.extend_from_slice(&[CHAIN, remaining - 1]);
            forwarded.extend_from_slice(&data[34..]);
            let metas: Vec<AccountMeta<'_>> = accounts.iter().map(AccountMeta::from).collect();
            call(&Pubkey::new_from_array(next), &metas, &forwarded, accounts)
        }
        2 => escalate(accounts, true, false),
        3 => escalate(accounts, false, true),
        NOOP => Ok(()),
        SET_RETURN => {
            set_return_data(&data[1..]);
            Ok(())
        }
        6 => {
            let callee = account(accounts, 0)?;
            let mut forwarded = Vec::with_capacity(data.len());
            forwarded.push(SET_RETURN);
            forwarded.extend_from_slice(&data[1..]);
            call(callee.key(), &[], &forwarded, accounts)?;
            let (setter, returned) = get_return_data().ok_or(ProgramError::Custom(1))?;
            sol_log_64(returned.len() as u64, 0, 0, 0, 0);
            if setter != *callee.key() || returned[..] != data[1..] {
                return Err(ProgramError::Custom(1));
            }
            Ok(())
        }
        7 => {
            let callee = account(accounts, 0)?;
            let metas: Vec<AccountMeta<'_>> = accounts[1..].iter().map(AccountMeta::from).collect();
            call(callee.key(), &metas, &data[1..], accounts)
        }
        _ => Err(ProgramError::InvalidInstructionData),
    }
}
