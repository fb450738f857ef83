//! [`Signature`]: a 64-byte ed25519 signature, shown in base58.

use core::{fmt, str::FromStr};

use crate::pubkey::Pubkey;

/// Number of bytes in a [`Signature`].
pub const SIGNATURE_BYTES: usize = 64;

/// Longest base58 text of a signature.
const MAX_BASE58_SIGNATURE_LEN: usize = 88;

/// An ed25519 signature.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Signature([u8; SIGNATURE_BYTES]);

impl Default for Signature {
    fn default() -> Self {
        Self([0; SIGNATURE_BYTES])
    }
}

impl Signature {
    /// Wraps 64 bytes.
    pub const fn from_bytes(bytes: [u8; SIGNATURE_BYTES]) -> Self {
        Self(bytes)
    }

    /// The 64 bytes.
    pub const fn to_bytes(self) -> [u8; SIGNATURE_BYTES] {
        self.0
    }

    /// The 64 bytes, by reference.
    pub const fn as_array(&self) -> &[u8; SIGNATURE_BYTES] {
        &self.0
    }

    /// Whether this is `pubkey`'s ed25519 signature of `message`.
    pub fn verify(&self, pubkey: &Pubkey, message: &[u8]) -> bool {
        let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(pubkey.as_array()) else {
            return false;
        };
        let signature = ed25519_dalek::Signature::from_bytes(&self.0);
        key.verify_strict(message, &signature).is_ok()
    }
}

impl AsRef<[u8]> for Signature {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<[u8; SIGNATURE_BYTES]> for Signature {
    fn from(bytes: [u8; SIGNATURE_BYTES]) -> Self {
        Self(bytes)
    }
}

impl TryFrom<&[u8]> for Signature {
    type Error = ParseSignatureError;

    fn try_from(bytes: &[u8]) -> Result<Self, Self::Error> {
        <[u8; SIGNATURE_BYTES]>::try_from(bytes)
            .map(Self)
            .map_err(|_| ParseSignatureError::WrongSize)
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = [0u8; MAX_BASE58_SIGNATURE_LEN];
        let len = bs58::encode(&self.0).onto(&mut out[..]).map_err(|_| fmt::Error)?;
        f.write_str(core::str::from_utf8(&out[..len]).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Why a string or slice is not a [`Signature`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseSignatureError {
    /// The input does not encode exactly 64 bytes.
    #[error("string decoded to wrong size for signature")]
    WrongSize,
    /// The input is not base58.
    #[error("failed to decode string to signature")]
    Invalid,
}

impl FromStr for Signature {
    type Err = ParseSignatureError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() > MAX_BASE58_SIGNATURE_LEN {
            return Err(ParseSignatureError::WrongSize);
        }
        let mut bytes = [0u8; SIGNATURE_BYTES];
        match bs58::decode(s).onto(&mut bytes[..]) {
            Ok(SIGNATURE_BYTES) => Ok(Self(bytes)),
            Ok(_) | Err(bs58::decode::Error::BufferTooSmall) => Err(ParseSignatureError::WrongSize),
            Err(_) => Err(ParseSignatureError::Invalid),
        }
    }
}
