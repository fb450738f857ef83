//! Ed25519 signature verification: signature `i` signs the message bytes
//! with the key of account `i`.
//!
//! The check is exactly `ed25519_dalek::VerifyingKey::verify_strict`, the
//! one Agave's signature verification uses: `s` is canonical, the key and
//! `R` are not of small order, and `[s]B − [k]A` (with
//! `k = SHA-512(R ‖ A ‖ message)`) compresses to the bytes of `R`. It is
//! computed faster, with the same accept/reject decision:
//!
//! - `R` is never decompressed: the recomputed point `E = [s]B − [k]A` is
//!   compressed and compared with `R`'s bytes (equal bytes make `R` the
//!   canonical encoding of `E`, so `R` is small-order exactly when `E` is);
//! - public keys are decompressed once per thread and kept (with their
//!   small-order flag) in a bounded cache.
//!
//! Batch verification (one multiscalar equation for many signatures) is
//! deliberately not used: its random-linear-combination equation accepts
//! signatures whose `R` differs from `[s]B − [k]A` by a small-order point,
//! which `verify_strict` rejects, so a batch could accept what sending the
//! transaction alone rejects. [`verify_batch`] checks each signature.

use std::{cell::RefCell, collections::HashMap};

use curve25519_dalek::{
    edwards::{CompressedEdwardsY, EdwardsPoint},
    scalar::Scalar,
};
use sha2::{Digest, Sha512};

use crate::{accounts::PubkeyHasher, error::TransactionError, sanitize::SanitizedTransaction};

/// Most public keys one thread keeps decompressed (160 bytes each).
const MAX_CACHED_KEYS: usize = 8192;

/// A decompressed public key and what verification needs of it.
struct CachedKey {
    /// `−A`.
    minus_point: EdwardsPoint,
    /// Whether `A` is of small order (such keys never verify).
    small_order: bool,
}

type KeyCache = HashMap<[u8; 32], CachedKey, std::hash::BuildHasherDefault<PubkeyHasher>>;

thread_local! {
    static KEYS: RefCell<KeyCache> = RefCell::new(KeyCache::default());
}

/// Whether `signature` by `key` over `message` passes `verify_strict`.
pub fn verify_signature(key: &[u8; 32], signature: &[u8; 64], message: &[u8]) -> bool {
    let mut r_bytes = [0u8; 32];
    r_bytes.copy_from_slice(&signature[..32]);
    let mut s_bytes = [0u8; 32];
    s_bytes.copy_from_slice(&signature[32..]);
    let Some(s) = Option::<Scalar>::from(Scalar::from_canonical_bytes(s_bytes)) else {
        return false;
    };
    let mut hasher = Sha512::new();
    hasher.update(r_bytes);
    hasher.update(key);
    hasher.update(message);
    let k = Scalar::from_bytes_mod_order_wide(&hasher.finalize().into());
    let expected = KEYS.with_borrow_mut(|cache| {
        if cache.len() >= MAX_CACHED_KEYS && !cache.contains_key(key) {
            cache.clear();
        }
        let entry = match cache.entry(*key) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                let point = CompressedEdwardsY(*key).decompress()?;
                slot.insert(CachedKey { minus_point: -point, small_order: point.is_small_order() })
            }
        };
        if entry.small_order {
            return None;
        }
        Some(EdwardsPoint::vartime_double_scalar_mul_basepoint(&k, &entry.minus_point, &s))
    });
    let Some(expected) = expected else { return false };
    expected.compress().to_bytes() == r_bytes && !expected.is_small_order()
}

/// Verifies every signature of one transaction.
pub fn verify(tx: &SanitizedTransaction) -> Result<(), TransactionError> {
    for (signature, key) in tx.transaction.signatures.iter().zip(tx.keys()) {
        let bytes: &[u8] = signature.as_ref();
        let signature: &[u8; 64] = bytes.try_into().map_err(|_| TransactionError::SignatureFailure)?;
        if !verify_signature(key.as_array(), signature, &tx.message_bytes) {
            return Err(TransactionError::SignatureFailure);
        }
    }
    Ok(())
}

