//! What the VM leaves behind after running a program, turned into source
//! locations: the call stack of a failure ([`ProgramFault`]) and the
//! profile of a run ([`crate::profile`]).
//!
//! The VM reports the failing instruction's program counter and, in the
//! interpreter, its call frames (each holding the instruction after its
//! call site). The JIT keeps its frames on the native stack, so a failure
//! under the JIT names the failing instruction (with the functions
//! inlined there) but not its callers; the interpreter
//! (`Runtime::with_jit(false)`, and any profiling runtime) gives the whole
//! stack. A syscall that fails under the interpreter leaves no program
//! counter; its stack then starts at the innermost call site.

use crate::{
    debug_info::SourceFrame,
    invoke_context::InvokeContext,
    loader::LoadedProgram,
    meta::ProgramFault,
    profile::{self, Step, Trace},
};

/// The name of the syscall `program` calls with `hash`, if it is one.
fn syscall_name(program: &LoadedProgram, hash: u32) -> Option<&str> {
    let (name, _) = program.executable.get_loader().get_function_registry().lookup_by_key(hash)?;
    std::str::from_utf8(name).ok()
}

/// Where the VM stopped.
pub(crate) struct VmStop<'a> {
    /// The failing instruction, when the VM reports it.
    pub pc: Option<u64>,
    /// The instruction after each active call site, outermost first
    /// (empty under the JIT).
    pub return_pcs: &'a [u64],
    /// Whether the failure came from a syscall.
    pub in_syscall: bool,
}

/// Records the failure of `program` (the first one of the transaction
/// wins: a failing CPI callee's location is more precise than its
/// caller's).
pub(crate) fn record(ctx: &mut InvokeContext, program: &LoadedProgram, message: &str, stop: VmStop<'_>) {
    if ctx.fault.is_some() {
        return;
    }
    let Ok(frame) = ctx.current_frame() else { return };
    let program_id = frame.program_id;
    let text = program.executable.get_text_bytes().1;
    // Under the interpreter a failing syscall does not update the program
    // counter: keep it only if it points at a syscall call.
    let pc = stop.pc.filter(|pc| {
        !stop.in_syscall || matches!(profile::decode(text, *pc, &|h| syscall_name(program, h).is_some()), Step::Syscall(_))
    });
    let mut frames: Vec<SourceFrame> = Vec::new();
    if let Some(info) = &program.debug_info {
        if let Ok(mut symbolizer) = info.symbolizer() {
            let sites = stop.return_pcs.iter().rev().map(|ret| ret.saturating_sub(1));
            for site in pc.into_iter().chain(sites) {
                let found = symbolizer.locate_pc(site);
                if found.is_empty() {
                    frames.push(SourceFrame { function: Some(format!("instruction {site}")), file: None, line: None });
                } else {
                    frames.extend(found.iter().cloned());
                }
            }
        }
    }
    ctx.fault = Some(ProgramFault { program_id, message: message.to_string(), pc, frames });
}

/// Folds a finished VM run into the transaction's profile.
pub(crate) fn record_profile(ctx: &mut InvokeContext, program: &LoadedProgram, pcs: &[u64]) {
    let meter = ctx.remaining();
    let Some(profiler) = ctx.profiler.as_mut() else { return };
    let text = program.executable.get_text_bytes().1;
    let mut symbolizer = program.debug_info.as_ref().and_then(|info| info.symbolizer().ok());
    let name = |hash| syscall_name(program, hash);
    profiler.end_vm(Trace { pcs, text, symbolizer: symbolizer.as_mut(), syscall_name: &name }, meter);
}
