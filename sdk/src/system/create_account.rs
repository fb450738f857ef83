//! `CreateAccount`: fund a new account, allocate its data, assign its owner.

use alloc::vec;

use super::{SystemInstruction, ID};
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Tag of `CreateAccount`.
pub const CREATE_ACCOUNT: u32 = 0;

/// Creates the account `to` with `lamports`, `space` zero bytes and `owner`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `from`, the funder | `[WRITE, SIGNER]` |
/// | 1 | `to`, the new account | `[WRITE, SIGNER]` |
///
/// Data (52 bytes): `00 00 00 00 ‖ lamports u64 ‖ space u64 ‖ owner [32]`.
pub fn create_account(
    from: &Pubkey,
    to: &Pubkey,
    lamports: u64,
    space: u64,
    owner: &Pubkey,
) -> Instruction {
    let data = SystemInstruction::CreateAccount {
        lamports,
        space,
        owner: *owner,
    }
    .encode();
    Instruction::new(
        ID,
        data,
        vec![AccountMeta::new(*from, true), AccountMeta::new(*to, true)],
    )
}
