//! [`Runtime`]: the public face of the engine — accounts, programs,
//! blockhash and slot, and sending transactions.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, OnceLock},
};

use lamport_sdk::{account::Account, hash::Hash, pubkey::Pubkey, transaction::Transaction};

use crate::{
    accounts::AccountStore,
    compute_budget::{ComputeBudget, COMPUTE_BUDGET_PROGRAM_ID},
    debug_info::{DebugInfo, DEBUG_EXTENSION},
    profile::PROFILE_ENV,
    error::{AirdropError, ProgramLoadError},
    feature_set::FeatureSet,
    ids,
    invoke_context::Environment,
    loader::{self, LoaderKind},
    meta::{FailedTransaction, TransactionMeta, TransactionResult},
    processor::{self, Outcome, Status},
    sanitize,
    scheduler,
    sigverify,
    status_cache::ProcessedSignatures,
    sysvars::{self, Clock, Rent},
    worker_pool::WorkerPool,
};

/// An in-process Solana-ABI transaction engine.
///
/// ```no_run
/// use lamport_runtime::Runtime;
/// use lamport_sdk::{signer::Keypair, system, transaction::Transaction};
///
/// let mut runtime = Runtime::new();
/// let payer = Keypair::new();
/// let to = lamport_sdk::pubkey::Pubkey::new_unique();
/// runtime.airdrop(&payer.pubkey(), 1_000_000_000).unwrap();
/// let tx = Transaction::new_signed_with_payer(
///     &[system::transfer(&payer.pubkey(), &to, 1_000_000)],
///     Some(&payer.pubkey()),
///     &[&payer],
///     runtime.latest_blockhash(),
/// );
/// let meta = runtime.send_transaction(tx).unwrap();
/// assert_eq!(meta.fee, 5_000);
/// ```
pub struct Runtime {
    pub(crate) env: Arc<Environment>,
    pub(crate) store: AccountStore,
    blockhash: Hash,
    processed: ProcessedSignatures,
    sigverify: bool,
    check_blockhash: bool,
    threads: usize,
    /// Worker threads of `send_transactions`, started on first use.
    pool: OnceLock<WorkerPool>,
    /// Where profiles are written, when profiling with a directory.
    profile_dir: Option<PathBuf>,
    /// Profiles written so far (their files are numbered in order).
    profiles_written: usize,
}

impl Default for Runtime {
    fn default() -> Self {
        Self::new()
    }
}

impl Runtime {
    /// A runtime with the system and compute-budget programs, the Clock and
    /// Rent sysvars, signature and blockhash checks on, Agave's compute
    /// budget, Agave 4.3's rules ([`FeatureSet::default`]), and the JIT
    /// where available.
    pub fn new() -> Self {
        let budget = ComputeBudget::default();
        let features = FeatureSet::default();
        let env = Environment {
            loader: loader::create_loader(&budget, &features, false),
            budget,
            programs: Default::default(),
            clock: Clock::default(),
            rent: features.rent(),
            use_jit: loader::JIT_AVAILABLE,
            features,
            profiling: false,
        };
        let mut runtime = Self {
            env: Arc::new(env),
            store: AccountStore::default(),
            blockhash: hash_of(b"lamport genesis", 0),
            processed: ProcessedSignatures::default(),
            sigverify: true,
            check_blockhash: true,
            threads: std::thread::available_parallelism().map(usize::from).unwrap_or(1),
            pool: OnceLock::new(),
            profile_dir: None,
            profiles_written: 0,
        };
        // Builtin program accounts hold their names, as in Agave's genesis
        // (the names count towards the loaded-accounts data size).
        for (builtin, name) in
            [(ids::SYSTEM_PROGRAM_ID, "solana_system_program"), (COMPUTE_BUDGET_PROGRAM_ID, "compute_budget_program")]
        {
            runtime.store.set(
                builtin,
                Account {
                    lamports: 1,
                    data: name.as_bytes().to_vec(),
                    owner: ids::NATIVE_LOADER_ID,
                    executable: true,
                    rent_epoch: 0,
                },
            );
        }
        runtime.refresh_sysvars();
        match std::env::var_os(PROFILE_ENV) {
            Some(dir) if !dir.is_empty() => runtime.with_profiling(Some(PathBuf::from(dir))),
            _ => runtime,
        }
    }

