//! Calls `sol_log_compute_units_` twice in a row and returns 0: the whole
//! program is `call; call; mov r0, 0; exit`, so the logged figures are
//! exactly `available − 101` and `available − 202` (one unit per executed
//! instruction, 100 per call of the syscall) and the program consumes 204.
#![no_std]

#[cfg(any(target_os = "solana", target_arch = "bpf"))]
mod on_chain {
    use lamport_sdk::syscalls::sol_log_compute_units_;

    /// The program's entrypoint; the input is not read.
    #[no_mangle]
    pub extern "C" fn entrypoint(_input: *mut u8) -> u64 {
        // SAFETY: the syscall takes no arguments.
        unsafe {
            sol_log_compute_units_();
            sol_log_compute_units_();
        }
        0
    }

    lamport_sdk::no_allocator!();
    lamport_sdk::default_panic_handler!();
}
