//! `Transfer` (tag 3): moves `amount` tokens between two accounts of one mint.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `Transfer`.
pub const TRANSFER: u8 = 3;

/// Moves `amount` tokens between two accounts of one mint.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `source`, the account tokens leave | `[WRITE]` |
/// | 1 | `destination`, the account tokens reach | `[WRITE]` |
/// | 2 | `authority`, the source's owner or delegate | `[SIGNER]` |
///
/// Data (9 bytes): `03` ‖ amount u64 LE.
///
/// Built for SPL Token; [`Transfer::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct Transfer<'a> {
    /// The account tokens leave.
    pub source: &'a AccountInfo,
    /// The account tokens reach.
    pub destination: &'a AccountInfo,
    /// The source's owner or delegate.
    pub authority: &'a AccountInfo,
    /// Tokens to move (base units).
    pub amount: u64,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `Transfer` for SPL Token (see [`Transfer`]).
pub fn transfer<'a>(
    source: &'a AccountInfo,
    destination: &'a AccountInfo,
    authority: &'a AccountInfo,
    amount: u64,
) -> Transfer<'a> {
    Transfer {
        source,
        destination,
        authority,
        amount,
        token_program: &ID,
    }
}

impl<'a> Transfer<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<9> {
        Data::new(TRANSFER).u64(self.amount)
    }

    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. an authority).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let metas = [
            AccountMeta::writable(self.source.key()),
            AccountMeta::writable(self.destination.key()),
            AccountMeta::readonly_signer(self.authority.key()),
        ];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.source, self.destination, self.authority],
            signers_seeds,
        )
    }
}
