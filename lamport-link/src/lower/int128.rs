//! 128-bit integer arithmetic the BPF backend would turn into libcalls.
//!
//! - `mul i128` and `{u,s}mul.with.overflow.{i64,i128}` become inline
//!   64-bit multiplications on 32-bit limbs (SBPF v1 has no high-half multiply);
//! - `udiv`/`urem`/`sdiv`/`srem` on i128 call `__lamport_udivmod128`
//!   (support IR), signs handled around it;
//! - `shl`/`lshr`/`ashr` on i128 by a variable amount become selects over
//!   64-bit shifts.
//!
//! Types between 65 and 127 bits are widened to i128 first.

use inkwell::types::IntType;
use inkwell::values::{InstructionOpcode, InstructionValue, IntValue};
use inkwell::IntPredicate;

use super::{parent_function, LowerError, Lowerer};
use crate::llvm;

/// Statistics of one run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Multiplications expanded (plain and overflow-checking).
    pub multiplies: usize,
    /// Divisions and remainders routed to the support routine.
    pub divisions: usize,
    /// Variable shifts expanded.
    pub shifts: usize,
}

/// Lowers every 128-bit operation of `module` the BPF backend cannot emit.
pub fn lower(l: &Lowerer) -> Result<Stats, LowerError> {
    let mut stats = Stats::default();
    for function in llvm::functions(l.module) {
        for inst in llvm::instructions(function) {
            lower_instruction(l, inst, &mut stats)?;
        }
    }
    Ok(stats)
}

fn wide_width(inst: InstructionValue) -> Option<u32> {
    llvm::int_width(inst.get_type()).filter(|w| *w > 64)
}

fn lower_instruction<'ctx>(l: &Lowerer<'_, 'ctx>, inst: InstructionValue<'ctx>, stats: &mut Stats) -> Result<(), LowerError> {
    use InstructionOpcode::*;
    let opcode = inst.get_opcode();
    match opcode {
        Mul | UDiv | URem | SDiv | SRem | Shl | LShr | AShr => {
            let Some(width) = wide_width(inst) else { return Ok(()) };
            if matches!(opcode, Shl | LShr | AShr) && llvm::operand(inst, 1).into_int_value().is_const() {
                return Ok(());
            }
            if width > 128 && opcode == Mul {
                l.builder.position_before(&inst);
                stats.multiplies += 1;
                let a = llvm::operand(inst, 0).into_int_value();
                let b = llvm::operand(inst, 1).into_int_value();
                let result = mul_limbs(l, a, b, width)?;
                llvm::replace_and_erase(inst, result);
                return Ok(());
            }
            if width > 128 {
                return Err(LowerError::WideInteger {
                    bits: width,
                    op: format!("{opcode:?}").to_lowercase(),
                    function: llvm::name_of(parent_function(inst)),
                });
            }
            l.builder.position_before(&inst);
            let signed = matches!(opcode, SDiv | SRem | AShr);
            let a = widen(l, llvm::operand(inst, 0).into_int_value(), signed)?;
            let b = widen(l, llvm::operand(inst, 1).into_int_value(), signed)?;
            let result = match opcode {
                Mul => {
                    stats.multiplies += 1;
                    mul128(l, a, b)?
                }
                UDiv | URem | SDiv | SRem => {
                    stats.divisions += 1;
                    divide(l, inst, a, b, matches!(opcode, SDiv | SRem), matches!(opcode, UDiv | SDiv))?
                }
                _ => {
                    stats.shifts += 1;
                    shift(l, opcode, a, b)?
                }
            };
            let result = narrow(l, result, width)?;
            llvm::replace_and_erase(inst, result);
        }
        Call => {
            let Some(call) = llvm::as_call(inst) else { return Ok(()) };
            let Some(name) = llvm::callee_name(call) else { return Ok(()) };
            let (signed, width) = match name.as_str() {
                "llvm.umul.with.overflow.i64" => (false, 64),
                "llvm.smul.with.overflow.i64" => (true, 64),
                "llvm.umul.with.overflow.i128" => (false, 128),
                "llvm.smul.with.overflow.i128" => (true, 128),
                _ => return Ok(()),
            };
            stats.multiplies += 1;
            l.builder.position_before(&inst);
            let a = llvm::operand(inst, 0).into_int_value();
            let b = llvm::operand(inst, 1).into_int_value();
            let (value, overflow) = match (width, signed) {
                (64, false) => {
                    let (lo, hi) = mul64_wide(l, a, b)?;
                    let zero = l.ctx.i64_type().const_zero();
                    (lo, l.builder.build_int_compare(IntPredicate::NE, hi, zero, "ovf")?)
                }
                (64, true) => smul64_overflow(l, a, b)?,
                (_, false) => umul128_overflow(l, a, b)?,
                (_, true) => smul128_overflow(l, a, b)?,
            };
            let ty = inst.get_type().into_struct_type();
            let agg = ty.get_undef();
            let agg = l.builder.build_insert_value(agg, value, 0, "")?;
            let agg = l.builder.build_insert_value(agg, overflow, 1, "")?;
            llvm::replace_and_erase(inst, agg.into_struct_value());
        }
        _ => {}
    }
    Ok(())
}

