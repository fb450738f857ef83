//! The Rust structures of `sol_invoke_signed_rust`, as the runtime reads
//! them from the caller's memory: solana-program's `StableInstruction`
//! (whose vectors are `{ptr, cap, len}`), its `AccountMeta` (this crate's
//! [`AccountMeta`](crate::instruction::AccountMeta), 34 bytes), and its
//! `AccountInfo`, whose lamports and data sit behind `Rc<RefCell<…>>`.
//! Addresses are 8-byte VM addresses, so every field is a `u64` here.
//!
//! ```text
//! StableInstruction (80 B)  +0 accounts {ptr, cap, len}  +24 data {ptr, cap, len}
//!                           +48 program_id [32]
//! AccountMeta       (34 B)  +0 pubkey [32]  +32 is_signer u8  +33 is_writable u8
//! AccountInfo       (48 B)  +0 key*  +8 lamports Rc*  +16 data Rc*  +24 owner*
//!                           +32 rent_epoch u64  +40 is_signer  +41 is_writable
//!                           +42 executable  +43 pad
//! Rc<RefCell<T>>            +0 strong  +8 weak  +16 borrow flag  +24 value T
//!   lamports: T = &mut u64 (8 B)        data: T = &mut [u8] {ptr, len} (16 B)
//! ```

use crate::pubkey::Pubkey;

/// A vector as `StableInstruction` lays it out.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct StableVec {
    /// Address of the first element.
    pub ptr: u64,
    /// Capacity (not read).
    pub cap: u64,
    /// Number of elements.
    pub len: u64,
}

/// The instruction `sol_invoke_signed_rust` receives.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct StableInstruction {
    /// The callee's [`AccountMeta`](crate::instruction::AccountMeta)s.
    pub accounts: StableVec,
    /// The instruction data.
    pub data: StableVec,
    /// The callee.
    pub program_id: Pubkey,
}

/// solana-program's `AccountInfo`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct AccountInfo {
    /// Address of the 32-byte key.
    pub key: u64,
    /// Address of the `Rc<RefCell<&mut u64>>` box of the lamports.
    pub lamports: u64,
    /// Address of the `Rc<RefCell<&mut [u8]>>` box of the data.
    pub data: u64,
    /// Address of the 32-byte owner.
    pub owner: u64,
    /// Rent epoch.
    pub rent_epoch: u64,
    /// 1 if the account signed the transaction.
    pub is_signer: u8,
    /// 1 if the account is writable.
    pub is_writable: u8,
    /// 1 if the account is executable.
    pub executable: u8,
}

/// The heap box of an `Rc<RefCell<T>>`: counts, borrow flag, then the value.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct RcRefCellBox<T> {
    /// Strong count.
    pub strong: u64,
    /// Weak count.
    pub weak: u64,
    /// `RefCell`'s borrow flag.
    pub borrow: i64,
    /// The value.
    pub value: T,
}

/// A `&mut [u8]` in VM memory.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SliceRef {
    /// Address of the first byte.
    pub ptr: u64,
    /// Length.
    pub len: u64,
}

/// Size of [`StableInstruction`].
pub const INSTRUCTION_SIZE: usize = core::mem::size_of::<StableInstruction>();
/// Size of an account meta.
pub const ACCOUNT_META_SIZE: usize = core::mem::size_of::<crate::instruction::AccountMeta>();
/// Size of [`AccountInfo`].
pub const ACCOUNT_INFO_SIZE: usize = core::mem::size_of::<AccountInfo>();
/// Where the value of an `Rc<RefCell<T>>` box starts.
pub const RC_REFCELL_VALUE: usize = core::mem::offset_of!(RcRefCellBox<u64>, value);
/// [`StableInstruction`]: the address of the account metas.
pub const INSTRUCTION_ACCOUNTS_PTR: usize =
    core::mem::offset_of!(StableInstruction, accounts) + core::mem::offset_of!(StableVec, ptr);
/// [`StableInstruction`]: the number of account metas.
pub const INSTRUCTION_ACCOUNTS_LEN: usize =
    core::mem::offset_of!(StableInstruction, accounts) + core::mem::offset_of!(StableVec, len);
/// [`StableInstruction`]: the address of the data.
pub const INSTRUCTION_DATA_PTR: usize =
    core::mem::offset_of!(StableInstruction, data) + core::mem::offset_of!(StableVec, ptr);
/// [`StableInstruction`]: the data's length.
pub const INSTRUCTION_DATA_LEN: usize =
    core::mem::offset_of!(StableInstruction, data) + core::mem::offset_of!(StableVec, len);
/// [`StableInstruction`]: the callee's id (32 bytes).
pub const INSTRUCTION_PROGRAM_ID: core::ops::Range<usize> =
    core::mem::offset_of!(StableInstruction, program_id)..core::mem::offset_of!(StableInstruction, program_id) + 32;
/// An account meta's key (32 bytes).
pub const ACCOUNT_META_PUBKEY: core::ops::Range<usize> =
    core::mem::offset_of!(crate::instruction::AccountMeta, pubkey)..core::mem::offset_of!(crate::instruction::AccountMeta, pubkey) + 32;
/// In the `Rc<RefCell<&mut [u8]>>` box of an account's data: the data's address.
pub const RC_DATA_PTR: usize = core::mem::offset_of!(RcRefCellBox<SliceRef>, value) + core::mem::offset_of!(SliceRef, ptr);
/// In the `Rc<RefCell<&mut [u8]>>` box of an account's data: its length.
pub const RC_DATA_LEN: usize = core::mem::offset_of!(RcRefCellBox<SliceRef>, value) + core::mem::offset_of!(SliceRef, len);

// The layouts above are the ABI: they are pinned here.
const _: () = {
    use core::mem::offset_of;
    assert!(INSTRUCTION_SIZE == 80);
    assert!(offset_of!(StableInstruction, data) == 24);
    assert!(offset_of!(StableInstruction, program_id) == 48);
    assert!(ACCOUNT_META_SIZE == 34);
    assert!(offset_of!(crate::instruction::AccountMeta, is_signer) == 32);
    assert!(offset_of!(crate::instruction::AccountMeta, is_writable) == 33);
    assert!(ACCOUNT_INFO_SIZE == 48);
    assert!(offset_of!(AccountInfo, owner) == 24);
    assert!(offset_of!(AccountInfo, is_signer) == 40);
    assert!(RC_REFCELL_VALUE == 24);
    assert!(RC_DATA_LEN == 32);
    assert!(INSTRUCTION_DATA_LEN == 40);
};
