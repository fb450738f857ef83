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
//!   small-order flag) in a bounded cache;
//! - a key that signs again gets a table of its multiples, and `[s]B` and
//!   `[k](−A)` are then sums of table entries (variable-time fixed-base
//!   multiplication with signed 5-bit digits for keys, 8-bit digits for the
//!   basepoint: 52 + 32 point additions, no doublings); the few keys that
//!   sign most often get 8-bit tables too (32 + 32 additions), and a
//!   process that verifies many signatures gets an 11-bit basepoint table
//!   (32 + 24 additions).
//!
//! Batch verification (one multiscalar equation for many signatures) is
//! deliberately not used: its random-linear-combination equation accepts
//! signatures whose `R` differs from `[s]B − [k]A` by a small-order point,
//! which `verify_strict` rejects, so a batch could accept what sending the
//! transaction alone rejects. [`verify_batch`] checks each signature.

use std::{cell::RefCell, collections::HashMap};

use std::collections::hash_map::Entry;

use curve25519_dalek::{
    constants::ED25519_BASEPOINT_POINT,
    edwards::{CompressedEdwardsY, EdwardsPoint},
    scalar::Scalar,
    traits::Identity,
};
use sha2::{Digest, Sha512};

use crate::{accounts::PubkeyHasher, error::TransactionError, sanitize::SanitizedTransaction};

/// Most public keys one thread keeps decompressed (160 bytes each).
const MAX_CACHED_KEYS: usize = 8192;
/// Most keys with a multiples table (133 KiB each) per thread.
const MAX_KEY_TABLES: usize = 32;
/// Window of the public keys' tables: 52 signed 5-bit digits.
const KEY_WINDOW: u32 = 5;
/// Most keys with a large table (655 KiB each) per thread.
const MAX_HOT_KEY_TABLES: usize = 4;
/// Window of the large tables: 32 signed bytes.
const HOT_KEY_WINDOW: u32 = 8;
/// Signatures after which a key counts as hot (a large table costs about
/// as much to build as 40 verifications).
const HOT_KEY_USES: u32 = 256;
/// Window of the basepoint's table: 32 signed bytes (655 KiB, built once).
const BASEPOINT_WINDOW: u32 = 8;
/// Window of the basepoint's large table: 24 signed 11-bit digits (3.8 MiB,
/// built once), eight additions fewer per signature than the first table.
const HOT_BASEPOINT_WINDOW: u32 = 11;
/// Signatures a process verifies before it builds the large basepoint
/// table (which costs about as much as 100 verifications).
const HOT_BASEPOINT_USES: u32 = 4096;

/// Whether the 255-bit y coordinate of an encoded point is below
/// p = 2^255 − 19 (the sign bit is bit 255, outside y).
fn is_canonical_y(encoded: &[u8; 32]) -> bool {
    let top = encoded[31] & 0x7f;
    !(top == 0x7f && encoded[1..31].iter().all(|b| *b == 0xff) && encoded[0] >= 0xed)
}

/// Multiples of a point for variable-time fixed-base multiplication with
/// signed digits of `window` bits: row `j` holds `m · 2^(window·j) · P`
/// for `m` in `1..=2^(window−1)`, so a scalar below 2^256 costs one
/// addition per nonzero digit and no doubling.
struct FixedBaseTable {
    window: u32,
    /// Entries per row, `2^(window−1)`.
    half: usize,
    /// `rows × half` points, row after row.
    points: Vec<EdwardsPoint>,
}

// Group operations on curve points cannot overflow, and the digit
// arithmetic stays within ±2^window: the arithmetic lint does not apply.
#[allow(clippy::arithmetic_side_effects)]
impl FixedBaseTable {
    fn rows(window: u32) -> usize {
        256usize.div_ceil(window as usize)
    }

    fn new(point: &EdwardsPoint, window: u32) -> Self {
        let half = 1usize << (window - 1);
        let rows = Self::rows(window);
        let mut points = Vec::with_capacity(rows * half);
        let mut base = *point;
        for _ in 0..rows {
            let mut multiple = base;
            for _ in 0..half {
                points.push(multiple);
                multiple += base;
            }
            // The next row's base: 2^window · base = 2 · (2^(window−1) · base).
            let last = points[points.len() - 1];
            base = last + last;
        }
        Self { window, half, points }
    }

