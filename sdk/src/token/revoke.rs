//! `Revoke` (tag 5): removes the delegate of `source`.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `Revoke`.
pub const REVOKE: u8 = 5;

/// Removes the delegate of `source`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `source`, the token account | `[WRITE]` |
/// | 1 | `owner`, its owner | `[SIGNER]` |
///
/// Data (1 bytes): `05`.
///
/// Built for SPL Token; [`Revoke::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct Revoke<'a> {
    /// The token account.
    pub source: &'a AccountInfo,
    /// Its owner.
    pub owner: &'a AccountInfo,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `Revoke` for SPL Token (see [`Revoke`]).
pub fn revoke<'a>(source: &'a AccountInfo, owner: &'a AccountInfo) -> Revoke<'a> {
    Revoke {
        source,
        owner,
        token_program: &ID,
    }
}

impl<'a> Revoke<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<1> {
        Data::new(REVOKE)
    }

    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. an authority).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let metas = [
            AccountMeta::writable(self.source.key()),
            AccountMeta::readonly_signer(self.owner.key()),
        ];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.source, self.owner],
            signers_seeds,
        )
    }
}
