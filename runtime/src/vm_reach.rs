//! The stack and heap of a running program, mapped only as far as it has
//! reached, so that the memory to zero after it ran is known exactly.
//!
//! Both regions start short (the stack with its first frame, the heap
//! empty). A load or store beyond the mapped part goes to the mapping's
//! access-violation handler, which extends the region over the access (in
//! 4 KiB steps, never past the buffer) before the access is checked again;
//! syscalls translate through [`translate_unreached`], which does the same
//! for memory the program's own loads and stores have not reached yet.
//! Memory past the reach was neither read nor written, so it is still zero.
//!
//! Every access decides exactly as with the whole buffers mapped: it
//! succeeds where it would have, and a failing one is named as it would
//! have been ([`name_region`]: an access violation that a short region calls
//! `unallocated` is in the stack or heap when the whole buffer covers it).

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
    sync::atomic::{AtomicUsize, Ordering},
};

use solana_sbpf::{
    ebpf,
    error::EbpfError,
    memory_region::{AccessType, AccessViolationHandler, MemoryRegion},
};

/// Granularity of the reach: one stack frame.
const STEP: usize = 4096;

/// Which tracked buffer a region is (its access-violation handler payload).
const STACK: u16 = 0;
const HEAP: u16 = 1;

/// One tracked buffer: its host memory and where the VM sees it. The
/// memory changes when a pooled mapping is reused ([`Reach::reset`]).
struct Buffer {
    host: Cell<*mut u8>,
    len: Cell<usize>,
    vm_addr: u64,
    /// `log2` of the gap size of a gapped region (SBPF v0–v2 stack frames).
    gap_shift: Cell<Option<u32>>,
    /// Bytes from the start mapped so far.
    reach: Cell<usize>,
    /// Bytes mapped before the program runs.
    initial_reach: usize,
    name: &'static str,
}

impl Buffer {
    fn new(vm_addr: u64, initial_reach: usize, name: &'static str) -> Self {
        Buffer {
            host: Cell::new(std::ptr::null_mut()),
            len: Cell::new(0),
            vm_addr,
            gap_shift: Cell::new(None),
            reach: Cell::new(0),
            initial_reach,
            name,
        }
    }

    /// Tracks `memory` (gapped by `2^gap_shift` bytes, when set), mapped to
    /// its initial reach or to `hint` bytes, whichever is more.
    fn track(&self, memory: &mut [u8], gap_shift: Option<u32>, hint: usize) {
        self.host.set(memory.as_mut_ptr());
        self.len.set(memory.len());
        self.gap_shift.set(gap_shift);
        self.reach.set(self.initial_reach.max(hint).min(memory.len()));
    }

    /// Host offsets `[begin, end)` of the access at `vm_addr` of `len` bytes
    /// with the whole buffer mapped (solana-sbpf's translation of a region).
    fn host_range(&self, vm_addr: u64, len: u64) -> Option<(usize, usize)> {
        let offset = vm_addr.checked_sub(self.vm_addr)?;
        let offset = match self.gap_shift.get() {
            None => offset,
            Some(shift) => {
                if (offset >> shift) & 1 == 1 {
                    return None;
                }
                let mask = u64::MAX << shift;
                ((offset & mask) >> 1) | (offset & !mask)
            }
        };
        let end = offset.checked_add(len)?;
        let (begin, end) = (usize::try_from(offset).ok()?, usize::try_from(end).ok()?);
        (end <= self.len.get()).then_some((begin, end))
    }

    /// Whether `vm_addr` is inside the VM range of the whole buffer.
    fn covers(&self, vm_addr: u64) -> bool {
        let len = self.len.get() as u64;
        let span = if self.gap_shift.get().is_some() { len.saturating_mul(2) } else { len };
        vm_addr.checked_sub(self.vm_addr).is_some_and(|offset| offset < span)
    }

    /// Extends the reach to cover host bytes up to `end`.
    fn reach_to(&self, end: usize) {
        let rounded = end.div_ceil(STEP).saturating_mul(STEP).min(self.len.get());
        if rounded > self.reach.get() {
            self.reach.set(rounded);
        }
    }

