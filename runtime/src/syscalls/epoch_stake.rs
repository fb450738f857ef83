//! `sol_get_epoch_stake`: the cluster's active stake for the current epoch,
//! or that delegated to one vote account. The runtime has no stake: the
//! answer is 0, as on a fresh cluster.

use solana_sbpf::memory_region::MemoryMapping;

use super::{read_pubkey, to_vm, SyscallResult};
use crate::invoke_context::InvokeContext;

fn epoch_stake(ctx: &mut InvokeContext, memory_mapping: &MemoryMapping, vote_addr: u64) -> SyscallResult {
    let budget = ctx.budget().clone();
    if vote_addr == 0 {
        ctx.consume_checked(budget.syscall_base_cost)?;
        return Ok(0);
    }
    let key_cost = 32u64.checked_div(budget.cpi_bytes_per_unit).unwrap_or(u64::MAX);
    let cost = budget.syscall_base_cost.saturating_add(key_cost).saturating_add(budget.mem_op_base_cost);
    ctx.consume_checked(cost)?;
    let _vote_account = read_pubkey(memory_mapping, vote_addr)?;
    Ok(0)
}

syscall!(
    /// `sol_get_epoch_stake(*vote_pubkey or null)`: 100 compute units for the
    /// total, 110 for a vote account.
    SyscallGetEpochStake,
    fn rust(
        ctx: &mut InvokeContext,
        vote_addr: u64,
        _arg2: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(epoch_stake(ctx, memory_mapping, vote_addr))
    }
);
