//! Runs an ELF in solana-sbpf 0.23, the VM of Agave 4.3,
//! with the syscalls toolchain tests use. Compute accounting here is only
//! the instruction count; the runtime crate models Agave's costs.

use std::sync::Arc;

use solana_sbpf::{
    aligned_memory::AlignedMemory,
    declare_builtin_function, ebpf,
    elf::Executable,
    error::{EbpfError, ProgramResult, StableResult},
    memory_region::{AccessType, MemoryMapping, MemoryRegion},
    program::{BuiltinFunctionDefinition, BuiltinProgram},
    verifier::RequisiteVerifier,
    vm::{CallFrame, Config, ContextObject, EbpfVm, ExecutionMode},
};

/// Input buffer size mapped at 0x4_0000_0000.
pub const INPUT_SIZE: usize = 64 * 1024;
const HEAP_SIZE: usize = 32 * 1024;

/// What one execution produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// `Ok(r0)` or the VM error.
    pub result: Result<u64, String>,
    /// Instructions executed (the meter's count).
    pub instructions: u64,
    /// Lines logged.
    pub logs: Vec<String>,
    /// The input buffer after execution.
    pub input: Vec<u8>,
}

/// The context object: instruction meter, log and the program's memory map.
#[derive(Default)]
pub struct Context {
    remaining: u64,
    logs: Vec<String>,
    mapping: Option<MemoryMapping>,
}

impl ContextObject for Context {
    fn consume(&mut self, amount: u64) {
        self.remaining = self.remaining.saturating_sub(amount);
    }
    fn get_remaining(&self) -> u64 {
        self.remaining
    }
    fn active_mapping_ptr(&mut self) -> std::ptr::NonNull<MemoryMapping> {
        std::ptr::NonNull::from(self.mapping.as_mut().expect("the memory map is set before the VM is created"))
    }
}

type SyscallResult = Result<u64, Box<dyn std::error::Error>>;

fn slice<'a>(m: &MemoryMapping, access: AccessType, addr: u64, len: u64) -> Result<&'a mut [u8], Box<dyn std::error::Error>> {
    // As in Agave, an empty slice is not translated (its pointer may dangle).
    if len == 0 {
        return Ok(&mut []);
    }
    match m.map(access, addr, len) {
        StableResult::Ok(host) => {
            // SAFETY: the mapping checked that [addr, addr+len) lies inside one
            // region backed by host memory that outlives the syscall.
            Ok(unsafe { std::slice::from_raw_parts_mut(host.ptr() as *const u8 as *mut u8, len as usize) })
        }
        StableResult::Err(e) => Err(Box::new(e)),
    }
}

declare_builtin_function!(SolLog, fn rust(c: &mut Context, ptr: u64, len: u64, _a: u64, _b: u64, _d: u64,) -> Result<u64, Box<dyn std::error::Error>> {
    let m = c.mapping.as_ref().expect("memory map set");
    let bytes = slice(m, AccessType::Load, ptr, len)?;
    c.logs.push(format!("Program log: {}", std::str::from_utf8(bytes)?));
    Ok(0)
});
declare_builtin_function!(SolLog64, fn rust(c: &mut Context, a: u64, b: u64, d: u64, e: u64, f: u64,) -> Result<u64, Box<dyn std::error::Error>> {
    c.logs.push(format!("Program log: {a:#x}, {b:#x}, {d:#x}, {e:#x}, {f:#x}"));
    Ok(0)
});
declare_builtin_function!(SolMemcpy, fn rust(_c: &mut Context, dst: u64, src: u64, n: u64, _a: u64, _b: u64,) -> Result<u64, Box<dyn std::error::Error>> {
    let m = _c.mapping.as_ref().expect("memory map set");
    if dst < src.saturating_add(n) && src < dst.saturating_add(n) {
        return Err("sol_memcpy_: overlapping copy".into());
    }
    let from = slice(m, AccessType::Load, src, n)?.to_vec();
    slice(m, AccessType::Store, dst, n)?.copy_from_slice(&from);
    Ok(0)
});
declare_builtin_function!(SolMemmove, fn rust(_c: &mut Context, dst: u64, src: u64, n: u64, _a: u64, _b: u64,) -> Result<u64, Box<dyn std::error::Error>> {
    let m = _c.mapping.as_ref().expect("memory map set");
    let from = slice(m, AccessType::Load, src, n)?.to_vec();
    slice(m, AccessType::Store, dst, n)?.copy_from_slice(&from);
    Ok(0)
});
declare_builtin_function!(SolMemset, fn rust(_c: &mut Context, dst: u64, byte: u64, n: u64, _a: u64, _b: u64,) -> Result<u64, Box<dyn std::error::Error>> {
    let m = _c.mapping.as_ref().expect("memory map set");
    slice(m, AccessType::Store, dst, n)?.fill(byte as u8);
    Ok(0)
});
declare_builtin_function!(SolMemcmp, fn rust(_c: &mut Context, a: u64, b: u64, n: u64, out: u64, _x: u64,) -> Result<u64, Box<dyn std::error::Error>> {
    let m = _c.mapping.as_ref().expect("memory map set");
    let left = slice(m, AccessType::Load, a, n)?.to_vec();
    let right = slice(m, AccessType::Load, b, n)?.to_vec();
    let diff = left.iter().zip(&right).find(|(x, y)| x != y).map_or(0, |(x, y)| i32::from(*x) - i32::from(*y));
    slice(m, AccessType::Store, out, 4)?.copy_from_slice(&diff.to_le_bytes());
    Ok(0)
});
declare_builtin_function!(SolPanic, fn rust(c: &mut Context, file: u64, len: u64, line: u64, col: u64, _x: u64,) -> Result<u64, Box<dyn std::error::Error>> {
    let m = c.mapping.as_ref().expect("memory map set");
    let file = String::from_utf8_lossy(slice(m, AccessType::Load, file, len)?).into_owned();
    c.logs.push(format!("panicked at {file}:{line}:{col}"));
    Err("program panicked".into())
});
declare_builtin_function!(Abort, fn rust(_c: &mut Context, _a: u64, _b: u64, _d: u64, _e: u64, _f: u64,) -> Result<u64, Box<dyn std::error::Error>> {
    Err("program aborted".into())
});
declare_builtin_function!(SolLogComputeUnits, fn rust(c: &mut Context, _a: u64, _b: u64, _d: u64, _e: u64, _f: u64,) -> Result<u64, Box<dyn std::error::Error>> {
    c.logs.push(format!("Program consumption: {} units remaining", c.remaining));
    Ok(0)
});

