//! Message sanitization: header counts, indices, duplicate keys, size; and
//! which accounts are writable and which are signers.

use lamport_sdk::{pubkey::Pubkey, transaction::Transaction};

use crate::{error::TransactionError, ids};

pub use lamport_sdk::transaction::PACKET_DATA_SIZE;
use lamport_sdk::message::MESSAGE_VERSION_PREFIX;
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

/// Size of the serialized transaction, computed from the lengths alone
/// (before the message is serialized, so oversized fields cannot wrap).
fn serialized_size(transaction: &Transaction) -> usize {
    let message = &transaction.message;
    let instructions = message.instructions.iter().fold(0usize, |size, ix| {
        size.saturating_add(1)
            .saturating_add(shortvec_len(ix.accounts.len()))
            .saturating_add(ix.accounts.len())
            .saturating_add(shortvec_len(ix.data.len()))
            .saturating_add(ix.data.len())
    });
    shortvec_len(transaction.signatures.len())
        .saturating_add(transaction.signatures.len().saturating_mul(64))
        .saturating_add(3)
        .saturating_add(shortvec_len(message.account_keys.len()))
        .saturating_add(message.account_keys.len().saturating_mul(32))
        .saturating_add(32)
        .saturating_add(shortvec_len(message.instructions.len()))
        .saturating_add(instructions)
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
        ids::SYSVAR_INSTRUCTIONS_ID,
    ]
    .contains(key)
        || crate::precompiles::is_precompile(key)
}

/// Checks a transaction's structure and computes account privileges.
pub fn sanitize(transaction: Transaction) -> Result<SanitizedTransaction, TransactionError> {
    let message = &transaction.message;
    let header = &message.header;
    let keys = &message.account_keys;
    let num_signers = usize::from(header.num_required_signatures);
    if header.num_required_signatures & MESSAGE_VERSION_PREFIX != 0 {
        return Err(TransactionError::UnsupportedVersion);
    }
    message.sanitize().map_err(|_| TransactionError::SanitizeFailure)?;
    if transaction.signatures.len() != num_signers || transaction.signatures.len() > keys.len() {
        return Err(TransactionError::SanitizeFailure);
    }
    if serialized_size(&transaction) > PACKET_DATA_SIZE {
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
    let message_bytes = message.serialize();
    let is_writable = (0..keys.len()).map(|i| message.is_writable(i) && !is_reserved_account(&keys[i])).collect();
    let is_signer = (0..keys.len()).map(|i| message.is_signer(i)).collect();
    Ok(SanitizedTransaction { transaction, message_bytes, is_writable, is_signer })
}
