//! Host stand-ins for the syscalls, so programs' unit tests run natively.
//!
//! They keep per-thread state that tests read and set:
//!
//! * logs, in the runtime's exact wording (`Program log: …`,
//!   `Program data: …`, `Program consumption: …`): [`take_logs`];
//! * return data: [`return_data`], [`set_return_data`];
//! * the executing program id (owner of return data, signer of PDAs):
//!   [`set_program_id`];
//! * sysvars: [`set_clock`], [`set_rent`], and any other for
//!   `sol_get_sysvar`: [`set_sysvar`];
//! * compute units left and stack height: [`set_remaining_compute_units`],
//!   [`set_stack_height`];
//! * cross-program invocations, decoded from the C structures exactly as
//!   the runtime reads them: [`take_invocations`].
//!
//! Faults the runtime would turn into a failed program (invalid UTF-8 log,
//! overlapping `memcpy`, `sol_panic_`, `abort`) panic here.

use alloc::{format, string::String, vec::Vec};
use core::cell::RefCell;
use std::thread_local;

use base64::Engine;

use super::SolBytes;
use crate::{
    cpi::abi::{SolAccountInfo, SolAccountMeta, SolInstruction, SolSignerSeeds},
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    sysvar::{clock::Clock, rent::Rent, Sysvar, OFFSET_LENGTH_EXCEEDS_SYSVAR, SYSVAR_NOT_FOUND},
};

/// Most return data a program can set, in bytes.
const MAX_RETURN_DATA: usize = 1024;

/// One cross-program invocation, as the runtime would receive it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invocation {
    /// The callee instruction: program id, account metas, data.
    pub instruction: Instruction,
    /// Keys of the account infos passed along, in order.
    pub account_infos: Vec<Pubkey>,
    /// The program-derived addresses the signer seeds produced (under the
    /// program id set with [`set_program_id`]).
    pub signers: Vec<Pubkey>,
}

struct HostState {
    logs: Vec<String>,
    program_id: Pubkey,
    return_data: Option<(Pubkey, Vec<u8>)>,
    clock: Clock,
    rent: Rent,
    /// Account data of the other sysvars `sol_get_sysvar` serves.
    sysvars: Vec<(Pubkey, Vec<u8>)>,
    remaining_compute_units: u64,
    stack_height: u64,
    invocations: Vec<Invocation>,
}

impl Default for HostState {
    fn default() -> Self {
        Self {
            logs: Vec::new(),
            program_id: Pubkey::default(),
            return_data: None,
            clock: Clock::default(),
            rent: Rent::default(),
            sysvars: Vec::new(),
            remaining_compute_units: 200_000,
            stack_height: 1,
            invocations: Vec::new(),
        }
    }
}

thread_local! {
    static STATE: RefCell<HostState> = RefCell::new(HostState::default());
}

fn with<R>(f: impl FnOnce(&mut HostState) -> R) -> R {
    STATE.with(|state| f(&mut state.borrow_mut()))
}

fn push_log(line: String) {
    with(|s| s.logs.push(line));
}

/// Resets this thread's host state to its defaults.
pub fn reset() {
    with(|s| *s = HostState::default());
}

/// Takes the log lines written so far on this thread.
pub fn take_logs() -> Vec<String> {
    with(|s| core::mem::take(&mut s.logs))
}

/// Sets the id of the "executing program" (owner of return data, program
/// id for signer seeds).
pub fn set_program_id(program_id: Pubkey) {
    with(|s| s.program_id = program_id);
}

/// The return data last set, with the program that set it.
pub fn return_data() -> Option<(Pubkey, Vec<u8>)> {
    with(|s| s.return_data.clone())
}

/// Sets return data as if `program_id` had set it (e.g. a callee).
pub fn set_return_data(program_id: Pubkey, data: &[u8]) {
    with(|s| s.return_data = (!data.is_empty()).then(|| (program_id, data.to_vec())));
}

/// Sets the Clock that `Clock::get()` returns.
pub fn set_clock(clock: Clock) {
    with(|s| s.clock = clock);
}

/// Sets the Rent that `Rent::get()` returns.
pub fn set_rent(rent: Rent) {
    with(|s| s.rent = rent);
}

