//! The sysvar syscalls: `sol_get_<name>_sysvar` (100 + size of the sysvar)
//! and `sol_get_sysvar` (a byte range of a sysvar's account data).
//!
//! The runtime holds Clock and Rent; EpochSchedule, EpochRewards and
//! LastRestartSlot have their default values (those of a fresh cluster, as
//! LiteSVM sets them).

use lamport_sdk::sysvar::{
    clock, epoch_rewards::{self, EpochRewards}, epoch_schedule::{self, EpochSchedule},
    last_restart_slot::{self, LastRestartSlot}, rent,
};
use solana_sbpf::{ebpf::MM_INPUT_START, memory_region::{AccessType, MemoryMapping}};

use super::{check_aligned, check_alignment, read_pubkey, to_vm, translate, write_bytes, SyscallError, SyscallResult};
use crate::{error::InstructionError, invoke_context::InvokeContext};

/// `sol_get_sysvar`: the sysvar is not one the runtime provides.
const SYSVAR_NOT_FOUND: u64 = 2;
/// `sol_get_sysvar`: `offset + length` is beyond the sysvar's data.
const OFFSET_LENGTH_EXCEEDS_SYSVAR: u64 = 1;

fn get_sysvar(ctx: &mut InvokeContext, memory_mapping: &MemoryMapping, var_addr: u64, bytes: &[u8]) -> SyscallResult {
    let cost = ctx.budget().sysvar_base_cost.saturating_add(bytes.len() as u64);
    ctx.consume_checked(cost)?;
    if !check_aligned(ctx) {
        return Err(SyscallError::UnalignedPointer);
    }
    if var_addr >= MM_INPUT_START {
        return Err(SyscallError::InvalidPointer);
    }
    check_alignment(memory_mapping, var_addr, bytes.len() as u64, 8, true, AccessType::Store)?;
    write_bytes(memory_mapping, var_addr, bytes)?;
    Ok(0)
}

/// The account data of the sysvar at `id`, if the runtime provides it.
fn sysvar_data(ctx: &InvokeContext, id: &lamport_sdk::pubkey::Pubkey) -> Option<Vec<u8>> {
    if *id == clock::ID {
        Some(ctx.env.clock.to_bytes().to_vec())
    } else if *id == rent::ID {
        Some(ctx.env.rent.to_bytes().to_vec())
    } else if *id == epoch_schedule::ID {
        Some(EpochSchedule::default().to_bytes().to_vec())
    } else if *id == epoch_rewards::ID {
        Some(EpochRewards::default().to_bytes().to_vec())
    } else if *id == last_restart_slot::ID {
        Some(LastRestartSlot::default().to_bytes().to_vec())
    } else if *id == lamport_sdk::sysvar::slot_hashes::ID {
        Some(ctx.env.slot_hashes.to_bytes())
    } else {
        None
    }
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
    let Some(data) = sysvar_data(ctx, &id) else {
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
        let bytes = EpochSchedule::default().to_syscall_bytes();
        to_vm(get_sysvar(ctx, memory_mapping, var_addr, &bytes))
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
        let bytes = EpochRewards::default().to_syscall_bytes();
        to_vm(get_sysvar(ctx, memory_mapping, var_addr, &bytes))
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
        let bytes = LastRestartSlot::default().to_bytes();
        to_vm(get_sysvar(ctx, memory_mapping, var_addr, &bytes))
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
