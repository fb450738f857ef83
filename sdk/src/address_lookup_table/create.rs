//! `CreateLookupTable`: a new, empty table at an address derived from its
//! authority and a recent slot.

use alloc::vec::Vec;

use super::ID;
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Tag of `CreateLookupTable`.
pub const CREATE_LOOKUP_TABLE: u32 = 0;

/// The table address of `authority` for `recent_slot`, and its bump seed:
/// the program address of seeds `[authority, recent_slot as u64 LE]`.
pub fn derive_lookup_table_address(authority: &Pubkey, recent_slot: u64) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[authority.as_ref(), &recent_slot.to_le_bytes()], &ID)
}

/// Creates the table of `authority` for `recent_slot` (which must have a
/// SlotHashes entry), funded by `payer`; returns the instruction and the
/// table's address. The authority need not sign.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the table, [`derive_lookup_table_address`] | `[WRITE]` |
/// | 1 | `authority` | `[]` |
/// | 2 | `payer` | `[WRITE, SIGNER]` |
/// | 3 | the system program | `[]` |
///
/// Data (13 bytes): `00 00 00 00 ‖ recent_slot u64 ‖ bump u8`.
pub fn create_lookup_table(authority: Pubkey, payer: Pubkey, recent_slot: u64) -> (Instruction, Pubkey) {
    let (table, bump) = derive_lookup_table_address(&authority, recent_slot);
    let mut data = Vec::with_capacity(13);
    data.extend_from_slice(&CREATE_LOOKUP_TABLE.to_le_bytes());
    data.extend_from_slice(&recent_slot.to_le_bytes());
    data.push(bump);
    let accounts = alloc::vec![
        AccountMeta::new(table, false),
        AccountMeta::new_readonly(authority, false),
        AccountMeta::new(payer, true),
        AccountMeta::new_readonly(crate::system::ID, false),
    ];
    (Instruction::new(ID, data, accounts), table)
}
