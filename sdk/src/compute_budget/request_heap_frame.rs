//! `RequestHeapFrame`: Requests a heap of `bytes` bytes for every program of the transaction (32 KiB to 256 KiB, a multiple of 1 KiB).

use alloc::vec::Vec;

use super::{ComputeBudgetInstruction, ID};
use crate::instruction::Instruction;

/// Tag of `RequestHeapFrame`.
pub const REQUEST_HEAP_FRAME: u8 = 1;

/// Requests a heap of `bytes` bytes for every program of the transaction (32 KiB to 256 KiB, a multiple of 1 KiB).
///
/// Takes no accounts. Data: `01 ‖ bytes u32 little-endian`.
pub fn request_heap_frame(bytes: u32) -> Instruction {
    Instruction::new(ID, ComputeBudgetInstruction::RequestHeapFrame(bytes).encode(), Vec::new())
}
