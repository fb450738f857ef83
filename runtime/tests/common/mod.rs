//! Shared helpers for the integration tests: fixture programs, SPL Token
//! account layouts, and Mollusk-style checks.
#![allow(dead_code)]

pub mod programs;

use lamport_runtime::{InstructionError, LoaderKind, Runtime, TransactionError, TransactionMeta, TransactionResult};
use lamport_sdk::{
    account::Account,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signer::Keypair,
    transaction::Transaction,
};

/// Path of a fixture ELF in `tests/fixtures/`.
pub fn fixture_path(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Bytes of a fixture ELF.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap_or_else(|err| panic!("reading fixture {name}: {err}"))
}

pub const MEMO_V4: Pubkey = Pubkey::from_str_const("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");
pub const MEMO_V1: Pubkey = Pubkey::from_str_const("Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo");
pub const TOKEN: Pubkey = Pubkey::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
pub const RENT_SYSVAR: Pubkey = Pubkey::from_str_const("SysvarRent111111111111111111111111111111111");

/// A runtime with the three fixture programs, loaded as LiteSVM loads them.
pub fn runtime_with_fixtures(jit: bool) -> Runtime {
    runtime_with_fixtures_and_features(jit, lamport_runtime::FeatureSet::default())
}

/// [`runtime_with_fixtures`] under the rules of `features`.
#[allow(dead_code)]
pub fn runtime_with_fixtures_and_features(jit: bool, features: lamport_runtime::FeatureSet) -> Runtime {
    let mut runtime = Runtime::new().with_jit(jit).with_feature_set(features);
    runtime
        .add_program_with_loader(MEMO_V4, &fixture("spl_memo-4.0.0.so"), LoaderKind::V2)
        .expect("memo 4 loads");
    runtime
        .add_program_with_loader(MEMO_V1, &fixture("spl_memo-1.0.0.so"), LoaderKind::Deprecated)
        .expect("memo 1 loads");
    runtime.add_program_with_loader(TOKEN, &fixture("spl_token-3.5.0.so"), LoaderKind::V2).expect("token loads");
    runtime
}

/// A funded fee payer.
pub fn funded_payer(runtime: &mut Runtime) -> Keypair {
    let payer = Keypair::new();
    runtime.airdrop(&payer.pubkey(), 10_000_000_000).unwrap();
    payer
}

/// Signs `instructions` with `payer` (and `signers`) against the latest blockhash.
pub fn transaction(runtime: &Runtime, instructions: &[Instruction], payer: &Keypair, signers: &[&Keypair]) -> Transaction {
    let mut all: Vec<&Keypair> = vec![payer];
    all.extend_from_slice(signers);
    Transaction::new_signed_with_payer(instructions, Some(&payer.pubkey()), &all, runtime.latest_blockhash())
}

pub fn memo(program_id: Pubkey, data: &[u8]) -> Instruction {
    Instruction { program_id, accounts: vec![], data: data.to_vec() }
}

/// SPL Token `InitializeMint` (tag 0): decimals, mint authority, no freeze authority.
pub fn initialize_mint(mint: &Pubkey, authority: &Pubkey, decimals: u8) -> Instruction {
    let mut data = vec![0, decimals];
    data.extend_from_slice(authority.as_ref());
    data.push(0);
    Instruction {
        program_id: TOKEN,
        accounts: vec![AccountMeta::new(*mint, false), AccountMeta::new_readonly(RENT_SYSVAR, false)],
        data,
    }
}

/// SPL Token `Transfer` (tag 3).
pub fn token_transfer(source: &Pubkey, destination: &Pubkey, owner: &Pubkey, amount: u64) -> Instruction {
    let mut data = vec![3];
    data.extend_from_slice(&amount.to_le_bytes());
    Instruction {
        program_id: TOKEN,
        accounts: vec![
            AccountMeta::new(*source, false),
            AccountMeta::new(*destination, false),
            AccountMeta::new_readonly(*owner, true),
        ],
        data,
    }
}

/// An uninitialized, rent-exempt mint account (82 zero bytes) owned by the token program.
pub fn empty_mint(runtime: &Runtime) -> Account {
    Account {
        lamports: runtime.minimum_balance_for_rent_exemption(82),
        data: vec![0; 82],
        owner: TOKEN,
        executable: false,
        rent_epoch: 0,
    }
}

/// An initialized SPL Token account (165 bytes) holding `amount` of `mint`.
pub fn token_account(runtime: &Runtime, mint: &Pubkey, owner: &Pubkey, amount: u64) -> Account {
    let data = lamport_sdk::token::account_data(mint, owner, amount).to_vec();
    Account {
        lamports: runtime.minimum_balance_for_rent_exemption(data.len()),
        data,
        owner: TOKEN,
        executable: false,
        rent_epoch: 0,
    }
}

/// The `amount` field of a token account.
pub fn token_amount(account: &Account) -> u64 {
    u64::from_le_bytes(account.data[64..72].try_into().unwrap())
}

/// Mollusk-style expectations on a transaction result.
pub struct Check;

impl Check {
    pub fn success(result: &TransactionResult) -> &TransactionMeta {
        match result {
            Ok(meta) => meta,
            Err(failed) => panic!("expected success, got {failed}"),
        }
    }