fn i128_type<'ctx>(l: &Lowerer<'_, 'ctx>) -> IntType<'ctx> {
    l.ctx.i128_type()
}

fn widen<'ctx>(l: &Lowerer<'_, 'ctx>, v: IntValue<'ctx>, signed: bool) -> Result<IntValue<'ctx>, LowerError> {
    if v.get_type().get_bit_width() == 128 {
        return Ok(v);
    }
    Ok(if signed {
        l.builder.build_int_s_extend(v, i128_type(l), "")?
    } else {
        l.builder.build_int_z_extend(v, i128_type(l), "")?
    })
}

fn narrow<'ctx>(l: &Lowerer<'_, 'ctx>, v: IntValue<'ctx>, width: u32) -> Result<IntValue<'ctx>, LowerError> {
    if width == 128 {
        return Ok(v);
    }
    Ok(l.builder.build_int_truncate(v, super::int_type(l, width), "")?)
}

/// Splits an i128 into its low and high 64-bit halves.
fn split<'ctx>(l: &Lowerer<'_, 'ctx>, v: IntValue<'ctx>) -> Result<(IntValue<'ctx>, IntValue<'ctx>), LowerError> {
    let i64t = l.ctx.i64_type();
    let lo = l.builder.build_int_truncate(v, i64t, "lo")?;
    let shifted = l.builder.build_right_shift(v, i128_type(l).const_int(64, false), false, "")?;
    let hi = l.builder.build_int_truncate(shifted, i64t, "hi")?;
    Ok((lo, hi))
}

/// Joins two 64-bit halves into an i128.
fn join<'ctx>(l: &Lowerer<'_, 'ctx>, lo: IntValue<'ctx>, hi: IntValue<'ctx>) -> Result<IntValue<'ctx>, LowerError> {
    let t = i128_type(l);
    let lo = l.builder.build_int_z_extend(lo, t, "")?;
    let hi = l.builder.build_int_z_extend(hi, t, "")?;
    let hi = l.builder.build_left_shift(hi, t.const_int(64, false), "")?;
    Ok(l.builder.build_or(hi, lo, "")?)
}

