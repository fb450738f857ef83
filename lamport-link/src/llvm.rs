//! Small wrappers over inkwell, so the link pipeline and the lowerings read
//! as steps rather than as LLVM API calls.
//!
//! Everything that touches `inkwell::llvm_sys` directly lives here, behind
//! safe functions.

use std::ffi::CString;
use std::sync::Once;

use inkwell::basic_block::BasicBlock;
use inkwell::context::Context;
use inkwell::memory_buffer::MemoryBuffer;
use inkwell::module::Module;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{
    CodeModel, FileType, InitializationConfig, RelocMode, Target, TargetMachine, TargetTriple,
};
use inkwell::types::{AnyTypeEnum, FunctionType};
use inkwell::values::{
    AnyValue, AsValueRef, BasicMetadataValueEnum, BasicValueEnum, CallSiteValue, FunctionValue,
    InstructionOpcode, InstructionValue,
};
use inkwell::OptimizationLevel;

/// The LLVM triple of SBPF programs.
/// The LLVM major version this crate links (inkwell's `llvm22-1`); the program
/// rustc and clang must generate bitcode of the same major.
pub const LLVM_MAJOR: u32 = 22;

pub const TRIPLE: &str = "bpfel";
/// CPU model for codegen: `v2` has the conditional jumps SBPF v1 supports and
/// emits no ALU32, JMP32 or cpu-v4 instructions.
pub const CPU: &str = "v2";
/// Target features for codegen. SBPF VMs load and store at any address, as
/// Solana's own toolchain assumes: without this, LLVM splits every access
/// it cannot prove aligned (a `[u8; 32]` key compared as words, a `u64`
/// read from account data) into single-byte loads, shifts and ors.
pub const FEATURES: &str = "+allows-misaligned-mem-access";
/// SBPF v1 gives every call frame 4096 bytes of stack.
pub const STACK_FRAME_SIZE: u32 = 4096;
/// Codegen options that keep divisions where the program put them.
///
/// In the eBPF ISA the BPF backend implements, a division or remainder by
/// zero yields a value (0, or the dividend), so the backend treats `div` and
/// `mod` like any arithmetic and machine-level loop-invariant code motion
/// hoists them out of the branch that guards them (`x.checked_rem(d)` inside
/// a loop, with `d` loop-invariant, computes `x % d` before the loop even
/// when `d` is 0). SBPF aborts the program on a division by zero, so those
/// passes are off; IR-level LICM, which knows division can trap, still runs
/// in the optimizer.
pub const NO_SPECULATIVE_DIVISION: [&str; 2] = ["-disable-machine-licm", "-disable-postra-machine-licm"];

static INIT: Once = Once::new();

/// Initializes the BPF target and LLVM's command-line options once per process.
pub fn init() {
    INIT.call_once(|| {
        Target::initialize_bpf(&InitializationConfig::default());
        // `LAMPORT_LLVM_ARGS` adds LLVM options (space-separated), for
        // investigating codegen; the stack size comes first so it can be
        // overridden there.
        let mut args = vec![
            CString::new("lamport-link").unwrap(),
            CString::new(format!("-bpf-stack-size={STACK_FRAME_SIZE}")).unwrap(),
        ];
        args.extend(NO_SPECULATIVE_DIVISION.iter().map(|a| CString::new(*a).unwrap()));
        if let Ok(extra) = std::env::var("LAMPORT_LLVM_ARGS") {
            args.extend(extra.split_whitespace().filter_map(|a| CString::new(a).ok()));
        }
        let argv: Vec<*const std::os::raw::c_char> = args.iter().map(|a| a.as_ptr()).collect();
        let overview = CString::new("").unwrap();
        // SAFETY: argv points to NUL-terminated strings that outlive the call;
        // LLVM copies what it keeps.
        unsafe {
            inkwell::llvm_sys::support::LLVMParseCommandLineOptions(
                argv.len() as i32,
                argv.as_ptr(),
                overview.as_ptr(),
            );
        }
    });
}

/// True when `bytes` look like LLVM bitcode (raw or in the wrapper format).
pub fn is_bitcode(bytes: &[u8]) -> bool {
    bytes.starts_with(b"BC\xC0\xDE") || bytes.starts_with(&[0xDE, 0xC0, 0x17, 0x0B])
}

/// Parses a bitcode buffer into a module of `ctx`.
pub fn parse_bitcode<'ctx>(ctx: &'ctx Context, bytes: &[u8], name: &str) -> Result<Module<'ctx>, String> {
    let buffer = MemoryBuffer::create_from_memory_range_copy(bytes, name);
    Module::parse_bitcode_from_buffer(&buffer, ctx).map_err(|e| e.to_string())
}