    /// Signed digits of `scalar` (in `−half..=half`), least significant first.
    fn digits(&self, scalar: &Scalar) -> Vec<i32> {
        // The scalar's bytes, padded so that every window's 8-byte read is in
        // bounds (a window starts at bit 253 at most and spans at most 18).
        let mut padded = [0u8; 48];
        padded[..32].copy_from_slice(scalar.as_bytes());
        let window = self.window as usize;
        let mask = (1u64 << window) - 1;
        let mut digits: Vec<i32> = (0..Self::rows(self.window))
            .map(|row| {
                let bit = row * window;
                let mut word = [0u8; 8];
                word.copy_from_slice(&padded[bit / 8..bit / 8 + 8]);
                ((u64::from_le_bytes(word) >> (bit % 8)) & mask) as i32
            })
            .collect();
        let half = self.half as i32;
        for i in 0..digits.len() - 1 {
            let carry = (digits[i] + half) >> self.window;
            digits[i] -= carry << self.window;
            digits[i + 1] += carry;
        }
        digits
    }

    /// The entries whose sum is `scalar · P`, for `scalar` below 2^253
    /// (every reduced scalar), each with whether it is subtracted.
    fn terms(&self, scalar: &Scalar) -> impl Iterator<Item = (&EdwardsPoint, bool)> {
        self.points.chunks_exact(self.half).zip(self.digits(scalar)).filter(|(_, digit)| *digit != 0).map(|(row, digit)| {
            (&row[digit.unsigned_abs() as usize - 1], digit < 0)
        })
    }

    /// Adds `scalar · P` to `acc`, for `scalar` below 2^253. Variable time:
    /// verification handles only public values.
    #[cfg(test)]
    fn add_multiple(&self, acc: EdwardsPoint, scalar: &Scalar) -> EdwardsPoint {
        sum(acc, &self.terms(scalar).collect::<Vec<_>>())
    }
}

/// `acc` plus the sum of `terms` (each added or subtracted). The entries
/// are scattered over tables larger than the L2 cache: all of them are
/// requested from memory first, so that their cache misses overlap.
#[allow(clippy::arithmetic_side_effects)]
fn sum(acc: EdwardsPoint, terms: &[(&EdwardsPoint, bool)]) -> EdwardsPoint {
    for (point, _) in terms {
        prefetch(point);
    }
    let mut acc = acc;
    for (point, negative) in terms {
        if *negative {
            acc -= *point;
        } else {
            acc += *point;
        }
    }
    acc
}

/// Loads `point` without using it: the loads of successive calls do not
/// depend on each other, so their cache misses overlap.
fn prefetch(point: &EdwardsPoint) {
    std::hint::black_box(*point);
}

/// The basepoint's table, built once: the large one once the process has
/// verified [`HOT_BASEPOINT_USES`] signatures.
fn basepoint_table() -> &'static FixedBaseTable {
    use std::sync::{
        atomic::{AtomicU32, Ordering},
        OnceLock,
    };
    static USES: AtomicU32 = AtomicU32::new(0);
    static TABLE: OnceLock<FixedBaseTable> = OnceLock::new();
    static LARGE: OnceLock<FixedBaseTable> = OnceLock::new();
    if let Some(large) = LARGE.get() {
        return large;
    }
    if USES.fetch_add(1, Ordering::Relaxed) >= HOT_BASEPOINT_USES {
        return LARGE.get_or_init(|| FixedBaseTable::new(&ED25519_BASEPOINT_POINT, HOT_BASEPOINT_WINDOW));
    }
    TABLE.get_or_init(|| FixedBaseTable::new(&ED25519_BASEPOINT_POINT, BASEPOINT_WINDOW))
}

/// A decompressed public key and what verification needs of it.
struct CachedKey {
    /// `−A`.
    minus_point: EdwardsPoint,
    /// Whether `A` is of small order (such keys never verify).
    small_order: bool,
    /// Multiples of `−A`, once the key signs a second time.
    table: Option<FixedBaseTable>,
    /// Signatures checked with this key (saturating).
    uses: u32,
}

