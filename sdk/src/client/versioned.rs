//! [`VersionedMessage`] (legacy or version 0) and [`VersionedTransaction`].
//!
//! A message whose first byte has the top bit set ([`MESSAGE_VERSION_PREFIX`])
//! is versioned: the low seven bits are its version, and the message
//! follows. Otherwise the first byte is a legacy message's header. A
//! versioned transaction's wire format is the legacy one: `short_vec`
//! signature count, the signatures, the message bytes.

use std::vec::Vec;

use crate::{
    hash::Hash,
    message::{self, CompiledInstruction, DecodeError, Message, MessageHeader, Reader, SanitizeError, MESSAGE_VERSION_PREFIX},
    pubkey::Pubkey,
    short_vec,
    signature::{Signature, SIGNATURE_BYTES},
    signer::Keypair,
    transaction::{self, SignerError, Transaction, VerifyError},
    message::v0,
};

/// A legacy or version 0 message.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a message does nothing until it is signed into a transaction and sent"]
pub enum VersionedMessage {
    /// A legacy message (no version prefix).
    Legacy(Message),
    /// A version 0 message (with address table lookups).
    V0(v0::Message),
}

impl Default for VersionedMessage {
    fn default() -> Self {
        Self::Legacy(Message::default())
    }
}

impl From<Message> for VersionedMessage {
    fn from(message: Message) -> Self {
        Self::Legacy(message)
    }
}

impl From<v0::Message> for VersionedMessage {
    fn from(message: v0::Message) -> Self {
        Self::V0(message)
    }
}

impl VersionedMessage {
    /// The header.
    pub fn header(&self) -> &MessageHeader {
        match self {
            Self::Legacy(message) => &message.header,
            Self::V0(message) => &message.header,
        }
    }

    /// The keys written in the message (without looked-up ones).
    pub fn static_account_keys(&self) -> &[Pubkey] {
        match self {
            Self::Legacy(message) => &message.account_keys,
            Self::V0(message) => &message.account_keys,
        }
    }

    /// The lookups of a version 0 message (`None` for a legacy one).
    pub fn address_table_lookups(&self) -> Option<&[v0::MessageAddressTableLookup]> {
        match self {
            Self::Legacy(_) => None,
            Self::V0(message) => Some(&message.address_table_lookups),
        }
    }

    /// The recent blockhash.
    pub fn recent_blockhash(&self) -> &Hash {
        match self {
            Self::Legacy(message) => &message.recent_blockhash,
            Self::V0(message) => &message.recent_blockhash,
        }
    }

    /// Replaces the recent blockhash (signatures made before no longer verify).
    pub fn set_recent_blockhash(&mut self, blockhash: Hash) {
        match self {
            Self::Legacy(message) => message.recent_blockhash = blockhash,
            Self::V0(message) => message.recent_blockhash = blockhash,
        }
    }

    /// The instructions, in execution order.
    pub fn instructions(&self) -> &[CompiledInstruction] {
        match self {
            Self::Legacy(message) => &message.instructions,
            Self::V0(message) => &message.instructions,
        }
    }

    /// Whether key `i` must sign.
    pub fn is_signer(&self, i: usize) -> bool {
        i < usize::from(self.header().num_required_signatures)
    }

    /// The keys that must sign, in order.
    pub fn signer_keys(&self) -> &[Pubkey] {
        let keys = self.static_account_keys();
        &keys[..usize::from(self.header().num_required_signatures).min(keys.len())]
    }

    /// Checks the structural rules of the message's version.
    pub fn sanitize(&self) -> Result<(), SanitizeError> {
        match self {
            Self::Legacy(message) => message.sanitize(),
            Self::V0(message) => message.sanitize(),
        }
    }

    /// The wire bytes (what signers sign).
    pub fn serialize(&self) -> Vec<u8> {
        match self {
            Self::Legacy(message) => message.serialize(),
            Self::V0(message) => message.serialize(),
        }
    }

