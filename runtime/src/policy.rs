//! The account rules every instruction must keep, one named predicate per rule.
//!
//! They are checked whenever an instruction's changes are written into the
//! transaction's accounts: when a program's input buffer is read back after
//! it returns, when a caller's changes are handed to a cross-program callee
//! and the callee's handed back, and at every change a builtin program makes.
//! The balance rule is checked after every instruction and before every
//! cross-program invocation. Any violation fails the instruction with the
//! named error, and the whole transaction is discarded (only the fee is kept).
//!
//! The rules are Agave's (`BorrowedAccount` in `solana-transaction-context`,
//! and `PreAccount::verify` before it); `ABI-agave.md` §7 lists them.

use crate::error::InstructionError;
use lamport_sdk::{account::Account, pubkey::Pubkey};

/// Largest account data size, 10 MiB (`MAX_PERMITTED_DATA_LENGTH`).
pub const MAX_PERMITTED_DATA_LENGTH: u64 = 10 * 1024 * 1024;
/// Largest total data growth of one transaction, 20 MiB.
pub const MAX_PERMITTED_ACCOUNTS_DATA_ALLOCATIONS_PER_TRANSACTION: i64 = 2 * 10 * 1024 * 1024;

/// What a rule needs to know about the account and who is changing it.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// The program whose instruction is making the change.
    pub program_id: &'a Pubkey,
    /// The account's current owner.
    pub owner: &'a Pubkey,
    /// Whether the instruction may write the account.
    pub is_writable: bool,
    /// Whether the account is executable.
    pub is_executable: bool,
}

impl<'a> Actor<'a> {
    /// `program_id`'s instruction changing `account`, which it may write
    /// when `is_writable`.
    pub fn new(program_id: &'a Pubkey, is_writable: bool, account: &'a Account) -> Self {
        Actor { program_id, owner: &account.owner, is_writable, is_executable: account.executable }
    }

    fn is_owner(&self) -> bool {
        self.program_id == self.owner
    }
}

/// Rule "only the owner debits; anyone may credit": a program that does not
/// own an account may not decrease its lamports (`ExternalAccountLamportSpend`).
/// Rule "read-only accounts are unchanged": a read-only account's balance may
/// not change (`ReadonlyLamportChange`). Rule "executable accounts are
/// unchanged": an executable account's balance may not change
/// (`ExecutableLamportChange`).
pub fn check_lamports_change(actor: Actor<'_>, pre: u64, post: u64) -> Result<(), InstructionError> {
    if !actor.is_owner() && post < pre {
        return Err(InstructionError::ExternalAccountLamportSpend);
    }
    if pre == post {
        return Ok(());
    }
    if !actor.is_writable {
        return Err(InstructionError::ReadonlyLamportChange);
    }
    if actor.is_executable {
        return Err(InstructionError::ExecutableLamportChange);
    }
    Ok(())
}

/// Rule "only the owner changes data; read-only and executable accounts are
/// unchanged": data may change only in a writable, non-executable account
/// owned by the executing program (`ExecutableDataModified`,
/// `ReadonlyDataModified`, `ExternalAccountDataModified`).
pub fn check_data_change(actor: Actor<'_>) -> Result<(), InstructionError> {
    if actor.is_executable {
        return Err(InstructionError::ExecutableDataModified);
    }
    if !actor.is_writable {
        return Err(InstructionError::ReadonlyDataModified);
    }
    if !actor.is_owner() {
        return Err(InstructionError::ExternalAccountDataModified);
    }
    Ok(())
}

/// Rule "only the owner resizes, within limits": the data length may change
/// only by the owner (`AccountDataSizeChanged`), never beyond 10 MiB
/// (`InvalidRealloc`), and a transaction may grow its accounts by at most
/// 20 MiB in total (`MaxAccountsDataAllocationsExceeded`).
pub fn check_data_resize(
    actor: Actor<'_>,
    old_len: usize,
    new_len: usize,
    transaction_growth: i64,
) -> Result<(), InstructionError> {
    if new_len != old_len && !actor.is_owner() {
        return Err(InstructionError::AccountDataSizeChanged);
    }
    if new_len as u64 > MAX_PERMITTED_DATA_LENGTH {
        return Err(InstructionError::InvalidRealloc);
    }
    let delta = (new_len as i64).saturating_sub(old_len as i64);
    if transaction_growth.saturating_add(delta) > MAX_PERMITTED_ACCOUNTS_DATA_ALLOCATIONS_PER_TRANSACTION {
        return Err(InstructionError::MaxAccountsDataAllocationsExceeded);
    }
    Ok(())
}

