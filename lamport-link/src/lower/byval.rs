//! Aggregates passed and returned by value in the C ABI: `byval` arguments
//! and `sret` returns.
//!
//! clang passes a struct argument as a pointer marked `byval(T)` (the callee
//! owns a fresh copy) and returns a struct through a first pointer argument
//! marked `sret(T)`. The upstream BPF backend refuses both ("pass by value
//! not supported", "aggregate returns are not supported") through a
//! diagnostic, then goes on with code that, at best, lets a callee write
//! into its caller's struct and, with some subtargets, crashes.
//!
//! Both become plain pointers with the C semantics kept:
//!
//! - at every call site (direct or through a function pointer), each `byval`
//!   argument is copied into a slot of the caller's frame and the call
//!   passes the copy, so the callee may write its parameter freely;
//! - `byval` is then dropped from the definitions, and `sret` (only an ABI
//!   hint: the callee writes the result through the pointer either way)
//!   from definitions and call sites.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::targets::TargetData;
use inkwell::types::BasicTypeEnum;

use super::{LowerError, Lowerer};
use crate::llvm;

/// Copies `byval` arguments at call sites and drops `byval`/`sret`; returns
/// how many arguments were copied.
pub fn lower(l: &Lowerer) -> Result<usize, LowerError> {
    let byval = Attribute::get_named_enum_kind_id("byval");
    let sret = Attribute::get_named_enum_kind_id("sret");
    let layout = TargetData::create(l.module.get_data_layout().as_str().to_str().unwrap_or_default());
    let i64t = l.ctx.i64_type();
    let mut copies = 0;
    for function in llvm::functions(l.module) {
        for inst in llvm::instructions(function) {
            let Some(call) = llvm::as_call(inst) else { continue };
            for index in 0..call.count_arguments() {
                let loc = AttributeLoc::Param(index);
                call.remove_enum_attribute(loc, sret);
                let Some(attribute) = call.get_enum_attribute(loc, byval) else { continue };
                // The copy is a byte array of T's size and alignment.
                let (bytes, align) = match BasicTypeEnum::try_from(attribute.get_type_value()) {
                    Ok(ty) => (layout.get_abi_size(&ty), layout.get_abi_alignment(&ty).max(1)),
                    Err(_) => continue,
                };
                let original = llvm::operand(inst, index).into_pointer_value();
                let copy = l.entry_alloca(function, l.ctx.i8_type().array_type(bytes as u32), inst, "byval.copy")?;
                if let Some(alloca) = copy.as_instruction() {
                    // A power of two, from the data layout.
                    let _ = alloca.set_alignment(align);
                }
                let size = i64t.const_int(bytes, false);
                l.builder.build_memcpy(copy, align, original, 1, size)?;
                inst.set_operand(index, copy);
                call.remove_enum_attribute(loc, byval);
                copies += 1;
            }
        }
        for index in 0..function.count_params() {
            function.remove_enum_attribute(AttributeLoc::Param(index), byval);
            function.remove_enum_attribute(AttributeLoc::Param(index), sret);
        }
    }
    Ok(copies)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::testing::lowered;

    #[test]
    fn by_value_structs_are_copied_and_returns_become_pointers() {
        let ir = lowered(
            "%Pair = type { i64, i64, i64 }
             define void @swap(ptr sret(%Pair) align 8 %out, ptr byval(%Pair) align 8 %p) {
               %b = getelementptr inbounds i8, ptr %p, i64 8
               %v = load i64, ptr %b
               store i64 0, ptr %b
               store i64 %v, ptr %out
               ret void
             }
             define i64 @caller(ptr %table) {
               %r = alloca %Pair
               %p = alloca %Pair
               store i64 7, ptr %p
               call void @swap(ptr sret(%Pair) align 8 %r, ptr byval(%Pair) align 8 %p)
               %f = load ptr, ptr %table
               call void %f(ptr sret(%Pair) align 8 %r, ptr byval(%Pair) align 8 %p)
               %v = load i64, ptr %p
               ret i64 %v
             }",
            |l| assert_eq!(lower(l).unwrap(), 2),
        );
        assert!(!ir.contains("byval(") && !ir.contains("sret("), "{ir}");
        // Each call passes its own copy, made just before it.
        assert_eq!(ir.matches("alloca [24 x i8], align 8").count(), 2, "{ir}");
        assert_eq!(ir.matches("call void @llvm.memcpy").count(), 2, "{ir}");
        assert!(ir.contains("call void @swap(ptr align 8 %r, ptr align 8 %byval.copy)"), "{ir}");
    }
}
