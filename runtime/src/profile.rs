//! The compute-unit profiler: where a transaction's compute units go, by
//! call stack.
//!
//! With profiling on ([`crate::Runtime::with_profiling`], or the
//! [`PROFILE_ENV`] variable), every program runs in the interpreter with
//! the VM's register trace, and each transaction gets a
//! [`TransactionProfile`]: compute units by call stack, where a stack is
//! `program;function;inlined function;…[;syscall]`. The attribution is
//! exact:
//!
//! - each executed SBPF instruction costs one unit, charged to the function
//!   (and the functions inlined into it) at its program counter, under the
//!   stack of call sites the VM's `call`/`exit` instructions build;
//! - each syscall's charge goes to a `syscall` frame (`sol_log_`,
//!   `sol_invoke_signed_rust`, …) above the instruction that called it;
//! - a cross-program invocation's units go, under the calling syscall, to
//!   the invoked program's own stacks;
//! - what the runtime charges outside a VM (builtin programs, the budget a
//!   failure consumes) goes to the program's frame itself, or to a
//!   `(remaining budget consumed by the failure)` frame at the fault.
//!
//! So the stacks of a profile always add up to the transaction's compute
//! units ([`TransactionProfile::total`] equals `compute_units_consumed`).
//! Profiling changes neither results nor compute units.
//!
//! A profile is written as folded stacks (`<name>.folded`, one
//! `frame;frame;frame units` line per stack, the format flame-graph tools
//! read) and as a flame graph (`<name>.svg`, drawn with `inferno`).

use std::{
    collections::{BTreeMap, HashMap},
    io,
    path::{Path, PathBuf},
};

use crate::debug_info::Symbolizer;

/// Environment variable: when set to a directory, a [`crate::Runtime`]
/// created with `Runtime::new()` profiles every transaction and writes
/// its folded stacks and flame graph there.
pub const PROFILE_ENV: &str = "LAMPORT_PROFILE";

/// Frame charged with the compute units a failed program had left, which
/// the runtime consumes on a fault.
pub const FAULT_FRAME: &str = "(remaining budget consumed by the failure)";

/// Frame of a function the debug info does not name (with its first
/// instruction).
const UNKNOWN_FRAME: &str = "function";

/// Compute units of one function of a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionCost {
    /// The frame name (function, syscall or program).
    pub name: String,
    /// Units spent in the function and everything it called.
    pub inclusive: u64,
    /// Units spent in the function itself.
    pub exclusive: u64,
}

/// Compute units of one transaction by call stack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransactionProfile {
    /// Folded stacks: frames from the outermost (the program) in, and the
    /// units spent with exactly that stack.
    stacks: BTreeMap<Vec<String>, u64>,
}

impl TransactionProfile {
    /// Adds `units` to `stack`.
    pub fn add(&mut self, stack: Vec<String>, units: u64) {
        if units > 0 {
            let entry = self.stacks.entry(stack).or_default();
            *entry = entry.saturating_add(units);
        }
    }

    /// The stacks and their units.
    pub fn stacks(&self) -> impl Iterator<Item = (&[String], u64)> {
        self.stacks.iter().map(|(stack, units)| (stack.as_slice(), *units))
    }

    /// All units of the profile: the transaction's compute units.
    pub fn total(&self) -> u64 {
        self.stacks.values().fold(0u64, |sum, units| sum.saturating_add(*units))
    }

