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
    let mut data = vec![0u8; 165];
    data[..32].copy_from_slice(mint.as_ref());
    data[32..64].copy_from_slice(owner.as_ref());
    data[64..72].copy_from_slice(&amount.to_le_bytes());
    data[108] = 1; // AccountState::Initialized
    Account {
        lamports: runtime.minimum_balance_for_rent_exemption(165),
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
