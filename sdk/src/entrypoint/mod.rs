//! The program entrypoint and the input buffer it parses.
//!
//! The runtime calls `entrypoint(input: *mut u8) -> u64` with `r1` =
//! `0x4_0000_0000`, the start of a buffer laid out as below (all integers
//! little-endian, every account entry 8-byte aligned). Returning 0 is
//! success; anything else is a [`ProgramError`](crate::program_error::ProgramError)
//! code.
//!
//! ```text
//! offset  size  field
//! 0       8     number of accounts N (at most 255)
//! 8       …     N account entries, each either:
//!
//!   duplicate entry (8 bytes) — the account at an earlier position again
//!     +0   1   index of the first occurrence (≠ 0xFF)
//!     +1   7   zero padding
//!
//!   account entry (96 + 10240 + roundup8(data_len) bytes)
//!     +0   1   NON_DUP_MARKER 0xFF            (this SDK: data borrow state afterwards)
//!     +1   1   is_signer (0/1)
//!     +2   1   is_writable (0/1)
//!     +3   1   executable (0/1)
//!     +4   3   zero from the runtime          (this SDK: original data_len + 1, 24 bits,
//!                                               once the length may change)
//!     +7   1   zero from the runtime
//!     +8   32  key
//!     +40  32  owner
//!     +72  8   lamports
//!     +80  8   data_len
//!     +88  data_len bytes of data
//!          10240 zero bytes (MAX_PERMITTED_DATA_INCREASE: room to grow)
//!          0–7 zero bytes (pad data_len up to a multiple of 8)
//!          8   rent_epoch
//!
//! then    8     instruction data length L
//!         L     instruction data
//!         32    program id
//! ```
//!
//! After a successful run the runtime reads back, for every non-duplicate
//! account, `lamports`, `data_len` and the data (growth beyond the original
//! length + 10240 is `InvalidRealloc`), and `owner` last. Flags, key and
//! rent epoch written by the program are ignored.
//!
//! Every offset and size above is a constant of this module; the runtime's
//! serializer uses the same constants, and [`serialize`] (host only)
//! builds such buffers for tests.
//!
//! The parser ([`deserialize`]) copies nothing: each
//! [`AccountInfo`] is one pointer to its entry, so the accounts array lives
//! on the stack (8 bytes per account). A duplicate entry yields a copy of
//! the first occurrence's view, sharing its borrow state.

mod allocator;
mod panic;
#[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
pub mod serialize;

use core::mem::MaybeUninit;

pub use allocator::{BumpAllocator, NoAllocator};
pub use panic::{log_message, report_location, report_panic, report_panic_with_message};

use crate::{account_info::AccountInfo, program_error::ProgramResult, pubkey::Pubkey};

/// Return value of a successful program.
pub use crate::program_error::SUCCESS;

/// Virtual address of the input buffer (`r1` at entry).
pub const INPUT_START_ADDRESS: u64 = 0x4_0000_0000;
/// Virtual address of the heap.
pub const HEAP_START_ADDRESS: u64 = 0x3_0000_0000;
/// Default heap size: 32 KiB (more with `RequestHeapFrame`).
pub const HEAP_LENGTH: usize = 32 * 1024;

/// Most accounts an instruction can have; more is `MaxAccountsExceeded`.
pub const MAX_INSTRUCTION_ACCOUNTS: usize = 255;
/// Default capacity of the entrypoint's accounts array (accounts beyond it
/// are parsed but not passed to the program).
pub const MAX_ACCOUNTS: usize = 64;

/// Size of the leading account count.
pub const NUM_ACCOUNTS_SIZE: usize = 8;
/// First byte of an account entry that is not a duplicate.
pub const NON_DUP_MARKER: u8 = 0xFF;
/// Size of a duplicate entry.
pub const DUPLICATE_ENTRY_SIZE: usize = 8;