    /// Reads a legacy or version 0 message; every byte must belong to it.
    pub fn deserialize(bytes: &[u8]) -> Result<Self, DecodeError> {
        let (message, used) = Self::deserialize_prefix(bytes)?;
        match bytes.len() - used {
            0 => Ok(message),
            rest => Err(DecodeError::TrailingBytes(rest)),
        }
    }

    /// Reads a message from the start of `bytes`; returns it with the
    /// number of bytes it took.
    fn deserialize_prefix(bytes: &[u8]) -> Result<(Self, usize), DecodeError> {
        let mut reader = Reader::new(bytes);
        match reader.peek() {
            Some(first) if first & MESSAGE_VERSION_PREFIX != 0 => {
                let version = first & !MESSAGE_VERSION_PREFIX;
                if version != 0 {
                    return Err(DecodeError::UnknownVersion(version));
                }
                reader.take(1, "version prefix")?;
                let message = v0::Message::read_after_prefix(&mut reader)?;
                Ok((Self::V0(message), reader.offset))
            }
            _ => {
                let (message, used) = Message::deserialize_prefix(bytes)?;
                Ok((Self::Legacy(message), used))
            }
        }
    }
}

/// A signed (or partly signed) legacy or version 0 transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[must_use = "a transaction does nothing until it is sent"]
pub struct VersionedTransaction {
    /// One signature per required signer; the first is the transaction id.
    pub signatures: Vec<Signature>,
    /// What was signed.
    pub message: VersionedMessage,
}

impl From<Transaction> for VersionedTransaction {
    fn from(tx: Transaction) -> Self {
        Self { signatures: tx.signatures, message: VersionedMessage::Legacy(tx.message) }
    }
}

impl VersionedTransaction {
    /// Signs `message` with `keypairs`, which must be exactly its required
    /// signers (in any order).
    pub fn try_new(message: impl Into<VersionedMessage>, keypairs: &[&Keypair]) -> Result<Self, SignerError> {
        let message = message.into();
        let required = usize::from(message.header().num_required_signatures);
        let expected = message.signer_keys();
        if expected.len() < required || keypairs.len() < required {
            return Err(SignerError::NotEnoughSigners {
                missing: required.saturating_sub(keypairs.len().min(expected.len())),
                required,
            });
        }
        if keypairs.len() > required {
            return Err(SignerError::TooManySigners { given: keypairs.len(), required });
        }
        let data = message.serialize();
        let mut signatures = Vec::with_capacity(required);
        for key in expected {
            let keypair = keypairs.iter().find(|keypair| keypair.pubkey() == *key);
            let keypair = match keypair {
                Some(keypair) => keypair,
                None => {
                    let stray = keypairs.iter().map(|keypair| keypair.pubkey()).find(|pubkey| !expected.contains(pubkey));
                    return Err(SignerError::KeypairPubkeyMismatch(stray.unwrap_or(*key)));
                }
            };
            signatures.push(keypair.sign_message(&data));
        }
        Ok(Self { signatures, message })
    }

    /// The legacy transaction, if the message is legacy.
    pub fn into_legacy_transaction(self) -> Option<Transaction> {
        match self.message {
            VersionedMessage::Legacy(message) => Some(Transaction { signatures: self.signatures, message }),
            VersionedMessage::V0(_) => None,
        }
    }

    /// The first signature: the transaction's id.
    pub fn signature(&self) -> Option<&Signature> {
        self.signatures.first()
    }

    /// The bytes signers sign.
    pub fn message_data(&self) -> Vec<u8> {
        self.message.serialize()
    }

