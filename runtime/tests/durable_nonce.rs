//! Durable-nonce transactions, with Agave's rules: a transaction may name
//! the nonce stored in a nonce account instead of the current blockhash
//! when its first instruction advances that account and the account's
//! authority signs it. Advancing stores the nonce of the runtime's current
//! blockhash (Agave's bank runs instructions with its last blockhash), so
//! the same transaction cannot run twice; one that fails still advances the
//! nonce and pays its fee, and nothing else it did is kept.

use lamport_runtime::{InstructionError, Runtime, TransactionError};
use lamport_sdk::{
    hash::Hash,
    instruction::Instruction,
    nonce::{DurableNonce, NonceData, NonceState, NonceVersions, STATE_SIZE},
    pubkey::Pubkey,
    signer::Keypair,
    system,
    transaction::Transaction,
};

const SOL: u64 = 1_000_000_000;

struct World {
    runtime: Runtime,
    payer: Keypair,
    authority: Keypair,
    nonce: Pubkey,
}

fn nonce_data(runtime: &Runtime, nonce: &Pubkey) -> NonceData {
    let account = runtime.get_account(nonce).expect("the nonce account exists");
    match NonceVersions::decode(&account.data) {
        Some(NonceVersions::Current(NonceState::Initialized(data))) => data,
        other => panic!("not an initialized nonce account: {other:?}"),
    }
}

/// A runtime with a nonce account (authority `authority`) created under
/// the first blockhash, and the blockhash expired since.
fn world() -> World {
    let mut runtime = Runtime::new();
    let payer = Keypair::new_from_array([1; 32]);
    let authority = Keypair::new_from_array([2; 32]);
    let nonce = Keypair::new_from_array([3; 32]);
    runtime.airdrop(&payer.pubkey(), 10 * SOL).unwrap();
    let lamports = runtime.rent().minimum_balance(STATE_SIZE);
    let create = system::create_nonce_account(&payer.pubkey(), &nonce.pubkey(), &authority.pubkey(), lamports);
    let tx = Transaction::new_signed_with_payer(&create, Some(&payer.pubkey()), &[&payer, &nonce], runtime.latest_blockhash());
    runtime.send_transaction(tx).unwrap();
    let stored = nonce_data(&runtime, &nonce.pubkey());
    assert_eq!(stored.durable_nonce, DurableNonce::from_blockhash(&runtime.latest_blockhash()));
    assert_eq!((stored.authority, stored.lamports_per_signature), (authority.pubkey(), 5_000));
    runtime.expire_blockhash();
    World { runtime, payer, authority, nonce: nonce.pubkey() }
}

impl World {
    fn stored_nonce(&self) -> Hash {
        *nonce_data(&self.runtime, &self.nonce).durable_nonce.as_hash()
    }

    /// `instructions` after advancing the nonce, signed by the payer and
    /// `signers`, naming `blockhash`.
    fn durable(&self, instructions: &[Instruction], signers: &[&Keypair], blockhash: Hash) -> Transaction {
        let mut all = vec![system::advance_nonce_account(&self.nonce, &self.authority.pubkey())];
        all.extend_from_slice(instructions);
        let mut signing = vec![&self.payer];
        signing.extend_from_slice(signers);
        Transaction::new_signed_with_payer(&all, Some(&self.payer.pubkey()), &signing, blockhash)
    }
}

#[test]
fn a_durable_nonce_transaction_runs_once_and_advances_the_nonce() {
    let mut w = world();
    let destination = Pubkey::new_from_array([9; 32]);
    let transfer = system::transfer(&w.payer.pubkey(), &destination, SOL);
    let tx = w.durable(&[transfer], &[&w.authority], w.stored_nonce());
    let meta = w.runtime.send_transaction(tx.clone()).unwrap();
    assert_eq!((meta.fee, meta.compute_units_consumed), (10_000, 300));
    assert_eq!(w.runtime.get_balance(&destination), SOL);
    // The nonce of the current blockhash is stored: the same transaction
    // names a nonce that is no longer there.
    assert_eq!(w.stored_nonce(), *DurableNonce::from_blockhash(&w.runtime.latest_blockhash()).as_hash());
    assert_eq!(w.runtime.send_transaction(tx).unwrap_err().err, TransactionError::BlockhashNotFound);
    // Under the same blockhash, the new nonce cannot advance again.
    let again = w.durable(&[], &[&w.authority], w.stored_nonce());
    assert_eq!(w.runtime.send_transaction(again).unwrap_err().err, TransactionError::BlockhashNotFound);
    w.runtime.expire_blockhash();
    let again = w.durable(&[], &[&w.authority], w.stored_nonce());
    w.runtime.send_transaction(again).unwrap();
    assert_eq!(w.runtime.get_balance(&destination), SOL);
}

