//! Every syscall the SDK uses, declared in one place.
//!
//! On-chain (`target_os = "solana"` or `target_arch = "bpf"`) these are
//! `extern "C"` functions: each call becomes `call -1` plus a relocation
//! against the symbol name, which the loader resolves to the syscall's
//! murmur3 hash. On the host the same names are ordinary functions
//! ([`host`]) that behave like the runtime's syscalls — logging into a
//! per-thread buffer, hashing with `sha2`, recording cross-program
//! invocations — so a program's unit tests run with `cargo test`.
//!
//! All of them are `unsafe`: pointers are raw addresses and lengths are not
//! checked by the caller's type system. The safe wrappers live with their
//! concept ([`log`](crate::log), [`hash`](crate::hash), [`cpi`](crate::cpi),
//! [`program`](crate::program), [`sysvar`](crate::sysvar),
//! [`pubkey`](mod@crate::pubkey)).
//!
//! Signatures (arguments go in `r1`..`r5`, the result in `r0`):
//!
//! | syscall | arguments | result |
//! |---|---|---|
//! | `sol_log_` | message, len | – |
//! | `sol_log_64_` | five `u64` | – |
//! | `sol_log_compute_units_` | – | – |
//! | `sol_log_pubkey` | `*const [u8; 32]` | – |
//! | `sol_log_data` | `*const [SolBytes]`, count | – |
//! | `sol_memcpy_`, `sol_memmove_` | dst, src, n | – |
//! | `sol_memset_` | dst, byte, n | – |
//! | `sol_memcmp_` | a, b, n, `*mut i32` | – |
//! | `sol_sha256`, `sol_keccak256` | `*const [SolBytes]`, count, `*mut [u8; 32]` | 0 |
//! | `sol_create_program_address` | seeds, count, program id, `*mut [u8; 32]` | 0 or 1 (on curve) |
//! | `sol_try_find_program_address` | seeds, count, program id, `*mut [u8; 32]`, `*mut u8` bump | 0 or 1 |
//! | `sol_invoke_signed_c` | instruction, account infos, count, signer seeds, count | 0 |
//! | `sol_invoke_signed_rust` | same, Rust layouts | 0 |
//! | `sol_set_return_data` | data, len (≤ 1024) | – |
//! | `sol_get_return_data` | buffer, len, `*mut [u8; 32]` program id | full length |
//! | `sol_get_clock_sysvar`, `sol_get_rent_sysvar` | `*mut` sysvar | 0 |
//! | `sol_get_sysvar` | `*const [u8; 32]` id, `*mut u8` out, offset, length | 0, 1 (range past the end) or 2 (unknown sysvar) |
//! | `sol_remaining_compute_units` | – | units left |
//! | `sol_get_stack_height` | – | invoke depth, 1 at top level |
//! | `sol_panic_` | file, len, line, column | never returns |
//! | `abort` | – | never returns |

#[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
pub mod host;
#[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
pub use host::{
    abort, sol_create_program_address, sol_get_clock_sysvar, sol_get_rent_sysvar, sol_get_sysvar,
    sol_get_return_data, sol_get_stack_height, sol_invoke_signed_c, sol_invoke_signed_rust,
    sol_keccak256, sol_log_, sol_log_64_, sol_log_compute_units_, sol_log_data, sol_log_pubkey,
    sol_memcmp_, sol_memcpy_, sol_memmove_, sol_memset_, sol_panic_, sol_remaining_compute_units,
    sol_set_return_data, sol_sha256, sol_try_find_program_address,
};

