//! Processing one sanitized transaction against a read-only view of the
//! accounts: checks, fee, loading, execution, rent-state rule. The result
//! lists the account writes to commit; nothing is written here, so many
//! transactions can be processed at once.

use std::{collections::HashSet, sync::Arc};

use lamport_sdk::{account::Account, hash::Hash, pubkey::Pubkey, signature::Signature};

use crate::{
    accounts::AccountStore,
    compute_budget::{self, COMPUTE_BUDGET_PROGRAM_ID},
    error::TransactionError,
    fee,
    ids,
    invoke_context::{Environment, InstructionAccount, InvokeContext, TransactionAccounts},
    meta::{TransactionMeta, TransactionReturnData},
    rent_state::RentState,
    sanitize::SanitizedTransaction,
};

/// The bank state a transaction is checked against.
pub(crate) struct Status<'a> {
    pub blockhash: &'a Hash,
    pub check_blockhash: bool,
    pub processed: &'a HashSet<Signature>,
}

/// What processing decided.
pub(crate) struct Outcome {
    pub result: Result<(), TransactionError>,
    pub meta: TransactionMeta,
    /// Accounts to store when committing.
    pub writes: Vec<(Pubkey, Account)>,
    /// Whether the signature enters the processed set (the fee was charged).
    pub charged: bool,
}

impl Outcome {
    fn rejected(err: TransactionError, signature: Signature) -> Self {
        Outcome {
            result: Err(err),
            meta: TransactionMeta { signature, ..TransactionMeta::default() },
            writes: Vec::new(),
            charged: false,
        }
    }
}

fn is_builtin(program_id: &Pubkey) -> bool {
    *program_id == ids::SYSTEM_PROGRAM_ID || *program_id == COMPUTE_BUDGET_PROGRAM_ID
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
        return Outcome::rejected(err, signature);
    }
    if status.check_blockhash && message.recent_blockhash != *status.blockhash {
        return Outcome::rejected(TransactionError::BlockhashNotFound, signature);
    }
    if status.processed.contains(&signature) {
        return Outcome::rejected(TransactionError::AlreadyProcessed, signature);
    }
    let keys = tx.keys();
    let limits = match compute_budget::parse_limits(
        message.instructions.iter().map(|ix| (&keys[usize::from(ix.program_id_index)], ix.data.as_slice())),
    ) {
        Ok(limits) => limits,
        Err(err) => return Outcome::rejected(err, signature),
    };
    let fee = fee::calculate(tx.transaction.signatures.len(), &limits);

    // Fee payer: an existing system account that can pay and stay rent-valid.
    let Some(payer) = store.get(tx.fee_payer()) else {
        return Outcome::rejected(TransactionError::AccountNotFound, signature);
    };
    if payer.owner != ids::SYSTEM_PROGRAM_ID {
        return Outcome::rejected(TransactionError::InvalidAccountForFee, signature);
    }
    let Some(payer_lamports) = payer.lamports.checked_sub(fee) else {
        return Outcome::rejected(TransactionError::InsufficientFundsForFee, signature);
    };
    let mut charged_payer = payer.clone();
    charged_payer.lamports = payer_lamports;
    if !RentState::of(&charged_payer, &env.rent).transition_allowed_from(&RentState::of(payer, &env.rent)) {
        return Outcome::rejected(TransactionError::InsufficientFundsForRent { account_index: 0 }, signature);
    }

    // Load every account; the fee is already deducted from the payer. An
    // account that is only a program id (read-only and passed to no
    // instruction) is never shown to a program, so its data — a program's
    // ELF — is counted but not copied.
    let mut observed = tx.is_writable.clone();
    for ix in &message.instructions {
        for index in &ix.accounts {
            if let Some(flag) = observed.get_mut(usize::from(*index)) {
                *flag = true;
            }
        }
    }
    let mut accounts = Vec::with_capacity(keys.len());
    let mut loaded_bytes: usize = 0;
    for (index, key) in keys.iter().enumerate() {
        let account = if index == 0 {
            charged_payer.clone()
        } else {
            match store.get(key) {
                Some(stored) if !observed[index] => {
                    loaded_bytes = loaded_bytes.saturating_add(stored.data.len());
                    accounts.push(Account {
                        lamports: stored.lamports,
                        data: Vec::new(),
                        owner: stored.owner,
                        executable: stored.executable,
                        rent_epoch: stored.rent_epoch,
                    });
                    continue;
                }
                Some(stored) => stored.clone(),
                None => Account { owner: ids::SYSTEM_PROGRAM_ID, ..Account::default() },
            }
        };
        loaded_bytes = loaded_bytes.saturating_add(account.data.len());
        accounts.push(account);
    }
    if loaded_bytes > limits.loaded_accounts_data_size_limit as usize {
        return Outcome::rejected(TransactionError::MaxLoadedAccountsDataSizeExceeded, signature);
    }
    for ix in &message.instructions {
        let index = usize::from(ix.program_id_index);
        let program_id = &keys[index];
        if is_builtin(program_id) {
            continue;
        }
        let account = &accounts[index];
        if account.lamports == 0 && store.get(program_id).is_none() {
            return Outcome::rejected(TransactionError::ProgramAccountNotFound, signature);
        }
        if !account.executable || !env.programs.contains_key(program_id) {
            return Outcome::rejected(TransactionError::InvalidProgramForExecution, signature);
        }
    }

    let pre_rent: Vec<Option<RentState>> = accounts
        .iter()
        .zip(&tx.is_writable)
        .map(|(account, writable)| writable.then(|| RentState::of(account, &env.rent)))
        .collect();
    let payer_only = vec![(*tx.fee_payer(), charged_payer)];

    let mut ctx = InvokeContext::new(
        TransactionAccounts { keys: keys.to_vec(), accounts, resize_delta: 0 },
        env.clone(),
        u64::from(limits.compute_unit_limit),
        limits.heap_size,
    );
    let mut result = Ok(());
    for (index, ix) in message.instructions.iter().enumerate() {
        let instruction_accounts = ix
            .accounts
            .iter()
            .map(|i| {
                let i = usize::from(*i);
                InstructionAccount { index_in_transaction: i, is_signer: tx.is_signer[i], is_writable: tx.is_writable[i] }
            })
            .collect();
        let program_id = keys[usize::from(ix.program_id_index)];
        if let Err(err) = ctx.process_instruction(program_id, instruction_accounts, &ix.data) {
            result = Err(TransactionError::InstructionError(u8::try_from(index).unwrap_or(u8::MAX), err));
            break;
        }
    }
    let (profile, fault) = ctx.take_diagnostics();
    let (loaded, logs, return_data, remaining) = ctx.into_parts();
    if result.is_ok() {
        for (index, pre) in pre_rent.iter().enumerate() {
            let Some(pre) = pre else { continue };
            if keys[index] == ids::INCINERATOR_ID {
                continue;
            }
            let post = RentState::of(&loaded.accounts[index], &env.rent);
            if !post.transition_allowed_from(pre) {
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
        payer_only
    };
    Outcome { result, meta, writes, charged: true }
}