/// Offset of the duplicate marker / index (and, after parsing, of this
/// SDK's borrow state).
pub const DUP_INFO_OFFSET: usize = 0;
/// Offset of `is_signer`.
pub const IS_SIGNER_OFFSET: usize = 1;
/// Offset of `is_writable`.
pub const IS_WRITABLE_OFFSET: usize = 2;
/// Offset of `executable`.
pub const EXECUTABLE_OFFSET: usize = 3;
/// Offset of the 4 padding bytes. This SDK records the original
/// `data_len` + 1 in their low 24 bits before the length first changes
/// (zero until then; see [`AccountInfo::original_data_len`]).
pub const ORIGINAL_DATA_LEN_OFFSET: usize = 4;
/// Offset of the key.
pub const KEY_OFFSET: usize = 8;
/// Offset of the owner.
pub const OWNER_OFFSET: usize = 40;
/// Offset of lamports.
pub const LAMPORTS_OFFSET: usize = 72;
/// Offset of `data_len`.
pub const DATA_LEN_OFFSET: usize = 80;
/// Offset of the data; also the size of the fixed account header.
pub const DATA_OFFSET: usize = 88;
/// Size of the fixed part of an account entry before the data.
pub const ACCOUNT_HEADER_SIZE: usize = DATA_OFFSET;
/// Room after the data for the program to grow it.
pub const MAX_PERMITTED_DATA_INCREASE: usize = 10 * 1024;
/// Alignment of data regions (`align_of::<u128>()` on BPF).
pub const BPF_ALIGN_OF_U128: usize = 8;
/// Size of the trailing rent epoch.
pub const RENT_EPOCH_SIZE: usize = 8;
/// Size of the instruction data length.
pub const INSTRUCTION_DATA_LEN_SIZE: usize = 8;
/// Size of the trailing program id.
pub const PROGRAM_ID_SIZE: usize = 32;

/// Zero bytes after the realloc room so `data_len + padding` is a
/// multiple of [`BPF_ALIGN_OF_U128`].
pub const fn data_padding(data_len: usize) -> usize {
    (BPF_ALIGN_OF_U128 - data_len % BPF_ALIGN_OF_U128) % BPF_ALIGN_OF_U128
}

/// Offset of `rent_epoch` in an account entry whose data is `data_len`
/// bytes long.
pub const fn rent_epoch_offset(data_len: usize) -> usize {
    DATA_OFFSET + data_len + MAX_PERMITTED_DATA_INCREASE + data_padding(data_len)
}

/// Size of a non-duplicate account entry: `96 + 10240 + roundup8(data_len)`.
pub const fn account_entry_size(data_len: usize) -> usize {
    rent_epoch_offset(data_len) + RENT_EPOCH_SIZE
}

/// The signature of a program's instruction handler.
pub type ProcessInstruction = fn(&Pubkey, &[AccountInfo], &[u8]) -> ProgramResult;

/// Size of a non-duplicate account entry without its data and padding:
/// header, realloc room and rent epoch (`account_entry_size(0)`).
const ENTRY_FIXED_SIZE: usize = DATA_OFFSET + MAX_PERMITTED_DATA_INCREASE + RENT_EPOCH_SIZE;

/// Address of the entry after the non-duplicate entry at `entry`, whose
/// data is `data_len` bytes long: `entry + account_entry_size(data_len)`,
/// computed as one add and one mask (entries start 8-byte aligned).
#[inline(always)]
fn next_entry(entry: *mut u8, data_len: usize) -> *mut u8 {
    const MASK: usize = !(BPF_ALIGN_OF_U128 - 1);
    let end = (entry.expose_provenance() + data_len + ENTRY_FIXED_SIZE + (BPF_ALIGN_OF_U128 - 1)) & MASK;
    core::ptr::with_exposed_provenance_mut(end)
}

