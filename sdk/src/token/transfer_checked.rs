//! `TransferChecked` (tag 12): moves `amount` tokens, checking the mint and its decimals.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `TransferChecked`.
pub const TRANSFER_CHECKED: u8 = 12;

/// Moves `amount` tokens, checking the mint and its decimals.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `source`, the account tokens leave | `[WRITE]` |
/// | 1 | `mint`, the mint |  |
/// | 2 | `destination`, the account tokens reach | `[WRITE]` |
/// | 3 | `authority`, the source's owner or delegate | `[SIGNER]` |
///
/// Data (10 bytes): `0c` ‖ amount u64 LE ‖ decimals u8.
///
/// Built for SPL Token; [`TransferChecked::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct TransferChecked<'a> {
    /// The account tokens leave.
    pub source: &'a AccountInfo,
    /// The mint.
    pub mint: &'a AccountInfo,
    /// The account tokens reach.
    pub destination: &'a AccountInfo,
    /// The source's owner or delegate.
    pub authority: &'a AccountInfo,
    /// Tokens to move (base units).
    pub amount: u64,
    /// The mint's decimals, as the caller expects them.
    pub decimals: u8,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `TransferChecked` for SPL Token (see [`TransferChecked`]).
pub fn transfer_checked<'a>(
    source: &'a AccountInfo,
    mint: &'a AccountInfo,
    destination: &'a AccountInfo,
    authority: &'a AccountInfo,
    amount: u64,
    decimals: u8,
) -> TransferChecked<'a> {
    TransferChecked {
        source,
        mint,
        destination,
        authority,
        amount,
        decimals,
        token_program: &ID,
    }
}

impl<'a> TransferChecked<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<10> {
        Data::new(TRANSFER_CHECKED).u64(self.amount).u8(self.decimals)
    }

    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. an authority).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let metas = [
            AccountMeta::writable(self.source.key()),
            AccountMeta::readonly(self.mint.key()),
            AccountMeta::writable(self.destination.key()),
            AccountMeta::readonly_signer(self.authority.key()),
        ];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.source, self.mint, self.destination, self.authority],
            signers_seeds,
        )
    }
}
