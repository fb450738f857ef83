//! The programs every [`Runtime`](crate::Runtime) has at their mainnet ids
//! unless built with `with_default_programs(false)`: SPL Token, Token-2022,
//! Associated Token Account, Memo (both ids), the Address Lookup Table
//! program and the Stake program, as the same ELFs LiteSVM
//! 0.17 loads by default (`runtime/programs/`, see its README for their
//! origin and licence).
//!
//! At the SPL Token id this is p-token (`pinocchio_token_program.so`), the
//! implementation mainnet runs since SIMD-0266
//! (`replace_spl_token_with_p_token`) was activated: same instructions and
//! accounts as SPL Token 3.5.0, far fewer compute units. LiteSVM's default
//! (mainnet) feature set loads it too.
//!
//! Loading is cheap: a runtime only stores the program accounts. Each ELF
//! is parsed, verified and (with the JIT) compiled the first time a
//! transaction invokes it, once per process for each VM configuration
//! (compute budget, feature set, JIT, profiling) and shared by every
//! runtime with that configuration.

use std::sync::{Arc, Mutex, OnceLock};

use lamport_sdk::{account::Account, pubkey, pubkey::Pubkey, sysvar::rent::Rent};

use crate::{
    compute_budget::ComputeBudget,
    feature_set::FeatureSet,
    loader::{self, LoadedProgram, LoaderKind},
};

/// A program the runtime ships.
#[derive(Debug, Clone, Copy)]
pub struct DefaultProgram {
    /// Its mainnet address.
    pub id: Pubkey,
    /// The loader that owns it (as on mainnet and in LiteSVM).
    pub loader: LoaderKind,
    /// The file it was built into, under `runtime/programs/`.
    pub file: &'static str,
    /// The ELF.
    pub elf: &'static [u8],
}

/// SPL Memo 1.0's id (the deprecated loader's Memo).
pub const MEMO_V1_ID: Pubkey = pubkey!("Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo");
/// SPL Memo 3.0+'s id.
pub const MEMO_ID: Pubkey = pubkey!("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");

macro_rules! program {
    ($id:expr, $loader:expr, $file:literal) => {
        DefaultProgram { id: $id, loader: $loader, file: $file, elf: include_bytes!(concat!("../programs/", $file)) }
    };
}

/// The programs, in the order they are installed.
pub const DEFAULT_PROGRAMS: &[DefaultProgram] = &[
    program!(lamport_sdk::token::ID, LoaderKind::Upgradeable, "pinocchio_token_program.so"),
    program!(lamport_sdk::token_2022::ID, LoaderKind::Upgradeable, "spl_token_2022-11.0.0.so"),
    program!(MEMO_V1_ID, LoaderKind::Deprecated, "spl_memo-1.0.0.so"),
    program!(MEMO_ID, LoaderKind::V2, "spl_memo-4.0.0.so"),
    program!(lamport_sdk::associated_token::ID, LoaderKind::V2, "spl_associated_token_account-1.1.1.so"),
    program!(lamport_sdk::address_lookup_table::ID, LoaderKind::Upgradeable, "address_lookup_table.so"),
    program!(crate::ids::STAKE_PROGRAM_ID, LoaderKind::Upgradeable, "core_bpf_stake-5.0.0.so"),
];

/// The accounts of each default program (with its id) under `rent` at
/// `slot`, from `build`. Computed once per process for the first `(rent,
/// slot)` asked — what every `Runtime::new()` asks — and copied from then
/// on: deriving program-data addresses costs more than copying the ELFs.
pub(crate) fn accounts(
    rent: &Rent,
    slot: u64,
    build: impl FnOnce() -> Vec<(Pubkey, Vec<(Pubkey, Account)>)>,
) -> Vec<(Pubkey, Vec<(Pubkey, Account)>)> {
    type Accounts = Vec<(Pubkey, Vec<(Pubkey, Account)>)>;
    static FIRST: OnceLock<((Rent, u64), Accounts)> = OnceLock::new();
    let mut build = Some(build);
    let ((first_rent, first_slot), accounts) =
        FIRST.get_or_init(|| ((*rent, slot), build.take().map(|build| build()).unwrap_or_default()));
    match build {
        Some(build) if (first_rent, *first_slot) != (rent, slot) => build(),
        _ => accounts.clone(),
    }
}

