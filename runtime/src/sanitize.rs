//! Message sanitization: header counts, indices, duplicate keys, size; and
//! which accounts are writable and which are signers.

use std::{collections::HashSet, hash::BuildHasherDefault, sync::LazyLock};

use lamport_sdk::{
    message::{v0::LoadedAddresses, VersionedMessage},
    pubkey::Pubkey,
    transaction::VersionedTransaction,
};

use crate::{accounts::PubkeyHasher, error::TransactionError, ids};

pub use lamport_sdk::transaction::PACKET_DATA_SIZE;
use lamport_sdk::message::MESSAGE_VERSION_PREFIX;
/// Most accounts one transaction may lock.
pub const MAX_TX_ACCOUNT_LOCKS: usize = 64;

/// A transaction that passed sanitization, with each account's privileges.
/// A version 0 message's looked-up addresses are part of [`keys`](Self::keys)
/// once resolved (see [`crate::lookup_table::resolve`]); until then only its
/// static keys are.
#[derive(Debug, Clone)]
pub struct SanitizedTransaction {
    /// The transaction as sent.
    pub transaction: VersionedTransaction,
    /// Every account key: the static keys, then the loaded writable
    /// addresses, then the loaded read-only ones.
    pub keys: Vec<Pubkey>,
    /// Per account key: whether instructions may write it.
    pub is_writable: Vec<bool>,
    /// Per account key: whether it signed.
    pub is_signer: Vec<bool>,
    /// Whether the message's lookups still have to be resolved.
    pub lookups_pending: bool,
}

impl SanitizedTransaction {
    /// The account keys (looked-up ones included once resolved).
    pub fn keys(&self) -> &[Pubkey] {
        &self.keys
    }

    /// The exact message bytes the signatures sign (serialized on each
    /// call: only signature verification needs them).
    pub fn message_bytes(&self) -> Vec<u8> {
        self.transaction.message.serialize()
    }

    /// The fee payer (first key).
    pub fn fee_payer(&self) -> &Pubkey {
        &self.keys[0]
    }

    /// The message.
    pub fn message(&self) -> &VersionedMessage {
        &self.transaction.message
    }

    /// Number of lookup tables the message reads.
    pub fn num_lookup_tables(&self) -> usize {
        self.transaction.message.address_table_lookups().map_or(0, <[_]>::len)
    }

    /// Forgets resolved lookups (to resolve them again against newer state).
    pub fn reset_lookups(&mut self) {
        if self.num_lookup_tables() > 0 {
            self.keys.truncate(self.transaction.message.static_account_keys().len());
            self.lookups_pending = true;
        }
    }

