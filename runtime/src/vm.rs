//! Running a program in solana-sbpf's VM: input buffer, stack and heap,
//! memory map, metering, Solana's `consumed` / `return` log lines, and the
//! read-back of the program's changes.

use std::{cell::RefCell, ptr::NonNull, rc::Rc, sync::Arc};

use base64::Engine;
use lamport_sdk::pubkey::PUBKEY_BYTES;
use solana_sbpf::{
    aligned_memory::AlignedMemory,
    ebpf,
    error::{EbpfError, ProgramResult},
    elf::Executable,
    memory_region::{MemoryMapping, MemoryRegion},
    program::{BuiltinProgram, SBPFVersion},
    vm::{CallFrame, EbpfVm, ExecutionMode},
};

use crate::{
    error::InstructionError,
    fault,
    invoke_context::{Failure, InvokeContext, VmFrame},
    log_collector::LogRecord,
    loader::LoadedProgram,
    serialization::{self, InputBuffer},
    syscalls::{BumpAllocator, SyscallError},
    vm_reach::{self, Reach},
};

type HostMemory = AlignedMemory<{ ebpf::HOST_ALIGN }>;

/// Where a VM stopped with an error: its program counter and, in the
/// interpreter, the return address of each active call frame.
#[derive(Default)]
struct Stop {
    pc: Option<u64>,
    return_pcs: Vec<u64>,
    in_syscall: bool,
}

impl Stop {
    fn of(vm: &EbpfVm<InvokeContext>, result: &ProgramResult, mode: ExecutionMode, call_frames: &[CallFrame]) -> Stop {
        match result {
            ProgramResult::Err(error) => Stop::at_error(vm, error, mode, call_frames),
            ProgramResult::Ok(_) => Stop::default(),
        }
    }

    /// Where the VM stopped with `error`.
    #[cold]
    #[inline(never)]
    fn at_error(vm: &EbpfVm<InvokeContext>, error: &EbpfError, mode: ExecutionMode, call_frames: &[CallFrame]) -> Stop {
        // The JIT keeps its frames on the native stack.
        let return_pcs = match mode {
            ExecutionMode::Interpreted => {
                let depth = usize::try_from(vm.call_depth).unwrap_or(usize::MAX);
                call_frames.iter().take(depth).map(|frame| frame.target_pc).collect()
            }
            _ => Vec::new(),
        };
        Stop { pc: Some(vm.registers[11]), return_pcs, in_syscall: matches!(error, EbpfError::SyscallError(_)) }
    }
}

/// A stack or heap kept for reuse, with how many of its first bytes the
/// program that last used it may have written.
struct Used {
    memory: HostMemory,
    dirty: usize,
}

/// A memory map kept for reuse, with the reach its access-violation
/// handler extends and what it was built for. Between uses its regions
/// point at buffers that may be gone: all of them are replaced before it
/// is used again.
struct Mapping {
    mapping: MemoryMapping,
    reach: Rc<Reach>,
    /// The loader whose configuration the mapping was built with.
    loader: Arc<BuiltinProgram<InvokeContext>>,
    sbpf_version: SBPFVersion,
}

/// Buffers reused between invocations on one thread (one set per stack level).
#[derive(Default)]
struct MemoryPool {
    stacks: Vec<Used>,
    heaps: Vec<Used>,
    inputs: Vec<InputBuffer>,
    call_frames: Vec<Vec<CallFrame>>,
    mappings: Vec<Mapping>,
}

thread_local! {
    static POOL: RefCell<MemoryPool> = RefCell::new(MemoryPool::default());
}

/// A zeroed buffer of `size` bytes: a pooled one whose dirty bytes are
/// zeroed now, right before the program runs, so that the memory it is
/// about to touch first is in the cache; or a new one.
fn take_zeroed(pooled: Option<Used>, size: usize) -> HostMemory {
    match pooled.filter(|used| used.memory.len() == size) {
        Some(Used { mut memory, dirty }) => {
            memory.as_slice_mut()[..dirty].fill(0);
            memory
        }
        None => HostMemory::zero_filled(size),
    }
}

fn take_stack(size: usize) -> HostMemory {
    take_zeroed(POOL.with_borrow_mut(|pool| pool.stacks.pop()), size)
}

fn take_heap(size: usize) -> HostMemory {
    take_zeroed(POOL.with_borrow_mut(|pool| pool.heaps.pop()), size)
}

fn take_call_frames(depth: usize) -> Vec<CallFrame> {
    POOL.with_borrow_mut(|pool| pool.call_frames.pop())
        .filter(|frames| frames.len() == depth)
        .unwrap_or_else(|| vec![CallFrame::default(); depth])
}

