//! Calls one syscall per instruction, on inputs taken from the instruction
//! data, between two `sol_log_compute_units_` calls; then logs the
//! syscall's return value (`sol_log_64`) and its output (`sol_log_data`).
//!
//! | op | data after the op byte | syscall |
//! |----|------------------------|---------|
//! | 1 | hash (32), recovery id (1), signature (64) | `sol_secp256k1_recover` |
//! | 2 | curve (1), point (32) | `sol_curve_validate_point` |
//! | 3 | curve (1), group op (1), left (32), right (32) | `sol_curve_group_op` |
//! | 4 | curve (1), n (1), n scalars (32 each), n points (32 each) | `sol_curve_multiscalar_mul` |
//! | 5 | op (1), output length (1), input | `sol_alt_bn128_group_op` |
//! | 6 | op (1), output length (1), input | `sol_alt_bn128_compression` |
//! | 7 | endianness (1), n inputs (32 each) | `sol_poseidon` (BN254 x5) |
//! | 8 | – | `sol_get_epoch_schedule_sysvar` |
//! | 9 | – | `sol_get_epoch_rewards_sysvar` |
//! | 10 | – | `sol_get_last_restart_slot` |
//! | 11 | sysvar id (32), offset (u64), length (u64) | `sol_get_sysvar` |
//! | 12 | 0 (total) or 1 followed by a vote address (32) | `sol_get_epoch_stake` |
//! | 13 | index (u64), data length (u64), accounts length (u64) | `sol_get_processed_sibling_instruction` |
//! | 14 | curve (1), output length (1), compressed point | `sol_curve_decompress` |
//! | 15 | curve (1), n (1), n G1 points (96 each), n G2 points (192 each) | `sol_curve_pairing_map` |
//! | 16 | curve (1), group op (1), left length (1), output length (1), left, right | `sol_curve_group_op` |
//!
//! Op 13 logs the header the syscall leaves, then (when found with the
//! lengths asked for) the program id, data and account metas.
#![no_std]

use lamport_sdk::{
    account_info::AccountInfo,
    log::{sol_log_64, sol_log_compute_units, sol_log_data},
    program_entrypoint,
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
};

program_entrypoint!(process_instruction);
lamport_sdk::no_allocator!();
lamport_sdk::default_panic_handler!();

extern "C" {
    fn sol_secp256k1_recover(hash: *const u8, recovery_id: u64, signature: *const u8, result: *mut u8) -> u64;
    fn sol_curve_validate_point(curve_id: u64, point: *const u8, result: *mut u8) -> u64;
    fn sol_curve_group_op(curve_id: u64, op: u64, left: *const u8, right: *const u8, result: *mut u8) -> u64;
    fn sol_curve_multiscalar_mul(curve_id: u64, scalars: *const u8, points: *const u8, n: u64, result: *mut u8) -> u64;
    fn sol_alt_bn128_group_op(op: u64, input: *const u8, input_len: u64, result: *mut u8) -> u64;
    fn sol_alt_bn128_compression(op: u64, input: *const u8, input_len: u64, result: *mut u8) -> u64;
    fn sol_poseidon(parameters: u64, endianness: u64, vals: *const u8, n: u64, result: *mut u8) -> u64;
    fn sol_get_epoch_schedule_sysvar(out: *mut u8) -> u64;
    fn sol_get_epoch_rewards_sysvar(out: *mut u8) -> u64;
    fn sol_get_last_restart_slot(out: *mut u8) -> u64;
    fn sol_get_sysvar(id: *const u8, out: *mut u8, offset: u64, length: u64) -> u64;
    fn sol_get_epoch_stake(vote: *const u8) -> u64;
    fn sol_curve_decompress(curve_id: u64, point: *const u8, result: *mut u8) -> u64;
    fn sol_curve_pairing_map(curve_id: u64, n: u64, g1: *const u8, g2: *const u8, result: *mut u8) -> u64;
    fn sol_get_processed_sibling_instruction(
        index: u64,
        meta: *mut u8,
        program_id: *mut u8,
        data: *mut u8,
        accounts: *mut u8,
    ) -> u64;
}

/// A 16-byte aligned scratch buffer for syscall outputs.
#[repr(C, align(16))]
struct Out([u8; 640]);

/// Runs `call` between two compute-unit logs, then logs its return value.
#[inline(always)]
fn measured(call: impl FnOnce() -> u64) -> u64 {
    sol_log_compute_units();
    let rc = call();
    sol_log_compute_units();
    sol_log_64(rc, 0, 0, 0, 0);
    rc
}

fn u64_at(data: &[u8], at: usize) -> Result<u64, ProgramError> {
    let bytes = data.get(at..at + 8).ok_or(ProgramError::InvalidInstructionData)?;
    let mut word = [0u8; 8];
    word.copy_from_slice(bytes);
    Ok(u64::from_le_bytes(word))
}