/// The loader with the test syscalls registered under their Solana names.
pub fn loader() -> Arc<BuiltinProgram<Context>> {
    let config = Config { reject_broken_elfs: true, ..Config::default() };
    let mut loader = BuiltinProgram::new_loader(config);
    SolLog::register(&mut loader, "sol_log_").expect("distinct syscall names");
    SolLog64::register(&mut loader, "sol_log_64_").expect("distinct syscall names");
    SolMemcpy::register(&mut loader, "sol_memcpy_").expect("distinct syscall names");
    SolMemmove::register(&mut loader, "sol_memmove_").expect("distinct syscall names");
    SolMemset::register(&mut loader, "sol_memset_").expect("distinct syscall names");
    SolMemcmp::register(&mut loader, "sol_memcmp_").expect("distinct syscall names");
    SolPanic::register(&mut loader, "sol_panic_").expect("distinct syscall names");
    Abort::register(&mut loader, "abort").expect("distinct syscall names");
    SolLogComputeUnits::register(&mut loader, "sol_log_compute_units_").expect("distinct syscall names");
    Arc::new(loader)
}

/// Loads and verifies `elf` (and JIT-compiles it when `jit`).
pub fn load(elf: &[u8], jit: bool) -> Result<Executable<Context>, EbpfError> {
    let executable = Executable::from_elf(elf, loader())?;
    executable.verify::<RequisiteVerifier>()?;
    if jit {
        executable.jit_compile()?;
    }
    Ok(executable)
}

/// Runs `executable` on `input` (copied into the input region).
pub fn execute(executable: &Executable<Context>, input: &[u8], interpreted: bool, budget: u64) -> Outcome {
    let config = executable.get_config();
    let version = executable.get_sbpf_version();
    let mut stack = AlignedMemory::<{ ebpf::HOST_ALIGN }>::zero_filled(config.stack_size());
    let stack_len = stack.len();
    let mut heap = AlignedMemory::<{ ebpf::HOST_ALIGN }>::zero_filled(HEAP_SIZE);
    let mut buffer = vec![0u8; INPUT_SIZE.max(input.len())];
    buffer[..input.len()].copy_from_slice(input);
    let gap = if version.stack_frame_gaps() && config.enable_stack_frame_gaps { config.stack_frame_size as u64 } else { 0 };
    let regions = vec![
        executable.get_ro_region(),
        MemoryRegion::new_gapped(&raw mut *stack.as_slice_mut(), ebpf::MM_STACK_START, gap),
        MemoryRegion::new(&raw mut *heap.as_slice_mut(), ebpf::MM_HEAP_START),
        MemoryRegion::new(&raw mut *buffer.as_mut_slice(), ebpf::MM_INPUT_START),
    ];
    // SAFETY: stack, heap and buffer outlive the context holding the mapping
    // (dropped below before they are read or freed); they are plain bytes.
    let mapping = unsafe { MemoryMapping::new(regions, config, version) }.expect("valid regions");
    let mut context = Context { remaining: budget, logs: Vec::new(), mapping: Some(mapping) };
    let mut call_frames = vec![CallFrame::default(); config.max_call_depth];
    let mut mode = if interpreted { ExecutionMode::Interpreted } else { ExecutionMode::Jit };
    let mut vm = EbpfVm::new(executable.get_loader().clone(), version, &mut context, stack_len);
    vm.registers[1] = ebpf::MM_INPUT_START;
    let (instructions, result) = vm.execute_program(executable, &mut mode, &mut call_frames);
    let result = match result {
        ProgramResult::Ok(v) => Ok(v),
        ProgramResult::Err(e) => Err(format!("{e:?}")),
    };
    drop(vm);
    context.mapping = None;
    Outcome { result, instructions, logs: context.logs, input: buffer }
}

/// Runs `elf` in the interpreter and in the JIT and checks they agree on
/// result, instruction count, logs and memory; returns the interpreter's outcome.
pub fn run_both(elf: &[u8], input: &[u8], budget: u64) -> Outcome {
    let interpreted = execute(&load(elf, false).expect("ELF loads and verifies"), input, true, budget);
    let executable = load(elf, true).expect("ELF JIT-compiles");
    let jitted = execute(&executable, input, false, budget);
    assert_eq!(interpreted.result, jitted.result, "interpreter and JIT results differ");
    assert_eq!(interpreted.instructions, jitted.instructions, "interpreter and JIT instruction counts differ");
    assert_eq!(interpreted.logs, jitted.logs, "interpreter and JIT logs differ");
    assert!(interpreted.input == jitted.input, "interpreter and JIT left different memory");
    interpreted
}
