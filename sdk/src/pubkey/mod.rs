//! Account addresses: [`Pubkey`], base58, program-derived addresses.
//!
//! A [`Pubkey`] is 32 bytes. Some are ed25519 public keys (accounts with a
//! private key somewhere); program-derived addresses (PDAs, see [`Pubkey::find_program_address`]) are
//! deliberately *not* on the ed25519 curve, so only their program can sign
//! for them, through `invoke_signed`.

mod base58_const;
mod error;
mod pda;

use core::{fmt, str::FromStr};

pub use base58_const::decode_32_const;
pub use error::{ParsePubkeyError, PubkeyError};
pub use pda::{MAX_SEEDS, MAX_SEED_LEN, PDA_MARKER};

/// Number of bytes in a [`Pubkey`].
pub const PUBKEY_BYTES: usize = 32;

/// Longest base58 string a 32-byte value encodes to.
pub const MAX_BASE58_LEN: usize = 44;

/// The address of an account: 32 bytes, shown in base58.
///
/// ```
/// use lamport_sdk::pubkey::Pubkey;
///
/// let system: Pubkey = "11111111111111111111111111111111".parse().unwrap();
/// assert_eq!(system, Pubkey::default());
/// assert_eq!(system.to_string(), "11111111111111111111111111111111");
/// ```
#[repr(transparent)]
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pubkey([u8; PUBKEY_BYTES]);

impl Pubkey {
    /// Wraps 32 bytes.
    pub const fn new_from_array(bytes: [u8; PUBKEY_BYTES]) -> Self {
        Self(bytes)
    }

    /// Decodes a base58 string at compile time.
    ///
    /// # Panics
    ///
    /// If `s` is not the base58 form of exactly 32 bytes. In a `const` this
    /// is a compile error, which is the intended use; see [`pubkey!`](crate::pubkey!).
    pub const fn from_str_const(s: &str) -> Self {
        Self(decode_32_const(s))
    }

    /// The 32 bytes, by value.
    pub const fn to_bytes(self) -> [u8; PUBKEY_BYTES] {
        self.0
    }

    /// The 32 bytes, by reference.
    pub const fn as_array(&self) -> &[u8; PUBKEY_BYTES] {
        &self.0
    }

    /// `self == other`, compared as four 64-bit words with an early exit:
    /// on-chain, 8 loads and 4 branches (derived `==` on the byte array
    /// costs more once LLVM has expanded it).
    #[inline(always)]
    pub fn eq_words(&self, other: &Pubkey) -> bool {
        let (a, b) = (self.0.as_ptr().cast::<u64>(), other.0.as_ptr().cast::<u64>());
        // SAFETY: both arrays are 32 readable bytes; `read_unaligned`
        // needs no alignment.
        unsafe {
            a.read_unaligned() == b.read_unaligned()
                && a.add(1).read_unaligned() == b.add(1).read_unaligned()
                && a.add(2).read_unaligned() == b.add(2).read_unaligned()
                && a.add(3).read_unaligned() == b.add(3).read_unaligned()
        }
    }

    /// A fresh address for tests: a process-wide counter (big-endian in the
    /// first 4 bytes, so later keys sort after earlier ones) followed by
    /// bytes mixed from it.
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    pub fn new_unique() -> Self {
        use core::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(1);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut bytes = [0u8; PUBKEY_BYTES];
        bytes[..4].copy_from_slice(&(n as u32).to_be_bytes());
        // splitmix64 over the counter: cheap, deterministic, well spread.
        let mut state = n;
        for chunk in bytes[4..].chunks_mut(8) {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
        Self(bytes)
    }

    /// Whether these bytes decompress to a point of the ed25519 curve, i.e.
    /// could be a wallet's public key. Program-derived addresses never are.
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    pub fn is_on_curve(&self) -> bool {
        curve25519_dalek::edwards::CompressedEdwardsY(self.0)
            .decompress()
            .is_some()
    }

    /// Derives the address `sha256(base ‖ seed ‖ owner)`, used by the system
    /// program's `*_with_seed` instructions.
    ///
    /// Fails with [`PubkeyError::MaxSeedLengthExceeded`] if `seed` is longer
    /// than [`MAX_SEED_LEN`] bytes, and with [`PubkeyError::IllegalOwner`] if
    /// `owner` ends with [`PDA_MARKER`] (which would let such an address
    /// pass for a PDA).
    pub fn create_with_seed(
        base: &Pubkey,
        seed: &str,
        owner: &Pubkey,
    ) -> Result<Pubkey, PubkeyError> {
        if seed.len() > MAX_SEED_LEN {
            return Err(PubkeyError::MaxSeedLengthExceeded);
        }
        if owner.0.ends_with(PDA_MARKER) {
            return Err(PubkeyError::IllegalOwner);
        }
        let hash = crate::hash::hashv(&[&base.0, seed.as_bytes(), &owner.0]);
        Ok(Pubkey(hash.to_bytes()))
    }

    /// Logs this address in base58 (`Program log: <base58>`), through the
    /// `sol_log_pubkey` syscall (100 compute units).
    pub fn log(&self) {
        crate::log::sol_log_pubkey(self);
    }

    /// Writes the base58 form into `out` and returns it as text.
    pub fn encode_base58<'a>(&self, out: &'a mut [u8; MAX_BASE58_LEN]) -> &'a str {
        encode_base58(&self.0, out)
    }
}

