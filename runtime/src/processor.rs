//! Processing one sanitized transaction against a read-only view of the
//! accounts: checks, fee, loading, execution, rent-state rule. The result
//! lists the account writes to commit; nothing is written here, so many
//! transactions can be processed at once.

use std::sync::Arc;

use lamport_sdk::{
    account::Account, bpf_loader_upgradeable::UpgradeableLoaderState, hash::Hash, pubkey::Pubkey, signature::Signature,
};

use crate::{
    accounts::AccountStore,
    compute_budget,
    durable_nonce,
    error::TransactionError,
    fee,
    ids,
    instructions_sysvar,
    inner_instructions,
    invoke_context::{Environment, InstructionAccount, InvokeContext, TransactionAccounts},
    meta::{FailedTransaction, TransactionMeta, TransactionResult, TransactionReturnData},
    precompiles,
    rent_state::PreRentState,
    sanitize::SanitizedTransaction,
    upgradeable_loader::ProgramUpdate,
    status_cache::ProcessedSignatures,
};

/// The bank state a transaction is checked against.
pub(crate) struct Status<'a> {
    pub blockhash: &'a Hash,
    pub check_blockhash: bool,
    pub processed: &'a ProcessedSignatures,
}

/// What processing decided.
pub(crate) struct Outcome {
    pub result: Result<(), TransactionError>,
    pub meta: TransactionMeta,
    /// Accounts to store when committing.
    pub writes: Vec<(Pubkey, Account)>,
    /// Whether the signature enters the processed set (the fee was charged).
    pub charged: bool,
    /// Changes to the program cache, made when committing (empty unless
    /// the transaction succeeded).
    pub program_updates: Vec<(Pubkey, ProgramUpdate)>,
}

impl Outcome {
    /// What sending a transaction that ended with `result` returns.
    pub(crate) fn transaction_result(result: Result<(), TransactionError>, meta: TransactionMeta) -> TransactionResult {
        match result {
            Ok(()) => Ok(meta),
            Err(err) => Err(FailedTransaction { err, meta }),
        }
    }

    /// A transaction rejected before execution: nothing is written; `fee` is
    /// what it would have cost (0 when rejected before the fee was known).
    /// Out of line: a rejection is the exception, and the outcome is large.
    #[cold]
    #[inline(never)]
    fn rejected(err: TransactionError, signature: Signature, fee: u64) -> Self {
        Outcome {
            result: Err(err),
            meta: TransactionMeta { signature, fee, ..TransactionMeta::default() },
            writes: Vec::new(),
            charged: false,
            program_updates: Vec::new(),
        }
    }
}

