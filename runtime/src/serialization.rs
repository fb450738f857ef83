//! The program input buffer: how an instruction's accounts and data are laid
//! out in VM memory at `0x4_0000_0000`, and how a program's changes are read
//! back.
//!
//! Aligned layout (BPF loader 2 and the upgradeable loader), little-endian:
//!
//! ```text
//! u64 number of accounts
//! per account, a duplicate:  u8 index of first occurrence, 7 bytes padding
//! per account, first seen:   u8 0xff, u8 is_signer, u8 is_writable, u8 executable,
//!                            4 bytes padding, [32] key, [32] owner, u64 lamports,
//!                            u64 data_len, data, 10 KiB zeros (room to grow),
//!                            zeros to an 8-byte boundary, u64 rent_epoch (u64::MAX)
//! u64 instruction data length, instruction data, [32] program id
//! ```
//!
//! The deprecated loader's unaligned layout has a 1-byte duplicate marker,
//! no padding and no room to grow: `0xff, is_signer, is_writable, key,
//! lamports, data_len, data, owner, executable, rent_epoch`.
//!
//! Every offset and size of the aligned layout is a constant of
//! [`lamport_sdk::entrypoint`], the module programs parse their input with;
//! the tests below serialize here and parse with the SDK.

use lamport_sdk::{
    entrypoint::{
        account_entry_size, rent_epoch_offset, DATA_LEN_OFFSET, DATA_OFFSET, DUPLICATE_ENTRY_SIZE, DUP_INFO_OFFSET,
        EXECUTABLE_OFFSET, INSTRUCTION_DATA_LEN_SIZE, IS_SIGNER_OFFSET, IS_WRITABLE_OFFSET, KEY_OFFSET,
        LAMPORTS_OFFSET, NUM_ACCOUNTS_SIZE, ORIGINAL_DATA_LEN_OFFSET, OWNER_OFFSET, PROGRAM_ID_SIZE,
    },
    pubkey::Pubkey,
};

pub use lamport_sdk::entrypoint::{
    BPF_ALIGN_OF_U128, MAX_INSTRUCTION_ACCOUNTS as MAX_ACCOUNTS_PER_INSTRUCTION, MAX_PERMITTED_DATA_INCREASE,
    NON_DUP_MARKER,
};

use crate::{
    error::InstructionError,
    invoke_context::{InstructionAccount, InvokeContext, TransactionAccounts},
    policy::MAX_PERMITTED_DATA_LENGTH,
};

/// The rent epoch written for every account (SIMD-0267).
pub const SERIALIZED_RENT_EPOCH: u64 = u64::MAX;
/// Size of a duplicate entry in the unaligned layout.
const UNALIGNED_DUPLICATE_ENTRY_SIZE: usize = 1;
/// Size of a non-duplicate entry of the unaligned layout without its data:
/// marker, signer, writable, key, lamports, data_len, owner, executable, rent_epoch.
const UNALIGNED_ENTRY_OVERHEAD: usize = 3 + 32 + 8 + 8 + 32 + 1 + 8;

/// Where one instruction account lives in the input buffer (VM addresses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SerializedAccount {
    /// Position of the first occurrence of this account in the instruction.
    pub first_position: usize,
    /// Offset of the key in the buffer.
    pub key_offset: usize,
    /// Offset of the lamports field.
    pub lamports_offset: usize,
    /// Offset of the owner field.
    pub owner_offset: usize,
    /// Offset of the data_len field (aligned layout) or of the data length (unaligned).
    pub data_len_offset: usize,
    /// Offset of the data.
    pub data_offset: usize,
    /// Data length when serialized.
    pub original_data_len: usize,
}


/// A host buffer aligned to 16 bytes, reused between invocations.
#[derive(Default)]
pub struct InputBuffer {
    words: Vec<u128>,
    len: usize,
}

impl InputBuffer {
    /// Makes the buffer `len` bytes long; its contents are unspecified.
    fn reset(&mut self, len: usize) {
        let words = len.div_ceil(16);
        if self.words.len() < words {
            self.words.resize(words, 0);
        }
        self.len = len;
    }

    /// The bytes of the buffer.
    pub fn as_slice(&self) -> &[u8] {
        // SAFETY: `words` holds at least `len` initialized bytes (reset keeps
        // `words.len() * 16 >= len`), and u8 has no alignment requirement.
        unsafe { std::slice::from_raw_parts(self.words.as_ptr().cast::<u8>(), self.len) }
    }