    /// Units per frame name, inclusive and exclusive, most exclusive
    /// units first (ties by name). A frame that appears twice in one
    /// stack (recursion) counts once for that stack's inclusive units.
    pub fn functions(&self) -> Vec<FunctionCost> {
        let mut costs: HashMap<&str, (u64, u64)> = HashMap::new();
        for (stack, units) in &self.stacks {
            let mut seen: Vec<&str> = Vec::with_capacity(stack.len());
            for frame in stack {
                if !seen.contains(&frame.as_str()) {
                    seen.push(frame);
                    let cost = costs.entry(frame).or_default();
                    cost.0 = cost.0.saturating_add(*units);
                }
            }
            if let Some(leaf) = stack.last() {
                let cost = costs.entry(leaf).or_default();
                cost.1 = cost.1.saturating_add(*units);
            }
        }
        let mut list: Vec<FunctionCost> = costs
            .into_iter()
            .map(|(name, (inclusive, exclusive))| FunctionCost { name: name.to_string(), inclusive, exclusive })
            .collect();
        list.sort_by(|a, b| b.exclusive.cmp(&a.exclusive).then(b.inclusive.cmp(&a.inclusive)).then(a.name.cmp(&b.name)));
        list
    }

    /// The folded-stacks text: `frame;frame;frame units` per line.
    pub fn folded(&self) -> String {
        let mut out = String::new();
        for (stack, units) in &self.stacks {
            let frames: Vec<String> = stack.iter().map(|f| folded_frame(f)).collect();
            out.push_str(&frames.join(";"));
            out.push(' ');
            out.push_str(&units.to_string());
            out.push('\n');
        }
        out
    }

    /// Writes the flame graph (SVG) of the profile.
    pub fn write_flame_graph(&self, title: &str, out: impl io::Write) -> io::Result<()> {
        let folded = self.folded();
        let mut options = inferno::flamegraph::Options::default();
        options.title = title.to_string();
        options.count_name = "compute units".to_string();
        options.hash = true;
        options.deterministic = true;
        inferno::flamegraph::from_lines(&mut options, folded.lines(), out).map_err(io::Error::other)
    }

    /// Writes `<dir>/<stem>.folded` and `<dir>/<stem>.svg`; returns their paths.
    pub fn write_files(&self, dir: &Path, stem: &str, title: &str) -> io::Result<(PathBuf, PathBuf)> {
        std::fs::create_dir_all(dir)?;
        let folded = dir.join(format!("{stem}.folded"));
        std::fs::write(&folded, self.folded())?;
        let svg = dir.join(format!("{stem}.svg"));
        let mut file = io::BufWriter::new(std::fs::File::create(&svg)?);
        self.write_flame_graph(title, &mut file)?;
        io::Write::flush(&mut file)?;
        Ok((folded, svg))
    }
}

/// Folded stacks separate frames with `;` and end with ` units`; a frame
/// name (a Rust path with generics) must hold neither.
fn folded_frame(frame: &str) -> String {
    frame.replace(';', ",").replace(' ', "\u{a0}")
}

/// What the VM's instruction at a program counter is, for the stack walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// A call of a function of the program (`call imm` to a function,
    /// `callx`): the next traced instruction is in a new frame.
    Call,
    /// A call of the syscall with this hash.
    Syscall(u32),
    /// `exit`: back to the caller's frame (or the end of the program).
    Exit,
    /// Anything else.
    Other,
}

/// SBPF v1 opcodes the stack walk needs.
const CALL_IMM: u8 = 0x85;
const CALL_REG: u8 = 0x8d;
const EXIT: u8 = 0x95;

/// Decodes instruction `pc` of `text`; `is_syscall` tells a syscall's hash
/// from a function's.
pub(crate) fn decode(text: &[u8], pc: u64, is_syscall: &dyn Fn(u32) -> bool) -> Step {
    let Some(at) = usize::try_from(pc).ok().and_then(|pc| pc.checked_mul(8)) else { return Step::Other };
    let Some(insn) = text.get(at..at.saturating_add(8)) else { return Step::Other };
    let imm = u32::from_le_bytes([insn[4], insn[5], insn[6], insn[7]]);
    match insn[0] {
        CALL_IMM if is_syscall(imm) => Step::Syscall(imm),
        CALL_IMM | CALL_REG => Step::Call,
        EXIT => Step::Exit,
        _ => Step::Other,
    }
}

