//! [`ProgramError`]: what a program returns, and its `u64` encoding in `r0`.
//!
//! A program's `entrypoint` returns 0 for success. Otherwise builtin error
//! number `k` is returned as `k << 32`, `Custom(0)` as `1 << 32`, and
//! `Custom(n)` for `n != 0` as plain `n`. The runtime decodes the same
//! number into an [`InstructionError`].

use core::fmt;

use crate::instruction::InstructionError;

/// Result of a program's instruction handler.
pub type ProgramResult = Result<(), ProgramError>;

/// Builtin error codes live in the upper 32 bits of the return value.
pub const BUILTIN_BIT_SHIFT: u32 = 32;

const fn builtin(k: u64) -> u64 {
    k << BUILTIN_BIT_SHIFT
}

/// Return value of a successful program.
pub const SUCCESS: u64 = 0;
/// Encoding of `Custom(0)`.
pub const CUSTOM_ZERO: u64 = builtin(1);
/// Encoding of [`ProgramError::InvalidArgument`].
pub const INVALID_ARGUMENT: u64 = builtin(2);
/// Encoding of [`ProgramError::InvalidInstructionData`].
pub const INVALID_INSTRUCTION_DATA: u64 = builtin(3);
/// Encoding of [`ProgramError::InvalidAccountData`].
pub const INVALID_ACCOUNT_DATA: u64 = builtin(4);
/// Encoding of [`ProgramError::AccountDataTooSmall`].
pub const ACCOUNT_DATA_TOO_SMALL: u64 = builtin(5);
/// Encoding of [`ProgramError::InsufficientFunds`].
pub const INSUFFICIENT_FUNDS: u64 = builtin(6);
/// Encoding of [`ProgramError::IncorrectProgramId`].
pub const INCORRECT_PROGRAM_ID: u64 = builtin(7);
/// Encoding of [`ProgramError::MissingRequiredSignature`].
pub const MISSING_REQUIRED_SIGNATURES: u64 = builtin(8);
/// Encoding of [`ProgramError::AccountAlreadyInitialized`].
pub const ACCOUNT_ALREADY_INITIALIZED: u64 = builtin(9);
/// Encoding of [`ProgramError::UninitializedAccount`].
pub const UNINITIALIZED_ACCOUNT: u64 = builtin(10);
/// Encoding of [`ProgramError::NotEnoughAccountKeys`].
pub const NOT_ENOUGH_ACCOUNT_KEYS: u64 = builtin(11);
/// Encoding of [`ProgramError::AccountBorrowFailed`].
pub const ACCOUNT_BORROW_FAILED: u64 = builtin(12);
/// Encoding of [`ProgramError::MaxSeedLengthExceeded`].
pub const MAX_SEED_LENGTH_EXCEEDED: u64 = builtin(13);
/// Encoding of [`ProgramError::InvalidSeeds`].
pub const INVALID_SEEDS: u64 = builtin(14);
/// Encoding of [`ProgramError::BorshIoError`].
pub const BORSH_IO_ERROR: u64 = builtin(15);
/// Encoding of [`ProgramError::AccountNotRentExempt`].
pub const ACCOUNT_NOT_RENT_EXEMPT: u64 = builtin(16);
/// Encoding of [`ProgramError::UnsupportedSysvar`].
pub const UNSUPPORTED_SYSVAR: u64 = builtin(17);
/// Encoding of [`ProgramError::IllegalOwner`].
pub const ILLEGAL_OWNER: u64 = builtin(18);
/// Encoding of [`ProgramError::MaxAccountsDataAllocationsExceeded`].
pub const MAX_ACCOUNTS_DATA_ALLOCATIONS_EXCEEDED: u64 = builtin(19);
/// Encoding of [`ProgramError::InvalidRealloc`].
pub const INVALID_ACCOUNT_DATA_REALLOC: u64 = builtin(20);
/// Encoding of [`ProgramError::MaxInstructionTraceLengthExceeded`].
pub const MAX_INSTRUCTION_TRACE_LENGTH_EXCEEDED: u64 = builtin(21);
/// Encoding of [`ProgramError::BuiltinProgramsMustConsumeComputeUnits`].
pub const BUILTIN_PROGRAMS_MUST_CONSUME_COMPUTE_UNITS: u64 = builtin(22);
/// Encoding of [`ProgramError::InvalidAccountOwner`].
pub const INVALID_ACCOUNT_OWNER: u64 = builtin(23);
/// Encoding of [`ProgramError::ArithmeticOverflow`].
pub const ARITHMETIC_OVERFLOW: u64 = builtin(24);
/// Encoding of [`ProgramError::Immutable`].
pub const IMMUTABLE: u64 = builtin(25);
/// Encoding of [`ProgramError::IncorrectAuthority`].
pub const INCORRECT_AUTHORITY: u64 = builtin(26);

