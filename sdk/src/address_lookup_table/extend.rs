//! `ExtendLookupTable`: appends addresses to a table (at most 256 in all).

use alloc::vec::Vec;

use super::ID;
use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// Tag of `ExtendLookupTable`.
pub const EXTEND_LOOKUP_TABLE: u32 = 2;

/// Appends `new_addresses` to `table`. With a `payer`, the payer tops the
/// table up to rent exemption for its new size. Addresses added in a slot
/// can be looked up from the next slot on.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the table | `[WRITE]` |
/// | 1 | its authority | `[SIGNER]` |
/// | 2 | `payer` (optional) | `[WRITE, SIGNER]` |
/// | 3 | the system program (with the payer) | `[]` |
///
/// Data: `02 00 00 00 ‖ count u64 ‖ count × [32]`.
pub fn extend_lookup_table(
    table: Pubkey,
    authority: Pubkey,
    payer: Option<Pubkey>,
    new_addresses: Vec<Pubkey>,
) -> Instruction {
    let mut data = Vec::with_capacity(12 + 32 * new_addresses.len());
    data.extend_from_slice(&EXTEND_LOOKUP_TABLE.to_le_bytes());
    data.extend_from_slice(&(new_addresses.len() as u64).to_le_bytes());
    for address in &new_addresses {
        data.extend_from_slice(address.as_ref());
    }
    let mut accounts = alloc::vec![AccountMeta::new(table, false), AccountMeta::new_readonly(authority, true)];
    if let Some(payer) = payer {
        accounts.push(AccountMeta::new(payer, true));
        accounts.push(AccountMeta::new_readonly(crate::system::ID, false));
    }
    Instruction::new(ID, data, accounts)
}
