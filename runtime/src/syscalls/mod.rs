//! The syscalls programs call, one file per family, with Agave's costs and
//! log lines (`ABI-agave.md` §3).
//!
//! Every syscall charges its compute units first; when the meter runs out it
//! fails with `ComputationalBudgetExceeded`. Pointers are VM addresses,
//! translated against the program's memory map; for programs of the aligned
//! loaders a misaligned pointer to a typed value is an error.

/// Declares a syscall. The body sees the invoke context and, as
/// `memory_mapping`, the memory map of the program that made the call.
macro_rules! syscall {
    (
        $(#[$attr:meta])*
        $name:ident,
        fn rust(
            $ctx:ident : &mut InvokeContext,
            $a:ident : u64,
            $b:ident : u64,
            $c:ident : u64,
            $d:ident : u64,
            $e:ident : u64,
            $mm:ident : &mut MemoryMapping $(,)?
        ) -> Result<u64, Box<dyn std::error::Error>> {
            $($body:tt)*
        }
    ) => {
        solana_sbpf::declare_builtin_function!(
            $(#[$attr])*
            $name,
            fn rust(
                $ctx: &mut crate::invoke_context::InvokeContext,
                $a: u64,
                $b: u64,
                $c: u64,
                $d: u64,
                $e: u64,
            ) -> Result<u64, Box<dyn std::error::Error>> {
                let mapping = $ctx.memory_mapping().map_err(|err| Box::new(crate::syscalls::SyscallError::Instruction(err)))?;
                // SAFETY: the memory map is owned by the `vm::execute` call
                // running the calling program, which outlives this syscall;
                // the runtime holds no other reference to it while the
                // program's syscall runs.
                #[allow(unused_variables)]
                let $mm: &mut solana_sbpf::memory_region::MemoryMapping = unsafe { &mut *mapping.as_ptr() };
                $($body)*
            }
        );
    };
}

mod alt_bn128;
mod bls12_381;
mod cpi;
mod curve25519;
mod epoch_stake;
mod hashing;
mod logging;
mod mem_ops;
mod misc;
mod pda;
mod poseidon;
mod return_data;
mod secp256k1;
mod sibling;
mod sysvar;

use solana_sbpf::{
    elf::ElfError,
    error::{EbpfError, StableResult},
    memory_region::{AccessType, MemoryMapping},
    program::{BuiltinFunctionDefinition, BuiltinProgram},
};

use crate::{error::InstructionError, feature_set::FeatureSet, invoke_context::InvokeContext};

pub(crate) use cpi::native_invoke;
pub(crate) use misc::BumpAllocator;
pub(crate) use pda::{create_program_address, PdaError};

/// Why a syscall aborted the program.
#[derive(Debug, thiserror::Error)]
pub enum SyscallError {
    /// An instruction error raised inside a syscall (out of compute units, a
    /// failed cross-program invocation…); it becomes the instruction's error.
    #[error("{0}")]
    Instruction(InstructionError),
    /// A VM memory access was out of bounds or not permitted.
    #[error(transparent)]
    Memory(EbpfError),
    /// A string argument is not valid UTF-8.
    #[error("{0}: {1:?}")]
    InvalidString(std::str::Utf8Error, Vec<u8>),
    /// The program called `abort`.
    #[error("SBF program panicked")]
    Abort,
    /// The program called `sol_panic_`.
    #[error("SBF program Panicked in {0} at {1}:{2}")]
    Panic(String, u64, u64),
    /// Seeds of a program address are invalid.
    #[error("Could not create program address with signer seeds: {0}")]
    BadSeeds(PdaError),
    /// The invoked program may not be called through CPI.
    #[error("Program {0} not supported by inner instructions")]
    ProgramNotSupported(String),
    /// A typed pointer is not naturally aligned.
    #[error("Unaligned pointer")]
    UnalignedPointer,
    /// More than 16 signers in a CPI.
    #[error("Too many signers")]
    TooManySigners,
    /// memcpy with overlapping source and destination.
    #[error("Overlapping copy")]
    CopyOverlapping,
    /// Return data larger than 1,024 bytes.
    #[error("Return data too large ({0} > {1})")]
    ReturnDataTooLarge(u64, u64),
    /// More hash slices than allowed.
    #[error("Hashing too many sequences")]
    TooManySlices,
    /// A length does not fit the host's address space.
    #[error("InvalidLength")]
    InvalidLength,
    /// CPI instruction data exceeds 10 KiB.
    #[error("Invoked an instruction with data that is too large ({data_len} > {max_data_len})")]
    MaxInstructionDataLenExceeded {
        /// Data length given.
        data_len: u64,
        /// Largest allowed.
        max_data_len: u64,
    },
    /// CPI instruction with more than 255 accounts.
    #[error("Invoked an instruction with too many accounts ({num_accounts} > {max_accounts})")]
    MaxInstructionAccountsExceeded {
        /// Accounts given.
        num_accounts: u64,
        /// Largest allowed.
        max_accounts: u64,
    },
    /// CPI with more than 255 account infos.
    #[error("Invoked an instruction with too many account info's ({num_account_infos} > {max_account_infos})")]
    MaxInstructionAccountInfosExceeded {
        /// Account infos given.
        num_account_infos: u64,
        /// Largest allowed.
        max_account_infos: u64,
    },
    /// A sysvar was requested into memory outside stack and heap.
    #[error("Invalid pointer")]
    InvalidPointer,
    /// An unknown curve, operation or mode was asked of a cryptographic syscall.
    #[error("InvalidAttribute")]
    InvalidAttribute,
    /// Invalid Poseidon parameters or endianness.
    #[error("{0}")]
    Poseidon(solana_poseidon::PoseidonSyscallError),
}

impl From<InstructionError> for SyscallError {
    fn from(error: InstructionError) -> Self {
        SyscallError::Instruction(error)
    }
}

/// Result of the syscall bodies.
pub(crate) type SyscallResult = Result<u64, SyscallError>;

/// Converts a syscall body's result into what solana_sbpf expects.
pub(crate) fn to_vm(result: SyscallResult) -> Result<u64, Box<dyn std::error::Error>> {
    result.map_err(|err| Box::new(err) as Box<dyn std::error::Error>)
}

/// Registers every syscall with its symbol name (looked up by the name's
/// hash): those Agave 4.3 registers for programs with mainnet's feature set
/// (so not `sol_blake3`, `sol_sha512`, `sol_big_mod_exp` or
/// `sol_get_fees_sysvar`), and `sol_remaining_compute_units`, whose feature
/// is not active on mainnet but which the SDK offers: registered only when
/// `features` turn it on.
pub(crate) fn register(loader: &mut BuiltinProgram<InvokeContext>, features: &FeatureSet) -> Result<(), ElfError> {
    // Registers a syscall unless the feature set turns it off.
    macro_rules! syscall {
        ($function:path, $name:literal) => {
            if features.syscall_enabled($name.as_bytes()) {
                <$function>::register(loader, $name)?;
            }
        };
    }
    syscall!(misc::SyscallAbort, "abort");
    syscall!(misc::SyscallPanic, "sol_panic_");
    syscall!(logging::SyscallLog, "sol_log_");
    syscall!(logging::SyscallLogU64, "sol_log_64_");
    syscall!(logging::SyscallLogComputeUnits, "sol_log_compute_units_");
    syscall!(logging::SyscallLogPubkey, "sol_log_pubkey");
    syscall!(logging::SyscallLogData, "sol_log_data");
    syscall!(mem_ops::SyscallMemcpy, "sol_memcpy_");
    syscall!(mem_ops::SyscallMemmove, "sol_memmove_");
    syscall!(mem_ops::SyscallMemset, "sol_memset_");
    syscall!(mem_ops::SyscallMemcmp, "sol_memcmp_");
    syscall!(hashing::SyscallSha256, "sol_sha256");
    syscall!(hashing::SyscallKeccak256, "sol_keccak256");
    syscall!(pda::SyscallCreateProgramAddress, "sol_create_program_address");
    syscall!(pda::SyscallTryFindProgramAddress, "sol_try_find_program_address");
    syscall!(cpi::SyscallInvokeSignedC, "sol_invoke_signed_c");
    syscall!(cpi::SyscallInvokeSignedRust, "sol_invoke_signed_rust");
    syscall!(return_data::SyscallSetReturnData, "sol_set_return_data");
    syscall!(return_data::SyscallGetReturnData, "sol_get_return_data");
    syscall!(sysvar::SyscallGetClockSysvar, "sol_get_clock_sysvar");
    syscall!(sysvar::SyscallGetRentSysvar, "sol_get_rent_sysvar");
    syscall!(misc::SyscallAllocFree, "sol_alloc_free_");
    syscall!(misc::SyscallRemainingComputeUnits, "sol_remaining_compute_units");
    syscall!(misc::SyscallGetStackHeight, "sol_get_stack_height");
    syscall!(sysvar::SyscallGetEpochScheduleSysvar, "sol_get_epoch_schedule_sysvar");
    syscall!(sysvar::SyscallGetEpochRewardsSysvar, "sol_get_epoch_rewards_sysvar");
    syscall!(sysvar::SyscallGetLastRestartSlotSysvar, "sol_get_last_restart_slot");
    syscall!(sysvar::SyscallGetSysvar, "sol_get_sysvar");
    syscall!(epoch_stake::SyscallGetEpochStake, "sol_get_epoch_stake");
    syscall!(sibling::SyscallGetProcessedSiblingInstruction, "sol_get_processed_sibling_instruction");
    syscall!(secp256k1::SyscallSecp256k1Recover, "sol_secp256k1_recover");
    syscall!(curve25519::SyscallCurveValidatePoint, "sol_curve_validate_point");
    syscall!(curve25519::SyscallCurveGroupOp, "sol_curve_group_op");
    syscall!(curve25519::SyscallCurveMultiscalarMul, "sol_curve_multiscalar_mul");
    syscall!(alt_bn128::SyscallAltBn128GroupOp, "sol_alt_bn128_group_op");
    syscall!(alt_bn128::SyscallAltBn128Compression, "sol_alt_bn128_compression");
    syscall!(poseidon::SyscallPoseidon, "sol_poseidon");
    syscall!(bls12_381::SyscallCurveDecompress, "sol_curve_decompress");
    syscall!(bls12_381::SyscallCurvePairingMap, "sol_curve_pairing_map");
    Ok(())
}

/// Whether the executing program's syscalls check pointer alignment.
pub(crate) fn check_aligned(ctx: &InvokeContext) -> bool {
    ctx.frames.last().and_then(|frame| frame.vm.as_ref()).is_none_or(|vm| vm.check_aligned)
}

/// Translates `[vm_addr, vm_addr + len)` to a host address.
pub(crate) fn translate(
    memory_mapping: &MemoryMapping,
    access: AccessType,
    vm_addr: u64,
    len: u64,
) -> Result<u64, SyscallError> {
    match memory_mapping.map(access, vm_addr, len) {
        StableResult::Ok(host) => Ok(host.ptr() as *const u8 as u64),
        // The stack and heap are mapped only as far as the program reached.
        StableResult::Err(err) => match crate::vm_reach::translate_unreached(vm_addr, len) {
            Some(host) => Ok(host),
            None => Err(SyscallError::Memory(crate::vm_reach::name_region(err))),
        },
    }
}

/// Translates a byte range and copies it out of VM memory.
pub(crate) fn read_bytes(memory_mapping: &MemoryMapping, vm_addr: u64, len: u64) -> Result<Vec<u8>, SyscallError> {
    if len == 0 {
        return Ok(Vec::new());
    }
    let len_usize = usize::try_from(len).map_err(|_| SyscallError::InvalidLength)?;
    isize::try_from(len).map_err(|_| SyscallError::InvalidLength)?;
    let host = translate(memory_mapping, AccessType::Load, vm_addr, len)?;
    // SAFETY: the memory mapping guarantees `[host, host + len)` is mapped
    // readable host memory owned by the VM for the duration of the syscall.
    let slice = unsafe { std::slice::from_raw_parts(host as *const u8, len_usize) };
    Ok(slice.to_vec())
}

/// Runs `f` over a borrowed byte range of VM memory.
pub(crate) fn with_bytes<R>(
    memory_mapping: &MemoryMapping,
    vm_addr: u64,
    len: u64,
    f: impl FnOnce(&[u8]) -> R,
) -> Result<R, SyscallError> {
    if len == 0 {
        return Ok(f(&[]));
    }
    let len_usize = usize::try_from(len).map_err(|_| SyscallError::InvalidLength)?;
    isize::try_from(len).map_err(|_| SyscallError::InvalidLength)?;
    let host = translate(memory_mapping, AccessType::Load, vm_addr, len)?;
    // SAFETY: the mapping guarantees `[host, host + len)` is mapped readable
    // VM memory; no mutable reference to it exists while `f` runs.
    let slice = unsafe { std::slice::from_raw_parts(host as *const u8, len_usize) };
    Ok(f(slice))
}

/// Copies `bytes` into VM memory at `vm_addr` (which must be writable).
pub(crate) fn write_bytes(memory_mapping: &MemoryMapping, vm_addr: u64, bytes: &[u8]) -> Result<(), SyscallError> {
    if bytes.is_empty() {
        return Ok(());
    }
    write_aligned(memory_mapping, vm_addr, bytes, 1, false)
}

/// Writes a typed value's bytes to `vm_addr` after checking, when
/// required, that it is aligned to `align`: [`check_alignment`] then
/// [`write_bytes`], translating once.
pub(crate) fn write_aligned(
    memory_mapping: &MemoryMapping,
    vm_addr: u64,
    bytes: &[u8],
    align: u64,
    check: bool,
) -> Result<(), SyscallError> {
    let host = translate(memory_mapping, AccessType::Store, vm_addr, bytes.len() as u64)?;
    check_host_alignment(host, align, check)?;
    // SAFETY: the mapping guarantees `[host, host + len)` is writable VM
    // memory; `copy` tolerates overlap with `bytes`.
    unsafe { std::ptr::copy(bytes.as_ptr(), host as *mut u8, bytes.len()) };
    Ok(())
}

/// Checks that a typed pointer of alignment `align` is aligned, when required.
pub(crate) fn check_alignment(
    memory_mapping: &MemoryMapping,
    vm_addr: u64,
    size: u64,
    align: u64,
    check: bool,
    access: AccessType,
) -> Result<(), SyscallError> {
    check_host_alignment(translate(memory_mapping, access, vm_addr, size)?, align, check)
}

/// Checks that the translated address `host` is aligned to `align`, when
/// required (Agave checks the host address).
fn check_host_alignment(host: u64, align: u64, check: bool) -> Result<(), SyscallError> {
    if check && align > 1 && host.checked_rem(align) != Some(0) {
        return Err(SyscallError::UnalignedPointer);
    }
    Ok(())
}

/// Reads an array of `{ptr: u64, len: u64}` slice descriptors.
pub(crate) fn read_slice_descriptors(
    memory_mapping: &MemoryMapping,
    vm_addr: u64,
    count: u64,
    check_aligned: bool,
) -> Result<Vec<(u64, u64)>, SyscallError> {
    const DESCRIPTOR: u64 = 16;
    if count == 0 {
        return Ok(Vec::new());
    }
    let size = count.checked_mul(DESCRIPTOR).ok_or(SyscallError::InvalidLength)?;
    check_alignment(memory_mapping, vm_addr, size, 8, check_aligned, AccessType::Load)?;
    let bytes = read_bytes(memory_mapping, vm_addr, size)?;
    Ok(bytes
        .chunks_exact(16)
        .map(|c| (u64_at(c, 0), u64_at(c, 8)))
        .collect())
}

/// Little-endian u64 at `offset` of `bytes` (which must be long enough).
pub(crate) fn u64_at(bytes: &[u8], offset: usize) -> u64 {
    let mut array = [0u8; 8];
    array.copy_from_slice(&bytes[offset..offset.saturating_add(8)]);
    u64::from_le_bytes(array)
}

/// Reads a little-endian u64 from VM memory.
pub(crate) fn read_u64(memory_mapping: &MemoryMapping, vm_addr: u64, check_aligned: bool) -> Result<u64, SyscallError> {
    check_alignment(memory_mapping, vm_addr, 8, 8, check_aligned, AccessType::Load)?;
    let bytes = read_bytes(memory_mapping, vm_addr, 8)?;
    Ok(u64_at(&bytes, 0))
}

/// Reads a 32-byte public key from VM memory.
pub(crate) fn read_pubkey(memory_mapping: &MemoryMapping, vm_addr: u64) -> Result<lamport_sdk::pubkey::Pubkey, SyscallError> {
    let bytes = read_bytes(memory_mapping, vm_addr, 32)?;
    let mut array = [0u8; 32];
    array.copy_from_slice(&bytes);
    Ok(lamport_sdk::pubkey::Pubkey::new_from_array(array))
}

/// The two ranges `[a, a+a_len)` and `[b, b+b_len)` do not overlap.
pub(crate) fn is_nonoverlapping(a: u64, a_len: u64, b: u64, b_len: u64) -> bool {
    if a > b {
        a.saturating_sub(b) >= b_len
    } else {
        b.saturating_sub(a) >= a_len
    }
}