/// Why a program rejected an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProgramError {
    /// A program-specific error number.
    Custom(u32),
    /// The arguments provided to a program instruction were invalid.
    InvalidArgument,
    /// An instruction's data contents was invalid.
    InvalidInstructionData,
    /// An account's data contents was invalid.
    InvalidAccountData,
    /// An account's data was too small.
    AccountDataTooSmall,
    /// An account's balance was too small to complete the instruction.
    InsufficientFunds,
    /// The account did not have the expected program id.
    IncorrectProgramId,
    /// A signature was required but not found.
    MissingRequiredSignature,
    /// An initialize instruction was sent to an initialized account.
    AccountAlreadyInitialized,
    /// An operation needs an initialized account.
    UninitializedAccount,
    /// The instruction expected additional accounts.
    NotEnoughAccountKeys,
    /// Account data or lamports are already borrowed incompatibly.
    AccountBorrowFailed,
    /// A seed is too long, or there are too many seeds.
    MaxSeedLengthExceeded,
    /// The seeds do not give a valid program-derived address.
    InvalidSeeds,
    /// (De)serialization failed.
    BorshIoError,
    /// An account does not have enough lamports to be rent-exempt.
    AccountNotRentExempt,
    /// Unsupported sysvar.
    UnsupportedSysvar,
    /// Provided owner is not allowed.
    IllegalOwner,
    /// Account data allocations exceeded the per-transaction maximum.
    MaxAccountsDataAllocationsExceeded,
    /// Account data reallocation was invalid.
    InvalidRealloc,
    /// Instruction trace length exceeded the maximum.
    MaxInstructionTraceLengthExceeded,
    /// Builtin programs must consume compute units.
    BuiltinProgramsMustConsumeComputeUnits,
    /// Invalid account owner.
    InvalidAccountOwner,
    /// Program arithmetic overflowed.
    ArithmeticOverflow,
    /// Account is immutable.
    Immutable,
    /// Incorrect authority provided.
    IncorrectAuthority,
}

impl ProgramError {
    /// The `u64` a program returns for this error.
    pub const fn to_u64(self) -> u64 {
        match self {
            Self::Custom(0) => CUSTOM_ZERO,
            Self::Custom(n) => n as u64,
            Self::InvalidArgument => INVALID_ARGUMENT,
            Self::InvalidInstructionData => INVALID_INSTRUCTION_DATA,
            Self::InvalidAccountData => INVALID_ACCOUNT_DATA,
            Self::AccountDataTooSmall => ACCOUNT_DATA_TOO_SMALL,
            Self::InsufficientFunds => INSUFFICIENT_FUNDS,
            Self::IncorrectProgramId => INCORRECT_PROGRAM_ID,
            Self::MissingRequiredSignature => MISSING_REQUIRED_SIGNATURES,
            Self::AccountAlreadyInitialized => ACCOUNT_ALREADY_INITIALIZED,
            Self::UninitializedAccount => UNINITIALIZED_ACCOUNT,
            Self::NotEnoughAccountKeys => NOT_ENOUGH_ACCOUNT_KEYS,
            Self::AccountBorrowFailed => ACCOUNT_BORROW_FAILED,
            Self::MaxSeedLengthExceeded => MAX_SEED_LENGTH_EXCEEDED,
            Self::InvalidSeeds => INVALID_SEEDS,
            Self::BorshIoError => BORSH_IO_ERROR,
            Self::AccountNotRentExempt => ACCOUNT_NOT_RENT_EXEMPT,
            Self::UnsupportedSysvar => UNSUPPORTED_SYSVAR,
            Self::IllegalOwner => ILLEGAL_OWNER,
            Self::MaxAccountsDataAllocationsExceeded => MAX_ACCOUNTS_DATA_ALLOCATIONS_EXCEEDED,
            Self::InvalidRealloc => INVALID_ACCOUNT_DATA_REALLOC,
            Self::MaxInstructionTraceLengthExceeded => MAX_INSTRUCTION_TRACE_LENGTH_EXCEEDED,
            Self::BuiltinProgramsMustConsumeComputeUnits => {
                BUILTIN_PROGRAMS_MUST_CONSUME_COMPUTE_UNITS
            }
            Self::InvalidAccountOwner => INVALID_ACCOUNT_OWNER,
            Self::ArithmeticOverflow => ARITHMETIC_OVERFLOW,
            Self::Immutable => IMMUTABLE,
            Self::IncorrectAuthority => INCORRECT_AUTHORITY,
        }
    }

