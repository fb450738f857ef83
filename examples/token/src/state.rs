//! Mint and token account layouts (SPL Token's), read and written in place.
//!
//! Every field is a byte array, so the structs have alignment 1 and any
//! bytes are a valid value: a slice of the right length can be viewed as
//! one without copying ([`Mint::load`], [`TokenAccount::load_mut`]).

use lamport_sdk::{program_error::ProgramError, pubkey::Pubkey};

/// Size of a mint account's data.
pub const MINT_LEN: usize = 82;
/// Size of a token account's data.
pub const ACCOUNT_LEN: usize = 165;

/// `COption::Some` tag.
pub const SOME: [u8; 4] = [1, 0, 0, 0];

/// Offset of [`TokenAccount::mint`].
pub const ACCOUNT_MINT_OFFSET: usize = 0;
/// Offset of [`TokenAccount::owner`].
pub const ACCOUNT_OWNER_OFFSET: usize = 32;
/// Offset of [`TokenAccount::amount`].
pub const ACCOUNT_AMOUNT_OFFSET: usize = 64;
/// Offset of [`TokenAccount::state`].
pub const ACCOUNT_STATE_OFFSET: usize = 108;

/// State of a token account.
pub mod account_state {
    /// Not initialized.
    pub const UNINITIALIZED: u8 = 0;
    /// In use.
    pub const INITIALIZED: u8 = 1;
    /// Frozen by the mint's freeze authority.
    pub const FROZEN: u8 = 2;
}

/// A mint: who may mint, how many exist.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mint {
    /// `COption` tag of the mint authority ([`SOME`] or zeros).
    pub mint_authority_tag: [u8; 4],
    /// The mint authority.
    pub mint_authority: Pubkey,
    /// Tokens in existence.
    pub supply: [u8; 8],
    /// Decimal places.
    pub decimals: u8,
    /// 1 once initialized.
    pub is_initialized: u8,
    /// `COption` tag of the freeze authority.
    pub freeze_authority_tag: [u8; 4],
    /// The freeze authority (not used by this program).
    pub freeze_authority: Pubkey,
}

/// A token account: whose tokens, of which mint, how many.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenAccount {
    /// The mint.
    pub mint: Pubkey,
    /// The owner, who signs transfers and burns.
    pub owner: Pubkey,
    /// Balance.
    pub amount: [u8; 8],
    /// `COption` tag of the delegate (not used by this program).
    pub delegate_tag: [u8; 4],
    /// Delegate.
    pub delegate: Pubkey,
    /// An [`account_state`] value.
    pub state: u8,
    /// `COption` tag of the native amount (not used).
    pub is_native_tag: [u8; 4],
    /// Native amount.
    pub is_native: [u8; 8],
    /// Delegated amount.
    pub delegated_amount: [u8; 8],
    /// `COption` tag of the close authority (not used).
    pub close_authority_tag: [u8; 4],
    /// Close authority.
    pub close_authority: Pubkey,
}

const _: () = {
    assert!(core::mem::size_of::<Mint>() == MINT_LEN);
    assert!(core::mem::size_of::<TokenAccount>() == ACCOUNT_LEN);
    assert!(core::mem::align_of::<Mint>() == 1 && core::mem::align_of::<TokenAccount>() == 1);
    assert!(core::mem::offset_of!(TokenAccount, owner) == ACCOUNT_OWNER_OFFSET);
    assert!(core::mem::offset_of!(TokenAccount, amount) == ACCOUNT_AMOUNT_OFFSET);
    assert!(core::mem::offset_of!(TokenAccount, state) == ACCOUNT_STATE_OFFSET);
    assert!(ACCOUNT_MINT_OFFSET == 0);
};

macro_rules! zero_copy {
    ($ty:ty, $len:expr) => {
        impl $ty {
            /// Views `data` (exactly the layout's length) as this type.
            pub fn load(data: &[u8]) -> Result<&Self, ProgramError> {
                if data.len() != $len {
                    return Err(ProgramError::InvalidAccountData);
                }
                // SAFETY: the length matches, the type has alignment 1 and
                // every byte pattern is a valid value.
                Ok(unsafe { &*data.as_ptr().cast::<Self>() })
            }

            /// Views `data` mutably as this type.
            pub fn load_mut(data: &mut [u8]) -> Result<&mut Self, ProgramError> {
                if data.len() != $len {
                    return Err(ProgramError::InvalidAccountData);
                }
                // SAFETY: as in `load`; the borrow of `data` is exclusive.
                Ok(unsafe { &mut *data.as_mut_ptr().cast::<Self>() })
            }
        }
    };
}

zero_copy!(Mint, MINT_LEN);
zero_copy!(TokenAccount, ACCOUNT_LEN);

impl Mint {
    /// Tokens in existence.
    pub fn supply(&self) -> u64 {
        u64::from_le_bytes(self.supply)
    }

    /// Whether `InitializeMint` ran.
    pub fn is_initialized(&self) -> bool {
        self.is_initialized != 0
    }
}

impl TokenAccount {
    /// Balance.
    pub fn amount(&self) -> u64 {
        u64::from_le_bytes(self.amount)
    }

    /// Sets the balance.
    pub fn set_amount(&mut self, amount: u64) {
        self.amount = amount.to_le_bytes();
    }
}
