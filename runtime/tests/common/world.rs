//! A runtime with many programs and users, and transactions over them for
//! property tests: system transfers, SPL Token transfers (fixture), memos
//! (fixture), the `counter` example (a PDA created through a CPI to the
//! system program), the `cpi-caller` → `cpi-callee` examples (return data),
//! and the `invoker` test program (CPI chains: depth and reentrancy, PDA
//! creation), each optionally with a compute-unit limit and price.
//!
//! Two worlds built with the same arguments hold the same accounts, so one
//! can run transactions one by one and the other in a batch.
//!
//! A module of its own (not in `common`, which other crates' tests include
//! too), for the test binaries that declare `mod common;` beside it.

use lamport_runtime::Runtime;
use lamport_sdk::{
    account::Account,
    compute_budget,
    instruction::{AccountMeta, Instruction},
    pubkey::Pubkey,
    signature::Signature,
    signer::Keypair,
    system,
    transaction::Transaction,
};
use proptest::prelude::*;

use crate::common::{programs::test_program, runtime_with_fixtures, token_account, token_transfer, MEMO_V4, TOKEN};

/// Users in a world; each pays for its own transactions.
pub const USERS: usize = 12;
/// Lamports each user starts with.
pub const USER_LAMPORTS: u64 = 20_000_000;

/// The `invoker` test program, under two ids.
pub const INVOKER_A: Pubkey = Pubkey::new_from_array([0xA1; 32]);
pub const INVOKER_B: Pubkey = Pubkey::new_from_array([0xB2; 32]);
const INVOKER_CREATE_PDA: u8 = 0;
const INVOKER_CHAIN: u8 = 1;

/// The `counter` example's instruction tags and PDA seed
/// (`examples/counter/src/lib.rs`).
const COUNTER_INITIALIZE: u8 = 0;
const COUNTER_INCREMENT: u8 = 1;
const COUNTER_SEED: &[u8] = b"counter";

/// A runtime, its users and every address a transaction of [`TxSpec`] can touch.
pub struct World {
    pub runtime: Runtime,
    pub users: Vec<Keypair>,
    pub token_accounts: Vec<Pubkey>,
    pub counter: Pubkey,
    pub counters: Vec<(Pubkey, u8)>,
    pub caller: Pubkey,
    pub callee: Pubkey,
    pub pdas: Vec<(Pubkey, u8)>,
    /// Every account of the world: users, token accounts, counters, PDAs,
    /// the mint and the programs.
    pub addresses: Vec<Pubkey>,
}

/// A world on `threads` worker threads, with the JIT or the interpreter.
pub fn world(threads: usize, jit: bool) -> World {
    let mut runtime = runtime_with_fixtures(jit).with_threads(threads);
    let counter = runtime.add_program_from_deploy_dir("counter").unwrap_or_else(|e| panic!("{e}"));
    let caller = runtime.add_program_from_deploy_dir("cpi-caller").unwrap_or_else(|e| panic!("{e}"));
    let callee = runtime.add_program_from_deploy_dir("cpi-callee").unwrap_or_else(|e| panic!("{e}"));
    runtime.add_program(INVOKER_A, test_program("invoker")).expect("invoker loads as A");
    runtime.add_program(INVOKER_B, test_program("invoker")).expect("invoker loads as B");
    let mint = Pubkey::new_from_array([0x6d; 32]);
    let users: Vec<Keypair> = (0..USERS).map(|i| Keypair::new_from_array([i as u8 + 1; 32])).collect();
    let mut token_accounts = Vec::new();
    for (i, user) in users.iter().enumerate() {
        runtime.airdrop(&user.pubkey(), USER_LAMPORTS).unwrap();
        let address = Pubkey::new_from_array([0x70 + i as u8; 32]);
        runtime.set_account(address, token_account(&runtime, &mint, &user.pubkey(), 1_000 * i as u64));
        token_accounts.push(address);
    }
    let counters: Vec<(Pubkey, u8)> = users
        .iter()
        .map(|user| Pubkey::find_program_address(&[COUNTER_SEED, user.pubkey().as_ref()], &counter))
        .collect();
    let pdas: Vec<(Pubkey, u8)> =
        users.iter().map(|user| Pubkey::find_program_address(&[b"vault", user.pubkey().as_ref()], &INVOKER_A)).collect();
    let mut addresses: Vec<Pubkey> = users.iter().map(Keypair::pubkey).collect();
    addresses.extend(&token_accounts);
    addresses.extend(counters.iter().map(|(address, _)| *address));
    addresses.extend(pdas.iter().map(|(address, _)| *address));
    addresses.extend([mint, counter, caller, callee, INVOKER_A, INVOKER_B, TOKEN, MEMO_V4, system::ID]);
    World { runtime, users, token_accounts, counter, counters, caller, callee, pdas, addresses }
}