/// Something charged during a VM run besides its instructions.
#[derive(Debug)]
enum Event {
    /// A syscall's charge.
    Charge(u64),
    /// A program invoked by a syscall (CPI): its stacks, relative to it.
    Invoke(Vec<(Vec<String>, u64)>),
}

/// One program invocation being recorded.
#[derive(Debug)]
struct Run {
    /// The program's frame name.
    program: String,
    meter_start: u64,
    /// Stacks recorded so far, relative to the program (without its frame).
    stacks: Vec<(Vec<String>, u64)>,
    vm: Option<VmRun>,
}

/// The VM part of a run: what was charged, and after how many instructions.
#[derive(Debug)]
struct VmRun {
    meter_start: u64,
    /// Units charged by syscalls and invoked programs so far.
    outside: u64,
    /// Events, each with the number of instructions executed before it.
    events: Vec<(u64, Event)>,
}

/// A finished VM run, ready to fold into stacks.
pub(crate) struct Trace<'a, 'b> {
    /// The program counter of every executed instruction, in order.
    pub pcs: &'a [u64],
    /// The program's `.text`.
    pub text: &'a [u8],
    /// Source frames of program counters, when debug info is loaded.
    pub symbolizer: Option<&'a mut Symbolizer<'b>>,
    /// Names a syscall by its hash (`None`: not a syscall).
    pub syscall_name: &'a dyn Fn(u32) -> Option<&'a str>,
}

/// Records the profile of one transaction, as the runtime executes it.
/// Its methods are marked cold: they run only while profiling (in the
/// tracing interpreter), and keeping them out of line keeps the code that
/// runs for every transaction small.
#[derive(Debug, Default)]
pub(crate) struct Profiler {
    profile: TransactionProfile,
    runs: Vec<Run>,
}

impl Profiler {
    /// A program starts (top-level instruction or CPI) with `meter` units left.
    #[cold]
    pub(crate) fn begin_program(&mut self, program: String, meter: u64) {
        self.runs.push(Run { program, meter_start: meter, stacks: Vec::new(), vm: None });
    }

    /// The current program starts running in a VM with `meter` units left.
    #[cold]
    pub(crate) fn begin_vm(&mut self, meter: u64) {
        if let Some(run) = self.runs.last_mut() {
            run.vm = Some(VmRun { meter_start: meter, outside: 0, events: Vec::new() });
        }
    }

    /// The runtime charges `units` (of which `meter_before` were left)
    /// while the current program runs.
    #[cold]
    pub(crate) fn charge(&mut self, units: u64, meter_before: u64) {
        let charged = units.min(meter_before);
        if let Some(vm) = self.runs.last_mut().and_then(|run| run.vm.as_mut()) {
            let position = vm.meter_start.saturating_sub(meter_before).saturating_sub(vm.outside);
            vm.outside = vm.outside.saturating_add(charged);
            vm.events.push((position, Event::Charge(charged)));
        }
    }

    /// The VM of the current program finished with `meter` units left:
    /// folds its trace and events into the program's stacks.
    #[cold]
    pub(crate) fn end_vm(&mut self, trace: Trace<'_, '_>, meter: u64) {
        let Some(run) = self.runs.last_mut() else { return };
        let Some(vm) = run.vm.take() else { return };
        let consumed = vm.meter_start.saturating_sub(meter);
        fold_vm(&mut run.stacks, trace, vm, consumed);
    }

