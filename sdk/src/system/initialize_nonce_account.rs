//! `InitializeNonceAccount`: make an account a durable-nonce account.

use alloc::vec;

use super::{SystemInstruction, ID};
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    sysvar::{rent, RECENT_BLOCKHASHES_ID},
};

/// Makes `nonce` (a system-owned account of 80 bytes, rent-exempt) a nonce
/// account whose authority is `authority`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `nonce`, the account | `[WRITE]` |
/// | 1 | the RecentBlockhashes sysvar | |
/// | 2 | the Rent sysvar | |
///
/// Data (36 bytes): `06 00 00 00 ‖ authority (32 bytes)`.
pub fn initialize_nonce_account(nonce: &Pubkey, authority: &Pubkey) -> Instruction {
    Instruction::new(
        ID,
        SystemInstruction::InitializeNonceAccount(*authority).encode(),
        vec![
            AccountMeta::new(*nonce, false),
            AccountMeta::new_readonly(RECENT_BLOCKHASHES_ID, false),
            AccountMeta::new_readonly(rent::ID, false),
        ],
    )
}

/// Creates `nonce` (which must sign) as a nonce account funded with
/// `lamports` by `from`, and initializes it with `authority`: a
/// [`create_account`](super::create_account) of
/// [`nonce::STATE_SIZE`](crate::nonce::STATE_SIZE) bytes owned by the system
/// program, then [`initialize_nonce_account`]. `lamports` must cover the
/// rent-exempt minimum of those bytes.
pub fn create_nonce_account(from: &Pubkey, nonce: &Pubkey, authority: &Pubkey, lamports: u64) -> alloc::vec::Vec<Instruction> {
    vec![
        super::create_account(from, nonce, lamports, crate::nonce::STATE_SIZE as u64, &ID),
        initialize_nonce_account(nonce, authority),
    ]
}