/// Parses the input buffer without copying.
///
/// Writes a view of each of the first `N` accounts into `accounts` and
/// returns the program id, the initialized accounts and the instruction
/// data. Accounts past `N` are walked over (to find the instruction data)
/// but not returned. Nothing is written to the buffer.
///
/// # Safety
///
/// `input` must point to a buffer in the layout above (as the runtime or
/// `serialize::serialize_input` produce it), 8-byte aligned, valid and
/// not otherwise accessed while the returned references (which borrow
/// `accounts`' lifetime) are used.
#[inline(always)]
pub unsafe fn deserialize<const N: usize>(
    input: *mut u8,
    accounts: &mut [MaybeUninit<AccountInfo>; N],
) -> (&Pubkey, &[AccountInfo], &[u8]) {
    // SAFETY: the caller guarantees the layout; every read below stays
    // inside the entry sizes the layout defines, and every view written is
    // below `views + stored`, `stored <= N`.
    unsafe {
        let count = input.cast::<u64>().read() as usize;
        let views = accounts.as_mut_ptr().cast::<AccountInfo>();
        let mut entry = input.add(NUM_ACCOUNTS_SIZE);
        let mut stored = count;
        if N == 0 {
            entry = skip_accounts(entry, count);
            stored = 0;
        } else if count > 0 {
            // The first account is never a duplicate; handling it apart
            // makes one-account instructions cheap.
            entry = parse_account(entry, views);
            if count > 1 {
                stored = if count < N { count } else { N };
                if N > 1 {
                    let mut view = views.add(1);
                    let last = views.add(stored - 1);
                    // Two accounts per round while two remain: one loop
                    // test per pair.
                    while view < last {
                        entry = parse_entry(entry, views, view);
                        entry = parse_entry(entry, views, view.add(1));
                        view = view.add(2);
                    }
                    if view == last {
                        entry = parse_entry(entry, views, view);
                    }
                }
                if count > N {
                    entry = skip_accounts(entry, count - N);
                }
            }
        }
        let data_len = entry.cast::<u64>().read() as usize;
        let data = entry.add(INSTRUCTION_DATA_LEN_SIZE);
        let program_id = &*data.add(data_len).cast::<Pubkey>();
        let data = core::slice::from_raw_parts(data, data_len);
        let accounts = core::slice::from_raw_parts(views, stored);
        (program_id, accounts, data)
    }
}

/// Parses the entry at `entry` — an account or a duplicate — into `view`
/// and returns the next entry.
///
/// # Safety
///
/// `entry` must be an entry of an input buffer, `view` valid for a write,
/// and `views..view` the initialized views of the entries before it.
#[inline(always)]
unsafe fn parse_entry(entry: *mut u8, views: *mut AccountInfo, view: *mut AccountInfo) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    unsafe {
        if entry.read() == NON_DUP_MARKER {
            parse_account(entry, view)
        } else {
            copy_duplicate(views, view, entry.read());
            entry.add(DUPLICATE_ENTRY_SIZE)
        }
    }
}

/// Walks over `count` entries (accounts beyond the array's capacity) and
/// returns the entry after them.
///
/// # Safety
///
/// `entry` must be followed by `count` entries of an input buffer.
#[inline(always)]
unsafe fn skip_accounts(mut entry: *mut u8, count: usize) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    unsafe {
        for _ in 0..count {
            entry = if entry.read() == NON_DUP_MARKER {
                next_entry(entry, entry.add(DATA_LEN_OFFSET).cast::<u64>().read() as usize)
            } else {
                entry.add(DUPLICATE_ENTRY_SIZE)
            };
        }
        entry
    }
}

/// Writes the view of the non-duplicate entry at `entry` to `view` and
/// returns the next entry.
///
/// # Safety
///
/// `entry` must be a non-duplicate entry of an input buffer, `view` valid
/// for a write.
#[inline(always)]
unsafe fn parse_account(entry: *mut u8, view: *mut AccountInfo) -> *mut u8 {
    // SAFETY: forwarded from the caller; `data_len` is in the header.
    unsafe {
        view.write(AccountInfo::from_raw(entry));
        next_entry(entry, entry.add(DATA_LEN_OFFSET).cast::<u64>().read() as usize)
    }
}

/// Writes to `view` a copy of the view at index `first` (a duplicate
/// entry's first occurrence). Cold: duplicates are rare, and keeping this
/// path out of the loop keeps the common path short.
///
/// # Safety
///
/// `views..view` must be initialized views and `first` an index among them.
#[cold]
#[inline(always)]
unsafe fn copy_duplicate(views: *mut AccountInfo, view: *mut AccountInfo, first: u8) {
    debug_assert!(views.wrapping_add(first as usize) < view, "duplicate index {first}");
    // SAFETY: forwarded from the caller.
    unsafe { view.write(views.add(first as usize).read()) }
}

