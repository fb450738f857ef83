//! The secp256r1 (P-256) precompile, `Secp256r1SigVerify1111111111111111111111111`:
//! ECDSA signatures over the SHA-256 of the message, by compressed public
//! keys. Only low-`s` signatures (`s ≤ n/2`) are accepted, and at most
//! [`MAX_SIGNATURES`] per instruction.
//!
//! Instruction data (no accounts):
//!
//! ```text
//! u8                             number of signatures N (1 to 8)
//! u8                             padding (ignored)
//! N × Secp256r1SignatureOffsets  (14 bytes each, see SignatureOffsets)
//! ...                            public keys (33), signatures (64, r ‖ s big-endian), messages
//! ```

use super::SignatureOffsets;
use crate::{instruction::Instruction, pubkey, pubkey::Pubkey};

/// The program id, `Secp256r1SigVerify1111111111111111111111111`.
pub const ID: Pubkey = pubkey!("Secp256r1SigVerify1111111111111111111111111");

/// Size of a compressed public key (`0x02`/`0x03` tag and `x`).
pub const COMPRESSED_PUBKEY_SERIALIZED_SIZE: usize = 33;
/// Size of a signature: `r` and `s`, 32 bytes each, big-endian.
pub const SIGNATURE_SERIALIZED_SIZE: usize = 64;
/// Size of one offsets record.
pub const SIGNATURE_OFFSETS_SERIALIZED_SIZE: usize = SignatureOffsets::LEN;
/// Where the first offsets record starts.
pub const SIGNATURE_OFFSETS_START: usize = SignatureOffsets::START;
/// Where the payload of a one-signature instruction starts.
pub const DATA_START: usize = SIGNATURE_OFFSETS_SERIALIZED_SIZE + SIGNATURE_OFFSETS_START;
/// Most signatures one instruction may verify.
pub const MAX_SIGNATURES: usize = 8;
/// Size of a field element or scalar.
pub const FIELD_SIZE: usize = 32;

/// The group order `n`, big-endian.
pub const SECP256R1_ORDER: [u8; FIELD_SIZE] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xBC, 0xE6, 0xFA,
    0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
];
/// `n - 1`, the largest `r` accepted, big-endian.
pub const SECP256R1_ORDER_MINUS_ONE: [u8; FIELD_SIZE] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xBC, 0xE6, 0xFA,
    0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x50,
];
/// `⌊n / 2⌋`, the largest `s` accepted, big-endian.
pub const SECP256R1_HALF_ORDER: [u8; FIELD_SIZE] = [
    0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xDE, 0x73, 0x7D,
    0x56, 0xD3, 0x8B, 0xCF, 0x42, 0x79, 0xDC, 0xE5, 0x61, 0x7E, 0x31, 0x92, 0xA8,
];

/// The offsets record of one P-256 signature.
pub type Secp256r1SignatureOffsets = SignatureOffsets;

/// An instruction verifying `signature` of `message` by the compressed
/// `pubkey`, all carried in its own data (public key, signature, message —
/// Solana's layout).
pub fn new_secp256r1_instruction_with_signature(
    message: &[u8],
    signature: &[u8; SIGNATURE_SERIALIZED_SIZE],
    pubkey: &[u8; COMPRESSED_PUBKEY_SERIALIZED_SIZE],
) -> Instruction {
    super::one_signature_instruction(ID, pubkey, signature, message)
}

#[cfg(feature = "client")]
fn signing_key(secret_key: &[u8; FIELD_SIZE]) -> Result<p256::ecdsa::SigningKey, super::InvalidSecretKey> {
    p256::ecdsa::SigningKey::from_bytes(secret_key.into()).map_err(|_| super::InvalidSecretKey { curve: "secp256r1" })
}

/// The compressed public key of `secret_key` (a big-endian scalar).
#[cfg(feature = "client")]
pub fn public_key(
    secret_key: &[u8; FIELD_SIZE],
) -> Result<[u8; COMPRESSED_PUBKEY_SERIALIZED_SIZE], super::InvalidSecretKey> {
    let key = signing_key(secret_key)?;
    let point = key.verifying_key().to_encoded_point(true);
    let mut out = [0u8; COMPRESSED_PUBKEY_SERIALIZED_SIZE];
    out.copy_from_slice(point.as_bytes());
    Ok(out)
}

/// Signs the SHA-256 of `message` with `secret_key` (RFC 6979), with `s`
/// brought to the low half as the precompile requires.
#[cfg(feature = "client")]
pub fn sign_message(
    message: &[u8],
    secret_key: &[u8; FIELD_SIZE],
) -> Result<[u8; SIGNATURE_SERIALIZED_SIZE], super::InvalidSecretKey> {
    use p256::ecdsa::{signature::Signer, Signature};
    let signature: Signature = signing_key(secret_key)?.sign(message);
    let signature = signature.normalize_s().unwrap_or(signature);
    let mut out = [0u8; SIGNATURE_SERIALIZED_SIZE];
    out.copy_from_slice(&signature.to_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn one_signature_layout_is_solanas() {
        let ix = new_secp256r1_instruction_with_signature(b"abc", &[4; 64], &[2; 33]);
        assert_eq!(ix.program_id.to_string().as_str(), "Secp256r1SigVerify1111111111111111111111111");
        assert_eq!(ix.data[..2], [1, 0]);
        let offsets = SignatureOffsets::read(&ix.data, 0).unwrap();
        assert_eq!((offsets.public_key_offset, offsets.signature_offset, offsets.message_data_offset), (16, 49, 113));
        assert_eq!(ix.data[16..49], [2; 33]);
        assert_eq!(ix.data[49..113], [4; 64]);
        assert_eq!(ix.data[113..], *b"abc");
    }

    #[cfg(feature = "client")]
    #[test]
    fn signatures_are_low_s_and_verify() {
        use p256::ecdsa::{signature::Verifier, Signature, VerifyingKey};
        for seed in 1u8..=8 {
            let secret = [seed; 32];
            let message = [seed; 5];
            let signature = sign_message(&message, &secret).unwrap();
            assert!(signature[32..] <= SECP256R1_HALF_ORDER[..], "s is in the low half");
            let key = VerifyingKey::from_sec1_bytes(&public_key(&secret).unwrap()).unwrap();
            assert!(key.verify(&message, &Signature::from_slice(&signature).unwrap()).is_ok());
        }
        assert!(sign_message(b"x", &[0; 32]).is_err());
        assert!(sign_message(b"x", &SECP256R1_ORDER).is_err());
    }
}
