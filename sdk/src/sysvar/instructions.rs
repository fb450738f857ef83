//! The Instructions sysvar: every top-level instruction of the executing
//! transaction, and the index of the one executing now.
//!
//! A program reads it from the account `Sysvar1nstructions1111111111111111111111111`
//! when the transaction passes that account (read-only; it is never stored).
//! The account's data, all integers little-endian:
//!
//! ```text
//! u16                 number of instructions N
//! u16 × N             offset of each instruction's record from the start
//! per instruction:
//!   u16               number of accounts A
//!   A × { u8 flags,   bit 0: signer, bit 1: writable (as the transaction grants)
//!         [u8; 32] }  the account's address
//!   [u8; 32]          program id
//!   u16               data length L
//!   [u8; L]           data
//! u16                 index of the executing top-level instruction
//! ```
//!
//! The runtime writes the whole layout with [`construct_instructions_data`]
//! and updates the last two bytes with [`store_current_index`] before each
//! top-level instruction; programs read it with
//! [`load_current_index_checked`], [`load_instruction_at_checked`] and
//! [`get_instruction_relative`], which, like Solana's, first check that the
//! account is the sysvar.

use alloc::vec::Vec;

use crate::{
    account_info::AccountInfo,
    instruction::{AccountMeta, Instruction},
    program_error::ProgramError,
    pubkey,
    pubkey::Pubkey,
};

/// Address of the Instructions sysvar, `Sysvar1nstructions1111111111111111111111111`.
pub const ID: Pubkey = pubkey!("Sysvar1nstructions1111111111111111111111111");

/// Size of the instruction count, of each offset, of an account count, of a
/// data length and of the trailing current index: one `u16`.
pub const U16_LEN: usize = 2;
/// Size of one serialized account: flags byte and address.
pub const ACCOUNT_META_LEN: usize = 1 + 32;
/// Flag bit of a signer account.
pub const IS_SIGNER_FLAG: u8 = 0b01;
/// Flag bit of a writable account.
pub const IS_WRITABLE_FLAG: u8 = 0b10;

/// Why the sysvar's data cannot be built or read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstructionsSysvarError {
    /// An instruction's record would start beyond offset `u16::MAX`, or a
    /// count or length does not fit a `u16`.
    TooLarge,
    /// The requested instruction does not exist.
    IndexOutOfBounds,
    /// The data ends inside a record.
    Truncated,
}

impl From<InstructionsSysvarError> for ProgramError {
    /// Solana's mapping: an index out of bounds is `InvalidArgument`, any
    /// other failure `InvalidInstructionData`.
    fn from(err: InstructionsSysvarError) -> Self {
        match err {
            InstructionsSysvarError::IndexOutOfBounds => ProgramError::InvalidArgument,
            _ => ProgramError::InvalidInstructionData,
        }
    }
}

/// Whether `key` is the Instructions sysvar.
pub fn check_id(key: &Pubkey) -> bool {
    *key == ID
}

fn push_u16(data: &mut Vec<u8>, value: usize) -> Result<(), InstructionsSysvarError> {
    let value = u16::try_from(value).map_err(|_| InstructionsSysvarError::TooLarge)?;
    data.extend_from_slice(&value.to_le_bytes());
    Ok(())
}

