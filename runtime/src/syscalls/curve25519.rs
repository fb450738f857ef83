//! The curve25519 syscalls on Edwards and Ristretto points:
//! `sol_curve_validate_point`, `sol_curve_group_op` (add, subtract,
//! multiply by a scalar) and `sol_curve_multiscalar_mul`. Points and
//! scalars are 32-byte encodings; the arithmetic is `solana-curve25519`'s
//! (curve25519-dalek), as in Agave.
//!
//! An operation on invalid points returns 1; an unknown curve or operation
//! aborts the program. Validation and group operations on BLS12-381 curve
//! ids go to [`super::bls12_381`]; the multiscalar multiplication is
//! curve25519's only, as in Agave.

use solana_curve25519::{
    edwards::{self, PodEdwardsPoint},
    ristretto::{self, PodRistrettoPoint},
    scalar::PodScalar,
};
use solana_sbpf::memory_region::{AccessType, MemoryMapping};

use super::{bls12_381, read_bytes, to_vm, translate, write_bytes, SyscallError, SyscallResult};
use crate::invoke_context::InvokeContext;

/// Curve id of Edwards points.
pub const CURVE25519_EDWARDS: u64 = 0;
/// Curve id of Ristretto points.
pub const CURVE25519_RISTRETTO: u64 = 1;
/// `sol_curve_group_op`: left + right.
pub const GROUP_OP_ADD: u64 = 0;
/// `sol_curve_group_op`: left − right.
pub const GROUP_OP_SUB: u64 = 1;
/// `sol_curve_group_op`: scalar (left) × point (right).
pub const GROUP_OP_MUL: u64 = 2;
/// Most points one multiscalar multiplication takes.
const MAX_MSM_POINTS: u64 = 512;
const POINT_LEN: u64 = 32;

/// Agave's compute costs for one curve.
struct Costs {
    validate: u64,
    add: u64,
    subtract: u64,
    multiply: u64,
    msm_base: u64,
    msm_incremental: u64,
}

const EDWARDS_COSTS: Costs =
    Costs { validate: 159, add: 473, subtract: 475, multiply: 2_177, msm_base: 2_273, msm_incremental: 758 };
const RISTRETTO_COSTS: Costs =
    Costs { validate: 169, add: 521, subtract: 519, multiply: 2_208, msm_base: 2_303, msm_incremental: 788 };

/// One curve representation: its costs and operations on 32-byte encodings.
enum Curve {
    Edwards,
    Ristretto,
}

impl Curve {
    fn from_id(id: u64) -> Result<Self, SyscallError> {
        match id {
            CURVE25519_EDWARDS => Ok(Curve::Edwards),
            CURVE25519_RISTRETTO => Ok(Curve::Ristretto),
            _ => Err(SyscallError::InvalidAttribute),
        }
    }

    fn costs(&self) -> &'static Costs {
        match self {
            Curve::Edwards => &EDWARDS_COSTS,
            Curve::Ristretto => &RISTRETTO_COSTS,
        }
    }

    fn validate(&self, point: [u8; 32]) -> bool {
        match self {
            Curve::Edwards => edwards::validate_edwards(&PodEdwardsPoint(point)),
            Curve::Ristretto => ristretto::validate_ristretto(&PodRistrettoPoint(point)),
        }
    }

    fn group_op(&self, op: u64, left: [u8; 32], right: [u8; 32]) -> Option<[u8; 32]> {
        match (self, op) {
            (Curve::Edwards, GROUP_OP_ADD) => {
                edwards::add_edwards(&PodEdwardsPoint(left), &PodEdwardsPoint(right)).map(|p| p.0)
            }
            (Curve::Edwards, GROUP_OP_SUB) => {
                edwards::subtract_edwards(&PodEdwardsPoint(left), &PodEdwardsPoint(right)).map(|p| p.0)
            }
            (Curve::Edwards, _) => edwards::multiply_edwards(&PodScalar(left), &PodEdwardsPoint(right)).map(|p| p.0),
            (Curve::Ristretto, GROUP_OP_ADD) => {
                ristretto::add_ristretto(&PodRistrettoPoint(left), &PodRistrettoPoint(right)).map(|p| p.0)
            }
            (Curve::Ristretto, GROUP_OP_SUB) => {
                ristretto::subtract_ristretto(&PodRistrettoPoint(left), &PodRistrettoPoint(right)).map(|p| p.0)
            }
            (Curve::Ristretto, _) => {
                ristretto::multiply_ristretto(&PodScalar(left), &PodRistrettoPoint(right)).map(|p| p.0)
            }
        }
    }

    fn multiscalar_mul(&self, scalars: &[[u8; 32]], points: &[[u8; 32]]) -> Option<[u8; 32]> {
        let scalars: Vec<PodScalar> = scalars.iter().map(|s| PodScalar(*s)).collect();
        match self {
            Curve::Edwards => {
                let points: Vec<PodEdwardsPoint> = points.iter().map(|p| PodEdwardsPoint(*p)).collect();
                edwards::multiscalar_multiply_edwards(&scalars, &points).map(|p| p.0)
            }
            Curve::Ristretto => {
                let points: Vec<PodRistrettoPoint> = points.iter().map(|p| PodRistrettoPoint(*p)).collect();
                ristretto::multiscalar_multiply_ristretto(&scalars, &points).map(|p| p.0)
            }
        }
    }
}

