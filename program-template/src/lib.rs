//! {{name}}: a Lamport program.
//!
//! It keeps one value per account, which only the account's authority can
//! change. Build and test it with:
//!
//! ```text
//! $ cargo lamport build    # target/deploy/{{crate_name}}.so
//! $ cargo lamport test     # builds, then runs tests/program.rs against the .so
//! ```
#![cfg_attr(not(test), no_std)]

pub mod error;
pub mod instruction;
pub mod processor;
pub mod state;

use lamport_sdk::{account_info::AccountInfo, entrypoint, program_error::ProgramResult, pubkey::Pubkey};

entrypoint!(process_instruction);

/// Decodes the instruction and runs it.
pub fn process_instruction(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let instruction = instruction::Instruction::unpack(data)?;
    processor::process(program_id, accounts, instruction)
}
