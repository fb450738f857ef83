//! Builds input buffers on the host, in the runtime's exact layout, and
//! reads back what a program changed (host only).
//!
//! The SDK's own tests use it to drive the parser; the runtime may use it
//! or its own serializer, but both go through the same constants of
//! [`entrypoint`](super).

use alloc::vec::Vec;
use core::fmt;

use super::{
    account_entry_size, DATA_LEN_OFFSET, DATA_OFFSET, DUPLICATE_ENTRY_SIZE,
    INSTRUCTION_DATA_LEN_SIZE, KEY_OFFSET,
    LAMPORTS_OFFSET, MAX_INSTRUCTION_ACCOUNTS, MAX_PERMITTED_DATA_INCREASE, NON_DUP_MARKER,
    NUM_ACCOUNTS_SIZE, OWNER_OFFSET, PROGRAM_ID_SIZE,
};
use crate::{account::Account, pubkey::Pubkey, system::MAX_PERMITTED_DATA_LENGTH};

/// One entry of the instruction's account list.
#[derive(Clone, Copy, Debug)]
pub enum InputAccount<'a> {
    /// An account's first occurrence.
    Account {
        /// Its address.
        key: &'a Pubkey,
        /// Whether it signed.
        is_signer: bool,
        /// Whether it is writable.
        is_writable: bool,
        /// Its state.
        account: &'a Account,
    },
    /// The account at this earlier position again.
    Duplicate(u8),
}

/// Why an input buffer cannot be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SerializeError {
    /// More than 255 accounts.
    TooManyAccounts(usize),
    /// A duplicate at `position` names `index`, which is not an earlier
    /// non-duplicate position.
    BadDuplicate {
        /// Position of the duplicate entry.
        position: usize,
        /// The index it names.
        index: u8,
    },
}

impl fmt::Display for SerializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooManyAccounts(n) => write!(
                f,
                "{n} accounts: an instruction has at most {MAX_INSTRUCTION_ACCOUNTS}"
            ),
            Self::BadDuplicate { position, index } => write!(
                f,
                "account {position} duplicates {index}, which is not an earlier account"
            ),
        }
    }
}

impl core::error::Error for SerializeError {}

/// What the program left in an account entry, read as the runtime reads it
/// back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountOutput {
    /// Lamports after the run.
    pub lamports: u64,
    /// Owner after the run.
    pub owner: Pubkey,
    /// Data after the run (`data_len` bytes).
    pub data: Vec<u8>,
}

/// Why an account entry cannot be read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadBackError {
    /// No such position, or the position is a duplicate.
    NotAnAccount(usize),
    /// The new length exceeds the original + 10 KiB or 10 MiB
    /// (the runtime's `InvalidRealloc`).
    InvalidRealloc {
        /// Length the program set.
        new_len: u64,
        /// Length at entry.
        original_len: usize,
    },
}

impl fmt::Display for ReadBackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAnAccount(i) => write!(f, "position {i} is not a non-duplicate account"),
            Self::InvalidRealloc {
                new_len,
                original_len,
            } => write!(
                f,
                "data length {new_len} exceeds the original {original_len} + {MAX_PERMITTED_DATA_INCREASE}"
            ),
        }
    }
}

impl core::error::Error for ReadBackError {}

/// An 8-byte aligned input buffer.
#[derive(Clone, Debug)]
pub struct InputBuffer {
    words: Vec<u64>,
    len: usize,
    entries: Vec<Option<(usize, usize)>>,
}

