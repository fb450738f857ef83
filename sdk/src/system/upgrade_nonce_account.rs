//! `UpgradeNonceAccount`: move a legacy nonce account to the current version.

use alloc::vec;

use super::{SystemInstruction, ID};
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Upgrades the legacy nonce account `nonce` (its stored nonce becomes
/// domain-separated from blockhashes).
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `nonce`, the nonce account | `[WRITE]` |
///
/// Data (4 bytes): `0c 00 00 00`.
pub fn upgrade_nonce_account(nonce: &Pubkey) -> Instruction {
    Instruction::new(ID, SystemInstruction::UpgradeNonceAccount.encode(), vec![AccountMeta::new(*nonce, false)])
}
