//! Program-derived addresses: `sol_create_program_address` and
//! `sol_try_find_program_address` (1,500 compute units per attempt).

use curve25519_dalek::edwards::CompressedEdwardsY;
use lamport_sdk::pubkey::Pubkey;
use sha2::{Digest, Sha256};
use solana_sbpf::{memory_region::{AccessType, MemoryMapping}};

use super::{check_aligned, is_nonoverlapping, read_bytes, read_pubkey, read_slice_descriptors, to_vm, translate, write_bytes, SyscallError, SyscallResult};
use crate::invoke_context::InvokeContext;

/// Most seeds of a program address.
pub const MAX_SEEDS: usize = 16;
/// Longest seed of a program address, in bytes.
pub const MAX_SEED_LEN: usize = 32;
const PDA_MARKER: &[u8] = b"ProgramDerivedAddress";

/// Why a program address could not be derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PdaError {
    /// Too many seeds, or a seed longer than 32 bytes.
    #[error("Length of the seed is too long for address generation")]
    MaxSeedLengthExceeded,
    /// The derived address lies on the ed25519 curve.
    #[error("Provided seeds do not result in a valid address")]
    InvalidSeeds,
}

/// sha256(seeds ‖ program_id ‖ "ProgramDerivedAddress"), rejected when on the curve.
pub(crate) fn create_program_address(seeds: &[&[u8]], program_id: &Pubkey) -> Result<Pubkey, PdaError> {
    if seeds.len() > MAX_SEEDS || seeds.iter().any(|seed| seed.len() > MAX_SEED_LEN) {
        return Err(PdaError::MaxSeedLengthExceeded);
    }
    let mut hasher = Sha256::new();
    for seed in seeds {
        hasher.update(seed);
    }
    hasher.update(program_id.as_ref());
    hasher.update(PDA_MARKER);
    let hash: [u8; 32] = hasher.finalize().into();
    if CompressedEdwardsY(hash).decompress().is_some() {
        return Err(PdaError::InvalidSeeds);
    }
    Ok(Pubkey::new_from_array(hash))
}

fn read_seeds(
    ctx: &InvokeContext,
    memory_mapping: &MemoryMapping,
    seeds_addr: u64,
    seeds_len: u64,
) -> Result<Vec<Vec<u8>>, SyscallError> {
    let descriptors = read_slice_descriptors(memory_mapping, seeds_addr, seeds_len, check_aligned(ctx))?;
    if descriptors.len() > MAX_SEEDS {
        return Err(SyscallError::BadSeeds(PdaError::MaxSeedLengthExceeded));
    }
    descriptors
        .into_iter()
        .map(|(ptr, len)| {
            if len > MAX_SEED_LEN as u64 {
                return Err(SyscallError::BadSeeds(PdaError::MaxSeedLengthExceeded));
            }
            read_bytes(memory_mapping, ptr, len)
        })
        .collect()
}

syscall!(
    /// `sol_create_program_address(seeds, n, program_id, *[u8; 32] out)`: 0, or 1 when on the curve.
    SyscallCreateProgramAddress,
    fn rust(
        ctx: &mut InvokeContext,
        seeds_addr: u64,
        seeds_len: u64,
        program_id_addr: u64,
        address_addr: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| -> SyscallResult {
            ctx.consume_checked(ctx.budget().create_program_address_units)?;
            let seeds = read_seeds(ctx, memory_mapping, seeds_addr, seeds_len)?;
            let program_id = read_pubkey(memory_mapping, program_id_addr)?;
            let seed_refs: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
            let Ok(address) = create_program_address(&seed_refs, &program_id) else {
                return Ok(1);
            };
            write_bytes(memory_mapping, address_addr, address.as_ref())?;
            Ok(0)
        })())
    }
);

syscall!(
    /// `sol_try_find_program_address(seeds, n, program_id, *[u8; 32] out, *u8 bump)`:
    /// tries bumps 255 down to 1; 0 when found, 1 otherwise.
    SyscallTryFindProgramAddress,
    fn rust(
        ctx: &mut InvokeContext,
        seeds_addr: u64,
        seeds_len: u64,
        program_id_addr: u64,
        address_addr: u64,
        bump_seed_addr: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| -> SyscallResult {
            let cost = ctx.budget().create_program_address_units;
            ctx.consume_checked(cost)?;
            let seeds = read_seeds(ctx, memory_mapping, seeds_addr, seeds_len)?;
            let program_id = read_pubkey(memory_mapping, program_id_addr)?;
            let mut bump = u8::MAX;
            for _ in 0..u8::MAX {
                let bump_seed = [bump];
                let mut seed_refs: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
                seed_refs.push(&bump_seed);
                if let Ok(address) = create_program_address(&seed_refs, &program_id) {
                    let bump_host = translate(memory_mapping, AccessType::Store, bump_seed_addr, 1)?;
                    let address_host = translate(memory_mapping, AccessType::Store, address_addr, 32)?;
                    if !is_nonoverlapping(bump_host, 1, address_host, 32) {
                        return Err(SyscallError::CopyOverlapping);
                    }
                    write_bytes(memory_mapping, bump_seed_addr, &bump_seed)?;
                    write_bytes(memory_mapping, address_addr, address.as_ref())?;
                    return Ok(0);
                }
                bump = bump.saturating_sub(1);
                ctx.consume_checked(cost)?;
            }
            Ok(1)
        })())
    }
);
