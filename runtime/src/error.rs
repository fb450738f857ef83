//! Errors: why a transaction failed, why a program could not be loaded.

pub use lamport_sdk::instruction::InstructionError;

/// Why a transaction was rejected or failed. The variants and their meaning
/// follow Solana's `TransactionError`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransactionError {
    /// An account is locked twice in the same batch step (a transaction lists
    /// the same account more than once).
    #[error("Account in use")]
    AccountInUse,
    /// The same account appears more than once in the message's account keys.
    #[error("Account loaded twice")]
    AccountLoadedTwice,
    /// An account needed to pay the fee or run a program does not exist.
    #[error("Attempt to debit an account but found no record of a prior credit.")]
    AccountNotFound,
    /// An instruction's program account does not exist.
    #[error("Attempt to load a program that does not exist")]
    ProgramAccountNotFound,
    /// The fee payer cannot pay the fee.
    #[error("Insufficient funds for fee")]
    InsufficientFundsForFee,
    /// The fee payer is not a system account that can be debited.
    #[error("This account may not be used to pay transaction fees")]
    InvalidAccountForFee,
    /// The transaction's signature was already processed.
    #[error("This transaction has already been processed")]
    AlreadyProcessed,
    /// The recent blockhash is unknown or expired.
    #[error("Blockhash not found")]
    BlockhashNotFound,
    /// Instruction `index` failed with the given error; every change was discarded.
    #[error("Error processing Instruction {0}: {1}")]
    InstructionError(u8, InstructionError),
    /// A program id is not a valid program.
    #[error("This program may not be used for executing instructions")]
    InvalidProgramForExecution,
    /// A signature does not verify, or the signature count is wrong.
    #[error("Transaction did not pass signature verification")]
    SignatureFailure,
    /// The message is malformed (indices, header counts, size).
    #[error("Transaction failed to sanitize accounts offsets correctly")]
    SanitizeFailure,
    /// An instruction refers to an account index outside the message.
    #[error("Transaction contains an invalid account reference")]
    InvalidAccountIndex,
    /// A compute-budget instruction of the same kind appears twice; the value is its index.
    #[error("Transaction contains a duplicate instruction ({0}) that is not allowed")]
    DuplicateInstruction(u8),
    /// Account `account_index` would be left neither empty nor rent-exempt.
    #[error("Transaction results in an account ({account_index}) with insufficient funds for rent")]
    InsufficientFundsForRent {
        /// Index of the account in the message.
        account_index: u8,
    },
    /// `SetLoadedAccountsDataSizeLimit` asked for 0 bytes.
    #[error("LoadedAccountsDataSizeLimit set for 0 bytes")]
    InvalidLoadedAccountsDataSizeLimit,
    /// The loaded accounts exceed the transaction's data-size limit.
    #[error("Transaction loaded accounts data size exceeded limit")]
    MaxLoadedAccountsDataSizeExceeded,
    /// The transaction locks more than 64 accounts.
    #[error("Transaction locked too many accounts")]
    TooManyAccountLocks,
    /// A message version other than legacy.
    #[error("Transaction version is unsupported")]
    UnsupportedVersion,
    /// The transaction would overflow a lamport balance or compute total.
    #[error("Transaction would overflow an arithmetic computation")]
    ArithmeticOverflow,
    /// A version 0 message looks up addresses in a table that does not
    /// exist or is deactivated.
    #[error("Transaction loads an address table account that doesn't exist")]
    AddressLookupTableNotFound,
    /// A version 0 message looks up addresses in an account the Address
    /// Lookup Table program does not own.
    #[error("Transaction loads an address table account with an invalid owner")]
    InvalidAddressLookupTableOwner,
    /// A version 0 message looks up addresses in an account that is not a
    /// lookup table.
    #[error("Transaction loads an address table account with invalid data")]
    InvalidAddressLookupTableData,
    /// A version 0 message looks up an index past a table's usable addresses.
    #[error("Transaction address table lookup uses an invalid index")]
    InvalidAddressLookupTableIndex,
}

