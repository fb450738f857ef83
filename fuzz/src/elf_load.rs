//! `elf_load`: any bytes as a program ELF.
//!
//! The bytes go through [`Runtime::add_program`] (or the deprecated loader,
//! for inputs of odd length); a program that loads then runs one
//! transaction with accounts, instruction data and a capped compute budget.
//! Neither step may panic or hang; a rejected ELF gets a typed
//! [`ProgramLoadError`] with a message; the transaction stays within its
//! compute budget and charges exactly its fee.

use lamport_runtime::{LoaderKind, ProgramLoadError, Runtime};
use lamport_sdk::{
    account::Account,
    compute_budget,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
    sysvar,
    transaction::Transaction,
};

/// Compute units the transaction may use (the instruction budget cap).
pub const COMPUTE_UNIT_LIMIT: u32 = 100_000;
/// Lamports of the fee payer.
const PAYER_LAMPORTS: u64 = 1_000_000_000;
/// The fee of a transaction with one signature and no priority fee.
const FEE: u64 = 5_000;

/// Runs one input.
pub fn run(data: &[u8]) {
    let mut runtime = Runtime::new().with_blockhash_check(false);
    let program_id = Pubkey::new_from_array([0x70; 32]);
    let loader = if data.len().is_multiple_of(2) { LoaderKind::V2 } else { LoaderKind::Deprecated };
    if let Err(err) = runtime.add_program_with_loader(program_id, data, loader) {
        check_load_error(&err);
        assert!(runtime.get_account(&program_id).is_none(), "a rejected ELF left a program account");
        return;
    }
    let payer = Keypair::new_from_array([0x71; 32]);
    runtime.airdrop(&payer.pubkey(), PAYER_LAMPORTS).expect("a fresh account takes an airdrop");
    let state = Pubkey::new_from_array([0x72; 32]);
    let lamports = runtime.minimum_balance_for_rent_exemption(64);
    runtime.set_account(state, Account { lamports, data: vec![0; 64], owner: program_id, executable: false, rent_epoch: 0 });
    // Instruction data from the input's tail: mutations of the ELF vary it too.
    let tail = &data[data.len().saturating_sub(8)..];
    let instruction = Instruction {
        program_id,
        accounts: vec![
            AccountMeta::new(payer.pubkey(), true),
            AccountMeta::new(state, false),
            AccountMeta::new_readonly(sysvar::rent::ID, false),
        ],
        data: tail.to_vec(),
    };
    let tx = Transaction::new_signed_with_payer(
        &[compute_budget::set_compute_unit_limit(COMPUTE_UNIT_LIMIT), instruction],
        Some(&payer.pubkey()),
        &[&payer],
        runtime.latest_blockhash(),
    );
    let result = runtime.send_transaction(tx);
    let meta = match &result {
        Ok(meta) => meta,
        Err(failed) => {
            assert!(!failed.to_string().is_empty(), "a failed transaction without a message");
            &failed.meta
        }
    };
    assert!(
        meta.compute_units_consumed <= u64::from(COMPUTE_UNIT_LIMIT),
        "{} compute units consumed beyond the limit of {COMPUTE_UNIT_LIMIT}",
        meta.compute_units_consumed
    );
    assert_eq!(meta.fee, FEE, "the fee of a one-signature transaction");
    let after = runtime.get_balance(&payer.pubkey()) + runtime.get_balance(&state);
    assert_eq!(after + FEE, PAYER_LAMPORTS + lamports, "lamports are not conserved: {result:?}");
}

/// A load error is one of the loader's typed reasons, with a message.
fn check_load_error(err: &ProgramLoadError) {
    assert!(
        matches!(err, ProgramLoadError::Elf { .. } | ProgramLoadError::UnknownSyscall { .. } | ProgramLoadError::Verifier { .. } | ProgramLoadError::Jit { .. }),
        "unexpected load error for ELF bytes: {err:?}"
    );
    assert!(!err.to_string().is_empty(), "a load error without a message");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programs::fixture_elf;

    #[test]
    fn a_fixture_runs_and_a_truncated_one_is_rejected_with_a_typed_error() {
        let memo = fixture_elf("spl_memo-4.0.0.so");
        assert!(memo.len().is_multiple_of(2), "loaded by loader 2");
        run(&memo);
        let truncated = &memo[..memo.len() / 2];
        run(truncated);
        let err = Runtime::new().add_program(Pubkey::new_unique(), truncated).unwrap_err();
        assert!(matches!(err, ProgramLoadError::Elf { .. }), "{err:?}");
    }
}
