//! Malformed ELFs, malformed transactions and misbehaving inputs get named
//! errors, and every transaction keeps the transaction invariants
//! (`common::Invariants`): lamports conserved but for the fee, the fee
//! charged once when processed and never when rejected, nothing but the fee
//! written by a failed transaction.

mod common;

use common::*;
use lamport_runtime::{Runtime, TransactionError};
use lamport_sdk::{
    hash::Hash,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signature::Signature,
    signer::Keypair,
    system,
    transaction::Transaction,
};
use proptest::prelude::*;
use rand::{rngs::StdRng, Rng, SeedableRng};

#[test]
fn truncated_and_garbage_elfs_are_rejected_or_run_safely() {
    let mut rng = StdRng::seed_from_u64(7);
    let mut runtime = Runtime::new();
    let payer = funded_payer(&mut runtime);
    let mut candidates: Vec<Vec<u8>> = vec![Vec::new(), vec![0x7f, b'E', b'L', b'F'], vec![0; 64]];
    for name in ["spl_memo-4.0.0.so", "spl_memo-1.0.0.so", "spl_token-3.5.0.so"] {
        let elf = fixture(name);
        for cut in [1, 16, 63, 64, 100, elf.len() / 2, elf.len() - 1] {
            candidates.push(elf[..cut].to_vec());
        }
        for _ in 0..40 {
            let mut mutated = elf.clone();
            for _ in 0..rng.gen_range(1..8) {
                let at = rng.gen_range(0..mutated.len());
                mutated[at] = rng.gen();
            }
            candidates.push(mutated);
        }
    }
    candidates.push((0..4096).map(|_| rng.gen()).collect());
    let mut rejected = 0;
    for elf in &candidates {
        let program_id = Pubkey::new_unique();
        match runtime.add_program(program_id, elf) {
            Err(err) => {
                assert!(!err.to_string().is_empty());
                rejected += 1;
            }
            Ok(()) => {
                let ix = Instruction { program_id, accounts: vec![AccountMeta::new(payer.pubkey(), true)], data: b"hi".to_vec() };
                let tx = transaction(&runtime, &[ix], &payer, &[]);
                // Whatever the program does, the runtime returns a result
                // and keeps the transaction invariants.
                let invariants = Invariants::before(&runtime, &tx);
                let result = runtime.send_transaction(tx);
                invariants.check(&runtime, &result);
            }
        }
    }
    assert!(rejected >= 10, "only {rejected} of {} rejected", candidates.len());
    assert!(Runtime::new().add_program(Pubkey::new_unique(), &[]).is_err());
}

fn valid_tx(runtime: &Runtime, payer: &Keypair) -> Transaction {
    Transaction::new_signed_with_payer(
        &[system::transfer(&payer.pubkey(), &Pubkey::new_unique(), 1_000_000)],
        Some(&payer.pubkey()),
        &[payer],
        runtime.latest_blockhash(),
    )
}

#[test]
fn malformed_transactions_are_rejected_with_named_errors() {
    let mut runtime = Runtime::new();
    let payer = funded_payer(&mut runtime);
    let before = runtime.get_balance(&payer.pubkey());
    // Every rejection leaves every account alone and reports no compute units.
    let send = |runtime: &mut Runtime, tx: Transaction| {
        let invariants = Invariants::before(runtime, &tx);
        let result = runtime.send_transaction(tx);
        assert_eq!(invariants.check(runtime, &result), 0, "{result:?}");
        result
    };

    let mut tx = valid_tx(&runtime, &payer);
    tx.message.instructions[0].program_id_index = 9;
    assert_eq!(send(&mut runtime, tx).unwrap_err().err, TransactionError::SanitizeFailure);

    let mut tx = valid_tx(&runtime, &payer);
    tx.message.instructions[0].accounts.push(200);
    assert_eq!(send(&mut runtime, tx).unwrap_err().err, TransactionError::SanitizeFailure);

    let mut tx = valid_tx(&runtime, &payer);
    tx.message.header.num_readonly_signed_accounts = 1;
    assert_eq!(send(&mut runtime, tx).unwrap_err().err, TransactionError::SanitizeFailure);

    let mut tx = valid_tx(&runtime, &payer);
    tx.signatures.push(Signature::default());
    assert_eq!(send(&mut runtime, tx).unwrap_err().err, TransactionError::SanitizeFailure);

    let mut tx = valid_tx(&runtime, &payer);
    let dup = tx.message.account_keys[1];
    tx.message.account_keys.push(dup);
    assert_eq!(send(&mut runtime, tx).unwrap_err().err, TransactionError::AccountLoadedTwice);

    let mut tx = valid_tx(&runtime, &payer);
    tx.message.instructions[0].data = vec![0; 1300];
    assert_eq!(send(&mut runtime, tx).unwrap_err().err, TransactionError::SanitizeFailure);

    let mut tx = valid_tx(&runtime, &payer);
    tx.signatures[0] = Signature::default();
    assert_eq!(send(&mut runtime, tx).unwrap_err().err, TransactionError::SignatureFailure);

    let mut tx = valid_tx(&runtime, &payer);
    tx.message.recent_blockhash = Hash::new_unique();
    assert_eq!(send(&mut runtime, tx).unwrap_err().err, TransactionError::SignatureFailure);

    let stranger = Keypair::new();
    let tx = valid_tx(&runtime, &stranger);
    assert_eq!(send(&mut runtime, tx).unwrap_err().err, TransactionError::AccountNotFound);

    assert_eq!(runtime.get_balance(&payer.pubkey()), before, "nothing rejected pays a fee");
}

