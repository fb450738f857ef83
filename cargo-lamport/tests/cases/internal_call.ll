; Calls between functions of the program are pc-relative; the same syscall
; called from two places gets one .dynsym entry and two relocations.
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

declare void @sol_log_64_(i64, i64, i64, i64, i64)

define internal i64 @twice(i64 %x) noinline {
  call void @sol_log_64_(i64 %x, i64 0, i64 0, i64 0, i64 0)
  %r = shl i64 %x, 1
  ret i64 %r
}

define i64 @entrypoint(ptr %input) {
  %v = load volatile i64, ptr %input
  %a = call i64 @twice(i64 %v)
  %b = call i64 @twice(i64 %a)
  call void @sol_log_64_(i64 %b, i64 1, i64 2, i64 3, i64 4)
  ret i64 %b
}
