//! Durable nonces, with Agave's rules (the account layout is
//! [`lamport_sdk::nonce`]):
//! - the system program's nonce-account instructions: initialize, advance,
//!   withdraw, authorize, upgrade;
//! - the transaction check: a transaction whose recent blockhash is not the
//!   current one is still valid when its first instruction advances a nonce
//!   account whose stored nonce it names, and that account's authority
//!   signs that instruction. Such a transaction, should it fail, still
//!   advances the nonce (with the fee charged), so it cannot run twice.

use lamport_sdk::{
    account::Account,
    hash::Hash,
    instruction::InstructionError,
    nonce::{DurableNonce, NonceData, NonceState, NonceVersions, STATE_SIZE},
    pubkey::Pubkey,
    system::{SystemError, ADVANCE_NONCE_ACCOUNT},
    sysvar::{recent_blockhashes::RecentBlockhashes, rent::Rent, Sysvar},
};

use crate::{
    accounts::AccountStore,
    fee::LAMPORTS_PER_SIGNATURE,
    ids::SYSTEM_PROGRAM_ID,
    invoke_context::InvokeContext,
    sanitize::SanitizedTransaction,
    system_program::{b58, check_accounts, signed_by},
};

fn is_writable(ctx: &InvokeContext, position: usize) -> Result<bool, InstructionError> {
    Ok(ctx.current_frame()?.accounts.get(position).ok_or(InstructionError::MissingAccount)?.is_writable)
}

/// The sysvar `T`, passed as instruction account `position`: its key must
/// be the sysvar's, and its value is the runtime's.
fn sysvar<T: Sysvar>(ctx: &InvokeContext, position: usize) -> Result<T, InstructionError> {
    check_accounts(ctx, position.saturating_add(1))?;
    if ctx.instruction_account_key(position)? != T::ID {
        return Err(InstructionError::InvalidArgument);
    }
    ctx.env.sysvars.get_typed::<T>().ok_or(InstructionError::UnsupportedSysvar)
}

fn state(ctx: &InvokeContext, position: usize) -> Result<NonceVersions, InstructionError> {
    NonceVersions::decode(&ctx.instruction_account(position)?.data).ok_or(InstructionError::InvalidAccountData)
}

/// Writes `versions` over the start of the account's data (which the
/// system program must be allowed to change, and must be long enough).
fn set_state(ctx: &mut InvokeContext, position: usize, versions: &NonceVersions) -> Result<(), InstructionError> {
    let data = ctx.data_mut(position)?;
    versions.encode_into(data).map_err(|_| InstructionError::AccountDataTooSmall)
}

/// The nonce a nonce account gets when advanced or initialized now.
fn next_durable_nonce(ctx: &InvokeContext) -> DurableNonce {
    DurableNonce::from_blockhash(&ctx.env.blockhash)
}

/// The state an account of `authority` holds once advanced (or
/// initialized) to `nonce`, with the current fee per signature.
fn stored(authority: Pubkey, nonce: DurableNonce) -> NonceVersions {
    NonceVersions::new(NonceState::Initialized(NonceData { authority, durable_nonce: nonce, lamports_per_signature: LAMPORTS_PER_SIGNATURE }))
}

/// The RecentBlockhashes sysvar at `position` must have an entry.
fn check_recent_blockhashes(ctx: &mut InvokeContext, position: usize, instruction: &str) -> Result<(), InstructionError> {
    if sysvar::<RecentBlockhashes>(ctx, position)?.is_empty() {
        ctx.log(format!("{instruction} nonce account: recent blockhash list is empty"));
        return Err(SystemError::NonceNoRecentBlockhashes.into());
    }
    Ok(())
}

/// `AdvanceNonceAccount`: accounts `[nonce, RecentBlockhashes]`, the
/// authority among the signers.
pub(crate) fn advance(ctx: &mut InvokeContext) -> Result<(), InstructionError> {
    const NONCE: usize = 0;
    check_recent_blockhashes(ctx, 1, "Advance")?;
    let key = ctx.instruction_account_key(NONCE)?;
    if !is_writable(ctx, NONCE)? {
        ctx.log(format!("Advance nonce account: Account {} must be writeable", b58(&key)));
        return Err(InstructionError::InvalidArgument);
    }
    match *state(ctx, NONCE)?.state() {
        NonceState::Initialized(data) => {
            if !signed_by(ctx, &data.authority)? {
                ctx.log(format!("Advance nonce account: Account {} must be a signer", b58(&data.authority)));
                return Err(InstructionError::MissingRequiredSignature);
            }
            let next = next_durable_nonce(ctx);
            if data.durable_nonce == next {
                ctx.log("Advance nonce account: nonce can only advance once per slot".to_string());
                return Err(SystemError::NonceBlockhashNotExpired.into());
            }
            set_state(ctx, NONCE, &stored(data.authority, next))
        }
        NonceState::Uninitialized => {
            ctx.log(format!("Advance nonce account: Account {} state is invalid", b58(&key)));
            Err(InstructionError::InvalidAccountData)
        }
    }
}

