//! IR lowerings: rewrite, before codegen, every construct the upstream BPF
//! backend refuses or that SBPF v1 cannot execute.
//!
//! | upstream error | lowering |
//! |---|---|
//! | `A call to built-in function '__adddf3' …` (any soft-float libcall) | [`float`]: calls to compiler-builtins' soft-float and libm routines, linked in on demand |
//! | `… '__multi3' / '__udivti3' / '__ashlti3' …`, `umul.with.overflow.i64` | [`int128`]: inline 64-bit expansions and a 128-bit division routine |
//! | `unsupported signed division` | [`sdiv`]: unsigned division on magnitudes, sign fixed after |
//! | `A call to built-in function 'memcpy' / 'memset' / 'memmove'` | [`memory`]: `sol_memcpy_`/`sol_memmove_`/`sol_memset_` syscalls |
//! | `__bpf_trap` undefined (from `llvm.trap`) | [`trap`]: the `abort` syscall |
//! | `too many arguments`, `only small returns supported`, `aggregate returns are not supported` | [`abi`]: extra arguments through a stack block, large returns through a hidden pointer |
//! | `pass by value not supported`, `aggregate returns are not supported` (C structs by value: `byval`, `sret`) | [`byval`]: a copy in the caller's frame per call, plain pointers |
//! | `LLVM ERROR: Cannot select: … AtomicLoad` (any atomic: `Arc`, `AtomicBool`, `fetch_add`) | [`atomic`]: plain loads and stores (a program has one thread) |
//! | a null array for a variable-length `alloca`; `LLVM ERROR: Cannot select … vaend` | [`unsupported`]: refused with the function's name (no lowering exists) |
//!
//! The stack limit (`Looks like the BPF stack limit is exceeded`) is lifted
//! to SBPF's 4096-byte frame when LLVM is initialized (`-bpf-stack-size`),
//! and the ELF stage refuses frames deeper than that
//! ([`crate::elf::ElfError::StackFrame`]).

pub mod abi;
pub mod atomic;
pub mod byval;
pub mod float;
pub mod int128;
pub mod memory;
pub mod sdiv;
pub mod trap;
pub mod unsupported;

use inkwell::builder::Builder;
use inkwell::context::ContextRef;
use inkwell::module::Module;
use inkwell::values::{FunctionValue, InstructionValue, PointerValue};
use inkwell::types::BasicType;

/// The support routines (`memcpy` & co. over syscalls, 128-bit division).
pub const SUPPORT_IR: &str = include_str!("support.ll");

/// An error of one lowering.
#[derive(Debug, thiserror::Error)]
pub enum LowerError {
    /// A floating-point operation has no soft-float routine.
    #[error("floating-point operation `{op}` in `{function}` has no soft-float implementation")]
    UnsupportedFloat {
        /// The operation (opcode or intrinsic name).
        op: String,
        /// The (mangled) function that contains it.
        function: String,
    },
    /// A soft-float routine was needed but the compiler-builtins library does not define it.
    #[error("soft-float routine `{0}` is not in compiler-builtins")]
    MissingBuiltin(String),
    /// An integer type wider than 128 bits is used in arithmetic.
    #[error("{bits}-bit integer arithmetic (`{op}` in `{function}`) is not supported; use at most 128 bits")]
    WideInteger {
        /// Width of the type.
        bits: u32,
        /// The operation.
        op: String,
        /// The function that contains it.
        function: String,
    },
    /// A variable-length array or `alloca(n)`: SBPF frames have a fixed size.
    #[error("variable-length array or `alloca` in `{function}`: SBPF v1 stack frames have a fixed size (4096 bytes); use a fixed-size array, or the heap")]
    DynamicStack {
        /// The function that contains it.
        function: String,
    },
    /// A variadic function: SBPF passes arguments in five registers only.
    #[error("`{function}` takes a variable number of arguments (`...`), which SBPF v1 cannot pass; take an array or a struct instead")]
    Variadic {
        /// The function.
        function: String,
    },
    /// An LLVM pass failed.
    #[error("LLVM pass: {0}")]
    Pass(String),
    /// An atomic operation survived `lower-atomic`.
    #[error("an atomic operation in `{function}` could not be lowered to plain memory access")]
    Atomic {
        /// The function that contains it.
        function: String,
    },
    /// The IR builder failed (an internal invariant was broken).
    #[error("LLVM IR builder: {0}")]
    Builder(#[from] inkwell::builder::BuilderError),
}

/// Shared state of the lowerings over one module.
pub struct Lowerer<'a, 'ctx> {
    /// The module being rewritten.
    pub module: &'a Module<'ctx>,
    /// The module's context.
    pub ctx: ContextRef<'ctx>,
    /// A builder positioned by each rewrite.
    pub builder: Builder<'ctx>,
}

impl<'a, 'ctx> Lowerer<'a, 'ctx> {
    /// Prepares to rewrite `module`.
    pub fn new(module: &'a Module<'ctx>) -> Self {
        let ctx = module.get_context();
        let builder = ctx.create_builder();
        Lowerer { module, ctx, builder }
    }

