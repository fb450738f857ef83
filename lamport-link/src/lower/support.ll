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
declare i128 @llvm.ctlz.i128(i128, i1)

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
; to %out. Operands that fit in 64 bits take one native division; others use
; restoring division over the significant bits of the dividend.
define weak void @__lamport_udivmod128(ptr %out, i64 %nlo, i64 %nhi, i64 %dlo, i64 %dhi) {
entry:
  %out_qhi = getelementptr inbounds i8, ptr %out, i64 8
  %out_rlo = getelementptr inbounds i8, ptr %out, i64 16
  %out_rhi = getelementptr inbounds i8, ptr %out, i64 24
  %highs = or i64 %nhi, %dhi
  %small = icmp eq i64 %highs, 0
  br i1 %small, label %fast, label %wide

fast:
  %q64 = udiv i64 %nlo, %dlo
  %r64 = urem i64 %nlo, %dlo
  store i64 %q64, ptr %out, align 8
  store i64 0, ptr %out_qhi, align 8
  store i64 %r64, ptr %out_rlo, align 8
  store i64 0, ptr %out_rhi, align 8
  ret void

wide:
  %nlo128 = zext i64 %nlo to i128
  %nhi128 = zext i64 %nhi to i128
  %nhi_sh = shl i128 %nhi128, 64
  %n = or i128 %nhi_sh, %nlo128
  %dlo128 = zext i64 %dlo to i128
  %dhi128 = zext i64 %dhi to i128
  %dhi_sh = shl i128 %dhi128, 64
  %d = or i128 %dhi_sh, %dlo128
  %lt = icmp ult i128 %n, %d
  br i1 %lt, label %below, label %setup

below:
  store i64 0, ptr %out, align 8
  store i64 0, ptr %out_qhi, align 8
  store i64 %nlo, ptr %out_rlo, align 8
  store i64 %nhi, ptr %out_rhi, align 8
  ret void

setup:
  %lz = call i128 @llvm.ctlz.i128(i128 %n, i1 false)
  %bits = sub i128 128, %lz
  %norm = shl i128 %n, %lz
  br label %loop

loop:
  %i = phi i128 [ %bits, %setup ], [ %i_next, %step ]
  %nn = phi i128 [ %norm, %setup ], [ %nn_next, %step ]
  %r = phi i128 [ 0, %setup ], [ %r_next, %step ]
  %q = phi i128 [ 0, %setup ], [ %q_next, %step ]
  %top = lshr i128 %nn, 127
  %r_sh = shl i128 %r, 1
  %r_in = or i128 %r_sh, %top
  %nn_next = shl i128 %nn, 1
  %q_sh = shl i128 %q, 1
  %ge = icmp uge i128 %r_in, %d
  %r_sub = sub i128 %r_in, %d
  %r_next = select i1 %ge, i128 %r_sub, i128 %r_in
  %bit = zext i1 %ge to i128
  %q_next = or i128 %q_sh, %bit
  br label %step

step:
  %i_next = sub i128 %i, 1
  %more = icmp ne i128 %i_next, 0
  br i1 %more, label %loop, label %done

done:
  %qlo = trunc i128 %q_next to i64
  %qhi_w = lshr i128 %q_next, 64
  %qhi = trunc i128 %qhi_w to i64
  %rlo = trunc i128 %r_next to i64
  %rhi_w = lshr i128 %r_next, 64
  %rhi = trunc i128 %rhi_w to i64
  store i64 %qlo, ptr %out, align 8
  store i64 %qhi, ptr %out_qhi, align 8
  store i64 %rlo, ptr %out_rlo, align 8
  store i64 %rhi, ptr %out_rhi, align 8
  ret void
}