/// One instruction of a transaction, for the transaction's payer.
#[derive(Debug, Clone)]
pub enum Op {
    /// System transfer to another user; more than the balance fails.
    Transfer { to: usize, lamports: u64 },
    /// SPL Token transfer from the payer's token account; more than it holds fails.
    TokenTransfer { to: usize, amount: u64 },
    /// A memo signed by the payer; invalid UTF-8 fails.
    Memo { text: Vec<u8> },
    /// Creates the payer's counter (a CPI to the system program); fails if it exists.
    CounterInitialize,
    /// Adds `by` to the payer's counter; fails if it does not exist or overflows.
    CounterIncrement { by: u64 },
    /// `cpi-caller` asks `cpi-callee` for `a + b` and doubles it; overflows fail.
    Double { a: u64, b: u64 },
    /// `invoker` A calls the chain (true = A, false = B): too deep or
    /// reentrant chains fail.
    Chain { programs: Vec<bool> },
    /// `invoker` A creates the payer's PDA with `space` bytes; fails if it exists.
    CreatePda { space: u64 },
}

/// A transaction: its payer, instructions, optional compute-unit limit and
/// price, and whether its signature is forged.
#[derive(Debug, Clone)]
pub struct TxSpec {
    pub payer: usize,
    pub ops: Vec<Op>,
    pub budget: Option<(u32, u64)>,
    pub forged: bool,
}

impl World {
    fn instruction(&self, payer: usize, op: &Op) -> Instruction {
        let user = self.users[payer].pubkey();
        match op {
            Op::Transfer { to, lamports } => system::transfer(&user, &self.users[*to].pubkey(), *lamports),
            Op::TokenTransfer { to, amount } => {
                token_transfer(&self.token_accounts[payer], &self.token_accounts[*to], &user, *amount)
            }
            Op::Memo { text } => Instruction { program_id: MEMO_V4, accounts: vec![AccountMeta::new_readonly(user, true)], data: text.clone() },
            Op::CounterInitialize => Instruction {
                program_id: self.counter,
                accounts: vec![
                    AccountMeta::new(user, true),
                    AccountMeta::new(self.counters[payer].0, false),
                    AccountMeta::new_readonly(system::ID, false),
                ],
                data: vec![COUNTER_INITIALIZE, self.counters[payer].1],
            },
            Op::CounterIncrement { by } => {
                let mut data = vec![COUNTER_INCREMENT];
                data.extend_from_slice(&by.to_le_bytes());
                Instruction {
                    program_id: self.counter,
                    accounts: vec![AccountMeta::new(self.counters[payer].0, false), AccountMeta::new_readonly(user, true)],
                    data,
                }
            }
            Op::Double { a, b } => {
                let mut data = a.to_le_bytes().to_vec();
                data.extend_from_slice(&b.to_le_bytes());
                Instruction {
                    program_id: self.caller,
                    accounts: vec![AccountMeta::new_readonly(user, true), AccountMeta::new_readonly(self.callee, false)],
                    data,
                }
            }
            Op::Chain { programs } => {
                let mut data = vec![INVOKER_CHAIN, programs.len() as u8];
                for a in programs {
                    data.extend_from_slice(if *a { INVOKER_A.as_ref() } else { INVOKER_B.as_ref() });
                }
                Instruction {
                    program_id: INVOKER_A,
                    accounts: vec![AccountMeta::new_readonly(INVOKER_A, false), AccountMeta::new_readonly(INVOKER_B, false)],
                    data,
                }
            }
            Op::CreatePda { space } => {
                let (pda, bump) = self.pdas[payer];
                let mut data = vec![INVOKER_CREATE_PDA, bump];
                data.extend_from_slice(&self.runtime.minimum_balance_for_rent_exemption(*space as usize).to_le_bytes());
                data.extend_from_slice(&space.to_le_bytes());
                Instruction {
                    program_id: INVOKER_A,
                    accounts: vec![AccountMeta::new(user, true), AccountMeta::new(pda, false), AccountMeta::new_readonly(system::ID, false)],
                    data,
                }
            }
        }
    }

