//! `Approve` (tag 4): lets `delegate` move up to `amount` tokens of `source`.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `Approve`.
pub const APPROVE: u8 = 4;

/// Lets `delegate` move up to `amount` tokens of `source`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `source`, the token account | `[WRITE]` |
/// | 1 | `delegate`, the delegate |  |
/// | 2 | `owner`, the source's owner | `[SIGNER]` |
///
/// Data (9 bytes): `04` ‖ amount u64 LE.
///
/// Built for SPL Token; [`Approve::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct Approve<'a> {
    /// The token account.
    pub source: &'a AccountInfo,
    /// The delegate.
    pub delegate: &'a AccountInfo,
    /// The source's owner.
    pub owner: &'a AccountInfo,
    /// Most tokens the delegate may move.
    pub amount: u64,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `Approve` for SPL Token (see [`Approve`]).
pub fn approve<'a>(
    source: &'a AccountInfo,
    delegate: &'a AccountInfo,
    owner: &'a AccountInfo,
    amount: u64,
) -> Approve<'a> {
    Approve {
        source,
        delegate,
        owner,
        amount,
        token_program: &ID,
    }
}

impl<'a> Approve<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<9> {
        Data::new(APPROVE).u64(self.amount)
    }

    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. an authority).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let metas = [
            AccountMeta::writable(self.source.key()),
            AccountMeta::readonly(self.delegate.key()),
            AccountMeta::readonly_signer(self.owner.key()),
        ];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.source, self.delegate, self.owner],
            signers_seeds,
        )
    }
}
