//! `sol_secp256k1_recover`: the public key that signed a 32-byte hash
//! (25,000 compute units).

use solana_sbpf::memory_region::{AccessType, MemoryMapping};

use super::{to_vm, translate, with_bytes, write_bytes, SyscallResult};
use crate::invoke_context::InvokeContext;

/// Compute units of one recovery.
const SECP256K1_RECOVER_COST: u64 = 25_000;
/// The recovered key: 64 bytes, x and y without the SEC1 tag.
const PUBLIC_KEY_LENGTH: u64 = 64;
/// A compact signature: r and s.
const SIGNATURE_LENGTH: u64 = 64;
const HASH_LENGTH: u64 = 32;

/// Return codes for a failed recovery (the program is not aborted).
const INVALID_HASH: u64 = 1;
const INVALID_RECOVERY_ID: u64 = 2;
const INVALID_SIGNATURE: u64 = 3;

fn recover(ctx: &mut InvokeContext, memory_mapping: &MemoryMapping, hash_addr: u64, recovery_id: u64, signature_addr: u64, result_addr: u64) -> SyscallResult {
    ctx.consume_checked(SECP256K1_RECOVER_COST)?;
    translate(memory_mapping, AccessType::Store, result_addr, PUBLIC_KEY_LENGTH)?;
    let hash = with_bytes(memory_mapping, hash_addr, HASH_LENGTH, <[u8]>::to_vec)?;
    let signature = with_bytes(memory_mapping, signature_addr, SIGNATURE_LENGTH, <[u8]>::to_vec)?;
    let Ok(message) = libsecp256k1::Message::parse_slice(&hash) else {
        return Ok(INVALID_HASH);
    };
    let Some(recovery_id) = u8::try_from(recovery_id).ok().and_then(|id| libsecp256k1::RecoveryId::parse(id).ok()) else {
        return Ok(INVALID_RECOVERY_ID);
    };
    let Ok(signature) = libsecp256k1::Signature::parse_standard_slice(&signature) else {
        return Ok(INVALID_SIGNATURE);
    };
    let Ok(key) = libsecp256k1::recover(&message, &signature, &recovery_id) else {
        return Ok(INVALID_SIGNATURE);
    };
    write_bytes(memory_mapping, result_addr, &key.serialize()[1..65])?;
    Ok(0)
}

syscall!(
    /// `sol_secp256k1_recover(*hash, recovery_id, *signature, *[u8; 64] out)`.
    SyscallSecp256k1Recover,
    fn rust(
        ctx: &mut InvokeContext,
        hash_addr: u64,
        recovery_id: u64,
        signature_addr: u64,
        result_addr: u64,
        _arg5: u64,
        memory_mapping: &mut MemoryMapping,
    ) -> Result<u64, Box<dyn std::error::Error>> {
        to_vm(recover(ctx, memory_mapping, hash_addr, recovery_id, signature_addr, result_addr))
    }
);