    /// The signed transaction `spec` describes.
    pub fn transaction(&self, spec: &TxSpec) -> Transaction {
        let payer = &self.users[spec.payer];
        let mut instructions = Vec::new();
        if let Some((limit, price)) = spec.budget {
            instructions.push(compute_budget::set_compute_unit_limit(limit));
            instructions.push(compute_budget::set_compute_unit_price(price));
        }
        instructions.extend(spec.ops.iter().map(|op| self.instruction(spec.payer, op)));
        let mut tx = Transaction::new_signed_with_payer(&instructions, Some(&payer.pubkey()), &[payer], self.runtime.latest_blockhash());
        if spec.forged {
            let mut bytes: [u8; 64] = tx.signatures[0].as_ref().try_into().unwrap();
            bytes[17] ^= 0x04;
            tx.signatures[0] = Signature::from(bytes);
        }
        tx
    }

    /// The accounts at every address of the world.
    pub fn accounts(&self) -> Vec<Option<Account>> {
        self.addresses.iter().map(|address| self.runtime.get_account(address)).collect()
    }

    /// Lamports held by the whole world.
    pub fn lamports(&self) -> u128 {
        self.addresses.iter().map(|address| u128::from(self.runtime.get_balance(address))).sum()
    }
}

/// The fee of `spec` as Solana charges it: 5,000 lamports for its one
/// signature plus `ceil(price × limit / 1,000,000)` when it sets a price.
pub fn expected_fee(spec: &TxSpec) -> u64 {
    let priority = spec.budget.map_or(0, |(limit, price)| (u128::from(price) * u128::from(limit)).div_ceil(1_000_000));
    5_000 + u64::try_from(priority).unwrap()
}

/// Any operation, with amounts around the limits where they fail.
pub fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..USERS, 0..USER_LAMPORTS + USER_LAMPORTS / 2).prop_map(|(to, lamports)| Op::Transfer { to, lamports }),
        3 => (0..USERS, 0..6_000u64).prop_map(|(to, amount)| Op::TokenTransfer { to, amount }),
        1 => prop_oneof![
            prop::collection::vec(b'a'..=b'z', 0..24),
            prop::collection::vec(any::<u8>(), 1..8),
        ].prop_map(|text| Op::Memo { text }),
        1 => Just(Op::CounterInitialize),
        2 => prop_oneof![0..1_000u64, Just(u64::MAX)].prop_map(|by| Op::CounterIncrement { by }),
        1 => (prop_oneof![0..1_000u64, Just(u64::MAX / 2), Just(u64::MAX)], 0..1_000u64).prop_map(|(a, b)| Op::Double { a, b }),
        1 => prop::collection::vec(any::<bool>(), 0..=5).prop_map(|programs| Op::Chain { programs }),
        1 => (0..200u64).prop_map(|space| Op::CreatePda { space }),
    ]
}

/// A transaction of one to three operations; some set a compute-unit limit
/// and price (a low limit runs out), a few have a forged signature.
pub fn tx_spec() -> impl Strategy<Value = TxSpec> {
    (
        0..USERS,
        prop::collection::vec(op(), 1..=3),
        prop::option::weighted(0.25, (prop_oneof![300..5_000u32, 5_000..600_000u32], 0..3_000_000u64)),
        prop::bool::weighted(0.08),
    )
        .prop_map(|(payer, ops, budget, forged)| TxSpec { payer, ops, budget, forged })
}
