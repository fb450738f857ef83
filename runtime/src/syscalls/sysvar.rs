//! `sol_get_clock_sysvar` and `sol_get_rent_sysvar`: 100 + size of the sysvar.

use solana_sbpf::{ebpf::MM_INPUT_START, memory_region::{AccessType, MemoryMapping}};

use super::{check_aligned, check_alignment, to_vm, write_bytes, SyscallError, SyscallResult};
use crate::invoke_context::InvokeContext;

fn get_sysvar(ctx: &mut InvokeContext, memory_mapping: &MemoryMapping, var_addr: u64, bytes: &[u8]) -> SyscallResult {
    let cost = ctx.budget().sysvar_base_cost.saturating_add(bytes.len() as u64);
    ctx.consume_checked(cost)?;
    if var_addr >= MM_INPUT_START {
        return Err(SyscallError::InvalidPointer);
    }
    check_alignment(memory_mapping, var_addr, bytes.len() as u64, 8, check_aligned(ctx), AccessType::Store)?;
    write_bytes(memory_mapping, var_addr, bytes)?;
    Ok(0)
}

syscall!(
    /// `sol_get_clock_sysvar(*Clock)`: 140 compute units.
    SyscallGetClockSysvar,
    fn rust(
        ctx: &mut InvokeContext,
        var_addr: u64,
        _arg2: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        let bytes = ctx.env.clock.to_bytes();
        to_vm(get_sysvar(ctx, memory_mapping, var_addr, &bytes))
    }
);

syscall!(
    /// `sol_get_rent_sysvar(*Rent)`: 124 compute units.
    SyscallGetRentSysvar,
    fn rust(
        ctx: &mut InvokeContext,
        var_addr: u64,
        _arg2: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        let bytes = ctx.env.rent.to_syscall_bytes();
        to_vm(get_sysvar(ctx, memory_mapping, var_addr, &bytes))
    }
);
