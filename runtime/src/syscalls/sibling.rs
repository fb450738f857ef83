//! `sol_get_processed_sibling_instruction`: an instruction that ran before
//! the current one with the same caller (or, at top level, an earlier
//! top-level instruction), counted backwards from the most recent (100
//! compute units).
//!
//! The caller passes a header `{data_len: u64, accounts_len: u64}`. When the
//! lengths match the sibling's, its program id, data and account metas
//! (`{pubkey, is_signer: u8, is_writable: u8}`, 34 bytes each) are written;
//! otherwise the header is set to the sibling's lengths. Returns 1 when the
//! sibling exists, 0 when not.

use solana_sbpf::memory_region::{AccessType, MemoryMapping};

use super::{check_aligned, check_alignment, read_bytes, to_vm, u64_at, write_bytes, SyscallResult};
use crate::{error::InstructionError, invoke_context::InvokeContext};

/// Size of the `{data_len, accounts_len}` header.
const HEADER_LEN: u64 = 16;
/// Size of one serialized account meta.
const ACCOUNT_META_LEN: usize = 34;

fn processed_sibling(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    [index, meta_addr, program_id_addr, data_addr, accounts_addr]: [u64; 5],
) -> SyscallResult {
    ctx.consume_checked(ctx.budget().syscall_base_cost)?;
    let current = ctx.current_frame()?.trace_index;
    let caller = ctx.trace.get(current).ok_or(InstructionError::CallDepth)?.caller;
    let sibling = ctx.trace[..current]
        .iter()
        .rev()
        .filter(|instruction| instruction.caller == caller)
        .nth(usize::try_from(index).unwrap_or(usize::MAX));
    let Some(sibling) = sibling else {
        return Ok(0);
    };
    let aligned = check_aligned(ctx);
    check_alignment(memory_mapping, meta_addr, HEADER_LEN, 8, aligned, AccessType::Store)?;
    let header = read_bytes(memory_mapping, meta_addr, HEADER_LEN)?;
    let (data_len, accounts_len) = (u64_at(&header, 0), u64_at(&header, 8));
    if data_len == sibling.data.len() as u64 && accounts_len == sibling.accounts.len() as u64 {
        let mut metas = Vec::with_capacity(sibling.accounts.len().saturating_mul(ACCOUNT_META_LEN));
        for account in &sibling.accounts {
            let key = ctx.accounts.keys.get(account.index_in_transaction).ok_or(InstructionError::NotEnoughAccountKeys)?;
            metas.extend_from_slice(key.as_ref());
            metas.push(u8::from(account.is_signer));
            metas.push(u8::from(account.is_writable));
        }
        write_bytes(memory_mapping, program_id_addr, sibling.program_id.as_ref())?;
        write_bytes(memory_mapping, data_addr, &sibling.data)?;
        write_bytes(memory_mapping, accounts_addr, &metas)?;
    } else {
        let mut header = [0u8; HEADER_LEN as usize];
        header[..8].copy_from_slice(&(sibling.data.len() as u64).to_le_bytes());
        header[8..].copy_from_slice(&(sibling.accounts.len() as u64).to_le_bytes());
        write_bytes(memory_mapping, meta_addr, &header)?;
    }
    Ok(1)
}

syscall!(
    /// `sol_get_processed_sibling_instruction(index, *meta, *program_id, *data, *accounts)`.
    SyscallGetProcessedSiblingInstruction,
    fn rust(
        ctx: &mut InvokeContext,
        index: u64,
        meta_addr: u64,
        program_id_addr: u64,
        data_addr: u64,
        accounts_addr: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(processed_sibling(ctx, memory_mapping, [index, meta_addr, program_id_addr, data_addr, accounts_addr]))
    }
);