/// What the `entrypoint` symbol defined by [`entrypoint!`](crate::entrypoint!)
/// does: parse the input into at most `N` accounts, call `process`, and
/// turn its result into the return code.
///
/// # Safety
///
/// As [`deserialize`].
#[inline(always)]
pub unsafe fn process_entrypoint<const N: usize>(input: *mut u8, process: ProcessInstruction) -> u64 {
    let mut accounts = [const { MaybeUninit::<AccountInfo>::uninit() }; N];
    // SAFETY: forwarded from the caller.
    let (program_id, accounts, data) = unsafe { deserialize::<N>(input, &mut accounts) };
    match process(program_id, accounts, data) {
        Ok(()) => SUCCESS,
        Err(error) => error.to_u64(),
    }
}

/// Defines the program's entrypoint, its heap allocator and its panic
/// handler.
///
/// `entrypoint!(process_instruction)` passes at most [`MAX_ACCOUNTS`] (64)
/// accounts; `entrypoint!(process_instruction, 255)` raises that (each
/// account costs 8 bytes of the entrypoint's 4 KiB stack frame).
///
/// The `entrypoint` symbol, the allocator and the panic handler exist only
/// on-chain; on the host the macro defines nothing, and tests call the
/// handler directly.
///
/// For a custom heap or panic handler, use [`program_entrypoint!`](crate::program_entrypoint!)
/// with [`default_allocator!`](crate::default_allocator!),
/// [`heap_allocator!`](crate::heap_allocator!), [`no_allocator!`](crate::no_allocator!)
/// and [`default_panic_handler!`](crate::default_panic_handler!) or
/// [`terse_panic_handler!`](crate::terse_panic_handler!).
///
/// # `no_std` and `std` programs
///
/// A panic logs its message and fails the program with its location
/// ([`default_panic_handler!`](crate::default_panic_handler!)). In a
/// `#![no_std]` program the macro defines the `#[panic_handler]`. A program
/// that uses `std` enables this crate's `std` feature
/// (`lamport-sdk = { version = "…", features = ["std"] }`): std then owns the
/// panic handler, and the macro defines the `custom_panic` hook std calls
/// instead (as `solana-program`'s and Pinocchio's entrypoints do). Without
/// the feature a `std` program fails to build with ``found duplicate lang
/// item `panic_impl` ``; with it, a `no_std` program fails because no
/// `#[panic_handler]` function is defined.
#[macro_export]
macro_rules! entrypoint {
    ($process:expr) => {
        $crate::entrypoint!($process, $crate::entrypoint::MAX_ACCOUNTS);
    };
    ($process:expr, $max_accounts:expr) => {
        $crate::program_entrypoint!($process, $max_accounts);
        $crate::default_allocator!();
        $crate::default_panic_handler!();
    };
}

/// Defines only the `entrypoint` symbol (see [`entrypoint!`](crate::entrypoint!)).
#[macro_export]
macro_rules! program_entrypoint {
    ($process:expr) => {
        $crate::program_entrypoint!($process, $crate::entrypoint::MAX_ACCOUNTS);
    };
    ($process:expr, $max_accounts:expr) => {
        $crate::on_chain! {
            /// The program's entrypoint, called by the runtime.
            ///
            /// # Safety
            ///
            /// `input` must be the runtime's input buffer.
            #[no_mangle]
            pub unsafe extern "C" fn entrypoint(input: *mut u8) -> u64 {
                // SAFETY: the runtime passes its input buffer.
                unsafe {
                    $crate::entrypoint::process_entrypoint::<{ $max_accounts }>(input, $process)
                }
            }
        }

        $crate::on_host! {
            // On the host the handler is only called by tests; naming it
            // here keeps it from being reported as unused and checks its
            // signature.
            const _: $crate::entrypoint::ProcessInstruction = $process;
        }
    };
}

/// Installs the bump allocator over the default 32 KiB heap.
#[macro_export]
macro_rules! default_allocator {
    () => {
        $crate::heap_allocator!($crate::entrypoint::HEAP_LENGTH);
    };
}

