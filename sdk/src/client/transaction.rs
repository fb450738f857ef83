//! [`Transaction`]: a message and its signatures.
//!
//! Wire format: `short_vec` signature count, that many 64-byte ed25519
//! signatures, then the [`Message`] bytes. Signature `i` is key `i`'s
//! signature of the exact message bytes. At most
//! [`PACKET_DATA_SIZE`] bytes in all.

use std::vec::Vec;

use crate::{
    hash::Hash,
    instruction::Instruction,
    message::{self, Message},
    pubkey::Pubkey,
    short_vec::{self, ShortVecError},
    signature::{Signature, SIGNATURE_BYTES},
    signer::Keypair,
};

pub use crate::client::versioned::VersionedTransaction;

/// Largest serialized transaction: 1280 (IPv6 MTU) − 40 − 8 bytes.
pub const PACKET_DATA_SIZE: usize = 1232;

/// Why signing failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignerError {
    /// A keypair's public key is not one of the message's signers.
    #[error("keypair {0} is not a required signer of this message")]
    KeypairPubkeyMismatch(Pubkey),
    /// Some required signatures are still missing.
    #[error("not enough signers: {missing} of {required} signatures missing")]
    NotEnoughSigners {
        /// Signatures still default.
        missing: usize,
        /// Signatures the message requires.
        required: usize,
    },
    /// More keypairs than the message has signers.
    #[error("too many signers: {given} keypairs for {required} required signatures")]
    TooManySigners {
        /// Keypairs given.
        given: usize,
        /// Signatures the message requires.
        required: usize,
    },
}

/// Why bytes are not a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The signature count is not a valid compact-u16.
    #[error("transaction signature count: {0}")]
    SignatureCount(ShortVecError),
    /// The input ends inside the signatures.
    #[error("transaction ends inside its {0} signatures")]
    TruncatedSignatures(usize),
    /// The message part is malformed.
    #[error(transparent)]
    Message(#[from] message::DecodeError),
}

/// Why a transaction does not verify.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The message breaks a structural rule.
    #[error(transparent)]
    Sanitize(#[from] message::SanitizeError),
    /// The number of signatures differs from what the header requires.
    #[error("transaction has {found} signatures, its message requires {required}")]
    SignatureCount {
        /// Signatures present.
        found: usize,
        /// Signatures required.
        required: usize,
    },
    /// Signature `index` is not its key's signature of the message.
    #[error("signature {index} does not verify for {key}")]
    BadSignature {
        /// Position of the signature.
        index: usize,
        /// The key that should have signed.
        key: Pubkey,
    },
}

/// A signed (or partly signed) legacy transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[must_use = "a transaction does nothing until it is sent"]
pub struct Transaction {
    /// One signature per required signer; the first is the transaction id.
    pub signatures: Vec<Signature>,
    /// What was signed.
    pub message: Message,
}

impl Transaction {
    /// A transaction with all signatures zero, ready for [`sign`](Self::sign).
    pub fn new_unsigned(message: Message) -> Self {
        let n = usize::from(message.header.num_required_signatures);
        Self {
            signatures: std::vec![Signature::default(); n],
            message,
        }
    }

    /// Signs `message` with `keypairs` at `recent_blockhash`.
    ///
    /// # Panics
    ///
    /// If the keypairs are not exactly the message's signers; see
    /// [`try_sign`](Self::try_sign).
    pub fn new(keypairs: &[&Keypair], message: Message, recent_blockhash: Hash) -> Self {
        let mut tx = Self::new_unsigned(message);
        tx.sign(keypairs, recent_blockhash);
        tx
    }

    /// Compiles `instructions` (paid by `payer`) and signs them.
    ///
    /// # Panics
    ///
    /// As [`new`](Self::new).
    pub fn new_signed_with_payer(
        instructions: &[Instruction],
        payer: Option<&Pubkey>,
        keypairs: &[&Keypair],
        recent_blockhash: Hash,
    ) -> Self {
        Self::new(keypairs, Message::new(instructions, payer), recent_blockhash)
    }

    /// Compiles `instructions` (paid by `payer`) without signing.
    pub fn new_with_payer(instructions: &[Instruction], payer: Option<&Pubkey>) -> Self {
        Self::new_unsigned(Message::new(instructions, payer))
    }