    /// The region mapping the reached part.
    fn region(&self, payload: u16) -> MemoryRegion {
        let host = std::ptr::slice_from_raw_parts_mut(self.host.get(), self.reach.get());
        let gap = self.gap_shift.get().map_or(0, |shift| 1u64 << shift);
        let mut region = MemoryRegion::new_gapped(host, self.vm_addr, gap);
        region.access_violation_handler_payload = Some(payload);
        region
    }
}

/// The stack and heap of one VM, with how far the program reached in each.
pub(crate) struct Reach {
    buffers: [Buffer; 2],
}

thread_local! {
    /// The reach of each VM running on this thread, innermost last (a
    /// program invoked through CPI runs while its caller waits).
    static ACTIVE: RefCell<Vec<Rc<Reach>>> = const { RefCell::new(Vec::new()) };
}

impl Reach {
    /// Tracks `stack` (mapped at `MM_STACK_START` with gaps of `stack_gap`
    /// bytes, 0 for none) and `heap` (at `MM_HEAP_START`). Both must be
    /// zeroed and stay allocated while the VM and its mapping live.
    /// `hint` is how far to map them from the start (see [`ReachHint`]).
    pub(crate) fn new(stack: &mut [u8], stack_gap: u64, heap: &mut [u8], hint: (usize, usize)) -> Rc<Self> {
        let reach = Rc::new(Self {
            buffers: [Buffer::new(ebpf::MM_STACK_START, STEP, "stack"), Buffer::new(ebpf::MM_HEAP_START, 0, "heap")],
        });
        reach.reset(stack, stack_gap, heap, hint);
        reach
    }

    /// Tracks another `stack` and `heap` (for a mapping reused by the next
    /// program), from the start: as [`Reach::new`] does.
    pub(crate) fn reset(&self, stack: &mut [u8], stack_gap: u64, heap: &mut [u8], (stack_hint, heap_hint): (usize, usize)) {
        let gap_shift = (stack_gap > 0).then(|| stack_gap.trailing_zeros());
        self.buffers[0].track(stack, gap_shift, stack_hint);
        self.buffers[1].track(heap, None, heap_hint);
    }

    /// The stack and heap regions as reached so far.
    pub(crate) fn regions(&self) -> [MemoryRegion; 2] {
        [self.buffers[0].region(STACK), self.buffers[1].region(HEAP)]
    }

    /// The handler that extends a short region over an access.
    pub(crate) fn handler(self: &Rc<Self>) -> AccessViolationHandler {
        let reach = Rc::clone(self);
        Box::new(move |region: &mut MemoryRegion, _max_len: u64, _access: AccessType, vm_addr: u64, len: u64| {
            let Some(payload) = region.access_violation_handler_payload else { return };
            let Some(buffer) = reach.buffers.get(usize::from(payload)) else { return };
            if let Some((_, end)) = buffer.host_range(vm_addr, len) {
                buffer.reach_to(end);
                *region = buffer.region(payload);
            }
        })
    }

    /// Bytes reached in the stack and in the heap: everything past them is
    /// still zero.
    pub(crate) fn reached(&self) -> (usize, usize) {
        (self.buffers[0].reach.get(), self.buffers[1].reach.get())
    }

    /// Makes this the reach syscalls consult until the guard is dropped.
    pub(crate) fn activate(self: &Rc<Self>) -> ActiveGuard {
        ACTIVE.with_borrow_mut(|active| active.push(Rc::clone(self)));
        ActiveGuard(())
    }
}

/// How far one program's last run reached into the stack and the heap, to
/// map as much from the start of its next run: an access within the
/// mapped part needs no call to the access-violation handler.
///
/// The hint is exact to follow: the buffers are zero beyond what the last
/// program on them reached (and that is zeroed before a run), so mapping
/// more of them changes no access's outcome, only where the program's
/// reach starts. The reach never shrinks below the hint, so one run in
/// [`ReachHint::RELEARN`] on average (a per-thread pseudo-random draw)
/// starts without it: one deep run does not make every later run zero as
/// much.
#[derive(Debug, Default)]
pub(crate) struct ReachHint {
    stack: AtomicUsize,
    heap: AtomicUsize,
}