    /// The bytes of the buffer, mutably.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as in `as_slice`; the exclusive borrow of `self` makes the
        // returned slice the only reference to these bytes.
        unsafe { std::slice::from_raw_parts_mut(self.words.as_mut_ptr().cast::<u8>(), self.len) }
    }
}

struct Writer<'a> {
    buffer: &'a mut [u8],
    pos: usize,
}

impl Writer<'_> {
    fn bytes(&mut self, bytes: &[u8]) -> usize {
        let start = self.pos;
        let end = start.saturating_add(bytes.len());
        self.buffer[start..end].copy_from_slice(bytes);
        self.pos = end;
        start
    }

    fn zeros(&mut self, count: usize) {
        let end = self.pos.saturating_add(count);
        self.buffer[self.pos..end].fill(0);
        self.pos = end;
    }

    fn u8(&mut self, value: u8) -> usize {
        self.bytes(&[value])
    }

    fn u64(&mut self, value: u64) -> usize {
        self.bytes(&value.to_le_bytes())
    }
}

/// The position of the first occurrence of the account at `position`.
fn first_position(accounts: &[InstructionAccount], position: usize) -> usize {
    let index = accounts[position].index_in_transaction;
    accounts[..position].iter().position(|a| a.index_in_transaction == index).unwrap_or(position)
}

/// Lays out an instruction's input in `buffer`; returns where each account went.
pub(crate) fn serialize(
    buffer: &mut InputBuffer,
    tx: &TransactionAccounts,
    accounts: &[InstructionAccount],
    data: &[u8],
    program_id: &Pubkey,
    aligned: bool,
) -> Result<Vec<SerializedAccount>, InstructionError> {
    if accounts.len() > MAX_ACCOUNTS_PER_INSTRUCTION {
        return Err(InstructionError::MaxAccountsExceeded);
    }
    let mut size: usize = NUM_ACCOUNTS_SIZE;
    for (position, account) in accounts.iter().enumerate() {
        let entry = if first_position(accounts, position) != position {
            if aligned { DUPLICATE_ENTRY_SIZE } else { UNALIGNED_DUPLICATE_ENTRY_SIZE }
        } else {
            let len = tx
                .accounts
                .get(account.index_in_transaction)
                .ok_or(InstructionError::NotEnoughAccountKeys)?
                .data
                .len();
            if aligned {
                if len > MAX_PERMITTED_DATA_LENGTH as usize {
                    return Err(InstructionError::InvalidRealloc);
                }
                account_entry_size(len)
            } else {
                UNALIGNED_ENTRY_OVERHEAD.saturating_add(len)
            }
        };
        size = size.saturating_add(entry);
    }
    size = size.saturating_add(INSTRUCTION_DATA_LEN_SIZE).saturating_add(data.len()).saturating_add(PROGRAM_ID_SIZE);
    buffer.reset(size);
    let mut w = Writer { buffer: buffer.as_mut_slice(), pos: 0 };
    let mut out = Vec::with_capacity(accounts.len());
    w.u64(accounts.len() as u64);
    for (position, meta) in accounts.iter().enumerate() {
        let first = first_position(accounts, position);
        if first != position {
            w.u8(first as u8);
            if aligned {
                w.zeros(DUPLICATE_ENTRY_SIZE.saturating_sub(1));
            }
            let original = out.get(first).copied().ok_or(InstructionError::NotEnoughAccountKeys)?;
            out.push(SerializedAccount { first_position: first, ..original });
            continue;
        }
        let account = &tx.accounts[meta.index_in_transaction];
        let key = &tx.keys[meta.index_in_transaction];
        let len = account.data.len();
        let entry = if aligned {
            let start = w.pos;
            let size = account_entry_size(len);
            let end = start.saturating_add(size);
            let entry = &mut w.buffer[start..end];
            entry[DUP_INFO_OFFSET] = NON_DUP_MARKER;
            entry[IS_SIGNER_OFFSET] = u8::from(meta.is_signer);
            entry[IS_WRITABLE_OFFSET] = u8::from(meta.is_writable);
            entry[EXECUTABLE_OFFSET] = u8::from(account.executable);
            entry[ORIGINAL_DATA_LEN_OFFSET..KEY_OFFSET].fill(0);
            entry[KEY_OFFSET..OWNER_OFFSET].copy_from_slice(key.as_ref());
            entry[OWNER_OFFSET..LAMPORTS_OFFSET].copy_from_slice(account.owner.as_ref());
            entry[LAMPORTS_OFFSET..DATA_LEN_OFFSET].copy_from_slice(&account.lamports.to_le_bytes());
            entry[DATA_LEN_OFFSET..DATA_OFFSET].copy_from_slice(&(len as u64).to_le_bytes());
            let data_end = DATA_OFFSET.saturating_add(len);
            entry[DATA_OFFSET..data_end].copy_from_slice(&account.data);
            let rent_epoch_offset = rent_epoch_offset(len);
            entry[data_end..rent_epoch_offset].fill(0);
            entry[rent_epoch_offset..].copy_from_slice(&SERIALIZED_RENT_EPOCH.to_le_bytes());
            w.pos = end;
            SerializedAccount {
                first_position: position,
                key_offset: start.saturating_add(KEY_OFFSET),
                lamports_offset: start.saturating_add(LAMPORTS_OFFSET),
                owner_offset: start.saturating_add(OWNER_OFFSET),
                data_len_offset: start.saturating_add(DATA_LEN_OFFSET),
                data_offset: start.saturating_add(DATA_OFFSET),
                original_data_len: len,
            }
        } else {
            w.u8(NON_DUP_MARKER);
            w.u8(u8::from(meta.is_signer));
            w.u8(u8::from(meta.is_writable));
            let key_offset = w.bytes(key.as_ref());
            let lamports_offset = w.u64(account.lamports);
            let data_len_offset = w.u64(len as u64);
            let data_offset = w.bytes(&account.data);
            let owner_offset = w.bytes(account.owner.as_ref());
            w.u8(u8::from(account.executable));
            w.u64(SERIALIZED_RENT_EPOCH);
            SerializedAccount {
                first_position: position,
                key_offset,
                lamports_offset,
                owner_offset,
                data_len_offset,
                data_offset,
                original_data_len: len,
            }
        };
        out.push(entry);
    }
    w.u64(data.len() as u64);
    w.bytes(data);
    w.bytes(program_id.as_ref());
    debug_assert_eq!(w.pos, size);
    Ok(out)
}

