//! `Transfer` without parsing the input: when the buffer has the shape of
//! an ordinary transfer, every field sits at an offset known at compile
//! time, and the transfer is a handful of loads, compares and stores.
//!
//! The shape: three accounts, none a duplicate; the first two hold
//! [`ACCOUNT_LEN`] bytes of data (token accounts), the third none (a wallet);
//! then 9 bytes of instruction data with the `Transfer` tag. Anything else
//! returns `None` and takes the general path.
//!
//! Checks, as the general path makes them: the source and destination are
//! initialized and not frozen, of the same mint; the authority is the
//! source's owner and signed; the source holds at least `amount`.
//! Ownership of the two token accounts is not checked here: both are
//! written, and the runtime rejects a write to an account this program does
//! not own (`ExternalAccountDataModified`). The destination cannot
//! overflow: the two accounts are distinct and of one mint, so their sum is
//! bounded by its supply.

use lamport_sdk::entrypoint::{
    account_entry_size, DATA_LEN_OFFSET, DATA_OFFSET, DUP_INFO_OFFSET, INSTRUCTION_DATA_LEN_SIZE, IS_SIGNER_OFFSET,
    KEY_OFFSET, NON_DUP_MARKER, NUM_ACCOUNTS_SIZE,
};

use crate::{
    error::TokenError,
    instruction::TRANSFER,
    state::{account_state, ACCOUNT_AMOUNT_OFFSET, ACCOUNT_LEN, ACCOUNT_MINT_OFFSET, ACCOUNT_OWNER_OFFSET, ACCOUNT_STATE_OFFSET},
};

/// Offset of the source's entry.
pub const SOURCE: usize = NUM_ACCOUNTS_SIZE;
/// Offset of the destination's entry.
pub const DESTINATION: usize = SOURCE + account_entry_size(ACCOUNT_LEN);
/// Offset of the authority's entry.
pub const AUTHORITY: usize = DESTINATION + account_entry_size(ACCOUNT_LEN);
/// Offset of the instruction data length.
pub const DATA_LEN: usize = AUTHORITY + account_entry_size(0);
/// Offset of the instruction data.
pub const DATA: usize = DATA_LEN + INSTRUCTION_DATA_LEN_SIZE;
/// Length of `Transfer`'s data: tag and `u64` amount.
pub const TRANSFER_DATA_LEN: u64 = 9;

const _: () = assert!(DATA & 7 == 0 && (DATA_OFFSET + ACCOUNT_AMOUNT_OFFSET) & 7 == 0);

#[inline(always)]
unsafe fn u8_at(input: *const u8, offset: usize) -> u8 {
    // SAFETY: the caller keeps `offset` inside the buffer.
    unsafe { input.add(offset).read() }
}

#[inline(always)]
unsafe fn u64_at(input: *const u8, offset: usize) -> u64 {
    // SAFETY: the caller keeps `offset` 8-aligned and inside the buffer.
    unsafe { input.add(offset).cast::<u64>().read() }
}

/// Whether the 32 bytes at `a` and `b` are equal (four 8-byte compares).
#[inline(always)]
unsafe fn same_key(input: *const u8, a: usize, b: usize) -> bool {
    // SAFETY: the caller keeps both 32-byte ranges 8-aligned and inside the buffer.
    unsafe {
        u64_at(input, a) == u64_at(input, b)
            && u64_at(input, a + 8) == u64_at(input, b + 8)
            && u64_at(input, a + 16) == u64_at(input, b + 16)
            && u64_at(input, a + 24) == u64_at(input, b + 24)
    }
}

/// Runs `Transfer` if the input has the fast path's shape, returning the
/// program's return code; `None` (having written nothing) otherwise.
///
/// # Safety
///
/// `input` must be the runtime's input buffer (8-byte aligned, in the
/// layout of [`lamport_sdk::entrypoint`](mod@lamport_sdk::entrypoint)).
#[inline(always)]
pub unsafe fn transfer(input: *mut u8) -> Option<u64> {
    // SAFETY: each read is at an offset the shape checked so far proves to
    // be inside the buffer: the account count says three entries follow,
    // each entry's marker and data length fix where the next begins, and
    // the data length says the 9 bytes of data and the 32-byte program id
    // follow. All u64 reads are at 8-aligned offsets of the aligned buffer.
    unsafe {
        if u64_at(input, 0) != 3
            || u8_at(input, SOURCE + DUP_INFO_OFFSET) != NON_DUP_MARKER
            || u64_at(input, SOURCE + DATA_LEN_OFFSET) != ACCOUNT_LEN as u64
            || u8_at(input, DESTINATION + DUP_INFO_OFFSET) != NON_DUP_MARKER
            || u64_at(input, DESTINATION + DATA_LEN_OFFSET) != ACCOUNT_LEN as u64
            || u8_at(input, AUTHORITY + DUP_INFO_OFFSET) != NON_DUP_MARKER
            || u64_at(input, AUTHORITY + DATA_LEN_OFFSET) != 0
            || u64_at(input, DATA_LEN) != TRANSFER_DATA_LEN
        {
            return None;
        }
        // The data is the tag then the amount's 8 bytes, so the amount
        // straddles two aligned words: bytes 1..8 of the first, byte 0 of
        // the second (whose other bytes start the program id).
        let first = u64_at(input, DATA);
        if first as u8 != TRANSFER {
            return None;
        }
        let amount = (first >> 8) | (u64_at(input, DATA + 8) << 56);

        const SRC: usize = SOURCE + DATA_OFFSET;
        const DST: usize = DESTINATION + DATA_OFFSET;
        if u8_at(input, SRC + ACCOUNT_STATE_OFFSET) != account_state::INITIALIZED
            || u8_at(input, DST + ACCOUNT_STATE_OFFSET) != account_state::INITIALIZED
        {
            // Uninitialized or frozen: let the general path say which.
            return None;
        }
        if !same_key(input, SRC + ACCOUNT_OWNER_OFFSET, AUTHORITY + KEY_OFFSET) {
            return Some(TokenError::OwnerMismatch as u64);
        }
        if u8_at(input, AUTHORITY + IS_SIGNER_OFFSET) == 0 {
            return Some(lamport_sdk::program_error::MISSING_REQUIRED_SIGNATURES);
        }
        if !same_key(input, SRC + ACCOUNT_MINT_OFFSET, DST + ACCOUNT_MINT_OFFSET) {
            return Some(TokenError::MintMismatch as u64);
        }
        let source = input.add(SRC + ACCOUNT_AMOUNT_OFFSET).cast::<u64>();
        let balance = source.read();
        if balance < amount {
            return Some(TokenError::InsufficientFunds as u64);
        }
        source.write(balance - amount);
        let destination = input.add(DST + ACCOUNT_AMOUNT_OFFSET).cast::<u64>();
        destination.write(destination.read() + amount);
        Some(lamport_sdk::program_error::SUCCESS)
    }
}