#[test]
fn blockhash_and_replay_checks() {
    let mut runtime = Runtime::new();
    let payer = funded_payer(&mut runtime);
    let tx = valid_tx(&runtime, &payer);
    runtime.send_transaction(tx.clone()).unwrap();
    assert_eq!(runtime.send_transaction(tx).unwrap_err().err, TransactionError::AlreadyProcessed);
    let stale = valid_tx(&runtime, &payer);
    runtime.expire_blockhash();
    assert_eq!(runtime.send_transaction(stale.clone()).unwrap_err().err, TransactionError::BlockhashNotFound);
    let mut lenient = Runtime::new().with_blockhash_check(false).with_sigverify(false);
    lenient.airdrop(&payer.pubkey(), 10_000_000_000).unwrap();
    let mut unsigned = stale;
    unsigned.signatures[0] = Signature::default();
    assert!(lenient.send_transaction(unsigned).is_ok());
}

/// A random instruction: a program (system, the memos, SPL Token, a
/// missing program), up to four fresh accounts besides the payer, random
/// data; sometimes a random message header.
#[derive(Debug, Clone)]
struct RandomTx {
    program: usize,
    accounts: usize,
    data: Vec<u8>,
    header: Option<(u8, u8, u8)>,
}

fn random_tx() -> impl Strategy<Value = RandomTx> {
    (
        0..5usize,
        0..5usize,
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..80),
            // System instructions: a tag, then an amount or a length.
            (0..13u32, any::<u64>()).prop_map(|(tag, n)| [tag.to_le_bytes().as_slice(), &n.to_le_bytes()].concat()),
        ],
        prop::option::weighted(0.3, any::<(u8, u8, u8)>()),
    )
        .prop_map(|(program, accounts, data, header)| RandomTx { program, accounts, data, header })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever a transaction holds, it keeps the transaction invariants
    /// ([`Invariants`]): processed, it pays exactly 5,000 lamports per
    /// signature, once; rejected, it pays and changes nothing.
    #[test]
    fn random_transactions_keep_the_invariants(txs in prop::collection::vec(random_tx(), 1..12)) {
        let mut runtime = runtime_with_fixtures(false).with_sigverify(false).with_blockhash_check(false);
        let payer = Keypair::new_from_array([3; 32]);
        runtime.airdrop(&payer.pubkey(), 10_000_000_000).unwrap();
        let programs = [system::ID, MEMO_V4, MEMO_V1, TOKEN, Pubkey::new_from_array([0xEE; 32])];
        for (i, spec) in txs.iter().enumerate() {
            let mut metas: Vec<AccountMeta> =
                (0..spec.accounts).map(|k| AccountMeta::new(Pubkey::new_from_array([(i * 8 + k) as u8 + 1; 32]), false)).collect();
            metas.push(AccountMeta::new(payer.pubkey(), true));
            let ix = Instruction { program_id: programs[spec.program], accounts: metas, data: spec.data.clone() };
            let mut tx = transaction(&runtime, &[ix], &payer, &[]);
            if let Some((signatures, readonly_signed, readonly_unsigned)) = spec.header {
                let header = &mut tx.message.header;
                header.num_required_signatures = signatures;
                header.num_readonly_signed_accounts = readonly_signed;
                header.num_readonly_unsigned_accounts = readonly_unsigned;
            }
            let count = runtime.account_count();
            let invariants = Invariants::before(&runtime, &tx);
            let result = runtime.send_transaction(tx.clone());
            let charged = invariants.check(&runtime, &result);
            if charged > 0 {
                prop_assert_eq!(charged, 5_000 * tx.signatures.len() as u64, "{:?}", result);
            } else {
                prop_assert!(result.is_err());
            }
            if result.is_err() {
                prop_assert_eq!(runtime.account_count(), count, "a failed transaction creates no account");
            }
        }
    }
}
