//! The sysvar syscalls: `sol_get_<name>_sysvar` (100 + size of the sysvar)
//! and `sol_get_sysvar` (a byte range of a sysvar's account data).
//!
//! Both read the runtime's sysvar cache, which holds the account data of
//! every sysvar the runtime provides (see [`crate::Runtime::set_sysvar`]):
//! `sol_get_sysvar` copies it, the others write the `repr(C)` form.

use lamport_sdk::sysvar::{
    epoch_rewards::{EpochRewards, EPOCH_REWARDS_LEN},
    epoch_schedule::{EpochSchedule, EPOCH_SCHEDULE_LEN},
    last_restart_slot::{LastRestartSlot, LAST_RESTART_SLOT_LEN},
    OFFSET_LENGTH_EXCEEDS_SYSVAR, SYSVAR_NOT_FOUND,
};
use solana_sbpf::{ebpf::MM_INPUT_START, memory_region::{AccessType, MemoryMapping}};

use super::{check_aligned, check_alignment, read_pubkey, to_vm, translate, write_bytes, SyscallError, SyscallResult};
use crate::{error::InstructionError, invoke_context::InvokeContext};

/// Writes a sysvar of `len` bytes in memory form: charges 100 + `len`,
/// checks the destination, then fails with `UnsupportedSysvar` if the
/// runtime does not provide it (`bytes` is `None`), as Agave does.
fn get_sysvar(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    var_addr: u64,
    len: usize,
    bytes: Option<&[u8]>,
) -> SyscallResult {
    let cost = ctx.budget().sysvar_base_cost.saturating_add(len as u64);
    ctx.consume_checked(cost)?;
    if !check_aligned(ctx) {
        return Err(SyscallError::UnalignedPointer);
    }
    if var_addr >= MM_INPUT_START {
        return Err(SyscallError::InvalidPointer);
    }
    check_alignment(memory_mapping, var_addr, len as u64, 8, true, AccessType::Store)?;
    let bytes = bytes.ok_or(InstructionError::UnsupportedSysvar)?;
    write_bytes(memory_mapping, var_addr, bytes)?;
    Ok(0)
}

/// `sol_get_sysvar(sysvar_id, var_addr, offset, length)`. Costs
/// 100 + 32/250 + max(length/250, 10). Checks, in Agave's order: the
/// caller's loader checks alignment, `var_addr` is below the input region,
/// the destination is writable, the id readable, `offset + length` and
/// `var_addr + length` do not overflow; then returns 2 for an unknown
/// sysvar, 1 for a range past its end, 0 after copying the range.
fn get_sysvar_range(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    sysvar_id_addr: u64,
    var_addr: u64,
    offset: u64,
    length: u64,
) -> SyscallResult {
    let budget = ctx.budget().clone();
    let id_cost = 32u64.checked_div(budget.cpi_bytes_per_unit).unwrap_or(0);
    let buf_cost = length.checked_div(budget.cpi_bytes_per_unit).unwrap_or(0);
    let cost = budget.sysvar_base_cost.saturating_add(id_cost).saturating_add(buf_cost.max(budget.mem_op_base_cost));
    ctx.consume_checked(cost)?;
    if !check_aligned(ctx) {
        return Err(SyscallError::UnalignedPointer);
    }
    if var_addr >= MM_INPUT_START {
        return Err(SyscallError::InvalidPointer);
    }
    if length > 0 {
        translate(memory_mapping, AccessType::Store, var_addr, length)?;
    }
    let id = read_pubkey(memory_mapping, sysvar_id_addr)?;
    let end = offset.checked_add(length).ok_or(InstructionError::ArithmeticOverflow)?;
    var_addr.checked_add(length).ok_or(InstructionError::ArithmeticOverflow)?;
    let env = ctx.env.clone();
    let Some(data) = env.sysvars.get_for_syscall(&id) else {
        return Ok(SYSVAR_NOT_FOUND);
    };
    let range = usize::try_from(offset).ok().zip(usize::try_from(end).ok());
    match range.and_then(|(start, end)| data.get(start..end)) {
        Some(slice) => {
            write_bytes(memory_mapping, var_addr, slice)?;
            Ok(0)
        }
        None => Ok(OFFSET_LENGTH_EXCEEDS_SYSVAR),
    }
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
        to_vm(get_sysvar(ctx, memory_mapping, var_addr, bytes.len(), Some(&bytes)))
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
        to_vm(get_sysvar(ctx, memory_mapping, var_addr, bytes.len(), Some(&bytes)))
    }
);

syscall!(
    /// `sol_get_epoch_schedule_sysvar(*EpochSchedule)`: 140 compute units.
    SyscallGetEpochScheduleSysvar,
    fn rust(
        ctx: &mut InvokeContext,
        var_addr: u64,
        _arg2: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        let bytes = ctx.env.sysvars.get_typed::<EpochSchedule>().map(|s| s.to_syscall_bytes());
        to_vm(get_sysvar(ctx, memory_mapping, var_addr, EPOCH_SCHEDULE_LEN, bytes.as_ref().map(|b| &b[..])))
    }
);

syscall!(
    /// `sol_get_epoch_rewards_sysvar(*EpochRewards)`: 196 compute units.
    SyscallGetEpochRewardsSysvar,
    fn rust(
        ctx: &mut InvokeContext,
        var_addr: u64,
        _arg2: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        let bytes = ctx.env.sysvars.get_typed::<EpochRewards>().map(|r| r.to_syscall_bytes());
        to_vm(get_sysvar(ctx, memory_mapping, var_addr, EPOCH_REWARDS_LEN, bytes.as_ref().map(|b| &b[..])))
    }
);

syscall!(
    /// `sol_get_last_restart_slot(*LastRestartSlot)`: 108 compute units.
    SyscallGetLastRestartSlotSysvar,
    fn rust(
        ctx: &mut InvokeContext,
        var_addr: u64,
        _arg2: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        let bytes = ctx.env.sysvars.get_typed::<LastRestartSlot>().map(|l| l.to_bytes());
        to_vm(get_sysvar(ctx, memory_mapping, var_addr, LAST_RESTART_SLOT_LEN, bytes.as_ref().map(|b| &b[..])))
    }
);

syscall!(
    /// `sol_get_sysvar(*sysvar_id, *out, offset, length)`, see [`get_sysvar_range`].
    SyscallGetSysvar,
    fn rust(
        ctx: &mut InvokeContext,
        sysvar_id_addr: u64,
        var_addr: u64,
        offset: u64,
        length: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(get_sysvar_range(ctx, memory_mapping, sysvar_id_addr, var_addr, offset, length))
    }
);
