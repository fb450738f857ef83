; A syscall with a string from .rodata: an R_BPF_64_RELATIVE for the lddw
; of the address and an R_BPF_64_32 against .dynsym for the call.
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpfel"

@greeting = private unnamed_addr constant [15 x i8] c"Hello, Lamport!"

declare void @sol_log_(ptr, i64)

define i64 @entrypoint(ptr %input) {
  call void @sol_log_(ptr @greeting, i64 15)
  ret i64 0
}
