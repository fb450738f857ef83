//! System program instructions as heap-free cross-program invocations.
//!
//! Each builder takes the account views and returns a value whose
//! `invoke()` / `invoke_signed(seeds)` builds the data and metas on the
//! stack and calls the system program.
//!
//! ```no_run
//! use lamport_sdk::{account_info::AccountInfo, program_error::ProgramResult, pubkey::Pubkey, system};
//!
//! fn make_vault(payer: &AccountInfo, vault: &AccountInfo, program_id: &Pubkey, bump: u8) -> ProgramResult {
//!     system::cpi::create_account(payer, vault, 1_000_000, 64, program_id)
//!         .invoke_signed(&[&[b"vault", payer.key().as_ref(), &[bump]]])
//! }
//! ```

use super::{ALLOCATE, ASSIGN, CREATE_ACCOUNT, ID, TRANSFER};
use crate::{
    account_info::AccountInfo,
    cpi::{self, AccountMeta, Instruction},
    program_error::ProgramResult,
    pubkey::Pubkey,
};

fn run(
    metas: &[AccountMeta<'_>],
    data: &[u8],
    accounts: &[&AccountInfo],
    signers_seeds: &[&[&[u8]]],
) -> ProgramResult {
    let ix = Instruction {
        program_id: &ID,
        accounts: metas,
        data,
    };
    cpi::invoke_signed(&ix, accounts, signers_seeds)
}

/// `CreateAccount` — `[from WRITE+SIGNER, to WRITE+SIGNER]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct CreateAccount<'a> {
    /// Funds the new account.
    pub from: &'a AccountInfo,
    /// The new account.
    pub to: &'a AccountInfo,
    /// Lamports to move.
    pub lamports: u64,
    /// Bytes of data.
    pub space: u64,
    /// Owner of the new account.
    pub owner: &'a Pubkey,
}

/// Creates `to` (see [`CreateAccount`]).
pub fn create_account<'a>(
    from: &'a AccountInfo,
    to: &'a AccountInfo,
    lamports: u64,
    space: u64,
    owner: &'a Pubkey,
) -> CreateAccount<'a> {
    CreateAccount {
        from,
        to,
        lamports,
        space,
        owner,
    }
}

impl CreateAccount<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. `to`).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let mut data = [0u8; 52];
        data[..4].copy_from_slice(&CREATE_ACCOUNT.to_le_bytes());
        data[4..12].copy_from_slice(&self.lamports.to_le_bytes());
        data[12..20].copy_from_slice(&self.space.to_le_bytes());
        data[20..].copy_from_slice(self.owner.as_ref());
        let metas = [
            AccountMeta::writable_signer(self.from.key()),
            AccountMeta::writable_signer(self.to.key()),
        ];
        run(&metas, &data, &[self.from, self.to], signers_seeds)
    }
}

/// `Transfer` — `[from WRITE+SIGNER, to WRITE]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct Transfer<'a> {
    /// Pays.
    pub from: &'a AccountInfo,
    /// Receives.
    pub to: &'a AccountInfo,
    /// Amount.
    pub lamports: u64,
}

/// Moves lamports (see [`Transfer`]).
pub fn transfer<'a>(from: &'a AccountInfo, to: &'a AccountInfo, lamports: u64) -> Transfer<'a> {
    Transfer { from, to, lamports }
}

impl Transfer<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. `from`).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let mut data = [0u8; 12];
        data[..4].copy_from_slice(&TRANSFER.to_le_bytes());
        data[4..].copy_from_slice(&self.lamports.to_le_bytes());
        let metas = [
            AccountMeta::writable_signer(self.from.key()),
            AccountMeta::writable(self.to.key()),
        ];
        run(&metas, &data, &[self.from, self.to], signers_seeds)
    }
}

/// `Assign` — `[account WRITE+SIGNER]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct Assign<'a> {
    /// The account.
    pub account: &'a AccountInfo,
    /// Its new owner.
    pub owner: &'a Pubkey,
}

/// Assigns an account (see [`Assign`]).
pub fn assign<'a>(account: &'a AccountInfo, owner: &'a Pubkey) -> Assign<'a> {
    Assign { account, owner }
}

impl Assign<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program.
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let mut data = [0u8; 36];
        data[..4].copy_from_slice(&ASSIGN.to_le_bytes());
        data[4..].copy_from_slice(self.owner.as_ref());
        let metas = [AccountMeta::writable_signer(self.account.key())];
        run(&metas, &data, &[self.account], signers_seeds)
    }
}

/// `Allocate` — `[account WRITE+SIGNER]`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct Allocate<'a> {
    /// The account.
    pub account: &'a AccountInfo,
    /// Bytes of data.
    pub space: u64,
}

/// Allocates data (see [`Allocate`]).
pub fn allocate(account: &AccountInfo, space: u64) -> Allocate<'_> {
    Allocate { account, space }
}

impl Allocate<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program.
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let mut data = [0u8; 12];
        data[..4].copy_from_slice(&ALLOCATE.to_le_bytes());
        data[4..].copy_from_slice(&self.space.to_le_bytes());
        let metas = [AccountMeta::writable_signer(self.account.key())];
        run(&metas, &data, &[self.account], signers_seeds)
    }
}
