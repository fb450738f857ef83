//! [`InstructionError`]: why the runtime rejected an instruction.

use core::fmt;

use crate::program_error::{self as codes, BUILTIN_BIT_SHIFT};

/// Why the runtime rejected an instruction: Solana's variants, in Solana's
/// order, with Solana's `Display` text (the text after `failed: ` in the
/// `Program <id> failed: …` log line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InstructionError {
    /// Deprecated: the program instruction returned an error.
    GenericError,
    /// The arguments provided to a program were invalid.
    InvalidArgument,
    /// An instruction's data contents were invalid.
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
    /// An initialize instruction was sent to an account that has already been initialized.
    AccountAlreadyInitialized,
    /// An attempt to operate on an account that hasn't been initialized.
    UninitializedAccount,
    /// The sum of the instruction's account balances changed.
    UnbalancedInstruction,
    /// The program illegally changed an account's owner.
    ModifiedProgramId,
    /// The program spent lamports of an account it does not own.
    ExternalAccountLamportSpend,
    /// The program changed data of an account it does not own.
    ExternalAccountDataModified,
    /// A read-only account's lamports changed.
    ReadonlyLamportChange,
    /// A read-only account's data changed.
    ReadonlyDataModified,
    /// Deprecated: an account was referenced more than once.
    DuplicateAccountIndex,
    /// An account's executable flag changed.
    ExecutableModified,
    /// An account's rent epoch changed.
    RentEpochModified,
    /// The instruction expected additional account keys.
    NotEnoughAccountKeys,
    /// A program other than the owner changed an account's data size.
    AccountDataSizeChanged,
    /// The instruction expected an executable account.
    AccountNotExecutable,
    /// Failed to borrow account data or lamports: already borrowed.
    AccountBorrowFailed,
    /// Account data still borrowed after the program finished.
    AccountBorrowOutstanding,
    /// A duplicated account was changed differently through its copies.
    DuplicateAccountOutOfSync,
    /// A program-specific error number.
    Custom(u32),
    /// The program returned a value that is neither success nor a valid error.
    InvalidError,
    /// An executable account's data changed.
    ExecutableDataModified,
    /// An executable account's lamports changed.
    ExecutableLamportChange,
    /// Executable accounts must be rent-exempt.
    ExecutableAccountNotRentExempt,
    /// The program id is not supported.
    UnsupportedProgramId,
    /// Cross-program invocation nested too deep.
    CallDepth,
    /// An account the instruction needs is missing.
    MissingAccount,
    /// Cross-program invocation reentrancy is not allowed.
    ReentrancyNotAllowed,
    /// A seed is too long, or there are too many seeds.
    MaxSeedLengthExceeded,
    /// The seeds do not give a valid program-derived address.
    InvalidSeeds,
    /// Account data could not be resized to that length.
    InvalidRealloc,
    /// The compute budget was exceeded.
    ComputationalBudgetExceeded,
    /// A cross-program invocation asked for signer or writable rights the caller lacks.
    PrivilegeEscalation,
    /// The program's execution environment could not be created.
    ProgramEnvironmentSetupFailure,
    /// The program failed (fault, panic, abort or compute exhaustion).
    ProgramFailedToComplete,
    /// The program failed to compile.
    ProgramFailedToCompile,
    /// The account is immutable.
    Immutable,
    /// An incorrect authority was provided.
    IncorrectAuthority,
    /// Account data (de)serialization failed.
    BorshIoError,
    /// An account does not have enough lamports to be rent-exempt.
    AccountNotRentExempt,
    /// Invalid account owner.
    InvalidAccountOwner,
    /// Program arithmetic overflowed.
    ArithmeticOverflow,
    /// Unsupported sysvar.
    UnsupportedSysvar,
    /// Provided owner is not allowed.
    IllegalOwner,
    /// Account data allocations exceeded the per-transaction maximum.
    MaxAccountsDataAllocationsExceeded,
    /// More accounts than an instruction may have.
    MaxAccountsExceeded,
    /// The transaction ran more instructions than the trace allows.
    MaxInstructionTraceLengthExceeded,
    /// A builtin program consumed no compute units.
    BuiltinProgramsMustConsumeComputeUnits,
    /// Block production bailed out (the transaction is discarded).
    BailOut,
}

