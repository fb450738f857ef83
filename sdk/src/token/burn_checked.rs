//! `BurnChecked` (tag 15): like `Burn`, checking the mint's decimals.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `BurnChecked`.
pub const BURN_CHECKED: u8 = 15;

/// Like `Burn`, checking the mint's decimals.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `account`, the token account debited | `[WRITE]` |
/// | 1 | `mint`, its mint | `[WRITE]` |
/// | 2 | `authority`, the account's owner or delegate | `[SIGNER]` |
///
/// Data (10 bytes): `0f` ‖ amount u64 LE ‖ decimals u8.
///
/// Built for SPL Token; [`BurnChecked::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct BurnChecked<'a> {
    /// The token account debited.
    pub account: &'a AccountInfo,
    /// Its mint.
    pub mint: &'a AccountInfo,
    /// The account's owner or delegate.
    pub authority: &'a AccountInfo,
    /// Tokens to burn (base units).
    pub amount: u64,
    /// The mint's decimals.
    pub decimals: u8,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `BurnChecked` for SPL Token (see [`BurnChecked`]).
pub fn burn_checked<'a>(
    account: &'a AccountInfo,
    mint: &'a AccountInfo,
    authority: &'a AccountInfo,
    amount: u64,
    decimals: u8,
) -> BurnChecked<'a> {
    BurnChecked {
        account,
        mint,
        authority,
        amount,
        decimals,
        token_program: &ID,
    }
}

impl<'a> BurnChecked<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<10> {
        Data::new(BURN_CHECKED).u64(self.amount).u8(self.decimals)
    }

    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. an authority).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let metas = [
            AccountMeta::writable(self.account.key()),
            AccountMeta::writable(self.mint.key()),
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