    /// Profiles every transaction: each [`TransactionMeta`] (and failed
    /// transaction's meta) then carries its compute units by call stack
    /// ([`crate::profile`]), and with `dir`, each committed transaction
    /// writes `<dir>/<signature>.folded` and `<dir>/<signature>.svg` (a
    /// flame graph). Programs run in the interpreter with instruction
    /// tracing: slower, with the same results and compute units. Set it
    /// before adding programs. [`PROFILE_ENV`] turns it on for
    /// `Runtime::new()`.
    pub fn with_profiling(mut self, dir: Option<PathBuf>) -> Self {
        let env = Arc::make_mut(&mut self.env);
        env.loader = loader::create_loader(&env.budget, &env.features, true);
        env.profiling = true;
        env.use_jit = false;
        self.profile_dir = dir;
        self
    }

    /// Applies the behaviour rules of `features` (see [`FeatureSet`]); the
    /// Rent sysvar follows them. Set it before adding programs: the
    /// syscalls a program may call are fixed when it is added.
    pub fn with_feature_set(mut self, features: FeatureSet) -> Self {
        let env = Arc::make_mut(&mut self.env);
        env.loader = loader::create_loader(&env.budget, &features, env.profiling);
        env.features = features;
        env.rent = features.rent();
        self.refresh_sysvars();
        self
    }

    /// The behaviour rules in force.
    pub fn feature_set(&self) -> FeatureSet {
        self.env.features
    }

    /// Turns signature verification on or off.
    pub fn with_sigverify(mut self, enabled: bool) -> Self {
        self.sigverify = enabled;
        self
    }

    /// Turns the recent-blockhash check on or off.
    pub fn with_blockhash_check(mut self, enabled: bool) -> Self {
        self.check_blockhash = enabled;
        self
    }

    /// Replaces the compute budget (costs and VM limits) for programs added afterwards.
    pub fn with_compute_budget(mut self, budget: ComputeBudget) -> Self {
        let env = Arc::make_mut(&mut self.env);
        env.loader = loader::create_loader(&budget, &env.features, env.profiling);
        env.budget = budget;
        self
    }

    /// Runs programs JIT-compiled (`true`, where available) or interpreted.
    /// Set it before adding programs: they are compiled when added. A
    /// profiling runtime always interprets.
    pub fn with_jit(mut self, enabled: bool) -> Self {
        let env = Arc::make_mut(&mut self.env);
        env.use_jit = enabled && loader::JIT_AVAILABLE && !env.profiling;
        self
    }

