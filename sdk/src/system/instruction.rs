//! [`SystemInstruction`]: the system program's instruction data, encoded
//! and decoded exactly as Solana's bincode does.

use alloc::{string::String, vec::Vec};
use core::fmt;

use super::{
    ALLOCATE, ALLOCATE_WITH_SEED, ASSIGN, ASSIGN_WITH_SEED, CREATE_ACCOUNT,
    CREATE_ACCOUNT_WITH_SEED, MAX_INSTRUCTION_DATA_LEN, TRANSFER, TRANSFER_WITH_SEED,
};
use crate::{instruction::InstructionError, program_error::ProgramError, pubkey::Pubkey};

/// Tag of [`SystemInstruction::AdvanceNonceAccount`].
pub const ADVANCE_NONCE_ACCOUNT: u32 = 4;
/// Tag of [`SystemInstruction::WithdrawNonceAccount`].
pub const WITHDRAW_NONCE_ACCOUNT: u32 = 5;
/// Tag of [`SystemInstruction::InitializeNonceAccount`].
pub const INITIALIZE_NONCE_ACCOUNT: u32 = 6;
/// Tag of [`SystemInstruction::AuthorizeNonceAccount`].
pub const AUTHORIZE_NONCE_ACCOUNT: u32 = 7;
/// Tag of [`SystemInstruction::UpgradeNonceAccount`].
pub const UPGRADE_NONCE_ACCOUNT: u32 = 12;

/// One system program instruction, with its fields.
///
/// Accounts are listed with each builder ([`create_account`](super::create_account), …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SystemInstruction {
    /// 0: create a new account: `[funder WRITE+SIGNER, new WRITE+SIGNER]`.
    CreateAccount {
        /// Lamports to move to the new account.
        lamports: u64,
        /// Bytes of data to allocate.
        space: u64,
        /// Owner of the new account.
        owner: Pubkey,
    },
    /// 1: assign an account to a program: `[account WRITE+SIGNER]`.
    Assign {
        /// The new owner.
        owner: Pubkey,
    },
    /// 2: move lamports: `[from WRITE+SIGNER, to WRITE]`.
    Transfer {
        /// Amount to move.
        lamports: u64,
    },
    /// 3: create an account at an address derived from a base and seed:
    /// `[funder WRITE+SIGNER, created WRITE, base SIGNER (optional)]`.
    CreateAccountWithSeed {
        /// The base address.
        base: Pubkey,
        /// The seed string (at most 32 bytes).
        seed: String,
        /// Lamports to move to the new account.
        lamports: u64,
        /// Bytes of data to allocate.
        space: u64,
        /// Owner of the new account.
        owner: Pubkey,
    },
    /// 4: consume a durable nonce:
    /// `[nonce WRITE, RecentBlockhashes sysvar, authority SIGNER]`.
    AdvanceNonceAccount,
    /// 5: withdraw from a nonce account:
    /// `[nonce WRITE, to WRITE, RecentBlockhashes, Rent, authority SIGNER]`.
    WithdrawNonceAccount(u64),
    /// 6: make an account a nonce account:
    /// `[nonce WRITE, RecentBlockhashes, Rent]`; the field is the authority.
    InitializeNonceAccount(Pubkey),
    /// 7: change a nonce account's authority: `[nonce WRITE, authority SIGNER]`.
    AuthorizeNonceAccount(Pubkey),
    /// 8: allocate data for an account: `[account WRITE+SIGNER]`.
    Allocate {
        /// Bytes of data to allocate.
        space: u64,
    },
    /// 9: allocate data for a seed-derived account: `[account WRITE, base SIGNER]`.
    AllocateWithSeed {
        /// The base address.
        base: Pubkey,
        /// The seed string.
        seed: String,
        /// Bytes of data to allocate.
        space: u64,
        /// Owner of the account.
        owner: Pubkey,
    },
    /// 10: assign a seed-derived account: `[account WRITE, base SIGNER]`.
    AssignWithSeed {
        /// The base address.
        base: Pubkey,
        /// The seed string.
        seed: String,
        /// The new owner.
        owner: Pubkey,
    },
    /// 11: transfer from a seed-derived account:
    /// `[from WRITE, base SIGNER, to WRITE]`.
    TransferWithSeed {
        /// Amount to move.
        lamports: u64,
        /// The seed that derived `from`.
        from_seed: String,
        /// The owner that derived `from`.
        from_owner: Pubkey,
    },
    /// 12: upgrade a legacy nonce account: `[nonce WRITE]`.
    UpgradeNonceAccount,
}

