//! Return data and facts about the running invocation.
//!
//! A program can leave up to [`MAX_RETURN_DATA`] bytes for its caller
//! ([`set_return_data`]); after a cross-program invocation the caller reads
//! them with [`get_return_data`], which also names the program that set
//! them. The runtime logs non-empty return data as
//! `Program return: <program id> <base64>`.

use alloc::vec::Vec;

use crate::{pubkey::Pubkey, syscalls};

/// Most bytes of return data.
pub const MAX_RETURN_DATA: usize = 1024;

/// Sets this instruction's return data; an empty slice clears it.
///
/// # Panics
///
/// Not here, but the runtime fails the program if `data` is longer than
/// [`MAX_RETURN_DATA`].
pub fn set_return_data(data: &[u8]) {
    // SAFETY: `data` is valid for its length.
    unsafe { syscalls::sol_set_return_data(data.as_ptr(), data.len() as u64) };
}

/// The latest return data and the program that set it, copied into `buf`
/// (no heap): `(program, bytes copied, full length)`, or `None` when there
/// is none.
pub fn get_return_data_into(buf: &mut [u8]) -> Option<(Pubkey, usize, usize)> {
    let mut program = [0u8; 32];
    // SAFETY: `buf` and `program` are writable for the given lengths.
    let full = unsafe {
        syscalls::sol_get_return_data(buf.as_mut_ptr(), buf.len() as u64, program.as_mut_ptr())
    } as usize;
    if full == 0 {
        return None;
    }
    let copied = full.min(buf.len());
    if copied == 0 {
        // The runtime copies the program id only with at least one byte;
        // ask again for one byte to learn it.
        let mut one = [0u8; 1];
        // SAFETY: as above.
        unsafe { syscalls::sol_get_return_data(one.as_mut_ptr(), 1, program.as_mut_ptr()) };
    }
    Some((Pubkey::new_from_array(program), copied, full))
}

/// The latest return data and the program that set it.
pub fn get_return_data() -> Option<(Pubkey, Vec<u8>)> {
    let mut buf = [0u8; MAX_RETURN_DATA];
    let (program, copied, _) = get_return_data_into(&mut buf)?;
    Some((program, buf[..copied].to_vec()))
}

/// Compute units left in this transaction's budget.
///
/// The syscall's feature is not active on mainnet (Agave 4.3): there a call
/// fails the program. lamport-runtime follows that by default
/// (`FeatureSet::remaining_compute_units_syscall_enabled`).
pub fn remaining_compute_units() -> u64 {
    // SAFETY: no arguments.
    unsafe { syscalls::sol_remaining_compute_units() }
}

/// Depth of the current invocation: 1 for a top-level instruction, +1 per
/// cross-program invocation.
pub fn get_stack_height() -> u64 {
    // SAFETY: no arguments.
    unsafe { syscalls::sol_get_stack_height() }
}

#[cfg(all(test, not(any(target_os = "solana", target_arch = "bpf"))))]
mod tests {
    use super::*;
    use crate::syscalls::host;

    #[test]
    fn return_data_round_trip() {
        host::reset();
        assert_eq!(get_return_data(), None);
        let me = Pubkey::new_unique();
        host::set_program_id(me);
        set_return_data(b"result");
        assert_eq!(get_return_data(), Some((me, b"result".to_vec())));
        let mut small = [0u8; 3];
        assert_eq!(get_return_data_into(&mut small), Some((me, 3, 6)));
        assert_eq!(&small, b"res");
        assert_eq!(get_return_data_into(&mut []), Some((me, 0, 6)));
        set_return_data(&[]);
        assert_eq!(get_return_data(), None);
        host::set_stack_height(2);
        assert_eq!(get_stack_height(), 2);
        host::set_remaining_compute_units(77);
        assert_eq!(remaining_compute_units(), 77);
    }
}