/// Encodes up to 32 bytes in base58 into a fixed buffer (no heap).
pub(crate) fn encode_base58<'a>(bytes: &[u8], out: &'a mut [u8; MAX_BASE58_LEN]) -> &'a str {
    // 32 bytes never need more than 44 base58 digits, so this cannot fail.
    let len = bs58::encode(bytes).onto(&mut out[..]).unwrap_or(0);
    core::str::from_utf8(&out[..len]).unwrap_or("")
}

impl AsRef<[u8]> for Pubkey {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl AsMut<[u8]> for Pubkey {
    fn as_mut(&mut self) -> &mut [u8] {
        &mut self.0
    }
}

impl From<[u8; PUBKEY_BYTES]> for Pubkey {
    fn from(bytes: [u8; PUBKEY_BYTES]) -> Self {
        Self(bytes)
    }
}

impl From<Pubkey> for [u8; PUBKEY_BYTES] {
    fn from(key: Pubkey) -> Self {
        key.0
    }
}

impl TryFrom<&[u8]> for Pubkey {
    type Error = ParsePubkeyError;

    fn try_from(bytes: &[u8]) -> Result<Self, Self::Error> {
        <[u8; PUBKEY_BYTES]>::try_from(bytes)
            .map(Self)
            .map_err(|_| ParsePubkeyError::WrongSize)
    }
}

impl FromStr for Pubkey {
    type Err = ParsePubkeyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() > MAX_BASE58_LEN {
            return Err(ParsePubkeyError::WrongSize);
        }
        let mut bytes = [0u8; PUBKEY_BYTES];
        match bs58::decode(s).onto(&mut bytes[..]) {
            Ok(PUBKEY_BYTES) => Ok(Self(bytes)),
            Ok(_) | Err(bs58::decode::Error::BufferTooSmall) => Err(ParsePubkeyError::WrongSize),
            Err(_) => Err(ParsePubkeyError::Invalid),
        }
    }
}

impl fmt::Display for Pubkey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = [0u8; MAX_BASE58_LEN];
        f.write_str(self.encode_base58(&mut out))
    }
}

impl fmt::Debug for Pubkey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A [`Pubkey`] constant from its base58 text, decoded at compile time.
///
/// ```
/// use lamport_sdk::{pubkey, pubkey::Pubkey};
///
/// const TOKEN: Pubkey = pubkey!("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
/// assert_eq!(TOKEN.to_string(), "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
/// ```
///
/// A malformed string is a compile error:
///
/// ```compile_fail
/// const BAD: lamport_sdk::pubkey::Pubkey = lamport_sdk::pubkey!("0OIl");
/// ```
#[macro_export]
macro_rules! pubkey {
    ($base58:literal) => {{
        const KEY: $crate::pubkey::Pubkey = $crate::pubkey::Pubkey::from_str_const($base58);
        KEY
    }};
}

