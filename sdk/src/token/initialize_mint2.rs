//! `InitializeMint2` (tag 20): initializes a mint, without the Rent sysvar account.

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `InitializeMint2`.
pub const INITIALIZE_MINT2: u8 = 20;

/// Initializes a mint, without the Rent sysvar account.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `mint`, the mint, 82 bytes, uninitialized | `[WRITE]` |
///
/// Data (at most 67 bytes): `14` ‖ decimals u8 ‖ mint_authority (32 bytes) ‖ freeze_authority (`00`, or `01` ‖ 32 bytes).
///
/// Built for SPL Token; [`InitializeMint2::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct InitializeMint2<'a> {
    /// The mint, 82 bytes, uninitialized.
    pub mint: &'a AccountInfo,
    /// Decimal places of the amounts.
    pub decimals: u8,
    /// Who may mint.
    pub mint_authority: &'a Pubkey,
    /// Who may freeze accounts, if anyone.
    pub freeze_authority: Option<&'a Pubkey>,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `InitializeMint2` for SPL Token (see [`InitializeMint2`]).
pub fn initialize_mint2<'a>(
    mint: &'a AccountInfo,
    decimals: u8,
    mint_authority: &'a Pubkey,
    freeze_authority: Option<&'a Pubkey>,
) -> InitializeMint2<'a> {
    InitializeMint2 {
        mint,
        decimals,
        mint_authority,
        freeze_authority,
        token_program: &ID,
    }
}

impl<'a> InitializeMint2<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<67> {
        Data::new(INITIALIZE_MINT2)
            .u8(self.decimals)
            .key(self.mint_authority)
            .optional_key(self.freeze_authority)
    }

    /// Invokes with the transaction's signatures only.
    pub fn invoke(&self) -> ProgramResult {
        self.invoke_signed(&[])
    }

    /// Invokes, signing for PDAs of this program (e.g. an authority).
    pub fn invoke_signed(&self, signers_seeds: &[&[&[u8]]]) -> ProgramResult {
        let metas = [AccountMeta::writable(self.mint.key())];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.mint],
            signers_seeds,
        )
    }
}
