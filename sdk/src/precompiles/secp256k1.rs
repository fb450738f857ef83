//! The secp256k1 precompile, `KeccakSecp256k11111111111111111111111111111`:
//! Ethereum-style signatures, checked by recovering the signer's public key
//! from the signature and the Keccak-256 hash of the message and comparing
//! its Ethereum address.
//!
//! Instruction data (no accounts):
//!
//! ```text
//! u8                        number of signatures N
//! N × SecpSignatureOffsets  (11 bytes each)
//! ...                       Ethereum addresses (20), signatures (64) each followed by
//!                           its recovery id (1), messages
//! ```
//!
//! Unlike the other precompiles, instruction indices are `u8` and there is
//! no "this instruction" value: the builder here points at instruction 0,
//! so its instruction must be the transaction's first.

use alloc::vec::Vec;

use crate::{instruction::Instruction, pubkey, pubkey::Pubkey};

/// The program id, `KeccakSecp256k11111111111111111111111111111`.
pub const ID: Pubkey = pubkey!("KeccakSecp256k11111111111111111111111111111");

/// Size of an uncompressed public key without its `0x04` tag.
pub const SECP256K1_PUBKEY_SIZE: usize = 64;
/// Size of a secret key.
pub const SECP256K1_PRIVATE_KEY_SIZE: usize = 32;
/// Size of an Ethereum address (the last 20 bytes of the key's Keccak-256).
pub const HASHED_PUBKEY_SERIALIZED_SIZE: usize = 20;
/// Size of a signature (`r ‖ s`), not counting the recovery id after it.
pub const SIGNATURE_SERIALIZED_SIZE: usize = 64;
/// Size of one offsets record.
pub const SIGNATURE_OFFSETS_SERIALIZED_SIZE: usize = SecpSignatureOffsets::LEN;
/// Where the payload of a one-signature instruction starts.
pub const DATA_START: usize = SIGNATURE_OFFSETS_SERIALIZED_SIZE + 1;

/// Where one signature's parts lie: little-endian fields, packed (11 bytes,
/// Solana's bincode layout).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SecpSignatureOffsets {
    /// Offset of the 64-byte signature; its recovery id follows it.
    pub signature_offset: u16,
    /// Instruction whose data holds the signature.
    pub signature_instruction_index: u8,
    /// Offset of the 20-byte Ethereum address.
    pub eth_address_offset: u16,
    /// Instruction whose data holds the address.
    pub eth_address_instruction_index: u8,
    /// Offset of the message.
    pub message_data_offset: u16,
    /// Length of the message.
    pub message_data_size: u16,
    /// Instruction whose data holds the message.
    pub message_instruction_index: u8,
}

impl SecpSignatureOffsets {
    /// Serialized size: 11 bytes.
    pub const LEN: usize = 11;
    /// Where the first record starts: after the signature count.
    pub const START: usize = 1;

    /// The serialized form.
    pub fn to_bytes(&self) -> [u8; Self::LEN] {
        let mut bytes = [0u8; Self::LEN];
        bytes[0..2].copy_from_slice(&self.signature_offset.to_le_bytes());
        bytes[2] = self.signature_instruction_index;
        bytes[3..5].copy_from_slice(&self.eth_address_offset.to_le_bytes());
        bytes[5] = self.eth_address_instruction_index;
        bytes[6..8].copy_from_slice(&self.message_data_offset.to_le_bytes());
        bytes[8..10].copy_from_slice(&self.message_data_size.to_le_bytes());
        bytes[10] = self.message_instruction_index;
        bytes
    }

    /// Parses a record.
    pub fn from_bytes(bytes: &[u8; Self::LEN]) -> Self {
        let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
        Self {
            signature_offset: u16_at(0),
            signature_instruction_index: bytes[2],
            eth_address_offset: u16_at(3),
            eth_address_instruction_index: bytes[5],
            message_data_offset: u16_at(6),
            message_data_size: u16_at(8),
            message_instruction_index: bytes[10],
        }
    }

    /// Record `index` of a precompile instruction's `data`, if present.
    pub fn read(data: &[u8], index: usize) -> Option<Self> {
        let start = index.checked_mul(Self::LEN)?.checked_add(Self::START)?;
        let bytes = data.get(start..start.checked_add(Self::LEN)?)?;
        Some(Self::from_bytes(bytes.try_into().ok()?))
    }
}

/// The Ethereum address of an uncompressed public key (64 bytes, without
/// the `0x04` tag — `libsecp256k1::PublicKey::serialize()[1..]`): the last
/// 20 bytes of its Keccak-256.
pub fn eth_address_from_pubkey(pubkey: &[u8; SECP256K1_PUBKEY_SIZE]) -> [u8; HASHED_PUBKEY_SERIALIZED_SIZE] {
    let hash = crate::keccak::hash(pubkey).to_bytes();
    let mut address = [0u8; HASHED_PUBKEY_SERIALIZED_SIZE];
    address.copy_from_slice(&hash[32 - HASHED_PUBKEY_SERIALIZED_SIZE..]);
    address
}

