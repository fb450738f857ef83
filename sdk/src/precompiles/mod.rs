//! Precompiles: programs the runtime runs natively to verify signatures,
//! and the instruction data they read.
//!
//! A precompile instruction carries a count of signatures and, for each, a
//! record of offsets saying where the signature, the public key (or
//! Ethereum address) and the message lie — in its own data or in another
//! instruction's data of the same transaction. The runtime verifies every
//! signature before the instruction "succeeds"; a program that needs proof
//! of a signature checks, through the [Instructions
//! sysvar](crate::sysvar::instructions), that such an instruction is in its
//! transaction with the key and message it expects.
//!
//! | module | program id | curve, hash |
//! |---|---|---|
//! | [`ed25519`] | `Ed25519SigVerify111111111111111111111111111` | Ed25519 (strict verification) |
//! | [`secp256k1`] | `KeccakSecp256k11111111111111111111111111111` | secp256k1 ECDSA with public-key recovery, Keccak-256, Ethereum addresses |
//! | [`secp256r1`] | `Secp256r1SigVerify1111111111111111111111111` | P-256 ECDSA, SHA-256, low-S signatures only |
//!
//! The builders without a key (`new_*_instruction_with_signature`) work
//! everywhere; signing a message needs the `client` feature.

pub mod ed25519;
pub mod secp256k1;
pub mod secp256r1;

use alloc::vec::Vec;
use core::fmt;


use crate::{instruction::Instruction, pubkey::Pubkey};

/// Why a precompile rejected its instruction. The runtime reports it as
/// `InstructionError::Custom(code)` ([`PrecompileError::code`]), as Solana does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrecompileError {
    /// A public key is not a point of the curve (code 0).
    InvalidPublicKey,
    /// A secp256k1 recovery id is not 0–3 (code 1).
    InvalidRecoveryId,
    /// A signature is malformed or does not verify (code 2).
    InvalidSignature,
    /// An offset or instruction index points outside the data (code 3).
    InvalidDataOffsets,
    /// The data is too short for its signature count, or the count is wrong (code 4).
    InvalidInstructionDataSize,
}

impl PrecompileError {
    /// The custom error code the runtime reports.
    pub const fn code(self) -> u32 {
        match self {
            Self::InvalidPublicKey => 0,
            Self::InvalidRecoveryId => 1,
            Self::InvalidSignature => 2,
            Self::InvalidDataOffsets => 3,
            Self::InvalidInstructionDataSize => 4,
        }
    }
}

impl fmt::Display for PrecompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::InvalidPublicKey => "public key is not valid",
            Self::InvalidRecoveryId => "id is not valid",
            Self::InvalidSignature => "signature is not valid",
            Self::InvalidDataOffsets => "offset not valid",
            Self::InvalidInstructionDataSize => "instruction is incorrect size",
        })
    }
}

impl core::error::Error for PrecompileError {}

impl From<PrecompileError> for crate::instruction::InstructionError {
    fn from(err: PrecompileError) -> Self {
        Self::Custom(err.code())
    }
}

/// The instruction index that means "this instruction's own data" in the
/// offsets of [`ed25519`] and [`secp256r1`].
pub const CURRENT_INSTRUCTION: u16 = u16::MAX;

/// Where one signature's parts lie, for the [`ed25519`] and [`secp256r1`]
/// precompiles: seven little-endian `u16`s (14 bytes, Solana's
/// `Ed25519SignatureOffsets` / `Secp256r1SignatureOffsets`). An instruction
/// index of [`CURRENT_INSTRUCTION`] names the precompile instruction itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignatureOffsets {
    /// Offset of the 64-byte signature.
    pub signature_offset: u16,
    /// Instruction whose data holds the signature.
    pub signature_instruction_index: u16,
    /// Offset of the public key.
    pub public_key_offset: u16,
    /// Instruction whose data holds the public key.
    pub public_key_instruction_index: u16,
    /// Offset of the message.
    pub message_data_offset: u16,
    /// Length of the message.
    pub message_data_size: u16,
    /// Instruction whose data holds the message.
    pub message_instruction_index: u16,
}

impl SignatureOffsets {
    /// Serialized size: 14 bytes.
    pub const LEN: usize = 14;
    /// Where the first record starts: after the signature count and a padding byte.
    pub const START: usize = 2;

