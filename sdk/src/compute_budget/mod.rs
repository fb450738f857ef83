//! The compute budget program: per-transaction limits and priority fee.
//!
//! Instruction data is borsh: a one-byte tag, then the little-endian
//! payload. The runtime reads these instructions before execution; an
//! undecodable one fails the transaction with `InvalidInstructionData` at
//! its index, and two of the same kind with `DuplicateInstruction`.
//!
//! None of these instructions takes accounts.

mod request_heap_frame;
mod set_compute_unit_limit;
mod set_compute_unit_price;
mod set_loaded_accounts_data_size_limit;

use alloc::vec::Vec;
use core::fmt;

pub use request_heap_frame::{request_heap_frame, REQUEST_HEAP_FRAME};
pub use set_compute_unit_limit::{set_compute_unit_limit, SET_COMPUTE_UNIT_LIMIT};
pub use set_compute_unit_price::{set_compute_unit_price, SET_COMPUTE_UNIT_PRICE};
pub use set_loaded_accounts_data_size_limit::{
    set_loaded_accounts_data_size_limit, SET_LOADED_ACCOUNTS_DATA_SIZE_LIMIT,
};

use crate::{pubkey::Pubkey, pubkey};

/// The program id, `ComputeBudget111111111111111111111111111111`.
pub const ID: Pubkey = pubkey!("ComputeBudget111111111111111111111111111111");

/// Whether `key` is the compute budget program.
pub fn check_id(key: &Pubkey) -> bool {
    *key == ID
}

/// Tag 0: the deprecated `RequestUnits`, which no runtime accepts any more.
pub const UNUSED: u8 = 0;

/// Smallest heap a transaction can request (the default), in bytes.
pub const MIN_HEAP_FRAME_BYTES: u32 = 32 * 1024;
/// Largest heap a transaction can request, in bytes.
pub const MAX_HEAP_FRAME_BYTES: u32 = 256 * 1024;
/// Heap requests must be a multiple of this.
pub const HEAP_FRAME_GRANULARITY: u32 = 1024;
/// Compute units each non-compute-budget instruction gets by default.
pub const DEFAULT_INSTRUCTION_COMPUTE_UNIT_LIMIT: u32 = 200_000;
/// Most compute units a transaction can request.
pub const MAX_COMPUTE_UNIT_LIMIT: u32 = 1_400_000;
/// Default and maximum loaded-accounts data size: 64 MiB.
pub const MAX_LOADED_ACCOUNTS_DATA_SIZE_BYTES: u32 = 64 * 1024 * 1024;

/// One compute budget instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComputeBudgetInstruction {
    /// 1: heap size in bytes (32 KiB..=256 KiB, a multiple of 1 KiB).
    RequestHeapFrame(u32),
    /// 2: the transaction-wide compute unit limit.
    SetComputeUnitLimit(u32),
    /// 3: price per compute unit, in micro-lamports.
    SetComputeUnitPrice(u64),
    /// 4: the most account data, in bytes, the transaction may load.
    SetLoadedAccountsDataSizeLimit(u32),
}

/// Why instruction data is not a [`ComputeBudgetInstruction`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The data is empty.
    Empty,
    /// The tag is 0 (deprecated `RequestUnits`) or unknown.
    UnknownTag(u8),
    /// The payload is shorter than the variant needs.
    Truncated {
        /// The tag read.
        tag: u8,
        /// Payload bytes the variant needs.
        expected: usize,
        /// Payload bytes present.
        found: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("compute budget instruction data is empty"),
            Self::UnknownTag(tag) => write!(f, "unknown compute budget instruction tag {tag}"),
            Self::Truncated {
                tag,
                expected,
                found,
            } => write!(
                f,
                "compute budget instruction {tag} needs {expected} payload bytes, found {found}"
            ),
        }
    }
}

impl core::error::Error for DecodeError {}

impl From<DecodeError> for crate::instruction::InstructionError {
    fn from(_: DecodeError) -> Self {
        Self::InvalidInstructionData
    }
}

