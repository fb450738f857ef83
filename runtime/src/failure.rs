//! Failed transactions in tests: assertions that print the logs, and
//! custom error codes shown by name.
//!
//! A test that only compares errors shows `Custom(4)` when it fails; these
//! helpers show what the program logged, and name the code from the
//! program's error enum (a [`CustomError`], e.g. one defined with
//! [`lamport_sdk::custom_errors!`]).
//!
//! ```no_run
//! use lamport_runtime::{Runtime, TransactionOutcome as _};
//! # lamport_sdk::custom_errors! { pub enum Error { NotOwned = 1 } }
//! # fn tx() -> lamport_sdk::transaction::Transaction { unimplemented!() }
//! let mut runtime = Runtime::new();
//! // Panics with the logs if the transaction fails:
//! let meta = runtime.send_transaction(tx()).expect_success();
//! // Panics with the logs (and both names) unless instruction 0 failed with NotOwned:
//! runtime.send_transaction(tx()).expect_failure().assert_custom(0, Error::NotOwned);
//! # let _ = meta;
//! ```

use std::fmt::Write as _;

use lamport_sdk::program_error::CustomError;

use crate::error::{InstructionError, TransactionError};
use crate::meta::{FailedTransaction, TransactionMeta, TransactionResult};

impl FailedTransaction {
    /// The failing instruction and its custom error code, when a program
    /// returned `ProgramError::Custom(code)`.
    pub fn custom_code(&self) -> Option<(u8, u32)> {
        match self.err {
            TransactionError::InstructionError(index, InstructionError::Custom(code)) => Some((index, code)),
            _ => None,
        }
    }

    /// The failure and its logs, naming a custom error code with `E`'s
    /// names (`custom program error: 0x1 (NotOwned)`).
    pub fn explain<E: CustomError>(&self) -> String {
        let name = self.custom_code().and_then(|(_, code)| E::name_of(code));
        let mut text = format!("transaction failed: {}", self.err);
        if let Some(name) = name {
            let _ = write!(text, " ({name})");
        }
        logs(&mut text, &self.meta);
        text
    }

    /// Panics, printing the logs, unless the transaction failed with
    /// `expected`.
    #[track_caller]
    pub fn assert_error(&self, expected: &TransactionError) {
        assert!(self.err == *expected, "expected the transaction to fail with: {expected}\nbut it {self}");
    }

    /// Panics, printing the logs and both errors by name, unless
    /// instruction `index` failed with the custom error `expected`.
    #[track_caller]
    pub fn assert_custom<E: CustomError>(&self, index: u8, expected: E) {
        if self.custom_code() == Some((index, expected.code())) {
            return;
        }
        let name = E::name_of(expected.code()).unwrap_or("?");
        panic!(
            "expected instruction {index} to fail with {name} (custom program error: {:#x})\nbut the {}",
            expected.code(),
            self.explain::<E>()
        );
    }
}

fn logs(text: &mut String, meta: &TransactionMeta) {
    if meta.logs.is_empty() {
        text.push_str("\n(no logs)");
    }
    for line in &meta.logs {
        let _ = write!(text, "\n  {line}");
    }
}

/// Unwrapping a [`TransactionResult`] with the logs in the panic message.
pub trait TransactionOutcome {
    /// The metadata of a successful transaction; panics with the error and
    /// the logs if it failed.
    fn expect_success(self) -> TransactionMeta;
    /// The failure; panics with the logs if the transaction succeeded.
    fn expect_failure(self) -> FailedTransaction;
}

impl TransactionOutcome for TransactionResult {
    #[track_caller]
    fn expect_success(self) -> TransactionMeta {
        self.unwrap_or_else(|failed| panic!("{failed}"))
    }

    #[track_caller]
    fn expect_failure(self) -> FailedTransaction {
        match self {
            Err(failed) => failed,
            Ok(meta) => {
                let mut text = String::from("expected the transaction to fail, but it succeeded");
                logs(&mut text, &meta);
                panic!("{text}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    lamport_sdk::custom_errors! {
        /// Test errors.
        pub enum VaultError {
            /// First.
            NotOwner = 0,
            /// Second.
            Insufficient = 4,
        }
    }

    fn failed(err: TransactionError) -> FailedTransaction {
        let meta = TransactionMeta { logs: vec!["Program log: vault is empty".to_string()].into(), ..TransactionMeta::default() };
        FailedTransaction { err, meta }
    }

    fn panic_message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
        let payload = std::panic::catch_unwind(f).expect_err("it panics");
        payload.downcast_ref::<String>().cloned().unwrap_or_default()
    }

    #[test]
    fn names_the_custom_code_and_keeps_the_logs() {
        let f = failed(TransactionError::InstructionError(0, InstructionError::Custom(4)));
        assert_eq!(f.custom_code(), Some((0, 4)));
        let text = f.explain::<VaultError>();
        assert!(text.starts_with("transaction failed: ") && text.contains("0x4 (Insufficient)"), "{text}");
        assert!(text.contains("Program log: vault is empty"), "{text}");
        f.assert_custom(0, VaultError::Insufficient);
        f.assert_error(&TransactionError::InstructionError(0, InstructionError::Custom(4)));
    }

    #[test]
    fn a_wrong_error_panics_with_both_names_and_the_logs() {
        let f = failed(TransactionError::InstructionError(0, InstructionError::Custom(4)));
        let message = panic_message(|| f.assert_custom(0, VaultError::NotOwner));
        assert!(message.contains("fail with NotOwner") && message.contains("(Insufficient)"), "{message}");
        assert!(message.contains("vault is empty"), "{message}");
        let other = failed(TransactionError::InstructionError(1, InstructionError::MissingRequiredSignature));
        assert_eq!(other.custom_code(), None);
        let message = panic_message(|| other.assert_custom(0, VaultError::NotOwner));
        assert!(message.contains("vault is empty"), "{message}");
        let message = panic_message(|| other.assert_error(&TransactionError::InstructionError(1, InstructionError::Custom(0))));
        assert!(message.contains("vault is empty"), "{message}");
    }

    #[test]
    fn unwrapping_the_outcome_shows_the_logs() {
        let result: TransactionResult = Err(failed(TransactionError::InstructionError(0, InstructionError::Custom(0))));
        let message = panic_message(|| {
            result.expect_success();
        });
        assert!(message.contains("vault is empty"), "{message}");
        let ok: TransactionResult = Ok(TransactionMeta { logs: vec!["Program log: done".to_string()].into(), ..TransactionMeta::default() });
        let message = panic_message(|| {
            ok.expect_failure();
        });
        assert!(message.contains("succeeded") && message.contains("Program log: done"), "{message}");
    }
}