thread_local! {
    /// A xorshift32 state: when a run forgets its program's hint.
    static RELEARN_DRAW: Cell<u32> = const { Cell::new(0x9e37_79b9) };
}

impl ReachHint {
    /// One run in this many (on average) forgets the hint.
    const RELEARN: u32 = 64;

    /// The bytes of stack and heap to map from the start of the next run.
    pub(crate) fn get(&self) -> (usize, usize) {
        let draw = RELEARN_DRAW.with(|state| {
            let mut x = state.get();
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            state.set(x);
            x
        });
        if draw % Self::RELEARN == 0 {
            return (0, 0);
        }
        (self.stack.load(Ordering::Relaxed), self.heap.load(Ordering::Relaxed))
    }

    /// Records how far a run reached ([`Reach::reached`]). Unchanged values
    /// are not written again: threads running the same program share no
    /// cache line writes when it runs alike.
    pub(crate) fn set(&self, (stack, heap): (usize, usize)) {
        if self.stack.load(Ordering::Relaxed) != stack {
            self.stack.store(stack, Ordering::Relaxed);
        }
        if self.heap.load(Ordering::Relaxed) != heap {
            self.heap.store(heap, Ordering::Relaxed);
        }
    }
}

/// Keeps a [`Reach`] active; dropping it deactivates it.
pub(crate) struct ActiveGuard(());

impl Drop for ActiveGuard {
    fn drop(&mut self) {
        ACTIVE.with_borrow_mut(|active| active.pop());
    }
}

/// The host address of `[vm_addr, vm_addr + len)` when it lies in the part
/// of the running program's stack or heap not mapped yet (extending the
/// reach over it); `None` otherwise.
pub(crate) fn translate_unreached(vm_addr: u64, len: u64) -> Option<u64> {
    ACTIVE.with_borrow(|active| {
        let reach = active.last()?;
        reach.buffers.iter().find_map(|buffer| {
            let (begin, end) = buffer.host_range(vm_addr, len)?;
            buffer.reach_to(end);
            Some((buffer.host.get() as u64).saturating_add(begin as u64))
        })
    })
}

