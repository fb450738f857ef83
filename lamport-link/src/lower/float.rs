//! Soft-float: SBPF v1 has no floating point, and the upstream BPF backend
//! refuses the libcalls it would emit for it. Every floating-point operation
//! becomes a call to the routine compiler-builtins implements it with
//! (`__adddf3`, `__ltsf2`, `__fixdfdi`, `sqrt`, …); the routines a program
//! needs are linked in from the compiler-builtins archive on demand, and their
//! own bodies are lowered in turn.
//!
//! Loads, stores, selects, bit casts, `fneg` and `fabs` need no call: codegen
//! treats `f32`/`f64` values as integers there.

use inkwell::types::{BasicMetadataTypeEnum, BasicTypeEnum, FloatType};
use inkwell::values::{BasicValueEnum, InstructionOpcode, InstructionValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};

use super::{int_type, parent_function, LowerError, Lowerer};
use crate::llvm;

/// Links the named routine into the module; `Ok(false)` if no archive
/// member defines it.
pub type Provide<'p> = dyn FnMut(&str) -> Result<bool, String> + 'p;

/// Lowers every floating-point operation of the module, linking routines
/// through `provide`; returns how many operations were rewritten.
pub fn lower(l: &Lowerer, provide: &mut Provide) -> Result<usize, LowerError> {
    let mut total = 0;
    // Routines linked in bring their own bodies: lower until none is left.
    loop {
        let mut rewritten = 0;
        // By name: linking a routine in may replace a declaration collected
        // earlier (the old value is then gone), so each function is looked
        // up again when its turn comes.
        let names: Vec<String> = llvm::functions(l.module).into_iter().map(llvm::name_of).collect();
        for name in names {
            let Some(function) = l.module.get_function(&name) else { continue };
            for inst in llvm::instructions(function) {
                if lower_instruction(l, inst, provide)?.is_some() {
                    rewritten += 1;
                }
            }
        }
        total += rewritten;
        if rewritten == 0 {
            return Ok(total);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Width {
    F32,
    F64,
}

impl Width {
    fn of(l: &Lowerer, ty: BasicTypeEnum) -> Option<Width> {
        let BasicTypeEnum::FloatType(f) = ty else { return None };
        if f == l.ctx.f32_type() {
            Some(Width::F32)
        } else if f == l.ctx.f64_type() {
            Some(Width::F64)
        } else {
            None
        }
    }

    /// The libgcc mode letter pair: `sf` or `df`.
    fn mode(self) -> &'static str {
        match self {
            Width::F32 => "sf",
            Width::F64 => "df",
        }
    }

    /// A libm name: `sqrtf` or `sqrt`.
    fn libm(self, base: &str) -> String {
        match self {
            Width::F32 => format!("{base}f"),
            Width::F64 => base.to_string(),
        }
    }

    fn ty<'ctx>(self, l: &Lowerer<'_, 'ctx>) -> FloatType<'ctx> {
        match self {
            Width::F32 => l.ctx.f32_type(),
            Width::F64 => l.ctx.f64_type(),
        }
    }
}

fn unsupported(inst: InstructionValue, op: &str) -> LowerError {
    LowerError::UnsupportedFloat { op: op.to_string(), function: llvm::name_of(parent_function(inst)) }
}

fn basic_type(v: BasicValueEnum) -> BasicTypeEnum {
    v.get_type()
}

/// Rewrites one instruction; returns the routine it now calls.
fn lower_instruction<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    inst: InstructionValue<'ctx>,
    provide: &mut Provide,
) -> Result<Option<String>, LowerError> {
    use InstructionOpcode::*;
    let opcode = inst.get_opcode();
    let operand_width = |i: u32| Width::of(l, basic_type(llvm::operand(inst, i)));
    let result_width = || BasicTypeEnum::try_from(inst.get_type()).ok().and_then(|t| Width::of(l, t));
    match opcode {
        FAdd | FSub | FMul | FDiv | FRem => {
            let w = result_width().ok_or_else(|| unsupported(inst, "arithmetic on this float type"))?;
            let name = match opcode {
                FAdd => format!("__add{}3", w.mode()),
                FSub => format!("__sub{}3", w.mode()),
                FMul => format!("__mul{}3", w.mode()),
                FDiv => format!("__div{}3", w.mode()),
                _ => w.libm("fmod"),
            };
            let args = [llvm::operand(inst, 0), llvm::operand(inst, 1)];
            replace_with_call(l, provide, inst, &name, &args, Some(w.ty(l).into()))?;
            Ok(Some(name))
        }
        FCmp => {
            let w = operand_width(0).ok_or_else(|| unsupported(inst, "fcmp on this float type"))?;
            let pred = inst.get_fcmp_predicate().expect("fcmp has a predicate");
            lower_fcmp(l, provide, inst, w, pred)
        }
        FPExt | FPTrunc => {
            let from = operand_width(0);
            let to = result_width();
            let name = match (from, to) {
                (Some(Width::F32), Some(Width::F64)) => "__extendsfdf2",
                (Some(Width::F64), Some(Width::F32)) => "__truncdfsf2",
                _ => return Err(unsupported(inst, "conversion between these float types")),
            };
            let arg = [llvm::operand(inst, 0)];
            replace_with_call(l, provide, inst, name, &arg, to.map(|w| w.ty(l).into()))?;
            Ok(Some(name.to_string()))
        }
        FPToSI | FPToUI => {
            let w = operand_width(0).ok_or_else(|| unsupported(inst, "float-to-int on this type"))?;
            let bits = llvm::int_width(inst.get_type()).unwrap_or(0);
            let signed = opcode == FPToSI;
            l.builder.position_before(&inst);
            let (name, raw) = float_to_int(l, provide, inst, w, bits, signed, llvm::operand(inst, 0))?;
            let value = fit_int(l, raw, bits, signed, false)?;
            llvm::replace_and_erase(inst, value);
            Ok(Some(name))
        }
        SIToFP | UIToFP => {
            let w = result_width().ok_or_else(|| unsupported(inst, "int-to-float to this type"))?;
            let signed = opcode == SIToFP;
            l.builder.position_before(&inst);
            let v = llvm::operand(inst, 0).into_int_value();
            let bits = v.get_type().get_bit_width();
            let (size, arg) = match bits {
                0..=32 => ("si", extend(l, v, 32, signed)?),
                33..=64 => ("di", extend(l, v, 64, signed)?),
                65..=128 => ("ti", extend(l, v, 128, signed)?),
                _ => return Err(unsupported(inst, "int-to-float from more than 128 bits")),
            };
            let name = format!("__float{}{}{}", if signed { "" } else { "un" }, size, w.mode());
            let call = call(l, provide, inst, &name, &[arg.into()], Some(w.ty(l).into()))?;
            llvm::replace_and_erase(inst, call.expect("non-void"));
            Ok(Some(name))
        }
        Call => lower_intrinsic(l, provide, inst),
        _ => Ok(None),
    }
}

fn lower_fcmp<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    provide: &mut Provide,
    inst: InstructionValue<'ctx>,
    w: Width,
    pred: FloatPredicate,
) -> Result<Option<String>, LowerError> {
    use FloatPredicate::*;
    l.builder.position_before(&inst);
    let a = llvm::operand(inst, 0);
    let b = llvm::operand(inst, 1);
    let i1 = l.ctx.bool_type();
    let i32t = l.ctx.i32_type();
    let mut used = None;
    let mut test = |routine: &str, cmp: IntPredicate| -> Result<IntValue, LowerError> {
        let name = format!("__{routine}{}2", w.mode());
        // compiler-builtins' comparison result is a C int on most targets and
        // a 64-bit integer on some; compare in whatever type it returns.
        let r = call(l, provide, inst, &name, &[a, b], Some(i32t.into()))?.expect("non-void").into_int_value();
        used = Some(name);
        Ok(l.builder.build_int_compare(cmp, r, r.get_type().const_zero(), "")?)
    };
    let value = match pred {
        PredicateFalse => i1.const_zero(),
        PredicateTrue => i1.const_all_ones(),
        OEQ => test("eq", IntPredicate::EQ)?,
        UNE => test("ne", IntPredicate::NE)?,
        OGT => test("gt", IntPredicate::SGT)?,
        OGE => test("ge", IntPredicate::SGE)?,
        OLT => test("lt", IntPredicate::SLT)?,
        OLE => test("le", IntPredicate::SLE)?,
        UGT => test("le", IntPredicate::SGT)?,
        UGE => test("lt", IntPredicate::SGE)?,
        ULT => test("ge", IntPredicate::SLT)?,
        ULE => test("gt", IntPredicate::SLE)?,
        ORD => test("unord", IntPredicate::EQ)?,
        UNO => test("unord", IntPredicate::NE)?,
        UEQ => {
            let unordered = test("unord", IntPredicate::NE)?;
            let equal = test("eq", IntPredicate::EQ)?;
            l.builder.build_or(unordered, equal, "")?
        }
        ONE => {
            let ordered = test("unord", IntPredicate::EQ)?;
            let unequal = test("ne", IntPredicate::NE)?;
            l.builder.build_and(ordered, unequal, "")?
        }
    };
    llvm::replace_and_erase(inst, value);
    // Both routines of UEQ/ONE come from the same compiler-builtins member.
    Ok(Some(used.unwrap_or_else(|| format!("__eq{}2", w.mode()))))
}