impl InstructionError {
    /// Decodes a program's non-zero return value, as the runtime does: a
    /// known builtin code, `Custom(n)` when the upper 32 bits are zero, and
    /// [`InvalidError`](Self::InvalidError) otherwise.
    pub const fn from_u64(code: u64) -> Self {
        match code {
            codes::CUSTOM_ZERO => Self::Custom(0),
            codes::INVALID_ARGUMENT => Self::InvalidArgument,
            codes::INVALID_INSTRUCTION_DATA => Self::InvalidInstructionData,
            codes::INVALID_ACCOUNT_DATA => Self::InvalidAccountData,
            codes::ACCOUNT_DATA_TOO_SMALL => Self::AccountDataTooSmall,
            codes::INSUFFICIENT_FUNDS => Self::InsufficientFunds,
            codes::INCORRECT_PROGRAM_ID => Self::IncorrectProgramId,
            codes::MISSING_REQUIRED_SIGNATURES => Self::MissingRequiredSignature,
            codes::ACCOUNT_ALREADY_INITIALIZED => Self::AccountAlreadyInitialized,
            codes::UNINITIALIZED_ACCOUNT => Self::UninitializedAccount,
            codes::NOT_ENOUGH_ACCOUNT_KEYS => Self::NotEnoughAccountKeys,
            codes::ACCOUNT_BORROW_FAILED => Self::AccountBorrowFailed,
            codes::MAX_SEED_LENGTH_EXCEEDED => Self::MaxSeedLengthExceeded,
            codes::INVALID_SEEDS => Self::InvalidSeeds,
            codes::BORSH_IO_ERROR => Self::BorshIoError,
            codes::ACCOUNT_NOT_RENT_EXEMPT => Self::AccountNotRentExempt,
            codes::UNSUPPORTED_SYSVAR => Self::UnsupportedSysvar,
            codes::ILLEGAL_OWNER => Self::IllegalOwner,
            codes::MAX_ACCOUNTS_DATA_ALLOCATIONS_EXCEEDED => Self::MaxAccountsDataAllocationsExceeded,
            codes::INVALID_ACCOUNT_DATA_REALLOC => Self::InvalidRealloc,
            codes::MAX_INSTRUCTION_TRACE_LENGTH_EXCEEDED => Self::MaxInstructionTraceLengthExceeded,
            codes::BUILTIN_PROGRAMS_MUST_CONSUME_COMPUTE_UNITS => {
                Self::BuiltinProgramsMustConsumeComputeUnits
            }
            codes::INVALID_ACCOUNT_OWNER => Self::InvalidAccountOwner,
            codes::ARITHMETIC_OVERFLOW => Self::ArithmeticOverflow,
            codes::IMMUTABLE => Self::Immutable,
            codes::INCORRECT_AUTHORITY => Self::IncorrectAuthority,
            other if other >> BUILTIN_BIT_SHIFT == 0 => Self::Custom(other as u32),
            _ => Self::InvalidError,
        }
    }
}

impl From<u64> for InstructionError {
    fn from(code: u64) -> Self {
        Self::from_u64(code)
    }
}