    /// The current program finished with `meter` units left.
    #[cold]
    pub(crate) fn end_program(&mut self, meter: u64) {
        let Some(run) = self.runs.pop() else { return };
        let consumed = run.meter_start.saturating_sub(meter);
        let attributed = run.stacks.iter().fold(0u64, |sum, (_, units)| sum.saturating_add(*units));
        let mut stacks: Vec<(Vec<String>, u64)> = run
            .stacks
            .into_iter()
            .map(|(stack, units)| {
                let mut full = Vec::with_capacity(stack.len().saturating_add(1));
                full.push(run.program.clone());
                full.extend(stack);
                (full, units)
            })
            .collect();
        // Charged outside any VM: a builtin program's cost, the heap.
        stacks.push((vec![run.program.clone()], consumed.saturating_sub(attributed)));
        match self.runs.last_mut() {
            Some(parent) => match parent.vm.as_mut() {
                Some(vm) => {
                    let position = vm.meter_start.saturating_sub(run.meter_start).saturating_sub(vm.outside);
                    vm.outside = vm.outside.saturating_add(consumed);
                    vm.events.push((position, Event::Invoke(stacks)));
                }
                None => parent.stacks.extend(stacks),
            },
            None => {
                for (stack, units) in stacks {
                    self.profile.add(stack, units);
                }
            }
        }
    }

    /// The transaction's profile.
    #[cold]
    pub(crate) fn finish(mut self, meter: u64) -> TransactionProfile {
        while !self.runs.is_empty() {
            self.end_program(meter);
        }
        self.profile
    }
}

/// Folds one VM run: one unit per traced instruction at its stack, each
/// event at the stack of the instruction it followed, and whatever else
/// the run consumed (a fault's remaining budget) at the last instruction.
fn fold_vm<'a>(out: &mut Vec<(Vec<String>, u64)>, trace: Trace<'a, '_>, vm: VmRun, consumed: u64) {
    let Trace { pcs, text, mut symbolizer, syscall_name } = trace;
    let is_syscall = |hash: u32| syscall_name(hash).is_some();
    // Call sites of the active frames, outermost first, each with the
    // first instruction of the function it is in (which names a function
    // the debug info does not know).
    let mut callers: Vec<Site> = Vec::new();
    let mut entry = pcs.first().copied().unwrap_or(0);
    // Units per (call sites, instruction), and events per position.
    let mut counts: BTreeMap<(Vec<Site>, Site), u64> = BTreeMap::new();
    let mut events = vm.events.into_iter().peekable();
    let mut placed: Vec<(Vec<Site>, Site, Option<&'a str>, Event)> = Vec::new();
    let mut last: Option<(Vec<Site>, Site, Option<&'a str>)> = None;
    // Charged before the first instruction (the heap): the entry's frame.
    while let Some((_, event)) = events.next_if(|(position, _)| *position == 0) {
        placed.push((Vec::new(), Site { pc: entry, entry }, None, event));
    }
    for (index, &pc) in pcs.iter().enumerate() {
        let site = Site { pc, entry };
        let count = counts.entry((callers.clone(), site)).or_default();
        *count = count.saturating_add(1);
        let step = decode(text, pc, &is_syscall);
        let syscall = match step {
            Step::Syscall(hash) => syscall_name(hash),
            _ => None,
        };
        let executed = (index as u64).saturating_add(1);
        while let Some((_, event)) = events.next_if(|(position, _)| *position <= executed) {
            placed.push((callers.clone(), site, syscall, event));
        }
        last = Some((callers.clone(), site, syscall));
        let next = pcs.get(index.saturating_add(1)).copied();
        match step {
            Step::Call if next.is_some_and(|next| next != pc.saturating_add(1)) => {
                callers.push(site);
                entry = next.unwrap_or(entry);
            }
            Step::Exit => {
                if let Some(caller) = callers.pop() {
                    entry = caller.entry;
                }
            }
            _ => {}
        }
    }
    let (last_callers, last_site, last_syscall) = last.unwrap_or((Vec::new(), Site { pc: 0, entry: 0 }, None));
    for (_, event) in events {
        placed.push((last_callers.clone(), last_site, last_syscall, event));
    }

    let mut frames_of = |callers: &[Site], site: Site| -> Vec<String> {
        let mut stack = Vec::new();
        for site in callers.iter().chain(std::iter::once(&site)) {
            stack.extend(source_frames(symbolizer.as_deref_mut(), *site));
        }
        stack
    };
    let mut attributed: u64 = 0;
    for ((callers, site), units) in counts {
        attributed = attributed.saturating_add(units);
        out.push((frames_of(&callers, site), units));
    }
    for (callers, site, syscall, event) in placed {
        let mut stack = frames_of(&callers, site);
        if let Some(name) = syscall {
            stack.push(name.to_string());
        }
        match event {
            Event::Charge(units) => {
                attributed = attributed.saturating_add(units);
                out.push((stack, units));
            }
            Event::Invoke(stacks) => {
                for (child, units) in stacks {
                    attributed = attributed.saturating_add(units);
                    let mut full = stack.clone();
                    full.extend(child);
                    out.push((full, units));
                }
            }
        }
    }
    let rest = consumed.saturating_sub(attributed);
    if rest > 0 {
        let mut stack = frames_of(&last_callers, last_site);
        stack.push(FAULT_FRAME.to_string());
        out.push((stack, rest));
    }
}

/// An executed instruction, and the first instruction of its function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Site {
    pc: u64,
    entry: u64,
}

