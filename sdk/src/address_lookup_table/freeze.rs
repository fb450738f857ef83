//! `FreezeLookupTable`: removes the authority, so the table can never be
//! extended, deactivated or closed.

use super::ID;
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Tag of `FreezeLookupTable`.
pub const FREEZE_LOOKUP_TABLE: u32 = 1;

/// Freezes `table` (which must not be empty).
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the table | `[WRITE]` |
/// | 1 | its authority | `[SIGNER]` |
///
/// Data (4 bytes): `01 00 00 00`.
pub fn freeze_lookup_table(table: Pubkey, authority: Pubkey) -> Instruction {
    Instruction::new(
        ID,
        FREEZE_LOOKUP_TABLE.to_le_bytes().to_vec(),
        alloc::vec![AccountMeta::new(table, false), AccountMeta::new_readonly(authority, true)],
    )
}
