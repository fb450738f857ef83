//! `wire_transaction`: any bytes as a transaction on the wire.
//!
//! For every wire format in [`run`] (the legacy [`Transaction`] and the
//! [`VersionedTransaction`], legacy or version 0):
//! bytes that decode re-encode to exactly themselves (the decoder accepts
//! only canonical encodings) and decode again to the same value; bytes that
//! do not decode get a typed error with a message. A decoded transaction is
//! sanitized and sent to a runtime that holds the fixture programs and
//! funded fee payers, once with signature and blockhash checks (where a
//! forged transaction must fail without charging anything) and once without
//! them (so the fuzzer reaches execution). A transaction that fails
//! sanitization fails `send_transaction` with the same error and charges
//! nothing; every transaction conserves lamports: the accounts it names
//! lose exactly the fee it charged.

use std::fmt::Debug;

use lamport_runtime::{Runtime, TransactionError, TransactionResult};
use lamport_sdk::{
    account::Account,
    pubkey::Pubkey,
    signer::Keypair,
    token,
    transaction::{Transaction, VersionedTransaction},
};

use crate::programs;

/// Fee payers the runtime funds: the keypairs from seeds `[1; 32]` to
/// `[PAYERS; 32]` (the seed corpus signs with them).
pub const PAYERS: u8 = 4;
/// Lamports of each funded fee payer.
const PAYER_LAMPORTS: u64 = 10_000_000_000;

/// A transaction wire format: how bytes decode, re-encode, sanitize and are
/// sent. Adding a format is an `impl` and a line in [`run`].
pub trait WireFormat: Sized + Clone + Debug + PartialEq {
    /// Why bytes do not decode.
    type DecodeError: std::error::Error + PartialEq;
    /// Decodes the whole of `bytes`.
    fn decode(bytes: &[u8]) -> Result<Self, Self::DecodeError>;
    /// The wire bytes.
    fn encode(&self) -> Vec<u8>;
    /// The runtime's structural checks, alone.
    fn sanitize(&self) -> Result<(), TransactionError>;
    /// The account keys the transaction names (statically).
    fn account_keys(&self) -> Vec<Pubkey>;
    /// Sends the transaction.
    fn send(self, runtime: &mut Runtime) -> TransactionResult;
}

impl WireFormat for Transaction {
    type DecodeError = lamport_sdk::transaction::DecodeError;

    fn decode(bytes: &[u8]) -> Result<Self, Self::DecodeError> {
        Transaction::deserialize(bytes)
    }

    fn encode(&self) -> Vec<u8> {
        self.serialize()
    }

    fn sanitize(&self) -> Result<(), TransactionError> {
        lamport_runtime::sanitize::sanitize(self.clone().into()).map(drop)
    }

    fn account_keys(&self) -> Vec<Pubkey> {
        self.message.account_keys.clone()
    }

    fn send(self, runtime: &mut Runtime) -> TransactionResult {
        runtime.send_transaction(self)
    }
}

impl WireFormat for VersionedTransaction {
    type DecodeError = lamport_sdk::transaction::DecodeError;

    fn decode(bytes: &[u8]) -> Result<Self, Self::DecodeError> {
        VersionedTransaction::deserialize(bytes)
    }

    fn encode(&self) -> Vec<u8> {
        self.serialize()
    }

    fn sanitize(&self) -> Result<(), TransactionError> {
        lamport_runtime::sanitize::sanitize(self.clone()).map(drop)
    }

    /// The static keys: the fuzzing runtime holds no lookup table, so a
    /// transaction with lookups is rejected before it is charged.
    fn account_keys(&self) -> Vec<Pubkey> {
        self.message.static_account_keys().to_vec()
    }

    fn send(self, runtime: &mut Runtime) -> TransactionResult {
        runtime.send_transaction(self)
    }
}

/// Runs one input through every wire format.
pub fn run(data: &[u8]) {
    check::<Transaction>(data);
    check::<VersionedTransaction>(data);
}

/// A runtime with the fixture programs, funded fee payers, and a token
/// mint and two token accounts of payer 1.
pub fn runtime(checks: bool) -> Runtime {
    let mut runtime = Runtime::new().with_jit(false).with_sigverify(checks).with_blockhash_check(checks);
    programs::add_fixtures(&mut runtime);
    for seed in 1..=PAYERS {
        runtime.airdrop(&payer(seed).pubkey(), PAYER_LAMPORTS).expect("a fresh account takes an airdrop");
    }
    let owner = payer(1).pubkey();
    let mut mint = vec![0u8; token::MINT_LEN];
    mint[..4].copy_from_slice(&1u32.to_le_bytes());
    mint[4..36].copy_from_slice(owner.as_ref());
    mint[36..44].copy_from_slice(&1_000u64.to_le_bytes());
    mint[45] = 1;
    let lamports = runtime.minimum_balance_for_rent_exemption(token::MINT_LEN);
    runtime.set_account(MINT, Account { lamports, data: mint, owner: token::ID, executable: false, rent_epoch: 0 });
    for (address, amount) in [(TOKEN_SOURCE, 1_000u64), (TOKEN_DESTINATION, 0)] {
        let data = token::account_data(&MINT, &owner, amount).to_vec();
        let lamports = runtime.minimum_balance_for_rent_exemption(token::ACCOUNT_LEN);
        runtime.set_account(address, Account { lamports, data, owner: token::ID, executable: false, rent_epoch: 0 });
    }
    runtime
}

