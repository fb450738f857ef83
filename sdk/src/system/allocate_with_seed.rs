//! `AllocateWithSeed`: allocate data for an account derived from a base and seed.

use alloc::{string::String, vec};

use super::{SystemInstruction, ID};
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Tag of `AllocateWithSeed`.
pub const ALLOCATE_WITH_SEED: u32 = 9;

/// Allocates `space` bytes for `address` = `create_with_seed(base, seed, owner)`
/// and assigns it to `owner`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `address`, the account | `[WRITE]` |
/// | 1 | `base` | `[SIGNER]` |
///
/// Data: `09 00 00 00 ‖ base [32] ‖ seed (u64 len ‖ bytes) ‖ space u64 ‖ owner [32]`.
pub fn allocate_with_seed(
    address: &Pubkey,
    base: &Pubkey,
    seed: &str,
    space: u64,
    owner: &Pubkey,
) -> Instruction {
    let data = SystemInstruction::AllocateWithSeed {
        base: *base,
        seed: String::from(seed),
        space,
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