/// Sets a sysvar for `sol_get_sysvar` (Clock and Rent: as [`set_clock`]
/// and [`set_rent`]). Until set, other sysvars are not found.
pub fn set_sysvar<T: Sysvar>(sysvar: &T) {
    let data = sysvar.to_account_data();
    with(|s| {
        if T::ID == crate::sysvar::clock::ID {
            s.clock = Clock::from_bytes(&data).unwrap_or(s.clock);
        } else if T::ID == crate::sysvar::rent::ID {
            s.rent = Rent::from_bytes(&data).unwrap_or(s.rent);
        } else if let Some(entry) = s.sysvars.iter_mut().find(|(id, _)| *id == T::ID) {
            entry.1 = data;
        } else {
            s.sysvars.push((T::ID, data));
        }
    })
}

/// Sets what `sol_remaining_compute_units` returns (default 200,000).
pub fn set_remaining_compute_units(units: u64) {
    with(|s| s.remaining_compute_units = units);
}

/// Sets what `sol_get_stack_height` returns (default 1).
pub fn set_stack_height(height: u64) {
    with(|s| s.stack_height = height);
}

/// Takes the cross-program invocations made so far on this thread.
pub fn take_invocations() -> Vec<Invocation> {
    with(|s| core::mem::take(&mut s.invocations))
}

/// # Safety
/// `addr` must point to `len` readable bytes (or `len` is 0).
unsafe fn bytes<'a>(addr: *const u8, len: u64) -> &'a [u8] {
    if len == 0 {
        return &[];
    }
    // SAFETY: guaranteed by the caller.
    unsafe { core::slice::from_raw_parts(addr, len as usize) }
}

/// # Safety
/// `list` must point to `count` valid [`SolBytes`], each describing
/// readable memory.
unsafe fn slices<'a>(list: *const u8, count: u64) -> Vec<&'a [u8]> {
    if count == 0 {
        return Vec::new();
    }
    // SAFETY: guaranteed by the caller.
    let list = unsafe { core::slice::from_raw_parts(list.cast::<SolBytes>(), count as usize) };
    list.iter()
        // SAFETY: each entry describes readable memory (caller's contract).
        .map(|entry| unsafe { bytes(entry.addr, entry.len) })
        .collect()
}

/// # Safety
/// `ptr` must point to 32 readable bytes.
unsafe fn pubkey_at(ptr: *const u8) -> Pubkey {
    let mut out = [0u8; 32];
    // SAFETY: guaranteed by the caller.
    out.copy_from_slice(unsafe { bytes(ptr, 32) });
    Pubkey::new_from_array(out)
}

/// Host `sol_log_`: records `Program log: <message>`.
///
/// # Safety
/// `message` must point to `len` readable bytes.
pub unsafe fn sol_log_(message: *const u8, len: u64) {
    // SAFETY: forwarded from the caller.
    let text = unsafe { bytes(message, len) };
    match core::str::from_utf8(text) {
        Ok(text) => push_log(format!("Program log: {text}")),
        Err(_) => panic!("sol_log_: message is not UTF-8 (the runtime aborts the program)"),
    }
}

/// Host `sol_log_64_`.
///
/// # Safety
/// Always safe; `unsafe` to match the on-chain declaration.
pub unsafe fn sol_log_64_(arg1: u64, arg2: u64, arg3: u64, arg4: u64, arg5: u64) {
    push_log(format!(
        "Program log: {arg1:#x}, {arg2:#x}, {arg3:#x}, {arg4:#x}, {arg5:#x}"
    ));
}

/// Host `sol_log_compute_units_`.
///
/// # Safety
/// Always safe; `unsafe` to match the on-chain declaration.
pub unsafe fn sol_log_compute_units_() {
    let units = with(|s| s.remaining_compute_units);
    push_log(format!("Program consumption: {units} units remaining"));
}

/// Host `sol_log_pubkey`.
///
/// # Safety
/// `pubkey` must point to 32 readable bytes.
pub unsafe fn sol_log_pubkey(pubkey: *const u8) {
    // SAFETY: forwarded from the caller.
    let key = unsafe { pubkey_at(pubkey) };
    push_log(format!("Program log: {key}"));
}

/// Host `sol_log_data`.
///
/// # Safety
/// `data` must point to `data_len` valid [`SolBytes`].
pub unsafe fn sol_log_data(data: *const u8, data_len: u64) {
    // SAFETY: forwarded from the caller.
    let fields = unsafe { slices(data, data_len) };
    let encoded: Vec<String> = fields
        .iter()
        .map(|field| base64::engine::general_purpose::STANDARD.encode(field))
        .collect();
    push_log(format!("Program data: {}", encoded.join(" ")));
}