#[derive(Default)]
struct KeyCache {
    keys: HashMap<[u8; 32], CachedKey, std::hash::BuildHasherDefault<PubkeyHasher>>,
    tables: usize,
    hot_tables: usize,
}

thread_local! {
    static KEYS: RefCell<KeyCache> = RefCell::new(KeyCache::default());
}

/// Whether `signature` by `key` over `message` passes `verify_strict`.
pub fn verify_signature(key: &[u8; 32], signature: &[u8; 64], message: &[u8]) -> bool {
    let mut r_bytes = [0u8; 32];
    r_bytes.copy_from_slice(&signature[..32]);
    // `verify_strict` compares points, so it also accepts a non-canonical
    // encoding of R (y ≥ p); comparing bytes below would not. Such an R is
    // out of reach of any signer (it needs a nonce whose point has y < 19),
    // but agreement must be exact: leave those to the library itself.
    if !is_canonical_y(&r_bytes) {
        return ed25519_dalek::VerifyingKey::from_bytes(key)
            .is_ok_and(|k| k.verify_strict(message, &ed25519_dalek::Signature::from_bytes(signature)).is_ok());
    }
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
        if cache.keys.len() >= MAX_CACHED_KEYS && !cache.keys.contains_key(key) {
            cache.keys.clear();
            cache.tables = 0;
            cache.hot_tables = 0;
        }
        let entry = match cache.keys.entry(*key) {
            Entry::Occupied(mut entry) => {
                let key = entry.get_mut();
                key.uses = key.uses.saturating_add(1);
                if key.table.is_none() && !key.small_order && cache.tables < MAX_KEY_TABLES {
                    key.table = Some(FixedBaseTable::new(&key.minus_point, KEY_WINDOW));
                    cache.tables = cache.tables.saturating_add(1);
                } else if key.uses == HOT_KEY_USES && key.table.is_some() && cache.hot_tables < MAX_HOT_KEY_TABLES {
                    key.table = Some(FixedBaseTable::new(&key.minus_point, HOT_KEY_WINDOW));
                    cache.hot_tables = cache.hot_tables.saturating_add(1);
                }
                entry.into_mut()
            }
            Entry::Vacant(slot) => {
                let point = CompressedEdwardsY(*key).decompress()?;
                #[allow(clippy::arithmetic_side_effects)] // point negation
                let minus_point = -point;
                slot.insert(CachedKey { minus_point, small_order: point.is_small_order(), table: None, uses: 1 })
            }
        };
        if entry.small_order {
            return None;
        }
        Some(match &entry.table {
            Some(table) => {
                let terms: Vec<(&EdwardsPoint, bool)> = basepoint_table().terms(&s).chain(table.terms(&k)).collect();
                sum(EdwardsPoint::identity(), &terms)
            }
            None => EdwardsPoint::vartime_double_scalar_mul_basepoint(&k, &entry.minus_point, &s),
        })
    });
    let Some(expected) = expected else { return false };
    // Equal bytes make `E` the point `R` encodes, so `E` is of small order
    // exactly when those bytes encode one of the eight small-order points.
    expected.compress().to_bytes() == r_bytes && !small_order_encodings().contains(&r_bytes)
}

/// The canonical encodings of the eight points of small order.
fn small_order_encodings() -> &'static [[u8; 32]; 8] {
    static ENCODINGS: std::sync::OnceLock<[[u8; 32]; 8]> = std::sync::OnceLock::new();
    ENCODINGS.get_or_init(|| curve25519_dalek::constants::EIGHT_TORSION.map(|point| point.compress().to_bytes()))
}