/// An instruction verifying `signature` (with `recovery_id`) of `message`
/// by the key of `eth_address`, all carried in its own data (address,
/// signature, recovery id, message — Solana's layout). Its offsets name
/// instruction 0: put it first in the transaction.
pub fn new_secp256k1_instruction_with_signature(
    message: &[u8],
    signature: &[u8; SIGNATURE_SERIALIZED_SIZE],
    recovery_id: u8,
    eth_address: &[u8; HASHED_PUBKEY_SERIALIZED_SIZE],
) -> Instruction {
    let eth_address_offset = DATA_START;
    let signature_offset = eth_address_offset + HASHED_PUBKEY_SERIALIZED_SIZE;
    let message_data_offset = signature_offset + SIGNATURE_SERIALIZED_SIZE + 1;
    let offsets = SecpSignatureOffsets {
        signature_offset: signature_offset as u16,
        signature_instruction_index: 0,
        eth_address_offset: eth_address_offset as u16,
        eth_address_instruction_index: 0,
        message_data_offset: message_data_offset as u16,
        message_data_size: message.len() as u16,
        message_instruction_index: 0,
    };
    let mut data = Vec::with_capacity(message_data_offset + message.len());
    data.push(1);
    data.extend_from_slice(&offsets.to_bytes());
    data.extend_from_slice(eth_address);
    data.extend_from_slice(signature);
    data.push(recovery_id);
    data.extend_from_slice(message);
    Instruction { program_id: ID, accounts: Vec::new(), data }
}

/// The uncompressed public key (64 bytes, no tag) of `secret_key`.
#[cfg(feature = "client")]
pub fn public_key(
    secret_key: &[u8; SECP256K1_PRIVATE_KEY_SIZE],
) -> Result<[u8; SECP256K1_PUBKEY_SIZE], super::InvalidSecretKey> {
    let secret = parse_secret(secret_key)?;
    let mut key = [0u8; SECP256K1_PUBKEY_SIZE];
    key.copy_from_slice(&libsecp256k1::PublicKey::from_secret_key(&secret).serialize()[1..]);
    Ok(key)
}

/// Signs the Keccak-256 hash of `message` with `secret_key` (RFC 6979,
/// low `s`): the signature and its recovery id.
#[cfg(feature = "client")]
pub fn sign_message(
    secret_key: &[u8; SECP256K1_PRIVATE_KEY_SIZE],
    message: &[u8],
) -> Result<([u8; SIGNATURE_SERIALIZED_SIZE], u8), super::InvalidSecretKey> {
    let secret = parse_secret(secret_key)?;
    let hash = crate::keccak::hash(message).to_bytes();
    let (signature, recovery_id) = libsecp256k1::sign(&libsecp256k1::Message::parse(&hash), &secret);
    Ok((signature.serialize(), recovery_id.serialize()))
}

#[cfg(feature = "client")]
fn parse_secret(secret_key: &[u8; 32]) -> Result<libsecp256k1::SecretKey, super::InvalidSecretKey> {
    libsecp256k1::SecretKey::parse(secret_key).map_err(|_| super::InvalidSecretKey { curve: "secp256k1" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn offsets_are_packed_little_endian() {
        let offsets = SecpSignatureOffsets {
            signature_offset: 0x0201,
            signature_instruction_index: 3,
            eth_address_offset: 0x0504,
            eth_address_instruction_index: 6,
            message_data_offset: 0x0807,
            message_data_size: 0x0a09,
            message_instruction_index: 11,
        };
        assert_eq!(offsets.to_bytes(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        assert_eq!(SecpSignatureOffsets::from_bytes(&offsets.to_bytes()), offsets);
    }

    #[test]
    fn one_signature_layout_is_solanas() {
        let ix = new_secp256k1_instruction_with_signature(b"msg", &[5; 64], 1, &[6; 20]);
        assert_eq!(ix.program_id.to_string().as_str(), "KeccakSecp256k11111111111111111111111111111");
        assert_eq!(ix.data[0], 1);
        let offsets = SecpSignatureOffsets::read(&ix.data, 0).unwrap();
        assert_eq!((offsets.eth_address_offset, offsets.signature_offset, offsets.message_data_offset), (12, 32, 97));
        assert_eq!(ix.data[12..32], [6; 20]);
        assert_eq!(ix.data[32..96], [5; 64]);
        assert_eq!(ix.data[96], 1);
        assert_eq!(ix.data[97..], *b"msg");
    }

    #[cfg(feature = "client")]
    #[test]
    fn a_signature_recovers_to_its_key() {
        let secret = [0x11; 32];
        let (signature, recovery_id) = sign_message(&secret, b"hello").unwrap();
        let hash = crate::keccak::hash(b"hello").to_bytes();
        let recovered = libsecp256k1::recover(
            &libsecp256k1::Message::parse(&hash),
            &libsecp256k1::Signature::parse_standard(&signature).unwrap(),
            &libsecp256k1::RecoveryId::parse(recovery_id).unwrap(),
        )
        .unwrap();
        assert_eq!(recovered.serialize()[1..], public_key(&secret).unwrap());
        assert!(sign_message(&[0; 32], b"hello").is_err());
    }
}
