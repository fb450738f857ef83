//! Atomics. A program runs on one thread, so the target spec lets every
//! crate (std's `Arc`, `AtomicBool`, `fetch_add`) use atomics of 8 to 64
//! bits, and the BPF backend must never see one (SBPF v1 has no atomic
//! instructions it accepts: `Cannot select: … AtomicLoad`). LLVM's
//! `lower-atomic` pass rewrites every `atomicrmw`, `cmpxchg`, atomic load and
//! store into plain loads, stores and arithmetic, and drops fences; this
//! lowering runs it over the whole linked program, std and dependencies
//! included, before optimization, then checks nothing atomic is left.

use inkwell::targets::TargetMachine;
use inkwell::values::InstructionOpcode;
use inkwell::AtomicOrdering;

use super::LowerError;
use crate::llvm;

/// Lowers every atomic operation of `module`; returns how many there were.
pub fn lower(module: &inkwell::module::Module, tm: &TargetMachine) -> Result<usize, LowerError> {
    let count = count(module);
    if count == 0 {
        return Ok(0);
    }
    llvm::run_passes(module, tm, "lower-atomic").map_err(LowerError::Pass)?;
    if let Some(function) = first_atomic(module) {
        return Err(LowerError::Atomic { function });
    }
    Ok(count)
}

fn is_atomic(inst: inkwell::values::InstructionValue) -> bool {
    match inst.get_opcode() {
        InstructionOpcode::AtomicRMW | InstructionOpcode::AtomicCmpXchg | InstructionOpcode::Fence => true,
        InstructionOpcode::Load | InstructionOpcode::Store => {
            inst.get_atomic_ordering().is_ok_and(|o| o != AtomicOrdering::NotAtomic)
        }
        _ => false,
    }
}

fn count(module: &inkwell::module::Module) -> usize {
    llvm::functions(module)
        .into_iter()
        .map(|f| llvm::instructions(f).into_iter().filter(|&i| is_atomic(i)).count())
        .sum()
}

fn first_atomic(module: &inkwell::module::Module) -> Option<String> {
    llvm::functions(module)
        .into_iter()
        .find(|&f| llvm::instructions(f).into_iter().any(is_atomic))
        .map(llvm::name_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::testing::{codegen_ok, HEADER};
    use inkwell::OptimizationLevel;

    #[test]
    fn every_kind_of_atomic_becomes_plain_memory_access() {
        let ctx = inkwell::context::Context::create();
        let body = "
            define i64 @f(ptr %p, ptr %b) {
              %old = atomicrmw add ptr %p, i64 5 seq_cst
              %max = atomicrmw umax ptr %p, i64 9 acq_rel
              %pair = cmpxchg ptr %p, i64 14, i64 1 seq_cst seq_cst
              %seen = extractvalue { i64, i1 } %pair, 0
              fence seq_cst
              store atomic i8 1, ptr %b release, align 1
              %flag = load atomic i8, ptr %b acquire, align 1
              %wide = zext i8 %flag to i64
              %cur = load atomic i64, ptr %p monotonic, align 8
              %s1 = add i64 %old, %max
              %s2 = add i64 %s1, %seen
              %s3 = add i64 %s2, %wide
              %s4 = add i64 %s3, %cur
              ret i64 %s4
            }";
        let module = crate::llvm::parse_ir(&ctx, &format!("{HEADER}{body}"), "t.ll").unwrap();
        let tm = crate::llvm::target_machine(OptimizationLevel::Default).unwrap();
        assert_eq!(lower(&module, &tm).unwrap(), 7);
        let ir = module.print_to_string().to_string();
        for word in ["atomicrmw", "cmpxchg", "fence", "atomic"] {
            assert!(!ir.contains(word), "`{word}` left:\n{ir}");
        }
        assert_eq!(count(&module), 0);
        codegen_ok(&module).unwrap();
    }

    #[test]
    fn a_module_without_atomics_is_untouched() {
        let ctx = inkwell::context::Context::create();
        let body = "define i64 @g(ptr %p) { %v = load i64, ptr %p ret i64 %v }";
        let module = crate::llvm::parse_ir(&ctx, &format!("{HEADER}{body}"), "t.ll").unwrap();
        let before = module.print_to_string().to_string();
        let tm = crate::llvm::target_machine(OptimizationLevel::Default).unwrap();
        assert_eq!(lower(&module, &tm).unwrap(), 0);
        assert_eq!(module.print_to_string().to_string(), before);
    }
}