/// Host `sol_memcpy_`; overlapping regions panic, as the runtime faults.
///
/// # Safety
/// `dst` and `src` must be valid for `n` bytes.
pub unsafe fn sol_memcpy_(dst: *mut u8, src: *const u8, n: u64) {
    let (d, s, n) = (dst as usize, src as usize, n as usize);
    if d < s.saturating_add(n) && s < d.saturating_add(n) && n > 0 {
        panic!("sol_memcpy_: overlapping regions (the runtime aborts the program)");
    }
    // SAFETY: valid and non-overlapping, per the caller and the check above.
    unsafe { core::ptr::copy_nonoverlapping(src, dst, n) };
}

/// Host `sol_memmove_`.
///
/// # Safety
/// `dst` and `src` must be valid for `n` bytes.
pub unsafe fn sol_memmove_(dst: *mut u8, src: *const u8, n: u64) {
    // SAFETY: forwarded from the caller.
    unsafe { core::ptr::copy(src, dst, n as usize) };
}

/// Host `sol_memset_`.
///
/// # Safety
/// `s` must be valid for `n` bytes.
pub unsafe fn sol_memset_(s: *mut u8, c: u8, n: u64) {
    // SAFETY: forwarded from the caller.
    unsafe { core::ptr::write_bytes(s, c, n as usize) };
}

/// Host `sol_memcmp_`: writes `a[i] - b[i]` for the first differing `i`, or 0.
///
/// # Safety
/// `s1`, `s2` must be readable for `n` bytes, `result` writable.
pub unsafe fn sol_memcmp_(s1: *const u8, s2: *const u8, n: u64, result: *mut i32) {
    // SAFETY: forwarded from the caller.
    let (a, b) = unsafe { (bytes(s1, n), bytes(s2, n)) };
    let diff = a
        .iter()
        .zip(b)
        .find(|(x, y)| x != y)
        .map_or(0, |(x, y)| i32::from(*x) - i32::from(*y));
    // SAFETY: forwarded from the caller.
    unsafe { result.write(diff) };
}

/// Host `sol_sha256`.
///
/// # Safety
/// `vals` must hold `val_len` valid [`SolBytes`]; `hash_result` must be
/// 32 writable bytes.
pub unsafe fn sol_sha256(vals: *const u8, val_len: u64, hash_result: *mut u8) -> u64 {
    // SAFETY: forwarded from the caller.
    let input = unsafe { slices(vals, val_len) };
    let hash = crate::hash::hashv(&input);
    // SAFETY: forwarded from the caller.
    unsafe { core::ptr::copy_nonoverlapping(hash.as_array().as_ptr(), hash_result, 32) };
    0
}

/// Host `sol_keccak256`.
///
/// # Safety
/// As [`sol_sha256`].
pub unsafe fn sol_keccak256(vals: *const u8, val_len: u64, hash_result: *mut u8) -> u64 {
    // SAFETY: forwarded from the caller.
    let input = unsafe { slices(vals, val_len) };
    let hash = crate::keccak::hashv(&input);
    // SAFETY: forwarded from the caller.
    unsafe { core::ptr::copy_nonoverlapping(hash.as_array().as_ptr(), hash_result, 32) };
    0
}

/// Host `sol_create_program_address`: 0 and the address, or 1.
///
/// # Safety
/// `seeds` must hold `seeds_len` valid [`SolBytes`]; `program_id` 32
/// readable bytes; `address` 32 writable bytes.
pub unsafe fn sol_create_program_address(
    seeds: *const u8,
    seeds_len: u64,
    program_id: *const u8,
    address: *mut u8,
) -> u64 {
    // SAFETY: forwarded from the caller.
    let (seeds, program_id) = unsafe { (slices(seeds, seeds_len), pubkey_at(program_id)) };
    match Pubkey::create_program_address(&seeds, &program_id) {
        Ok(key) => {
            // SAFETY: forwarded from the caller.
            unsafe { core::ptr::copy_nonoverlapping(key.as_array().as_ptr(), address, 32) };
            0
        }
        Err(crate::pubkey::PubkeyError::MaxSeedLengthExceeded) => {
            panic!("sol_create_program_address: too many or too long seeds (the runtime aborts)")
        }
        Err(_) => 1,
    }
}

