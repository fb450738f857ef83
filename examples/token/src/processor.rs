//! The general path: every instruction, with the SDK's parsed accounts and
//! borrow-checked data.
//!
//! Owner checks: an account this program writes must be owned by it, or
//! the runtime rejects the transaction after the program returns
//! (`ExternalAccountDataModified`). Accounts that are only read (the mint
//! of `InitializeAccount`) are checked here, as are accounts being
//! initialized, so a foreign account is refused with a clear error.

use lamport_sdk::{
    account_info::AccountInfo,
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
};

use crate::{
    error::TokenError,
    instruction::TokenInstruction,
    state::{account_state, Mint, TokenAccount, SOME},
};

/// Decodes and runs one instruction.
pub fn process_instruction(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    match TokenInstruction::unpack(data)? {
        TokenInstruction::InitializeMint { decimals, authority } => initialize_mint(program_id, accounts, decimals, &authority),
        TokenInstruction::InitializeAccount { owner } => initialize_account(program_id, accounts, &owner),
        TokenInstruction::Transfer { amount } => transfer(accounts, amount),
        TokenInstruction::MintTo { amount } => mint_to(accounts, amount),
        TokenInstruction::Burn { amount } => burn(accounts, amount),
    }
}

fn owned(account: &AccountInfo, program_id: &Pubkey) -> ProgramResult {
    if account.is_owned_by(program_id) {
        Ok(())
    } else {
        Err(ProgramError::IncorrectProgramId)
    }
}

fn signed_by(signer: &AccountInfo, expected: &Pubkey) -> ProgramResult {
    if signer.key() != expected {
        return Err(TokenError::OwnerMismatch.into());
    }
    if !signer.is_signer() {
        return Err(ProgramError::MissingRequiredSignature);
    }
    Ok(())
}

fn usable(account: &TokenAccount) -> ProgramResult {
    match account.state {
        account_state::INITIALIZED => Ok(()),
        account_state::FROZEN => Err(TokenError::AccountFrozen.into()),
        _ => Err(TokenError::UninitializedState.into()),
    }
}

fn initialize_mint(program_id: &Pubkey, accounts: &[AccountInfo], decimals: u8, authority: &Pubkey) -> ProgramResult {
    let [mint, ..] = accounts else { return Err(ProgramError::NotEnoughAccountKeys) };
    owned(mint, program_id)?;
    let mut data = mint.try_borrow_mut_data()?;
    let mint = Mint::load_mut(&mut data)?;
    if mint.is_initialized() {
        return Err(TokenError::AlreadyInUse.into());
    }
    mint.mint_authority_tag = SOME;
    mint.mint_authority = *authority;
    mint.decimals = decimals;
    mint.is_initialized = 1;
    Ok(())
}

fn initialize_account(program_id: &Pubkey, accounts: &[AccountInfo], owner: &Pubkey) -> ProgramResult {
    let [account, mint_info, ..] = accounts else { return Err(ProgramError::NotEnoughAccountKeys) };
    owned(account, program_id)?;
    owned(mint_info, program_id)?;
    if !Mint::load(&mint_info.try_borrow_data()?)?.is_initialized() {
        return Err(TokenError::UninitializedState.into());
    }
    let mut data = account.try_borrow_mut_data()?;
    let state = TokenAccount::load_mut(&mut data)?;
    if state.state != account_state::UNINITIALIZED {
        return Err(TokenError::AlreadyInUse.into());
    }
    state.mint = *mint_info.key();
    state.owner = *owner;
    state.state = account_state::INITIALIZED;
    Ok(())
}

/// `Transfer` when the fast path does not apply (a duplicate account, an
/// authority with data, …). Same checks, same effect.
fn transfer(accounts: &[AccountInfo], amount: u64) -> ProgramResult {
    let [source_info, destination_info, authority, ..] = accounts else {
        return Err(ProgramError::NotEnoughAccountKeys);
    };
    let (mint, remaining) = {
        let data = source_info.try_borrow_data()?;
        let source = TokenAccount::load(&data)?;
        usable(source)?;
        signed_by(authority, &source.owner)?;
        let remaining = source.amount().checked_sub(amount).ok_or(TokenError::InsufficientFunds)?;
        (source.mint, remaining)
    };
    {
        let data = destination_info.try_borrow_data()?;
        let destination = TokenAccount::load(&data)?;
        usable(destination)?;
        if destination.mint != mint {
            return Err(TokenError::MintMismatch.into());
        }
    }
    if source_info.key() == destination_info.key() {
        return Ok(());
    }
    TokenAccount::load_mut(&mut source_info.try_borrow_mut_data()?)?.set_amount(remaining);
    let mut data = destination_info.try_borrow_mut_data()?;
    let destination = TokenAccount::load_mut(&mut data)?;
    // The supply bounds every sum of balances, so this cannot overflow.
    let credited = destination.amount().checked_add(amount).ok_or(TokenError::Overflow)?;
    destination.set_amount(credited);
    Ok(())
}

fn mint_to(accounts: &[AccountInfo], amount: u64) -> ProgramResult {
    let [mint_info, destination_info, authority, ..] = accounts else {
        return Err(ProgramError::NotEnoughAccountKeys);
    };
    let mut mint_data = mint_info.try_borrow_mut_data()?;
    let mint = Mint::load_mut(&mut mint_data)?;
    if !mint.is_initialized() {
        return Err(TokenError::UninitializedState.into());
    }
    if mint.mint_authority_tag != SOME {
        return Err(TokenError::FixedSupply.into());
    }
    signed_by(authority, &mint.mint_authority)?;
    let mut data = destination_info.try_borrow_mut_data()?;
    let destination = TokenAccount::load_mut(&mut data)?;
    usable(destination)?;
    if destination.mint != *mint_info.key() {
        return Err(TokenError::MintMismatch.into());
    }
    let supply = mint.supply().checked_add(amount).ok_or(TokenError::Overflow)?;
    mint.supply = supply.to_le_bytes();
    destination.set_amount(destination.amount() + amount);
    Ok(())
}

fn burn(accounts: &[AccountInfo], amount: u64) -> ProgramResult {
    let [account_info, mint_info, authority, ..] = accounts else {
        return Err(ProgramError::NotEnoughAccountKeys);
    };
    let mut data = account_info.try_borrow_mut_data()?;
    let account = TokenAccount::load_mut(&mut data)?;
    usable(account)?;
    if account.mint != *mint_info.key() {
        return Err(TokenError::MintMismatch.into());
    }
    signed_by(authority, &account.owner)?;
    let remaining = account.amount().checked_sub(amount).ok_or(TokenError::InsufficientFunds)?;
    let mut mint_data = mint_info.try_borrow_mut_data()?;
    let mint = Mint::load_mut(&mut mint_data)?;
    // The account's tokens are part of the supply, so this cannot underflow.
    let supply = mint.supply().checked_sub(amount).ok_or(TokenError::Overflow)?;
    mint.supply = supply.to_le_bytes();
    account.set_amount(remaining);
    Ok(())
}
