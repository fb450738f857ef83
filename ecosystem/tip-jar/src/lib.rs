//! A tip jar in the style of the solana-program 1.18 era: borsh-encoded
//! instructions and state, `next_account_info`, `invoke` of the system
//! program, `msg!`, custom errors through `ProgramError::Custom`.
//!
//! | instruction | accounts |
//! |---|---|
//! | `Open { owner }` | `[WRITE]` jar (owned by this program, [`Jar::LEN`] bytes) |
//! | `Tip { lamports, note }` | `[WRITE, SIGNER]` tipper, `[WRITE]` jar, `[WRITE]` owner, system program |

use borsh::{BorshDeserialize, BorshSerialize};
use solana_program::{
    account_info::{next_account_info, AccountInfo},
    entrypoint,
    entrypoint::ProgramResult,
    msg,
    program::invoke,
    program_error::ProgramError,
    pubkey::Pubkey,
    system_instruction, system_program,
};

entrypoint!(process_instruction);

/// The instructions, borsh-encoded.
#[derive(BorshSerialize, BorshDeserialize, Debug, PartialEq, Eq)]
pub enum TipInstruction {
    /// Opens a jar whose tips go to `owner`.
    Open {
        /// Who receives the tips.
        owner: Pubkey,
    },
    /// Sends `lamports` from the tipper to the jar's owner and counts them.
    Tip {
        /// How much.
        lamports: u64,
        /// A note, logged.
        note: String,
    },
}

/// A jar's account data, borsh-encoded.
#[derive(BorshSerialize, BorshDeserialize, Debug, Default, PartialEq, Eq)]
pub struct Jar {
    /// Who receives the tips (all zero: not opened).
    pub owner: Pubkey,
    /// Number of tips.
    pub tips: u32,
    /// Lamports tipped in all.
    pub total: u64,
}

impl Jar {
    /// Encoded size.
    pub const LEN: usize = 32 + 4 + 8;
}

/// The program's own errors (`custom program error: 0x..`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TipError {
    /// The jar was opened already.
    AlreadyOpen = 0,
    /// The jar is not open.
    NotOpen = 1,
    /// The account receiving the tip is not the jar's owner.
    WrongOwner = 2,
}

impl From<TipError> for ProgramError {
    fn from(error: TipError) -> Self {
        ProgramError::Custom(error as u32)
    }
}

/// Decodes the instruction and runs it.
pub fn process_instruction(program_id: &Pubkey, accounts: &[AccountInfo], instruction_data: &[u8]) -> ProgramResult {
    let instruction = TipInstruction::try_from_slice(instruction_data).map_err(|_| ProgramError::InvalidInstructionData)?;
    let accounts = &mut accounts.iter();
    match instruction {
        TipInstruction::Open { owner } => {
            let jar = next_account_info(accounts)?;
            let mut state = read_jar(program_id, jar)?;
            if state.owner != Pubkey::default() {
                return Err(TipError::AlreadyOpen.into());
            }
            state.owner = owner;
            state.serialize(&mut &mut jar.data.borrow_mut()[..])?;
            msg!("Jar opened for {}", owner);
        }
        TipInstruction::Tip { lamports, note } => {
            let tipper = next_account_info(accounts)?;
            let jar = next_account_info(accounts)?;
            let owner = next_account_info(accounts)?;
            let system = next_account_info(accounts)?;
            if !system_program::check_id(system.key) {
                return Err(ProgramError::IncorrectProgramId);
            }
            let mut state = read_jar(program_id, jar)?;
            if state.owner == Pubkey::default() {
                return Err(TipError::NotOpen.into());
            }
            if state.owner != *owner.key {
                return Err(TipError::WrongOwner.into());
            }
            invoke(&system_instruction::transfer(tipper.key, owner.key, lamports), &[tipper.clone(), owner.clone(), system.clone()])?;
            state.tips += 1;
            state.total = state.total.checked_add(lamports).ok_or(ProgramError::ArithmeticOverflow)?;
            state.serialize(&mut &mut jar.data.borrow_mut()[..])?;
            msg!("Tip #{} of {} lamports: {}", state.tips, lamports, note);
        }
    }
    Ok(())
}

fn read_jar(program_id: &Pubkey, jar: &AccountInfo) -> Result<Jar, ProgramError> {
    if jar.owner != program_id {
        return Err(ProgramError::IncorrectProgramId);
    }
    if !jar.is_writable {
        return Err(ProgramError::InvalidArgument);
    }
    Jar::try_from_slice(&jar.data.borrow()[..Jar::LEN.min(jar.data_len())]).map_err(|_| ProgramError::AccountDataTooSmall)
}
