//! Compiling instructions' account metas into a message's key list: the
//! union of each key's flags, the four signer/writable groups (fee payer
//! first, each group sorted by key bytes), and — for version 0 messages —
//! moving non-signer keys found in lookup tables out of the static keys.
//! The same rules as Solana's `CompiledKeys`, so the same instructions give
//! the same bytes.

use std::{collections::BTreeMap, vec::Vec};

use crate::{
    instruction::Instruction,
    message::{CompileError, MessageHeader},
    pubkey::Pubkey,
    message::v0::{AddressLookupTableAccount, LoadedAddresses, MessageAddressTableLookup},
};

/// `SystemInstruction::AdvanceNonceAccount`'s data: a transaction whose
/// first instruction starts with it is a durable-nonce transaction.
const ADVANCE_NONCE_DATA: [u8; 4] = crate::system::ADVANCE_NONCE_ACCOUNT.to_le_bytes();

#[derive(Clone, Copy, Default)]
struct KeyMeta {
    signer: bool,
    writable: bool,
    /// The key is some instruction's program id.
    invoked: bool,
    /// The key is the nonce account of a durable-nonce transaction.
    nonce: bool,
}

/// Every key of a set of instructions with its merged flags.
pub(crate) struct CompiledKeys {
    payer: Option<Pubkey>,
    metas: BTreeMap<Pubkey, KeyMeta>,
}

impl CompiledKeys {
    /// Collects the keys of `instructions`; the payer (if any) signs and is writable.
    pub(crate) fn compile(instructions: &[Instruction], payer: Option<&Pubkey>) -> Self {
        let mut metas: BTreeMap<Pubkey, KeyMeta> = BTreeMap::new();
        for ix in instructions {
            metas.entry(ix.program_id).or_default().invoked = true;
            for account in &ix.accounts {
                let meta = metas.entry(account.pubkey).or_default();
                meta.signer |= account.is_signer;
                meta.writable |= account.is_writable;
            }
        }
        let nonce = instructions.first().filter(|ix| {
            ix.program_id == crate::system::ID && ix.data.get(..4) == Some(&ADVANCE_NONCE_DATA[..])
        });
        if let Some(account) = nonce.and_then(|ix| ix.accounts.first()) {
            metas.entry(account.pubkey).or_default().nonce = true;
        }
        if let Some(payer) = payer {
            let meta = metas.entry(*payer).or_default();
            meta.signer = true;
            meta.writable = true;
        }
        Self { payer: payer.copied(), metas }
    }

    /// Moves the non-signer, non-program, non-nonce keys found in `table`
    /// out of the static keys: writable ones first, then read-only ones,
    /// each in key order. `None` when the table holds none of them.
    pub(crate) fn extract_table_lookup(
        &mut self,
        table: &AddressLookupTableAccount,
    ) -> Result<Option<(MessageAddressTableLookup, LoadedAddresses)>, CompileError> {
        let (writable_indexes, writable) =
            self.drain_found(table, |meta| !meta.signer && !meta.invoked && !meta.nonce && meta.writable)?;
        let (readonly_indexes, readonly) =
            self.drain_found(table, |meta| !meta.signer && !meta.invoked && !meta.nonce && !meta.writable)?;
        if writable_indexes.is_empty() && readonly_indexes.is_empty() {
            return Ok(None);
        }
        let lookup = MessageAddressTableLookup { account_key: table.key, writable_indexes, readonly_indexes };
        Ok(Some((lookup, LoadedAddresses { writable, readonly })))
    }

    fn drain_found(
        &mut self,
        table: &AddressLookupTableAccount,
        filter: impl Fn(&KeyMeta) -> bool,
    ) -> Result<(Vec<u8>, Vec<Pubkey>), CompileError> {
        let mut indexes = Vec::new();
        let mut keys = Vec::new();
        for (key, meta) in &self.metas {
            if !filter(meta) {
                continue;
            }
            if let Some(position) = table.addresses.iter().position(|address| address == key) {
                let index = u8::try_from(position)
                    .map_err(|_| CompileError::AddressTableLookupIndexOverflow { table: table.key, index: position })?;
                indexes.push(index);
                keys.push(*key);
            }
        }
        for key in &keys {
            self.metas.remove(key);
        }
        Ok((indexes, keys))
    }

    /// The header and the static keys: the payer, the other writable
    /// signers, read-only signers, writable non-signers, read-only
    /// non-signers.
    pub(crate) fn into_message_components(self) -> Result<(MessageHeader, Vec<Pubkey>), CompileError> {
        let Self { payer, mut metas } = self;
        if let Some(payer) = &payer {
            metas.remove(payer);
        }
        let group = |signer: bool, writable: bool| {
            metas
                .iter()
                .filter(move |(_, meta)| meta.signer == signer && meta.writable == writable)
                .map(|(key, _)| *key)
        };
        let mut keys: Vec<Pubkey> = payer.into_iter().collect();
        keys.extend(group(true, true));
        let writable_signers = keys.len();
        keys.extend(group(true, false));
        let signers = keys.len();
        keys.extend(group(false, true));
        let before_readonly_unsigned = keys.len();
        keys.extend(group(false, false));
        if keys.len() > 256 {
            return Err(CompileError::AccountIndexOverflow(keys.len()));
        }
        let count = |n: usize| u8::try_from(n).map_err(|_| CompileError::AccountIndexOverflow(keys.len()));
        let header = MessageHeader {
            num_required_signatures: count(signers)?,
            num_readonly_signed_accounts: count(signers - writable_signers)?,
            num_readonly_unsigned_accounts: count(keys.len() - before_readonly_unsigned)?,
        };
        Ok((header, keys))
    }
}
