//! [`AccountInfo`]: a program's zero-copy view of one account.
//!
//! An `AccountInfo` is a single pointer to the account's entry in the
//! runtime's input buffer (see [`entrypoint`](mod@crate::entrypoint)); reading
//! a key or balance reads the buffer, writing lamports or data writes it,
//! and the runtime picks the changes up when the program returns. Copies of
//! a view — and the views of duplicate accounts — point to the same entry.
//!
//! # Borrow state
//!
//! Data is handed out through [`Ref`] / [`RefMut`] guards, checked at run
//! time like a `RefCell`. The state lives in the entry itself, so every view
//! of the account (duplicates included) shares it:
//!
//! ```text
//! byte 0  data  0xFF free (the NON_DUP_MARKER the runtime leaves), 0 mutably
//!               borrowed, 1..=0xFE: 0xFF − n shared borrows
//! ```
//!
//! Taking a shared borrow of the data is one compare and one store; up to
//! 254 shared borrows can coexist. Lamports need no borrow state: they are
//! only read and written by value ([`AccountInfo::lamports`],
//! [`AccountInfo::set_lamports`]), never lent out by reference, so no
//! reference to them can be invalidated — reading the balance is one load.
//!
//! # Original data length
//!
//! Growth is limited to 10 KiB beyond the length the account had when the
//! instruction started. Padding bytes 4..7 of the entry, zero from the
//! runtime, record that length lazily as a 24-bit number: they stay zero
//! — "`data_len` is still the original" — until something may change the
//! length ([`AccountInfo::realloc`], or passing the account to a
//! cross-program invocation), which first stores the original length + 1
//! there (at most 10 MiB + 1, so 24 bits are enough). The entrypoint thus
//! writes nothing per account.

use core::{
    marker::PhantomData,
    ops::{Deref, DerefMut},
    ptr::NonNull,
};

use crate::{
    entrypoint::{
        self, DATA_LEN_OFFSET, DATA_OFFSET, EXECUTABLE_OFFSET, IS_SIGNER_OFFSET,
        IS_WRITABLE_OFFSET, KEY_OFFSET, LAMPORTS_OFFSET,
        MAX_PERMITTED_DATA_INCREASE, NON_DUP_MARKER, ORIGINAL_DATA_LEN_OFFSET, OWNER_OFFSET,
    },
    program_error::ProgramError,
    pubkey::Pubkey,
    system::MAX_PERMITTED_DATA_LENGTH,
};

/// Data borrow state of an account whose data nobody borrows (equal to
/// `NON_DUP_MARKER`).
pub const NOT_BORROWED: u8 = NON_DUP_MARKER;
/// Data borrow state while mutably borrowed.
const DATA_MUT_BORROWED: u8 = 0;
/// Bits of the padding word that hold the original data length + 1.
const ORIGINAL_DATA_LEN_MASK: u32 = 0x00FF_FFFF;

/// A view of one account in the input buffer.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountInfo {
    raw: NonNull<u8>,
}

impl AccountInfo {
    /// A view of the account entry at `entry`.
    ///
    /// # Safety
    ///
    /// `entry` must point to a non-duplicate account entry of an input
    /// buffer (8-byte aligned, with its data and realloc room), valid for
    /// as long as the view and its copies are used, and its padding bytes
    /// must be zero (as the runtime leaves them) or hold this SDK's
    /// record of the original length (see the [module docs](self)).
    #[inline(always)]
    pub const unsafe fn from_raw(entry: *mut u8) -> Self {
        Self {
            // SAFETY: the caller passes a valid, hence non-null, pointer.
            raw: unsafe { NonNull::new_unchecked(entry) },
        }
    }

    /// Address of the entry.
    pub const fn as_raw(&self) -> *mut u8 {
        self.raw.as_ptr()
    }

    #[inline(always)]
    fn field<T>(&self, offset: usize) -> *mut T {
        // SAFETY: every offset used is inside the entry's fixed header or,
        // for data, inside its data region (the from_raw contract).
        unsafe { self.raw.as_ptr().add(offset).cast::<T>() }
    }

    #[inline(always)]
    fn flag(&self, offset: usize) -> bool {
        // SAFETY: flag bytes are inside the header.
        unsafe { self.field::<u8>(offset).read() != 0 }
    }

