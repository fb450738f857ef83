//! `InitializeMint` (tag 0): initializes a mint (checks rent-exemption through the Rent sysvar account).

use super::{run, Data, ID};
use crate::{account_info::AccountInfo, cpi::AccountMeta, program_error::ProgramResult, pubkey::Pubkey};

/// Tag of `InitializeMint`.
pub const INITIALIZE_MINT: u8 = 0;

/// Initializes a mint (checks rent-exemption through the Rent sysvar account).
///
/// | # | account | |
/// |---|---|---|
/// | 0 | `mint`, the mint, 82 bytes, uninitialized | `[WRITE]` |
/// | 1 | `rent`, the Rent sysvar account |  |
///
/// Data (at most 67 bytes): `00` ‖ decimals u8 ‖ mint_authority (32 bytes) ‖ freeze_authority (`00`, or `01` ‖ 32 bytes).
///
/// Built for SPL Token; [`InitializeMint::with_token_program`] sends it to Token-2022
/// (same layout).
#[derive(Clone, Copy, Debug)]
#[must_use = "a cross-program invocation does nothing until `.invoke()` or `.invoke_signed(seeds)`"]
pub struct InitializeMint<'a> {
    /// The mint, 82 bytes, uninitialized.
    pub mint: &'a AccountInfo,
    /// The Rent sysvar account.
    pub rent: &'a AccountInfo,
    /// Decimal places of the amounts.
    pub decimals: u8,
    /// Who may mint.
    pub mint_authority: &'a Pubkey,
    /// Who may freeze accounts, if anyone.
    pub freeze_authority: Option<&'a Pubkey>,
    /// The token program invoked: SPL Token unless changed.
    pub token_program: &'a Pubkey,
}

/// `InitializeMint` for SPL Token (see [`InitializeMint`]).
pub fn initialize_mint<'a>(
    mint: &'a AccountInfo,
    rent: &'a AccountInfo,
    decimals: u8,
    mint_authority: &'a Pubkey,
    freeze_authority: Option<&'a Pubkey>,
) -> InitializeMint<'a> {
    InitializeMint {
        mint,
        rent,
        decimals,
        mint_authority,
        freeze_authority,
        token_program: &ID,
    }
}

impl<'a> InitializeMint<'a> {
    /// Sends the instruction to `token_program` instead (e.g. Token-2022's
    /// [`token_2022::ID`](crate::token_2022::ID)).
    pub fn with_token_program(self, token_program: &'a Pubkey) -> Self {
        Self { token_program, ..self }
    }

    /// The instruction data.
    pub fn data(&self) -> Data<67> {
        Data::new(INITIALIZE_MINT)
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
        let metas = [
            AccountMeta::writable(self.mint.key()),
            AccountMeta::readonly(self.rent.key()),
        ];
        run(
            self.token_program,
            &metas,
            self.data().as_bytes(),
            &[self.mint, self.rent],
            signers_seeds,
        )
    }
}
