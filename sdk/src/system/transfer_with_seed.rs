//! `TransferWithSeed`: move lamports out of an account derived from a base and seed.

use alloc::{string::String, vec};

use super::{SystemInstruction, ID};
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Tag of `TransferWithSeed`.
pub const TRANSFER_WITH_SEED: u32 = 11;

/// Moves `lamports` from `from` = `create_with_seed(from_base, from_seed,
/// from_owner)` to `to`; `from_base` signs.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `from` | `[WRITE]` |
/// | 1 | `from_base` | `[SIGNER]` |
/// | 2 | `to` | `[WRITE]` |
///
/// Data: `0b 00 00 00 ‖ lamports u64 ‖ from_seed (u64 len ‖ bytes) ‖ from_owner [32]`.
pub fn transfer_with_seed(
    from: &Pubkey,
    from_base: &Pubkey,
    from_seed: &str,
    from_owner: &Pubkey,
    to: &Pubkey,
    lamports: u64,
) -> Instruction {
    let data = SystemInstruction::TransferWithSeed {
        lamports,
        from_seed: String::from(from_seed),
        from_owner: *from_owner,
    }
    .encode();
    Instruction::new(
        ID,
        data,
        vec![
            AccountMeta::new(*from, false),
            AccountMeta::new_readonly(*from_base, true),
            AccountMeta::new(*to, false),
        ],
    )
}