/// The account data for `instructions` (each with the privileges the
/// transaction grants its accounts), current index 0.
pub fn construct_instructions_data(instructions: &[Instruction]) -> Result<Vec<u8>, InstructionsSysvarError> {
    let mut data = Vec::with_capacity(U16_LEN.saturating_mul(instructions.len().saturating_add(2)));
    push_u16(&mut data, instructions.len())?;
    let offsets_start = data.len();
    data.resize(offsets_start.saturating_add(U16_LEN.saturating_mul(instructions.len())), 0);
    for (index, instruction) in instructions.iter().enumerate() {
        let start = u16::try_from(data.len()).map_err(|_| InstructionsSysvarError::TooLarge)?;
        let slot = offsets_start.saturating_add(U16_LEN.saturating_mul(index));
        data[slot..slot + U16_LEN].copy_from_slice(&start.to_le_bytes());
        push_u16(&mut data, instruction.accounts.len())?;
        for meta in &instruction.accounts {
            let mut flags = 0;
            if meta.is_signer {
                flags |= IS_SIGNER_FLAG;
            }
            if meta.is_writable {
                flags |= IS_WRITABLE_FLAG;
            }
            data.push(flags);
            data.extend_from_slice(meta.pubkey.as_ref());
        }
        data.extend_from_slice(instruction.program_id.as_ref());
        push_u16(&mut data, instruction.data.len())?;
        data.extend_from_slice(&instruction.data);
    }
    data.extend_from_slice(&[0; U16_LEN]);
    Ok(data)
}

/// Writes `index` as the executing instruction into the sysvar's `data`;
/// `false` when the data is shorter than the index field.
pub fn store_current_index(data: &mut [u8], index: u16) -> bool {
    let Some(start) = data.len().checked_sub(U16_LEN) else { return false };
    data[start..].copy_from_slice(&index.to_le_bytes());
    true
}

/// The index of the executing top-level instruction in the sysvar's `data`.
pub fn load_current_index(data: &[u8]) -> Result<u16, InstructionsSysvarError> {
    let start = data.len().checked_sub(U16_LEN).ok_or(InstructionsSysvarError::Truncated)?;
    Ok(u16::from_le_bytes([data[start], data[start + 1]]))
}

/// A cursor over the sysvar's data.
struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], InstructionsSysvarError> {
        let end = self.at.checked_add(len).ok_or(InstructionsSysvarError::Truncated)?;
        let bytes = self.data.get(self.at..end).ok_or(InstructionsSysvarError::Truncated)?;
        self.at = end;
        Ok(bytes)
    }

    fn u16(&mut self) -> Result<u16, InstructionsSysvarError> {
        let bytes = self.take(U16_LEN)?;
        Ok(u16::from_le_bytes([bytes[0], bytes[1]]))
    }

    fn pubkey(&mut self) -> Result<Pubkey, InstructionsSysvarError> {
        let bytes = self.take(32)?;
        let mut key = [0u8; 32];
        key.copy_from_slice(bytes);
        Ok(Pubkey::new_from_array(key))
    }
}

/// Instruction `index` of the sysvar's `data`.
pub fn load_instruction_at(index: usize, data: &[u8]) -> Result<Instruction, InstructionsSysvarError> {
    let mut reader = Reader { data, at: 0 };
    let count = reader.u16()?;
    if index >= usize::from(count) {
        return Err(InstructionsSysvarError::IndexOutOfBounds);
    }
    reader.at = U16_LEN.saturating_add(U16_LEN.saturating_mul(index));
    reader.at = usize::from(reader.u16()?);
    let num_accounts = reader.u16()?;
    let mut accounts = Vec::with_capacity(usize::from(num_accounts));
    for _ in 0..num_accounts {
        let flags = reader.take(1)?[0];
        let pubkey = reader.pubkey()?;
        accounts.push(AccountMeta {
            pubkey,
            is_signer: flags & IS_SIGNER_FLAG != 0,
            is_writable: flags & IS_WRITABLE_FLAG != 0,
        });
    }
    let program_id = reader.pubkey()?;
    let len = reader.u16()?;
    let data = reader.take(usize::from(len))?.to_vec();
    Ok(Instruction { program_id, accounts, data })
}

fn checked_data(account: &AccountInfo) -> Result<crate::account_info::Ref<'_, [u8]>, ProgramError> {
    if !check_id(account.key()) {
        return Err(ProgramError::UnsupportedSysvar);
    }
    account.try_borrow_data()
}