impl From<lamport_sdk::address_lookup_table::state::AddressLookupError> for TransactionError {
    fn from(error: lamport_sdk::address_lookup_table::state::AddressLookupError) -> Self {
        use lamport_sdk::address_lookup_table::state::AddressLookupError as E;
        match error {
            E::LookupTableAccountNotFound => Self::AddressLookupTableNotFound,
            E::InvalidAccountOwner => Self::InvalidAddressLookupTableOwner,
            E::InvalidAccountData => Self::InvalidAddressLookupTableData,
            E::InvalidLookupIndex => Self::InvalidAddressLookupTableIndex,
        }
    }
}

/// Why a program could not be added to the runtime.
#[derive(Debug, thiserror::Error)]
pub enum ProgramLoadError {
    /// The ELF was rejected by the loader (bad header, relocation, symbol…).
    #[error("program {program_id}: invalid ELF: {source}")]
    Elf {
        /// The program being added.
        program_id: String,
        /// The loader's reason.
        source: solana_sbpf::elf::ElfError,
    },
    /// The program imports a syscall the runtime does not provide.
    #[error("program {program_id}: calls the syscall `{syscall}`, which the runtime does not provide; build it against the SDK's syscalls or remove the call")]
    UnknownSyscall {
        /// The program being added.
        program_id: String,
        /// The syscall's symbol name (SBPF v0–v2), or `with hash 0x…` (v3+,
        /// where programs call syscalls by the hash of their name).
        syscall: String,
    },
    /// The bytecode failed verification.
    #[error("program {program_id}: bytecode rejected by the verifier: {source}")]
    Verifier {
        /// The program being added.
        program_id: String,
        /// The verifier's reason.
        source: solana_sbpf::verifier::VerifierError,
    },
    /// JIT compilation failed.
    #[error("program {program_id}: JIT compilation failed: {message}")]
    Jit {
        /// The program being added.
        program_id: String,
        /// The compiler's reason.
        message: String,
    },
    /// The program's debug info is unreadable.
    #[error("program {program_id}: unreadable debug info: {source}")]
    DebugInfo {
        /// The program being added.
        program_id: String,
        /// What was wrong.
        source: crate::debug_info::DebugInfoError,
    },
    /// Reading the program file failed.
    #[error("reading program file {path}: {source}")]
    Io {
        /// The file that could not be read.
        path: std::path::PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

/// Why `airdrop` failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AirdropError {
    /// The recipient's balance would overflow `u64`.
    #[error("airdrop of {lamports} lamports to {address} overflows its balance")]
    BalanceOverflow {
        /// Base58 address of the recipient.
        address: String,
        /// Lamports requested.
        lamports: u64,
    },
}

/// Which transaction of [`crate::Runtime::deploy_upgradeable`] failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeployStep {
    /// Creating and initializing the buffer.
    CreateBuffer,
    /// Writing the chunk of the ELF that starts at `offset`.
    Write {
        /// The chunk's offset in the ELF.
        offset: usize,
    },
    /// Creating the program account and deploying the buffer.
    Deploy,
}

impl std::fmt::Display for DeployStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeployStep::CreateBuffer => write!(f, "creating the buffer"),
            DeployStep::Write { offset } => write!(f, "writing the ELF into the buffer at offset {offset}"),
            DeployStep::Deploy => write!(f, "deploying the buffer"),
        }
    }
}

/// Why [`crate::Runtime::deploy_upgradeable`] could not deploy a program.
#[derive(Debug, thiserror::Error)]
pub enum UpgradeableDeployError {
    /// There is nothing to deploy.
    #[error("program {program_id}: the ELF is empty")]
    EmptyElf {
        /// The program being deployed.
        program_id: String,
    },
    /// One of the deployment's transactions failed (the earlier ones stay
    /// committed, as on a cluster).
    #[error("program {program_id}: {step} failed: {failed}")]
    Transaction {
        /// The program being deployed.
        program_id: String,
        /// The transaction that failed.
        step: DeployStep,
        /// Its error, logs and compute units.
        failed: Box<crate::meta::FailedTransaction>,
    },
}
