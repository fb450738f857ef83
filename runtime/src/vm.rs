//! Running a program in solana_rbpf's VM: input buffer, stack and heap,
//! memory map, metering, Solana's `consumed` / `return` log lines, and the
//! read-back of the program's changes.

use std::cell::RefCell;

use base64::Engine;
use solana_rbpf::{
    aligned_memory::AlignedMemory,
    ebpf,
    error::{EbpfError, ProgramResult},
    memory_region::{MemoryMapping, MemoryRegion},
    vm::EbpfVm,
};

use crate::{
    error::InstructionError,
    invoke_context::{Failure, InvokeContext, VmFrame},
    fault,
    loader::LoadedProgram,
    serialization::{self, InputBuffer},
    syscalls::{BumpAllocator, SyscallError},
};

type HostMemory = AlignedMemory<{ ebpf::HOST_ALIGN }>;

pub(crate) use ebpf::hash_symbol_name;

/// Where a VM stopped with an error: its program counter and, in the
/// interpreter, the return address of each active call frame.
#[derive(Default)]
struct Stop {
    pc: Option<u64>,
    return_pcs: Vec<u64>,
    in_syscall: bool,
}

impl Stop {
    fn of(vm: &EbpfVm<InvokeContext>, interpreted: bool) -> Stop {
        let ProgramResult::Err(error) = &vm.program_result else { return Stop::default() };
        let depth = usize::try_from(vm.call_depth).unwrap_or(usize::MAX);
        let return_pcs = if interpreted {
            vm.call_frames.iter().take(depth).map(|frame| frame.target_pc).collect()
        } else {
            Vec::new()
        };
        Stop { pc: Some(vm.registers[11]), return_pcs, in_syscall: matches!(error, EbpfError::SyscallError(_)) }
    }
}

/// Buffers reused between invocations on one thread (one set per stack level).
#[derive(Default)]
struct MemoryPool {
    stacks: Vec<HostMemory>,
    heaps: Vec<HostMemory>,
    inputs: Vec<InputBuffer>,
}

thread_local! {
    static POOL: RefCell<MemoryPool> = RefCell::new(MemoryPool::default());
}

fn take_stack(size: usize) -> HostMemory {
    POOL.with_borrow_mut(|pool| pool.stacks.pop())
        .filter(|stack| stack.len() == size)
        .unwrap_or_else(|| HostMemory::zero_filled(size))
}

fn take_heap(size: usize) -> HostMemory {
    POOL.with_borrow_mut(|pool| pool.heaps.pop())
        .filter(|heap| heap.len() == size)
        .unwrap_or_else(|| HostMemory::zero_filled(size))
}

fn give_back(mut stack: HostMemory, mut heap: HostMemory, input: InputBuffer) {
    // Zeroed here so that every invocation starts from zeroed memory.
    stack.as_slice_mut().fill(0);
    heap.as_slice_mut().fill(0);
    POOL.with_borrow_mut(|pool| {
        pool.stacks.push(stack);
        pool.heaps.push(heap);
        pool.inputs.push(input);
    });
}

/// Executes `program` for the current (already pushed) instruction frame.
pub(crate) fn execute(ctx: &mut InvokeContext, program: &LoadedProgram, data: &[u8]) -> Result<(), Failure> {
    let aligned = program.loader.is_aligned();
    let (program_id, accounts) = {
        let frame = ctx.current_frame()?;
        (frame.program_id, frame.accounts.clone())
    };
    let mut input = POOL.with_borrow_mut(|pool| pool.inputs.pop()).unwrap_or_default();
    let serialized = serialization::serialize(&mut input, &ctx.accounts, &accounts, data, &program_id, aligned)?;
    let heap_size = ctx.heap_size as usize;
    ctx.current_frame_mut()?.vm = Some(VmFrame {
        serialized,
        allocator: BumpAllocator::new(heap_size as u64),
        check_aligned: aligned,
    });
    let heap_cost = ctx.budget().heap_cost_for(ctx.heap_size);
    ctx.consume_checked(heap_cost)?;

    let executable = &program.executable;
    let config = executable.get_config();
    let mut stack = take_stack(config.stack_size());
    let mut heap = take_heap(heap_size);
    let stack_len = stack.len();
    let stack_gap = if config.enable_stack_frame_gaps { config.stack_frame_size as u64 } else { 0 };
    let regions = vec![
        executable.get_ro_region(),
        MemoryRegion::new_writable_gapped(stack.as_slice_mut(), ebpf::MM_STACK_START, stack_gap),
        MemoryRegion::new_writable(heap.as_slice_mut(), ebpf::MM_HEAP_START),
        MemoryRegion::new_writable(input.as_mut_slice(), ebpf::MM_INPUT_START),
    ];
    let meter_before = ctx.remaining();
    let trace_start = ctx.trace_pcs.len();
    if let Some(profiler) = ctx.profiler.as_mut() {
        profiler.begin_vm(meter_before);
    }
    let mut stop = Stop::default();
    let result = match MemoryMapping::new(regions, config, executable.get_sbpf_version()) {
        Ok(mapping) => {
            let interpreted = !(ctx.env.use_jit && program.jit_compiled);
            let loader = executable.get_loader().clone();
            let mut vm = EbpfVm::new(loader, executable.get_sbpf_version(), ctx, mapping, stack_len);
            let (_instruction_count, result) = vm.execute_program(executable, interpreted);
            stop = Stop::of(&vm, interpreted);
            result
        }
        Err(err) => ProgramResult::Err(err),
    };
    let consumed = meter_before.saturating_sub(ctx.remaining());
    let name = ctx.current_frame()?.program_name.clone();
    ctx.log(format!("Program {name} consumed {consumed} of {meter_before} compute units"));
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
    if ctx.profiler.is_some() {
        let pcs = ctx.trace_pcs.split_off(trace_start);
        fault::record_profile(ctx, program, &pcs);
    }
    give_back(stack, heap, input);
    outcome
}
