//! The program's own errors, returned as `ProgramError::Custom(code)`.

use lamport_sdk::program_error::ProgramError;

/// What can go wrong in this program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Error {
    /// The signer is not the account's authority.
    WrongAuthority = 0,
    /// The value account is not owned by this program.
    NotOwned = 1,
    /// The value account is too small for [`crate::state::Value`].
    AccountTooSmall = 2,
}

impl From<Error> for ProgramError {
    fn from(e: Error) -> Self {
        ProgramError::Custom(e as u32)
    }
}