/// `WithdrawNonceAccount`: accounts `[nonce, to, RecentBlockhashes, Rent]`
/// and the signer: the authority, or the account itself while it is
/// uninitialized. Withdrawing everything uninitializes it; a partial
/// withdrawal must leave it rent-exempt.
pub(crate) fn withdraw(ctx: &mut InvokeContext, lamports: u64) -> Result<(), InstructionError> {
    const FROM: usize = 0;
    const TO: usize = 1;
    sysvar::<RecentBlockhashes>(ctx, 2)?;
    let rent = sysvar::<Rent>(ctx, 3)?;
    let key = ctx.instruction_account_key(FROM)?;
    if !is_writable(ctx, FROM)? {
        ctx.log(format!("Withdraw nonce account: Account {} must be writeable", b58(&key)));
        return Err(InstructionError::InvalidArgument);
    }
    let check_signer = |ctx: &mut InvokeContext, signer: &Pubkey| {
        if !signed_by(ctx, signer)? {
            ctx.log(format!("Withdraw nonce account: Account {} must sign", b58(signer)));
            return Err(InstructionError::MissingRequiredSignature);
        }
        Ok(())
    };
    let balance = ctx.instruction_account(FROM)?.lamports;
    match *state(ctx, FROM)?.state() {
        NonceState::Uninitialized => {
            if lamports > balance {
                ctx.log(format!("Withdraw nonce account: insufficient lamports {balance}, need {lamports}"));
                return Err(InstructionError::InsufficientFunds);
            }
            check_signer(ctx, &key)?;
        }
        NonceState::Initialized(data) if lamports == balance => {
            if data.durable_nonce == next_durable_nonce(ctx) {
                ctx.log("Withdraw nonce account: nonce can only advance once per slot".to_string());
                return Err(SystemError::NonceBlockhashNotExpired.into());
            }
            check_signer(ctx, &data.authority)?;
            set_state(ctx, FROM, &NonceVersions::new(NonceState::Uninitialized))?;
        }
        NonceState::Initialized(data) => {
            let min_balance = rent.minimum_balance(ctx.instruction_account(FROM)?.data.len());
            let amount = lamports.checked_add(min_balance).ok_or(InstructionError::InsufficientFunds)?;
            if amount > balance {
                ctx.log(format!("Withdraw nonce account: insufficient lamports {balance}, need {amount}"));
                return Err(InstructionError::InsufficientFunds);
            }
            check_signer(ctx, &data.authority)?;
        }
    }
    let remaining = balance.checked_sub(lamports).ok_or(InstructionError::ArithmeticOverflow)?;
    ctx.set_lamports(FROM, remaining)?;
    let to_balance = ctx.instruction_account(TO)?.lamports;
    let credited = to_balance.checked_add(lamports).ok_or(InstructionError::ArithmeticOverflow)?;
    ctx.set_lamports(TO, credited)
}

/// `InitializeNonceAccount`: accounts `[nonce, RecentBlockhashes, Rent]`;
/// the account must be uninitialized and rent-exempt.
pub(crate) fn initialize(ctx: &mut InvokeContext, authority: &Pubkey) -> Result<(), InstructionError> {
    const NONCE: usize = 0;
    check_recent_blockhashes(ctx, 1, "Initialize")?;
    let rent = sysvar::<Rent>(ctx, 2)?;
    let key = ctx.instruction_account_key(NONCE)?;
    if !is_writable(ctx, NONCE)? {
        ctx.log(format!("Initialize nonce account: Account {} must be writeable", b58(&key)));
        return Err(InstructionError::InvalidArgument);
    }
    match state(ctx, NONCE)?.state() {
        NonceState::Uninitialized => {
            let account = ctx.instruction_account(NONCE)?;
            let (lamports, min_balance) = (account.lamports, rent.minimum_balance(account.data.len()));
            if lamports < min_balance {
                ctx.log(format!("Initialize nonce account: insufficient lamports {lamports}, need {min_balance}"));
                return Err(InstructionError::InsufficientFunds);
            }
            set_state(ctx, NONCE, &stored(*authority, next_durable_nonce(ctx)))
        }
        NonceState::Initialized(_) => {
            ctx.log(format!("Initialize nonce account: Account {} state is invalid", b58(&key)));
            Err(InstructionError::InvalidAccountData)
        }
    }
}

