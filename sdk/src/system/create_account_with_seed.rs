//! `CreateAccountWithSeed`: create an account at `create_with_seed(base, seed, owner)`.

use alloc::{string::String, vec};

use super::{SystemInstruction, ID};
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Tag of `CreateAccountWithSeed`.
pub const CREATE_ACCOUNT_WITH_SEED: u32 = 3;

/// Creates `to`, which must equal
/// [`Pubkey::create_with_seed(base, seed, owner)`](Pubkey::create_with_seed).
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `from`, the funder | `[WRITE, SIGNER]` |
/// | 1 | `to`, the created account | `[WRITE]` |
/// | 2 | `base` (only when it is not `from`) | `[SIGNER]` |
///
/// Data: `03 00 00 00 ‖ base [32] ‖ seed (u64 len ‖ bytes) ‖ lamports u64 ‖
/// space u64 ‖ owner [32]`.
pub fn create_account_with_seed(
    from: &Pubkey,
    to: &Pubkey,
    base: &Pubkey,
    seed: &str,
    lamports: u64,
    space: u64,
    owner: &Pubkey,
) -> Instruction {
    let mut accounts = vec![AccountMeta::new(*from, true), AccountMeta::new(*to, false)];
    if base != from {
        accounts.push(AccountMeta::new_readonly(*base, true));
    }
    let data = SystemInstruction::CreateAccountWithSeed {
        base: *base,
        seed: String::from(seed),
        lamports,
        space,
        owner: *owner,
    }
    .encode();
    Instruction::new(ID, data, accounts)
}
