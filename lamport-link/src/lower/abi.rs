//! The calling convention SBPF v1 can express.
//!
//! BPF passes at most five arguments, in `r1`–`r5`, and returns one 64-bit
//! value in `r0`. Two signature rewrites make every other function fit:
//!
//! - **Large returns** (aggregates such as Rust's scalar pairs, and integers
//!   wider than 64 bits) go through a hidden first argument pointing at a
//!   slot in the caller's frame; the function returns `void`.
//! - **More than five argument registers** (an i128 takes two): the leading
//!   arguments stay in registers and the rest are stored in a block in the
//!   caller's frame whose address is the last argument.
//!
//! The rewrite is a function of the signature alone, so definitions, direct
//! calls and indirect calls (function pointers, trait objects) all agree
//! without knowing which function an indirect call reaches. Only the
//! exported `entrypoint` and syscalls cross the program boundary, and both
//! already fit.

use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum, FunctionType, StructType};
use inkwell::values::{BasicValueEnum, FunctionValue, InstructionOpcode};
use inkwell::AddressSpace;

use super::{LowerError, Lowerer};
use crate::llvm;

/// Argument registers of the BPF calling convention.
pub const ARGUMENT_REGISTERS: u32 = 5;

/// Statistics of one run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Functions whose signature was rewritten.
    pub functions: usize,
    /// Call sites rewritten (direct and indirect).
    pub calls: usize,
}

/// How one signature is rewritten.
struct Plan<'ctx> {
    /// The type returned through the hidden pointer, if any.
    sret: Option<BasicTypeEnum<'ctx>>,
    /// How many leading arguments stay in registers.
    in_registers: usize,
    /// The block holding the remaining arguments, if any.
    spilled: Option<StructType<'ctx>>,
    /// The rewritten signature.
    new_type: FunctionType<'ctx>,
}

fn registers(ty: BasicTypeEnum) -> u32 {
    match ty {
        BasicTypeEnum::IntType(t) => t.get_bit_width().div_ceil(64).max(1),
        BasicTypeEnum::StructType(s) => s.get_field_types().into_iter().map(registers).sum(),
        BasicTypeEnum::ArrayType(a) => a.len() * registers(a.get_element_type()),
        _ => 1,
    }
}

fn returns_large(ty: Option<BasicTypeEnum>) -> bool {
    match ty {
        None => false,
        Some(BasicTypeEnum::IntType(t)) => t.get_bit_width() > 64,
        Some(BasicTypeEnum::FloatType(_)) | Some(BasicTypeEnum::PointerType(_)) => false,
        Some(_) => true,
    }
}

fn plan<'ctx>(l: &Lowerer<'_, 'ctx>, ty: FunctionType<'ctx>) -> Option<Plan<'ctx>> {
    let params: Vec<BasicTypeEnum> = ty
        .get_param_types()
        .into_iter()
        .map(|p| BasicTypeEnum::try_from(p).expect("function parameters are first-class"))
        .collect();
    let ret = ty.get_return_type();
    let sret = returns_large(ret);
    let available = ARGUMENT_REGISTERS - u32::from(sret);
    let total: u32 = params.iter().map(|p| registers(*p)).sum();
    if !sret && total <= available {
        return None;
    }
    let in_registers = if total <= available {
        params.len()
    } else {
        let mut used = 0;
        let mut n = 0;
        for p in &params {
            if used + registers(*p) > available - 1 {
                break;
            }
            used += registers(*p);
            n += 1;
        }
        n
    };
    let ptr = l.ctx.ptr_type(AddressSpace::default());
    let spilled = (in_registers < params.len()).then(|| l.ctx.struct_type(&params[in_registers..], false));
    let mut new_params: Vec<BasicMetadataTypeEnum> = Vec::new();
    if sret {
        new_params.push(ptr.into());
    }
    new_params.extend(params[..in_registers].iter().map(|p| BasicMetadataTypeEnum::from(*p)));
    if spilled.is_some() {
        new_params.push(ptr.into());
    }
    let new_type = match (sret, ret) {
        (false, Some(r)) => r.fn_type(&new_params, ty.is_var_arg()),
        _ => l.ctx.void_type().fn_type(&new_params, ty.is_var_arg()),
    };
    Some(Plan { sret: if sret { ret } else { None }, in_registers, spilled, new_type })
}

