; Support routines the IR lowerings call. They are linked into a program
; only when referenced, use only operations SBPF v1 codegen accepts once the
; lowerings have run (64-bit ALU, constant i128 shifts, compares), and are
; internalized and dead-stripped with the rest of the program.
;
; Definitions are `weak`, so a program that defines its own `memcpy`,
; `memset`, `memmove`, `memcmp` or `bcmp` keeps its own.

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

declare void @sol_memcpy_(ptr, ptr, i64)
declare void @sol_memmove_(ptr, ptr, i64)
declare void @sol_memset_(ptr, i64, i64)
declare void @sol_memcmp_(ptr, ptr, i64, ptr)
declare i64 @llvm.ctlz.i64(i64, i1)

define weak ptr @memcpy(ptr %dst, ptr %src, i64 %n) {
  call void @sol_memcpy_(ptr %dst, ptr %src, i64 %n)
  ret ptr %dst
}

define weak ptr @memmove(ptr %dst, ptr %src, i64 %n) {
  call void @sol_memmove_(ptr %dst, ptr %src, i64 %n)
  ret ptr %dst
}

define weak ptr @memset(ptr %dst, i32 %c, i64 %n) {
  %byte = and i32 %c, 255
  %c64 = zext i32 %byte to i64
  call void @sol_memset_(ptr %dst, i64 %c64, i64 %n)
  ret ptr %dst
}

define weak i32 @memcmp(ptr %a, ptr %b, i64 %n) {
  %result = alloca i32, align 4
  store i32 0, ptr %result, align 4
  call void @sol_memcmp_(ptr %a, ptr %b, i64 %n, ptr %result)
  %r = load i32, ptr %result, align 4
  ret i32 %r
}

define weak i32 @bcmp(ptr %a, ptr %b, i64 %n) {
  %r = call i32 @memcmp(ptr %a, ptr %b, i64 %n)
  ret i32 %r
}

