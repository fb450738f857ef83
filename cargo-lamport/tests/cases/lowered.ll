; Operations upstream BPF codegen refuses, after lowering: signed division,
; a 128-bit multiply, a variable-length copy (sol_memcpy_ syscall) and a
; call with seven arguments.
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define internal i64 @seven(i64 %a, i64 %b, i64 %c, i64 %d, i64 %e, i64 %f, i64 %g) noinline {
  %1 = add i64 %a, %b
  %2 = add i64 %1, %c
  %3 = add i64 %2, %d
  %4 = add i64 %3, %e
  %5 = add i64 %4, %f
  %6 = add i64 %5, %g
  ret i64 %6
}

define i64 @entrypoint(ptr %input) {
  %a = load volatile i64, ptr %input
  %p = getelementptr i8, ptr %input, i64 8
  %b = load volatile i64, ptr %p
  %q = sdiv i64 %a, %b
  %wa = zext i64 %a to i128
  %wb = zext i64 %b to i128
  %m = mul i128 %wa, %wb
  %hi128 = lshr i128 %m, 64
  %hi = trunc i128 %hi128 to i64
  %dst = getelementptr i8, ptr %input, i64 128
  call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %input, i64 %a, i1 false)
  %s = call i64 @seven(i64 %q, i64 %hi, i64 1, i64 2, i64 3, i64 4, i64 5)
  ret i64 %s
}
