//! Constructs SBPF v1 cannot express at all, refused by name before codegen.
//!
//! C reaches two that Rust does not, and the upstream BPF backend handles
//! neither gracefully:
//!
//! - a variable-length array or `alloca(n)` (a dynamically sized `alloca`):
//!   the backend reports "unsupported dynamic stack allocation" through a
//!   diagnostic nobody sees and then addresses the array at 0, so the
//!   program would write through a null pointer;
//! - a variadic function (`...`, `va_start`/`va_arg`): the backend aborts
//!   the whole process (`LLVM ERROR: Cannot select … vaend`).
//!
//! Frames are fixed (4096 bytes) and arguments travel in five registers, so
//! neither can be lowered; the error names the function and the fix.

use inkwell::values::{BasicValueEnum, InstructionOpcode};

use super::{LowerError, Lowerer};
use crate::llvm;

/// Fails on the first dynamically sized `alloca` or variadic function
/// definition (checked after optimization, which makes constant-size arrays
/// static and inlines what it can).
pub fn check(l: &Lowerer) -> Result<(), LowerError> {
    for function in llvm::functions(l.module) {
        if function.count_basic_blocks() == 0 {
            continue;
        }
        let name = llvm::name_of(function);
        if function.get_type().is_var_arg() {
            return Err(LowerError::Variadic { function: name });
        }
        for inst in llvm::instructions(function) {
            if inst.get_opcode() != InstructionOpcode::Alloca {
                continue;
            }
            let constant = match inst.get_operand(0).and_then(|op| op.value()) {
                Some(BasicValueEnum::IntValue(size)) => size.is_const(),
                _ => true,
            };
            if !constant {
                return Err(LowerError::DynamicStack { function: name });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::testing::HEADER;

    fn check_ir(body: &str) -> Result<(), LowerError> {
        let ctx = inkwell::context::Context::create();
        let module = crate::llvm::parse_ir(&ctx, &format!("{HEADER}{body}"), "t.ll").unwrap();
        let result = check(&Lowerer::new(&module));
        result
    }

    #[test]
    fn a_variable_length_array_is_refused_by_function() {
        let err = check_ir(
            "define i8 @sum(i64 %n) {
               %buf = alloca i8, i64 %n
               %v = load i8, ptr %buf
               ret i8 %v
             }",
        )
        .unwrap_err();
        assert!(matches!(&err, LowerError::DynamicStack { function } if function == "sum"), "{err}");
        assert!(err.to_string().contains("variable-length array or `alloca` in `sum`"), "{err}");
    }

    #[test]
    fn a_variadic_definition_is_refused_by_name() {
        let err = check_ir(
            "declare void @llvm.va_start.p0(ptr)
             declare void @llvm.va_end.p0(ptr)
             define i64 @total(i32 %n, ...) {
               %ap = alloca ptr
               call void @llvm.va_start.p0(ptr %ap)
               %v = va_arg ptr %ap, i64
               call void @llvm.va_end.p0(ptr %ap)
               ret i64 %v
             }",
        )
        .unwrap_err();
        assert!(matches!(&err, LowerError::Variadic { function } if function == "total"), "{err}");
    }

    #[test]
    fn fixed_arrays_and_declarations_pass() {
        check_ir(
            "declare i32 @printf(ptr, ...)
             define i8 @f() {
               %buf = alloca [64 x i8]
               %two = alloca i64, i64 2
               %v = load i8, ptr %buf
               ret i8 %v
             }",
        )
        .unwrap();
    }
}
