//! {{name}}: a Lamport program.
//!
//! It keeps one value per account, which only the account's authority can
//! change. Build and test it with:
//!
//! ```text
//! $ cargo lamport build    # target/deploy/{{crate_name}}.so
//! $ cargo lamport test     # builds, then runs tests/program.rs against the .so
//! $ cargo lamport address  # the program's id, from target/deploy/{{crate_name}}-keypair.json
//! ```
//!
//! With the `no-entrypoint` feature the crate leaves out its entrypoint,
//! allocator and panic handler, so another program can depend on it.
#![cfg_attr(not(test), no_std)]

pub mod error;
pub mod instruction;
pub mod processor;
pub mod state;

use lamport_sdk::{account_info::AccountInfo, program_error::ProgramResult, pubkey::Pubkey};

// The program's address: the key in target/deploy/{{crate_name}}-keypair.json
// (`cargo lamport address` prints it), which the program is deployed under.
lamport_sdk::declare_id!("{{program_id}}");

#[cfg(not(feature = "no-entrypoint"))]
lamport_sdk::entrypoint!(process_instruction);

/// Decodes the instruction and runs it.
pub fn process_instruction(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let instruction = instruction::Instruction::unpack(data)?;
    processor::process(program_id, accounts, instruction)
}
