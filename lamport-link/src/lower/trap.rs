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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::testing::{codegen_ok, HEADER};

    #[test]
    fn trap_becomes_abort() {
        let ctx = inkwell::context::Context::create();
        let body = "declare void @llvm.trap()
                    define void @f() { call void @llvm.trap() unreachable }";
        let module = crate::llvm::parse_ir(&ctx, &format!("{HEADER}{body}"), "t.ll").unwrap();
        let l = Lowerer::new(&module);
        assert_eq!(lower(&l).unwrap(), 1);
        assert!(module.print_to_string().to_string().contains("call void @abort()"));
        codegen_ok(&module).unwrap();
    }
}
