//! `SetComputeUnitPrice`: Sets the priority fee: micro-lamports per requested compute unit.

use alloc::vec::Vec;

use super::{ComputeBudgetInstruction, ID};
use crate::instruction::Instruction;

/// Tag of `SetComputeUnitPrice`.
pub const SET_COMPUTE_UNIT_PRICE: u8 = 3;

/// Sets the priority fee: micro-lamports per requested compute unit.
///
/// Takes no accounts. Data: `03 ‖ micro_lamports u64 little-endian`.
pub fn set_compute_unit_price(micro_lamports: u64) -> Instruction {
    Instruction::new(ID, ComputeBudgetInstruction::SetComputeUnitPrice(micro_lamports).encode(), Vec::new())
}
