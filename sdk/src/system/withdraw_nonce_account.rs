//! `WithdrawNonceAccount`: take lamports out of a nonce account.

use alloc::vec;

use super::{SystemInstruction, ID};
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    sysvar::{rent, RECENT_BLOCKHASHES_ID},
};

/// Moves `lamports` from the nonce account `nonce` to `to`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `nonce`, the nonce account | `[WRITE]` |
/// | 1 | `to`, the recipient | `[WRITE]` |
/// | 2 | the RecentBlockhashes sysvar | |
/// | 3 | the Rent sysvar | |
/// | 4 | `authority`, the nonce authority | `[SIGNER]` |
///
/// Data (12 bytes): `05 00 00 00 ‖ lamports u64`.
pub fn withdraw_nonce_account(nonce: &Pubkey, authority: &Pubkey, to: &Pubkey, lamports: u64) -> Instruction {
    Instruction::new(
        ID,
        SystemInstruction::WithdrawNonceAccount(lamports).encode(),
        vec![
            AccountMeta::new(*nonce, false),
            AccountMeta::new(*to, false),
            AccountMeta::new_readonly(RECENT_BLOCKHASHES_ID, false),
            AccountMeta::new_readonly(rent::ID, false),
            AccountMeta::new_readonly(*authority, true),
        ],
    )
}
