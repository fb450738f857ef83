//! The account store: every account of the runtime, by address.

use std::{
    collections::HashMap,
    hash::{BuildHasherDefault, Hasher},
};

use lamport_sdk::{account::Account, pubkey::Pubkey};

/// A hasher for public keys: addresses are already uniformly distributed
/// hashes (or fixed well-known ids), so folding their words is enough.
#[derive(Default)]
pub struct PubkeyHasher(u64);

impl Hasher for PubkeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
    }
}

/// Accounts by address. An absent address is an empty system account.
#[derive(Debug, Clone, Default)]
pub struct AccountStore {
    accounts: HashMap<Pubkey, Account, BuildHasherDefault<PubkeyHasher>>,
}

impl AccountStore {
    /// The account at `address`, if it exists.
    pub fn get(&self, address: &Pubkey) -> Option<&Account> {
        self.accounts.get(address)
    }

    /// Stores `account` at `address`; an account with no lamports is removed.
    pub fn set(&mut self, address: Pubkey, account: Account) {
        if account.lamports == 0 {
            self.accounts.remove(&address);
        } else {
            self.accounts.insert(address, account);
        }
    }

    /// Removes the account at `address`, if any.
    pub fn remove(&mut self, address: &Pubkey) {
        self.accounts.remove(address);
    }

    /// Every stored account, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&Pubkey, &Account)> {
        self.accounts.iter()
    }

    /// Number of stored accounts.
    pub fn len(&self) -> usize {
        self.accounts.len()
    }

    /// Whether no account is stored.
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }
}
