//! [`Message`]: the signed part of a legacy transaction.
//!
//! Wire format (all lengths are [`short_vec`](crate::short_vec)):
//!
//! ```text
//! header: num_required_signatures u8, num_readonly_signed_accounts u8,
//!         num_readonly_unsigned_accounts u8
//! account_keys: len, len × [32]
//! recent_blockhash: [32]
//! instructions: len, len × { program_id_index u8, len, len × u8 account index,
//!                            len, len × u8 data }
//! ```
//!
//! Keys are ordered: writable signers, read-only signers, writable
//! non-signers, read-only non-signers; the fee payer first. A key used
//! several times gets the union of its flags. Within each group keys are
//! sorted by their bytes — what Solana's `Message::new` does (it collects
//! keys in a `BTreeMap`), so the same instructions give the same bytes.

use std::vec::Vec;

use crate::{
    client::compiled_keys::CompiledKeys,
    hash::Hash,
    instruction::Instruction,
    pubkey::Pubkey,
    short_vec::{self, ShortVecError},
};

pub use crate::client::{
    v0::{self, AddressLookupTableAccount},
    versioned::VersionedMessage,
};

/// A first byte with this bit set starts a versioned (v0+) message.
pub const MESSAGE_VERSION_PREFIX: u8 = 0x80;

/// Counts that split [`Message::account_keys`] into its four groups.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MessageHeader {
    /// Signatures the transaction needs: the first keys sign.
    pub num_required_signatures: u8,
    /// How many of the signing keys (the last ones) are read-only.
    pub num_readonly_signed_accounts: u8,
    /// How many of the non-signing keys (the last ones) are read-only.
    pub num_readonly_unsigned_accounts: u8,
}

/// An instruction whose program and accounts are indexes into
/// [`Message::account_keys`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompiledInstruction {
    /// Index of the program id.
    pub program_id_index: u8,
    /// Indexes of the accounts, in the program's order.
    pub accounts: Vec<u8>,
    /// The program's input.
    pub data: Vec<u8>,
}

/// A legacy message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[must_use = "a message does nothing until it is signed into a transaction and sent"]
pub struct Message {
    /// How the keys split into signer/writable groups.
    pub header: MessageHeader,
    /// Every account the transaction touches, programs included.
    pub account_keys: Vec<Pubkey>,
    /// The blockhash that bounds the transaction's lifetime.
    pub recent_blockhash: Hash,
    /// The instructions, in execution order.
    pub instructions: Vec<CompiledInstruction>,
}

/// Why a message could not be built from instructions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CompileError {
    /// More than 256 distinct keys (indexes are one byte).
    #[error("a message can reference at most 256 accounts, these instructions use {0}")]
    AccountIndexOverflow(usize),
    /// A key sits past index 255 of a lookup table (indexes are one byte).
    #[error("lookup table {table} holds a key of the instructions at index {index}; only indexes below 256 can be referenced")]
    AddressTableLookupIndexOverflow {
        /// The lookup table's address.
        table: Pubkey,
        /// Where the key sits in it.
        index: usize,
    },
}

/// Why bytes are not a legacy message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The first byte marks a versioned message where a legacy one was
    /// expected (read it with [`VersionedMessage::deserialize`]).
    #[error("versioned message (version {0}) where a legacy message was expected; read it as a VersionedMessage")]
    Versioned(u8),
    /// The version prefix names a version this SDK does not know.
    #[error("message version {0} is not supported: only legacy and version 0 messages are")]
    UnknownVersion(u8),
    /// The input ends inside the named field.
    #[error("message ends inside {field} at byte {offset}")]
    UnexpectedEnd {
        /// The field being read.
        field: &'static str,
        /// Where the input ended.
        offset: usize,
    },
    /// A length prefix is not a valid compact-u16.
    #[error("message {field} length at byte {offset}: {error}")]
    ShortVec {
        /// The field whose length is bad.
        field: &'static str,
        /// Where the length starts.
        offset: usize,
        /// What is wrong with it.
        error: ShortVecError,
    },
    /// Bytes follow the last instruction.
    #[error("{0} bytes follow the message")]
    TrailingBytes(usize),
}