/// Rewrites every function and call whose signature BPF cannot express.
pub fn lower(l: &Lowerer) -> Result<Stats, LowerError> {
    let mut stats = Stats::default();
    for function in llvm::functions(l.module) {
        if function.count_basic_blocks() == 0 || llvm::name_of(function).starts_with("llvm.") {
            continue;
        }
        if let Some(plan) = plan(l, function.get_type()) {
            rewrite_function(l, function, &plan)?;
            stats.functions += 1;
        }
    }
    for function in llvm::functions(l.module) {
        for inst in llvm::instructions(function) {
            let Some(call) = llvm::as_call(inst) else { continue };
            if llvm::callee_name(call).is_some_and(|n| n.starts_with("llvm.")) {
                continue;
            }
            let Some(plan) = plan(l, llvm::call_function_type(call)) else { continue };
            let args = llvm::call_args(inst);
            let callee = llvm::called_operand(inst).into_pointer_value();
            l.builder.position_before(&inst);
            let sret_slot = match plan.sret {
                Some(ty) => Some(l.entry_alloca(function, ty, inst, "ret")?),
                None => None,
            };
            let mut new_args: Vec<BasicValueEnum> = Vec::new();
            if let Some(slot) = sret_slot {
                new_args.push(slot.into());
            }
            new_args.extend_from_slice(&args[..plan.in_registers]);
            if let Some(block_ty) = plan.spilled {
                let block = l.entry_alloca(function, block_ty, inst, "args")?;
                for (i, value) in args[plan.in_registers..].iter().enumerate() {
                    let field = l.builder.build_struct_gep(block_ty, block, i as u32, "")?;
                    l.builder.build_store(field, *value)?;
                }
                new_args.push(block.into());
            }
            let new_call =
                l.builder.build_indirect_call(plan.new_type, callee, &llvm::meta_args(&new_args), "")?;
            new_call.set_call_convention(call.get_call_convention());
            match (plan.sret, sret_slot) {
                (Some(ty), Some(slot)) => {
                    let value = l.builder.build_load(ty, slot, "")?;
                    llvm::replace_and_erase(inst, value);
                }
                _ => match new_call.try_as_basic_value().basic() {
                    Some(value) => llvm::replace_and_erase(inst, value),
                    None => inst.erase_from_basic_block(),
                },
            }
            stats.calls += 1;
        }
    }
    Ok(stats)
}

fn rewrite_function<'ctx>(l: &Lowerer<'_, 'ctx>, old: FunctionValue<'ctx>, plan: &Plan<'ctx>) -> Result<(), LowerError> {
    let name = llvm::name_of(old);
    let new = l.module.add_function(&format!("{name}.abi"), plan.new_type, Some(old.get_linkage()));
    llvm::copy_function_attributes(old, new);
    new.set_call_conventions(old.get_call_conventions());
    llvm::move_body(old, new);
    let entry = new.get_first_basic_block().expect("moved body");
    let first = entry.get_first_instruction().expect("entry block has a terminator");
    l.builder.position_before(&first);
    let old_params = old.get_params();
    let offset = usize::from(plan.sret.is_some());
    for (i, param) in old_params.iter().enumerate().take(plan.in_registers) {
        let replacement = new.get_nth_param((i + offset) as u32).expect("parameter kept");
        llvm::replace_value(*param, replacement);
    }
    if let Some(block_ty) = plan.spilled {
        let block = new.get_last_param().expect("spill pointer").into_pointer_value();
        for (i, param) in old_params[plan.in_registers..].iter().enumerate() {
            let field = l.builder.build_struct_gep(block_ty, block, i as u32, "")?;
            let value = l.builder.build_load(param.get_type(), field, "")?;
            llvm::replace_value(*param, value);
        }
    }
    if plan.sret.is_some() {
        let slot = new.get_first_param().expect("sret pointer").into_pointer_value();
        for inst in llvm::instructions(new) {
            if inst.get_opcode() != InstructionOpcode::Return || inst.get_num_operands() == 0 {
                continue;
            }
            l.builder.position_before(&inst);
            l.builder.build_store(slot, llvm::operand(inst, 0))?;
            l.builder.build_return(None)?;
            inst.erase_from_basic_block();
        }
    }
    llvm::replace_function_uses(old, new);
    // SAFETY: `old` has no body and no uses left.
    unsafe { old.delete() };
    new.as_global_value().set_name(&name);
    Ok(())
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::testing::lowered;

    #[test]
    fn many_arguments_and_aggregate_returns() {
        let ir = lowered(
            "define internal i64 @seven(i64 %a, i64 %b, i64 %c, i64 %d, i64 %e, i64 %f, i64 %g) noinline {
               %1 = add i64 %a, %g
               ret i64 %1
             }
             define internal { i64, i64 } @pair(i64 %a) noinline {
               %1 = insertvalue { i64, i64 } undef, i64 %a, 0
               %2 = insertvalue { i64, i64 } %1, i64 %a, 1
               ret { i64, i64 } %2
             }
             define internal i128 @wide(i128 %a, i128 %b, i64 %c) noinline {
               %1 = add i128 %a, %b
               ret i128 %1
             }
             define i64 @f(ptr %fp, i64 %x) {
               %1 = call i64 @seven(i64 %x, i64 1, i64 2, i64 3, i64 4, i64 5, i64 6)
               %2 = call i64 %fp(i64 %x, i64 1, i64 2, i64 3, i64 4, i64 5, i64 6)
               %3 = call { i64, i64 } @pair(i64 %1)
               %4 = extractvalue { i64, i64 } %3, 1
               %w = zext i64 %4 to i128
               %5 = call i128 @wide(i128 %w, i128 %w, i64 %2)
               %6 = trunc i128 %5 to i64
               ret i64 %6
             }",
            |l| {
                let stats = lower(l).unwrap();
                assert_eq!(stats, Stats { functions: 3, calls: 4 });
            },
        );
        assert!(ir.contains("define internal void @pair(ptr"), "{ir}");
        assert!(ir.contains("define internal void @wide(ptr"), "{ir}");
    }
}
