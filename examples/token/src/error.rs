//! The token's errors, numbered as SPL Token numbers them.

use lamport_sdk::program_error::ProgramError;

/// Why a token instruction failed (returned as `ProgramError::Custom`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum TokenError {
    /// The source holds fewer tokens than asked for.
    InsufficientFunds = 1,
    /// The account belongs to another mint.
    MintMismatch = 3,
    /// The signer is not the account's owner or the mint's authority.
    OwnerMismatch = 4,
    /// The mint has no mint authority.
    FixedSupply = 5,
    /// The account or mint is already initialized.
    AlreadyInUse = 6,
    /// The account or mint is not initialized.
    UninitializedState = 9,
    /// The supply would overflow.
    Overflow = 14,
    /// The account is frozen.
    AccountFrozen = 17,
}

impl From<TokenError> for ProgramError {
    fn from(e: TokenError) -> Self {
        ProgramError::Custom(e as u32)
    }
}