/// Runs the operation named by `data[0]`.
pub fn process_instruction(_program_id: &Pubkey, _accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let (&op, args) = data.split_first().ok_or(ProgramError::InvalidInstructionData)?;
    let mut out = Out([0; 640]);
    let o = out.0.as_mut_ptr();
    let a = args.as_ptr();
    let need = |len: usize| if args.len() >= len { Ok(()) } else { Err(ProgramError::InvalidInstructionData) };
    // SAFETY (every call below): inputs point into the instruction data,
    // which holds at least the bytes each syscall reads (checked by `need`);
    // outputs go to `out`, larger than any output here.
    let out_len = match op {
        1 => {
            need(97)?;
            measured(|| unsafe { sol_secp256k1_recover(a, u64::from(args[32]), a.add(33), o) });
            64
        }
        2 => {
            need(33)?;
            measured(|| unsafe { sol_curve_validate_point(u64::from(args[0]), a.add(1), o) });
            0
        }
        3 => {
            need(66)?;
            measured(|| unsafe { sol_curve_group_op(u64::from(args[0]), u64::from(args[1]), a.add(2), a.add(34), o) });
            32
        }
        4 => {
            need(2)?;
            let n = usize::from(args[1]);
            need(2 + 64 * n)?;
            measured(|| unsafe { sol_curve_multiscalar_mul(u64::from(args[0]), a.add(2), a.add(2 + 32 * n), n as u64, o) });
            32
        }
        5 | 6 => {
            need(2)?;
            let input = &args[2..];
            let (ptr, len) = (input.as_ptr(), input.len() as u64);
            if op == 5 {
                measured(|| unsafe { sol_alt_bn128_group_op(u64::from(args[0]), ptr, len, o) });
            } else {
                measured(|| unsafe { sol_alt_bn128_compression(u64::from(args[0]), ptr, len, o) });
            }
            usize::from(args[1])
        }
        7 => {
            need(1)?;
            let inputs = &args[1..];
            let n = inputs.len() / 32;
            let mut slices = [[0u64; 2]; 12];
            for (i, slice) in slices.iter_mut().enumerate().take(n.min(12)) {
                *slice = [inputs[32 * i..].as_ptr() as u64, 32];
            }
            measured(|| unsafe { sol_poseidon(0, u64::from(args[0]), slices.as_ptr().cast(), n as u64, o) });
            32
        }
        8 => {
            measured(|| unsafe { sol_get_epoch_schedule_sysvar(o) });
            40
        }
        9 => {
            measured(|| unsafe { sol_get_epoch_rewards_sysvar(o) });
            96
        }
        10 => {
            measured(|| unsafe { sol_get_last_restart_slot(o) });
            8
        }
        11 => {
            need(48)?;
            let (offset, length) = (u64_at(args, 32)?, u64_at(args, 40)?);
            if length > 256 {
                return Err(ProgramError::InvalidInstructionData);
            }
            measured(|| unsafe { sol_get_sysvar(a, o, offset, length) });
            length as usize
        }
        12 => {
            need(1)?;
            let vote = if args[0] == 0 { core::ptr::null() } else { need(33)?; unsafe { a.add(1) } };
            measured(|| unsafe { sol_get_epoch_stake(vote) });
            0
        }
        13 => {
            let index = u64_at(args, 0)?;
            let asked = [u64_at(args, 8)?, u64_at(args, 16)?];
            let mut meta = asked;
            let mut program_id = [0u8; 32];
            let mut sibling_data = [0u8; 64];
            let mut metas = [0u8; 34 * 4];
            if meta[0] > 64 || meta[1] > 4 {
                return Err(ProgramError::InvalidInstructionData);
            }
            let found = measured(|| unsafe {
                sol_get_processed_sibling_instruction(
                    index,
                    meta.as_mut_ptr().cast(),
                    program_id.as_mut_ptr(),
                    sibling_data.as_mut_ptr(),
                    metas.as_mut_ptr(),
                )
            });
            sol_log_64(meta[0], meta[1], 0, 0, 0);
            if found == 1 && meta == asked {
                let data_len = (meta[0] as usize).min(64);
                let metas_len = (meta[1] as usize).min(4) * 34;
                sol_log_data(&[&program_id, &sibling_data[..data_len], &metas[..metas_len]]);
            }
            0
        }
        14 => {
            need(2)?;
            measured(|| unsafe { sol_curve_decompress(u64::from(args[0]), a.add(2), o) });
            usize::from(args[1])
        }
        15 => {
            need(2)?;
            let n = usize::from(args[1]);
            need(2 + 288 * n)?;
            measured(|| unsafe { sol_curve_pairing_map(u64::from(args[0]), n as u64, a.add(2), a.add(2 + 96 * n), o) });
            576
        }
        16 => {
            need(4)?;
            let left = usize::from(args[2]);
            measured(|| unsafe { sol_curve_group_op(u64::from(args[0]), u64::from(args[1]), a.add(4), a.add(4 + left), o) });
            usize::from(args[3])
        }
        _ => return Err(ProgramError::InvalidInstructionData),
    };
    if out_len > 0 {
        sol_log_data(&[&out.0[..out_len]]);
    }
    Ok(())
}