/// The index of the executing top-level instruction, read from `account`.
///
/// `UnsupportedSysvar` when `account` is not the Instructions sysvar.
pub fn load_current_index_checked(account: &AccountInfo) -> Result<u16, ProgramError> {
    let data = checked_data(account)?;
    Ok(load_current_index(&data)?)
}

/// Top-level instruction `index` of the transaction, read from `account`.
///
/// `UnsupportedSysvar` when `account` is not the Instructions sysvar,
/// `InvalidArgument` when there is no instruction `index`.
pub fn load_instruction_at_checked(index: usize, account: &AccountInfo) -> Result<Instruction, ProgramError> {
    let data = checked_data(account)?;
    Ok(load_instruction_at(index, &data)?)
}

/// The top-level instruction `relative` places from the executing one
/// (`-1`: the previous one), read from `account`.
///
/// `UnsupportedSysvar` when `account` is not the Instructions sysvar,
/// `InvalidArgument` when the index falls outside the transaction.
pub fn get_instruction_relative(relative: i64, account: &AccountInfo) -> Result<Instruction, ProgramError> {
    let data = checked_data(account)?;
    let current = i64::from(load_current_index(&data)?);
    let index = current.saturating_add(relative);
    let index = usize::try_from(index).map_err(|_| ProgramError::InvalidArgument)?;
    Ok(load_instruction_at(index, &data)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn sample() -> Vec<Instruction> {
        let [a, b, p, q] = [1u8, 2, 3, 4].map(|byte| Pubkey::new_from_array([byte; 32]));
        vec![
            Instruction::new(p, vec![7, 8, 9], vec![AccountMeta::new(a, true), AccountMeta::new_readonly(b, false)]),
            Instruction::new(q, Vec::new(), Vec::new()),
        ]
    }

    #[test]
    fn layout_is_solanas() {
        let data = construct_instructions_data(&sample()).unwrap();
        // count, two offsets; first record at 6: 2 accounts.
        assert_eq!(data[..8], [2, 0, 6, 0, 6 + 2 + 66 + 32 + 2 + 3, 0, 2, 0]);
        assert_eq!(data[8], IS_SIGNER_FLAG | IS_WRITABLE_FLAG);
        assert_eq!(data[9..41], [1u8; 32]);
        assert_eq!(data[41], 0);
        assert_eq!(data[108..111], [7, 8, 9]);
        assert_eq!(data.len(), 111 + 2 + 32 + 2 + 2);
        assert_eq!(data[data.len() - 2..], [0, 0]);
    }

    #[test]
    fn round_trips_and_tracks_the_current_index() {
        let instructions = sample();
        let mut data = construct_instructions_data(&instructions).unwrap();
        for (index, instruction) in instructions.iter().enumerate() {
            assert_eq!(&load_instruction_at(index, &data).unwrap(), instruction);
        }
        assert_eq!(load_instruction_at(2, &data), Err(InstructionsSysvarError::IndexOutOfBounds));
        assert!(store_current_index(&mut data, 1));
        assert_eq!(load_current_index(&data), Ok(1));
        assert_eq!(&load_instruction_at(1, &data).unwrap(), &instructions[1]);
        assert!(!store_current_index(&mut [0u8; 1], 1));
    }

    #[test]
    fn truncated_data_is_an_error_not_a_panic() {
        let data = construct_instructions_data(&sample()).unwrap();
        for len in 0..data.len() - 2 {
            let _ = load_instruction_at(0, &data[..len]);
            let _ = load_instruction_at(1, &data[..len]);
        }
        assert_eq!(load_instruction_at(0, &data[..20]), Err(InstructionsSysvarError::Truncated));
        assert_eq!(ProgramError::from(InstructionsSysvarError::Truncated), ProgramError::InvalidInstructionData);
    }

    #[test]
    fn sysvar_id_is_the_well_known_address() {
        assert_eq!(ID.to_string().as_str(), "Sysvar1nstructions1111111111111111111111111");
    }
}
