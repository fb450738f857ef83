//! A token vault per mint, at program-derived addresses, driving SPL Token
//! through cross-program invocations.
//!
//! The vault's authority is the PDA `["authority", mint]`; its token
//! account is the PDA `["vault", mint]`, owned by SPL Token.
//!
//! | tag | instruction | data | accounts |
//! |---|---|---|---|
//! | 0 | `Open` | — | `[payer WRITE+SIGNER, vault WRITE, mint, authority, system program, token program]` |
//! | 1 | `Deposit` | `amount: u64` | `[from WRITE, mint, vault WRITE, owner SIGNER, token program]` |
//! | 2 | `Withdraw` | `amount: u64` | `[vault WRITE, mint, to WRITE, authority, token program]` |
//! | 3 | `Reward` | `amount: u64` | `[mint WRITE, to WRITE, authority, token program]` (the authority PDA is the mint authority) |
//!
//! `Open` creates the vault account with `system::cpi::create_account`
//! (signed by the vault PDA) and initializes it with
//! `token::initialize_account3`; `Deposit` is `token::transfer_checked`
//! signed by the user; `Withdraw` and `Reward` are
//! `token::transfer_checked` and `token::mint_to_checked` signed by the
//! authority PDA.
#![cfg_attr(not(test), no_std)]

use lamport_sdk::{
    account_info::AccountInfo,
    msg,
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
    system,
    sysvar::rent::Rent,
    token,
};

/// Tag of `Open`.
pub const OPEN: u8 = 0;
/// Tag of `Deposit`.
pub const DEPOSIT: u8 = 1;
/// Tag of `Withdraw`.
pub const WITHDRAW: u8 = 2;
/// Tag of `Reward`.
pub const REWARD: u8 = 3;
/// First seed of the vault's token account.
pub const VAULT_SEED: &[u8] = b"vault";
/// First seed of the vault's authority.
pub const AUTHORITY_SEED: &[u8] = b"authority";

lamport_sdk::custom_errors! {
    /// The vault's errors (`ProgramError::Custom`).
    pub enum VaultError {
        /// The vault account is not the PDA `["vault", mint]`.
        WrongVault = 0,
        /// The authority account is not the PDA `["authority", mint]`.
        WrongAuthority = 1,
        /// The token program account is not SPL Token.
        NotTokenProgram = 2,
    }
}

#[cfg(not(feature = "no-entrypoint"))]
lamport_sdk::entrypoint!(process_instruction);

/// Decodes and runs one instruction.
pub fn process_instruction(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let amount = || data.get(1..9).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes).ok_or(ProgramError::InvalidInstructionData);
    match data.first() {
        Some(&OPEN) if data.len() == 1 => open(program_id, accounts),
        Some(&DEPOSIT) if data.len() == 9 => deposit(accounts, amount()?),
        Some(&WITHDRAW) if data.len() == 9 => withdraw(program_id, accounts, amount()?),
        Some(&REWARD) if data.len() == 9 => reward(program_id, accounts, amount()?),
        _ => Err(ProgramError::InvalidInstructionData),
    }
}

/// The mint's decimals, read from the mint account (byte 44 of SPL Token's layout).
fn decimals(mint: &AccountInfo) -> Result<u8, ProgramError> {
    if !mint.is_owned_by(&token::ID) {
        return Err(ProgramError::IllegalOwner);
    }
    let data = mint.try_borrow_data()?;
    data.get(44).copied().ok_or(ProgramError::InvalidAccountData)
}

fn check_token_program(account: &AccountInfo) -> ProgramResult {
    if token::check_id(account.key()) {
        Ok(())
    } else {
        Err(VaultError::NotTokenProgram.into())
    }
}

/// The bump of `["authority", mint]`, checking `authority` is that PDA.
fn authority_bump(program_id: &Pubkey, mint: &AccountInfo, authority: &AccountInfo) -> Result<u8, ProgramError> {
    let (expected, bump) = Pubkey::find_program_address(&[AUTHORITY_SEED, mint.key().as_ref()], program_id);
    if authority.key() != &expected {
        return Err(VaultError::WrongAuthority.into());
    }
    Ok(bump)
}

fn open(program_id: &Pubkey, accounts: &[AccountInfo]) -> ProgramResult {
    let [payer, vault, mint, authority, _system, token_program, ..] = accounts else {
        return Err(ProgramError::NotEnoughAccountKeys);
    };
    check_token_program(token_program)?;
    authority_bump(program_id, mint, authority)?;
    let (expected, bump) = Pubkey::find_program_address(&[VAULT_SEED, mint.key().as_ref()], program_id);
    if vault.key() != &expected {
        return Err(VaultError::WrongVault.into());
    }
    let lamports = Rent::get()?.minimum_balance(token::ACCOUNT_LEN);
    let bump = [bump];
    let seeds: [&[u8]; 3] = [VAULT_SEED, mint.key().as_ref(), &bump];
    system::cpi::create_account(payer, vault, lamports, token::ACCOUNT_LEN as u64, &token::ID).invoke_signed(&[&seeds])?;
    token::initialize_account3(vault, mint, authority.key()).invoke()?;
    msg!("vault opened");
    Ok(())
}

