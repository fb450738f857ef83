//! Version 0 messages: a legacy message plus address table lookups, which
//! load more account keys from on-chain lookup tables (see
//! [`crate::address_lookup_table`]).
//!
//! Wire format (all lengths are [`short_vec`](crate::short_vec)):
//!
//! ```text
//! prefix: 0x80 | 0 (MESSAGE_VERSION_PREFIX with version 0)
//! header, account_keys, recent_blockhash, instructions: as a legacy message
//! address_table_lookups: len, len × { account_key [32],
//!                                     len, len × u8 writable index,
//!                                     len, len × u8 readonly index }
//! ```
//!
//! Instruction account indexes count the static keys first, then every
//! lookup's writable addresses (lookup by lookup), then every lookup's
//! read-only addresses. Program ids must be static keys.

use std::vec::Vec;

use crate::{
    client::compiled_keys::CompiledKeys,
    hash::Hash,
    instruction::Instruction,
    message::{
        compile_instructions, write_body, CompileError, CompiledInstruction, DecodeError, MessageBody, MessageHeader,
        Reader, SanitizeError, MESSAGE_VERSION_PREFIX,
    },
    pubkey::Pubkey,
    short_vec,
};

/// Most keys a message can index (static and looked up together).
pub const MAX_ACCOUNT_KEYS: usize = 256;

/// Addresses a message loads from one lookup table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageAddressTableLookup {
    /// The lookup table's address.
    pub account_key: Pubkey,
    /// Indexes in the table of the addresses loaded writable.
    pub writable_indexes: Vec<u8>,
    /// Indexes in the table of the addresses loaded read-only.
    pub readonly_indexes: Vec<u8>,
}

/// A lookup table's address and contents, as a client read them, for
/// [`Message::try_compile`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddressLookupTableAccount {
    /// The table's address.
    pub key: Pubkey,
    /// The addresses it holds, in order.
    pub addresses: Vec<Pubkey>,
}

/// The addresses a message's lookups resolved to: every writable one, then
/// every read-only one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadedAddresses {
    /// Loaded writable (after the static keys).
    pub writable: Vec<Pubkey>,
    /// Loaded read-only (after the writable ones).
    pub readonly: Vec<Pubkey>,
}

impl LoadedAddresses {
    /// Number of addresses.
    pub fn len(&self) -> usize {
        self.writable.len().saturating_add(self.readonly.len())
    }

    /// Whether no address was loaded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl FromIterator<LoadedAddresses> for LoadedAddresses {
    fn from_iter<I: IntoIterator<Item = LoadedAddresses>>(iter: I) -> Self {
        let mut all = LoadedAddresses::default();
        for loaded in iter {
            all.writable.extend(loaded.writable);
            all.readonly.extend(loaded.readonly);
        }
        all
    }
}

/// A version 0 message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[must_use = "a message does nothing until it is signed into a transaction and sent"]
pub struct Message {
    /// How the static keys split into signer/writable groups.
    pub header: MessageHeader,
    /// The static keys: signers and programs among them.
    pub account_keys: Vec<Pubkey>,
    /// The blockhash that bounds the transaction's lifetime.
    pub recent_blockhash: Hash,
    /// The instructions, in execution order.
    pub instructions: Vec<CompiledInstruction>,
    /// Keys loaded from lookup tables.
    pub address_table_lookups: Vec<MessageAddressTableLookup>,
}

impl Message {
    /// Compiles `instructions` paid by `payer`, loading from the given
    /// lookup tables every key they hold that neither signs, nor is a
    /// program id, nor is a durable nonce account (tables are tried in
    /// order; a table that supplies no key gets no lookup).
    pub fn try_compile(
        payer: &Pubkey,
        instructions: &[Instruction],
        address_lookup_table_accounts: &[AddressLookupTableAccount],
        recent_blockhash: Hash,
    ) -> Result<Self, CompileError> {
        let mut keys = CompiledKeys::compile(instructions, Some(payer));
        let mut address_table_lookups = Vec::with_capacity(address_lookup_table_accounts.len());
        let mut loaded = Vec::with_capacity(address_lookup_table_accounts.len());
        for table in address_lookup_table_accounts {
            if let Some((lookup, addresses)) = keys.extract_table_lookup(table)? {
                address_table_lookups.push(lookup);
                loaded.push(addresses);
            }
        }
        let (header, account_keys) = keys.into_message_components()?;
        let loaded: LoadedAddresses = loaded.into_iter().collect();
        let mut all_keys = account_keys.clone();
        all_keys.extend_from_slice(&loaded.writable);
        all_keys.extend_from_slice(&loaded.readonly);
        if all_keys.len() > MAX_ACCOUNT_KEYS {
            return Err(CompileError::AccountIndexOverflow(all_keys.len()));
        }
        let instructions = compile_instructions(instructions, &all_keys);
        Ok(Self { header, account_keys, recent_blockhash, instructions, address_table_lookups })
    }

