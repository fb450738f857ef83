//! The callee of the cross-program invocation example (its caller is
//! `cpi-caller`).
//!
//! `Add { a, b }` needs one signer — whoever asks — and leaves `a + b` as
//! return data (`u64`, little-endian) for its caller to read.
//!
//! | data | accounts |
//! |---|---|
//! | `a: u64, b: u64` | `[user SIGNER]` |
#![cfg_attr(not(test), no_std)]

//!
//! Another program calls it through [`cpi::add`], depending on this crate
//! with `features = ["no-entrypoint"]` (which leaves out the entrypoint,
//! allocator and panic handler, so that they do not collide with the caller's).

use lamport_sdk::{
    account_info::AccountInfo,
    msg,
    program::set_return_data,
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
};

/// `a + b` does not fit in a `u64` (`ProgramError::Custom(1)`).
pub const ERROR_OVERFLOW: u32 = 1;

#[cfg(not(feature = "no-entrypoint"))]
lamport_sdk::entrypoint!(process_instruction);

/// `Add { a, b }` as a cross-program invocation, for programs that call
/// this one.
pub mod cpi {
    use lamport_sdk::{
        account_info::AccountInfo,
        cpi::{self, AccountMeta, Instruction},
        program_error::ProgramResult,
        pubkey::Pubkey,
    };

    /// `Add { a, b }` — `[user SIGNER]`; data `a: u64 ‖ b: u64`.
    #[derive(Clone, Copy, Debug)]
    #[must_use = "a cross-program invocation does nothing until `.invoke()`"]
    pub struct Add<'a> {
        /// The callee's program id.
        pub program_id: &'a Pubkey,
        /// The signing user.
        pub user: &'a AccountInfo,
        /// First term.
        pub a: u64,
        /// Second term.
        pub b: u64,
    }

    /// Asks the callee at `program_id` for `a + b` (see [`Add`]).
    pub fn add<'a>(program_id: &'a Pubkey, user: &'a AccountInfo, a: u64, b: u64) -> Add<'a> {
        Add { program_id, user, a, b }
    }

    impl Add<'_> {
        /// The instruction data: `a ‖ b`, little-endian.
        pub fn data(&self) -> [u8; 16] {
            let mut data = [0u8; 16];
            data[..8].copy_from_slice(&self.a.to_le_bytes());
            data[8..].copy_from_slice(&self.b.to_le_bytes());
            data
        }

        /// Invokes the callee; its sum is left as return data.
        pub fn invoke(&self) -> ProgramResult {
            let data = self.data();
            let metas = [AccountMeta::readonly_signer(self.user.key())];
            cpi::invoke(&Instruction { program_id: self.program_id, accounts: &metas, data: &data }, &[self.user])
        }
    }
}

fn word(data: &[u8], i: usize) -> Result<u64, ProgramError> {
    data.get(i * 8..i * 8 + 8)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
        .ok_or(ProgramError::InvalidInstructionData)
}

/// Adds the two numbers of `data` for a signing user.
pub fn process_instruction(_program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let [user, ..] = accounts else { return Err(ProgramError::NotEnoughAccountKeys) };
    if !user.is_signer() {
        return Err(ProgramError::MissingRequiredSignature);
    }
    if data.len() != 16 {
        return Err(ProgramError::InvalidInstructionData);
    }
    let (a, b) = (word(data, 0)?, word(data, 1)?);
    let sum = a.checked_add(b).ok_or(ProgramError::Custom(ERROR_OVERFLOW))?;
    msg!("callee: {} + {} = {}", a, b, sum);
    set_return_data(&sum.to_le_bytes());
    Ok(())
}

lamport_sdk::on_host! {
    /// Instruction builders (host only).
    pub mod client {
        extern crate alloc;
        use alloc::vec::Vec;

        use lamport_sdk::{
            instruction::{AccountMeta, Instruction},
            pubkey::Pubkey,
        };

        /// `Add { a, b }` for `user`, called directly.
        pub fn add(program_id: &Pubkey, user: &Pubkey, a: u64, b: u64) -> Instruction {
            let mut data = Vec::with_capacity(16);
            data.extend_from_slice(&a.to_le_bytes());
            data.extend_from_slice(&b.to_le_bytes());
            Instruction::new_with_bytes(*program_id, &data, alloc::vec![AccountMeta::new_readonly(*user, true)])
        }
    }
}
