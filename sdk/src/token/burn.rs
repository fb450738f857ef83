//! `Burn` (tag 8): destroys `amount` tokens of `account`.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `Burn`.
pub const BURN: u8 = 8;

/// Destroys `amount` tokens of `account`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `account`, the token account debited | `[WRITE]` |
/// | 1 | `mint`, its mint | `[WRITE]` |
/// | 2 | `authority`, the account's owner or delegate | `[SIGNER]` |
///
/// Data (9 bytes): `08` ‖ amount u64 LE.
///
/// Built for SPL Token; [`Burn::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct Burn<'a> {
    /// The token account debited.
    pub account: &'a AccountInfo,
    /// Its mint.
    pub mint: &'a AccountInfo,
    /// The account's owner or delegate.
    pub authority: &'a AccountInfo,
    /// Tokens to burn (base units).
    pub amount: u64,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `Burn` for SPL Token (see [`Burn`]).
pub fn burn<'a>(account: &'a AccountInfo, mint: &'a AccountInfo, authority: &'a AccountInfo, amount: u64) -> Burn<'a> {
    Burn {
        account,
        mint,
        authority,
        amount,
        token_program: &ID,
    }
}

impl<'a> Burn<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<9> {
        Data::new(BURN).u64(self.amount)
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
