//! `sigverify`: the runtime's signature check against `ed25519-dalek`'s
//! `verify_strict`.
//!
//! [`lamport_runtime::sigverify::verify_signature`] must accept exactly the
//! (key, signature, message) triples `VerifyingKey::verify_strict` accepts.
//! Random bytes almost never form a valid signature, so besides raw triples
//! the input can describe structured cases:
//!
//! - a real signature, optionally tampered with: a flipped bit, `s + m·ℓ`
//!   (a non-canonical scalar), a torsion point added to `R`, `R` or the key
//!   replaced by a non-canonical encoding (y ≥ p) or by a small-order point;
//! - a signature made by hand for a key with a torsion component
//!   (`A = [a]B + T`) and a nonce point with one (`R = [r]B + T'`), with
//!   `s = r + k·a`: `[s]B − [k]A = R − T' − [k]T`, so the signature verifies
//!   exactly when `T' = −[k]T` and neither point is of small order — the
//!   cases where cofactored and cofactorless checks differ.
//!
//! Each triple is verified up to three times, since the runtime caches keys
//! and switches a key that signs again to precomputed tables.

use arbitrary::{Arbitrary, Unstructured};
use curve25519_dalek::{
    constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION},
    edwards::{CompressedEdwardsY, EdwardsPoint},
    scalar::Scalar,
};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha512};

/// A structured or raw case.
#[derive(Arbitrary, Debug)]
enum Case {
    /// Raw bytes.
    Raw { key: [u8; 32], signature: [u8; 64], message: Vec<u8> },
    /// A real signature by the key of `seed`, then `tamper`.
    Signed { seed: [u8; 32], message: Vec<u8>, tamper: Tamper },
    /// A hand-made signature with torsion in the key and the nonce point.
    Torsion { secret: [u8; 32], nonce: [u8; 32], key_torsion: u8, nonce_torsion: u8, message: Vec<u8>, tamper: Tamper },
}

/// A change to a valid triple.
#[derive(Arbitrary, Debug)]
enum Tamper {
    None,
    /// Flip bit `n` of key ‖ signature ‖ message (modulo their length).
    FlipBit(u16),
    /// `s + m·ℓ`: the same scalar, non-canonical (when it fits 256 bits).
    AddGroupOrder(u8),
    /// `R + T` for torsion point `n mod 8`.
    TorsionOnR(u8),
    /// `R` replaced by a non-canonical encoding: y = p + n mod 19, sign bit.
    NonCanonicalR(u8, bool),
    /// The key replaced by a non-canonical encoding.
    NonCanonicalKey(u8, bool),
    /// The key replaced by torsion point `n mod 8`.
    SmallOrderKey(u8),
    /// `R` replaced by torsion point `n mod 8`.
    SmallOrderR(u8),
    /// The sign bit of `R` flipped.
    FlipRSign,
    /// The sign bit of the key flipped.
    FlipKeySign,
}

/// Runs one input.
pub fn run(data: &[u8]) {
    let mut input = Unstructured::new(data);
    let Ok(case) = Case::arbitrary(&mut input) else { return };
    let repeats = input.int_in_range(1..=3u8).unwrap_or(1);
    let (key, signature, message) = triple(case);
    for _ in 0..repeats {
        check(&key, &signature, &message);
    }
}

/// The kind of case `data` decodes to (the case and the tamper), for
/// seeding one input per kind.
pub fn kind(data: &[u8]) -> Option<String> {
    let case = Case::arbitrary(&mut Unstructured::new(data)).ok()?;
    let name = |tamper: &Tamper| format!("{tamper:?}").split('(').next().unwrap_or_default().to_string();
    Some(match &case {
        Case::Raw { .. } => "raw".to_string(),
        Case::Signed { tamper, .. } => format!("signed/{}", name(tamper)),
        Case::Torsion { tamper, .. } => format!("torsion/{}", name(tamper)),
    })
}

