//! `Create` (tag 0): creates the associated token account of `wallet` for `mint`; fails if it exists.

use super::ID;
use crate::{
    account_info::AccountInfo,
    cpi::{self, AccountMeta, Instruction},
    program_error::ProgramResult,
};

/// Tag of `Create`.
pub const CREATE: u8 = 0;

/// Creates the associated token account of `wallet` for `mint`; fails if it exists.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `funder`, pays for the account | `[WRITE, SIGNER]` |
/// | 1 | `associated_account`, at [`get_associated_token_address_with_program_id`](super::get_associated_token_address_with_program_id) | `[WRITE]` |
/// | 2 | `wallet`, the account's owner | |
/// | 3 | `mint` | |
/// | 4 | `system_program`, the System program | |
/// | 5 | `token_program`, SPL Token or Token-2022 (owns `mint`) | |
///
/// Data (1 byte): `00`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct Create<'a> {
    /// Pays for the new account.
    pub funder: &'a AccountInfo,
    /// The associated token account.
    pub associated_account: &'a AccountInfo,
    /// Its owner.
    pub wallet: &'a AccountInfo,
    /// Its mint.
    pub mint: &'a AccountInfo,
    /// The System program's account.
    pub system_program: &'a AccountInfo,
    /// The token program's account (SPL Token or Token-2022).
    pub token_program: &'a AccountInfo,
}

/// `Create` (see [`Create`]).
pub fn create<'a>(
    funder: &'a AccountInfo,
    associated_account: &'a AccountInfo,
    wallet: &'a AccountInfo,
    mint: &'a AccountInfo,
    system_program: &'a AccountInfo,
    token_program: &'a AccountInfo,
) -> Create<'a> {
    Create {
        funder,
        associated_account,
        wallet,
        mint,
        system_program,
        token_program,
    }
}

impl Create<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. `funder`).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        self.invoke_with_tag(CREATE, signers_seeds)
    }

    /// Invokes the instruction `tag` over these accounts: `Create` and
    /// `CreateIdempotent` take the same ones.
    pub(super) fn invoke_with_tag(&self, tag: u8, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let metas = [
            AccountMeta::writable_signer(self.funder.key()),
            AccountMeta::writable(self.associated_account.key()),
            AccountMeta::readonly(self.wallet.key()),
            AccountMeta::readonly(self.mint.key()),
            AccountMeta::readonly(self.system_program.key()),
            AccountMeta::readonly(self.token_program.key()),
        ];
        let accounts = [
            self.funder,
            self.associated_account,
            self.wallet,
            self.mint,
            self.system_program,
            self.token_program,
        ];
        let ix = Instruction {
            program_id: &ID,
            accounts: &metas,
            data: &[tag],
        };
        cpi::invoke_signed(&ix, &accounts, signers_seeds)
    }
}
