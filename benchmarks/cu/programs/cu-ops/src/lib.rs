//! The operations benchmark program: runs one operation `count` times on
//! operands taken from the instruction data, so the runner can measure the
//! compute units of one operation exactly, as the difference between two
//! counts (the entrypoint, parsing and loop set-up cancel out).
//!
//! Instruction data (little-endian):
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 1 | the operation ([`Op`]) |
//! | 1 | 4 | `count`: how many times to run it |
//! | 5 | 32 | operands `a` (16 bytes) and `b` (16 bytes) |
//!
//! Every iteration feeds its result to the next (`acc = op(acc, b)`) through
//! [`core::hint::black_box`], so the optimizer can neither hoist nor fold it;
//! [`Op::Baseline`] runs that same skeleton with no operation, and the runner
//! subtracts it. Success logs nothing.
#![no_std]

use core::hint::black_box;

use lamport_sdk::{
    account_info::AccountInfo,
    entrypoint,
    hash::hashv,
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
};

entrypoint!(process_instruction);

/// Length of the instruction data.
pub const INSTRUCTION_LEN: usize = 37;

/// The measured operations, by their instruction-data tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Op {
    /// The loop skeleton alone (subtracted from the others).
    Baseline = 0,
    /// `u128` wrapping multiplication.
    U128Mul = 1,
    /// `u128` division.
    U128Div = 2,
    /// `i64` division.
    I64Div = 3,
    /// `f32` multiplication.
    F32Mul = 4,
    /// `f64` division.
    F64Div = 5,
    /// SHA-256 of 64 bytes (`sol_sha256` syscall).
    Sha256 = 6,
    /// Copy of 256 bytes.
    Memcpy256 = 7,
    /// One iteration of a `u32` counting loop (`for i in 0..n { s ^= i * 3 }`).
    U32Loop = 8,
}

impl Op {
    fn parse(tag: u8) -> Option<Self> {
        Some(match tag {
            0 => Self::Baseline,
            1 => Self::U128Mul,
            2 => Self::U128Div,
            3 => Self::I64Div,
            4 => Self::F32Mul,
            5 => Self::F64Div,
            6 => Self::Sha256,
            7 => Self::Memcpy256,
            8 => Self::U32Loop,
            _ => return None,
        })
    }
}

fn u128_at(bytes: &[u8], at: usize) -> u128 {
    let mut word = [0u8; 16];
    word.copy_from_slice(&bytes[at..at + 16]);
    u128::from_le_bytes(word)
}

fn process_instruction(_program_id: &Pubkey, _accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    if data.len() != INSTRUCTION_LEN {
        return Err(ProgramError::InvalidInstructionData);
    }
    let op = Op::parse(data[0]).ok_or(ProgramError::InvalidInstructionData)?;
    let count = u32::from_le_bytes([data[1], data[2], data[3], data[4]]);
    let a = u128_at(data, 5);
    let b = u128_at(data, 21);
    match op {
        Op::Baseline => repeat(count, a, |acc| acc),
        Op::U128Mul => repeat(count, a, |acc| acc.wrapping_mul(b)),
        Op::U128Div => repeat(count, a, |acc| (acc / b) ^ a),
        Op::I64Div => repeat(count, a as i64, |acc| (acc / (b as i64)) ^ (a as i64)),
        Op::F32Mul => repeat(count, f32::from_bits(a as u32), |acc| acc * f32::from_bits(b as u32)),
        Op::F64Div => repeat(count, f64::from_bits(a as u64), |acc| acc / f64::from_bits(b as u64)),
        Op::Sha256 => {
            let block = [a.to_le_bytes(), b.to_le_bytes(), a.to_le_bytes(), b.to_le_bytes()];
            let input: &[u8] = block.as_flattened();
            repeat(count, [0u8; 32], |_| hashv(&[black_box(input)]).to_bytes());
        }
        Op::Memcpy256 => {
            let source = [a as u8; 256];
            let mut target = [0u8; 256];
            for _ in 0..count {
                black_box(&mut target).copy_from_slice(black_box(&source));
            }
            black_box(&target);
        }
        Op::U32Loop => {
            let mut sum = 0u32;
            for i in 0..black_box(count) {
                sum ^= i.wrapping_mul(3);
            }
            black_box(sum);
        }
    }
    Ok(())
}

/// Runs `step` `count` times, each on the previous result.
#[inline(always)]
fn repeat<T>(count: u32, start: T, mut step: impl FnMut(T) -> T) {
    let mut acc = start;
    for _ in 0..count {
        acc = step(black_box(acc));
    }
    black_box(acc);
}
