; A constant table of function pointers lands in .data.rel.ro; each slot
; gets an R_BPF_64_RELATIVE with the target in its upper half, and the
; indirect call is a callx whose register SBPF v1 reads from imm.
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

define internal i64 @add_one(i64 %x) noinline {
  %r = add i64 %x, 1
  ret i64 %r
}

define internal i64 @double(i64 %x) noinline {
  %r = shl i64 %x, 1
  ret i64 %r
}

@table = internal constant [2 x ptr] [ptr @add_one, ptr @double]

define i64 @entrypoint(ptr %input) {
  %sel = load volatile i64, ptr %input
  %i = and i64 %sel, 1
  %slot = getelementptr [2 x ptr], ptr @table, i64 0, i64 %i
  %f = load ptr, ptr %slot
  %r = call i64 %f(i64 %sel)
  ret i64 %r
}