#[test]
fn a_failing_durable_nonce_transaction_pays_its_fee_and_advances_the_nonce_only() {
    let mut w = world();
    let destination = Pubkey::new_from_array([9; 32]);
    let before = w.runtime.get_balance(&w.payer.pubkey());
    let nonce_lamports = w.runtime.get_balance(&w.nonce);
    let instructions = [system::transfer(&w.payer.pubkey(), &destination, SOL), system::transfer(&w.payer.pubkey(), &destination, 100 * SOL)];
    let tx = w.durable(&instructions, &[&w.authority], w.stored_nonce());
    let failed = w.runtime.send_transaction(tx.clone()).unwrap_err();
    assert_eq!(failed.err, TransactionError::InstructionError(2, InstructionError::Custom(1)));
    assert_eq!(w.runtime.get_balance(&w.payer.pubkey()), before - 10_000);
    assert_eq!(w.runtime.get_balance(&destination), 0);
    assert_eq!(w.runtime.get_balance(&w.nonce), nonce_lamports);
    let stored = nonce_data(&w.runtime, &w.nonce);
    assert_eq!(stored.durable_nonce, DurableNonce::from_blockhash(&w.runtime.latest_blockhash()));
    assert_eq!(stored.authority, w.authority.pubkey());
    // It cannot be sent again, even in a later block.
    w.runtime.expire_blockhash();
    assert_eq!(w.runtime.send_transaction(tx).unwrap_err().err, TransactionError::BlockhashNotFound);
}

#[test]
fn only_a_well_formed_durable_nonce_transaction_may_name_a_nonce() {
    let mut w = world();
    let nonce = w.stored_nonce();
    let balance = w.runtime.get_balance(&w.payer.pubkey());
    let memo = system::transfer(&w.payer.pubkey(), &Pubkey::new_from_array([9; 32]), SOL);
    let sign = |instructions: &[Instruction], signers: &[&Keypair]| {
        Transaction::new_signed_with_payer(instructions, Some(&w.payer.pubkey()), signers, nonce)
    };
    let advance = system::advance_nonce_account(&w.nonce, &w.authority.pubkey());
    let unsigned_advance = system::advance_nonce_account(&w.nonce, &w.payer.pubkey());
    let rejected = [
        // The authority does not sign.
        sign(&[unsigned_advance, memo.clone()], &[&w.payer]),
        // The advance is not the first instruction.
        sign(&[memo.clone(), advance.clone()], &[&w.payer, &w.authority]),
        // No advance at all.
        sign(&[memo.clone()], &[&w.payer]),
    ];
    for tx in rejected {
        assert_eq!(w.runtime.send_transaction(tx).unwrap_err().err, TransactionError::BlockhashNotFound);
    }
    // Another nonce than the stored one.
    let wrong = w.durable(&[], &[&w.authority], Hash::new_from_array([0xEE; 32]));
    assert_eq!(w.runtime.send_transaction(wrong).unwrap_err().err, TransactionError::BlockhashNotFound);
    // Nothing was charged, nothing advanced.
    assert_eq!(w.runtime.get_balance(&w.payer.pubkey()), balance);
    assert_eq!(w.stored_nonce(), nonce);
    // The well-formed one goes through.
    w.runtime.send_transaction(sign(&[advance, memo], &[&w.payer, &w.authority])).unwrap();
}

#[test]
fn a_nonce_account_can_pay_for_its_own_durable_nonce_transaction() {
    let mut runtime = Runtime::new();
    let owner = Keypair::new_from_array([4; 32]);
    runtime.airdrop(&owner.pubkey(), 10 * SOL).unwrap();
    let key = owner.pubkey();
    let make = [system::allocate(&key, STATE_SIZE as u64), system::initialize_nonce_account(&key, &key)];
    let tx = Transaction::new_signed_with_payer(&make, Some(&key), &[&owner], runtime.latest_blockhash());
    runtime.send_transaction(tx).unwrap();
    runtime.expire_blockhash();
    let before = runtime.get_balance(&key);
    let stored = *nonce_data(&runtime, &key).durable_nonce.as_hash();
    // Its second instruction fails (a nonce account carries data, so it
    // cannot send lamports): the fee and the advanced nonce are both
    // written to the one account.
    let failing = [system::advance_nonce_account(&key, &key), system::transfer(&key, &Pubkey::new_from_array([9; 32]), 1)];
    let tx = Transaction::new_signed_with_payer(&failing, Some(&key), &[&owner], stored);
    let failed = runtime.send_transaction(tx).unwrap_err();
    assert_eq!(failed.err, TransactionError::InstructionError(1, InstructionError::InvalidArgument));
    assert_eq!(runtime.get_balance(&key), before - 5_000);
    assert_eq!(nonce_data(&runtime, &key).durable_nonce, DurableNonce::from_blockhash(&runtime.latest_blockhash()));
    // A nonce account pays only from what exceeds its rent-exempt minimum.
    let minimum = runtime.rent().minimum_balance(STATE_SIZE);
    let advance = [system::advance_nonce_account(&key, &key)];
    for (lamports, expected) in [(minimum + 4_999, Err(TransactionError::InsufficientFundsForFee)), (minimum + 5_000, Ok(()))] {
        let mut account = runtime.get_account(&key).unwrap();
        account.lamports = lamports;
        runtime.set_account(key, account);
        runtime.expire_blockhash();
        let tx = Transaction::new_signed_with_payer(&advance, Some(&key), &[&owner], runtime.latest_blockhash());
        assert_eq!(runtime.send_transaction(tx).map(|_| ()).map_err(|failed| failed.err), expected);
    }
    assert_eq!(runtime.get_balance(&key), minimum);
}
