//! `CreateIdempotent` (tag 1): creates the associated token account of `wallet` for `mint` unless it exists (then checks it and succeeds).

use crate::{account_info::AccountInfo, program_error::ProgramResult};

/// Tag of `CreateIdempotent`.
pub const CREATE_IDEMPOTENT: u8 = 1;

/// Creates the associated token account of `wallet` for `mint` unless it exists (then checks it and succeeds).
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
/// Data (1 byte): `01`.
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct CreateIdempotent<'a> {
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

/// `CreateIdempotent` (see [`CreateIdempotent`]).
pub fn create_idempotent<'a>(
    funder: &'a AccountInfo,
    associated_account: &'a AccountInfo,
    wallet: &'a AccountInfo,
    mint: &'a AccountInfo,
    system_program: &'a AccountInfo,
    token_program: &'a AccountInfo,
) -> CreateIdempotent<'a> {
    CreateIdempotent {
        funder,
        associated_account,
        wallet,
        mint,
        system_program,
        token_program,
    }
}

impl CreateIdempotent<'_> {
    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. `funder`).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let accounts = super::Create {
            funder: self.funder,
            associated_account: self.associated_account,
            wallet: self.wallet,
            mint: self.mint,
            system_program: self.system_program,
            token_program: self.token_program,
        };
        accounts.invoke_with_tag(CREATE_IDEMPOTENT, signers_seeds)
    }
}