/// Full 64×64→128 unsigned product on 32-bit limbs: (low, high).
fn mul64_wide<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    a: IntValue<'ctx>,
    b: IntValue<'ctx>,
) -> Result<(IntValue<'ctx>, IntValue<'ctx>), LowerError> {
    let b_ = &l.builder;
    let i64t = l.ctx.i64_type();
    let mask = i64t.const_int(0xffff_ffff, false);
    let k32 = i64t.const_int(32, false);
    let a0 = b_.build_and(a, mask, "")?;
    let a1 = b_.build_right_shift(a, k32, false, "")?;
    let b0 = b_.build_and(b, mask, "")?;
    let b1 = b_.build_right_shift(b, k32, false, "")?;
    let p00 = b_.build_int_mul(a0, b0, "")?;
    let p01 = b_.build_int_mul(a0, b1, "")?;
    let p10 = b_.build_int_mul(a1, b0, "")?;
    let p11 = b_.build_int_mul(a1, b1, "")?;
    let mid = b_.build_right_shift(p00, k32, false, "")?;
    let mid = b_.build_int_add(mid, b_.build_and(p01, mask, "")?, "")?;
    let mid = b_.build_int_add(mid, b_.build_and(p10, mask, "")?, "")?;
    let lo = b_.build_or(b_.build_and(p00, mask, "")?, b_.build_left_shift(mid, k32, "")?, "")?;
    let hi = b_.build_int_add(p11, b_.build_right_shift(p01, k32, false, "")?, "")?;
    let hi = b_.build_int_add(hi, b_.build_right_shift(p10, k32, false, "")?, "")?;
    let hi = b_.build_int_add(hi, b_.build_right_shift(mid, k32, false, "")?, "")?;
    Ok((lo, hi))
}

/// Wrapping multiplication of any width above 128 bits (LLVM forms such
/// products from "multiply high" idioms, e.g. in core's u128 formatting):
/// schoolbook over 64-bit limbs, keeping the low `width` bits.
fn mul_limbs<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    a: IntValue<'ctx>,
    b: IntValue<'ctx>,
    width: u32,
) -> Result<IntValue<'ctx>, LowerError> {
    let b_ = &l.builder;
    let i64t = l.ctx.i64_type();
    let n = width.div_ceil(64) as usize;
    let full = super::int_type(l, n as u32 * 64);
    let widen = |v: IntValue<'ctx>| -> Result<IntValue<'ctx>, LowerError> {
        Ok(if v.get_type().get_bit_width() == n as u32 * 64 { v } else { b_.build_int_z_extend(v, full, "")? })
    };
    let (a, b) = (widen(a)?, widen(b)?);
    let limbs = |v: IntValue<'ctx>| -> Result<Vec<IntValue<'ctx>>, LowerError> {
        (0..n)
            .map(|k| {
                let shifted = if k == 0 { v } else { b_.build_right_shift(v, full.const_int(64 * k as u64, false), false, "")? };
                Ok(b_.build_int_truncate(shifted, i64t, "")?)
            })
            .collect()
    };
    let (x, y) = (limbs(a)?, limbs(b)?);
    let zero = i64t.const_zero();
    let mut r = vec![zero; n];
    for i in 0..n {
        let mut carry = zero;
        for j in 0..n - i {
            let (lo, hi) = mul64_wide(l, x[i], y[j])?;
            let t = b_.build_int_add(r[i + j], lo, "")?;
            let c1 = b_.build_int_compare(IntPredicate::ULT, t, lo, "")?;
            let t2 = b_.build_int_add(t, carry, "")?;
            let c2 = b_.build_int_compare(IntPredicate::ULT, t2, t, "")?;
            r[i + j] = t2;
            let c1 = b_.build_int_z_extend(c1, i64t, "")?;
            let c2 = b_.build_int_z_extend(c2, i64t, "")?;
            carry = b_.build_int_add(b_.build_int_add(hi, c1, "")?, c2, "")?;
        }
    }
    let mut result = full.const_zero();
    for (k, limb) in r.into_iter().enumerate() {
        let wide = b_.build_int_z_extend(limb, full, "")?;
        let wide = if k == 0 { wide } else { b_.build_left_shift(wide, full.const_int(64 * k as u64, false), "")? };
        result = b_.build_or(result, wide, "")?;
    }
    Ok(if width == n as u32 * 64 { result } else { b_.build_int_truncate(result, super::int_type(l, width), "")? })
}

/// Wrapping 128-bit multiplication.
fn mul128<'ctx>(l: &Lowerer<'_, 'ctx>, a: IntValue<'ctx>, b: IntValue<'ctx>) -> Result<IntValue<'ctx>, LowerError> {
    let (al, ah) = split(l, a)?;
    let (bl, bh) = split(l, b)?;
    let (lo, hi) = mul64_wide(l, al, bl)?;
    let cross1 = l.builder.build_int_mul(al, bh, "")?;
    let cross2 = l.builder.build_int_mul(ah, bl, "")?;
    let hi = l.builder.build_int_add(hi, cross1, "")?;
    let hi = l.builder.build_int_add(hi, cross2, "")?;
    join(l, lo, hi)
}