/// Why instruction data is not a [`SystemInstruction`]. The system program
/// answers every case with `InvalidInstructionData`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The data ends before the field at this byte offset.
    UnexpectedEnd {
        /// Offset of the truncated field.
        offset: usize,
    },
    /// The tag names no instruction.
    UnknownTag(u32),
    /// A seed string is not UTF-8.
    InvalidUtf8 {
        /// Offset of the string's bytes.
        offset: usize,
    },
    /// The data is longer than a packet can carry.
    TooLong(usize),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnexpectedEnd { offset } => {
                write!(f, "system instruction data ends early, at byte {offset}")
            }
            Self::UnknownTag(tag) => write!(f, "unknown system instruction tag {tag}"),
            Self::InvalidUtf8 { offset } => {
                write!(f, "system instruction seed at byte {offset} is not UTF-8")
            }
            Self::TooLong(len) => write!(
                f,
                "system instruction data is {len} bytes, more than {MAX_INSTRUCTION_DATA_LEN}"
            ),
        }
    }
}

impl core::error::Error for DecodeError {}

impl From<DecodeError> for ProgramError {
    fn from(_: DecodeError) -> Self {
        ProgramError::InvalidInstructionData
    }
}

impl From<DecodeError> for InstructionError {
    fn from(_: DecodeError) -> Self {
        InstructionError::InvalidInstructionData
    }
}

/// Reads bincode fields front to back.
struct Reader<'a> {
    data: &'a [u8],
    offset: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], DecodeError> {
        let end = self
            .offset
            .checked_add(len)
            .filter(|end| *end <= self.data.len())
            .ok_or(DecodeError::UnexpectedEnd {
                offset: self.offset,
            })?;
        let bytes = &self.data[self.offset..end];
        self.offset = end;
        Ok(bytes)
    }

    fn u32(&mut self) -> Result<u32, DecodeError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, DecodeError> {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(bytes))
    }

    fn pubkey(&mut self) -> Result<Pubkey, DecodeError> {
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(self.take(32)?);
        Ok(Pubkey::new_from_array(bytes))
    }

    fn string(&mut self) -> Result<String, DecodeError> {
        let len = self.u64()?;
        let offset = self.offset;
        let len = usize::try_from(len).map_err(|_| DecodeError::UnexpectedEnd { offset })?;
        let bytes = self.take(len)?;
        core::str::from_utf8(bytes)
            .map(String::from)
            .map_err(|_| DecodeError::InvalidUtf8 { offset })
    }
}

