//! Keccak-256 (the pre-standard SHA-3 used by Ethereum).
//!
//! On-chain this is the `sol_keccak256` syscall (same cost as
//! `sol_sha256`); on the host the `sha3` crate.

use crate::hash::Hash;

/// Keccak-256 of the concatenation of `slices`.
pub fn hashv(slices: &[&[u8]]) -> Hash {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    {
        Hash::new_from_array(crate::syscalls::hash_slices(crate::syscalls::sol_keccak256, slices))
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    {
        use sha3::{Digest, Keccak256};
        let mut hasher = Keccak256::new();
        for slice in slices {
            hasher.update(slice);
        }
        let out: [u8; crate::hash::HASH_BYTES] = hasher.finalize().into();
        Hash::new_from_array(out)
    }
}

/// Keccak-256 of `data`.
pub fn hash(data: &[u8]) -> Hash {
    hashv(&[data])
}

#[cfg(test)]
mod tests {
    #[test]
    fn keccak_of_empty_input() {
        // Keccak-256("") = c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470
        assert_eq!(
            super::hash(b"").to_bytes()[..8],
            [0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c]
        );
        assert_eq!(super::hashv(&[b"a", b"bc"]), super::hash(b"abc"));
    }
}