    /// The account's address.
    #[inline(always)]
    pub fn key(&self) -> &Pubkey {
        // SAFETY: the key is never written while views exist.
        unsafe { &*self.field::<Pubkey>(KEY_OFFSET) }
    }

    /// The program that owns the account.
    ///
    /// The reference must not be held across [`assign`](Self::assign).
    #[inline(always)]
    pub fn owner(&self) -> &Pubkey {
        // SAFETY: the owner only changes through `assign`, whose contract
        // forbids live references from this method.
        unsafe { &*self.field::<Pubkey>(OWNER_OFFSET) }
    }

    /// Whether `program` owns the account.
    ///
    /// Compares the 32 bytes as four 64-bit words, stopping at the first
    /// that differs. The words of `program` are read with volatile loads:
    /// in a loop over accounts (the usual caller, with the program id),
    /// LLVM would otherwise load all four once before the loop and keep
    /// them in registers, spilling other values to the stack, which costs
    /// more than reading them again. In `benchmarks/cu` (1 and 10 accounts)
    /// this is 84 and 583 compute units against 90 and 571 with plain
    /// loads; Pinocchio 0.12's check costs 85 and 597.
    #[inline(always)]
    pub fn is_owned_by(&self, program: &Pubkey) -> bool {
        /// A 64-bit word at any address (alignment 1, still one load).
        #[repr(C, packed)]
        #[derive(Clone, Copy)]
        struct Word(u64);
        let owner = self.owner().as_array().as_ptr().cast::<u64>();
        let program = program.as_array().as_ptr().cast::<Word>();
        let word = |i: usize| {
            // SAFETY: `program` points to 32 readable bytes; `Word` has
            // alignment 1, so any address is aligned for this read.
            unsafe { core::ptr::read_volatile(program.add(i)) }.0
        };
        // SAFETY: the owner is 32 readable bytes of the header;
        // `read_unaligned` needs no alignment.
        let owned = |i: usize| unsafe { owner.add(i).read_unaligned() };
        owned(0) == word(0) && owned(1) == word(1) && owned(2) == word(2) && owned(3) == word(3)
    }

    /// Whether the account signed the transaction.
    #[inline(always)]
    pub fn is_signer(&self) -> bool {
        self.flag(IS_SIGNER_OFFSET)
    }

    /// Whether the instruction may change the account.
    #[inline(always)]
    pub fn is_writable(&self) -> bool {
        self.flag(IS_WRITABLE_OFFSET)
    }

    /// Whether the account holds a program.
    #[inline(always)]
    pub fn executable(&self) -> bool {
        self.flag(EXECUTABLE_OFFSET)
    }

    /// Current data length.
    #[inline(always)]
    pub fn data_len(&self) -> usize {
        // SAFETY: data_len is only written by `realloc`, which holds no
        // reference to it.
        unsafe { self.field::<u64>(DATA_LEN_OFFSET).read() as usize }
    }

    /// Whether the data is empty.
    pub fn data_is_empty(&self) -> bool {
        self.data_len() == 0
    }

    /// Data length when the instruction started (the base of the 10 KiB
    /// growth allowance).
    pub fn original_data_len(&self) -> usize {
        // SAFETY: the padding bytes are inside the header.
        let recorded = unsafe { self.field::<u32>(ORIGINAL_DATA_LEN_OFFSET).read() } & ORIGINAL_DATA_LEN_MASK;
        let recorded = recorded as usize;
        if recorded == 0 {
            // Nothing has changed the length yet (from_raw contract).
            self.data_len()
        } else {
            recorded - 1
        }
    }

    /// Records the original data length (+ 1) in the padding unless it is
    /// there already; called before anything that may change `data_len`.
    #[inline]
    pub(crate) fn record_original_data_len(&self) {
        let slot = self.field::<u32>(ORIGINAL_DATA_LEN_OFFSET);
        // SAFETY: the padding bytes are inside the header; while the length
        // bits are zero, `data_len` is the original length (from_raw
        // contract), at most 10 MiB, so + 1 fits 24 bits. The top byte is
        // left as it is.
        unsafe {
            let word = slot.read();
            if word & ORIGINAL_DATA_LEN_MASK == 0 {
                slot.write(word | (self.data_len() as u32 + 1));
            }
        }
    }

