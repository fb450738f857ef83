//! What a processed transaction reports.

use lamport_sdk::{pubkey::Pubkey, signature::Signature};

use crate::error::TransactionError;

/// Data a program returned (`sol_set_return_data`), with the program that set it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransactionReturnData {
    /// The program that set the data.
    pub program_id: Pubkey,
    /// The data (empty when none was set).
    pub data: Vec<u8>,
}

/// The outcome of an executed transaction, successful or not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransactionMeta {
    /// The transaction's first signature.
    pub signature: Signature,
    /// Compute units consumed by all instructions.
    pub compute_units_consumed: u64,
    /// Log lines, in Solana's wording.
    pub logs: Vec<String>,
    /// Lamports charged to the fee payer.
    pub fee: u64,
    /// Return data left by the last program that set it.
    pub return_data: TransactionReturnData,
}

/// A transaction that was rejected or failed: the error, and whatever was
/// recorded until then (a failed execution still reports logs, compute
/// units and the fee it was charged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedTransaction {
    /// Why it failed.
    pub err: TransactionError,
    /// Logs, compute units, fee (zero when the transaction was rejected before execution).
    pub meta: TransactionMeta,
}

impl std::fmt::Display for FailedTransaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "transaction failed: {}", self.err)?;
        for line in &self.meta.logs {
            write!(f, "\n  {line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FailedTransaction {}

/// Result of sending a transaction.
pub type TransactionResult = Result<TransactionMeta, FailedTransaction>;