/// Whether `verify_strict` accepts: the reference.
pub fn verify_strict(key: &[u8; 32], signature: &[u8; 64], message: &[u8]) -> bool {
    VerifyingKey::from_bytes(key)
        .is_ok_and(|key| key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(signature)).is_ok())
}

/// The runtime and the reference decide the same.
pub fn check(key: &[u8; 32], signature: &[u8; 64], message: &[u8]) {
    let ours = lamport_runtime::sigverify::verify_signature(key, signature, message);
    let strict = verify_strict(key, signature, message);
    assert_eq!(
        ours, strict,
        "verify_signature says {ours}, verify_strict says {strict}\nkey {key:02x?}\nsignature {signature:02x?}\nmessage {message:02x?}"
    );
}

fn triple(case: Case) -> ([u8; 32], [u8; 64], Vec<u8>) {
    match case {
        Case::Raw { key, signature, message } => (key, signature, message),
        Case::Signed { seed, message, tamper } => {
            let signing = SigningKey::from_bytes(&seed);
            let signature = signing.sign(&message).to_bytes();
            apply(tamper, signing.verifying_key().to_bytes(), signature, message)
        }
        Case::Torsion { secret, nonce, key_torsion, nonce_torsion, message, tamper } => {
            let a = Scalar::from_bytes_mod_order(secret);
            let r = Scalar::from_bytes_mod_order(nonce);
            let key = (ED25519_BASEPOINT_POINT * a + torsion(key_torsion)).compress().to_bytes();
            let big_r = (ED25519_BASEPOINT_POINT * r + torsion(nonce_torsion)).compress().to_bytes();
            let k = challenge(&big_r, &key, &message);
            let s = r + k * a;
            let mut signature = [0u8; 64];
            signature[..32].copy_from_slice(&big_r);
            signature[32..].copy_from_slice(s.as_bytes());
            apply(tamper, key, signature, message)
        }
    }
}

/// `SHA-512(R ‖ A ‖ message)` mod ℓ.
fn challenge(r: &[u8; 32], key: &[u8; 32], message: &[u8]) -> Scalar {
    let mut hasher = Sha512::new();
    hasher.update(r);
    hasher.update(key);
    hasher.update(message);
    Scalar::from_bytes_mod_order_wide(&hasher.finalize().into())
}

fn torsion(n: u8) -> EdwardsPoint {
    EIGHT_TORSION[usize::from(n % 8)]
}

/// A non-canonical encoding: y = p + (n mod 19) (that is, y ≥ p), with the
/// given sign bit. Some of them are not on the curve: decoding rejects those.
fn non_canonical(n: u8, sign: bool) -> [u8; 32] {
    let mut bytes = [0xff; 32];
    bytes[0] = 0xed + n % 19;
    bytes[31] = 0x7f | if sign { 0x80 } else { 0 };
    bytes
}