/// Why a message breaks the runtime's structural rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SanitizeError {
    /// The header counts do not fit the key list.
    #[error("message header counts do not fit its {0} account keys")]
    HeaderMismatch(usize),
    /// No signer, or every signer read-only (no fee payer).
    #[error("message needs a writable signing fee payer")]
    NoFeePayer,
    /// An index points past the key list.
    #[error("instruction {instruction}: index {index} is out of bounds of {keys} keys")]
    IndexOutOfBounds {
        /// The instruction.
        instruction: usize,
        /// The bad index.
        index: u8,
        /// Number of keys.
        keys: usize,
    },
    /// An instruction's program is the fee payer.
    #[error("instruction {0}: the program id cannot be the fee payer (index 0)")]
    PayerAsProgram(usize),
    /// A version 0 message without static keys.
    #[error("message has no account keys")]
    NoAccountKeys,
    /// Address table lookup `n` lists no index.
    #[error("address table lookup {0} loads no address")]
    EmptyLookup(usize),
    /// Static and looked-up keys together exceed 256.
    #[error("message references {0} accounts, at most 256 can be indexed")]
    TooManyAccountKeys(usize),
}

/// Replaces the keys of `instructions` by their indexes in `keys`, which
/// must hold every key they use (at most 256).
pub(crate) fn compile_instructions(instructions: &[Instruction], keys: &[Pubkey]) -> Vec<CompiledInstruction> {
    // Every key of the instructions is in `keys` by construction.
    let index_of = |key: &Pubkey| keys.iter().position(|k| k == key).unwrap_or(0) as u8;
    instructions
        .iter()
        .map(|ix| CompiledInstruction {
            program_id_index: index_of(&ix.program_id),
            accounts: ix.accounts.iter().map(|meta| index_of(&meta.pubkey)).collect(),
            data: ix.data.clone(),
        })
        .collect()
}

impl Message {
    /// Compiles `instructions` into a message paid by `payer`, with a
    /// default (zero) blockhash.
    ///
    /// # Panics
    ///
    /// If the instructions use more than 256 distinct keys; see
    /// [`try_new_with_blockhash`](Self::try_new_with_blockhash).
    pub fn new(instructions: &[Instruction], payer: Option<&Pubkey>) -> Self {
        Self::new_with_blockhash(instructions, payer, &Hash::default())
    }

    /// Compiles `instructions` into a message paid by `payer`.
    ///
    /// # Panics
    ///
    /// If the instructions use more than 256 distinct keys.
    pub fn new_with_blockhash(
        instructions: &[Instruction],
        payer: Option<&Pubkey>,
        blockhash: &Hash,
    ) -> Self {
        match Self::try_new_with_blockhash(instructions, payer, blockhash) {
            Ok(message) => message,
            Err(error) => panic!("{error}"),
        }
    }

    /// Compiles `instructions` into a message paid by `payer`.
    pub fn try_new_with_blockhash(
        instructions: &[Instruction],
        payer: Option<&Pubkey>,
        blockhash: &Hash,
    ) -> Result<Self, CompileError> {
        let (header, account_keys) = CompiledKeys::compile(instructions, payer).into_message_components()?;
        let instructions = compile_instructions(instructions, &account_keys);
        Ok(Self {
            header,
            account_keys,
            recent_blockhash: *blockhash,
            instructions,
        })
    }

    /// The fee payer: the first key, if any.
    pub fn fee_payer(&self) -> Option<&Pubkey> {
        self.account_keys.first()
    }

    /// Whether key `i` must sign.
    pub fn is_signer(&self, i: usize) -> bool {
        i < usize::from(self.header.num_required_signatures)
    }

    /// Whether key `i` is writable by the header's groups alone.
    pub fn is_writable_index(&self, i: usize) -> bool {
        let h = &self.header;
        let signers = usize::from(h.num_required_signatures);
        let keys = self.account_keys.len();
        if i < signers {
            i < signers.saturating_sub(usize::from(h.num_readonly_signed_accounts))
        } else {
            i < keys.saturating_sub(usize::from(h.num_readonly_unsigned_accounts))
        }
    }

    /// Whether key `i` is invoked as a program by some instruction.
    pub fn is_key_called_as_program(&self, i: usize) -> bool {
        self.instructions
            .iter()
            .any(|ix| usize::from(ix.program_id_index) == i)
    }