fn lower_intrinsic<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    provide: &mut Provide,
    inst: InstructionValue<'ctx>,
) -> Result<Option<String>, LowerError> {
    let Some(call_site) = llvm::as_call(inst) else { return Ok(None) };
    let Some(name) = llvm::callee_name(call_site) else { return Ok(None) };
    let Some(rest) = name.strip_prefix("llvm.") else { return Ok(None) };
    let base = rest.split('.').next().unwrap_or("");
    let float_intrinsic = matches!(
        base,
        "fptosi" | "fptoui" | "sqrt" | "floor" | "ceil" | "trunc" | "round" | "rint" | "nearbyint" | "fma" | "pow"
            | "exp" | "exp2" | "log" | "log2" | "log10" | "sin" | "cos" | "roundeven" | "fmuladd" | "minnum"
            | "maxnum" | "minimum" | "maximum" | "minimumnum" | "maximumnum" | "powi"
    );
    if !float_intrinsic {
        return Ok(None);
    }
    let args = llvm::call_args(inst);
    if base == "fptosi" || base == "fptoui" {
        // llvm.fptosi.sat.iN.fM: saturating conversions (Rust's `as`).
        let w = Width::of(l, basic_type(args[0])).ok_or_else(|| unsupported(inst, &name))?;
        let bits = llvm::int_width(inst.get_type()).unwrap_or(0);
        let signed = base == "fptosi";
        l.builder.position_before(&inst);
        let (routine, raw) = float_to_int(l, provide, inst, w, bits, signed, args[0])?;
        let value = fit_int(l, raw, bits, signed, true)?;
        llvm::replace_and_erase(inst, value);
        return Ok(Some(routine));
    }
    let Some(w) = args.first().and_then(|a| Width::of(l, basic_type(*a))) else { return Ok(None) };
    let routine = match base {
        "sqrt" | "floor" | "ceil" | "trunc" | "round" | "rint" | "nearbyint" | "fma" | "pow" | "exp"
        | "exp2" | "log" | "log2" | "log10" | "sin" | "cos" | "roundeven" => w.libm(base),
        "fmuladd" => w.libm("fma"),
        "minnum" => w.libm("fmin"),
        "maxnum" => w.libm("fmax"),
        "minimum" => w.libm("fminimum"),
        "maximum" => w.libm("fmaximum"),
        "minimumnum" => w.libm("fminimum_num"),
        "maximumnum" => w.libm("fmaximum_num"),
        "powi" => format!("__powi{}2", w.mode()),
        _ => return Ok(None),
    };
    l.builder.position_before(&inst);
    let result = call(l, provide, inst, &routine, &args, Some(w.ty(l).into()))?;
    llvm::replace_and_erase(inst, result.expect("non-void"));
    Ok(Some(routine))
}

