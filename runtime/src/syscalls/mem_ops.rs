//! `sol_memcpy_`, `sol_memmove_`, `sol_memset_`, `sol_memcmp_`: each costs
//! max(10, n / 250).

use solana_sbpf::{memory_region::{AccessType, MemoryMapping}};

use super::{check_aligned, is_nonoverlapping, to_vm, translate, write_aligned, SyscallError, SyscallResult};
use crate::invoke_context::InvokeContext;

fn charge(ctx: &mut InvokeContext, n: u64) -> Result<(), SyscallError> {
    let budget = ctx.budget();
    let cost = budget.mem_op_base_cost.max(n.checked_div(budget.cpi_bytes_per_unit).unwrap_or(u64::MAX));
    ctx.consume_checked(cost)?;
    Ok(())
}

fn host_range(memory_mapping: &MemoryMapping, access: AccessType, vm_addr: u64, n: u64) -> Result<*mut u8, SyscallError> {
    usize::try_from(n).map_err(|_| SyscallError::InvalidLength)?;
    isize::try_from(n).map_err(|_| SyscallError::InvalidLength)?;
    Ok(translate(memory_mapping, access, vm_addr, n)? as *mut u8)
}

fn memmove(memory_mapping: &MemoryMapping, dst: u64, src: u64, n: u64) -> SyscallResult {
    if n == 0 {
        return Ok(0);
    }
    let dst_host = host_range(memory_mapping, AccessType::Store, dst, n)?;
    let src_host = host_range(memory_mapping, AccessType::Load, src, n)?;
    // SAFETY: both ranges are mapped VM memory of `n` bytes (checked by the
    // translation); `ptr::copy` permits overlap.
    unsafe { std::ptr::copy(src_host, dst_host, n as usize) };
    Ok(0)
}

syscall!(
    /// `sol_memcpy_(dst, src, n)`; overlapping ranges are an error.
    SyscallMemcpy,
    fn rust(
        ctx: &mut InvokeContext,
        dst: u64,
        src: u64,
        n: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| {
            charge(ctx, n)?;
            if !is_nonoverlapping(src, n, dst, n) {
                return Err(SyscallError::CopyOverlapping);
            }
            memmove(memory_mapping, dst, src, n)
        })())
    }
);

syscall!(
    /// `sol_memmove_(dst, src, n)`.
    SyscallMemmove,
    fn rust(
        ctx: &mut InvokeContext,
        dst: u64,
        src: u64,
        n: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| {
            charge(ctx, n)?;
            memmove(memory_mapping, dst, src, n)
        })())
    }
);

syscall!(
    /// `sol_memset_(dst, c, n)`.
    SyscallMemset,
    fn rust(
        ctx: &mut InvokeContext,
        dst: u64,
        c: u64,
        n: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| {
            charge(ctx, n)?;
            if n == 0 {
                return Ok(0);
            }
            let host = host_range(memory_mapping, AccessType::Store, dst, n)?;
            // SAFETY: `[host, host + n)` is writable mapped VM memory.
            unsafe { std::ptr::write_bytes(host, c as u8, n as usize) };
            Ok(0)
        })())
    }
);

syscall!(
    /// `sol_memcmp_(s1, s2, n, *i32 result)`: result = s1[i] − s2[i] at the first difference.
    SyscallMemcmp,
    fn rust(
        ctx: &mut InvokeContext,
        s1: u64,
        s2: u64,
        n: u64,
        result_addr: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| {
            charge(ctx, n)?;
            let mut result: i32 = 0;
            if n > 0 {
                let a = host_range(memory_mapping, AccessType::Load, s1, n)?;
                let b = host_range(memory_mapping, AccessType::Load, s2, n)?;
                // SAFETY: both ranges are mapped readable VM memory of `n`
                // bytes; they are only read.
                let (a, b) = unsafe {
                    (std::slice::from_raw_parts(a as *const u8, n as usize), std::slice::from_raw_parts(b as *const u8, n as usize))
                };
                // Equal ranges (the usual case: key comparisons) are found
                // with one vectorized comparison; only a difference is
                // looked for byte by byte.
                if a != b {
                    if let Some((x, y)) = a.iter().zip(b).find(|(x, y)| x != y) {
                        result = i32::from(*x).saturating_sub(i32::from(*y));
                    }
                }
            }
            write_aligned(memory_mapping, result_addr, &result.to_le_bytes(), 4, check_aligned(ctx))?;
            Ok(0)
        })())
    }
);
