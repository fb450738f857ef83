//! `InitializeAccount3` (tag 18): initializes a token account of `mint`; the owner is given in the data.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `InitializeAccount3`.
pub const INITIALIZE_ACCOUNT3: u8 = 18;

/// Initializes a token account of `mint`; the owner is given in the data.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `account`, the token account, 165 bytes, uninitialized | `[WRITE]` |
/// | 1 | `mint`, its mint |  |
///
/// Data (33 bytes): `12` ‖ owner (32 bytes).
///
/// Built for SPL Token; [`InitializeAccount3::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct InitializeAccount3<'a> {
    /// The token account, 165 bytes, uninitialized.
    pub account: &'a AccountInfo,
    /// Its mint.
    pub mint: &'a AccountInfo,
    /// The account's owner.
    pub owner: &'a Pubkey,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `InitializeAccount3` for SPL Token (see [`InitializeAccount3`]).
pub fn initialize_account3<'a>(
    account: &'a AccountInfo,
    mint: &'a AccountInfo,
    owner: &'a Pubkey,
) -> InitializeAccount3<'a> {
    InitializeAccount3 {
        account,
        mint,
        owner,
        token_program: &ID,
    }
}

impl<'a> InitializeAccount3<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<33> {
        Data::new(INITIALIZE_ACCOUNT3).key(self.owner)
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
        ];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.account, self.mint],
            signers_seeds,
        )
    }
}