/// Host `sol_try_find_program_address`: 0, the address and the bump, or 1.
///
/// # Safety
/// As [`sol_create_program_address`], plus `bump_seed` writable.
pub unsafe fn sol_try_find_program_address(
    seeds: *const u8,
    seeds_len: u64,
    program_id: *const u8,
    address: *mut u8,
    bump_seed: *mut u8,
) -> u64 {
    // SAFETY: forwarded from the caller.
    let (seeds, program_id) = unsafe { (slices(seeds, seeds_len), pubkey_at(program_id)) };
    match Pubkey::try_find_program_address(&seeds, &program_id) {
        Some((key, bump)) => {
            // SAFETY: forwarded from the caller.
            unsafe {
                core::ptr::copy_nonoverlapping(key.as_array().as_ptr(), address, 32);
                bump_seed.write(bump);
            }
            0
        }
        None => 1,
    }
}

/// Host `sol_invoke_signed_c`: decodes the C structures the way the
/// runtime does and records an [`Invocation`]; returns 0.
///
/// # Safety
/// The arguments must be valid C CPI structures (see
/// [`cpi::abi`](crate::cpi::abi)).
pub unsafe fn sol_invoke_signed_c(
    instruction_addr: *const u8,
    account_infos_addr: *const u8,
    account_infos_len: u64,
    signers_seeds_addr: *const u8,
    signers_seeds_len: u64,
) -> u64 {
    // SAFETY: the caller passes a valid SolInstruction.
    let ix = unsafe { &*instruction_addr.cast::<SolInstruction>() };
    // SAFETY: the SolInstruction's pointers describe valid memory.
    let (program_id, metas, data) = unsafe {
        let metas: &[SolAccountMeta] = if ix.accounts_len == 0 {
            &[]
        } else {
            core::slice::from_raw_parts(ix.accounts, ix.accounts_len as usize)
        };
        (
            pubkey_at(ix.program_id as *const u8),
            metas,
            bytes(ix.data, ix.data_len),
        )
    };
    let accounts = metas
        .iter()
        .map(|meta| AccountMeta {
            // SAFETY: every meta points to a 32-byte key.
            pubkey: unsafe { pubkey_at(meta.pubkey as *const u8) },
            is_signer: meta.is_signer != 0,
            is_writable: meta.is_writable != 0,
        })
        .collect();
    let infos: &[SolAccountInfo] = if account_infos_len == 0 {
        &[]
    } else {
        // SAFETY: the caller passes `account_infos_len` valid infos.
        unsafe {
            core::slice::from_raw_parts(account_infos_addr.cast(), account_infos_len as usize)
        }
    };
    let account_infos = infos
        .iter()
        // SAFETY: every info points to a 32-byte key.
        .map(|info| unsafe { pubkey_at(info.key as *const u8) })
        .collect();
    let signer_lists: &[SolSignerSeeds] = if signers_seeds_len == 0 {
        &[]
    } else {
        // SAFETY: the caller passes `signers_seeds_len` valid lists.
        unsafe {
            core::slice::from_raw_parts(signers_seeds_addr.cast(), signers_seeds_len as usize)
        }
    };
    let caller = with(|s| s.program_id);
    let signers = signer_lists
        .iter()
        .map(|list| {
            // SAFETY: each list holds `len` valid seed slices.
            let seeds = unsafe { slices(list.addr as *const u8, list.len) };
            Pubkey::create_program_address(&seeds, &caller)
                .unwrap_or_else(|e| panic!("sol_invoke_signed_c: bad signer seeds: {e}"))
        })
        .collect();
    let invocation = Invocation {
        instruction: Instruction::new(program_id, data.to_vec(), accounts),
        account_infos,
        signers,
    };
    with(|s| s.invocations.push(invocation));
    0
}

/// Host `sol_invoke_signed_rust`: this SDK never uses the Rust layout, so
/// the host stand-in refuses it.
///
/// # Safety
/// Always safe; `unsafe` to match the on-chain declaration.
pub unsafe fn sol_invoke_signed_rust(
    _instruction_addr: *const u8,
    _account_infos_addr: *const u8,
    _account_infos_len: u64,
    _signers_seeds_addr: *const u8,
    _signers_seeds_len: u64,
) -> u64 {
    panic!("sol_invoke_signed_rust has no host stand-in; lamport-sdk invokes through sol_invoke_signed_c")
}

/// Host `sol_set_return_data`; more than 1024 bytes panics (the runtime
/// aborts).
///
/// # Safety
/// `data` must point to `length` readable bytes.
pub unsafe fn sol_set_return_data(data: *const u8, length: u64) {
    if length as usize > MAX_RETURN_DATA {
        panic!("sol_set_return_data: {length} bytes, more than {MAX_RETURN_DATA}");
    }
    // SAFETY: forwarded from the caller.
    let data = unsafe { bytes(data, length) };
    let program_id = with(|s| s.program_id);
    set_return_data(program_id, data);
}

