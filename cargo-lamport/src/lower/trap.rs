//! Traps. LLVM's BPF backend turns `llvm.trap` (what `unreachable` code and
//! failed checks compile to) into a call of `__bpf_trap`, which no SBPF
//! runtime provides. A trap becomes the `abort` syscall instead, which stops
//! the program with an error.

use super::{LowerError, Lowerer};
use crate::llvm;

/// Rewrites `llvm.trap`/`llvm.ubsantrap` into `abort()`; returns how many.
pub fn lower(l: &Lowerer) -> Result<usize, LowerError> {
    let abort_ty = l.ctx.void_type().fn_type(&[], false);
    let mut count = 0;
    for function in llvm::functions(l.module) {
        for inst in llvm::instructions(function) {
            let Some(call) = llvm::as_call(inst) else { continue };
            let Some(name) = llvm::callee_name(call) else { continue };
            if name != "llvm.trap" && name != "llvm.ubsantrap" {
                continue;
            }
            l.builder.position_before(&inst);
            let abort = l.function("abort", abort_ty);
            l.builder.build_call(abort, &[], "")?;
            inst.erase_from_basic_block();
            count += 1;
        }
    }
    Ok(count)
}
