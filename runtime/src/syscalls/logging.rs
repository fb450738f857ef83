//! `sol_log_`, `sol_log_64_`, `sol_log_compute_units_`, `sol_log_pubkey`, `sol_log_data`.

use base64::Engine;
use solana_sbpf::{memory_region::MemoryMapping};

use super::{check_aligned, read_bytes, read_pubkey, read_slice_descriptors, to_vm, with_bytes, SyscallError, SyscallResult};
use crate::{invoke_context::InvokeContext, log_collector::LogRecord};

fn log(ctx: &mut InvokeContext, memory_mapping: &MemoryMapping, addr: u64, len: u64) -> SyscallResult {
    let cost = ctx.budget().syscall_base_cost.max(len);
    ctx.consume_checked(cost)?;
    let message = with_bytes(memory_mapping, addr, len, |bytes| match std::str::from_utf8(bytes) {
        Ok(text) => Ok(LogRecord::ProgramLog(text.into())),
        Err(err) => Err(SyscallError::InvalidString(err, bytes.to_vec())),
    })??;
    ctx.log_record(message);
    Ok(0)
}

syscall!(
    /// `sol_log_(msg, len)`: logs `Program log: <msg>`; costs max(100, len).
    SyscallLog,
    fn rust(
        ctx: &mut InvokeContext,
        addr: u64,
        len: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(log(ctx, memory_mapping, addr, len))
    }
);

syscall!(
    /// `sol_log_64_(a, b, c, d, e)`: logs the five values in hex; costs 100.
    SyscallLogU64,
    fn rust(
        ctx: &mut InvokeContext,
        arg1: u64,
        arg2: u64,
        arg3: u64,
        arg4: u64,
        arg5: u64,
        _memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| {
            ctx.consume_checked(ctx.budget().log_64_units)?;
            ctx.log(format!("Program log: {arg1:#x}, {arg2:#x}, {arg3:#x}, {arg4:#x}, {arg5:#x}"));
            Ok(0)
        })())
    }
);

syscall!(
    /// `sol_log_compute_units_()`: logs `Program consumption: N units remaining`; costs 100.
    SyscallLogComputeUnits,
    fn rust(
        ctx: &mut InvokeContext,
        _arg1: u64,
        _arg2: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        _memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| {
            ctx.consume_checked(ctx.budget().syscall_base_cost)?;
            let remaining = ctx.remaining();
            ctx.log(format!("Program consumption: {remaining} units remaining"));
            Ok(0)
        })())
    }
);

syscall!(
    /// `sol_log_pubkey(key)`: logs the key in base58; costs 100.
    SyscallLogPubkey,
    fn rust(
        ctx: &mut InvokeContext,
        addr: u64,
        _arg2: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| {
            ctx.consume_checked(ctx.budget().log_pubkey_units)?;
            let key = read_pubkey(memory_mapping, addr)?;
            ctx.log(format!("Program log: {}", bs58::encode(key.as_ref()).into_string()));
            Ok(0)
        })())
    }
);

syscall!(
    /// `sol_log_data(slices, n)`: logs `Program data: <base64> …`;
    /// costs 100 + 100·n + total bytes.
    SyscallLogData,
    fn rust(
        ctx: &mut InvokeContext,
        addr: u64,
        len: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| {
            let base = ctx.budget().syscall_base_cost;
            ctx.consume_checked(base)?;
            let slices = read_slice_descriptors(memory_mapping, addr, len, check_aligned(ctx))?;
            ctx.consume_checked(base.saturating_mul(slices.len() as u64))?;
            ctx.consume_checked(slices.iter().fold(0u64, |total, (_, len)| total.saturating_add(*len)))?;
            let mut parts = Vec::with_capacity(slices.len());
            for (ptr, len) in slices {
                let bytes = read_bytes(memory_mapping, ptr, len)?;
                parts.push(base64::engine::general_purpose::STANDARD.encode(bytes));
            }
            ctx.log(format!("Program data: {}", parts.join(" ")));
            Ok(0)
        })())
    }
);
