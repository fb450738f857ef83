//! Checks, through the Instructions sysvar, that the instruction before it
//! is a precompile verifying a given key's signature of a given message —
//! how a program relies on a signature the runtime verified.
//!
//! Accounts: `[0]` the Instructions sysvar. Data: the precompile (`0`
//! Ed25519, `1` secp256k1, `2` secp256r1), the expected key (32-byte
//! Ed25519 key, 20-byte Ethereum address or 33-byte compressed P-256 key),
//! then the expected message.
//!
//! It succeeds, logging `precompile check: ok` and the indices of both
//! instructions, when the previous top-level instruction is addressed to
//! that precompile, verifies exactly one signature, and its offsets locate
//! the key and the message in its own data, equal to the expected ones.
//! Otherwise it fails with:
//!
//! | error | when |
//! |---|---|
//! | `Custom(1)` | the previous instruction is not the precompile's |
//! | `Custom(2)` | it does not verify exactly one signature |
//! | `Custom(3)` | its offsets point outside its own data |
//! | `Custom(4)` | the key differs |
//! | `Custom(5)` | the message differs |
//! | `UnsupportedSysvar` | account 0 is not the Instructions sysvar |
//! | `InvalidArgument` | there is no previous instruction |
#![no_std]

extern crate alloc;

use lamport_sdk::{
    account_info::AccountInfo,
    entrypoint,
    log::{sol_log, sol_log_64},
    precompiles::{
        ed25519, secp256k1, secp256k1::SecpSignatureOffsets, secp256r1, signature_count, SignatureOffsets,
        CURRENT_INSTRUCTION,
    },
    program_error::{ProgramError, ProgramResult},
    pubkey::Pubkey,
    sysvar::instructions::{get_instruction_relative, load_current_index_checked},
};

entrypoint!(process_instruction);

const WRONG_PROGRAM: u32 = 1;
const WRONG_SIGNATURE_COUNT: u32 = 2;
const FOREIGN_OFFSETS: u32 = 3;
const WRONG_KEY: u32 = 4;
const WRONG_MESSAGE: u32 = 5;

fn slice(data: &[u8], offset: u16, len: usize) -> Result<&[u8], ProgramError> {
    let start = usize::from(offset);
    data.get(start..start + len).ok_or(ProgramError::Custom(FOREIGN_OFFSETS))
}

fn process_instruction(_program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let sysvar = accounts.first().ok_or(ProgramError::NotEnoughAccountKeys)?;
    let (&kind, expected) = data.split_first().ok_or(ProgramError::InvalidInstructionData)?;
    let (program, key_len) = match kind {
        0 => (ed25519::ID, ed25519::PUBKEY_SERIALIZED_SIZE),
        1 => (secp256k1::ID, secp256k1::HASHED_PUBKEY_SERIALIZED_SIZE),
        2 => (secp256r1::ID, secp256r1::COMPRESSED_PUBKEY_SERIALIZED_SIZE),
        _ => return Err(ProgramError::InvalidInstructionData),
    };
    if expected.len() < key_len {
        return Err(ProgramError::InvalidInstructionData);
    }
    let (expected_key, expected_message) = expected.split_at(key_len);

    let current = load_current_index_checked(sysvar)?;
    let previous = get_instruction_relative(-1, sysvar)?;
    // `get_instruction_relative` found an instruction before this one.
    let own_index = current - 1;
    if previous.program_id != program {
        return Err(ProgramError::Custom(WRONG_PROGRAM));
    }
    if signature_count(&previous.data) != 1 {
        return Err(ProgramError::Custom(WRONG_SIGNATURE_COUNT));
    }
    let (key, message) = if program == secp256k1::ID {
        let offsets = SecpSignatureOffsets::read(&previous.data, 0).ok_or(ProgramError::Custom(FOREIGN_OFFSETS))?;
        let indices =
            [offsets.signature_instruction_index, offsets.eth_address_instruction_index, offsets.message_instruction_index];
        if indices.iter().any(|&index| u16::from(index) != own_index) {
            return Err(ProgramError::Custom(FOREIGN_OFFSETS));
        }
        (
            slice(&previous.data, offsets.eth_address_offset, key_len)?,
            slice(&previous.data, offsets.message_data_offset, usize::from(offsets.message_data_size))?,
        )
    } else {
        let offsets = SignatureOffsets::read(&previous.data, 0).ok_or(ProgramError::Custom(FOREIGN_OFFSETS))?;
        let indices =
            [offsets.signature_instruction_index, offsets.public_key_instruction_index, offsets.message_instruction_index];
        if indices.iter().any(|&index| index != CURRENT_INSTRUCTION && index != own_index) {
            return Err(ProgramError::Custom(FOREIGN_OFFSETS));
        }
        (
            slice(&previous.data, offsets.public_key_offset, key_len)?,
            slice(&previous.data, offsets.message_data_offset, usize::from(offsets.message_data_size))?,
        )
    };
    if key != expected_key {
        return Err(ProgramError::Custom(WRONG_KEY));
    }
    if message != expected_message {
        return Err(ProgramError::Custom(WRONG_MESSAGE));
    }
    sol_log("precompile check: ok");
    sol_log_64(u64::from(kind), u64::from(own_index), u64::from(current), 0, 0);
    Ok(())
}
