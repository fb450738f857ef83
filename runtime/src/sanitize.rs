//! Message sanitization: header counts, indices, duplicate keys, size; and
//! which accounts are writable and which are signers.

use lamport_sdk::{pubkey::Pubkey, transaction::Transaction};

use crate::{error::TransactionError, ids};

/// Largest serialized transaction (`PACKET_DATA_SIZE` = 1280 − 40 − 8).
pub const PACKET_DATA_SIZE: usize = 1232;
/// Most accounts one transaction may lock.
pub const MAX_TX_ACCOUNT_LOCKS: usize = 64;

/// A transaction that passed sanitization, with its serialized message and
/// each account's privileges.
#[derive(Debug, Clone)]
pub struct SanitizedTransaction {
    /// The transaction as sent.
    pub transaction: Transaction,
    /// The exact message bytes the signatures sign.
    pub message_bytes: Vec<u8>,
    /// Per account key: whether instructions may write it.
    pub is_writable: Vec<bool>,
    /// Per account key: whether it signed.
    pub is_signer: Vec<bool>,
}

impl SanitizedTransaction {
    /// The account keys of the message.
    pub fn keys(&self) -> &[Pubkey] {
        &self.transaction.message.account_keys
    }

    /// The fee payer (first key).
    pub fn fee_payer(&self) -> &Pubkey {
        &self.transaction.message.account_keys[0]
    }
}

fn shortvec_len(mut value: usize) -> usize {
    let mut len: usize = 1;
    while value >= 0x80 {
        value >>= 7;
        len = len.saturating_add(1);
    }
    len
}

fn push_shortvec(out: &mut Vec<u8>, mut value: usize) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Serializes a legacy message in Solana's wire format.
pub fn message_bytes(transaction: &Transaction) -> Vec<u8> {
    let message = &transaction.message;
    let mut out = Vec::with_capacity(256);
    out.push(message.header.num_required_signatures);
    out.push(message.header.num_readonly_signed_accounts);
    out.push(message.header.num_readonly_unsigned_accounts);
    push_shortvec(&mut out, message.account_keys.len());
    for key in &message.account_keys {
        out.extend_from_slice(key.as_ref());
    }
    out.extend_from_slice(message.recent_blockhash.as_ref());
    push_shortvec(&mut out, message.instructions.len());
    for instruction in &message.instructions {
        out.push(instruction.program_id_index);
        push_shortvec(&mut out, instruction.accounts.len());
        out.extend_from_slice(&instruction.accounts);
        push_shortvec(&mut out, instruction.data.len());
        out.extend_from_slice(&instruction.data);
    }
    out
}

/// Builtin programs and sysvars: never writable, whatever the message says.
pub fn is_reserved_account(key: &Pubkey) -> bool {
    [
        ids::SYSTEM_PROGRAM_ID,
        ids::COMPUTE_BUDGET_PROGRAM_ID,
        ids::BPF_LOADER_ID,
        ids::BPF_LOADER_DEPRECATED_ID,
        ids::BPF_LOADER_UPGRADEABLE_ID,
        ids::NATIVE_LOADER_ID,
        ids::SYSVAR_OWNER_ID,
        ids::SYSVAR_CLOCK_ID,
        ids::SYSVAR_RENT_ID,
    ]
    .contains(key)
}

/// Checks a transaction's structure and computes account privileges.
pub fn sanitize(transaction: Transaction) -> Result<SanitizedTransaction, TransactionError> {
    let message = &transaction.message;
    let header = &message.header;
    let keys = &message.account_keys;
    let num_signers = usize::from(header.num_required_signatures);
    if header.num_required_signatures & 0x80 != 0 {
        return Err(TransactionError::UnsupportedVersion);
    }
    if num_signers.saturating_add(usize::from(header.num_readonly_unsigned_accounts)) > keys.len()
        || header.num_readonly_signed_accounts >= header.num_required_signatures
    {
        return Err(TransactionError::SanitizeFailure);
    }
    for instruction in &message.instructions {
        let program = usize::from(instruction.program_id_index);
        if program == 0 || program >= keys.len() {
            return Err(TransactionError::SanitizeFailure);
        }
        if instruction.accounts.iter().any(|index| usize::from(*index) >= keys.len()) {
            return Err(TransactionError::SanitizeFailure);
        }
    }
    if transaction.signatures.len() != num_signers || transaction.signatures.len() > keys.len() {
        return Err(TransactionError::SanitizeFailure);
    }
    let message_bytes = message_bytes(&transaction);
    let size = shortvec_len(transaction.signatures.len())
        .saturating_add(transaction.signatures.len().saturating_mul(64))
        .saturating_add(message_bytes.len());
    if size > PACKET_DATA_SIZE {
        return Err(TransactionError::SanitizeFailure);
    }
    for (i, key) in keys.iter().enumerate() {
        if keys[..i].contains(key) {
            return Err(TransactionError::AccountLoadedTwice);
        }
    }
    if keys.len() > MAX_TX_ACCOUNT_LOCKS {
        return Err(TransactionError::TooManyAccountLocks);
    }
    let num_readonly_signed = usize::from(header.num_readonly_signed_accounts);
    let num_readonly_unsigned = usize::from(header.num_readonly_unsigned_accounts);
    let upgradeable_loader_present = keys.contains(&ids::BPF_LOADER_UPGRADEABLE_ID);
    let is_writable = (0..keys.len())
        .map(|i| {
            let in_writable_section = if i < num_signers {
                i < num_signers.saturating_sub(num_readonly_signed)
            } else {
                i < keys.len().saturating_sub(num_readonly_unsigned)
            };
            let called_as_program =
                message.instructions.iter().any(|ix| usize::from(ix.program_id_index) == i);
            in_writable_section
                && !is_reserved_account(&keys[i])
                && (!called_as_program || upgradeable_loader_present)
        })
        .collect();
    let is_signer = (0..keys.len()).map(|i| i < num_signers).collect();
    Ok(SanitizedTransaction { transaction, message_bytes, is_writable, is_signer })
}