fn put_u64(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put_string(out: &mut Vec<u8>, value: &str) {
    put_u64(out, value.len() as u64);
    out.extend_from_slice(value.as_bytes());
}

impl SystemInstruction {
    /// The variant's tag (the first four bytes of its data).
    pub fn tag(&self) -> u32 {
        match self {
            Self::CreateAccount { .. } => CREATE_ACCOUNT,
            Self::Assign { .. } => ASSIGN,
            Self::Transfer { .. } => TRANSFER,
            Self::CreateAccountWithSeed { .. } => CREATE_ACCOUNT_WITH_SEED,
            Self::AdvanceNonceAccount => ADVANCE_NONCE_ACCOUNT,
            Self::WithdrawNonceAccount(_) => WITHDRAW_NONCE_ACCOUNT,
            Self::InitializeNonceAccount(_) => INITIALIZE_NONCE_ACCOUNT,
            Self::AuthorizeNonceAccount(_) => AUTHORIZE_NONCE_ACCOUNT,
            Self::Allocate { .. } => ALLOCATE,
            Self::AllocateWithSeed { .. } => ALLOCATE_WITH_SEED,
            Self::AssignWithSeed { .. } => ASSIGN_WITH_SEED,
            Self::TransferWithSeed { .. } => TRANSFER_WITH_SEED,
            Self::UpgradeNonceAccount => UPGRADE_NONCE_ACCOUNT,
        }
    }

    /// The instruction data.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64);
        out.extend_from_slice(&self.tag().to_le_bytes());
        match self {
            Self::CreateAccount {
                lamports,
                space,
                owner,
            } => {
                put_u64(&mut out, *lamports);
                put_u64(&mut out, *space);
                out.extend_from_slice(owner.as_ref());
            }
            Self::Assign { owner } => out.extend_from_slice(owner.as_ref()),
            Self::Transfer { lamports } => put_u64(&mut out, *lamports),
            Self::CreateAccountWithSeed {
                base,
                seed,
                lamports,
                space,
                owner,
            } => {
                out.extend_from_slice(base.as_ref());
                put_string(&mut out, seed);
                put_u64(&mut out, *lamports);
                put_u64(&mut out, *space);
                out.extend_from_slice(owner.as_ref());
            }
            Self::AdvanceNonceAccount | Self::UpgradeNonceAccount => {}
            Self::WithdrawNonceAccount(lamports) => put_u64(&mut out, *lamports),
            Self::InitializeNonceAccount(key) | Self::AuthorizeNonceAccount(key) => {
                out.extend_from_slice(key.as_ref())
            }
            Self::Allocate { space } => put_u64(&mut out, *space),
            Self::AllocateWithSeed {
                base,
                seed,
                space,
                owner,
            } => {
                out.extend_from_slice(base.as_ref());
                put_string(&mut out, seed);
                put_u64(&mut out, *space);
                out.extend_from_slice(owner.as_ref());
            }
            Self::AssignWithSeed { base, seed, owner } => {
                out.extend_from_slice(base.as_ref());
                put_string(&mut out, seed);
                out.extend_from_slice(owner.as_ref());
            }
            Self::TransferWithSeed {
                lamports,
                from_seed,
                from_owner,
            } => {
                put_u64(&mut out, *lamports);
                put_string(&mut out, from_seed);
                out.extend_from_slice(from_owner.as_ref());
            }
        }
        out
    }

    /// Decodes instruction data. Bytes after the last field are ignored, as
    /// the system program's bincode reader does.
    pub fn decode(data: &[u8]) -> Result<Self, DecodeError> {
        if data.len() > MAX_INSTRUCTION_DATA_LEN {
            return Err(DecodeError::TooLong(data.len()));
        }
        let mut r = Reader { data, offset: 0 };
        let tag = r.u32()?;
        Ok(match tag {
            CREATE_ACCOUNT => Self::CreateAccount {
                lamports: r.u64()?,
                space: r.u64()?,
                owner: r.pubkey()?,
            },
            ASSIGN => Self::Assign { owner: r.pubkey()? },
            TRANSFER => Self::Transfer { lamports: r.u64()? },
            CREATE_ACCOUNT_WITH_SEED => Self::CreateAccountWithSeed {
                base: r.pubkey()?,
                seed: r.string()?,
                lamports: r.u64()?,
                space: r.u64()?,
                owner: r.pubkey()?,
            },
            ADVANCE_NONCE_ACCOUNT => Self::AdvanceNonceAccount,
            WITHDRAW_NONCE_ACCOUNT => Self::WithdrawNonceAccount(r.u64()?),
            INITIALIZE_NONCE_ACCOUNT => Self::InitializeNonceAccount(r.pubkey()?),
            AUTHORIZE_NONCE_ACCOUNT => Self::AuthorizeNonceAccount(r.pubkey()?),
            ALLOCATE => Self::Allocate { space: r.u64()? },
            ALLOCATE_WITH_SEED => Self::AllocateWithSeed {
                base: r.pubkey()?,
                seed: r.string()?,
                space: r.u64()?,
                owner: r.pubkey()?,
            },
            ASSIGN_WITH_SEED => Self::AssignWithSeed {
                base: r.pubkey()?,
                seed: r.string()?,
                owner: r.pubkey()?,
            },
            TRANSFER_WITH_SEED => Self::TransferWithSeed {
                lamports: r.u64()?,
                from_seed: r.string()?,
                from_owner: r.pubkey()?,
            },
            UPGRADE_NONCE_ACCOUNT => Self::UpgradeNonceAccount,
            other => return Err(DecodeError::UnknownTag(other)),
        })
    }
}