/// The memory map of a program run over `stack` (gapped by `stack_gap`
/// bytes, 0 for none), `heap` and `input`, the stack and heap mapped as far
/// as `hint` says and then as far as the program reaches them (see
/// [`vm_reach`]): this stack level's pooled map with its
/// regions replaced, when it was built for the same loader and SBPF
/// version; else a new one.
fn map_memory(
    executable: &Executable<InvokeContext>,
    stack: &mut [u8],
    stack_gap: u64,
    heap: &mut [u8],
    input: &mut [u8],
    hint: (usize, usize),
) -> Result<Mapping, EbpfError> {
    let loader = executable.get_loader();
    let sbpf_version = executable.get_sbpf_version();
    let pooled = POOL.with_borrow_mut(|pool| pool.mappings.pop())
        .filter(|pooled| Arc::ptr_eq(&pooled.loader, loader) && pooled.sbpf_version == sbpf_version);
    let reach = match &pooled {
        Some(pooled) => {
            pooled.reach.reset(stack, stack_gap, heap, hint);
            Rc::clone(&pooled.reach)
        }
        None => Reach::new(stack, stack_gap, heap, hint),
    };
    let [stack_region, heap_region] = reach.regions();
    let regions =
        [executable.get_ro_region(), stack_region, heap_region, MemoryRegion::new(&raw mut *input, ebpf::MM_INPUT_START)];
    if let Some(mut pooled) = pooled {
        let replaced = regions.iter().all(|region| {
            let index = usize::try_from(region.vm_addr_range().start >> ebpf::VIRTUAL_ADDRESS_BITS).unwrap_or(usize::MAX);
            // SAFETY: as for a new mapping below; `replace_region` checks
            // that the region fits the slot it replaces. Should one not
            // fit, the map (part old, part new) is dropped unused, and a
            // new one is built with the same reach.
            unsafe { pooled.mapping.replace_region(index, region.clone()) }.is_ok()
        });
        if replaced {
            return Ok(pooled);
        }
    }
    // Room for the empty region the mapping puts before the first.
    let mut all = Vec::with_capacity(regions.len().saturating_add(1));
    all.extend(regions);
    // SAFETY: the regions point into the executable's read-only section,
    // the stack, the heap and the input buffer, all of which outlive the
    // program run (the map is pooled only after the run, and its regions
    // are all replaced before it is used again); the writable ones are
    // plain bytes. The handler only extends the stack and heap regions
    // within their buffers.
    let mapping = unsafe {
        MemoryMapping::new_with_access_violation_handler(all, executable.get_config(), sbpf_version, reach.handler())
    }?;
    Ok(Mapping { mapping, reach, loader: Arc::clone(loader), sbpf_version })
}

/// Returns the buffers and the memory map to the pool with the number of
/// first bytes of the stack and heap the program reached (it touched
/// nothing beyond them); they are zeroed when next taken.
fn give_back(stack: HostMemory, heap: HostMemory, input: InputBuffer, call_frames: Vec<CallFrame>, mapping: Mapping) {
    let (stack_reached, heap_reached) = mapping.reach.reached();
    POOL.with_borrow_mut(|pool| {
        pool.stacks.push(Used { memory: stack, dirty: stack_reached });
        pool.heaps.push(Used { memory: heap, dirty: heap_reached });
        pool.inputs.push(input);
        pool.call_frames.push(call_frames);
        pool.mappings.push(mapping);
    });
}

