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

use lamport_sdk::pubkey::Pubkey;

use crate::{
    error::InstructionError,
    invoke_context::{InstructionAccount, InvokeContext, TransactionAccounts},
    policy::MAX_PERMITTED_DATA_LENGTH,
};

/// Marker byte of an account entry that is not a duplicate.
pub const NON_DUP_MARKER: u8 = u8::MAX;
/// Room an account's data may grow by during one instruction.
pub const MAX_PERMITTED_DATA_INCREASE: usize = 10 * 1024;
/// Alignment of account data and of the fields after it (`BPF_ALIGN_OF_U128`).
pub const BPF_ALIGN_OF_U128: usize = 8;
/// Most accounts one instruction may reference.
pub const MAX_ACCOUNTS_PER_INSTRUCTION: usize = 255;
/// The rent epoch written for every account (SIMD-0267).
pub const SERIALIZED_RENT_EPOCH: u64 = u64::MAX;

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

fn align_pad(len: usize) -> usize {
    let rem = len.checked_rem(BPF_ALIGN_OF_U128).unwrap_or(0);
    BPF_ALIGN_OF_U128.saturating_sub(rem).checked_rem(BPF_ALIGN_OF_U128).unwrap_or(0)
}

fn first_positions(accounts: &[InstructionAccount]) -> Vec<usize> {
    accounts
        .iter()
        .enumerate()
        .map(|(position, account)| {
            accounts[..position]
                .iter()
                .position(|a| a.index_in_transaction == account.index_in_transaction)
                .unwrap_or(position)
        })
        .collect()
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
    let firsts = first_positions(accounts);
    let mut size: usize = 8;
    for (position, account) in accounts.iter().enumerate() {
        let entry = if firsts[position] != position {
            if aligned { 8 } else { 1 }
        } else {
            let len = tx
                .accounts
                .get(account.index_in_transaction)
                .ok_or(InstructionError::NotEnoughAccountKeys)?
                .data
                .len();
            if aligned {
                96usize.saturating_add(len).saturating_add(MAX_PERMITTED_DATA_INCREASE).saturating_add(align_pad(len))
            } else {
                // marker, signer, writable, key, lamports, data_len, data, owner, executable, rent_epoch
                (3 + 32 + 8 + 8 + 32 + 1 + 8usize).saturating_add(len)
            }
        };
        size = size.saturating_add(entry);
    }
    size = size.saturating_add(8).saturating_add(data.len()).saturating_add(32);
    buffer.reset(size);
    let mut w = Writer { buffer: buffer.as_mut_slice(), pos: 0 };
    let mut out = Vec::with_capacity(accounts.len());
    w.u64(accounts.len() as u64);
    for (position, meta) in accounts.iter().enumerate() {
        let first = firsts[position];
        if first != position {
            w.u8(first as u8);
            if aligned {
                w.zeros(7);
            }
            let original = out.get(first).copied().ok_or(InstructionError::NotEnoughAccountKeys)?;
            out.push(SerializedAccount { first_position: first, ..original });
            continue;
        }
        let account = &tx.accounts[meta.index_in_transaction];
        let key = &tx.keys[meta.index_in_transaction];
        let len = account.data.len();
        w.u8(NON_DUP_MARKER);
        w.u8(u8::from(meta.is_signer));
        w.u8(u8::from(meta.is_writable));
        let entry = if aligned {
            w.u8(u8::from(account.executable));
            w.zeros(4);
            let key_offset = w.bytes(key.as_ref());
            let owner_offset = w.bytes(account.owner.as_ref());
            let lamports_offset = w.u64(account.lamports);
            let data_len_offset = w.u64(len as u64);
            let data_offset = w.bytes(&account.data);
            w.zeros(MAX_PERMITTED_DATA_INCREASE.saturating_add(align_pad(len)));
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
        } else {
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
