//! `SetAuthority` (tag 6): changes (or removes) one authority of a mint or token account.

use super::{run, AuthorityType, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `SetAuthority`.
pub const SET_AUTHORITY: u8 = 6;

/// Changes (or removes) one authority of a mint or token account.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `account`, the mint or token account | `[WRITE]` |
/// | 1 | `authority`, its current authority | `[SIGNER]` |
///
/// Data (at most 35 bytes): `06` ‖ authority_type u8 ‖ new_authority (`00`, or `01` ‖ 32 bytes).
///
/// Built for SPL Token; [`SetAuthority::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct SetAuthority<'a> {
    /// The mint or token account.
    pub account: &'a AccountInfo,
    /// Its current authority.
    pub authority: &'a AccountInfo,
    /// Which authority changes.
    pub authority_type: AuthorityType,
    /// The new authority; `None` removes it.
    pub new_authority: Option<&'a Pubkey>,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `SetAuthority` for SPL Token (see [`SetAuthority`]).
pub fn set_authority<'a>(
    account: &'a AccountInfo,
    authority: &'a AccountInfo,
    authority_type: AuthorityType,
    new_authority: Option<&'a Pubkey>,
) -> SetAuthority<'a> {
    SetAuthority {
        account,
        authority,
        authority_type,
        new_authority,
        token_program: &ID,
    }
}

impl<'a> SetAuthority<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<35> {
        Data::new(SET_AUTHORITY)
            .u8(self.authority_type as u8)
            .optional_key(self.new_authority)
    }

    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. an authority).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let metas = [
            AccountMeta::writable(self.account.key()),
            AccountMeta::readonly_signer(self.authority.key()),
        ];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.account, self.authority],
            signers_seeds,
        )
    }
}
