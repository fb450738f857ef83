//! The secp256k1 precompile's verification (Agave 4.3): recover the key
//! from each signature and the Keccak-256 of its message, and compare its
//! Ethereum address.

use lamport_sdk::precompiles::{
    secp256k1::{
        eth_address_from_pubkey, SecpSignatureOffsets, HASHED_PUBKEY_SERIALIZED_SIZE, SIGNATURE_OFFSETS_SERIALIZED_SIZE,
        SIGNATURE_SERIALIZED_SIZE,
    },
    PrecompileError,
};
use sha3::{Digest, Keccak256};

pub(super) fn verify(data: &[u8], instruction_datas: &[&[u8]]) -> Result<(), PrecompileError> {
    let Some(&count) = data.first() else {
        return Err(PrecompileError::InvalidInstructionDataSize);
    };
    let count = usize::from(count);
    if count == 0 && data.len() > 1 {
        return Err(PrecompileError::InvalidInstructionDataSize);
    }
    let expected = count.saturating_mul(SIGNATURE_OFFSETS_SERIALIZED_SIZE).saturating_add(1);
    if data.len() < expected {
        return Err(PrecompileError::InvalidInstructionDataSize);
    }
    for index in 0..count {
        let offsets = SecpSignatureOffsets::read(data, index).ok_or(PrecompileError::InvalidSignature)?;
        let signature_instruction = instruction_datas
            .get(usize::from(offsets.signature_instruction_index))
            .ok_or(PrecompileError::InvalidInstructionDataSize)?;
        let signature_start = usize::from(offsets.signature_offset);
        let signature_end = signature_start.saturating_add(SIGNATURE_SERIALIZED_SIZE);
        // The recovery id follows the signature, so the signature may not end the data.
        let (Some(signature), Some(&recovery_id)) =
            (signature_instruction.get(signature_start..signature_end), signature_instruction.get(signature_end))
        else {
            return Err(PrecompileError::InvalidSignature);
        };
        let signature =
            libsecp256k1::Signature::parse_standard_slice(signature).map_err(|_| PrecompileError::InvalidSignature)?;
        let recovery_id = libsecp256k1::RecoveryId::parse(recovery_id).map_err(|_| PrecompileError::InvalidRecoveryId)?;
        let eth_address = data_slice(
            instruction_datas,
            offsets.eth_address_instruction_index,
            offsets.eth_address_offset,
            HASHED_PUBKEY_SERIALIZED_SIZE,
        )?;
        let message = data_slice(
            instruction_datas,
            offsets.message_instruction_index,
            offsets.message_data_offset,
            usize::from(offsets.message_data_size),
        )?;
        let hash: [u8; 32] = Keccak256::digest(message).into();
        let key = libsecp256k1::recover(&libsecp256k1::Message::parse(&hash), &signature, &recovery_id)
            .map_err(|_| PrecompileError::InvalidSignature)?;
        let mut uncompressed = [0u8; 64];
        uncompressed.copy_from_slice(&key.serialize()[1..]);
        if eth_address != eth_address_from_pubkey(&uncompressed) {
            return Err(PrecompileError::InvalidSignature);
        }
    }
    Ok(())
}

/// `size` bytes at `offset` of instruction `index`'s data: a bad index is
/// `InvalidDataOffsets`, a short instruction `InvalidSignature` (Agave's
/// errors for this precompile).
fn data_slice<'a>(
    instruction_datas: &'a [&'a [u8]],
    index: u8,
    offset: u16,
    size: usize,
) -> Result<&'a [u8], PrecompileError> {
    let instruction = instruction_datas.get(usize::from(index)).ok_or(PrecompileError::InvalidDataOffsets)?;
    let start = usize::from(offset);
    instruction.get(start..start.saturating_add(size)).ok_or(PrecompileError::InvalidSignature)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lamport_sdk::precompiles::secp256k1::{new_secp256k1_instruction_with_signature, public_key, sign_message};

    fn signed(message: &[u8]) -> Vec<u8> {
        let secret = [3u8; 32];
        let (signature, recovery_id) = sign_message(&secret, message).unwrap();
        let address = eth_address_from_pubkey(&public_key(&secret).unwrap());
        new_secp256k1_instruction_with_signature(message, &signature, recovery_id, &address).data
    }

    #[test]
    fn a_signature_verifies_and_a_tampered_one_does_not() {
        let data = signed(b"hello");
        assert_eq!(verify(&data, &[&data]), Ok(()));
        let mut other_message = data.clone();
        *other_message.last_mut().unwrap() ^= 1;
        assert_eq!(verify(&other_message, &[&other_message]), Err(PrecompileError::InvalidSignature));
        let mut bad_recovery = data.clone();
        bad_recovery[96] = 4;
        assert_eq!(verify(&bad_recovery, &[&bad_recovery]), Err(PrecompileError::InvalidRecoveryId));
    }

    #[test]
    fn sizes_and_offsets_are_checked_as_agave_does() {
        assert_eq!(verify(&[], &[]), Err(PrecompileError::InvalidInstructionDataSize));
        assert_eq!(verify(&[0], &[]), Ok(()));
        assert_eq!(verify(&[0, 1], &[]), Err(PrecompileError::InvalidInstructionDataSize));
        let data = signed(b"hello");
        // The builder points at instruction 0; as instruction 1 it reads another's data.
        assert_eq!(verify(&data, &[&[9u8; 4], &data]), Err(PrecompileError::InvalidSignature));
        let mut data = signed(b"hello");
        data[3] = 7;
        assert_eq!(verify(&data, &[&data]), Err(PrecompileError::InvalidInstructionDataSize));
        let mut data = signed(b"hello");
        data[6] = 7;
        assert_eq!(verify(&data, &[&data]), Err(PrecompileError::InvalidDataOffsets));
    }
}
