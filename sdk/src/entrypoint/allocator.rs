//! Heap allocators for programs.
//!
//! The heap is a zeroed region at [`HEAP_START_ADDRESS`](super::HEAP_START_ADDRESS)
//! (32 KiB unless the transaction requests more). A program may not have
//! writable statics, so [`BumpAllocator`] keeps its cursor in the heap's
//! own first 8 bytes: zero means "nothing allocated yet", otherwise it is
//! the lowest address handed out. Allocation moves the cursor down from the
//! end of the heap; freeing the most recent allocation moves it back up,
//! other frees are no-ops.

use core::alloc::{GlobalAlloc, Layout};

/// A bump allocator over `[start, start + len)`.
#[derive(Debug)]
pub struct BumpAllocator {
    start: usize,
    len: usize,
}

impl BumpAllocator {
    /// An allocator over the `len` bytes at address `start`.
    pub const fn new(start: usize, len: usize) -> Self {
        Self { start, len }
    }

    /// Bytes handed out so far (with alignment padding), from the cursor.
    ///
    /// # Safety
    ///
    /// The region must be valid memory, as for allocation.
    pub unsafe fn used(&self) -> usize {
        // SAFETY: the region starts with the cursor word.
        let cursor = unsafe { (self.start as *const usize).read() };
        if cursor == 0 {
            0
        } else {
            self.start + self.len - cursor
        }
    }
}

// SAFETY: allocations are disjoint ranges inside the region, below the
// cursor word; null is returned when the region is exhausted.
unsafe impl GlobalAlloc for BumpAllocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let cursor_ptr = self.start as *mut usize;
        // SAFETY: the region is valid, zero-initialized memory (the heap).
        let mut cursor = unsafe { cursor_ptr.read() };
        if cursor == 0 {
            cursor = self.start + self.len;
        }
        let Some(position) = cursor.checked_sub(layout.size()) else {
            return core::ptr::null_mut();
        };
        let position = position & !(layout.align() - 1);
        if position < self.start + core::mem::size_of::<usize>() {
            return core::ptr::null_mut();
        }
        // SAFETY: as above.
        unsafe { cursor_ptr.write(position) };
        position as *mut u8
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let cursor_ptr = self.start as *mut usize;
        // SAFETY: the region is valid memory (the heap).
        unsafe {
            if cursor_ptr.read() == ptr as usize {
                cursor_ptr.write(ptr as usize + layout.size());
            }
        }
    }
}

/// An allocator that refuses every allocation.
#[derive(Debug, Clone, Copy)]
pub struct NoAllocator;

// SAFETY: it never hands out memory.
unsafe impl GlobalAlloc for NoAllocator {
    unsafe fn alloc(&self, _layout: Layout) -> *mut u8 {
        core::ptr::null_mut()
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}

#[cfg(all(test, not(any(target_os = "solana", target_arch = "bpf"))))]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn allocates_downward_aligned_and_frees_the_last() {
        let mut heap = vec![0u64; 128]; // 1 KiB
        let start = heap.as_mut_ptr() as usize;
        let bump = BumpAllocator::new(start, 1024);
        // SAFETY: `heap` is a valid, zeroed, 1 KiB region for the test.
        unsafe {
            let a = bump.alloc(Layout::from_size_align(10, 1).unwrap());
            assert_eq!(a as usize, start + 1024 - 10);
            let b = bump.alloc(Layout::from_size_align(16, 8).unwrap());
            assert_eq!(b as usize % 8, 0);
            assert!((b as usize) + 16 <= a as usize);
            assert_eq!(bump.used(), start + 1024 - b as usize);
            bump.dealloc(b, Layout::from_size_align(16, 8).unwrap());
            let c = bump.alloc(Layout::from_size_align(16, 8).unwrap());
            assert_eq!(c, b, "freeing the last allocation gives its space back");
            // An older block's free is a no-op.
            bump.dealloc(a, Layout::from_size_align(10, 1).unwrap());
            assert_eq!(bump.used(), start + 1024 - c as usize);
            // Exhaustion returns null and leaves the cursor alone.
            let used = bump.used();
            assert!(bump.alloc(Layout::from_size_align(2000, 1).unwrap()).is_null());
            assert!(bump.alloc(Layout::from_size_align(1024 - used, 1).unwrap()).is_null());
            assert_eq!(bump.used(), used);
            let rest = 1024 - used - 8;
            assert!(!bump.alloc(Layout::from_size_align(rest, 1).unwrap()).is_null());
            assert!(bump.alloc(Layout::from_size_align(1, 1).unwrap()).is_null());
            assert!(NoAllocator.alloc(Layout::from_size_align(1, 1).unwrap()).is_null());
        }
    }
}
