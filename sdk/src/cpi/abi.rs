//! The C structures of `sol_invoke_signed_c`, exactly as the runtime reads
//! them (all `repr(C)`, little-endian, pointers are 8-byte VM addresses).
//!
//! ```text
//! SolInstruction  (40 B)  +0 program_id*  +8 accounts*  +16 accounts_len u64
//!                         +24 data*  +32 data_len u64
//! SolAccountMeta  (16 B)  +0 pubkey*  +8 is_writable u8  +9 is_signer u8  +10 pad
//! SolAccountInfo  (56 B)  +0 key*  +8 lamports*  +16 data_len u64  +24 data*
//!                         +32 owner*  +40 rent_epoch u64  +48 is_signer u8
//!                         +49 is_writable u8  +50 executable u8  +51 pad
//! SolSignerSeed   (16 B)  +0 addr*  +8 len u64          (one seed)
//! SolSignerSeeds  (16 B)  +0 addr* → [SolSignerSeed]  +8 len u64   (one signer)
//! ```
//!
//! Note that `SolAccountMeta` puts `is_writable` *before* `is_signer`
//! (Solana's Rust `AccountMeta` has the opposite order).

use crate::pubkey::Pubkey;

/// The instruction to invoke.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SolInstruction {
    /// Address of the callee's 32-byte id.
    pub program_id: *const Pubkey,
    /// Address of `accounts_len` [`SolAccountMeta`]s.
    pub accounts: *const SolAccountMeta,
    /// Number of account metas.
    pub accounts_len: u64,
    /// Address of the instruction data.
    pub data: *const u8,
    /// Length of the instruction data.
    pub data_len: u64,
}

/// One account of the callee instruction.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SolAccountMeta {
    /// Address of the account's 32-byte key.
    pub pubkey: *const Pubkey,
    /// 1 if the callee may write the account.
    pub is_writable: u8,
    /// 1 if the account signs.
    pub is_signer: u8,
}

/// One account passed along with the invocation: where the runtime finds
/// (and, after the call, writes back) its lamports, data and owner.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SolAccountInfo {
    /// Address of the 32-byte key.
    pub key: *const Pubkey,
    /// Address of the `u64` lamports.
    pub lamports: *mut u64,
    /// Current data length.
    pub data_len: u64,
    /// Address of the data.
    pub data: *mut u8,
    /// Address of the 32-byte owner.
    pub owner: *const Pubkey,
    /// Rent epoch.
    pub rent_epoch: u64,
    /// 1 if the account signed the transaction.
    pub is_signer: u8,
    /// 1 if the account is writable.
    pub is_writable: u8,
    /// 1 if the account is executable.
    pub executable: u8,
}

/// One seed of a signer: `{ addr, len }`.
pub type SolSignerSeed = crate::syscalls::SolBytes;

/// One signer: the list of its seeds.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SolSignerSeeds {
    /// Address of `len` [`SolSignerSeed`]s.
    pub addr: *const SolSignerSeed,
    /// Number of seeds.
    pub len: u64,
}

/// Size of [`SolInstruction`].
pub const SOL_INSTRUCTION_SIZE: usize = 40;
/// Size of [`SolAccountMeta`].
pub const SOL_ACCOUNT_META_SIZE: usize = 16;
/// Size of [`SolAccountInfo`].
pub const SOL_ACCOUNT_INFO_SIZE: usize = 56;
/// Size of [`SolSignerSeed`] and [`SolSignerSeeds`].
pub const SOL_SIGNER_SEED_SIZE: usize = 16;

// The layouts above are the ABI; a change of size is a compile error.
const _: () = {
    assert!(core::mem::size_of::<SolInstruction>() == SOL_INSTRUCTION_SIZE);
    assert!(core::mem::size_of::<SolAccountMeta>() == SOL_ACCOUNT_META_SIZE);
    assert!(core::mem::size_of::<SolAccountInfo>() == SOL_ACCOUNT_INFO_SIZE);
    assert!(core::mem::size_of::<SolSignerSeed>() == SOL_SIGNER_SEED_SIZE);
    assert!(core::mem::size_of::<SolSignerSeeds>() == SOL_SIGNER_SEED_SIZE);
    assert!(core::mem::offset_of!(SolAccountMeta, is_writable) == 8);
    assert!(core::mem::offset_of!(SolAccountMeta, is_signer) == 9);
    assert!(core::mem::offset_of!(SolAccountInfo, rent_epoch) == 40);
    assert!(core::mem::offset_of!(SolAccountInfo, is_signer) == 48);
    assert!(core::mem::offset_of!(SolAccountInfo, executable) == 50);
};
