//! BLS12-381 through the curve syscalls: point validation and group
//! operations on G1 and G2 (`sol_curve_validate_point`,
//! `sol_curve_group_op`, which dispatch here by curve id),
//! `sol_curve_decompress` and `sol_curve_pairing_map`. The arithmetic is
//! `solana-bls12-381-syscall`'s (blst), as in Agave; each curve id comes in
//! a little- and a big-endian (`| 0x80`) form.
//!
//! Invalid points return 1; an unknown curve or operation aborts the program.

use solana_bls12_381_syscall::{
    Endianness, PodG1Compressed, PodG1Point, PodG2Compressed, PodG2Point, PodScalar, Version,
};
use solana_sbpf::memory_region::MemoryMapping;

use super::{curve25519::{GROUP_OP_ADD, GROUP_OP_MUL, GROUP_OP_SUB}, read_bytes, to_vm, write_bytes, SyscallError, SyscallResult};
use crate::invoke_context::InvokeContext;

/// Curve id of the pairing (both groups), little-endian.
const BLS12_381_LE: u64 = 4;
/// Curve id of G1 points, little-endian.
pub(crate) const BLS12_381_G1_LE: u64 = 5;
/// Curve id of G2 points, little-endian.
pub(crate) const BLS12_381_G2_LE: u64 = 6;
/// Added to a curve id for big-endian encodings.
const BIG_ENDIAN: u64 = 0x80;

/// Size of a field element of the base field.
const FQ_SIZE: usize = 48;
/// Size of an uncompressed G1 point (x, y).
const G1_UNCOMPRESSED_SIZE: usize = 2 * FQ_SIZE;
/// Size of a compressed G1 point.
const G1_COMPRESSED_SIZE: usize = FQ_SIZE;
/// Size of an uncompressed G2 point (x, y over the quadratic extension).
const G2_UNCOMPRESSED_SIZE: usize = 4 * FQ_SIZE;
/// Size of a compressed G2 point.
const G2_COMPRESSED_SIZE: usize = 2 * FQ_SIZE;
/// Size of a scalar.
const SCALAR_SIZE: usize = 32;

// Agave 4.3's compute costs.
const G1_ADD_COST: u64 = 128;
const G2_ADD_COST: u64 = 203;
const G1_SUBTRACT_COST: u64 = 129;
const G2_SUBTRACT_COST: u64 = 204;
const G1_MULTIPLY_COST: u64 = 4_627;
const G2_MULTIPLY_COST: u64 = 8_255;
const G1_DECOMPRESS_COST: u64 = 2_100;
const G2_DECOMPRESS_COST: u64 = 3_050;
const G1_VALIDATE_COST: u64 = 1_565;
const G2_VALIDATE_COST: u64 = 1_968;
const ONE_PAIR_COST: u64 = 25_445;
const ADDITIONAL_PAIR_COST: u64 = 13_023;

/// The group and byte order a curve id names.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
    G1,
    G2,
}

/// The group and endianness of a G1/G2 curve id, if it is one.
pub(crate) fn group_of(curve_id: u64) -> Option<(Group, Endianness)> {
    let endianness = if curve_id & BIG_ENDIAN != 0 { Endianness::BE } else { Endianness::LE };
    match curve_id & !BIG_ENDIAN {
        BLS12_381_G1_LE => Some((Group::G1, endianness)),
        BLS12_381_G2_LE => Some((Group::G2, endianness)),
        _ => None,
    }
}

fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&bytes[..N]);
    out
}

fn read<const N: usize>(memory_mapping: &MemoryMapping, vm_addr: u64) -> Result<[u8; N], SyscallError> {
    Ok(array(&read_bytes(memory_mapping, vm_addr, N as u64)?))
}

/// `sol_curve_validate_point` for a G1 or G2 point.
pub(crate) fn validate(ctx: &mut InvokeContext, memory_mapping: &MemoryMapping, group: Group, endianness: Endianness, point_addr: u64) -> SyscallResult {
    let valid = match group {
        Group::G1 => {
            ctx.consume_checked(G1_VALIDATE_COST)?;
            let point = PodG1Point(read::<G1_UNCOMPRESSED_SIZE>(memory_mapping, point_addr)?);
            solana_bls12_381_syscall::bls12_381_g1_point_validation(Version::V0, &point, endianness)
        }
        Group::G2 => {
            ctx.consume_checked(G2_VALIDATE_COST)?;
            let point = PodG2Point(read::<G2_UNCOMPRESSED_SIZE>(memory_mapping, point_addr)?);
            solana_bls12_381_syscall::bls12_381_g2_point_validation(Version::V0, &point, endianness)
        }
    };
    Ok(u64::from(!valid))
}

