//! Integer compares narrower than 64 bits, made 64-bit.
//!
//! SBPF v1 has no 32-bit ALU or jumps: the backend compares two `i32` by
//! zero- (or sign-) extending both into 64-bit registers, right before the
//! jump. In a loop whose counter is an `i32` (every `for i in 0..n` over a
//! `u32`), that costs two or three instructions per iteration, re-extending
//! a counter that never leaves 32 bits. Made explicit in the IR, the
//! extension of the counter is something LLVM's induction-variable pass can
//! remove: it widens the counter to an `i64` (`add nuw` proves it never
//! wraps), and the extension of the loop-invariant bound is hoisted out of
//! the loop. Outside loops, the explicit extension is exactly what the
//! backend emitted anyway.

use inkwell::values::{BasicValue, InstructionOpcode};
use inkwell::IntPredicate;

use super::{LowerError, Lowerer};
use crate::llvm;

/// The passes that profit from the widened compares: induction variables
/// widened to 64 bits, in every loop.
pub const CLEANUP_PASSES: &str = "function(loop(indvars))";

/// True for what a loop counter looks like in a compare: a `phi`, or a
/// `phi` plus or minus something. Other narrow compares (flags, bytes read
/// from accounts) are left to the backend, which folds their extension into
/// the load or the constant.
fn is_counter(value: inkwell::values::BasicValueEnum) -> bool {
    let Some(inst) = value.as_instruction_value() else { return false };
    match inst.get_opcode() {
        InstructionOpcode::Phi => true,
        InstructionOpcode::Add | InstructionOpcode::Sub => (0..2).any(|i| {
            llvm::operand(inst, i)
                .as_instruction_value()
                .is_some_and(|op| op.get_opcode() == InstructionOpcode::Phi)
        }),
        _ => false,
    }
}

/// Rewrites every `icmp` of a loop counter (see [`is_counter`]) narrower
/// than 64 bits into an `icmp` of 64-bit extensions (sign-extended for
/// signed predicates); returns how many.
pub fn widen(l: &Lowerer) -> Result<usize, LowerError> {
    let i64t = l.ctx.i64_type();
    let mut count = 0;
    for function in llvm::functions(l.module) {
        for inst in llvm::instructions(function) {
            if inst.get_opcode() != InstructionOpcode::ICmp {
                continue;
            }
            let a = llvm::operand(inst, 0);
            let b = llvm::operand(inst, 1);
            if !a.is_int_value() || a.into_int_value().get_type().get_bit_width() >= 64 {
                continue;
            }
            if !is_counter(a) && !is_counter(b) {
                continue;
            }
            let Some(predicate) = inst.get_icmp_predicate() else { continue };
            let signed = matches!(predicate, IntPredicate::SLT | IntPredicate::SLE | IntPredicate::SGT | IntPredicate::SGE);
            l.builder.position_before(&inst);
            let (a, b) = (a.into_int_value(), b.into_int_value());
            let (a, b) = if signed {
                (l.builder.build_int_s_extend(a, i64t, "")?, l.builder.build_int_s_extend(b, i64t, "")?)
            } else {
                (l.builder.build_int_z_extend(a, i64t, "")?, l.builder.build_int_z_extend(b, i64t, "")?)
            };
            let wide = l.builder.build_int_compare(predicate, a, b, "")?;
            llvm::replace_and_erase(inst, wide);
            count += 1;
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::testing::lowered;

    #[test]
    fn counter_compares_become_64_bit_with_the_right_extension() {
        let ir = lowered(
            "define i1 @f(i32 %n, i8 %m, i8 %flag) {
             entry:
               br label %loop
             loop:
               %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
               %j = phi i8 [ 0, %entry ], [ %j.next, %loop ]
               %i.next = add nuw i32 %i, 1
               %j.next = add i8 %j, 1
               %c = icmp ult i32 %i.next, %n
               %d = icmp slt i8 %j, %m
               %go = and i1 %c, %d
               br i1 %go, label %loop, label %exit
             exit:
               %f = icmp eq i8 %flag, 7
               ret i1 %f
             }",
            |l| assert_eq!(widen(l).unwrap(), 2),
        );
        assert!(ir.contains("zext i32 %i.next to i64"), "{ir}");
        assert!(ir.contains("sext i8 %j to i64"), "{ir}");
        assert!(ir.contains("icmp eq i8 %flag, 7"), "{ir}");
        assert!(!ir.contains("icmp ult i32"), "{ir}");
    }
}