    /// Number of keys the lookups load.
    pub fn num_lookup_keys(&self) -> usize {
        self.address_table_lookups
            .iter()
            .map(|lookup| lookup.writable_indexes.len().saturating_add(lookup.readonly_indexes.len()))
            .fold(0, usize::saturating_add)
    }

    /// Whether key `i` (static or loaded, with `loaded` the resolved
    /// lookups) is writable by the header and lookups alone.
    pub fn is_writable_index(&self, i: usize, loaded: &LoadedAddresses) -> bool {
        let h = &self.header;
        let statics = self.account_keys.len();
        let signers = usize::from(h.num_required_signatures);
        if i >= statics {
            i - statics < loaded.writable.len()
        } else if i >= signers {
            i < statics.saturating_sub(usize::from(h.num_readonly_unsigned_accounts))
        } else {
            i < signers.saturating_sub(usize::from(h.num_readonly_signed_accounts))
        }
    }

    /// Checks the structural rules Solana's `v0::Message::sanitize` checks:
    /// header counts fit the static keys, a writable signing fee payer, no
    /// empty lookup, at least one static key, at most 256 keys in all,
    /// program ids among the static keys (and not the payer), account
    /// indexes below the total key count.
    pub fn sanitize(&self) -> Result<(), SanitizeError> {
        let statics = self.account_keys.len();
        let h = &self.header;
        if usize::from(h.num_required_signatures) + usize::from(h.num_readonly_unsigned_accounts) > statics {
            return Err(SanitizeError::HeaderMismatch(statics));
        }
        if h.num_readonly_signed_accounts >= h.num_required_signatures {
            return Err(SanitizeError::NoFeePayer);
        }
        if let Some(n) = self
            .address_table_lookups
            .iter()
            .position(|lookup| lookup.writable_indexes.is_empty() && lookup.readonly_indexes.is_empty())
        {
            return Err(SanitizeError::EmptyLookup(n));
        }
        if statics == 0 {
            return Err(SanitizeError::NoAccountKeys);
        }
        let total = statics.saturating_add(self.num_lookup_keys());
        if total > MAX_ACCOUNT_KEYS {
            return Err(SanitizeError::TooManyAccountKeys(total));
        }
        for (n, ix) in self.instructions.iter().enumerate() {
            if usize::from(ix.program_id_index) >= statics {
                return Err(SanitizeError::IndexOutOfBounds { instruction: n, index: ix.program_id_index, keys: statics });
            }
            if ix.program_id_index == 0 {
                return Err(SanitizeError::PayerAsProgram(n));
            }
            if let Some(bad) = ix.accounts.iter().find(|i| usize::from(**i) >= total) {
                return Err(SanitizeError::IndexOutOfBounds { instruction: n, index: *bad, keys: total });
            }
        }
        Ok(())
    }

