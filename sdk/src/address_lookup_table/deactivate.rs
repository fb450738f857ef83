//! `DeactivateLookupTable`: starts a table's cool-down; once its
//! deactivation slot leaves the SlotHashes sysvar it can be closed.

use super::ID;
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Tag of `DeactivateLookupTable`.
pub const DEACTIVATE_LOOKUP_TABLE: u32 = 3;

/// Deactivates `table`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the table | `[WRITE]` |
/// | 1 | its authority | `[SIGNER]` |
///
/// Data (4 bytes): `03 00 00 00`.
pub fn deactivate_lookup_table(table: Pubkey, authority: Pubkey) -> Instruction {
    Instruction::new(
        ID,
        DEACTIVATE_LOOKUP_TABLE.to_le_bytes().to_vec(),
        alloc::vec![AccountMeta::new(table, false), AccountMeta::new_readonly(authority, true)],
    )
}