    /// Decodes a program's return value. Any value that is not a known
    /// builtin code becomes `Custom` of its low 32 bits (as Solana's SDK
    /// does; the runtime is stricter, see [`InstructionError::from_u64`]).
    pub const fn from_u64(code: u64) -> Self {
        match code {
            CUSTOM_ZERO => Self::Custom(0),
            INVALID_ARGUMENT => Self::InvalidArgument,
            INVALID_INSTRUCTION_DATA => Self::InvalidInstructionData,
            INVALID_ACCOUNT_DATA => Self::InvalidAccountData,
            ACCOUNT_DATA_TOO_SMALL => Self::AccountDataTooSmall,
            INSUFFICIENT_FUNDS => Self::InsufficientFunds,
            INCORRECT_PROGRAM_ID => Self::IncorrectProgramId,
            MISSING_REQUIRED_SIGNATURES => Self::MissingRequiredSignature,
            ACCOUNT_ALREADY_INITIALIZED => Self::AccountAlreadyInitialized,
            UNINITIALIZED_ACCOUNT => Self::UninitializedAccount,
            NOT_ENOUGH_ACCOUNT_KEYS => Self::NotEnoughAccountKeys,
            ACCOUNT_BORROW_FAILED => Self::AccountBorrowFailed,
            MAX_SEED_LENGTH_EXCEEDED => Self::MaxSeedLengthExceeded,
            INVALID_SEEDS => Self::InvalidSeeds,
            BORSH_IO_ERROR => Self::BorshIoError,
            ACCOUNT_NOT_RENT_EXEMPT => Self::AccountNotRentExempt,
            UNSUPPORTED_SYSVAR => Self::UnsupportedSysvar,
            ILLEGAL_OWNER => Self::IllegalOwner,
            MAX_ACCOUNTS_DATA_ALLOCATIONS_EXCEEDED => Self::MaxAccountsDataAllocationsExceeded,
            INVALID_ACCOUNT_DATA_REALLOC => Self::InvalidRealloc,
            MAX_INSTRUCTION_TRACE_LENGTH_EXCEEDED => Self::MaxInstructionTraceLengthExceeded,
            BUILTIN_PROGRAMS_MUST_CONSUME_COMPUTE_UNITS => {
                Self::BuiltinProgramsMustConsumeComputeUnits
            }
            INVALID_ACCOUNT_OWNER => Self::InvalidAccountOwner,
            ARITHMETIC_OVERFLOW => Self::ArithmeticOverflow,
            IMMUTABLE => Self::Immutable,
            INCORRECT_AUTHORITY => Self::IncorrectAuthority,
            other => Self::Custom(other as u32),
        }
    }
}

impl From<ProgramError> for u64 {
    fn from(error: ProgramError) -> Self {
        error.to_u64()
    }
}

impl From<u64> for ProgramError {
    fn from(code: u64) -> Self {
        Self::from_u64(code)
    }
}

impl From<crate::pubkey::ParsePubkeyError> for ProgramError {
    fn from(_: crate::pubkey::ParsePubkeyError) -> Self {
        Self::InvalidArgument
    }
}

