//! Fails on purpose, one way per instruction (the first data byte):
//!
//! | byte | failure |
//! |---|---|
//! | 0 | reads 8 bytes at an unmapped address, three calls deep (`outer` → `middle` → `inner`) |
//! | 1 | recurses without end (`recurse`) |
//! | 2 | loops forever (`spin`) |
//! | 3 | panics with a message (`check_amount`) |
//! | 4 | divides by zero in the VM (`ratio`) |
//!
//! Every function that fails is `#[inline(never)]`, so it keeps its own
//! frame and the runtime can name it and its callers.
#![no_std]

use lamport_sdk::{account_info::AccountInfo, entrypoint, program_error::ProgramResult, pubkey::Pubkey};

entrypoint!(process_instruction);

/// An address no region of the VM maps.
const UNMAPPED: u64 = 0x1234_5678;

/// Dispatches on the first data byte.
pub fn process_instruction(_program_id: &Pubkey, _accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let selector = data.first().copied().unwrap_or(0);
    let arg = data.get(1).copied().unwrap_or(0) as u64;
    let value = match selector {
        0 => outer(UNMAPPED.wrapping_add(arg)),
        1 => recurse(arg),
        2 => spin(arg),
        3 => check_amount(arg),
        _ => ratio(100, arg),
    };
    lamport_sdk::msg!("unreachable: {}", value);
    Ok(())
}

#[inline(never)]
fn outer(address: u64) -> u64 {
    middle(core::hint::black_box(address)).wrapping_add(1)
}

#[inline(never)]
fn middle(address: u64) -> u64 {
    inner(core::hint::black_box(address)).wrapping_mul(3)
}

#[inline(never)]
fn inner(address: u64) -> u64 {
    // SAFETY: none; reading an unmapped address is this program's purpose:
    // the VM stops it with an access violation.
    unsafe { core::ptr::read_volatile(address as *const u64) }
}

#[inline(never)]
#[allow(unconditional_recursion)]
fn recurse(depth: u64) -> u64 {
    // A local whose address escapes keeps the call a real call (no loop).
    let mut frame = [depth; 4];
    core::hint::black_box(&mut frame);
    recurse(frame[1].wrapping_add(1)).wrapping_add(frame[2])
}

#[inline(never)]
fn spin(seed: u64) -> u64 {
    let mut x = seed;
    loop {
        x = core::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
    }
}

#[inline(never)]
fn check_amount(amount: u64) -> u64 {
    if amount < 1_000 {
        panic!("amount {amount} is below the minimum of 1000");
    }
    amount
}

#[inline(never)]
fn ratio(total: u64, parts: u64) -> u64 {
    // SAFETY: none for `parts == 0`, on purpose: the division is then the
    // VM's, which stops the program ("divide by zero"), not a Rust panic.
    unsafe { core::hint::black_box(total).checked_div(core::hint::black_box(parts)).unwrap_unchecked() }
}