    /// Whether key `i` is writable under the legacy rule: writable by the
    /// header, and not a program this message invokes — unless the
    /// upgradeable loader is among the keys (then a program account may be
    /// written by it).
    pub fn is_writable(&self, i: usize) -> bool {
        const UPGRADEABLE_LOADER: Pubkey =
            crate::pubkey!("BPFLoaderUpgradeab1e11111111111111111111111");
        let demoted = self.is_key_called_as_program(i)
            && !self.account_keys.contains(&UPGRADEABLE_LOADER);
        self.is_writable_index(i) && !demoted
    }

    /// The keys that must sign, in order.
    pub fn signer_keys(&self) -> &[Pubkey] {
        let n = usize::from(self.header.num_required_signatures).min(self.account_keys.len());
        &self.account_keys[..n]
    }

    /// The program id of instruction `index`.
    pub fn program_id(&self, index: usize) -> Option<&Pubkey> {
        let ix = self.instructions.get(index)?;
        self.account_keys.get(usize::from(ix.program_id_index))
    }

    /// Checks the runtime's structural rules: header counts fit the keys,
    /// there is a writable signing fee payer, every index is in bounds and
    /// no program id is the fee payer.
    pub fn sanitize(&self) -> Result<(), SanitizeError> {
        let keys = self.account_keys.len();
        let h = &self.header;
        let signers = usize::from(h.num_required_signatures);
        if signers + usize::from(h.num_readonly_unsigned_accounts) > keys {
            return Err(SanitizeError::HeaderMismatch(keys));
        }
        if h.num_readonly_signed_accounts >= h.num_required_signatures {
            return Err(SanitizeError::NoFeePayer);
        }
        for (n, ix) in self.instructions.iter().enumerate() {
            let out_of_bounds = |index: u8| SanitizeError::IndexOutOfBounds {
                instruction: n,
                index,
                keys,
            };
            if usize::from(ix.program_id_index) >= keys {
                return Err(out_of_bounds(ix.program_id_index));
            }
            if ix.program_id_index == 0 {
                return Err(SanitizeError::PayerAsProgram(n));
            }
            if let Some(bad) = ix.accounts.iter().find(|i| usize::from(**i) >= keys) {
                return Err(out_of_bounds(*bad));
            }
        }
        Ok(())
    }

    /// The wire bytes (what signers sign).
    pub fn serialize(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(3 + 1 + 32 * self.account_keys.len() + 32 + 64);
        write_body(&self.header, &self.account_keys, &self.recent_blockhash, &self.instructions, &mut out);
        out
    }

    /// Reads a legacy message; every byte must belong to it.
    pub fn deserialize(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut reader = Reader::new(bytes);
        let message = reader.message()?;
        match bytes.len() - reader.offset {
            0 => Ok(message),
            rest => Err(DecodeError::TrailingBytes(rest)),
        }
    }

    /// Reads a legacy message from the start of `bytes` and returns it with
    /// the number of bytes it took.
    pub(crate) fn deserialize_prefix(bytes: &[u8]) -> Result<(Self, usize), DecodeError> {
        let mut reader = Reader::new(bytes);
        let message = reader.message()?;
        Ok((message, reader.offset))
    }
}

/// Writes the parts legacy and version 0 messages share: header, keys,
/// blockhash, instructions.
pub(crate) fn write_body(
    header: &MessageHeader,
    account_keys: &[Pubkey],
    recent_blockhash: &Hash,
    instructions: &[CompiledInstruction],
    out: &mut Vec<u8>,
) {
    out.extend_from_slice(&[
        header.num_required_signatures,
        header.num_readonly_signed_accounts,
        header.num_readonly_unsigned_accounts,
    ]);
    short_vec::encode_len(account_keys.len() as u16, out);
    for key in account_keys {
        out.extend_from_slice(key.as_ref());
    }
    out.extend_from_slice(recent_blockhash.as_ref());
    short_vec::encode_len(instructions.len() as u16, out);
    for ix in instructions {
        out.push(ix.program_id_index);
        short_vec::encode_len(ix.accounts.len() as u16, out);
        out.extend_from_slice(&ix.accounts);
        short_vec::encode_len(ix.data.len() as u16, out);
        out.extend_from_slice(&ix.data);
    }
}