    /// The serialized form.
    pub fn to_bytes(&self) -> [u8; Self::LEN] {
        let fields = [
            self.signature_offset,
            self.signature_instruction_index,
            self.public_key_offset,
            self.public_key_instruction_index,
            self.message_data_offset,
            self.message_data_size,
            self.message_instruction_index,
        ];
        let mut bytes = [0u8; Self::LEN];
        for (chunk, field) in bytes.chunks_exact_mut(2).zip(fields) {
            chunk.copy_from_slice(&field.to_le_bytes());
        }
        bytes
    }

    /// Parses a record.
    pub fn from_bytes(bytes: &[u8; Self::LEN]) -> Self {
        let field = |i: usize| u16::from_le_bytes([bytes[2 * i], bytes[2 * i + 1]]);
        Self {
            signature_offset: field(0),
            signature_instruction_index: field(1),
            public_key_offset: field(2),
            public_key_instruction_index: field(3),
            message_data_offset: field(4),
            message_data_size: field(5),
            message_instruction_index: field(6),
        }
    }

    /// Record `index` of a precompile instruction's `data`, if present.
    pub fn read(data: &[u8], index: usize) -> Option<Self> {
        let start = index.checked_mul(Self::LEN)?.checked_add(Self::START)?;
        let bytes = data.get(start..start.checked_add(Self::LEN)?)?;
        Some(Self::from_bytes(bytes.try_into().ok()?))
    }
}

/// The three precompiles' program ids.
pub const IDS: [Pubkey; 3] = [ed25519::ID, secp256k1::ID, secp256r1::ID];

/// Whether `program_id` is one of the three precompiles.
pub fn is_precompile(program_id: &Pubkey) -> bool {
    IDS.contains(program_id)
}

/// The number of signatures a precompile instruction verifies (its first
/// data byte; 0 for empty data) — each is charged like a transaction
/// signature.
pub fn signature_count(data: &[u8]) -> u64 {
    data.first().map_or(0, |&count| u64::from(count))
}

/// A secret key that is not a scalar of its curve (zero, or not below the
/// group order).
#[cfg(feature = "client")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the secret key is not a valid {curve} scalar: it must be a 32-byte big-endian integer from 1 to the group order minus 1")]
pub struct InvalidSecretKey {
    /// The curve: `secp256k1` or `secp256r1`.
    pub curve: &'static str,
}

/// A precompile instruction verifying one signature whose public key,
/// signature and message follow its single offsets record in its own data,
/// in that order (the layout of Solana's Ed25519 and secp256r1 builders).
pub(crate) fn one_signature_instruction(program_id: Pubkey, pubkey: &[u8], signature: &[u8], message: &[u8]) -> Instruction {
    let public_key_offset = SignatureOffsets::START + SignatureOffsets::LEN;
    let signature_offset = public_key_offset + pubkey.len();
    let message_data_offset = signature_offset + signature.len();
    let offsets = SignatureOffsets {
        signature_offset: signature_offset as u16,
        signature_instruction_index: CURRENT_INSTRUCTION,
        public_key_offset: public_key_offset as u16,
        public_key_instruction_index: CURRENT_INSTRUCTION,
        message_data_offset: message_data_offset as u16,
        message_data_size: message.len() as u16,
        message_instruction_index: CURRENT_INSTRUCTION,
    };
    let mut data = Vec::with_capacity(message_data_offset + message.len());
    data.extend_from_slice(&[1, 0]);
    data.extend_from_slice(&offsets.to_bytes());
    data.extend_from_slice(pubkey);
    data.extend_from_slice(signature);
    data.extend_from_slice(message);
    Instruction { program_id, accounts: Vec::new(), data }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_little_endian() {
        let offsets = SignatureOffsets {
            signature_offset: 0x0102,
            signature_instruction_index: CURRENT_INSTRUCTION,
            public_key_offset: 3,
            public_key_instruction_index: 4,
            message_data_offset: 5,
            message_data_size: 6,
            message_instruction_index: 7,
        };
        let bytes = offsets.to_bytes();
        assert_eq!(bytes[..4], [0x02, 0x01, 0xff, 0xff]);
        assert_eq!(SignatureOffsets::from_bytes(&bytes), offsets);
        let mut data = [1u8, 0].to_vec();
        data.extend_from_slice(&bytes);
        assert_eq!(SignatureOffsets::read(&data, 0), Some(offsets));
        assert_eq!(SignatureOffsets::read(&data, 1), None);
    }

    #[test]
    fn errors_have_solanas_codes_and_messages() {
        assert_eq!(PrecompileError::InvalidSignature.code(), 2);
        assert_eq!(PrecompileError::InvalidInstructionDataSize.code(), 4);
        assert_eq!(alloc::format!("{}", PrecompileError::InvalidDataOffsets), "offset not valid");
    }
}
