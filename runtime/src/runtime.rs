//! [`Runtime`]: the public face of the engine — accounts, programs,
//! blockhash and slot, and sending transactions.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, OnceLock},
};

use lamport_sdk::{
    account::Account,
    bpf_loader_upgradeable::{self, UpgradeableLoaderState},
    hash::Hash,
    instruction::Instruction,
    pubkey::Pubkey,
    signature::Signature,
    signer::Keypair,
    sysvar::{
        epoch_rewards::EpochRewards,
        epoch_schedule::EpochSchedule,
        fees::Fees,
        last_restart_slot::LastRestartSlot,
        recent_blockhashes::{self, RecentBlockhashes},
        slot_hashes::SlotHashes,
        slot_history::SlotHistory,
        stake_history::StakeHistory,
        Sysvar,
    },
    transaction::{Transaction, VersionedTransaction},
};

use crate::{
    accounts::AccountStore,
    compute_budget::{ComputeBudget, COMPUTE_BUDGET_PROGRAM_ID},
    debug_info::{DebugInfo, DEBUG_EXTENSION},
    default_programs::{self, DefaultPrograms, DEFAULT_PROGRAMS},
    history::TransactionHistory,
    profile::PROFILE_ENV,
    error::{AirdropError, DeployStep, ProgramLoadError, UpgradeableDeployError},
    feature_set::FeatureSet,
    fee,
    ids,
    invoke_context::Environment,
    loader::{self, LoaderKind},
    log_collector,
    lookup_table,
    meta::{FailedTransaction, TransactionMeta, TransactionResult},
    processor::{self, Outcome, Status},
    sanitize,
    scheduler,
    sigverify,
    status_cache::ProcessedSignatures,
    sysvars::{self, Clock, Rent},
    upgradeable_loader::{self, ProgramUpdate},
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
    processed: ProcessedSignatures,
    /// Results of the latest processed transactions, by signature.
    history: TransactionHistory,
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
    /// A runtime with the system, compute-budget and upgradeable-loader
    /// programs ([`crate::upgradeable_loader`]), the Ed25519,
    /// secp256k1 and secp256r1 precompiles, the default
    /// programs at their mainnet ids (SPL Token as p-token, Token-2022,
    /// Associated Token Account, Memo 1.0 and 4.0: see
    /// [`crate::default_programs`]; opt out with
    /// [`with_default_programs`](Self::with_default_programs)), the sysvars
    /// of a fresh cluster (Clock at slot 0, Rent, EpochSchedule,
    /// EpochRewards, LastRestartSlot, StakeHistory), signature and
    /// blockhash checks on, Agave's compute budget, Agave 4.3's rules
    /// ([`FeatureSet::default`]), and the JIT where available.
    pub fn new() -> Self {
        let budget = ComputeBudget::default();
        let features = FeatureSet::default();
        let genesis = hash_of(b"lamport genesis", 0);
        let default_programs = Some(DefaultPrograms::shared(&budget, &features, loader::JIT_AVAILABLE, false));
        let env = Environment {
            loader: loader::create_loader(&budget, &features, false),
            budget,
            programs: Default::default(),
            default_programs,
            sysvars: Default::default(),
            clock: Clock::default(),
            rent: features.rent(),
            slot_hashes: SlotHashes::default(),
            blockhash: genesis,
            log_bytes_limit: Some(log_collector::LOG_BYTES_LIMIT),
            use_jit: loader::JIT_AVAILABLE,
            features,
            profiling: false,
        };
        let mut runtime = Self {
            env: Arc::new(env),
            store: AccountStore::default(),
            processed: ProcessedSignatures::default(),
            history: TransactionHistory::default(),
            sigverify: true,
            check_blockhash: true,
            threads: std::thread::available_parallelism().map(usize::from).unwrap_or(1),
            pool: OnceLock::new(),
            profile_dir: None,
            profiles_written: 0,
        };
        // Builtin program accounts hold their names, as in Agave's genesis
        // (the names count towards the loaded-accounts data size).
        for (builtin, name) in [
            (ids::SYSTEM_PROGRAM_ID, "solana_system_program"),
            (COMPUTE_BUDGET_PROGRAM_ID, "compute_budget_program"),
            (ids::BPF_LOADER_UPGRADEABLE_ID, upgradeable_loader::BUILTIN_NAME),
        ] {
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
        for precompile in crate::precompiles::PRECOMPILE_IDS {
            runtime.store.set(precompile, crate::precompiles::precompile_account());
        }
        runtime.set_sysvar(&runtime.clock());
        runtime.set_sysvar(&runtime.rent());
        runtime.set_sysvar(&EpochSchedule::default());
        runtime.set_sysvar(&EpochRewards::default());
        runtime.set_sysvar(&LastRestartSlot::default());
        runtime.set_sysvar(&StakeHistory::default());
        runtime.set_sysvar(&SlotHashes::new(&[(runtime.clock().slot, genesis)]));
        runtime.set_recent_blockhashes();
        runtime.set_sysvar(&Fees::default());
        runtime.set_sysvar(&SlotHistory::default());
        let stake_config = sysvars::stake_config_account(&runtime.env.rent);
        runtime.store.set(ids::STAKE_CONFIG_ID, stake_config);
        runtime.install_default_program_accounts();
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
        self.reload_default_programs();
        self
    }

    /// Applies the behaviour rules of `features` (see [`FeatureSet`]); the
    /// Rent sysvar follows them. Set it before adding programs: the
    /// syscalls a program may call are fixed when it is added.
    pub fn with_feature_set(mut self, features: FeatureSet) -> Self {
        let env = Arc::make_mut(&mut self.env);
        env.loader = loader::create_loader(&env.budget, &features, env.profiling);
        env.features = features;
        self.set_sysvar(&features.rent());
        self.reload_default_programs();
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

    /// Keeps at most `limit` bytes of log messages per transaction, then a
    /// `Log truncated` line (Solana's cap, 10,000 bytes, by default); `None`
    /// keeps every message.
    pub fn with_log_bytes_limit(mut self, limit: Option<usize>) -> Self {
        Arc::make_mut(&mut self.env).log_bytes_limit = limit;
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
        self.reload_default_programs();
        self
    }

    /// Runs programs JIT-compiled (`true`, where available) or interpreted.
    /// Set it before adding programs: they are compiled when added. A
    /// profiling runtime always interprets.
    pub fn with_jit(mut self, enabled: bool) -> Self {
        let env = Arc::make_mut(&mut self.env);
        env.use_jit = enabled && loader::JIT_AVAILABLE && !env.profiling;
        self.reload_default_programs();
        self
    }

    /// Keeps the default programs ([`crate::default_programs`]: SPL Token,
    /// Token-2022, Associated Token Account, Memo) at their mainnet ids
    /// (`true`, the default) or removes them (`false`): their accounts are
    /// gone and invoking them fails as for any missing program.
    pub fn with_default_programs(mut self, enabled: bool) -> Self {
        if enabled {
            let env = Arc::make_mut(&mut self.env);
            env.default_programs =
                Some(DefaultPrograms::shared(&env.budget, &env.features, env.use_jit, env.profiling));
            self.install_default_program_accounts();
        } else {
            Arc::make_mut(&mut self.env).default_programs = None;
            for program in DEFAULT_PROGRAMS {
                if self.env.programs.contains_key(&program.id) {
                    continue;
                }
                if program.loader == LoaderKind::Upgradeable {
                    self.store.remove(&bpf_loader_upgradeable::get_program_data_address(&program.id));
                }
                self.store.remove(&program.id);
            }
        }
        self
    }

    /// Keeps the results of the last `capacity` processed transactions for
    /// [`get_transaction`](Self::get_transaction) (default 32, as LiteSVM;
    /// 0 keeps none).
    pub fn with_transaction_history(mut self, capacity: usize) -> Self {
        self.history.set_capacity(capacity);
        self
    }

    /// Points the default programs at the loaded programs of the current
    /// VM configuration (after a builder changed it).
    fn reload_default_programs(&mut self) {
        let env = Arc::make_mut(&mut self.env);
        if env.default_programs.is_some() {
            env.default_programs = Some(DefaultPrograms::shared(&env.budget, &env.features, env.use_jit, env.profiling));
        }
    }

    /// Stores the accounts of the default programs not replaced by
    /// [`add_program`](Self::add_program).
    fn install_default_program_accounts(&mut self) {
        let (rent, slot) = (self.env.rent, self.env.clock.slot);
        let accounts = default_programs::accounts(&rent, slot, || {
            DEFAULT_PROGRAMS
                .iter()
                .map(|program| (program.id, program_accounts(&program.id, program.elf, program.loader, &rent, slot)))
                .collect()
        });
        for (program_id, accounts) in accounts {
            if self.env.programs.contains_key(&program_id) {
                continue;
            }
            for (address, account) in accounts {
                self.store.set(address, account);
            }
        }
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
        // An upgradeable program replaced by one of another loader leaves
        // no program-data account behind.
        let replaced_upgradeable =
            self.store.get(&program_id).is_some_and(|account| account.owner == ids::BPF_LOADER_UPGRADEABLE_ID);
        if replaced_upgradeable && loader_kind != LoaderKind::Upgradeable {
            self.store.remove(&bpf_loader_upgradeable::get_program_data_address(&program_id));
        }
        for (address, account) in program_accounts(&program_id, elf, loader_kind, &self.env.rent, self.env.clock.slot) {
            self.store.set(address, account);
        }
        Arc::make_mut(&mut self.env).programs.insert(program_id, Arc::new(program));
        Ok(())
    }

    /// Deploys `elf` through the upgradeable loader at `program_keypair`'s
    /// address, with the transactions `solana program deploy` sends: create
    /// a buffer, write the ELF into it in chunks that fit a transaction,
    /// then create the program account and deploy (room for an ELF of the
    /// same size; [`bpf_loader_upgradeable::extend_program`] makes more).
    /// `authority` pays for everything and becomes the upgrade authority.
    ///
    /// The accounts are exactly what such a deployment leaves. As on a
    /// cluster, the program can be invoked from the next slot
    /// ([`Self::warp_to_slot`]); a failed step leaves the earlier ones
    /// committed and names itself in the error.
    pub fn deploy_upgradeable(
        &mut self,
        program_keypair: &Keypair,
        authority: &Keypair,
        elf: &[u8],
    ) -> Result<(), UpgradeableDeployError> {
        let program_id = program_keypair.pubkey();
        if elf.is_empty() {
            return Err(UpgradeableDeployError::EmptyElf { program_id: program_id.to_string() });
        }
        let payer = authority.pubkey();
        let buffer = Keypair::new();
        let buffer_key = buffer.pubkey();
        let buffer_lamports = self.minimum_balance_for_rent_exemption(UpgradeableLoaderState::size_of_buffer(elf.len()));
        let create = bpf_loader_upgradeable::create_buffer(&payer, &buffer_key, &payer, buffer_lamports, elf.len());
        self.deploy_step(&program_id, DeployStep::CreateBuffer, &create, &[authority, &buffer])?;
        let chunk_len = self.write_chunk_len(authority, &buffer_key);
        for (index, chunk) in elf.chunks(chunk_len).enumerate() {
            let offset = index.saturating_mul(chunk_len);
            let write = bpf_loader_upgradeable::write(&buffer_key, &payer, offset as u32, chunk.to_vec());
            self.deploy_step(&program_id, DeployStep::Write { offset }, &[write], &[authority])?;
        }
        let program_lamports = self.minimum_balance_for_rent_exemption(UpgradeableLoaderState::size_of_program());
        let deploy = bpf_loader_upgradeable::deploy_with_max_program_len(
            &payer,
            &program_id,
            &buffer_key,
            &payer,
            program_lamports,
            elf.len(),
        );
        self.deploy_step(&program_id, DeployStep::Deploy, &deploy, &[authority, program_keypair])
    }

    /// The most ELF bytes one `Write` transaction carries: a packet less
    /// the rest of the transaction (and the byte the instruction data's
    /// length prefix grows by past 127 bytes).
    fn write_chunk_len(&self, authority: &Keypair, buffer: &Pubkey) -> usize {
        let empty = bpf_loader_upgradeable::write(buffer, &authority.pubkey(), 0, Vec::new());
        let tx = Transaction::new_signed_with_payer(&[empty], Some(&authority.pubkey()), &[authority], self.env.blockhash);
        bpf_loader_upgradeable::MAX_INSTRUCTION_DATA_LEN.saturating_sub(tx.serialize().len().saturating_add(1)).max(1)
    }

    fn deploy_step(
        &mut self,
        program_id: &Pubkey,
        step: DeployStep,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<(), UpgradeableDeployError> {
        let payer = signers.first().map(|signer| signer.pubkey());
        let tx = Transaction::new_signed_with_payer(instructions, payer.as_ref(), signers, self.env.blockhash);
        self.send_transaction(tx).map(drop).map_err(|failed| UpgradeableDeployError::Transaction {
            program_id: program_id.to_string(),
            step,
            failed: Box::new(failed),
        })
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

    /// Stores `account` at `address` (an account without lamports is
    /// removed). Storing a sysvar's account changes the sysvar (what
    /// programs read through syscalls too), as
    /// [`set_sysvar`](Self::set_sysvar) does.
    pub fn set_account(&mut self, address: Pubkey, account: Account) {
        if self.env.sysvars.contains(&address) && account.lamports > 0 {
            self.cache_sysvar(address, &account.data);
        }
        self.store.set(address, account);
    }

    /// Every stored account, in no particular order.
    pub fn accounts(&self) -> impl Iterator<Item = (&Pubkey, &Account)> {
        self.store.iter()
    }

    /// Every stored account `program_id` owns, in no particular order.
    pub fn get_program_accounts(&self, program_id: &Pubkey) -> Vec<(Pubkey, Account)> {
        self.store.iter().filter(|(_, account)| account.owner == *program_id).map(|(key, account)| (*key, account.clone())).collect()
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
        self.env.blockhash
    }

    /// Replaces the blockhash: transactions referencing the old one fail with `BlockhashNotFound`.
    pub fn expire_blockhash(&mut self) {
        let blockhash = hash_of(self.env.blockhash.as_ref(), self.env.clock.slot);
        Arc::make_mut(&mut self.env).blockhash = blockhash;
        self.set_recent_blockhashes();
        self.processed.new_blockhash();
    }

    /// Sets the RecentBlockhashes sysvar to the current blockhash (one
    /// entry, as the runtime keeps one valid blockhash at a time).
    fn set_recent_blockhashes(&mut self) {
        let entry = recent_blockhashes::Entry { blockhash: self.env.blockhash, lamports_per_signature: fee::LAMPORTS_PER_SIGNATURE };
        self.set_sysvar(&RecentBlockhashes::new(&[entry]));
    }

    /// Moves the Clock to `slot` (its other fields stay, as in LiteSVM).
    pub fn warp_to_slot(&mut self, slot: u64) {
        let clock = Clock { slot, ..self.env.clock };
        self.set_sysvar(&clock);
    }

    /// The current Clock sysvar.
    pub fn clock(&self) -> Clock {
        self.env.clock
    }

    /// Replaces the Clock sysvar.
    pub fn set_clock(&mut self, clock: Clock) {
        self.set_sysvar(&clock);
    }

    /// The sysvar `T` (any [`Sysvar`] of the SDK: Clock, Rent,
    /// EpochSchedule, EpochRewards, LastRestartSlot, StakeHistory, …),
    /// decoded from its account; `None` if the runtime does not provide it.
    pub fn get_sysvar<T: Sysvar>(&self) -> Option<T> {
        self.env.sysvars.get_typed::<T>()
    }

    /// Replaces (or adds) the sysvar `T`: its account and what programs
    /// read through `sol_get_sysvar` and `sol_get_<name>_sysvar` change
    /// together. Setting [`Rent`] changes the rent the runtime applies
    /// (minimum balances, the rent-state rule); setting [`Clock`] is
    /// [`set_clock`](Self::set_clock).
    pub fn set_sysvar<T: Sysvar>(&mut self, sysvar: &T) {
        let data = sysvar.to_account_data();
        self.cache_sysvar(T::ID, &data);
        self.store.set(T::ID, sysvars::sysvar_account(data, &self.env.rent));
    }

    /// Updates the sysvar cache (and the runtime's Clock and Rent) with the
    /// account data of the sysvar `id`.
    fn cache_sysvar(&mut self, id: Pubkey, data: &[u8]) {
        let env = Arc::make_mut(&mut self.env);
        env.sysvars.set(id, data);
        if id == ids::SYSVAR_CLOCK_ID {
            env.clock = Clock::from_account_data(data).unwrap_or(env.clock);
        } else if id == ids::SYSVAR_RENT_ID {
            env.rent = Rent::from_account_data(data).unwrap_or(env.rent);
        } else if id == ids::SYSVAR_SLOT_HASHES_ID {
            env.slot_hashes = SlotHashes::from_account_data(data).unwrap_or_else(|| env.slot_hashes.clone());
        }
    }

    /// The result of the processed transaction `signature` (charged a fee,
    /// successful or failed), while the history keeps it: the last 32 by
    /// default, see [`with_transaction_history`](Self::with_transaction_history).
    pub fn get_transaction(&self, signature: &Signature) -> Option<&TransactionResult> {
        self.history.get(signature)
    }

    /// The SlotHashes sysvar. A runtime starts with one entry, its first
    /// slot and genesis blockhash, and — as in LiteSVM — `warp_to_slot`
    /// leaves it alone; [`set_sysvar`](Self::set_sysvar) replaces it.
    pub fn slot_hashes(&self) -> &SlotHashes {
        &self.env.slot_hashes
    }

    /// The Rent sysvar.
    pub fn rent(&self) -> Rent {
        self.env.rent
    }

    /// Smallest balance that makes an account of `data_len` bytes rent-exempt.
    pub fn minimum_balance_for_rent_exemption(&self, data_len: usize) -> u64 {
        self.env.rent.minimum_balance(data_len)
    }

    pub(crate) fn status(&self) -> Status<'_> {
        Status { blockhash: &self.env.blockhash, check_blockhash: self.check_blockhash, processed: &self.processed }
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
        let charged = outcome.charged;
        let result = self.apply(outcome);
        if charged {
            self.history.add_all(&[&result]);
        }
        result
    }

    /// [`commit`](Self::commit) without recording the result in the
    /// history: for a batch, whose charged results are recorded at its end
    /// with [`TransactionHistory::add_all`](crate::history::TransactionHistory::add_all).
    pub(crate) fn apply(&mut self, outcome: Outcome) -> TransactionResult {
        if self.profile_dir.is_some() && outcome.meta.profile.is_some() {
            self.write_profile(&outcome.meta);
        }
        let Outcome { result, meta, writes, charged, program_updates } = outcome;
        if charged {
            for (address, account) in writes {
                self.store.set(address, account);
            }
            self.processed.insert(meta.signature);
        }
        if !program_updates.is_empty() {
            self.update_programs(program_updates);
        }
        Outcome::transaction_result(result, meta)
    }

    /// Applies a transaction's deployments and closures to the program cache.
    #[inline(never)]
    fn update_programs(&mut self, program_updates: Vec<(Pubkey, ProgramUpdate)>) {
        let programs = &mut Arc::make_mut(&mut self.env).programs;
        for (program_id, update) in program_updates {
            match update {
                ProgramUpdate::Deployed(program) => programs.insert(program_id, program),
                ProgramUpdate::Closed => programs.remove(&program_id),
            };
        }
    }

    /// Writes the profile of a transaction into the profile directory.
    #[cold]
    #[inline(never)]
    fn write_profile(&mut self, meta: &TransactionMeta) {
        let (Some(dir), Some(profile)) = (&self.profile_dir, &meta.profile) else { return };
        let signature = meta.signature.to_string();
        let short = signature.get(..16).unwrap_or(&signature);
        let stem = format!("{:04}-{short}", self.profiles_written);
        let title = format!("Transaction {signature}: {} compute units", profile.total());
        // A profile that cannot be written must not fail the transaction.
        if let Err(err) = profile.write_files(dir, &stem, &title) {
            eprintln!("warning: cannot write the profile into {}: {err}", dir.display());
        }
        self.profiles_written = self.profiles_written.saturating_add(1);
    }

    /// The history of processed transactions.
    pub(crate) fn history_mut(&mut self) -> &mut TransactionHistory {
        &mut self.history
    }

    fn process_one(&self, tx: VersionedTransaction) -> Result<Outcome, FailedTransaction> {
        let signature = tx.signatures.first().copied().unwrap_or_default();
        let fail = |err| FailedTransaction { err, meta: TransactionMeta { signature, ..TransactionMeta::default() } };
        let mut sanitized = sanitize::sanitize(tx).map_err(fail)?;
        self.resolve_lookups(&mut sanitized).map_err(fail)?;
        let verified = if self.sigverify { sigverify::verify(&sanitized) } else { Ok(()) };
        Ok(processor::process(&self.env, &self.store, &self.status(), &sanitized, verified))
    }

    /// Adds the addresses a version 0 message looks up (against the
    /// committed accounts, the current slot and SlotHashes) to its keys.
    pub(crate) fn resolve_lookups(&self, tx: &mut sanitize::SanitizedTransaction) -> Result<(), crate::TransactionError> {
        lookup_table::resolve(tx, &self.store, self.env.clock.slot, &self.env.slot_hashes)
    }

    /// Executes `tx` (a legacy [`Transaction`](lamport_sdk::transaction::Transaction)
    /// or a [`VersionedTransaction`]) and commits its effects: all of them
    /// on success, only the fee on failure.
    pub fn send_transaction(&mut self, tx: impl Into<VersionedTransaction>) -> TransactionResult {
        let outcome = self.process_one(tx.into())?;
        self.commit(outcome)
    }

    /// Executes `tx` without committing anything.
    pub fn simulate_transaction(&self, tx: impl Into<VersionedTransaction>) -> TransactionResult {
        let Outcome { result, meta, .. } = self.process_one(tx.into())?;
        Outcome::transaction_result(result, meta)
    }

    /// Executes many transactions with the results, logs and balances of
    /// sending them one by one in order, running those that touch disjoint
    /// accounts in parallel.
    pub fn send_transactions<T: Into<VersionedTransaction>>(&mut self, txs: Vec<T>) -> Vec<TransactionResult> {
        scheduler::send_transactions(self, txs.into_iter().map(Into::into).collect())
    }
}

/// The accounts of a program: the program account holding the ELF, or for
/// the upgradeable loader the program account and its program-data account
/// (deployed at `slot`, no upgrade authority); rent-exempt under `rent`.
fn program_accounts(program_id: &Pubkey, elf: &[u8], loader_kind: LoaderKind, rent: &Rent, slot: u64) -> Vec<(Pubkey, Account)> {
    let program_account = |data: Vec<u8>| Account {
        lamports: rent.minimum_balance(data.len()).max(1),
        data,
        owner: loader_kind.id(),
        executable: true,
        rent_epoch: 0,
    };
    match loader_kind {
        LoaderKind::Deprecated | LoaderKind::V2 => vec![(*program_id, program_account(elf.to_vec()))],
        LoaderKind::Upgradeable => {
            let programdata = bpf_loader_upgradeable::get_program_data_address(program_id);
            let state = UpgradeableLoaderState::Program { programdata_address: programdata };
            let header = UpgradeableLoaderState::ProgramData { slot, upgrade_authority_address: None };
            let mut data = vec![0; UpgradeableLoaderState::size_of_programdata(elf.len())];
            let (metadata, program_bytes) = data.split_at_mut(UpgradeableLoaderState::size_of_programdata_metadata());
            metadata[..header.serialized_len()].copy_from_slice(&header.to_bytes());
            program_bytes.copy_from_slice(elf);
            let mut account = program_account(data);
            account.executable = false;
            vec![(*program_id, program_account(state.to_bytes())), (programdata, account)]
        }
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
            assert!(runtime.send_transactions(Vec::<lamport_sdk::transaction::Transaction>::new()).is_empty());
            runtime
        })
        .join()
        .unwrap();
        assert_eq!(runtime.get_balance(&payer.pubkey()), 1_000_000_000);
    }
}
