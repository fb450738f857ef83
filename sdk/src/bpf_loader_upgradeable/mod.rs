//! The upgradeable BPF loader (`BPFLoaderUpgradeab1e11111111111111111111111`,
//! loader v3): the account layout it keeps ([`UpgradeableLoaderState`]),
//! its instruction data ([`UpgradeableLoaderInstruction`]) and builders for
//! every instruction, with Solana's accounts and encodings.
//!
//! A program lives in two accounts: the program account (its id, holding
//! [`UpgradeableLoaderState::Program`]) and the program-data account at
//! [`get_program_data_address`] (holding the deployment slot, the upgrade
//! authority and the ELF). Deploying takes three steps: [`create_buffer`],
//! [`write`](write()) the ELF into the buffer in chunks that fit a transaction, then
//! [`deploy_with_max_program_len`]. [`upgrade`] replaces the ELF from
//! another buffer; [`set_upgrade_authority`] (`None`: final) and [`close`] /
//! [`close_any`] end a buffer's or program's life.
//!
//! Every builder documents its accounts as a table, `[WRITE, SIGNER]`
//! marking what the account must be.

mod codec;
mod instruction;
mod state;

use alloc::{vec, vec::Vec};
use core::fmt;

pub use instruction::{UpgradeableLoaderInstruction, MAX_INSTRUCTION_DATA_LEN};
pub use state::UpgradeableLoaderState;

use crate::{
    instruction::{AccountMeta, Instruction},
    pubkey,
    pubkey::Pubkey,
    system, sysvar,
};

/// The upgradeable loader's id, `BPFLoaderUpgradeab1e11111111111111111111111`.
pub const ID: Pubkey = pubkey!("BPFLoaderUpgradeab1e11111111111111111111111");

/// Whether `key` is the upgradeable loader.
pub fn check_id(key: &Pubkey) -> bool {
    *key == ID
}

/// Why bytes are not a loader state or instruction. The loader answers
/// both with `InvalidAccountData` / `InvalidInstructionData`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// The data ends before the field at this byte offset.
    UnexpectedEnd {
        /// Offset of the truncated field.
        offset: usize,
    },
    /// The first four bytes are no known variant.
    UnknownTag(u32),
    /// An optional field's marker at this offset is neither 0 nor 1.
    InvalidOption {
        /// Offset of the marker.
        offset: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::UnexpectedEnd { offset } => write!(f, "the data ends at byte {offset}, inside a field"),
            DecodeError::UnknownTag(tag) => write!(f, "unknown variant tag {tag}"),
            DecodeError::InvalidOption { offset } => write!(f, "byte {offset} is not an option marker (0 or 1)"),
        }
    }
}

/// The program-data account of `program_address`: the PDA of
/// `[program_address]` under the upgradeable loader.
pub fn get_program_data_address(program_address: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[program_address.as_ref()], &ID).0
}

fn loader_instruction(instruction: UpgradeableLoaderInstruction, accounts: Vec<AccountMeta>) -> Instruction {
    Instruction::new(ID, instruction.encode(), accounts)
}

/// Creates a buffer of `program_len` program bytes and makes it a buffer
/// whose writer is `authority_address`: the system program's
/// `CreateAccount` (owner: this loader) and `InitializeBuffer`.
///
/// `InitializeBuffer`'s accounts:
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the buffer | `[WRITE]` |
/// | 1 | the buffer authority | `[]` |
pub fn create_buffer(
    payer_address: &Pubkey,
    buffer_address: &Pubkey,
    authority_address: &Pubkey,
    lamports: u64,
    program_len: usize,
) -> Vec<Instruction> {
    vec![
        system::create_account(
            payer_address,
            buffer_address,
            lamports,
            UpgradeableLoaderState::size_of_buffer(program_len) as u64,
            &ID,
        ),
        loader_instruction(
            UpgradeableLoaderInstruction::InitializeBuffer,
            vec![AccountMeta::new(*buffer_address, false), AccountMeta::new_readonly(*authority_address, false)],
        ),
    ]
}

/// Writes `bytes` at `offset` of a buffer's program bytes.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the buffer | `[WRITE]` |
/// | 1 | the buffer authority | `[SIGNER]` |
pub fn write(buffer_address: &Pubkey, authority_address: &Pubkey, offset: u32, bytes: Vec<u8>) -> Instruction {
    loader_instruction(
        UpgradeableLoaderInstruction::Write { offset, bytes },
        vec![AccountMeta::new(*buffer_address, false), AccountMeta::new_readonly(*authority_address, true)],
    )
}

