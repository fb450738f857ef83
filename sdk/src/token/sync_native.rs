//! `SyncNative` (tag 17): sets a wrapped-SOL account's amount to its lamports above rent-exemption.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `SyncNative`.
pub const SYNC_NATIVE: u8 = 17;

/// Sets a wrapped-SOL account's amount to its lamports above rent-exemption.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `account`, the native token account | `[WRITE]` |
///
/// Data (1 bytes): `11`.
///
/// Built for SPL Token; [`SyncNative::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct SyncNative<'a> {
    /// The native token account.
    pub account: &'a AccountInfo,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `SyncNative` for SPL Token (see [`SyncNative`]).
pub fn sync_native<'a>(account: &'a AccountInfo) -> SyncNative<'a> {
    SyncNative {
        account,
        token_program: &ID,
    }
}

impl<'a> SyncNative<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<1> {
        Data::new(SYNC_NATIVE)
    }

    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. an authority).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let metas = [AccountMeta::writable(self.account.key())];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.account],
            signers_seeds,
        )
    }
}