fn apply(tamper: Tamper, mut key: [u8; 32], mut signature: [u8; 64], mut message: Vec<u8>) -> ([u8; 32], [u8; 64], Vec<u8>) {
    match tamper {
        Tamper::None => {}
        Tamper::FlipBit(n) => {
            let bits = (32 + 64 + message.len()) * 8;
            let bit = usize::from(n) % bits;
            let mask = 1u8 << (bit % 8);
            match bit / 8 {
                i if i < 32 => key[i] ^= mask,
                i if i < 96 => signature[i - 32] ^= mask,
                i => message[i - 96] ^= mask,
            }
        }
        Tamper::AddGroupOrder(m) => {
            // ℓ = 2^252 + 27742317777372353535851937790883648493: s + m·ℓ as
            // 256-bit little-endian bytes, kept only when it does not overflow.
            let ell = Scalar::ZERO - Scalar::ONE;
            let mut value = [0u8; 32];
            value.copy_from_slice(&signature[32..]);
            let mut ell_bytes = *ell.as_bytes();
            add_one(&mut ell_bytes);
            for _ in 0..(m % 16) {
                if !add_bytes(&mut value, &ell_bytes) {
                    break;
                }
            }
            signature[32..].copy_from_slice(&value);
        }
        Tamper::TorsionOnR(n) => {
            let r: [u8; 32] = signature[..32].try_into().expect("32 bytes");
            if let Some(point) = CompressedEdwardsY(r).decompress() {
                signature[..32].copy_from_slice(&(point + torsion(n)).compress().to_bytes());
            }
        }
        Tamper::NonCanonicalR(n, sign) => signature[..32].copy_from_slice(&non_canonical(n, sign)),
        Tamper::NonCanonicalKey(n, sign) => key = non_canonical(n, sign),
        Tamper::SmallOrderKey(n) => key = torsion(n).compress().to_bytes(),
        Tamper::SmallOrderR(n) => signature[..32].copy_from_slice(&torsion(n).compress().to_bytes()),
        Tamper::FlipRSign => signature[31] ^= 0x80,
        Tamper::FlipKeySign => key[31] ^= 0x80,
    }
    (key, signature, message)
}

/// `value += 1` over little-endian bytes (ℓ − 1 + 1 = ℓ).
fn add_one(value: &mut [u8; 32]) {
    for byte in value.iter_mut() {
        let (sum, carry) = byte.overflowing_add(1);
        *byte = sum;
        if !carry {
            return;
        }
    }
}

/// `value += addend` over little-endian bytes, unless it overflows 256 bits
/// (then `value` is unchanged and the result is `false`).
fn add_bytes(value: &mut [u8; 32], addend: &[u8; 32]) -> bool {
    let mut sum = [0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let total = u16::from(value[i]) + u16::from(addend[i]) + carry;
        sum[i] = total as u8;
        carry = total >> 8;
    }
    if carry != 0 {
        return false;
    }
    *value = sum;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structured_cases_reach_both_decisions() {
        let seed = [7u8; 32];
        let valid = triple(Case::Signed { seed, message: b"m".to_vec(), tamper: Tamper::None });
        assert!(verify_strict(&valid.0, &valid.1, &valid.2));
        let high_s = triple(Case::Signed { seed, message: b"m".to_vec(), tamper: Tamper::AddGroupOrder(1) });
        assert_ne!(high_s.1, valid.1);
        assert!(!verify_strict(&high_s.0, &high_s.1, &high_s.2));
        // No torsion: the hand-made signature is an ordinary valid one.
        let plain = triple(Case::Torsion {
            secret: [3; 32],
            nonce: [4; 32],
            key_torsion: 0,
            nonce_torsion: 0,
            message: b"m".to_vec(),
            tamper: Tamper::None,
        });
        assert!(verify_strict(&plain.0, &plain.1, &plain.2));
        for case in [valid, high_s, plain] {
            check(&case.0, &case.1, &case.2);
        }
    }

    #[test]
    fn a_torsion_key_verifies_exactly_when_the_torsion_cancels() {
        // Key torsion of order 2 (EIGHT_TORSION[4]) cancels when k is even.
        let (mut accepted, mut rejected) = (0, 0);
        for nonce in 0..32u8 {
            let case = triple(Case::Torsion {
                secret: [9; 32],
                nonce: [nonce; 32],
                key_torsion: 4,
                nonce_torsion: 0,
                message: b"m".to_vec(),
                tamper: Tamper::None,
            });
            let r: [u8; 32] = case.1[..32].try_into().unwrap();
            let even = challenge(&r, &case.0, &case.2).as_bytes()[0].is_multiple_of(2);
            assert_eq!(verify_strict(&case.0, &case.1, &case.2), even);
            if even { accepted += 1 } else { rejected += 1 }
            check(&case.0, &case.1, &case.2);
        }
        assert!(accepted > 0 && rejected > 0);
    }
}