/// What a loaded program depends on besides its ELF: two runtimes with the
/// same configuration can share loaded programs.
#[derive(Debug, Clone, PartialEq)]
struct VmConfiguration {
    budget: ComputeBudget,
    features: FeatureSet,
    jit: bool,
    profiling: bool,
}

/// The default programs loaded (on first use) for one VM configuration.
pub(crate) struct DefaultPrograms {
    configuration: VmConfiguration,
    loaded: Vec<OnceLock<Option<Arc<LoadedProgram>>>>,
}

impl std::fmt::Debug for DefaultPrograms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DefaultPrograms").field("configuration", &self.configuration).finish_non_exhaustive()
    }
}

impl DefaultPrograms {
    /// The process-wide set for this configuration (created on first request).
    pub(crate) fn shared(budget: &ComputeBudget, features: &FeatureSet, jit: bool, profiling: bool) -> Arc<Self> {
        static SETS: Mutex<Vec<Arc<DefaultPrograms>>> = Mutex::new(Vec::new());
        let configuration = VmConfiguration { budget: budget.clone(), features: *features, jit, profiling };
        // A poisoned lock only means another thread panicked while pushing;
        // the list itself is always consistent.
        let mut sets = SETS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(set) = sets.iter().find(|set| set.configuration == configuration) {
            return set.clone();
        }
        let set = Arc::new(DefaultPrograms {
            configuration,
            loaded: DEFAULT_PROGRAMS.iter().map(|_| OnceLock::new()).collect(),
        });
        sets.push(set.clone());
        set
    }

    /// The loaded default program at `id`, loading it on first use; `None`
    /// when `id` is not a default program (or, which the tests rule out for
    /// the shipped ELFs, it does not load under this configuration).
    pub(crate) fn get(&self, id: &Pubkey) -> Option<&Arc<LoadedProgram>> {
        let index = DEFAULT_PROGRAMS.iter().position(|program| program.id == *id)?;
        let program = &DEFAULT_PROGRAMS[index];
        self.loaded[index]
            .get_or_init(|| {
                let VmConfiguration { budget, features, jit, profiling } = &self.configuration;
                let vm_loader = loader::create_loader(budget, features, *profiling);
                let mut loaded = loader::load_program(id, program.elf, program.loader, vm_loader, features, *jit).ok()?;
                loaded.label = program.file.trim_end_matches(".so").to_string();
                Some(Arc::new(loaded))
            })
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_elf_loads_under_the_default_configuration() {
        let budget = ComputeBudget::default();
        let features = FeatureSet::default();
        let set = DefaultPrograms::shared(&budget, &features, loader::JIT_AVAILABLE, false);
        for program in DEFAULT_PROGRAMS {
            let vm_loader = loader::create_loader(&budget, &features, false);
            let loaded = loader::load_program(&program.id, program.elf, program.loader, vm_loader, &features, false);
            assert!(loaded.is_ok(), "{}: {:?}", program.file, loaded.err());
            assert!(set.get(&program.id).is_some(), "{}", program.file);
        }
        let again = DefaultPrograms::shared(&budget, &features, loader::JIT_AVAILABLE, false);
        assert!(Arc::ptr_eq(&set, &again));
        let first = set.get(&MEMO_ID).unwrap();
        assert!(Arc::ptr_eq(first, again.get(&MEMO_ID).unwrap()));
        assert!(set.get(&Pubkey::new_from_array([7; 32])).is_none());
    }

    #[test]
    fn ids_are_mainnets() {
        let names: Vec<String> = DEFAULT_PROGRAMS.iter().map(|program| program.id.to_string()).collect();
        assert_eq!(
            names,
            [
                "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
                "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb",
                "Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo",
                "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr",
                "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL",
                "AddressLookupTab1e1111111111111111111111111",
                "Stake11111111111111111111111111111111111111",
            ]
        );
    }
}