; Unsigned 128-bit division: writes quotient (lo, hi) then remainder (lo, hi)
; to %out. Built on SBPF's 64-bit division, in the manner of Knuth's
; algorithm D with 32-bit digits (Hacker's Delight, `divlu`/`divdu`):
; - both operands below 2^64: one native division;
; - divisor below 2^64: the high word natively, then the 128-by-64 step;
; - divisor of 65 bits or more: the quotient fits in 64 bits; it is
;   estimated with the 128-by-64 step on the normalized divisor's top word
;   and corrected by at most one.
; The 128-by-64 step (`%step`, shared by both paths) normalizes the divisor,
; estimates each 32-bit quotient digit with one 64-bit division and corrects
; it at most twice. Division by zero is undefined here, as in LLVM IR (Rust
; checks it before dividing).
define weak void @__lamport_udivmod128(ptr %out, i64 %nlo, i64 %nhi, i64 %dlo, i64 %dhi) {
entry:
  %out_qhi = getelementptr inbounds i8, ptr %out, i64 8
  %out_rlo = getelementptr inbounds i8, ptr %out, i64 16
  %out_rhi = getelementptr inbounds i8, ptr %out, i64 24
  %d_narrow = icmp eq i64 %dhi, 0
  br i1 %d_narrow, label %narrow, label %wide

narrow:
  %n_narrow = icmp eq i64 %nhi, 0
  br i1 %n_narrow, label %fast, label %narrow_high

fast:
  %q64 = udiv i64 %nlo, %dlo
  %r64 = urem i64 %nlo, %dlo
  store i64 %q64, ptr %out, align 8
  store i64 0, ptr %out_qhi, align 8
  store i64 %r64, ptr %out_rlo, align 8
  store i64 0, ptr %out_rhi, align 8
  ret void

narrow_high:
  ; High quotient word natively; its remainder is below the divisor, as the
  ; 128-by-64 step requires.
  %qhi_n = udiv i64 %nhi, %dlo
  %rhi_n = urem i64 %nhi, %dlo
  %ls_n = call i64 @llvm.ctlz.i64(i64 %dlo, i1 true)
  br label %step

wide:
  %hi_lt = icmp ult i64 %nhi, %dhi
  %hi_eq = icmp eq i64 %nhi, %dhi
  %lo_lt = icmp ult i64 %nlo, %dlo
  %eq_lt = and i1 %hi_eq, %lo_lt
  %below_d = or i1 %hi_lt, %eq_lt
  br i1 %below_d, label %below, label %wide_norm

below:
  store i64 0, ptr %out, align 8
  store i64 0, ptr %out_qhi, align 8
  store i64 %nlo, ptr %out_rlo, align 8
  store i64 %nhi, ptr %out_rhi, align 8
  ret void

wide_norm:
  ; v1: the top 64 bits of the divisor shifted left by s = clz(dhi); the
  ; dividend is halved so that its high word stays below v1.
  %s = call i64 @llvm.ctlz.i64(i64 %dhi, i1 true)
  %s_inv = sub i64 63, %s
  %dhi_s = shl i64 %dhi, %s
  %dlo_half = lshr i64 %dlo, 1
  %dlo_top = lshr i64 %dlo_half, %s_inv
  %v1 = or i64 %dhi_s, %dlo_top
  %n1hi = lshr i64 %nhi, 1
  %nlo_half = lshr i64 %nlo, 1
  %nhi_bit = shl i64 %nhi, 63
  %n1lo = or i64 %nlo_half, %nhi_bit
  br label %step

step:
  ; (u1:u0) / v with u1 < v: quotient %q (64 bits), remainder %rem.
  %u1 = phi i64 [ %rhi_n, %narrow_high ], [ %n1hi, %wide_norm ]
  %u0 = phi i64 [ %nlo, %narrow_high ], [ %n1lo, %wide_norm ]
  %v = phi i64 [ %dlo, %narrow_high ], [ %v1, %wide_norm ]
  %qhi_in = phi i64 [ %qhi_n, %narrow_high ], [ 0, %wide_norm ]
  %wide_shift = phi i64 [ 0, %narrow_high ], [ %s_inv, %wide_norm ]
  ; The divisor's leading zeros: v1 is normalized already.
  %ls = phi i64 [ %ls_n, %narrow_high ], [ 0, %wide_norm ]
  %ls_inv = sub i64 63, %ls
  %vn = shl i64 %v, %ls
  %vn1 = lshr i64 %vn, 32
  %vn0 = and i64 %vn, 4294967295
  %u1s = shl i64 %u1, %ls
  %u0_half = lshr i64 %u0, 1
  %u0_top = lshr i64 %u0_half, %ls_inv
  %un32 = or i64 %u1s, %u0_top
  %un10 = shl i64 %u0, %ls
  %un1 = lshr i64 %un10, 32
  %un0 = and i64 %un10, 4294967295
  %q1_est = udiv i64 %un32, %vn1
  %q1_prod = mul i64 %q1_est, %vn1
  %r1_est = sub i64 %un32, %q1_prod
  br label %fix1

fix1:
  %q1 = phi i64 [ %q1_est, %step ], [ %q1_dec, %fix1_dec ]
  %r1 = phi i64 [ %r1_est, %step ], [ %r1_inc, %fix1_dec ]
  %q1_big = icmp ugt i64 %q1, 4294967295
  %q1_vn0 = mul i64 %q1, %vn0
  %r1_sh = shl i64 %r1, 32
  %r1_un1 = or i64 %r1_sh, %un1
  %q1_over = icmp ugt i64 %q1_vn0, %r1_un1
  %q1_bad = or i1 %q1_big, %q1_over
  br i1 %q1_bad, label %fix1_dec, label %digit0

fix1_dec:
  %q1_dec = sub i64 %q1, 1
  %r1_inc = add i64 %r1, %vn1
  %r1_small = icmp ult i64 %r1_inc, 4294967296
  br i1 %r1_small, label %fix1, label %digit0

digit0:
  %q1f = phi i64 [ %q1, %fix1 ], [ %q1_dec, %fix1_dec ]
  %un32_sh = shl i64 %un32, 32
  %un321 = or i64 %un32_sh, %un1
  %q1_v = mul i64 %q1f, %vn
  %un21 = sub i64 %un321, %q1_v
  %q0_est = udiv i64 %un21, %vn1
  %q0_prod = mul i64 %q0_est, %vn1
  %r0_est = sub i64 %un21, %q0_prod
  br label %fix0

fix0:
  %q0 = phi i64 [ %q0_est, %digit0 ], [ %q0_dec, %fix0_dec ]
  %r0 = phi i64 [ %r0_est, %digit0 ], [ %r0_inc, %fix0_dec ]
  %q0_big = icmp ugt i64 %q0, 4294967295
  %q0_vn0 = mul i64 %q0, %vn0
  %r0_sh = shl i64 %r0, 32
  %r0_un0 = or i64 %r0_sh, %un0
  %q0_over = icmp ugt i64 %q0_vn0, %r0_un0
  %q0_bad = or i1 %q0_big, %q0_over
  br i1 %q0_bad, label %fix0_dec, label %digits

fix0_dec:
  %q0_dec = sub i64 %q0, 1
  %r0_inc = add i64 %r0, %vn1
  %r0_small = icmp ult i64 %r0_inc, 4294967296
  br i1 %r0_small, label %fix0, label %digits

digits:
  %q0f = phi i64 [ %q0, %fix0 ], [ %q0_dec, %fix0_dec ]
  %un21_sh = shl i64 %un21, 32
  %un210 = or i64 %un21_sh, %un0
  %q0_v = mul i64 %q0f, %vn
  %rem_n = sub i64 %un210, %q0_v
  %rem = lshr i64 %rem_n, %ls
  %q1_hi = shl i64 %q1f, 32
  %q = or i64 %q1_hi, %q0f
  br i1 %d_narrow, label %narrow_done, label %wide_fix

narrow_done:
  store i64 %q, ptr %out, align 8
  store i64 %qhi_in, ptr %out_qhi, align 8
  store i64 %rem, ptr %out_rlo, align 8
  store i64 0, ptr %out_rhi, align 8
  ret void

wide_fix:
  ; Estimate q = (step quotient >> (63 - s)) - 1 (never below zero); it is
  ; the true quotient or one less.
  %qe = lshr i64 %q, %wide_shift
  %qe_zero = icmp eq i64 %qe, 0
  %qe_dec = sub i64 %qe, 1
  %qw = select i1 %qe_zero, i64 0, i64 %qe_dec
  ; p = qw * d, low 128 bits (it is at most n): qw * dlo in full through
  ; 32-bit halves, plus the low word of qw * dhi.
  %a0 = and i64 %qw, 4294967295
  %a1 = lshr i64 %qw, 32
  %b0 = and i64 %dlo, 4294967295
  %b1 = lshr i64 %dlo, 32
  %p00 = mul i64 %a0, %b0
  %p01 = mul i64 %a0, %b1
  %p10 = mul i64 %a1, %b0
  %p11 = mul i64 %a1, %b1
  %p00_hi = lshr i64 %p00, 32
  %p01_lo = and i64 %p01, 4294967295
  %p10_lo = and i64 %p10, 4294967295
  %mid_a = add i64 %p00_hi, %p01_lo
  %mid = add i64 %mid_a, %p10_lo
  %p01_hi = lshr i64 %p01, 32
  %p10_hi = lshr i64 %p10, 32
  %mid_hi = lshr i64 %mid, 32
  %ph_a = add i64 %p11, %p01_hi
  %ph_b = add i64 %ph_a, %p10_hi
  %ph_c = add i64 %ph_b, %mid_hi
  %q_dhi = mul i64 %qw, %dhi
  %plo = mul i64 %qw, %dlo
  %p_hi = add i64 %ph_c, %q_dhi
  ; r = n - p
  %rlo = sub i64 %nlo, %plo
  %borrow = icmp ult i64 %nlo, %plo
  %borrow64 = zext i1 %borrow to i64
  %rhi_a = sub i64 %nhi, %p_hi
  %rhi = sub i64 %rhi_a, %borrow64
  ; one more if r >= d
  %r_hi_gt = icmp ugt i64 %rhi, %dhi
  %r_hi_eq = icmp eq i64 %rhi, %dhi
  %r_lo_ge = icmp uge i64 %rlo, %dlo
  %r_eq_ge = and i1 %r_hi_eq, %r_lo_ge
  %again = or i1 %r_hi_gt, %r_eq_ge
  %qw_inc = add i64 %qw, 1
  %qf = select i1 %again, i64 %qw_inc, i64 %qw
  %rlo_d = sub i64 %rlo, %dlo
  %borrow2 = icmp ult i64 %rlo, %dlo
  %borrow2_64 = zext i1 %borrow2 to i64
  %rhi_d_a = sub i64 %rhi, %dhi
  %rhi_d = sub i64 %rhi_d_a, %borrow2_64
  %rlo_f = select i1 %again, i64 %rlo_d, i64 %rlo
  %rhi_f = select i1 %again, i64 %rhi_d, i64 %rhi
  store i64 %qf, ptr %out, align 8
  store i64 0, ptr %out_qhi, align 8
  store i64 %rlo_f, ptr %out_rlo, align 8
  store i64 %rhi_f, ptr %out_rhi, align 8
  ret void
}
