//! `ApproveChecked` (tag 13): like `Approve`, checking the mint and its decimals.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `ApproveChecked`.
pub const APPROVE_CHECKED: u8 = 13;

/// Like `Approve`, checking the mint and its decimals.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `source`, the token account | `[WRITE]` |
/// | 1 | `mint`, the mint |  |
/// | 2 | `delegate`, the delegate |  |
/// | 3 | `owner`, the source's owner | `[SIGNER]` |
///
/// Data (10 bytes): `0d` ‖ amount u64 LE ‖ decimals u8.
///
/// Built for SPL Token; [`ApproveChecked::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct ApproveChecked<'a> {
    /// The token account.
    pub source: &'a AccountInfo,
    /// The mint.
    pub mint: &'a AccountInfo,
    /// The delegate.
    pub delegate: &'a AccountInfo,
    /// The source's owner.
    pub owner: &'a AccountInfo,
    /// Most tokens the delegate may move.
    pub amount: u64,
    /// The mint's decimals.
    pub decimals: u8,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `ApproveChecked` for SPL Token (see [`ApproveChecked`]).
pub fn approve_checked<'a>(
    source: &'a AccountInfo,
    mint: &'a AccountInfo,
    delegate: &'a AccountInfo,
    owner: &'a AccountInfo,
    amount: u64,
    decimals: u8,
) -> ApproveChecked<'a> {
    ApproveChecked {
        source,
        mint,
        delegate,
        owner,
        amount,
        decimals,
        token_program: &ID,
    }
}

impl<'a> ApproveChecked<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<10> {
        Data::new(APPROVE_CHECKED).u64(self.amount).u8(self.decimals)
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
            AccountMeta::readonly(self.delegate.key()),
            AccountMeta::readonly_signer(self.owner.key()),
        ];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.source, self.mint, self.delegate, self.owner],
            signers_seeds,
        )
    }
}
