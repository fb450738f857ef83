//! Cases the toolchain must compile exactly: each reads its operands from
//! `input` and writes a byte string to `out`. The test runs every case
//! natively and as BPF (in solana-sbpf) and compares the bytes.
//!
//! BPF input buffer: `u32 case ‖ u32 len ‖ payload`; the result is written
//! at [`OUTPUT_OFFSET`] as `u64 len ‖ bytes`.
#![cfg_attr(target_os = "solana", no_std)]

extern crate alloc;

pub mod cases;

pub use cases::{OUTPUT_MAX, OUTPUT_OFFSET};

#[cfg(target_os = "solana")]
mod bpf {
    use core::alloc::{GlobalAlloc, Layout};

    const HEAP_START: usize = 0x3_0000_0000;
    const HEAP_LEN: usize = 32 * 1024;

    /// Bump allocator growing down from the heap's end; the cursor lives in
    /// the heap's first word (programs have no writable statics).
    struct Bump;

    unsafe impl GlobalAlloc for Bump {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let cursor = HEAP_START as *mut usize;
            // SAFETY: the heap region is mapped, zeroed and 8-aligned.
            let mut top = unsafe { *cursor };
            if top == 0 {
                top = HEAP_START + HEAP_LEN;
            }
            let start = top.saturating_sub(layout.size()) & !(layout.align() - 1);
            if start < HEAP_START + 8 {
                return core::ptr::null_mut();
            }
            // SAFETY: as above.
            unsafe { *cursor = start };
            start as *mut u8
        }
        unsafe fn dealloc(&self, _: *mut u8, _: Layout) {}
    }

    #[global_allocator]
    static ALLOCATOR: Bump = Bump;

    extern "C" {
        fn sol_panic_(file: *const u8, len: u64, line: u64, column: u64) -> !;
    }

    #[panic_handler]
    fn panic(info: &core::panic::PanicInfo) -> ! {
        let (file, line, column) = info.location().map_or(("?", 0, 0), |l| (l.file(), l.line(), l.column()));
        // SAFETY: the syscall reads `len` bytes of the file name and aborts.
        unsafe { sol_panic_(file.as_ptr(), file.len() as u64, line.into(), column.into()) }
    }

    /// # Safety
    /// `input` is the runtime's input region (at least 16 KiB here).
    #[no_mangle]
    pub unsafe extern "C" fn entrypoint(input: *mut u8) -> u64 {
        // SAFETY: the harness maps a 64 KiB region at `input`.
        let buffer = unsafe { core::slice::from_raw_parts_mut(input, super::OUTPUT_OFFSET + 8 + super::OUTPUT_MAX) };
        let case = u32::from_le_bytes(buffer[0..4].try_into().unwrap());
        let len = u32::from_le_bytes(buffer[4..8].try_into().unwrap()) as usize;
        let mut payload = [0u8; 256];
        payload[..len].copy_from_slice(&buffer[8..8 + len]);
        let (head, tail) = buffer.split_at_mut(super::OUTPUT_OFFSET + 8);
        let written = super::cases::run(case, &payload[..len], tail);
        head[super::OUTPUT_OFFSET..].copy_from_slice(&(written as u64).to_le_bytes());
        0
    }
}
