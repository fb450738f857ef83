//! `SetComputeUnitLimit`: Sets the transaction's compute unit limit (capped at 1,400,000).

use alloc::vec::Vec;

use super::{ComputeBudgetInstruction, ID};
use crate::instruction::Instruction;

/// Tag of `SetComputeUnitLimit`.
pub const SET_COMPUTE_UNIT_LIMIT: u8 = 2;

/// Sets the transaction's compute unit limit (capped at 1,400,000).
///
/// Takes no accounts. Data: `02 ‖ units u32 little-endian`.
pub fn set_compute_unit_limit(units: u32) -> Instruction {
    Instruction::new(ID, ComputeBudgetInstruction::SetComputeUnitLimit(units).encode(), Vec::new())
}
