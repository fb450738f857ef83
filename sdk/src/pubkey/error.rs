//! Errors of address parsing and derivation.

use core::fmt;

use crate::program_error::ProgramError;

/// Why an address could not be derived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PubkeyError {
    /// A seed is longer than [`MAX_SEED_LEN`](super::MAX_SEED_LEN) bytes, or
    /// there are more than [`MAX_SEEDS`](super::MAX_SEEDS) seeds.
    MaxSeedLengthExceeded,
    /// The seeds hash to a point on the ed25519 curve (not a valid PDA), or
    /// no bump seed gives one.
    InvalidSeeds,
    /// The owner of a `create_with_seed` address ends with the PDA marker.
    IllegalOwner,
}

impl fmt::Display for PubkeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::MaxSeedLengthExceeded => "Length of the seed is too long for address generation",
            Self::InvalidSeeds => "Provided seeds do not result in a valid address",
            Self::IllegalOwner => "Provided owner is not allowed",
        })
    }
}

impl core::error::Error for PubkeyError {}

impl From<PubkeyError> for ProgramError {
    fn from(error: PubkeyError) -> Self {
        match error {
            PubkeyError::MaxSeedLengthExceeded => ProgramError::MaxSeedLengthExceeded,
            PubkeyError::InvalidSeeds => ProgramError::InvalidSeeds,
            PubkeyError::IllegalOwner => ProgramError::IllegalOwner,
        }
    }
}

/// Why a string or byte slice is not a [`Pubkey`](super::Pubkey).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParsePubkeyError {
    /// The input does not encode exactly 32 bytes.
    WrongSize,
    /// The input contains a character outside the base58 alphabet.
    Invalid,
}

impl fmt::Display for ParsePubkeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::WrongSize => "String is the wrong size",
            Self::Invalid => "Invalid Base58 string",
        })
    }
}

impl core::error::Error for ParsePubkeyError {}
