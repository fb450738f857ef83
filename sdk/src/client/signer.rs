//! [`Keypair`]: an ed25519 key pair that signs messages, and its file
//! format.
//!
//! A keypair file is Solana's: a JSON array of the 64 bytes
//! `secret (32) ‖ public (32)`, e.g. `[12,250,…]`.

use std::{fs, io, path::Path, string::String, vec::Vec};

use ed25519_dalek::{Signer as _, SigningKey};

use crate::{pubkey::Pubkey, signature::Signature};

/// Why a keypair could not be made, read or written.
#[derive(Debug, thiserror::Error)]
pub enum KeypairError {
    /// The 64 bytes are not `secret ‖ public` of one key pair.
    #[error("keypair bytes are invalid: the public half does not match the secret half")]
    Mismatch,
    /// The input is not 64 bytes.
    #[error("keypair must be 64 bytes, found {0}")]
    WrongLength(usize),
    /// The file could not be read or written.
    #[error("keypair file {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The file is not a JSON array of bytes.
    #[error("keypair file {path} is not a JSON array of 64 numbers: {source}")]
    Json {
        /// The file.
        path: String,
        /// The parse error.
        #[source]
        source: serde_json::Error,
    },
}

/// An ed25519 key pair.
///
/// ```
/// use lamport_sdk::signer::Keypair;
///
/// let keypair = Keypair::new_from_array([7; 32]);
/// let signature = keypair.sign_message(b"hello");
/// assert!(signature.verify(&keypair.pubkey(), b"hello"));
/// assert_eq!(Keypair::from_bytes(&keypair.to_bytes()).unwrap().pubkey(), keypair.pubkey());
/// ```
pub struct Keypair(SigningKey);

impl Keypair {
    /// A fresh random key pair (operating-system randomness).
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self(SigningKey::generate(&mut rand::rngs::OsRng))
    }

    /// The key pair of a 32-byte secret (seed).
    pub fn new_from_array(secret: [u8; 32]) -> Self {
        Self(SigningKey::from_bytes(&secret))
    }

    /// Reads `secret ‖ public`; fails if the halves do not belong together.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeypairError> {
        let bytes: &[u8; 64] = bytes
            .try_into()
            .map_err(|_| KeypairError::WrongLength(bytes.len()))?;
        SigningKey::from_keypair_bytes(bytes)
            .map(Self)
            .map_err(|_| KeypairError::Mismatch)
    }

    /// `secret ‖ public`, 64 bytes.
    pub fn to_bytes(&self) -> [u8; 64] {
        self.0.to_keypair_bytes()
    }

    /// The 32-byte secret (seed).
    pub fn secret_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The public key, as an address.
    pub fn pubkey(&self) -> Pubkey {
        Pubkey::new_from_array(self.0.verifying_key().to_bytes())
    }

    /// Signs `message` (deterministic ed25519, RFC 8032).
    pub fn sign_message(&self, message: &[u8]) -> Signature {
        Signature::from_bytes(self.0.sign(message).to_bytes())
    }

    /// A copy of this key pair.
    pub fn insecure_clone(&self) -> Self {
        Self(self.0.clone())
    }

    /// The JSON text of a keypair file.
    pub fn to_json(&self) -> String {
        // Serializing a byte array cannot fail.
        serde_json::to_string(&self.to_bytes().to_vec()).unwrap_or_default()
    }
}

impl std::fmt::Debug for Keypair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keypair({})", self.pubkey())
    }
}

impl PartialEq for Keypair {
    fn eq(&self, other: &Self) -> bool {
        self.to_bytes() == other.to_bytes()
    }
}

/// Reads a keypair file (a JSON array of 64 numbers).
pub fn read_keypair_file(path: impl AsRef<Path>) -> Result<Keypair, KeypairError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let text = fs::read_to_string(path).map_err(|source| KeypairError::Io {
        path: name.clone(),
        source,
    })?;
    let bytes: Vec<u8> =
        serde_json::from_str(&text).map_err(|source| KeypairError::Json { path: name, source })?;
    Keypair::from_bytes(&bytes)
}

/// Writes a keypair file, creating parent directories; on Unix the file is
/// made readable by its owner only.
pub fn write_keypair_file(keypair: &Keypair, path: impl AsRef<Path>) -> Result<(), KeypairError> {
    let path = path.as_ref();
    let io_error = |source| KeypairError::Io {
        path: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(io_error)?;
    }
    fs::write(path, keypair.to_json()).map_err(io_error)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(io_error)?;
    }
    Ok(())
}

use std::string::ToString;

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn rfc8032_test_vectors() {
        // RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
        let cases = [
            (
                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            ),
            (
                "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
            ),
        ];
        for (secret, public, message, signature) in cases {
            let keypair = Keypair::new_from_array(hex(secret).try_into().unwrap());
            assert_eq!(keypair.pubkey().to_bytes().to_vec(), hex(public));
            let sig = keypair.sign_message(&hex(message));
            assert_eq!(sig.to_bytes().to_vec(), hex(signature));
            assert!(sig.verify(&keypair.pubkey(), &hex(message)));
            assert!(!sig.verify(&keypair.pubkey(), b"other"));
            let mut bytes = hex(secret);
            bytes.extend(hex(public));
            assert_eq!(keypair.to_bytes().to_vec(), bytes);
        }
    }

    #[test]
    fn from_bytes_rejects_mismatched_halves() {
        let mut bytes = Keypair::new_from_array([1; 32]).to_bytes();
        bytes[40] ^= 1;
        assert!(matches!(Keypair::from_bytes(&bytes), Err(KeypairError::Mismatch)));
        assert!(matches!(Keypair::from_bytes(&[0; 10]), Err(KeypairError::WrongLength(10))));
    }

    #[test]
    fn keypair_file_round_trip() {
        let dir = std::env::temp_dir().join(std::format!("lamport-sdk-keypair-{}", std::process::id()));
        let path = dir.join("nested").join("id.json");
        let keypair = Keypair::new();
        write_keypair_file(&keypair, &path).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with('[') && text.ends_with(']'));
        assert_eq!(text.split(',').count(), 64);
        assert_eq!(read_keypair_file(&path).unwrap(), keypair);
        fs::write(&path, "[1,2,3]").unwrap();
        assert!(matches!(read_keypair_file(&path), Err(KeypairError::WrongLength(3))));
        fs::write(&path, "not json").unwrap();
        assert!(matches!(read_keypair_file(&path), Err(KeypairError::Json { .. })));
        assert!(matches!(
            read_keypair_file(dir.join("missing.json")),
            Err(KeypairError::Io { .. })
        ));
        fs::remove_dir_all(&dir).unwrap();
    }
}
