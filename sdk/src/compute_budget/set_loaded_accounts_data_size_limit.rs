//! `SetLoadedAccountsDataSizeLimit`: Limits the total account data, in bytes, the transaction may load.

use alloc::vec::Vec;

use super::{ComputeBudgetInstruction, ID};
use crate::instruction::Instruction;

/// Tag of `SetLoadedAccountsDataSizeLimit`.
pub const SET_LOADED_ACCOUNTS_DATA_SIZE_LIMIT: u8 = 4;

/// Limits the total account data, in bytes, the transaction may load.
///
/// Takes no accounts. Data: `04 ‖ bytes u32 little-endian`.
pub fn set_loaded_accounts_data_size_limit(bytes: u32) -> Instruction {
    Instruction::new(ID, ComputeBudgetInstruction::SetLoadedAccountsDataSizeLimit(bytes).encode(), Vec::new())
}