/// Host `sol_get_return_data`: copies `min(length, len)` bytes and the
/// setter's id (only when that minimum is non-zero); returns the full
/// length.
///
/// # Safety
/// `data` must be writable for `length` bytes, `program_id` for 32.
pub unsafe fn sol_get_return_data(data: *mut u8, length: u64, program_id: *mut u8) -> u64 {
    let Some((setter, stored)) = return_data() else {
        return 0;
    };
    let copy = stored.len().min(length as usize);
    if copy > 0 {
        // SAFETY: forwarded from the caller.
        unsafe {
            core::ptr::copy_nonoverlapping(stored.as_ptr(), data, copy);
            core::ptr::copy_nonoverlapping(setter.as_array().as_ptr(), program_id, 32);
        }
    }
    stored.len() as u64
}

/// Host `sol_get_clock_sysvar`.
///
/// # Safety
/// `addr` must be a writable, aligned `Clock`.
pub unsafe fn sol_get_clock_sysvar(addr: *mut u8) -> u64 {
    let clock = with(|s| s.clock);
    // SAFETY: forwarded from the caller.
    unsafe { addr.cast::<Clock>().write(clock) };
    0
}

/// Host `sol_get_rent_sysvar`.
///
/// # Safety
/// `addr` must be a writable, aligned `Rent`.
pub unsafe fn sol_get_rent_sysvar(addr: *mut u8) -> u64 {
    let rent = with(|s| s.rent);
    // SAFETY: forwarded from the caller.
    unsafe { addr.cast::<Rent>().write(rent) };
    0
}

/// Host `sol_get_sysvar`: a byte range of a sysvar's account data (see
/// [`set_sysvar`]); 2 for a sysvar not set, 1 for a range past its end.
///
/// # Safety
/// `id` must be 32 readable bytes and `out` `length` writable bytes.
pub unsafe fn sol_get_sysvar(id: *const u8, out: *mut u8, offset: u64, length: u64) -> u64 {
    // SAFETY: forwarded from the caller.
    let id = Pubkey::new_from_array(unsafe { id.cast::<[u8; 32]>().read_unaligned() });
    let data = with(|s| {
        if id == crate::sysvar::clock::ID {
            Some(s.clock.to_account_data())
        } else if id == crate::sysvar::rent::ID {
            Some(s.rent.to_account_data())
        } else {
            s.sysvars.iter().find(|(key, _)| *key == id).map(|(_, data)| data.clone())
        }
    });
    let Some(data) = data else {
        return SYSVAR_NOT_FOUND;
    };
    let range = usize::try_from(offset).ok().zip(usize::try_from(offset.saturating_add(length)).ok());
    match range.and_then(|(start, end)| data.get(start..end)) {
        Some(slice) => {
            // SAFETY: forwarded from the caller; `slice` has `length` bytes.
            unsafe { core::ptr::copy_nonoverlapping(slice.as_ptr(), out, slice.len()) };
            0
        }
        None => OFFSET_LENGTH_EXCEEDS_SYSVAR,
    }
}

/// Host `sol_remaining_compute_units`.
///
/// # Safety
/// Always safe; `unsafe` to match the on-chain declaration.
pub unsafe fn sol_remaining_compute_units() -> u64 {
    with(|s| s.remaining_compute_units)
}

/// Host `sol_get_stack_height`.
///
/// # Safety
/// Always safe; `unsafe` to match the on-chain declaration.
pub unsafe fn sol_get_stack_height() -> u64 {
    with(|s| s.stack_height)
}

/// Host `sol_panic_`: panics with the runtime's message.
///
/// # Safety
/// `filename` must point to `filename_len` readable bytes.
pub unsafe fn sol_panic_(filename: *const u8, filename_len: u64, line: u64, column: u64) -> ! {
    // SAFETY: forwarded from the caller.
    let file = String::from_utf8_lossy(unsafe { bytes(filename, filename_len) }).into_owned();
    panic!("SBF program Panicked in {file} at {line}:{column}")
}

/// Host `abort`: panics with the runtime's message.
///
/// # Safety
/// Always safe; `unsafe` to match the on-chain declaration.
pub unsafe fn abort() -> ! {
    panic!("SBF program panicked")
}
