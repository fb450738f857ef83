//! `AuthorizeNonceAccount`: change a nonce account's authority.

use alloc::vec;

use super::{SystemInstruction, ID};
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Makes `new_authority` the authority of the nonce account `nonce`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `nonce`, the nonce account | `[WRITE]` |
/// | 1 | `authority`, the current authority | `[SIGNER]` |
///
/// Data (36 bytes): `07 00 00 00 ‖ new authority (32 bytes)`.
pub fn authorize_nonce_account(nonce: &Pubkey, authority: &Pubkey, new_authority: &Pubkey) -> Instruction {
    Instruction::new(
        ID,
        SystemInstruction::AuthorizeNonceAccount(*new_authority).encode(),
        vec![AccountMeta::new(*nonce, false), AccountMeta::new_readonly(*authority, true)],
    )
}
