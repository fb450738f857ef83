//! `Assign`: give an account to a program.

use alloc::vec;

use super::{SystemInstruction, ID};
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Tag of `Assign`.
pub const ASSIGN: u32 = 1;

/// Makes `owner` the owner of `pubkey`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `pubkey`, the account assigned | `[WRITE, SIGNER]` |
///
/// Data (36 bytes): `01 00 00 00 ‖ owner [32]`.
pub fn assign(pubkey: &Pubkey, owner: &Pubkey) -> Instruction {
    let data = SystemInstruction::Assign { owner: *owner }.encode();
    Instruction::new(ID, data, vec![AccountMeta::new(*pubkey, true)])
}
