//! The alt_bn128 (BN254) syscalls: `sol_alt_bn128_group_op` (G1/G2
//! addition, scalar multiplication, pairing; big- or little-endian) and
//! `sol_alt_bn128_compression` (point compression and decompression). The
//! arithmetic is `solana-bn254`'s, with the versions Agave 4.3 selects.
//!
//! Invalid input returns 1; an unknown operation aborts the program.

use solana_bn254::{
    compression::prelude::{
        alt_bn128_g1_compress_be, alt_bn128_g1_compress_le, alt_bn128_g1_decompress_be, alt_bn128_g1_decompress_le,
        alt_bn128_g2_compress_be, alt_bn128_g2_compress_le, alt_bn128_g2_decompress_be, alt_bn128_g2_decompress_le,
        ALT_BN128_G1_COMPRESSED_POINT_SIZE, ALT_BN128_G1_COMPRESS_BE, ALT_BN128_G1_COMPRESS_LE,
        ALT_BN128_G1_DECOMPRESS_BE, ALT_BN128_G1_DECOMPRESS_LE, ALT_BN128_G2_COMPRESSED_POINT_SIZE,
        ALT_BN128_G2_COMPRESS_BE, ALT_BN128_G2_COMPRESS_LE, ALT_BN128_G2_DECOMPRESS_BE, ALT_BN128_G2_DECOMPRESS_LE,
    },
    versioned::{
        alt_bn128_versioned_g1_addition, alt_bn128_versioned_g1_multiplication, alt_bn128_versioned_g2_addition,
        alt_bn128_versioned_g2_multiplication, alt_bn128_versioned_pairing, Endianness, VersionedG1Addition,
        VersionedG1Multiplication, VersionedG2Addition, VersionedG2Multiplication, VersionedPairing,
        ALT_BN128_G1_ADD_BE, ALT_BN128_G1_ADD_LE, ALT_BN128_G1_MUL_BE, ALT_BN128_G1_MUL_LE, ALT_BN128_G1_POINT_SIZE,
        ALT_BN128_G2_ADD_BE, ALT_BN128_G2_ADD_LE, ALT_BN128_G2_MUL_BE, ALT_BN128_G2_MUL_LE, ALT_BN128_G2_POINT_SIZE,
        ALT_BN128_PAIRING_BE, ALT_BN128_PAIRING_ELEMENT_SIZE, ALT_BN128_PAIRING_LE, ALT_BN128_PAIRING_OUTPUT_SIZE,
    },
};
use solana_sbpf::memory_region::{AccessType, MemoryMapping};

use super::{read_bytes, to_vm, translate, write_bytes, SyscallError, SyscallResult};
use crate::invoke_context::InvokeContext;

// Agave 4.3's compute costs.
const G1_ADDITION_COST: u64 = 334;
const G2_ADDITION_COST: u64 = 535;
const G1_MULTIPLICATION_COST: u64 = 3_840;
const G2_MULTIPLICATION_COST: u64 = 15_670;
const PAIRING_ONE_PAIR_COST_FIRST: u64 = 36_364;
const PAIRING_ONE_PAIR_COST_OTHER: u64 = 12_121;
const G1_COMPRESS_COST: u64 = 30;
const G1_DECOMPRESS_COST: u64 = 398;
const G2_COMPRESS_COST: u64 = 86;
const G2_DECOMPRESS_COST: u64 = 13_610;

fn group_op(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    op: u64,
    input_addr: u64,
    input_size: u64,
    result_addr: u64,
) -> SyscallResult {
    let budget = ctx.budget().clone();
    let (cost, output) = match op {
        ALT_BN128_G1_ADD_BE | ALT_BN128_G1_ADD_LE => (G1_ADDITION_COST, ALT_BN128_G1_POINT_SIZE),
        ALT_BN128_G2_ADD_BE | ALT_BN128_G2_ADD_LE => (G2_ADDITION_COST, ALT_BN128_G2_POINT_SIZE),
        ALT_BN128_G1_MUL_BE | ALT_BN128_G1_MUL_LE => (G1_MULTIPLICATION_COST, ALT_BN128_G1_POINT_SIZE),
        ALT_BN128_G2_MUL_BE | ALT_BN128_G2_MUL_LE => (G2_MULTIPLICATION_COST, ALT_BN128_G2_POINT_SIZE),
        ALT_BN128_PAIRING_BE | ALT_BN128_PAIRING_LE => {
            let pairs = input_size.checked_div(ALT_BN128_PAIRING_ELEMENT_SIZE as u64).unwrap_or(0);
            let cost = PAIRING_ONE_PAIR_COST_FIRST
                .saturating_add(PAIRING_ONE_PAIR_COST_OTHER.saturating_mul(pairs.saturating_sub(1)))
                .saturating_add(budget.sha256_base_cost)
                .saturating_add(input_size)
                .saturating_add(ALT_BN128_PAIRING_OUTPUT_SIZE as u64);
            (cost, ALT_BN128_PAIRING_OUTPUT_SIZE)
        }
        _ => return Err(SyscallError::InvalidAttribute),
    };
    ctx.consume_checked(cost)?;
    translate(memory_mapping, AccessType::Store, result_addr, output as u64)?;
    let input = read_bytes(memory_mapping, input_addr, input_size)?;
    let endianness = if op & 0x80 != 0 { Endianness::LE } else { Endianness::BE };
    let result = match op {
        ALT_BN128_G1_ADD_BE | ALT_BN128_G1_ADD_LE => {
            alt_bn128_versioned_g1_addition(VersionedG1Addition::V0, &input, endianness)
        }
        ALT_BN128_G2_ADD_BE | ALT_BN128_G2_ADD_LE => {
            alt_bn128_versioned_g2_addition(VersionedG2Addition::V0, &input, endianness)
        }
        ALT_BN128_G1_MUL_BE | ALT_BN128_G1_MUL_LE => {
            alt_bn128_versioned_g1_multiplication(VersionedG1Multiplication::V1, &input, endianness)
        }
        ALT_BN128_G2_MUL_BE | ALT_BN128_G2_MUL_LE => {
            alt_bn128_versioned_g2_multiplication(VersionedG2Multiplication::V0, &input, endianness)
        }
        _ => alt_bn128_versioned_pairing(VersionedPairing::V1, &input, endianness),
    };
    match result {
        Ok(bytes) => {
            write_bytes(memory_mapping, result_addr, &bytes)?;
            Ok(0)
        }
        Err(_) => Ok(1),
    }
}