    /// The wire bytes, version prefix included (what signers sign).
    pub fn serialize(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 + 3 + 1 + 32 * self.account_keys.len() + 32 + 64);
        out.push(MESSAGE_VERSION_PREFIX);
        write_body(&self.header, &self.account_keys, &self.recent_blockhash, &self.instructions, &mut out);
        short_vec::encode_len(self.address_table_lookups.len() as u16, &mut out);
        for lookup in &self.address_table_lookups {
            out.extend_from_slice(lookup.account_key.as_ref());
            short_vec::encode_len(lookup.writable_indexes.len() as u16, &mut out);
            out.extend_from_slice(&lookup.writable_indexes);
            short_vec::encode_len(lookup.readonly_indexes.len() as u16, &mut out);
            out.extend_from_slice(&lookup.readonly_indexes);
        }
        out
    }

    /// Reads the rest of a version 0 message after its prefix byte.
    pub(crate) fn read_after_prefix(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let MessageBody { header, account_keys, recent_blockhash, instructions } = reader.body()?;
        let count = reader.len("address table lookups")?;
        let mut address_table_lookups = Vec::with_capacity(count.min(64));
        for _ in 0..count {
            let account_key = Pubkey::new_from_array(reader.array32("lookup table address")?);
            let n = reader.len("lookup writable indexes")?;
            let writable_indexes = reader.take(n, "lookup writable indexes")?.to_vec();
            let n = reader.len("lookup readonly indexes")?;
            let readonly_indexes = reader.take(n, "lookup readonly indexes")?.to_vec();
            address_table_lookups.push(MessageAddressTableLookup { account_key, writable_indexes, readonly_indexes });
        }
        Ok(Self { header, account_keys, recent_blockhash, instructions, address_table_lookups })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{instruction::AccountMeta, message::VersionedMessage, system};
    use std::vec;

    fn key(byte: u8) -> Pubkey {
        Pubkey::new_from_array([byte; 32])
    }

    /// Payer 1 writes 4 (in table A) and reads 5 (in table B) through
    /// program 9; 6 signs read-only; 7 is in table A but invoked, so static.
    fn compiled() -> Message {
        let ix = Instruction::new(
            key(9),
            vec![1, 2],
            vec![
                AccountMeta::new(key(4), false),
                AccountMeta::new_readonly(key(5), false),
                AccountMeta::new_readonly(key(6), true),
                AccountMeta::new_readonly(key(7), false),
            ],
        );
        let invoke_7 = Instruction::new(key(7), vec![], vec![]);
        let tables = [
            AddressLookupTableAccount { key: key(0xA), addresses: vec![key(3), key(7), key(4)] },
            AddressLookupTableAccount { key: key(0xC), addresses: vec![key(1)] },
            AddressLookupTableAccount { key: key(0xB), addresses: vec![key(5)] },
        ];
        Message::try_compile(&key(1), &[ix, invoke_7], &tables, Hash::new_from_array([8; 32])).unwrap()
    }

    #[test]
    fn compile_moves_table_keys_out_of_the_static_keys() {
        let message = compiled();
        assert_eq!(message.account_keys, [key(1), key(6), key(7), key(9)]);
        assert_eq!(
            message.header,
            MessageHeader { num_required_signatures: 2, num_readonly_signed_accounts: 1, num_readonly_unsigned_accounts: 2 }
        );
        assert_eq!(
            message.address_table_lookups,
            [
                MessageAddressTableLookup { account_key: key(0xA), writable_indexes: vec![2], readonly_indexes: vec![] },
                MessageAddressTableLookup { account_key: key(0xB), writable_indexes: vec![], readonly_indexes: vec![0] },
            ]
        );
        // Static 0..4, then table A's writable key 4 (index 4), then table B's read-only key 5 (index 5).
        assert_eq!(message.instructions[0].accounts, [4, 5, 1, 2]);
        assert_eq!(message.instructions[0].program_id_index, 3);
        assert_eq!(message.instructions[1].program_id_index, 2);
        assert_eq!(message.sanitize(), Ok(()));
        let loaded = LoadedAddresses { writable: vec![key(4)], readonly: vec![key(5)] };
        let writable: Vec<bool> = (0..6).map(|i| message.is_writable_index(i, &loaded)).collect();
        assert_eq!(writable, [true, false, false, false, true, false]);
    }

    #[test]
    fn bytes_round_trip_with_the_version_prefix() {
        let message = compiled();
        let bytes = message.serialize();
        assert_eq!(bytes[0], 0x80);
        assert_eq!(bytes[1..4], [2, 1, 2]);
        let tail = [&[2u8][..], &[0xA; 32], &[1, 2, 0], &[0xB; 32], &[0, 1, 0]].concat();
        assert_eq!(bytes[bytes.len() - tail.len()..], tail[..]);
        let versioned = VersionedMessage::deserialize(&bytes).unwrap();
        assert_eq!(versioned, VersionedMessage::V0(message.clone()));
        assert_eq!(versioned.serialize(), bytes);
        let mut v1 = bytes.clone();
        v1[0] = 0x81;
        assert_eq!(VersionedMessage::deserialize(&v1), Err(DecodeError::UnknownVersion(1)));
        for cut in 1..bytes.len() {
            assert!(VersionedMessage::deserialize(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let legacy = crate::message::Message::new(&[system::transfer(&key(1), &key(2), 1)], Some(&key(1)));
        assert_eq!(VersionedMessage::deserialize(&legacy.serialize()), Ok(VersionedMessage::Legacy(legacy)));
    }

    #[test]
    fn sanitize_rules() {
        let good = compiled();
        let mut m = good.clone();
        m.address_table_lookups[1].readonly_indexes.clear();
        assert_eq!(m.sanitize(), Err(SanitizeError::EmptyLookup(1)));
        let mut m = good.clone();
        m.instructions[0].program_id_index = 4;
        assert!(matches!(m.sanitize(), Err(SanitizeError::IndexOutOfBounds { index: 4, keys: 4, .. })));
        let mut m = good.clone();
        m.instructions[0].accounts[0] = 6;
        assert!(matches!(m.sanitize(), Err(SanitizeError::IndexOutOfBounds { index: 6, keys: 6, .. })));
        let mut m = good.clone();
        m.address_table_lookups[0].writable_indexes = vec![0; 253];
        assert_eq!(m.sanitize(), Err(SanitizeError::TooManyAccountKeys(258)));
        let mut m = good;
        m.header.num_readonly_signed_accounts = 2;
        assert_eq!(m.sanitize(), Err(SanitizeError::NoFeePayer));
    }

    #[test]
    fn nonce_accounts_and_signers_stay_static() {
        let nonce = key(3);
        let advance = system::advance_nonce_account(&nonce, &key(1));
        let table = AddressLookupTableAccount { key: key(0xA), addresses: vec![nonce, key(1)] };
        let message = Message::try_compile(&key(1), &[advance], &[table], Hash::default()).unwrap();
        assert!(message.address_table_lookups.is_empty());
        assert!(message.account_keys.contains(&nonce));
    }
}
