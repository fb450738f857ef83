//! What each instruction does.

use lamport_sdk::{
    account_info::AccountInfo,
    msg,
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
};

use crate::{
    error::Error,
    instruction::Instruction,
    state::{Value, VALUE_LEN},
};

/// Runs a decoded instruction.
pub fn process(program_id: &Pubkey, accounts: &[AccountInfo], instruction: Instruction) -> ProgramResult {
    match instruction {
        Instruction::Hello => {
            msg!("Hello from {{name}}!");
            Ok(())
        }
        Instruction::Set { value } => update(program_id, accounts, |_| value),
        // With `overflow-checks`, a sum past u64::MAX panics: the
        // instruction fails and the account keeps its value.
        Instruction::Add { amount } => update(program_id, accounts, |old| old + amount),
    }
}

/// Replaces the value with `new(old)`, as the account's authority (the
/// first signer to change it becomes its authority).
fn update(program_id: &Pubkey, accounts: &[AccountInfo], new: impl FnOnce(u64) -> u64) -> ProgramResult {
    let [account, authority, ..] = accounts else {
        return Err(ProgramError::NotEnoughAccountKeys);
    };
    if !account.is_owned_by(program_id) {
        return Err(Error::NotOwned.into());
    }
    if !authority.is_signer() {
        return Err(ProgramError::MissingRequiredSignature);
    }
    let mut data = account.try_borrow_mut_data()?;
    let mut state = Value::read(&data).ok_or(Error::AccountTooSmall)?;
    if state.authority == Pubkey::default() {
        state.authority = *authority.key();
    } else if state.authority != *authority.key() {
        return Err(Error::WrongAuthority.into());
    }
    state.value = new(state.value);
    state.write(&mut data[..VALUE_LEN]);
    msg!("value set to {}", state.value);
    Ok(())
}