/// The frames of one instruction, outermost first (a function, then the
/// functions inlined into it). A function the debug info does not know is
/// named by its first instruction (`function@<pc>`).
fn source_frames(symbolizer: Option<&mut Symbolizer<'_>>, site: Site) -> Vec<String> {
    let frames = symbolizer.map(|s| s.locate_pc(site.pc).to_vec()).unwrap_or_default();
    if frames.is_empty() {
        return vec![format!("{UNKNOWN_FRAME}@{}", site.entry)];
    }
    frames.iter().rev().map(|f| f.function.clone().unwrap_or_else(|| UNKNOWN_FRAME.to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insn(opcode: u8, imm: u32) -> [u8; 8] {
        let mut bytes = [0u8; 8];
        bytes[0] = opcode;
        bytes[4..].copy_from_slice(&imm.to_le_bytes());
        bytes
    }

    const LOG_HASH: u32 = 0x207559bd;

    fn syscall_name<'a>(hash: u32) -> Option<&'a str> {
        (hash == LOG_HASH).then_some("sol_log_")
    }

    /// 0: mov · 1: call f (pc 4) · 2: call sol_log_ · 3: exit
    /// 4: mov · 5: exit
    fn text() -> Vec<u8> {
        [insn(0xb7, 0), insn(CALL_IMM, 2), insn(CALL_IMM, LOG_HASH), insn(EXIT, 0), insn(0xb7, 0), insn(EXIT, 0)]
            .concat()
    }

    fn stacks(profile: &TransactionProfile) -> Vec<(String, u64)> {
        profile.stacks().map(|(s, u)| (s.join(";"), u)).collect()
    }

    #[test]
    fn decodes_calls_syscalls_and_exits() {
        let text = text();
        let is_syscall = |h: u32| syscall_name(h).is_some();
        assert_eq!(decode(&text, 0, &is_syscall), Step::Other);
        assert_eq!(decode(&text, 1, &is_syscall), Step::Call);
        assert_eq!(decode(&text, 2, &is_syscall), Step::Syscall(LOG_HASH));
        assert_eq!(decode(&text, 3, &is_syscall), Step::Exit);
        assert_eq!(decode(&text, 99, &is_syscall), Step::Other);
    }

    #[test]
    fn every_unit_lands_on_a_stack() {
        let text = text();
        let mut profiler = Profiler::default();
        profiler.begin_program("prog".into(), 1_000);
        profiler.begin_vm(1_000);
        // Instructions 0, 1 (call), 4, 5 (exit), 2 (syscall: 3 instructions done
        // before it, so the meter read 1000 - 5 when it charged 100), 3.
        profiler.charge(100, 995);
        let pcs = [0, 1, 4, 5, 2, 3];
        profiler.end_vm(Trace { pcs: &pcs, text: &text, symbolizer: None, syscall_name: &syscall_name }, 1_000 - 106);
        profiler.end_program(1_000 - 106);
        let profile = profiler.finish(1_000 - 106);
        assert_eq!(profile.total(), 106);
        assert_eq!(
            stacks(&profile),
            vec![
                // Without debug info, functions are named by their first instruction.
                ("prog;function@0".to_string(), 4),
                ("prog;function@0;function@4".to_string(), 2),
                ("prog;function@0;sol_log_".to_string(), 100),
            ]
        );
    }

    #[test]
    fn an_invoked_program_nests_under_the_calling_syscall() {
        let text = text();
        let mut profiler = Profiler::default();
        profiler.begin_program("caller".into(), 10_000);
        profiler.begin_vm(10_000);
        // After 5 instructions the syscall charges 1000, then the callee runs
        // and consumes 250 (of which 50 outside its VM), then 1 more instruction.
        profiler.charge(1_000, 9_995);
        profiler.begin_program("callee".into(), 8_995);
        profiler.begin_vm(8_995);
        let callee_pcs = [0, 3];
        profiler.end_vm(Trace { pcs: &callee_pcs, text: &text, symbolizer: None, syscall_name: &syscall_name }, 8_993);
        profiler.end_program(8_745);
        let pcs = [0, 1, 4, 5, 2, 3];
        profiler.end_vm(Trace { pcs: &pcs, text: &text, symbolizer: None, syscall_name: &syscall_name }, 8_744);
        profiler.end_program(8_744);
        let profile = profiler.finish(8_744);
        assert_eq!(profile.total(), 10_000 - 8_744);
        let listed = stacks(&profile);
        assert!(listed.contains(&("caller;function@0;sol_log_".to_string(), 1_000)), "{listed:?}");
        assert!(listed.contains(&("caller;function@0;sol_log_;callee".to_string(), 248)), "{listed:?}");
        assert!(listed.contains(&("caller;function@0;sol_log_;callee;function@0".to_string(), 2)), "{listed:?}");
        let functions = profile.functions();
        let callee = functions.iter().find(|f| f.name == "callee").unwrap();
        assert_eq!((callee.inclusive, callee.exclusive), (250, 248));
        let caller = functions.iter().find(|f| f.name == "caller").unwrap();
        assert_eq!(caller.inclusive, profile.total());
    }

    #[test]
    fn a_fault_charges_the_remaining_budget_at_the_faulting_instruction() {
        let text = text();
        let mut profiler = Profiler::default();
        profiler.begin_program("prog".into(), 500);
        profiler.begin_vm(500);
        let pcs = [0, 1, 4];
        profiler.end_vm(Trace { pcs: &pcs, text: &text, symbolizer: None, syscall_name: &syscall_name }, 0);
        profiler.end_program(0);
        let profile = profiler.finish(0);
        assert_eq!(profile.total(), 500);
        assert!(stacks(&profile).contains(&(format!("prog;function@0;function@4;{FAULT_FRAME}"), 497)));
    }

    #[test]
    fn folded_text_and_flame_graph() {
        let mut profile = TransactionProfile::default();
        profile.add(vec!["token".into(), "entrypoint".into()], 40);
        profile.add(vec!["token".into(), "entrypoint".into(), "core::fmt::write<a; b>".into()], 2);
        profile.add(vec!["token".into()], 0);
        assert_eq!(profile.folded(), "token;entrypoint 40\ntoken;entrypoint;core::fmt::write<a,\u{a0}b> 2\n");
        let top = &profile.functions()[0];
        assert_eq!((top.name.as_str(), top.inclusive, top.exclusive), ("entrypoint", 42, 40));
        let mut svg = Vec::new();
        profile.write_flame_graph("token", &mut svg).unwrap();
        let svg = String::from_utf8(svg).unwrap();
        assert!(svg.starts_with("<?xml"));
        assert!(svg.contains("entrypoint (42 compute units, 100.00%)"), "{svg}");
    }
}