/// Calls the saturating compiler-builtins conversion that covers `bits`.
fn float_to_int<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    provide: &mut Provide,
    inst: InstructionValue<'ctx>,
    w: Width,
    bits: u32,
    signed: bool,
    value: BasicValueEnum<'ctx>,
) -> Result<(String, IntValue<'ctx>), LowerError> {
    let (size, ty) = match bits {
        0..=32 => ("si", l.ctx.i32_type()),
        33..=64 => ("di", l.ctx.i64_type()),
        _ => ("ti", l.ctx.i128_type()),
    };
    let name = format!("__fix{}{}{}", if signed { "" } else { "uns" }, w.mode(), size);
    let r = call(l, provide, inst, &name, &[value], Some(ty.into()))?.expect("non-void").into_int_value();
    Ok((name, r))
}

/// Narrows a conversion result to `bits`, clamping when `saturate`.
fn fit_int<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    v: IntValue<'ctx>,
    bits: u32,
    signed: bool,
    saturate: bool,
) -> Result<IntValue<'ctx>, LowerError> {
    let have = v.get_type().get_bit_width();
    if have == bits {
        return Ok(v);
    }
    let target = int_type(l, bits);
    let v = if saturate && bits < have {
        let vt = v.get_type();
        let (lo, hi) = if signed {
            let min = -(1i128 << (bits - 1));
            let max = (1i128 << (bits - 1)) - 1;
            (vt.const_int(min as u64, true), vt.const_int(max as u64, false))
        } else {
            (vt.const_zero(), vt.const_int(((1u128 << bits) - 1) as u64, false))
        };
        let (lt, gt) = if signed { (IntPredicate::SLT, IntPredicate::SGT) } else { (IntPredicate::ULT, IntPredicate::UGT) };
        let below = l.builder.build_int_compare(lt, v, lo, "")?;
        let v = l.builder.build_select(below, lo, v, "")?.into_int_value();
        let above = l.builder.build_int_compare(gt, v, hi, "")?;
        l.builder.build_select(above, hi, v, "")?.into_int_value()
    } else {
        v
    };
    Ok(if bits < have {
        l.builder.build_int_truncate(v, target, "")?
    } else if signed {
        l.builder.build_int_s_extend(v, target, "")?
    } else {
        l.builder.build_int_z_extend(v, target, "")?
    })
}

