//! The instructions this program understands: the first byte is the
//! discriminator, the rest its arguments (little-endian).

use lamport_sdk::program_error::ProgramError;

/// `Hello` — no accounts: logs a greeting.
pub const HELLO: u8 = 0;
/// `Set` — `[value WRITE, authority SIGNER]`, data `value: u64`.
pub const SET: u8 = 1;
/// `Add` — `[value WRITE, authority SIGNER]`, data `amount: u64`.
pub const ADD: u8 = 2;

/// A decoded instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Instruction {
    /// Logs a greeting.
    Hello,
    /// Stores `value` in a value account owned by this program. The first
    /// signer to set it becomes its authority; later changes need that
    /// signer.
    Set {
        /// The new value.
        value: u64,
    },
    /// Adds `amount` to the value (same accounts and authority as `Set`).
    /// A sum past `u64::MAX` fails the instruction: programs are built with
    /// `overflow-checks` (see Cargo.toml), so it cannot wrap around.
    Add {
        /// What to add.
        amount: u64,
    },
}

impl Instruction {
    /// Decodes instruction data.
    pub fn unpack(data: &[u8]) -> Result<Self, ProgramError> {
        match data.split_first() {
            Some((&HELLO, [])) => Ok(Self::Hello),
            Some((&SET, rest)) => Ok(Self::Set { value: u64_arg(rest)? }),
            Some((&ADD, rest)) => Ok(Self::Add { amount: u64_arg(rest)? }),
            _ => Err(ProgramError::InvalidInstructionData),
        }
    }

    /// Encodes instruction data.
    pub fn pack(&self) -> [u8; 9] {
        let mut out = [0u8; 9];
        match self {
            Self::Hello => out[0] = HELLO,
            Self::Set { value } => {
                out[0] = SET;
                out[1..].copy_from_slice(&value.to_le_bytes());
            }
            Self::Add { amount } => {
                out[0] = ADD;
                out[1..].copy_from_slice(&amount.to_le_bytes());
            }
        }
        out
    }
}

/// A `u64` argument: exactly 8 little-endian bytes.
fn u64_arg(rest: &[u8]) -> Result<u64, ProgramError> {
    rest.try_into().map(u64::from_le_bytes).map_err(|_| ProgramError::InvalidInstructionData)
}


lamport_sdk::on_host! {
    /// Instruction builders for clients and tests (host only).
    pub mod client {
        extern crate alloc;
        use alloc::vec;

        use lamport_sdk::{
            instruction::{AccountMeta, Instruction as SdkInstruction},
            pubkey::Pubkey,
        };

        /// `Hello`.
        pub fn hello(program_id: &Pubkey) -> SdkInstruction {
            SdkInstruction::new_with_bytes(*program_id, &[super::HELLO], vec![])
        }

        /// `Set { value }` on `account`, signed by `authority`.
        pub fn set(program_id: &Pubkey, account: &Pubkey, authority: &Pubkey, value: u64) -> SdkInstruction {
            SdkInstruction::new_with_bytes(
                *program_id,
                &super::Instruction::Set { value }.pack(),
                vec![AccountMeta::new(*account, false), AccountMeta::new_readonly(*authority, true)],
            )
        }

        /// `Add { amount }` to `account`, signed by `authority`.
        pub fn add(program_id: &Pubkey, account: &Pubkey, authority: &Pubkey, amount: u64) -> SdkInstruction {
            SdkInstruction::new_with_bytes(
                *program_id,
                &super::Instruction::Add { amount }.pack(),
                vec![AccountMeta::new(*account, false), AccountMeta::new_readonly(*authority, true)],
            )
        }
    }
}
