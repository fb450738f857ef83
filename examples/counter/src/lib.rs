//! A counter per user, kept in a program-derived address (PDA) the program
//! owns.
//!
//! `Initialize` creates the PDA `["counter", authority]` by invoking the
//! System program's `CreateAccount` with `invoke_signed`: the program signs
//! for the new address with its seeds, the authority pays the rent.
//! `Increment` adds to the count, signed by the authority.
//!
//! | tag | instruction | data | accounts |
//! |---|---|---|---|
//! | 0 | `Initialize` | `bump: u8` | `[authority WRITE+SIGNER, counter WRITE, system program]` |
//! | 1 | `Increment` | `by: u64` | `[counter WRITE, authority SIGNER]` |
#![cfg_attr(not(test), no_std)]

pub mod state;

use lamport_sdk::{
    account_info::AccountInfo,
    msg,
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
    system,
    sysvar::rent::Rent,
};

use state::{Counter, COUNTER_LEN};

/// Tag of `Initialize`.
pub const INITIALIZE: u8 = 0;
/// Tag of `Increment`.
pub const INCREMENT: u8 = 1;
/// First seed of every counter's address.
pub const SEED: &[u8] = b"counter";

lamport_sdk::custom_errors! {
    /// The counter's errors (`ProgramError::Custom`), named in test output.
    pub enum CounterError {
        /// The signer is not the counter's authority.
        WrongAuthority = 1,
        /// The count would overflow.
        Overflow = 2,
    }
}

#[cfg(not(feature = "no-entrypoint"))]
lamport_sdk::entrypoint!(process_instruction);

/// Decodes and runs one instruction.
pub fn process_instruction(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    match data {
        [INITIALIZE, bump] => initialize(program_id, accounts, *bump),
        [INCREMENT, by @ ..] => {
            let by = (*by).try_into().map(u64::from_le_bytes).map_err(|_| ProgramError::InvalidInstructionData)?;
            increment(program_id, accounts, by)
        }
        _ => Err(ProgramError::InvalidInstructionData),
    }
}

fn initialize(program_id: &Pubkey, accounts: &[AccountInfo], bump: u8) -> ProgramResult {
    let [authority, counter, ..] = accounts else { return Err(ProgramError::NotEnoughAccountKeys) };
    if !authority.is_signer() {
        return Err(ProgramError::MissingRequiredSignature);
    }
    let bump_seed = [bump];
    let seeds: [&[u8]; 3] = [SEED, authority.key().as_ref(), &bump_seed];
    let expected = Pubkey::create_program_address(&seeds, program_id).map_err(|_| ProgramError::InvalidSeeds)?;
    if counter.key() != &expected {
        return Err(ProgramError::InvalidSeeds);
    }
    let lamports = Rent::get()?.minimum_balance(COUNTER_LEN);
    system::cpi::create_account(authority, counter, lamports, COUNTER_LEN as u64, program_id).invoke_signed(&[&seeds])?;
    let mut data = counter.try_borrow_mut_data()?;
    Counter { authority: *authority.key(), count: 0, bump }.write(&mut data);
    msg!("counter created");
    Ok(())
}

fn increment(program_id: &Pubkey, accounts: &[AccountInfo], by: u64) -> ProgramResult {
    let [counter, authority, ..] = accounts else { return Err(ProgramError::NotEnoughAccountKeys) };
    if !counter.is_owned_by(program_id) {
        return Err(ProgramError::IncorrectProgramId);
    }
    let mut data = counter.try_borrow_mut_data()?;
    let mut state = Counter::read(&data).ok_or(ProgramError::InvalidAccountData)?;
    if state.authority != *authority.key() {
        return Err(CounterError::WrongAuthority.into());
    }
    if !authority.is_signer() {
        return Err(ProgramError::MissingRequiredSignature);
    }
    state.count = state.count.checked_add(by).ok_or(CounterError::Overflow)?;
    state.write(&mut data);
    msg!("count: {}", state.count);
    Ok(())
}

lamport_sdk::on_host! {
    /// Instruction builders for clients and tests (host only).
    pub mod client {
        extern crate alloc;
        use alloc::vec;

        use lamport_sdk::{
            instruction::{AccountMeta, Instruction},
            pubkey::Pubkey,
            system,
        };

        /// The counter address of `authority` and its bump.
        pub fn counter_address(program_id: &Pubkey, authority: &Pubkey) -> (Pubkey, u8) {
            Pubkey::find_program_address(&[super::SEED, authority.as_ref()], program_id)
        }

        /// `Initialize` the counter of `authority` (who pays its rent).
        pub fn initialize(program_id: &Pubkey, authority: &Pubkey) -> Instruction {
            let (counter, bump) = counter_address(program_id, authority);
            Instruction::new_with_bytes(
                *program_id,
                &[super::INITIALIZE, bump],
                vec![
                    AccountMeta::new(*authority, true),
                    AccountMeta::new(counter, false),
                    AccountMeta::new_readonly(system::ID, false),
                ],
            )
        }

        /// `Increment` `counter` by `by`, signed by `authority`.
        pub fn increment(program_id: &Pubkey, counter: &Pubkey, authority: &Pubkey, by: u64) -> Instruction {
            let mut data = vec![super::INCREMENT];
            data.extend_from_slice(&by.to_le_bytes());
            Instruction::new_with_bytes(
                *program_id,
                &data,
                vec![AccountMeta::new(*counter, false), AccountMeta::new_readonly(*authority, true)],
            )
        }
    }
}