impl fmt::Display for ProgramError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::Custom(n) => return write!(f, "Custom program error: {n:#x}"),
            Self::InvalidArgument => "The arguments provided to a program instruction were invalid",
            Self::InvalidInstructionData => "An instruction's data contents was invalid",
            Self::InvalidAccountData => "An account's data contents was invalid",
            Self::AccountDataTooSmall => "An account's data was too small",
            Self::InsufficientFunds => "An account's balance was too small to complete the instruction",
            Self::IncorrectProgramId => "The account did not have the expected program id",
            Self::MissingRequiredSignature => "A signature was required but not found",
            Self::AccountAlreadyInitialized => {
                "An initialize instruction was sent to an account that has already been initialized"
            }
            Self::UninitializedAccount => {
                "An attempt to operate on an account that hasn't been initialized"
            }
            Self::NotEnoughAccountKeys => "The instruction expected additional account keys",
            Self::AccountBorrowFailed => {
                "Failed to borrow a reference to account data, already borrowed"
            }
            Self::MaxSeedLengthExceeded => "Length of the seed is too long for address generation",
            Self::InvalidSeeds => "Provided seeds do not result in a valid address",
            Self::BorshIoError => "IO Error",
            Self::AccountNotRentExempt => {
                "An account does not have enough lamports to be rent-exempt"
            }
            Self::UnsupportedSysvar => "Unsupported sysvar",
            Self::IllegalOwner => "Provided owner is not allowed",
            Self::MaxAccountsDataAllocationsExceeded => {
                "Accounts data allocations exceeded the maximum allowed per transaction"
            }
            Self::InvalidRealloc => "Account data reallocation was invalid",
            Self::MaxInstructionTraceLengthExceeded => {
                "Instruction trace length exceeded the maximum allowed per transaction"
            }
            Self::BuiltinProgramsMustConsumeComputeUnits => {
                "Builtin programs must consume compute units"
            }
            Self::InvalidAccountOwner => "Invalid account owner",
            Self::ArithmeticOverflow => "Program arithmetic overflowed",
            Self::Immutable => "Account is immutable",
            Self::IncorrectAuthority => "Incorrect authority provided",
        };
        f.write_str(text)
    }
}

impl core::error::Error for ProgramError {}

impl From<ProgramError> for InstructionError {
    fn from(error: ProgramError) -> Self {
        InstructionError::from_u64(error.to_u64())
    }
}

impl TryFrom<InstructionError> for ProgramError {
    type Error = InstructionError;

    /// The program-side equivalent of a runtime error, if there is one
    /// (`MissingAccount` maps to `NotEnoughAccountKeys`, as in Solana).
    fn try_from(error: InstructionError) -> Result<Self, Self::Error> {
        use InstructionError as E;
        Ok(match error {
            E::Custom(n) => Self::Custom(n),
            E::InvalidArgument => Self::InvalidArgument,
            E::InvalidInstructionData => Self::InvalidInstructionData,
            E::InvalidAccountData => Self::InvalidAccountData,
            E::AccountDataTooSmall => Self::AccountDataTooSmall,
            E::InsufficientFunds => Self::InsufficientFunds,
            E::IncorrectProgramId => Self::IncorrectProgramId,
            E::MissingRequiredSignature => Self::MissingRequiredSignature,
            E::AccountAlreadyInitialized => Self::AccountAlreadyInitialized,
            E::UninitializedAccount => Self::UninitializedAccount,
            E::NotEnoughAccountKeys | E::MissingAccount => Self::NotEnoughAccountKeys,
            E::AccountBorrowFailed => Self::AccountBorrowFailed,
            E::MaxSeedLengthExceeded => Self::MaxSeedLengthExceeded,
            E::InvalidSeeds => Self::InvalidSeeds,
            E::BorshIoError => Self::BorshIoError,
            E::AccountNotRentExempt => Self::AccountNotRentExempt,
            E::UnsupportedSysvar => Self::UnsupportedSysvar,
            E::IllegalOwner => Self::IllegalOwner,
            E::MaxAccountsDataAllocationsExceeded => Self::MaxAccountsDataAllocationsExceeded,
            E::InvalidRealloc => Self::InvalidRealloc,
            E::MaxInstructionTraceLengthExceeded => Self::MaxInstructionTraceLengthExceeded,
            E::BuiltinProgramsMustConsumeComputeUnits => {
                Self::BuiltinProgramsMustConsumeComputeUnits
            }
            E::InvalidAccountOwner => Self::InvalidAccountOwner,
            E::ArithmeticOverflow => Self::ArithmeticOverflow,
            E::Immutable => Self::Immutable,
            E::IncorrectAuthority => Self::IncorrectAuthority,
            other => return Err(other),
        })
    }
}

