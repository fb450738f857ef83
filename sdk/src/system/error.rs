//! [`SystemError`]: the system program's `Custom(n)` errors.

use core::fmt;

use crate::{instruction::InstructionError, program_error::ProgramError};

/// The system program's own errors, returned as `Custom(n)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum SystemError {
    /// An account with the same address already exists.
    AccountAlreadyInUse = 0,
    /// The account does not have enough lamports for the operation.
    ResultWithNegativeLamports = 1,
    /// Cannot assign the account to this program id.
    InvalidProgramId = 2,
    /// Cannot allocate an account data of this length.
    InvalidAccountDataLength = 3,
    /// The seed is longer than 32 bytes.
    MaxSeedLengthExceeded = 4,
    /// The provided address does not match the address derived from the seed.
    AddressWithSeedMismatch = 5,
    /// Advancing a stored nonce needs a populated RecentBlockhashes sysvar.
    NonceNoRecentBlockhashes = 6,
    /// The stored nonce is still in the recent blockhashes list.
    NonceBlockhashNotExpired = 7,
    /// The specified nonce does not match the stored nonce.
    NonceUnexpectedBlockhashValue = 8,
}

impl SystemError {
    /// All variants, by code.
    pub const ALL: [SystemError; 9] = [
        Self::AccountAlreadyInUse,
        Self::ResultWithNegativeLamports,
        Self::InvalidProgramId,
        Self::InvalidAccountDataLength,
        Self::MaxSeedLengthExceeded,
        Self::AddressWithSeedMismatch,
        Self::NonceNoRecentBlockhashes,
        Self::NonceBlockhashNotExpired,
        Self::NonceUnexpectedBlockhashValue,
    ];

    /// The error with custom code `code`, if any.
    pub fn from_code(code: u32) -> Option<Self> {
        Self::ALL.get(code as usize).copied()
    }
}

impl fmt::Display for SystemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::AccountAlreadyInUse => "an account with the same address already exists",
            Self::ResultWithNegativeLamports => {
                "account does not have enough SOL to perform the operation"
            }
            Self::InvalidProgramId => "cannot assign account to this program id",
            Self::InvalidAccountDataLength => "cannot allocate account data of this length",
            Self::MaxSeedLengthExceeded => "length of requested seed is too long",
            Self::AddressWithSeedMismatch => {
                "provided address does not match addressed derived from seed"
            }
            Self::NonceNoRecentBlockhashes => {
                "advancing stored nonce requires a populated RecentBlockhashes sysvar"
            }
            Self::NonceBlockhashNotExpired => "stored nonce is still in recent_blockhashes",
            Self::NonceUnexpectedBlockhashValue => {
                "specified nonce does not match stored nonce"
            }
        })
    }
}

impl core::error::Error for SystemError {}

impl From<SystemError> for ProgramError {
    fn from(error: SystemError) -> Self {
        ProgramError::Custom(error as u32)
    }
}

impl From<SystemError> for InstructionError {
    fn from(error: SystemError) -> Self {
        InstructionError::Custom(error as u32)
    }
}