fn compression(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    op: u64,
    input_addr: u64,
    input_size: u64,
    result_addr: u64,
) -> SyscallResult {
    let base = ctx.budget().syscall_base_cost;
    let (cost, output) = match op {
        ALT_BN128_G1_COMPRESS_BE | ALT_BN128_G1_COMPRESS_LE => (G1_COMPRESS_COST, ALT_BN128_G1_COMPRESSED_POINT_SIZE),
        ALT_BN128_G1_DECOMPRESS_BE | ALT_BN128_G1_DECOMPRESS_LE => (G1_DECOMPRESS_COST, ALT_BN128_G1_POINT_SIZE),
        ALT_BN128_G2_COMPRESS_BE | ALT_BN128_G2_COMPRESS_LE => (G2_COMPRESS_COST, ALT_BN128_G2_COMPRESSED_POINT_SIZE),
        ALT_BN128_G2_DECOMPRESS_BE | ALT_BN128_G2_DECOMPRESS_LE => (G2_DECOMPRESS_COST, ALT_BN128_G2_POINT_SIZE),
        _ => return Err(SyscallError::InvalidAttribute),
    };
    ctx.consume_checked(base.saturating_add(cost))?;
    translate(memory_mapping, AccessType::Store, result_addr, output as u64)?;
    let input = read_bytes(memory_mapping, input_addr, input_size)?;
    let result: Option<Vec<u8>> = match op {
        ALT_BN128_G1_COMPRESS_BE => alt_bn128_g1_compress_be(&input).ok().map(|p| p.to_vec()),
        ALT_BN128_G1_COMPRESS_LE => alt_bn128_g1_compress_le(&input).ok().map(|p| p.to_vec()),
        ALT_BN128_G1_DECOMPRESS_BE => alt_bn128_g1_decompress_be(&input).ok().map(|p| p.to_vec()),
        ALT_BN128_G1_DECOMPRESS_LE => alt_bn128_g1_decompress_le(&input).ok().map(|p| p.to_vec()),
        ALT_BN128_G2_COMPRESS_BE => alt_bn128_g2_compress_be(&input).ok().map(|p| p.to_vec()),
        ALT_BN128_G2_COMPRESS_LE => alt_bn128_g2_compress_le(&input).ok().map(|p| p.to_vec()),
        ALT_BN128_G2_DECOMPRESS_BE => alt_bn128_g2_decompress_be(&input).ok().map(|p| p.to_vec()),
        _ => alt_bn128_g2_decompress_le(&input).ok().map(|p| p.to_vec()),
    };
    match result {
        Some(bytes) => {
            write_bytes(memory_mapping, result_addr, &bytes)?;
            Ok(0)
        }
        None => Ok(1),
    }
}

syscall!(
    /// `sol_alt_bn128_group_op(op, *input, input_len, *out)`.
    SyscallAltBn128GroupOp,
    fn rust(
        ctx: &mut InvokeContext,
        op: u64,
        input_addr: u64,
        input_size: u64,
        result_addr: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(group_op(ctx, memory_mapping, op, input_addr, input_size, result_addr))
    }
);

syscall!(
    /// `sol_alt_bn128_compression(op, *input, input_len, *out)`.
    SyscallAltBn128Compression,
    fn rust(
        ctx: &mut InvokeContext,
        op: u64,
        input_addr: u64,
        input_size: u64,
        result_addr: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(compression(ctx, memory_mapping, op, input_addr, input_size, result_addr))
    }
);
