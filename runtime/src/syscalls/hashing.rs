//! `sol_sha256` and `sol_keccak256`: 85 + Σ max(10, len/2) compute units.

use sha2::Digest;
use solana_sbpf::{memory_region::{AccessType, MemoryMapping}};

use super::{check_aligned, read_slice_descriptors, to_vm, translate, with_bytes, write_bytes, SyscallError, SyscallResult};
use crate::invoke_context::InvokeContext;

fn hash<D: Digest>(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    vals_addr: u64,
    vals_len: u64,
    result_addr: u64,
) -> SyscallResult {
    let budget = ctx.budget().clone();
    if vals_len > budget.sha256_max_slices {
        return Err(SyscallError::TooManySlices);
    }
    ctx.consume_checked(budget.sha256_base_cost)?;
    translate(memory_mapping, AccessType::Store, result_addr, 32)?;
    let mut hasher = D::new();
    let slices = read_slice_descriptors(memory_mapping, vals_addr, vals_len, check_aligned(ctx))?;
    for (ptr, len) in slices {
        with_bytes(memory_mapping, ptr, len, |bytes| hasher.update(bytes))?;
        let cost = budget.mem_op_base_cost.max(budget.sha256_byte_cost.saturating_mul(len / 2));
        ctx.consume_checked(cost)?;
    }
    write_bytes(memory_mapping, result_addr, &hasher.finalize())?;
    Ok(0)
}

syscall!(
    /// `sol_sha256(slices, n, *[u8; 32] out)`.
    SyscallSha256,
    fn rust(
        ctx: &mut InvokeContext,
        vals_addr: u64,
        vals_len: u64,
        result_addr: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(hash::<sha2::Sha256>(ctx, memory_mapping, vals_addr, vals_len, result_addr))
    }
);

syscall!(
    /// `sol_keccak256(slices, n, *[u8; 32] out)`.
    SyscallKeccak256,
    fn rust(
        ctx: &mut InvokeContext,
        vals_addr: u64,
        vals_len: u64,
        result_addr: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(hash::<sha3::Keccak256>(ctx, memory_mapping, vals_addr, vals_len, result_addr))
    }
);