/// Verifies every signature of one transaction.
pub fn verify(tx: &SanitizedTransaction) -> Result<(), TransactionError> {
    let message = tx.message_bytes();
    for (signature, key) in tx.transaction.signatures.iter().zip(tx.keys()) {
        let bytes: &[u8] = signature.as_ref();
        let signature: &[u8; 64] = bytes.try_into().map_err(|_| TransactionError::SignatureFailure)?;
        if !verify_signature(key.as_array(), signature, &message) {
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
        // Several rounds: the first decompresses the key, the others use its table.
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
    fn a_hot_key_keeps_agreeing_with_verify_strict() {
        let signing = SigningKey::generate(&mut rand::thread_rng());
        let key = signing.verifying_key().to_bytes();
        let signature = signing.sign(b"hot").to_bytes();
        for round in 0..HOT_KEY_USES / 2 + 8 {
            assert!(verify_signature(&key, &signature, b"hot"), "round {round}");
            assert!(!verify_signature(&key, &signature, b"cold"), "round {round}");
        }
        let mut forged = signature;
        forged[5] ^= 4;
        assert_eq!(both(&key, &forged, b"hot"), (false, false));
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
    fn an_identity_r_that_satisfies_the_equation_is_rejected_like_verify_strict() {
        use rand::RngCore;
        let mut wide = [0u8; 64];
        rand::thread_rng().fill_bytes(&mut wide);
        let a = Scalar::from_bytes_mod_order_wide(&wide);
        let key = EdwardsPoint::mul_base(&a).compress().to_bytes();
        let r = EdwardsPoint::identity().compress().to_bytes();
        let message = b"identity R";
        // s = k·a makes [s]B − [k]A the identity, the point R encodes.
        let mut hasher = Sha512::new();
        hasher.update(r);
        hasher.update(key);
        hasher.update(message);
        let k = Scalar::from_bytes_mod_order_wide(&hasher.finalize().into());
        let mut signature = [0u8; 64];
        signature[..32].copy_from_slice(&r);
        signature[32..].copy_from_slice((k * a).as_bytes());
        // Twice: without and with the key's table.
        for _ in 0..2 {
            assert_eq!(both(&key, &signature, message), (false, false));
        }
        let mut other = signature;
        other[32] ^= 1;
        assert_eq!(both(&key, &other, message), (false, false));
    }

    #[test]
    fn fixed_base_tables_multiply_like_the_library() {
        use rand::RngCore;
        let mut rng = rand::thread_rng();
        let mut random = || {
            let mut wide = [0u8; 64];
            rng.fill_bytes(&mut wide);
            Scalar::from_bytes_mod_order_wide(&wide)
        };
        let point = EdwardsPoint::mul_base(&random());
        let table = FixedBaseTable::new(&point, KEY_WINDOW);
        let hot = FixedBaseTable::new(&point, HOT_KEY_WINDOW);
        let basepoint = FixedBaseTable::new(&ED25519_BASEPOINT_POINT, HOT_BASEPOINT_WINDOW);
        let edge = [Scalar::ZERO, Scalar::ONE, -Scalar::ONE, Scalar::from(8u8), Scalar::from(0x8888_8888u64)];
        for scalar in edge.into_iter().chain((0..20).map(|_| random())) {
            assert_eq!(table.add_multiple(EdwardsPoint::identity(), &scalar), point * scalar);
            assert_eq!(hot.add_multiple(EdwardsPoint::identity(), &scalar), point * scalar);
            assert_eq!(basepoint_table().add_multiple(point, &scalar), point + EdwardsPoint::mul_base(&scalar));
            assert_eq!(basepoint.add_multiple(point, &scalar), point + EdwardsPoint::mul_base(&scalar));
        }
    }

    #[test]
    fn canonical_y_is_below_p() {
        let mut p = [0xff; 32];
        p[0] = 0xed;
        p[31] = 0x7f;
        assert!(!is_canonical_y(&p), "p itself");
        let mut below = p;
        below[0] = 0xec;
        assert!(is_canonical_y(&below), "p - 1");
        let mut with_sign = below;
        with_sign[31] |= 0x80;
        assert!(is_canonical_y(&with_sign), "the sign bit is not part of y");
        let mut p_plus_2 = p;
        p_plus_2[0] = 0xef;
        assert!(!is_canonical_y(&p_plus_2));
        // A non-canonical R decides exactly as verify_strict does.
        let signing = SigningKey::generate(&mut rand::thread_rng());
        let mut signature = signing.sign(b"m").to_bytes();
        signature[..32].copy_from_slice(&p_plus_2);
        let key = signing.verifying_key().to_bytes();
        let (ours, strict) = both(&key, &signature, b"m");
        assert_eq!(ours, strict);
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