/// The parts legacy and version 0 messages share.
pub(crate) struct MessageBody {
    pub(crate) header: MessageHeader,
    pub(crate) account_keys: Vec<Pubkey>,
    pub(crate) recent_blockhash: Hash,
    pub(crate) instructions: Vec<CompiledInstruction>,
}

/// A cursor over message bytes whose errors name the field and offset.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pub(crate) offset: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, offset: 0 }
    }

    /// The next byte, without consuming it.
    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.offset).copied()
    }

    pub(crate) fn take(&mut self, len: usize, field: &'static str) -> Result<&'a [u8], DecodeError> {
        let end = self.offset + len;
        let slice = self.bytes.get(self.offset..end).ok_or(DecodeError::UnexpectedEnd {
            field,
            offset: self.bytes.len(),
        })?;
        self.offset = end;
        Ok(slice)
    }

    pub(crate) fn len(&mut self, field: &'static str) -> Result<usize, DecodeError> {
        let offset = self.offset;
        let (len, used) =
            short_vec::decode_len(&self.bytes[offset.min(self.bytes.len())..]).map_err(
                |error| match error {
                    ShortVecError::UnexpectedEnd => DecodeError::UnexpectedEnd {
                        field,
                        offset: self.bytes.len(),
                    },
                    error => DecodeError::ShortVec {
                        field,
                        offset,
                        error,
                    },
                },
            )?;
        self.offset += used;
        Ok(usize::from(len))
    }

    pub(crate) fn array32(&mut self, field: &'static str) -> Result<[u8; 32], DecodeError> {
        let mut out = [0u8; 32];
        out.copy_from_slice(self.take(32, field)?);
        Ok(out)
    }

    fn message(&mut self) -> Result<Message, DecodeError> {
        if let Some(first) = self.peek().filter(|byte| byte & MESSAGE_VERSION_PREFIX != 0) {
            return Err(DecodeError::Versioned(first & !MESSAGE_VERSION_PREFIX));
        }
        let MessageBody { header, account_keys, recent_blockhash, instructions } = self.body()?;
        Ok(Message { header, account_keys, recent_blockhash, instructions })
    }

    /// Reads header, keys, blockhash and instructions.
    pub(crate) fn body(&mut self) -> Result<MessageBody, DecodeError> {
        let header = self.take(3, "header")?;
        let header = MessageHeader {
            num_required_signatures: header[0],
            num_readonly_signed_accounts: header[1],
            num_readonly_unsigned_accounts: header[2],
        };
        let key_count = self.len("account keys")?;
        let mut account_keys = Vec::with_capacity(key_count.min(256));
        for _ in 0..key_count {
            account_keys.push(Pubkey::new_from_array(self.array32("account key")?));
        }
        let recent_blockhash = Hash::new_from_array(self.array32("recent blockhash")?);
        let ix_count = self.len("instructions")?;
        let mut instructions = Vec::with_capacity(ix_count.min(64));
        for _ in 0..ix_count {
            let program_id_index = self.take(1, "program id index")?[0];
            let n = self.len("instruction accounts")?;
            let accounts = self.take(n, "instruction accounts")?.to_vec();
            let n = self.len("instruction data")?;
            let data = self.take(n, "instruction data")?.to_vec();
            instructions.push(CompiledInstruction {
                program_id_index,
                accounts,
                data,
            });
        }
        Ok(MessageBody {
            header,
            account_keys,
            recent_blockhash,
            instructions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{instruction::AccountMeta, system};
    use std::vec;

    fn key(byte: u8) -> Pubkey {
        Pubkey::new_from_array([byte; 32])
    }

    #[test]
    fn transfer_message_bytes() {
        let from = key(1);
        let to = key(2);
        let blockhash = Hash::new_from_array([9; 32]);
        let message = Message::new_with_blockhash(
            &[system::transfer(&from, &to, 5)],
            Some(&from),
            &blockhash,
        );
        assert_eq!(
            message.header,
            MessageHeader {
                num_required_signatures: 1,
                num_readonly_signed_accounts: 0,
                num_readonly_unsigned_accounts: 1
            }
        );
        assert_eq!(message.account_keys, [from, to, system::ID]);
        let mut expected = vec![1, 0, 1, 3];
        expected.extend([1; 32]);
        expected.extend([2; 32]);
        expected.extend([0; 32]);
        expected.extend([9; 32]);
        expected.extend([1, 2, 2, 0, 1, 12, 2, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(message.serialize(), expected);
        assert_eq!(Message::deserialize(&expected), Ok(message.clone()));
        assert_eq!(message.sanitize(), Ok(()));
        assert!(message.is_signer(0) && !message.is_signer(1));
        assert!(message.is_writable(0) && message.is_writable(1) && !message.is_writable(2));
        assert_eq!(message.fee_payer(), Some(&from));
        assert_eq!(message.program_id(0), Some(&system::ID));
    }

    #[test]
    fn key_order_groups_merges_and_sorts() {
        let program = key(0xEE);
        let payer = key(0x50);
        let ix1 = Instruction::new_with_bytes(
            program,
            &[],
            vec![
                AccountMeta::new_readonly(key(9), false),
                AccountMeta::new_readonly(key(8), true),
                AccountMeta::new(key(7), false),
                AccountMeta::new(key(6), true),
                AccountMeta::new_readonly(key(5), false),
            ],
        );
        // key(5) becomes writable and key(8) stays a read-only signer.
        let ix2 = Instruction::new_with_bytes(
            key(0x01),
            &[1],
            vec![AccountMeta::new(key(5), false), AccountMeta::new_readonly(payer, false)],
        );
        let message = Message::new(&[ix1, ix2], Some(&payer));
        assert_eq!(
            message.account_keys,
            [payer, key(6), key(8), key(5), key(7), key(0x01), key(9), program]
        );
        assert_eq!(
            message.header,
            MessageHeader {
                num_required_signatures: 3,
                num_readonly_signed_accounts: 1,
                num_readonly_unsigned_accounts: 3
            }
        );
        assert_eq!(message.instructions[0].program_id_index, 7);
        assert_eq!(message.instructions[0].accounts, [6, 2, 4, 1, 3]);
        assert_eq!(message.instructions[1].accounts, [3, 0]);
        let writable: Vec<bool> = (0..8).map(|i| message.is_writable(i)).collect();
        assert_eq!(writable, [true, true, false, true, true, false, false, false]);
    }

    #[test]
    fn a_program_used_as_writable_account_is_demoted() {
        let program = key(3);
        let payer = key(4);
        let ix = Instruction::new_with_bytes(program, &[], vec![AccountMeta::new(program, false)]);
        let message = Message::new(&[ix], Some(&payer));
        assert_eq!(message.account_keys, [payer, program]);
        assert!(message.is_writable_index(1));
        assert!(!message.is_writable(1));
    }

    #[test]
    fn decode_errors() {
        let message = Message::new(&[system::transfer(&key(1), &key(2), 1)], Some(&key(1)));
        let bytes = message.serialize();
        for cut in 0..bytes.len() {
            assert!(
                matches!(Message::deserialize(&bytes[..cut]), Err(DecodeError::UnexpectedEnd { .. })),
                "cut at {cut}"
            );
        }
        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(Message::deserialize(&long), Err(DecodeError::TrailingBytes(1)));
        let mut versioned = bytes.clone();
        versioned[0] = 0x80;
        assert_eq!(Message::deserialize(&versioned), Err(DecodeError::Versioned(0)));
        let mut alias = bytes[..3].to_vec();
        alias.extend([0x83, 0x00]);
        assert!(matches!(
            Message::deserialize(&alias),
            Err(DecodeError::ShortVec { offset: 3, error: ShortVecError::Alias, .. })
        ));
    }

    #[test]
    fn sanitize_rules() {
        let good = Message::new(&[system::transfer(&key(1), &key(2), 1)], Some(&key(1)));
        let mut m = good.clone();
        m.header.num_readonly_unsigned_accounts = 3;
        assert_eq!(m.sanitize(), Err(SanitizeError::HeaderMismatch(3)));
        let mut m = good.clone();
        m.header.num_readonly_signed_accounts = 1;
        assert_eq!(m.sanitize(), Err(SanitizeError::NoFeePayer));
        let mut m = good.clone();
        m.instructions[0].program_id_index = 0;
        assert_eq!(m.sanitize(), Err(SanitizeError::PayerAsProgram(0)));
        let mut m = good.clone();
        m.instructions[0].accounts[1] = 3;
        assert!(matches!(m.sanitize(), Err(SanitizeError::IndexOutOfBounds { index: 3, .. })));
    }
}