/// Deploys the program in a buffer at `program_address` with room for an
/// ELF of `max_data_len` bytes: the system program's `CreateAccount` of
/// the program account (36 bytes, owner: this loader) and
/// `DeployWithMaxDataLen`, which creates the program-data account (funded
/// by the payer, with the buffer's lamports), moves the ELF there and
/// empties the buffer.
///
/// `DeployWithMaxDataLen`'s accounts:
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the payer | `[WRITE, SIGNER]` |
/// | 1 | the program-data account | `[WRITE]` |
/// | 2 | the program account | `[WRITE]` |
/// | 3 | the buffer | `[WRITE]` |
/// | 4 | the Rent sysvar | `[]` |
/// | 5 | the Clock sysvar | `[]` |
/// | 6 | the system program | `[]` |
/// | 7 | the upgrade authority (the buffer's authority) | `[SIGNER]` |
pub fn deploy_with_max_program_len(
    payer_address: &Pubkey,
    program_address: &Pubkey,
    buffer_address: &Pubkey,
    upgrade_authority_address: &Pubkey,
    program_lamports: u64,
    max_data_len: usize,
) -> Vec<Instruction> {
    let programdata_address = get_program_data_address(program_address);
    vec![
        system::create_account(
            payer_address,
            program_address,
            program_lamports,
            UpgradeableLoaderState::size_of_program() as u64,
            &ID,
        ),
        loader_instruction(
            UpgradeableLoaderInstruction::DeployWithMaxDataLen { max_data_len },
            vec![
                AccountMeta::new(*payer_address, true),
                AccountMeta::new(programdata_address, false),
                AccountMeta::new(*program_address, false),
                AccountMeta::new(*buffer_address, false),
                AccountMeta::new_readonly(sysvar::rent::ID, false),
                AccountMeta::new_readonly(sysvar::clock::ID, false),
                AccountMeta::new_readonly(system::ID, false),
                AccountMeta::new_readonly(*upgrade_authority_address, true),
            ],
        ),
    ]
}

/// Replaces a program's ELF with a buffer's; the buffer's lamports fund the
/// program-data account and the rest goes to the spill account.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the program-data account | `[WRITE]` |
/// | 1 | the program account | `[WRITE]` |
/// | 2 | the buffer | `[WRITE]` |
/// | 3 | the spill account | `[WRITE]` |
/// | 4 | the Rent sysvar | `[]` |
/// | 5 | the Clock sysvar | `[]` |
/// | 6 | the upgrade authority | `[SIGNER]` |
pub fn upgrade(
    program_address: &Pubkey,
    buffer_address: &Pubkey,
    authority_address: &Pubkey,
    spill_address: &Pubkey,
) -> Instruction {
    loader_instruction(
        UpgradeableLoaderInstruction::Upgrade,
        vec![
            AccountMeta::new(get_program_data_address(program_address), false),
            AccountMeta::new(*program_address, false),
            AccountMeta::new(*buffer_address, false),
            AccountMeta::new(*spill_address, false),
            AccountMeta::new_readonly(sysvar::rent::ID, false),
            AccountMeta::new_readonly(sysvar::clock::ID, false),
            AccountMeta::new_readonly(*authority_address, true),
        ],
    )
}

/// Gives a buffer a new authority.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the buffer | `[WRITE]` |
/// | 1 | the current authority | `[SIGNER]` |
/// | 2 | the new authority | `[]` |
pub fn set_buffer_authority(
    buffer_address: &Pubkey,
    current_authority_address: &Pubkey,
    new_authority_address: &Pubkey,
) -> Instruction {
    loader_instruction(
        UpgradeableLoaderInstruction::SetAuthority,
        vec![
            AccountMeta::new(*buffer_address, false),
            AccountMeta::new_readonly(*current_authority_address, true),
            AccountMeta::new_readonly(*new_authority_address, false),
        ],
    )
}

/// Gives a buffer a new authority, which signs too (`SetAuthorityChecked`).
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the buffer | `[WRITE]` |
/// | 1 | the current authority | `[SIGNER]` |
/// | 2 | the new authority | `[SIGNER]` |
pub fn set_buffer_authority_checked(
    buffer_address: &Pubkey,
    current_authority_address: &Pubkey,
    new_authority_address: &Pubkey,
) -> Instruction {
    loader_instruction(
        UpgradeableLoaderInstruction::SetAuthorityChecked,
        vec![
            AccountMeta::new(*buffer_address, false),
            AccountMeta::new_readonly(*current_authority_address, true),
            AccountMeta::new_readonly(*new_authority_address, true),
        ],
    )
}

/// Gives a program a new upgrade authority, or none (`None`: the program
/// becomes immutable for good).
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the program-data account | `[WRITE]` |
/// | 1 | the current authority | `[SIGNER]` |
/// | 2 | the new authority, if any | `[]` |
pub fn set_upgrade_authority(
    program_address: &Pubkey,
    current_authority_address: &Pubkey,
    new_authority_address: Option<&Pubkey>,
) -> Instruction {
    let mut accounts = vec![
        AccountMeta::new(get_program_data_address(program_address), false),
        AccountMeta::new_readonly(*current_authority_address, true),
    ];
    if let Some(new_authority) = new_authority_address {
        accounts.push(AccountMeta::new_readonly(*new_authority, false));
    }
    loader_instruction(UpgradeableLoaderInstruction::SetAuthority, accounts)
}