    /// Signs with every required signer.
    ///
    /// # Panics
    ///
    /// On a [`SignerError`].
    pub fn sign(&mut self, keypairs: &[&Keypair], recent_blockhash: Hash) {
        if let Err(error) = self.try_sign(keypairs, recent_blockhash) {
            panic!("Transaction::sign failed: {error}");
        }
    }

    /// Signs with `keypairs`, which must complete the required signatures.
    pub fn try_sign(
        &mut self,
        keypairs: &[&Keypair],
        recent_blockhash: Hash,
    ) -> Result<(), SignerError> {
        self.try_partial_sign(keypairs, recent_blockhash)?;
        let required = self.signatures.len();
        let missing = self
            .signatures
            .iter()
            .filter(|s| **s == Signature::default())
            .count();
        match missing {
            0 => Ok(()),
            missing => Err(SignerError::NotEnoughSigners { missing, required }),
        }
    }

    /// Adds the signatures of `keypairs`. A new blockhash resets every
    /// signature first (they signed other bytes).
    pub fn try_partial_sign(
        &mut self,
        keypairs: &[&Keypair],
        recent_blockhash: Hash,
    ) -> Result<(), SignerError> {
        let required = usize::from(self.message.header.num_required_signatures);
        if self.message.recent_blockhash != recent_blockhash {
            self.message.recent_blockhash = recent_blockhash;
            self.signatures.iter_mut().for_each(|s| *s = Signature::default());
        }
        self.signatures.resize(required, Signature::default());
        let mut positions = Vec::with_capacity(keypairs.len());
        for keypair in keypairs {
            let key = keypair.pubkey();
            let index = self
                .message
                .signer_keys()
                .iter()
                .position(|k| *k == key)
                .ok_or(SignerError::KeypairPubkeyMismatch(key))?;
            positions.push(index);
        }
        let bytes = self.message.serialize();
        for (keypair, index) in keypairs.iter().zip(positions) {
            self.signatures[index] = keypair.sign_message(&bytes);
        }
        Ok(())
    }

    /// Whether every required signature is present (not necessarily valid).
    pub fn is_signed(&self) -> bool {
        !self.signatures.is_empty() && self.signatures.iter().all(|s| *s != Signature::default())
    }

    /// The first signature: the transaction's id.
    pub fn signature(&self) -> Option<&Signature> {
        self.signatures.first()
    }

    /// The bytes signers sign.
    pub fn message_data(&self) -> Vec<u8> {
        self.message.serialize()
    }