/// `error` as it reads with the whole stack and heap mapped: an access
/// violation in their range is named after them, not `unallocated`.
#[cold]
pub(crate) fn name_region(error: EbpfError) -> EbpfError {
    let EbpfError::AccessViolation(access, vm_addr, len, "unallocated") = error else { return error };
    let name = ACTIVE.with_borrow(|active| {
        active.last().and_then(|reach| reach.buffers.iter().find(|buffer| buffer.covers(vm_addr)).map(|buffer| buffer.name))
    });
    EbpfError::AccessViolation(access, vm_addr, len, name.unwrap_or("unallocated"))
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use solana_sbpf::{
        memory_region::MemoryMapping,
        program::SBPFVersion,
        vm::Config,
    };

    use super::*;

    const FRAME: u64 = 4096;

    /// A mapping of a 64-frame gapped stack and a 32 KiB heap, tracked, and
    /// the same buffers mapped whole.
    struct Pair {
        reach: Rc<Reach>,
        tracked: MemoryMapping,
        whole: MemoryMapping,
        _stack: Vec<u8>,
        _heap: Vec<u8>,
    }

    fn pair(stack: &mut [u8], heap: &mut [u8]) -> (Rc<Reach>, MemoryMapping, MemoryMapping) {
        let config = Config { aligned_memory_mapping: true, ..Config::default() };
        let reach = Reach::new(stack, FRAME, heap, (0, 0));
        let [stack_region, heap_region] = reach.regions();
        // SAFETY: the regions point into `stack` and `heap`, which the
        // tests keep alive and unmoved for as long as the mappings.
        let tracked = unsafe {
            MemoryMapping::new_with_access_violation_handler(
                vec![stack_region, heap_region],
                &config,
                SBPFVersion::V0,
                reach.handler(),
            )
        }
        .unwrap();
        let whole_regions = vec![
            MemoryRegion::new_gapped(&raw mut stack[..], ebpf::MM_STACK_START, FRAME),
            MemoryRegion::new(&raw mut heap[..], ebpf::MM_HEAP_START),
        ];
        // SAFETY: as above.
        let whole = unsafe { MemoryMapping::new(whole_regions, &config, SBPFVersion::V0) }.unwrap();
        (reach, tracked, whole)
    }

    fn new_pair() -> Pair {
        let mut stack = vec![0u8; 64 * FRAME as usize];
        let mut heap = vec![0u8; 32 * 1024];
        let (reach, tracked, whole) = pair(&mut stack, &mut heap);
        Pair { reach, tracked, whole, _stack: stack, _heap: heap }
    }

    fn outcome(result: solana_sbpf::error::ProgramResult) -> Result<u64, String> {
        match result {
            solana_sbpf::error::ProgramResult::Ok(value) => Ok(value),
            solana_sbpf::error::ProgramResult::Err(err) => Err(name_region(err).to_string()),
        }
    }

    #[test]
    fn loads_and_stores_decide_as_with_the_whole_buffers_and_reach_only_what_they_touch() {
        let mut p = new_pair();
        let _active = p.reach.activate();
        assert_eq!(p.reach.reached(), (4096, 0));
        let stack = ebpf::MM_STACK_START;
        let heap = ebpf::MM_HEAP_START;
        let addresses = [
            stack,
            stack + 8,
            stack + FRAME - 4,
            stack + FRAME,
            stack + 2 * FRAME + 100,
            stack + 2 * FRAME - 3,
            stack + 3 * FRAME - 3,
            stack + 101 * FRAME + 8,
            stack + 127 * FRAME + 4000,
            stack + 126 * FRAME + 8,
            stack + 128 * FRAME - 8,
            stack + 128 * FRAME,
            stack + 200 * FRAME,
            stack - 8,
            heap,
            heap + 5000,
            heap + 32 * 1024 - 4,
            heap + 32 * 1024 - 8,
            heap + 32 * 1024,
            heap + 40 * 1024,
            ebpf::MM_INPUT_START,
        ];
        for (i, vm_addr) in addresses.into_iter().enumerate() {
            let value = i as u64 + 1;
            assert_eq!(outcome(p.tracked.store(value, vm_addr)), outcome(p.whole.store(value, vm_addr)), "store at {vm_addr:#x}");
            assert_eq!(outcome(p.tracked.load::<u64>(vm_addr)), outcome(p.whole.load::<u64>(vm_addr)), "load at {vm_addr:#x}");
            assert_eq!(outcome(p.tracked.load::<u8>(vm_addr)), outcome(p.whole.load::<u8>(vm_addr)), "byte at {vm_addr:#x}");
        }
        // The last frame (VM frame 126) and the heap up to its end.
        assert_eq!(p.reach.reached(), (64 * 4096, 32 * 1024));
    }

    #[test]
    fn the_reach_stops_at_the_frames_touched() {
        let mut p = new_pair();
        let _active = p.reach.activate();
        p.tracked.store(7u64, ebpf::MM_STACK_START + 2 * FRAME + 16);
        p.tracked.store(7u8, ebpf::MM_HEAP_START + 100);
        assert_eq!(p.reach.reached(), (2 * 4096, 4096));
        // A syscall's translation of memory the program has not touched.
        let host = translate_unreached(ebpf::MM_HEAP_START + 10_000, 16).unwrap();
        assert_eq!(host, p._heap.as_ptr() as u64 + 10_000);
        assert_eq!(p.reach.reached(), (2 * 4096, 3 * 4096));
        assert_eq!(translate_unreached(ebpf::MM_HEAP_START + 32 * 1024 - 8, 16), None);
        assert_eq!(translate_unreached(ebpf::MM_STACK_START + FRAME, 8), None, "a gap");
        assert_eq!(translate_unreached(ebpf::MM_INPUT_START, 8), None);
    }

    #[test]
    fn the_top_of_the_heap_is_reachable_first() {
        // Solana's default allocator hands out memory from the top down.
        let mut p = new_pair();
        let _active = p.reach.activate();
        let top = ebpf::MM_HEAP_START + 32 * 1024 - 8;
        assert_eq!(outcome(p.tracked.store(9u64, top)), Ok(0));
        assert_eq!(outcome(p.tracked.load::<u64>(top)), Ok(9));
        assert_eq!(p.reach.reached(), (4096, 32 * 1024));
    }

    #[test]
    fn a_hint_maps_more_from_the_start_and_accesses_decide_as_without_it() {
        let mut stack = vec![0u8; 64 * FRAME as usize];
        let mut heap = vec![0u8; 32 * 1024];
        let (reach, mut tracked, mut whole) = pair(&mut stack, &mut heap);
        let mut heap_again = vec![0u8; 32 * 1024];
        let mut stack_again = vec![0u8; 64 * FRAME as usize];
        // Past the buffers, a hint stops at their ends.
        reach.reset(&mut stack_again, FRAME, &mut heap_again, (3 * 4096, 1 << 20));
        assert_eq!(reach.reached(), (3 * 4096, 32 * 1024));
        let _active = reach.activate();
        let [stack_region, heap_region] = reach.regions();
        // SAFETY: the regions point into `stack_again` and `heap_again`,
        // alive and unmoved until the end of the test.
        unsafe {
            tracked.replace_region(2, stack_region).unwrap();
            tracked.replace_region(3, heap_region).unwrap();
        }
        // SAFETY: as above, for `whole`'s regions.
        unsafe {
            whole.replace_region(2, MemoryRegion::new_gapped(&raw mut stack_again[..], ebpf::MM_STACK_START, FRAME)).unwrap();
            whole.replace_region(3, MemoryRegion::new(&raw mut heap_again[..], ebpf::MM_HEAP_START)).unwrap();
        }
        let stack_addr = ebpf::MM_STACK_START;
        // Frames are gapped: VM offset 4 × FRAME is in host frame 2, 8 × FRAME in host frame 4.
        for vm_addr in
            [stack_addr + 4 * FRAME + 8, stack_addr + FRAME, stack_addr + 9 * FRAME, stack_addr + 8 * FRAME + 8, ebpf::MM_HEAP_START + 8]
        {
            assert_eq!(outcome(tracked.store(5u64, vm_addr)), outcome(whole.store(5u64, vm_addr)), "store at {vm_addr:#x}");
            assert_eq!(outcome(tracked.load::<u64>(vm_addr)), outcome(whole.load::<u64>(vm_addr)), "load at {vm_addr:#x}");
        }
        // Beyond the hint, the reach grows as without it.
        assert_eq!(reach.reached(), (5 * 4096, 32 * 1024));
    }

    #[test]
    fn a_reach_hint_is_what_the_last_run_reached_and_is_forgotten_now_and_then() {
        let hint = ReachHint::default();
        assert_eq!(hint.get(), (0, 0));
        hint.set((8192, 4096));
        let runs = 64 * ReachHint::RELEARN;
        let hints: Vec<(usize, usize)> = (0..runs).map(|_| hint.get()).collect();
        let forgotten = hints.iter().filter(|h| **h == (0, 0)).count() as u32;
        assert!((32..=96).contains(&forgotten), "about once in {} runs: {forgotten} of {runs}", ReachHint::RELEARN);
        assert!(hints.iter().all(|h| *h == (0, 0) || *h == (8192, 4096)));
    }

    #[test]
    fn syscalls_see_the_whole_buffers_only_while_active() {
        let p = new_pair();
        assert_eq!(translate_unreached(ebpf::MM_HEAP_START + 64, 8), None);
        let guard = p.reach.activate();
        assert!(translate_unreached(ebpf::MM_HEAP_START + 64, 8).is_some());
        drop(guard);
        assert_eq!(translate_unreached(ebpf::MM_HEAP_START + 64, 8), None);
    }
}
