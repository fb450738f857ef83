//! SHA-256 and the 32-byte [`Hash`](struct@Hash) type (blockhashes, seeds, digests).
//!
//! On-chain [`hashv`] is the `sol_sha256` syscall (85 compute units plus
//! about one per two bytes); on the host it is the `sha2` crate.

use core::{fmt, str::FromStr};

use crate::pubkey::{encode_base58, ParsePubkeyError, MAX_BASE58_LEN};

/// Number of bytes in a [`Hash`](struct@Hash).
pub const HASH_BYTES: usize = 32;

/// A 32-byte digest, shown in base58 (like a recent blockhash).
#[repr(transparent)]
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hash([u8; HASH_BYTES]);

impl Hash {
    /// Wraps 32 bytes.
    pub const fn new_from_array(bytes: [u8; HASH_BYTES]) -> Self {
        Self(bytes)
    }

    /// The 32 bytes, by value.
    pub const fn to_bytes(self) -> [u8; HASH_BYTES] {
        self.0
    }

    /// The 32 bytes, by reference.
    pub const fn as_array(&self) -> &[u8; HASH_BYTES] {
        &self.0
    }

    /// A fresh hash for tests, distinct from every earlier one in this
    /// process.
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    pub fn new_unique() -> Self {
        Self(crate::pubkey::Pubkey::new_unique().to_bytes())
    }
}

impl AsRef<[u8]> for Hash {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<[u8; HASH_BYTES]> for Hash {
    fn from(bytes: [u8; HASH_BYTES]) -> Self {
        Self(bytes)
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = [0u8; MAX_BASE58_LEN];
        f.write_str(encode_base58(&self.0, &mut out))
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Why a string is not a [`Hash`](struct@Hash): the same cases as for a pubkey.
pub type ParseHashError = ParsePubkeyError;

impl FromStr for Hash {
    type Err = ParseHashError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse::<crate::pubkey::Pubkey>().map(|key| Self(key.to_bytes()))
    }
}

/// SHA-256 of the concatenation of `slices`.
///
/// ```
/// use lamport_sdk::hash::{hash, hashv};
///
/// assert_eq!(hashv(&[b"ab", b"c"]), hash(b"abc"));
/// assert_eq!(
///     hash(b"abc").to_bytes()[..4],
///     [0xba, 0x78, 0x16, 0xbf], // FIPS 180-2 test vector
/// );
/// ```
pub fn hashv(slices: &[&[u8]]) -> Hash {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    {
        Hash(crate::syscalls::hash_slices(crate::syscalls::sol_sha256, slices))
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for slice in slices {
            hasher.update(slice);
        }
        Hash(hasher.finalize().into())
    }
}

/// SHA-256 of `data`.
pub fn hash(data: &[u8]) -> Hash {
    hashv(&[data])
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn sha256_vectors() {
        // FIPS 180-2 "abc" and the empty string.
        assert_eq!(
            hash(b"abc").to_bytes(),
            [
                0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae,
                0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61,
                0xf2, 0x00, 0x15, 0xad
            ]
        );
        assert_eq!(hash(b"").to_bytes()[..4], [0xe3, 0xb0, 0xc4, 0x42]);
        assert_eq!(hashv(&[]), hash(b""));
    }

    #[test]
    fn base58_round_trip() {
        let h = hash(b"abc");
        assert_eq!(h.to_string().parse::<Hash>(), Ok(h));
        assert_eq!("x".parse::<Hash>(), Err(ParsePubkeyError::WrongSize));
    }
}