fn read_32(memory_mapping: &MemoryMapping, vm_addr: u64) -> Result<[u8; 32], SyscallError> {
    let bytes = read_bytes(memory_mapping, vm_addr, POINT_LEN)?;
    let mut out = [0u8; 32];
    out.copy_from_slice(&bytes);
    Ok(out)
}

fn read_32s(memory_mapping: &MemoryMapping, vm_addr: u64, count: u64) -> Result<Vec<[u8; 32]>, SyscallError> {
    let len = count.checked_mul(POINT_LEN).ok_or(SyscallError::InvalidLength)?;
    let bytes = read_bytes(memory_mapping, vm_addr, len)?;
    Ok(bytes
        .chunks_exact(32)
        .map(|chunk| {
            let mut out = [0u8; 32];
            out.copy_from_slice(chunk);
            out
        })
        .collect())
}

fn validate_point(ctx: &mut InvokeContext, memory_mapping: &MemoryMapping, curve_id: u64, point_addr: u64) -> SyscallResult {
    if let Some((group, endianness)) = bls12_381::group_of(curve_id) {
        return bls12_381::validate(ctx, memory_mapping, group, endianness, point_addr);
    }
    let curve = Curve::from_id(curve_id)?;
    ctx.consume_checked(curve.costs().validate)?;
    let point = read_32(memory_mapping, point_addr)?;
    Ok(u64::from(!curve.validate(point)))
}

fn group_op(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    [curve_id, op, left_addr, right_addr, result_addr]: [u64; 5],
) -> SyscallResult {
    if let Some(group) = bls12_381::group_of(curve_id) {
        return bls12_381::group_op(ctx, memory_mapping, group, [op, left_addr, right_addr, result_addr]);
    }
    let curve = Curve::from_id(curve_id)?;
    let cost = match op {
        GROUP_OP_ADD => curve.costs().add,
        GROUP_OP_SUB => curve.costs().subtract,
        GROUP_OP_MUL => curve.costs().multiply,
        _ => return Err(SyscallError::InvalidAttribute),
    };
    ctx.consume_checked(cost)?;
    let left = read_32(memory_mapping, left_addr)?;
    let right = read_32(memory_mapping, right_addr)?;
    match curve.group_op(op, left, right) {
        Some(result) => {
            translate(memory_mapping, AccessType::Store, result_addr, POINT_LEN)?;
            write_bytes(memory_mapping, result_addr, &result)?;
            Ok(0)
        }
        None => Ok(1),
    }
}

fn multiscalar_mul(
    ctx: &mut InvokeContext,
    memory_mapping: &MemoryMapping,
    [curve_id, scalars_addr, points_addr, points_len, result_addr]: [u64; 5],
) -> SyscallResult {
    if points_len > MAX_MSM_POINTS {
        return Err(SyscallError::InvalidLength);
    }
    let curve = Curve::from_id(curve_id)?;
    let costs = curve.costs();
    let cost = costs.msm_base.saturating_add(costs.msm_incremental.saturating_mul(points_len.saturating_sub(1)));
    ctx.consume_checked(cost)?;
    let scalars = read_32s(memory_mapping, scalars_addr, points_len)?;
    let points = read_32s(memory_mapping, points_addr, points_len)?;
    match curve.multiscalar_mul(&scalars, &points) {
        Some(result) => {
            write_bytes(memory_mapping, result_addr, &result)?;
            Ok(0)
        }
        None => Ok(1),
    }
}

syscall!(
    /// `sol_curve_validate_point(curve_id, *point)`: 0 if the point is valid, else 1.
    SyscallCurveValidatePoint,
    fn rust(
        ctx: &mut InvokeContext,
        curve_id: u64,
        point_addr: u64,
        _arg3: u64,
        _arg4: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(validate_point(ctx, memory_mapping, curve_id, point_addr))
    }
);

syscall!(
    /// `sol_curve_group_op(curve_id, op, *left, *right, *out)`.
    SyscallCurveGroupOp,
    fn rust(
        ctx: &mut InvokeContext,
        curve_id: u64,
        op: u64,
        left_addr: u64,
        right_addr: u64,
        result_addr: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(group_op(ctx, memory_mapping, [curve_id, op, left_addr, right_addr, result_addr]))
    }
);

syscall!(
    /// `sol_curve_multiscalar_mul(curve_id, *scalars, *points, n, *out)`.
    SyscallCurveMultiscalarMul,
    fn rust(
        ctx: &mut InvokeContext,
        curve_id: u64,
        scalars_addr: u64,
        points_addr: u64,
        points_len: u64,
        result_addr: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(multiscalar_mul(ctx, memory_mapping, [curve_id, scalars_addr, points_addr, points_len, result_addr]))
    }
);