/// Parses textual IR into a module of `ctx`.
pub fn parse_ir<'ctx>(ctx: &'ctx Context, text: &str, name: &str) -> Result<Module<'ctx>, String> {
    let buffer = MemoryBuffer::create_from_memory_range_copy(text.as_bytes(), name);
    ctx.create_module_from_ir(buffer).map_err(|e| e.to_string())
}

/// Creates the BPF target machine used for optimization and codegen.
pub fn target_machine(level: OptimizationLevel) -> Result<TargetMachine, String> {
    init();
    let triple = TargetTriple::create(TRIPLE);
    let target = Target::from_triple(&triple).map_err(|e| e.to_string())?;
    target
        .create_target_machine(&triple, CPU, FEATURES, level, RelocMode::PIC, CodeModel::Small)
        .ok_or_else(|| "LLVM could not create a BPF target machine".to_string())
}

/// Runs a new-pass-manager pipeline such as `default<O3>` or `globaldce`.
pub fn run_passes(module: &Module, tm: &TargetMachine, passes: &str) -> Result<(), String> {
    module
        .run_passes(passes, tm, PassBuilderOptions::create())
        .map_err(|e| e.to_string())
}

/// Emits a relocatable BPF object for `module`.
pub fn emit_object(module: &Module, tm: &TargetMachine) -> Result<Vec<u8>, String> {
    tm.write_to_memory_buffer(module, FileType::Object)
        .map(|b| b.as_slice().to_vec())
        .map_err(|e| e.to_string())
}

/// Every instruction of `function`, collected first so callers may rewrite
/// while they walk.
pub fn instructions<'ctx>(function: FunctionValue<'ctx>) -> Vec<InstructionValue<'ctx>> {
    let mut out = Vec::new();
    for block in function.get_basic_block_iter() {
        let mut next = block.get_first_instruction();
        while let Some(inst) = next {
            out.push(inst);
            next = inst.get_next_instruction();
        }
    }
    out
}

/// Every function of `module` (definitions and declarations), collected first.
pub fn functions<'ctx>(module: &Module<'ctx>) -> Vec<FunctionValue<'ctx>> {
    module.get_functions().collect()
}

/// The name of a function as a Rust string.
pub fn name_of(function: FunctionValue) -> String {
    function.get_name().to_string_lossy().into_owned()
}

/// A call instruction viewed as a call site, if it is one.
pub fn as_call(inst: InstructionValue) -> Option<CallSiteValue> {
    if inst.get_opcode() == InstructionOpcode::Call {
        CallSiteValue::try_from(inst).ok()
    } else {
        None
    }
}

/// The function a call calls directly, if it does.
pub fn direct_callee<'ctx>(call: CallSiteValue<'ctx>) -> Option<FunctionValue<'ctx>> {
    call.get_called_fn_value()
}

/// The name of the function a call calls directly, if it does.
pub fn callee_name(call: CallSiteValue) -> Option<String> {
    direct_callee(call).map(name_of)
}

/// The called operand of a call (a function or a pointer to one).
pub fn called_operand<'ctx>(inst: InstructionValue<'ctx>) -> BasicValueEnum<'ctx> {
    let last = inst.get_num_operands() - 1;
    operand(inst, last)
}

/// Operand `index` of `inst` as a value.
pub fn operand<'ctx>(inst: InstructionValue<'ctx>, index: u32) -> BasicValueEnum<'ctx> {
    inst.get_operand(index)
        .and_then(|op| op.value())
        .unwrap_or_else(|| panic!("instruction operand {index} is not a value"))
}

/// The argument operands of a call.
pub fn call_args<'ctx>(inst: InstructionValue<'ctx>) -> Vec<BasicValueEnum<'ctx>> {
    (0..inst.get_num_operands() - 1).map(|i| operand(inst, i)).collect()
}

/// Converts values into call arguments.
pub fn meta_args<'ctx>(values: &[BasicValueEnum<'ctx>]) -> Vec<BasicMetadataValueEnum<'ctx>> {
    values.iter().map(|v| (*v).into()).collect()
}

/// Replaces every use of `inst` with `value` and deletes `inst`.
pub fn replace_and_erase<'ctx>(inst: InstructionValue<'ctx>, value: impl AnyValue<'ctx>) {
    let new = value.as_any_value_enum();
    // SAFETY: both are live values of the same context; RAUW requires equal
    // types, which every caller guarantees by construction.
    unsafe {
        inkwell::llvm_sys::core::LLVMReplaceAllUsesWith(inst.as_value_ref(), new.as_value_ref());
    }
    inst.erase_from_basic_block();
}

/// Replaces every use of `old` (a function) with `new`.
pub fn replace_function_uses(old: FunctionValue, new: FunctionValue) {
    // SAFETY: both are functions of the same module; uses of a function are
    // pointer-typed, and with opaque pointers all pointers share one type.
    unsafe {
        inkwell::llvm_sys::core::LLVMReplaceAllUsesWith(old.as_value_ref(), new.as_value_ref());
    }
}

