//! `MintToChecked` (tag 14): like `MintTo`, checking the mint's decimals.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `MintToChecked`.
pub const MINT_TO_CHECKED: u8 = 14;

/// Like `MintTo`, checking the mint's decimals.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `mint`, the mint | `[WRITE]` |
/// | 1 | `destination`, the token account credited | `[WRITE]` |
/// | 2 | `authority`, the mint authority | `[SIGNER]` |
///
/// Data (10 bytes): `0e` ‖ amount u64 LE ‖ decimals u8.
///
/// Built for SPL Token; [`MintToChecked::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct MintToChecked<'a> {
    /// The mint.
    pub mint: &'a AccountInfo,
    /// The token account credited.
    pub destination: &'a AccountInfo,
    /// The mint authority.
    pub authority: &'a AccountInfo,
    /// Tokens to mint (base units).
    pub amount: u64,
    /// The mint's decimals.
    pub decimals: u8,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `MintToChecked` for SPL Token (see [`MintToChecked`]).
pub fn mint_to_checked<'a>(
    mint: &'a AccountInfo,
    destination: &'a AccountInfo,
    authority: &'a AccountInfo,
    amount: u64,
    decimals: u8,
) -> MintToChecked<'a> {
    MintToChecked {
        mint,
        destination,
        authority,
        amount,
        decimals,
        token_program: &ID,
    }
}

impl<'a> MintToChecked<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<10> {
        Data::new(MINT_TO_CHECKED).u64(self.amount).u8(self.decimals)
    }

    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. an authority).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let metas = [
            AccountMeta::writable(self.mint.key()),
            AccountMeta::writable(self.destination.key()),
            AccountMeta::readonly_signer(self.authority.key()),
        ];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.mint, self.destination, self.authority],
            signers_seeds,
        )
    }
}