impl InputBuffer {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: `words` holds at least `len` initialized bytes.
        unsafe { core::slice::from_raw_parts(self.words.as_ptr().cast(), self.len) }
    }

    /// The bytes, mutably.
    pub fn as_bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as above, uniquely borrowed.
        unsafe { core::slice::from_raw_parts_mut(self.words.as_mut_ptr().cast(), self.len) }
    }

    /// The start of the buffer, to pass to an entrypoint.
    pub fn as_mut_ptr(&mut self) -> *mut u8 {
        self.words.as_mut_ptr().cast()
    }

    /// Offset of account `position`'s entry, if it is not a duplicate.
    pub fn entry_offset(&self, position: usize) -> Option<usize> {
        self.entries.get(position).copied().flatten().map(|(offset, _)| offset)
    }

    /// Reads back account `position` the way the runtime does after a
    /// successful run: lamports, the new data length (checked against the
    /// 10 KiB growth allowance) and data, and owner.
    pub fn read_account(&self, position: usize) -> Result<AccountOutput, ReadBackError> {
        let (offset, original_len) = self
            .entries
            .get(position)
            .copied()
            .flatten()
            .ok_or(ReadBackError::NotAnAccount(position))?;
        let bytes = self.as_bytes();
        let u64_at = |at: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[at..at + 8]);
            u64::from_le_bytes(b)
        };
        let new_len = u64_at(offset + DATA_LEN_OFFSET);
        if new_len > (original_len + MAX_PERMITTED_DATA_INCREASE) as u64
            || new_len > MAX_PERMITTED_DATA_LENGTH
        {
            return Err(ReadBackError::InvalidRealloc {
                new_len,
                original_len,
            });
        }
        let data_start = offset + DATA_OFFSET;
        let mut owner = [0u8; 32];
        owner.copy_from_slice(&bytes[offset + OWNER_OFFSET..offset + OWNER_OFFSET + 32]);
        Ok(AccountOutput {
            lamports: u64_at(offset + LAMPORTS_OFFSET),
            owner: Pubkey::new_from_array(owner),
            data: bytes[data_start..data_start + new_len as usize].to_vec(),
        })
    }
}

/// Serializes an instruction's input in the aligned (loader v2/v3) layout.
pub fn serialize_input(
    program_id: &Pubkey,
    accounts: &[InputAccount<'_>],
    instruction_data: &[u8],
) -> Result<InputBuffer, SerializeError> {
    if accounts.len() > MAX_INSTRUCTION_ACCOUNTS {
        return Err(SerializeError::TooManyAccounts(accounts.len()));
    }
    let mut size = NUM_ACCOUNTS_SIZE;
    for (position, entry) in accounts.iter().enumerate() {
        size += match entry {
            InputAccount::Account { account, .. } => account_entry_size(account.data.len()),
            InputAccount::Duplicate(index) => {
                let original = accounts.get(usize::from(*index)).filter(|_| usize::from(*index) < position);
                if !matches!(original, Some(InputAccount::Account { .. })) {
                    return Err(SerializeError::BadDuplicate {
                        position,
                        index: *index,
                    });
                }
                DUPLICATE_ENTRY_SIZE
            }
        };
    }
    size += INSTRUCTION_DATA_LEN_SIZE + instruction_data.len() + PROGRAM_ID_SIZE;

    let mut out = Vec::with_capacity(size);
    let mut entries = Vec::with_capacity(accounts.len());
    out.extend_from_slice(&(accounts.len() as u64).to_le_bytes());
    for entry in accounts {
        match entry {
            InputAccount::Account {
                key,
                is_signer,
                is_writable,
                account,
            } => {
                let start = out.len();
                entries.push(Some((start, account.data.len())));
                out.push(NON_DUP_MARKER);
                out.push(u8::from(*is_signer));
                out.push(u8::from(*is_writable));
                out.push(u8::from(account.executable));
                out.extend_from_slice(&[0; 4]);
                debug_assert_eq!(out.len() - start, KEY_OFFSET);
                out.extend_from_slice(key.as_ref());
                out.extend_from_slice(account.owner.as_ref());
                out.extend_from_slice(&account.lamports.to_le_bytes());
                out.extend_from_slice(&(account.data.len() as u64).to_le_bytes());
                debug_assert_eq!(out.len() - start, DATA_OFFSET);
                out.extend_from_slice(&account.data);
                let room = MAX_PERMITTED_DATA_INCREASE + super::data_padding(account.data.len());
                out.resize(out.len() + room, 0);
                out.extend_from_slice(&account.rent_epoch.to_le_bytes());
                debug_assert_eq!(out.len() - start, account_entry_size(account.data.len()));
            }
            InputAccount::Duplicate(index) => {
                entries.push(None);
                out.push(*index);
                out.extend_from_slice(&[0; 7]);
            }
        }
    }
    out.extend_from_slice(&(instruction_data.len() as u64).to_le_bytes());
    out.extend_from_slice(instruction_data);
    out.extend_from_slice(program_id.as_ref());
    debug_assert_eq!(out.len(), size);

    let len = out.len();
    let mut words = alloc::vec![0u64; len.div_ceil(8)];
    // SAFETY: `words` has at least `len` bytes.
    unsafe { core::ptr::copy_nonoverlapping(out.as_ptr(), words.as_mut_ptr().cast::<u8>(), len) };
    Ok(InputBuffer {
        words,
        len,
        entries,
    })
}