    /// Number of threads `send_transactions` uses (at least 1).
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self.pool = OnceLock::new();
        self
    }

    /// Adds a program owned by BPF loader 2 (aligned input layout).
    pub fn add_program(&mut self, program_id: Pubkey, elf: &[u8]) -> Result<(), ProgramLoadError> {
        self.add_program_with_loader(program_id, elf, LoaderKind::V2)
    }

    /// Adds a program from an ELF file, owned by BPF loader 2. Its debug
    /// side file (`<name>.debug` beside `<name>.so`, written by `cargo
    /// lamport build`) is loaded too when present, so failures name source
    /// lines and profiles name functions.
    pub fn add_program_from_file(&mut self, program_id: Pubkey, path: impl AsRef<Path>) -> Result<(), ProgramLoadError> {
        let path = path.as_ref();
        let read = |path: &Path| std::fs::read(path).map_err(|source| ProgramLoadError::Io { path: path.to_path_buf(), source });
        let elf = read(path)?;
        let debug_path = path.with_extension(DEBUG_EXTENSION);
        let debug = if debug_path.is_file() { Some(read(&debug_path)?) } else { None };
        let label = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        self.install_program(program_id, &elf, LoaderKind::V2, debug.as_deref(), label)
    }

    /// Adds a program owned by BPF loader 2 with its debug info: the side
    /// file `cargo lamport build` writes (`<name>.debug`), or any ELF with
    /// the program's DWARF at its addresses. Unreadable debug info is an
    /// error ([`ProgramLoadError::DebugInfo`]).
    pub fn add_program_with_debug_info(&mut self, program_id: Pubkey, elf: &[u8], debug: &[u8]) -> Result<(), ProgramLoadError> {
        self.install_program(program_id, elf, LoaderKind::V2, Some(debug), None)
    }

    /// Adds a program owned by the given loader. The deprecated loader gives
    /// the program the unaligned input layout; the upgradeable loader keeps
    /// the ELF in a separate program-data account.
    pub fn add_program_with_loader(
        &mut self,
        program_id: Pubkey,
        elf: &[u8],
        loader_kind: LoaderKind,
    ) -> Result<(), ProgramLoadError> {
        self.install_program(program_id, elf, loader_kind, None, None)
    }

    /// Loads a program (with its debug side file and profile label, when
    /// given) and creates its accounts.
    fn install_program(
        &mut self,
        program_id: Pubkey,
        elf: &[u8],
        loader_kind: LoaderKind,
        debug: Option<&[u8]>,
        label: Option<String>,
    ) -> Result<(), ProgramLoadError> {
        let use_jit = self.env.use_jit;
        let mut program =
            loader::load_program(&program_id, elf, loader_kind, self.env.loader.clone(), &self.env.features, use_jit)?;
        if let Some(debug) = debug {
            let info = DebugInfo::new(elf, Some(debug))
                .map_err(|source| ProgramLoadError::DebugInfo { program_id: program_id.to_string(), source })?;
            program.debug_info = Some(Arc::new(info));
        }
        if let Some(label) = label {
            program.label = label;
        }
        let rent = self.env.rent;
        let program_account = |data: Vec<u8>| Account {
            lamports: rent.minimum_balance(data.len()).max(1),
            data,
            owner: loader_kind.id(),
            executable: true,
            rent_epoch: 0,
        };
        match loader_kind {
            LoaderKind::Deprecated | LoaderKind::V2 => self.store.set(program_id, program_account(elf.to_vec())),
            LoaderKind::Upgradeable => {
                let programdata = loader::programdata_address(&program_id);
                let mut state = Vec::with_capacity(36);
                state.extend_from_slice(&2u32.to_le_bytes());
                state.extend_from_slice(programdata.as_ref());
                self.store.set(program_id, program_account(state));
                let mut data = Vec::with_capacity(45usize.saturating_add(elf.len()));
                data.extend_from_slice(&3u32.to_le_bytes());
                data.extend_from_slice(&self.env.clock.slot.to_le_bytes());
                data.push(0);
                data.extend_from_slice(&[0u8; 32]);
                data.extend_from_slice(elf);
                let mut account = program_account(data);
                account.executable = false;
                self.store.set(programdata, account);
            }
        }
        Arc::make_mut(&mut self.env).programs.insert(program_id, Arc::new(program));
        Ok(())
    }

    /// Credits `lamports` to `address`, creating a system account if needed.
    /// Like a transfer, it leaves a rent-exempt account with `rent_epoch`
    /// `u64::MAX`.
    pub fn airdrop(&mut self, address: &Pubkey, lamports: u64) -> Result<(), AirdropError> {
        let mut account = self
            .store
            .get(address)
            .cloned()
            .unwrap_or_else(|| Account { owner: ids::SYSTEM_PROGRAM_ID, rent_epoch: u64::MAX, ..Account::default() });
        account.lamports = account.lamports.checked_add(lamports).ok_or_else(|| AirdropError::BalanceOverflow {
            address: address.to_string(),
            lamports,
        })?;
        if self.env.rent.is_exempt(account.lamports, account.data.len()) {
            account.rent_epoch = u64::MAX;
        }
        self.store.set(*address, account);
        Ok(())
    }

    /// Stores `account` at `address` (an account without lamports is removed).
    pub fn set_account(&mut self, address: Pubkey, account: Account) {
        self.store.set(address, account);
    }

    /// The account at `address`, if it exists.
    pub fn get_account(&self, address: &Pubkey) -> Option<Account> {
        self.store.get(address).cloned()
    }

    /// Lamports of `address` (0 when it does not exist).
    pub fn get_balance(&self, address: &Pubkey) -> u64 {
        self.store.get(address).map_or(0, |account| account.lamports)
    }

    /// Number of stored accounts.
    pub fn account_count(&self) -> usize {
        self.store.len()
    }

    /// The blockhash transactions must reference.
    pub fn latest_blockhash(&self) -> Hash {
        self.blockhash
    }

    /// Replaces the blockhash: transactions referencing the old one fail with `BlockhashNotFound`.
    pub fn expire_blockhash(&mut self) {
        self.blockhash = hash_of(self.blockhash.as_ref(), self.env.clock.slot);
        self.processed.new_blockhash();
    }

    /// Moves the Clock to `slot`.
    pub fn warp_to_slot(&mut self, slot: u64) {
        Arc::make_mut(&mut self.env).clock.slot = slot;
        self.refresh_sysvars();
    }

    /// The current Clock sysvar.
    pub fn clock(&self) -> Clock {
        self.env.clock
    }

    /// Replaces the Clock sysvar.
    pub fn set_clock(&mut self, clock: Clock) {
        Arc::make_mut(&mut self.env).clock = clock;
        self.refresh_sysvars();
    }

    /// The Rent sysvar.
    pub fn rent(&self) -> Rent {
        self.env.rent
    }

    /// Smallest balance that makes an account of `data_len` bytes rent-exempt.
    pub fn minimum_balance_for_rent_exemption(&self, data_len: usize) -> u64 {
        self.env.rent.minimum_balance(data_len)
    }

    fn refresh_sysvars(&mut self) {
        self.store.set(ids::SYSVAR_CLOCK_ID, sysvars::clock_account(&self.env.clock, &self.env.rent));
        self.store.set(ids::SYSVAR_RENT_ID, sysvars::rent_account(&self.env.rent));
    }

    pub(crate) fn status(&self) -> Status<'_> {
        Status { blockhash: &self.blockhash, check_blockhash: self.check_blockhash, processed: &self.processed }
    }

    /// The worker threads of `send_transactions`.
    pub(crate) fn pool(&self) -> &WorkerPool {
        self.pool.get_or_init(|| WorkerPool::new(self.threads))
    }

    pub(crate) fn sigverify_enabled(&self) -> bool {
        self.sigverify
    }

    /// Stores an outcome's writes and records its signature (and, when
    /// profiling into a directory, writes its profile).
    pub(crate) fn commit(&mut self, outcome: Outcome) -> TransactionResult {
        if let (Some(dir), Some(profile)) = (&self.profile_dir, &outcome.meta.profile) {
            let signature = outcome.meta.signature.to_string();
            let short = signature.get(..16).unwrap_or(&signature);
            let stem = format!("{:04}-{short}", self.profiles_written);
            let title = format!("Transaction {signature}: {} compute units", profile.total());
            // A profile that cannot be written must not fail the transaction.
            if let Err(err) = profile.write_files(dir, &stem, &title) {
                eprintln!("warning: cannot write the profile into {}: {err}", dir.display());
            }
            self.profiles_written = self.profiles_written.saturating_add(1);
        }
        if outcome.charged {
            for (address, account) in outcome.writes {
                self.store.set(address, account);
            }
            self.processed.insert(outcome.meta.signature);
        }
        match outcome.result {
            Ok(()) => Ok(outcome.meta),
            Err(err) => Err(FailedTransaction { err, meta: outcome.meta }),
        }
    }

    fn process_one(&self, tx: Transaction) -> Result<Outcome, FailedTransaction> {
        let signature = tx.signatures.first().copied().unwrap_or_default();
        let sanitized = sanitize::sanitize(tx).map_err(|err| FailedTransaction {
            err,
            meta: TransactionMeta { signature, ..TransactionMeta::default() },
        })?;
        let verified = if self.sigverify { sigverify::verify(&sanitized) } else { Ok(()) };
        Ok(processor::process(&self.env, &self.store, &self.status(), &sanitized, verified))
    }

    /// Executes `tx` and commits its effects: all of them on success, only
    /// the fee on failure.
    pub fn send_transaction(&mut self, tx: Transaction) -> TransactionResult {
        let outcome = self.process_one(tx)?;
        self.commit(outcome)
    }

    /// Executes `tx` without committing anything.
    pub fn simulate_transaction(&self, tx: Transaction) -> TransactionResult {
        let outcome = self.process_one(tx)?;
        match outcome.result {
            Ok(()) => Ok(outcome.meta),
            Err(err) => Err(FailedTransaction { err, meta: outcome.meta }),
        }
    }

    /// Executes many transactions with the results, logs and balances of
    /// sending them one by one in order, running those that touch disjoint
    /// accounts in parallel.
    pub fn send_transactions(&mut self, txs: Vec<Transaction>) -> Vec<TransactionResult> {
        scheduler::send_transactions(self, txs)
    }
}

fn hash_of(seed: &[u8], slot: u64) -> Hash {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    hasher.update(seed);
    hasher.update(slot.to_le_bytes());
    Hash::new_from_array(hasher.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_runtime_can_move_between_threads_and_be_shared() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Runtime>();
        let mut runtime = Runtime::new().with_threads(2);
        let payer = lamport_sdk::signer::Keypair::new();
        runtime.airdrop(&payer.pubkey(), 1_000_000_000).unwrap();
        let runtime = std::thread::spawn(move || {
            assert!(runtime.send_transactions(Vec::new()).is_empty());
            runtime
        })
        .join()
        .unwrap();
        assert_eq!(runtime.get_balance(&payer.pubkey()), 1_000_000_000);
    }
}
