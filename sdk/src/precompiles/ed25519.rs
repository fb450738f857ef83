//! The Ed25519 precompile, `Ed25519SigVerify111111111111111111111111111`.
//!
//! Instruction data (no accounts):
//!
//! ```text
//! u8                         number of signatures N
//! u8                         padding (ignored)
//! N × Ed25519SignatureOffsets (14 bytes each, see SignatureOffsets)
//! ...                        public keys (32), signatures (64), messages
//! ```
//!
//! Each signature is checked with strict Ed25519 verification (canonical
//! `S`, no small-order `R` or public key).

use alloc::vec::Vec;

use super::SignatureOffsets;
use crate::{instruction::Instruction, pubkey, pubkey::Pubkey};

/// The program id, `Ed25519SigVerify111111111111111111111111111`.
pub const ID: Pubkey = pubkey!("Ed25519SigVerify111111111111111111111111111");

/// Size of a public key.
pub const PUBKEY_SERIALIZED_SIZE: usize = 32;
/// Size of a signature.
pub const SIGNATURE_SERIALIZED_SIZE: usize = 64;
/// Size of one offsets record.
pub const SIGNATURE_OFFSETS_SERIALIZED_SIZE: usize = SignatureOffsets::LEN;
/// Where the first offsets record starts.
pub const SIGNATURE_OFFSETS_START: usize = SignatureOffsets::START;
/// Where the payload of a one-signature instruction starts.
pub const DATA_START: usize = SIGNATURE_OFFSETS_SERIALIZED_SIZE + SIGNATURE_OFFSETS_START;

/// The offsets record of one Ed25519 signature.
pub type Ed25519SignatureOffsets = SignatureOffsets;

/// An instruction verifying the signatures the `offsets` point to (the
/// data holds the count as a little-endian `u16`, then the records).
pub fn offsets_to_ed25519_instruction(offsets: &[Ed25519SignatureOffsets]) -> Instruction {
    let mut data = Vec::with_capacity(SIGNATURE_OFFSETS_START + SIGNATURE_OFFSETS_SERIALIZED_SIZE * offsets.len());
    data.extend_from_slice(&(offsets.len() as u16).to_le_bytes());
    for record in offsets {
        data.extend_from_slice(&record.to_bytes());
    }
    Instruction { program_id: ID, accounts: Vec::new(), data }
}

/// An instruction verifying `signature` of `message` by `pubkey`, all
/// three carried in its own data (public key, signature, message — Solana's
/// layout).
pub fn new_ed25519_instruction_with_signature(
    message: &[u8],
    signature: &[u8; SIGNATURE_SERIALIZED_SIZE],
    pubkey: &[u8; PUBKEY_SERIALIZED_SIZE],
) -> Instruction {
    super::one_signature_instruction(ID, pubkey, signature, message)
}

/// An instruction verifying `keypair`'s signature of `message`.
#[cfg(feature = "client")]
pub fn new_ed25519_instruction(keypair: &crate::signer::Keypair, message: &[u8]) -> Instruction {
    let signature = keypair.sign_message(message);
    new_ed25519_instruction_with_signature(message, signature.as_array(), keypair.pubkey().as_array())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn one_signature_layout_is_solanas() {
        let ix = new_ed25519_instruction_with_signature(b"hi", &[7; 64], &[9; 32]);
        assert_eq!(ix.program_id.to_string().as_str(), "Ed25519SigVerify111111111111111111111111111");
        assert!(ix.accounts.is_empty());
        assert_eq!(ix.data[..2], [1, 0]);
        let offsets = SignatureOffsets::read(&ix.data, 0).unwrap();
        assert_eq!((offsets.public_key_offset, offsets.signature_offset, offsets.message_data_offset), (16, 48, 112));
        assert_eq!(offsets.message_data_size, 2);
        assert_eq!(offsets.message_instruction_index, u16::MAX);
        assert_eq!(ix.data[16..48], [9; 32]);
        assert_eq!(ix.data[48..112], [7; 64]);
        assert_eq!(ix.data[112..], *b"hi");
    }

    #[test]
    fn offsets_instruction_counts_with_a_u16() {
        let ix = offsets_to_ed25519_instruction(&[SignatureOffsets::default(); 2]);
        assert_eq!(ix.data.len(), 2 + 28);
        assert_eq!(ix.data[..2], [2, 0]);
    }
}
