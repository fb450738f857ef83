//! Cross-program invocation: calling another program from this one.
//!
//! ```
//! use lamport_sdk::{
//!     account_info::AccountInfo,
//!     cpi::{self, AccountMeta, Instruction},
//!     program_error::ProgramResult,
//! };
//!
//! fn forward(accounts: &[AccountInfo]) -> ProgramResult {
//!     let [user, target_program] = accounts else {
//!         return Err(lamport_sdk::program_error::ProgramError::NotEnoughAccountKeys);
//!     };
//!     let metas = [AccountMeta::writable_signer(user.key())];
//!     let ix = Instruction { program_id: target_program.key(), accounts: &metas, data: &[1, 2] };
//!     cpi::invoke(&ix, &[user])
//! }
//! ```
//!
//! The instruction is a borrowed view ([`Instruction`], [`AccountMeta`]),
//! laid out so the account metas go to the runtime as they are. The
//! account infos are converted on the stack (up to
//! [`STACK_ACCOUNT_INFOS`], on the heap beyond) into the C structures of
//! [`abi`] and passed to `sol_invoke_signed_c`.
//!
//! Before the call, [`invoke`] checks that the accounts the callee may
//! write are not borrowed and the ones it may read are not mutably
//! borrowed (`AccountBorrowFailed` otherwise): the runtime rewrites their
//! lamports, data and owner in place. After the call, the views show the
//! callee's changes.

pub mod abi;
pub mod rust_abi;
mod instruction;
mod invoke;

pub use instruction::{AccountMeta, Instruction, Seed, Signer};
pub use invoke::{
    invoke, invoke_instruction, invoke_signed, invoke_signed_unchecked, invoke_signed_with,
};

/// Most signers (PDAs) one invocation can claim.
pub const MAX_SIGNERS: usize = 16;
/// Account infos converted on the stack; more go through the heap.
pub const STACK_ACCOUNT_INFOS: usize = 16;
/// Most account infos the runtime accepts in one invocation.
pub const MAX_CPI_ACCOUNT_INFOS: usize = 128;
/// Largest instruction data of an invoked instruction.
pub const MAX_CPI_INSTRUCTION_DATA_LEN: usize = 10 * 1024;
/// Most accounts of an invoked instruction.
pub const MAX_CPI_INSTRUCTION_ACCOUNTS: usize = 255;

#[cfg(all(test, not(any(target_os = "solana", target_arch = "bpf"))))]
mod tests;