fn read_u64(buffer: &[u8], offset: usize) -> Result<u64, InstructionError> {
    let bytes = buffer.get(offset..offset.saturating_add(8)).ok_or(InstructionError::InvalidArgument)?;
    let mut array = [0u8; 8];
    array.copy_from_slice(bytes);
    Ok(u64::from_le_bytes(array))
}

/// Reads a successful program's changes back into the transaction's
/// accounts: lamports, then data (and length), then owner — each through
/// the policy checks of [`InvokeContext`].
pub(crate) fn deserialize(
    ctx: &mut InvokeContext,
    buffer: &[u8],
    serialized: &[SerializedAccount],
    aligned: bool,
) -> Result<(), InstructionError> {
    for (position, entry) in serialized.iter().enumerate() {
        if entry.first_position != position {
            continue;
        }
        let lamports = read_u64(buffer, entry.lamports_offset)?;
        if ctx.instruction_account(position)?.lamports != lamports {
            ctx.set_lamports(position, lamports)?;
        }
        let post_len = if aligned {
            let post_len = read_u64(buffer, entry.data_len_offset)?;
            let growth = post_len.saturating_sub(entry.original_data_len as u64);
            if growth > MAX_PERMITTED_DATA_INCREASE as u64 || post_len > MAX_PERMITTED_DATA_LENGTH {
                return Err(InstructionError::InvalidRealloc);
            }
            post_len as usize
        } else {
            entry.original_data_len
        };
        let data = buffer
            .get(entry.data_offset..entry.data_offset.saturating_add(post_len))
            .ok_or(InstructionError::InvalidRealloc)?;
        ctx.set_data(position, data)?;
        if aligned {
            let owner_bytes = buffer
                .get(entry.owner_offset..entry.owner_offset.saturating_add(32))
                .ok_or(InstructionError::InvalidArgument)?;
            let mut owner = [0u8; 32];
            owner.copy_from_slice(owner_bytes);
            let owner = Pubkey::new_from_array(owner);
            if ctx.instruction_account(position)?.owner != owner {
                ctx.set_owner(position, &owner)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use core::mem::MaybeUninit;

    use lamport_sdk::{account::Account, account_info::AccountInfo, entrypoint::deserialize};

    use super::*;

    /// Transaction accounts with data lengths that exercise every padding.
    fn transaction_accounts() -> TransactionAccounts {
        let lens = [0usize, 1, 7, 8, 9, 165];
        let keys = lens.iter().map(|_| Pubkey::new_unique()).collect();
        let accounts = lens
            .iter()
            .enumerate()
            .map(|(i, len)| Account {
                lamports: 1_000 + i as u64,
                data: (0..*len).map(|b| (b as u8).wrapping_mul(31).wrapping_add(i as u8)).collect(),
                owner: Pubkey::new_unique(),
                executable: i == 3,
                rent_epoch: 77,
            })
            .collect();
        TransactionAccounts { keys, accounts, resize_delta: 0 }
    }

    fn meta(index: usize) -> InstructionAccount {
        InstructionAccount { index_in_transaction: index, is_signer: index % 2 == 0, is_writable: index % 3 != 2 }
    }

    /// Serializes `accounts` with the runtime and parses them with the SDK.
    fn round_trip(positions: &[usize], data: &[u8]) {
        let tx = transaction_accounts();
        let accounts: Vec<InstructionAccount> = positions.iter().map(|i| meta(*i)).collect();
        let program_id = Pubkey::new_unique();
        let mut buffer = InputBuffer::default();
        let serialized = serialize(&mut buffer, &tx, &accounts, data, &program_id, true).expect("serializes");
        let base = buffer.as_mut_slice().as_mut_ptr();
        let mut infos = [const { MaybeUninit::<AccountInfo>::uninit() }; 16];
        // SAFETY: the buffer holds an input in the aligned layout, is 16-byte
        // aligned and outlives the views, which are dropped before it is.
        let (parsed_program_id, infos, parsed_data) = unsafe { deserialize::<16>(base, &mut infos) };
        assert_eq!(*parsed_program_id, program_id);
        assert_eq!(parsed_data, data);
        assert_eq!(infos.len(), accounts.len());
        for (position, (info, meta)) in infos.iter().zip(&accounts).enumerate() {
            let account = &tx.accounts[meta.index_in_transaction];
            assert_eq!(*info.key(), tx.keys[meta.index_in_transaction]);
            assert_eq!(*info.owner(), account.owner);
            assert_eq!(info.lamports(), account.lamports);
            assert_eq!(&*info.try_borrow_data().expect("not borrowed"), account.data.as_slice());
            assert_eq!(info.data_len(), account.data.len());
            assert_eq!(info.original_data_len(), account.data.len());
            assert_eq!((info.is_signer(), info.is_writable()), (meta.is_signer, meta.is_writable));
            assert_eq!(info.executable(), account.executable);
            assert_eq!(info.rent_epoch(), SERIALIZED_RENT_EPOCH);
            // The runtime reads back from where the SDK's view points.
            let entry = &serialized[position];
            let offset = info.as_raw() as usize - base as usize;
            assert_eq!(entry.data_offset, offset + DATA_OFFSET);
            assert_eq!(entry.lamports_offset, offset + LAMPORTS_OFFSET);
            assert_eq!(entry.owner_offset, offset + OWNER_OFFSET);
            assert_eq!(entry.data_len_offset, offset + DATA_LEN_OFFSET);
            let first = positions.iter().position(|p| *p == meta.index_in_transaction).unwrap();
            assert_eq!(entry.first_position, first);
            assert_eq!(info.as_raw(), infos[first].as_raw(), "a duplicate shares its first occurrence's entry");
        }
    }

    #[test]
    fn no_accounts() {
        round_trip(&[], b"");
        round_trip(&[], b"instruction data");
    }

    #[test]
    fn one_account() {
        for index in 0..6 {
            round_trip(&[index], &[index as u8; 3]);
        }
    }

    #[test]
    fn many_accounts() {
        round_trip(&[0, 1, 2, 3, 4, 5], &[9; 40]);
    }

    #[test]
    fn duplicate_accounts() {
        round_trip(&[5, 1, 5, 0, 1, 1, 2], b"dup");
    }
}