    pub fn compute_units(result: &TransactionResult, expected: u64) {
        let meta = match result {
            Ok(meta) => meta,
            Err(failed) => &failed.meta,
        };
        assert_eq!(meta.compute_units_consumed, expected, "logs: {:#?}", meta.logs);
    }
}

impl Check {
    /// The transaction failed with `expected`; returns what it recorded.
    pub fn failure(result: &TransactionResult, expected: TransactionError) -> &TransactionMeta {
        match result {
            Ok(meta) => panic!("expected {expected:?}, got success; logs: {:#?}", meta.logs),
            Err(failed) => {
                assert_eq!(failed.err, expected, "logs: {:#?}", failed.meta.logs);
                &failed.meta
            }
        }
    }

    /// The transaction failed in instruction `index` with `error`.
    pub fn instruction_failure(result: &TransactionResult, index: u8, error: InstructionError) -> &TransactionMeta {
        Self::failure(result, TransactionError::InstructionError(index, error))
    }

    /// `meta.logs` contains `line`.
    pub fn logged(meta: &TransactionMeta, line: &str) {
        assert!(meta.logs.iter().any(|l| l == line), "no log line {line:?} in {:#?}", meta.logs);
    }
}

/// The accounts at some addresses, to compare after a transaction.
pub struct Snapshot {
    accounts: Vec<(Pubkey, Option<Account>)>,
}

impl Snapshot {
    /// Records the accounts at `addresses` now.
    pub fn take(runtime: &Runtime, addresses: &[Pubkey]) -> Self {
        Self { accounts: addresses.iter().map(|a| (*a, runtime.get_account(a))).collect() }
    }

    /// Every recorded account is as it was, except that `payer` paid `fee`.
    pub fn assert_unchanged_but_fee(&self, runtime: &Runtime, payer: &Pubkey, fee: u64) {
        for (address, before) in &self.accounts {
            let mut expected = before.clone();
            if address == payer {
                let account = expected.as_mut().expect("the payer exists");
                account.lamports -= fee;
            }
            assert_eq!(runtime.get_account(address), expected, "account {address} changed");
        }
    }
}

/// The transaction-level invariants of one sent transaction, checked on
/// every account its message names (the fee payer first):
///
/// - a successful transaction conserves lamports but for its fee, which
///   leaves the accounts exactly once;
/// - a failed transaction changes nothing but the fee payer's balance;
///   if it executed (it has logs) the balance drops by exactly the fee it
///   reports, if it was rejected before executing (no logs, no compute
///   units) nothing changes at all.
pub struct Invariants {
    keys: Vec<Pubkey>,
    before: Vec<Option<Account>>,
}

fn lamports(accounts: &[Option<Account>]) -> u128 {
    accounts.iter().map(|a| a.as_ref().map_or(0, |a| u128::from(a.lamports))).sum()
}

impl Invariants {
    /// Records the accounts `tx` names, before it is sent.
    pub fn before(runtime: &Runtime, tx: &Transaction) -> Self {
        let keys = tx.message.account_keys.clone();
        let before = keys.iter().map(|key| runtime.get_account(key)).collect();
        Self { keys, before }
    }

    /// Checks `result` against the accounts now; returns the fee charged.
    pub fn check(&self, runtime: &Runtime, result: &TransactionResult) -> u64 {
        let after: Vec<Option<Account>> = self.keys.iter().map(|key| runtime.get_account(key)).collect();
        match result {
            Ok(meta) => {
                assert!(meta.fee >= 5_000, "a processed transaction pays at least one signature: {}", meta.fee);
                assert_eq!(lamports(&self.before) - lamports(&after), u128::from(meta.fee), "lamports conserved but for the fee");
                meta.fee
            }
            Err(failed) => {
                for (index, (before, after)) in self.before.iter().zip(&after).enumerate().skip(1) {
                    if self.keys[index] != self.keys[0] {
                        assert_eq!(before, after, "{} changed by a failed transaction: {failed}", self.keys[index]);
                    }
                }
                let executed = !failed.meta.logs.is_empty();
                let paid = lamports(&self.before[..1]) - lamports(&after[..1]);
                let (mut payer_before, mut payer_after) = (self.before[0].clone(), after[0].clone());
                if let (Some(before), Some(after)) = (&mut payer_before, &mut payer_after) {
                    before.lamports = 0;
                    after.lamports = 0;
                    // Loading a writable rent-exempt account sets its rent epoch to u64::MAX.
                    after.rent_epoch = before.rent_epoch;
                }
                if executed {
                    assert_eq!(paid, u128::from(failed.meta.fee), "an executed, failed transaction pays exactly its fee: {failed}");
                    assert!(failed.meta.fee >= 5_000, "{failed}");
                    if payer_after.is_some() {
                        assert_eq!(payer_before, payer_after, "the fee is the payer's only change");
                    }
                    failed.meta.fee
                } else {
                    assert_eq!(paid, 0, "a rejected transaction pays no fee: {failed}");
                    assert_eq!(failed.meta.compute_units_consumed, 0, "a rejected transaction executes nothing: {failed}");
                    assert_eq!(payer_before, payer_after, "a rejected transaction leaves the payer alone");
                    0
                }
            }
        }
    }
}
