//! `FreezeAccount` (tag 10): freezes a token account.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `FreezeAccount`.
pub const FREEZE_ACCOUNT: u8 = 10;

/// Freezes a token account.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `account`, the token account | `[WRITE]` |
/// | 1 | `mint`, its mint |  |
/// | 2 | `authority`, the mint's freeze authority | `[SIGNER]` |
///
/// Data (1 bytes): `0a`.
///
/// Built for SPL Token; [`FreezeAccount::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct FreezeAccount<'a> {
    /// The token account.
    pub account: &'a AccountInfo,
    /// Its mint.
    pub mint: &'a AccountInfo,
    /// The mint's freeze authority.
    pub authority: &'a AccountInfo,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `FreezeAccount` for SPL Token (see [`FreezeAccount`]).
pub fn freeze_account<'a>(
    account: &'a AccountInfo,
    mint: &'a AccountInfo,
    authority: &'a AccountInfo,
) -> FreezeAccount<'a> {
    FreezeAccount {
        account,
        mint,
        authority,
        token_program: &ID,
    }
}

impl<'a> FreezeAccount<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<1> {
        Data::new(FREEZE_ACCOUNT)
    }

    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. an authority).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let metas = [
            AccountMeta::writable(self.account.key()),
            AccountMeta::readonly(self.mint.key()),
            AccountMeta::readonly_signer(self.authority.key()),
        ];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.account, self.mint, self.authority],
            signers_seeds,
        )
    }
}