/// Executes `program` for the current (already pushed) instruction frame.
pub(crate) fn execute(ctx: &mut InvokeContext, program: &LoadedProgram, data: &[u8]) -> Result<(), Failure> {
    let aligned = program.loader.is_aligned();
    let mut input = POOL.with_borrow_mut(|pool| pool.inputs.pop()).unwrap_or_default();
    let serialized = {
        let frame = ctx.current_frame()?;
        serialization::serialize(&mut input, &ctx.accounts, &frame.accounts, data, &frame.program_id, aligned)?
    };
    // The VM address of the instruction data, which the program gets in r2.
    let data_len = u64::try_from(data.len()).map_err(|_| InstructionError::InvalidArgument)?;
    let instruction_data_addr = (ebpf::MM_INPUT_START.saturating_add(input.as_slice().len() as u64))
        .saturating_sub(PUBKEY_BYTES as u64)
        .saturating_sub(data_len);
    let heap_size = ctx.heap_size as usize;
    // Agave's log line: units the program used (the heap cost excluded) of
    // the units left before the heap cost was charged.
    let meter_before = ctx.remaining();
    let heap_cost = ctx.budget().heap_cost_for(ctx.heap_size);
    ctx.consume_checked(heap_cost)?;

    let executable = &program.executable;
    let config = executable.get_config();
    let sbpf_version = executable.get_sbpf_version();
    // The stack is zeroed last: the program's first accesses are to it.
    let mut heap = take_heap(heap_size);
    let mut stack = take_stack(config.stack_size());
    let mut call_frames = take_call_frames(config.max_call_depth);
    let stack_len = stack.len();
    let stack_gap =
        if sbpf_version.stack_frame_gaps() && config.enable_stack_frame_gaps { config.stack_frame_size as u64 } else { 0 };
    // The stack and heap are mapped as far as the program reached last
    // time, then as far as it reaches.
    let hint = program.reach_hint.get();
    let mut mapping =
        match map_memory(executable, stack.as_slice_mut(), stack_gap, heap.as_slice_mut(), input.as_mut_slice(), hint) {
            Ok(mapping) => mapping,
            Err(err) => return Err(setup_failure(ctx, err)),
        };
    ctx.current_frame_mut()?.vm = Some(VmFrame {
        serialized,
        allocator: BumpAllocator::new(heap_size as u64),
        check_aligned: aligned,
        memory_mapping: NonNull::from(&mut mapping.mapping),
    });
    let meter_at_start = ctx.remaining();
    let profiling = ctx.profiler.is_some();
    if let Some(profiler) = ctx.profiler.as_mut() {
        profiler.begin_vm(meter_at_start);
    }
    let mut mode = if ctx.env.use_jit && program.jit_compiled { ExecutionMode::Jit } else { ExecutionMode::Interpreted };
    let active = mapping.reach.activate();
    let mut vm = EbpfVm::new(executable.get_loader().clone(), sbpf_version, ctx, stack_len);
    vm.registers[1] = ebpf::MM_INPUT_START;
    vm.registers[2] = instruction_data_addr;
    let (_instruction_count, result) = vm.execute_program(executable, &mut mode, &mut call_frames);
    let result = match result {
        ProgramResult::Err(error) => ProgramResult::Err(vm_reach::name_region(error)),
        ok => ok,
    };
    let stop = Stop::of(&vm, &result, mode, &call_frames);
    let traced_pcs = if profiling { traced_pcs(&vm) } else { Vec::new() };
    let consumed = meter_at_start.saturating_sub(ctx.remaining());
    let name = ctx.current_frame()?.program_name;
    ctx.log_record(LogRecord::Consumed { program: name, consumed, available: meter_before });
    if !ctx.return_data.data.is_empty() {
        log_return_data(ctx, name);
    }
    let outcome = match result {
        ProgramResult::Ok(0) => {
            let serialized = ctx.current_frame_mut()?.vm.take().map(|vm| vm.serialized).unwrap_or_default();
            serialization::deserialize(ctx, input.as_slice(), &serialized, aligned).map_err(Failure::from)
        }
        ProgramResult::Ok(status) => Err(Failure::from(InstructionError::from_u64(status))),
        ProgramResult::Err(error) => Err(vm_failure(ctx, error)),
    };
    if let (Err(failure), Some(stop_pc)) = (&outcome, stop.pc) {
        record_fault(ctx, program, failure, &stop, stop_pc);
    }
    if profiling {
        fault::record_profile(ctx, program, &traced_pcs);
    }
    // The frame's memory map is pooled after this call.
    if let Ok(frame) = ctx.current_frame_mut() {
        frame.vm = None;
    }
    drop(active);
    program.reach_hint.set(mapping.reach.reached());
    give_back(stack, heap, input, call_frames, mapping);
    outcome
}

// The exceptional paths of `execute`, out of line: the code that runs for
// every invocation stays small.

/// The program counter of every instruction the VM traced (when profiling).
#[cold]
#[inline(never)]
fn traced_pcs(vm: &EbpfVm<InvokeContext>) -> Vec<u64> {
    vm.register_trace.iter().map(|registers| registers[11]).collect()
}

/// The VM's memory map could not be built.
#[cold]
#[inline(never)]
fn setup_failure(ctx: &mut InvokeContext, err: EbpfError) -> Failure {
    ctx.log(format!("Failed to create SBF VM: {err}"));
    Failure::from(InstructionError::ProgramEnvironmentSetupFailure)
}

/// Solana's `Program return:` line, for a program that left return data.
#[inline(never)]
fn log_return_data(ctx: &mut InvokeContext, name: crate::log_collector::LoggedProgram) {
    let encoded = base64::engine::general_purpose::STANDARD.encode(&ctx.return_data.data);
    ctx.log(format!("Program return: {name} {encoded}"));
}

/// The failure a VM error is: a syscall's own error, or the program failing
/// to complete (which, outside a syscall, uses up the meter).
#[cold]
#[inline(never)]
fn vm_failure(ctx: &mut InvokeContext, error: EbpfError) -> Failure {
    match error {
        EbpfError::SyscallError(error) => match error.downcast::<SyscallError>() {
            Ok(syscall_error) => match *syscall_error {
                SyscallError::Instruction(error) => Failure::from(error),
                other => Failure { error: InstructionError::ProgramFailedToComplete, message: Some(other.to_string()) },
            },
            Err(other) => Failure { error: InstructionError::ProgramFailedToComplete, message: Some(other.to_string()) },
        },
        error => {
            ctx.deplete();
            Failure { error: InstructionError::ProgramFailedToComplete, message: Some(error.to_string()) }
        }
    }
}

/// Records where the program failed (see [`fault::record`]).
#[cold]
#[inline(never)]
fn record_fault(ctx: &mut InvokeContext, program: &LoadedProgram, failure: &Failure, stop: &Stop, stop_pc: u64) {
    let message = failure.message.clone().unwrap_or_else(|| failure.error.to_string());
    let vm_stop = fault::VmStop { pc: Some(stop_pc), return_pcs: &stop.return_pcs, in_syscall: stop.in_syscall };
    fault::record(ctx, program, &message, vm_stop);
}