    /// Checks the message's structure, the signature count (every signer a
    /// static key), and every signature.
    pub fn verify(&self) -> Result<(), VerifyError> {
        self.message.sanitize()?;
        let required = usize::from(self.message.header().num_required_signatures);
        if self.signatures.len() != required || required > self.message.static_account_keys().len() {
            return Err(VerifyError::SignatureCount { found: self.signatures.len(), required });
        }
        let bytes = self.message.serialize();
        for (index, (signature, key)) in self.signatures.iter().zip(self.message.static_account_keys()).enumerate() {
            if !signature.verify(key, &bytes) {
                return Err(VerifyError::BadSignature { index, key: *key });
            }
        }
        Ok(())
    }

    /// The wire bytes.
    pub fn serialize(&self) -> Vec<u8> {
        let message = self.message.serialize();
        let mut out = Vec::with_capacity(3 + SIGNATURE_BYTES * self.signatures.len() + message.len());
        short_vec::encode_len(self.signatures.len() as u16, &mut out);
        for signature in &self.signatures {
            out.extend_from_slice(signature.as_ref());
        }
        out.extend_from_slice(&message);
        out
    }

    /// Reads a legacy or version 0 transaction; every byte must belong to it.
    pub fn deserialize(bytes: &[u8]) -> Result<Self, transaction::DecodeError> {
        let (signatures, offset) = transaction::read_signatures(bytes)?;
        let (message, used) = VersionedMessage::deserialize_prefix(&bytes[offset..])?;
        let rest = bytes.len() - offset - used;
        if rest != 0 {
            return Err(message::DecodeError::TrailingBytes(rest).into());
        }
        Ok(Self { signatures, message })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{message::v0::AddressLookupTableAccount, system};

    #[test]
    fn signed_v0_transaction_round_trips_and_verifies() {
        let payer = Keypair::new_from_array([1; 32]);
        let other = Keypair::new_from_array([2; 32]);
        let to = Pubkey::new_from_array([3; 32]);
        let table = AddressLookupTableAccount { key: Pubkey::new_from_array([4; 32]), addresses: std::vec![to] };
        let ixs = [system::transfer(&payer.pubkey(), &to, 5), system::transfer(&other.pubkey(), &to, 6)];
        let message = v0::Message::try_compile(&payer.pubkey(), &ixs, &[table], Hash::default()).unwrap();
        let tx = VersionedTransaction::try_new(message.clone(), &[&other, &payer]).unwrap();
        assert_eq!(tx.verify(), Ok(()));
        assert!(tx.signatures[0].verify(&payer.pubkey(), &tx.message_data()));
        let bytes = tx.serialize();
        assert_eq!(bytes[0], 2);
        assert_eq!(bytes[129], 0x80);
        assert_eq!(VersionedTransaction::deserialize(&bytes), Ok(tx.clone()));
        assert_eq!(
            VersionedTransaction::try_new(message.clone(), &[&payer]),
            Err(SignerError::NotEnoughSigners { missing: 1, required: 2 })
        );
        let stranger = Keypair::new();
        assert_eq!(
            VersionedTransaction::try_new(message.clone(), &[&payer, &stranger]),
            Err(SignerError::KeypairPubkeyMismatch(stranger.pubkey()))
        );
        assert_eq!(
            VersionedTransaction::try_new(message, &[&payer, &other, &stranger]),
            Err(SignerError::TooManySigners { given: 3, required: 2 })
        );
    }

    #[test]
    fn a_legacy_transaction_keeps_its_bytes() {
        let payer = Keypair::new();
        let tx = Transaction::new_signed_with_payer(
            &[system::transfer(&payer.pubkey(), &Pubkey::new_unique(), 1)],
            Some(&payer.pubkey()),
            &[&payer],
            Hash::default(),
        );
        let versioned = VersionedTransaction::from(tx.clone());
        assert_eq!(versioned.serialize(), tx.serialize());
        assert_eq!(VersionedTransaction::deserialize(&tx.serialize()), Ok(versioned.clone()));
        assert_eq!(versioned.verify(), Ok(()));
        assert_eq!(versioned.into_legacy_transaction(), Some(tx));
    }
}