    /// Places an `alloca` of `ty` at the start of `function`'s entry block
    /// (a static slot, which is what BPF codegen supports), then restores the
    /// builder to `resume`.
    pub fn entry_alloca<T: BasicType<'ctx>>(
        &self,
        function: FunctionValue<'ctx>,
        ty: T,
        resume: InstructionValue<'ctx>,
        name: &str,
    ) -> Result<PointerValue<'ctx>, LowerError> {
        let entry = function.get_first_basic_block().expect("function with a body");
        match entry.get_first_instruction() {
            Some(first) => self.builder.position_before(&first),
            None => self.builder.position_at_end(entry),
        }
        let slot = self.builder.build_alloca(ty, name)?;
        self.builder.position_before(&resume);
        Ok(slot)
    }

    /// `negate ? -v : v`: a magnitude from a value and its sign, or a signed
    /// result from a magnitude.
    pub fn negate_if(
        &self,
        v: inkwell::values::IntValue<'ctx>,
        negate: inkwell::values::IntValue<'ctx>,
    ) -> Result<inkwell::values::IntValue<'ctx>, LowerError> {
        let negated = self.builder.build_int_sub(v.get_type().const_zero(), v, "")?;
        Ok(self.builder.build_select(negate, negated, v, "")?.into_int_value())
    }

    /// The function named `name`, declared with `ty` if the module lacks it.
    pub fn function(
        &self,
        name: &str,
        ty: inkwell::types::FunctionType<'ctx>,
    ) -> FunctionValue<'ctx> {
        self.module
            .get_function(name)
            .unwrap_or_else(|| self.module.add_function(name, ty, None))
    }
}

/// The function an instruction belongs to.
pub fn parent_function(inst: InstructionValue) -> FunctionValue {
    inst.get_parent()
        .and_then(|b| b.get_parent())
        .expect("instruction inside a function")
}

/// The integer type of `bits` bits (1..=2^23).
pub fn int_type<'ctx>(l: &Lowerer<'_, 'ctx>, bits: u32) -> inkwell::types::IntType<'ctx> {
    let bits = std::num::NonZeroU32::new(bits).expect("integer types have a width");
    l.ctx.custom_width_int_type(bits).expect("width within LLVM's limit")
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the lowerings' unit tests.

    use inkwell::context::Context;
    use inkwell::module::Module;
    use inkwell::OptimizationLevel;

    use super::Lowerer;
    use crate::llvm;

    /// Header every test module starts with.
    pub const HEADER: &str =
        "target datalayout = \"e-m:e-p:64:64-i64:64-i128:128-n32:64-S128\"\ntarget triple = \"bpfel\"\n";

    /// Whether BPF codegen accepts the module (the upstream backend reports
    /// what it refuses as an error).
    pub fn codegen_ok(module: &Module) -> Result<(), String> {
        module.verify().map_err(|e| e.to_string())?;
        let tm = llvm::target_machine(OptimizationLevel::Default)?;
        let clone = module.clone();
        llvm::emit_object(&clone, &tm).map(|_| ())
    }

    /// Parses `body` (after [`HEADER`]), runs `lower`, checks codegen
    /// accepts the result; returns the lowered IR. (Unlowered IR is never
    /// given to codegen: after reporting what it refuses, the upstream BPF
    /// backend may go on to crash.)
    pub fn lowered(body: &str, lower: impl FnOnce(&Lowerer)) -> String {
        let ctx = Context::create();
        let module = llvm::parse_ir(&ctx, &format!("{HEADER}{body}"), "test.ll").expect("test IR parses");
        let l = Lowerer::new(&module);
        lower(&l);
        if let Err(e) = codegen_ok(&module) {
            panic!("codegen refuses the lowered module: {e}\n{}", module.print_to_string());
        }
        module.print_to_string().to_string()
    }

    /// Links the support IR into the module under `l` (what the link stage does).
    pub fn link_support(l: &Lowerer) {
        let ctx = l.module.get_context();
        let support = ctx.create_module_from_ir(inkwell::memory_buffer::MemoryBuffer::create_from_memory_range_copy(
            super::SUPPORT_IR.as_bytes(),
            "support.ll",
        ));
        l.module.link_in_module(support.expect("support IR parses")).expect("support links");
    }
}