/// Rule "the owner changes only by the current owner, and only when the data
/// is zeroed": the executing program must own the account, the account must
/// be writable and not executable, and its data all zero (`ModifiedProgramId`).
pub fn check_owner_change(actor: Actor<'_>, data: &[u8]) -> Result<(), InstructionError> {
    if !actor.is_owner() || !actor.is_writable || actor.is_executable || !is_zeroed(data) {
        return Err(InstructionError::ModifiedProgramId);
    }
    Ok(())
}

/// Rule "memory newly assigned to a program is zero-initialized": an owner
/// change requires all-zero data, and data growth is filled with zeros.
pub fn is_zeroed(data: &[u8]) -> bool {
    const CHUNK: usize = 16;
    let (chunks, rest) = data.split_at(data.len().saturating_sub(data.len().checked_rem(CHUNK).unwrap_or(0)));
    chunks.chunks_exact(CHUNK).all(|c| c == [0u8; CHUNK]) && rest.iter().all(|b| *b == 0)
}

/// Rule "total lamports unchanged per instruction": the sum of the balances
/// of an instruction's accounts is the same before and after it
/// (`UnbalancedInstruction`).
pub fn check_balanced(pre_sum: u128, post_sum: u128) -> Result<(), InstructionError> {
    if pre_sum != post_sum {
        return Err(InstructionError::UnbalancedInstruction);
    }
    Ok(())
}

/// Rule "executable accounts are unchanged": the executable flag is never
/// changed by an instruction of this runtime's programs (`ExecutableModified`).
pub fn check_executable_unchanged(pre: bool, post: bool) -> Result<(), InstructionError> {
    if pre != post {
        return Err(InstructionError::ExecutableModified);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROGRAM: Pubkey = Pubkey::new_from_array([7; 32]);
    const OTHER: Pubkey = Pubkey::new_from_array([8; 32]);

    fn actor<'a>(owner: &'a Pubkey, is_writable: bool) -> Actor<'a> {
        Actor { program_id: &PROGRAM, owner, is_writable, is_executable: false }
    }

    #[test]
    fn anyone_may_credit_only_the_owner_may_debit() {
        assert_eq!(check_lamports_change(actor(&OTHER, true), 10, 11), Ok(()));
        assert_eq!(
            check_lamports_change(actor(&OTHER, true), 10, 9),
            Err(InstructionError::ExternalAccountLamportSpend)
        );
        assert_eq!(check_lamports_change(actor(&PROGRAM, true), 10, 9), Ok(()));
        assert_eq!(
            check_lamports_change(actor(&PROGRAM, false), 10, 11),
            Err(InstructionError::ReadonlyLamportChange)
        );
    }

    #[test]
    fn data_changes_need_owner_and_writable() {
        assert_eq!(check_data_change(actor(&PROGRAM, true)), Ok(()));
        assert_eq!(check_data_change(actor(&PROGRAM, false)), Err(InstructionError::ReadonlyDataModified));
        assert_eq!(check_data_change(actor(&OTHER, true)), Err(InstructionError::ExternalAccountDataModified));
    }

    #[test]
    fn owner_changes_need_zeroed_data() {
        assert_eq!(check_owner_change(actor(&PROGRAM, true), &[0; 40]), Ok(()));
        assert_eq!(check_owner_change(actor(&PROGRAM, true), &[0, 1]), Err(InstructionError::ModifiedProgramId));
        assert_eq!(check_owner_change(actor(&OTHER, true), &[]), Err(InstructionError::ModifiedProgramId));
    }

    #[test]
    fn resize_limits() {
        assert_eq!(check_data_resize(actor(&OTHER, true), 3, 4, 0), Err(InstructionError::AccountDataSizeChanged));
        assert_eq!(
            check_data_resize(actor(&PROGRAM, true), 0, MAX_PERMITTED_DATA_LENGTH as usize + 1, 0),
            Err(InstructionError::InvalidRealloc)
        );
        assert_eq!(check_data_resize(actor(&PROGRAM, true), 0, 100, 0), Ok(()));
    }

    #[test]
    fn balance_rule() {
        assert_eq!(check_balanced(5, 5), Ok(()));
        assert_eq!(check_balanced(5, 6), Err(InstructionError::UnbalancedInstruction));
    }
}
