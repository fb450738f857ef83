//! `InitializeAccount` (tag 1): initializes a token account of `mint` owned by `owner`.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `InitializeAccount`.
pub const INITIALIZE_ACCOUNT: u8 = 1;

/// Initializes a token account of `mint` owned by `owner`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `account`, the token account, 165 bytes, uninitialized | `[WRITE]` |
/// | 1 | `mint`, its mint |  |
/// | 2 | `owner`, its owner |  |
/// | 3 | `rent`, the Rent sysvar account |  |
///
/// Data (1 bytes): `01`.
///
/// Built for SPL Token; [`InitializeAccount::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct InitializeAccount<'a> {
    /// The token account, 165 bytes, uninitialized.
    pub account: &'a AccountInfo,
    /// Its mint.
    pub mint: &'a AccountInfo,
    /// Its owner.
    pub owner: &'a AccountInfo,
    /// The Rent sysvar account.
    pub rent: &'a AccountInfo,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `InitializeAccount` for SPL Token (see [`InitializeAccount`]).
pub fn initialize_account<'a>(
    account: &'a AccountInfo,
    mint: &'a AccountInfo,
    owner: &'a AccountInfo,
    rent: &'a AccountInfo,
) -> InitializeAccount<'a> {
    InitializeAccount {
        account,
        mint,
        owner,
        rent,
        token_program: &ID,
    }
}

impl<'a> InitializeAccount<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<1> {
        Data::new(INITIALIZE_ACCOUNT)
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
            AccountMeta::readonly(self.owner.key()),
            AccountMeta::readonly(self.rent.key()),
        ];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.account, self.mint, self.owner, self.rent],
            signers_seeds,
        )
    }
}
