//! `CloseLookupTable`: deletes a deactivated table, its lamports to a recipient.

use super::ID;
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Tag of `CloseLookupTable`.
pub const CLOSE_LOOKUP_TABLE: u32 = 4;

/// Closes `table` (fully deactivated) and sends its lamports to `recipient`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the table | `[WRITE]` |
/// | 1 | its authority | `[SIGNER]` |
/// | 2 | `recipient` | `[WRITE]` |
///
/// Data (4 bytes): `04 00 00 00`.
pub fn close_lookup_table(table: Pubkey, authority: Pubkey, recipient: Pubkey) -> Instruction {
    Instruction::new(
        ID,
        CLOSE_LOOKUP_TABLE.to_le_bytes().to_vec(),
        alloc::vec![
            AccountMeta::new(table, false),
            AccountMeta::new_readonly(authority, true),
            AccountMeta::new(recipient, false),
        ],
    )
}
