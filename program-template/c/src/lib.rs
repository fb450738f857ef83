//! Instruction builders for the C program {{name}} (src/{{name}}.c), for
//! tests and clients.

use lamport_sdk::{
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
};

/// `Hello` — no accounts: logs a greeting.
pub const HELLO: u8 = 0;
/// `Set` — `[value WRITE, authority SIGNER]`, data `value: u64`.
pub const SET: u8 = 1;
/// Size of a value account: authority (32 bytes), value (u64).
pub const VALUE_LEN: usize = 40;
/// Custom error: the signer is not the account's authority.
pub const ERROR_WRONG_AUTHORITY: u32 = 0;
/// Custom error: the value account is not owned by the program.
pub const ERROR_NOT_OWNED: u32 = 1;

/// `Hello`.
pub fn hello(program_id: &Pubkey) -> Instruction {
    Instruction::new_with_bytes(*program_id, &[HELLO], vec![])
}

/// `Set { value }` on `account`, signed by `authority`.
pub fn set(program_id: &Pubkey, account: &Pubkey, authority: &Pubkey, value: u64) -> Instruction {
    let mut data = vec![SET];
    data.extend_from_slice(&value.to_le_bytes());
    Instruction::new_with_bytes(
        *program_id,
        &data,
        vec![AccountMeta::new(*account, false), AccountMeta::new_readonly(*authority, true)],
    )
}
