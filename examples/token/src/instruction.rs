//! Instructions: a one-byte tag (SPL Token's), then the arguments.
//!
//! | tag | instruction | data | accounts |
//! |---|---|---|---|
//! | 0 | `InitializeMint` | `decimals: u8, authority: [u8; 32]` | `[mint WRITE]` |
//! | 1 | `InitializeAccount` | `owner: [u8; 32]` | `[account WRITE, mint]` |
//! | 3 | `Transfer` | `amount: u64` | `[source WRITE, destination WRITE, owner SIGNER]` |
//! | 7 | `MintTo` | `amount: u64` | `[mint WRITE, destination WRITE, mint authority SIGNER]` |
//! | 8 | `Burn` | `amount: u64` | `[account WRITE, mint WRITE, owner SIGNER]` |

use lamport_sdk::{program_error::ProgramError, pubkey::Pubkey};

/// Tag of `InitializeMint`.
pub const INITIALIZE_MINT: u8 = 0;
/// Tag of `InitializeAccount`.
pub const INITIALIZE_ACCOUNT: u8 = 1;
/// Tag of `Transfer`.
pub const TRANSFER: u8 = 3;
/// Tag of `MintTo`.
pub const MINT_TO: u8 = 7;
/// Tag of `Burn`.
pub const BURN: u8 = 8;

/// A decoded instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenInstruction {
    /// Initializes a mint.
    InitializeMint {
        /// Decimal places.
        decimals: u8,
        /// Who may mint.
        authority: Pubkey,
    },
    /// Initializes a token account of a mint.
    InitializeAccount {
        /// Who may spend the account's tokens.
        owner: Pubkey,
    },
    /// Moves tokens between two accounts of one mint.
    Transfer {
        /// How many.
        amount: u64,
    },
    /// Creates tokens.
    MintTo {
        /// How many.
        amount: u64,
    },
    /// Destroys tokens.
    Burn {
        /// How many.
        amount: u64,
    },
}

fn amount(rest: &[u8]) -> Result<u64, ProgramError> {
    rest.try_into().map(u64::from_le_bytes).map_err(|_| ProgramError::InvalidInstructionData)
}

fn pubkey(bytes: &[u8]) -> Result<Pubkey, ProgramError> {
    bytes.try_into().map(Pubkey::new_from_array).map_err(|_| ProgramError::InvalidInstructionData)
}

impl TokenInstruction {
    /// Decodes instruction data.
    pub fn unpack(data: &[u8]) -> Result<Self, ProgramError> {
        let (&tag, rest) = data.split_first().ok_or(ProgramError::InvalidInstructionData)?;
        Ok(match tag {
            INITIALIZE_MINT => {
                let (&decimals, authority) = rest.split_first().ok_or(ProgramError::InvalidInstructionData)?;
                Self::InitializeMint { decimals, authority: pubkey(authority)? }
            }
            INITIALIZE_ACCOUNT => Self::InitializeAccount { owner: pubkey(rest)? },
            TRANSFER => Self::Transfer { amount: amount(rest)? },
            MINT_TO => Self::MintTo { amount: amount(rest)? },
            BURN => Self::Burn { amount: amount(rest)? },
            _ => return Err(ProgramError::InvalidInstructionData),
        })
    }
}


lamport_sdk::on_host! {
    /// Instruction builders for clients and tests (host only).
    pub mod client {
        extern crate alloc;
        use alloc::{vec, vec::Vec};

        use lamport_sdk::{
            instruction::{AccountMeta, Instruction},
            pubkey::Pubkey,
        };

        fn with_amount(tag: u8, amount: u64) -> Vec<u8> {
            let mut data = vec![tag];
            data.extend_from_slice(&amount.to_le_bytes());
            data
        }

        /// `InitializeMint`.
        pub fn initialize_mint(program_id: &Pubkey, mint: &Pubkey, authority: &Pubkey, decimals: u8) -> Instruction {
            let mut data = vec![super::INITIALIZE_MINT, decimals];
            data.extend_from_slice(authority.as_ref());
            Instruction::new_with_bytes(*program_id, &data, vec![AccountMeta::new(*mint, false)])
        }

        /// `InitializeAccount`.
        pub fn initialize_account(program_id: &Pubkey, account: &Pubkey, mint: &Pubkey, owner: &Pubkey) -> Instruction {
            let mut data = vec![super::INITIALIZE_ACCOUNT];
            data.extend_from_slice(owner.as_ref());
            Instruction::new_with_bytes(
                *program_id,
                &data,
                vec![AccountMeta::new(*account, false), AccountMeta::new_readonly(*mint, false)],
            )
        }

        /// `Transfer`.
        pub fn transfer(program_id: &Pubkey, source: &Pubkey, destination: &Pubkey, owner: &Pubkey, amount: u64) -> Instruction {
            Instruction::new_with_bytes(
                *program_id,
                &with_amount(super::TRANSFER, amount),
                vec![
                    AccountMeta::new(*source, false),
                    AccountMeta::new(*destination, false),
                    AccountMeta::new_readonly(*owner, true),
                ],
            )
        }

        /// `MintTo`.
        pub fn mint_to(program_id: &Pubkey, mint: &Pubkey, destination: &Pubkey, authority: &Pubkey, amount: u64) -> Instruction {
            Instruction::new_with_bytes(
                *program_id,
                &with_amount(super::MINT_TO, amount),
                vec![
                    AccountMeta::new(*mint, false),
                    AccountMeta::new(*destination, false),
                    AccountMeta::new_readonly(*authority, true),
                ],
            )
        }

        /// `Burn`.
        pub fn burn(program_id: &Pubkey, account: &Pubkey, mint: &Pubkey, owner: &Pubkey, amount: u64) -> Instruction {
            Instruction::new_with_bytes(
                *program_id,
                &with_amount(super::BURN, amount),
                vec![
                    AccountMeta::new(*account, false),
                    AccountMeta::new(*mint, false),
                    AccountMeta::new_readonly(*owner, true),
                ],
            )
        }
    }
}
