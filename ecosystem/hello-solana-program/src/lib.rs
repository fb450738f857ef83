//! Hello world on `solana-program`, as its documentation writes it: logs a
//! greeting, then the number of accounts and the instruction data, and
//! succeeds.

use solana_program::{account_info::AccountInfo, entrypoint, entrypoint::ProgramResult, msg, pubkey::Pubkey};

entrypoint!(process_instruction);

/// Greets and describes the instruction.
pub fn process_instruction(_program_id: &Pubkey, accounts: &[AccountInfo], instruction_data: &[u8]) -> ProgramResult {
    msg!("Hello, world!");
    msg!("{} accounts, instruction data {:?}", accounts.len(), instruction_data);
    Ok(())
}