    /// The rent epoch stored after the account's data region.
    pub fn rent_epoch(&self) -> u64 {
        let offset = entrypoint::rent_epoch_offset(self.original_data_len());
        // SAFETY: the entry extends past its rent epoch (from_raw contract).
        unsafe { self.field::<u64>(offset).read() }
    }

    /// The data borrow state (the entry's first byte).
    #[inline(always)]
    fn data_state(&self) -> *mut u8 {
        self.raw.as_ptr()
    }

    /// Whether data can be borrowed mutably now (no borrow of it is live).
    #[inline(always)]
    pub fn can_borrow_mut_data(&self) -> bool {
        // SAFETY: the state byte is inside the header.
        unsafe { self.data_state().read() == NOT_BORROWED }
    }

    /// The balance.
    #[inline(always)]
    pub fn lamports(&self) -> u64 {
        // SAFETY: the field is inside the header (from_raw contract); the
        // balance is never lent out by reference, so nothing aliases it.
        unsafe { self.field::<u64>(LAMPORTS_OFFSET).read() }
    }

    /// Sets the balance. The runtime checks the change when the program
    /// returns (the account must be writable, only its owner may debit it,
    /// and the instruction's total must not change).
    #[inline(always)]
    pub fn set_lamports(&self, lamports: u64) {
        // SAFETY: as for `lamports`; the header is writable input memory.
        unsafe { self.field::<u64>(LAMPORTS_OFFSET).write(lamports) }
    }

    fn data_ptr(&self) -> NonNull<[u8]> {
        let data = self.field::<u8>(DATA_OFFSET);
        // SAFETY: `data` is non-null; the region holds data_len bytes.
        unsafe {
            NonNull::new_unchecked(core::ptr::slice_from_raw_parts_mut(data, self.data_len()))
        }
    }

    /// Borrows the data.
    pub fn try_borrow_data(&self) -> Result<Ref<'_, [u8]>, ProgramError> {
        // SAFETY: the state byte is inside the header.
        let state = unsafe { self.data_state().read() };
        // 0 is mutably borrowed, 1 out of shared borrows.
        if state < 2 {
            return Err(ProgramError::AccountBorrowFailed);
        }
        // SAFETY: as above.
        unsafe { self.data_state().write(state - 1) };
        Ok(Ref {
            value: self.data_ptr(),
            state: self.raw,
            release: 1,
            marker: PhantomData,
        })
    }

    /// Borrows the data mutably.
    pub fn try_borrow_mut_data(&self) -> Result<RefMut<'_, [u8]>, ProgramError> {
        if !self.can_borrow_mut_data() {
            return Err(ProgramError::AccountBorrowFailed);
        }
        // SAFETY: the state byte is inside the header.
        unsafe { self.data_state().write(DATA_MUT_BORROWED) };
        Ok(RefMut {
            value: self.data_ptr(),
            state: self.raw,
            free: NOT_BORROWED,
            marker: PhantomData,
        })
    }

    /// The data, without the borrow check.
    ///
    /// # Safety
    ///
    /// No mutable reference to the data may be live, nor be created while
    /// the returned slice is.
    pub unsafe fn borrow_data_unchecked(&self) -> &[u8] {
        // SAFETY: see the contract.
        unsafe { self.data_ptr().as_ref() }
    }

    /// The data mutably, without the borrow check.
    ///
    /// # Safety
    ///
    /// No other reference to the data may be live, nor be created while
    /// the returned slice is.
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn borrow_mut_data_unchecked(&self) -> &mut [u8] {
        // SAFETY: see the contract.
        unsafe { self.data_ptr().as_mut() }
    }

    /// Changes the data length to `new_len`, within the original length +
    /// [`MAX_PERMITTED_DATA_INCREASE`] (10 KiB) per instruction; beyond that
    /// is `InvalidRealloc`. Growing zero-fills the new bytes when
    /// `zero_init` is set (the realloc room is zero at entry, but bytes
    /// dropped by an earlier shrink are not). Fails with
    /// `AccountBorrowFailed` while the data is borrowed.
    pub fn realloc(&self, new_len: usize, zero_init: bool) -> Result<(), ProgramError> {
        if !self.can_borrow_mut_data() {
            return Err(ProgramError::AccountBorrowFailed);
        }
        let limit = self.original_data_len() + MAX_PERMITTED_DATA_INCREASE;
        if new_len > limit || new_len as u64 > MAX_PERMITTED_DATA_LENGTH {
            return Err(ProgramError::InvalidRealloc);
        }
        self.record_original_data_len();
        let old_len = self.data_len();
        // SAFETY: no data borrow is live (checked); [DATA_OFFSET, +limit) is
        // the entry's data region plus its realloc room.
        unsafe {
            if zero_init && new_len > old_len {
                core::ptr::write_bytes(self.field::<u8>(DATA_OFFSET + old_len), 0, new_len - old_len);
            }
            self.field::<u64>(DATA_LEN_OFFSET).write(new_len as u64);
        }
        Ok(())
    }

    /// [`realloc`](Self::realloc) that always zero-fills growth.
    pub fn resize(&self, new_len: usize) -> Result<(), ProgramError> {
        self.realloc(new_len, true)
    }

    /// Makes `new_owner` the account's owner. The runtime accepts this
    /// only if this program owns the account, it is writable and not
    /// executable, and its data is all zero.
    ///
    /// # Safety
    ///
    /// No reference returned by [`owner`](Self::owner) (of this view or a
    /// copy) may be live.
    pub unsafe fn assign(&self, new_owner: &Pubkey) {
        // SAFETY: the field is inside the header; see the contract.
        unsafe { self.field::<Pubkey>(OWNER_OFFSET).write(*new_owner) }
    }
}

