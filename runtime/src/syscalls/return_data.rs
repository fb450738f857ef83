//! `sol_set_return_data` and `sol_get_return_data`.

use solana_sbpf::memory_region::AccessType;

use super::{is_nonoverlapping, read_bytes, to_vm, translate, write_bytes, SyscallError, SyscallResult};
use crate::invoke_context::ReturnData;

/// Largest return data, in bytes.
pub const MAX_RETURN_DATA: u64 = 1024;

syscall!(
    /// `sol_set_return_data(data, len)`: costs len/250 + 100; at most 1,024 bytes; 0 bytes clears.
    SyscallSetReturnData,
    fn rust(
        ctx: &mut InvokeContext,
        addr: u64,
        len: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| -> SyscallResult {
            let budget = ctx.budget();
            let cost = len.checked_div(budget.cpi_bytes_per_unit).unwrap_or(u64::MAX).saturating_add(budget.syscall_base_cost);
            ctx.consume_checked(cost)?;
            if len > MAX_RETURN_DATA {
                return Err(SyscallError::ReturnDataTooLarge(len, MAX_RETURN_DATA));
            }
            let data = read_bytes(memory_mapping, addr, len)?;
            let program_id = ctx.current_frame()?.program_id;
            ctx.return_data = ReturnData { program_id, data };
            Ok(0)
        })())
    }
);

syscall!(
    /// `sol_get_return_data(buf, buf_len, *[u8; 32] program_id)`: returns the
    /// full length; copies min(buf_len, len) bytes and the setter's id.
    SyscallGetReturnData,
    fn rust(
        ctx: &mut InvokeContext,
        return_data_addr: u64,
        length: u64,
        program_id_addr: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| -> SyscallResult {
            let budget = ctx.budget().clone();
            ctx.consume_checked(budget.syscall_base_cost)?;
            let full_len = ctx.return_data.data.len() as u64;
            let length = length.min(full_len);
            if length != 0 {
                let cost = length.saturating_add(32).checked_div(budget.cpi_bytes_per_unit).unwrap_or(u64::MAX);
                ctx.consume_checked(cost)?;
                let data_host = translate(memory_mapping, AccessType::Store, return_data_addr, length)?;
                let id_host = translate(memory_mapping, AccessType::Store, program_id_addr, 32)?;
                if !is_nonoverlapping(data_host, length, id_host, 32) {
                    return Err(SyscallError::CopyOverlapping);
                }
                let ReturnData { program_id, data } = &ctx.return_data;
                write_bytes(memory_mapping, return_data_addr, &data[..length as usize])?;
                write_bytes(memory_mapping, program_id_addr, program_id.as_ref())?;
            }
            Ok(full_len)
        })())
    }
);