fn extend<'ctx>(l: &Lowerer<'_, 'ctx>, v: IntValue<'ctx>, bits: u32, signed: bool) -> Result<IntValue<'ctx>, LowerError> {
    let have = v.get_type().get_bit_width();
    if have == bits {
        return Ok(v);
    }
    let ty = int_type(l, bits);
    Ok(if signed { l.builder.build_int_s_extend(v, ty, "")? } else { l.builder.build_int_z_extend(v, ty, "")? })
}

/// Calls routine `name(args) -> ret` at the builder's position, linking it
/// in first, so the call uses the signature the routine really has.
fn call<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    provide: &mut Provide,
    at: InstructionValue<'ctx>,
    name: &str,
    args: &[BasicValueEnum<'ctx>],
    ret: Option<BasicTypeEnum<'ctx>>,
) -> Result<Option<BasicValueEnum<'ctx>>, LowerError> {
    let params: Vec<BasicMetadataTypeEnum> = args.iter().map(|a| a.get_type().into()).collect();
    let ty = match ret {
        Some(r) => inkwell::types::BasicType::fn_type(&r, &params, false),
        None => l.ctx.void_type().fn_type(&params, false),
    };
    let defined = l.module.get_function(name).is_some_and(|f| f.count_basic_blocks() > 0);
    if !defined {
        match provide(name) {
            Ok(_) if l.module.get_function(name).is_some_and(|f| f.count_basic_blocks() > 0) => {}
            Ok(_) => return Err(LowerError::MissingBuiltin(name.to_string())),
            Err(e) => return Err(LowerError::MissingBuiltin(format!("{name}: {e}"))),
        }
    }
    let function = l.function(name, ty);
    // The routine's C signature may pass wide values indirectly: a hidden
    // result pointer first, or pointers to operands.
    let actual = function.get_type();
    let params = actual.get_param_types();
    let owner = parent_function(at);
    let mut call_args: Vec<BasicValueEnum> = Vec::new();
    let mut result_slot = None;
    if let (None, Some(ret)) = (actual.get_return_type(), ret) {
        if params.len() == args.len() + 1 {
            let slot = l.entry_alloca(owner, ret, at, "ret")?;
            call_args.push(slot.into());
            result_slot = Some((slot, ret));
        }
    }
    for (arg, param) in args.iter().zip(&params[call_args.len()..]) {
        if param.is_pointer_type() && !arg.is_pointer_value() {
            let slot = l.entry_alloca(owner, arg.get_type(), at, "arg")?;
            l.builder.build_store(slot, *arg)?;
            call_args.push(slot.into());
        } else {
            call_args.push(*arg);
        }
    }
    let site = l.builder.build_call(function, &llvm::meta_args(&call_args), "")?;
    match result_slot {
        Some((slot, ty)) => Ok(Some(l.builder.build_load(ty, slot, "")?)),
        None => Ok(site.try_as_basic_value().basic()),
    }
}

