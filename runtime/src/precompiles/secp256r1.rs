//! The secp256r1 (P-256) precompile's verification (Agave 4.3): ECDSA over
//! SHA-256 with `1 ≤ r < n` and `1 ≤ s ≤ n/2` (low `s` only).

use lamport_sdk::precompiles::{
    secp256r1::{
        COMPRESSED_PUBKEY_SERIALIZED_SIZE, FIELD_SIZE, MAX_SIGNATURES, SECP256R1_HALF_ORDER, SECP256R1_ORDER_MINUS_ONE,
        SIGNATURE_OFFSETS_SERIALIZED_SIZE, SIGNATURE_OFFSETS_START, SIGNATURE_SERIALIZED_SIZE,
    },
    PrecompileError, SignatureOffsets,
};
use p256::ecdsa::{signature::Verifier, Signature, VerifyingKey};

use super::data_slice;

/// SEC1 tag of a compressed point with even `y`.
const COMPRESSED_EVEN_Y: u8 = 0x02;
/// SEC1 tag of a compressed point with odd `y`.
const COMPRESSED_ODD_Y: u8 = 0x03;

/// Whether a big-endian scalar lies in `1..=max`.
fn in_range(scalar: &[u8], max: &[u8; FIELD_SIZE]) -> bool {
    scalar.iter().any(|&byte| byte != 0) && scalar <= &max[..]
}

pub(super) fn verify(data: &[u8], instruction_datas: &[&[u8]]) -> Result<(), PrecompileError> {
    if data.len() < SIGNATURE_OFFSETS_START {
        return Err(PrecompileError::InvalidInstructionDataSize);
    }
    let count = usize::from(data[0]);
    if count == 0 || count > MAX_SIGNATURES {
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
        let pubkey = data_slice(
            data,
            instruction_datas,
            offsets.public_key_instruction_index,
            offsets.public_key_offset,
            COMPRESSED_PUBKEY_SERIALIZED_SIZE,
        )?;
        let message = data_slice(
            data,
            instruction_datas,
            offsets.message_instruction_index,
            offsets.message_data_offset,
            usize::from(offsets.message_data_size),
        )?;
        let (r, s) = signature.split_at(FIELD_SIZE);
        if !in_range(r, &SECP256R1_ORDER_MINUS_ONE) || !in_range(s, &SECP256R1_HALF_ORDER) {
            return Err(PrecompileError::InvalidSignature);
        }
        let signature = Signature::from_slice(signature).map_err(|_| PrecompileError::InvalidSignature)?;
        // Only the compressed SEC1 tags: the curve library would also take
        // a "compact" point (tag 5), which Agave's OpenSSL refuses.
        if !matches!(pubkey[0], COMPRESSED_EVEN_Y | COMPRESSED_ODD_Y) {
            return Err(PrecompileError::InvalidPublicKey);
        }
        let key = VerifyingKey::from_sec1_bytes(pubkey).map_err(|_| PrecompileError::InvalidPublicKey)?;
        key.verify(message, &signature).map_err(|_| PrecompileError::InvalidSignature)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use lamport_sdk::precompiles::secp256r1::{new_secp256r1_instruction_with_signature, public_key, sign_message, SECP256R1_ORDER};

    fn signed(message: &[u8]) -> Vec<u8> {
        let secret = [5u8; 32];
        let signature = sign_message(message, &secret).unwrap();
        new_secp256r1_instruction_with_signature(message, &signature, &public_key(&secret).unwrap()).data
    }

    #[test]
    fn a_signature_verifies_and_a_tampered_one_does_not() {
        let data = signed(b"hello");
        assert_eq!(verify(&data, &[&data]), Ok(()));
        let mut tampered = data.clone();
        tampered[60] ^= 1;
        assert_eq!(verify(&tampered, &[&tampered]), Err(PrecompileError::InvalidSignature));
        for tag in [0x00, 0x04, 0x05] {
            let mut bad_key = data.clone();
            bad_key[16] = tag;
            assert_eq!(verify(&bad_key, &[&bad_key]), Err(PrecompileError::InvalidPublicKey));
        }
        let mut off_curve = data.clone();
        off_curve[17..49].copy_from_slice(&[0xff; 32]);
        assert_eq!(verify(&off_curve, &[&off_curve]), Err(PrecompileError::InvalidPublicKey));
    }

    #[test]
    fn high_s_is_rejected() {
        let data = signed(b"hello");
        // s' = n - s verifies mathematically but is the high twin.
        let s = &data[49 + 32..49 + 64];
        let mut high = [0u8; 32];
        let mut borrow = 0i16;
        for i in (0..32).rev() {
            let diff = i16::from(SECP256R1_ORDER[i]) - i16::from(s[i]) - borrow;
            high[i] = diff.rem_euclid(256) as u8;
            borrow = i16::from(diff < 0);
        }
        let mut twin = data.clone();
        twin[49 + 32..49 + 64].copy_from_slice(&high);
        assert_eq!(verify(&twin, &[&twin]), Err(PrecompileError::InvalidSignature));
    }

    #[test]
    fn sizes_are_checked_as_agave_does() {
        assert_eq!(verify(&[0, 0], &[]), Err(PrecompileError::InvalidInstructionDataSize));
        assert_eq!(verify(&[9, 0], &[]), Err(PrecompileError::InvalidInstructionDataSize));
        assert_eq!(verify(&[1, 0], &[]), Err(PrecompileError::InvalidInstructionDataSize));
        let mut data = signed(b"hello");
        data[12..14].copy_from_slice(&u16::MAX.to_le_bytes());
        assert_eq!(verify(&data, &[&data]), Err(PrecompileError::InvalidDataOffsets));
    }
}