fn deposit(accounts: &[AccountInfo], amount: u64) -> ProgramResult {
    let [from, mint, vault, owner, token_program, ..] = accounts else {
        return Err(ProgramError::NotEnoughAccountKeys);
    };
    check_token_program(token_program)?;
    token::transfer_checked(from, mint, vault, owner, amount, decimals(mint)?).invoke()
}

fn withdraw(program_id: &Pubkey, accounts: &[AccountInfo], amount: u64) -> ProgramResult {
    let [vault, mint, to, authority, token_program, ..] = accounts else {
        return Err(ProgramError::NotEnoughAccountKeys);
    };
    check_token_program(token_program)?;
    let bump = [authority_bump(program_id, mint, authority)?];
    let seeds: [&[u8]; 3] = [AUTHORITY_SEED, mint.key().as_ref(), &bump];
    token::transfer_checked(vault, mint, to, authority, amount, decimals(mint)?).invoke_signed(&[&seeds])
}

fn reward(program_id: &Pubkey, accounts: &[AccountInfo], amount: u64) -> ProgramResult {
    let [mint, to, authority, token_program, ..] = accounts else {
        return Err(ProgramError::NotEnoughAccountKeys);
    };
    check_token_program(token_program)?;
    let bump = [authority_bump(program_id, mint, authority)?];
    let seeds: [&[u8]; 3] = [AUTHORITY_SEED, mint.key().as_ref(), &bump];
    token::mint_to_checked(mint, to, authority, amount, decimals(mint)?).invoke_signed(&[&seeds])
}

lamport_sdk::on_host! {
    /// Instruction builders for clients and tests (host only).
    pub mod client {
        extern crate alloc;
        use alloc::vec;

        use lamport_sdk::{
            instruction::{AccountMeta, Instruction},
            pubkey::Pubkey,
            system, token,
        };

        /// The vault's token account and authority for `mint`.
        pub fn addresses(program_id: &Pubkey, mint: &Pubkey) -> (Pubkey, Pubkey) {
            let vault = Pubkey::find_program_address(&[super::VAULT_SEED, mint.as_ref()], program_id).0;
            let authority = Pubkey::find_program_address(&[super::AUTHORITY_SEED, mint.as_ref()], program_id).0;
            (vault, authority)
        }

        fn with_amount(tag: u8, amount: u64) -> vec::Vec<u8> {
            let mut data = vec![tag];
            data.extend_from_slice(&amount.to_le_bytes());
            data
        }

        /// `Open` for `mint`, paid by `payer`.
        pub fn open(program_id: &Pubkey, payer: &Pubkey, mint: &Pubkey) -> Instruction {
            let (vault, authority) = addresses(program_id, mint);
            Instruction::new_with_bytes(
                *program_id,
                &[super::OPEN],
                vec![
                    AccountMeta::new(*payer, true),
                    AccountMeta::new(vault, false),
                    AccountMeta::new_readonly(*mint, false),
                    AccountMeta::new_readonly(authority, false),
                    AccountMeta::new_readonly(system::ID, false),
                    AccountMeta::new_readonly(token::ID, false),
                ],
            )
        }

        /// `Deposit` of `amount` from `from`, signed by its `owner`.
        pub fn deposit(program_id: &Pubkey, mint: &Pubkey, from: &Pubkey, owner: &Pubkey, amount: u64) -> Instruction {
            let (vault, _) = addresses(program_id, mint);
            Instruction::new_with_bytes(
                *program_id,
                &with_amount(super::DEPOSIT, amount),
                vec![
                    AccountMeta::new(*from, false),
                    AccountMeta::new_readonly(*mint, false),
                    AccountMeta::new(vault, false),
                    AccountMeta::new_readonly(*owner, true),
                    AccountMeta::new_readonly(token::ID, false),
                ],
            )
        }

        /// `Withdraw` of `amount` to `to`.
        pub fn withdraw(program_id: &Pubkey, mint: &Pubkey, to: &Pubkey, amount: u64) -> Instruction {
            let (vault, authority) = addresses(program_id, mint);
            Instruction::new_with_bytes(
                *program_id,
                &with_amount(super::WITHDRAW, amount),
                vec![
                    AccountMeta::new(vault, false),
                    AccountMeta::new_readonly(*mint, false),
                    AccountMeta::new(*to, false),
                    AccountMeta::new_readonly(authority, false),
                    AccountMeta::new_readonly(token::ID, false),
                ],
            )
        }

        /// `Reward`: mints `amount` into `to`.
        pub fn reward(program_id: &Pubkey, mint: &Pubkey, to: &Pubkey, amount: u64) -> Instruction {
            let (_, authority) = addresses(program_id, mint);
            Instruction::new_with_bytes(
                *program_id,
                &with_amount(super::REWARD, amount),
                vec![
                    AccountMeta::new(*mint, false),
                    AccountMeta::new(*to, false),
                    AccountMeta::new_readonly(authority, false),
                    AccountMeta::new_readonly(token::ID, false),
                ],
            )
        }
    }
}