/// Signed 64-bit multiply with overflow flag.
fn smul64_overflow<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    a: IntValue<'ctx>,
    b: IntValue<'ctx>,
) -> Result<(IntValue<'ctx>, IntValue<'ctx>), LowerError> {
    let b_ = &l.builder;
    let i64t = l.ctx.i64_type();
    let zero = i64t.const_zero();
    let (lo, hi) = mul64_wide(l, a, b)?;
    // The signed high half is the unsigned one minus each operand where the
    // other is negative.
    let a_neg = b_.build_int_compare(IntPredicate::SLT, a, zero, "")?;
    let b_neg = b_.build_int_compare(IntPredicate::SLT, b, zero, "")?;
    let fix_a = b_.build_select(a_neg, b, zero, "")?.into_int_value();
    let fix_b = b_.build_select(b_neg, a, zero, "")?.into_int_value();
    let hi = b_.build_int_sub(hi, fix_a, "")?;
    let hi = b_.build_int_sub(hi, fix_b, "")?;
    let sign = b_.build_right_shift(lo, i64t.const_int(63, false), true, "")?;
    let overflow = b_.build_int_compare(IntPredicate::NE, hi, sign, "ovf")?;
    Ok((lo, overflow))
}

/// Unsigned 128-bit multiply with overflow flag.
fn umul128_overflow<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    a: IntValue<'ctx>,
    b: IntValue<'ctx>,
) -> Result<(IntValue<'ctx>, IntValue<'ctx>), LowerError> {
    let b_ = &l.builder;
    let zero = l.ctx.i64_type().const_zero();
    let (al, ah) = split(l, a)?;
    let (bl, bh) = split(l, b)?;
    let ah_nz = b_.build_int_compare(IntPredicate::NE, ah, zero, "")?;
    let bh_nz = b_.build_int_compare(IntPredicate::NE, bh, zero, "")?;
    let both = b_.build_and(ah_nz, bh_nz, "")?;
    let (lo, hi) = mul64_wide(l, al, bl)?;
    let (c1l, c1h) = mul64_wide(l, ah, bl)?;
    let (c2l, c2h) = mul64_wide(l, al, bh)?;
    let c1_over = b_.build_int_compare(IntPredicate::NE, c1h, zero, "")?;
    let c2_over = b_.build_int_compare(IntPredicate::NE, c2h, zero, "")?;
    let cross = b_.build_int_add(c1l, c2l, "")?;
    let cross_carry = b_.build_int_compare(IntPredicate::ULT, cross, c1l, "")?;
    let hi2 = b_.build_int_add(hi, cross, "")?;
    let hi_carry = b_.build_int_compare(IntPredicate::ULT, hi2, hi, "")?;
    let mut overflow = both;
    for flag in [c1_over, c2_over, cross_carry, hi_carry] {
        overflow = b_.build_or(overflow, flag, "")?;
    }
    Ok((join(l, lo, hi2)?, overflow))
}

/// Signed 128-bit multiply with overflow flag, through magnitudes.
fn smul128_overflow<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    a: IntValue<'ctx>,
    b: IntValue<'ctx>,
) -> Result<(IntValue<'ctx>, IntValue<'ctx>), LowerError> {
    let b_ = &l.builder;
    let t = i128_type(l);
    let zero = t.const_zero();
    let a_neg = b_.build_int_compare(IntPredicate::SLT, a, zero, "")?;
    let b_neg = b_.build_int_compare(IntPredicate::SLT, b, zero, "")?;
    let ua = l.negate_if(a, a_neg)?;
    let ub = l.negate_if(b, b_neg)?;
    let (product, overflow) = umul128_overflow(l, ua, ub)?;
    let negative = b_.build_xor(a_neg, b_neg, "")?;
    let value = l.negate_if(product, negative)?;
    // |result| may reach 2^127 only when the result is negative.
    let min = t.const_int(1, false);
    let min = b_.build_left_shift(min, t.const_int(127, false), "")?;
    let too_big_pos = b_.build_int_compare(IntPredicate::UGE, product, min, "")?;
    let too_big_neg = b_.build_int_compare(IntPredicate::UGT, product, min, "")?;
    let too_big = b_.build_select(negative, too_big_neg, too_big_pos, "")?.into_int_value();
    Ok((value, b_.build_or(overflow, too_big, "ovf")?))
}