/// Installs the bump allocator over a heap of `$bytes` bytes (request it
/// with `compute_budget::request_heap_frame`).
#[macro_export]
macro_rules! heap_allocator {
    ($bytes:expr) => {
        $crate::on_chain! {
            #[global_allocator]
            static LAMPORT_ALLOCATOR: $crate::entrypoint::BumpAllocator =
                $crate::entrypoint::BumpAllocator::new(
                    $crate::entrypoint::HEAP_START_ADDRESS as usize,
                    $bytes,
                );
        }
    };
}

/// Installs an allocator that refuses every allocation (any use of the
/// heap then panics), for programs that must not allocate.
#[macro_export]
macro_rules! no_allocator {
    () => {
        $crate::on_chain! {
            #[global_allocator]
            static LAMPORT_ALLOCATOR: $crate::entrypoint::NoAllocator =
                $crate::entrypoint::NoAllocator;
        }
    };
}

/// Installs the default panic handler: logs the panic message
/// (`Program log: <message>`), then fails the program through `sol_panic_`
/// with the file, line and column (`SBF program Panicked in <file> at
/// <line>:<col>`). See [`report_panic`] for what it costs.
///
/// In a `no_std` program it is the `#[panic_handler]`. In a program that uses
/// `std` (enable this crate's `std` feature), std owns the panic handler and
/// calls the program's `custom_panic(&PanicInfo)` hook, as on Solana's own
/// toolchain; the macro then defines that hook instead.
#[macro_export]
macro_rules! default_panic_handler {
    () => {
        $crate::__panic_entry!($crate::entrypoint::report_panic);
    };
}

/// The same handler as [`default_panic_handler!`](crate::default_panic_handler)
/// (which logs the message too, now).
#[macro_export]
macro_rules! verbose_panic_handler {
    () => {
        $crate::__panic_entry!($crate::entrypoint::report_panic);
    };
}

/// Installs a panic handler that reports only the location through
/// `sol_panic_` and never formats the message: the smallest program when its
/// panics format arguments. Use it with
/// [`program_entrypoint!`](crate::program_entrypoint) and an allocator macro
/// instead of [`entrypoint!`](crate::entrypoint!).
#[macro_export]
macro_rules! terse_panic_handler {
    () => {
        $crate::__panic_entry!($crate::entrypoint::report_location);
    };
}

/// The panic entry point calling `$report`: the `#[panic_handler]` of a
/// `no_std` program.
#[cfg(not(feature = "std"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __panic_entry {
    ($report:path) => {
        $crate::on_chain! {
            #[panic_handler]
            fn lamport_panic(info: &::core::panic::PanicInfo<'_>) -> ! {
                $report(info)
            }
        }
    };
}

/// The panic entry point calling `$report`: with `std`, the `custom_panic`
/// hook std's panic handler calls before aborting.
#[cfg(feature = "std")]
#[doc(hidden)]
#[macro_export]
macro_rules! __panic_entry {
    ($report:path) => {
        $crate::on_chain! {
            /// Called by std's panic handler with every panic.
            #[no_mangle]
            fn custom_panic(info: &::core::panic::PanicInfo<'_>) {
                $report(info)
            }
        }
    };
}

/// Expands to its items only on-chain (`target_os = "solana"` or
/// `target_arch = "bpf"`). The target test happens in this crate, so crates
/// using the SDK's macros need not know the `solana` target name.
#[cfg(any(target_os = "solana", target_arch = "bpf"))]
#[macro_export]
macro_rules! on_chain {
    ($($item:item)*) => { $($item)* };
}

/// Expands to its items only on-chain (`target_os = "solana"` or
/// `target_arch = "bpf"`). The target test happens in this crate, so crates
/// using the SDK's macros need not know the `solana` target name.
#[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
#[macro_export]
macro_rules! on_chain {
    ($($item:item)*) => {};
}

/// Expands to its items only on the host (the opposite of
/// [`on_chain!`](crate::on_chain!)).
#[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
#[macro_export]
macro_rules! on_host {
    ($($item:item)*) => { $($item)* };
}

/// Expands to its items only on the host (the opposite of
/// [`on_chain!`](crate::on_chain!)).
#[cfg(any(target_os = "solana", target_arch = "bpf"))]
#[macro_export]
macro_rules! on_host {
    ($($item:item)*) => {};
}

#[cfg(all(test, not(any(target_os = "solana", target_arch = "bpf"))))]
mod tests;