#[cfg(any(target_os = "solana", target_arch = "bpf"))]
extern "C" {
    /// Logs a UTF-8 message as `Program log: <message>`.
    pub fn sol_log_(message: *const u8, len: u64);
    /// Logs five numbers in hex as `Program log: 0x.., 0x.., …`.
    pub fn sol_log_64_(arg1: u64, arg2: u64, arg3: u64, arg4: u64, arg5: u64);
    /// Logs `Program consumption: <n> units remaining`.
    pub fn sol_log_compute_units_();
    /// Logs a 32-byte address in base58.
    pub fn sol_log_pubkey(pubkey: *const u8);
    /// Logs slices in base64 as `Program data: <b64> <b64> …`.
    pub fn sol_log_data(data: *const u8, data_len: u64);
    /// Copies `n` bytes between non-overlapping regions.
    pub fn sol_memcpy_(dst: *mut u8, src: *const u8, n: u64);
    /// Copies `n` bytes between possibly overlapping regions.
    pub fn sol_memmove_(dst: *mut u8, src: *const u8, n: u64);
    /// Fills `n` bytes with `c`.
    pub fn sol_memset_(s: *mut u8, c: u8, n: u64);
    /// Compares `n` bytes; writes the difference of the first differing pair.
    pub fn sol_memcmp_(s1: *const u8, s2: *const u8, n: u64, result: *mut i32);
    /// SHA-256 over a list of slices.
    pub fn sol_sha256(vals: *const u8, val_len: u64, hash_result: *mut u8) -> u64;
    /// Keccak-256 over a list of slices.
    pub fn sol_keccak256(vals: *const u8, val_len: u64, hash_result: *mut u8) -> u64;
    /// Derives a program address; 1 if the result is on the curve.
    pub fn sol_create_program_address(
        seeds: *const u8,
        seeds_len: u64,
        program_id: *const u8,
        address: *mut u8,
    ) -> u64;
    /// Finds the canonical program address and bump; 1 if none.
    pub fn sol_try_find_program_address(
        seeds: *const u8,
        seeds_len: u64,
        program_id: *const u8,
        address: *mut u8,
        bump_seed: *mut u8,
    ) -> u64;
    /// Cross-program invocation with the C structures.
    pub fn sol_invoke_signed_c(
        instruction_addr: *const u8,
        account_infos_addr: *const u8,
        account_infos_len: u64,
        signers_seeds_addr: *const u8,
        signers_seeds_len: u64,
    ) -> u64;
    /// Cross-program invocation with Solana's Rust structures.
    pub fn sol_invoke_signed_rust(
        instruction_addr: *const u8,
        account_infos_addr: *const u8,
        account_infos_len: u64,
        signers_seeds_addr: *const u8,
        signers_seeds_len: u64,
    ) -> u64;
    /// Sets this instruction's return data (at most 1024 bytes).
    pub fn sol_set_return_data(data: *const u8, length: u64);
    /// Copies the latest return data; returns its full length.
    pub fn sol_get_return_data(data: *mut u8, length: u64, program_id: *mut u8) -> u64;
    /// Copies the Clock sysvar.
    pub fn sol_get_clock_sysvar(addr: *mut u8) -> u64;
    /// Copies the Rent sysvar.
    pub fn sol_get_rent_sysvar(addr: *mut u8) -> u64;
    /// Copies `length` bytes of a sysvar's account data from `offset`.
    pub fn sol_get_sysvar(sysvar_id: *const u8, out: *mut u8, offset: u64, length: u64) -> u64;
    /// Compute units left.
    pub fn sol_remaining_compute_units() -> u64;
    /// Invocation depth: 1 for a top-level instruction.
    pub fn sol_get_stack_height() -> u64;
    /// Aborts with "Panicked in <file> at <line>:<column>".
    pub fn sol_panic_(filename: *const u8, filename_len: u64, line: u64, column: u64) -> !;
    /// Aborts the program.
    pub fn abort() -> !;
}

/// A `{ address, length }` pair: how syscalls receive a list of byte
/// slices (hash inputs, seeds, `sol_log_data` fields). 16 bytes, `repr(C)`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SolBytes {
    /// Address of the first byte.
    pub addr: *const u8,
    /// Number of bytes.
    pub len: u64,
}

impl SolBytes {
    /// The empty slice.
    pub const EMPTY: Self = Self {
        addr: core::ptr::null(),
        len: 0,
    };

    /// Describes `bytes`.
    pub fn new(bytes: &[u8]) -> Self {
        Self {
            addr: bytes.as_ptr(),
            len: bytes.len() as u64,
        }
    }
}

/// Calls a hash syscall over `slices`, building the `SolBytes` list on the
/// stack when there are at most 16 slices (the usual case) and on the
/// heap otherwise.
#[cfg(any(target_os = "solana", target_arch = "bpf"))]
pub(crate) fn hash_slices(
    syscall: unsafe extern "C" fn(*const u8, u64, *mut u8) -> u64,
    slices: &[&[u8]],
) -> [u8; 32] {
    use core::mem::MaybeUninit;
    const STACK_SLICES: usize = 16;
    let call = |list: *const SolBytes, count: usize| {
        let mut out = MaybeUninit::<[u8; 32]>::uninit();
        // SAFETY: `list` points to `count` initialized {addr, len} pairs that
        // borrow `slices`, and `out` is 32 writable bytes, all of which the
        // syscall writes before returning.
        unsafe {
            syscall(list.cast(), count as u64, out.as_mut_ptr().cast());
            out.assume_init()
        }
    };
    if slices.len() <= STACK_SLICES {
        // Only the entries in use are written: no zeroing of the rest.
        let mut list = [const { MaybeUninit::<SolBytes>::uninit() }; STACK_SLICES];
        for (slot, slice) in list.iter_mut().zip(slices) {
            slot.write(SolBytes::new(slice));
        }
        call(list.as_ptr().cast(), slices.len())
    } else {
        let list: alloc::vec::Vec<SolBytes> = slices.iter().map(|s| SolBytes::new(s)).collect();
        call(list.as_ptr(), list.len())
    }
}
