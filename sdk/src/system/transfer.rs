//! `Transfer`: move lamports between system-owned accounts.

use alloc::vec;

use super::{SystemInstruction, ID};
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Tag of `Transfer`.
pub const TRANSFER: u32 = 2;

/// Moves `lamports` from `from` (which must carry no data) to `to`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `from`, the payer | `[WRITE, SIGNER]` |
/// | 1 | `to`, the recipient | `[WRITE]` |
///
/// Data (12 bytes): `02 00 00 00 ‖ lamports u64`.
pub fn transfer(from: &Pubkey, to: &Pubkey, lamports: u64) -> Instruction {
    let data = SystemInstruction::Transfer { lamports }.encode();
    Instruction::new(
        ID,
        data,
        vec![AccountMeta::new(*from, true), AccountMeta::new(*to, false)],
    )
}
