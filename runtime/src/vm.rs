//! Running a program in solana-sbpf's VM: input buffer, stack and heap,
//! memory map, metering, Solana's `consumed` / `return` log lines, and the
//! read-back of the program's changes.

use std::{cell::RefCell, ptr::NonNull};

use base64::Engine;
use lamport_sdk::pubkey::PUBKEY_BYTES;
use solana_sbpf::{
    aligned_memory::AlignedMemory,
    ebpf,
    error::{EbpfError, ProgramResult},
    memory_region::{MemoryMapping, MemoryRegion},
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
        let ProgramResult::Err(error) = result else { return Stop::default() };
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

/// Buffers reused between invocations on one thread (one set per stack level).
#[derive(Default)]
struct MemoryPool {
    stacks: Vec<Used>,
    heaps: Vec<Used>,
    inputs: Vec<InputBuffer>,
    call_frames: Vec<Vec<CallFrame>>,
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

/// Returns the buffers to the pool with the number of first bytes of the
/// stack and heap the program reached (it touched nothing beyond them);
/// they are zeroed when next taken.
fn give_back(
    stack: HostMemory,
    heap: HostMemory,
    input: InputBuffer,
    call_frames: Vec<CallFrame>,
    (stack_reached, heap_reached): (usize, usize),
) {
    POOL.with_borrow_mut(|pool| {
        pool.stacks.push(Used { memory: stack, dirty: stack_reached });
        pool.heaps.push(Used { memory: heap, dirty: heap_reached });
        pool.inputs.push(input);
        pool.call_frames.push(call_frames);
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
    // The stack and heap are mapped as far as the program reaches them.
    let reach = Reach::new(stack.as_slice_mut(), stack_gap, heap.as_slice_mut());
    let [stack_region, heap_region] = reach.regions();
    // Room for the empty region the mapping puts before the first.
    let mut regions = Vec::with_capacity(5);
    regions.extend([
        executable.get_ro_region(),
        stack_region,
        heap_region,
        MemoryRegion::new(&raw mut *input.as_mut_slice(), ebpf::MM_INPUT_START),
    ]);
    // SAFETY: the regions point into the executable's read-only section,
    // the stack, the heap and the input buffer, all of which outlive
    // `mapping` (a local of this function, dropped before they are given
    // back); the writable ones are plain bytes. The handler only extends
    // the stack and heap regions within their buffers.
    let mapping = unsafe { MemoryMapping::new_with_access_violation_handler(regions, config, sbpf_version, reach.handler()) };
    let mut mapping = match mapping {
        Ok(mapping) => mapping,
        Err(err) => {
            ctx.log(format!("Failed to create SBF VM: {err}"));
            return Err(Failure::from(InstructionError::ProgramEnvironmentSetupFailure));
        }
    };
    ctx.current_frame_mut()?.vm = Some(VmFrame {
        serialized,
        allocator: BumpAllocator::new(heap_size as u64),
        check_aligned: aligned,
        memory_mapping: NonNull::from(&mut mapping),
    });
    let meter_at_start = ctx.remaining();
    let profiling = ctx.profiler.is_some();
    if let Some(profiler) = ctx.profiler.as_mut() {
        profiler.begin_vm(meter_at_start);
    }
    let mut mode = if ctx.env.use_jit && program.jit_compiled { ExecutionMode::Jit } else { ExecutionMode::Interpreted };
    let active = reach.activate();
    let mut vm = EbpfVm::new(executable.get_loader().clone(), sbpf_version, ctx, stack_len);
    vm.registers[1] = ebpf::MM_INPUT_START;
    vm.registers[2] = instruction_data_addr;
    let (_instruction_count, result) = vm.execute_program(executable, &mut mode, &mut call_frames);
    let result = match result {
        ProgramResult::Err(error) => ProgramResult::Err(vm_reach::name_region(error)),
        ok => ok,
    };
    let stop = Stop::of(&vm, &result, mode, &call_frames);
    let traced_pcs: Vec<u64> =
        if profiling { vm.register_trace.iter().map(|registers| registers[11]).collect() } else { Vec::new() };
    let consumed = meter_at_start.saturating_sub(ctx.remaining());
    let name = ctx.current_frame()?.program_name;
    ctx.log_record(LogRecord::Consumed { program: name, consumed, available: meter_before });
    if !ctx.return_data.data.is_empty() {
        let encoded = base64::engine::general_purpose::STANDARD.encode(&ctx.return_data.data);
        ctx.log(format!("Program return: {name} {encoded}"));
    }
    let outcome = match result {
        ProgramResult::Ok(0) => {
            let serialized = ctx.current_frame_mut()?.vm.take().map(|vm| vm.serialized).unwrap_or_default();
            serialization::deserialize(ctx, input.as_slice(), &serialized, aligned).map_err(Failure::from)
        }
        ProgramResult::Ok(status) => Err(Failure::from(InstructionError::from_u64(status))),
        ProgramResult::Err(EbpfError::SyscallError(error)) => Err(match error.downcast::<SyscallError>() {
            Ok(syscall_error) => match *syscall_error {
                SyscallError::Instruction(error) => Failure::from(error),
                other => Failure {
                    error: InstructionError::ProgramFailedToComplete,
                    message: Some(other.to_string()),
                },
            },
            Err(other) => Failure {
                error: InstructionError::ProgramFailedToComplete,
                message: Some(other.to_string()),
            },
        }),
        ProgramResult::Err(error) => {
            ctx.deplete();
            Err(Failure { error: InstructionError::ProgramFailedToComplete, message: Some(error.to_string()) })
        }
    };
    if let (Err(failure), Some(stop_pc)) = (&outcome, stop.pc) {
        let message = failure.message.clone().unwrap_or_else(|| failure.error.to_string());
        let vm_stop = fault::VmStop { pc: Some(stop_pc), return_pcs: &stop.return_pcs, in_syscall: stop.in_syscall };
        fault::record(ctx, program, &message, vm_stop);
    }
    if profiling {
        fault::record_profile(ctx, program, &traced_pcs);
    }
    // The frame's memory map dies with this call.
    if let Ok(frame) = ctx.current_frame_mut() {
        frame.vm = None;
    }
    drop(mapping);
    drop(active);
    give_back(stack, heap, input, call_frames, reach.reached());
    outcome
}
