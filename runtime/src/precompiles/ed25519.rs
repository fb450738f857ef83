//! The Ed25519 precompile's verification (Agave 4.3, strict verification).

use lamport_sdk::precompiles::{
    ed25519::{PUBKEY_SERIALIZED_SIZE, SIGNATURE_OFFSETS_SERIALIZED_SIZE, SIGNATURE_OFFSETS_START, SIGNATURE_SERIALIZED_SIZE},
    PrecompileError, SignatureOffsets,
};

use super::data_slice;

/// Bits of a signature's last byte that a reduced `S` never sets: Agave's
/// signature parser (`ed25519` 1.x) rejects them before verifying.
const S_HIGH_BITS: u8 = 0b1110_0000;

pub(super) fn verify(data: &[u8], instruction_datas: &[&[u8]]) -> Result<(), PrecompileError> {
    if data.len() < SIGNATURE_OFFSETS_START {
        return Err(PrecompileError::InvalidInstructionDataSize);
    }
    let count = usize::from(data[0]);
    if count == 0 && data.len() > SIGNATURE_OFFSETS_START {
        return Err(PrecompileError::InvalidInstructionDataSize);
    }
    let expected = count.saturating_mul(SIGNATURE_OFFSETS_SERIALIZED_SIZE).saturating_add(SIGNATURE_OFFSETS_START);
    if data.len() < expected {
        return Err(PrecompileError::InvalidInstructionDataSize);
    }
    for index in 0..count {
        let offsets = SignatureOffsets::read(data, index).ok_or(PrecompileError::InvalidInstructionDataSize)?;
        let signature = data_slice(
            data,
            instruction_datas,
            offsets.signature_instruction_index,
            offsets.signature_offset,
            SIGNATURE_SERIALIZED_SIZE,
        )?;
        let signature: [u8; SIGNATURE_SERIALIZED_SIZE] =
            signature.try_into().map_err(|_| PrecompileError::InvalidSignature)?;
        if signature[SIGNATURE_SERIALIZED_SIZE - 1] & S_HIGH_BITS != 0 {
            return Err(PrecompileError::InvalidSignature);
        }
        let pubkey = data_slice(
            data,
            instruction_datas,
            offsets.public_key_instruction_index,
            offsets.public_key_offset,
            PUBKEY_SERIALIZED_SIZE,
        )?;
        let pubkey: [u8; PUBKEY_SERIALIZED_SIZE] = pubkey.try_into().map_err(|_| PrecompileError::InvalidPublicKey)?;
        let key = ed25519_dalek::VerifyingKey::from_bytes(&pubkey).map_err(|_| PrecompileError::InvalidPublicKey)?;
        let message = data_slice(
            data,
            instruction_datas,
            offsets.message_instruction_index,
            offsets.message_data_offset,
            usize::from(offsets.message_data_size),
        )?;
        key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(&signature))
            .map_err(|_| PrecompileError::InvalidSignature)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};
    use lamport_sdk::precompiles::ed25519::new_ed25519_instruction_with_signature;

    fn signed(message: &[u8]) -> Vec<u8> {
        let key = SigningKey::from_bytes(&[7; 32]);
        let signature = key.sign(message).to_bytes();
        new_ed25519_instruction_with_signature(message, &signature, key.verifying_key().as_bytes()).data
    }

    #[test]
    fn a_signature_verifies_and_a_tampered_one_does_not() {
        let data = signed(b"hello");
        assert_eq!(verify(&data, &[&data]), Ok(()));
        let mut tampered = data.clone();
        tampered[50] ^= 1;
        assert_eq!(verify(&tampered, &[&tampered]), Err(PrecompileError::InvalidSignature));
        let mut high_s = data.clone();
        high_s[48 + 63] |= 0x80;
        assert_eq!(verify(&high_s, &[&high_s]), Err(PrecompileError::InvalidSignature));
    }

    #[test]
    fn sizes_and_offsets_are_checked_as_agave_does() {
        assert_eq!(verify(&[], &[]), Err(PrecompileError::InvalidInstructionDataSize));
        assert_eq!(verify(&[0, 0], &[]), Ok(()));
        assert_eq!(verify(&[0, 0, 0], &[]), Err(PrecompileError::InvalidInstructionDataSize));
        assert_eq!(verify(&[1, 0], &[]), Err(PrecompileError::InvalidInstructionDataSize));
        let mut data = signed(b"hello");
        data[2..4].copy_from_slice(&u16::MAX.to_le_bytes());
        assert_eq!(verify(&data, &[&data]), Err(PrecompileError::InvalidDataOffsets));
        let mut data = signed(b"hello");
        data[4..6].copy_from_slice(&1u16.to_le_bytes());
        assert_eq!(verify(&data, &[&data]), Err(PrecompileError::InvalidDataOffsets));
    }
}
