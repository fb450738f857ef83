//! Program ids: Solana's keypair file, a JSON array of the 64 bytes
//! `secret ‖ public`.

use std::path::Path;

use ed25519_dalek::SigningKey;

/// Writes a fresh keypair to `path` unless a file is already there; returns
/// whether it wrote one.
pub fn ensure(path: &Path) -> std::io::Result<bool> {
    if path.exists() {
        return Ok(false);
    }
    let key = SigningKey::generate(&mut rand::rngs::OsRng);
    let mut bytes = Vec::with_capacity(64);
    bytes.extend_from_slice(key.as_bytes());
    bytes.extend_from_slice(key.verifying_key().as_bytes());
    let json = serde_json::to_string(&bytes).expect("byte array serializes");
    std::fs::write(path, json)?;
    Ok(true)
}

/// Reads the public key (program id) from a keypair file.
pub fn read_public(path: &Path) -> std::io::Result<[u8; 32]> {
    let text = std::fs::read_to_string(path)?;
    let bytes: Vec<u8> = serde_json::from_str(&text)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    let secret: [u8; 32] = bytes
        .get(..32)
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "a keypair file holds 64 bytes"))?;
    Ok(SigningKey::from_bytes(&secret).verifying_key().to_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_once_in_solana_format() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p-keypair.json");
        assert!(ensure(&path).unwrap());
        let first = std::fs::read_to_string(&path).unwrap();
        assert!(!ensure(&path).unwrap());
        assert_eq!(first, std::fs::read_to_string(&path).unwrap());
        let bytes: Vec<u8> = serde_json::from_str(&first).unwrap();
        assert_eq!(bytes.len(), 64);
        assert_eq!(read_public(&path).unwrap(), bytes[32..]);
    }
}