/// A program's own error enum, returned as [`ProgramError::Custom`]`(code)`,
/// with the name of every code, so that a test or a client can show
/// `Custom(1)` as `NotOwned`. [`custom_errors!`](crate::custom_errors!)
/// defines such an enum.
pub trait CustomError: Copy + Into<ProgramError> {
    /// Every error's code and name, in declaration order.
    const ALL: &'static [(u32, &'static str)];

    /// This error's code.
    fn code(self) -> u32;

    /// The name of `code`, if it is one of this enum's.
    fn name_of(code: u32) -> Option<&'static str> {
        Self::ALL.iter().find(|(c, _)| *c == code).map(|(_, name)| *name)
    }
}

/// Defines a program's error enum: `#[repr(u32)]`, `Clone, Copy, Debug,
/// PartialEq, Eq`, `From<Enum> for ProgramError` (as `Custom(code)`), and
/// [`CustomError`], which names each code for test output.
///
/// ```
/// use lamport_sdk::program_error::{CustomError, ProgramError};
///
/// lamport_sdk::custom_errors! {
///     /// What can go wrong in this program.
///     pub enum VaultError {
///         /// The signer is not the vault's owner.
///         NotOwner = 0,
///         /// The vault holds less than asked for.
///         Insufficient = 3,
///     }
/// }
///
/// assert_eq!(ProgramError::from(VaultError::Insufficient), ProgramError::Custom(3));
/// assert_eq!(VaultError::name_of(3), Some("Insufficient"));
/// assert_eq!(VaultError::name_of(1), None);
/// ```
#[macro_export]
macro_rules! custom_errors {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $code:literal),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u32)]
        $vis enum $name {
            $($(#[$variant_meta])* $variant = $code),*
        }

        impl ::core::convert::From<$name> for $crate::program_error::ProgramError {
            fn from(error: $name) -> Self {
                $crate::program_error::ProgramError::Custom(error as u32)
            }
        }

        impl $crate::program_error::CustomError for $name {
            const ALL: &'static [(u32, &'static str)] = &[$(($code, ::core::stringify!($variant))),*];

            fn code(self) -> u32 {
                self as u32
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_solana() {
        assert_eq!(u64::from(ProgramError::Custom(0)), 0x1_0000_0000);
        assert_eq!(u64::from(ProgramError::Custom(42)), 42);
        assert_eq!(u64::from(ProgramError::Custom(u32::MAX)), 0xFFFF_FFFF);
        assert_eq!(u64::from(ProgramError::InvalidArgument), 2 << 32);
        assert_eq!(u64::from(ProgramError::InvalidRealloc), 20 << 32);
        assert_eq!(u64::from(ProgramError::IncorrectAuthority), 26 << 32);
    }

    #[test]
    fn every_code_round_trips() {
        for k in 1..=26u64 {
            let code = k << 32;
            let error = ProgramError::from(code);
            assert_eq!(u64::from(error), code, "{error:?}");
        }
        for n in [1u32, 7, 0xFFFF_FFFF] {
            assert_eq!(ProgramError::from(n as u64), ProgramError::Custom(n));
        }
    }

    #[test]
    fn instruction_error_conversions() {
        assert_eq!(
            InstructionError::from(ProgramError::Custom(0)),
            InstructionError::Custom(0)
        );
        assert_eq!(
            InstructionError::from(ProgramError::AccountBorrowFailed),
            InstructionError::AccountBorrowFailed
        );
        assert_eq!(
            ProgramError::try_from(InstructionError::MissingAccount),
            Ok(ProgramError::NotEnoughAccountKeys)
        );
        assert_eq!(
            ProgramError::try_from(InstructionError::ProgramFailedToComplete),
            Err(InstructionError::ProgramFailedToComplete)
        );
    }

    #[test]
    fn display_custom_is_hex() {
        use alloc::string::ToString;
        assert_eq!(ProgramError::Custom(42).to_string(), "Custom program error: 0x2a");
    }
}
