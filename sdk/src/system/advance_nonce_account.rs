//! `AdvanceNonceAccount`: consume a durable nonce (store a new one).

use alloc::vec;

use super::{SystemInstruction, ID};
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    sysvar::RECENT_BLOCKHASHES_ID,
};

/// Replaces the nonce stored in `nonce` with a fresh one; a transaction
/// using a durable nonce starts with it.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `nonce`, the nonce account | `[WRITE]` |
/// | 1 | the RecentBlockhashes sysvar | |
/// | 2 | `authority`, the nonce authority | `[SIGNER]` |
///
/// Data (4 bytes): `04 00 00 00`.
pub fn advance_nonce_account(nonce: &Pubkey, authority: &Pubkey) -> Instruction {
    Instruction::new(
        ID,
        SystemInstruction::AdvanceNonceAccount.encode(),
        vec![
            AccountMeta::new(*nonce, false),
            AccountMeta::new_readonly(RECENT_BLOCKHASHES_ID, false),
            AccountMeta::new_readonly(*authority, true),
        ],
    )
}