/// Moves every basic block of `from` to the end of `to` (which must be empty).
pub fn move_body(from: FunctionValue, to: FunctionValue) {
    let blocks: Vec<BasicBlock> = from.get_basic_block_iter().collect();
    for block in blocks {
        // SAFETY: the block is detached from `from` and appended to `to`; both
        // functions belong to the same context.
        unsafe {
            inkwell::llvm_sys::core::LLVMRemoveBasicBlockFromParent(block.as_mut_ptr());
            inkwell::llvm_sys::core::LLVMAppendExistingBasicBlock(to.as_value_ref(), block.as_mut_ptr());
        }
    }
}

/// Copies the attributes LLVM uses for codegen decisions (like `noinline`)
/// from one function to another.
pub fn copy_function_attributes(from: FunctionValue, to: FunctionValue) {
    use inkwell::attributes::AttributeLoc;
    for attr in from.attributes(AttributeLoc::Function) {
        to.add_attribute(AttributeLoc::Function, attr);
    }
}

/// Bit width of an integer type, or `None` for other types.
pub fn int_width(ty: AnyTypeEnum) -> Option<u32> {
    match ty {
        AnyTypeEnum::IntType(t) => Some(t.get_bit_width()),
        _ => None,
    }
}

/// The function type a call instruction uses (which, with opaque pointers,
/// need not be the callee's declared type).
pub fn call_function_type<'ctx>(call: CallSiteValue<'ctx>) -> FunctionType<'ctx> {
    call.get_called_fn_type()
}

/// Replaces every use of one value with another of the same type.
pub fn replace_value<'ctx>(old: BasicValueEnum<'ctx>, new: BasicValueEnum<'ctx>) {
    // SAFETY: both are live values of one context with equal types.
    unsafe {
        inkwell::llvm_sys::core::LLVMReplaceAllUsesWith(old.as_value_ref(), new.as_value_ref());
    }
}

/// Parses textual IR into a module of the context behind `ctx` (a
/// module's context reference).
#[cfg(test)]
pub fn parse_ir_in<'ctx>(
    ctx: inkwell::context::ContextRef<'ctx>,
    text: &str,
    name: &str,
) -> Result<Module<'ctx>, String> {
    let buffer = MemoryBuffer::create_from_memory_range_copy(text.as_bytes(), name);
    ctx.create_module_from_ir(buffer).map_err(|e| e.to_string())
}

/// LLVM errors reported through the context's diagnostics (the BPF backend
/// reports what it cannot compile that way and carries on), collected so
/// the link stage can fail with them instead of writing a broken program.
pub struct Diagnostics {
    errors: Box<std::sync::Mutex<Vec<String>>>,
}

extern "C" fn collect_diagnostic(info: inkwell::llvm_sys::prelude::LLVMDiagnosticInfoRef, sink: *mut std::ffi::c_void) {
    use inkwell::llvm_sys::core::{LLVMDisposeMessage, LLVMGetDiagInfoDescription, LLVMGetDiagInfoSeverity};
    use inkwell::llvm_sys::LLVMDiagnosticSeverity;
    // SAFETY: LLVM passes a live diagnostic; `sink` is the Mutex installed
    // by `Diagnostics::install`, alive for as long as the handler is set.
    unsafe {
        if LLVMGetDiagInfoSeverity(info) != LLVMDiagnosticSeverity::LLVMDSError {
            return;
        }
        let text = LLVMGetDiagInfoDescription(info);
        let message = std::ffi::CStr::from_ptr(text).to_string_lossy().into_owned();
        LLVMDisposeMessage(text);
        let sink = &*(sink as *const std::sync::Mutex<Vec<String>>);
        sink.lock().unwrap_or_else(|e| e.into_inner()).push(message);
    }
}

impl Diagnostics {
    /// Collects the errors of `ctx` from now on. Keep the value alive as
    /// long as the context is used.
    pub fn install(ctx: &Context) -> Self {
        let errors = Box::new(std::sync::Mutex::new(Vec::new()));
        let sink = &*errors as *const std::sync::Mutex<Vec<String>> as *mut std::ffi::c_void;
        // SAFETY: the handler only reads through `sink`, which `errors`
        // keeps at a fixed heap address for the lifetime of `Self`; the
        // context is not used after `Self` is dropped (the link stage owns both).
        unsafe {
            inkwell::llvm_sys::core::LLVMContextSetDiagnosticHandler(ctx.raw(), Some(collect_diagnostic), sink);
        }
        Diagnostics { errors }
    }

    /// The errors collected so far (and forgets them).
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.errors.lock().unwrap_or_else(|e| e.into_inner()))
    }
}