/// Processes `tx` (whose signatures were checked with result `verified`).
pub(crate) fn process(
    env: &Arc<Environment>,
    store: &AccountStore,
    status: &Status<'_>,
    tx: &SanitizedTransaction,
    verified: Result<(), TransactionError>,
) -> Outcome {
    let message = &tx.transaction.message;
    let signature = tx.transaction.signatures.first().copied().unwrap_or_default();
    if let Err(err) = verified {
        return Outcome::rejected(err, signature, 0);
    }
    // A transaction naming another blockhash may be a durable-nonce one.
    let nonce = if status.check_blockhash && *message.recent_blockhash() != *status.blockhash {
        match durable_nonce::check_transaction(tx, store, status.blockhash) {
            Some(nonce) => Some(nonce),
            None => return Outcome::rejected(TransactionError::BlockhashNotFound, signature, 0),
        }
    } else {
        None
    };
    let keys = tx.keys();
    let features = &env.features;
    let limits = match compute_budget::parse_limits(
        message.instructions().iter().map(|ix| (&keys[usize::from(ix.program_id_index)], ix.data.as_slice())),
        features,
    ) {
        Ok(limits) => limits,
        Err(err) => return Outcome::rejected(err, signature, 0),
    };
    if status.processed.contains(&signature) {
        return Outcome::rejected(TransactionError::AlreadyProcessed, signature, 0);
    }
    // Every signature a precompile verifies is charged like a transaction's.
    let precompile_signatures = precompiles::count_signatures(
        message.instructions().iter().map(|ix| (&keys[usize::from(ix.program_id_index)], ix.data.as_slice())),
    );
    let signatures = (tx.transaction.signatures.len() as u64).saturating_add(precompile_signatures);
    let fee = fee::calculate(usize::try_from(signatures).unwrap_or(usize::MAX), &limits);
    let rejected = |err| Outcome::rejected(err, signature, fee);

    // Load every account in message order. An account that is only a
    // program id (read-only and passed to no instruction) is never shown to
    // a program, so its data — a program's ELF — is counted but not copied.
    // A writable rent-exempt account gets `rent_epoch` u64::MAX, as does an
    // account that does not exist yet.
    // Account indices are bytes: one flag per possible index.
    let mut passed = [false; 256];
    for ix in message.instructions() {
        for index in &ix.accounts {
            passed[usize::from(*index)] = true;
        }
    }
    let observed = |index: usize| tx.is_writable[index] || passed.get(index).copied().unwrap_or(false);
    let relax = features.relax_post_exec_min_balance_check;
    let mut accounts = Vec::with_capacity(keys.len());
    let mut pre_rent = Vec::with_capacity(keys.len());
    let mut charged_payer = None;
    // Each lookup table counts as its base size, whatever its data (Agave).
    let mut loaded_bytes = tx.num_lookup_tables().saturating_mul(crate::lookup_table::ADDRESS_LOOKUP_TABLE_BASE_SIZE);
    if loaded_bytes > limits.loaded_accounts_data_size_limit as usize {
        return rejected(TransactionError::MaxLoadedAccountsDataSizeExceeded);
    }
    let mut instructions_sysvar = None;
    for (index, key) in keys.iter().enumerate() {
        let (size, mut account) = match store.get(key) {
            // Built from the message; like every sysvar it loads no data size.
            _ if *key == ids::SYSVAR_INSTRUCTIONS_ID => match instructions_sysvar::account(tx) {
                Ok(account) => {
                    instructions_sysvar = Some(index);
                    (0, account)
                }
                Err(_) => return rejected(TransactionError::SanitizeFailure),
            },
            Some(stored) if !observed(index) => {
                let shown = Account {
                    lamports: stored.lamports,
                    data: Vec::new(),
                    owner: stored.owner,
                    executable: stored.executable,
                    rent_epoch: stored.rent_epoch,
                };
                (features.loaded_size(stored.data.len()), shown)
            }
            Some(stored) => (features.loaded_size(stored.data.len()), stored.clone()),
            None => (0, Account { owner: ids::SYSTEM_PROGRAM_ID, rent_epoch: u64::MAX, ..Account::default() }),
        };
        if tx.is_writable[index] && account.rent_epoch != u64::MAX && env.rent.is_exempt(account.lamports, account.data.len()) {
            account.rent_epoch = u64::MAX;
        }
        if index == 0 {
            // The fee payer: an existing system account that can pay and
            // satisfies the rent-state rule once charged.
            if account.lamports == 0 {
                return rejected(TransactionError::AccountNotFound);
            }
            // A system account without data, or a nonce account (which
            // keeps its rent-exempt minimum).
            let Some(minimum_balance) = durable_nonce::fee_payer_minimum_balance(&account, &env.rent) else {
                return rejected(TransactionError::InvalidAccountForFee);
            };
            let Some(lamports) = account.lamports.checked_sub(fee).filter(|left| *left >= minimum_balance) else {
                return rejected(TransactionError::InsufficientFundsForFee);
            };
            let pre = PreRentState::new(&account, &env.rent, relax);
            account.lamports = lamports;
            if !pre.allows(&account, &env.rent) {
                return rejected(TransactionError::InsufficientFundsForRent { account_index: 0 });
            }
            charged_payer = Some(account.clone());
        }
        pre_rent.push(tx.is_writable[index].then(|| PreRentState::new(&account, &env.rent, relax)));
        loaded_bytes = loaded_bytes.saturating_add(size);
        if loaded_bytes > limits.loaded_accounts_data_size_limit as usize {
            return rejected(TransactionError::MaxLoadedAccountsDataSizeExceeded);
        }
        accounts.push(account);
    }
    // SIMD-0186: an upgradeable program's program-data account counts
    // too (once), as loading the program loads it.
    if features.formalize_loaded_transaction_data_size {
        let mut counted: Vec<Pubkey> = Vec::new();
        for (key, account) in keys.iter().zip(&accounts) {
            // Loaded accounts keep their owner: only an upgradeable
            // program's account is looked up again, for its data.
            if account.owner != ids::BPF_LOADER_UPGRADEABLE_ID {
                continue;
            }
            let Some(programdata) = store.get(key).and_then(upgradeable_programdata) else { continue };
            if keys.contains(&programdata) || counted.contains(&programdata) {
                continue;
            }
            counted.push(programdata);
            let size = store.get(&programdata).map_or(0, |account| features.loaded_size(account.data.len()));
            loaded_bytes = loaded_bytes.saturating_add(size);
            if loaded_bytes > limits.loaded_accounts_data_size_limit as usize {
                return rejected(TransactionError::MaxLoadedAccountsDataSizeExceeded);
            }
        }
    }
    let Some(charged_payer) = charged_payer else {
        return rejected(TransactionError::AccountNotFound);
    };
    for ix in message.instructions() {
        let index = usize::from(ix.program_id_index);
        let program_id = &keys[index];
        if compute_budget::is_builtin(program_id) || precompiles::is_precompile(program_id) {
            continue;
        }
        // An upgradeable program without a runnable ELF (closed, or not
        // yet visible) loads and fails when invoked, as in Agave.
        let invocable = env.program(program_id).is_some() || accounts[index].owner == ids::BPF_LOADER_UPGRADEABLE_ID;
        if !accounts[index].executable || !invocable {
            return rejected(TransactionError::InvalidProgramForExecution);
        }
    }

    let mut ctx = InvokeContext::new(
        TransactionAccounts { keys: keys.to_vec(), accounts, resize_delta: 0 },
        env.clone(),
        u64::from(limits.compute_unit_limit),
        limits.heap_size,
    );
    let mut result = Ok(());
    // Precompile offsets may point into any top-level instruction's data.
    let instruction_datas: Vec<&[u8]> = if message.instructions().iter().any(|ix| precompiles::is_precompile(&keys[usize::from(ix.program_id_index)])) {
        message.instructions().iter().map(|ix| ix.data.as_slice()).collect()
    } else {
        Vec::new()
    };
    for (index, ix) in message.instructions().iter().enumerate() {
        if let Some(sysvar) = instructions_sysvar {
            instructions_sysvar::set_current_index(&mut ctx.accounts.accounts[sysvar], index);
        }
        let instruction_accounts = ix
            .accounts
            .iter()
            .map(|i| {
                let i = usize::from(*i);
                InstructionAccount { index_in_transaction: i, is_signer: tx.is_signer[i], is_writable: tx.is_writable[i] }
            })
            .collect();
        let program_id = keys[usize::from(ix.program_id_index)];
        let executed = if precompiles::is_precompile(&program_id) {
            ctx.process_precompile(program_id, instruction_accounts, &ix.data, &instruction_datas)
        } else {
            ctx.process_instruction(program_id, instruction_accounts, &ix.data)
        };
        if let Err(err) = executed {
            result = Err(TransactionError::InstructionError(u8::try_from(index).unwrap_or(u8::MAX), err));
            break;
        }
    }
    let mut program_updates = std::mem::take(&mut ctx.program_updates);
    let (profile, fault) = ctx.take_diagnostics();
    let inner_instructions = inner_instructions::from_trace(&ctx.trace, keys, message.instructions().len());
    let (loaded, logs, return_data, remaining) = ctx.into_parts();
    if result.is_ok() {
        for (index, pre) in pre_rent.iter().enumerate() {
            let Some(pre) = pre else { continue };
            if keys[index] == ids::INCINERATOR_ID {
                continue;
            }
            if !pre.allows(&loaded.accounts[index], &env.rent) {
                result = Err(TransactionError::InsufficientFundsForRent {
                    account_index: u8::try_from(index).unwrap_or(u8::MAX),
                });
                break;
            }
        }
    }
    let meta = TransactionMeta {
        signature,
        compute_units_consumed: u64::from(limits.compute_unit_limit).saturating_sub(remaining),
        logs,
        fee,
        return_data: TransactionReturnData { program_id: return_data.program_id, data: return_data.data },
        inner_instructions,
        fault,
        profile,
    };
    let writes = if result.is_ok() {
        loaded
            .keys
            .into_iter()
            .zip(loaded.accounts)
            .zip(&tx.is_writable)
            .filter_map(|(entry, writable)| writable.then_some(entry))
            .collect()
    } else {
        // The fee, and a durable-nonce transaction's advanced nonce (in the
        // fee payer's account, when it pays).
        match nonce {
            Some(nonce) if nonce.index == 0 => vec![(*tx.fee_payer(), Account { data: nonce.account.data, ..charged_payer })],
            Some(nonce) => vec![(*tx.fee_payer(), charged_payer), (keys[nonce.index], nonce.account)],
            None => vec![(*tx.fee_payer(), charged_payer)],
        }
    };
    if result.is_err() {
        program_updates.clear();
    }
    Outcome { result, meta, writes, charged: true, program_updates }
}

/// The program-data address an upgradeable program account points at.
fn upgradeable_programdata(account: &Account) -> Option<Pubkey> {
    if account.owner != ids::BPF_LOADER_UPGRADEABLE_ID {
        return None;
    }
    match UpgradeableLoaderState::deserialize(&account.data) {
        Ok(UpgradeableLoaderState::Program { programdata_address }) => Some(programdata_address),
        _ => None,
    }
}