    /// Checks the message's structure, the signature count, and every
    /// signature.
    pub fn verify(&self) -> Result<(), VerifyError> {
        self.message.sanitize()?;
        let required = usize::from(self.message.header.num_required_signatures);
        if self.signatures.len() != required {
            return Err(VerifyError::SignatureCount {
                found: self.signatures.len(),
                required,
            });
        }
        let bytes = self.message.serialize();
        for (index, (signature, key)) in self
            .signatures
            .iter()
            .zip(&self.message.account_keys)
            .enumerate()
        {
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

    /// Reads a transaction; every byte must belong to it.
    pub fn deserialize(bytes: &[u8]) -> Result<Self, DecodeError> {
        let (signatures, offset) = read_signatures(bytes)?;
        let (message, used) = Message::deserialize_prefix(&bytes[offset..])?;
        let rest = bytes.len() - offset - used;
        if rest != 0 {
            return Err(message::DecodeError::TrailingBytes(rest).into());
        }
        Ok(Self {
            signatures,
            message,
        })
    }
}

/// Reads the signature count and signatures; returns them with the offset
/// of the message.
pub(crate) fn read_signatures(bytes: &[u8]) -> Result<(Vec<Signature>, usize), DecodeError> {
    let (count, offset) = short_vec::decode_len(bytes).map_err(DecodeError::SignatureCount)?;
    let count = usize::from(count);
    let end = offset + count * SIGNATURE_BYTES;
    if bytes.len() < end {
        return Err(DecodeError::TruncatedSignatures(count));
    }
    let signatures = bytes[offset..end]
        .chunks_exact(SIGNATURE_BYTES)
        .map(|chunk| {
            let mut sig = [0u8; SIGNATURE_BYTES];
            sig.copy_from_slice(chunk);
            Signature::from_bytes(sig)
        })
        .collect();
    Ok((signatures, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compute_budget, system};

    #[test]
    fn signed_transfer_round_trips_and_verifies() {
        let payer = Keypair::new_from_array([1; 32]);
        let to = Pubkey::new_from_array([2; 32]);
        let blockhash = Hash::new_from_array([3; 32]);
        let tx = Transaction::new_signed_with_payer(
            &[system::transfer(&payer.pubkey(), &to, 1_000)],
            Some(&payer.pubkey()),
            &[&payer],
            blockhash,
        );
        assert_eq!(tx.verify(), Ok(()));
        let bytes = tx.serialize();
        assert_eq!(bytes[0], 1);
        assert_eq!(bytes[1..65], tx.signatures[0].to_bytes());
        assert_eq!(bytes[65..], tx.message.serialize()[..]);
        assert_eq!(bytes.len(), 1 + 64 + 3 + 1 + 3 * 32 + 32 + 1 + 1 + 1 + 2 + 1 + 12);
        assert_eq!(Transaction::deserialize(&bytes), Ok(tx.clone()));
        // Deterministic ed25519: the same inputs give the same signature.
        let again = Transaction::new_signed_with_payer(
            &[system::transfer(&payer.pubkey(), &to, 1_000)],
            Some(&payer.pubkey()),
            &[&payer],
            blockhash,
        );
        assert_eq!(again.signature(), tx.signature());
    }

    #[test]
    fn tampering_is_detected() {
        let payer = Keypair::new();
        let mut tx = Transaction::new_signed_with_payer(
            &[compute_budget::set_compute_unit_limit(1000)],
            Some(&payer.pubkey()),
            &[&payer],
            Hash::default(),
        );
        tx.message.instructions[0].data[1] ^= 1;
        assert_eq!(
            tx.verify(),
            Err(VerifyError::BadSignature {
                index: 0,
                key: payer.pubkey()
            })
        );
        tx.signatures.clear();
        assert_eq!(
            tx.verify(),
            Err(VerifyError::SignatureCount {
                found: 0,
                required: 1
            })
        );
    }

    #[test]
    fn signer_errors() {
        let payer = Keypair::new();
        let other = Keypair::new();
        let new_account = Keypair::new();
        let ix = system::create_account(&payer.pubkey(), &new_account.pubkey(), 1, 0, &Pubkey::default());
        let mut tx = Transaction::new_with_payer(&[ix], Some(&payer.pubkey()));
        assert_eq!(
            tx.try_sign(&[&payer], Hash::default()),
            Err(SignerError::NotEnoughSigners {
                missing: 1,
                required: 2
            })
        );
        assert_eq!(
            tx.try_partial_sign(&[&other], Hash::default()),
            Err(SignerError::KeypairPubkeyMismatch(other.pubkey()))
        );
        assert!(!tx.is_signed());
        tx.try_sign(&[&new_account], Hash::default()).unwrap();
        assert!(tx.is_signed());
        assert_eq!(tx.verify(), Ok(()));
        // A new blockhash invalidates earlier signatures.
        assert!(tx.try_sign(&[&payer], Hash::new_from_array([1; 32])).is_err());
    }

    #[test]
    fn decode_errors() {
        assert!(matches!(Transaction::deserialize(&[]), Err(DecodeError::SignatureCount(_))));
        assert_eq!(Transaction::deserialize(&[2, 0, 0]), Err(DecodeError::TruncatedSignatures(2)));
        let payer = Keypair::new();
        let tx = Transaction::new_signed_with_payer(
            &[system::transfer(&payer.pubkey(), &Pubkey::new_unique(), 1)],
            Some(&payer.pubkey()),
            &[&payer],
            Hash::default(),
        );
        let mut bytes = tx.serialize();
        bytes.push(7);
        assert_eq!(
            Transaction::deserialize(&bytes),
            Err(DecodeError::Message(message::DecodeError::TrailingBytes(1)))
        );
    }
}
