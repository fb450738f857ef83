//! `AssignWithSeed`: assign an account derived from a base and seed.

use alloc::{string::String, vec};

use super::{SystemInstruction, ID};
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Tag of `AssignWithSeed`.
pub const ASSIGN_WITH_SEED: u32 = 10;

/// Makes `owner` the owner of `address` = `create_with_seed(base, seed, owner)`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `address`, the account assigned | `[WRITE]` |
/// | 1 | `base` | `[SIGNER]` |
///
/// Data: `0a 00 00 00 ‖ base [32] ‖ seed (u64 len ‖ bytes) ‖ owner [32]`.
pub fn assign_with_seed(address: &Pubkey, base: &Pubkey, seed: &str, owner: &Pubkey) -> Instruction {
    let data = SystemInstruction::AssignWithSeed {
        base: *base,
        seed: String::from(seed),
        owner: *owner,
    }
    .encode();
    Instruction::new(
        ID,
        data,
        vec![
            AccountMeta::new(*address, false),
            AccountMeta::new_readonly(*base, true),
        ],
    )
}
