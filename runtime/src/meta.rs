//! What a processed transaction reports.

use lamport_sdk::{pubkey::Pubkey, signature::Signature};

use crate::{
    debug_info::SourceFrame, error::TransactionError, inner_instructions::InnerInstructionsList, log_collector::Logs,
    profile::TransactionProfile,
};

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
    /// Log lines, in Solana's wording (read as a slice of lines; see
    /// [`Logs`]).
    pub logs: Logs,
    /// Lamports charged to the fee payer.
    pub fee: u64,
    /// Return data left by the last program that set it.
    pub return_data: TransactionReturnData,
    /// The cross-program invocations of each top-level instruction (one
    /// list per instruction of the message; empty when the transaction was
    /// rejected before execution).
    pub inner_instructions: InnerInstructionsList,
    /// Where a program failed, when one did (the innermost failure of a
    /// cross-program invocation). The logs keep Solana's exact lines; the
    /// source location is here, and in [`FailedTransaction`]'s `Display`.
    pub fault: Option<ProgramFault>,
    /// Compute units by call stack, when the runtime profiles
    /// ([`crate::Runtime::with_profiling`]).
    pub profile: Option<TransactionProfile>,
}

/// A program's failure with its place in the source: the call stack at the
/// failing instruction, from the program's debug info (`<name>.debug`,
/// else its ELF symbols).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgramFault {
    /// The program that failed.
    pub program_id: Pubkey,
    /// The failure, as the `Program <id> failed: …` log line words it.
    pub message: String,
    /// The program counter of the failing instruction (instruction index in
    /// `.text`), when the VM knows it.
    pub pc: Option<u64>,
    /// The call stack, innermost first: the failing instruction (with the
    /// functions inlined there), then each call site of the frames below.
    pub frames: Vec<SourceFrame>,
}

impl ProgramFault {
    /// Where the program failed: the innermost frame of the program's own
    /// code with a source line (past the standard library's functions
    /// inlined into it), or else the innermost frame.
    pub fn location(&self) -> Option<&SourceFrame> {
        self.frames
            .iter()
            .find(|f| f.line.is_some_and(|l| l > 0) && !f.is_standard_library())
            .or(self.frames.first())
    }
}

impl std::fmt::Display for ProgramFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "program {} failed: {}", self.program_id, self.message)?;
        let mut frames = self.frames.iter().peekable();
        while let Some(frame) = frames.next() {
            let mut repeats = 0usize;
            while frames.next_if(|next| *next == frame).is_some() {
                repeats = repeats.saturating_add(1);
            }
            write!(f, "\n    at {frame}")?;
            // Deep recursion: the same call site, printed once with a count.
            if repeats > 0 {
                write!(f, " (and {repeats} more frames like it)")?;
            }
        }
        if self.frames.is_empty() {
            match self.pc {
                Some(pc) => write!(f, "\n    at instruction {pc} (no debug info: build with `cargo lamport build` to get `<name>.debug`)")?,
                None => write!(f, "\n    (no location)")?,
            }
        }
        Ok(())
    }
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
        if let Some(fault) = &self.meta.fault {
            write!(f, "\n  {fault}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FailedTransaction {}

/// Result of sending a transaction.
pub type TransactionResult = Result<TransactionMeta, FailedTransaction>;
