//! `MintTo` (tag 7): mints `amount` new tokens into `destination`.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `MintTo`.
pub const MINT_TO: u8 = 7;

/// Mints `amount` new tokens into `destination`.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `mint`, the mint | `[WRITE]` |
/// | 1 | `destination`, the token account credited | `[WRITE]` |
/// | 2 | `authority`, the mint authority | `[SIGNER]` |
///
/// Data (9 bytes): `07` ‖ amount u64 LE.
///
/// Built for SPL Token; [`MintTo::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct MintTo<'a> {
    /// The mint.
    pub mint: &'a AccountInfo,
    /// The token account credited.
    pub destination: &'a AccountInfo,
    /// The mint authority.
    pub authority: &'a AccountInfo,
    /// Tokens to mint (base units).
    pub amount: u64,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `MintTo` for SPL Token (see [`MintTo`]).
pub fn mint_to<'a>(
    mint: &'a AccountInfo,
    destination: &'a AccountInfo,
    authority: &'a AccountInfo,
    amount: u64,
) -> MintTo<'a> {
    MintTo {
        mint,
        destination,
        authority,
        amount,
        token_program: &ID,
    }
}

impl<'a> MintTo<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<9> {
        Data::new(MINT_TO).u64(self.amount)
    }

    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. an authority).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let metas = [
            AccountMeta::writable(self.mint.key()),
            AccountMeta::writable(self.destination.key()),
            AccountMeta::readonly_signer(self.authority.key()),
        ];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.mint, self.destination, self.authority],
            signers_seeds,
        )
    }
}