/// A shared borrow of an account's data; releases it on drop.
#[derive(Debug)]
pub struct Ref<'a, T: ?Sized> {
    value: NonNull<T>,
    state: NonNull<u8>,
    /// Added (wrapping) to the state on drop (one shared borrow fewer).
    release: u8,
    marker: PhantomData<&'a T>,
}

impl<'a, T: ?Sized> Ref<'a, T> {
    /// Narrows the borrow to part of the value (e.g. a field of the data).
    pub fn map<U: ?Sized>(orig: Ref<'a, T>, f: impl FnOnce(&T) -> &U) -> Ref<'a, U> {
        let orig = core::mem::ManuallyDrop::new(orig);
        Ref {
            value: NonNull::from(f(&**orig)),
            state: orig.state,
            release: orig.release,
            marker: PhantomData,
        }
    }
}

impl<T: ?Sized> Deref for Ref<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the shared borrow recorded in the state keeps mutable
        // access away while this guard lives.
        unsafe { self.value.as_ref() }
    }
}

impl<T: ?Sized> Drop for Ref<'_, T> {
    fn drop(&mut self) {
        // SAFETY: the state byte outlives the guard; one shared borrow is
        // returned.
        unsafe {
            let state = self.state.as_ptr();
            state.write(state.read().wrapping_add(self.release));
        }
    }
}

/// A mutable borrow of an account's data; releases it on drop.
#[derive(Debug)]
pub struct RefMut<'a, T: ?Sized> {
    value: NonNull<T>,
    state: NonNull<u8>,
    /// The state written back on drop: "not borrowed".
    free: u8,
    marker: PhantomData<&'a mut T>,
}

impl<'a, T: ?Sized> RefMut<'a, T> {
    /// Narrows the borrow to part of the value.
    pub fn map<U: ?Sized>(orig: RefMut<'a, T>, f: impl FnOnce(&mut T) -> &mut U) -> RefMut<'a, U> {
        let mut orig = core::mem::ManuallyDrop::new(orig);
        let value = NonNull::from(f(&mut **orig));
        RefMut {
            value,
            state: orig.state,
            free: orig.free,
            marker: PhantomData,
        }
    }
}

impl<T: ?Sized> Deref for RefMut<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: this guard holds the only borrow.
        unsafe { self.value.as_ref() }
    }
}

impl<T: ?Sized> DerefMut for RefMut<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: this guard holds the only borrow.
        unsafe { self.value.as_mut() }
    }
}

impl<T: ?Sized> Drop for RefMut<'_, T> {
    fn drop(&mut self) {
        // SAFETY: the state byte outlives the guard; it goes back to free.
        unsafe { self.state.as_ptr().write(self.free) }
    }
}
