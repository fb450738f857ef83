//! `CloseAccount` (tag 9): closes an empty token account, sending its lamports to `destination`.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `CloseAccount`.
pub const CLOSE_ACCOUNT: u8 = 9;

/// Closes an empty token account, sending its lamports to `destination`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `account`, the token account (zero balance) | `[WRITE]` |
/// | 1 | `destination`, receives the lamports | `[WRITE]` |
/// | 2 | `authority`, the account's owner or close authority | `[SIGNER]` |
///
/// Data (1 bytes): `09`.
///
/// Built for SPL Token; [`CloseAccount::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct CloseAccount<'a> {
    /// The token account (zero balance).
    pub account: &'a AccountInfo,
    /// Receives the lamports.
    pub destination: &'a AccountInfo,
    /// The account's owner or close authority.
    pub authority: &'a AccountInfo,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `CloseAccount` for SPL Token (see [`CloseAccount`]).
pub fn close_account<'a>(
    account: &'a AccountInfo,
    destination: &'a AccountInfo,
    authority: &'a AccountInfo,
) -> CloseAccount<'a> {
    CloseAccount {
        account,
        destination,
        authority,
        token_program: &ID,
    }
}

impl<'a> CloseAccount<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<1> {
        Data::new(CLOSE_ACCOUNT)
    }

    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. an authority).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let metas = [
            AccountMeta::writable(self.account.key()),
            AccountMeta::writable(self.destination.key()),
            AccountMeta::readonly_signer(self.authority.key()),
        ];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.account, self.destination, self.authority],
            signers_seeds,
        )
    }
}