impl fmt::Display for InstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::Custom(n) => return write!(f, "custom program error: {n:#x}"),
            Self::GenericError => "generic instruction error",
            Self::InvalidArgument => "invalid program argument",
            Self::InvalidInstructionData => "invalid instruction data",
            Self::InvalidAccountData => "invalid account data for instruction",
            Self::AccountDataTooSmall => "account data too small for instruction",
            Self::InsufficientFunds => "insufficient funds for instruction",
            Self::IncorrectProgramId => "incorrect program id for instruction",
            Self::MissingRequiredSignature => "missing required signature for instruction",
            Self::AccountAlreadyInitialized => "instruction requires an uninitialized account",
            Self::UninitializedAccount => "instruction requires an initialized account",
            Self::UnbalancedInstruction => "sum of account balances before and after instruction do not match",
            Self::ModifiedProgramId => "instruction illegally modified the program id of an account",
            Self::ExternalAccountLamportSpend => "instruction spent from the balance of an account it does not own",
            Self::ExternalAccountDataModified => "instruction modified data of an account it does not own",
            Self::ReadonlyLamportChange => "instruction changed the balance of a read-only account",
            Self::ReadonlyDataModified => "instruction modified data of a read-only account",
            Self::DuplicateAccountIndex => "instruction contains duplicate accounts",
            Self::ExecutableModified => "instruction changed executable bit of an account",
            Self::RentEpochModified => "instruction modified rent epoch of an account",
            Self::NotEnoughAccountKeys => "insufficient account keys for instruction",
            Self::AccountDataSizeChanged => "program other than the account's owner changed the size of the account data",
            Self::AccountNotExecutable => "instruction expected an executable account",
            Self::AccountBorrowFailed => "instruction tries to borrow reference for an account which is already borrowed",
            Self::AccountBorrowOutstanding => "instruction left account with an outstanding borrowed reference",
            Self::DuplicateAccountOutOfSync => "instruction modifications of multiply-passed account differ",
            Self::InvalidError => "program returned invalid error code",
            Self::ExecutableDataModified => "instruction changed executable accounts data",
            Self::ExecutableLamportChange => "instruction changed the balance of an executable account",
            Self::ExecutableAccountNotRentExempt => "executable accounts must be rent exempt",
            Self::UnsupportedProgramId => "Unsupported program id",
            Self::CallDepth => "Cross-program invocation call depth too deep",
            Self::MissingAccount => "An account required by the instruction is missing",
            Self::ReentrancyNotAllowed => "Cross-program invocation reentrancy not allowed for this instruction",
            Self::MaxSeedLengthExceeded => "Length of the seed is too long for address generation",
            Self::InvalidSeeds => "Provided seeds do not result in a valid address",
            Self::InvalidRealloc => "Failed to reallocate account data",
            Self::ComputationalBudgetExceeded => "Computational budget exceeded",
            Self::PrivilegeEscalation => "Cross-program invocation with unauthorized signer or writable account",
            Self::ProgramEnvironmentSetupFailure => "Failed to create program execution environment",
            Self::ProgramFailedToComplete => "Program failed to complete",
            Self::ProgramFailedToCompile => "Program failed to compile",
            Self::Immutable => "Account is immutable",
            Self::IncorrectAuthority => "Incorrect authority provided",
            Self::BorshIoError => "Failed to serialize or deserialize account data",
            Self::AccountNotRentExempt => "An account does not have enough lamports to be rent-exempt",
            Self::InvalidAccountOwner => "Invalid account owner",
            Self::ArithmeticOverflow => "Program arithmetic overflowed",
            Self::UnsupportedSysvar => "Unsupported sysvar",
            Self::IllegalOwner => "Provided owner is not allowed",
            Self::MaxAccountsDataAllocationsExceeded => "Accounts data allocations exceeded the maximum allowed per transaction",
            Self::MaxAccountsExceeded => "Max accounts exceeded",
            Self::MaxInstructionTraceLengthExceeded => "Max instruction trace length exceeded",
            Self::BuiltinProgramsMustConsumeComputeUnits => "Builtin programs must consume compute units",
            Self::BailOut => "Block production bailed out",
        };
        f.write_str(text)
    }
}

impl core::error::Error for InstructionError {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn display_matches_solana_logs() {
        assert_eq!(InstructionError::Custom(42).to_string(), "custom program error: 0x2a");
        assert_eq!(InstructionError::Custom(0).to_string(), "custom program error: 0x0");
        assert_eq!(InstructionError::InvalidArgument.to_string(), "invalid program argument");
        assert_eq!(
            InstructionError::ProgramFailedToComplete.to_string(),
            "Program failed to complete"
        );
        assert_eq!(
            InstructionError::PrivilegeEscalation.to_string(),
            "Cross-program invocation with unauthorized signer or writable account"
        );
        assert_eq!(
            InstructionError::UnbalancedInstruction.to_string(),
            "sum of account balances before and after instruction do not match"
        );
    }

    #[test]
    fn decodes_return_values_like_the_runtime() {
        assert_eq!(InstructionError::from(1u64 << 32), InstructionError::Custom(0));
        assert_eq!(InstructionError::from(7u64), InstructionError::Custom(7));
        assert_eq!(InstructionError::from(20u64 << 32), InstructionError::InvalidRealloc);
        assert_eq!(InstructionError::from(27u64 << 32), InstructionError::InvalidError);
        assert_eq!(InstructionError::from((3u64 << 32) | 1), InstructionError::InvalidError);
    }
}