/// The token mint of [`runtime`].
pub const MINT: Pubkey = Pubkey::new_from_array([0x51; 32]);
/// A token account of payer 1 holding 1,000 tokens.
pub const TOKEN_SOURCE: Pubkey = Pubkey::new_from_array([0x52; 32]);
/// An empty token account of payer 1.
pub const TOKEN_DESTINATION: Pubkey = Pubkey::new_from_array([0x53; 32]);

/// Funded fee payer `seed` (1 to [`PAYERS`]).
pub fn payer(seed: u8) -> Keypair {
    Keypair::new_from_array([seed; 32])
}

fn check<T: WireFormat>(data: &[u8]) {
    let tx = match T::decode(data) {
        Ok(tx) => tx,
        Err(err) => {
            assert!(!err.to_string().is_empty(), "a decode error without a message: {err:?}");
            return;
        }
    };
    let encoded = tx.encode();
    assert_eq!(encoded, data, "re-encoding a decoded transaction changed its bytes: {tx:?}");
    assert_eq!(T::decode(&encoded).as_ref(), Ok(&tx), "the re-encoded bytes decode differently");
    let sanitized = tx.sanitize();
    for checks in [true, false] {
        let mut runtime = runtime(checks);
        let keys = tx.account_keys();
        let before: u128 = keys.iter().map(|key| u128::from(runtime.get_balance(key))).sum();
        let result = tx.clone().send(&mut runtime);
        let after: u128 = keys.iter().map(|key| u128::from(runtime.get_balance(key))).sum();
        let (meta, err) = match &result {
            Ok(meta) => (meta, None),
            Err(failed) => {
                assert!(!failed.to_string().is_empty(), "a failed transaction without a message");
                (&failed.meta, Some(&failed.err))
            }
        };
        if let Err(sanitize_err) = &sanitized {
            assert_eq!(err, Some(sanitize_err), "sanitize and send_transaction disagree");
            assert_eq!(before, after, "a transaction that fails sanitization changed balances");
            continue;
        }
        if checks {
            // The fuzzer cannot sign: only the seeds' own signatures verify.
            if let Some(err) = err {
                if matches!(err, TransactionError::SignatureFailure | TransactionError::BlockhashNotFound) {
                    assert_eq!(before, after, "a rejected transaction ({err}) changed balances");
                    continue;
                }
            }
        }
        let charged = before.checked_sub(after).unwrap_or_else(|| panic!("lamports created: {before} → {after}, {result:?}"));
        assert!(
            charged == u128::from(meta.fee) || (charged == 0 && err.is_some()),
            "the named accounts lost {charged} lamports, the fee is {}: {result:?}",
            meta.fee
        );
    }
}

#[cfg(test)]
mod tests {
    use lamport_sdk::system;

    use super::*;

    #[test]
    fn a_signed_transfer_round_trips_and_runs_with_every_check() {
        let payer = payer(1);
        let to = Pubkey::new_from_array([9; 32]);
        let mut runtime = runtime(true);
        let tx = Transaction::new_signed_with_payer(
            &[system::transfer(&payer.pubkey(), &to, 1_000_000)],
            Some(&payer.pubkey()),
            &[&payer],
            runtime.latest_blockhash(),
        );
        let bytes = tx.serialize();
        check::<Transaction>(&bytes);
        let meta = runtime.send_transaction(tx).expect("the transfer succeeds");
        assert_eq!(meta.fee, 5_000);
        assert_eq!(runtime.get_balance(&to), 1_000_000);
        // A forged signature fails verification and charges nothing.
        let mut forged = bytes.clone();
        forged[1] ^= 1;
        check::<Transaction>(&forged);
        let err = super::runtime(true).send_transaction(Transaction::deserialize(&forged).unwrap()).unwrap_err();
        assert_eq!(err.err, TransactionError::SignatureFailure);
    }

    #[test]
    fn a_signed_v0_transfer_round_trips_and_runs() {
        let payer = payer(2);
        let to = Pubkey::new_from_array([8; 32]);
        let runtime = runtime(true);
        let message = lamport_sdk::message::v0::Message::try_compile(
            &payer.pubkey(),
            &[system::transfer(&payer.pubkey(), &to, 1_000_000)],
            &[],
            runtime.latest_blockhash(),
        )
        .expect("the message compiles");
        let tx = VersionedTransaction::try_new(lamport_sdk::message::VersionedMessage::V0(message), &[&payer])
            .expect("the payer signs");
        let bytes = tx.serialize();
        // Version 0 bytes are not a legacy transaction.
        assert!(Transaction::deserialize(&bytes).is_err());
        check::<VersionedTransaction>(&bytes);
        let meta = super::runtime(true).send_transaction(tx).expect("the transfer succeeds");
        assert_eq!(meta.fee, 5_000);
    }

    #[test]
    fn a_non_canonical_length_does_not_decode() {
        // One signature, its count written in two bytes (0x81 0x00).
        let mut bytes = vec![0x81, 0x00];
        bytes.extend_from_slice(&[0; 64]);
        assert!(Transaction::deserialize(&bytes).is_err());
        check::<Transaction>(&bytes);
    }
}
