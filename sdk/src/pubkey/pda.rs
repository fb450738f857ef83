//! Program-derived addresses (PDAs).
//!
//! `PDA = sha256(seed_1 ‖ … ‖ seed_n ‖ program_id ‖ "ProgramDerivedAddress")`,
//! accepted only if those 32 bytes are *not* an ed25519 curve point. At most
//! [`MAX_SEEDS`] seeds of at most [`MAX_SEED_LEN`] bytes each.
//! [`Pubkey::find_program_address`] appends a one-byte *bump* seed, trying
//! 255 down to 1, and returns the first that lands off the curve.
//!
//! On-chain these go through the `sol_create_program_address` and
//! `sol_try_find_program_address` syscalls (1500 compute units per
//! attempt); on the host they are computed with `sha2` and
//! `curve25519-dalek`.

use super::{Pubkey, PubkeyError};

/// Most seeds a PDA can have (the bump included).
pub const MAX_SEEDS: usize = 16;

/// Longest seed, in bytes.
pub const MAX_SEED_LEN: usize = 32;

/// The suffix hashed after the seeds and program id.
pub const PDA_MARKER: &[u8; 21] = b"ProgramDerivedAddress";

fn check_seeds(seeds: &[&[u8]]) -> Result<(), PubkeyError> {
    if seeds.len() > MAX_SEEDS || seeds.iter().any(|seed| seed.len() > MAX_SEED_LEN) {
        return Err(PubkeyError::MaxSeedLengthExceeded);
    }
    Ok(())
}

impl Pubkey {
    /// The program-derived address of `seeds` under `program_id`.
    ///
    /// Fails with [`PubkeyError::MaxSeedLengthExceeded`] on too many or too
    /// long seeds and [`PubkeyError::InvalidSeeds`] when the hash is a curve
    /// point.
    ///
    /// ```
    /// use lamport_sdk::pubkey::Pubkey;
    ///
    /// let loader: Pubkey = "BPFLoaderUpgradeab1e11111111111111111111111".parse().unwrap();
    /// let pda = Pubkey::create_program_address(&[b"Talking", b"Squirrels"], &loader).unwrap();
    /// assert_eq!(pda.to_string(), "2fnQrngrQT4SeLcdToJAD96phoEjNL2man2kfRLCASVk");
    /// ```
    pub fn create_program_address(
        seeds: &[&[u8]],
        program_id: &Pubkey,
    ) -> Result<Pubkey, PubkeyError> {
        check_seeds(seeds)?;
        #[cfg(any(target_os = "solana", target_arch = "bpf"))]
        {
            onchain::create_program_address(seeds, program_id)
        }
        #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
        {
            let address = host_hash(seeds, None, program_id);
            if address.is_on_curve() {
                return Err(PubkeyError::InvalidSeeds);
            }
            Ok(address)
        }
    }

    /// The canonical PDA of `seeds` and its bump seed, or `None` if no bump
    /// from 255 down to 1 gives an off-curve address (or the seeds are too
    /// many or too long).
    pub fn try_find_program_address(seeds: &[&[u8]], program_id: &Pubkey) -> Option<(Pubkey, u8)> {
        // The bump takes one seed slot.
        if seeds.len() >= MAX_SEEDS || check_seeds(seeds).is_err() {
            return None;
        }
        #[cfg(any(target_os = "solana", target_arch = "bpf"))]
        {
            onchain::try_find_program_address(seeds, program_id)
        }
        #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
        {
            (1..=u8::MAX).rev().find_map(|bump| {
                let address = host_hash(seeds, Some(bump), program_id);
                (!address.is_on_curve()).then_some((address, bump))
            })
        }
    }

    /// The canonical PDA of `seeds` and its bump seed.
    ///
    /// # Panics
    ///
    /// If [`try_find_program_address`](Self::try_find_program_address)
    /// finds none (astronomically unlikely for valid seeds; certain for
    /// 16 seeds or a seed over 32 bytes).
    ///
    /// ```
    /// use lamport_sdk::pubkey::Pubkey;
    ///
    /// let loader: Pubkey = "BPFLoaderUpgradeab1e11111111111111111111111".parse().unwrap();
    /// let program: Pubkey = "EYB1g5R8beNtVqDpKpmkKWtLdhBY8Wh7q3QT3U3fbw7y".parse().unwrap();
    /// let (programdata, bump) = Pubkey::find_program_address(&[program.as_ref()], &loader);
    /// assert_eq!(programdata.to_string(), "6HRdAxQMgxR9vxnfsfeYYuyyEabzJ8SiA3H2SJ4NFU9d");
    /// assert_eq!(bump, 255);
    /// ```
    pub fn find_program_address(seeds: &[&[u8]], program_id: &Pubkey) -> (Pubkey, u8) {
        match Self::try_find_program_address(seeds, program_id) {
            Some(found) => found,
            None => panic!("Unable to find a viable program address bump seed"),
        }
    }
}

#[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
fn host_hash(seeds: &[&[u8]], bump: Option<u8>, program_id: &Pubkey) -> Pubkey {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for seed in seeds {
        hasher.update(seed);
    }
    if let Some(bump) = bump {
        hasher.update([bump]);
    }
    hasher.update(program_id.as_array());
    hasher.update(PDA_MARKER);
    Pubkey::new_from_array(hasher.finalize().into())
}

#[cfg(any(target_os = "solana", target_arch = "bpf"))]
mod onchain {
    use super::{Pubkey, PubkeyError, MAX_SEEDS};
    use crate::syscalls::{self, SolBytes};

