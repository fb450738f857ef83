//! `abort`, `sol_panic_`, `sol_alloc_free_`, `sol_remaining_compute_units`,
//! `sol_get_stack_height`.

use solana_sbpf::ebpf::MM_HEAP_START;

use super::{check_aligned, to_vm, with_bytes, SyscallError, SyscallResult};
use crate::serialization::BPF_ALIGN_OF_U128;

/// The bump allocator behind `sol_alloc_free_`: allocates upward through the
/// heap region and never frees.
#[derive(Debug, Clone, Copy)]
pub struct BumpAllocator {
    len: u64,
    pos: u64,
}

impl BumpAllocator {
    /// An allocator over a heap of `len` bytes.
    pub fn new(len: u64) -> Self {
        Self { len, pos: 0 }
    }

    /// Allocates `size` bytes aligned to `align`; the VM address, or `None` when full.
    pub fn alloc(&mut self, size: u64, align: u64) -> Option<u64> {
        let rem = self.pos.checked_rem(align)?;
        let padding = align.saturating_sub(rem).checked_rem(align)?;
        let end = self.pos.checked_add(padding)?.checked_add(size)?;
        if end > self.len {
            return None;
        }
        let addr = MM_HEAP_START.checked_add(self.pos.checked_add(padding)?)?;
        self.pos = end;
        Some(addr)
    }
}

syscall!(
    /// `abort()`: fails the program ("SBF program panicked").
    SyscallAbort,
    fn rust(
        _ctx: &mut InvokeContext,
        _arg1: u64,
        _arg2: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        _memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(Err(SyscallError::Abort))
    }
);

syscall!(
    /// `sol_panic_(file, len, line, column)`: fails the program; costs len.
    SyscallPanic,
    fn rust(
        ctx: &mut InvokeContext,
        file: u64,
        len: u64,
        line: u64,
        column: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| -> SyscallResult {
            ctx.consume_checked(len)?;
            let error = with_bytes(memory_mapping, file, len, |bytes| match std::str::from_utf8(bytes) {
                Ok(file) => SyscallError::Panic(file.to_string(), line, column),
                Err(err) => SyscallError::InvalidString(err, bytes.to_vec()),
            })?;
            Err(error)
        })())
    }
);

syscall!(
    /// `sol_alloc_free_(size, free_addr)`: bump allocation in the heap; free is a no-op.
    SyscallAllocFree,
    fn rust(
        ctx: &mut InvokeContext,
        size: u64,
        free_addr: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        _memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        let align = if check_aligned(ctx) { BPF_ALIGN_OF_U128 as u64 } else { 1 };
        if free_addr != 0 || isize::try_from(size).is_err() {
            return Ok(0);
        }
        let allocator = ctx.frames.last_mut().and_then(|frame| frame.vm.as_mut()).map(|vm| &mut vm.allocator);
        Ok(allocator.and_then(|allocator| allocator.alloc(size, align)).unwrap_or(0))
    }
);

syscall!(
    /// `sol_remaining_compute_units()`: costs 100, returns what is left after.
    SyscallRemainingComputeUnits,
    fn rust(
        ctx: &mut InvokeContext,
        _arg1: u64,
        _arg2: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        _memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| -> SyscallResult {
            ctx.consume_checked(ctx.budget().syscall_base_cost)?;
            Ok(ctx.remaining())
        })())
    }
);

syscall!(
    /// `sol_get_stack_height()`: costs 100; 1 for a top-level instruction.
    SyscallGetStackHeight,
    fn rust(
        ctx: &mut InvokeContext,
        _arg1: u64,
        _arg2: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        _memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm((|| -> SyscallResult {
            ctx.consume_checked(ctx.budget().syscall_base_cost)?;
            Ok(ctx.stack_height() as u64)
        })())
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bump_allocator_aligns_and_fills_up() {
        let mut allocator = BumpAllocator::new(32);
        assert_eq!(allocator.alloc(3, 8), Some(MM_HEAP_START));
        assert_eq!(allocator.alloc(8, 8), Some(MM_HEAP_START + 8));
        assert_eq!(allocator.alloc(17, 8), None);
        assert_eq!(allocator.alloc(16, 8), Some(MM_HEAP_START + 16));
    }
}