/// `AuthorizeNonceAccount`: accounts `[nonce]`, the current authority among
/// the signers; the layout (legacy or current) is kept.
pub(crate) fn authorize(ctx: &mut InvokeContext, new_authority: &Pubkey) -> Result<(), InstructionError> {
    const NONCE: usize = 0;
    let key = ctx.instruction_account_key(NONCE)?;
    if !is_writable(ctx, NONCE)? {
        ctx.log(format!("Authorize nonce account: Account {} must be writeable", b58(&key)));
        return Err(InstructionError::InvalidArgument);
    }
    let versions = state(ctx, NONCE)?;
    let NonceState::Initialized(data) = *versions.state() else {
        ctx.log(format!("Authorize nonce account: Account {} state is invalid", b58(&key)));
        return Err(InstructionError::InvalidAccountData);
    };
    if !signed_by(ctx, &data.authority)? {
        ctx.log(format!("Authorize nonce account: Account {} must sign", b58(&data.authority)));
        return Err(InstructionError::MissingRequiredSignature);
    }
    let state = NonceState::Initialized(NonceData { authority: *new_authority, ..data });
    let authorized = match versions {
        NonceVersions::Legacy(_) => NonceVersions::Legacy(state),
        NonceVersions::Current(_) => NonceVersions::Current(state),
    };
    set_state(ctx, NONCE, &authorized)
}

/// `UpgradeNonceAccount`: accounts `[nonce]`, a system account holding a
/// legacy initialized state, which gets the current layout.
pub(crate) fn upgrade(ctx: &mut InvokeContext) -> Result<(), InstructionError> {
    const NONCE: usize = 0;
    if ctx.instruction_account(NONCE)?.owner != SYSTEM_PROGRAM_ID {
        return Err(InstructionError::InvalidAccountOwner);
    }
    if !is_writable(ctx, NONCE)? {
        return Err(InstructionError::InvalidArgument);
    }
    let upgraded = state(ctx, NONCE)?.upgrade().ok_or(InstructionError::InvalidArgument)?;
    set_state(ctx, NONCE, &upgraded)
}

/// Whether `account` can pay fees, and the balance it must keep: a system
/// account without data (none), or an initialized nonce account (its
/// rent-exempt minimum).
pub(crate) fn fee_payer_minimum_balance(account: &Account, rent: &Rent) -> Option<u64> {
    if account.owner != SYSTEM_PROGRAM_ID {
        return None;
    }
    if account.data.is_empty() {
        return Some(0);
    }
    let initialized = account.data.len() == STATE_SIZE
        && matches!(NonceVersions::decode(&account.data).map(|versions| *versions.state()), Some(NonceState::Initialized(_)));
    initialized.then(|| rent.minimum_balance(STATE_SIZE))
}

/// A durable-nonce transaction's nonce account, advanced as its failure
/// commits it.
pub(crate) struct AdvancedNonce {
    /// Its index among the transaction's keys.
    pub index: usize,
    /// The account with the next durable nonce stored.
    pub account: Account,
}

/// Whether `tx`, whose recent blockhash is not `blockhash`, is a valid
/// durable-nonce transaction: its first instruction is the system program's
/// `AdvanceNonceAccount` on a static, writable account, which holds
/// (current layout, initialized, system-owned) the nonce the transaction
/// names, and whose authority signs that instruction. A nonce that would
/// not change when advanced (it was stored under `blockhash`) does not
/// count. Returns the account as advancing it leaves it.
pub(crate) fn check_transaction(tx: &SanitizedTransaction, store: &AccountStore, blockhash: &Hash) -> Option<AdvancedNonce> {
    let message = tx.message();
    let recent_blockhash = message.recent_blockhash();
    let next = DurableNonce::from_blockhash(blockhash);
    if recent_blockhash == next.as_hash() {
        return None;
    }
    let keys = tx.keys();
    let first = message.instructions().first()?;
    if keys.get(usize::from(first.program_id_index)) != Some(&SYSTEM_PROGRAM_ID)
        || first.data.get(..4) != Some(&ADVANCE_NONCE_ACCOUNT.to_le_bytes()[..])
    {
        return None;
    }
    let index = usize::from(*first.accounts.first()?);
    if index >= message.static_account_keys().len() || !tx.is_writable.get(index).copied().unwrap_or(false) {
        return None;
    }
    let stored_account = store.get(&keys[index]).filter(|account| account.owner == SYSTEM_PROGRAM_ID)?;
    let data = *NonceVersions::decode(&stored_account.data)?.verify_recent_blockhash(recent_blockhash)?;
    let authorized = first.accounts.iter().any(|signer| {
        let signer = usize::from(*signer);
        message.is_signer(signer) && keys.get(signer) == Some(&data.authority)
    });
    if !authorized {
        return None;
    }
    let mut account = stored_account.clone();
    stored(data.authority, next).encode_into(&mut account.data).ok()?;
    Some(AdvancedNonce { index, account })
}
