//! Address lookup tables: resolving a version 0 message's lookups into
//! account keys, and the Address Lookup Table program the runtime carries
//! (`AddressLookupTab1e1111111111111111111111111`, the core BPF program
//! LiteSVM and mainnet run, one of [`crate::default_programs`]).
//!
//! Resolution follows Agave's bank: the table account must exist and be
//! owned by the program, its data must be a lookup table, it must be active
//! or still cooling down (its deactivation slot is the current slot or in
//! SlotHashes), and every index must be below its usable length (addresses
//! added in the current slot are not usable yet). Each lookup's writable
//! addresses come after the static keys, lookup by lookup, then each
//! lookup's read-only ones.

use lamport_sdk::{
    address_lookup_table::{
        state::{AddressLookupError, AddressLookupTable},
        ID as PROGRAM_ID,
    },
    message::v0::LoadedAddresses,
    sysvar::slot_hashes::SlotHashes,
};

use crate::{
    accounts::AccountStore,
    error::TransactionError,
    sanitize::SanitizedTransaction,
};

/// What a transaction loads per lookup table towards its loaded-accounts
/// data size, whatever the table's size (Agave's
/// `ADDRESS_LOOKUP_TABLE_BASE_SIZE`: 8,248 bytes).
pub const ADDRESS_LOOKUP_TABLE_BASE_SIZE: usize = 8_248;

/// Resolves `tx`'s lookups against `store` at `slot` and adds the loaded
/// addresses to its keys (a no-op when nothing is pending).
pub fn resolve(
    tx: &mut SanitizedTransaction,
    store: &AccountStore,
    slot: u64,
    slot_hashes: &SlotHashes,
) -> Result<(), TransactionError> {
    if !tx.lookups_pending {
        return Ok(());
    }
    let lookups = tx.transaction.message.address_table_lookups().unwrap_or_default();
    let mut loaded = LoadedAddresses::default();
    for lookup in lookups {
        let account = store.get(&lookup.account_key).ok_or(AddressLookupError::LookupTableAccountNotFound)?;
        if account.owner != PROGRAM_ID {
            return Err(AddressLookupError::InvalidAccountOwner.into());
        }
        let table = AddressLookupTable::deserialize(&account.data)?;
        loaded.writable.extend(table.lookup(slot, &lookup.writable_indexes, slot_hashes)?);
        loaded.readonly.extend(table.lookup(slot, &lookup.readonly_indexes, slot_hashes)?);
    }
    tx.load_addresses(loaded)
}
