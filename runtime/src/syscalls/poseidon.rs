//! `sol_poseidon`: the Poseidon hash over BN254's scalar field of up to 12
//! 32-byte inputs (61 n² + 542 compute units), by `solana-poseidon`.

use solana_sbpf::memory_region::{AccessType, MemoryMapping};

use super::{check_aligned, read_slice_descriptors, to_vm, translate, with_bytes, write_bytes, SyscallError, SyscallResult};
use crate::invoke_context::InvokeContext;

/// Most inputs one hash takes.
const MAX_INPUTS: u64 = 12;
const COST_COEFFICIENT_A: u64 = 61;
const COST_COEFFICIENT_C: u64 = 542;

fn poseidon(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    [parameters, endianness, vals_addr, vals_len, result_addr]: [u64; 5],
) -> SyscallResult {
    let parameters = solana_poseidon::Parameters::try_from(parameters).map_err(SyscallError::Poseidon)?;
    let endianness = solana_poseidon::Endianness::try_from(endianness).map_err(SyscallError::Poseidon)?;
    if vals_len > MAX_INPUTS {
        ctx.log(format!("Poseidon hashing {vals_len} sequences is not supported"));
        return Err(SyscallError::InvalidLength);
    }
    let cost = COST_COEFFICIENT_A.saturating_mul(vals_len.saturating_mul(vals_len)).saturating_add(COST_COEFFICIENT_C);
    ctx.consume_checked(cost)?;
    translate(memory_mapping, AccessType::Store, result_addr, solana_poseidon::HASH_BYTES as u64)?;
    let slices = read_slice_descriptors(memory_mapping, vals_addr, vals_len, check_aligned(ctx))?;
    let mut inputs = Vec::with_capacity(slices.len());
    for (ptr, len) in slices {
        inputs.push(with_bytes(memory_mapping, ptr, len, <[u8]>::to_vec)?);
    }
    let inputs: Vec<&[u8]> = inputs.iter().map(Vec::as_slice).collect();
    let Ok(hash) = solana_poseidon::hashv(parameters, endianness, &inputs) else {
        return Ok(1);
    };
    write_bytes(memory_mapping, result_addr, &hash.to_bytes())?;
    Ok(0)
}

syscall!(
    /// `sol_poseidon(parameters, endianness, slices, n, *[u8; 32] out)`.
    SyscallPoseidon,
    fn rust(
        ctx: &mut InvokeContext,
        parameters: u64,
        endianness: u64,
        vals_addr: u64,
        vals_len: u64,
        result_addr: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(poseidon(ctx, memory_mapping, [parameters, endianness, vals_addr, vals_len, result_addr]))
    }
);