/// Declares a program's own address: `pub const ID`, `id()` and
/// `check_id(&Pubkey)`.
///
/// ```
/// mod my_program {
///     lamport_sdk::declare_id!("My11111111111111111111111111111111111111111");
/// }
/// assert!(my_program::check_id(&my_program::ID));
/// assert_eq!(my_program::id(), my_program::ID);
/// ```
#[macro_export]
macro_rules! declare_id {
    ($base58:literal) => {
        /// This program's address.
        pub const ID: $crate::pubkey::Pubkey = $crate::pubkey::Pubkey::from_str_const($base58);

        /// This program's address.
        pub const fn id() -> $crate::pubkey::Pubkey {
            ID
        }

        /// Whether `key` is this program's address.
        pub fn check_id(key: &$crate::pubkey::Pubkey) -> bool {
            *key == ID
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn word_comparison_agrees_with_byte_equality() {
        let key = Pubkey::new_from_array(core::array::from_fn(|i| i as u8 + 1));
        assert!(key.eq_words(&key.clone()));
        for byte in 0..PUBKEY_BYTES {
            let mut other = key.to_bytes();
            other[byte] ^= 0x80;
            assert!(!key.eq_words(&Pubkey::new_from_array(other)), "byte {byte} differs");
        }
        // Unaligned operands: keys inside a byte buffer at odd offsets.
        let mut buffer = [0u8; 3 + 2 * PUBKEY_BYTES];
        buffer[3..3 + PUBKEY_BYTES].copy_from_slice(key.as_array());
        buffer[3 + PUBKEY_BYTES..].copy_from_slice(key.as_array());
        // SAFETY: `Pubkey` is a transparent `[u8; 32]` (alignment 1) and
        // both ranges are 32 bytes inside `buffer`.
        let (a, b) = unsafe {
            (
                &*buffer.as_ptr().add(3).cast::<Pubkey>(),
                &*buffer.as_ptr().add(3 + PUBKEY_BYTES).cast::<Pubkey>(),
            )
        };
        assert!(a.eq_words(b) && *a == key);
    }

    #[test]
    fn base58_round_trips_known_ids() {
        for (text, first) in [
            ("11111111111111111111111111111111", 0u8),
            ("ComputeBudget111111111111111111111111111111", 3),
            ("SysvarC1ock11111111111111111111111111111111", 6),
            ("SysvarRent111111111111111111111111111111111", 6),
            ("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", 6),
        ] {
            let key: Pubkey = text.parse().unwrap();
            assert_eq!(key.to_string(), text);
            assert_eq!(key.0[0], first, "{text}");
            assert_eq!(Pubkey::from_str_const(text), key);
        }
    }

    #[test]
    fn token_program_bytes() {
        // The SPL token program id's bytes, as published with the program.
        let expected = [
            6, 221, 246, 225, 215, 101, 161, 147, 217, 203, 225, 70, 206, 235, 121, 172, 28, 180,
            133, 237, 95, 91, 55, 145, 58, 140, 245, 133, 126, 255, 0, 169,
        ];
        assert_eq!(
            pubkey!("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA").to_bytes(),
            expected
        );
    }

    #[test]
    fn bad_base58_is_a_typed_error() {
        assert_eq!("".parse::<Pubkey>(), Err(ParsePubkeyError::WrongSize));
        assert_eq!("1111".parse::<Pubkey>(), Err(ParsePubkeyError::WrongSize));
        assert_eq!(
            "0OIl1111111111111111111111111111".parse::<Pubkey>(),
            Err(ParsePubkeyError::Invalid)
        );
        let too_long = "1".repeat(45);
        assert_eq!(too_long.parse::<Pubkey>(), Err(ParsePubkeyError::WrongSize));
        // 33 leading '1's decode to 33 zero bytes.
        let thirty_three = "1".repeat(33);
        assert_eq!(thirty_three.parse::<Pubkey>(), Err(ParsePubkeyError::WrongSize));
    }

    #[test]
    fn unique_keys_differ_and_increase() {
        let a = Pubkey::new_unique();
        let b = Pubkey::new_unique();
        assert_ne!(a, b);
        assert!(a.0[..4] < b.0[..4]);
    }

    #[test]
    fn create_with_seed_matches_solana_vector() {
        let derived =
            Pubkey::create_with_seed(&Pubkey::default(), "limber chicken: 4/45", &Pubkey::default())
                .unwrap();
        assert_eq!(derived.to_string(), "9h1HyLCW5dZnBVap8C5egQ9Z6pHyjsh5MNy83iPqqRuq");
        let long = "x".repeat(MAX_SEED_LEN + 1);
        assert_eq!(
            Pubkey::create_with_seed(&Pubkey::default(), &long, &Pubkey::default()),
            Err(PubkeyError::MaxSeedLengthExceeded)
        );
        let mut owner = [7u8; 32];
        owner[32 - PDA_MARKER.len()..].copy_from_slice(PDA_MARKER);
        assert_eq!(
            Pubkey::create_with_seed(&Pubkey::default(), "a", &Pubkey::new_from_array(owner)),
            Err(PubkeyError::IllegalOwner)
        );
    }

    #[test]
    fn curve_check() {
        // A PDA is off the curve by construction; an ed25519 public key is on it.
        assert!(!pubkey!("2fnQrngrQT4SeLcdToJAD96phoEjNL2man2kfRLCASVk").is_on_curve());
        // RFC 8032 test 1 public key.
        let pk = [
            0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64,
            0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68,
            0xf7, 0x07, 0x51, 0x1a,
        ];
        assert!(Pubkey::new_from_array(pk).is_on_curve());
    }
}
