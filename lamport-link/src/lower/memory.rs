//! Memory intrinsics the BPF backend cannot expand inline.
//!
//! `llvm.memcpy`/`llvm.memmove`/`llvm.memset` with a length unknown at
//! compile time (or too long to expand cheaply) become the `sol_memcpy_`,
//! `sol_memmove_` and `sol_memset_` syscalls, which cost
//! `max(10, n / 250)` compute units. Short constant copies stay inline:
//! a copy of at most [`INLINE_STORES`] aligned words costs fewer units
//! loaded and stored than a syscall does. Plain calls to `memcpy`, `memcmp`,
//! `bcmp`, … are served by the support IR over the same syscalls.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::values::{CallSiteValue, InstructionValue, IntValue};
use inkwell::AddressSpace;

use super::{LowerError, Lowerer};
use crate::llvm;

/// Constant-length copies of at most this many aligned words stay inline.
pub const INLINE_STORES: u64 = 8;

/// Statistics of one run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Intrinsics turned into syscalls.
    pub syscalls: usize,
    /// Constant-length intrinsics left for inline expansion.
    pub inline: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Copy,
    Move,
    Set,
}

/// Lowers the memory intrinsics of `module`.
pub fn lower(l: &Lowerer) -> Result<Stats, LowerError> {
    let mut stats = Stats::default();
    for function in llvm::functions(l.module) {
        for inst in llvm::instructions(function) {
            let Some(call) = llvm::as_call(inst) else { continue };
            let Some(name) = llvm::callee_name(call) else { continue };
            let kind = if name.starts_with("llvm.memcpy.inline") || name.starts_with("llvm.memset.inline") {
                continue;
            } else if name.starts_with("llvm.memcpy.") {
                Kind::Copy
            } else if name.starts_with("llvm.memmove.") {
                Kind::Move
            } else if name.starts_with("llvm.memset.") {
                Kind::Set
            } else {
                continue;
            };
            let len = llvm::operand(inst, 2).into_int_value();
            if let Some(n) = len.get_zero_extended_constant() {
                let align = alignment(call, 0).min(if kind == Kind::Set { 8 } else { alignment(call, 1) }).clamp(1, 8);
                if n / align <= INLINE_STORES {
                    stats.inline += 1;
                    continue;
                }
            }
            to_syscall(l, inst, kind, len)?;
            stats.syscalls += 1;
        }
    }
    Ok(stats)
}

fn alignment(call: CallSiteValue, param: u32) -> u64 {
    let kind = Attribute::get_named_enum_kind_id("align");
    call.get_enum_attribute(AttributeLoc::Param(param), kind)
        .map(|a| a.get_enum_value())
        .unwrap_or(1)
}

fn to_syscall<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    inst: InstructionValue<'ctx>,
    kind: Kind,
    len: IntValue<'ctx>,
) -> Result<(), LowerError> {
    let i64t = l.ctx.i64_type();
    let ptr = l.ctx.ptr_type(AddressSpace::default());
    l.builder.position_before(&inst);
    let len = if len.get_type().get_bit_width() == 64 {
        len
    } else {
        l.builder.build_int_z_extend(len, i64t, "")?
    };
    let dst = llvm::operand(inst, 0);
    let second = llvm::operand(inst, 1);
    let (name, second, second_ty) = match kind {
        Kind::Copy => ("sol_memcpy_", second, ptr.into()),
        Kind::Move => ("sol_memmove_", second, ptr.into()),
        Kind::Set => {
            let byte = l.builder.build_int_z_extend(second.into_int_value(), i64t, "")?;
            ("sol_memset_", byte.into(), i64t.into())
        }
    };
    let ty = l.ctx.void_type().fn_type(&[ptr.into(), second_ty, i64t.into()], false);
    let syscall = l.function(name, ty);
    l.builder.build_call(syscall, &[dst.into(), second.into(), len.into()], "")?;
    inst.erase_from_basic_block();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::testing::lowered;

    #[test]
    fn variable_and_long_copies_become_syscalls() {
        let ir = lowered(
            "declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
             declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)
             declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
             define void @f(ptr %d, ptr %s, i64 %n) {
               call void @llvm.memcpy.p0.p0.i64(ptr align 8 %d, ptr align 8 %s, i64 %n, i1 false)
               call void @llvm.memmove.p0.p0.i64(ptr %d, ptr %s, i64 %n, i1 false)
               call void @llvm.memset.p0.i64(ptr %d, i8 7, i64 %n, i1 false)
               call void @llvm.memcpy.p0.p0.i64(ptr align 8 %d, ptr align 8 %s, i64 16, i1 false)
               call void @llvm.memcpy.p0.p0.i64(ptr align 1 %d, ptr align 1 %s, i64 4096, i1 false)
               ret void
             }",
            |l| assert_eq!(lower(l).unwrap(), Stats { syscalls: 4, inline: 1 }),
        );
        assert!(ir.contains("@sol_memcpy_") && ir.contains("@sol_memmove_") && ir.contains("@sol_memset_"));
        assert!(ir.contains("i64 16, i1 false"), "the short aligned copy stays inline:\n{ir}");
    }
}