/// `sol_curve_group_op` on G1 or G2: add, subtract, or multiply by a scalar (left).
pub(crate) fn group_op(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    (group, endianness): (Group, Endianness),
    [op, left_addr, right_addr, result_addr]: [u64; 4],
) -> SyscallResult {
    use solana_bls12_381_syscall as bls;
    let cost = match (group, op) {
        (Group::G1, GROUP_OP_ADD) => G1_ADD_COST,
        (Group::G1, GROUP_OP_SUB) => G1_SUBTRACT_COST,
        (Group::G1, GROUP_OP_MUL) => G1_MULTIPLY_COST,
        (Group::G2, GROUP_OP_ADD) => G2_ADD_COST,
        (Group::G2, GROUP_OP_SUB) => G2_SUBTRACT_COST,
        (Group::G2, GROUP_OP_MUL) => G2_MULTIPLY_COST,
        _ => return Err(SyscallError::InvalidAttribute),
    };
    ctx.consume_checked(cost)?;
    let result: Option<Vec<u8>> = match group {
        Group::G1 => {
            let right = PodG1Point(read::<G1_UNCOMPRESSED_SIZE>(memory_mapping, right_addr)?);
            if op == GROUP_OP_MUL {
                let scalar = PodScalar(read::<SCALAR_SIZE>(memory_mapping, left_addr)?);
                bls::bls12_381_g1_multiplication(Version::V0, &right, &scalar, endianness).map(|p| p.0.to_vec())
            } else {
                let left = PodG1Point(read::<G1_UNCOMPRESSED_SIZE>(memory_mapping, left_addr)?);
                let result = if op == GROUP_OP_ADD {
                    bls::bls12_381_g1_addition_unchecked(Version::V0, &left, &right, endianness)
                } else {
                    bls::bls12_381_g1_subtraction_unchecked(Version::V0, &left, &right, endianness)
                };
                result.map(|p| p.0.to_vec())
            }
        }
        Group::G2 => {
            let right = PodG2Point(read::<G2_UNCOMPRESSED_SIZE>(memory_mapping, right_addr)?);
            if op == GROUP_OP_MUL {
                let scalar = PodScalar(read::<SCALAR_SIZE>(memory_mapping, left_addr)?);
                bls::bls12_381_g2_multiplication(Version::V0, &right, &scalar, endianness).map(|p| p.0.to_vec())
            } else {
                let left = PodG2Point(read::<G2_UNCOMPRESSED_SIZE>(memory_mapping, left_addr)?);
                let result = if op == GROUP_OP_ADD {
                    bls::bls12_381_g2_addition_unchecked(Version::V0, &left, &right, endianness)
                } else {
                    bls::bls12_381_g2_subtraction_unchecked(Version::V0, &left, &right, endianness)
                };
                result.map(|p| p.0.to_vec())
            }
        }
    };
    match result {
        Some(bytes) => {
            write_bytes(memory_mapping, result_addr, &bytes)?;
            Ok(0)
        }
        None => Ok(1),
    }
}

fn decompress(ctx: &mut InvokeContext, memory_mapping: &MemoryMapping, curve_id: u64, point_addr: u64, result_addr: u64) -> SyscallResult {
    let (group, endianness) = group_of(curve_id).ok_or(SyscallError::InvalidAttribute)?;
    let result: Option<Vec<u8>> = match group {
        Group::G1 => {
            ctx.consume_checked(G1_DECOMPRESS_COST)?;
            let compressed = PodG1Compressed(read::<G1_COMPRESSED_SIZE>(memory_mapping, point_addr)?);
            solana_bls12_381_syscall::bls12_381_g1_decompress(Version::V0, &compressed, endianness).map(|p| p.0.to_vec())
        }
        Group::G2 => {
            ctx.consume_checked(G2_DECOMPRESS_COST)?;
            let compressed = PodG2Compressed(read::<G2_COMPRESSED_SIZE>(memory_mapping, point_addr)?);
            solana_bls12_381_syscall::bls12_381_g2_decompress(Version::V0, &compressed, endianness).map(|p| p.0.to_vec())
        }
    };
    match result {
        Some(bytes) => {
            write_bytes(memory_mapping, result_addr, &bytes)?;
            Ok(0)
        }
        None => Ok(1),
    }
}

fn pairing_map(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    [curve_id, num_pairs, g1_addr, g2_addr, result_addr]: [u64; 5],
) -> SyscallResult {
    let endianness = match curve_id {
        BLS12_381_LE => Endianness::LE,
        id if id == BLS12_381_LE | BIG_ENDIAN => Endianness::BE,
        _ => return Err(SyscallError::InvalidAttribute),
    };
    ctx.consume_checked(ONE_PAIR_COST.saturating_add(ADDITIONAL_PAIR_COST.saturating_mul(num_pairs.saturating_sub(1))))?;
    let g1_len = num_pairs.checked_mul(G1_UNCOMPRESSED_SIZE as u64).ok_or(SyscallError::InvalidLength)?;
    let g2_len = num_pairs.checked_mul(G2_UNCOMPRESSED_SIZE as u64).ok_or(SyscallError::InvalidLength)?;
    let g1: Vec<PodG1Point> =
        read_bytes(memory_mapping, g1_addr, g1_len)?.chunks_exact(G1_UNCOMPRESSED_SIZE).map(|c| PodG1Point(array(c))).collect();
    let g2: Vec<PodG2Point> =
        read_bytes(memory_mapping, g2_addr, g2_len)?.chunks_exact(G2_UNCOMPRESSED_SIZE).map(|c| PodG2Point(array(c))).collect();
    match solana_bls12_381_syscall::bls12_381_pairing_map(Version::V0, &g1, &g2, endianness) {
        Some(gt) => {
            write_bytes(memory_mapping, result_addr, &gt.0)?;
            Ok(0)
        }
        None => Ok(1),
    }
}

syscall!(
    /// `sol_curve_decompress(curve_id, *compressed, *out)`: a G1 (2,100 units)
    /// or G2 (3,050 units) point from its compressed form.
    SyscallCurveDecompress,
    fn rust(
        ctx: &mut InvokeContext,
        curve_id: u64,
        point_addr: u64,
        result_addr: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(decompress(ctx, memory_mapping, curve_id, point_addr, result_addr))
    }
);

syscall!(
    /// `sol_curve_pairing_map(curve_id, n, *g1_points, *g2_points, *out)`:
    /// the product of n pairings (25,445 + 13,023 per extra pair).
    SyscallCurvePairingMap,
    fn rust(
        ctx: &mut InvokeContext,
        curve_id: u64,
        num_pairs: u64,
        g1_addr: u64,
        g2_addr: u64,
        result_addr: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(pairing_map(ctx, memory_mapping, [curve_id, num_pairs, g1_addr, g2_addr, result_addr]))
    }
);
