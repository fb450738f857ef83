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
        Instruction::Set { value } => set(program_id, accounts, value),
    }
}

fn set(program_id: &Pubkey, accounts: &[AccountInfo], value: u64) -> ProgramResult {
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
    state.value = value;
    state.write(&mut data[..VALUE_LEN]);
    msg!("value set to {}", value);
    Ok(())
}