/// Division or remainder through `__lamport_udivmod128`.
fn divide<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    inst: InstructionValue<'ctx>,
    a: IntValue<'ctx>,
    b: IntValue<'ctx>,
    signed: bool,
    quotient: bool,
) -> Result<IntValue<'ctx>, LowerError> {
    let i64t = l.ctx.i64_type();
    let t = i128_type(l);
    let zero = t.const_zero();
    let (a_neg, b_neg, ua, ub) = if signed {
        let a_neg = l.builder.build_int_compare(IntPredicate::SLT, a, zero, "")?;
        let b_neg = l.builder.build_int_compare(IntPredicate::SLT, b, zero, "")?;
        (Some(a_neg), Some(b_neg), l.negate_if(a, a_neg)?, l.negate_if(b, b_neg)?)
    } else {
        (None, None, a, b)
    };
    let out_ty = i64t.array_type(4);
    let slot = l.entry_alloca(parent_function(inst), out_ty, inst, "divmod")?;
    let ptr_ty = l.ctx.ptr_type(Default::default());
    let fn_ty = l.ctx.void_type().fn_type(
        &[ptr_ty.into(), i64t.into(), i64t.into(), i64t.into(), i64t.into()],
        false,
    );
    let routine = l.function("__lamport_udivmod128", fn_ty);
    let (nl, nh) = split(l, ua)?;
    let (dl, dh) = split(l, ub)?;
    l.builder.build_call(routine, &[slot.into(), nl.into(), nh.into(), dl.into(), dh.into()], "")?;
    let base = if quotient { 0 } else { 2 };
    let load = |index: u64| -> Result<IntValue<'ctx>, LowerError> {
        // SAFETY: the index stays inside the [4 x i64] slot allocated above.
        let p = unsafe {
            l.builder.build_in_bounds_gep(out_ty, slot, &[i64t.const_zero(), i64t.const_int(index, false)], "")?
        };
        Ok(l.builder.build_load(i64t, p, "")?.into_int_value())
    };
    let lo = load(base)?;
    let hi = load(base + 1)?;
    let result = join(l, lo, hi)?;
    match (a_neg, b_neg) {
        (Some(a_neg), Some(b_neg)) => {
            let negative = if quotient { l.builder.build_xor(a_neg, b_neg, "")? } else { a_neg };
            l.negate_if(result, negative)
        }
        _ => Ok(result),
    }
}

