//! Signed division and remainder of 64 bits and narrower.
//!
//! SBPF v1 (like eBPF before cpu v4) has only unsigned `div`/`mod`. Both
//! operands are sign-extended to 64 bits, divided as magnitudes, and the sign
//! of the result restored: a quotient is negative when exactly one operand is,
//! a remainder takes the sign of the dividend (truncating division, as in
//! Rust and C).

use inkwell::values::{InstructionOpcode, IntValue};
use inkwell::IntPredicate;

use super::{LowerError, Lowerer};
use crate::llvm;

/// Lowers every `sdiv`/`srem` of at most 64 bits; returns how many.
pub fn lower(l: &Lowerer) -> Result<usize, LowerError> {
    let mut count = 0;
    for function in llvm::functions(l.module) {
        for inst in llvm::instructions(function) {
            let opcode = inst.get_opcode();
            if !matches!(opcode, InstructionOpcode::SDiv | InstructionOpcode::SRem) {
                continue;
            }
            let Some(width) = llvm::int_width(inst.get_type()) else { continue };
            if width > 64 {
                continue;
            }
            l.builder.position_before(&inst);
            let a = llvm::operand(inst, 0).into_int_value();
            let b = llvm::operand(inst, 1).into_int_value();
            let result = signed_divide(l, a, b, opcode == InstructionOpcode::SDiv)?;
            let result = if width == 64 {
                result
            } else {
                l.builder.build_int_truncate(result, a.get_type(), "")?
            };
            llvm::replace_and_erase(inst, result);
            count += 1;
        }
    }
    Ok(count)
}

fn signed_divide<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    a: IntValue<'ctx>,
    b: IntValue<'ctx>,
    quotient: bool,
) -> Result<IntValue<'ctx>, LowerError> {
    let b_ = &l.builder;
    let i64t = l.ctx.i64_type();
    let zero = i64t.const_zero();
    let a = if a.get_type().get_bit_width() < 64 { b_.build_int_s_extend(a, i64t, "")? } else { a };
    let b = if b.get_type().get_bit_width() < 64 { b_.build_int_s_extend(b, i64t, "")? } else { b };
    let a_neg = b_.build_int_compare(IntPredicate::SLT, a, zero, "")?;
    let b_neg = b_.build_int_compare(IntPredicate::SLT, b, zero, "")?;
    let ua = l.negate_if(a, a_neg)?;
    let ub = l.negate_if(b, b_neg)?;
    let (magnitude, negative) = if quotient {
        (b_.build_int_unsigned_div(ua, ub, "")?, b_.build_xor(a_neg, b_neg, "")?)
    } else {
        (b_.build_int_unsigned_rem(ua, ub, "")?, a_neg)
    };
    l.negate_if(magnitude, negative)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::testing::lowered;

    #[test]
    fn every_width_becomes_unsigned() {
        let ir = lowered(
            "define i64 @f(i8 %a, i16 %b, i32 %c, i64 %d, i64 %e) {
               %1 = sdiv i8 %a, 3
               %x1 = sext i8 %1 to i64
               %2 = srem i16 %b, %b
               %x2 = sext i16 %2 to i64
               %3 = sdiv i32 %c, %c
               %x3 = sext i32 %3 to i64
               %4 = srem i64 %d, %e
               %5 = sdiv i64 %d, %e
               %s1 = add i64 %x1, %x2
               %s2 = add i64 %s1, %x3
               %s3 = add i64 %s2, %4
               %s4 = add i64 %s3, %5
               ret i64 %s4
             }",
            |l| {
                assert_eq!(lower(l).unwrap(), 5);
            },
        );
        assert!(!ir.contains("sdiv") && !ir.contains("srem"), "{ir}");
        assert!(ir.contains("udiv") && ir.contains("urem"));
    }
}