    pub(super) fn create_program_address(
        seeds: &[&[u8]],
        program_id: &Pubkey,
    ) -> Result<Pubkey, PubkeyError> {
        let mut slices = [SolBytes::EMPTY; MAX_SEEDS];
        for (slot, seed) in slices.iter_mut().zip(seeds) {
            *slot = SolBytes::new(seed);
        }
        let mut out = [0u8; 32];
        // SAFETY: `slices` holds `seeds.len()` (≤ MAX_SEEDS, checked by the
        // caller) valid {ptr, len} pairs; program_id and out are 32 bytes.
        let rc = unsafe {
            syscalls::sol_create_program_address(
                slices.as_ptr().cast(),
                seeds.len() as u64,
                program_id.as_array().as_ptr(),
                out.as_mut_ptr(),
            )
        };
        if rc == 0 {
            Ok(Pubkey::new_from_array(out))
        } else {
            Err(PubkeyError::InvalidSeeds)
        }
    }

    pub(super) fn try_find_program_address(
        seeds: &[&[u8]],
        program_id: &Pubkey,
    ) -> Option<(Pubkey, u8)> {
        let mut slices = [SolBytes::EMPTY; MAX_SEEDS];
        for (slot, seed) in slices.iter_mut().zip(seeds) {
            *slot = SolBytes::new(seed);
        }
        let mut out = [0u8; 32];
        let mut bump = 0u8;
        // SAFETY: as above, plus `bump` is a valid u8 out-pointer.
        let rc = unsafe {
            syscalls::sol_try_find_program_address(
                slices.as_ptr().cast(),
                seeds.len() as u64,
                program_id.as_array().as_ptr(),
                out.as_mut_ptr(),
                &mut bump,
            )
        };
        (rc == 0).then_some((Pubkey::new_from_array(out), bump))
    }
}

#[cfg(all(test, not(any(target_os = "solana", target_arch = "bpf"))))]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn loader() -> Pubkey {
        "BPFLoaderUpgradeab1e11111111111111111111111".parse().unwrap()
    }

    #[test]
    fn solana_create_program_address_vectors() {
        let program_id = loader();
        let seed_key: Pubkey = "SeedPubey1111111111111111111111111111111111".parse().unwrap();
        let cases: [(&[&[u8]], &str); 4] = [
            (&[b"", &[1]], "BwqrghZA2htAcqq8dzP1WDAhTXYTYWj7CHxF5j7TDBAe"),
            (&["☉".as_bytes(), &[0]], "13yWmRpaTR4r5nAktwLqMpRNr28tnVUZw26rTvPSSB19"),
            (&[b"Talking", b"Squirrels"], "2fnQrngrQT4SeLcdToJAD96phoEjNL2man2kfRLCASVk"),
            (&[seed_key.as_ref(), &[1]], "976ymqVnfE32QFe6NfGDctSvVa36LWnvYxhU6G2232YL"),
        ];
        for (seeds, expected) in cases {
            let pda = Pubkey::create_program_address(seeds, &program_id).unwrap();
            assert_eq!(pda.to_string(), expected);
        }
        assert_ne!(
            Pubkey::create_program_address(&[b"Talking"], &program_id),
            Pubkey::create_program_address(&[b"Talking", b"Squirrels"], &program_id),
        );
    }

    #[test]
    fn seed_limits() {
        let program_id = loader();
        let long = [127u8; MAX_SEED_LEN + 1];
        assert_eq!(
            Pubkey::create_program_address(&[&long], &program_id),
            Err(PubkeyError::MaxSeedLengthExceeded)
        );
        let max = [0u8; MAX_SEED_LEN];
        assert!(Pubkey::create_program_address(&[&max], &program_id).is_ok());
        let many: [&[u8]; MAX_SEEDS + 1] = [&[1]; MAX_SEEDS + 1];
        assert_eq!(
            Pubkey::create_program_address(&many, &program_id),
            Err(PubkeyError::MaxSeedLengthExceeded)
        );
        assert!(Pubkey::create_program_address(&many[..MAX_SEEDS], &program_id).is_ok());
        assert_eq!(Pubkey::try_find_program_address(&many[..MAX_SEEDS], &program_id), None);
    }

    #[test]
    fn find_agrees_with_create() {
        let program_id = Pubkey::new_unique();
        for i in 0..50u8 {
            let (pda, bump) = Pubkey::find_program_address(&[b"Lil'", &[i]], &program_id);
            assert_eq!(
                Pubkey::create_program_address(&[b"Lil'", &[i], &[bump]], &program_id),
                Ok(pda)
            );
            assert!(!pda.is_on_curve());
            // Every higher bump must have landed on the curve.
            for higher in bump.saturating_add(1)..=u8::MAX {
                if higher == bump {
                    break;
                }
                assert_eq!(
                    Pubkey::create_program_address(&[b"Lil'", &[i], &[higher]], &program_id),
                    Err(PubkeyError::InvalidSeeds)
                );
            }
        }
    }

    #[test]
    fn known_programdata_address() {
        let program: Pubkey = "EYB1g5R8beNtVqDpKpmkKWtLdhBY8Wh7q3QT3U3fbw7y".parse().unwrap();
        let (pda, bump) = Pubkey::find_program_address(&[program.as_ref()], &loader());
        assert_eq!(pda.to_string(), "6HRdAxQMgxR9vxnfsfeYYuyyEabzJ8SiA3H2SJ4NFU9d");
        assert_eq!(bump, 255);
    }
}