/// A variable shift of an i128 as selects over 64-bit shifts.
fn shift<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    opcode: InstructionOpcode,
    value: IntValue<'ctx>,
    amount: IntValue<'ctx>,
) -> Result<IntValue<'ctx>, LowerError> {
    let b_ = &l.builder;
    let i64t = l.ctx.i64_type();
    let (lo, hi) = split(l, value)?;
    let amount = b_.build_int_truncate(amount, i64t, "")?;
    let s = b_.build_and(amount, i64t.const_int(63, false), "")?;
    let big = b_.build_int_compare(IntPredicate::UGE, amount, i64t.const_int(64, false), "")?;
    let one = i64t.const_int(1, false);
    let back = b_.build_int_sub(i64t.const_int(63, false), s, "")?;
    let zero = i64t.const_zero();
    let (small_lo, small_hi, big_lo, big_hi) = match opcode {
        InstructionOpcode::Shl => {
            // bits leaving lo enter hi: (lo >> 1) >> (63 - s) == lo >> (64 - s), 0 when s == 0
            let carry = b_.build_right_shift(b_.build_right_shift(lo, one, false, "")?, back, false, "")?;
            let small_hi = b_.build_or(b_.build_left_shift(hi, s, "")?, carry, "")?;
            let small_lo = b_.build_left_shift(lo, s, "")?;
            (small_lo, small_hi, zero, b_.build_left_shift(lo, s, "")?)
        }
        _ => {
            let arithmetic = opcode == InstructionOpcode::AShr;
            let carry = b_.build_left_shift(b_.build_left_shift(hi, one, "")?, back, "")?;
            let small_lo = b_.build_or(b_.build_right_shift(lo, s, false, "")?, carry, "")?;
            let small_hi = b_.build_right_shift(hi, s, arithmetic, "")?;
            let big_lo = b_.build_right_shift(hi, s, arithmetic, "")?;
            let big_hi = if arithmetic {
                b_.build_right_shift(hi, i64t.const_int(63, false), true, "")?
            } else {
                zero
            };
            (small_lo, small_hi, big_lo, big_hi)
        }
    };
    let lo = b_.build_select(big, big_lo, small_lo, "")?.into_int_value();
    let hi = b_.build_select(big, big_hi, small_hi, "")?.into_int_value();
    join(l, lo, hi)
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::testing::{link_support, lowered};

    #[test]
    fn multiply_divide_and_shift() {
        let ir = lowered(
            "define void @f(i128 %a, i128 %b, ptr %out) {
               %m = mul i128 %a, %b
               store i128 %m, ptr %out
               %q = udiv i128 %a, %b
               %p1 = getelementptr i8, ptr %out, i64 16
               store i128 %q, ptr %p1
               %r = srem i128 %a, %b
               %p2 = getelementptr i8, ptr %out, i64 32
               store i128 %r, ptr %p2
               %s = trunc i128 %b to i64
               %s128 = zext i64 %s to i128
               %l = shl i128 %a, %s128
               %p3 = getelementptr i8, ptr %out, i64 48
               store i128 %l, ptr %p3
               %x = ashr i128 %a, %s128
               %p4 = getelementptr i8, ptr %out, i64 64
               store i128 %x, ptr %p4
               ret void
             }",
            |l| {
                link_support(l);
                let stats = lower(l).unwrap();
                assert_eq!(stats.multiplies, 1);
                assert_eq!(stats.divisions, 2);
                // Two in `f`, and the variable shift inside the division routine.
                assert!(stats.shifts >= 2, "{stats:?}");
            },
        );
        assert!(ir.contains("call void @__lamport_udivmod128"));
        assert!(!ir.contains("mul i128") && !ir.contains("udiv i128") && !ir.contains("srem i128"), "{ir}");
    }

    #[test]
    fn overflow_checks_and_wide_products() {
        let ir = lowered(
            "declare { i64, i1 } @llvm.umul.with.overflow.i64(i64, i64)
             declare { i64, i1 } @llvm.smul.with.overflow.i64(i64, i64)
             declare { i128, i1 } @llvm.umul.with.overflow.i128(i128, i128)
             define i64 @f(i64 %a, i64 %b, i128 %c, ptr %out) {
               %u = call { i64, i1 } @llvm.umul.with.overflow.i64(i64 %a, i64 %b)
               %s = call { i64, i1 } @llvm.smul.with.overflow.i64(i64 %a, i64 %b)
               %w = call { i128, i1 } @llvm.umul.with.overflow.i128(i128 %c, i128 %c)
               %uo = extractvalue { i64, i1 } %u, 1
               %so = extractvalue { i64, i1 } %s, 1
               %wo = extractvalue { i128, i1 } %w, 1
               %o1 = or i1 %uo, %so
               %o2 = or i1 %o1, %wo
               %ca = zext i64 %a to i256
               %cb = zext i128 %c to i256
               %p = mul i256 %ca, %cb
               store i256 %p, ptr %out
               %r = zext i1 %o2 to i64
               ret i64 %r
             }",
            |l| assert_eq!(lower(l).unwrap().multiplies, 4),
        );
        assert!(!ir.contains("with.overflow") || !ir.contains("call {"), "{ir}");
        assert!(!ir.contains("mul i256") && !ir.contains("mul i128"), "{ir}");
    }
}