/// Gives a program a new upgrade authority, which signs too.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the program-data account | `[WRITE]` |
/// | 1 | the current authority | `[SIGNER]` |
/// | 2 | the new authority | `[SIGNER]` |
pub fn set_upgrade_authority_checked(
    program_address: &Pubkey,
    current_authority_address: &Pubkey,
    new_authority_address: &Pubkey,
) -> Instruction {
    loader_instruction(
        UpgradeableLoaderInstruction::SetAuthorityChecked,
        vec![
            AccountMeta::new(get_program_data_address(program_address), false),
            AccountMeta::new_readonly(*current_authority_address, true),
            AccountMeta::new_readonly(*new_authority_address, true),
        ],
    )
}

/// Closes a buffer, sending its lamports to `recipient_address`.
pub fn close(close_address: &Pubkey, recipient_address: &Pubkey, authority_address: &Pubkey) -> Instruction {
    close_any(close_address, recipient_address, Some(authority_address), None)
}

/// Closes a buffer, an uninitialized account or (given its program-data
/// account and the program) a program, sending the lamports to
/// `recipient_address`. A closed program can no longer be invoked, and its
/// id cannot be reused.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the account to close (a program's program-data account) | `[WRITE]` |
/// | 1 | the recipient | `[WRITE]` |
/// | 2 | the authority (not for an uninitialized account) | `[SIGNER]` |
/// | 3 | the program account, when closing a program | `[WRITE]` |
pub fn close_any(
    close_address: &Pubkey,
    recipient_address: &Pubkey,
    authority_address: Option<&Pubkey>,
    program_address: Option<&Pubkey>,
) -> Instruction {
    let mut accounts = vec![AccountMeta::new(*close_address, false), AccountMeta::new(*recipient_address, false)];
    if let Some(authority) = authority_address {
        accounts.push(AccountMeta::new_readonly(*authority, true));
    }
    if let Some(program) = program_address {
        accounts.push(AccountMeta::new(*program, false));
    }
    loader_instruction(UpgradeableLoaderInstruction::Close, accounts)
}

/// Grows a program's program-data account by `additional_bytes` (at least
/// 10 KiB where SIMD-0431 is active); the payer, when given, tops up its
/// rent exemption.
///
/// | # | account | |
/// |---|---|---|
/// | 0 | the program-data account | `[WRITE]` |
/// | 1 | the program account | `[WRITE]` |
/// | 2 | the system program, with a payer | `[]` |
/// | 3 | the payer, if any | `[WRITE, SIGNER]` |
pub fn extend_program(program_address: &Pubkey, payer_address: Option<&Pubkey>, additional_bytes: u32) -> Instruction {
    let mut accounts = vec![
        AccountMeta::new(get_program_data_address(program_address), false),
        AccountMeta::new(*program_address, false),
    ];
    if let Some(payer) = payer_address {
        accounts.push(AccountMeta::new_readonly(system::ID, false));
        accounts.push(AccountMeta::new(*payer, true));
    }
    loader_instruction(UpgradeableLoaderInstruction::ExtendProgram { additional_bytes }, accounts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_the_loaders() {
        use alloc::string::ToString;
        assert_eq!(ID.to_string(), "BPFLoaderUpgradeab1e11111111111111111111111");
    }

    #[test]
    fn deploy_creates_the_program_account_then_deploys() {
        let (payer, program, buffer, authority) =
            (Pubkey::new_unique(), Pubkey::new_unique(), Pubkey::new_unique(), Pubkey::new_unique());
        let ixs = deploy_with_max_program_len(&payer, &program, &buffer, &authority, 1_000, 4_096);
        assert_eq!(ixs.len(), 2);
        assert_eq!(ixs[0].program_id, system::ID);
        assert_eq!(ixs[1].data, UpgradeableLoaderInstruction::DeployWithMaxDataLen { max_data_len: 4_096 }.encode());
        let keys: Vec<Pubkey> = ixs[1].accounts.iter().map(|meta| meta.pubkey).collect();
        assert_eq!(
            keys,
            [payer, get_program_data_address(&program), program, buffer, sysvar::rent::ID, sysvar::clock::ID, system::ID, authority]
        );
        assert!(ixs[1].accounts[7].is_signer && !ixs[1].accounts[7].is_writable);
    }

    #[test]
    fn optional_accounts_are_left_out() {
        let (program, authority) = (Pubkey::new_unique(), Pubkey::new_unique());
        assert_eq!(set_upgrade_authority(&program, &authority, None).accounts.len(), 2);
        assert_eq!(close_any(&program, &authority, None, None).accounts.len(), 2);
        assert_eq!(extend_program(&program, None, 10_240).accounts.len(), 2);
        assert_eq!(extend_program(&program, Some(&authority), 10_240).accounts.len(), 4);
    }
}