impl ComputeBudgetInstruction {
    /// The variant's tag byte.
    pub const fn tag(&self) -> u8 {
        match self {
            Self::RequestHeapFrame(_) => REQUEST_HEAP_FRAME,
            Self::SetComputeUnitLimit(_) => SET_COMPUTE_UNIT_LIMIT,
            Self::SetComputeUnitPrice(_) => SET_COMPUTE_UNIT_PRICE,
            Self::SetLoadedAccountsDataSizeLimit(_) => SET_LOADED_ACCOUNTS_DATA_SIZE_LIMIT,
        }
    }

    /// The instruction data: tag byte and little-endian payload.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(9);
        out.push(self.tag());
        match *self {
            Self::RequestHeapFrame(v)
            | Self::SetComputeUnitLimit(v)
            | Self::SetLoadedAccountsDataSizeLimit(v) => out.extend_from_slice(&v.to_le_bytes()),
            Self::SetComputeUnitPrice(v) => out.extend_from_slice(&v.to_le_bytes()),
        }
        out
    }

    /// Decodes instruction data. Bytes after the payload are ignored (the
    /// runtime decodes with borsh's "unchecked" reader).
    pub fn decode(data: &[u8]) -> Result<Self, DecodeError> {
        let (&tag, payload) = data.split_first().ok_or(DecodeError::Empty)?;
        let take = |n: usize| {
            payload.get(..n).ok_or(DecodeError::Truncated {
                tag,
                expected: n,
                found: payload.len(),
            })
        };
        let u32_at = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        Ok(match tag {
            REQUEST_HEAP_FRAME => Self::RequestHeapFrame(u32_at(take(4)?)),
            SET_COMPUTE_UNIT_LIMIT => Self::SetComputeUnitLimit(u32_at(take(4)?)),
            SET_COMPUTE_UNIT_PRICE => {
                let mut bytes = [0u8; 8];
                bytes.copy_from_slice(take(8)?);
                Self::SetComputeUnitPrice(u64::from_le_bytes(bytes))
            }
            SET_LOADED_ACCOUNTS_DATA_SIZE_LIMIT => {
                Self::SetLoadedAccountsDataSizeLimit(u32_at(take(4)?))
            }
            other => return Err(DecodeError::UnknownTag(other)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_round_trips() {
        assert_eq!(
            alloc::string::ToString::to_string(&ID),
            "ComputeBudget111111111111111111111111111111"
        );
    }

    #[test]
    fn known_encodings() {
        let ix = set_compute_unit_limit(200_000);
        assert_eq!(ix.program_id, ID);
        assert!(ix.accounts.is_empty());
        assert_eq!(ix.data, [2, 0x40, 0x0d, 0x03, 0x00]);
        assert_eq!(set_compute_unit_limit(257).data, [2, 1, 1, 0, 0]);
        assert_eq!(request_heap_frame(65536).data, [1, 0, 0, 1, 0]);
        assert_eq!(
            set_compute_unit_price(0x0102_0304_0506_0708).data,
            [3, 8, 7, 6, 5, 4, 3, 2, 1]
        );
        assert_eq!(set_loaded_accounts_data_size_limit(1).data, [4, 1, 0, 0, 0]);
    }

    #[test]
    fn decode_round_trip_and_errors() {
        for ix in [
            ComputeBudgetInstruction::RequestHeapFrame(32768),
            ComputeBudgetInstruction::SetComputeUnitLimit(1),
            ComputeBudgetInstruction::SetComputeUnitPrice(u64::MAX),
            ComputeBudgetInstruction::SetLoadedAccountsDataSizeLimit(7),
        ] {
            assert_eq!(ComputeBudgetInstruction::decode(&ix.encode()), Ok(ix));
        }
        assert_eq!(ComputeBudgetInstruction::decode(&[]), Err(DecodeError::Empty));
        assert_eq!(
            ComputeBudgetInstruction::decode(&[0, 1, 2, 3, 4]),
            Err(DecodeError::UnknownTag(0))
        );
        assert_eq!(
            ComputeBudgetInstruction::decode(&[3, 1, 2]),
            Err(DecodeError::Truncated {
                tag: 3,
                expected: 8,
                found: 2
            })
        );
        assert_eq!(
            ComputeBudgetInstruction::decode(&[2, 1, 0, 0, 0, 9]),
            Ok(ComputeBudgetInstruction::SetComputeUnitLimit(1))
        );
    }
}
