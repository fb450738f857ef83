//! `Allocate`: give an account data space.

use alloc::vec;

use super::{SystemInstruction, ID};
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Tag of `Allocate`.
pub const ALLOCATE: u32 = 8;

/// Allocates `space` zero bytes for `pubkey` (at most 10 MiB).
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `pubkey`, the account | `[WRITE, SIGNER]` |
///
/// Data (12 bytes): `08 00 00 00 ‖ space u64`.
pub fn allocate(pubkey: &Pubkey, space: u64) -> Instruction {
    let data = SystemInstruction::Allocate { space }.encode();
    Instruction::new(ID, data, vec![AccountMeta::new(*pubkey, true)])
}