    /// Appends the resolved lookups to the keys and computes every key's
    /// privileges; checks for duplicate keys and the lock limit.
    pub fn load_addresses(&mut self, loaded: LoadedAddresses) -> Result<(), TransactionError> {
        let message = &self.transaction.message;
        let mut keys = message.static_account_keys().to_vec();
        let statics = keys.len();
        let loaded_writable = loaded.writable.len();
        keys.extend(loaded.writable);
        keys.extend(loaded.readonly);
        for (i, key) in keys.iter().enumerate() {
            if keys[..i].contains(key) {
                return Err(TransactionError::AccountLoadedTwice);
            }
        }
        if keys.len() > MAX_TX_ACCOUNT_LOCKS {
            return Err(TransactionError::TooManyAccountLocks);
        }
        let upgradeable_loader_present = keys.contains(&ids::BPF_LOADER_UPGRADEABLE_ID);
        let header = message.header();
        let signers = usize::from(header.num_required_signatures);
        let is_writable_index = |i: usize| {
            if i >= statics {
                i.saturating_sub(statics) < loaded_writable
            } else if i >= signers {
                i < statics.saturating_sub(usize::from(header.num_readonly_unsigned_accounts))
            } else {
                i < signers.saturating_sub(usize::from(header.num_readonly_signed_accounts))
            }
        };
        // A program this message invokes is demoted to read-only, unless
        // the upgradeable loader is among the keys.
        let demoted = |i: usize| {
            !upgradeable_loader_present && message.instructions().iter().any(|ix| usize::from(ix.program_id_index) == i)
        };
        self.is_writable =
            (0..keys.len()).map(|i| is_writable_index(i) && !is_reserved_account(&keys[i]) && !demoted(i)).collect();
        self.is_signer = (0..keys.len()).map(|i| message.is_signer(i)).collect();
        self.keys = keys;
        self.lookups_pending = false;
        Ok(())
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
fn serialized_size(transaction: &VersionedTransaction) -> usize {
    let message = &transaction.message;
    let instructions = message.instructions().iter().fold(0usize, |size, ix| {
        size.saturating_add(1)
            .saturating_add(shortvec_len(ix.accounts.len()))
            .saturating_add(ix.accounts.len())
            .saturating_add(shortvec_len(ix.data.len()))
            .saturating_add(ix.data.len())
    });
    let lookups = message.address_table_lookups().map_or(0, |lookups| {
        lookups.iter().fold(1usize.saturating_add(shortvec_len(lookups.len())), |size, lookup| {
            size.saturating_add(32)
                .saturating_add(shortvec_len(lookup.writable_indexes.len()))
                .saturating_add(lookup.writable_indexes.len())
                .saturating_add(shortvec_len(lookup.readonly_indexes.len()))
                .saturating_add(lookup.readonly_indexes.len())
        })
    });
    let keys = message.static_account_keys().len();
    shortvec_len(transaction.signatures.len())
        .saturating_add(transaction.signatures.len().saturating_mul(64))
        .saturating_add(3)
        .saturating_add(shortvec_len(keys))
        .saturating_add(keys.saturating_mul(32))
        .saturating_add(32)
        .saturating_add(shortvec_len(message.instructions().len()))
        .saturating_add(instructions)
        .saturating_add(lookups)
}

/// The addresses besides the sysvars and the precompiles that no
/// transaction can lock for writing: the builtin programs, the loaders, the
/// stake config account and the sysvars' owner.
const RESERVED_PROGRAMS: [Pubkey; 16] = [
    ids::ADDRESS_LOOKUP_TABLE_PROGRAM_ID,
    ids::BPF_LOADER_ID,
    ids::BPF_LOADER_DEPRECATED_ID,
    ids::BPF_LOADER_UPGRADEABLE_ID,
    ids::COMPUTE_BUDGET_PROGRAM_ID,
    ids::CONFIG_PROGRAM_ID,
    ids::FEATURE_PROGRAM_ID,
    ids::LOADER_V4_ID,
    ids::STAKE_CONFIG_ID,
    ids::STAKE_PROGRAM_ID,
    ids::SYSTEM_PROGRAM_ID,
    ids::VOTE_PROGRAM_ID,
    ids::ZK_ELGAMAL_PROOF_PROGRAM_ID,
    ids::ZK_TOKEN_PROOF_PROGRAM_ID,
    ids::NATIVE_LOADER_ID,
    ids::SYSVAR_OWNER_ID,
];

/// Whether `key` is a reserved account: never writable, whatever the
/// message says. These are Agave 4.3's reserved account keys (all of them
/// active): [`RESERVED_PROGRAMS`], the precompiles and every sysvar.
pub fn is_reserved_account(key: &Pubkey) -> bool {
    static RESERVED: LazyLock<HashSet<Pubkey, BuildHasherDefault<PubkeyHasher>>> = LazyLock::new(|| {
        RESERVED_PROGRAMS.into_iter().chain(lamport_sdk::precompiles::IDS).chain(lamport_sdk::sysvar::ALL_IDS).collect()
    });
    RESERVED.contains(key)
}

/// Checks a transaction's structure and computes account privileges (a
/// version 0 message with lookups gets its privileges once they are
/// resolved: [`crate::lookup_table::resolve`]).
pub fn sanitize(transaction: VersionedTransaction) -> Result<SanitizedTransaction, TransactionError> {
    let message = &transaction.message;
    let header = message.header();
    let keys = message.static_account_keys();
    let num_signers = usize::from(header.num_required_signatures);
    if matches!(message, VersionedMessage::Legacy(_)) && header.num_required_signatures & MESSAGE_VERSION_PREFIX != 0 {
        return Err(TransactionError::UnsupportedVersion);
    }
    message.sanitize().map_err(|_| TransactionError::SanitizeFailure)?;
    if transaction.signatures.len() != num_signers || transaction.signatures.len() > keys.len() {
        return Err(TransactionError::SanitizeFailure);
    }
    if serialized_size(&transaction) > PACKET_DATA_SIZE {
        return Err(TransactionError::SanitizeFailure);
    }
    let lookups_pending = transaction.message.address_table_lookups().is_some_and(|lookups| !lookups.is_empty());
    let mut sanitized = SanitizedTransaction {
        keys: if lookups_pending { keys.to_vec() } else { Vec::new() },
        transaction,
        is_writable: Vec::new(),
        is_signer: Vec::new(),
        lookups_pending,
    };
    if !lookups_pending {
        sanitized.load_addresses(LoadedAddresses::default())?;
    }
    Ok(sanitized)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reserved_accounts_are_agaves_31_distinct_addresses() {
        let all: HashSet<Pubkey> =
            RESERVED_PROGRAMS.into_iter().chain(lamport_sdk::precompiles::IDS).chain(lamport_sdk::sysvar::ALL_IDS).collect();
        assert_eq!(all.len(), 31);
        assert!(all.iter().all(is_reserved_account));
        assert!(!is_reserved_account(&ids::INCINERATOR_ID));
        assert!(!is_reserved_account(&Pubkey::new_from_array([7; 32])));
    }
}