fn replace_with_call<'ctx>(
    l: &Lowerer<'_, 'ctx>,
    provide: &mut Provide,
    inst: InstructionValue<'ctx>,
    name: &str,
    args: &[BasicValueEnum<'ctx>],
    ret: Option<BasicTypeEnum<'ctx>>,
) -> Result<(), LowerError> {
    if llvm::name_of(parent_function(inst)) == name {
        return Err(unsupported(inst, name));
    }
    l.builder.position_before(&inst);
    let value = call(l, provide, inst, name, args, ret)?.expect("non-void");
    llvm::replace_and_erase(inst, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::testing::lowered;

    /// Stand-ins for the compiler-builtins routines, integer-only like the
    /// real ones; linked on demand as the link stage would.
    const ROUTINES: &str = "
        define double @__adddf3(double %a, double %b) { %x = bitcast double %a to i64
          %y = bitcast double %b to i64
          %z = xor i64 %x, %y
          %r = bitcast i64 %z to double
          ret double %r }
        define i32 @__ltdf2(double %a, double %b) { ret i32 -1 }
        define i32 @__fixdfsi(double %a) { ret i32 300 }
        define double @__floatundidf(i64 %a) { %r = bitcast i64 %a to double
          ret double %r }
    ";

    #[test]
    fn operations_call_routines_linked_on_demand() {
        let mut linked = Vec::new();
        let ir = lowered(
            "declare i8 @llvm.fptosi.sat.i8.f64(double)
             define i8 @f(double %a, double %b, i64 %n) {
               %s = fadd double %a, %b
               %c = fcmp olt double %s, %b
               %u = uitofp i64 %n to double
               %t = select i1 %c, double %s, double %u
               %i = call i8 @llvm.fptosi.sat.i8.f64(double %t)
               ret i8 %i
             }",
            |l| {
                let mut provide = |name: &str| -> Result<bool, String> {
                    linked.push(name.to_string());
                    let ctx = l.module.get_context();
                    let text = format!("{}{ROUTINES}", crate::lower::testing::HEADER);
                    let module = crate::llvm::parse_ir_in(ctx, &text, "routines.ll")?;
                    for f in module.get_functions() {
                        if crate::llvm::name_of(f) != name {
                            f.set_linkage(inkwell::module::Linkage::LinkOnceODR);
                        }
                    }
                    l.module.link_in_module(module).map_err(|e| e.to_string())?;
                    Ok(true)
                };
                assert_eq!(lower(l, &mut provide).unwrap(), 4);
            },
        );
        assert_eq!(linked, ["__adddf3", "__ltdf2", "__floatundidf", "__fixdfsi"]);
        assert!(!ir.contains("fadd") && !ir.contains("fcmp") && !ir.contains("uitofp"), "{ir}");
        assert!(ir.contains("icmp slt i32"), "saturation to i8 clamps the i32 result:\n{ir}");
    }
}
