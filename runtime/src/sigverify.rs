//! Ed25519 signature verification: signature `i` signs the message bytes
//! with the key of account `i`. Batches are verified together (faster);
//! a failing batch is re-checked one transaction at a time.

use ed25519_dalek::{Signature, VerifyingKey};

use crate::{error::TransactionError, sanitize::SanitizedTransaction};

fn parts(tx: &SanitizedTransaction) -> Result<Vec<(VerifyingKey, Signature)>, TransactionError> {
    tx.transaction
        .signatures
        .iter()
        .zip(tx.keys())
        .map(|(signature, key)| {
            let key = VerifyingKey::from_bytes(key.as_array()).map_err(|_| TransactionError::SignatureFailure)?;
            let bytes: &[u8] = signature.as_ref();
            let signature = Signature::from_slice(bytes).map_err(|_| TransactionError::SignatureFailure)?;
            Ok((key, signature))
        })
        .collect()
}

/// Verifies every signature of one transaction.
pub fn verify(tx: &SanitizedTransaction) -> Result<(), TransactionError> {
    for (key, signature) in parts(tx)? {
        key.verify_strict(&tx.message_bytes, &signature).map_err(|_| TransactionError::SignatureFailure)?;
    }
    Ok(())
}

/// Verifies many transactions; the result for each, in order.
pub fn verify_batch(txs: &[&SanitizedTransaction]) -> Vec<Result<(), TransactionError>> {
    let mut messages: Vec<&[u8]> = Vec::new();
    let mut signatures = Vec::new();
    let mut keys = Vec::new();
    let mut all_parsed = true;
    for tx in txs {
        match parts(tx) {
            Ok(parts) => {
                for (key, signature) in parts {
                    messages.push(&tx.message_bytes);
                    signatures.push(signature);
                    keys.push(key);
                }
            }
            Err(_) => all_parsed = false,
        }
    }
    if all_parsed && !signatures.is_empty() && ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok() {
        // A batch that verifies also verifies strictly unless a key is weak.
        if keys.iter().all(|key| !key.is_weak()) {
            return txs.iter().map(|_| Ok(())).collect();
        }
    }
    txs.iter().map(|tx| verify(tx)).collect()
}
