//! Address lookup tables: resolving a version 0 message's lookups into
//! account keys, and the Address Lookup Table program the runtime carries
//! (`AddressLookupTab1e1111111111111111111111111`, the core BPF program
//! LiteSVM and mainnet run; see `programs/README.md`).
//!
//! Resolution follows Agave's bank: the table account must exist and be
//! owned by the program, its data must be a lookup table, it must be active
//! or still cooling down (its deactivation slot is the current slot or in
//! SlotHashes), and every index must be below its usable length (addresses
//! added in the current slot are not usable yet). Each lookup's writable
//! addresses come after the static keys, lookup by lookup, then each
//! lookup's read-only ones.

use std::sync::{Arc, Mutex, PoisonError};

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
    compute_budget::ComputeBudget,
    error::TransactionError,
    feature_set::FeatureSet,
    invoke_context::Environment,
    loader::{self, LoadedProgram, LoaderKind},
    sanitize::SanitizedTransaction,
};

/// The program's ELF (`programs/address_lookup_table.so`).
pub const PROGRAM_ELF: &[u8] = include_bytes!("../programs/address_lookup_table.so");

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

/// What a compiled program depends on besides its ELF.
struct CompiledFor {
    budget: ComputeBudget,
    features: FeatureSet,
    profiling: bool,
    use_jit: bool,
}

/// Environments whose compiled program is kept (the default one and a few
/// variants tests use).
const CACHED_ENVIRONMENTS: usize = 8;

/// The program compiled for `env`: compiled once per process for each
/// environment (compute budget, features, profiling, JIT) and shared by
/// every runtime, so `Runtime::new()` and its builders stay cheap.
pub(crate) fn program(env: &Environment) -> Arc<LoadedProgram> {
    static CACHE: Mutex<Vec<(CompiledFor, Arc<LoadedProgram>)>> = Mutex::new(Vec::new());
    let key = CompiledFor { budget: env.budget.clone(), features: env.features, profiling: env.profiling, use_jit: env.use_jit };
    let same = |other: &CompiledFor| {
        other.budget == key.budget
            && other.features == key.features
            && other.profiling == key.profiling
            && other.use_jit == key.use_jit
    };
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, program)) = cache.iter().find(|(compiled_for, _)| same(compiled_for)) {
        return program.clone();
    }
    let program = loader::load_program(
        &PROGRAM_ID,
        PROGRAM_ELF,
        LoaderKind::Upgradeable,
        env.loader.clone(),
        &env.features,
        env.use_jit,
    );
    // The ELF is part of the crate and tested: failing to load it is a bug
    // of the loader, not of the user.
    let program =
        Arc::new(program.unwrap_or_else(|err| panic!("the built-in Address Lookup Table program does not load: {err}")));
    if cache.len() == CACHED_ENVIRONMENTS {
        cache.remove(0);
    }
    cache.push((key, program.clone()));
    program
}