/// Verifies many transactions; the result for each, in order.
pub fn verify_batch(txs: &[&SanitizedTransaction]) -> Vec<Result<(), TransactionError>> {
    txs.iter().map(|tx| verify(tx)).collect()
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use curve25519_dalek::constants::EIGHT_TORSION;
    use ed25519_dalek::{Signer, SigningKey, VerifyingKey};

    use super::*;

    /// Our decision and `verify_strict`'s, for the same inputs.
    fn both(key: &[u8; 32], signature: &[u8; 64], message: &[u8]) -> (bool, bool) {
        let strict = VerifyingKey::from_bytes(key)
            .map(|k| k.verify_strict(message, &ed25519_dalek::Signature::from_bytes(signature)).is_ok())
            .unwrap_or(false);
        (verify_signature(key, signature, message), strict)
    }

    #[test]
    fn agrees_with_verify_strict_on_valid_and_tampered_signatures() {
        let mut rng = rand::thread_rng();
        let signing = SigningKey::generate(&mut rng);
        let key = signing.verifying_key().to_bytes();
        // Several rounds: the first decompresses the key, the others use the cache.
        for round in 0..4u8 {
            let message = [round; 100];
            let signature = signing.sign(&message).to_bytes();
            assert_eq!(both(&key, &signature, &message), (true, true));
            for byte in [0, 31, 32, 63] {
                let mut bad = signature;
                bad[byte] ^= 1;
                assert_eq!(both(&key, &bad, &message), (false, false), "byte {byte}");
            }
            assert_eq!(both(&key, &signature, b"another message"), (false, false));
        }
    }

    #[test]
    fn rejects_what_verify_strict_rejects_for_small_order_parts() {
        let mut rng = rand::thread_rng();
        let signing = SigningKey::generate(&mut rng);
        let key = signing.verifying_key().to_bytes();
        let message = b"torsion";
        // R shifted by a small-order point: passes a batch equation with
        // probability 1/8, never verify_strict.
        let signature = signing.sign(message).to_bytes();
        let r = CompressedEdwardsY(signature[..32].try_into().unwrap()).decompress().unwrap();
        for torsion in &EIGHT_TORSION[1..] {
            let mut shifted = signature;
            shifted[..32].copy_from_slice((r + torsion).compress().as_bytes());
            assert_eq!(both(&key, &shifted, message), (false, false));
        }
        // Small-order keys with small-order R and s = 0 (valid for any message
        // under the cofactorless equation for some pairs).
        for a in &EIGHT_TORSION {
            for r in &EIGHT_TORSION {
                let mut signature = [0u8; 64];
                signature[..32].copy_from_slice(r.compress().as_bytes());
                assert_eq!(both(a.compress().as_bytes(), &signature, message), (false, false));
            }
        }
        // A non-canonical s (s + ℓ).
        let mut big_s = signature;
        let s = Scalar::from_canonical_bytes(signature[32..].try_into().unwrap()).unwrap();
        let l_bytes: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut carry = 0u16;
        for (i, byte) in big_s[32..].iter_mut().enumerate() {
            let sum = u16::from(s.as_bytes()[i]) + u16::from(l_bytes[i]) + carry;
            *byte = sum as u8;
            carry = sum >> 8;
        }
        assert_eq!(both(&key, &big_s, message), (false, false));
    }

    #[test]
    fn a_key_that_is_not_a_curve_point_never_verifies() {
        let not_a_point = (0u8..=255)
            .map(|b| [b; 32])
            .find(|bytes| CompressedEdwardsY(*bytes).decompress().is_none())
            .expect("some byte pattern is off the curve");
        assert_eq!(both(&not_a_point, &[0; 64], b"x"), (false, false));
    }
}
